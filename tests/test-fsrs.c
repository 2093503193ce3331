/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-fsrs: every formula of design/fsrs.md with the default
 * parameters, every row of the §9 state table, fuzzing as a function of the
 * random draw, and the two published py-fsrs sequences of §13.
 *
 * Over a thousand lines in one file: the formulas and the state table of
 * one document, in its order.
 */

#include <math.h>

#include "kt-fsrs.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define DAY    G_TIME_SPAN_DAY

/* 2022-11-29 12:30 UTC, the start of the py-fsrs sequences */
static gint64
start_us (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2022, 11, 29, 12, 30, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static KtFsrsCard
memory_card (KtCardState state,
             int         step,
             double      stability,
             double      difficulty,
             gint64      last_review_us)
{
  return (KtFsrsCard) {
    .state = state,
    .step = step,
    .has_memory = TRUE,
    .stability = stability,
    .difficulty = difficulty,
    .due_us = last_review_us,
    .last_review_us = last_review_us,
  };
}

/* Field by field, doubles bit for bit: the struct's padding is not set. */
static void
assert_same_card (const KtFsrsCard *a,
                  const KtFsrsCard *b)
{
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->step, ==, b->step);
  g_assert_cmpint (a->has_memory, ==, b->has_memory);
  g_assert_cmpmem (&a->stability, sizeof (double), &b->stability, sizeof (double));
  g_assert_cmpmem (&a->difficulty, sizeof (double), &b->difficulty, sizeof (double));
  g_assert_cmpint (a->due_us, ==, b->due_us);
  g_assert_cmpint (a->last_review_us, ==, b->last_review_us);
}

static void
test_params_defaults (void)
{
  static const double expected[KT_FSRS_N_PARAMS] = {
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
    0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
    0.0912, 0.0658, 0.1542,
  };
  KtFsrsParams params;

  memset (&params, 0xff, sizeof params);
  kt_fsrs_params_init_default (&params);

  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    g_assert_cmpfloat (params.w[i], ==, expected[i]);
  g_assert_cmpfloat (params.desired_retention, ==, 0.9);
  g_assert_cmpuint (params.n_learning, ==, 2);
  g_assert_cmpint (params.learning_steps_us[0], ==, 1 * MINUTE);
  g_assert_cmpint (params.learning_steps_us[1], ==, 10 * MINUTE);
  g_assert_cmpuint (params.n_relearning, ==, 1);
  g_assert_cmpint (params.relearning_steps_us[0], ==, 10 * MINUTE);
  g_assert_cmpint (params.maximum_interval, ==, 36500);
  g_assert_false (params.enable_fuzz);
}

static void
test_params_validate (void)
{
  static const double lower[KT_FSRS_N_PARAMS] = {
    0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0, 0.001,
    0.001, 0.001, 0.001, 0, 0, 1, 0, 0, 0, 0.1,
  };
  static const double upper[KT_FSRS_N_PARAMS] = {
    100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5,
    0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8,
  };
  KtFsrsParams params;
  double w[KT_FSRS_N_PARAMS + 1];

  kt_fsrs_params_init_default (&params);
  g_assert_true (kt_fsrs_params_validate (params.w, KT_FSRS_N_PARAMS, NULL));
  g_assert_true (kt_fsrs_params_validate (lower, KT_FSRS_N_PARAMS, NULL));
  g_assert_true (kt_fsrs_params_validate (upper, KT_FSRS_N_PARAMS, NULL));

  /* Wrong length: FSRS-5 (19), FSRS-4.5 (17), one too many, none */
  memcpy (w, params.w, sizeof params.w);
  w[KT_FSRS_N_PARAMS] = 0.5;
  for (gsize n = 0; n <= KT_FSRS_N_PARAMS + 1; n++)
    {
      g_autoptr(GError) error = NULL;

      if (n == KT_FSRS_N_PARAMS)
        continue;
      g_assert_false (kt_fsrs_params_validate (w, n, &error));
      g_assert_error (error, KT_FSRS_ERROR, KT_FSRS_ERROR_INVALID_PARAMETERS);
    }

  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    {
      const double bad[] = { lower[i] - 1e-9, upper[i] + 1e-9, NAN };

      for (guint j = 0; j < G_N_ELEMENTS (bad); j++)
        {
          g_autoptr(GError) error = NULL;

          memcpy (w, params.w, sizeof params.w);
          w[i] = bad[j];
          g_assert_false (kt_fsrs_params_validate (w, KT_FSRS_N_PARAMS, &error));
          g_assert_error (error, KT_FSRS_ERROR, KT_FSRS_ERROR_INVALID_PARAMETERS);
        }
    }
}

static void
test_card_init (void)
{
  KtFsrsCard card;

  memset (&card, 0xff, sizeof card);
  kt_fsrs_card_init (&card, 1234567);

  g_assert_cmpint (card.state, ==, KT_CARD_NEW);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_false (card.has_memory);
  g_assert_cmpint (card.due_us, ==, 1234567);
  g_assert_cmpint (card.last_review_us, ==, 0);
}

