/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Anki collection read with SQLite into plain structs: note types,
 * decks, notes, cards and the review log. Both schemas in use:
 *
 *   11      note types and decks are JSON in the one row of "col"
 *           ("models": {id: {name, type, flds: [{name, ord}], tmpls:
 *           [{name, ord, qfmt, afmt}]}}, "decks": {id: {name}});
 *   15–18   they have tables of their own: "notetypes" (a protobuf config
 *           whose field 1 is the kind, 1 for cloze), "fields", "templates"
 *           (a protobuf config: 1 the question format, 2 the answer's) and
 *           "decks", whose names join their levels with U+001F.
 *
 * "notes", "cards" and "revlog" are alike in both. So is the scheduler
 * that wrote the revlog, as Anki's own importer tells it: the collection
 * config's "schedVer" (a member of the JSON "col.conf" in schema 11, a row
 * of the "config" table, its value JSON, from then on), 1 when missing.
 *
 * A note's fields are one text joined by U+001F, its tags one text joined
 * by spaces. Schema 18 declares its names "COLLATE unicase", a collation of
 * Anki's own: SQLite refuses to touch such a table without one, so a
 * case-folding one is registered. Anything SQLite cannot read is reported
 * as a damaged collection; a schema newer than 18 as made by a newer Anki.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "kt-anki-collection.h"
#include "kt-anki-proto.h"

/* Cancellation is looked at every this many rows. */
#define ROWS_PER_CHECK 4096

static void
template_free (gpointer data)
{
  KtAnkiTemplate *template = data;

  g_free (template->name);
  g_free (template->question_format);
  g_free (template->answer_format);
  g_free (template);
}

static void
notetype_free (gpointer data)
{
  KtAnkiNotetype *notetype = data;

  g_free (notetype->name);
  g_ptr_array_unref (notetype->fields);
  g_ptr_array_unref (notetype->templates);
  g_free (notetype);
}

static void
clear_note (gpointer data)
{
  KtAnkiNote *note = data;

  g_free (note->guid);
  g_strfreev (note->fields);
  g_strfreev (note->tags);
}

void
kt_anki_collection_free (KtAnkiCollection *collection)
{
  if (collection == NULL)
    return;

  g_hash_table_unref (collection->notetypes);
  g_hash_table_unref (collection->decks);
  g_array_unref (collection->notes);
  g_array_unref (collection->cards);
  g_array_unref (collection->reviews);
  g_free (collection);
}

static KtAnkiNotetype *
add_notetype (KtAnkiCollection *collection,
              gint64            id,
              const char       *name,
              gboolean          cloze)
{
  KtAnkiNotetype *notetype = g_new0 (KtAnkiNotetype, 1);

  notetype->id = id;
  notetype->name = g_strdup (name);
  notetype->cloze = cloze;
  notetype->fields = g_ptr_array_new_with_free_func (g_free);
  notetype->templates = g_ptr_array_new_with_free_func (template_free);
  g_hash_table_replace (collection->notetypes, g_memdup2 (&notetype->id, sizeof (gint64)), notetype);

  return notetype;
}

static void
add_template (KtAnkiNotetype *notetype,
              const char     *name,
              const char     *question_format,
              const char     *answer_format)
{
  KtAnkiTemplate *template = g_new0 (KtAnkiTemplate, 1);

  template->name = g_strdup (name != NULL ? name : "");
  template->question_format = g_strdup (question_format != NULL ? question_format : "");
  template->answer_format = g_strdup (answer_format != NULL ? answer_format : "");
  g_ptr_array_add (notetype->templates, template);
}

static void
add_deck (KtAnkiCollection *collection,
          gint64            id,
          const char       *name)
{
  g_hash_table_replace (collection->decks, g_memdup2 (&id, sizeof id), g_strdup (name));
}

/* -------------------------------------------------------------------------
 * SQLite
 * ---------------------------------------------------------------------- */

static int
compare_unicase (void       *data,
                 int         len_a,
                 const void *a,
                 int         len_b,
                 const void *b)
{
  g_autofree char *fa = g_utf8_casefold (a, len_a);
  g_autofree char *fb = g_utf8_casefold (b, len_b);

  return strcmp (fa, fb);
}

