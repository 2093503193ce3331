/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Progress as JSON, the format of docs/progress-format.md: every card of
 * the loaded topics, then the cards that have progress but are not loaded
 * now ("orphans"), each with its record and its answers from the review
 * log.
 *
 * Reading validates the whole file into a KtProgressImport before
 * anything touches a KtProgress, so a bad file changes nothing and the
 * user can be shown what an import would do before it is done. The file
 * may come from anywhere: its size and nesting are bounded before
 * json-glib sees it (json-glib recurses once per level and would overflow
 * the stack), and every value is checked, with a message saying where.
 */
#define G_LOG_DOMAIN "kt-progress-json"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kt-file.h"
#include "kt-json.h"
#include "kt-progress-json.h"
#include "kt-stats.h"
#include "kt-topic.h"

#define READ_CHUNK     (64 * 1024)

/* Indexed by KtCardState */
static const char * const state_names[] = { "new", "learning", "review", "relearning" };
/* Indexed by KtRating - KT_RATING_AGAIN */
static const char * const rating_names[] = { "again", "hard", "good", "easy" };

struct _KtProgressImport
{
  GArray *cards;  /* ImportCard, in file order, each id once */
  GArray *log;    /* KtReviewLogEntry, in file order */
};

typedef struct
{
  char             *card_id;
  gboolean          has_record;  /* FALSE: a card never studied */
  KtProgressRecord  record;
} ImportCard;

typedef enum
{
  CHANGE_NONE,
  CHANGE_ADD,
  CHANGE_UPDATE,
} Change;

G_DEFINE_QUARK (kt-progress-json-error-quark, kt_progress_json_error)

/* ---- export ------------------------------------------------------------ */

typedef struct
{
  JsonBuilder *builder;
  GHashTable  *reviews;      /* card id → GPtrArray of const KtReviewLogEntry *, oldest first */
  GHashTable  *written;      /* card ids exported so far (borrowed) */
  gint64       day_end_us;
  KtStatsCounts counts;     /* the summary, counted as the Statistics page counts */
} Export;

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time_us)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) exact = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (time_us < 0)
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* KtProgress refuses times GDateTime cannot hold, so this is never NULL. */
  seconds = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  exact = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
  /* Fractions of a second are written only when there are any. */
  text = g_date_time_format_iso8601 (exact);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* json-glib writes doubles with 17 significant digits, so every double
 * reads back bit for bit. */
