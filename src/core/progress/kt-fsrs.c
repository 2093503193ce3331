/* SPDX-License-Identifier: GPL-3.0-or-later */

/* kt-fsrs: FSRS-6 as implemented by py-fsrs 6.3.1.  Each expression keeps
 * py-fsrs's operand order and its use of `math.e ** x` (pow, not exp), so
 * stability, difficulty and retrievability agree with recorded py-fsrs
 * sequences to the last bits, not merely to a tolerance.
 */

#define G_LOG_DOMAIN "kt-fsrs"

#include <math.h>
#include <nettle/sha2.h>
#include <string.h>

#include "kt-fsrs.h"

#define STABILITY_MIN  0.001
#define DIFFICULTY_MIN 1.0
#define DIFFICULTY_MAX 10.0

static const double default_w[KT_FSRS_N_PARAMS] = {
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
  0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
  0.0912, 0.0658, 0.1542,
};

static const double lower_bounds[KT_FSRS_N_PARAMS] = {
  0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
  0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
};

static const double upper_bounds[KT_FSRS_N_PARAMS] = {
  100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0,
  0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
};

static const struct
{
  double start;
  double end;
  double factor;
} fuzz_ranges[] = {
  { 2.5, 7.0, 0.15 },
  { 7.0, 20.0, 0.10 },
  { 20.0, INFINITY, 0.05 },
};

G_DEFINE_QUARK (kt-fsrs-error-quark, kt_fsrs_error)

/* py-fsrs writes e^x as `math.e ** x`, which rounds differently from exp() */
static inline double
e_pow (double x)
{
  return pow (G_E, x);
}

/* KtRating is an unsigned enum: subtracting from it directly would wrap */
static inline int
rating_offset (KtRating rating,
               int      base)
{
  return (int) rating - base;
}

static inline double
decay (const KtFsrsParams *params)
{
  return -params->w[20];
}

static inline double
clamp_stability (double stability)
{
  return MAX (stability, STABILITY_MIN);
}

static inline double
clamp_difficulty (double difficulty)
{
  return MIN (MAX (difficulty, DIFFICULTY_MIN), DIFFICULTY_MAX);
}

void
kt_fsrs_params_init_default (KtFsrsParams *params)
{
  g_return_if_fail (params != NULL);

  *params = (KtFsrsParams) {
    .desired_retention = 0.9,
    .learning_steps_us = { 1 * G_TIME_SPAN_MINUTE, 10 * G_TIME_SPAN_MINUTE },
    .n_learning = 2,
    .relearning_steps_us = { 10 * G_TIME_SPAN_MINUTE },
    .n_relearning = 1,
    .maximum_interval = 36500,
    .enable_fuzz = FALSE,
  };
  memcpy (params->w, default_w, sizeof default_w);
}

gboolean
kt_fsrs_params_validate (const double  *w,
                         gsize          n_w,
                         GError       **error)
{
  g_return_val_if_fail (w != NULL || n_w == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_w != KT_FSRS_N_PARAMS)
    {
      g_set_error (error, KT_FSRS_ERROR, KT_FSRS_ERROR_INVALID_PARAMETERS,
                   "Expected %d parameters, got %" G_GSIZE_FORMAT,
                   KT_FSRS_N_PARAMS, n_w);
      return FALSE;
    }

  for (guint i = 0; i < KT_FSRS_N_PARAMS; i++)
    {
      /* Written so that NaN is rejected too */
      if (!(lower_bounds[i] <= w[i] && w[i] <= upper_bounds[i]))
        {
          g_set_error (error, KT_FSRS_ERROR, KT_FSRS_ERROR_INVALID_PARAMETERS,
                       "Parameter w%u = %g is out of bounds (%g … %g)",
                       i, w[i], lower_bounds[i], upper_bounds[i]);
          return FALSE;
        }
    }

  return TRUE;
}

void
kt_fsrs_card_init (KtFsrsCard *card,
                   gint64      now_us)
{
  g_return_if_fail (card != NULL);

  *card = (KtFsrsCard) {
    .state = KT_CARD_NEW,
    .due_us = now_us,
  };
}

