/* SPDX-License-Identifier: GPL-3.0-or-later */

/* kt-fsrs: the FSRS-6 spaced-repetition scheduler as plain functions over
 * a small card record, matching py-fsrs 6.3.1 (see design/fsrs.md).  No
 * I/O and no GObject, so the scheduler can be checked against recorded
 * py-fsrs review sequences and reused by progress, session and preview code.
 *
 * Times are UTC microseconds (GLib style), so sub-minute learning steps
 * such as 5 min 30 s stay exact.
 *
 * Nothing here is random: the fuzz of an interval is drawn from the card
 * id and the time of the answer (kt_fsrs_fuzz_draw()), so replaying a
 * card's answers gives the same state bit for bit on every machine, which
 * is what lets logs from several machines merge (see docs/sync.md).  The individual formulas are public for
 * the unit tests.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_FSRS_N_PARAMS  21
#define KT_FSRS_MAX_STEPS 8

#define KT_FSRS_ERROR (kt_fsrs_error_quark ())

typedef enum
{
  KT_FSRS_ERROR_INVALID_PARAMETERS,
} KtFsrsError;

typedef enum
{
  KT_RATING_AGAIN = 1,
  KT_RATING_HARD,
  KT_RATING_GOOD,
  KT_RATING_EASY,
} KtRating;

/* py-fsrs has no New state: KT_CARD_NEW is kept for counting and the UI and
 * is scheduled exactly like Learning at step 0 without memory. */
typedef enum
{
  KT_CARD_NEW = 0,
  KT_CARD_LEARNING,
  KT_CARD_REVIEW,
  KT_CARD_RELEARNING,
} KtCardState;

typedef struct
{
  KtCardState state;
  int         step;            /* index into the current step list; 0 in Review */
  gboolean    has_memory;      /* stability and difficulty are set */
  double      stability;       /* days */
  double      difficulty;      /* 1 … 10 */
  gint64      due_us;
  gint64      last_review_us;  /* 0: never reviewed */
} KtFsrsCard;

typedef struct
{
  double   w[KT_FSRS_N_PARAMS];
  double   desired_retention;
  gint64   learning_steps_us[KT_FSRS_MAX_STEPS];
  guint    n_learning;
  gint64   relearning_steps_us[KT_FSRS_MAX_STEPS];
  guint    n_relearning;
  int      maximum_interval;   /* days */
  gboolean enable_fuzz;
} KtFsrsParams;

GQuark   kt_fsrs_error_quark           (void);

void     kt_fsrs_params_init_default   (KtFsrsParams       *params);
gboolean kt_fsrs_params_validate       (const double       *w,
                                        gsize               n_w,
                                        GError            **error);

void     kt_fsrs_card_init             (KtFsrsCard         *card,
                                        gint64              now_us);
void     kt_fsrs_review                (const KtFsrsParams *params,
                                        KtFsrsCard         *card,
                                        const char         *card_id,
                                        KtRating            rating,
                                        gint64              now_us);
double   kt_fsrs_retrievability        (const KtFsrsParams *params,
                                        const KtFsrsCard   *card,
                                        gint64              now_us);
gint64   kt_fsrs_preview_interval_us   (const KtFsrsParams *params,
                                        const KtFsrsCard   *card,
                                        const char         *card_id,
                                        KtRating            rating,
                                        gint64              now_us);
int      kt_fsrs_fuzz_interval         (const KtFsrsParams *params,
                                        double              interval_days,
                                        double              u);
double   kt_fsrs_fuzz_draw             (const char         *card_id,
                                        gint64              time_us);

/* The formulas of design/fsrs.md §4–§8 */
gint64   kt_fsrs_elapsed_days          (gint64              last_review_us,
                                        gint64              now_us);
double   kt_fsrs_factor                (const KtFsrsParams *params);
double   kt_fsrs_forgetting_curve      (const KtFsrsParams *params,
                                        double              elapsed_days,
                                        double              stability);
double   kt_fsrs_initial_stability     (const KtFsrsParams *params,
                                        KtRating            rating);
double   kt_fsrs_initial_difficulty    (const KtFsrsParams *params,
                                        KtRating            rating,
                                        gboolean            clamp);
double   kt_fsrs_next_difficulty       (const KtFsrsParams *params,
                                        double              difficulty,
                                        KtRating            rating);
double   kt_fsrs_short_term_stability  (const KtFsrsParams *params,
                                        double              stability,
                                        KtRating            rating);
double   kt_fsrs_next_stability        (const KtFsrsParams *params,
                                        double              difficulty,
                                        double              stability,
                                        double              retrievability,
                                        KtRating            rating);
int      kt_fsrs_next_interval         (const KtFsrsParams *params,
                                        double              stability);

G_END_DECLS
