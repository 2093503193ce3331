/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing into the main window: files from the chooser, dropped on the
 * window or given on the command line are read on workers by the library
 * (kt-library-import.c): decks copied into the user's deck folder, Anki
 * packages converted into decks there behind a progress bar
 * (kt-import-dialog.c). When every copy has been read, the packages'
 * review histories are merged into the progress, a toast counts what was
 * really imported and a dialog lists the problems (kt-import-report.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-anki-package.h"
#include "kt-import-report.h"
#include "kt-problems-dialog.h"
#include "kt-scan.h"
#include "kt-window-private.h"

/* The answers Anki packages brought, merged now that every deck they
 * wrote is loaded: the records are replayed for the cards shown, and the
 * cards Anki held back suspended or buried. Saved like answers given
 * here; a failed save shows in the window's banner. */
static void
merge_histories (KtWindow       *self,
                 KtImportReport *report)
{
  guint n_added = 0, n_known = 0;

  for (guint i = 0; i < self->import_histories->len; i++)
    {
      guint known = 0;

      n_added += kt_imported_apply_progress (g_ptr_array_index (self->import_histories, i),
                                            self->progress, &known);
      n_known += known;
    }
  g_ptr_array_set_size (self->import_histories, 0);
  kt_import_report_add_answers (report, n_added, n_known);
}

static void
finish_import (KtWindow *self)
{
  g_autoptr(KtImportReport) report = g_steal_pointer (&self->import_report);
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  AdwToast *toast = adw_toast_new ("");
  GtkWidget *label;

  merge_histories (self, report);
  summary = kt_import_report_dup_summary (report);
  label = gtk_label_new (summary);

  if (kt_import_report_get_problems (report, &title, &body))
    {
      gtk_window_present (GTK_WINDOW (kt_problems_dialog_new (GTK_WINDOW (self), title, body)));
    }

  /* A label of its own: the summary of a package ("Imported 3 decks:
   * 2,140 cards, 412 images…") wraps instead of being cut, and file
   * names in it are text, not markup. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  kt_window_show_toast (self, toast);
}

static void
maybe_finish_import (KtWindow *self)
{
  if (self->import_report != NULL && self->n_reading == 0 &&
      g_hash_table_size (self->pending_imports) == 0)
    finish_import (self);
}

/* A copy was read: what it said goes in the report. */
void
_kt_window_on_deck_loaded (KtWindow  *self,
                KtDeck    *deck,
                KtLibrary *library)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (deck->path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *pending = NULL;
  g_autofree char *name = NULL;

  if (!g_hash_table_steal_extended (self->pending_imports, uri, (gpointer *) &pending,
                                    (gpointer *) &name))
    return;

  kt_import_report_add_copied (self->import_report, name, deck);
  maybe_finish_import (self);
}

typedef struct
{
  KtWindow        *self;
  char            *name;     /* as the user knows it: the file imported, not the copy */
  KtImportDialog  *dialog;   /* (nullable): showing how far this package is */
  KtImportTracker *tracker;
} Importing;

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Importing *importing = user_data;
  g_autoptr(KtWindow) self = importing->self;
  g_autofree char *name = importing->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtImportDialog) dialog = importing->dialog;
  g_autoptr(KtDeck) deck = NULL;
  g_autoptr(KtImported) imported = kt_library_import_finish (KT_LIBRARY (object), result, &deck,
                                                             &error);

  if (dialog != NULL)
    {
      kt_import_dialog_file_done (dialog, importing->tracker);
      /* Cancel closed it already. */
      if (self->import_dialog == dialog && --self->n_converting == 0)
        {
          if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
            gtk_window_destroy (GTK_WINDOW (dialog));
          g_clear_object (&self->import_dialog);
        }
    }
  g_free (importing);
  self->n_reading--;
  if (imported == NULL)
    kt_import_report_add_refused (self->import_report, name, error, deck);
  else
    {
      /* Counted as each written deck is read (on_deck_loaded). */
      if (imported->package)
        kt_import_report_add_package (self->import_report, name, imported);
      for (guint i = 0; i < imported->files->len; i++)
        g_hash_table_replace (self->pending_imports,
                              g_file_get_uri (g_ptr_array_index (imported->files, i)),
                              g_strdup (name));
      if (imported->answers->len > 0 || imported->suspended->len > 0 ||
          imported->buried->len > 0)
        g_ptr_array_add (self->import_histories, g_steal_pointer (&imported));
    }

  maybe_finish_import (self);
}

/**
 * kt_window_import_files:
 *
 * Reads @files on worker threads and copies into the user's deck folder
 * those that give cards and are not there already, converting Anki
 * packages into decks there behind a progress bar; then a toast says what
 * was imported, and a dialog lists any problems.
 */
void
kt_window_import_files (KtWindow  *self,
                        GFile    **files,
                        guint      n_files)
{
  g_autoptr(GFile) folder = kt_library_get_user_folder ();

  g_return_if_fail (KT_IS_WINDOW (self));

  if (self->import_report == NULL)
    self->import_report = kt_import_report_new ();

  for (guint i = 0; i < n_files; i++)
    {
      Importing *importing = g_new0 (Importing, 1);

      importing->self = g_object_ref (self);
      importing->name = g_file_get_basename (files[i]);
      self->n_reading++;
      if (kt_anki_package_is_package (files[i]))
        {
          if (self->import_dialog == NULL)
            {
              self->import_dialog = g_object_ref (kt_import_dialog_new (GTK_WINDOW (self)));
              gtk_window_present (GTK_WINDOW (self->import_dialog));
            }
          self->n_converting++;
          importing->dialog = g_object_ref (self->import_dialog);
          importing->tracker = kt_import_dialog_add_file (self->import_dialog);
          kt_library_import_async (self->library, files[i], folder, kt_import_tracker_set_fraction,
                                   importing->tracker,
                                   kt_import_dialog_get_cancellable (self->import_dialog),
                                   on_imported, importing);
          continue;
        }
      kt_library_import_async (self->library, files[i], folder, NULL, NULL, NULL, on_imported,
                               importing);
    }
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KtWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      kt_window_import_files (self, (GFile **) array->pdata, array->len);
    }

  g_object_unref (dialog);
}

void
_kt_window_import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) decks = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Decks"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  /* The names deck folders read (kt-scan.c), in any case. */
  gtk_file_filter_set_name (decks, _("Decks"));
  for (const char *const *ext = kt_scan_deck_extensions (); *ext != NULL; ext++)
    gtk_file_filter_add_suffix (decks, *ext);
  gtk_file_filter_add_suffix (decks, "apkg");
  gtk_file_filter_add_suffix (decks, "colpkg");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), decks);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  /* The chooser holds itself until "response"; we unref it there. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
_kt_window_on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  KtWindow *self = user_data;
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  kt_window_import_files (self, (GFile **) files->pdata, files->len);

  return files->len > 0;
}
