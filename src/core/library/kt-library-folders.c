/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The deck folders of KtLibrary: the user's and the extra ones from
 * settings, each read with all its subfolders (kt-scan.c) on a worker
 * thread and watched with one GFileMonitor a folder, so that files and
 * subfolders that are added, renamed or deleted while Kartoteka runs are
 * loaded or forgotten at once. A folder inside another deck folder is
 * read as its own, not twice.
 */
#include "config.h"

#include <string.h>

#include "kt-library-private.h"
#include "kt-scan.h"

static void start_scan (KtLibrary *self,
                        Root      *root,
                        GFile     *folder,
                        gboolean   live);

/* -------------------------------------------------------------------------
 * Deck folders
 * ---------------------------------------------------------------------- */

void
_kt_library_root_free (Root *root)
{
  g_hash_table_unref (root->monitors);
  g_object_unref (root->folder);
  g_free (root->uri);
  g_free (root->prefix);
  g_free (root->title);
  g_free (root->name);
  g_free (root);
}

/* The deck folder @uri is in (the innermost, as a folder inside another
 * one is read as its own), or %NULL. */
Root *
_kt_library_find_root (KtLibrary  *self,
                       const char *uri)
{
  Root *found = NULL;

  for (guint i = 0; i < self->roots->len; i++)
    {
      Root *root = g_ptr_array_index (self->roots, i);

      if ((g_str_equal (uri, root->uri) || g_str_has_prefix (uri, root->prefix)) &&
          (found == NULL || strlen (root->uri) > strlen (found->uri)))
        found = root;
    }

  return found;
}

Root *
_kt_library_find_root_exactly (KtLibrary  *self,
                               const char *uri)
{
  for (guint i = 0; i < self->roots->len; i++)
    {
      Root *root = g_ptr_array_index (self->roots, i);

      if (g_str_equal (root->uri, uri))
        return root;
    }

  return NULL;
}

/* -------------------------------------------------------------------------
 * Watching folders
 * ---------------------------------------------------------------------- */

static void on_folder_changed (GFileMonitor      *monitor,
                               GFile             *file,
                               GFile             *other,
                               GFileMonitorEvent  event,
                               Root              *root);

/* Returns whether @folder was not watched yet. */
static gboolean
watch_folder (Root  *root,
              GFile *folder)
{
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GFileMonitor) monitor = NULL;

  if (g_hash_table_contains (root->monitors, uri))
    return FALSE;

  monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor != NULL)
    g_signal_connect (monitor, "changed", G_CALLBACK (on_folder_changed), root);
  g_hash_table_replace (root->monitors, g_steal_pointer (&uri), g_steal_pointer (&monitor));

  return TRUE;
}

/**
 * _kt_library_watch_again:
 *
 * @folder was just made (by an import): a monitor made while it was
 * missing would notice it only at GLib's next look, seconds later, and
 * miss what happens in it meanwhile. It is watched anew.
 */
void
_kt_library_watch_again (KtLibrary *self,
                         GFile     *folder)
{
  g_autofree char *uri = g_file_get_uri (folder);
  Root *root = _kt_library_find_root (self, uri);

  if (root == NULL)
    return;
  g_hash_table_remove (root->monitors, uri);
  watch_folder (root, folder);
}

/* @folder_uri and the folders below it are no longer read. */
static void
unwatch_below (Root       *root,
               const char *folder_uri)
{
  g_autofree char *prefix = g_strconcat (folder_uri, "/", NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, root->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_equal (key, folder_uri) || g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

static void
file_appeared (Root  *root,
               GFile *file)
{
  KtLibrary *self = root->library;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);

  /* The deck folder itself, made again after it was deleted. */
  if (g_str_equal (uri, root->uri))
    {
      start_scan (self, root, file, TRUE);
      return;
    }
  if (name == NULL || name[0] == '.' || !g_str_has_prefix (uri, root->prefix))
    return;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      /* A deck folder of its own inside this one is read as that. */
      if (_kt_library_find_root_exactly (self, uri) != NULL)
        return;
      /* Watched before it is read: files made in it meanwhile are seen. */
      watch_folder (root, file);
      start_scan (self, root, file, TRUE);
    }
  else if (kt_scan_is_deck_name (name))
    _kt_library_load_file (self, file);
}