static void
set_damaged (GError  **error,
             sqlite3  *db)
{
  /* Translators: %s is SQLite's own description of the problem. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("the Anki collection in this package is damaged: %s"),
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
}

/* Column @i as valid UTF-8, never NULL. */
static char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  if (text == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (text, sqlite3_column_bytes (stmt, i));
}

typedef gboolean (*RowFunc) (KtAnkiCollection *collection,
                             sqlite3_stmt     *stmt);

/* Runs @sql and @row on each row it gives. */
static gboolean
for_each_row (sqlite3           *db,
              const char        *sql,
              KtAnkiCollection  *collection,
              RowFunc            row,
              GCancellable      *cancellable,
              GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  guint64 n = 0;
  int status;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_damaged (error, db);
      return FALSE;
    }

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n % ROWS_PER_CHECK == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (!row (collection, stmt))
        break;
    }
  if (status != SQLITE_DONE && status != SQLITE_ROW)
    {
      set_damaged (error, db);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
has_table (sqlite3    *db,
           const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);

  return found;
}

/* -------------------------------------------------------------------------
 * Schema 11: JSON in "col"
 * ---------------------------------------------------------------------- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return 0;
}

/* The objects of the array @name of @object, ordered by their "ord". */
static GPtrArray *
by_ordinal (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GPtrArray *items = g_ptr_array_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return items;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gint64 ord;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      ord = member_int (json_node_get_object (item), "ord");
      if (ord < 0 || ord > 1000)
        continue;
      if ((guint) ord >= items->len)
        g_ptr_array_set_size (items, ord + 1);
      g_ptr_array_index (items, ord) = json_node_get_object (item);
    }

  return items;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static gboolean
read_legacy_models (KtAnkiCollection  *collection,
                    const char        *models_json,
                    const char        *decks_json,
                    GError           **error)
{
  g_autoptr(JsonObject) models = parse_object (models_json);
  g_autoptr(JsonObject) decks = parse_object (decks_json);
  g_autoptr(GList) model_list = NULL;
  g_autoptr(GList) deck_list = NULL;

  if (models == NULL || decks == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the Anki collection in this package is damaged: %s"),
                   "its note types or decks are not JSON");
      return FALSE;
    }

  model_list = json_object_get_values (models);
  for (GList *l = model_list; l != NULL; l = l->next)
    {
      JsonObject *model;
      KtAnkiNotetype *notetype;
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GPtrArray) templates = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (l->data))
        continue;
      model = json_node_get_object (l->data);
      notetype = add_notetype (collection, member_int (model, "id"),
                               member_string (model, "name") ?: "",
                               member_int (model, "type") == 1);
      fields = by_ordinal (model, "flds");
      for (guint i = 0; i < fields->len; i++)
        {
          JsonObject *field = g_ptr_array_index (fields, i);
          g_ptr_array_add (notetype->fields,
                           g_strdup (field != NULL ? member_string (field, "name") ?: "" : ""));
        }
      templates = by_ordinal (model, "tmpls");
      for (guint i = 0; i < templates->len; i++)
        {
          JsonObject *t = g_ptr_array_index (templates, i);

          add_template (notetype, t != NULL ? member_string (t, "name") : NULL,
                        t != NULL ? member_string (t, "qfmt") : NULL,
                        t != NULL ? member_string (t, "afmt") : NULL);
        }
    }

  deck_list = json_object_get_values (decks);
  for (GList *l = deck_list; l != NULL; l = l->next)
    if (JSON_NODE_HOLDS_OBJECT (l->data))
      {
        JsonObject *deck = json_node_get_object (l->data);
        add_deck (collection, member_int (deck, "id"), member_string (deck, "name") ?: "");
      }

  return TRUE;
}

/* -------------------------------------------------------------------------
 * Schema 15 on: tables
 * ---------------------------------------------------------------------- */