static void
add_double (JsonBuilder *builder,
            const char  *name,
            gboolean     is_set,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (is_set)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* @question is NULL for an orphan, @record for a card never studied. */
static void
add_card (Export                 *export,
          const char             *card_id,
          const char             *question,
          const KtProgressRecord *record)
{
  JsonBuilder *builder = export->builder;
  GPtrArray *reviews = g_hash_table_lookup (export->reviews, card_id);
  KtCardState state = record != NULL ? record->fsrs.state : KT_CARD_NEW;
  gboolean has_memory = record != NULL && record->fsrs.has_memory;

  kt_stats_counts_add (&export->counts, record, export->day_end_us);

  json_builder_begin_object (builder);
  add_string (builder, "id", card_id);
  if (question != NULL)
    add_string (builder, "question", question);
  add_string (builder, "state", state_names[state]);
  add_int (builder, "step", record != NULL ? record->fsrs.step : 0);
  add_time (builder, "due", record != NULL ? record->fsrs.due_us : -1);
  add_double (builder, "stability", has_memory, has_memory ? record->fsrs.stability : 0.0);
  add_double (builder, "difficulty", has_memory, has_memory ? record->fsrs.difficulty : 0.0);
  add_int (builder, "reps", record != NULL ? record->reps : 0);
  add_int (builder, "lapses", record != NULL ? record->lapses : 0);
  add_time (builder, "last_review",
            record != NULL && record->fsrs.last_review_us > 0 ? record->fsrs.last_review_us : -1);

  json_builder_set_member_name (builder, "reviews");
  json_builder_begin_array (builder);
  for (guint i = 0; reviews != NULL && i < reviews->len; i++)
    {
      const KtReviewLogEntry *entry = g_ptr_array_index (reviews, i);

      json_builder_begin_object (builder);
      add_time (builder, "time", entry->time_us);
      add_string (builder, "rating", rating_names[entry->rating - KT_RATING_AGAIN]);
      add_string (builder, "state", state_names[entry->state_before]);
      add_double (builder, "elapsed_days", TRUE, entry->elapsed_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static JsonNode *
build_topics (Export     *export,
              KtProgress *progress,
              GListModel *topics)
{
  JsonBuilder *builder = export->builder;
  guint n_topics = g_list_model_get_n_items (topics);

  json_builder_reset (builder);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);
      guint n_cards = g_list_model_get_n_items (G_LIST_MODEL (topic));

      json_builder_begin_object (builder);
      add_string (builder, "id", kt_topic_get_id (topic));
      add_string (builder, "title", kt_topic_get_title (topic));
      add_string (builder, "source", kt_topic_get_source (topic));
      json_builder_set_member_name (builder, "cards");
      json_builder_begin_array (builder);
      for (guint j = 0; j < n_cards; j++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), j);
          const char *card_id = kt_card_get_id (card);

          /* A card listed by two topics (say, an "all cards" one) is
           * written once, in the first. */
          if (!g_hash_table_add (export->written, (gpointer) card_id))
            continue;
          add_card (export, card_id, kt_card_get_question (card),
                    kt_progress_lookup (progress, card_id));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
collect_orphan_cb (const char             *card_id,
                   const KtProgressRecord *record,
                   gpointer                user_data)
{
  GPtrArray *orphans = user_data;

  g_ptr_array_add (orphans, (gpointer) card_id);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Orphans are every other card with a record or a logged answer, sorted
 * by id so that exports of the same progress compare equal. */
static JsonNode *
build_orphans (Export     *export,
               KtProgress *progress)
{
  JsonBuilder *builder = export->builder;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  kt_progress_foreach (progress, collect_orphan_cb, ids);
  g_hash_table_iter_init (&iter, export->reviews);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (kt_progress_lookup (progress, key) == NULL)
      g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_ids);

  json_builder_reset (builder);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *card_id = g_ptr_array_index (ids, i);

      if (g_hash_table_add (export->written, (gpointer) card_id))
        add_card (export, card_id, NULL, kt_progress_lookup (progress, card_id));
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/**
 * kt_progress_json_build:
 * @topics: a #GListModel of #KtTopic: pass the #KtLibrary, not a model
 *   that starts with an "all cards" topic, or every card lands in that one
 * @now_us: the time of the export, which also decides what is due today
 *
 * Builds the JSON document of docs/progress-format.md.
 *
 * Returns: (transfer full): the root object
 */
JsonNode *
kt_progress_json_build (KtProgress *progress,
                        GListModel *topics,
                        gint64      now_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) reviews = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(JsonNode) topics_node = NULL;
  g_autoptr(JsonNode) orphans_node = NULL;
  Export export = { 0 };
  KtFsrsParams params;
  KtStatsRetention retention;
  double retention_30d = 0.0;
  gboolean has_retention;
  gint64 day_start_us;
  guint n_log;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (topics), NULL);

  reviews = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) g_ptr_array_unref);
  n_log = kt_progress_get_n_log_entries (progress);
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      GPtrArray *card_reviews = g_hash_table_lookup (reviews, entry->card_id);

      if (card_reviews == NULL)
        {
          card_reviews = g_ptr_array_new ();
          g_hash_table_insert (reviews, entry->card_id, card_reviews);
        }
      g_ptr_array_add (card_reviews, (gpointer) entry);
    }
  kt_stats_count_retention (progress, NULL, now_us, &retention);
  has_retention = kt_stats_get_retention (&retention, &retention_30d);

  written = g_hash_table_new (g_str_hash, g_str_equal);
  export.builder = builder;
  export.reviews = reviews;
  export.written = written;
  kt_progress_get_day_bounds (progress, now_us, &day_start_us, &export.day_end_us);

  topics_node = build_topics (&export, progress, topics);
  orphans_node = build_orphans (&export, progress);

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  add_string (builder, "format", KT_PROGRESS_JSON_FORMAT);
  add_int (builder, "version", KT_PROGRESS_JSON_VERSION);
  add_time (builder, "exported", now_us);

  json_builder_set_member_name (builder, "application");
  json_builder_begin_object (builder);
  add_string (builder, "id", APP_ID);
  add_string (builder, "version", PACKAGE_VERSION);
  json_builder_end_object (builder);

  kt_progress_get_params (progress, &params);
  json_builder_set_member_name (builder, "scheduler");
  json_builder_begin_object (builder);
  add_string (builder, "algorithm", "FSRS-6");
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    json_builder_add_double_value (builder, params.w[i]);
  json_builder_end_array (builder);
  add_double (builder, "desired_retention", TRUE, params.desired_retention);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  add_int (builder, "cards", export.counts.n_cards);
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    add_int (builder, state_names[i], export.counts.n_by_state[i]);
  add_int (builder, "due_today", export.counts.n_due);
  add_int (builder, "reviews", n_log);
  add_double (builder, "retention_30d", has_retention, retention_30d);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "topics");
  json_builder_add_value (builder, g_steal_pointer (&topics_node));
  json_builder_set_member_name (builder, "orphans");
  json_builder_add_value (builder, g_steal_pointer (&orphans_node));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * kt_progress_json_to_data:
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): @root as indented JSON text ending in a newline
 */
