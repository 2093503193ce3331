/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kt-progress-file.h"
#include "kt-text.h"

#include "kt-test-util.h"

void
kt_test_profile_init (KtTestProfile *profile)
{
  profile->backend = g_memory_settings_backend_new ();
  profile->settings = g_settings_new_with_backend (APP_ID, profile->backend);
  /* Intervals must be exact to compare them */
  g_settings_set_boolean (profile->settings, "enable-fuzz", FALSE);
  profile->progress = kt_progress_new (profile->settings);
}

/* Also checks that nothing kept a reference. */
void
kt_test_profile_clear (KtTestProfile *profile)
{
  g_assert_finalize_object (profile->progress);
  g_assert_finalize_object (profile->settings);
  g_assert_finalize_object (profile->backend);
}

/* Study days follow local time: tests that count them pin it to UTC,
 * before GLib reads it. */
void
kt_test_pin_utc (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
}

/* The tests run in UTC, so this is local time too. */
gint64
kt_test_utc_us (int year,
                int month,
                int day,
                int hour,
                int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* Runs the main loop until @done says so; fails after 10 s. */
void
kt_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  kt_test_wait_until_seconds (done, data, 10);
}

/* The same, for what takes longer than 10 s by design. */
void
kt_test_wait_until_seconds (gboolean (*done) (gpointer),
                            gpointer   data,
                            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_true (done (data));
}

/* The ```json example of docs/progress-format.md. */
char *
kt_test_progress_docs_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "progress-format.md", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);
  start = strstr (doc, "```json\n");
  g_assert_nonnull (start);
  start += strlen ("```json\n");
  end = strstr (start, "\n```");
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

/* The node at a path as error messages spell it: "topics[0].cards[3]";
 * "" is the root. */
JsonNode *
kt_test_json_lookup (JsonNode   *node,
                     const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; path[0] != '\0' && parts[i] != NULL; i++)
    {
      const char *bracket = strchr (parts[i], '[');
      g_autofree char *name = bracket != NULL ? g_strndup (parts[i], bracket - parts[i])
                                              : g_strdup (parts[i]);

      node = json_object_get_member (json_node_get_object (node), name);
      for (; bracket != NULL; bracket = strchr (bracket + 1, '['))
        node = json_array_get_element (json_node_get_array (node), atoi (bracket + 1));
      g_assert_nonnull (node);
    }

  return node;
}

/* @text with the member @member of the object at @parent (a path for
 * kt_test_json_lookup()) set to @value, or removed when @value is NULL.
 * The value goes in as text, so that it can be what no JSON writer
 * would write, like 1e999 or 0x1F. The result is indented. */
char *
kt_test_json_edit (const char *text,
                   const char *parent,
                   const char *member,
                   const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *marked = NULL;
  g_auto(GStrv) halves = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (kt_test_json_lookup (json_parser_get_root (parser), parent));
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_string_member (object, member, "@VALUE@");

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  marked = json_generator_to_data (generator, NULL);
  halves = g_strsplit (marked, "\"@VALUE@\"", 2);

  return g_strjoinv (value, halves);
}

/* @card's question, title or answer holds @folded_query, as the search
 * sees them: folded with kt_text_fold_for_search(). */
gboolean
kt_test_card_holds (KtCard     *card,
                    const char *folded_query)
{
  const char *title = kt_card_get_title (card);
  g_autofree char *joined = g_strjoin ("\n", kt_card_get_question (card),
                                       title != NULL ? title : "", kt_card_get_answer (card),
                                       NULL);
  g_autofree char *folded = kt_text_fold_for_search (joined);

  return strstr (folded, folded_query) != NULL;
}

/* The position in @topics (skipping "All Topics" first) of the topic
 * holding a card with @question, or G_MAXUINT. */
guint
kt_test_topic_with_question (GListModel *topics,
                             const char *question)
{
  for (guint i = 1; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(GListModel) topic = g_list_model_get_item (topics, i);

      for (guint j = 0; j < g_list_model_get_n_items (topic); j++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, j);

          if (g_str_equal (kt_card_get_question (card), question))
            return i;
        }
    }

  return G_MAXUINT;
}

/* The value of @key in the progress.gvariant at @path, which must be
 * readable; an empty one when the file or the key is not there yet. */
GVariant *
kt_test_stored_progress (const char *path,
                         const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) values = kt_progress_file_load (path, &error);
  GVariant *value = NULL;

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_BYTE, NULL, 0));
  g_assert_no_error (error);

  value = g_variant_lookup_value (values, key, NULL);
  if (value == NULL)
    return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_BYTE, NULL, 0));
  return value;
}

