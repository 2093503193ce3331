/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for progress export and import (kt-progress-json), the
 * KtProgress calls an import uses, and the --export-progress and
 * --import-progress commands: the shape of an export, a lossless round
 * trip onto a fresh profile, the merge rules, bad input of every kind
 * refused with progress untouched, and atomic writes.
 *
 * With KT_TEST_EXPORT_DIR set, every export made here is also written
 * there, for tests/check-progress-schema.py to validate against
 * docs/progress.schema.json.
 *
 * Over a thousand lines in one file: one format's cases sharing the
 * profile fixture.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "kt-cli.h"
#include "kt-progress-json.h"
#include "kt-test-util.h"
#include "kt-topic.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define HOUR   G_TIME_SPAN_HOUR
#define DAY    G_TIME_SPAN_DAY

typedef KtTestProfile Profile;

typedef struct
{
  Profile    *profile;
  GListStore *topics;
  char       *tmpdir;
} Fixture;

/* Tests run in UTC (see main). 2022-11-29 12:30:00.123456 UTC: a time
 * with microseconds, so that they are seen to survive. */
static gint64
t0 (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2022, 11, 29, 12, 30, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + 123456;
}

#define T0  t0 ()
#define NOW (T0 + 20 * DAY)

static Profile *
profile_new (void)
{
  Profile *profile = g_new0 (Profile, 1);

  kt_test_profile_init (profile);

  return profile;
}

static void
profile_free (Profile *profile)
{
  kt_test_profile_clear (profile);
  g_free (profile);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Profile, profile_free)

static KtTopic *
add_topic (GListStore         *topics,
           const char         *id,
           const char         *title,
           const char         *source,
           const char * const *card_ids)
{
  g_autoptr(KtTopic) topic = kt_topic_new (id, title);

  kt_topic_set_source (topic, source);
  for (guint i = 0; card_ids[i] != NULL; i++)
    {
      g_autofree char *question = g_strdup_printf ("Question %s?", card_ids[i]);
      g_autoptr(KtCard) card = kt_card_new (card_ids[i], id, NULL, NULL, question, "Answer",
                                            NULL, NULL, NULL, 0);

      kt_topic_append (topic, card);
    }
  g_list_store_append (topics, topic);

  return topic;
}

/* Two topics with cards in every state, two never studied, and three
 * orphans: one with a record, one with answers logged but no record, one
 * with numbers no answer produces, to check their precision. */
