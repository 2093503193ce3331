/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for suspended and buried cards (kt-progress-suspend.c): left
 * out of study sessions and counts, back with their record intact, kept
 * through saves in the settings and in progress.gvariant (a failed save
 * included), carried by kt_progress_move_cards() and by the progress
 * JSON, whose "suspended" member is checked like the rest.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "kt-progress-json.h"
#include "kt-progress.h"
#include "kt-study-session.h"
#include "kt-test-util.h"
#include "kt-topic.h"

#define HOUR G_TIME_SPAN_HOUR
#define DAY  G_TIME_SPAN_DAY

/* 2022-11-29 12:30 UTC */
#define T0 ((gint64) 1669725000 * G_USEC_PER_SEC)

typedef struct
{
  KtTestProfile  profile;
  KtTopic       *topic;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const ids[] = { "a", "b", "c" };

  kt_test_profile_init (&fixture->profile);
  fixture->topic = kt_topic_new ("t", "Topic");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KtCard) card = kt_card_new (ids[i], "t", NULL, NULL, ids[i], "answer",
                                            NULL, NULL, NULL, 0);

      kt_topic_append (fixture->topic, card);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->topic);
  kt_test_profile_clear (&fixture->profile);
}

/* The ids a session started at @now_us shows, answering each Good. */
static char *
session_ids (Fixture *fixture,
             gint64   now_us)
{
  KtStudySession *session = kt_study_session_new (fixture->profile.progress,
                                                  G_LIST_MODEL (fixture->topic), FALSE, now_us);
  GString *ids = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (!kt_study_session_get_finished (session))
    {
      const char *id = kt_card_get_id (kt_study_session_get_current_card (session));

      if (g_hash_table_add (seen, g_strdup (id)))
        g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", id);
      kt_study_session_answer (session, KT_RATING_GOOD, now_us);
    }
  g_assert_finalize_object (session);

  return g_string_free (ids, FALSE);
}

static void
count (Fixture *fixture,
       gint64   now_us,
       guint   *n_new,
       guint   *n_due)
{
  guint n_learning;

  kt_progress_count (fixture->profile.progress, G_LIST_MODEL (fixture->topic), now_us,
                     n_new, &n_learning, n_due);
  *n_due += n_learning;
}

static void
count_changed_cb (KtProgress *progress,
                  const char *card_id,
                  guint      *n_changed)
{
  (*n_changed)++;
}

/* A suspended card is not studied nor counted, the watched topic's counts
 * follow at once, and unsuspended it comes back with its record and
 * answers as they were. */
static void
test_suspend (Fixture       *fixture,
              gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  const char * const ab[] = { "a", "b" };
  KtProgressRecord before;
  g_autofree char *held = NULL;
  g_autofree char *back = NULL;
  guint n_new, n_due, n_changed = 0, n_answers;

  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0 + HOUR);
  before = *kt_progress_lookup (progress, "b");
  g_list_store_append (topics, fixture->topic);
  kt_progress_watch_topics (progress, G_LIST_MODEL (topics));
  g_signal_connect (progress, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  g_assert_cmpuint (kt_topic_get_n_new (fixture->topic), ==, 2);
  count (fixture, T0 + 30 * DAY, &n_new, &n_due);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_due, ==, 1);

  kt_progress_set_suspended (progress, ab, 2, TRUE);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_true (kt_progress_is_suspended (progress, "a"));
  g_assert_true (kt_progress_is_suspended (progress, "b"));
  g_assert_false (kt_progress_is_suspended (progress, "c"));
  g_assert_cmpuint (kt_progress_get_n_suspended (progress), ==, 2);
  /* Suspending again changes nothing and says nothing */
  kt_progress_set_suspended (progress, ab, 1, TRUE);
  g_assert_cmpuint (n_changed, ==, 2);
  /* The sidebar's counts, at once */
  g_assert_cmpuint (kt_topic_get_n_new (fixture->topic), ==, 1);

  count (fixture, T0 + 30 * DAY, &n_new, &n_due);
  g_assert_cmpuint (n_new, ==, 1);
  g_assert_cmpuint (n_due, ==, 0);
  held = session_ids (fixture, T0 + 30 * DAY);
  g_assert_cmpstr (held, ==, "c");
  kt_test_assert_records_identical (kt_progress_lookup (progress, "b"), &before);
  n_answers = kt_progress_get_n_log_entries (progress);

  n_changed = 0;
  kt_progress_set_suspended (progress, ab, 2, FALSE);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_false (kt_progress_is_suspended (progress, "a"));
  g_assert_cmpuint (kt_topic_get_n_new (fixture->topic), ==, 1);
  kt_test_assert_records_identical (kt_progress_lookup (progress, "b"), &before);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, n_answers);
  count (fixture, T0 + 30 * DAY, &n_new, &n_due);
  g_assert_cmpuint (n_new, ==, 1);
  g_assert_cmpuint (n_due, ==, 1);
  back = session_ids (fixture, T0 + 30 * DAY);
  g_assert_cmpstr (back, ==, "b a");

  kt_progress_watch_topics (progress, NULL);
}

