/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to KtProgress: progress.gvariant, and progress.ini before it.
 * See the opening comment of kt-progress-file.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-progress-record.h"

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
  gint64      machine;     /* 0: stored by a version before answer ids */
  guint32     seq;
} KtStoredAnswer;

typedef void (*KtStoredCardFunc)      (const KtStoredCard   *card,
                                       gpointer              user_data);
typedef void (*KtStoredAnswerFunc)    (const KtStoredAnswer *answer,
                                       gpointer              user_data);
typedef void (*KtStoredTombstoneFunc) (const KtAnswerId     *id,
                                       gpointer              user_data);
typedef void (*KtStoredSuspendedFunc) (const char           *card_id,
                                       gpointer              user_data);
typedef void (*KtStoredBuriedFunc)    (const char           *card_id,
                                       gint64                until_us,
                                       gpointer              user_data);

/* The callbacks a stored value is read into */
typedef struct
{
  KtStoredCardFunc       card;
  KtStoredAnswerFunc     answer;
  KtStoredTombstoneFunc  tombstone;
  KtStoredSuspendedFunc  suspended;
  KtStoredBuriedFunc     buried;
  gpointer               user_data;
} KtStoredFuncs;

/* A record with its card id, in the order they are stored. */
typedef struct
{
  const char             *card_id;
  const KtProgressRecord *record;
} KtProgressPair;

#define KT_PROGRESS_CARDS_TYPE      "a{s(iiddxxuu)}"
/* The log of versions before answer ids, read to be moved to "answers" */
#define KT_PROGRESS_LOG_TYPE        "a(sxiid)"
#define KT_PROGRESS_ANSWERS_TYPE    "a(sxiidxu)"
#define KT_PROGRESS_TOMBSTONES_TYPE "a(xxu)"
#define KT_PROGRESS_SUSPENDED_TYPE  "as"
#define KT_PROGRESS_BURIED_TYPE     "a{sx}"

void      kt_progress_file_read_variant (GVariant            *value,
                                         const KtStoredFuncs *funcs);
GVariant *kt_progress_file_load_bytes   (GBytes              *bytes,
                                         GError             **error);
GVariant *kt_progress_file_load         (const char          *path,
                                         GError             **error);
gboolean  kt_progress_file_save         (const char          *path,
                                         GVariant            *values,
                                         GError             **error);
GVariant *kt_progress_file_parse_ini    (const char                 *contents,
                                         gsize                       length,
                                         const char                 *group,
                                         const char * const         *keys,
                                         const GVariantType * const *types,
                                         guint                       n_keys,
                                         GError                    **error);

G_END_DECLS
