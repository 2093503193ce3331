/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing into KtLibrary: the file is read, checked and copied (or, an
 * Anki package, converted) on a worker thread by the rule of kt-import.c,
 * against the checksums of what is loaded, and what was written loaded
 * like any file.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-import.h"
#include "kt-library-private.h"

typedef struct {
  GFile      *file;
  GFile      *folder;
  gboolean    folder_missing;
  GHashTable *known;    /* checksum → title of a deck in the library */
  KtImportProgressFunc progress;
  gpointer    progress_data;
  KtImported *imported;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_object_unref (data->file);
  g_object_unref (data->folder);
  g_hash_table_unref (data->known);
  kt_imported_free (data->imported);
  g_free (data);
}

static void
import_thread_func (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  ImportData *data = task_data;

  if (kt_import_file (data->file, data->folder, data->known, data->progress, data->progress_data,
                      data->imported, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KtLibrary *self = KT_LIBRARY (object);
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->folder_missing)
    _kt_library_watch_again (self, data->folder);
  for (guint i = 0; i < data->imported->files->len; i++)
    _kt_library_load_file (self, g_ptr_array_index (data->imported->files, i));
  g_task_return_boolean (task, TRUE);
}

/**
 * kt_library_import_async:
 * @user_folder: where imported decks are kept (kt_library_get_user_folder()
 *   in the app)
 * @progress: (nullable): told how far the import is, on the worker
 *
 * Reads @file on a worker thread and, when it is a deck that gives cards
 * and is not in the library already, copies it into @user_folder
 * (atomically, under a new name if one is taken by other content, with a
 * deck's extension added if its name has none) and loads the copy. An
 * Anki package is converted into JSON decks there instead, which are
 * loaded.
 */
void
kt_library_import_async (KtLibrary           *self,
                         GFile               *file,
                         GFile               *user_folder,
                         KtImportProgressFunc progress,
                         gpointer             progress_data,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  GTask *task;
  ImportData *data;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (KT_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (G_IS_FILE (user_folder));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->folder = g_object_ref (user_folder);
  data->folder_missing = !g_file_query_exists (user_folder, NULL);
  data->progress = progress;
  data->progress_data = progress_data;
  data->imported = kt_imported_new ();
  data->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Loaded *loaded = value;
      KtDeckFile *deck_file = g_hash_table_lookup (self->deck_file_by_uri, key);

      if (loaded->checksum != NULL && deck_file != NULL)
        g_hash_table_replace (data->known, g_strdup (loaded->checksum),
                              g_strdup (kt_deck_file_get_title (deck_file)));
    }

  /* The data belongs to the task the caller finishes: it outlives the
   * worker's, and kt_library_import_finish() takes the deck from it. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_library_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);

  worker = g_task_new (self, cancellable, on_imported, task);
  g_task_set_task_data (worker, data, NULL);
  g_task_run_in_thread (worker, import_thread_func);
}

/**
 * kt_library_import_finish:
 * @deck: (out) (optional) (transfer full): when the file gave no cards,
 *   what reading it said, line by line
 *
 * The error says why nothing was written, in words for people (without
 * the file's name): %G_IO_ERROR_EXISTS when its content is in the library
 * already, %G_IO_ERROR_INVALID_DATA when it gave no cards, others when it
 * could not be read, converted or written.
 *
 * Returns: (transfer full): what was written (being loaded now), or
 *   %NULL with @error set
 */
KtImported *
kt_library_import_finish (KtLibrary     *self,
                          GAsyncResult  *result,
                          KtDeck       **deck,
                          GError       **error)
{
  ImportData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (deck != NULL)
    *deck = g_steal_pointer (&data->imported->deck);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_steal_pointer (&data->imported);
}
