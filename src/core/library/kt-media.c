/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding a card's pictures.  A card says `![alt](path)` or `![[name]]`;
 * the path is looked up, in this order (docs/deck-format.md says the
 * same):
 *
 *  1. in the note's own folder (a path starting with `/` skips this: it
 *     starts at the deck folder);
 *  2. in the deck folder the note is in (an Obsidian vault's root);
 *  3. in the attachment folder the vault's `.obsidian/app.json` names
 *     (`attachmentFolderPath`: `/`, `./`, `./sub` or `folder`);
 *  4. in an `attachments` or `assets` folder (or `Attachments`,
 *     `Assets`) next to the note, then at the deck folder's top;
 *  5. anywhere in the deck folder, as Obsidian finds `![[name]]`: the
 *     first file, breadth first and by name, whose path ends with the
 *     link's, hidden folders skipped, at most KT_MEDIA_MAX_SEARCH_ENTRIES
 *     entries and KT_MEDIA_MAX_SEARCH_DEPTH levels read.
 *
 * Paths are data: every candidate is made absolute without `..` and must
 * lie inside the deck folder (inside the note's folder for a note outside
 * any), so `../../etc/passwd.png` is not found.  Remote (http, https) and
 * other URLs are never resolved: the caller shows them as links.  This
 * does blocking I/O; the UI calls it from a worker thread.
 */
#define G_LOG_DOMAIN "kt-media"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "kt-media.h"

static const char * const attachment_folders[] = { "attachments", "Attachments", "assets", "Assets" };

/**
 * kt_media_is_remote:
 *
 * Returns: whether @url is an http or https address, which is never
 *   fetched
 */
gboolean
kt_media_is_remote (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0);
}

static gboolean
has_scheme (const char *url)
{
  const char *p = url;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  /* "c:" is more likely a Windows drive than a scheme, and is no use
   * either way: both are refused. */
  return *p == ':';
}

static gboolean
is_inside (const char *path,
           const char *folder)
{
  gsize length = strlen (folder);

  return strncmp (path, folder, length) == 0 &&
         (path[length] == '/' || (length > 0 && folder[length - 1] == '/'));
}