static void
seed (KtProgress *progress,
      GListStore *topics)
{
  static const char * const asyncio[] = { "asyncio:a", "asyncio:b", "asyncio:c", "asyncio:d", NULL };
  static const char * const celery[] = { "celery:e", "celery:f", NULL };
  const char *precise_id = "gone:precise";
  KtProgressRecord precise = {
    .fsrs = {
      .state = KT_CARD_REVIEW,
      .has_memory = TRUE,
      .stability = 1.0 / 3.0,
      .difficulty = 5.000000000000001,
      .due_us = T0 + 30 * DAY + 1,
      .last_review_us = T0 + 1,
    },
    .reps = 7,
    .lapses = 2,
  };
  KtReviewLogEntry logged = {
    .card_id = (char *) "gone:log",
    .time_us = T0 - DAY,
    .rating = KT_RATING_GOOD,
    .state_before = KT_CARD_NEW,
    .elapsed_days = 0.0,
  };

  if (topics != NULL)
    {
      add_topic (topics, "asyncio", "Asyncio", "/decks/asyncio.md", asyncio);
      add_topic (topics, "celery", "Celery", NULL, celery);
    }

  /* a: Review; b: Learning; c: Relearning; d, e: new; f: Review */
  kt_progress_record_review (progress, "asyncio:a", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "asyncio:a", KT_RATING_GOOD, T0 + 10 * MINUTE);
  kt_progress_record_review (progress, "asyncio:a", KT_RATING_GOOD, T0 + 5 * DAY);
  kt_progress_record_review (progress, "asyncio:b", KT_RATING_AGAIN, T0 + HOUR);
  kt_progress_record_review (progress, "asyncio:c", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "asyncio:c", KT_RATING_GOOD, T0 + 10 * MINUTE);
  kt_progress_record_review (progress, "asyncio:c", KT_RATING_AGAIN, T0 + 3 * DAY);
  kt_progress_record_review (progress, "celery:f", KT_RATING_EASY, T0 + 2 * HOUR);
  kt_progress_record_review (progress, "gone:x", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "gone:x", KT_RATING_GOOD, T0 + 10 * MINUTE);
  kt_progress_set_records (progress, &precise_id, &precise, 1);
  g_assert_cmpuint (kt_progress_add_log_entries (progress, &logged, 1), ==, 1);

  g_assert_cmpint (kt_progress_lookup (progress, "asyncio:a")->fsrs.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (kt_progress_lookup (progress, "asyncio:b")->fsrs.state, ==, KT_CARD_LEARNING);
  g_assert_cmpint (kt_progress_lookup (progress, "asyncio:c")->fsrs.state, ==, KT_CARD_RELEARNING);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->profile = profile_new ();
  fixture->topics = g_list_store_new (KT_TYPE_TOPIC);
  seed (fixture->profile->progress, fixture->topics);
  fixture->tmpdir = g_dir_make_tmp ("kt-progress-json-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_chmod (child, 0755);
          remove_tree (child);
        }
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_assert_finalize_object (fixture->topics);
  profile_free (fixture->profile);
}

/* Exports as text, and keeps a copy for the schema check. */
static char *
export_text (KtProgress *progress,
             GListModel *topics,
             gint64      now_us)
{
  static guint n_exports;
  GString *out = g_string_new (NULL);
  char *text;
  const char *dir = g_getenv ("KT_TEST_EXPORT_DIR");

  kt_progress_json_export (progress, topics, now_us, KT_PROGRESS_JSON_COMPACT, out);
  text = g_string_free (out, FALSE);

  if (dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("export-%03u.json", ++n_exports);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  return text;
}

/* A tree made here, as text: pretty, as people edit files. */
static char *
to_text (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
lookup_path (JsonNode   *root,
             const char *path)
{
  return kt_test_json_lookup (root, path);
}

static KtProgressImport *
read_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  KtProgressImport *import = kt_progress_json_read_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);

  return import;
}

static void
count_changed_cb (KtProgress *progress,
                  const char *card_id,
                  GString    *seen)
{
  g_string_append_printf (seen, "%s;", card_id);
}

/* The seed's card with answers logged and no record ("gone:log", as an
 * import of a version before answer ids could leave one) gets on import
 * the record its answers give: does the same to @progress, to compare. */
static void
replay_logged_only (KtProgress *progress)
{
  const char *card_id = "gone:log";
  g_autoptr(GPtrArray) answers = g_ptr_array_new ();
  KtProgressRecord record;
  KtFsrsParams params;

  for (guint i = 0; i < kt_progress_get_n_log_entries (progress); i++)
    if (g_str_equal (kt_progress_get_log_entry (progress, i)->card_id, card_id))
      g_ptr_array_add (answers, (gpointer) kt_progress_get_log_entry (progress, i));
  g_assert_cmpuint (answers->len, ==, 1);
  g_assert_null (kt_progress_lookup (progress, card_id));
  kt_progress_get_params (progress, &params);
  kt_progress_replay (&params, card_id, (const KtReviewLogEntry * const *) answers->pdata,
                      answers->len, &record);
  kt_progress_set_records (progress, &card_id, &record, 1);
}

/* ---- export ------------------------------------------------------------ */

static void
test_shape (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_autoptr(JsonNode) root_node = parse (text);
  JsonObject *root = json_node_get_object (root_node);
  JsonObject *scheduler, *summary, *card;
  JsonArray *parameters, *topics, *orphans, *cards, *reviews;
  KtFsrsParams params;
  gint64 day_start_us, day_end_us;
  guint n_due = 0;
  static const char * const card_members[] = {
    "id", "question", "state", "step", "due", "stability", "difficulty",
    "reps", "lapses", "last_review", "reviews",
  };
  static const char * const studied[] = {
    "asyncio:a", "asyncio:b", "asyncio:c", "celery:f", "gone:x", "gone:precise",
  };

  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "kartoteka-progress");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "exported"), ==,
                   "2022-12-19T12:30:00.123456Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "application"),
                                                  "id"), ==, APP_ID);

  /* Doubles are written with all 17 digits and read back exactly. */
  kt_progress_get_params (fixture->profile->progress, &params);
  scheduler = json_object_get_object_member (root, "scheduler");
  g_assert_cmpstr (json_object_get_string_member (scheduler, "algorithm"), ==, "FSRS-6");
  parameters = json_object_get_array_member (scheduler, "parameters");
  g_assert_cmpuint (json_array_get_length (parameters), ==, 21);
  for (guint i = 0; i < 21; i++)
    g_assert_cmpfloat (json_array_get_double_element (parameters, i), ==, params.w[i]);
  g_assert_cmpfloat (json_object_get_double_member (scheduler, "desired_retention"), ==, 0.9);
  g_assert_nonnull (strstr (text, "0.33333333333333331"));

  /* Nine cards: six in topics, three orphans. */
  kt_progress_get_day_bounds (fixture->profile->progress, NOW, &day_start_us, &day_end_us);
  for (guint i = 0; i < G_N_ELEMENTS (studied); i++)
    if (kt_progress_lookup (fixture->profile->progress, studied[i])->fsrs.due_us < day_end_us)
      n_due++;
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "cards"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (summary, "new"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "learning"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "review"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (summary, "relearning"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "due_today"), ==, n_due);
  g_assert_cmpint (json_object_get_int_member (summary, "reviews"), ==, 11);
  /* Two answers to Review cards in the last 30 days, one of them Again */
  g_assert_cmpfloat (json_object_get_double_member (summary, "retention_30d"), ==, 0.5);

  topics = json_object_get_array_member (root, "topics");
  g_assert_cmpuint (json_array_get_length (topics), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (topics, 0), "id"),
                   ==, "asyncio");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (topics, 0), "title"),
                   ==, "Asyncio");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (topics, 0), "source"),
                   ==, "/decks/asyncio.md");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (topics, 1), "source"));

  /* A card in Review, with its answers oldest first */
  cards = json_object_get_array_member (json_array_get_object_element (topics, 0), "cards");
  g_assert_cmpuint (json_array_get_length (cards), ==, 4);
  card = json_array_get_object_element (cards, 0);
  g_assert_cmpuint (json_object_get_size (card), ==, G_N_ELEMENTS (card_members));
  for (guint i = 0; i < G_N_ELEMENTS (card_members); i++)
    g_assert_true (json_object_has_member (card, card_members[i]));
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, "asyncio:a");
  g_assert_cmpstr (json_object_get_string_member (card, "question"), ==, "Question asyncio:a?");
  g_assert_cmpstr (json_object_get_string_member (card, "state"), ==, "review");
  g_assert_cmpint (json_object_get_int_member (card, "reps"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (card, "last_review"), ==,
                   "2022-12-04T12:30:00.123456Z");
  reviews = json_object_get_array_member (card, "reviews");
  g_assert_cmpuint (json_array_get_length (reviews), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reviews, 0), "time"),
                   ==, "2022-11-29T12:30:00.123456Z");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reviews, 0), "rating"),
                   ==, "good");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reviews, 0), "state"),
                   ==, "new");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reviews, 2), "state"),
                   ==, "review");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (reviews, 2),
                                                    "elapsed_days"),
                     ==, (5 * DAY - 10 * MINUTE) / (double) DAY);

  /* A card never studied */
  card = json_array_get_object_element (cards, 3);
  g_assert_cmpstr (json_object_get_string_member (card, "state"), ==, "new");
  g_assert_cmpint (json_object_get_int_member (card, "step"), ==, 0);
  g_assert_true (json_object_get_null_member (card, "due"));
  g_assert_true (json_object_get_null_member (card, "stability"));
  g_assert_true (json_object_get_null_member (card, "difficulty"));
  g_assert_true (json_object_get_null_member (card, "last_review"));
  g_assert_cmpint (json_object_get_int_member (card, "reps"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "reviews")), ==, 0);

  /* Orphans: sorted by id, without a question */
  orphans = json_object_get_array_member (root, "orphans");
  g_assert_cmpuint (json_array_get_length (orphans), ==, 3);
  card = json_array_get_object_element (orphans, 0);
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, "gone:log");
  g_assert_false (json_object_has_member (card, "question"));
  g_assert_cmpstr (json_object_get_string_member (card, "state"), ==, "new");
  g_assert_true (json_object_get_null_member (card, "due"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "reviews")), ==, 1);
  card = json_array_get_object_element (orphans, 1);
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, "gone:precise");
  g_assert_cmpstr (json_object_get_string_member (card, "due"), ==, "2022-12-29T12:30:00.123457Z");
  g_assert_cmpfloat (json_object_get_double_member (card, "stability"), ==, 1.0 / 3.0);
  g_assert_cmpfloat (json_object_get_double_member (card, "difficulty"), ==, 5.000000000000001);
  card = json_array_get_object_element (orphans, 2);
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, "gone:x");
}

/* Whole seconds are written without a fraction; with no answer to a
 * Review card in 30 days there is no retention to give. */
static void
test_times_and_retention (void)
{
  g_autoptr(Profile) profile = profile_new ();
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2024, 5, 1, 12, 0, 0);
  gint64 now = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  const KtReviewLogEntry entries[] = {
    { (char *) "a", now - 40 * DAY, KT_RATING_AGAIN, KT_CARD_REVIEW, 3.0 },
    { (char *) "a", now - 3 * DAY, KT_RATING_HARD, KT_CARD_REVIEW, 37.0 },
    { (char *) "a", now - 2 * DAY, KT_RATING_AGAIN, KT_CARD_REVIEW, 1.0 },
    { (char *) "a", now - DAY, KT_RATING_GOOD, KT_CARD_RELEARNING, 1.0 },
    { (char *) "b", now - HOUR, KT_RATING_GOOD, KT_CARD_REVIEW, 0.5 },
  };
  const KtProgressRecord due = {
    .fsrs = { .state = KT_CARD_REVIEW, .has_memory = TRUE, .stability = 3, .difficulty = 5,
              .due_us = now + 15 * HOUR, .last_review_us = now - HOUR },
    .reps = 1,
  };
  KtProgressRecord later = due;
  const char *ids[] = { "due-before-rollover", "due-after-rollover" };
  KtProgressRecord records[2];
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) empty_root = NULL;

  empty = export_text (profile->progress, G_LIST_MODEL (topics), now);
  empty_root = parse (empty);
  g_assert_true (json_node_is_null (lookup_path (empty_root, "summary.retention_30d")));
  g_assert_cmpstr (json_node_get_string (lookup_path (empty_root, "exported")), ==,
                   "2024-05-01T12:00:00Z");

  /* The study day ends at 04:00 (the default rollover hour). */
  later.fsrs.due_us = now + 17 * HOUR;
  records[0] = due;
  records[1] = later;
  kt_progress_set_records (profile->progress, ids, records, 2);
  kt_progress_add_log_entries (profile->progress, entries, G_N_ELEMENTS (entries));

  text = export_text (profile->progress, G_LIST_MODEL (topics), now);
  root = parse (text);
  g_assert_cmpfloat (json_node_get_double (lookup_path (root, "summary.retention_30d")), ==, 2.0 / 3.0);
  g_assert_cmpint (json_node_get_int (lookup_path (root, "summary.due_today")), ==, 1);
  g_assert_cmpstr (json_node_get_string (lookup_path (root, "orphans[0].reviews[0].time")), ==,
                   "2024-03-22T12:00:00Z");
}