/* A buried card is left out until its time, then back. */
static void
test_bury (Fixture       *fixture,
           gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  const char * const a[] = { "a" };
  gint64 later = g_get_real_time () + DAY;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_new, n_due;

  kt_progress_bury (progress, a, 1, T0 + HOUR);
  count (fixture, T0, &n_new, &n_due);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_true (kt_progress_is_held (progress, "a", T0 + HOUR - 1));
  g_assert_false (kt_progress_is_held (progress, "a", T0 + HOUR));
  before = session_ids (fixture, T0);
  g_assert_cmpstr (before, ==, "b c");
  after = session_ids (fixture, T0 + 2 * HOUR);
  g_assert_cmpstr (after, ==, "a");
  count (fixture, T0 + 2 * HOUR, &n_new, &n_due);
  g_assert_cmpuint (n_new, ==, 0);

  /* Over by now: not buried any more */
  g_assert_cmpint (kt_progress_get_buried_until (progress, "a"), ==, 0);
  kt_progress_bury (progress, a, 1, later);
  g_assert_cmpint (kt_progress_get_buried_until (progress, "a"), ==, later);
  g_assert_false (kt_progress_is_suspended (progress, "a"));
  kt_progress_bury (progress, a, 1, 0);
  g_assert_cmpint (kt_progress_get_buried_until (progress, "a"), ==, 0);
  g_assert_false (kt_progress_is_held (progress, "a", g_get_real_time ()));
}

/* Suspension and burial go with a card whose id changed, with or without
 * a record; a move onto a card with a history of its own is refused. */
static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  const char * const from[] = { "a", "b", "c" };
  const char * const to[] = { "a2", "b2", "x" };
  const char * const a[] = { "a" };
  const char * const bc[] = { "b", "c" };
  gint64 later = g_get_real_time () + DAY;

  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "x", KT_RATING_GOOD, T0);
  kt_progress_set_suspended (progress, a, 1, TRUE);
  kt_progress_set_suspended (progress, bc, 2, TRUE);
  kt_progress_bury (progress, a, 1, later);

  g_assert_cmpuint (kt_progress_move_cards (progress, from, to, 3), ==, 2);
  g_assert_false (kt_progress_is_suspended (progress, "a"));
  g_assert_true (kt_progress_is_suspended (progress, "a2"));
  g_assert_cmpint (kt_progress_get_buried_until (progress, "a"), ==, 0);
  g_assert_cmpint (kt_progress_get_buried_until (progress, "a2"), ==, later);
  g_assert_true (kt_progress_is_suspended (progress, "b2"));
  g_assert_nonnull (kt_progress_lookup (progress, "b2"));
  g_assert_false (kt_progress_is_suspended (progress, "b"));
  /* "x" has answers of its own: c stays where it was */
  g_assert_true (kt_progress_is_suspended (progress, "c"));
  g_assert_false (kt_progress_is_suspended (progress, "x"));
}

