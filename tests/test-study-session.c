/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtStudySession and kt_format_interval(): the published
 * py-fsrs sequence answered through sessions, queue order, the daily
 * limits and their reset at the rollover hour, learning cards coming
 * back, undo, cram mode, interval previews and their short forms.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kt-format.h"
#include "kt-progress.h"
#include "kt-study-session.h"
#include "kt-test-util.h"
#include "kt-topic.h"

#define SECOND G_TIME_SPAN_SECOND
#define MINUTE G_TIME_SPAN_MINUTE
#define HOUR   G_TIME_SPAN_HOUR
#define DAY    G_TIME_SPAN_DAY

typedef struct
{
  KtTestProfile  profile;
  KtTopic       *topic;
} Fixture;

/* 2022-11-29 12:30 UTC, the start of the py-fsrs sequences */
#define T0 kt_test_utc_us (2022, 11, 29, 12, 30)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  kt_test_profile_init (&fixture->profile);
  fixture->topic = kt_topic_new ("t", "Topic");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->topic);
  kt_test_profile_clear (&fixture->profile);
}

/* Adds cards with the given ids to the fixture's topic, in order. */
static void
add_cards (Fixture    *fixture,
           const char *first_id,
           ...)
{
  va_list args;

  va_start (args, first_id);
  for (const char *id = first_id; id != NULL; id = va_arg (args, const char *))
    {
      g_autoptr(KtCard) card = kt_card_new (id, "t", NULL, NULL, id, "answer", NULL, NULL, NULL, 0);

      kt_topic_append (fixture->topic, card);
    }
  va_end (args);
}

static KtStudySession *
start (Fixture *fixture,
       gint64   now_us)
{
  return kt_study_session_new (fixture->profile.progress, G_LIST_MODEL (fixture->topic), FALSE, now_us);
}

static const char *
current_id (KtStudySession *session)
{
  KtCard *card = kt_study_session_get_current_card (session);

  return card != NULL ? kt_card_get_id (card) : NULL;
}

/* Answers every card with @rating at @now_us and returns the ids in the
 * order they were shown, joined by spaces. */
static char *
answer_all (KtStudySession *session,
            KtRating        rating,
            gint64          now_us)
{
  GString *order = g_string_new (NULL);

  while (!kt_study_session_get_finished (session))
    {
      g_string_append_printf (order, "%s%s", order->len > 0 ? " " : "", current_id (session));
      kt_study_session_answer (session, rating, now_us);
    }

  return g_string_free (order, FALSE);
}

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  KtStudySession *session;

  session = start (fixture, T0);
  g_assert_true (kt_study_session_get_finished (session));
  g_assert_null (kt_study_session_get_current_card (session));
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 0);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 0);
  g_assert_false (kt_study_session_can_undo (session));
  g_assert_false (kt_study_session_undo (session));
  g_assert_cmpint (kt_study_session_get_next_due (session), ==, 0);
  g_assert_finalize_object (session);
}

/* design/fsrs.md §13, sequence 1: a new card rated at each due time with
 * 3,3,3,3,3,3,1,1,3,3,3,3,3; each session ends when the card leaves the
 * day, and the previews agree with what the answer then does. */
static void
test_fsrs_sequence (Fixture       *fixture,
                    gconstpointer  data)
{
  static const KtRating ratings[] = { 3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3 };
  static const gint64 intervals[] = {
    10 * MINUTE, 2 * DAY, 11 * DAY, 46 * DAY, 163 * DAY, 498 * DAY,
    10 * MINUTE, 10 * MINUTE, 2 * DAY, 4 * DAY, 7 * DAY, 12 * DAY, 21 * DAY,
  };
  g_autoptr(KtStudySession) session = NULL;
  gint64 now = T0;

  add_cards (fixture, "card", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    {
      const KtProgressRecord *record;

      if (session == NULL || kt_study_session_get_finished (session))
        {
          g_clear_object (&session);
          session = start (fixture, now);
        }
      g_assert_cmpstr (current_id (session), ==, "card");
      g_assert_cmpint (kt_study_session_preview (session, ratings[i], now), ==, intervals[i]);

      kt_study_session_answer (session, ratings[i], now);
      record = kt_progress_lookup (fixture->profile.progress, "card");
      g_assert_cmpint (record->fsrs.due_us - now, ==, intervals[i]);

      /* A 10 minute step stays in this session; a day interval ends it */
      g_assert_cmpint (kt_study_session_get_finished (session), ==, intervals[i] >= DAY);
      if (intervals[i] >= DAY)
        g_assert_cmpint (kt_study_session_get_next_due (session), ==, now + intervals[i]);

      now += intervals[i];
    }

  g_assert_cmpuint (kt_progress_lookup (fixture->profile.progress, "card")->lapses, ==, 1);
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->profile.progress), ==, 13);
}

