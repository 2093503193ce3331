/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's GSettings. Without dconf, GLib falls back on its own:
 * before 2.60 to the in-memory backend, where every answer would be lost
 * at exit, and since then to one keyfile shared by all programs
 * (glib-2.0/settings/keyfile, which GLib 2.74 on Debian 12 picks). In both
 * cases Kartoteka keeps its own keyfile under the user config dir instead
 * and says so once. A backend chosen on purpose with GSETTINGS_BACKEND
 * (memory in the tests, keyfile, dconf) is always honoured; on a keyfile,
 * progress goes to a file of its own (kt_settings_get_progress_path()).
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>

#include "kt-settings.h"

/* One keyfile backend per process: two backends on the same file would
 * overwrite each other's changes. */
static GSettingsBackend *
get_backend (void)
{
  static GSettingsBackend *backend;

  if (g_once_init_enter (&backend))
    {
      g_autoptr(GSettingsBackend) found = g_settings_backend_get_default ();
      const char *chosen = g_getenv ("GSETTINGS_BACKEND");
      const char *type_name = G_OBJECT_TYPE_NAME (found);

      if ((chosen == NULL || chosen[0] == '\0') &&
          (g_str_equal (type_name, "GMemorySettingsBackend") ||
           g_str_equal (type_name, "GNullSettingsBackend") ||
           g_str_equal (type_name, "GKeyfileSettingsBackend")))
        {
          g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "kartoteka", NULL);
          g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);

          g_clear_object (&found);
          found = g_keyfile_settings_backend_new (path, "/", NULL);
          /* Translators: %s is a folder name */
          g_printerr (_("No settings service (dconf) is available: "
                        "keeping settings and progress in %s\n"), dir);
        }

      g_once_init_leave (&backend, g_steal_pointer (&found));
    }

  return backend;
}

/**
 * kt_settings_new:
 *
 * Returns: (transfer full): the application's settings, on dconf when it
 *   is there and on a keyfile otherwise
 */
GSettings *
kt_settings_new (void)
{
  return g_settings_new_with_backend (APP_ID, get_backend ());
}

/**
 * kt_settings_get_progress_path:
 * @settings: settings from kt_settings_new(), or any on the schema
 *
 * Progress is never written through GLib's keyfile backend, which (2.74)
 * renames a truncated file over the good one when a write fails, say on
 * a full disk: when @settings are on a keyfile, Kartoteka's own or GLib's
 * (GSETTINGS_BACKEND=keyfile), progress has a file of its own,
 * progress.gvariant beside settings.ini, that the progress Writer writes
 * safely (see kt-progress-writer.c).
 *
 * Returns: (transfer full) (nullable): that file, or %NULL when progress
 *   is kept in @settings themselves (dconf, memory)
 */
char *
kt_settings_get_progress_path (GSettings *settings)
{
  g_autoptr(GSettingsBackend) backend = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  g_object_get (settings, "backend", &backend, NULL);
  if (!g_str_equal (G_OBJECT_TYPE_NAME (backend), "GKeyfileSettingsBackend"))
    return NULL;

  return g_build_filename (g_get_user_config_dir (), "kartoteka", "progress.gvariant", NULL);
}
