/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing an Anki package: its decks become JSON decks in the deck
 * folder ("Parent::Child" → Parent/Child.json), and the images their cards
 * show are copied next to them. Re-importing is idempotent: a deck file
 * written before (same topic id) is merged by card key (the note's guid) — the package's
 * notes replace theirs, the others stay — so nothing is duplicated and
 * nothing added by hand is lost. A file of that name that is not ours is
 * left alone and "Child (2).json" written instead.
 *
 * Nothing is half-imported: the package is read and converted first, then
 * every file is written into a hidden folder inside the deck folder (same
 * file system, skipped by the library), and only then renamed into place,
 * images before the decks that show them. Any failure before that removes
 * the hidden folder and leaves the deck folder as it was.
 *
 * The review history comes out as answers in KtImported
 * (kt-anki-history.c), with the ids of the cards as the written decks
 * read back give them, for the caller to merge into the progress once
 * the decks are loaded; Anki's suspended and buried cards too, but not
 * those the deck files had before, whose holds are chosen here.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kt-anki-collection.h"
#include "kt-anki-history.h"
#include "kt-anki-import.h"
#include "kt-anki-notes.h"
#include "kt-formats.h"

/* A deck's file, planned: where it goes and what it holds. */
typedef struct {
  char *relative;   /* "Parent/Child.json" */
  char *json;
} DeckFile;

static void
deck_file_free (gpointer data)
{
  DeckFile *file = data;

  g_free (file->relative);
  g_free (file->json);
  g_free (file);
}

/* -------------------------------------------------------------------------
 * Reading and converting
 * ---------------------------------------------------------------------- */

static KtAnkiNotes *
read_notes (GFile               *file,
            const KtAnkiLimits  *limits,
            KtAnkiPackage      **package_out,
            KtAnkiCollection   **collection_out,
            KtImportProgressFunc progress,
            gpointer             progress_data,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(KtAnkiPackage) package = kt_anki_package_open (file, limits, cancellable, error);
  g_autoptr(KtAnkiCollection) collection = NULL;
  KtAnkiNotes *notes;

  if (package == NULL)
    return NULL;
  if (progress != NULL)
    progress (0.4, progress_data);

  collection = kt_anki_collection_read (kt_anki_package_get_collection (package), cancellable, error);
  if (collection == NULL)
    return NULL;
  if (progress != NULL)
    progress (0.5, progress_data);

  notes = kt_anki_notes_convert (collection, kt_anki_package_get_media (package), cancellable);
  if (notes == NULL)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (progress != NULL)
    progress (0.7, progress_data);

  if (package_out != NULL)
    *package_out = g_steal_pointer (&package);
  if (collection_out != NULL)
    *collection_out = g_steal_pointer (&collection);
  return notes;
}

/* The JSON deck of @topic, followed by the cards of @kept (a deck written
 * before) whose notes the package does not hold. */
static char *
topic_json (KtAnkiTopic *topic,
            JsonArray   *kept)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  kt_deck_build_start (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_begin_object (builder);
  kt_deck_build_topic (builder, topic->id, topic->title, (const char * const *) topic->tags->pdata);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cards");
  json_builder_begin_array (builder);
  for (guint i = 0; i < topic->entries->len; i++)
    {
      KtAnkiEntry *entry = g_ptr_array_index (topic->entries, i);

      kt_deck_build_card (builder, NULL, NULL, entry->question, entry->answer, NULL, NULL,
                          (const char * const *) entry->tags, entry->key);
      g_hash_table_add (keys, entry->key);
    }
  for (guint i = 0; kept != NULL && i < json_array_get_length (kept); i++)
    {
      JsonNode *card = json_array_get_element (kept, i);
      const char *key = JSON_NODE_HOLDS_OBJECT (card)
        ? json_object_get_string_member_with_default (json_node_get_object (card), "key", NULL)
        : NULL;

      if (key == NULL || !g_hash_table_contains (keys, key))
        json_builder_add_value (builder, json_node_copy (card));
    }
  json_builder_end_array (builder);

  return kt_deck_build_finish (builder);
}

/* The cards of @json, a JSON deck written before, if it is the deck of
 * @topic_id; NULL if it is anything else. */
static JsonArray *
cards_of_our_deck (const char *json,
                   gsize       len,
                   const char *topic_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *topic;
  JsonArray *cards;

  if (!json_parser_load_from_data (parser, json, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL),
                 "kartoteka-deck") != 0 ||
      !json_object_has_member (root, "topic") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "topic")))
    return NULL;
  topic = json_object_get_object_member (root, "topic");
  if (g_strcmp0 (json_object_get_string_member_with_default (topic, "id", NULL), topic_id) != 0)
    return NULL;

  cards = json_object_has_member (root, "cards") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "cards"))
    ? json_object_get_array_member (root, "cards") : NULL;

  return cards != NULL ? json_array_ref (cards) : json_array_new ();
}