gint64
kt_fsrs_elapsed_days (gint64 last_review_us,
                      gint64 now_us)
{
  gint64 span = now_us - last_review_us;
  gint64 days = span / G_TIME_SPAN_DAY;

  /* timedelta.days floors, C division truncates towards zero */
  if (span % G_TIME_SPAN_DAY != 0 && span < 0)
    days--;

  return days;
}

double
kt_fsrs_factor (const KtFsrsParams *params)
{
  return pow (0.9, 1.0 / decay (params)) - 1.0;
}

double
kt_fsrs_forgetting_curve (const KtFsrsParams *params,
                          double              elapsed_days,
                          double              stability)
{
  double t = MAX (elapsed_days, 0.0);

  return pow (1.0 + kt_fsrs_factor (params) * t / stability, decay (params));
}

double
kt_fsrs_initial_stability (const KtFsrsParams *params,
                           KtRating            rating)
{
  g_return_val_if_fail (rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY, STABILITY_MIN);

  return clamp_stability (params->w[rating_offset (rating, 1)]);
}

double
kt_fsrs_initial_difficulty (const KtFsrsParams *params,
                            KtRating            rating,
                            gboolean            clamp)
{
  const double *w = params->w;
  double difficulty = w[4] - e_pow (w[5] * rating_offset (rating, 1)) + 1.0;

  return clamp ? clamp_difficulty (difficulty) : difficulty;
}

double
kt_fsrs_next_difficulty (const KtFsrsParams *params,
                         double              difficulty,
                         KtRating            rating)
{
  const double *w = params->w;
  /* FSRS-6 reverts towards the unclamped Easy initial difficulty */
  double target = kt_fsrs_initial_difficulty (params, KT_RATING_EASY, FALSE);
  double delta = -(w[6] * rating_offset (rating, 3));
  double damped = difficulty + (10.0 - difficulty) * delta / 9.0;

  return clamp_difficulty (w[7] * target + (1.0 - w[7]) * damped);
}

double
kt_fsrs_short_term_stability (const KtFsrsParams *params,
                              double              stability,
                              KtRating            rating)
{
  const double *w = params->w;
  double increase = e_pow (w[17] * (rating_offset (rating, 3) + w[18]))
                    * pow (stability, -w[19]);

  /* Only Again and Hard may shrink stability within a day */
  if (rating == KT_RATING_GOOD || rating == KT_RATING_EASY)
    increase = MAX (increase, 1.0);

  return clamp_stability (stability * increase);
}

static double
next_recall_stability (const KtFsrsParams *params,
                       double              difficulty,
                       double              stability,
                       double              retrievability,
                       KtRating            rating)
{
  const double *w = params->w;
  double hard_penalty = rating == KT_RATING_HARD ? w[15] : 1.0;
  double easy_bonus = rating == KT_RATING_EASY ? w[16] : 1.0;

  return stability * (1.0
                      + e_pow (w[8])
                      * (11.0 - difficulty)
                      * pow (stability, -w[9])
                      * (e_pow ((1.0 - retrievability) * w[10]) - 1.0)
                      * hard_penalty
                      * easy_bonus);
}

static double
next_forget_stability (const KtFsrsParams *params,
                       double              difficulty,
                       double              stability,
                       double              retrievability)
{
  const double *w = params->w;
  double long_term = w[11]
                     * pow (difficulty, -w[12])
                     * (pow (stability + 1.0, w[13]) - 1.0)
                     * e_pow ((1.0 - retrievability) * w[14]);
  double short_term = stability / e_pow (w[17] * w[18]);

  /* A lapse never raises stability */
  return MIN (long_term, short_term);
}

double
kt_fsrs_next_stability (const KtFsrsParams *params,
                        double              difficulty,
                        double              stability,
                        double              retrievability,
                        KtRating            rating)
{
  double next;

  if (rating == KT_RATING_AGAIN)
    next = next_forget_stability (params, difficulty, stability, retrievability);
  else
    next = next_recall_stability (params, difficulty, stability, retrievability, rating);

  return clamp_stability (next);
}