char *
kt_progress_json_to_data (JsonNode *root,
                          gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize text_length;

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &text_length);
  if (length != NULL)
    *length = text_length + 1;

  return g_strconcat (text, "\n", NULL);
}

/**
 * kt_progress_json_save:
 *
 * Writes @root to @file so that @file holds either its old contents or
 * all of the new ones, even if the process dies or the disk fills up
 * midway.
 */
gboolean
kt_progress_json_save (JsonNode  *root,
                       GFile     *file,
                       GError   **error)
{
  g_autofree char *data = NULL;
  const char *path;
  gsize length;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = kt_progress_json_to_data (root, &length);

  /* g_file_replace_contents() writes a file that does not exist yet in
   * place, so a crash could leave half of one; and when the folder is not
   * writable it overwrites an existing file in place. For local files,
   * always write a new file beside it, sync it and rename it over. */
  path = g_file_peek_path (file);
  if (path != NULL)
    return g_file_set_contents_full (path, data, length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0666, error);

  return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

/**
 * kt_progress_json_write:
 *
 * Exports @progress of the cards in @topics (see kt_progress_json_build())
 * and of every other card to @file (see kt_progress_json_save()).
 */
gboolean
kt_progress_json_write (KtProgress  *progress,
                        GListModel  *topics,
                        GFile       *file,
                        gint64       now_us,
                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (topics), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  root = kt_progress_json_build (progress, topics, now_us);
  return kt_progress_json_save (root, file, error);
}

/* ---- validation -------------------------------------------------------- */

typedef struct
{
  GString          *path;      /* where in the file: "topics[0].cards[3]" */
  GHashTable       *card_ids;  /* ids seen so far, borrowed from the parsed tree */
  KtProgressImport *import;
  GError          **error;
} Reader;

typedef enum
{
  TEXT_ANY,
  TEXT_NON_EMPTY,
  TEXT_OR_NULL,
} TextKind;

/* Appends ".name" to the path; returns the length to go back to. */
static gsize
enter_member (Reader     *r,
              const char *name)
{
  gsize mark = r->path->len;

  if (mark > 0)
    g_string_append_c (r->path, '.');
  g_string_append (r->path, name);

  return mark;
}

static gsize
enter_index (Reader *r,
             guint   index)
{
  gsize mark = r->path->len;

  g_string_append_printf (r->path, "[%u]", index);

  return mark;
}

static void
leave (Reader *r,
       gsize   mark)
{
  g_string_truncate (r->path, mark);
}

/* Always returns FALSE, so that callers can return its result. */
static gboolean
invalid (Reader     *r,
         const char *problem)
{
  g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_INVALID,
               /* Translators: where in a progress file, then what is wrong
                * there, as in "topics[0].cards[3].stability: must be null or
                * a number of at least 0.001". */
               _("%s: %s"), r->path->str, problem);
  return FALSE;
}

/* Enters @name and returns its value, or NULL (with the error set) when
 * it is missing. The caller leaves. */
static JsonNode *
enter_value (Reader     *r,
             JsonObject *object,
             const char *name,
             gsize      *mark)
{
  JsonNode *node = json_object_get_member (object, name);

  *mark = enter_member (r, name);
  if (node == NULL)
    invalid (r, _("this member is missing"));

  return node;
}

static gboolean
is_number (JsonNode *node)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  /* json_node_get_double() would also read a boolean. */
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

/* Whole numbers may come as 3 or as 3.0. */
static gboolean
get_whole_number (JsonNode *node,
                  gint64    min,
                  gint64    max,
                  gint64   *value)
{
  double d;

  if (!is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return *value >= min && *value <= max;
    }

  /* Beyond 2^53 doubles skip whole numbers, and the cast would overflow. */
  d = json_node_get_double (node);
  if (!isfinite (d) || d != floor (d) || fabs (d) > 9007199254740992.0 ||
      d < (double) min || d > (double) max)
    return FALSE;
  *value = (gint64) d;

  return TRUE;
}