/* Learning and relearning cards by due time, then review cards by due
 * time, then new cards in deck order; a learning card not yet due comes
 * at the end, and a card due after the study day not at all. */
static void
test_due_first (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autofree char *order = NULL;
  gint64 now = kt_test_utc_us (2024, 1, 10, 12, 0);

  add_cards (fixture, "new1", "review-tomorrow", "learning-later", "review-late", "learning",
             "new2", "review-tonight", "relearning", "review-early", NULL);

  /* New Easy → Review in 8 days; Good → Learning due in 10 minutes */
  kt_progress_record_review (fixture->profile.progress, "review-early", KT_RATING_EASY, now - 10 * DAY);
  kt_progress_record_review (fixture->profile.progress, "review-late", KT_RATING_EASY,
                             now - 8 * DAY - HOUR);
  kt_progress_record_review (fixture->profile.progress, "review-tonight", KT_RATING_EASY,
                             now - 8 * DAY + 10 * HOUR);
  kt_progress_record_review (fixture->profile.progress, "review-tomorrow", KT_RATING_EASY,
                             now - 7 * DAY);
  kt_progress_record_review (fixture->profile.progress, "learning", KT_RATING_GOOD, now - 15 * MINUTE);
  kt_progress_record_review (fixture->profile.progress, "learning-later", KT_RATING_GOOD,
                             now - 5 * MINUTE);
  kt_progress_record_review (fixture->profile.progress, "relearning", KT_RATING_EASY,
                             now - 8 * DAY - 20 * MINUTE);
  kt_progress_record_review (fixture->profile.progress, "relearning", KT_RATING_AGAIN, now - 20 * MINUTE);

  session = start (fixture, now);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 8);
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 1);

  order = answer_all (session, KT_RATING_EASY, now);
  g_assert_cmpstr (order, ==,
                   "relearning learning review-early review-late review-tonight new1 new2 "
                   "learning-later");
  g_assert_cmpuint (kt_study_session_get_n_done (session), ==, 8);
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 8);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 8);

  /* review-tomorrow is the first to come back */
  g_assert_cmpint (kt_study_session_get_next_due (session), ==, now + DAY);
}

/* A learning card that comes due goes before the rest of the queue; when
 * only learning cards are left, the earliest is shown at once. */
static void
test_learning_comes_back (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  gint64 now = T0;

  add_cards (fixture, "a", "b", "c", NULL);
  session = start (fixture, now);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 3);

  /* a: Again → due in 1 minute, queued behind */
  kt_study_session_answer (session, KT_RATING_AGAIN, now);
  g_assert_cmpstr (current_id (session), ==, "b");
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 2);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 4);

  /* Two minutes later a is due and comes before c */
  kt_study_session_answer (session, KT_RATING_GOOD, now + 2 * MINUTE);
  g_assert_cmpstr (current_id (session), ==, "a");

  /* a Good → 10 min; c is next, then learn-ahead: b (due +12 min) before
   * a (due +13 min) */
  kt_study_session_answer (session, KT_RATING_GOOD, now + 3 * MINUTE);
  g_assert_cmpstr (current_id (session), ==, "c");
  kt_study_session_answer (session, KT_RATING_EASY, now + 4 * MINUTE);
  g_assert_cmpstr (current_id (session), ==, "b");
  g_assert_false (kt_study_session_get_finished (session));
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 5);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 6);

  kt_study_session_answer (session, KT_RATING_GOOD, now + 5 * MINUTE);
  g_assert_cmpstr (current_id (session), ==, "a");
  kt_study_session_answer (session, KT_RATING_GOOD, now + 6 * MINUTE);
  g_assert_true (kt_study_session_get_finished (session));
  g_assert_cmpuint (kt_study_session_get_n_done (session), ==, 6);

  for (guint i = 0; i < 3; i++)
    {
      const char *id = (const char *[]) { "a", "b", "c" }[i];

      g_assert_cmpint (kt_progress_lookup (fixture->profile.progress, id)->fsrs.state, ==,
                       KT_CARD_REVIEW);
    }
}