static void
test_initial_stability (void)
{
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);
  g_assert_cmpfloat (kt_fsrs_initial_stability (&params, KT_RATING_AGAIN), ==, 0.212);
  g_assert_cmpfloat (kt_fsrs_initial_stability (&params, KT_RATING_HARD), ==, 1.2931);
  g_assert_cmpfloat (kt_fsrs_initial_stability (&params, KT_RATING_GOOD), ==, 2.3065);
  g_assert_cmpfloat (kt_fsrs_initial_stability (&params, KT_RATING_EASY), ==, 8.2956);

  /* The 0.001 floor applies even to a vector that skipped validation */
  params.w[0] = 0.0;
  g_assert_cmpfloat (kt_fsrs_initial_stability (&params, KT_RATING_AGAIN), ==, 0.001);
}

static void
test_initial_difficulty (void)
{
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_initial_difficulty (&params, KT_RATING_AGAIN, TRUE),
                                  6.4133, 1e-15);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_initial_difficulty (&params, KT_RATING_HARD, TRUE),
                                  5.112170705601055, 1e-14);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_initial_difficulty (&params, KT_RATING_GOOD, TRUE),
                                  2.118103970459015, 1e-14);
  g_assert_cmpfloat (kt_fsrs_initial_difficulty (&params, KT_RATING_EASY, TRUE), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_initial_difficulty (&params, KT_RATING_EASY, FALSE),
                                  -4.7716307, 1e-7);

  /* Upper clamp: the largest w4 and smallest w5 give D0(Again) = 10 */
  params.w[4] = 10.0;
  g_assert_cmpfloat (kt_fsrs_initial_difficulty (&params, KT_RATING_AGAIN, TRUE), ==, 10.0);
}

static void
test_factor (void)
{
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_factor (&params), 0.9803464944134797, 1e-15);

  /* The FSRS-5 decay of 0.5 gives the old constant 19/81 */
  params.w[20] = 0.5;
  g_assert_cmpfloat_with_epsilon (kt_fsrs_factor (&params), 19.0 / 81.0, 1e-15);
}

static void
test_forgetting_curve (void)
{
  const double stabilities[] = { 0.001, 0.5, 1.0, 2.3065, 10.0, 365.0, 1e5 };
  const double decays[] = { 0.1542, 0.1, 0.5, 0.8 };
  KtFsrsParams params;
  double factor;

  kt_fsrs_params_init_default (&params);

  for (guint d = 0; d < G_N_ELEMENTS (decays); d++)
    {
      params.w[20] = decays[d];
      for (guint i = 0; i < G_N_ELEMENTS (stabilities); i++)
        {
          double s = stabilities[i];

          g_assert_cmpfloat_with_epsilon (kt_fsrs_forgetting_curve (&params, s, s), 0.9, 1e-12);
          g_assert_cmpfloat (kt_fsrs_forgetting_curve (&params, 0.0, s), ==, 1.0);
          g_assert_cmpfloat (kt_fsrs_forgetting_curve (&params, -3.0, s), ==, 1.0);
          g_assert_cmpfloat (kt_fsrs_forgetting_curve (&params, 2.0 * s, s), <, 0.9);
        }
    }

  kt_fsrs_params_init_default (&params);
  factor = 0.9803464944134797;
  g_assert_cmpfloat_with_epsilon (kt_fsrs_forgetting_curve (&params, 10.0, 2.0),
                                  pow (1.0 + factor * 10.0 / 2.0, -0.1542), 1e-14);
}

static void
test_elapsed_days (void)
{
  g_assert_cmpint (kt_fsrs_elapsed_days (0, 0), ==, 0);
  g_assert_cmpint (kt_fsrs_elapsed_days (0, DAY - 1), ==, 0);
  g_assert_cmpint (kt_fsrs_elapsed_days (0, DAY), ==, 1);
  g_assert_cmpint (kt_fsrs_elapsed_days (5 * DAY, 8 * DAY + 23 * G_TIME_SPAN_HOUR), ==, 3);
  /* Floored like timedelta.days when the clock went backwards */
  g_assert_cmpint (kt_fsrs_elapsed_days (1, 0), ==, -1);
  g_assert_cmpint (kt_fsrs_elapsed_days (DAY, 0), ==, -1);
  g_assert_cmpint (kt_fsrs_elapsed_days (DAY + 1, 0), ==, -2);
}

static void
test_retrievability (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  kt_fsrs_card_init (&card, now);
  g_assert_cmpfloat (kt_fsrs_retrievability (&params, &card, now + 10 * DAY), ==, 0.0);

  card = memory_card (KT_CARD_REVIEW, 0, 5.0, 5.0, now);
  /* t is whole days, so R stays 1 for the first day */
  g_assert_cmpfloat (kt_fsrs_retrievability (&params, &card, now + DAY - 1), ==, 1.0);
  g_assert_cmpfloat (kt_fsrs_retrievability (&params, &card, now - 3 * DAY), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_retrievability (&params, &card, now + 5 * DAY + 12 * G_TIME_SPAN_HOUR),
                                  0.9, 1e-12);
  g_assert_cmpfloat (kt_fsrs_retrievability (&params, &card, now + 3 * DAY + 23 * G_TIME_SPAN_HOUR),
                     ==, kt_fsrs_forgetting_curve (&params, 3.0, 5.0));
}

static void
test_interval_factors (void)
{
  const struct
  {
    double retention;
    double factor;
    int    days_1000;
  } cases[] = {
    { 0.9, 1.0, 1000 },
    { 0.8, 3.31596, 3316 },
    { 0.95, 0.402559, 403 },
    { 0.7, 9.28791, 9288 },
    { 0.99, 0.068698, 69 },
  };
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);
  params.maximum_interval = G_MAXINT;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      params.desired_retention = cases[i].retention;
      g_assert_cmpint (kt_fsrs_next_interval (&params, 1000.0), ==, cases[i].days_1000);
      g_assert_cmpfloat_with_epsilon (kt_fsrs_next_interval (&params, 1e5) / 1e5,
                                      cases[i].factor, 1e-5);
    }
}