static void
file_gone (Root  *root,
           GFile *file)
{
  KtLibrary *self = root->library;
  g_autofree char *uri = g_file_get_uri (file);

  /* The root itself may go: it is watched until it is removed, and read
   * again should it come back. */
  if (g_hash_table_contains (root->monitors, uri) && !g_str_equal (uri, root->uri))
    {
      unwatch_below (root, uri);
      _kt_library_forget_below (self, uri);
    }
  else if (g_str_equal (uri, root->uri))
    _kt_library_forget_below (self, uri);
  _kt_library_forget_file (self, uri);
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   Root              *root)
{
  g_autofree char *name = g_file_get_basename (file);

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      if (kt_scan_is_deck_name (name))
        _kt_library_load_file (root->library, file);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
      file_appeared (root, file);
      break;

    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (other != NULL)
        _kt_library_renamed (root->library, other, file);
      file_appeared (root, file);
      break;

    case G_FILE_MONITOR_EVENT_DELETED:
      file_gone (root, file);
      break;

    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      if (other != NULL)
        _kt_library_renamed (root->library, file, other);
      file_gone (root, file);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      file_gone (root, file);
      if (other != NULL)
        {
          _kt_library_renamed (root->library, file, other);
          file_appeared (root, other);
        }
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

/* -------------------------------------------------------------------------
 * Reading folders
 * ---------------------------------------------------------------------- */

typedef struct {
  char   *root_uri;
  guint   root_order;  /* a folder removed and added again is another */
  GFile  *folder;
  GStrv   skip_uris;
  gboolean live;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_free (data->root_uri);
  g_object_unref (data->folder);
  g_strfreev (data->skip_uris);
  g_free (data);
}

static void
scan_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ScanData *data = task_data;

  g_task_return_pointer (task,
                         kt_scan_folder (data->folder, (const char * const *) data->skip_uris,
                                         cancellable),
                         (GDestroyNotify) kt_scan_free);
}

static void
on_folder_scanned (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KtLibrary *self = KT_LIBRARY (object);
  ScanData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(KtScan) scan = g_task_propagate_pointer (G_TASK (result), NULL);
  Root *root = _kt_library_find_root_exactly (self, data->root_uri);
  guint n_new = 0;

  if (scan == NULL || g_cancellable_is_cancelled (self->cancellable) ||
      root == NULL || root->order != data->root_order)
    {
      _kt_library_set_pending (self, self->n_pending - 1);
      return;
    }

  for (guint i = 0; i < scan->folders->len; i++)
    n_new += watch_folder (root, g_ptr_array_index (scan->folders, i));
  for (guint i = 0; i < scan->problems->len; i++)
    _kt_library_add_folder_problem (self, g_ptr_array_index (scan->problems, i));
  for (guint i = 0; i < scan->files->len; i++)
    _kt_library_load_later (self, g_ptr_array_index (scan->files, i));

  /* A folder that appeared while Kartoteka runs may have been filled
   * before its subfolders were watched: read once more, now they are. */
  if (data->live && n_new > 0)
    start_scan (self, root, data->folder, FALSE);

  _kt_library_set_pending (self, self->n_pending - 1);
}

static void
start_scan (KtLibrary *self,
            Root      *root,
            GFile     *folder,
            gboolean   live)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) skip = g_strv_builder_new ();
  ScanData *data = g_new0 (ScanData, 1);

  for (guint i = 0; i < self->roots->len; i++)
    {
      Root *other = g_ptr_array_index (self->roots, i);

      if (other != root)
        g_strv_builder_add (skip, other->uri);
    }

  data->root_uri = g_strdup (root->uri);
  data->root_order = root->order;
  data->folder = g_object_ref (folder);
  data->skip_uris = g_strv_builder_end (skip);
  data->live = live;

  _kt_library_set_pending (self, self->n_pending + 1);
  task = g_task_new (self, self->cancellable, on_folder_scanned, NULL);
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_in_thread);
}

/* A name for the group of an extra folder, unique among them. */
static char *
unique_title (KtLibrary  *self,
              const char *base)
{
  char *title = g_strdup (base);

  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;

      for (guint i = 0; i < self->roots->len && !taken; i++)
        taken = g_strcmp0 (((Root *) g_ptr_array_index (self->roots, i))->title, title) == 0;
      if (!taken)
        return title;
      g_free (title);
      title = g_strdup_printf ("%s (%u)", base, n);
    }
}

