/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtProgress and kt_settings_new(): records and the review
 * log, persistence on the memory backend, debounced writes and flush,
 * undo, stored values of the wrong shape, the study day, topic counts and
 * the keyfile fallback when no settings service is there.
 *
 * Over a thousand lines in one file: the cases of one object sharing its
 * profile fixture.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <math.h>
#include <stdlib.h>

#include "kt-progress.h"
#include "kt-settings.h"
#include "kt-stats.h"
#include "kt-test-util.h"
#include "kt-topic.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define HOUR   G_TIME_SPAN_HOUR
#define DAY    G_TIME_SPAN_DAY

typedef KtTestProfile Fixture;

/* 2022-11-29 12:30 UTC, the start of the py-fsrs sequences */
#define T0 kt_test_utc_us (2022, 11, 29, 12, 30)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  kt_test_profile_init (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kt_test_profile_clear (fixture);
}

static gsize
n_stored (GSettingsBackend *backend,
          const char       *key)
{
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);

  return g_variant_n_children (value);
}

static void
count_signal_cb (gpointer  instance,
                 gpointer  data_or_card_id,
                 guint    *counter)
{
  (*counter)++;
}

static void
changed_cb (KtProgress *progress,
            const char *card_id,
            GString    *seen)
{
  g_string_append_printf (seen, "%s;", card_id);
}

static void
test_new_destroy (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  KtProgress *progress = kt_progress_new (settings);

  g_assert_true (kt_progress_get_settings (progress) == settings);
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 0);
  g_assert_finalize_object (progress);
}

static void
test_params (Fixture       *fixture,
             gconstpointer  data)
{
  KtFsrsParams params;

  kt_progress_get_params (fixture->progress, &params);
  g_assert_cmpfloat (params.desired_retention, ==, 0.9);
  g_assert_cmpfloat (params.w[20], ==, 0.1542);
  g_assert_false (params.enable_fuzz);

  g_settings_set_double (fixture->settings, "desired-retention", 0.8);
  g_settings_set_boolean (fixture->settings, "enable-fuzz", TRUE);
  kt_progress_get_params (fixture->progress, &params);
  g_assert_cmpfloat (params.desired_retention, ==, 0.8);
  g_assert_true (params.enable_fuzz);
}

static void
test_record_and_lookup (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  const KtProgressRecord *record;
  const KtReviewLogEntry *entry;
  gint64 t = T0;

  g_signal_connect (fixture->progress, "changed", G_CALLBACK (changed_cb), seen);

  g_assert_null (kt_progress_lookup (fixture->progress, "a"));

  /* New → Learning step 1, due in 10 min (design/fsrs.md §9) */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, t);
  record = kt_progress_lookup (fixture->progress, "a");
  g_assert_nonnull (record);
  g_assert_cmpint (record->fsrs.state, ==, KT_CARD_LEARNING);
  g_assert_cmpint (record->fsrs.step, ==, 1);
  g_assert_true (record->fsrs.has_memory);
  g_assert_cmpfloat (record->fsrs.stability, ==, 2.3065);
  g_assert_cmpint (record->fsrs.due_us, ==, t + 10 * MINUTE);
  g_assert_cmpint (record->fsrs.last_review_us, ==, t);
  g_assert_cmpuint (record->reps, ==, 1);
  g_assert_cmpuint (record->lapses, ==, 0);
  g_assert_cmpstr (seen->str, ==, "a;");

  /* Good again → Review for 2 days */
  t += 10 * MINUTE;
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, t);
  record = kt_progress_lookup (fixture->progress, "a");
  g_assert_cmpint (record->fsrs.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (record->fsrs.due_us, ==, t + 2 * DAY);

  /* Again in Review is a lapse → Relearning */
  t += 2 * DAY;
  kt_progress_record_review (fixture->progress, "a", KT_RATING_AGAIN, t);
  record = kt_progress_lookup (fixture->progress, "a");
  g_assert_cmpint (record->fsrs.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (record->fsrs.due_us, ==, t + 10 * MINUTE);
  g_assert_cmpuint (record->reps, ==, 3);
  g_assert_cmpuint (record->lapses, ==, 1);

  /* Again in Learning is no lapse */
  kt_progress_record_review (fixture->progress, "b", KT_RATING_AGAIN, t);
  g_assert_cmpuint (kt_progress_lookup (fixture->progress, "b")->lapses, ==, 0);
  g_assert_cmpstr (seen->str, ==, "a;a;a;b;");

  g_assert_cmpuint (kt_progress_get_n_records (fixture->progress), ==, 2);
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->progress), ==, 4);

  entry = kt_progress_get_log_entry (fixture->progress, 0);
  g_assert_cmpstr (entry->card_id, ==, "a");
  g_assert_cmpint (entry->time_us, ==, T0);
  g_assert_cmpint (entry->rating, ==, KT_RATING_GOOD);
  g_assert_cmpint (entry->state_before, ==, KT_CARD_NEW);
  g_assert_cmpfloat (entry->elapsed_days, ==, 0.0);

  entry = kt_progress_get_log_entry (fixture->progress, 2);
  g_assert_cmpint (entry->rating, ==, KT_RATING_AGAIN);
  g_assert_cmpint (entry->state_before, ==, KT_CARD_REVIEW);
  g_assert_cmpfloat (entry->elapsed_days, ==, 2.0);

  entry = kt_progress_get_log_entry (fixture->progress, 3);
  g_assert_cmpstr (entry->card_id, ==, "b");
}

