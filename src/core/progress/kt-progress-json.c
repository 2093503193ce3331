/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Progress as JSON, the format of docs/progress-format.md: every card of
 * the loaded topics, then the cards that have progress but are not loaded
 * now ("orphans"), each with its record and its answers from the review
 * log. This file writes it; kt-progress-import.c reads it back.
 *
 * Both directions stream, so that every export imports again whatever
 * its size: the export writes text straight into a GString (compact
 * unless asked to be pretty), with no tree in between, and the import
 * keeps only what the merge needs. json-glib's JsonBuilder and
 * JsonGenerator held the whole tree, many times the size of the text.
 */
#define G_LOG_DOMAIN "kt-progress-json"

#include "config.h"

#include <string.h>
#include <time.h>

#include "kt-progress-json-private.h"
#include "kt-stats.h"
#include "kt-topic.h"

const char * const kt_progress_json_state_names[KT_N_CARD_STATES] = {
  "new", "learning", "review", "relearning",
};
const char * const kt_progress_json_rating_names[4] = { "again", "hard", "good", "easy" };

G_DEFINE_QUARK (kt-progress-json-error-quark, kt_progress_json_error)

/* ---- writing JSON ------------------------------------------------------ */

/* The layout is json-glib's, so files written before look the same:
 * "name" : value, two spaces per level when pretty, none at all when not. */
typedef struct
{
  GString  *text;
  gboolean  pretty;
  guint     depth;
  gboolean  has_items[KT_PROGRESS_JSON_MAX_DEPTH];  /* per open container */
} Out;

static void
out_indent (Out *out)
{
  for (guint i = 0; i < out->depth; i++)
    g_string_append (out->text, "  ");
}

static void
out_string (Out        *out,
            const char *value)
{
  g_string_append_c (out->text, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out->text, "\\\""); break;
        case '\\': g_string_append (out->text, "\\\\"); break;
        case '\b': g_string_append (out->text, "\\b"); break;
        case '\f': g_string_append (out->text, "\\f"); break;
        case '\n': g_string_append (out->text, "\\n"); break;
        case '\r': g_string_append (out->text, "\\r"); break;
        case '\t': g_string_append (out->text, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out->text, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out->text, *p);
        }
    }
  g_string_append_c (out->text, '"');
}

/* Starts an element of the open container: a member when @name is set. */
static void
out_item (Out        *out,
          const char *name)
{
  if (out->depth > 0)
    {
      if (out->has_items[out->depth - 1])
        g_string_append_c (out->text, ',');
      out->has_items[out->depth - 1] = TRUE;
      if (out->pretty)
        {
          g_string_append_c (out->text, '\n');
          out_indent (out);
        }
    }

  if (name != NULL)
    {
      out_string (out, name);
      g_string_append (out->text, out->pretty ? " : " : ":");
    }
}

static void
out_begin (Out        *out,
           const char *name,
           char        bracket)
{
  out_item (out, name);
  g_string_append_c (out->text, bracket);
  out->has_items[out->depth++] = FALSE;
}

static void
out_end (Out  *out,
         char  bracket)
{
  gboolean had_items = out->has_items[--out->depth];

  if (out->pretty && had_items)
    {
      g_string_append_c (out->text, '\n');
      out_indent (out);
    }
  g_string_append_c (out->text, bracket);
}

static void
out_text (Out        *out,
          const char *name,
          const char *value)
{
  out_item (out, name);
  if (value != NULL)
    out_string (out, value);
  else
    g_string_append (out->text, "null");
}

static void
out_int (Out        *out,
         const char *name,
         gint64      value)
{
  out_item (out, name);
  g_string_append_printf (out->text, "%" G_GINT64_FORMAT, value);
}

/* A machine id, as 16 hexadecimal digits */
static void
out_machine (Out        *out,
             const char *name,
             gint64      machine)
{
  g_autofree char *text = kt_progress_format_machine (machine);

  out_text (out, name, text);
}

/* 17 significant digits, so that every double reads back bit for bit,
 * and always with a point or an exponent, so that it reads as a double. */
static void
out_double (Out        *out,
            const char *name,
            gboolean    is_set,
            double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  out_item (out, name);
  if (!is_set)
    {
      g_string_append (out->text, "null");
      return;
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out->text, buffer);
  if (strpbrk (buffer, ".e") == NULL)
    g_string_append (out->text, ".0");
}

/* ISO 8601 in UTC, with microseconds only when there are any; null for
 * a negative time. KtProgress holds no time GDateTime could not. */