static gboolean
read_object (Reader      *r,
             JsonObject  *object,
             const char  *name,
             JsonObject **value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (r, _("must be an object"));

  *value = json_node_get_object (node);
  leave (r, mark);
  return TRUE;
}

static gboolean
read_array (Reader      *r,
            JsonObject  *object,
            const char  *name,
            JsonArray  **value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (r, _("must be an array"));

  *value = json_node_get_array (node);
  leave (r, mark);
  return TRUE;
}

/* Elements of arrays that must hold objects. */
static JsonObject *
element_object (Reader    *r,
                JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      gsize mark = enter_index (r, index);

      invalid (r, _("must be an object"));
      leave (r, mark);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
read_text (Reader      *r,
           JsonObject  *object,
           const char  *name,
           TextKind     kind,
           const char **value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);

  if (node == NULL)
    return FALSE;

  if (kind == TEXT_OR_NULL && JSON_NODE_HOLDS_NULL (node))
    *value = NULL;
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           (kind != TEXT_NON_EMPTY || json_node_get_string (node)[0] != '\0'))
    *value = json_node_get_string (node);
  else if (kind == TEXT_OR_NULL)
    return invalid (r, _("must be a string or null"));
  else if (kind == TEXT_NON_EMPTY)
    return invalid (r, _("must be a non-empty string"));
  else
    return invalid (r, _("must be a string"));

  leave (r, mark);
  return TRUE;
}

/* @value is NAN for null: imported numbers are never NAN. */
static gboolean
read_number (Reader     *r,
             JsonObject *object,
             const char *name,
             gboolean    nullable,
             double      min,
             double      max,
             const char *problem,
             double     *value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);
  double d;

  if (node == NULL)
    return FALSE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    d = NAN;
  else if (!is_number (node))
    return invalid (r, problem);
  else
    {
      d = json_node_get_double (node);
      /* 1e999 reads as infinity; NaN cannot be written in JSON at all. */
      if (!isfinite (d) || d < min || d > max)
        return invalid (r, problem);
    }

  *value = d;
  leave (r, mark);
  return TRUE;
}

static gboolean
read_count (Reader     *r,
            JsonObject *object,
            const char *name,
            guint       max,
            guint      *value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);
  gint64 n;

  if (node == NULL)
    return FALSE;
  if (!get_whole_number (node, 0, max, &n))
    {
      g_autofree char *problem = g_strdup_printf (_("must be a whole number from 0 to %u"), max);

      return invalid (r, problem);
    }

  *value = n;
  leave (r, mark);
  return TRUE;
}

static gboolean
read_name (Reader             *r,
           JsonObject         *object,
           const char         *name,
           const char * const *names,
           guint               n_names,
           int                *value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);
  g_autoptr(GString) choices = NULL;
  g_autofree char *problem = NULL;

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    for (guint i = 0; i < n_names; i++)
      if (g_str_equal (json_node_get_string (node), names[i]))
        {
          *value = i;
          leave (r, mark);
          return TRUE;
        }

  choices = g_string_new (NULL);
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (choices, "%s“%s”", i > 0 ? ", " : "", names[i]);
  /* Translators: %s lists the words allowed, as in "“new”, “learning”". */
  problem = g_strdup_printf (_("must be one of %s"), choices->str);

  return invalid (r, problem);
}

/* Any ISO 8601 date and time with an offset is read; -1 stands for null. */
static gboolean
read_time (Reader     *r,
           JsonObject *object,
           const char *name,
           gboolean    nullable,
           gint64     *value)
{
  gsize mark;
  JsonNode *node = enter_value (r, object, name, &mark);
  g_autoptr(GDateTime) time = NULL;

  if (node == NULL)
    return FALSE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = -1;
      leave (r, mark);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  if (time == NULL || g_date_time_to_unix (time) < 0)
    return invalid (r, nullable
                       ? _("must be null or a date and time such as “2025-03-01T09:30:00Z”, "
                           "not before 1970")
                       : _("must be a date and time such as “2025-03-01T09:30:00Z”, not before 1970"));

  *value = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  leave (r, mark);
  return TRUE;
}