static void
collect_ids_cb (const char             *card_id,
                const KtProgressRecord *record,
                gpointer                user_data)
{
  g_ptr_array_add (user_data, g_strdup (card_id));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
test_persistence (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  KtProgressRecord a, b;
  KtProgress *fresh;

  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0 + 10 * MINUTE);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_AGAIN, T0 + 3 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_HARD, T0 + HOUR);
  a = *kt_progress_lookup (fixture->progress, "a");
  b = *kt_progress_lookup (fixture->progress, "b");
  kt_progress_flush (fixture->progress);

  settings = g_settings_new_with_backend (APP_ID, fixture->backend);
  fresh = kt_progress_new (settings);
  g_assert_cmpuint (kt_progress_get_n_records (fresh), ==, 2);
  kt_test_assert_records_identical (kt_progress_lookup (fresh, "a"), &a);
  kt_test_assert_records_identical (kt_progress_lookup (fresh, "b"), &b);

  g_assert_cmpuint (kt_progress_get_n_log_entries (fresh), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const KtReviewLogEntry *stored = kt_progress_get_log_entry (fresh, i);
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (fixture->progress, i);

      g_assert_cmpstr (stored->card_id, ==, entry->card_id);
      g_assert_cmpint (stored->time_us, ==, entry->time_us);
      g_assert_cmpint (stored->rating, ==, entry->rating);
      g_assert_cmpint (stored->state_before, ==, entry->state_before);
      g_assert_cmpfloat (stored->elapsed_days, ==, entry->elapsed_days);
    }

  kt_progress_foreach (fresh, collect_ids_cb, ids);
  g_ptr_array_sort (ids, compare_strings);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "b");

  g_assert_finalize_object (fresh);
}

/* Cards whose deck is not loaded keep their progress: KtProgress never
 * asks which cards exist. */
static void
test_orphans_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KtTopic) topic = kt_topic_new ("t", "Topic");
  g_autoptr(KtCard) card = kt_card_new ("t:loaded", "t", NULL, NULL, "Q", "A", NULL, NULL, NULL, 0);
  const KtProgressRecord *orphan;
  KtProgress *fresh;
  guint n_new, n_learning, n_due;

  kt_progress_record_review (fixture->progress, "gone:card", KT_RATING_EASY, T0);
  kt_progress_flush (fixture->progress);

  kt_topic_append (topic, card);
  settings = g_settings_new_with_backend (APP_ID, fixture->backend);
  fresh = kt_progress_new (settings);
  kt_progress_count (fresh, G_LIST_MODEL (topic), T0, &n_new, &n_learning, &n_due);
  g_assert_cmpuint (n_new, ==, 1);
  kt_progress_record_review (fresh, "t:loaded", KT_RATING_GOOD, T0 + DAY);
  kt_progress_flush (fresh);
  g_assert_finalize_object (fresh);

  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 2);
  fresh = kt_progress_new (settings);
  orphan = kt_progress_lookup (fresh, "gone:card");
  g_assert_nonnull (orphan);
  g_assert_cmpint (orphan->fsrs.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (orphan->fsrs.due_us, ==, T0 + 8 * DAY);
  g_assert_nonnull (kt_progress_lookup (fresh, "t:loaded"));
  g_assert_finalize_object (fresh);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_debounce (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) watcher = g_settings_new_with_backend (APP_ID, fixture->backend);
  g_autoptr(GVariant) initial = NULL;
  guint n_writes = 0;
  gint64 start, written = 0;

  /* GSettings reports changes only of keys read after connecting */
  g_signal_connect (watcher, "changed::answers", G_CALLBACK (count_signal_cb), &n_writes);
  initial = g_settings_get_value (watcher, "answers");

  start = g_get_monotonic_time ();
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, T0);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 0);

  spin (100);
  kt_progress_record_review (fixture->progress, "c", KT_RATING_GOOD, T0);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 0);
  g_assert_cmpuint (n_writes, ==, 0);

  while (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      if (written == 0 && n_stored (fixture->backend, "cards") > 0)
        written = g_get_monotonic_time ();
      g_usleep (1000);
    }

  /* Written within a second of the first change, all three at once */
  g_assert_cmpint (written, >, start);
  g_assert_cmpint (written - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 3);
  g_assert_cmpuint (n_stored (fixture->backend, "answers"), ==, 3);
  g_assert_cmpuint (n_writes, ==, 1);
}

static void
test_flush (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GSettings) watcher = g_settings_new_with_backend (APP_ID, fixture->backend);
  g_autoptr(GVariant) initial = NULL;
  guint n_writes = 0;

  g_signal_connect (watcher, "changed::cards", G_CALLBACK (count_signal_cb), &n_writes);
  initial = g_settings_get_value (watcher, "cards");

  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0);
  kt_progress_flush (fixture->progress);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 1);
  g_assert_cmpuint (n_stored (fixture->backend, "answers"), ==, 1);

  /* Nothing left pending to write again */
  spin (700);
  g_assert_cmpuint (n_writes, ==, 1);

  /* Disposing writes what was not flushed */
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, T0);
  g_clear_object (&fixture->progress);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 2);
  fixture->progress = kt_progress_new (fixture->settings);
}

static gboolean
records_equal (const KtProgressRecord *a,
               const KtProgressRecord *b)
{
  return a->fsrs.state == b->fsrs.state && a->fsrs.step == b->fsrs.step &&
         a->fsrs.has_memory == b->fsrs.has_memory &&
         (!a->fsrs.has_memory || (a->fsrs.stability == b->fsrs.stability &&
                                  a->fsrs.difficulty == b->fsrs.difficulty)) &&
         a->fsrs.due_us == b->fsrs.due_us && a->fsrs.last_review_us == b->fsrs.last_review_us &&
         a->reps == b->reps && a->lapses == b->lapses;
}

/* Whether a KtProgress loaded from the backend now has exactly the records
 * and the log of @progress. */
