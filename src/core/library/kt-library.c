/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtLibrary is every loaded topic, as a GListModel of KtTopic sorted by
 * title: the decks bundled in the binary, the user's deck folder and the
 * extra folders from settings, each read like a note vault with all its
 * subfolders and watched (kt-library-folders.c). Files are parsed on
 * worker threads (a big deck must not freeze the window) and their topics
 * merged in on the main thread when ready; a changed file is re-parsed
 * alone and its topics update in place, keeping unchanged cards.
 *
 * A file's topic id is its path inside its deck folder without the
 * extension ("Python/Core"). Two deck folders may hold a file at the same
 * path: the one in the folder added later gets its folder's name in front
 * ("Notes/Python/Core"), whichever of the two is parsed first. Each topic
 * knows the folders it is shown under (kt_topic_get_folder()): the user's
 * folder is the top, an extra folder is a group named after it.
 *
 * The class is in four files sharing kt-library-private.h: this one loads
 * and merges files; kt-library-folders.c reads and watches the folders,
 * kt-library-relink.c keeps progress with cards whose ids change, and
 * kt-library-import.c copies imports in.
 *
 * This one is still over a thousand lines: loading, merging and the work
 * queue all walk the same per-file records in the same order (a deck
 * read twice, a file deleted mid-parse), and keeping them together keeps
 * that order in one place to read.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-file.h"
#include "kt-formats.h"
#include "kt-library-private.h"
#include "kt-relink.h"
#include "kt-scan.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtLibrary, kt_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