static void
test_interval_rounding (void)
{
  const struct
  {
    double stability;
    int    days;
  } cases[] = {
    { 0.001, 1 }, { 0.5, 1 }, { 1.4, 1 }, { 1.5, 2 }, { 2.3065, 2 }, { 2.5, 2 },
    { 3.5, 4 }, { 4.5, 4 }, { 5.5, 6 }, { 11.5, 12 }, { 12.5, 12 }, { 12.51, 13 },
    { 100.5, 100 },
  };
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (kt_fsrs_next_interval (&params, cases[i].stability), ==, cases[i].days);
}

static void
test_maximum_interval (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  g_assert_cmpint (kt_fsrs_next_interval (&params, 36499.6), ==, 36500);
  g_assert_cmpint (kt_fsrs_next_interval (&params, 1e6), ==, 36500);

  params.desired_retention = 0.8;
  g_assert_cmpint (kt_fsrs_next_interval (&params, 20000.0), ==, 36500);

  kt_fsrs_params_init_default (&params);
  params.maximum_interval = 100;
  g_assert_cmpint (kt_fsrs_next_interval (&params, 99.0), ==, 99);
  g_assert_cmpint (kt_fsrs_next_interval (&params, 500.0), ==, 100);

  /* Stability itself is not capped, only the interval */
  card = memory_card (KT_CARD_REVIEW, 0, 400.0, 3.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + 400 * DAY);
  g_assert_cmpfloat (card.stability, >, 400.0);
  g_assert_cmpint (card.due_us - now - 400 * DAY, ==, 100 * DAY);
}

static double
expected_difficulty (double difficulty,
                     double delta)
{
  /* Damped step, then mean reversion to the unclamped D0(Easy) */
  double damped = difficulty + delta * (10.0 - difficulty) / 9.0;

  return 0.001 * -4.771630703161737 + 0.999 * damped;
}

static void
test_next_difficulty (void)
{
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);

  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_AGAIN),
                                  expected_difficulty (5.0, 2 * 3.0194), 1e-12);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_HARD),
                                  expected_difficulty (5.0, 3.0194), 1e-12);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_GOOD),
                                  expected_difficulty (5.0, 0.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_EASY),
                                  expected_difficulty (5.0, -3.0194), 1e-12);

  /* Damping keeps a lapse near the top below 10 instead of clamping */
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 9.5, KT_RATING_AGAIN),
                                  expected_difficulty (9.5, 2 * 3.0194), 1e-12);
  g_assert_cmpfloat (kt_fsrs_next_difficulty (&params, 9.5, KT_RATING_AGAIN), <, 10.0);

  /* Good drifts down towards the negative target, not towards 1.0 */
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_GOOD),
                                  4.990228369296838, 1e-12);

  /* Clamped to [1, 10] at the end */
  g_assert_cmpfloat (kt_fsrs_next_difficulty (&params, 1.0, KT_RATING_EASY), ==, 1.0);
  params.w[7] = 0.0;
  params.w[6] = 4.0;
  g_assert_cmpfloat (kt_fsrs_next_difficulty (&params, 1.0, KT_RATING_EASY), ==, 1.0);
  g_assert_cmpfloat (kt_fsrs_next_difficulty (&params, 10.0, KT_RATING_AGAIN), ==, 10.0);
}

static void
test_short_term_stability (void)
{
  KtFsrsParams params;
  double s;

  kt_fsrs_params_init_default (&params);

  /* Below S ≈ 2.121 Good still raises stability */
  for (s = 0.5; s < 2.12; s += 0.25)
    g_assert_cmpfloat_with_epsilon (kt_fsrs_short_term_stability (&params, s, KT_RATING_GOOD),
                                    s * exp (0.5425 * 0.0912) * pow (s, -0.0658), 1e-12);
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 2.0, KT_RATING_GOOD), >, 2.0);

  /* Above it the ≥ 1 clamp leaves Good unchanged */
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 2.122, KT_RATING_GOOD), ==, 2.122);
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 10.0, KT_RATING_GOOD), ==, 10.0);
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 1e4, KT_RATING_EASY), ==, 1e4);

  g_assert_cmpfloat_with_epsilon (kt_fsrs_short_term_stability (&params, 100.0, KT_RATING_EASY),
                                  100.0 * exp (0.5425 * 1.0912) * pow (100.0, -0.0658), 1e-10);

  /* No clamp for Hard and Again: they shrink stability */
  g_assert_cmpfloat_with_epsilon (kt_fsrs_short_term_stability (&params, 10.0, KT_RATING_HARD),
                                  10.0 * exp (0.5425 * (-1 + 0.0912)) * pow (10.0, -0.0658), 1e-12);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_short_term_stability (&params, 10.0, KT_RATING_AGAIN),
                                  10.0 * exp (0.5425 * (-2 + 0.0912)) * pow (10.0, -0.0658), 1e-12);
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 10.0, KT_RATING_HARD), <, 10.0);

  /* Floor at 0.001 */
  g_assert_cmpfloat (kt_fsrs_short_term_stability (&params, 0.001, KT_RATING_AGAIN), ==, 0.001);
}

