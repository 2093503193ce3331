/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a deck folder the way a note vault is laid out: every subfolder,
 * however deep, without the hidden ones (".obsidian", ".git", ".trash",
 * anything starting with "."), taking only files whose names say they are
 * decks. The library (on a worker thread) and the command line both read
 * folders through here, so both see the same decks; import refuses what
 * this would skip, so an imported deck is found again at the next start.
 *
 * A symbolic link may lead back to a folder above it: folders are known by
 * device and inode, and one reached twice is read once, with a message.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-scan.h"

static const char *const deck_extensions[] = { "txt", "md", "markdown", "tsv", "csv", "json", NULL };

/**
 * kt_scan_deck_extensions:
 *
 * Returns: (transfer none): the extensions of deck files, without the dot,
 *   in lower case (names match in any case)
 */
const char * const *
kt_scan_deck_extensions (void)
{
  return deck_extensions;
}

/**
 * kt_scan_is_deck_name:
 *
 * Whether a file called @name is read as a deck: not hidden (a leading
 * "."), not an editor's backup (a trailing "~"), and with one of the
 * extensions of kt_scan_deck_extensions() in any case ("Deck.TXT").
 */
gboolean
kt_scan_is_deck_name (const char *name)
{
  const char *dot;

  if (name == NULL || name[0] == '.' || g_str_has_suffix (name, "~"))
    return FALSE;
  dot = strrchr (name, '.');
  if (dot == NULL || dot == name)
    return FALSE;
  for (guint i = 0; deck_extensions[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot + 1, deck_extensions[i]) == 0)
      return TRUE;

  return FALSE;
}

/**
 * kt_scan_topic_id:
 *
 * The topic id of a deck file in @root: its path inside @root without the
 * extension ("Python/Core.md" gives "Python/Core"); the file name without
 * the extension when it is not inside @root.
 *
 * Returns: (transfer full): the id
 */
char *
kt_scan_topic_id (GFile *root,
                  GFile *file)
{
  g_autofree char *relative = root != NULL ? g_file_get_relative_path (root, file) : NULL;
  char *id = relative != NULL ? g_steal_pointer (&relative) : g_file_get_basename (file);
  char *base = strrchr (id, '/');
  char *dot;

  base = base != NULL ? base + 1 : id;
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  return id;
}

static const char *
name_of (GFile *file)
{
  const char *path = g_file_peek_path (file);

  return path != NULL ? path : "";
}

static void
add_problem (KtScan     *scan,
             GFile      *folder,
             const char *message)
{
  g_autofree char *uri = NULL;
  KtDeck *deck;

  if (g_file_peek_path (folder) != NULL)
    deck = kt_deck_new (g_file_peek_path (folder));
  else
    {
      uri = g_file_get_uri (folder);
      deck = kt_deck_new (uri);
    }
  kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, "%s", message);
  g_ptr_array_add (scan->problems, deck);
}

/* Folders are known by where they are on disk, not by their path: a
 * link to a folder above is the folder above. */
static char *
folder_key (GFileInfo *info)
{
  if (!g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_INODE))
    return NULL;

  return g_strdup_printf ("%u:%" G_GUINT64_FORMAT,
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (name_of (*(GFile **) a), name_of (*(GFile **) b));
}

static void
read_folder (KtScan             *scan,
             GFile              *folder,
             GHashTable         *seen,
             const char * const *skip_uris,
             GPtrArray          *to_read,
             GCancellable       *cancellable)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_UNIX_DEVICE ","
                                        G_FILE_ATTRIBUTE_UNIX_INODE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (children == NULL)
    {
      g_autofree char *message = NULL;

      /* A deck folder that is not there (yet) is empty, not broken. */
      if (folder == scan->root && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return;
      /* Translators: %s says why, e.g. "Permission denied". */
      message = g_strdup_printf (_("this folder cannot be read: %s"), error->message);
      add_problem (scan, folder, message);
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("this folder cannot be read: %s"), error->message);

          add_problem (scan, folder, message);
          return;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name == NULL || name[0] == '.')
        continue;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *uri = g_file_get_uri (child);
          g_autofree char *key = folder_key (info);
          GFile *earlier;

          /* Another deck folder of its own: it is read as that. */
          if (skip_uris != NULL && g_strv_contains (skip_uris, uri))
            continue;

          earlier = key != NULL ? g_hash_table_lookup (seen, key) : NULL;
          if (earlier != NULL)
            {
              g_autofree char *message =
                /* Translators: %s is the folder the link leads to. */
                g_strdup_printf (_("this leads to “%s”, a folder already read; "
                                   "it is not read again"), name_of (earlier));

              add_problem (scan, child, message);
              continue;
            }
          if (key != NULL)
            g_hash_table_insert (seen, g_steal_pointer (&key), g_object_ref (child));
          g_ptr_array_add (to_read, g_object_ref (child));
        }
      else if (kt_scan_is_deck_name (name))
        {
          /* Pipes and devices with a deck's name are kept: reading
           * them says what they are, without opening them. */
          g_ptr_array_add (scan->files, g_object_ref (child));
        }
    }
}

/**
 * kt_scan_folder:
 * @skip_uris: (nullable): folders not to enter (deck folders of their own)
 *
 * Finds every deck file under @root, subfolders included, on the calling
 * thread (blocking: run it on a worker). Hidden files and folders and
 * files that are not decks by name are left out without a word; folders
 * that cannot be read, and links to folders already read, become
 * problems. A @root that does not exist is empty.
 *
 * Returns: (transfer full): what was found
 */
KtScan *
kt_scan_folder (GFile              *root,
                const char * const *skip_uris,
                GCancellable       *cancellable)
{
  KtScan *scan = g_new0 (KtScan, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       g_object_unref);
  g_autoptr(GPtrArray) to_read = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  scan->root = g_object_ref (root);
  scan->folders = g_ptr_array_new_with_free_func (g_object_unref);
  scan->files = g_ptr_array_new_with_free_func (g_object_unref);
  scan->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_deck_free);

  info = g_file_query_info (root, G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL)
    {
      char *key = folder_key (info);

      if (key != NULL)
        g_hash_table_insert (seen, key, g_object_ref (root));
    }

  /* Depth first, with a list rather than recursion: a deep tree must not
   * overflow the stack. */
  g_ptr_array_add (to_read, g_object_ref (root));
  while (to_read->len > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      GFile *folder = g_ptr_array_steal_index (to_read, to_read->len - 1);

      g_ptr_array_add (scan->folders, folder);
      read_folder (scan, folder, seen, skip_uris, to_read, cancellable);
    }

  g_ptr_array_sort (scan->files, compare_paths);

  return scan;
}

void
kt_scan_free (KtScan *scan)
{
  if (scan == NULL)
    return;

  g_object_unref (scan->root);
  g_ptr_array_unref (scan->folders);
  g_ptr_array_unref (scan->files);
  g_ptr_array_unref (scan->problems);
  g_free (scan);
}