/* A card listed by two topics is written once, in the first. */
static void
test_card_once (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KtTopic) again = g_list_model_get_item (G_LIST_MODEL (fixture->topics), 1);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_list_store_append (fixture->topics, again);
  text = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  root = parse (text);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (lookup_path (root, "topics[1].cards"))),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (lookup_path (root, "topics[2].cards"))),
                    ==, 0);
  g_assert_cmpint (json_node_get_int (lookup_path (root, "summary.cards")), ==, 9);
}

/* Compact by default, on one line; pretty for people, laid out as
 * json-glib lays it out (and as exports were before); the same document
 * either way, and both import. */
static void
test_compact_and_pretty (Fixture       *fixture,
                         gconstpointer  data)
{
  KtProgress *progress = fixture->profile->progress;
  GListModel *topics = G_LIST_MODEL (fixture->topics);
  g_autofree char *compact = export_text (progress, topics, NOW);
  g_autoptr(GString) pretty = g_string_new (NULL);
  g_autoptr(JsonNode) compact_root = parse (compact);
  g_autoptr(JsonNode) pretty_root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *glib_pretty = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(Profile) fresh = profile_new ();

  g_assert_true (g_str_has_prefix (compact, "{\"format\":\"kartoteka-progress\",\"version\":1,"
                                            "\"exported\":\"2022-12-19T12:30:00.123456Z\","));
  g_assert_cmpint (strchr (compact, '\n') - compact, ==, strlen (compact) - 1);

  kt_progress_json_export (progress, topics, NOW, KT_PROGRESS_JSON_PRETTY, pretty);
  g_assert_true (g_str_has_prefix (pretty->str, "{\n  \"format\" : \"kartoteka-progress\",\n"
                                                "  \"version\" : 1,\n"));
  g_assert_cmpuint (pretty->len, >, strlen (compact) * 3 / 2);
  pretty_root = parse (pretty->str);
  g_assert_true (json_node_equal (compact_root, pretty_root));

  json_generator_set_root (generator, compact_root);
  json_generator_set_pretty (generator, TRUE);
  glib_pretty = json_generator_to_data (generator, NULL);
  g_string_truncate (pretty, pretty->len - 1);
  g_assert_cmpstr (pretty->str, ==, glib_pretty);

  import = read_text (pretty->str);
  kt_progress_import_apply (import, fresh->progress, NULL);
  replay_logged_only (progress);
  kt_test_assert_same_progress (progress, fresh->progress);
}

/* ---- import ------------------------------------------------------------ */

/* Export, then import on a fresh profile: every record and log entry
 * comes back exactly, saved, and exports the same again. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  KtProgress *progress = fixture->profile->progress;
  GListModel *topics = G_LIST_MODEL (fixture->topics);
  const char * const held[] = { "gone:x", "asyncio:c" };
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(Profile) fresh = profile_new ();
  g_autoptr(GString) changed = g_string_new (NULL);
  KtProgressImportPlan plan;

  /* Suspended cards come along, also one whose deck is not loaded */
  kt_progress_set_suspended (progress, held, 2, TRUE);
  text = export_text (progress, topics, NOW);
  import = read_text (text);

  /* Six cards with answers, replayed from them (gone:log too, which
   * has no record here), and gone:precise, whose record has no answers */
  kt_progress_import_plan (import, fresh->progress, &plan);
  g_assert_cmpuint (plan.n_updated, ==, 0);
  g_assert_cmpuint (plan.n_added, ==, 7);
  g_assert_cmpuint (plan.n_skipped, ==, 2);
  g_assert_cmpuint (plan.n_answers, ==, 11);
  g_assert_cmpuint (plan.n_undone, ==, 0);

  g_signal_connect (fresh->progress, "changed", G_CALLBACK (count_changed_cb), changed);
  kt_progress_import_apply (import, fresh->progress, NULL);
  g_assert_true (g_str_has_prefix (changed->str, "gone:precise;"));
  g_assert_true (g_str_has_suffix (changed->str, "asyncio:c;gone:x;"));
  g_assert_cmpuint (strlen (changed->str), ==, strlen ("gone:precise;asyncio:a;asyncio:b;asyncio:c;"
                                                       "celery:f;gone:x;gone:log;asyncio:c;gone:x;"));
  replay_logged_only (progress);
  kt_test_assert_same_progress (progress, fresh->progress);

  g_free (text);
  text = export_text (progress, topics, NOW);
  again = export_text (fresh->progress, topics, NOW);
  g_assert_cmpstr (again, ==, text);

  /* Saved like answers: a new KtProgress on the same settings has it all. */
  kt_progress_flush (fresh->progress);
  {
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, fresh->backend);
    KtProgress *reloaded = kt_progress_new (settings);

    kt_test_assert_same_progress (progress, reloaded);
    g_assert_finalize_object (reloaded);
  }

  /* Importing the same file again changes nothing and logs nothing twice. */
  kt_progress_import_plan (import, fresh->progress, &plan);
  g_assert_cmpuint (plan.n_updated, ==, 0);
  g_assert_cmpuint (plan.n_added, ==, 0);
  g_assert_cmpuint (plan.n_skipped, ==, 9);
  g_assert_cmpuint (plan.n_answers, ==, 0);
  kt_progress_import_apply (import, fresh->progress, NULL);
  kt_test_assert_same_progress (progress, fresh->progress);
}

/* Cards that are not loaded are imported all the same, as orphans. */
static void
test_unknown_cards (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *text = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_autoptr(KtProgressImport) import = read_text (text);
  g_autoptr(Profile) fresh = profile_new ();
  g_autoptr(GListStore) nothing_loaded = g_list_store_new (KT_TYPE_TOPIC);
  g_autofree char *orphaned = NULL;
  g_autoptr(JsonNode) root = NULL;

  kt_progress_import_apply (import, fresh->progress, NULL);
  replay_logged_only (fixture->profile->progress);
  kt_test_assert_same_progress (fixture->profile->progress, fresh->progress);

  orphaned = export_text (fresh->progress, G_LIST_MODEL (nothing_loaded), NOW);
  root = parse (orphaned);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (lookup_path (root, "topics"))), ==, 0);
  /* Seven: the six studied cards and the one with answers only */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (lookup_path (root, "orphans"))), ==, 7);
  g_assert_cmpstr (json_node_get_string (lookup_path (root, "orphans[0].id")), ==, "asyncio:a");
}

/* The example of docs/progress-format.md as versions before answer ids
 * wrote it: without ids or tombstones */
static char *
old_style_example (void)
{
  g_autofree char *example = kt_test_progress_docs_example ();
  g_autoptr(GRegex) ids = g_regex_new (",\\s*\"machine\" : \"[0-9a-f]+\",\\s*\"seq\" : 0", 0, 0, NULL);
  g_autoptr(GRegex) tombstones = g_regex_new (",\\s*\"tombstones\" : \\[[^]]*\\]", 0, 0, NULL);
  g_autofree char *without_ids = g_regex_replace_literal (ids, example, -1, 0, "", 0, NULL);

  return g_regex_replace_literal (tombstones, without_ids, -1, 0, "", 0, NULL);
}

/* Asserts that the record of @card_id is its answers in the log replayed
 * (none: no record), and returns how many it has. */
