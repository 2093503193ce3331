/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A card's record is its answers replayed from new: the fuzz is drawn
 * from the card and the time, so replaying the log reproduces every
 * stored record bit for bit, over the published FSRS sequences and over
 * random histories, fuzz on. */

#include "config.h"

#include "kt-progress.h"
#include "kt-test-util.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define DAY    G_TIME_SPAN_DAY

/* Answers @card at each due time, as design/fsrs.md §13 does. */
static void
answer_when_due (KtProgress     *progress,
                 const char     *card,
                 gint64          start_us,
                 const KtRating *ratings,
                 guint           n_ratings)
{
  gint64 now = start_us;

  for (guint i = 0; i < n_ratings; i++)
    {
      kt_progress_record_review (progress, card, ratings[i], now);
      now = kt_progress_lookup (progress, card)->fsrs.due_us;
    }
}

/* §13 sequence 1, with fuzz off its intervals as published; with fuzz on
 * other intervals, and still its own replay. */
static void
test_vectors (void)
{
  static const KtRating ratings[] = { 3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3 };
  static const gint64 intervals[] = {
    10 * MINUTE, 2 * DAY, 11 * DAY, 46 * DAY, 163 * DAY, 498 * DAY,
    10 * MINUTE, 10 * MINUTE, 2 * DAY, 4 * DAY, 7 * DAY, 12 * DAY, 21 * DAY,
  };
  static const KtRating same_instant[] = { 1, 3 };
  gint64 start = kt_test_utc_us (2022, 11, 29, 12, 30);
  KtTestProfile profile;
  guint n;

  kt_test_profile_init (&profile);
  answer_when_due (profile.progress, "vector-1", start, ratings, G_N_ELEMENTS (ratings));
  n = kt_progress_get_n_log_entries (profile.progress);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (intervals));
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpint (kt_progress_get_log_entry (profile.progress, i + 1)->time_us
                     - kt_progress_get_log_entry (profile.progress, i)->time_us, ==, intervals[i]);

  /* §13 sequence 2: Again and Good at one instant */
  for (guint i = 0; i < G_N_ELEMENTS (same_instant); i++)
    kt_progress_record_review (profile.progress, "vector-2", same_instant[i], start);
  for (guint i = 0; i < 4; i++)
    kt_progress_record_review (profile.progress, "vector-2", KT_RATING_GOOD,
                               start + (gint64) (i == 0 ? 1 : i == 1 ? 4 : i == 2 ? 12 : 33) * DAY);
  g_assert_cmpfloat_with_epsilon (kt_progress_lookup (profile.progress, "vector-2")->fsrs.stability,
                                  53.62690, 1e-5);
  kt_test_assert_replays (profile.progress);

  /* Replayed with the settings they were given with: fuzz on here */
  {
    KtTestProfile fuzzed;

    kt_test_profile_init (&fuzzed);
    g_settings_set_boolean (fuzzed.settings, "enable-fuzz", TRUE);
    answer_when_due (fuzzed.progress, "vector-1", start, ratings, G_N_ELEMENTS (ratings));
    g_assert_cmpint (kt_progress_lookup (fuzzed.progress, "vector-1")->fsrs.due_us, !=,
                     kt_progress_lookup (profile.progress, "vector-1")->fsrs.due_us);
    kt_test_assert_replays (fuzzed.progress);
    kt_test_profile_clear (&fuzzed);
  }
  kt_test_profile_clear (&profile);
}

/* Random histories of a few cards: answers minutes to months apart, some
 * in one microsecond, some after the clock went back, fuzz on. */
static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  gint64 start = kt_test_utc_us (2025, 1, 1, 9, 0);

  for (guint run = 0; run < 300; run++)
    {
      KtTestProfile profile;
      gint64 now = start;
      guint n_answers = g_rand_int_range (rand, 1, 60);

      kt_test_profile_init (&profile);
      g_settings_set_boolean (profile.settings, "enable-fuzz", g_rand_boolean (rand));
      g_settings_set_double (profile.settings, "desired-retention",
                             g_rand_double_range (rand, 0.7, 0.97));
      for (guint i = 0; i < n_answers; i++)
        {
          g_autofree char *card = g_strdup_printf ("deck:%d", g_rand_int_range (rand, 0, 5));

          switch (g_rand_int_range (rand, 0, 10))
            {
            case 0:
              break;  /* the same microsecond */
            case 1:
              now -= g_rand_int_range (rand, 1, 3 * 24 * 60) * MINUTE;  /* clock back */
              break;
            default:
              now += (gint64) g_rand_int_range (rand, 1, 90 * 24 * 60) * MINUTE
                     + g_rand_int_range (rand, 0, G_USEC_PER_SEC);
            }
          kt_progress_record_review (profile.progress, card, g_rand_int_range (rand, 1, 5), now);
        }
      kt_test_assert_replays (profile.progress);
      kt_test_profile_clear (&profile);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  kt_test_pin_utc ();

  g_test_add_func ("/replay/vectors", test_vectors);
  g_test_add_func ("/replay/random", test_random);

  return g_test_run ();
}
