/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plain data of progress: a card's record, an answer and its id.
 * Types only, in a header of their own so that the Writer and the file
 * (kt-progress-writer.h, kt-progress-file.h) need not include
 * kt-progress.h, which includes them.
 */
#pragma once

#include <glib.h>

#include "kt-fsrs.h"

G_BEGIN_DECLS

/* The scheduling record of one card: NULL from kt_progress_lookup() means
 * the card is new. */
typedef struct
{
  KtFsrsCard fsrs;
  guint      reps;    /* answers given */
  guint      lapses;  /* Again on a card in Review */
} KtProgressRecord;

/* An answer's id: the machine that logged it, when, and which of that
 * machine's answers in that microsecond (0 but for a few in tests). Not
 * the card: a card whose id changes keeps its answers' ids. */
typedef struct
{
  gint64   machine;   /* > 0 */
  gint64   time_us;
  guint32  seq;
} KtAnswerId;

/* The machine of every answer imported from Anki's review log ("anki" in
 * ASCII): the same on every computer, so importing one package on two
 * machines gives the same answers, and never a real machine's id
 * (kt-progress.c makes another when it draws this one). */
#define KT_PROGRESS_MACHINE_ANKI G_GINT64_CONSTANT (0x00000000616e6b69)

typedef struct
{
  char        *card_id;
  gint64       time_us;
  KtRating     rating;
  KtCardState  state_before;
  double       elapsed_days;  /* since the previous answer; 0 for the first */
  gint64       machine;       /* with time_us and seq, the answer's id */
  guint32      seq;
} KtReviewLogEntry;

G_END_DECLS