static void
test_new_limit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autofree char *order = NULL;
  gint64 now = kt_test_utc_us (2024, 1, 10, 12, 0);
  gint64 day_end = kt_test_utc_us (2024, 1, 11, 4, 0);
  guint n_new, n_reviews;

  add_cards (fixture, "n1", "n2", "n3", "n4", "n5", NULL);
  g_settings_set_int (fixture->profile.settings, "new-cards-per-day", 3);

  session = start (fixture, now);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 3);
  kt_study_session_get_held_back (session, &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_reviews, ==, 0);
  order = answer_all (session, KT_RATING_EASY, now);
  g_assert_cmpstr (order, ==, "n1 n2 n3");
  /* The held-back cards come with the next study day */
  g_assert_cmpint (kt_study_session_get_next_due (session), ==, day_end);
  g_clear_object (&session);

  /* Same day: nothing new left, and the page can say why */
  session = start (fixture, now + HOUR);
  g_assert_true (kt_study_session_get_finished (session));
  kt_study_session_get_held_back (session, &n_new, NULL);
  g_assert_cmpuint (n_new, ==, 2);
  g_clear_object (&session);

  /* No new cards a day at all: every one is held back */
  g_settings_set_int (fixture->profile.settings, "new-cards-per-day", 0);
  session = start (fixture, now + HOUR);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 0);
  kt_study_session_get_held_back (session, &n_new, NULL);
  g_assert_cmpuint (n_new, ==, 2);
  g_clear_object (&session);

  /* A raised limit lets one more in */
  g_settings_set_int (fixture->profile.settings, "new-cards-per-day", 4);
  session = start (fixture, now + HOUR);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 1);
  g_assert_cmpstr (current_id (session), ==, "n4");
}

static void
test_review_limit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autofree char *order = NULL;
  gint64 now = kt_test_utc_us (2024, 1, 10, 12, 0);
  guint n_new, n_reviews;

  add_cards (fixture, "r1", "r2", "r3", "n1", "n2", "l1", NULL);
  kt_progress_record_review (fixture->profile.progress, "r1", KT_RATING_EASY, now - 10 * DAY);
  kt_progress_record_review (fixture->profile.progress, "r2", KT_RATING_EASY, now - 9 * DAY);
  kt_progress_record_review (fixture->profile.progress, "r3", KT_RATING_EASY, now - 8 * DAY - HOUR);
  g_settings_set_int (fixture->profile.settings, "reviews-per-day", 4);

  /* Reviews and new cards share the budget */
  session = start (fixture, now);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 4);
  kt_study_session_get_held_back (session, &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 2);
  g_assert_cmpuint (n_reviews, ==, 0);
  kt_study_session_answer (session, KT_RATING_GOOD, now);
  kt_study_session_answer (session, KT_RATING_GOOD, now);
  g_clear_object (&session);

  /* Two answered today, two left: r3 and n1 */
  session = start (fixture, now + HOUR);
  order = answer_all (session, KT_RATING_EASY, now + HOUR);
  g_assert_cmpstr (order, ==, "r3 n1");
  g_clear_object (&session);

  /* Learning cards are never held back */
  g_settings_set_int (fixture->profile.settings, "reviews-per-day", 0);
  kt_progress_record_review (fixture->profile.progress, "l1", KT_RATING_AGAIN, now + HOUR);
  session = start (fixture, now + 2 * HOUR);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 1);
  g_assert_cmpstr (current_id (session), ==, "l1");
  g_clear_object (&session);

  /* A year on, r1, r2, r3 and n1 are due again: held back with n2 */
  session = start (fixture, now + 400 * DAY);
  kt_study_session_get_held_back (session, &n_new, &n_reviews);
  g_assert_cmpuint (n_new, ==, 1);
  g_assert_cmpuint (n_reviews, ==, 4);
}