/* @json read back as the deck folder will read it. */
static KtDeck *
parse_deck_file (const char *json,
                 const char *path)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));

  return kt_formats_parse_bytes (bytes, path);
}

/* The ids of the keyed cards of @deck, by key: what the library will
 * call the cards of the file once it reads it. */
static GHashTable *
card_ids_by_key (KtDeck *deck)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < deck->topics->len; i++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, i);

      for (guint k = 0; k < g_list_model_get_n_items (topic); k++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, k);
          const char *key = kt_card_get_key (card);

          if (key != NULL)
            g_hash_table_insert (ids, g_strdup (key), g_strdup (kt_card_get_id (card)));
        }
    }

  return ids;
}

/* Where @topic's deck goes in @folder, and what it is written as: the
 * first of "Id.json", "Id (2).json" … that is free or our deck of it.
 * The ids of the cards that deck had before are added to @present. */
static DeckFile *
plan_deck_file (GFile       *folder,
                KtAnkiTopic *topic,
                GHashTable  *present)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *relative = n == 1 ? g_strconcat (topic->id, ".json", NULL)
                                         : g_strdup_printf ("%s (%u).json", topic->id, n);
      g_autoptr(GFile) target = g_file_resolve_relative_path (folder, relative);
      g_autofree char *existing = NULL;
      gsize len = 0;
      g_autoptr(JsonArray) kept = NULL;
      DeckFile *file;

      if (g_file_load_contents (target, NULL, &existing, &len, NULL, NULL))
        {
          g_autoptr(KtDeck) before = NULL;
          g_autoptr(GHashTable) ids = NULL;
          GHashTableIter iter;
          gpointer id;

          kept = cards_of_our_deck (existing, len, topic->id);
          if (kept == NULL)
            continue;
          before = parse_deck_file (existing, relative);
          ids = card_ids_by_key (before);
          g_hash_table_iter_init (&iter, ids);
          while (g_hash_table_iter_next (&iter, NULL, &id))
            g_hash_table_add (present, g_strdup (id));
        }
      else if (g_file_query_exists (target, NULL))
        continue;

      file = g_new0 (DeckFile, 1);
      file->relative = g_steal_pointer (&relative);
      file->json = topic_json (topic, kept);
      return file;
    }
}

/**
 * kt_anki_read_deck:
 * @path: the package's name in messages
 *
 * What importing @package would give, without writing anything: its
 * topics and cards as the deck folder will read them, and every problem
 * as a diagnostic. For --check and --cards-json.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_anki_read_deck (GFile        *package,
                   const char   *path,
                   GCancellable *cancellable)
{
  g_autoptr(KtDeck) deck = kt_deck_new (path);
  g_autoptr(KtAnkiNotes) notes = NULL;
  g_autoptr(GError) error = NULL;

  deck->format = KT_DECK_FORMAT_ANKI;
  notes = read_notes (package, NULL, NULL, NULL, NULL, NULL, cancellable, &error);
  if (notes == NULL)
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, "%s", error->message);
      return g_steal_pointer (&deck);
    }

  for (guint i = 0; i < notes->warnings->len; i++)
    kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_WARNING, "%s",
                            (const char *) g_ptr_array_index (notes->warnings, i));

  for (guint i = 0; i < notes->topics->len; i++)
    {
      KtAnkiTopic *topic = g_ptr_array_index (notes->topics, i);
      g_autofree char *json = topic_json (topic, NULL);
      g_autofree char *name = g_strconcat (topic->id, ".json", NULL);
      g_autoptr(KtDeck) part = parse_deck_file (json, name);

      while (part->topics->len > 0)
        g_ptr_array_add (deck->topics, g_ptr_array_steal_index (part->topics, 0));
      deck->n_duplicates += part->n_duplicates;
      for (guint d = 0; d < part->diagnostics->len; d++)
        {
          const KtDiagnostic *diagnostic = &g_array_index (part->diagnostics, KtDiagnostic, d);

          /* Translators: a deck of an Anki package, then what is wrong in it. */
          kt_deck_add_diagnostic (deck, 0, diagnostic->severity, _("deck “%s”: %s"),
                                  topic->title, diagnostic->message);
        }
    }
  if (deck->topics->len == 0)
    kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, _("no cards found in this file"));

  return g_steal_pointer (&deck);
}