static void
out_time (Out        *out,
          const char *name,
          gint64      time_us)
{
  time_t seconds = time_us / G_USEC_PER_SEC;
  int micro = time_us % G_USEC_PER_SEC;
  struct tm tm;

  out_item (out, name);
  if (time_us < 0 || gmtime_r (&seconds, &tm) == NULL)
    {
      g_string_append (out->text, "null");
      return;
    }

  g_string_append_printf (out->text, "\"%04d-%02d-%02dT%02d:%02d:%02d",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (micro != 0)
    g_string_append_printf (out->text, ".%06d", micro);
  g_string_append (out->text, "Z\"");
}

/* ---- export ------------------------------------------------------------ */

typedef struct
{
  Out           out;
  GHashTable   *reviews;    /* card id → GPtrArray of const KtReviewLogEntry *, oldest first */
  GHashTable   *written;    /* card ids exported so far (borrowed) */
  gint64        day_end_us;
  KtStatsCounts counts;     /* the summary, counted as the Statistics page counts */
} Export;

/* @question is NULL for an orphan, @record for a card never studied. */
static void
add_card (Export                 *export,
          const char             *card_id,
          const char             *question,
          const KtProgressRecord *record)
{
  Out *out = &export->out;
  GPtrArray *reviews = g_hash_table_lookup (export->reviews, card_id);
  KtCardState state = record != NULL ? record->fsrs.state : KT_CARD_NEW;
  gboolean has_memory = record != NULL && record->fsrs.has_memory;

  kt_stats_counts_add (&export->counts, record, export->day_end_us);

  out_begin (out, NULL, '{');
  out_text (out, "id", card_id);
  if (question != NULL)
    out_text (out, "question", question);
  out_text (out, "state", kt_progress_json_state_names[state]);
  out_int (out, "step", record != NULL ? record->fsrs.step : 0);
  out_time (out, "due", record != NULL ? record->fsrs.due_us : -1);
  out_double (out, "stability", has_memory, has_memory ? record->fsrs.stability : 0.0);
  out_double (out, "difficulty", has_memory, has_memory ? record->fsrs.difficulty : 0.0);
  out_int (out, "reps", record != NULL ? record->reps : 0);
  out_int (out, "lapses", record != NULL ? record->lapses : 0);
  out_time (out, "last_review",
            record != NULL && record->fsrs.last_review_us > 0 ? record->fsrs.last_review_us : -1);

  out_begin (out, "reviews", '[');
  for (guint i = 0; reviews != NULL && i < reviews->len; i++)
    {
      const KtReviewLogEntry *entry = g_ptr_array_index (reviews, i);

      out_begin (out, NULL, '{');
      out_time (out, "time", entry->time_us);
      out_text (out, "rating", kt_progress_json_rating_names[entry->rating - KT_RATING_AGAIN]);
      out_text (out, "state", kt_progress_json_state_names[entry->state_before]);
      out_double (out, "elapsed_days", TRUE, entry->elapsed_days);
      out_machine (out, "machine", entry->machine);
      out_int (out, "seq", entry->seq);
      out_end (out, '}');
    }
  out_end (out, ']');
  out_end (out, '}');
}

static void
add_topics (Export     *export,
            KtProgress *progress,
            GListModel *topics)
{
  Out *out = &export->out;
  guint n_topics = g_list_model_get_n_items (topics);

  out_begin (out, "topics", '[');
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);
      guint n_cards = g_list_model_get_n_items (G_LIST_MODEL (topic));

      out_begin (out, NULL, '{');
      out_text (out, "id", kt_topic_get_id (topic));
      out_text (out, "title", kt_topic_get_title (topic));
      out_text (out, "source", kt_topic_get_source (topic));
      out_begin (out, "cards", '[');
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
      out_end (out, ']');
      out_end (out, '}');
    }
  out_end (out, ']');
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
static void
add_orphans (Export     *export,
             KtProgress *progress)
{
  Out *out = &export->out;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  kt_progress_foreach (progress, collect_orphan_cb, ids);
  g_hash_table_iter_init (&iter, export->reviews);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (kt_progress_lookup (progress, key) == NULL)
      g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_ids);

  out_begin (out, "orphans", '[');
  for (guint i = 0; i < ids->len; i++)
    {
      const char *card_id = g_ptr_array_index (ids, i);

      if (g_hash_table_add (export->written, (gpointer) card_id))
        add_card (export, card_id, NULL, kt_progress_lookup (progress, card_id));
    }
  out_end (out, ']');
}

static void
add_tombstones (Export     *export,
                KtProgress *progress)
{
  Out *out = &export->out;

  out_begin (out, "tombstones", '[');
  for (guint i = 0; i < kt_progress_get_n_tombstones (progress); i++)
    {
      const KtAnswerId *id = kt_progress_get_tombstone (progress, i);

      out_begin (out, NULL, '{');
      out_machine (out, "machine", id->machine);
      out_time (out, "time", id->time_us);
      out_int (out, "seq", id->seq);
      out_end (out, '}');
    }
  out_end (out, ']');
}

/* Only when there are any, so files without suspended cards stay as
 * older versions wrote them. */
static void
add_suspended (Export     *export,
               KtProgress *progress)
{
  g_auto(GStrv) ids = NULL;

  if (kt_progress_get_n_suspended (progress) == 0)
    return;

  ids = kt_progress_dup_suspended (progress);
  out_begin (&export->out, "suspended", '[');
  for (guint i = 0; ids[i] != NULL; i++)
    out_text (&export->out, NULL, ids[i]);
  out_end (&export->out, ']');
}

/* The summary counts the cards as they are written, so it goes after
 * them in a text of its own and is put in its place at the end. */
