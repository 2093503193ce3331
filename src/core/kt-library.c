/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtLibrary is every loaded topic, as a GListModel of KtTopic sorted by
 * title: the decks bundled in the binary, the user's deck folder and the
 * extra folders from settings. Files are parsed on worker threads (a big
 * deck must not freeze the window) and their topics merged in on the main
 * thread when ready. Folders are watched: a changed file is re-parsed
 * alone and its topics update in place, keeping unchanged cards.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-formats.h"
#include "kt-library.h"

struct _KtLibrary
{
  GObject       parent_instance;

  GPtrArray    *topics;        /* (element-type KtTopic), sorted by title */
  GHashTable   *topic_files;   /* topic id → uri of the file it came from */
  GHashTable   *files;         /* uri → GPtrArray of topic ids from that file */
  GHashTable   *generations;   /* uri → count of its loads and forgets so far */
  GHashTable   *monitors;      /* folder uri → GFileMonitor */
  GHashTable   *extra_folders; /* folder uri set, from settings */
  GCancellable *cancellable;
  guint         n_pending;

  KtTopic      *all;           /* every card, for "All Topics" */
};

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const deck_suffixes[] = { ".txt", ".md", ".markdown", ".tsv", ".csv", ".json" };

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

static gboolean
is_deck_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (name == NULL || name[0] == '.' || g_str_has_suffix (name, "~"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deck_suffixes); i++)
    if (g_str_has_suffix (name, deck_suffixes[i]))
      return TRUE;

  return FALSE;
}

static void
set_pending (KtLibrary *self,
             guint      n_pending)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending = n_pending;
  if (was_loading != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static guint
find_topic_index (KtLibrary  *self,
                  const char *topic_id)
{
  for (guint i = 0; i < self->topics->len; i++)
    if (g_str_equal (kt_topic_get_id (g_ptr_array_index (self->topics, i)), topic_id))
      return i;

  return G_MAXUINT;
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
  guint pos = 0;

  while (pos < self->topics->len && compare_titles (g_ptr_array_index (self->topics, pos), topic) < 0)
    pos++;
  g_ptr_array_insert (self->topics, pos, g_object_ref (topic));
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remove_topic (KtLibrary  *self,
              const char *topic_id)
{
  guint pos = find_topic_index (self, topic_id);

  g_hash_table_remove (self->topic_files, topic_id);
  if (pos == G_MAXUINT)
    return;
  g_ptr_array_remove_index (self->topics, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
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

static void
forget_file (KtLibrary  *self,
             const char *uri)
{
  GPtrArray *ids = g_hash_table_lookup (self->files, uri);

  next_generation (self, uri);
  if (ids == NULL)
    return;
  for (guint i = 0; i < ids->len; i++)
    remove_topic (self, g_ptr_array_index (ids, i));
  g_hash_table_remove (self->files, uri);
}

/* Merges a parsed deck in: topics that exist already get the new cards
 * (kt_topic_replace_cards keeps what did not change), new ones are
 * inserted in order, and the file's topics that are gone are removed. */
static void
apply_deck (KtLibrary *self,
            GFile     *file,
            KtDeck    *deck)
{
  g_autofree char *uri = g_file_get_uri (file);
  GPtrArray *old_ids = g_hash_table_lookup (self->files, uri);
  g_autoptr(GPtrArray) new_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < deck->topics->len; i++)
    {
      KtTopic *parsed = g_ptr_array_index (deck->topics, i);
      const char *id = kt_topic_get_id (parsed);
      const char *owner = g_hash_table_lookup (self->topic_files, id);
      guint pos;

      if (owner != NULL && !g_str_equal (owner, uri))
        {
          kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                                  _("a topic with the id “%s” is already loaded from %s; "
                                    "this one was skipped"), id, owner);
          continue;
        }

      g_ptr_array_add (new_ids, g_strdup (id));
      pos = find_topic_index (self, id);
      if (pos == G_MAXUINT)
        {
          g_hash_table_replace (self->topic_files, g_strdup (id), g_strdup (uri));
          insert_topic (self, parsed);
          continue;
        }

      {
        KtTopic *topic = g_ptr_array_index (self->topics, pos);
        g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);

        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (parsed)); j++)
          g_ptr_array_add (cards, g_list_model_get_item (G_LIST_MODEL (parsed), j));
        kt_topic_set_title (topic, kt_topic_get_title (parsed));
        kt_topic_set_source (topic, kt_topic_get_source (parsed));
        kt_topic_set_tags (topic, kt_topic_get_tags (parsed));
        kt_topic_replace_cards (topic, cards);
      }
    }

  if (old_ids != NULL)
    for (guint i = 0; i < old_ids->len; i++)
      {
        const char *id = g_ptr_array_index (old_ids, i);
        gboolean kept = FALSE;

        for (guint j = 0; j < new_ids->len && !kept; j++)
          kept = g_str_equal (id, g_ptr_array_index (new_ids, j));
        if (!kept)
          remove_topic (self, id);
      }

  g_hash_table_replace (self->files, g_steal_pointer (&uri), g_steal_pointer (&new_ids));
}