static gboolean
stored_matches (GSettingsBackend *backend,
                KtProgress       *progress)
{
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(KtProgress) stored = kt_progress_new (settings);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (kt_progress_get_n_records (stored) != kt_progress_get_n_records (progress) ||
      kt_progress_get_n_log_entries (stored) != kt_progress_get_n_log_entries (progress))
    return FALSE;

  kt_progress_foreach (progress, collect_ids_cb, ids);
  for (guint i = 0; i < ids->len; i++)
    {
      const KtProgressRecord *a = kt_progress_lookup (progress, g_ptr_array_index (ids, i));
      const KtProgressRecord *b = kt_progress_lookup (stored, g_ptr_array_index (ids, i));

      if (b == NULL || !records_equal (a, b))
        return FALSE;
    }

  for (guint i = 0; i < kt_progress_get_n_log_entries (progress); i++)
    {
      const KtReviewLogEntry *a = kt_progress_get_log_entry (progress, i);
      const KtReviewLogEntry *b = kt_progress_get_log_entry (stored, i);

      if (!g_str_equal (a->card_id, b->card_id) || a->time_us != b->time_us ||
          a->rating != b->rating || a->state_before != b->state_before ||
          a->elapsed_days != b->elapsed_days)
        return FALSE;
    }

  return TRUE;
}

/* Waits, without flushing, for the delayed save to store @progress. */
static void
assert_saved (GSettingsBackend *backend,
              KtProgress       *progress)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!stored_matches (backend, progress))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (50);
    }
}

/* Saves hand over only what changed since the previous one; whatever the
 * mix of answers, undos and imports, what is stored must be exactly what
 * is in memory. */
static void
test_incremental_saves (Fixture       *fixture,
                        gconstpointer  data)
{
  KtProgress *progress = fixture->progress;
  KtProgressRecord before_b, imported[2];
  KtReviewLogEntry old_answer = {
    .card_id = (char *) "c",
    .time_us = T0 - DAY,
    .rating = KT_RATING_GOOD,
    .state_before = KT_CARD_NEW,
  };
  const char *imported_ids[] = { "d", "a" };

  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "b", KT_RATING_HARD, T0 + MINUTE);
  kt_progress_record_review (progress, "c", KT_RATING_EASY, T0 + 2 * MINUTE);
  assert_saved (fixture->backend, progress);

  /* An answer undone at the end of the log */
  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0 + 10 * MINUTE);
  kt_progress_restore (progress, "a", NULL);
  assert_saved (fixture->backend, progress);

  /* Undoing answers stored already, in the middle of the log */
  before_b = *kt_progress_lookup (progress, "b");
  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0 + HOUR);
  kt_progress_record_review (progress, "c", KT_RATING_GOOD, T0 + 2 * HOUR);
  assert_saved (fixture->backend, progress);
  kt_progress_restore (progress, "b", &before_b);
  assert_saved (fixture->backend, progress);

  /* A card back to new, with answers after it */
  kt_progress_record_review (progress, "e", KT_RATING_GOOD, T0 + 3 * HOUR);
  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0 + 4 * HOUR);
  assert_saved (fixture->backend, progress);
  kt_progress_restore (progress, "e", NULL);
  g_assert_null (kt_progress_lookup (progress, "e"));
  kt_progress_record_review (progress, "a", KT_RATING_EASY, T0 + 5 * HOUR);
  assert_saved (fixture->backend, progress);

  /* An import that reorders the log, and records replaced */
  g_assert_cmpuint (kt_progress_add_log_entries (progress, &old_answer, 1), ==, 1);
  g_assert_cmpint (kt_progress_get_log_entry (progress, 0)->time_us, ==, T0 - DAY);
  imported[0] = *kt_progress_lookup (progress, "b");
  imported[1] = imported[0];
  imported[1].reps = 7;
  kt_progress_set_records (progress, imported_ids, imported, 2);
  assert_saved (fixture->backend, progress);

  kt_progress_record_review (progress, "d", KT_RATING_AGAIN, T0 + DAY);
  kt_progress_flush (progress);
  g_assert_true (stored_matches (fixture->backend, progress));
}

/* A delayed save still on its way when a flush writes newer values must
 * not put the older ones back when it finishes. */
static void
test_stale_save (Fixture       *fixture,
                 gconstpointer  data)
{
  KtProgress *progress = fixture->progress;

  for (guint round = 0; round < 5; round++)
    {
      kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0 + round * DAY);
      /* The delayed save starts on a worker... */
      spin (510);
      /* ...and a newer answer is flushed while it may still be running. */
      kt_progress_record_review (progress, "a", KT_RATING_HARD, T0 + round * DAY + HOUR);
      kt_progress_flush (progress);
      g_assert_true (stored_matches (fixture->backend, progress));

      spin (200);
      g_assert_true (stored_matches (fixture->backend, progress));
    }
  g_assert_cmpuint (kt_progress_lookup (progress, "a")->reps, ==, 10);
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  KtProgressRecord learning;

  kt_progress_record_review (fixture->progress, "other", KT_RATING_GOOD, T0);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0);
  learning = *kt_progress_lookup (fixture->progress, "a");
  kt_progress_record_review (fixture->progress, "other", KT_RATING_GOOD, T0 + MINUTE);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, T0 + 10 * MINUTE);
  g_assert_cmpint (kt_progress_lookup (fixture->progress, "a")->fsrs.state, ==, KT_CARD_REVIEW);

  g_signal_connect (fixture->progress, "changed", G_CALLBACK (changed_cb), seen);

  kt_progress_restore (fixture->progress, "a", &learning);
  kt_test_assert_records_identical (kt_progress_lookup (fixture->progress, "a"), &learning);
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->progress), ==, 3);
  g_assert_cmpstr (kt_progress_get_log_entry (fixture->progress, 2)->card_id, ==, "other");
  g_assert_cmpstr (seen->str, ==, "a;");

  /* Back to new: the record is gone, and so is the card's first entry */
  kt_progress_restore (fixture->progress, "a", NULL);
  g_assert_null (kt_progress_lookup (fixture->progress, "a"));
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->progress), ==, 2);
  g_assert_cmpstr (kt_progress_get_log_entry (fixture->progress, 0)->card_id, ==, "other");
  g_assert_cmpstr (kt_progress_get_log_entry (fixture->progress, 1)->card_id, ==, "other");

  /* Each undone answer left a tombstone of its id, stored too */
  g_assert_cmpuint (kt_progress_get_n_tombstones (fixture->progress), ==, 2);
  g_assert_cmpint (kt_progress_get_tombstone (fixture->progress, 0)->time_us, ==, T0 + 10 * MINUTE);
  g_assert_cmpint (kt_progress_get_tombstone (fixture->progress, 1)->time_us, ==, T0);
  g_assert_cmpint (kt_progress_get_tombstone (fixture->progress, 1)->machine, ==,
                   kt_progress_get_machine (fixture->progress));
  /* "a" and "other" were answered in the same microsecond: seq tells them apart */
  g_assert_cmpuint (kt_progress_get_tombstone (fixture->progress, 1)->seq, ==, 1);

  kt_progress_flush (fixture->progress);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 1);
  g_assert_cmpuint (n_stored (fixture->backend, "answers"), ==, 2);
  g_assert_cmpuint (n_stored (fixture->backend, "tombstones"), ==, 2);
}