/* The limits count answers of the study day, which starts at the rollover
 * hour in local time. */
static void
test_limits_reset_at_rollover (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  add_cards (fixture, "n1", "n2", "n3", "n4", "n5", "n6", NULL);
  g_settings_set_int (fixture->profile.settings, "new-cards-per-day", 2);

  session = start (fixture, kt_test_utc_us (2024, 1, 10, 10, 0));
  first = answer_all (session, KT_RATING_EASY, kt_test_utc_us (2024, 1, 10, 10, 0));
  g_assert_cmpstr (first, ==, "n1 n2");
  g_clear_object (&session);

  /* 03:30 next morning is still the same study day */
  session = start (fixture, kt_test_utc_us (2024, 1, 11, 3, 30));
  g_assert_true (kt_study_session_get_finished (session));
  g_clear_object (&session);

  /* At 04:00 a new one begins */
  session = start (fixture, kt_test_utc_us (2024, 1, 11, 4, 0));
  second = answer_all (session, KT_RATING_EASY, kt_test_utc_us (2024, 1, 11, 4, 0));
  g_assert_cmpstr (second, ==, "n3 n4");
  g_clear_object (&session);

  /* With the rollover at 03:00, 03:30 the day after is a new day too */
  g_settings_set_int (fixture->profile.settings, "day-rollover-hour", 3);
  session = start (fixture, kt_test_utc_us (2024, 1, 12, 3, 30));
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 2);
  g_clear_object (&session);

  /* and with it at 05:00, 04:30 on the 11th still belongs to the 10th,
   * which saw all four new cards */
  g_settings_set_int (fixture->profile.settings, "day-rollover-hour", 5);
  session = start (fixture, kt_test_utc_us (2024, 1, 11, 4, 30));
  g_assert_true (kt_study_session_get_finished (session));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (pspec->name));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The properties notified since the last call, sorted, and forgets them */
static char *
take_notified (GPtrArray *seen)
{
  char *names;

  g_ptr_array_sort (seen, compare_strings);
  g_ptr_array_add (seen, NULL);
  names = g_strjoinv (" ", (char **) seen->pdata);
  g_ptr_array_set_size (seen, 0);

  return names;
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *notified = NULL;
  g_autofree char *notified_undo = NULL;
  KtProgressRecord learning;

  add_cards (fixture, "a", "b", NULL);
  session = start (fixture, T0);
  g_signal_connect (session, "notify", G_CALLBACK (notify_cb), seen);

  kt_study_session_answer (session, KT_RATING_GOOD, T0);
  notified = take_notified (seen);
  g_assert_cmpstr (notified, ==, "can-undo current-card n-done position total");
  learning = *kt_progress_lookup (fixture->profile.progress, "a");
  g_assert_cmpstr (current_id (session), ==, "b");
  g_assert_true (kt_study_session_can_undo (session));

  /* Undo the first answer: a is new and current again */
  g_assert_true (kt_study_session_undo (session));
  notified_undo = take_notified (seen);
  g_assert_cmpstr (notified_undo, ==, "can-undo current-card n-done position total");
  g_assert_cmpstr (current_id (session), ==, "a");
  g_assert_null (kt_progress_lookup (fixture->profile.progress, "a"));
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->profile.progress), ==, 0);
  g_assert_cmpuint (kt_study_session_get_n_done (session), ==, 0);
  g_assert_cmpuint (kt_study_session_get_position (session), ==, 1);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 2);
  g_assert_false (kt_study_session_can_undo (session));
  g_assert_false (kt_study_session_undo (session));

  /* Several steps back, through a learning card that came back */
  kt_study_session_answer (session, KT_RATING_GOOD, T0);
  kt_study_session_answer (session, KT_RATING_EASY, T0 + MINUTE);
  g_assert_cmpstr (current_id (session), ==, "a");
  kt_study_session_answer (session, KT_RATING_GOOD, T0 + 10 * MINUTE);
  g_assert_true (kt_study_session_get_finished (session));
  g_assert_cmpint (kt_progress_lookup (fixture->profile.progress, "a")->fsrs.state, ==, KT_CARD_REVIEW);

  g_assert_true (kt_study_session_undo (session));
  g_assert_false (kt_study_session_get_finished (session));
  g_assert_cmpstr (current_id (session), ==, "a");
  g_assert_cmpint (kt_progress_lookup (fixture->profile.progress, "a")->fsrs.due_us, ==,
                   learning.fsrs.due_us);
  g_assert_cmpint (kt_progress_lookup (fixture->profile.progress, "a")->fsrs.state, ==,
                   KT_CARD_LEARNING);

  g_assert_true (kt_study_session_undo (session));
  g_assert_cmpstr (current_id (session), ==, "b");
  g_assert_null (kt_progress_lookup (fixture->profile.progress, "b"));

  /* Answering differently after an undo takes the new path: b is due in
   * a minute, before a, and nothing else is left */
  kt_study_session_answer (session, KT_RATING_AGAIN, T0 + MINUTE);
  g_assert_cmpstr (current_id (session), ==, "b");
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 4);
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->profile.progress), ==, 2);
}

