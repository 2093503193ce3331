/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-stats: every figure of the Statistics page computed
 * from a known review log on the memory settings backend, with no
 * display. Times are fixed and the tests run in UTC (see main), so study
 * days, the rollover hour and the forecast buckets are exact.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <json-glib/json-glib.h>

#include "kt-progress-json.h"
#include "kt-stats.h"
#include "kt-test-util.h"
#include "kt-topic.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define HOUR   G_TIME_SPAN_HOUR
#define DAY    G_TIME_SPAN_DAY

typedef KtTestProfile Fixture;

/* "Now" in every test: Friday 2024-05-10 12:00, in the study day that
 * began at 04:00 (the default rollover hour) and ends tomorrow at 04:00. */
#define NOW kt_test_utc_us (2024, 5, 10, 12, 0)

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

static KtTopic *
topic_new (const char         *id,
           const char         *title,
           const char * const *card_ids)
{
  KtTopic *topic = kt_topic_new (id, title);

  for (guint i = 0; card_ids[i] != NULL; i++)
    {
      g_autofree char *question = g_strdup_printf ("Question %s?", card_ids[i]);
      g_autoptr(KtCard) card = kt_card_new (card_ids[i], id, NULL, NULL, question, "Answer",
                                            NULL, NULL, NULL, 0);

      kt_topic_append (topic, card);
    }

  return topic;
}

/* A studied card in Review with the given stability and due time. */
static KtProgressRecord
review_record (double stability,
               gint64 due_us)
{
  return (KtProgressRecord) {
    .fsrs = { .state = KT_CARD_REVIEW, .has_memory = TRUE, .stability = stability,
              .difficulty = 5.0, .due_us = due_us, .last_review_us = NOW - 10 * DAY },
    .reps = 3,
  };
}

static void
assert_day (GArray *days,
            guint   index,
            int     year,
            int     month,
            int     day_of_month,
            guint   n_reviews)
{
  const KtStatsDay *day = &g_array_index (days, KtStatsDay, index);

  g_assert_cmpint (g_date_get_year (&day->date), ==, year);
  g_assert_cmpint (g_date_get_month (&day->date), ==, month);
  g_assert_cmpint (g_date_get_day (&day->date), ==, day_of_month);
  g_assert_cmpuint (day->n_reviews, ==, n_reviews);
}

static guint
total_reviews (GArray *days)
{
  guint total = 0;

  for (guint i = 0; i < days->len; i++)
    total += g_array_index (days, KtStatsDay, i).n_reviews;

  return total;
}

/* ---- tests ------------------------------------------------------------- */

/* Nothing studied: every figure is zero, and retention and stability say
 * "no data" rather than 0. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const ids[] = { "a", "b", "c", NULL };
  g_autoptr(KtTopic) topic = topic_new ("t", "Topic", ids);
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) forecast = NULL;
  g_autoptr(GArray) table = NULL;
  KtStatsCounts counts;
  KtStatsRetention retention;
  double value = -1.0;
  guint current = 99, longest = 99;

  kt_stats_count_cards (fixture->progress, G_LIST_MODEL (topic), NOW, &counts);
  g_assert_cmpuint (counts.n_cards, ==, 3);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_NEW], ==, 3);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_LEARNING], ==, 0);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_REVIEW], ==, 0);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_RELEARNING], ==, 0);
  g_assert_cmpuint (counts.n_due, ==, 0);
  g_assert_false (kt_stats_get_average_stability (&counts, &value));
  g_assert_cmpfloat (value, ==, -1.0);

  kt_stats_count_retention (fixture->progress, NULL, NOW, &retention);
  g_assert_cmpuint (retention.n_reviews, ==, 0);
  g_assert_false (kt_stats_get_retention (&retention, &value));

  days = kt_stats_reviews_per_day (fixture->progress, NULL, NOW, KT_STATS_HISTORY_DAYS);
  g_assert_cmpuint (days->len, ==, 365);
  g_assert_cmpuint (total_reviews (days), ==, 0);
  assert_day (days, 364, 2024, 5, 10, 0);

  kt_stats_get_streaks (fixture->progress, NULL, NOW, &current, &longest);
  g_assert_cmpuint (current, ==, 0);
  g_assert_cmpuint (longest, ==, 0);

  forecast = kt_stats_forecast (fixture->progress, G_LIST_MODEL (topic), NOW,
                                KT_STATS_FORECAST_DAYS);
  g_assert_cmpuint (forecast->len, ==, 30);
  for (guint i = 0; i < forecast->len; i++)
    g_assert_cmpuint (g_array_index (forecast, guint, i), ==, 0);

  table = kt_stats_topic_table (fixture->progress, G_LIST_MODEL (topics), NOW);
  g_assert_cmpuint (table->len, ==, 0);
  g_clear_pointer (&table, g_array_unref);

  g_list_store_append (topics, topic);
  table = kt_stats_topic_table (fixture->progress, G_LIST_MODEL (topics), NOW);
  g_assert_cmpuint (table->len, ==, 1);
  g_assert_true (g_array_index (table, KtStatsTopic, 0).topic == topic);
  g_assert_cmpuint (g_array_index (table, KtStatsTopic, 0).n_cards, ==, 3);
  g_assert_cmpuint (g_array_index (table, KtStatsTopic, 0).retention.n_reviews, ==, 0);
}

/* Answers per study day over the last year: the window ends today, and
 * an answer before the rollover hour belongs to the day before. */