static gboolean
notetype_row (KtAnkiCollection *collection,
              sqlite3_stmt     *stmt)
{
  g_autofree char *name = column_text (stmt, 1);
  KtProtoReader reader;
  KtProtoField field;
  gboolean cloze = FALSE;

  kt_proto_reader_init (&reader, sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  while (kt_proto_next (&reader, &field))
    if (field.number == 1 && field.wire == KT_PROTO_VARINT)
      cloze = field.value == 1;

  add_notetype (collection, sqlite3_column_int64 (stmt, 0), name, cloze);
  return TRUE;
}

static gboolean
field_row (KtAnkiCollection *collection,
           sqlite3_stmt     *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  KtAnkiNotetype *notetype = g_hash_table_lookup (collection->notetypes, &id);

  /* Exports keep the fields of note types they left out. */
  if (notetype != NULL)
    g_ptr_array_add (notetype->fields, column_text (stmt, 2));
  return TRUE;
}

static gboolean
template_row (KtAnkiCollection *collection,
              sqlite3_stmt     *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  KtAnkiNotetype *notetype = g_hash_table_lookup (collection->notetypes, &id);
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;
  g_autofree char *answer = NULL;
  KtProtoReader reader;
  KtProtoField field;

  if (notetype == NULL)
    return TRUE;

  name = column_text (stmt, 2);
  kt_proto_reader_init (&reader, sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
  while (kt_proto_next (&reader, &field))
    {
      if (field.number == 1 && field.wire == KT_PROTO_BYTES)
        {
          g_free (question);
          question = kt_proto_dup_string (&field);
        }
      else if (field.number == 2 && field.wire == KT_PROTO_BYTES)
        {
          g_free (answer);
          answer = kt_proto_dup_string (&field);
        }
    }

  add_template (notetype, name, question, answer);
  return TRUE;
}

static gboolean
deck_row (KtAnkiCollection *collection,
          sqlite3_stmt     *stmt)
{
  g_autofree char *name = column_text (stmt, 1);
  g_auto(GStrv) levels = g_strsplit (name, "\x1f", -1);
  g_autofree char *joined = g_strjoinv ("::", levels);

  add_deck (collection, sqlite3_column_int64 (stmt, 0), joined);
  return TRUE;
}

/* -------------------------------------------------------------------------
 * Notes, cards, review log: the same in every schema
 * ---------------------------------------------------------------------- */

static gboolean
note_row (KtAnkiCollection *collection,
          sqlite3_stmt     *stmt)
{
  g_autofree char *tags = column_text (stmt, 3);
  g_autofree char *fields = column_text (stmt, 4);
  g_auto(GStrv) words = g_strsplit_set (tags, " \t\n", -1);
  GPtrArray *kept = g_ptr_array_new ();
  KtAnkiNote note = {
    .id = sqlite3_column_int64 (stmt, 0),
    .guid = column_text (stmt, 1),
    .notetype = sqlite3_column_int64 (stmt, 2),
    .fields = g_strsplit (fields, "\x1f", -1),
  };

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (kept, g_strdup (words[i]));
  g_ptr_array_add (kept, NULL);
  note.tags = (char **) g_ptr_array_free (kept, FALSE);

  g_array_append_val (collection->notes, note);
  return TRUE;
}

static gboolean
card_row (KtAnkiCollection *collection,
          sqlite3_stmt     *stmt)
{
  gint64 original_deck = sqlite3_column_int64 (stmt, 11);
  KtAnkiCard card = {
    .id = sqlite3_column_int64 (stmt, 0),
    .note = sqlite3_column_int64 (stmt, 1),
    .deck = original_deck != 0 ? original_deck : sqlite3_column_int64 (stmt, 2),
    .ordinal = CLAMP (sqlite3_column_int64 (stmt, 3), 0, G_MAXINT),
    .type = sqlite3_column_int (stmt, 4),
    .queue = sqlite3_column_int (stmt, 5),
    .due = sqlite3_column_int64 (stmt, 6),
    .interval = sqlite3_column_int (stmt, 7),
    .factor = sqlite3_column_int (stmt, 8),
    .reps = sqlite3_column_int (stmt, 9),
    .lapses = sqlite3_column_int (stmt, 10),
  };

  g_array_append_val (collection->cards, card);
  return TRUE;
}

static gboolean
review_row (KtAnkiCollection *collection,
            sqlite3_stmt     *stmt)
{
  KtAnkiReview review = {
    .id = sqlite3_column_int64 (stmt, 0),
    .card = sqlite3_column_int64 (stmt, 1),
    .ease = sqlite3_column_int (stmt, 2),
    .interval = sqlite3_column_int (stmt, 3),
    .last_interval = sqlite3_column_int (stmt, 4),
    .factor = sqlite3_column_int (stmt, 5),
    .time = sqlite3_column_int (stmt, 6),
    .type = sqlite3_column_int (stmt, 7),
  };

  g_array_append_val (collection->reviews, review);
  return TRUE;
}

/* The "schedVer" of @conf (schema 11's "col.conf"), or of the "config"
 * table when there is one; 1 when neither has it, as Anki takes it. */
static int
read_scheduler (sqlite3    *db,
                const char *conf)
{
  g_autoptr(JsonObject) object = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = 1;

  if (has_table (db, "config"))
    {
      if (sqlite3_prepare_v2 (db, "SELECT val FROM config WHERE KEY = 'schedVer'", -1, &stmt,
                              NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *text = column_text (stmt, 0);

          version = g_ascii_strtoll (g_strstrip (text), NULL, 10);
        }
      sqlite3_finalize (stmt);
    }
  else if ((object = parse_object (conf)) != NULL && json_object_has_member (object, "schedVer"))
    version = member_int (object, "schedVer");

  return version >= 2 ? 2 : 1;
}

static gboolean
read_schema (sqlite3           *db,
             KtAnkiCollection  *collection,
             GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *models = NULL;
  g_autofree char *decks = NULL;
  g_autofree char *conf = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "SELECT ver, models, decks, mod, conf FROM col", -1, &stmt,
                          NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_damaged (error, db);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  collection->schema = sqlite3_column_int (stmt, 0);
  models = column_text (stmt, 1);
  decks = column_text (stmt, 2);
  collection->modified = sqlite3_column_int64 (stmt, 3);
  conf = column_text (stmt, 4);
  sqlite3_finalize (stmt);

  if (collection->schema > KT_ANKI_SCHEMA_MAX || collection->schema < KT_ANKI_SCHEMA_MIN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   collection->schema > KT_ANKI_SCHEMA_MAX
                     ? _("this collection was made by a newer Anki than Kartoteka knows "
                         "(schema %d; Kartoteka reads %d to %d)")
                     : _("this collection was made by an Anki too old for Kartoteka "
                         "(schema %d; Kartoteka reads %d to %d)"),
                   collection->schema, KT_ANKI_SCHEMA_MIN, KT_ANKI_SCHEMA_MAX);
      return FALSE;
    }
  collection->scheduler = read_scheduler (db, conf);

  if (!has_table (db, "notetypes"))
    return read_legacy_models (collection, models, decks, error);

  ok = for_each_row (db, "SELECT id, name, config FROM notetypes", collection, notetype_row,
                     NULL, error) &&
       for_each_row (db, "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord", collection,
                     field_row, NULL, error) &&
       for_each_row (db, "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord",
                     collection, template_row, NULL, error) &&
       for_each_row (db, "SELECT id, name FROM decks", collection, deck_row, NULL, error);

  return ok;
}

/**
 * kt_anki_collection_read:
 * @path: an unpacked collection (kt_anki_package_get_collection())
 *
 * Reads everything the importer needs, and the cards' scheduling and the
 * review log for when progress comes along too. Blocking: run it on a
 * worker.
 *
 * Returns: (transfer full): the collection, or %NULL with @error set to a
 *   message for people
 */
KtAnkiCollection *
kt_anki_collection_read (const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(KtAnkiCollection) collection = g_new0 (KtAnkiCollection, 1);
  sqlite3 *db = NULL;
  gboolean ok;

  collection->notetypes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, notetype_free);
  collection->decks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  collection->notes = g_array_new (FALSE, FALSE, sizeof (KtAnkiNote));
  g_array_set_clear_func (collection->notes, clear_note);
  collection->cards = g_array_new (FALSE, FALSE, sizeof (KtAnkiCard));
  collection->reviews = g_array_new (FALSE, FALSE, sizeof (KtAnkiReview));

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      set_damaged (error, db);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_create_collation (db, "unicase", SQLITE_UTF8, NULL, compare_unicase);

  ok = read_schema (db, collection, error) &&
       for_each_row (db, "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id", collection,
                     note_row, cancellable, error) &&
       for_each_row (db, "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, "
                         "odid FROM cards ORDER BY nid, ord", collection, card_row,
                     cancellable, error) &&
       for_each_row (db, "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog "
                         "ORDER BY id", collection, review_row, cancellable, error);
  sqlite3_close (db);

  return ok ? g_steal_pointer (&collection) : NULL;
}

/* The note with @id, or NULL. */
KtAnkiNote *
kt_anki_collection_find_note (KtAnkiCollection *collection,
                              gint64            id)
{
  guint low = 0;
  guint high = collection->notes->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      KtAnkiNote *note = &g_array_index (collection->notes, KtAnkiNote, mid);

      if (note->id == id)
        return note;
      if (note->id < id)
        low = mid + 1;
      else
        high = mid;
    }

  return NULL;
}