/* -------------------------------------------------------------------------
 * Writing
 * ---------------------------------------------------------------------- */

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                               NULL, NULL);

  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      remove_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

static gboolean
make_parent (GFile   *file,
             GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GError) local_error = NULL;

  if (g_file_make_directory_with_parents (parent, NULL, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
same_contents (GFile *a,
               GFile *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  return g_file_load_contents (a, NULL, &ca, &la, NULL, NULL) &&
         g_file_load_contents (b, NULL, &cb, &lb, NULL, NULL) &&
         la == lb && memcmp (ca, cb, la) == 0;
}

/* A file written in the hidden folder, and where it goes. */
typedef struct {
  GFile *staged;
  GFile *target;
} Move;

static void
clear_move (gpointer data)
{
  Move *move = data;

  g_clear_object (&move->staged);
  g_clear_object (&move->target);
}

/* The images of every topic: which zip entries to unpack to which staged
 * files, each file once. Unsafe names are reported and left out. */
static void
plan_media (KtAnkiNotes    *notes,
            GFile          *folder,
            GFile          *staging,
            GHashTable     *wanted,
            GArray         *moves,
            KtImported     *imported)
{
  g_autoptr(GHashTable) planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* An image may not take the name of a folder the decks need. */
  for (guint i = 0; i < notes->topics->len; i++)
    {
      KtAnkiTopic *topic = g_ptr_array_index (notes->topics, i);

      for (const char *slash = strchr (topic->id, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
        g_hash_table_add (folders, g_strndup (topic->id, slash - topic->id));
    }

  for (guint i = 0; i < notes->topics->len; i++)
    {
      KtAnkiTopic *topic = g_ptr_array_index (notes->topics, i);
      g_autofree char *dir = g_path_get_dirname (topic->id);
      GHashTableIter iter;
      gpointer name, entry;

      g_hash_table_iter_init (&iter, topic->media);
      while (g_hash_table_iter_next (&iter, &name, &entry))
        {
          g_autofree char *relative = NULL;
          GPtrArray *destinations;
          Move move;

          relative = g_str_equal (dir, ".") ? g_strdup (name) : g_build_filename (dir, name, NULL);
          if (!kt_anki_media_name_is_safe (name) || g_hash_table_contains (folders, relative))
            {
              if (g_hash_table_add (refused, name))
                {
                  g_autofree char *message =
                    /* Translators: %s is a file name from an Anki package. */
                    g_strdup_printf (_("the media file name “%s” is not safe to write; "
                                       "the file was left out"), (const char *) name);

                  g_ptr_array_add (imported->warnings, g_steal_pointer (&message));
                }
              continue;
            }

          if (!g_hash_table_add (planned, g_strdup (relative)))
            continue;
          g_hash_table_add (names, name);

          move.staged = g_file_resolve_relative_path (staging, relative);
          move.target = g_file_resolve_relative_path (folder, relative);
          destinations = g_hash_table_lookup (wanted, entry);
          if (destinations == NULL)
            {
              destinations = g_ptr_array_new_with_free_func (g_object_unref);
              g_hash_table_insert (wanted, g_strdup (entry), destinations);
            }
          g_ptr_array_add (destinations, g_object_ref (move.staged));
          g_array_append_val (moves, move);
        }
    }

  imported->n_images += g_hash_table_size (names);
}

static gboolean
stage_decks (GPtrArray  *deck_files,
             GFile      *folder,
             GFile      *staging,
             GArray     *moves,
             GError    **error)
{
  for (guint i = 0; i < deck_files->len; i++)
    {
      DeckFile *file = g_ptr_array_index (deck_files, i);
      Move move = {
        g_file_resolve_relative_path (staging, file->relative),
        g_file_resolve_relative_path (folder, file->relative),
      };

      g_array_append_val (moves, move);
      if (!make_parent (move.staged, error) ||
          !g_file_replace_contents (move.staged, file->json, strlen (file->json), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Renames the staged files into place. An image already there with other
 * contents is kept, and reported. */
static gboolean
move_into_place (GArray      *moves,
                 KtImported  *imported,
                 GError     **error)
{
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      g_autofree char *staged = g_file_get_path (move->staged);
      g_autofree char *target = g_file_get_path (move->target);
      g_autofree char *name = g_file_get_basename (move->target);

      if (!g_file_query_exists (move->staged, NULL))
        continue;   /* listed in the media map, but not in the zip */
      if (!g_str_has_suffix (target, ".json") && g_file_query_exists (move->target, NULL))
        {
          if (!same_contents (move->staged, move->target))
            {
              g_autofree char *message =
                /* Translators: %s is a file name. */
                g_strdup_printf (_("another file named “%s” is already there and was "
                                   "kept; cards may show it instead of the package’s"), name);

              g_ptr_array_add (imported->warnings, g_steal_pointer (&message));
            }
          continue;
        }
      if (!make_parent (move->target, error))
        return FALSE;
      if (g_rename (staged, target) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot write “%s”: %s"), target, g_strerror (saved));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * kt_anki_import_package:
 * @folder: the deck folder
 * @limits: (nullable): how much the package may unpack to
 * @imported: where the decks written, the counts and the warnings are added
 * @progress: (nullable): told how far the import is, on this thread
 *
 * Imports @package into @folder (see the top of this file). Blocking: run
 * it on a worker.
 *
 * Returns: whether it was imported; if not, @error says why and @folder
 *   is as it was
 */
gboolean
kt_anki_import_package (GFile               *package,
                        GFile               *folder,
                        const KtAnkiLimits  *limits,
                        KtImported          *imported,
                        KtImportProgressFunc progress,
                        gpointer             progress_data,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(KtAnkiPackage) opened = NULL;
  g_autoptr(KtAnkiCollection) collection = NULL;
  g_autoptr(KtAnkiNotes) notes = NULL;
  g_autoptr(GHashTable) card_ids = g_hash_table_new_full (NULL, NULL, NULL,
                                                          (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) deck_files = g_ptr_array_new_with_free_func (deck_file_free);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_autoptr(GFile) staging = NULL;
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *staging_path = NULL;
  guint n_cards = 0;
  gboolean ok;

  g_array_set_clear_func (moves, clear_move);

  notes = read_notes (package, limits, &opened, &collection, progress, progress_data, cancellable,
                      error);
  if (notes == NULL)
    return FALSE;
  if (notes->topics->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("no cards found in this file"));
      return FALSE;
    }

  for (guint i = 0; i < notes->topics->len; i++)
    {
      DeckFile *file = plan_deck_file (folder, g_ptr_array_index (notes->topics, i), present);
      g_autoptr(KtDeck) check = parse_deck_file (file->json, file->relative);

      n_cards += kt_deck_count_cards (check);
      g_hash_table_insert (card_ids, g_ptr_array_index (notes->topics, i), card_ids_by_key (check));
      g_ptr_array_add (deck_files, file);
    }

  if (g_mkdir_with_parents (folder_path, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write “%s”: %s"), folder_path, g_strerror (saved));
      return FALSE;
    }
  staging_path = g_build_filename (folder_path, ".kartoteka-import-XXXXXX", NULL);
  if (g_mkdtemp (staging_path) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write “%s”: %s"), folder_path, g_strerror (saved));
      return FALSE;
    }
  staging = g_file_new_for_path (staging_path);

  plan_media (notes, folder, staging, wanted, moves, imported);
  ok = stage_decks (deck_files, folder, staging, moves, error);
  for (guint i = 0; ok && i < moves->len; i++)
    ok = make_parent (g_array_index (moves, Move, i).staged, error);
  ok = ok && kt_anki_package_extract_media (opened, wanted, cancellable, error);
  if (ok && progress != NULL)
    progress (0.9, progress_data);

  /* The images were planned first, so a deck never shows up before what
   * it shows. */
  ok = ok && move_into_place (moves, imported, error);
  remove_tree (staging);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < notes->warnings->len; i++)
    g_ptr_array_add (imported->warnings, g_strdup (g_ptr_array_index (notes->warnings, i)));
  for (guint i = 0; i < deck_files->len; i++)
    {
      DeckFile *file = g_ptr_array_index (deck_files, i);

      g_ptr_array_add (imported->files, g_file_resolve_relative_path (folder, file->relative));
    }
  imported->n_cards += n_cards;
  imported->n_simplified += notes->n_simplified;
  kt_anki_history_convert (collection, notes, card_ids, present, imported);
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