static double
expected_recall (double d,
                 double s,
                 double r,
                 double multiplier)
{
  return s * (1 + exp (1.8722) * (11 - d) * pow (s, -0.1666) * (exp ((1 - r) * 0.796) - 1) * multiplier);
}

static void
test_long_term_stability (void)
{
  KtFsrsParams params;
  double s_long;
  double s_short;
  double hard, good, easy;

  kt_fsrs_params_init_default (&params);

  good = kt_fsrs_next_stability (&params, 5.0, 10.0, 0.8, KT_RATING_GOOD);
  hard = kt_fsrs_next_stability (&params, 5.0, 10.0, 0.8, KT_RATING_HARD);
  easy = kt_fsrs_next_stability (&params, 5.0, 10.0, 0.8, KT_RATING_EASY);
  g_assert_cmpfloat_with_epsilon (good, expected_recall (5.0, 10.0, 0.8, 1.0), 1e-10);
  g_assert_cmpfloat_with_epsilon (hard, expected_recall (5.0, 10.0, 0.8, 0.6014), 1e-10);
  g_assert_cmpfloat_with_epsilon (easy, expected_recall (5.0, 10.0, 0.8, 1.8729), 1e-10);
  g_assert_cmpfloat (10.0, <, hard);
  g_assert_cmpfloat (hard, <, good);
  g_assert_cmpfloat (good, <, easy);

  /* A success at R = 1 gains nothing */
  g_assert_cmpfloat (kt_fsrs_next_stability (&params, 5.0, 10.0, 1.0, KT_RATING_GOOD), ==, 10.0);

  /* Lapse, long-term branch smaller */
  s_long = 1.4835 * pow (5.0, -0.0614) * (pow (11.0, 0.2629) - 1) * exp (0.1 * 1.6483);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_stability (&params, 5.0, 10.0, 0.9, KT_RATING_AGAIN),
                                  s_long, 1e-12);

  /* Lapse, short-term branch smaller: never above S / e^(w17·w18) */
  s_short = 0.01 / exp (0.5425 * 0.0912);
  s_long = 1.4835 * pow (1.0, -0.0614) * (pow (1.01, 0.2629) - 1) * exp (1.6483);
  g_assert_cmpfloat (s_short, <, s_long);
  g_assert_cmpfloat_with_epsilon (kt_fsrs_next_stability (&params, 1.0, 0.01, 0.0, KT_RATING_AGAIN),
                                  s_short, 1e-15);

  /* Floor at 0.001 */
  g_assert_cmpfloat (kt_fsrs_next_stability (&params, 10.0, 0.001, 0.9, KT_RATING_AGAIN), ==, 0.001);
}

static void
test_new_is_learning_step_0 (void)
{
  KtFsrsParams params;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  for (KtRating rating = KT_RATING_AGAIN; rating <= KT_RATING_EASY; rating++)
    {
      KtFsrsCard fresh;
      KtFsrsCard learning = {
        .state = KT_CARD_LEARNING,
        .step = 0,
        .due_us = now,
      };

      kt_fsrs_card_init (&fresh, now);
      kt_fsrs_review (&params, &fresh, "card", rating, now + MINUTE);
      kt_fsrs_review (&params, &learning, "card", rating, now + MINUTE);

      g_assert_cmpint (fresh.state, !=, KT_CARD_NEW);
      assert_same_card (&fresh, &learning);
      g_assert_true (fresh.has_memory);
      g_assert_cmpfloat (fresh.stability, ==, kt_fsrs_initial_stability (&params, rating));
      g_assert_cmpfloat (fresh.difficulty, ==, kt_fsrs_initial_difficulty (&params, rating, TRUE));
      g_assert_cmpint (fresh.last_review_us, ==, now + MINUTE);
    }
}

static void
test_new_card (void)
{
  const struct
  {
    KtRating    rating;
    KtCardState state;
    int         step;
    gint64      interval_us;
  } cases[] = {
    { KT_RATING_AGAIN, KT_CARD_LEARNING, 0, 1 * MINUTE },
    { KT_RATING_HARD, KT_CARD_LEARNING, 0, 5 * MINUTE + 30 * G_TIME_SPAN_SECOND },
    { KT_RATING_GOOD, KT_CARD_LEARNING, 1, 10 * MINUTE },
    { KT_RATING_EASY, KT_CARD_REVIEW, 0, 8 * DAY },
  };
  KtFsrsParams params;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KtFsrsCard card;

      kt_fsrs_card_init (&card, now);
      kt_fsrs_review (&params, &card, "card", cases[i].rating, now);
      g_assert_cmpint (card.state, ==, cases[i].state);
      g_assert_cmpint (card.step, ==, cases[i].step);
      g_assert_cmpint (card.due_us - now, ==, cases[i].interval_us);
    }
}