enum {
  DECK_LOADED,
  CARDS_MOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* -------------------------------------------------------------------------
 * GListModel
 * ---------------------------------------------------------------------- */

static GType
kt_library_get_item_type (GListModel *model)
{
  return KT_TYPE_TOPIC;
}

static guint
kt_library_get_n_items (GListModel *model)
{
  return KT_LIBRARY (model)->topics->len;
}

static gpointer
kt_library_get_item (GListModel *model,
                     guint       position)
{
  KtLibrary *self = KT_LIBRARY (model);

  if (position >= self->topics->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->topics, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_library_get_item_type;
  iface->get_n_items = kt_library_get_n_items;
  iface->get_item = kt_library_get_item;
}

/* -------------------------------------------------------------------------
 * Topics
 * ---------------------------------------------------------------------- */

/* Says which cards changed ids, once the loading is done: a card's old id
 * may be loaded from another file still on its way. */
void
_kt_library_emit_moves (KtLibrary *self)
{
  g_autoptr(GPtrArray) from = NULL;
  g_autoptr(GPtrArray) to = NULL;

  if (self->move_from->len == 0)
    return;

  from = g_steal_pointer (&self->move_from);
  to = g_steal_pointer (&self->move_to);
  self->move_from = g_ptr_array_new_with_free_func (g_free);
  self->move_to = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (from, NULL);
  g_ptr_array_add (to, NULL);
  g_signal_emit (self, signals[CARDS_MOVED], 0, from->pdata, to->pdata);
}

void
_kt_library_set_pending (KtLibrary *self,
                         guint      n_pending)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending = n_pending;
  if (n_pending == 0)
    _kt_library_emit_moves (self);
  if (was_loading != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static guint
find_topic_index (KtLibrary *self,
                  KtTopic   *topic)
{
  guint pos;

  return g_ptr_array_find (self->topics, topic, &pos) ? pos : G_MAXUINT;
}

static int
compare_titles (KtTopic *a,
                KtTopic *b)
{
  g_autofree char *ka = g_utf8_collate_key (kt_topic_get_title (a), -1);
  g_autofree char *kb = g_utf8_collate_key (kt_topic_get_title (b), -1);
  int cmp = strcmp (ka, kb);

  return cmp != 0 ? cmp : strcmp (kt_topic_get_id (a), kt_topic_get_id (b));
}

static void
insert_topic (KtLibrary *self,
              KtTopic   *topic)
{
  guint pos = 0, end = self->topics->len;

  /* Binary search: a vault of ten thousand notes comes in one by one. */
  while (pos < end)
    {
      guint middle = pos + (end - pos) / 2;

      if (compare_titles (g_ptr_array_index (self->topics, middle), topic) < 0)
        pos = middle + 1;
      else
        end = middle;
    }
  g_ptr_array_insert (self->topics, pos, g_object_ref (topic));
  g_hash_table_replace (self->by_id, (gpointer) kt_topic_get_id (topic), topic);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remove_topic (KtLibrary  *self,
              const char *topic_id)
{
  KtTopic *topic = g_hash_table_lookup (self->by_id, topic_id);
  guint pos;

  g_hash_table_remove (self->topic_files, topic_id);
  if (topic == NULL)
    return;
  pos = find_topic_index (self, topic);
  g_hash_table_remove (self->by_id, topic_id);
  g_ptr_array_remove_index (self->topics, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* -------------------------------------------------------------------------
 * Deck folders
 * ---------------------------------------------------------------------- */

/* Bundled decks come first, then the folders in the order added; files
 * loaded on their own last. */
static guint
order_of (KtLibrary  *self,
          const char *uri)
{
  Root *root;

  if (g_str_has_prefix (uri, BUNDLED_PREFIX))
    return 0;
  root = _kt_library_find_root (self, uri);

  return root != NULL ? root->order : G_MAXUINT;
}

/* The id @file is parsed with: its path in its deck folder, with the
 * folder's name in front when it clashed with an earlier folder's file. */
static char *
topic_id_for (KtLibrary *self,
              GFile     *file,
              gboolean   qualified)
{
  g_autofree char *uri = g_file_get_uri (file);
  Root *root = _kt_library_find_root (self, uri);
  g_autofree char *id = kt_scan_topic_id (root != NULL ? root->folder : NULL, file);

  if (root == NULL || !qualified)
    return g_steal_pointer (&id);

  return g_strconcat (root->name, "/", id, NULL);
}

/* The folders a file's topics are shown under: "Knowlage base/Python". */
static char *
folder_for (KtLibrary *self,
            GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  Root *root = _kt_library_find_root (self, uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = NULL;

  if (root == NULL || parent == NULL)
    return NULL;
  path = g_file_get_relative_path (root->folder, parent);
  if (root->title == NULL)
    return g_steal_pointer (&path);
  if (path == NULL)
    return g_strdup (root->title);

  return g_strconcat (root->title, "/", path, NULL);
}

/* -------------------------------------------------------------------------
 * What the library holds of each file
 * ---------------------------------------------------------------------- */

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->topic_ids);
  g_free (loaded->topic_id);
  g_free (loaded->checksum);
  g_free (loaded);
}

static int
compare_deck_files (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  g_autofree char *ua = g_file_get_uri (kt_deck_file_get_file ((KtDeckFile *) a));
  g_autofree char *ub = g_file_get_uri (kt_deck_file_get_file ((KtDeckFile *) b));

  return strcmp (ua, ub);
}

/* The KtDeckFile of @file, made and listed on first use. */
static KtDeckFile *
ensure_deck_file (KtLibrary *self,
                  GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  KtDeckFile *deck_file = g_hash_table_lookup (self->deck_file_by_uri, uri);
  Root *root;

  if (deck_file != NULL)
    return deck_file;

  root = _kt_library_find_root (self, uri);
  deck_file = kt_deck_file_new (file, root != NULL ? root->folder : NULL);
  /* The list owns it; the table borrows it. */
  g_list_store_insert_sorted (self->deck_files, deck_file, compare_deck_files, NULL);
  g_object_unref (deck_file);
  g_hash_table_insert (self->deck_file_by_uri, g_steal_pointer (&uri), deck_file);

  return deck_file;
}

static void
drop_deck_file (KtLibrary  *self,
                const char *uri)
{
  KtDeckFile *deck_file = g_hash_table_lookup (self->deck_file_by_uri, uri);
  guint pos;

  if (deck_file == NULL)
    return;
  if (g_list_store_find (self->deck_files, deck_file, &pos))
    g_list_store_remove (self->deck_files, pos);
  g_hash_table_remove (self->deck_file_by_uri, uri);
}

/* A file's parse that finishes after a later load or forget of the same
 * file started is stale: parses run in parallel and finish in any order,
 * and a deck deleted while it was parsed must stay gone. */
static guint
next_generation (KtLibrary  *self,
                 const char *uri)
{
  guint generation = GPOINTER_TO_UINT (g_hash_table_lookup (self->generations, uri)) + 1;

  g_hash_table_replace (self->generations, g_strdup (uri), GUINT_TO_POINTER (generation));

  return generation;
}

void
_kt_library_forget_file (KtLibrary  *self,
                         const char *uri)
{
  Loaded *loaded = g_hash_table_lookup (self->files, uri);

  next_generation (self, uri);
  drop_deck_file (self, uri);
  if (loaded == NULL)
    return;

  _kt_library_remember_gone (self, uri, loaded);

  for (guint i = 0; i < loaded->topic_ids->len; i++)
    remove_topic (self, g_ptr_array_index (loaded->topic_ids, i));
  g_hash_table_remove (self->files, uri);
}

/* Everything loaded from @folder_uri and below, files and folders. */
void
_kt_library_forget_below (KtLibrary  *self,
                          const char *folder_uri)
{
  g_autofree char *prefix = g_strconcat (folder_uri, "/", NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_ptr_array_add (gone, g_strdup (key));
  g_hash_table_iter_init (&iter, self->deck_file_by_uri);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix) || g_str_equal (key, folder_uri))
      g_ptr_array_add (gone, g_strdup (key));

  for (guint i = 0; i < gone->len; i++)
    _kt_library_forget_file (self, g_ptr_array_index (gone, i));
}

/* A folder that could not be read is listed with its problem, like a
 * file: in the Decks preferences and to deck-loaded handlers. */
void
_kt_library_add_folder_problem (KtLibrary *self,
                                KtDeck    *problem)
{
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (problem->path);

  kt_deck_file_update (ensure_deck_file (self, folder), problem);
  g_signal_emit (self, signals[DECK_LOADED], 0, problem);
}

/* -------------------------------------------------------------------------
 * Merging a parsed deck in
 * ---------------------------------------------------------------------- */

/* Whether the ids of @uri's topics come from its path, so that putting
 * its folder's name in front would make them unique. */
static gboolean
can_qualify (KtLibrary  *self,
             const char *uri,
             const char *parsed_as,
             const char *topic_id)
{
  gsize len = strlen (parsed_as);

  if (g_hash_table_contains (self->qualified, uri) || order_of (self, uri) == 0 ||
      _kt_library_find_root (self, uri) == NULL)
    return FALSE;

  return strncmp (topic_id, parsed_as, len) == 0 && (topic_id[len] == '\0' || topic_id[len] == '/');
}

/* Reads @uri again, its ids qualified by its folder's name. */
static void
requalify (KtLibrary  *self,
           const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  g_hash_table_add (self->qualified, g_strdup (uri));
  _kt_library_forget_file (self, uri);
  _kt_library_load_file (self, file);
}

/* Two files give the same topic id. The one in the folder added later
 * gets its folder's name in front of its ids and is read again; where
 * that cannot help (ids set inside the files, or one folder), the later
 * file is skipped with a message. Returns FALSE when @uri is read again. */
static gboolean
resolve_clashes (KtLibrary  *self,
                 const char *uri,
                 const char *parsed_as,
                 KtDeck     *deck)
{
  guint order = order_of (self, uri);

  for (guint i = 0; i < deck->topics->len; i++)
    {
      const char *id = kt_topic_get_id (g_ptr_array_index (deck->topics, i));
      const char *owner = g_hash_table_lookup (self->topic_files, id);
      Loaded *owner_loaded;

      if (owner == NULL || g_str_equal (owner, uri))
        continue;

      owner_loaded = g_hash_table_lookup (self->files, owner);
      if (order > order_of (self, owner) && can_qualify (self, uri, parsed_as, id))
        {
          requalify (self, uri);
          return FALSE;
        }
      if (order < order_of (self, owner) && owner_loaded != NULL &&
          can_qualify (self, owner, owner_loaded->topic_id, id))
        {
          g_autofree char *owner_uri = g_strdup (owner);

          requalify (self, owner_uri);
        }
    }

  return TRUE;
}

/* Merges a parsed deck in: topics that exist already get the new cards
 * (kt_topic_replace_cards keeps what did not change), new ones are
 * inserted in order, and the file's topics that are gone are removed.
 * Returns FALSE when the deck was dropped to be read again. */
static gboolean
apply_deck (KtLibrary  *self,
            GFile      *file,
            const char *parsed_as,
            KtDeck     *deck,
            char       *checksum)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) before = NULL;
  Loaded *loaded = g_hash_table_lookup (self->files, uri);
  g_autoptr(GPtrArray) new_ids = g_ptr_array_new_with_free_func (g_free);

  /* Yielded to first: its topic ids would clash. */
  if (loaded == NULL)
    before = _kt_library_yield_bundled (self, uri, checksum);
  if (!resolve_clashes (self, uri, parsed_as, deck))
    return FALSE;

  folder = folder_for (self, file);
  loaded = g_hash_table_lookup (self->files, uri);
  if (before == NULL)
    before = loaded != NULL ? _kt_library_cards_of (self, loaded)
                            : _kt_library_take_gone_cards (self, uri);
  _kt_library_relink (self, before, deck);

  for (guint i = 0; i < deck->topics->len; i++)
    {
      KtTopic *parsed = g_ptr_array_index (deck->topics, i);
      const char *id = kt_topic_get_id (parsed);
      const char *owner = g_hash_table_lookup (self->topic_files, id);
      KtTopic *topic;

      if (owner != NULL && !g_str_equal (owner, uri))
        {
          kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                                  _("a topic with the id “%s” is already loaded from %s; "
                                    "this one was skipped"), id, owner);
          continue;
        }

      g_ptr_array_add (new_ids, g_strdup (id));
      topic = g_hash_table_lookup (self->by_id, id);
      if (topic == NULL)
        {
          g_hash_table_replace (self->topic_files, g_strdup (id), g_strdup (uri));
          kt_topic_set_folder (parsed, folder);
          insert_topic (self, parsed);
          continue;
        }

      {
        g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);

        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (parsed)); j++)
          g_ptr_array_add (cards, g_list_model_get_item (G_LIST_MODEL (parsed), j));
        kt_topic_set_title (topic, kt_topic_get_title (parsed));
        kt_topic_set_folder (topic, folder);
        kt_topic_set_source (topic, kt_topic_get_source (parsed));
        kt_topic_set_tags (topic, kt_topic_get_tags (parsed));
        kt_topic_replace_cards (topic, cards);
      }
    }

  if (loaded != NULL)
    for (guint i = 0; i < loaded->topic_ids->len; i++)
      {
        const char *id = g_ptr_array_index (loaded->topic_ids, i);

        if (!g_ptr_array_find_with_equal_func (new_ids, id, g_str_equal, NULL))
          remove_topic (self, id);
      }

  loaded = g_new0 (Loaded, 1);
  loaded->topic_ids = g_steal_pointer (&new_ids);
  loaded->topic_id = g_strdup (parsed_as);
  loaded->checksum = g_strdup (checksum);
  g_hash_table_replace (self->files, g_strdup (uri), loaded);
  kt_deck_file_update (ensure_deck_file (self, file), deck);

  return TRUE;
}

