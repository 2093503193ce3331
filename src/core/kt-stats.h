/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-progress.h"
#include "kt-topic.h"

G_BEGIN_DECLS

/* The windows the Statistics page and the progress export use. */
#define KT_STATS_HISTORY_DAYS   365
#define KT_STATS_FORECAST_DAYS  30
#define KT_STATS_RETENTION_DAYS 30

/* Counts over a set of cards. */
typedef struct
{
  guint  n_cards;
  guint  n_by_state[KT_CARD_RELEARNING + 1];  /* indexed by KtCardState */
  guint  n_due;             /* studied cards due before the study day ends */
  guint  n_with_memory;     /* cards with an FSRS stability */
  double stability_sum;     /* days, over those cards */
} KtStatsCounts;

/* Answers to cards in Review over the last KT_STATS_RETENTION_DAYS days. */
typedef struct
{
  guint n_reviews;
  guint n_recalled;         /* of those, not rated Again */
} KtStatsRetention;

/* One study day, named by the local date it starts on. */
typedef struct
{
  GDate date;
  guint n_reviews;
} KtStatsDay;

/* A row of the topic table. */
typedef struct
{
  KtTopic          *topic;  /* owned */
  guint             n_cards;
  guint             n_due;
  KtStatsRetention  retention;
} KtStatsTopic;

void      kt_stats_counts_add            (KtStatsCounts          *counts,
                                          const KtProgressRecord *record,
                                          gint64                  day_end_us);
void      kt_stats_count_cards           (KtProgress             *progress,
                                          GListModel             *cards,
                                          gint64                  now_us,
                                          KtStatsCounts          *counts);
gboolean  kt_stats_get_average_stability (const KtStatsCounts    *counts,
                                          double                 *stability);

void      kt_stats_count_retention       (KtProgress             *progress,
                                          GListModel             *cards,
                                          gint64                  now_us,
                                          KtStatsRetention       *retention);
gboolean  kt_stats_get_retention         (const KtStatsRetention *retention,
                                          double                 *value);

GArray   *kt_stats_reviews_per_day       (KtProgress             *progress,
                                          GListModel             *cards,
                                          gint64                  now_us,
                                          guint                   n_days);
void      kt_stats_get_streaks           (KtProgress             *progress,
                                          GListModel             *cards,
                                          gint64                  now_us,
                                          guint                  *current,
                                          guint                  *longest);
GArray   *kt_stats_forecast              (KtProgress             *progress,
                                          GListModel             *cards,
                                          gint64                  now_us,
                                          guint                   n_days);
GArray   *kt_stats_topic_table           (KtProgress             *progress,
                                          GListModel             *topics,
                                          gint64                  now_us);

G_END_DECLS