typedef struct {
  GFile *file;
  guint  generation;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LoadData *data = task_data;

  g_task_return_pointer (task, kt_formats_parse_file (data->file, cancellable),
                         (GDestroyNotify) kt_deck_free);
}

static void
on_deck_parsed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KtLibrary *self = KT_LIBRARY (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  GFile *file = data->file;
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(KtDeck) deck = g_task_propagate_pointer (G_TASK (result), NULL);
  guint latest = GPOINTER_TO_UINT (g_hash_table_lookup (self->generations, uri));

  if (deck != NULL && !g_cancellable_is_cancelled (self->cancellable) &&
      data->generation == latest)
    {
      apply_deck (self, file, deck);
      g_signal_emit (self, signals[DECK_LOADED], 0, deck);
    }
  set_pending (self, self->n_pending - 1);
}

/**
 * kt_library_load_file:
 *
 * Parses @file on a worker thread and merges its topics in when done;
 * #KtLibrary:loading is %TRUE until then. Loading a file again replaces
 * what it contributed before.
 */
void
kt_library_load_file (KtLibrary *self,
                      GFile     *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  LoadData *data;

  g_return_if_fail (KT_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->generation = next_generation (self, uri);

  set_pending (self, self->n_pending + 1);
  task = g_task_new (self, self->cancellable, on_deck_parsed, NULL);
  g_task_set_source_tag (task, kt_library_load_file);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, parse_in_thread);
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  KtLibrary *self = user_data;
  g_autofree char *uri = g_file_get_uri (file);

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (is_deck_file (file))
        kt_library_load_file (self, file);
      break;

    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      forget_file (self, uri);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      forget_file (self, uri);
      if (other != NULL && is_deck_file (other))
        kt_library_load_file (self, other);
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

/**
 * kt_library_add_folder:
 *
 * Loads every deck file in @folder (not recursing) and watches it. A
 * folder that does not exist yet is watched all the same, so decks
 * appear when it is created and filled.
 */
void
kt_library_add_folder (KtLibrary *self,
                       GFile     *folder)
{
  g_autofree char *uri = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFileMonitor) monitor = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (KT_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (folder));

  uri = g_file_get_uri (folder);
  if (g_hash_table_contains (self->monitors, uri))
    return;

  monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "changed", G_CALLBACK (on_folder_changed), self, 0);
  g_hash_table_replace (self->monitors, g_strdup (uri), g_steal_pointer (&monitor));

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && is_deck_file (child))
        g_ptr_array_add (files, g_object_ref (child));
    }

  for (guint i = 0; i < files->len; i++)
    kt_library_load_file (self, g_ptr_array_index (files, i));
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
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (KT_IS_LIBRARY (self));

  uri = g_file_get_uri (folder);
  prefix = g_strconcat (uri, "/", NULL);
  g_hash_table_remove (self->monitors, uri);

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix) && strchr ((char *) key + strlen (prefix), '/') == NULL)
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    forget_file (self, g_ptr_array_index (gone, i));
}

/**
 * kt_library_set_extra_folders:
 *
 * Makes the extra deck folders (GSettings "deck-folders") exactly @paths:
 * new ones are loaded and watched, dropped ones forgotten.
 */