static gboolean
read_review (Reader     *r,
             JsonObject *object,
             const char *card_id)
{
  KtReviewLogEntry entry = { 0 };
  int rating = 0, state = 0;

  if (!read_time (r, object, "time", FALSE, &entry.time_us) ||
      !read_name (r, object, "rating", rating_names, G_N_ELEMENTS (rating_names), &rating) ||
      !read_name (r, object, "state", state_names, G_N_ELEMENTS (state_names), &state) ||
      !read_number (r, object, "elapsed_days", FALSE, 0.0, G_MAXDOUBLE,
                    _("must be a number of days, 0 or more"), &entry.elapsed_days))
    return FALSE;

  entry.card_id = g_strdup (card_id);
  entry.rating = KT_RATING_AGAIN + rating;
  entry.state_before = state;
  g_array_append_val (r->import->log, entry);

  return TRUE;
}

/* A card of a topic, or an orphan (@with_question FALSE). */
static gboolean
read_card (Reader     *r,
           JsonObject *object,
           gboolean    with_question)
{
  ImportCard card = { 0 };
  KtFsrsCard *fsrs = &card.record.fsrs;
  const char *card_id, *question;
  JsonArray *reviews;
  int state;
  guint step, n_reviews;
  double stability, difficulty;
  gsize mark;

  if (!read_text (r, object, "id", TEXT_NON_EMPTY, &card_id) ||
      (with_question && !read_text (r, object, "question", TEXT_ANY, &question)) ||
      !read_name (r, object, "state", state_names, G_N_ELEMENTS (state_names), &state) ||
      !read_count (r, object, "step", KT_FSRS_MAX_STEPS - 1, &step) ||
      !read_time (r, object, "due", TRUE, &fsrs->due_us) ||
      !read_number (r, object, "stability", TRUE, 0.001, G_MAXDOUBLE,
                    _("must be null or a number of at least 0.001"), &stability) ||
      !read_number (r, object, "difficulty", TRUE, 1.0, 10.0,
                    _("must be null or a number from 1 to 10"), &difficulty) ||
      !read_count (r, object, "reps", G_MAXUINT32, &card.record.reps) ||
      !read_count (r, object, "lapses", G_MAXUINT32, &card.record.lapses) ||
      !read_time (r, object, "last_review", TRUE, &fsrs->last_review_us) ||
      !read_array (r, object, "reviews", &reviews))
    return FALSE;

  /* The same rules as KtProgress applies to the records it loads. */
  fsrs->state = state;
  fsrs->step = step;
  fsrs->has_memory = !isnan (stability);
  if (isnan (stability) != isnan (difficulty))
    return invalid (r, _("stability and difficulty must both be numbers or both be null"));
  if (!fsrs->has_memory && (fsrs->state == KT_CARD_REVIEW || fsrs->state == KT_CARD_RELEARNING))
    return invalid (r, _("a card in review or relearning needs stability and difficulty"));
  if (fsrs->has_memory)
    {
      fsrs->stability = stability;
      fsrs->difficulty = difficulty;
    }

  /* No due time: never studied, so there is no record to import. */
  card.has_record = fsrs->due_us >= 0;
  if (!card.has_record &&
      (fsrs->state != KT_CARD_NEW || fsrs->step != 0 || fsrs->has_memory ||
       card.record.reps != 0 || card.record.lapses != 0 || fsrs->last_review_us >= 0))
    return invalid (r, _("a card without a due time must be new, with no other progress"));
  if (fsrs->last_review_us < 0)
    fsrs->last_review_us = 0;

  if (!g_hash_table_add (r->card_ids, (gpointer) card_id))
    {
      g_autofree char *problem = NULL;

      mark = enter_member (r, "id");
      problem = g_strdup_printf (_("“%s” appears more than once in the file"), card_id);
      return invalid (r, problem);
    }

  mark = enter_member (r, "reviews");
  n_reviews = json_array_get_length (reviews);
  for (guint i = 0; i < n_reviews; i++)
    {
      JsonObject *review = element_object (r, reviews, i);
      gsize review_mark;

      if (review == NULL)
        return FALSE;
      review_mark = enter_index (r, i);
      if (!read_review (r, review, card_id))
        return FALSE;
      leave (r, review_mark);
    }
  leave (r, mark);

  card.card_id = g_strdup (card_id);
  g_array_append_val (r->import->cards, card);

  return TRUE;
}