static void
add_card (GVariantBuilder *builder,
          const char      *card_id,
          int              state,
          int              step,
          double           stability,
          double           difficulty,
          gint64           due_us)
{
  g_variant_builder_add (builder, "{s(iiddxxuu)}", card_id, state, step, stability, difficulty,
                         due_us, (gint64) 500, 2, 0);
}

static void
add_log_entry (GVariantBuilder *builder,
               const char      *card_id,
               int              rating,
               int              state_before,
               double           elapsed_days)
{
  g_variant_builder_add (builder, "(sxiid)", card_id, (gint64) 500, rating, state_before,
                         elapsed_days);
}

static void
test_wrong_shape (Fixture       *fixture,
                  gconstpointer  data)
{
  GVariantBuilder cards, log;
  KtProgress *progress;

  /* In a child, to see what it says: messages, as warnings are fatal */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*Message*progress of card*nan*not a number*");
      g_test_trap_assert_stderr ("*Message*Ignoring 4 stored review log entries*");
      return;
    }

  g_variant_builder_init (&cards, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
  add_card (&cards, "good", KT_CARD_REVIEW, 0, 3.5, 5.0, 1000);
  add_card (&cards, "nan", KT_CARD_REVIEW, 0, NAN, 5.0, 1000);
  add_card (&cards, "infinite", KT_CARD_REVIEW, 0, 3.5, INFINITY, 1000);
  add_card (&cards, "negative", KT_CARD_REVIEW, 0, -1.0, 5.0, 1000);
  add_card (&cards, "difficulty", KT_CARD_REVIEW, 0, 3.5, 11.0, 1000);
  add_card (&cards, "state", 7, 0, 3.5, 5.0, 1000);
  add_card (&cards, "step", KT_CARD_LEARNING, -1, 3.5, 5.0, 1000);
  add_card (&cards, "no-memory", KT_CARD_REVIEW, 0, 0.0, 0.0, 1000);
  add_card (&cards, "time", KT_CARD_REVIEW, 0, 3.5, 5.0, -5);
  add_card (&cards, "", KT_CARD_LEARNING, 0, 3.5, 5.0, 1000);
  g_settings_set_value (fixture->settings, "cards", g_variant_builder_end (&cards));

  g_variant_builder_init (&log, G_VARIANT_TYPE ("a(sxiid)"));
  add_log_entry (&log, "good", KT_RATING_GOOD, KT_CARD_NEW, 0.0);
  add_log_entry (&log, "rating", 9, KT_CARD_NEW, 0.0);
  add_log_entry (&log, "state", KT_RATING_GOOD, -1, 0.0);
  add_log_entry (&log, "nan", KT_RATING_GOOD, KT_CARD_NEW, NAN);
  add_log_entry (&log, "", KT_RATING_GOOD, KT_CARD_NEW, 0.0);
  g_settings_set_value (fixture->settings, "review-log", g_variant_builder_end (&log));

  progress = kt_progress_new (fixture->settings);
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 1);
  g_assert_nonnull (kt_progress_lookup (progress, "good"));
  g_assert_cmpfloat (kt_progress_lookup (progress, "good")->fsrs.stability, ==, 3.5);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 1);
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 0)->card_id, ==, "good");

  /* The bad ones are dropped at the next write, the good one kept */
  kt_progress_record_review (progress, "new", KT_RATING_GOOD, T0);
  kt_progress_flush (progress);
  g_assert_cmpuint (n_stored (fixture->backend, "cards"), ==, 2);
  g_assert_cmpuint (n_stored (fixture->backend, "answers"), ==, 2);
  g_assert_cmpuint (n_stored (fixture->backend, "review-log"), ==, 0);
  g_assert_finalize_object (progress);
}

/* The log of older versions, answers without ids in "review-log", moves
 * to "answers" with ids of this machine, none lost, also two answers of
 * one microsecond; the old key is emptied in the same write. */