int
kt_fsrs_next_interval (const KtFsrsParams *params,
                       double              stability)
{
  double interval = (stability / kt_fsrs_factor (params))
                    * (pow (params->desired_retention, 1.0 / decay (params)) - 1.0);

  /* Python's round() is half-to-even, like nearbyint() in the default mode */
  interval = MAX (nearbyint (interval), 1.0);

  return (int) MIN (interval, (double) params->maximum_interval);
}

int
kt_fsrs_fuzz_interval (const KtFsrsParams *params,
                       double              interval_days,
                       double              u)
{
  double delta = 1.0;
  int min_ivl;
  int max_ivl;
  double fuzzed;

  if (interval_days < 2.5)
    return (int) interval_days;

  for (guint i = 0; i < G_N_ELEMENTS (fuzz_ranges); i++)
    delta += fuzz_ranges[i].factor
             * MAX (MIN (interval_days, fuzz_ranges[i].end) - fuzz_ranges[i].start, 0.0);

  min_ivl = MAX (2, (int) nearbyint (interval_days - delta));
  max_ivl = MIN ((int) nearbyint (interval_days + delta), params->maximum_interval);
  min_ivl = MIN (min_ivl, max_ivl);

  /* py-fsrs rounds here rather than flooring, so max_ivl + 1 is reachable */
  fuzzed = nearbyint (u * (max_ivl - min_ivl + 1) + min_ivl);

  return (int) MIN (fuzzed, (double) params->maximum_interval);
}

/**
 * kt_fsrs_fuzz_draw:
 * @card_id: the card answered
 * @time_us: when it was answered
 *
 * The fuzz "random" number of one answer: the first 53 bits of the
 * SHA-256 of @card_id, a NUL byte and @time_us as 8 bytes big-endian,
 * as a double in [0, 1). The same answer draws the same number on every
 * machine and at every replay.
 */
double
kt_fsrs_fuzz_draw (const char *card_id,
                   gint64      time_us)
{
  struct sha256_ctx sum;
  guint8 digest[SHA256_DIGEST_SIZE];
  guint8 time_bytes[8];
  guint64 bits = 0;

  g_return_val_if_fail (card_id != NULL, 0.0);

  for (guint i = 0; i < 8; i++)
    time_bytes[i] = (guint8) ((guint64) time_us >> (56 - 8 * i));

  sha256_init (&sum);
  sha256_update (&sum, strlen (card_id) + 1, (const guint8 *) card_id);
  sha256_update (&sum, sizeof time_bytes, time_bytes);
  sha256_digest (&sum, sizeof digest, digest);

  for (guint i = 0; i < 8; i++)
    bits = bits << 8 | digest[i];

  return (double) (bits >> 11) * 0x1p-53;
}

double
kt_fsrs_retrievability (const KtFsrsParams *params,
                        const KtFsrsCard   *card,
                        gint64              now_us)
{
  g_return_val_if_fail (params != NULL, 0.0);
  g_return_val_if_fail (card != NULL, 0.0);

  if (!card->has_memory || card->last_review_us == 0)
    return 0.0;

  return kt_fsrs_forgetting_curve (params,
                                   (double) kt_fsrs_elapsed_days (card->last_review_us, now_us),
                                   card->stability);
}

static void
update_memory (const KtFsrsParams *params,
               KtFsrsCard         *card,
               KtRating            rating,
               gint64              now_us)
{
  double stability;

  if (!card->has_memory)
    {
      card->stability = kt_fsrs_initial_stability (params, rating);
      card->difficulty = kt_fsrs_initial_difficulty (params, rating, TRUE);
      card->has_memory = TRUE;
      return;
    }

  /* Without a last review py-fsrs takes the long-term branch with R = 0 */
  if (card->last_review_us != 0 &&
      kt_fsrs_elapsed_days (card->last_review_us, now_us) < 1)
    stability = kt_fsrs_short_term_stability (params, card->stability, rating);
  else
    stability = kt_fsrs_next_stability (params,
                                        card->difficulty,
                                        card->stability,
                                        kt_fsrs_retrievability (params, card, now_us),
                                        rating);

  /* Both updates read the old stability and difficulty */
  card->difficulty = kt_fsrs_next_difficulty (params, card->difficulty, rating);
  card->stability = stability;
}