static guint
assert_replayed (KtProgress *progress,
                 const char *card_id)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new ();
  KtProgressRecord record;
  KtFsrsParams params;

  for (guint i = 0; i < kt_progress_get_n_log_entries (progress); i++)
    if (g_str_equal (kt_progress_get_log_entry (progress, i)->card_id, card_id))
      g_ptr_array_add (answers, (gpointer) kt_progress_get_log_entry (progress, i));
  kt_progress_get_params (progress, &params);
  kt_progress_replay (&params, card_id, (const KtReviewLogEntry * const *) answers->pdata,
                      answers->len, &record);
  if (answers->len == 0)
    g_assert_null (kt_progress_lookup (progress, card_id));
  else
    kt_test_assert_records_identical (kt_progress_lookup (progress, card_id), &record);

  return answers->len;
}

/* Two machines that each answered a card: an import merges the answers
 * by id, none lost, none twice, and the cards whose answers changed are
 * computed again from all of them. */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  KtProgress *progress = fixture->profile->progress;
  GListModel *topics = G_LIST_MODEL (fixture->topics);
  g_autofree char *base = export_text (progress, topics, NOW);
  g_autoptr(KtProgressImport) base_import = read_text (base);
  g_autoptr(Profile) other = profile_new ();
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(KtTopic) celery = g_list_model_get_item (topics, 1);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KtProgressImportPlan plan, done;
  guint n_log_here;

  /* The other machine starts from this one's progress and goes on:
   * a later answer to a, a first one to e, and one to f, which is
   * answered here too, later. */
  kt_progress_import_apply (base_import, other->progress, NULL);
  kt_progress_record_review (other->progress, "asyncio:a", KT_RATING_HARD, T0 + 15 * DAY);
  kt_progress_record_review (other->progress, "celery:e", KT_RATING_GOOD, T0 + 16 * DAY);
  kt_progress_record_review (progress, "celery:f", KT_RATING_GOOD, T0 + 14 * DAY);
  kt_progress_record_review (other->progress, "celery:f", KT_RATING_AGAIN, T0 + 12 * DAY);
  n_log_here = kt_progress_get_n_log_entries (progress);
  g_assert_cmpuint (assert_replayed (progress, "celery:f"), ==, 2);

  text = export_text (other->progress, topics, NOW);
  import = read_text (text);
  kt_progress_import_plan (import, progress, &plan);
  g_assert_cmpuint (plan.n_updated, ==, 2);
  g_assert_cmpuint (plan.n_added, ==, 1);
  g_assert_cmpuint (plan.n_skipped, ==, 6);
  g_assert_cmpuint (plan.n_answers, ==, 3);
  g_assert_cmpuint (plan.n_undone, ==, 0);

  kt_progress_watch_topics (progress, topics);
  g_assert_cmpuint (kt_topic_get_n_new (celery), ==, 1);
  g_signal_connect (progress, "changed", G_CALLBACK (count_changed_cb), changed);
  kt_progress_import_apply (import, progress, &done);
  /* It did what it said it would */
  g_assert_cmpmem (&done, sizeof done, &plan, sizeof plan);
  g_assert_nonnull (strstr (changed->str, "asyncio:a;"));
  g_assert_nonnull (strstr (changed->str, "celery:e;"));
  g_assert_nonnull (strstr (changed->str, "celery:f;"));
  g_assert_cmpuint (strlen (changed->str), ==, strlen ("asyncio:a;celery:e;celery:f;"));
  /* Both answers to f are there, and its record is theirs */
  g_assert_cmpuint (assert_replayed (progress, "celery:f"), ==, 3);
  g_assert_cmpuint (assert_replayed (progress, "asyncio:a"), ==, 4);
  g_assert_cmpuint (assert_replayed (progress, "celery:e"), ==, 1);
  kt_test_assert_records_identical (kt_progress_lookup (progress, "celery:e"),
                                    kt_progress_lookup (other->progress, "celery:e"));
  kt_test_assert_records_identical (kt_progress_lookup (progress, "asyncio:a"),
                                    kt_progress_lookup (other->progress, "asyncio:a"));
  /* Counts follow at once. */
  g_assert_cmpuint (kt_topic_get_n_new (celery), ==, 0);

  /* The three answers given there only are added, in time order. */
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, n_log_here + 3);
  for (guint i = 1; i < kt_progress_get_n_log_entries (progress); i++)
    g_assert_cmpint (kt_progress_get_log_entry (progress, i - 1)->time_us, <=,
                     kt_progress_get_log_entry (progress, i)->time_us);
  g_assert_cmpstr (kt_progress_get_log_entry (progress, kt_progress_get_n_log_entries (progress) - 1)->card_id,
                   ==, "celery:e");
  kt_progress_watch_topics (progress, NULL);

  /* The other way round, both machines hold the same */
  g_free (text);
  text = export_text (progress, topics, NOW);
  g_clear_pointer (&import, kt_progress_import_free);
  import = read_text (text);
  kt_progress_import_apply (import, other->progress, NULL);
  g_assert_cmpuint (assert_replayed (other->progress, "celery:f"), ==, 3);
  kt_test_assert_records_identical (kt_progress_lookup (progress, "celery:f"),
                                    kt_progress_lookup (other->progress, "celery:f"));

  /* Importing the same file again changes nothing at all */
  before = export_text (progress, topics, NOW);
  g_clear_pointer (&import, kt_progress_import_free);
  g_free (text);
  text = export_text (other->progress, topics, NOW);
  import = read_text (text);
  kt_progress_import_plan (import, progress, &plan);
  g_assert_cmpuint (plan.n_updated + plan.n_added + plan.n_answers + plan.n_undone, ==, 0);
  g_string_truncate (changed, 0);
  kt_progress_import_apply (import, progress, NULL);
  kt_progress_import_apply (import, progress, NULL);
  after = export_text (progress, topics, NOW);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (changed->str, ==, "");
}

/* Answers of a file that tombstones, here or in the file, undo: the
 * file's tombstones take answers here away, and an answer undone on
 * either side never comes back, whatever the file holds. A file whose
 * last tombstone is bad merges none of its answers. */