static void
test_legacy_log (Fixture       *fixture,
                 gconstpointer  data)
{
  GVariantBuilder log;
  KtProgress *progress;
  gint64 machine;

  g_variant_builder_init (&log, G_VARIANT_TYPE ("a(sxiid)"));
  g_variant_builder_add (&log, "(sxiid)", "b", T0 + DAY, KT_RATING_GOOD, KT_CARD_LEARNING, 1.0);
  g_variant_builder_add (&log, "(sxiid)", "a", T0, KT_RATING_GOOD, KT_CARD_NEW, 0.0);
  g_variant_builder_add (&log, "(sxiid)", "b", T0, KT_RATING_AGAIN, KT_CARD_NEW, 0.0);
  g_settings_set_value (fixture->settings, "review-log", g_variant_builder_end (&log));

  progress = kt_progress_new (fixture->settings);
  machine = kt_progress_get_machine (progress);
  g_assert_cmpint (machine, >, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 3);
  /* In replay order, each with an id of its own */
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 0)->card_id, ==, "a");
  g_assert_cmpuint (kt_progress_get_log_entry (progress, 0)->seq, ==, 0);
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 1)->card_id, ==, "b");
  g_assert_cmpuint (kt_progress_get_log_entry (progress, 1)->seq, ==, 1);
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 2)->card_id, ==, "b");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (kt_progress_get_log_entry (progress, i)->machine, ==, machine);

  /* Written without an answer of its own */
  spin (700);
  g_assert_cmpuint (n_stored (fixture->backend, "answers"), ==, 3);
  g_assert_cmpuint (n_stored (fixture->backend, "review-log"), ==, 0);
  g_assert_finalize_object (progress);

  /* And read back with the same ids */
  progress = kt_progress_new (fixture->settings);
  g_assert_cmpint (kt_progress_get_machine (progress), ==, machine);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 3);
  g_assert_cmpuint (kt_progress_get_log_entry (progress, 1)->seq, ==, 1);
  g_assert_finalize_object (progress);
}

/* A machine id set to the one Anki's answers are imported under (by
 * hand, or copied) is not taken: answers given here must never share ids
 * with imported ones. */
static void
test_machine_not_anki (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *anki = kt_progress_format_machine (KT_PROGRESS_MACHINE_ANKI);
  g_autofree char *stored = NULL;
  KtProgress *progress;

  g_assert_cmpstr (anki, ==, "00000000616e6b69");
  g_assert_cmpint (kt_progress_parse_machine (anki), ==, KT_PROGRESS_MACHINE_ANKI);
  g_settings_set_string (fixture->settings, "machine-id", anki);

  progress = kt_progress_new (fixture->settings);
  g_assert_cmpint (kt_progress_get_machine (progress), >, 0);
  g_assert_cmpint (kt_progress_get_machine (progress), !=, KT_PROGRESS_MACHINE_ANKI);
  stored = g_settings_get_string (fixture->settings, "machine-id");
  g_assert_cmpint (kt_progress_parse_machine (stored), ==, kt_progress_get_machine (progress));
  g_assert_finalize_object (progress);
}

/* A value of another type, as a hand-edited keyfile may hold, reads as
 * the default. */
static void
test_wrong_type (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "bad.ini", NULL);
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  KtProgress *progress;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path,
                                      "[io/github/kartoteka/Kartoteka]\n"
                                      "cards='not a dictionary'\n"
                                      "review-log=[('a', 1, 2)]\n"
                                      "day-rollover-hour=99\n"
                                      "desired-retention=nan\n", -1, NULL));
  backend = g_keyfile_settings_backend_new (path, "/", NULL);
  settings = g_settings_new_with_backend (APP_ID, backend);

  progress = kt_progress_new (settings);
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 0);
  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  g_assert_cmpint (kt_progress_lookup (progress, "a")->fsrs.due_us, ==, T0 + 10 * MINUTE);
  g_assert_finalize_object (progress);
}

static void
test_day_bounds (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 start, end;

  /* Default rollover at 04:00 local (UTC here) */
  kt_progress_get_day_bounds (fixture->progress, kt_test_utc_us (2024, 1, 10, 12, 0), &start, &end);
  g_assert_cmpint (start, ==, kt_test_utc_us (2024, 1, 10, 4, 0));
  g_assert_cmpint (end, ==, kt_test_utc_us (2024, 1, 11, 4, 0));

  kt_progress_get_day_bounds (fixture->progress, kt_test_utc_us (2024, 1, 10, 3, 59), &start, &end);
  g_assert_cmpint (start, ==, kt_test_utc_us (2024, 1, 9, 4, 0));
  g_assert_cmpint (end, ==, kt_test_utc_us (2024, 1, 10, 4, 0));

  kt_progress_get_day_bounds (fixture->progress, kt_test_utc_us (2024, 1, 10, 4, 0), &start, &end);
  g_assert_cmpint (start, ==, kt_test_utc_us (2024, 1, 10, 4, 0));

  /* Across a month end */
  kt_progress_get_day_bounds (fixture->progress, kt_test_utc_us (2024, 3, 1, 1, 0), &start, &end);
  g_assert_cmpint (start, ==, kt_test_utc_us (2024, 2, 29, 4, 0));
  g_assert_cmpint (end, ==, kt_test_utc_us (2024, 3, 1, 4, 0));

  g_settings_set_int (fixture->settings, "day-rollover-hour", 0);
  kt_progress_get_day_bounds (fixture->progress, kt_test_utc_us (2024, 1, 10, 3, 59), &start, &end);
  g_assert_cmpint (start, ==, kt_test_utc_us (2024, 1, 10, 0, 0));
  g_assert_cmpint (end, ==, kt_test_utc_us (2024, 1, 11, 0, 0));
}

static void
test_count_today (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 day = kt_test_utc_us (2024, 1, 10, 12, 0);
  guint n_new, n_reviews;

  /* Yesterday (before 04:00 still counts as yesterday) */
  kt_progress_record_review (fixture->progress, "old", KT_RATING_EASY, day - 9 * HOUR);
  /* Today: two new cards, one learning step, one review */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, day);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, day + 10 * MINUTE);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_EASY, day);
  kt_progress_record_review (fixture->progress, "old", KT_RATING_GOOD, day + HOUR);

  kt_progress_count_today (fixture->progress, day + 2 * HOUR, &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_reviews, ==, 3);

  kt_progress_count_today (fixture->progress, day - 9 * HOUR, &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 1);
  g_assert_cmpuint (n_reviews, ==, 1);

  /* The next study day starts at 04:00 */
  kt_progress_count_today (fixture->progress, kt_test_utc_us (2024, 1, 11, 4, 0), &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpuint (n_reviews, ==, 0);
}