/* Kept through a save in the settings, as read by a new start. */
static void
test_save_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  const char * const ab[] = { "a", "b" };
  const char * const c[] = { "c" };
  gint64 later = g_get_real_time () + DAY;
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *text = NULL;
  KtProgress *again;

  kt_progress_set_suspended (progress, ab, 2, TRUE);
  kt_progress_bury (progress, c, 1, later);
  kt_progress_flush (progress);

  stored = g_settings_get_value (fixture->profile.settings, "suspended");
  text = g_variant_print (stored, FALSE);
  g_assert_cmpstr (text, ==, "['a', 'b']");

  again = kt_progress_new (fixture->profile.settings);
  g_assert_true (kt_progress_is_suspended (again, "a"));
  g_assert_true (kt_progress_is_suspended (again, "b"));
  g_assert_false (kt_progress_is_suspended (again, "c"));
  g_assert_cmpint (kt_progress_get_buried_until (again, "c"), ==, later);
  g_assert_finalize_object (again);

  /* Unsuspended and unburied, saved as such */
  kt_progress_set_suspended (progress, ab, 2, FALSE);
  kt_progress_bury (progress, c, 1, 0);
  kt_progress_flush (progress);
  again = kt_progress_new (fixture->profile.settings);
  g_assert_cmpuint (kt_progress_get_n_suspended (again), ==, 0);
  g_assert_cmpint (kt_progress_get_buried_until (again, "c"), ==, 0);
  g_assert_finalize_object (again);
}

static char *
config_path (const char *name)
{
  return g_build_filename (g_get_user_config_dir (), "kartoteka", name, NULL);
}

static GSettings *
keyfile_settings (void)
{
  g_autofree char *path = config_path ("settings.ini");
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_with_backend (APP_ID, backend);
}

static void
set_file_size_limit (rlim_t limit)
{
  struct rlimit rlimit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &rlimit), ==, 0);
  rlimit.rlim_cur = limit;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rlimit), ==, 0);
}

/* In progress.gvariant, where progress goes without dconf: kept, and a
 * save that fails (a file size limit) loses nothing, the retry writes it. */
static void
test_save_file (void)
{
  g_autofree char *path = config_path ("progress.gvariant");
  g_autoptr(GSettings) settings = keyfile_settings ();
  const char * const a[] = { "a" };
  const char * const b[] = { "b" };
  gint64 later = g_get_real_time () + DAY;
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GVariant) buried = NULL;
  g_autofree char *text = NULL;
  struct rlimit saved;
  KtProgress *progress;
  KtProgress *again;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);

  progress = kt_progress_new (settings);
  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  kt_progress_flush (progress);
  g_assert_null (kt_progress_get_save_error (progress));

  set_file_size_limit (64);
  kt_progress_set_suspended (progress, a, 1, TRUE);
  kt_progress_bury (progress, b, 1, later);
  kt_progress_flush (progress);
  g_assert_nonnull (kt_progress_get_save_error (progress));
  g_assert_true (kt_progress_is_suspended (progress, "a"));
  stored = kt_test_stored_progress (path, "suspended");
  text = g_variant_print (stored, FALSE);
  g_assert_cmpstr (text, ==, "[]");

  set_file_size_limit (saved.rlim_cur);
  kt_progress_flush (progress);
  g_assert_null (kt_progress_get_save_error (progress));
  g_clear_pointer (&stored, g_variant_unref);
  g_clear_pointer (&text, g_free);
  stored = kt_test_stored_progress (path, "suspended");
  text = g_variant_print (stored, FALSE);
  g_assert_cmpstr (text, ==, "['a']");
  buried = kt_test_stored_progress (path, "buried");
  g_assert_cmpuint (g_variant_n_children (buried), ==, 1);
  g_assert_finalize_object (progress);

  again = kt_progress_new (settings);
  g_assert_true (kt_progress_is_suspended (again, "a"));
  g_assert_cmpint (kt_progress_get_buried_until (again, "b"), ==, later);
  g_assert_nonnull (kt_progress_lookup (again, "a"));
  g_assert_finalize_object (again);
  signal (SIGXFSZ, SIG_DFL);
}