/* -------------------------------------------------------------------------
 * Loading files
 * ---------------------------------------------------------------------- */

typedef struct {
  GFile     *file;
  char      *topic_id;
  char      *legacy_topic_id;  /* what it was before ids were paths */
  guint      generation;
  /* Filled on the worker */
  KtDeck    *deck;
  char      *checksum;
  GPtrArray *legacy_ids;       /* the cards' ids then… */
  GPtrArray *ids;              /* …and now */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  g_free (data->topic_id);
  g_free (data->legacy_topic_id);
  g_clear_pointer (&data->deck, kt_deck_free);
  g_free (data->checksum);
  g_ptr_array_unref (data->legacy_ids);
  g_ptr_array_unref (data->ids);
  g_free (data);
}

/* Reads and parses one file: what the worker does, and what the bundled
 * decks get at once. */
static void
parse (LoadData     *data,
       GCancellable *cancellable)
{
  g_autofree char *path = kt_formats_name_file (data->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kt_file_read_regular (data->file, KT_FILE_MAX_DECK_SIZE,
                                                  cancellable, &error);

  if (bytes == NULL)
    {
      data->deck = kt_deck_new (path);
      kt_deck_add_diagnostic (data->deck, 0, KT_SEVERITY_ERROR, "%s", error->message);
      return;
    }

  data->checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  /* Taken, so that the parse lets go of a big file once it has a copy. */
  data->deck = kt_formats_parse_bytes_take (g_steal_pointer (&bytes), path, data->topic_id);
  kt_relink_legacy (data->deck, data->topic_id, data->legacy_topic_id, data->legacy_ids, data->ids);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  parse (task_data, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
apply_parsed (KtLibrary *self,
              LoadData  *data)
{
  if (!apply_deck (self, data->file, data->topic_id, data->deck, data->checksum))
    return;

  g_ptr_array_extend_and_steal (self->move_from, g_steal_pointer (&data->legacy_ids));
  g_ptr_array_extend_and_steal (self->move_to, g_steal_pointer (&data->ids));
  data->legacy_ids = g_ptr_array_new ();
  data->ids = g_ptr_array_new ();
  g_signal_emit (self, signals[DECK_LOADED], 0, data->deck);
}

/* -------------------------------------------------------------------------
 * The work queue
 *
 * Parses finish on workers in bursts: a folder of a thousand notes gives a
 * thousand completions at once, and the main loop would merge them all in
 * one go, the window frozen meanwhile. They wait here instead, with the
 * files a folder scan found, and are merged and started a few
 * milliseconds' worth at a time, at a priority below drawing and input.
 * ---------------------------------------------------------------------- */

#define SLICE_US 4000

static void apply_task (KtLibrary *self,
                        GTask     *task);

static gboolean
work_cb (gpointer user_data)
{
  KtLibrary *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_US;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GTask) task = g_queue_pop_head (self->parsed);
      g_autoptr(GFile) file = NULL;

      if (task != NULL)
        {
          apply_task (self, task);
          _kt_library_set_pending (self, self->n_pending - 1);
          continue;
        }
      file = g_queue_pop_head (self->to_load);
      if (file == NULL)
        break;
      _kt_library_load_file (self, file);
      /* The place the scan kept for it. */
      _kt_library_set_pending (self, self->n_pending - 1);
    }

  if (!g_queue_is_empty (self->parsed) || !g_queue_is_empty (self->to_load))
    return G_SOURCE_CONTINUE;
  self->work_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_work (KtLibrary *self)
{
  if (self->work_id == 0)
    self->work_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, work_cb, self, NULL);
}

/**
 * _kt_library_load_later:
 *
 * Loads @file soon, a few files a main-loop dispatch; #KtLibrary:loading
 * is %TRUE from now on.
 */
void
_kt_library_load_later (KtLibrary *self,
                        GFile     *file)
{
  _kt_library_set_pending (self, self->n_pending + 1);
  g_queue_push_tail (self->to_load, g_object_ref (file));
  schedule_work (self);
}

static void
apply_task (KtLibrary *self,
            GTask     *task)
{
  LoadData *data = g_task_get_task_data (task);
  g_autofree char *uri = g_file_get_uri (data->file);
  guint latest = GPOINTER_TO_UINT (g_hash_table_lookup (self->generations, uri));

  if (g_task_propagate_boolean (task, NULL) &&
      !g_cancellable_is_cancelled (self->cancellable) && data->generation == latest)
    apply_parsed (self, data);
}

static void
on_deck_parsed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KtLibrary *self = KT_LIBRARY (object);

  g_queue_push_tail (self->parsed, g_object_ref (result));
  schedule_work (self);
}