static void
test_no_steps (void)
{
  KtFsrsParams params;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  params.n_learning = 0;
  params.n_relearning = 0;

  for (KtRating rating = KT_RATING_AGAIN; rating <= KT_RATING_EASY; rating++)
    {
      KtFsrsCard card;

      kt_fsrs_card_init (&card, now);
      kt_fsrs_review (&params, &card, "card", rating, now);
      g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
      g_assert_cmpint (card.due_us - now, ==,
                       kt_fsrs_next_interval (&params, card.stability) * DAY);

      card = memory_card (KT_CARD_RELEARNING, 0, 3.0, 5.0, now);
      kt_fsrs_review (&params, &card, "card", rating, now + 2 * DAY);
      g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
      g_assert_cmpint (card.due_us - now - 2 * DAY, ==,
                       kt_fsrs_next_interval (&params, card.stability) * DAY);
    }

  /* Review Again without relearning steps stays in Review */
  {
    KtFsrsCard card = memory_card (KT_CARD_REVIEW, 0, 30.0, 5.0, now);

    kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, now + 30 * DAY);
    g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
    g_assert_cmpfloat (card.stability, <, 30.0);
    g_assert_cmpint (card.due_us - now - 30 * DAY, ==,
                     kt_fsrs_next_interval (&params, card.stability) * DAY);
  }
}

static void
test_shortened_steps (void)
{
  KtFsrsParams params;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  params.n_learning = 1;
  params.learning_steps_us[0] = 3 * MINUTE;
  params.n_relearning = 1;
  params.relearning_steps_us[0] = 7 * MINUTE;

  for (KtCardState state = KT_CARD_LEARNING; state <= KT_CARD_RELEARNING; state += 2)
    {
      gint64 first_step = state == KT_CARD_LEARNING ? 3 * MINUTE : 7 * MINUTE;

      for (KtRating rating = KT_RATING_HARD; rating <= KT_RATING_EASY; rating++)
        {
          /* step 1 or 2 is past the end of a one-step list */
          for (int step = 1; step <= 2; step++)
            {
              KtFsrsCard card = memory_card (state, step, 4.0, 5.0, now);

              kt_fsrs_review (&params, &card, "card", rating, now + MINUTE);
              g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
              g_assert_cmpint (card.step, ==, 0);
              g_assert_cmpint (card.due_us - now - MINUTE, ==,
                               kt_fsrs_next_interval (&params, card.stability) * DAY);
            }
        }

      {
        KtFsrsCard card = memory_card (state, 2, 4.0, 5.0, now);

        kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, now + MINUTE);
        g_assert_cmpint (card.state, ==, state);
        g_assert_cmpint (card.step, ==, 0);
        g_assert_cmpint (card.due_us - now - MINUTE, ==, first_step);
      }
    }
}

static void
test_again (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  params.n_relearning = 2;
  params.relearning_steps_us[0] = 5 * MINUTE;
  params.relearning_steps_us[1] = 20 * MINUTE;

  /* Again in Learning restarts the steps; it never makes a lapse */
  card = memory_card (KT_CARD_LEARNING, 1, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_LEARNING);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 1 * MINUTE);

  card = memory_card (KT_CARD_RELEARNING, 1, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 5 * MINUTE);
}

static void
test_hard (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  /* n = 1: 1.5 × steps[0] (default relearning: 10 min → 15 min) */
  card = memory_card (KT_CARD_RELEARNING, 0, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 15 * MINUTE);

  params.n_learning = 1;
  card = memory_card (KT_CARD_LEARNING, 0, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_LEARNING);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 90 * G_TIME_SPAN_SECOND);

  /* n ≥ 2, step 0: the mean of the first two steps */
  params.n_learning = 3;
  params.learning_steps_us[2] = 60 * MINUTE;
  card = memory_card (KT_CARD_LEARNING, 0, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 5 * MINUTE + 30 * G_TIME_SPAN_SECOND);

  /* step > 0 repeats the current step */
  for (int step = 1; step <= 2; step++)
    {
      card = memory_card (KT_CARD_LEARNING, step, 2.0, 5.0, now);
      kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
      g_assert_cmpint (card.state, ==, KT_CARD_LEARNING);
      g_assert_cmpint (card.step, ==, step);
      g_assert_cmpint (card.due_us - now - MINUTE, ==, params.learning_steps_us[step]);
    }

  /* Half microseconds round to even, like timedelta arithmetic */
  params.n_learning = 1;
  for (gint64 step_us = 1; step_us <= 4; step_us++)
    {
      const gint64 expected[] = { 0, 2, 3, 4, 6 };   /* 1.5, 3, 4.5, 6 */

      params.learning_steps_us[0] = step_us;
      card = memory_card (KT_CARD_LEARNING, 0, 2.0, 5.0, now);
      kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
      g_assert_cmpint (card.due_us - now - MINUTE, ==, expected[step_us]);
    }
  params.n_learning = 2;
  params.learning_steps_us[0] = 1;
  params.learning_steps_us[1] = 4;
  card = memory_card (KT_CARD_LEARNING, 0, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now + MINUTE);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 2);
}

static void
test_good (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  params.n_relearning = 2;
  params.relearning_steps_us[1] = 30 * MINUTE;

  /* step + 1 < n: next step */
  card = memory_card (KT_CARD_RELEARNING, 0, 2.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (card.step, ==, 1);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 30 * MINUTE);

  /* step + 1 = n: graduates */
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + 31 * MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - now - 31 * MINUTE, ==, 2 * DAY);

  card = memory_card (KT_CARD_LEARNING, 1, 3.6, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
  g_assert_cmpfloat (card.stability, ==, 3.6);
  g_assert_cmpint (card.due_us - now - MINUTE, ==, 4 * DAY);
}