static gboolean
read_cards (Reader     *r,
            JsonObject *object,
            const char *name,
            gboolean    with_question)
{
  JsonArray *cards;
  guint n_cards;
  gsize mark;

  if (!read_array (r, object, name, &cards))
    return FALSE;

  mark = enter_member (r, name);
  n_cards = json_array_get_length (cards);
  for (guint i = 0; i < n_cards; i++)
    {
      JsonObject *card = element_object (r, cards, i);
      gsize card_mark;

      if (card == NULL)
        return FALSE;
      card_mark = enter_index (r, i);
      if (!read_card (r, card, with_question))
        return FALSE;
      leave (r, card_mark);
    }
  leave (r, mark);

  return TRUE;
}

static gboolean
read_topic (Reader     *r,
            JsonObject *object)
{
  const char *id, *title, *source;

  return read_text (r, object, "id", TEXT_ANY, &id) &&
         read_text (r, object, "title", TEXT_ANY, &title) &&
         read_text (r, object, "source", TEXT_OR_NULL, &source) &&
         read_cards (r, object, "cards", TRUE);
}

static gboolean
read_parameters (Reader     *r,
                 JsonObject *scheduler)
{
  JsonArray *parameters;
  gsize mark;

  if (!read_array (r, scheduler, "parameters", &parameters))
    return FALSE;

  mark = enter_member (r, "parameters");
  if (json_array_get_length (parameters) != KT_FSRS_N_PARAMS)
    {
      g_autofree char *problem =
        g_strdup_printf (ngettext ("must hold exactly %d number", "must hold exactly %d numbers",
                                   KT_FSRS_N_PARAMS), KT_FSRS_N_PARAMS);

      return invalid (r, problem);
    }
  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    {
      JsonNode *node = json_array_get_element (parameters, i);

      if (!is_number (node) || !isfinite (json_node_get_double (node)))
        {
          enter_index (r, i);
          return invalid (r, _("must be a finite number"));
        }
    }
  leave (r, mark);

  return TRUE;
}

/* What the file says about its maker and its cards is checked for shape
 * only: the merge needs none of it. */
static gboolean
read_header (Reader     *r,
             JsonObject *root)
{
  JsonObject *application, *scheduler, *summary;
  const char *text;
  gint64 exported;
  double number;
  guint count;
  gsize mark;

  if (!read_time (r, root, "exported", FALSE, &exported) ||
      !read_object (r, root, "application", &application))
    return FALSE;

  mark = enter_member (r, "application");
  if (!read_text (r, application, "id", TEXT_ANY, &text) ||
      !read_text (r, application, "version", TEXT_ANY, &text))
    return FALSE;
  leave (r, mark);

  if (!read_object (r, root, "scheduler", &scheduler))
    return FALSE;
  mark = enter_member (r, "scheduler");
  if (!read_text (r, scheduler, "algorithm", TEXT_ANY, &text) ||
      !read_parameters (r, scheduler) ||
      !read_number (r, scheduler, "desired_retention", FALSE, 0.0, 1.0,
                    _("must be a number from 0 to 1"), &number))
    return FALSE;
  leave (r, mark);

  if (!read_object (r, root, "summary", &summary))
    return FALSE;
  mark = enter_member (r, "summary");
  if (!read_count (r, summary, "cards", G_MAXUINT32, &count))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (!read_count (r, summary, state_names[i], G_MAXUINT32, &count))
      return FALSE;
  if (!read_count (r, summary, "due_today", G_MAXUINT32, &count) ||
      !read_count (r, summary, "reviews", G_MAXUINT32, &count) ||
      !read_number (r, summary, "retention_30d", TRUE, 0.0, 1.0,
                    _("must be null or a number from 0 to 1"), &number))
    return FALSE;
  leave (r, mark);

  return TRUE;
}

static gboolean
read_root (Reader   *r,
           JsonNode *node)
{
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *format = root != NULL ? json_object_get_member (root, "format") : NULL;
  JsonNode *version;
  JsonArray *topics;
  gint64 version_number;
  guint n_topics;
  gsize mark;

  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      !g_str_equal (json_node_get_string (format), KT_PROGRESS_JSON_FORMAT))
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT,
                   _("This is not a Kartoteka progress file: its “format” is not “%s”"),
                   KT_PROGRESS_JSON_FORMAT);
      return FALSE;
    }

  version = enter_value (r, root, "version", &mark);
  if (version == NULL)
    return FALSE;
  if (!get_whole_number (version, G_MININT64, G_MAXINT64, &version_number))
    return invalid (r, _("must be a whole number"));
  if (version_number != KT_PROGRESS_JSON_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version_number);

      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_VERSION,
                   _("The file is in version %s of the progress format, "
                     "but this version of Kartoteka reads only version %d"),
                   number, KT_PROGRESS_JSON_VERSION);
      return FALSE;
    }
  leave (r, mark);

  if (!read_header (r, root) || !read_array (r, root, "topics", &topics))
    return FALSE;

  mark = enter_member (r, "topics");
  n_topics = json_array_get_length (topics);
  for (guint i = 0; i < n_topics; i++)
    {
      JsonObject *topic = element_object (r, topics, i);
      gsize topic_mark;

      if (topic == NULL)
        return FALSE;
      topic_mark = enter_index (r, i);
      if (!read_topic (r, topic))
        return FALSE;
      leave (r, topic_mark);
    }
  leave (r, mark);

  return read_cards (r, root, "orphans", FALSE);
}