static LoadData *
load_data_new (KtLibrary *self,
               GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  LoadData *data = g_new0 (LoadData, 1);

  data->file = g_object_ref (file);
  data->generation = next_generation (self, uri);
  data->topic_id = topic_id_for (self, file, g_hash_table_contains (self->qualified, uri));
  data->legacy_topic_id = _kt_library_legacy_topic_id (file, data->topic_id);
  data->legacy_ids = g_ptr_array_new_with_free_func (g_free);
  data->ids = g_ptr_array_new_with_free_func (g_free);

  return data;
}

void
_kt_library_load_file (KtLibrary *self,
                       GFile     *file)
{
  g_autoptr(GTask) task = NULL;

  _kt_library_set_pending (self, self->n_pending + 1);
  task = g_task_new (self, self->cancellable, on_deck_parsed, NULL);
  g_task_set_source_tag (task, kt_library_load_file);
  g_task_set_task_data (task, load_data_new (self, file), (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, parse_in_thread);
}

/**
 * kt_library_load_file:
 *
 * Parses @file on a worker thread and merges its topics in when done;
 * #KtLibrary:loading is %TRUE until then. Loading a file again replaces
 * what it contributed before. A file inside a deck folder gets its path
 * there as its topic id; any other, its name.
 */
void
kt_library_load_file (KtLibrary *self,
                      GFile     *file)
{
  g_return_if_fail (KT_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  _kt_library_load_file (self, file);
}

/* Bundled decks are read at once, on this thread: they are small. */
void
_kt_library_load_bundled_file (KtLibrary *self,
                               GFile     *file)
{
  LoadData *data = load_data_new (self, file);

  parse (data, NULL);
  apply_parsed (self, data);
  load_data_free (data);
}

/**
 * kt_library_load_bundled:
 *
 * Loads the decks compiled into the binary, at once and on this thread:
 * they are small, and the first window should show them.
 */
void
kt_library_load_bundled (KtLibrary *self)
{
  g_auto(GStrv) names = NULL;

  g_return_if_fail (KT_IS_LIBRARY (self));

  names = g_resources_enumerate_children (RESOURCE_PREFIX "/decks", 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (names[i], NULL, FALSE);
      g_autofree char *uri = g_strconcat (BUNDLED_PREFIX, escaped, NULL);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      _kt_library_load_bundled_file (self, file);
    }
  if (self->n_pending == 0)
    _kt_library_emit_moves (self);
}

/* -------------------------------------------------------------------------
 * Public getters
 * ---------------------------------------------------------------------- */

/**
 * kt_library_get_all:
 *
 * A topic holding every loaded card, in library order. It follows the
 * topics as they change, with the same items-changed ranges.
 *
 * Returns: (transfer none): the "All Topics" topic
 */
KtTopic *
kt_library_get_all (KtLibrary *self)
{
  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);
  return self->all;
}

/**
 * kt_library_get_deck_files:
 *
 * Every file read (and every folder that could not be), with its cards
 * and problems, sorted by location; it follows the folders live.
 *
 * Returns: (transfer none): a #GListModel of #KtDeckFile
 */
GListModel *
kt_library_get_deck_files (KtLibrary *self)
{
  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->deck_files);
}