static void
test_merge_tombstones (void)
{
  g_autoptr(Profile) a = profile_new ();
  g_autoptr(Profile) b = profile_new ();
  g_autoptr(GListStore) no_topics = g_list_store_new (KT_TYPE_TOPIC);
  GListModel *topics = G_LIST_MODEL (no_topics);
  gint64 t0 = kt_test_utc_us (2025, 3, 1, 9, 0);
  gint64 exported = kt_test_utc_us (2025, 3, 2, 9, 0);
  g_autoptr(KtProgressImport) import = NULL;
  g_autofree char *text = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *own_tombstone = NULL;
  g_autofree char *bad_tombstone = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  KtProgressImportPlan plan;

  /* b answers y, which a merges; then b undoes it */
  kt_progress_record_review (b->progress, "y", KT_RATING_GOOD, t0);
  text = export_text (b->progress, topics, exported);
  import = read_text (text);
  kt_progress_import_apply (import, a->progress, NULL);
  g_assert_nonnull (kt_progress_lookup (a->progress, "y"));
  kt_progress_restore (b->progress, "y", NULL);

  /* a answers x; b imports a's file, which still has y: it stays undone */
  kt_progress_record_review (a->progress, "x", KT_RATING_AGAIN, t0 + MINUTE);
  g_free (text);
  text = export_text (a->progress, topics, exported);
  g_clear_pointer (&import, kt_progress_import_free);
  import = read_text (text);
  kt_progress_import_plan (import, b->progress, &plan);
  g_assert_cmpuint (plan.n_answers, ==, 1);
  g_assert_cmpuint (plan.n_added, ==, 1);
  g_assert_cmpuint (plan.n_undone, ==, 0);
  kt_progress_import_apply (import, b->progress, NULL);
  g_assert_null (kt_progress_lookup (b->progress, "y"));
  g_assert_cmpuint (assert_replayed (b->progress, "x"), ==, 1);

  /* a undoes x and answers it again */
  kt_progress_restore (a->progress, "x", NULL);
  kt_progress_record_review (a->progress, "x", KT_RATING_GOOD, t0 + 2 * MINUTE);
  g_free (text);
  text = export_text (a->progress, topics, exported);
  g_assert_nonnull (strstr (text, "\"tombstones\":[{"));

  /* The same file with a tombstone of its own new answer too, as a
   * third machine that merged and undid it would write */
  machine = kt_progress_format_machine (kt_progress_get_machine (a->progress));
  own_tombstone = g_strdup_printf ("\"tombstones\":[{\"machine\":\"%s\","
                                   "\"time\":\"2025-03-01T09:02:00Z\",\"seq\":0},", machine);
  {
    g_autoptr(GRegex) tombstones = g_regex_new ("\"tombstones\":\\[", 0, 0, NULL);
    g_autofree char *conflicting = g_regex_replace_literal (tombstones, text, -1, 0, own_tombstone,
                                                            0, NULL);

    g_clear_pointer (&import, kt_progress_import_free);
    import = read_text (conflicting);
  }
  kt_progress_import_plan (import, b->progress, &plan);
  g_assert_cmpuint (plan.n_answers, ==, 0);
  g_assert_cmpuint (plan.n_undone, ==, 1);
  g_assert_cmpuint (plan.n_updated, ==, 1);
  kt_progress_import_apply (import, b->progress, NULL);
  /* Its one answer undone, the other undone in the file: new again */
  g_assert_cmpuint (assert_replayed (b->progress, "x"), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_tombstones (b->progress), ==, 3);

  /* Again: nothing changes */
  before = export_text (b->progress, topics, exported);
  kt_progress_import_plan (import, b->progress, &plan);
  g_assert_cmpuint (plan.n_updated + plan.n_added + plan.n_answers + plan.n_undone, ==, 0);
  kt_progress_import_apply (import, b->progress, NULL);
  after = export_text (b->progress, topics, exported);
  g_assert_cmpstr (after, ==, before);

  /* a's own file: its second answer stays undone here */
  g_clear_pointer (&import, kt_progress_import_free);
  import = read_text (text);
  kt_progress_import_plan (import, b->progress, &plan);
  g_assert_cmpuint (plan.n_answers, ==, 0);
  kt_progress_import_apply (import, b->progress, NULL);
  g_assert_null (kt_progress_lookup (b->progress, "x"));
  g_free (after);
  after = export_text (b->progress, topics, exported);
  g_assert_cmpstr (after, ==, before);

  /* a, the other way round, takes the tombstone of its answer from b:
   * its record is computed again from what is left, and nothing else */
  g_free (text);
  text = export_text (b->progress, topics, exported);
  g_clear_pointer (&import, kt_progress_import_free);
  import = read_text (text);
  kt_progress_import_apply (import, a->progress, NULL);
  g_assert_null (kt_progress_lookup (a->progress, "x"));
  g_assert_null (kt_progress_lookup (a->progress, "y"));

  /* A file with a new answer whose last tombstone is bad is refused
   * whole: b stays byte for byte as it was */
  kt_progress_record_review (a->progress, "z", KT_RATING_EASY, t0 + 3 * MINUTE);
  g_free (text);
  text = export_text (a->progress, topics, exported);
  bad_tombstone = g_strdup_printf ("%.*s,{\"machine\":\"%s\",\"time\":\"2025-03-01T09:04:00Z\","
                                   "\"seq\":-1}]}\n",
                                   (int) (g_strrstr (text, "}]}") - text + 1), text, machine);
  g_assert_null (kt_progress_json_read_data (bad_tombstone, strlen (bad_tombstone), &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "tombstones[3].seq: "));
  g_free (after);
  after = export_text (b->progress, topics, exported);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (kt_progress_lookup (b->progress, "z"));
}

/* A file of a version before answer ids: its answers cannot be merged
 * by id, so per card the newer record wins, as it always did, and its
 * answers are logged with ids of this machine; importing it again
 * changes nothing. */
static void
test_merge_old_style (void)
{
  g_autofree char *old = old_style_example ();
  g_autoptr(Profile) here = profile_new ();
  g_autoptr(GListStore) no_topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtProgressImport) import = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *later_here = "asyncio:3f1c9a0d5e7b2c4a";   /* answered up to 2025-02-23 there */
  const char *later_there = "celery:0b6e2f9a41d7c853";   /* answered 2025-02-28 there */
  gint64 exported = kt_test_utc_us (2025, 3, 2, 9, 0);
  KtProgressRecord kept;
  KtProgressImportPlan plan;

  g_assert_null (strstr (old, "\"machine\""));
  kt_progress_record_review (here->progress, later_here, KT_RATING_GOOD, kt_test_utc_us (2025, 3, 1, 9, 0));
  kt_progress_record_review (here->progress, later_there, KT_RATING_EASY, kt_test_utc_us (2025, 2, 27, 9, 0));
  kept = *kt_progress_lookup (here->progress, later_here);

  import = read_text (old);
  kt_progress_import_plan (import, here->progress, &plan);
  g_assert_cmpuint (plan.n_updated, ==, 1);
  g_assert_cmpuint (plan.n_added, ==, 1);
  g_assert_cmpuint (plan.n_skipped, ==, 2);
  g_assert_cmpuint (plan.n_answers, ==, 5);
  g_assert_cmpuint (plan.n_undone, ==, 0);
  kt_progress_import_apply (import, here->progress, NULL);

  kt_test_assert_records_identical (kt_progress_lookup (here->progress, later_here), &kept);
  g_assert_cmpuint (kt_progress_lookup (here->progress, later_there)->reps, ==, 1);
  g_assert_cmpint (kt_progress_lookup (here->progress, later_there)->fsrs.last_review_us, ==,
                   kt_test_utc_us (2025, 2, 28, 18, 2) + 44100000);
  g_assert_nonnull (kt_progress_lookup (here->progress, "redis:5a0f7e3b9c2d8146"));
  g_assert_cmpuint (kt_progress_get_n_log_entries (here->progress), ==, 7);
  for (guint i = 0; i < kt_progress_get_n_log_entries (here->progress); i++)
    g_assert_cmpint (kt_progress_get_log_entry (here->progress, i)->machine, ==,
                     kt_progress_get_machine (here->progress));

  before = export_text (here->progress, G_LIST_MODEL (no_topics), exported);
  kt_progress_import_plan (import, here->progress, &plan);
  g_assert_cmpuint (plan.n_updated + plan.n_added + plan.n_answers, ==, 0);
  g_assert_cmpuint (plan.n_skipped, ==, 4);
  kt_progress_import_apply (import, here->progress, NULL);
  after = export_text (here->progress, G_LIST_MODEL (no_topics), exported);
  g_assert_cmpstr (after, ==, before);
}

static void
test_add_log_entries (void)
{
  g_autoptr(Profile) profile = profile_new ();
  const KtReviewLogEntry entries[] = {
    { (char *) "b", T0 + 2 * HOUR, KT_RATING_GOOD, KT_CARD_NEW, 0.0 },
    { (char *) "a", T0 + 3 * HOUR, KT_RATING_GOOD, KT_CARD_LEARNING, 0.0 },  /* logged already */
    { (char *) "c", T0, KT_RATING_EASY, KT_CARD_NEW, 0.0 },
    { (char *) "b", T0 + 2 * HOUR, KT_RATING_HARD, KT_CARD_NEW, 0.0 },       /* twice in the batch */
    { (char *) "d", T0 + 2 * HOUR, KT_RATING_AGAIN, KT_CARD_NEW, 0.0 },      /* same time, other card */
  };
  static const char * const order[] = { "c", "a", "b", "d", "a" };

  kt_progress_record_review (profile->progress, "a", KT_RATING_GOOD, T0 + HOUR);
  kt_progress_record_review (profile->progress, "a", KT_RATING_GOOD, T0 + 3 * HOUR);

  g_assert_cmpuint (kt_progress_add_log_entries (profile->progress, entries, G_N_ELEMENTS (entries)),
                    ==, 3);
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile->progress), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (kt_progress_get_log_entry (profile->progress, i)->card_id, ==, order[i]);
  g_assert_cmpint (kt_progress_get_log_entry (profile->progress, 2)->rating, ==, KT_RATING_GOOD);
  g_assert_cmpuint (kt_progress_add_log_entries (profile->progress, entries, G_N_ELEMENTS (entries)),
                    ==, 0);

  /* Undo still drops the newest answer of its card. */
  kt_progress_restore (profile->progress, "a", NULL);
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile->progress), ==, 4);
  g_assert_cmpstr (kt_progress_get_log_entry (profile->progress, 3)->card_id, ==, "d");
}

