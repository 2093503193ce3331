/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the export (kt-progress-json.c) and the import
 * (kt-progress-import.c) of progress JSON share.
 */
#pragma once

#include "kt-progress-json.h"

G_BEGIN_DECLS

#define KT_N_CARD_STATES 4

/* Clocks differ a little between machines; more is a wrong clock. */
#define KT_PROGRESS_JSON_FUTURE_SLACK_US G_TIME_SPAN_DAY

/* Indexed by KtCardState */
extern const char * const kt_progress_json_state_names[KT_N_CARD_STATES];
/* Indexed by KtRating - KT_RATING_AGAIN */
extern const char * const kt_progress_json_rating_names[4];

G_END_DECLS