static void
test_cram (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KtStudySession) session = NULL;
  g_autofree char *order = NULL;
  KtProgressRecord before;
  gboolean cram;

  add_cards (fixture, "new", "review", "learning", NULL);
  kt_progress_record_review (fixture->profile.progress, "review", KT_RATING_EASY, T0);
  kt_progress_record_review (fixture->profile.progress, "learning", KT_RATING_GOOD, T0);
  before = *kt_progress_lookup (fixture->profile.progress, "review");

  session = kt_study_session_new (fixture->profile.progress, G_LIST_MODEL (fixture->topic), TRUE,
                                  T0 + HOUR);
  g_object_get (session, "cram", &cram, NULL);
  g_assert_true (cram);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 3);
  g_assert_cmpint (kt_study_session_preview (session, KT_RATING_GOOD, T0 + HOUR), ==, 0);

  kt_study_session_answer (session, KT_RATING_AGAIN, T0 + HOUR);
  g_assert_true (kt_study_session_undo (session));
  g_assert_cmpstr (current_id (session), ==, "new");

  order = answer_all (session, KT_RATING_AGAIN, T0 + HOUR);
  g_assert_cmpstr (order, ==, "new review learning");
  g_assert_true (kt_study_session_get_finished (session));

  g_assert_null (kt_progress_lookup (fixture->profile.progress, "new"));
  g_assert_cmpint (kt_progress_lookup (fixture->profile.progress, "review")->fsrs.due_us, ==,
                   before.fsrs.due_us);
  g_assert_cmpuint (kt_progress_lookup (fixture->profile.progress, "review")->reps, ==, before.reps);
  g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->profile.progress), ==, 2);
}

static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct {
    KtRating    rating;
    gint64      interval;
    const char *label;
  } new_card[] = {
    { KT_RATING_AGAIN, 1 * MINUTE, "1 min" },
    { KT_RATING_HARD, 5 * MINUTE + 30 * SECOND, "6 min" },
    { KT_RATING_GOOD, 10 * MINUTE, "10 min" },
    { KT_RATING_EASY, 8 * DAY, "8 d" },
  };
  g_autoptr(KtStudySession) session = NULL;

  add_cards (fixture, "a", NULL);

  /* Fuzz is random: previews never use it */
  g_settings_set_boolean (fixture->profile.settings, "enable-fuzz", TRUE);
  session = start (fixture, T0);
  for (guint i = 0; i < G_N_ELEMENTS (new_card); i++)
    {
      gint64 interval = kt_study_session_preview (session, new_card[i].rating, T0);
      g_autofree char *label = kt_format_interval (interval);

      g_assert_cmpint (interval, ==, new_card[i].interval);
      g_assert_cmpstr (label, ==, new_card[i].label);
    }
  g_assert_null (kt_progress_lookup (fixture->profile.progress, "a"));

  /* Desired retention from the settings: 0.8 stretches intervals */
  g_settings_set_boolean (fixture->profile.settings, "enable-fuzz", FALSE);
  g_settings_set_double (fixture->profile.settings, "desired-retention", 0.8);
  g_assert_cmpint (kt_study_session_preview (session, KT_RATING_EASY, T0), ==, 28 * DAY);

  kt_study_session_answer (session, KT_RATING_EASY, T0);
  g_assert_cmpint (kt_study_session_preview (session, KT_RATING_GOOD, T0), ==, 0);
}