static void
set_too_big (GError **error)
{
  g_autofree char *size = g_format_size_full (KT_PROGRESS_JSON_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
               _("The file is larger than %s, too big to be a progress file"), size);
}

static void
import_card_clear (gpointer data)
{
  ImportCard *card = data;

  g_free (card->card_id);
}

static void
log_entry_clear (gpointer data)
{
  KtReviewLogEntry *entry = data;

  g_free (entry->card_id);
}

/**
 * kt_progress_json_read_data:
 * @data: (array length=length): the text of a progress file
 *
 * Validates @data completely; see kt_progress_json_read().
 *
 * Returns: (transfer full): the import, or %NULL with @error set in the
 *   #KT_PROGRESS_JSON_ERROR domain
 */
KtProgressImport *
kt_progress_json_read_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GHashTable) card_ids = NULL;
  g_autoptr(GString) path = NULL;
  Reader reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > KT_PROGRESS_JSON_MAX_SIZE)
    {
      set_too_big (error);
      return NULL;
    }
  if (kt_json_nests_deeper_than (data, length, KT_PROGRESS_JSON_MAX_DEPTH))
    {
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT,
                   _("This is not a Kartoteka progress file: it nests more than %d levels deep"),
                   KT_PROGRESS_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_NOT_JSON,
                   _("The file is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  import = g_new0 (KtProgressImport, 1);
  import->cards = g_array_new (FALSE, FALSE, sizeof (ImportCard));
  g_array_set_clear_func (import->cards, import_card_clear);
  import->log = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));
  g_array_set_clear_func (import->log, log_entry_clear);

  path = g_string_new (NULL);
  card_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader = (Reader) {
    .path = path,
    .card_ids = card_ids,
    .import = import,
    .error = error,
  };
  if (!read_root (&reader, json_parser_get_root (parser)))
    return NULL;

  return g_steal_pointer (&import);
}

/**
 * kt_progress_json_read:
 * @cancellable: (nullable): to stop reading
 *
 * Reads and validates a progress file completely: every member of the
 * format must be there with a value of the right type and range, or the
 * error says which one is not, as in "topics[0].cards[3].stability: must
 * be null or a number of at least 0.001". Files larger than
 * %KT_PROGRESS_JSON_MAX_SIZE are refused without being read whole. Safe
 * to call on a worker thread.
 *
 * Returns: (transfer full): the import, or %NULL with @error set
 */
KtProgressImport *
kt_progress_json_read (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A FIFO would block the read until someone writes to it. */
  if (!kt_file_check_regular (file, cancellable, error))
    return NULL;
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  /* Most files tell their size: refuse a big one without reading it. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > KT_PROGRESS_JSON_MAX_SIZE)
    {
      set_too_big (error);
      return NULL;
    }

  /* Pipes, devices and growing files do not, so reading stops at the
   * limit all the same. */
  data = g_byte_array_new ();
  for (;;)
    {
      guint used = data->len;
      gssize n_read;

      g_byte_array_set_size (data, used + READ_CHUNK);
      n_read = g_input_stream_read (G_INPUT_STREAM (stream), data->data + used, READ_CHUNK,
                                    cancellable, error);
      if (n_read < 0)
        return NULL;
      g_byte_array_set_size (data, used + n_read);
      if (n_read == 0)
        break;
      if (data->len > KT_PROGRESS_JSON_MAX_SIZE)
        {
          set_too_big (error);
          return NULL;
        }
    }

  return kt_progress_json_read_data ((const char *) data->data, data->len, error);
}

/* ---- merge ------------------------------------------------------------- */