static void
test_easy (void)
{
  KtFsrsParams params;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  for (KtCardState state = KT_CARD_LEARNING; state <= KT_CARD_RELEARNING; state += 2)
    {
      KtFsrsCard card = memory_card (state, 0, 6.0, 5.0, now);
      double stability = kt_fsrs_short_term_stability (&params, 6.0, KT_RATING_EASY);

      kt_fsrs_review (&params, &card, "card", KT_RATING_EASY, now + MINUTE);
      g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
      g_assert_cmpint (card.step, ==, 0);
      g_assert_cmpfloat (card.stability, ==, stability);
      g_assert_cmpint (card.due_us - now - MINUTE, ==,
                       kt_fsrs_next_interval (&params, stability) * DAY);
    }
}

static void
test_review (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();
  gint64 later = now + 20 * DAY;

  kt_fsrs_params_init_default (&params);

  /* Lapse: Relearning step 0, S from the lapse formula */
  card = memory_card (KT_CARD_REVIEW, 0, 20.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, later);
  g_assert_cmpint (card.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (card.step, ==, 0);
  g_assert_cmpint (card.due_us - later, ==, 10 * MINUTE);
  g_assert_cmpfloat (card.stability, ==, kt_fsrs_next_stability (&params, 5.0, 20.0, 0.9, KT_RATING_AGAIN));
  g_assert_cmpfloat (card.difficulty, ==, kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_AGAIN));

  for (KtRating rating = KT_RATING_HARD; rating <= KT_RATING_EASY; rating++)
    {
      double r = kt_fsrs_forgetting_curve (&params, 20.0, 20.0);
      double stability = kt_fsrs_next_stability (&params, 5.0, 20.0, r, rating);

      card = memory_card (KT_CARD_REVIEW, 0, 20.0, 5.0, now);
      kt_fsrs_review (&params, &card, "card", rating, later);
      g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
      g_assert_cmpfloat (card.stability, ==, stability);
      g_assert_cmpfloat (card.difficulty, ==, kt_fsrs_next_difficulty (&params, 5.0, rating));
      g_assert_cmpint (card.due_us - later, ==, kt_fsrs_next_interval (&params, stability) * DAY);
      g_assert_cmpint (card.last_review_us, ==, later);
    }
}

static void
test_same_day_review (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);

  /* 23 h 59 min is still day 0: the short-term formula applies */
  card = memory_card (KT_CARD_REVIEW, 0, 1.5, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + DAY - MINUTE);
  g_assert_cmpfloat (card.stability, ==, kt_fsrs_short_term_stability (&params, 1.5, KT_RATING_GOOD));
  g_assert_cmpfloat (card.stability, >, 1.5);
  g_assert_cmpfloat (card.difficulty, ==, kt_fsrs_next_difficulty (&params, 5.0, KT_RATING_GOOD));

  /* So does a clock that went backwards */
  card = memory_card (KT_CARD_REVIEW, 0, 10.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now - 3 * DAY);
  g_assert_cmpfloat (card.stability, ==, kt_fsrs_short_term_stability (&params, 10.0, KT_RATING_HARD));
}

static void
test_long_term_in_learning (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();
  double r;

  kt_fsrs_params_init_default (&params);

  /* A Learning card seen 2 days later uses the long-term formula */
  card = memory_card (KT_CARD_LEARNING, 0, 0.212, 6.4133, now);
  r = kt_fsrs_forgetting_curve (&params, 2.0, 0.212);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + 2 * DAY + G_TIME_SPAN_HOUR);
  g_assert_cmpfloat (card.stability, ==, kt_fsrs_next_stability (&params, 6.4133, 0.212, r, KT_RATING_GOOD));
  g_assert_cmpfloat (card.stability, !=, kt_fsrs_short_term_stability (&params, 0.212, KT_RATING_GOOD));
  g_assert_cmpint (card.state, ==, KT_CARD_LEARNING);
  g_assert_cmpint (card.step, ==, 1);
}

static void
test_sequence_good_again (void)
{
  const KtRating ratings[] = {
    KT_RATING_GOOD, KT_RATING_GOOD, KT_RATING_GOOD, KT_RATING_GOOD, KT_RATING_GOOD,
    KT_RATING_GOOD, KT_RATING_AGAIN, KT_RATING_AGAIN, KT_RATING_GOOD, KT_RATING_GOOD,
    KT_RATING_GOOD, KT_RATING_GOOD, KT_RATING_GOOD,
  };
  const gint64 intervals[] = {
    10 * MINUTE, 2 * DAY, 11 * DAY, 46 * DAY, 163 * DAY, 498 * DAY,
    10 * MINUTE, 10 * MINUTE, 2 * DAY, 4 * DAY, 7 * DAY, 12 * DAY, 21 * DAY,
  };
  const KtCardState states[] = {
    KT_CARD_LEARNING, KT_CARD_REVIEW, KT_CARD_REVIEW, KT_CARD_REVIEW, KT_CARD_REVIEW,
    KT_CARD_REVIEW, KT_CARD_RELEARNING, KT_CARD_RELEARNING, KT_CARD_REVIEW, KT_CARD_REVIEW,
    KT_CARD_REVIEW, KT_CARD_REVIEW, KT_CARD_REVIEW,
  };
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  G_STATIC_ASSERT (G_N_ELEMENTS (ratings) == G_N_ELEMENTS (intervals));
  G_STATIC_ASSERT (G_N_ELEMENTS (ratings) == G_N_ELEMENTS (states));

  kt_fsrs_params_init_default (&params);
  kt_fsrs_card_init (&card, now);

  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    {
      now = card.due_us;
      kt_fsrs_review (&params, &card, "card", ratings[i], now);
      g_assert_cmpint (card.state, ==, states[i]);
      g_assert_cmpint (card.due_us - now, ==, intervals[i]);
      g_assert_cmpint (card.last_review_us, ==, now);
    }
}