gboolean
kt_library_get_loading (KtLibrary *self)
{
  g_return_val_if_fail (KT_IS_LIBRARY (self), FALSE);
  return self->n_pending > 0;
}

KtTopic *
kt_library_find_topic (KtLibrary  *self,
                       const char *topic_id)
{
  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);

  return g_hash_table_lookup (self->by_id, topic_id);
}

KtCard *
kt_library_find_card (KtLibrary  *self,
                      const char *card_id)
{
  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);

  for (guint i = 0; i < self->topics->len; i++)
    {
      KtCard *card = kt_topic_find_card (g_ptr_array_index (self->topics, i), card_id);
      if (card != NULL)
        return card;
    }

  return NULL;
}

/**
 * kt_library_dup_breadcrumb:
 *
 * Where @card is, for people: its topic's folders and title ("System
 * Design › Core"), as kt_topic_dup_breadcrumb() says it.
 *
 * Returns: (transfer full) (nullable): the breadcrumb, or %NULL when the
 *   card's topic is not loaded
 */
char *
kt_library_dup_breadcrumb (KtLibrary *self,
                           KtCard    *card)
{
  KtTopic *topic;

  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (KT_IS_CARD (card), NULL);

  topic = kt_library_find_topic (self, kt_card_get_topic_id (card));
  return topic != NULL ? kt_topic_dup_breadcrumb (topic) : NULL;
}