static void
add_summary (Export     *export,
             KtProgress *progress,
             gint64      now_us,
             GString    *text,
             gboolean    pretty)
{
  Out out = { .text = text, .pretty = pretty, .depth = 1, .has_items = { TRUE } };
  KtStatsRetention retention;
  double retention_30d = 0.0;
  gboolean has_retention;

  kt_stats_count_retention (progress, NULL, now_us, &retention);
  has_retention = kt_stats_get_retention (&retention, &retention_30d);

  out_begin (&out, "summary", '{');
  out_int (&out, "cards", export->counts.n_cards);
  for (guint i = 0; i < KT_N_CARD_STATES; i++)
    out_int (&out, kt_progress_json_state_names[i], export->counts.n_by_state[i]);
  out_int (&out, "due_today", export->counts.n_due);
  out_int (&out, "reviews", kt_progress_get_n_log_entries (progress));
  out_double (&out, "retention_30d", has_retention, retention_30d);
  out_end (&out, '}');
}

/**
 * kt_progress_json_export:
 * @topics: a #GListModel of #KtTopic: pass the #KtLibrary, not a model
 *   that starts with an "all cards" topic, or every card lands in that one
 * @now_us: the time of the export, which also decides what is due today
 * @out: where the text goes, appended, ending in a newline
 *
 * Writes the JSON document of docs/progress-format.md.
 *
 * Returns: how many cards it holds
 */
guint
kt_progress_json_export (KtProgress          *progress,
                         GListModel          *topics,
                         gint64               now_us,
                         KtProgressJsonFlags  flags,
                         GString             *out)
{
  g_autoptr(GHashTable) reviews = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  Export export = { 0 };
  KtFsrsParams params;
  gint64 day_start_us;
  gsize summary_at;
  guint n_log;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (topics), 0);
  g_return_val_if_fail (out != NULL, 0);

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

  written = g_hash_table_new (g_str_hash, g_str_equal);
  export.out = (Out) { .text = out, .pretty = (flags & KT_PROGRESS_JSON_PRETTY) != 0 };
  export.reviews = reviews;
  export.written = written;
  kt_progress_get_day_bounds (progress, now_us, &day_start_us, &export.day_end_us);

  out_begin (&export.out, NULL, '{');
  out_text (&export.out, "format", KT_PROGRESS_JSON_FORMAT);
  out_int (&export.out, "version", KT_PROGRESS_JSON_VERSION);
  out_time (&export.out, "exported", now_us);

  out_begin (&export.out, "application", '{');
  out_text (&export.out, "id", APP_ID);
  out_text (&export.out, "version", PACKAGE_VERSION);
  out_end (&export.out, '}');

  kt_progress_get_params (progress, &params);
  out_begin (&export.out, "scheduler", '{');
  out_text (&export.out, "algorithm", "FSRS-6");
  out_begin (&export.out, "parameters", '[');
  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    out_double (&export.out, NULL, TRUE, params.w[i]);
  out_end (&export.out, ']');
  out_double (&export.out, "desired_retention", TRUE, params.desired_retention);
  out_end (&export.out, '}');

  summary_at = out->len;
  add_topics (&export, progress, topics);
  add_orphans (&export, progress);
  add_tombstones (&export, progress);
  add_suspended (&export, progress);
  if ((flags & KT_PROGRESS_JSON_MACHINE) != 0)
    {
      out_machine (&export.out, "machine", kt_progress_get_machine (progress));
      out_text (&export.out, "host", g_get_host_name ());
    }
  out_end (&export.out, '}');
  g_string_append_c (out, '\n');

  add_summary (&export, progress, now_us, summary, export.out.pretty);
  g_string_insert_len (out, summary_at, summary->str, summary->len);

  return export.counts.n_cards;
}

/**
 * kt_progress_json_save:
 * @text: (array length=length): an export
 *
 * Writes @text to @file so that @file holds either its old contents or
 * all of the new ones, even if the process dies or the disk fills up
 * midway.
 */
gboolean
kt_progress_json_save (const char  *text,
                       gsize        length,
                       GFile       *file,
                       GError     **error)
{
  const char *path;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* g_file_replace_contents() writes a file that does not exist yet in
   * place, so a crash could leave half of one; and when the folder is not
   * writable it overwrites an existing file in place. For local files,
   * always write a new file beside it, sync it and rename it over. */
  path = g_file_peek_path (file);
  if (path != NULL)
    return g_file_set_contents_full (path, text, length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0666, error);

  return g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

/**
 * kt_progress_json_write:
 *
 * Exports @progress of the cards in @topics (see kt_progress_json_export())
 * and of every other card to @file (see kt_progress_json_save()).
 */
gboolean
kt_progress_json_write (KtProgress           *progress,
                        GListModel           *topics,
                        GFile                *file,
                        gint64                now_us,
                        KtProgressJsonFlags   flags,
                        GError              **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KT_IS_PROGRESS (progress), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (topics), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kt_progress_json_export (progress, topics, now_us, flags, text);
  return kt_progress_json_save (text->str, text->len, file, error);
}