static void
test_sequence_same_instant (void)
{
  const struct
  {
    KtRating rating;
    gint64   after_us;
    gint64   interval_us;
  } reviews[] = {
    { KT_RATING_AGAIN, 0, 1 * MINUTE },
    { KT_RATING_GOOD, 0, 10 * MINUTE },
    { KT_RATING_GOOD, 1 * DAY, 2 * DAY },
    { KT_RATING_GOOD, 3 * DAY, 8 * DAY },
    { KT_RATING_GOOD, 8 * DAY, 22 * DAY },
    { KT_RATING_GOOD, 21 * DAY, 54 * DAY },
  };
  KtFsrsParams params;
  KtFsrsCard card;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  kt_fsrs_card_init (&card, now);

  for (guint i = 0; i < G_N_ELEMENTS (reviews); i++)
    {
      now += reviews[i].after_us;
      kt_fsrs_review (&params, &card, "card", reviews[i].rating, now);
      g_assert_cmpint (card.due_us - now, ==, reviews[i].interval_us);
    }

  g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
  g_assert_cmpfloat_with_epsilon (card.stability, 53.62690, 1e-5);
  g_assert_cmpfloat_with_epsilon (card.difficulty, 6.35749, 1e-5);
}

static void
test_fuzz_range (void)
{
  const struct
  {
    int interval;
    int maximum_interval;
    int lowest;
    int highest;
  } cases[] = {
    { 3, 36500, 2, 5 },     /* py-fsrs rounds: max_ivl + 1 = 5 is reachable */
    { 5, 36500, 4, 7 },
    { 8, 36500, 6, 11 },
    { 50, 36500, 46, 55 },
    { 100, 36500, 93, 108 },
    { 50, 50, 46, 50 },     /* the cap also swallows the + 1 */
  };
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int lowest = G_MAXINT;
      int highest = G_MININT;
      int previous = G_MININT;

      params.maximum_interval = cases[i].maximum_interval;
      for (double u = 0.0; u < 1.0; u += 1.0 / 4096)
        {
          int fuzzed = kt_fsrs_fuzz_interval (&params, cases[i].interval, u);

          /* Monotonic in u and without gaps */
          g_assert_cmpint (fuzzed, >=, previous);
          if (previous != G_MININT)
            g_assert_cmpint (fuzzed - previous, <=, 1);
          previous = fuzzed;
          lowest = MIN (lowest, fuzzed);
          highest = MAX (highest, fuzzed);
        }
      g_assert_cmpint (kt_fsrs_fuzz_interval (&params, cases[i].interval, 0.9999999), ==, cases[i].highest);
      g_assert_cmpint (lowest, ==, cases[i].lowest);
      g_assert_cmpint (highest, ==, cases[i].highest);
    }

  /* The cap narrows the range before the draw: 0.5 · 5 + 46 = 48.5 → 48,
   * where capping only the result would give min (51, 50) */
  params.maximum_interval = 50;
  g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 50, 0.5), ==, 48);

  /* Not fuzzed below 2.5 days */
  kt_fsrs_params_init_default (&params);
  for (double u = 0.0; u < 1.0; u += 1.0 / 64)
    {
      g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 1, u), ==, 1);
      g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 2, u), ==, 2);
    }
}

static void
test_fuzz_half_even (void)
{
  KtFsrsParams params;

  kt_fsrs_params_init_default (&params);

  /* I = 3: 0.5 · 3 + 2 = 3.5 → 4; I = 8: 0.5 · 5 + 6 = 8.5 → 8 */
  g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 3, 0.5), ==, 4);
  g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 8, 0.5), ==, 8);
  g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 3, 0.0), ==, 2);
  g_assert_cmpint (kt_fsrs_fuzz_interval (&params, 8, 0.0), ==, 6);
}

/* The draw is SHA-256 of the id, a NUL and the big-endian time, as
 * Python computes it: hashlib.sha256(b"card\0" + struct.pack(">q", t)) */
static void
test_fuzz_draw (void)
{
  g_assert_cmpfloat (kt_fsrs_fuzz_draw ("card", 1669725000000000), ==, 8164239476010808 * 0x1p-53);
  g_assert_cmpfloat (kt_fsrs_fuzz_draw ("asyncio:3f1c9a0d5e7b2c4a", 0), ==, 4477235226424999 * 0x1p-53);
  g_assert_cmpfloat (kt_fsrs_fuzz_draw ("", -1), ==, 5556802731501000 * 0x1p-53);
}

