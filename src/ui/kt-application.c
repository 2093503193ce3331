/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtApplication owns what outlives a window: settings, the library of
 * decks and the progress. Options that need no display (--version, the
 * headless deck commands, --import and the progress export and import) are
 * answered in handle-local-options, before GTK opens one; files on the
 * command line are imported.
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "kt-anki-package.h"
#include "kt-application.h"
#include "kt-cli.h"
#include "kt-formats.h"
#include "kt-library.h"
#include "kt-preferences-window.h"
#include "kt-progress.h"
#include "kt-sync.h"
#include "kt-relink.h"
#include "kt-settings.h"
#include "kt-topic-tree.h"
#include "kt-window.h"

struct _KtApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  KtLibrary      *library;
  KtProgress     *progress;
  KtSync         *sync;      /* the sync folder, if one is set */
  GListModel     *topics;    /* "All Topics", then the library's: counted */
  KtTopicTree    *tree;      /* the same in folders, for the sidebar */
};

G_DEFINE_FINAL_TYPE (KtApplication, kt_application, ADW_TYPE_APPLICATION)

/* --sync-now takes an optional FOLDER, which only a callback option can:
 * GOptionContext fills these while GApplication parses the command line. */
static gboolean sync_now;
static char *sync_now_folder;

static gboolean
parse_sync_now (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  sync_now = TRUE;
  g_clear_pointer (&sync_now_folder, g_free);
  sync_now_folder = g_strdup (value);
  return TRUE;
}

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check deck files and folders: print their cards, duplicates and problems"), NULL },
  { "cards-json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the cards of deck files and folders as JSON"), NULL },
  { "import", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Import decks and Anki packages (.apkg, .colpkg) into your deck folder, "
       "without a window"), NULL },
  { "export-progress", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the study progress as JSON to PATH (- for standard output)"), N_("PATH") },
  { "import-progress", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Merge the study progress from a file written by --export-progress"), N_("PATH") },
  { "pretty", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Indent the exported progress, for people to read"), NULL },
  { "sync-now", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
    parse_sync_now,
    N_("Merge the progress of other computers from the sync folder (or FOLDER) and write this "
       "one’s, once"), N_("FOLDER") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
  { NULL }
};

static int
run_headless (int (*command) (const char * const *, GString *),
              const char * const *files)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("%s\n", _("Name at least one deck file or folder."));
      return 2;
    }

  status = command (files, out);
  g_print ("%s", out->str);

  return status;
}

/* A running Kartoteka keeps the progress in memory and would write it
 * back over whatever was imported meanwhile. Without a session bus no
 * other instance can be found, nor can it be running as usual. */
static gboolean
is_running_elsewhere (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* The library as the window shows it, with every folder read: the export
 * lists each loaded card under its topic. */
static KtLibrary *
load_library (GSettings *settings)
{
  KtLibrary *library = kt_library_new ();
  g_autoptr(GFile) user_folder = kt_library_get_user_folder ();
  g_auto(GStrv) folders = g_settings_get_strv (settings, "deck-folders");

  kt_library_load_bundled (library);
  kt_library_add_folder (library, user_folder);
  kt_library_set_extra_folders (library, (const char * const *) folders);
  /* Folders are parsed on worker threads and merged in from here. */
  while (kt_library_get_loading (library))
    g_main_context_iteration (NULL, TRUE);

  return library;
}

/* --import, headless: Anki packages bring answers, so the progress is
 * opened and saved as by --import-progress. */
static int
run_import (const char * const *files)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  gboolean packages = FALSE;
  int status;

  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("%s\n", _("Name at least one deck file or folder."));
      return 2;
    }
  for (guint i = 0; files[i] != NULL && !packages; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);

      packages = kt_anki_package_is_package (file);
    }
  if (packages && is_running_elsewhere ())
    {
      g_printerr ("%s\n", _("Kartoteka is running: close it before importing Anki packages "
                            "from the command line, or use Import Decks… in its menu."));
      return EXIT_FAILURE;
    }

  settings = kt_settings_new ();
  progress = kt_progress_new (settings);
  status = kt_cli_import (progress, files, out, err);
  g_print ("%s", out->str);
  g_printerr ("%s", err->str);

  return status;
}

/* --sync-now, headless: it writes progress, like an import. */
static int
run_sync_now (const char *folder)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  int status;

  if (is_running_elsewhere ())
    {
      g_printerr ("%s\n", _("Kartoteka is running: it syncs by itself while it runs."));
      return EXIT_FAILURE;
    }

  settings = kt_settings_new ();
  progress = kt_progress_new (settings);
  status = kt_cli_sync_now (progress, folder, out, err);
  g_print ("%s", out->str);
  g_printerr ("%s", err->str);

  return status;
}

/* --import-progress, then --export-progress: both may be given, to merge
 * and write the result. No GTK here, so they run without a display. */