/**
 * kt_library_dup_deck_folder:
 *
 * The deck folder @card's file is read from (innermost, where one deck
 * folder is inside another): where its pictures may be, and what they
 * may not lead out of.
 *
 * Returns: (transfer full) (nullable): the folder's path, or %NULL for a
 *   card from a bundled deck or a file in no deck folder
 */
char *
kt_library_dup_deck_folder (KtLibrary *self,
                            KtCard    *card)
{
  const char *path;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  Root *root;

  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (KT_IS_CARD (card), NULL);

  path = kt_card_get_source_path (card);
  if (path == NULL)
    return NULL;
  file = g_file_new_for_commandline_arg (path);
  uri = g_file_get_uri (file);
  root = _kt_library_find_root (self, uri);

  return root != NULL ? g_file_get_path (root->folder) : NULL;
}

guint
kt_library_get_n_cards (KtLibrary *self)
{
  guint n = 0;

  g_return_val_if_fail (KT_IS_LIBRARY (self), 0);

  for (guint i = 0; i < self->topics->len; i++)
    n += kt_topic_get_n_cards (g_ptr_array_index (self->topics, i));

  return n;
}

/**
 * kt_library_get_user_folder:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/kartoteka/decks`, where
 *   imported decks are copied
 */
GFile *
kt_library_get_user_folder (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "kartoteka", "decks", NULL);

  return g_file_new_for_path (path);
}