static void
add_root (KtLibrary *self,
          GFile     *folder,
          gboolean   grouped)
{
  g_autofree char *uri = g_file_get_uri (folder);
  g_autofree char *base = g_file_get_basename (folder);
  Root *root;

  if (_kt_library_find_root_exactly (self, uri) != NULL)
    return;

  root = g_new0 (Root, 1);
  root->library = self;
  root->folder = g_object_ref (folder);
  root->uri = g_steal_pointer (&uri);
  root->prefix = g_strconcat (root->uri, "/", NULL);
  root->title = grouped ? unique_title (self, base) : NULL;
  root->name = g_strdup (root->title != NULL ? root->title : base);
  root->order = ++self->next_order;
  root->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_ptr_array_add (self->roots, root);

  /* Files of an outer folder that are in this one now belong here. */
  _kt_library_forget_below (self, root->uri);

  /* Watched even if it does not exist yet, so decks appear when it is
   * made and filled. */
  watch_folder (root, folder);
  start_scan (self, root, folder, FALSE);
}

/**
 * kt_library_add_folder:
 *
 * Loads every deck file in @folder and all its subfolders, on worker
 * threads, and watches them all; its topics are at the top of the tree.
 * A folder that does not exist yet is watched all the same, so decks
 * appear when it is created and filled.
 */
void
kt_library_add_folder (KtLibrary *self,
                       GFile     *folder)
{
  g_return_if_fail (KT_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (folder));

  add_root (self, folder, FALSE);
}

/**
 * kt_library_remove_folder:
 *
 * Stops watching @folder and drops the topics of its files.
 */
void
kt_library_remove_folder (KtLibrary *self,
                          GFile     *folder)
{
  g_autofree char *uri = NULL;
  Root *root;

  g_return_if_fail (KT_IS_LIBRARY (self));

  uri = g_file_get_uri (folder);
  root = _kt_library_find_root_exactly (self, uri);
  if (root == NULL)
    return;

  g_hash_table_remove_all (root->monitors);
  g_ptr_array_remove (self->roots, root);
  _kt_library_forget_below (self, uri);

  /* A folder inside an outer one is read as part of that again. */
  for (guint i = 0; i < self->roots->len; i++)
    {
      Root *outer = g_ptr_array_index (self->roots, i);

      if (g_str_has_prefix (uri, outer->prefix))
        {
          g_autoptr(GFile) again = g_file_new_for_uri (uri);

          outer = _kt_library_find_root (self, uri);
          watch_folder (outer, again);
          start_scan (self, outer, again, TRUE);
          break;
        }
    }
}

/**
 * kt_library_set_extra_folders:
 *
 * Makes the extra deck folders (GSettings "deck-folders") exactly @paths:
 * new ones are loaded and watched, dropped ones forgotten. Each is shown
 * as a group named after it.
 */
void
kt_library_set_extra_folders (KtLibrary          *self,
                              const char * const *paths)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (KT_IS_LIBRARY (self));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_ptr_array_add (wanted, g_file_new_for_commandline_arg (paths[i]));

  g_hash_table_iter_init (&iter, self->extra_folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean kept = FALSE;

      for (guint i = 0; i < wanted->len && !kept; i++)
        {
          g_autofree char *uri = g_file_get_uri (g_ptr_array_index (wanted, i));

          kept = g_str_equal (uri, key);
        }
      if (!kept)
        g_ptr_array_add (dropped, g_strdup (key));
    }
  for (guint i = 0; i < dropped->len; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (g_ptr_array_index (dropped, i));

      kt_library_remove_folder (self, folder);
      g_hash_table_remove (self->extra_folders, g_ptr_array_index (dropped, i));
    }

  /* In the order of the setting: that order decides whose ids clash. */
  for (guint i = 0; i < wanted->len; i++)
    {
      GFile *folder = g_ptr_array_index (wanted, i);
      g_autofree char *uri = g_file_get_uri (folder);

      if (g_hash_table_add (self->extra_folders, g_steal_pointer (&uri)))
        add_root (self, folder, TRUE);
    }
}