/* Through the progress JSON: exported, and suspended again on import. */
static void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GError) error = NULL;
  const char * const ids[] = { "a", "gone" };
  KtTestProfile other;

  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  g_list_store_append (topics, fixture->topic);

  /* None suspended: no member, as older versions wrote */
  kt_progress_json_export (progress, G_LIST_MODEL (topics), T0 + DAY, 0, plain);
  g_assert_null (strstr (plain->str, "\"suspended\""));

  kt_progress_set_suspended (progress, ids, 2, TRUE);
  kt_progress_json_export (progress, G_LIST_MODEL (topics), T0 + DAY, 0, out);
  g_assert_nonnull (strstr (out->str, ",\"suspended\":[\"a\",\"gone\"]"));

  import = kt_progress_json_read_data (out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_progress_import_get_n_suspended (import), ==, 2);
  kt_test_profile_init (&other);
  kt_progress_import_apply (import, other.progress, NULL);
  g_assert_true (kt_progress_is_suspended (other.progress, "a"));
  g_assert_true (kt_progress_is_suspended (other.progress, "gone"));
  g_assert_false (kt_progress_is_suspended (other.progress, "b"));
  g_assert_nonnull (kt_progress_lookup (other.progress, "a"));
  kt_test_profile_clear (&other);

  /* A file without the member still imports */
  g_clear_pointer (&import, kt_progress_import_free);
  import = kt_progress_json_read_data (plain->str, plain->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_progress_import_get_n_suspended (import), ==, 0);
}

typedef struct
{
  const char *value;
  const char *message;
} BadSuspended;

static const BadSuspended bad_suspended[] = {
  { "\"a\"", "suspended: must be an array*" },
  { "[\"a\", 1]", "suspended[1]: must be a non-empty string*" },
  { "[\"\"]", "suspended[0]: must be a non-empty string*" },
  { "[\"a\\u0000b\"]", "suspended[0]: must not hold the character U+0000*" },
  { "[null]", "suspended[0]: must be a non-empty string*" },
};

/* A bad "suspended" member refuses the whole file, saying where, and
 * current progress stays as it was. */
static void
test_json_bad (Fixture       *fixture,
               gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GString) out = g_string_new (NULL);
  const char * const c[] = { "c" };

  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  kt_progress_set_suspended (progress, c, 1, TRUE);
  g_list_store_append (topics, fixture->topic);
  kt_progress_json_export (progress, G_LIST_MODEL (topics), T0 + DAY, 0, out);

  for (guint i = 0; i < G_N_ELEMENTS (bad_suspended); i++)
    {
      g_autofree char *text = kt_test_json_edit (out->str, "", "suspended", bad_suspended[i].value);
      g_autoptr(GError) error = NULL;
      KtProgressImport *import = kt_progress_json_read_data (text, strlen (text), &error);

      g_assert_null (import);
      g_assert_nonnull (error);
      if (!g_pattern_match_simple (bad_suspended[i].message, error->message))
        g_error ("%s: unexpected message “%s”", bad_suspended[i].value, error->message);
    }

  g_assert_cmpuint (kt_progress_get_n_suspended (progress), ==, 1);
  g_assert_true (kt_progress_is_suspended (progress, "c"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  kt_test_pin_utc ();

  g_test_add ("/suspend/suspend", Fixture, NULL, fixture_set_up, test_suspend, fixture_tear_down);
  g_test_add ("/suspend/bury", Fixture, NULL, fixture_set_up, test_bury, fixture_tear_down);
  g_test_add ("/suspend/move", Fixture, NULL, fixture_set_up, test_move, fixture_tear_down);
  g_test_add ("/suspend/save/settings", Fixture, NULL, fixture_set_up, test_save_settings,
              fixture_tear_down);
  g_test_add_func ("/suspend/save/file", test_save_file);
  g_test_add ("/suspend/json/round-trip", Fixture, NULL, fixture_set_up, test_json_round_trip,
              fixture_tear_down);
  g_test_add ("/suspend/json/bad", Fixture, NULL, fixture_set_up, test_json_bad,
              fixture_tear_down);

  return g_test_run ();
}
