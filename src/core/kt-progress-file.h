/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to KtProgress: the text of progress.ini. See the opening
 * comment of kt-progress-file.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-progress.h"

G_BEGIN_DECLS

/* A stored record and a stored answer as they were stored: to be checked
 * before they are used. */
typedef struct
{
  const char *card_id;
  int         state;
  int         step;
  double      stability;   /* 0 with difficulty 0: not set */
  double      difficulty;
  gint64      due_us;
  gint64      last_review_us;
  guint32     reps;
  guint32     lapses;
} KtStoredCard;

typedef struct
{
  const char *card_id;
  gint64      time_us;
  int         rating;
  int         state_before;
  double      elapsed_days;
} KtStoredAnswer;

typedef void (*KtStoredCardFunc)   (const KtStoredCard   *card,
                                    gpointer              user_data);
typedef void (*KtStoredAnswerFunc) (const KtStoredAnswer *answer,
                                    gpointer              user_data);

/* A record with its card id, in the order they are stored. */
typedef struct
{
  const char             *card_id;
  const KtProgressRecord *record;
} KtProgressPair;

#define KT_PROGRESS_CARDS_TYPE "a{s(iiddxxuu)}"
#define KT_PROGRESS_LOG_TYPE   "a(sxiid)"

void     kt_progress_file_read_variant (GVariant             *value,
                                        KtStoredCardFunc      card_func,
                                        KtStoredAnswerFunc    answer_func,
                                        gpointer              user_data);
gboolean kt_progress_file_read         (const char           *contents,
                                        gsize                 length,
                                        const char           *group,
                                        KtStoredCardFunc      card_func,
                                        KtStoredAnswerFunc    answer_func,
                                        gpointer              user_data,
                                        GError              **error);
void     kt_progress_file_print        (GString              *out,
                                        const char           *group,
                                        const KtProgressPair *pairs,
                                        guint                 n_pairs,
                                        GArray               *log);

G_END_DECLS