/* -------------------------------------------------------------------------
 * GObject
 * ---------------------------------------------------------------------- */

static void
kt_library_dispose (GObject *object)
{
  KtLibrary *self = KT_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  g_ptr_array_set_size (self->roots, 0);
  g_clear_handle_id (&self->gone_id, g_source_remove);
  g_clear_handle_id (&self->work_id, g_source_remove);
  g_queue_clear_full (self->parsed, g_object_unref);
  g_queue_clear_full (self->to_load, g_object_unref);

  G_OBJECT_CLASS (kt_library_parent_class)->dispose (object);
}

static void
kt_library_finalize (GObject *object)
{
  KtLibrary *self = KT_LIBRARY (object);

  g_ptr_array_unref (self->topics);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->topic_files);
  g_hash_table_unref (self->files);
  g_hash_table_unref (self->generations);
  g_hash_table_unref (self->qualified);
  g_ptr_array_unref (self->roots);
  g_hash_table_unref (self->extra_folders);
  g_hash_table_unref (self->deck_file_by_uri);
  g_object_unref (self->deck_files);
  g_object_unref (self->cancellable);
  g_object_unref (self->all);
  g_hash_table_unref (self->gone);
  g_hash_table_unref (self->successors);
  g_hash_table_unref (self->hidden);
  g_queue_free (self->parsed);
  g_queue_free (self->to_load);
  g_ptr_array_unref (self->move_from);
  g_ptr_array_unref (self->move_to);

  G_OBJECT_CLASS (kt_library_parent_class)->finalize (object);
}

static void
kt_library_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KtLibrary *self = KT_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS: g_value_set_uint (value, self->topics->len); break;
    case PROP_LOADING: g_value_set_boolean (value, self->n_pending > 0); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_library_class_init (KtLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_library_dispose;
  object_class->finalize = kt_library_finalize;
  object_class->get_property = kt_library_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtLibrary::deck-loaded:
   * @deck: (type gpointer): the parsed KtDeck, valid during the emission
   *
   * A file was parsed and merged in, or a folder could not be read; the
   * problems are in @deck's diagnostics.
   */
  signals[DECK_LOADED] =
    g_signal_new ("deck-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * KtLibrary::cards-moved:
   * @from_ids: the ids of cards that are gone
   * @to_ids: the ids the same cards have now, each at the place of its
   *   old id
   *
   * Cards changed ids: their question was reworded, their note renamed
   * or moved (see kt-relink.c), or their id was made the way it was
   * before ids were paths. Emitted when the loading is done; pass the
   * ids to kt_relink_apply() so their progress follows them.
   */
  signals[CARDS_MOVED] =
    g_signal_new ("cards-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_STRV);
}

static void
kt_library_init (KtLibrary *self)
{
  self->topics = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->topic_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) loaded_free);
  self->generations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->qualified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->roots = g_ptr_array_new_with_free_func ((GDestroyNotify) _kt_library_root_free);
  self->extra_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deck_files = g_list_store_new (KT_TYPE_DECK_FILE);
  self->deck_file_by_uri = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->all = kt_topic_new_union ("*", _("All Topics"), G_LIST_MODEL (self));
  self->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->successors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->parsed = g_queue_new ();
  self->to_load = g_queue_new ();
  self->move_from = g_ptr_array_new_with_free_func (g_free);
  self->move_to = g_ptr_array_new_with_free_func (g_free);
}

KtLibrary *
kt_library_new (void)
{
  return g_object_new (KT_TYPE_LIBRARY, NULL);
}