/* ---- bad input --------------------------------------------------------- */

typedef struct
{
  const char          *parent;   /* path of the object to change, NULL for raw text */
  const char          *member;   /* the member to change, or the raw text */
  const char          *value;    /* JSON text of the new value; NULL removes the member */
  KtProgressJsonError  code;
  const char          *message;  /* the start of the error message */
} BadInput;

static const BadInput bad_inputs[] = {
  { NULL, "this is not JSON", NULL, KT_PROGRESS_JSON_ERROR_NOT_JSON, "The file is not valid JSON: " },
  { NULL, "{\"format\": \"kartoteka-progress\", \"version\": 1,", NULL,
    KT_PROGRESS_JSON_ERROR_NOT_JSON, "The file is not valid JSON: " },
  { NULL, "{\"format\": \"kartoteka-progress\", \"\xff\": 1}", NULL,
    KT_PROGRESS_JSON_ERROR_NOT_JSON, "The file is not valid JSON: " },
  { NULL, "", NULL, KT_PROGRESS_JSON_ERROR_FORMAT, "This is not a Kartoteka progress file" },
  { NULL, "[]", NULL, KT_PROGRESS_JSON_ERROR_FORMAT, "This is not a Kartoteka progress file" },
  { "", "format", "\"kartoteka-deck\"", KT_PROGRESS_JSON_ERROR_FORMAT,
    "This is not a Kartoteka progress file: its “format” is not “kartoteka-progress”" },
  { "", "format", NULL, KT_PROGRESS_JSON_ERROR_FORMAT, "This is not a Kartoteka progress file" },
  { "", "version", "2", KT_PROGRESS_JSON_ERROR_VERSION,
    "The file is in version 2 of the progress format, but this version of Kartoteka reads only version 1" },
  { "", "version", "\"1\"", KT_PROGRESS_JSON_ERROR_INVALID, "version: must be a whole number" },
  { "", "version", NULL, KT_PROGRESS_JSON_ERROR_INVALID, "version: this member is missing" },
  { "", "exported", "\"now\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "exported: must be a date and time such as “2025-03-01T09:30:00Z”, not before 1970" },
  { "application", "id", "5", KT_PROGRESS_JSON_ERROR_INVALID, "application.id: must be a string" },
  { "scheduler", "parameters", "[1, 2]", KT_PROGRESS_JSON_ERROR_INVALID,
    "scheduler.parameters: must hold exactly 21 numbers" },
  { "scheduler", "parameters", "[1, 1, 1, \"x\", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
    KT_PROGRESS_JSON_ERROR_INVALID, "scheduler.parameters[3]: must be a finite number" },
  { "scheduler", "desired_retention", "90", KT_PROGRESS_JSON_ERROR_INVALID,
    "scheduler.desired_retention: must be a number from 0 to 1" },
  { "summary", "reviews", "-3", KT_PROGRESS_JSON_ERROR_INVALID,
    "summary.reviews: must be a whole number from 0 to 4294967295" },
  { "summary", "retention_30d", "2", KT_PROGRESS_JSON_ERROR_INVALID,
    "summary.retention_30d: must be null or a number from 0 to 1" },
  { "", "topics", "{}", KT_PROGRESS_JSON_ERROR_INVALID, "topics: must be an array" },
  { "", "orphans", NULL, KT_PROGRESS_JSON_ERROR_INVALID, "orphans: this member is missing" },
  { "topics[1]", "cards", "[1]", KT_PROGRESS_JSON_ERROR_INVALID, "topics[1].cards[0]: must be an object" },
  { "topics[1]", "source", "false", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[1].source: must be a string or null" },
  { "topics[0].cards[0]", "stability", "-1", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].stability: must be null or a number of at least 0.001" },
  { "topics[0].cards[0]", "stability", "\"NaN\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].stability: must be null or a number of at least 0.001" },
  { "topics[0].cards[0]", "stability", "1e999", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].stability: must be null or a number of at least 0.001" },
  { "topics[0].cards[0]", "difficulty", "11", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].difficulty: must be null or a number from 1 to 10" },
  { "topics[0].cards[0]", "state", "\"mastered\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].state: must be one of “new”, “learning”, “review”, “relearning”" },
  { "topics[0].cards[0]", "step", "8", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].step: must be a whole number from 0 to 7" },
  { "topics[0].cards[0]", "reps", "-1", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reps: must be a whole number from 0 to 4294967295" },
  { "topics[0].cards[0]", "reps", "1.5", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reps: must be a whole number" },
  { "topics[0].cards[0]", "lapses", "true", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].lapses: must be a whole number" },
  { "topics[0].cards[0]", "due", "\"yesterday\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].due: must be null or a date and time" },
  { "topics[0].cards[0]", "due", "\"2024-13-01T00:00:00Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].due: must be null or a date and time" },
  { "topics[0].cards[0]", "last_review", "\"1969-12-31T23:59:59Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].last_review: must be null or a date and time" },
  { "topics[0].cards[0]", "question", NULL, KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].question: this member is missing" },
  { "topics[0].cards[0]", "stability", "null", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0]: stability and difficulty must both be numbers or both be null" },
  { "topics[0].cards[3]", "reps", "1", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[3]: a card without a due time must be new, with no other progress" },
  { "topics[0].cards[1]", "id", "\"asyncio:a\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[1].id: “asyncio:a” appears more than once in the file" },
  { "topics[0].cards[0].reviews[0]", "rating", "\"perfect\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reviews[0].rating: must be one of “again”, “hard”, “good”, “easy”" },
  { "topics[0].cards[0].reviews[1]", "elapsed_days", "-1", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reviews[1].elapsed_days: must be a number of days, 0 or more" },
  { "topics[0].cards[0].reviews[1]", "time", "null", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reviews[1].time: must be a date and time" },
  { "orphans[1]", "id", "\"\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "orphans[1].id: must be a non-empty string" },
};

/* Both stability and difficulty null on a card in Review: the one case a
 * single change cannot make. */
static char *
review_without_memory (const char *text)
{
  g_autoptr(JsonNode) root = parse (text);
  JsonObject *card = json_node_get_object (lookup_path (root, "topics[0].cards[0]"));

  json_object_set_null_member (card, "stability");
  json_object_set_null_member (card, "difficulty");

  return to_text (root);
}

static char *
make_bad_input (const char     *text,
                const BadInput *bad)
{
  if (bad->parent == NULL)
    return g_strdup (bad->member);

  return kt_test_json_edit (text, bad->parent, bad->member, bad->value);
}

/* Refused by the reader and by the command, with a message saying what
 * and where, and the progress stays exactly as it was. */
static void
assert_refused (Fixture    *fixture,
                const char *input,
                gsize       length,
                int         code,
                const char *message)
{
  KtProgress *progress = fixture->profile->progress;
  GListModel *topics = G_LIST_MODEL (fixture->topics);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "bad.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *before = export_text (progress, topics, NOW);
  g_autofree char *after = NULL;

  import = kt_progress_json_read_data (input, length, &error);
  g_assert_null (import);
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, code);
  if (!g_str_has_prefix (error->message, message))
    g_error ("“%s” does not start with “%s”", error->message, message);

  g_file_set_contents (path, input, length, NULL);
  g_assert_cmpint (kt_cli_import_progress (progress, path, out, err), ==, 1);
  g_assert_cmpstr (out->str, ==, "");
  expected = g_strdup_printf ("Cannot import progress from %s: %s\n", path, error->message);
  g_assert_cmpstr (err->str, ==, expected);

  after = export_text (progress, topics, NOW);
  g_assert_cmpstr (after, ==, before);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *text = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_autofree char *no_memory = review_without_memory (text);
  g_autofree char *deep = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *input = make_bad_input (text, &bad_inputs[i]);

      g_test_message ("bad input %u: %s", i, bad_inputs[i].message);
      assert_refused (fixture, input, strlen (input), bad_inputs[i].code, bad_inputs[i].message);
    }

  assert_refused (fixture, no_memory, strlen (no_memory), KT_PROGRESS_JSON_ERROR_INVALID,
                  "topics[0].cards[0]: a card in review or relearning needs stability and difficulty");

  /* A recursive parser would recurse until the stack overflows */
  {
    g_autofree char *brackets = g_strnfill (1000000, '[');

    deep = g_strdup_printf ("{\"format\": \"kartoteka-progress\", \"version\": 1, \"x\": %s",
                            brackets);
  }
  assert_refused (fixture, deep, strlen (deep), KT_PROGRESS_JSON_ERROR_FORMAT,
                  "This is not a Kartoteka progress file: it nests more than 32 levels deep");
}

/* Brackets inside strings do not count as nesting; comments and single
 * quotes, which json-glib accepts, are not JSON. */
static void
test_nesting (void)
{
  g_autofree char *brackets = g_strnfill (100, '[');
  g_autofree char *in_string = g_strdup_printf ("{\"format\": \"%s\"}", brackets);
  g_autofree char *in_comment = g_strdup_printf ("/* \" */ %s", brackets);
  g_autofree char *in_quotes = g_strdup_printf ("{'\"': %s", brackets);
  g_autoptr(GError) error = NULL;

  g_assert_null (kt_progress_json_read_data (in_string, strlen (in_string), &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "its “format”"));
  g_clear_error (&error);

  g_assert_null (kt_progress_json_read_data (in_comment, strlen (in_comment), &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_NOT_JSON);
  g_assert_cmpstr (error->message, ==,
                   "The file is not valid JSON: line 1, column 1: JSON has no comments");
  g_clear_error (&error);

  g_assert_null (kt_progress_json_read_data (in_quotes, strlen (in_quotes), &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_NOT_JSON);
  g_assert_cmpstr (error->message, ==, "The file is not valid JSON: line 1, column 2: "
                   "strings must be in double quotes (\"), not single ones");
}

/* Files are read as a stream, so size is no reason to refuse one, nor to
 * read all of it: a sparse file of 100 MB is refused at its first byte.
 * A FIFO and a device are refused as what they are, before reading. */
static void
test_big_files (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "huge.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autofree char *fifo_path = g_build_filename (fixture->tmpdir, "pipe.json", NULL);
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *before = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_autofree char *after = NULL;
  int fd;

  fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_close (fd, NULL);

  g_assert_null (kt_progress_json_read (file, NULL, &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_NOT_JSON);
  g_assert_cmpstr (error->message, ==,
                   "The file is not valid JSON: line 1, column 1: unexpected byte 0x00");
  g_clear_error (&error);

  g_assert_cmpint (kt_cli_import_progress (fixture->profile->progress, path, out, err), ==, 1);
  g_assert_true (g_str_has_suffix (err->str, "unexpected byte 0x00\n"));
  after = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_assert_cmpstr (after, ==, before);

  /* Not a file at all: said at once, neither read nor waited on. */
  g_assert_no_errno (mkfifo (fifo_path, 0600));
  g_assert_null (kt_progress_json_read (fifo, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_string_truncate (err, 0);
  g_assert_cmpint (kt_cli_import_progress (fixture->profile->progress, fifo_path, out, err), ==, 1);
  g_assert_nonnull (strstr (err->str, "this is a named pipe, not a file"));
  g_assert_no_errno (g_remove (fifo_path));

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    return;
  g_assert_null (kt_progress_json_read (zero, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
}

static void
test_read_missing (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/progress.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (kt_progress_json_read (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The example in docs/progress-format.md is a file that imports. */
static void
test_docs_example (void)
{
  g_autofree char *example = kt_test_progress_docs_example ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(Profile) fresh = profile_new ();
  KtProgressImportPlan plan;

  import = kt_progress_json_read_data (example, strlen (example), &error);
  g_assert_no_error (error);
  kt_progress_import_plan (import, fresh->progress, &plan);
  g_assert_cmpuint (plan.n_updated, ==, 0);
  g_assert_cmpuint (plan.n_added, >, 0);
  g_assert_cmpuint (plan.n_skipped, >, 0);
}

/* Answers keep their ids through an export and an import; an export of
 * an older version, without ids or tombstones, still imports, each answer
 * getting an id of the importing machine; imported tombstones take their
 * answers away. */
static void
test_answer_ids (void)
{
  g_autofree char *old = old_style_example ();
  g_autoptr(Profile) a = profile_new ();
  g_autoptr(Profile) b = profile_new ();
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GListStore) no_topics = g_list_store_new (KT_TYPE_TOPIC);
  guint n;

  g_assert_null (strstr (old, "\"machine\""));
  g_assert_null (strstr (old, "tombstones"));
  import = read_text (old);
  kt_progress_import_apply (import, a->progress, NULL);
  n = kt_progress_get_n_log_entries (a->progress);
  g_assert_cmpuint (n, ==, 5);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (kt_progress_get_log_entry (a->progress, i)->machine, ==,
                     kt_progress_get_machine (a->progress));
  g_assert_cmpuint (kt_progress_get_n_tombstones (a->progress), ==, 0);

  /* Through an export to another machine: the same ids */
  kt_progress_record_review (a->progress, "asyncio:3f1c9a0d5e7b2c4a", KT_RATING_GOOD,
                             kt_test_utc_us (2025, 3, 1, 9, 0));
  kt_progress_restore (a->progress, "asyncio:3f1c9a0d5e7b2c4a", NULL);
  kt_progress_json_export (a->progress, G_LIST_MODEL (no_topics), kt_test_utc_us (2025, 3, 1, 10, 0),
                           0, text);
  g_assert_null (strstr (text->str, "\"host\""));
  g_clear_pointer (&import, kt_progress_import_free);
  import = read_text (text->str);
  kt_progress_import_apply (import, b->progress, NULL);
  g_assert_cmpuint (kt_progress_get_n_log_entries (b->progress), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (kt_progress_compare_answers (kt_progress_get_log_entry (a->progress, i),
                                                  kt_progress_get_log_entry (b->progress, i)), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_tombstones (b->progress), ==, 1);
  g_assert_true (kt_progress_is_tombstone (b->progress, kt_progress_get_tombstone (a->progress, 0)));

  /* The example's tombstone takes nothing here; an answer it names would go */
  {
    const KtReviewLogEntry *first = kt_progress_get_log_entry (b->progress, 0);
    g_autofree char *machine = kt_progress_format_machine (first->machine);
    g_autofree char *doc = g_strdup_printf ("%.*s,\"tombstones\":[{\"machine\":\"%s\","
                                            "\"time\":\"2025-01-12T20:15:00Z\",\"seq\":%u}]}",
                                            (int) (strrchr (old, '}') - old), old,
                                            machine, first->seq);

    g_assert_cmpint (first->time_us, ==, kt_test_utc_us (2025, 1, 12, 20, 15));
    g_clear_pointer (&import, kt_progress_import_free);
    import = read_text (doc);
    kt_progress_import_apply (import, b->progress, NULL);
    g_assert_cmpuint (kt_progress_get_n_log_entries (b->progress), ==, n - 1);
    /* Its card had no other answer: it is new again */
    g_assert_null (kt_progress_lookup (b->progress, "redis:5a0f7e3b9c2d8146"));
  }
}

/* ---- writing ----------------------------------------------------------- */

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
test_write (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "progress.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = export_text (fixture->profile->progress, G_LIST_MODEL (fixture->topics), NOW);
  g_autofree char *contents = NULL;

  g_file_set_contents (path, "old", -1, NULL);
  g_assert_true (kt_progress_json_write (fixture->profile->progress, G_LIST_MODEL (fixture->topics),
                                         file, NOW, KT_PROGRESS_JSON_COMPACT, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (count_files (fixture->tmpdir), ==, 1);
}

static void
assert_write_fails_intact (Fixture    *fixture,
                           const char *dir,
                           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_false (kt_progress_json_write (fixture->profile->progress, G_LIST_MODEL (fixture->topics),
                                          file, NOW, KT_PROGRESS_JSON_COMPACT, &error));
  g_assert_nonnull (error);
  g_test_message ("as expected: %s", error->message);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "old progress");
  /* No temporary file left behind either */
  g_assert_cmpuint (count_files (dir), ==, 1);
}

static void
test_write_read_only_folder (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->tmpdir, "read-only", NULL);
  g_autofree char *path = g_build_filename (dir, "progress.json", NULL);

  if (geteuid () == 0)
    {
      /* test_write_disk_full() covers a failing write for root. */
      g_test_skip ("root writes into read-only folders");
      return;
    }

  g_mkdir (dir, 0755);
  g_file_set_contents (path, "old progress", -1, NULL);
  g_chmod (dir, 0555);
  assert_write_fails_intact (fixture, dir, path);
  g_chmod (dir, 0755);
}

/* A write that fails midway, as on a full disk, leaves the old file: a
 * file size limit holds for root too. */
static void
test_write_disk_full (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->tmpdir, "full", NULL);
  g_autofree char *path = g_build_filename (dir, "progress.json", NULL);
  struct rlimit saved, limited;
  void (*saved_handler) (int);

  g_mkdir (dir, 0755);
  g_file_set_contents (path, "old progress", -1, NULL);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  assert_write_fails_intact (fixture, dir, path);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);
}

static void
test_write_to_folder (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->tmpdir);
  g_autoptr(GError) error = NULL;

  g_assert_false (kt_progress_json_write (fixture->profile->progress, G_LIST_MODEL (fixture->topics),
                                          file, NOW, KT_PROGRESS_JSON_COMPACT, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (fixture->tmpdir, G_FILE_TEST_IS_DIR));
}

/* ---- the commands ------------------------------------------------------ */

static void
test_cli_export (Fixture       *fixture,
                 gconstpointer  data)
{
  KtProgress *progress = fixture->profile->progress;
  GListModel *topics = G_LIST_MODEL (fixture->topics);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "cli.json", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->tmpdir, "missing", "cli.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Exported progress of 9 cards to %s\n", path);
  g_autofree char *contents = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) stdout_root = NULL;

  g_assert_cmpint (kt_cli_export_progress (progress, topics, path, KT_PROGRESS_JSON_COMPACT,
                                           out, err), ==, 0);
  g_assert_cmpstr (out->str, ==, expected);
  g_assert_cmpstr (err->str, ==, "");
  g_file_get_contents (path, &contents, NULL, NULL);
  root = parse (contents);
  g_assert_cmpint (json_node_get_int (lookup_path (root, "summary.cards")), ==, 9);

  /* "-" is standard output: the JSON and nothing else */
  g_string_truncate (out, 0);
  g_assert_cmpint (kt_cli_export_progress (progress, topics, "-", KT_PROGRESS_JSON_COMPACT,
                                           out, err), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_true (g_str_has_suffix (out->str, "}\n"));
  stdout_root = parse (out->str);
  g_assert_cmpstr (json_node_get_string (lookup_path (stdout_root, "format")), ==, "kartoteka-progress");

  g_string_truncate (out, 0);
  g_assert_cmpint (kt_cli_export_progress (progress, topics, bad_path, KT_PROGRESS_JSON_COMPACT,
                                           out, err), ==, 1);
  g_assert_cmpstr (out->str, ==, "");
  g_assert_true (g_str_has_prefix (err->str, "Cannot export progress to "));
}

static void
test_cli_import (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "cli.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(Profile) fresh = profile_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);

  kt_progress_json_write (fixture->profile->progress, G_LIST_MODEL (fixture->topics), file, NOW,
                          KT_PROGRESS_JSON_COMPACT, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kt_cli_import_progress (fresh->progress, path, out, err), ==, 0);
  g_assert_cmpstr (out->str, ==, "Imported: 0 cards updated, 7 added, 2 skipped; 11 new answers\n");
  g_assert_cmpstr (err->str, ==, "");
  replay_logged_only (fixture->profile->progress);
  kt_test_assert_same_progress (fixture->profile->progress, fresh->progress);

  /* Written through at once: the command exits right after. */
  {
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, fresh->backend);
    g_autoptr(GVariant) cards = g_settings_get_value (settings, "cards");

    g_assert_cmpuint (g_variant_n_children (cards), ==, 7);
  }

  g_string_truncate (out, 0);
  g_assert_cmpint (kt_cli_import_progress (fresh->progress, path, out, err), ==, 0);
  g_assert_cmpstr (out->str, ==, "Imported: 0 cards updated, 0 added, 9 skipped; 0 new answers\n");
}

static void
test_describe (void)
{
  const KtProgressImportPlan one_plan = { 1, 1, 1, 1, 1 };
  const KtProgressImportPlan more_plan = { 3, 2, 0, 12, 0 };
  g_autofree char *one = kt_progress_import_describe (&one_plan);
  g_autofree char *more = kt_progress_import_describe (&more_plan);

  g_assert_cmpstr (one, ==, "1 card updated, 1 added, 1 skipped; 1 new answer; 1 answer undone");
  g_assert_cmpstr (more, ==, "3 cards updated, 2 added, 0 skipped; 12 new answers");
}

int
main (int   argc,
      char *argv[])
{
  kt_test_pin_utc ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/progress-json/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("shape", test_shape);
  ADD ("compact-and-pretty", test_compact_and_pretty);
  g_test_add_func ("/progress-json/times-and-retention", test_times_and_retention);
  ADD ("card-once", test_card_once);
  ADD ("round-trip", test_round_trip);
  ADD ("unknown-cards", test_unknown_cards);
  ADD ("merge", test_merge);
  g_test_add_func ("/progress-json/merge/tombstones", test_merge_tombstones);
  g_test_add_func ("/progress-json/merge/old-style", test_merge_old_style);
  g_test_add_func ("/progress-json/add-log-entries", test_add_log_entries);
  ADD ("bad-input", test_bad_input);
  g_test_add_func ("/progress-json/nesting", test_nesting);
  ADD ("big-files", test_big_files);
  g_test_add_func ("/progress-json/read-missing", test_read_missing);
  g_test_add_func ("/progress-json/docs-example", test_docs_example);
  g_test_add_func ("/progress-json/answer-ids", test_answer_ids);
  ADD ("write", test_write);
  ADD ("write/read-only-folder", test_write_read_only_folder);
  ADD ("write/disk-full", test_write_disk_full);
  ADD ("write/to-folder", test_write_to_folder);
  ADD ("cli/export", test_cli_export);
  ADD ("cli/import", test_cli_import);
  g_test_add_func ("/progress-json/describe", test_describe);

#undef ADD

  return g_test_run ();
}