void
kt_library_set_extra_folders (KtLibrary          *self,
                              const char * const *paths)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (KT_IS_LIBRARY (self));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      GFile *folder = g_file_new_for_commandline_arg (paths[i]);
      g_hash_table_replace (wanted, g_file_get_uri (folder), folder);
    }

  g_hash_table_iter_init (&iter, self->extra_folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_ptr_array_add (dropped, g_strdup (key));
  for (guint i = 0; i < dropped->len; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (g_ptr_array_index (dropped, i));
      kt_library_remove_folder (self, folder);
      g_hash_table_remove (self->extra_folders, g_ptr_array_index (dropped, i));
    }

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->extra_folders, key))
      {
        g_hash_table_add (self->extra_folders, g_strdup (key));
        kt_library_add_folder (self, value);
      }
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
      g_autofree char *uri = g_strconcat ("resource://" RESOURCE_PREFIX "/decks/", names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(KtDeck) deck = kt_formats_parse_file (file, NULL);

      apply_deck (self, file, deck);
      g_signal_emit (self, signals[DECK_LOADED], 0, deck);
    }
}

static gboolean
has_contents (GFile      *file,
              const char *contents,
              gsize       len)
{
  g_autofree char *existing = NULL;
  gsize existing_len;

  return g_file_load_contents (file, NULL, &existing, &existing_len, NULL, NULL) &&
         existing_len == len && memcmp (existing, contents, len) == 0;
}

/* "x.txt", else "x (2).txt", "x (3).txt"…: the first name that is free
 * or already holds @contents (a re-import). */
static GFile *
import_destination (GFile      *folder,
                    const char *name,
                    const char *contents,
                    gsize       len)
{
  g_autofree char *stem = g_strdup (name);
  const char *dot = strrchr (name, '.');
  const char *suffix = dot != NULL ? dot : "";
  GFile *dest = g_file_get_child (folder, name);

  if (dot != NULL)
    stem[dot - name] = '\0';
  for (guint n = 2; g_file_query_exists (dest, NULL) && !has_contents (dest, contents, len); n++)
    {
      g_autofree char *other = g_strdup_printf ("%s (%u)%s", stem, n, suffix);

      g_object_unref (dest);
      dest = g_file_get_child (folder, other);
    }

  return dest;
}

/**
 * kt_library_import_file:
 * @user_folder: where imported decks are kept (kt_library_get_user_folder()
 *   in the app)
 *
 * Copies @file into @user_folder (atomically, under a new name if one is
 * taken by other content) and loads the copy. Re-importing an unchanged
 * file loads the existing copy again instead of duplicating it.
 *
 * Returns: (transfer full): the copy, or %NULL with @error set
 */
GFile *
kt_library_import_file (KtLibrary  *self,
                        GFile      *file,
                        GFile      *user_folder,
                        GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);

  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, error))
    return NULL;
  if (!g_file_make_directory_with_parents (user_folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  name = g_file_get_basename (file);
  dest = import_destination (user_folder, name, contents, len);
  if (!g_file_query_exists (dest, NULL) &&
      !g_file_replace_contents (dest, contents, len, NULL, FALSE, G_FILE_CREATE_NONE,
                                 NULL, NULL, error))
    return NULL;

  kt_library_load_file (self, dest);
  return g_steal_pointer (&dest);
}

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
  guint pos;

  g_return_val_if_fail (KT_IS_LIBRARY (self), NULL);

  pos = find_topic_index (self, topic_id);
  return pos != G_MAXUINT ? g_ptr_array_index (self->topics, pos) : NULL;
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

static void
kt_library_dispose (GObject *object)
{
  KtLibrary *self = KT_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->monitors);

  G_OBJECT_CLASS (kt_library_parent_class)->dispose (object);
}

static void
kt_library_finalize (GObject *object)
{
  KtLibrary *self = KT_LIBRARY (object);

  g_ptr_array_unref (self->topics);
  g_hash_table_unref (self->topic_files);
  g_hash_table_unref (self->files);
  g_hash_table_unref (self->generations);
  g_hash_table_unref (self->monitors);
  g_hash_table_unref (self->extra_folders);
  g_object_unref (self->cancellable);
  g_object_unref (self->all);

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
   * A file was parsed and merged in; its diagnostics are in @deck.
   */
  signals[DECK_LOADED] =
    g_signal_new ("deck-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
kt_library_init (KtLibrary *self)
{
  self->topics = g_ptr_array_new_with_free_func (g_object_unref);
  self->topic_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->generations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->extra_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->all = kt_topic_new_union ("*", _("All Topics"), G_LIST_MODEL (self));
}

KtLibrary *
kt_library_new (void)
{
  return g_object_new (KT_TYPE_LIBRARY, NULL);
}