/* Bit for bit: S and D compared as bytes, not as numbers. */
void
kt_test_assert_records_identical (const KtProgressRecord *a,
                                  const KtProgressRecord *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->fsrs.state, ==, b->fsrs.state);
  g_assert_cmpint (a->fsrs.step, ==, b->fsrs.step);
  g_assert_cmpint (a->fsrs.has_memory, ==, b->fsrs.has_memory);
  g_assert_cmpmem (&a->fsrs.stability, sizeof (double), &b->fsrs.stability, sizeof (double));
  g_assert_cmpmem (&a->fsrs.difficulty, sizeof (double), &b->fsrs.difficulty, sizeof (double));
  g_assert_cmpint (a->fsrs.due_us, ==, b->fsrs.due_us);
  g_assert_cmpint (a->fsrs.last_review_us, ==, b->fsrs.last_review_us);
  g_assert_cmpuint (a->reps, ==, b->reps);
  g_assert_cmpuint (a->lapses, ==, b->lapses);
}

typedef struct
{
  KtFsrsParams  params;
  GHashTable   *answers;  /* card id → GPtrArray of its answers */
} Replay;

static void
check_replay_cb (const char             *card_id,
                 const KtProgressRecord *record,
                 gpointer                user_data)
{
  Replay *replay = user_data;
  GPtrArray *card_answers = g_hash_table_lookup (replay->answers, card_id);
  KtProgressRecord replayed;

  g_assert_nonnull (card_answers);
  kt_progress_replay (&replay->params, card_id, (const KtReviewLogEntry * const *) card_answers->pdata,
                      card_answers->len, &replayed);
  kt_test_assert_records_identical (record, &replayed);
}

/* Every record of @progress is its answers replayed from new, with the
 * log in replay order, and every answer has a record. */
void
kt_test_assert_replays (KtProgress *progress)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  Replay replay = { .answers = answers };
  guint n = kt_progress_get_n_log_entries (progress);

  kt_progress_get_params (progress, &replay.params);
  for (guint i = 0; i < n; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      GPtrArray *card_answers = g_hash_table_lookup (answers, entry->card_id);

      if (i > 0)
        g_assert_cmpint (kt_progress_compare_answers (kt_progress_get_log_entry (progress, i - 1),
                                                      entry), <, 0);
      if (card_answers == NULL)
        {
          card_answers = g_ptr_array_new ();
          g_hash_table_insert (answers, entry->card_id, card_answers);
        }
      g_ptr_array_add (card_answers, (gpointer) entry);
    }

  g_assert_cmpuint (g_hash_table_size (answers), ==, kt_progress_get_n_records (progress));
  kt_progress_foreach (progress, check_replay_cb, &replay);
}

static void
check_same_cb (const char             *card_id,
               const KtProgressRecord *record,
               gpointer                user_data)
{
  kt_test_assert_records_identical (record, kt_progress_lookup (user_data, card_id));
}

/* Two machines that hold the same answers: the same records, log and
 * tombstones. */
void
kt_test_assert_same_progress (KtProgress *a,
                              KtProgress *b)
{
  g_assert_cmpuint (kt_progress_get_n_records (a), ==, kt_progress_get_n_records (b));
  kt_progress_foreach (a, check_same_cb, b);

  g_assert_cmpuint (kt_progress_get_n_log_entries (a), ==, kt_progress_get_n_log_entries (b));
  for (guint i = 0; i < kt_progress_get_n_log_entries (a); i++)
    {
      const KtReviewLogEntry *ea = kt_progress_get_log_entry (a, i);
      const KtReviewLogEntry *eb = kt_progress_get_log_entry (b, i);

      g_assert_cmpint (kt_progress_compare_answers (ea, eb), ==, 0);
      g_assert_cmpstr (ea->card_id, ==, eb->card_id);
      g_assert_cmpint (ea->rating, ==, eb->rating);
      g_assert_cmpint (ea->state_before, ==, eb->state_before);
      g_assert_cmpmem (&ea->elapsed_days, sizeof (double), &eb->elapsed_days, sizeof (double));
    }

  g_assert_cmpuint (kt_progress_get_n_tombstones (a), ==, kt_progress_get_n_tombstones (b));
  for (guint i = 0; i < kt_progress_get_n_tombstones (a); i++)
    g_assert_true (kt_progress_is_tombstone (b, kt_progress_get_tombstone (a, i)));

  {
    g_auto(GStrv) suspended_a = kt_progress_dup_suspended (a);
    g_auto(GStrv) suspended_b = kt_progress_dup_suspended (b);

    g_assert_cmpstrv (suspended_a, suspended_b);
  }
}