static KtTopic *
make_topic (const char *id,
            guint       n_cards)
{
  KtTopic *topic = kt_topic_new (id, id);

  for (guint i = 0; i < n_cards; i++)
    {
      g_autofree char *card_id = g_strdup_printf ("%s:%u", id, i);
      g_autoptr(KtCard) card = kt_card_new (card_id, id, NULL, NULL, card_id, "A", NULL, NULL, NULL, 0);

      kt_topic_append (topic, card);
    }

  return topic;
}

static void
test_count (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KtTopic) topic = make_topic ("t", 7);
  gint64 now = kt_test_utc_us (2024, 1, 10, 12, 0);
  gint64 late = kt_test_utc_us (2024, 1, 11, 3, 58);
  guint n_new, n_learning, n_due;
  KtStatsCounts counts;
  g_autoptr(GArray) forecast = NULL;

  /* t:0 learning, t:1 relearning, t:2 due yesterday, t:3 due tonight
   * before the 04:00 rollover, t:4 due right after it, t:5 new */
  kt_progress_record_review (fixture->progress, "t:0", KT_RATING_GOOD, now);
  kt_progress_record_review (fixture->progress, "t:1", KT_RATING_EASY, now - 8 * DAY);
  kt_progress_record_review (fixture->progress, "t:1", KT_RATING_AGAIN, now);
  kt_progress_record_review (fixture->progress, "t:2", KT_RATING_EASY, now - 9 * DAY);
  kt_progress_record_review (fixture->progress, "t:3", KT_RATING_EASY,
                             kt_test_utc_us (2024, 1, 11, 3, 59) - 8 * DAY);
  kt_progress_record_review (fixture->progress, "t:4", KT_RATING_EASY,
                             kt_test_utc_us (2024, 1, 11, 4, 0) - 8 * DAY);

  kt_progress_count (fixture->progress, G_LIST_MODEL (topic), now, &n_new, &n_learning, &n_due);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_learning, ==, 2);
  g_assert_cmpuint (n_due, ==, 2);

  /* t:6 learnt at 03:55, its next step at 04:05: the next study day. Due
   * today is one figure in the counts, the statistics and the forecast. */
  kt_progress_record_review (fixture->progress, "t:6", KT_RATING_GOOD,
                             kt_test_utc_us (2024, 1, 11, 3, 55));
  g_assert_cmpint (kt_progress_lookup (fixture->progress, "t:6")->fsrs.state, ==, KT_CARD_LEARNING);
  kt_progress_count (fixture->progress, G_LIST_MODEL (topic), late, &n_new, &n_learning, &n_due);
  g_assert_cmpuint (n_new, ==, 1);
  g_assert_cmpuint (n_learning, ==, 2);
  g_assert_cmpuint (n_due, ==, 2);
  kt_stats_count_cards (fixture->progress, G_LIST_MODEL (topic), late, &counts);
  g_assert_cmpuint (counts.n_due, ==, n_learning + n_due);
  forecast = kt_stats_forecast (fixture->progress, G_LIST_MODEL (topic), late, 2);
  g_assert_cmpuint (g_array_index (forecast, guint, 0), ==, n_learning + n_due);
  g_assert_cmpuint (g_array_index (forecast, guint, 1), ==, 2);

  /* After the rollover t:4 is due too */
  kt_progress_count (fixture->progress, G_LIST_MODEL (topic), kt_test_utc_us (2024, 1, 11, 4, 0),
                     &n_new, &n_learning, &n_due);
  g_assert_cmpuint (n_due, ==, 3);
}

static void
assert_counts (KtTopic *topic,
               guint    n_new,
               guint    n_learning,
               guint    n_due)
{
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new);
  g_assert_cmpuint (kt_topic_get_n_learning (topic), ==, n_learning);
  g_assert_cmpuint (kt_topic_get_n_due (topic), ==, n_due);
}

static void
test_topic_counts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtTopic) first = make_topic ("first", 3);
  g_autoptr(KtTopic) second = make_topic ("second", 2);
  g_autoptr(KtTopic) late = make_topic ("late", 4);
  g_autoptr(KtCard) extra = kt_card_new ("first:x", "first", NULL, NULL, "Q", "A",
                                         NULL, NULL, NULL, 0);
  gint64 now = g_get_real_time ();
  guint n_notify = 0;
  KtProgressRecord before;

  /* One-shot update */
  g_list_store_append (topics, first);
  g_list_store_append (topics, second);
  kt_progress_record_review (fixture->progress, "first:0", KT_RATING_EASY, now - 9 * DAY);
  kt_progress_update_topic_counts (fixture->progress, G_LIST_MODEL (topics), now);
  assert_counts (first, 2, 0, 1);
  assert_counts (second, 2, 0, 0);

  /* Live from here on */
  kt_progress_watch_topics (fixture->progress, G_LIST_MODEL (topics));
  g_signal_connect (first, "notify::n-new", G_CALLBACK (count_signal_cb), &n_notify);

  before = *kt_progress_lookup (fixture->progress, "first:0");
  kt_progress_record_review (fixture->progress, "first:0", KT_RATING_AGAIN, now);
  assert_counts (first, 2, 1, 0);
  g_assert_cmpuint (n_notify, ==, 0);

  kt_progress_record_review (fixture->progress, "first:1", KT_RATING_GOOD, now);
  assert_counts (first, 1, 2, 0);
  g_assert_cmpuint (n_notify, ==, 1);
  assert_counts (second, 2, 0, 0);

  kt_progress_restore (fixture->progress, "first:1", NULL);
  kt_progress_restore (fixture->progress, "first:0", &before);
  assert_counts (first, 2, 0, 1);

  /* A topic loaded later gets counts when it arrives */
  kt_progress_record_review (fixture->progress, "late:0", KT_RATING_GOOD, now);
  g_list_store_append (topics, late);
  assert_counts (late, 3, 1, 0);

  /* and cards added to a topic are counted */
  kt_topic_append (first, extra);
  assert_counts (first, 3, 0, 1);

  /* Stopping: counts no longer follow */
  kt_progress_watch_topics (fixture->progress, NULL);
  kt_progress_record_review (fixture->progress, "second:0", KT_RATING_GOOD, now);
  assert_counts (second, 2, 0, 0);
}