static void
test_reviews_per_day (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const ids[] = { "a", NULL };
  g_autoptr(KtTopic) topic = topic_new ("t", "Topic", ids);
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) mine = NULL;
  g_autoptr(GArray) week = NULL;

  /* A year and a day ago: outside the window. */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2023, 5, 11, 12, 0));
  /* The first day of the window. */
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, kt_test_utc_us (2023, 5, 12, 12, 0));
  /* 2024-05-08 in the evening, and after midnight: still the 8th. */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 8, 22, 0));
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 9, 3, 59));
  /* The rollover: the 9th. */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 9, 4, 0));
  /* Today, twice; and tomorrow, which has not come yet. */
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 10, 4, 30));
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, NOW);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 11, 4, 0));

  days = kt_stats_reviews_per_day (fixture->progress, NULL, NOW, KT_STATS_HISTORY_DAYS);
  g_assert_cmpuint (days->len, ==, 365);
  /* 2024 is a leap year: 2023-05-12 + 364 days is 2024-05-10. */
  assert_day (days, 0, 2023, 5, 12, 1);
  assert_day (days, 362, 2024, 5, 8, 2);
  assert_day (days, 363, 2024, 5, 9, 1);
  assert_day (days, 364, 2024, 5, 10, 2);
  g_assert_cmpuint (total_reviews (days), ==, 6);

  /* Only the answers to the cards given. */
  mine = kt_stats_reviews_per_day (fixture->progress, G_LIST_MODEL (topic), NOW,
                                   KT_STATS_HISTORY_DAYS);
  assert_day (mine, 362, 2024, 5, 8, 1);
  assert_day (mine, 363, 2024, 5, 9, 1);
  assert_day (mine, 364, 2024, 5, 10, 0);
  g_assert_cmpuint (total_reviews (mine), ==, 2);

  /* With the day starting at midnight, 03:59 is the 9th. */
  g_settings_set_int (fixture->settings, "day-rollover-hour", 0);
  week = kt_stats_reviews_per_day (fixture->progress, NULL, NOW, 7);
  g_assert_cmpuint (week->len, ==, 7);
  assert_day (week, 0, 2024, 5, 4, 0);
  assert_day (week, 4, 2024, 5, 8, 1);
  assert_day (week, 5, 2024, 5, 9, 2);
  assert_day (week, 6, 2024, 5, 10, 2);

  /* Before 04:00 with the default hour, "today" is still the 9th. */
  g_settings_reset (fixture->settings, "day-rollover-hour");
  g_clear_pointer (&week, g_array_unref);
  week = kt_stats_reviews_per_day (fixture->progress, NULL, kt_test_utc_us (2024, 5, 10, 3, 0), 7);
  assert_day (week, 6, 2024, 5, 9, 1);
  assert_day (week, 5, 2024, 5, 8, 2);
}