/* @relative under @base, if that is a file inside @limit. */
static char *
try_path (const char *base,
          const char *relative,
          const char *limit)
{
  g_autofree char *path = NULL;

  if (base == NULL)
    return NULL;
  path = g_canonicalize_filename (relative, base);
  if (!is_inside (path, limit) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  return g_steal_pointer (&path);
}

/* The attachment folder an Obsidian vault at @root is set to keep new
 * files in, relative to @note_folder where it says `./`; NULL if none. */
static char *
configured_folder (const char *root,
                   const char *note_folder)
{
  g_autofree char *config = g_build_filename (root, ".obsidian", "app.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *node;
  JsonObject *object;
  const char *folder;

  if (!g_file_test (config, G_FILE_TEST_IS_REGULAR) ||
      !json_parser_load_from_file (parser, config, NULL))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  node = json_object_get_member (object, "attachmentFolderPath");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  folder = json_node_get_string (node);

  if (g_str_equal (folder, "./") || g_str_equal (folder, "."))
    return g_strdup (note_folder);
  if (g_str_has_prefix (folder, "./"))
    return g_canonicalize_filename (folder + 2, note_folder);

  return g_canonicalize_filename (*folder == '/' ? folder + 1 : folder, root);
}

static gboolean
ends_with_path (const char *path,
                const char *tail)
{
  gsize length = strlen (path), tail_length = strlen (tail);

  return length > tail_length &&
         strcmp (path + length - tail_length, tail) == 0 &&
         path[length - tail_length - 1] == '/';
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The sorted names in @folder, hidden ones left out. */
static GPtrArray *
list_folder (const char *folder,
             guint      *budget)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && *budget > 0 && (name = g_dir_read_name (dir)) != NULL)
    {
      (*budget)--;
      if (name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  return names;
}

/* Step 5: the first file under @root whose path ends with @tail. */
static char *
search_folder (const char   *root,
               const char   *tail,
               GCancellable *cancellable)
{
  g_autoptr(GQueue) folders = g_queue_new ();
  g_autofree char *name = g_path_get_basename (tail);
  guint budget = KT_MEDIA_MAX_SEARCH_ENTRIES;
  char *found = NULL;

  g_queue_push_tail (folders, g_strdup (root));
  while (found == NULL && !g_queue_is_empty (folders) && budget > 0 &&
         !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *folder = g_queue_pop_head (folders);
      g_autoptr(GPtrArray) names = list_folder (folder, &budget);
      guint depth = 0;

      for (const char *p = folder + strlen (root); *p != '\0'; p++)
        depth += *p == '/';

      for (guint i = 0; i < names->len && found == NULL; i++)
        {
          const char *entry = g_ptr_array_index (names, i);
          g_autofree char *path = g_build_filename (folder, entry, NULL);

          if (g_str_equal (entry, name) && ends_with_path (path, tail) &&
              g_file_test (path, G_FILE_TEST_IS_REGULAR))
            found = g_steal_pointer (&path);
          else if (depth < KT_MEDIA_MAX_SEARCH_DEPTH &&
                   g_file_test (path, G_FILE_TEST_IS_DIR) &&
                   !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            g_queue_push_tail (folders, g_steal_pointer (&path));
        }
    }
  g_queue_free_full (g_steal_pointer (&folders), g_free);

  return found;
}

/**
 * kt_media_resolve:
 * @url: a picture's path as the card wrote it, percent-encoded or not
 * @note_path: (nullable): the file the card comes from
 * @deck_folder: (nullable): the deck folder that file is in
 * @cancellable: (nullable): stops the search by name
 *
 * Finds the picture @url names, in the order at the top of this file.
 *
 * Returns: (transfer full) (nullable): the picture's absolute path, or
 *   %NULL where none is found, @url is remote or another URL, or would
 *   lead outside @deck_folder
 */
char *
kt_media_resolve (const char   *url,
                  const char   *note_path,
                  const char   *deck_folder,
                  GCancellable *cancellable)
{
  g_autofree char *decoded = NULL;
  g_autofree char *note_folder = NULL;
  g_autofree char *root = NULL;
  g_autofree char *configured = NULL;
  const char *relative, *limit;
  char *found = NULL;

  if (url == NULL || *url == '\0' || has_scheme (url) ||
      (note_path == NULL && deck_folder == NULL) ||
      (note_path != NULL && !g_path_is_absolute (note_path)) ||
      (deck_folder != NULL && !g_path_is_absolute (deck_folder)))
    return NULL;

  /* A `%` that starts no escape is part of the name. */
  decoded = g_uri_unescape_string (url, NULL);
  relative = decoded != NULL ? decoded : url;

  if (note_path != NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (note_path, NULL);

      note_folder = g_path_get_dirname (canonical);
    }
  if (deck_folder != NULL)
    root = g_canonicalize_filename (deck_folder, NULL);
  limit = root != NULL ? root : note_folder;

  while (g_str_has_prefix (relative, "./"))
    relative += 2;
  if (*relative == '/')
    {
      while (*relative == '/')
        relative++;
      return try_path (root, relative, limit);
    }

  if ((found = try_path (note_folder, relative, limit)) != NULL ||
      (found = try_path (root, relative, limit)) != NULL)
    return found;

  if (root != NULL && note_folder != NULL)
    configured = configured_folder (root, note_folder);
  if ((found = try_path (configured, relative, limit)) != NULL)
    return found;

  for (guint i = 0; i < G_N_ELEMENTS (attachment_folders) * 2; i++)
    {
      const char *base = i < G_N_ELEMENTS (attachment_folders) ? note_folder : root;
      g_autofree char *folder = NULL;

      if (base == NULL)
        continue;
      folder = g_build_filename (base, attachment_folders[i % G_N_ELEMENTS (attachment_folders)], NULL);
      if ((found = try_path (folder, relative, limit)) != NULL)
        return found;
    }

  /* A path that climbs is meant from where it stands, not found by name. */
  if (root != NULL && strstr (relative, "..") == NULL)
    return search_folder (root, relative, cancellable);

  return NULL;
}