static gboolean
has_counts (KtTopic *topic,
            guint    n_new,
            guint    n_learning)
{
  return kt_topic_get_n_new (topic) == n_new && kt_topic_get_n_learning (topic) == n_learning;
}

/* A topic too big to count in one main-loop dispatch is counted a slice
 * at a time; a change meanwhile starts the count again, so it ends right. */
static void
test_topic_counts_big (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtTopic) big = make_topic ("big", 25000);
  g_autoptr(KtTopic) small = make_topic ("small", 2);
  gint64 now = g_get_real_time ();
  guint n_dispatches = 0;

  kt_progress_record_review (fixture->progress, "big:24999", KT_RATING_GOOD, now);
  g_list_store_append (topics, big);
  g_list_store_append (topics, small);
  kt_progress_watch_topics (fixture->progress, G_LIST_MODEL (topics));

  /* Small topics at once, big ones later */
  assert_counts (small, 2, 0, 0);
  g_assert_true (has_counts (big, 0, 0));
  g_assert_true (g_main_context_iteration (NULL, FALSE));
  g_assert_true (has_counts (big, 0, 0));

  /* An answer while counting */
  kt_progress_record_review (fixture->progress, "big:0", KT_RATING_GOOD, now);
  while (!has_counts (big, 24998, 2))
    {
      g_assert_cmpuint (n_dispatches++, <, 100);
      g_main_context_iteration (NULL, TRUE);
    }
  assert_counts (big, 24998, 2, 0);
}

/* The stored values are serialised by hand: they must be in normal form
 * and equal to what a GVariantBuilder makes, also with an id long enough
 * for wider framing offsets and a log of more than 64 KiB. */
static void
test_stored_form (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *long_id = g_strnfill (300, 'x');
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) cards = NULL;
  g_autoptr(GVariant) log = NULL;
  g_autoptr(GVariant) expected = NULL;
  GVariantBuilder expected_cards, expected_log;

  kt_progress_record_review (fixture->progress, "ёж", KT_RATING_EASY, T0);
  for (guint i = 0; i < 3000; i++)
    kt_progress_record_review (fixture->progress, i % 2 ? "a" : long_id, 1 + i % 4, T0 + i * HOUR);
  kt_progress_flush (fixture->progress);

  cards = g_settings_get_value (fixture->settings, "cards");
  log = g_settings_get_value (fixture->settings, "answers");
  g_assert_true (g_variant_is_normal_form (cards));
  g_assert_true (g_variant_is_normal_form (log));
  g_assert_cmpuint (g_variant_get_size (log), >, 65536);

  kt_progress_foreach (fixture->progress, collect_ids_cb, ids);
  g_ptr_array_sort (ids, compare_strings);
  g_variant_builder_init (&expected_cards, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
  for (guint i = 0; i < ids->len; i++)
    {
      const KtProgressRecord *record = kt_progress_lookup (fixture->progress, ids->pdata[i]);

      g_variant_builder_add (&expected_cards, "{s(iiddxxuu)}", ids->pdata[i],
                             record->fsrs.state, record->fsrs.step, record->fsrs.stability,
                             record->fsrs.difficulty, record->fsrs.due_us,
                             record->fsrs.last_review_us, record->reps, record->lapses);
    }
  g_variant_builder_init (&expected_log, G_VARIANT_TYPE ("a(sxiidxu)"));
  for (guint i = 0; i < kt_progress_get_n_log_entries (fixture->progress); i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (fixture->progress, i);

      g_variant_builder_add (&expected_log, "(sxiidxu)", entry->card_id, entry->time_us,
                             entry->rating, entry->state_before, entry->elapsed_days,
                             entry->machine, entry->seq);
    }

  expected = g_variant_ref_sink (g_variant_builder_end (&expected_cards));
  g_assert_true (g_variant_equal (cards, expected));
  g_clear_pointer (&expected, g_variant_unref);
  expected = g_variant_ref_sink (g_variant_builder_end (&expected_log));
  g_assert_true (g_variant_equal (log, expected));
}

/* With GSETTINGS_BACKEND=memory set on purpose, as in every test here,
 * the memory backend is used and nothing is written to disk. */
static void
test_settings_memory (void)
{
  g_autoptr(GSettings) settings = kt_settings_new ();
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "kartoteka",
                                            "settings.ini", NULL);

  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  g_object_get (settings, "backend", &backend, NULL);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GMemorySettingsBackend");

  g_settings_set_int (settings, "new-cards-per-day", 7);
  g_settings_sync ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Without dconf and without a backend chosen in the environment, settings
 * and progress go to our own keyfiles, each to its own, and the user is
 * told once. */