static void
test_fuzz_review (void)
{
  KtFsrsParams params;
  KtFsrsCard card;
  KtFsrsCard again;
  gint64 now = start_us ();
  gboolean seen[8] = { FALSE };
  guint n_seen = 0;

  kt_fsrs_params_init_default (&params);
  params.enable_fuzz = TRUE;

  /* Graduation to I = 3 days is fuzzed with the answer's own draw */
  card = memory_card (KT_CARD_LEARNING, 1, 3.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (card.due_us - now - MINUTE, ==,
                   kt_fsrs_fuzz_interval (&params, 3, kt_fsrs_fuzz_draw ("card", now + MINUTE)) * DAY);

  /* The same answer again schedules the same, to the microsecond */
  again = memory_card (KT_CARD_LEARNING, 1, 3.0, 5.0, now);
  kt_fsrs_review (&params, &again, "card", KT_RATING_GOOD, now + MINUTE);
  assert_same_card (&card, &again);

  /* Review → Review is fuzzed too, and other cards draw other numbers */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("card-%u", i);
      gint64 days;

      card = memory_card (KT_CARD_REVIEW, 0, 3.0, 5.0, now);
      kt_fsrs_review (&params, &card, id, KT_RATING_GOOD, now + MINUTE);
      days = (card.due_us - now - MINUTE) / DAY;
      g_assert_cmpint (card.due_us - now - MINUTE, ==, days * DAY);
      g_assert_cmpint (days, >=, 2);
      g_assert_cmpint (days, <=, 5);
      if (!seen[days])
        n_seen++;
      seen[days] = TRUE;
    }
  g_assert_cmpuint (n_seen, ==, 4);

  /* Under 2.5 days: unchanged */
  kt_fsrs_card_init (&card, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_GOOD, now + 10 * MINUTE);
  g_assert_cmpint (card.state, ==, KT_CARD_REVIEW);
  g_assert_cmpint (card.due_us - now - 10 * MINUTE, ==, 2 * DAY);

  /* Steps of non-Review cards are never fuzzed */
  kt_fsrs_card_init (&card, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_HARD, now);
  g_assert_cmpint (card.due_us - now, ==, 5 * MINUTE + 30 * G_TIME_SPAN_SECOND);
  card = memory_card (KT_CARD_REVIEW, 0, 30.0, 5.0, now);
  kt_fsrs_review (&params, &card, "card", KT_RATING_AGAIN, now + 30 * DAY);
  g_assert_cmpint (card.state, ==, KT_CARD_RELEARNING);
  g_assert_cmpint (card.due_us - now - 30 * DAY, ==, 10 * MINUTE);
}

static void
test_preview (void)
{
  const gint64 expected[] = {
    1 * MINUTE, 5 * MINUTE + 30 * G_TIME_SPAN_SECOND, 10 * MINUTE, 8 * DAY,
  };
  KtFsrsParams params;
  KtFsrsCard card;
  KtFsrsCard before;
  gint64 now = start_us ();

  kt_fsrs_params_init_default (&params);
  kt_fsrs_card_init (&card, now);
  before = card;

  for (KtRating rating = KT_RATING_AGAIN; rating <= KT_RATING_EASY; rating++)
    g_assert_cmpint (kt_fsrs_preview_interval_us (&params, &card, "card", rating, now + DAY),
                     ==, expected[rating - 1]);

  /* The card itself is left alone */
  assert_same_card (&card, &before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fsrs/params-defaults", test_params_defaults);
  g_test_add_func ("/fsrs/params-validate", test_params_validate);
  g_test_add_func ("/fsrs/card-init", test_card_init);
  g_test_add_func ("/fsrs/initial-stability", test_initial_stability);
  g_test_add_func ("/fsrs/initial-difficulty", test_initial_difficulty);
  g_test_add_func ("/fsrs/factor", test_factor);
  g_test_add_func ("/fsrs/forgetting-curve", test_forgetting_curve);
  g_test_add_func ("/fsrs/elapsed-days", test_elapsed_days);
  g_test_add_func ("/fsrs/retrievability", test_retrievability);
  g_test_add_func ("/fsrs/interval-factors", test_interval_factors);
  g_test_add_func ("/fsrs/interval-rounding", test_interval_rounding);
  g_test_add_func ("/fsrs/maximum-interval", test_maximum_interval);
  g_test_add_func ("/fsrs/next-difficulty", test_next_difficulty);
  g_test_add_func ("/fsrs/short-term-stability", test_short_term_stability);
  g_test_add_func ("/fsrs/long-term-stability", test_long_term_stability);
  g_test_add_func ("/fsrs/new-is-learning-step-0", test_new_is_learning_step_0);
  g_test_add_func ("/fsrs/new-card", test_new_card);
  g_test_add_func ("/fsrs/no-steps", test_no_steps);
  g_test_add_func ("/fsrs/shortened-steps", test_shortened_steps);
  g_test_add_func ("/fsrs/again", test_again);
  g_test_add_func ("/fsrs/hard", test_hard);
  g_test_add_func ("/fsrs/good", test_good);
  g_test_add_func ("/fsrs/easy", test_easy);
  g_test_add_func ("/fsrs/review", test_review);
  g_test_add_func ("/fsrs/same-day-review", test_same_day_review);
  g_test_add_func ("/fsrs/long-term-in-learning", test_long_term_in_learning);
  g_test_add_func ("/fsrs/sequence-good-again", test_sequence_good_again);
  g_test_add_func ("/fsrs/sequence-same-instant", test_sequence_same_instant);
  g_test_add_func ("/fsrs/fuzz-range", test_fuzz_range);
  g_test_add_func ("/fsrs/fuzz-half-even", test_fuzz_half_even);
  g_test_add_func ("/fsrs/fuzz-draw", test_fuzz_draw);
  g_test_add_func ("/fsrs/fuzz-review", test_fuzz_review);
  g_test_add_func ("/fsrs/preview", test_preview);

  return g_test_run ();
}