/* The newer last review wins; on a tie what is there stays. */
static Change
plan_card (const ImportCard *card,
           KtProgress       *progress)
{
  const KtProgressRecord *current;

  if (!card->has_record)
    return CHANGE_NONE;

  current = kt_progress_lookup (progress, card->card_id);
  if (current == NULL)
    return CHANGE_ADD;

  return card->record.fsrs.last_review_us > current->fsrs.last_review_us ? CHANGE_UPDATE
                                                                         : CHANGE_NONE;
}

/**
 * kt_progress_import_plan:
 * @n_updated: (out) (optional): cards whose record the file replaces,
 *   because it was reviewed later there
 * @n_added: (out) (optional): cards with progress in the file and none in
 *   @progress
 * @n_skipped: (out) (optional): the other cards of the file: never
 *   studied there, or as new or newer in @progress
 *
 * Says what kt_progress_import_apply() would do, without doing it. Every
 * card of the file is counted once, whether it is loaded now or not.
 */
void
kt_progress_import_plan (KtProgressImport *import,
                         KtProgress       *progress,
                         guint            *n_updated,
                         guint            *n_added,
                         guint            *n_skipped)
{
  guint counts[3] = { 0 };

  g_return_if_fail (import != NULL);
  g_return_if_fail (KT_IS_PROGRESS (progress));

  for (guint i = 0; i < import->cards->len; i++)
    counts[plan_card (&g_array_index (import->cards, ImportCard, i), progress)]++;

  if (n_updated != NULL)
    *n_updated = counts[CHANGE_UPDATE];
  if (n_added != NULL)
    *n_added = counts[CHANGE_ADD];
  if (n_skipped != NULL)
    *n_skipped = counts[CHANGE_NONE];
}

/**
 * kt_progress_import_apply:
 *
 * Merges @import into @progress as kt_progress_import_plan() describes,
 * and adds the answers of the file that the review log does not have yet
 * (of every card, also of those whose record stays). Cards that are not
 * loaded keep their progress all the same, as orphans. Saving follows the
 * usual delay of @progress; call kt_progress_flush() to write at once.
 */
void
kt_progress_import_apply (KtProgressImport *import,
                          KtProgress       *progress)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) records = NULL;

  g_return_if_fail (import != NULL);
  g_return_if_fail (KT_IS_PROGRESS (progress));

  ids = g_ptr_array_new ();
  records = g_array_new (FALSE, FALSE, sizeof (KtProgressRecord));
  for (guint i = 0; i < import->cards->len; i++)
    {
      const ImportCard *card = &g_array_index (import->cards, ImportCard, i);

      if (plan_card (card, progress) == CHANGE_NONE)
        continue;
      g_ptr_array_add (ids, card->card_id);
      g_array_append_val (records, card->record);
    }

  kt_progress_set_records (progress, (const char * const *) ids->pdata,
                           (const KtProgressRecord *) records->data, ids->len);
  kt_progress_add_log_entries (progress, (const KtReviewLogEntry *) import->log->data,
                               import->log->len);
}

/**
 * kt_progress_import_describe:
 *
 * Returns: (transfer full): the counts of kt_progress_import_plan() in
 *   words, as in "3 cards updated, 2 added, 0 skipped"
 */
char *
kt_progress_import_describe (guint n_updated,
                             guint n_added,
                             guint n_skipped)
{
  g_autofree char *updated = NULL;
  g_autofree char *added = NULL;
  g_autofree char *skipped = NULL;

  /* Translators: the first part of "3 cards updated, 2 added, 0 skipped":
   * progress of cards replaced by an import. */
  updated = g_strdup_printf (ngettext ("%u card updated", "%u cards updated", n_updated), n_updated);
  /* Translators: the second part of "3 cards updated, 2 added, 0 skipped":
   * cards that had no progress before the import. */
  added = g_strdup_printf (ngettext ("%u added", "%u added", n_added), n_added);
  /* Translators: the last part of "3 cards updated, 2 added, 0 skipped":
   * cards left as they were. */
  skipped = g_strdup_printf (ngettext ("%u skipped", "%u skipped", n_skipped), n_skipped);

  /* Translators: "3 cards updated, 2 added, 0 skipped", from the parts above. */
  return g_strdup_printf (_("%s, %s, %s"), updated, added, skipped);
}

void
kt_progress_import_free (KtProgressImport *import)
{
  if (import == NULL)
    return;

  g_array_unref (import->cards);
  g_array_unref (import->log);
  g_free (import);
}