static void
test_settings_keyfile_fallback (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *modules = g_build_filename (g_get_user_data_dir (), "no-modules", NULL);
      g_autofree char *path = g_build_filename (g_get_user_config_dir (), "kartoteka",
                                                "settings.ini", NULL);
      g_autofree char *progress_path = g_build_filename (g_get_user_config_dir (), "kartoteka",
                                                         "progress.gvariant", NULL);
      g_autoptr(GVariant) stored = NULL;
      g_autofree char *stored_text = NULL;
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(GSettings) again = NULL;
      g_autoptr(GSettingsBackend) backend = NULL;
      g_autoptr(GSettingsBackend) backend_again = NULL;
      g_autofree char *contents = NULL;
      KtProgress *progress;

      /* No GIO modules, hence no dconf, whatever this machine has */
      g_assert_cmpint (g_mkdir_with_parents (modules, 0700), ==, 0);
      g_setenv ("GIO_MODULE_DIR", modules, TRUE);
      g_unsetenv ("GSETTINGS_BACKEND");

      settings = kt_settings_new ();
      again = kt_settings_new ();
      g_object_get (settings, "backend", &backend, NULL);
      g_object_get (again, "backend", &backend_again, NULL);
      g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GKeyfileSettingsBackend");
      g_assert_true (backend == backend_again);

      progress = kt_progress_new (settings);
      kt_progress_record_review (progress, "card", KT_RATING_GOOD, T0);
      g_settings_set_int (settings, "new-cards-per-day", 7);
      kt_progress_flush (progress);
      g_assert_finalize_object (progress);

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      stored = kt_test_stored_progress (progress_path, "cards");
      stored_text = g_variant_print (stored, FALSE);
      g_assert_nonnull (strstr (contents, "[io/github/kartoteka/Kartoteka]"));
      g_assert_nonnull (strstr (contents, "new-cards-per-day=7"));
      g_assert_null (strstr (contents, "cards="));
      g_assert_true (g_str_has_prefix (stored_text, "{'card': (1, 1, 2.3065"));

      /* Read back at the next start */
      progress = kt_progress_new (again);
      g_assert_nonnull (kt_progress_lookup (progress, "card"));
      g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 1);
      g_assert_finalize_object (progress);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*No settings service (dconf)*/kartoteka\n");
  g_test_trap_assert_stderr_unmatched ("*No settings service*No settings service*");
}

/* A card whose id changed: its record and every answer of its log go to
 * the new id, and are saved there; histories are never merged. */
static void
test_move_cards (Fixture       *fixture,
                 gconstpointer  data)
{
  KtProgress *progress = fixture->progress;
  const char *from[] = { "old", "kept", "none", "old", "chain-a", "chain-b" };
  const char *to[] = { "new", "taken", "anywhere", "again", "chain-b", "chain-c" };
  guint n_changed = 0;
  guint moved;

  kt_progress_record_review (progress, "old", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "other", KT_RATING_GOOD, T0 + MINUTE);
  kt_progress_record_review (progress, "old", KT_RATING_HARD, T0 + DAY);
  kt_progress_record_review (progress, "kept", KT_RATING_GOOD, T0);
  kt_progress_record_review (progress, "taken", KT_RATING_EASY, T0);
  kt_progress_record_review (progress, "chain-a", KT_RATING_GOOD, T0);
  kt_progress_flush (progress);
  g_signal_connect (progress, "changed", G_CALLBACK (count_signal_cb), &n_changed);

  moved = kt_progress_move_cards (progress, from, to, G_N_ELEMENTS (from));

  /* "old" went to "new" (and not on to "again": it is gone); "kept" stays,
   * as "taken" has its own; "none" has nothing; "chain-a" moved one step. */
  g_assert_cmpuint (moved, ==, 2);
  g_assert_cmpuint (n_changed, ==, 4);
  g_assert_null (kt_progress_lookup (progress, "old"));
  g_assert_cmpuint (kt_progress_lookup (progress, "new")->reps, ==, 2);
  g_assert_nonnull (kt_progress_lookup (progress, "kept"));
  g_assert_cmpuint (kt_progress_lookup (progress, "taken")->reps, ==, 1);
  g_assert_null (kt_progress_lookup (progress, "anywhere"));
  g_assert_null (kt_progress_lookup (progress, "again"));
  g_assert_nonnull (kt_progress_lookup (progress, "chain-b"));
  g_assert_null (kt_progress_lookup (progress, "chain-c"));

  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 6);
  /* In time order: four answers at T0, then "other" */
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 0)->card_id, ==, "new");
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 4)->card_id, ==, "other");
  for (guint i = 0; i < kt_progress_get_n_log_entries (progress); i++)
    {
      const char *id = kt_progress_get_log_entry (progress, i)->card_id;

      g_assert_cmpstr (id, !=, "old");
      g_assert_cmpstr (id, !=, "chain-a");
    }

  /* Saved: a new progress on the same settings reads it back. */
  kt_progress_flush (progress);
  {
    g_autoptr(KtProgress) again = kt_progress_new (fixture->settings);
    guint n_new = 0;

    g_assert_null (kt_progress_lookup (again, "old"));
    g_assert_cmpuint (kt_progress_lookup (again, "new")->reps, ==, 2);
    for (guint i = 0; i < kt_progress_get_n_log_entries (again); i++)
      n_new += g_str_equal (kt_progress_get_log_entry (again, i)->card_id, "new");
    g_assert_cmpuint (n_new, ==, 2);
    g_assert_cmpuint (kt_progress_get_n_records (again), ==, 5);
  }

  g_signal_handlers_disconnect_by_data (progress, &n_changed);
}

int
main (int   argc,
      char *argv[])
{
  kt_test_pin_utc ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/progress/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/progress/new-destroy", test_new_destroy);
  ADD ("params", test_params);
  ADD ("machine-not-anki", test_machine_not_anki);
  ADD ("record-and-lookup", test_record_and_lookup);
  ADD ("persistence", test_persistence);
  ADD ("orphans-kept", test_orphans_kept);
  ADD ("debounce", test_debounce);
  ADD ("flush", test_flush);
  ADD ("incremental-saves", test_incremental_saves);
  ADD ("stale-save", test_stale_save);
  ADD ("undo", test_undo);
  ADD ("wrong-shape", test_wrong_shape);
  ADD ("legacy-log", test_legacy_log);
  ADD ("stored-form", test_stored_form);
  g_test_add_func ("/progress/wrong-type", test_wrong_type);
  ADD ("day-bounds", test_day_bounds);
  ADD ("count-today", test_count_today);
  ADD ("count", test_count);
  ADD ("topic-counts", test_topic_counts);
  ADD ("topic-counts-big", test_topic_counts_big);
  ADD ("move-cards", test_move_cards);
  g_test_add_func ("/progress/settings/memory", test_settings_memory);
  g_test_add_func ("/progress/settings/keyfile-fallback", test_settings_keyfile_fallback);

#undef ADD

  return g_test_run ();
}
