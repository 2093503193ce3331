/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtImportDialog shows how far the Anki packages being converted are: one
 * bar for all of them, moved ten times a second from what the workers
 * report, and a Cancel button that stops them (nothing is written for a
 * package that stops). The window hides it once every package is done;
 * the summary comes in a toast, the problems in a dialog of their own.
 */
#include "config.h"

#include "kt-import-dialog.h"

/* Written by a worker, read by the main loop. */
struct _KtImportTracker
{
  gint permille;
};

struct _KtImportDialog
{
  AdwMessageDialog  parent_instance;

  GCancellable     *cancellable;
  GPtrArray        *trackers;    /* (element-type KtImportTracker): files still converting */
  guint             n_done;      /* files finished since it was shown */
  guint             timeout_id;

  /* Template Widgets */
  GtkProgressBar   *bar;
};

G_DEFINE_FINAL_TYPE (KtImportDialog, kt_import_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
update_bar (gpointer user_data)
{
  KtImportDialog *self = user_data;
  double done = self->n_done;
  guint total = self->n_done + self->trackers->len;

  for (guint i = 0; i < self->trackers->len; i++)
    done += g_atomic_int_get (&((KtImportTracker *) g_ptr_array_index (self->trackers, i))->permille)
            / 1000.0;
  gtk_progress_bar_set_fraction (self->bar, total > 0 ? done / total : 0);

  return G_SOURCE_CONTINUE;
}

static void
kt_import_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  KtImportDialog *self = KT_IMPORT_DIALOG (dialog);

  g_cancellable_cancel (self->cancellable);
}

static void
kt_import_dialog_dispose (GObject *object)
{
  KtImportDialog *self = KT_IMPORT_DIALOG (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (kt_import_dialog_parent_class)->dispose (object);
}

static void
kt_import_dialog_finalize (GObject *object)
{
  KtImportDialog *self = KT_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->trackers);

  G_OBJECT_CLASS (kt_import_dialog_parent_class)->finalize (object);
}

static void
kt_import_dialog_class_init (KtImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = kt_import_dialog_dispose;
  object_class->finalize = kt_import_dialog_finalize;
  dialog_class->response = kt_import_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kartoteka/Kartoteka/ui/kt-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtImportDialog, bar);
}

static void
kt_import_dialog_init (KtImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->trackers = g_ptr_array_new_with_free_func (g_free);
}

KtImportDialog *
kt_import_dialog_new (GtkWindow *parent)
{
  return g_object_new (KT_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
}

/* Cancelled when the person presses Cancel. */
GCancellable *
kt_import_dialog_get_cancellable (KtImportDialog *self)
{
  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);
  return self->cancellable;
}

/**
 * kt_import_dialog_add_file:
 *
 * One more file converting: its worker gives kt_import_tracker_set_fraction()
 * the tracker, and the window gives it back with
 * kt_import_dialog_file_done() when the file is done.
 *
 * Returns: (transfer none): the tracker, valid until then
 */
KtImportTracker *
kt_import_dialog_add_file (KtImportDialog *self)
{
  KtImportTracker *tracker = g_new0 (KtImportTracker, 1);

  g_return_val_if_fail (KT_IS_IMPORT_DIALOG (self), NULL);

  g_ptr_array_add (self->trackers, tracker);
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (100, update_bar, self);
  update_bar (self);

  return tracker;
}

void
kt_import_dialog_file_done (KtImportDialog  *self,
                            KtImportTracker *tracker)
{
  g_return_if_fail (KT_IS_IMPORT_DIALOG (self));

  if (g_ptr_array_remove (self->trackers, tracker))
    self->n_done++;
  update_bar (self);
}

/* A KtImportProgressFunc: on the worker, how far its file is. */
void
kt_import_tracker_set_fraction (double   fraction,
                                gpointer tracker)
{
  g_atomic_int_set (&((KtImportTracker *) tracker)->permille, (gint) (CLAMP (fraction, 0, 1) * 1000));
}