static int
run_progress_commands (const char          *import_path,
                       const char          *export_path,
                       KtProgressJsonFlags  flags)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  int status = EXIT_SUCCESS;

  if (import_path != NULL && is_running_elsewhere ())
    {
      g_printerr ("%s\n", _("Kartoteka is running: close it before importing progress from the "
                            "command line, or use Import Progress… in its menu."));
      return EXIT_FAILURE;
    }

  settings = kt_settings_new ();
  progress = kt_progress_new (settings);

  /* With the export on standard output, the import's report must not
   * end up in the JSON. */
  if (import_path != NULL)
    status = kt_cli_import_progress (progress, import_path,
                                     g_strcmp0 (export_path, "-") == 0 ? err : out, err);
  if (export_path != NULL && status == EXIT_SUCCESS)
    {
      g_autoptr(KtLibrary) library = load_library (settings);

      status = kt_cli_export_progress (progress, G_LIST_MODEL (library), export_path, flags,
                                       out, err);
    }

  /* JSON is UTF-8 whatever the locale, so it is written as it is; a full
   * disk behind standard output is a failed export. */
  if ((fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0) &&
      status == EXIT_SUCCESS)
    {
      g_string_append_printf (err, _("Cannot write to standard output: %s"), g_strerror (errno));
      g_string_append_c (err, '\n');
      status = EXIT_FAILURE;
    }
  g_printerr ("%s", err->str);

  return status;
}

static int
kt_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autofree const char **files = NULL;
  const char *import_path = NULL;
  const char *export_path = NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
  g_variant_dict_lookup (options, "import-progress", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export-progress", "^&ay", &export_path);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kartoteka %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_variant_dict_contains (options, "check"))
    return run_headless (kt_cli_check, files);
  if (g_variant_dict_contains (options, "cards-json"))
    return run_headless (kt_cli_cards_json, files);
  if (g_variant_dict_contains (options, "import"))
    return run_import (files);
  if (sync_now)
    return run_sync_now (sync_now_folder);
  if (import_path != NULL || export_path != NULL)
    return run_progress_commands (import_path, export_path,
                                  g_variant_dict_contains (options, "pretty")
                                  ? KT_PROGRESS_JSON_PRETTY : KT_PROGRESS_JSON_COMPACT);

  /* Files to import: hand them to the running instance, or to this one. */
  if (files != NULL && files[0] != NULL)
    {
      g_autoptr(GPtrArray) gfiles = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; files[i] != NULL; i++)
        g_ptr_array_add (gfiles, g_file_new_for_commandline_arg (files[i]));
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      g_application_open (application, (GFile **) gfiles->pdata, gfiles->len, "");
      if (g_application_get_is_remote (application))
        return EXIT_SUCCESS;
    }

  return -1;
}

static GtkWindow *
kt_application_ensure_window (KtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (kt_window_new (GTK_APPLICATION (self), self->settings,
                                        self->library, self->progress, self->tree));

  return window;
}

/* With KARTOTEKA_BENCH_FIRST_FRAME=1 the start-up benchmark
 * (tests/bench/startup.py) gets the monotonic time of the first frame
 * painted, then the application quits. */
static void
on_first_frame_painted_cb (GdkFrameClock *clock,
                           KtApplication *self)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted_cb, self);
  g_application_quit (G_APPLICATION (self));
}

static void
on_window_map_cb (GtkWidget     *window,
                  KtApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame_painted_cb), self, G_CONNECT_DEFAULT);
}

static void
kt_application_activate (GApplication *application)
{
  KtApplication *self = KT_APPLICATION (application);
  GtkWindow *window = kt_application_ensure_window (self);

  if (g_strcmp0 (g_getenv ("KARTOTEKA_BENCH_FIRST_FRAME"), "1") == 0 &&
      !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_signal_connect_object (window, "map", G_CALLBACK (on_window_map_cb), self,
                             G_CONNECT_DEFAULT);
  gtk_window_present (window);
}

static void
kt_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KtApplication *self = KT_APPLICATION (application);
  KtWindow *window = KT_WINDOW (kt_application_ensure_window (self));

  gtk_window_present (GTK_WINDOW (window));
  kt_window_import_files (window, files, n_files);
}

static void
kt_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  KtApplication *self = user_data;
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Close rather than g_application_quit() so windows save their state,
   * and can stay open, asking, when answers could not be saved: the
   * copy leaves out the dialog a window opens to ask. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static void
kt_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  KtApplication *self = user_data;
  /* Translated like the rest: the Credits and Legal pages showed them in
   * English in a Russian window. */
  const char *developers[] = { _("The Kartoteka developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Kartoteka"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Kartoteka developers"),
                         "developers", developers,
                         "comments", _("Study your own notes with spaced repetition"),
                         "website", "https://github.com/kartoteka/kartoteka",
                         "issue-url", "https://github.com/kartoteka/kartoteka/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© 2026 The Kartoteka developers"),
                         /* Translators: your names, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
kt_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  KtApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (kt_preferences_window_new (parent, self->settings,
                                                             self->library, self->sync)));
}

static const GActionEntry app_actions[] = {
  { "quit", kt_application_quit_action },
  { "about", kt_application_about_action },
  { "preferences", kt_application_preferences_action },
};

/* Progress follows cards whose ids changed: reworded, renamed, moved. */
static void
on_cards_moved (KtApplication      *self,
                const char * const *from_ids,
                const char * const *to_ids)
{
  kt_relink_apply (self->progress, kt_library_get_all (self->library), from_ids, to_ids);
}

static void
show_toast (KtApplication *self,
            const char    *title)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (KT_IS_WINDOW (window))
    kt_window_show_toast (KT_WINDOW (window), adw_toast_new (title));
}