/* Walks a (re)learning step list.  Returns TRUE when the card graduates to
 * Review, otherwise sets the new step and its interval. */
static gboolean
walk_steps (const gint64 *steps,
            guint         n_steps,
            KtFsrsCard   *card,
            KtRating      rating,
            gint64       *interval_us)
{
  guint step = (guint) card->step;

  /* A step past the end means the list was shortened since scheduling */
  if (n_steps == 0 || (step >= n_steps && rating != KT_RATING_AGAIN))
    return TRUE;

  switch (rating)
    {
    case KT_RATING_AGAIN:
      card->step = 0;
      *interval_us = steps[0];
      return FALSE;

    case KT_RATING_HARD:
      /* py-fsrs scales timedeltas, which rounds half-to-even to whole
       * microseconds; the doubles here are exact below 2^53 µs. */
      if (step == 0 && n_steps == 1)
        *interval_us = (gint64) nearbyint ((double) steps[0] * 1.5);
      else if (step == 0)
        *interval_us = (gint64) nearbyint ((double) (steps[0] + steps[1]) / 2.0);
      else
        *interval_us = steps[step];
      return FALSE;

    case KT_RATING_GOOD:
      if (step + 1 == n_steps)
        return TRUE;
      card->step = (int) step + 1;
      *interval_us = steps[step + 1];
      return FALSE;

    case KT_RATING_EASY:
      return TRUE;

    default:
      g_return_val_if_reached (TRUE);
    }
}

/**
 * kt_fsrs_review:
 * @card_id: the card's id: with @now_us it draws the fuzz
 *
 * Schedules @card for @rating given at @now_us.
 */
void
kt_fsrs_review (const KtFsrsParams *params,
                KtFsrsCard         *card,
                const char         *card_id,
                KtRating            rating,
                gint64              now_us)
{
  gboolean to_review;
  gint64 interval_us = 0;

  g_return_if_fail (params != NULL);
  g_return_if_fail (card != NULL);
  g_return_if_fail (card_id != NULL);
  g_return_if_fail (rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY);
  g_return_if_fail (card->step >= 0);
  g_return_if_fail (params->n_learning <= KT_FSRS_MAX_STEPS);
  g_return_if_fail (params->n_relearning <= KT_FSRS_MAX_STEPS);

  update_memory (params, card, rating, now_us);

  switch (card->state)
    {
    case KT_CARD_REVIEW:
      to_review = rating != KT_RATING_AGAIN || params->n_relearning == 0;
      if (!to_review)
        {
          card->state = KT_CARD_RELEARNING;
          card->step = 0;
          interval_us = params->relearning_steps_us[0];
        }
      break;

    case KT_CARD_RELEARNING:
      to_review = walk_steps (params->relearning_steps_us, params->n_relearning,
                              card, rating, &interval_us);
      break;

    case KT_CARD_NEW:
    case KT_CARD_LEARNING:
    default:
      card->state = KT_CARD_LEARNING;
      to_review = walk_steps (params->learning_steps_us, params->n_learning,
                              card, rating, &interval_us);
      break;
    }

  if (to_review)
    {
      int days = kt_fsrs_next_interval (params, card->stability);

      card->state = KT_CARD_REVIEW;
      card->step = 0;

      /* py-fsrs draws only for intervals it actually fuzzes */
      if (params->enable_fuzz && days >= 2.5)
        days = kt_fsrs_fuzz_interval (params, days, kt_fsrs_fuzz_draw (card_id, now_us));

      interval_us = days * G_TIME_SPAN_DAY;
    }

  card->due_us = now_us + interval_us;
  card->last_review_us = now_us;
}

gint64
kt_fsrs_preview_interval_us (const KtFsrsParams *params,
                             const KtFsrsCard   *card,
                             const char         *card_id,
                             KtRating            rating,
                             gint64              now_us)
{
  KtFsrsCard copy;

  g_return_val_if_fail (card != NULL, 0);

  copy = *card;
  kt_fsrs_review (params, &copy, card_id, rating, now_us);

  return copy.due_us - now_us;
}