static void
assert_streaks (KtProgress *progress,
                gint64      now_us,
                guint       current,
                guint       longest)
{
  guint c = 99, l = 99;

  kt_stats_get_streaks (progress, NULL, now_us, &c, &l);
  g_assert_cmpuint (c, ==, current);
  g_assert_cmpuint (l, ==, longest);
}

/* Runs of study days, across gaps, counted by the rollover hour. */
static void
test_streaks (Fixture       *fixture,
              gconstpointer  data)
{
  /* Six days in a row in April: the 1st to the 6th, twice on the 3rd. */
  for (int day = 1; day <= 6; day++)
    kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD,
                               kt_test_utc_us (2024, 4, day, 10, 0));
  kt_progress_record_review (fixture->progress, "b", KT_RATING_AGAIN, kt_test_utc_us (2024, 4, 3, 11, 0));
  /* A gap, then three study days ending yesterday: the 7th, the 8th
   * (answered only after midnight, at 01:00 on the 9th) and the 9th. */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 7, 20, 0));
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 9, 1, 0));
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, kt_test_utc_us (2024, 5, 9, 18, 0));

  /* Today has no answer yet: the streak still runs, up to yesterday. */
  assert_streaks (fixture->progress, NOW, 3, 6);
  /* The day after tomorrow it is broken. */
  assert_streaks (fixture->progress, NOW + 2 * DAY, 0, 6);
  /* Back in April, the 4th: only the days so far count. */
  assert_streaks (fixture->progress, kt_test_utc_us (2024, 4, 4, 12, 0), 4, 4);

  /* An answer today carries it on. */
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, NOW);
  assert_streaks (fixture->progress, NOW, 4, 6);

  /* With the day starting at midnight the 8th has no answer: the run is
   * the 9th and the 10th. */
  g_settings_set_int (fixture->settings, "day-rollover-hour", 0);
  assert_streaks (fixture->progress, NOW, 2, 6);
}

/* Due cards by study day: overdue and later today in the first bucket,
 * then one bucket per day up to the 30th, nothing after. */