static void
test_format_interval (void)
{
  static const struct {
    gint64      interval;
    const char *label;
  } cases[] = {
    { -5 * SECOND, "0 s" },
    { 0, "0 s" },
    { 30 * SECOND, "30 s" },
    { 59 * SECOND, "59 s" },
    { 59 * SECOND + 600000, "1 min" },
    { MINUTE, "1 min" },
    { 10 * MINUTE, "10 min" },
    { 59 * MINUTE + 29 * SECOND, "59 min" },
    { 59 * MINUTE + 31 * SECOND, "1 h" },
    { 5 * HOUR, "5 h" },
    { 23 * HOUR + 40 * MINUTE, "1 d" },
    { DAY, "1 d" },
    { 2 * DAY, "2 d" },
    { 29 * DAY, "29 d" },
    { 30 * DAY, "1 mo" },
    { 46 * DAY, "2 mo" },
    { 90 * DAY, "3 mo" },
    { 364 * DAY, "12 mo" },
    { 365 * DAY, "1 y" },
    { 438 * DAY, "1.2 y" },
    { 498 * DAY, "1.4 y" },
    { 730 * DAY, "2 y" },
    { 36500 * DAY, "100 y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = kt_format_interval (cases[i].interval);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

/* In sentences and values the unit is spelled out, in whole units. */
static void
test_format_duration (void)
{
  static const struct {
    gint64      interval;
    const char *duration;
    const char *until;
  } cases[] = {
    { -5 * SECOND, "0 seconds", "in 0 seconds" },
    { SECOND, "1 second", "in 1 second" },
    { MINUTE, "1 minute", "in 1 minute" },
    { 10 * MINUTE, "10 minutes", "in 10 minutes" },
    { 59 * MINUTE + 31 * SECOND, "1 hour", "in 1 hour" },
    { 5 * HOUR, "5 hours", "in 5 hours" },
    { DAY, "1 day", "in 1 day" },
    { 6 * DAY, "6 days", "in 6 days" },
    { 29 * DAY, "29 days", "in 29 days" },
    { 30 * DAY, "1 month", "in 1 month" },
    { 438 * DAY, "15 months", "in 15 months" },
    { 700 * DAY, "23 months", "in 23 months" },
    { 730 * DAY, "2 years", "in 2 years" },
    { 36500 * DAY, "100 years", "in 100 years" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *duration = kt_format_duration (cases[i].interval);
      g_autofree char *until = kt_format_time_until (cases[i].interval);

      g_assert_cmpstr (duration, ==, cases[i].duration);
      g_assert_cmpstr (until, ==, cases[i].until);
    }
}

int
main (int   argc,
      char *argv[])
{
  kt_test_pin_utc ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/study-session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new-destroy", test_new_destroy);
  ADD ("fsrs-sequence", test_fsrs_sequence);
  ADD ("due-first", test_due_first);
  ADD ("learning-comes-back", test_learning_comes_back);
  ADD ("new-limit", test_new_limit);
  ADD ("review-limit", test_review_limit);
  ADD ("limits-reset-at-rollover", test_limits_reset_at_rollover);
  ADD ("undo", test_undo);
  ADD ("cram", test_cram);
  ADD ("preview", test_preview);
  g_test_add_func ("/study-session/format-interval", test_format_interval);
  g_test_add_func ("/study-session/format-duration", test_format_duration);

#undef ADD

  return g_test_run ();
}