static void
on_sync_merged (KtApplication *self,
                const char    *host,
                guint          n_answers)
{
  g_autofree char *escaped = g_markup_escape_text (host, -1);
  g_autofree char *title = NULL;

  if (n_answers == 0)
    return;
  /* Translators: %u answers, then the other computer's name */
  title = g_strdup_printf (ngettext ("Merged %u answer from “%s”", "Merged %u answers from “%s”",
                                     n_answers),
                           n_answers, escaped);
  show_toast (self, title);
}

static void
on_sync_problem (KtApplication *self,
                 const char    *path,
                 const char    *message)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *title = NULL;

  /* Another computer's file, or this one's folder */
  if (g_str_has_suffix (path, ".json"))
    /* Translators: a file in the sync folder */
    title = g_strdup_printf (_("Skipped “%s” in the sync folder: it cannot be read yet"), escaped);
  else
    /* Translators: the sync folder */
    title = g_strdup_printf (_("Could not sync progress with “%s”"), escaped);
  show_toast (self, title);
}

static void
on_deck_folders_changed (KtApplication *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");

  kt_library_set_extra_folders (self->library, (const char * const *) folders);
}

static void
trim_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  kt_formats_release_memory ();
  malloc_trim (0);
  g_task_return_boolean (task, TRUE);
}

/* A load leaves what the parsers no longer need (copies of the files,
 * blocks kept for the next note's tree: 300 MB after a 100 000-card deck)
 * free but kept by malloc or the parsers.
 * Once the library is quiet it goes back to the system; malloc_trim()
 * walks every arena, so on a worker. */
static void
on_library_loading_cb (KtApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (kt_library_get_loading (self->library))
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_run_in_thread (task, trim_in_thread);
}

static void
kt_application_startup (GApplication *application)
{
  KtApplication *self = KT_APPLICATION (application);
  g_autoptr(GFile) user_folder = kt_library_get_user_folder ();
  g_autoptr(GListStore) all = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GListStore) sections = g_list_store_new (G_TYPE_LIST_MODEL);

  G_APPLICATION_CLASS (kt_application_parent_class)->startup (application);

  gtk_source_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });

  self->settings = kt_settings_new ();
  self->progress = kt_progress_new (self->settings);
  self->sync = kt_sync_new (self->progress);
  g_signal_connect_object (self->sync, "merged", G_CALLBACK (on_sync_merged), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "problem", G_CALLBACK (on_sync_problem), self,
                           G_CONNECT_SWAPPED);
  self->library = kt_library_new ();

  g_list_store_append (all, kt_library_get_all (self->library));
  g_list_store_append (sections, all);
  g_list_store_append (sections, self->library);
  self->topics = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&sections))));
  kt_progress_watch_topics (self->progress, self->topics);
  self->tree = kt_topic_tree_new (self->library);
  g_signal_connect_object (self->library, "cards-moved", G_CALLBACK (on_cards_moved),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->library, "notify::loading",
                           G_CALLBACK (on_library_loading_cb), self, G_CONNECT_SWAPPED);
  kt_library_load_bundled (self->library);
  kt_library_add_folder (self->library, user_folder);
  g_signal_connect_object (self->settings, "changed::deck-folders",
                           G_CALLBACK (on_deck_folders_changed), self, G_CONNECT_SWAPPED);
  on_deck_folders_changed (self);
}

static void
kt_application_shutdown (GApplication *application)
{
  KtApplication *self = KT_APPLICATION (application);

  if (self->sync != NULL)
    kt_sync_flush (self->sync);
  if (self->progress != NULL)
    kt_progress_flush (self->progress);

  G_APPLICATION_CLASS (kt_application_parent_class)->shutdown (application);
}

static void
kt_application_dispose (GObject *object)
{
  KtApplication *self = KT_APPLICATION (object);

  g_clear_object (&self->tree);
  g_clear_object (&self->topics);
  g_clear_object (&self->library);
  g_clear_object (&self->sync);
  g_clear_object (&self->progress);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_application_parent_class)->dispose (object);
}

static void
kt_application_class_init (KtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kt_application_dispose;

  app_class->handle_local_options = kt_application_handle_local_options;
  app_class->startup = kt_application_startup;
  app_class->shutdown = kt_application_shutdown;
  app_class->activate = kt_application_activate;
  app_class->open = kt_application_open;
}

static void
kt_application_init (KtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

KtApplication *
kt_application_new (void)
{
  return g_object_new (KT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * kt_application_get_sync:
 *
 * Returns: (transfer none) (nullable): what syncs the progress through a
 *   folder, once the application started
 */
KtSync *
kt_application_get_sync (KtApplication *self)
{
  g_return_val_if_fail (KT_IS_APPLICATION (self), NULL);

  return self->sync;
}