static void
test_forecast (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const ids[] = { "new", "overdue", "tonight", "tomorrow", "learning",
                                      "day29", "day30", "absent", NULL };
  const char *card_ids[] = { "overdue", "tonight", "tomorrow", "day29", "day30", "learning",
                             "elsewhere" };
  KtProgressRecord records[G_N_ELEMENTS (card_ids)];
  g_autoptr(KtTopic) topic = topic_new ("t", "Topic", ids);
  g_autoptr(GArray) forecast = NULL;
  g_autoptr(GArray) midnight = NULL;
  KtStatsCounts counts;
  double stability;
  guint total = 0;

  records[0] = review_record (2.0, NOW - 2 * DAY);
  /* Tomorrow 03:59 is still today's study day; 04:00 is tomorrow's. */
  records[1] = review_record (4.0, kt_test_utc_us (2024, 5, 11, 3, 59));
  records[2] = review_record (6.0, kt_test_utc_us (2024, 5, 11, 4, 0));
  records[3] = review_record (8.0, kt_test_utc_us (2024, 6, 9, 3, 0));   /* the 30th day, index 29 */
  records[4] = review_record (10.0, kt_test_utc_us (2024, 6, 9, 4, 0));  /* the 31st day */
  records[5] = (KtProgressRecord) {
    .fsrs = { .state = KT_CARD_LEARNING, .step = 1, .due_us = NOW + 10 * MINUTE,
              .last_review_us = NOW },
    .reps = 1,
  };
  records[6] = review_record (1.0, NOW);
  kt_progress_set_records (fixture->progress, card_ids, records, G_N_ELEMENTS (card_ids));

  forecast = kt_stats_forecast (fixture->progress, G_LIST_MODEL (topic), NOW,
                                KT_STATS_FORECAST_DAYS);
  g_assert_cmpuint (forecast->len, ==, 30);
  g_assert_cmpuint (g_array_index (forecast, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (forecast, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (forecast, guint, 29), ==, 1);
  for (guint i = 0; i < forecast->len; i++)
    total += g_array_index (forecast, guint, i);
  g_assert_cmpuint (total, ==, 5);

  /* The counts agree with the first bucket, and the card not in the
   * topic ("elsewhere") counts for neither. */
  kt_stats_count_cards (fixture->progress, G_LIST_MODEL (topic), NOW, &counts);
  g_assert_cmpuint (counts.n_cards, ==, 8);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_NEW], ==, 2);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_LEARNING], ==, 1);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_REVIEW], ==, 5);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_RELEARNING], ==, 0);
  g_assert_cmpuint (counts.n_due, ==, g_array_index (forecast, guint, 0));
  g_assert_cmpuint (counts.n_with_memory, ==, 5);
  g_assert_true (kt_stats_get_average_stability (&counts, &stability));
  g_assert_cmpfloat_with_epsilon (stability, (2.0 + 4.0 + 6.0 + 8.0 + 10.0) / 5, 1e-12);

  /* With the day starting at midnight, 03:59 tomorrow is tomorrow. */
  g_settings_set_int (fixture->settings, "day-rollover-hour", 0);
  midnight = kt_stats_forecast (fixture->progress, G_LIST_MODEL (topic), NOW, 3);
  g_assert_cmpuint (midnight->len, ==, 3);
  g_assert_cmpuint (g_array_index (midnight, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (midnight, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (midnight, guint, 2), ==, 0);
}

/* Retention counts answers to cards in Review in the last 30 days; Again
 * is forgotten, Hard, Good and Easy are recalled. */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const a_ids[] = { "a", NULL };
  static const char * const b_ids[] = { "b", NULL };
  g_autoptr(KtTopic) a = topic_new ("ta", "Alpha", a_ids);
  g_autoptr(KtTopic) b = topic_new ("tb", "Beta", b_ids);
  KtStatsRetention retention;
  double value;

  /* Easy takes a new card straight to Review. */
  kt_progress_record_review (fixture->progress, "a", KT_RATING_EASY, NOW - 20 * DAY);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_AGAIN, NOW - 10 * DAY);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, NOW - 10 * DAY + 10 * MINUTE);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_GOOD, NOW - 5 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_EASY, NOW - 60 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, NOW - 31 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_HARD, NOW - 3 * DAY);

  /* The states the answers were given in, as the log has them: in time
   * order. */
  {
    const KtCardState expected[] = { KT_CARD_NEW, KT_CARD_REVIEW, KT_CARD_NEW, KT_CARD_REVIEW,
                                     KT_CARD_RELEARNING, KT_CARD_REVIEW, KT_CARD_REVIEW };

    g_assert_cmpuint (kt_progress_get_n_log_entries (fixture->progress), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpint (kt_progress_get_log_entry (fixture->progress, i)->state_before, ==,
                       expected[i]);
  }

  /* In the window: a's Again and Good, b's Hard. */
  kt_stats_count_retention (fixture->progress, NULL, NOW, &retention);
  g_assert_cmpuint (retention.n_reviews, ==, 3);
  g_assert_cmpuint (retention.n_recalled, ==, 2);
  g_assert_true (kt_stats_get_retention (&retention, &value));
  g_assert_cmpfloat_with_epsilon (value, 2.0 / 3.0, 1e-12);

  kt_stats_count_retention (fixture->progress, G_LIST_MODEL (a), NOW, &retention);
  g_assert_true (kt_stats_get_retention (&retention, &value));
  g_assert_cmpfloat (value, ==, 0.5);
  kt_stats_count_retention (fixture->progress, G_LIST_MODEL (b), NOW, &retention);
  g_assert_true (kt_stats_get_retention (&retention, &value));
  g_assert_cmpfloat (value, ==, 1.0);

  /* 21 days on, a's Again has left the window; a's Good and b's Hard
   * are still in it. */
  kt_stats_count_retention (fixture->progress, NULL, NOW + 21 * DAY, &retention);
  g_assert_cmpuint (retention.n_reviews, ==, 2);
  g_assert_cmpuint (retention.n_recalled, ==, 2);

  /* Four days back, b's Hard had not been given yet, and b's Good 31
   * days ago was in the window. */
  kt_stats_count_retention (fixture->progress, NULL, NOW - 4 * DAY, &retention);
  g_assert_cmpuint (retention.n_reviews, ==, 3);
  g_assert_cmpuint (retention.n_recalled, ==, 2);

  /* Again alone: nothing recalled is 0, not "no data". */
  kt_progress_record_review (fixture->progress, "c", KT_RATING_EASY, NOW - 8 * DAY);
  kt_progress_record_review (fixture->progress, "c", KT_RATING_AGAIN, NOW - HOUR);
  {
    static const char * const c_ids[] = { "c", NULL };
    g_autoptr(KtTopic) c = topic_new ("tc", "Gamma", c_ids);

    kt_stats_count_retention (fixture->progress, G_LIST_MODEL (c), NOW, &retention);
    g_assert_true (kt_stats_get_retention (&retention, &value));
    g_assert_cmpfloat (value, ==, 0.0);
  }
}

