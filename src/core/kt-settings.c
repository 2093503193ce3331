/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's GSettings. Without dconf, GLib falls back on its own:
 * before 2.60 to the in-memory backend, where every answer would be lost
 * at exit, and since then to one keyfile shared by all programs
 * (glib-2.0/settings/keyfile, which GLib 2.74 on Debian 12 picks). In both
 * cases Kartoteka keeps its own keyfile under the user config dir instead
 * and says so once. A backend chosen on purpose with GSETTINGS_BACKEND
 * (memory in the tests, keyfile, dconf) is always honoured.
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>

#include "kt-settings.h"

/* Set when Kartoteka keeps its own keyfile. */
static gboolean using_keyfile;

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
          using_keyfile = TRUE;
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
 * kt_settings_uses_own_keyfile:
 * @settings: settings from kt_settings_new()
 *
 * Whether @settings are on Kartoteka's own keyfile. GLib's keyfile
 * backend has no lock and reloads its file from the main context it was
 * made in, so that progress can be written off the main thread it then
 * goes to a file of its own: see kt_settings_new_progress_backend().
 */
gboolean
kt_settings_uses_own_keyfile (GSettings *settings)
{
  g_autoptr(GSettingsBackend) backend = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  g_object_get (settings, "backend", &backend, NULL);
  return using_keyfile && backend == get_backend ();
}

/**
 * kt_settings_new_progress_backend:
 *
 * A keyfile backend on progress.ini, beside Kartoteka's own settings.ini.
 * Only the thread that writes progress may touch it: call this from that
 * thread, with its main context the thread-default one, where the backend
 * watches its file.
 *
 * Returns: (transfer full): the backend for progress
 */
GSettingsBackend *
kt_settings_new_progress_backend (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "kartoteka",
                                            "progress.ini", NULL);

  return g_keyfile_settings_backend_new (path, "/", NULL);
}