static const KtStatsTopic *
row (GArray *table,
     guint   index)
{
  return &g_array_index (table, KtStatsTopic, index);
}

/* The topic table: lowest retention first, then the most due, then the
 * topics with no answers to go by, most due first, then by title. A card
 * in two topics counts for both. */
static void
test_topic_table (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const strong_ids[] = { "s1", NULL };
  static const char * const weak_ids[] = { "w1", "w2", "w3", NULL };
  static const char * const shaky_ids[] = { "k1", "k2", NULL };
  static const char * const shared_ids[] = { "h1", "h2", "w2", NULL };
  static const char * const waiting_ids[] = { "x1", "x2", NULL };
  static const char * const absent_ids[] = { "z1", NULL };
  static const char * const fresh_ids[] = { "f1", NULL };
  static const struct { const char *id; KtRating rating; } answers[] = {
    { "s1", KT_RATING_GOOD },
    { "w1", KT_RATING_AGAIN }, { "w2", KT_RATING_GOOD },
    { "k1", KT_RATING_AGAIN }, { "k2", KT_RATING_EASY },
    { "h1", KT_RATING_AGAIN }, { "h2", KT_RATING_HARD },
  };
  const char *studied[] = { "s1", "w1", "w2", "k1", "k2", "h1", "h2", "w3", "x1", "x2" };
  KtProgressRecord records[G_N_ELEMENTS (studied)];
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GArray) table = NULL;
  struct { const char *id; guint n_cards, n_due, n_reviews, n_recalled; } expected[] = {
    { "weak", 3, 1, 2, 1 },
    { "shaky", 2, 0, 2, 1 },
    { "shared", 3, 0, 3, 2 },
    { "strong", 1, 0, 1, 1 },
    { "waiting", 2, 2, 0, 0 },
    { "absent", 1, 0, 0, 0 },
    { "fresh", 1, 0, 0, 0 },
  };

  /* In library order, not the expected one. */
  {
    KtTopic *all[] = {
      topic_new ("fresh", "Fresh", fresh_ids),
      topic_new ("strong", "Strong", strong_ids),
      topic_new ("waiting", "Waiting", waiting_ids),
      topic_new ("shared", "Shared", shared_ids),
      topic_new ("weak", "Weak", weak_ids),
      topic_new ("absent", "Absent", absent_ids),
      topic_new ("shaky", "Shaky", shaky_ids),
    };

    g_list_store_splice (topics, 0, 0, (gpointer *) all, G_N_ELEMENTS (all));
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      g_object_unref (all[i]);
  }

  /* Each card to Review first, then the answer that counts. */
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      kt_progress_record_review (fixture->progress, answers[i].id, KT_RATING_EASY, NOW - 20 * DAY);
      kt_progress_record_review (fixture->progress, answers[i].id, answers[i].rating,
                                 NOW - 5 * DAY + i * HOUR);
    }
  /* Then due dates of our choosing: only w3, x1 and x2 are due. */
  for (guint i = 0; i < G_N_ELEMENTS (studied); i++)
    records[i] = review_record (3.0, i < 7 ? NOW + 5 * DAY : NOW - DAY);
  kt_progress_set_records (fixture->progress, studied, records, G_N_ELEMENTS (studied));

  table = kt_stats_topic_table (fixture->progress, G_LIST_MODEL (topics), NOW);
  g_assert_cmpuint (table->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("row %u: %s", i, kt_topic_get_id (row (table, i)->topic));
      g_assert_cmpstr (kt_topic_get_id (row (table, i)->topic), ==, expected[i].id);
      g_assert_cmpuint (row (table, i)->n_cards, ==, expected[i].n_cards);
      g_assert_cmpuint (row (table, i)->n_due, ==, expected[i].n_due);
      g_assert_cmpuint (row (table, i)->retention.n_reviews, ==, expected[i].n_reviews);
      g_assert_cmpuint (row (table, i)->retention.n_recalled, ==, expected[i].n_recalled);
    }
}

/* The export's summary is made by the same functions: its figures are
 * those of the statistics over the same cards. */
static void
test_export_summary (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const ids[] = { "a", "b", "c", "d", NULL };
  g_autoptr(KtTopic) topic = topic_new ("t", "Topic", ids);
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *summary;
  KtStatsCounts counts;
  KtStatsRetention retention;
  double value;

  g_list_store_append (topics, topic);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_EASY, NOW - 20 * DAY);
  kt_progress_record_review (fixture->progress, "a", KT_RATING_AGAIN, NOW - 2 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_EASY, NOW - 9 * DAY);
  kt_progress_record_review (fixture->progress, "b", KT_RATING_GOOD, NOW - DAY);
  kt_progress_record_review (fixture->progress, "c", KT_RATING_GOOD, NOW - HOUR);

  kt_progress_json_export (fixture->progress, G_LIST_MODEL (topics), NOW, KT_PROGRESS_JSON_COMPACT,
                           text);
  root = json_from_string (text->str, NULL);
  summary = json_object_get_object_member (json_node_get_object (root), "summary");
  kt_stats_count_cards (fixture->progress, G_LIST_MODEL (topic), NOW, &counts);
  kt_stats_count_retention (fixture->progress, NULL, NOW, &retention);

  g_assert_cmpint (json_object_get_int_member (summary, "cards"), ==, counts.n_cards);
  g_assert_cmpint (json_object_get_int_member (summary, "new"), ==,
                   counts.n_by_state[KT_CARD_NEW]);
  g_assert_cmpint (json_object_get_int_member (summary, "learning"), ==,
                   counts.n_by_state[KT_CARD_LEARNING]);
  g_assert_cmpint (json_object_get_int_member (summary, "review"), ==,
                   counts.n_by_state[KT_CARD_REVIEW]);
  g_assert_cmpint (json_object_get_int_member (summary, "relearning"), ==,
                   counts.n_by_state[KT_CARD_RELEARNING]);
  g_assert_cmpint (json_object_get_int_member (summary, "due_today"), ==, counts.n_due);
  g_assert_true (kt_stats_get_retention (&retention, &value));
  g_assert_cmpfloat (json_object_get_double_member (summary, "retention_30d"), ==, value);

  /* And the figures themselves: d new, c learning, a relearning (due in
   * minutes), b in Review; a's Again and b's Good give one half. */
  g_assert_cmpuint (counts.n_cards, ==, 4);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_NEW], ==, 1);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_LEARNING], ==, 1);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_REVIEW], ==, 1);
  g_assert_cmpuint (counts.n_by_state[KT_CARD_RELEARNING], ==, 1);
  g_assert_cmpfloat (value, ==, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  kt_test_pin_utc ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/stats/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("empty", test_empty);
  ADD ("reviews-per-day", test_reviews_per_day);
  ADD ("streaks", test_streaks);
  ADD ("forecast", test_forecast);
  ADD ("retention", test_retention);
  ADD ("topic-table", test_topic_table);
  ADD ("export-summary", test_export_summary);

#undef ADD

  return g_test_run ();
}
