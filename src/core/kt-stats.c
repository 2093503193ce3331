/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-stats: what the Statistics page shows and the progress export
 * summarises, computed from a KtProgress (records and review log) and,
 * where cards matter, a GListModel of KtCard (a topic, or all cards).
 * Plain functions over plain structs, so both callers and the tests share
 * one definition of each figure:
 *
 *  - days are study days (local time from the rollover hour, as
 *    kt_progress_get_day_bounds() says), named by the date they start on;
 *  - "due today" means a studied card (in learning or relearning steps,
 *    or in review) due before the current study day ends, overdue ones
 *    included, and neither suspended nor buried. This is the one definition: the topic counts (n-learning
 *    plus n-due, kt_topic_get_n_due_today()), the first day of the
 *    forecast and the cards a study session begins with before its new
 *    ones use it too;
 *  - retention is FSRS's "true retention": of the answers in the last
 *    KT_STATS_RETENTION_DAYS days to cards in Review, the share not rated
 *    Again;
 *  - a streak is a run of consecutive study days with at least one answer;
 *    the current one may end today or yesterday, since today is not over.
 *
 * Functions reading the review log take a nullable card model: %NULL
 * means every answer logged, also to cards whose deck is not loaded now,
 * since the history of studying does not go away with a deck.
 */
#define G_LOG_DOMAIN "kt-stats"

#include "config.h"

#include <stdlib.h>

#include "kt-card.h"
#include "kt-stats.h"

/* ---- study days -------------------------------------------------------- */

/* The log is kept oldest first, so remembering the last study day seen
 * asks KtProgress once per day rather than once per answer. */
typedef struct
{
  KtProgress *progress;
  gint64      start_us;
  gint64      end_us;
  guint32     julian;
} DayCache;

static guint32
julian_of (gint64 time_us)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) utc = NULL;
  GDateTime *dt = local;
  GDate date;
  int year, month, day;

  /* Only near the year 9999 can local time fall outside GDateTime. */
  if (dt == NULL)
    dt = utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_date_time_get_ymd (dt, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return g_date_get_julian (&date);
}

/* The Julian day number of the study day holding @time_us. */
static guint32
study_day (DayCache *cache,
           gint64    time_us)
{
  if (cache->end_us == 0 || time_us < cache->start_us || time_us >= cache->end_us)
    {
      kt_progress_get_day_bounds (cache->progress, time_us, &cache->start_us, &cache->end_us);
      cache->julian = julian_of (cache->start_us);
    }

  return cache->julian;
}

/* The ids of @cards, borrowed from them, or %NULL for every card. */
static GHashTable *
card_id_set (GListModel *cards)
{
  GHashTable *set;
  guint n_cards;

  if (cards == NULL)
    return NULL;

  set = g_hash_table_new (g_str_hash, g_str_equal);
  n_cards = g_list_model_get_n_items (cards);
  for (guint i = 0; i < n_cards; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);

      g_hash_table_add (set, (gpointer) kt_card_get_id (card));
    }

  return set;
}

static gboolean
in_set (GHashTable *set,
        const char *card_id)
{
  return set == NULL || g_hash_table_contains (set, card_id);
}

/* ---- counts ------------------------------------------------------------ */

/**
 * kt_stats_counts_add:
 * @record: (nullable): the card's record, %NULL for a card never studied
 * @day_end_us: when the current study day ends
 *
 * Counts one card into @counts.
 */
void
kt_stats_counts_add (KtStatsCounts          *counts,
                     const KtProgressRecord *record,
                     gint64                  day_end_us)
{
  KtCardState state = record != NULL ? record->fsrs.state : KT_CARD_NEW;

  g_return_if_fail (counts != NULL);
  g_return_if_fail (state >= KT_CARD_NEW && state <= KT_CARD_RELEARNING);

  counts->n_cards++;
  counts->n_by_state[state]++;
  if (record == NULL)
    return;

  if (state != KT_CARD_NEW && record->fsrs.due_us < day_end_us)
    counts->n_due++;
  if (record->fsrs.has_memory)
    {
      counts->n_with_memory++;
      counts->stability_sum += record->fsrs.stability;
    }
}

/**
 * kt_stats_count_cards:
 * @cards: a #GListModel of #KtCard
 * @counts: (out caller-allocates): set to the counts over @cards
 */
void
kt_stats_count_cards (KtProgress    *progress,
                      GListModel    *cards,
                      gint64         now_us,
                      KtStatsCounts *counts)
{
  gint64 day_start_us, day_end_us;
  guint n_cards;

  g_return_if_fail (KT_IS_PROGRESS (progress));
  g_return_if_fail (G_IS_LIST_MODEL (cards));
  g_return_if_fail (counts != NULL);

  *counts = (KtStatsCounts) { 0 };
  kt_progress_get_day_bounds (progress, now_us, &day_start_us, &day_end_us);
  n_cards = g_list_model_get_n_items (cards);
  for (guint i = 0; i < n_cards; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);
      const char *card_id = kt_card_get_id (card);

      /* A suspended or buried card is never due: no day end comes
       * before time 0. */
      kt_stats_counts_add (counts, kt_progress_lookup (progress, card_id),
                           kt_progress_is_held (progress, card_id, now_us) ? 0 : day_end_us);
    }
}

/**
 * kt_stats_get_average_stability:
 * @stability: (out): the mean FSRS stability in days of the cards that
 *   have one
 *
 * Returns: %FALSE when no card has a stability yet
 */
gboolean
kt_stats_get_average_stability (const KtStatsCounts *counts,
                                double              *stability)
{
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (stability != NULL, FALSE);

  if (counts->n_with_memory == 0)
    return FALSE;

  *stability = counts->stability_sum / counts->n_with_memory;
  return TRUE;
}

/* ---- retention --------------------------------------------------------- */

static void
retention_add (KtStatsRetention       *retention,
               const KtReviewLogEntry *entry,
               gint64                  now_us)
{
  if (entry->state_before != KT_CARD_REVIEW ||
      entry->time_us < now_us - KT_STATS_RETENTION_DAYS * G_TIME_SPAN_DAY ||
      entry->time_us > now_us)
    return;

  retention->n_reviews++;
  if (entry->rating != KT_RATING_AGAIN)
    retention->n_recalled++;
}

/**
 * kt_stats_count_retention:
 * @cards: (nullable): a #GListModel of #KtCard, or %NULL for every answer
 * @retention: (out caller-allocates): the answers that make the retention
 *   as of @now_us
 */
void
kt_stats_count_retention (KtProgress       *progress,
                          GListModel       *cards,
                          gint64            now_us,
                          KtStatsRetention *retention)
{
  g_autoptr(GHashTable) ids = NULL;
  guint n_log;

  g_return_if_fail (KT_IS_PROGRESS (progress));
  g_return_if_fail (cards == NULL || G_IS_LIST_MODEL (cards));
  g_return_if_fail (retention != NULL);

  *retention = (KtStatsRetention) { 0 };
  ids = card_id_set (cards);
  n_log = kt_progress_get_n_log_entries (progress);
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);

      if (in_set (ids, entry->card_id))
        retention_add (retention, entry, now_us);
    }
}

/**
 * kt_stats_get_retention:
 * @value: (out): the share of @retention's answers not rated Again, 0 to 1
 *
 * Returns: %FALSE when there were no answers to go by
 */
gboolean
kt_stats_get_retention (const KtStatsRetention *retention,
                        double                 *value)
{
  g_return_val_if_fail (retention != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (retention->n_reviews == 0)
    return FALSE;

  *value = (double) retention->n_recalled / retention->n_reviews;
  return TRUE;
}

/* ---- activity ---------------------------------------------------------- */

/**
 * kt_stats_reviews_per_day:
 * @cards: (nullable): a #GListModel of #KtCard, or %NULL for every answer
 * @n_days: how many study days to cover, today included
 *
 * Counts the answers given on each of the last @n_days study days.
 *
 * Returns: (transfer full) (element-type KtStatsDay): the days, oldest
 *   first; the last one is today
 */
GArray *
kt_stats_reviews_per_day (KtProgress *progress,
                          GListModel *cards,
                          gint64      now_us,
                          guint       n_days)
{
  g_autoptr(GHashTable) ids = NULL;
  DayCache cache = { progress };
  GArray *days;
  guint32 today, first;
  guint n_log;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (cards == NULL || G_IS_LIST_MODEL (cards), NULL);
  g_return_val_if_fail (n_days > 0, NULL);

  today = study_day (&cache, now_us);
  /* Julian days begin at 1, in the year 1. */
  n_days = MIN (n_days, today);
  first = today - n_days + 1;

  days = g_array_sized_new (FALSE, TRUE, sizeof (KtStatsDay), n_days);
  g_array_set_size (days, n_days);
  for (guint i = 0; i < n_days; i++)
    {
      KtStatsDay *day = &g_array_index (days, KtStatsDay, i);

      g_date_clear (&day->date, 1);
      g_date_set_julian (&day->date, first + i);
    }

  ids = card_id_set (cards);
  n_log = kt_progress_get_n_log_entries (progress);
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      guint32 day;

      if (!in_set (ids, entry->card_id))
        continue;
      day = study_day (&cache, entry->time_us);
      if (day >= first && day <= today)
        g_array_index (days, KtStatsDay, day - first).n_reviews++;
    }

  return days;
}

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 ja = *(const guint32 *) a, jb = *(const guint32 *) b;

  return (ja > jb) - (ja < jb);
}

/**
 * kt_stats_get_streaks:
 * @cards: (nullable): a #GListModel of #KtCard, or %NULL for every answer
 * @current: (out) (optional): study days in a row with answers, ending
 *   today, or yesterday when today has none yet; 0 when neither has
 * @longest: (out) (optional): the longest such run in the whole log, up
 *   to today
 */
void
kt_stats_get_streaks (KtProgress *progress,
                      GListModel *cards,
                      gint64      now_us,
                      guint      *current,
                      guint      *longest)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) active = NULL;
  g_autofree gpointer *keys = NULL;
  g_autofree guint32 *days = NULL;
  DayCache cache = { progress };
  guint32 today, last;
  guint n_log, n_days, run = 0, best = 0, now_run = 0;

  g_return_if_fail (KT_IS_PROGRESS (progress));
  g_return_if_fail (cards == NULL || G_IS_LIST_MODEL (cards));

  today = study_day (&cache, now_us);
  ids = card_id_set (cards);
  active = g_hash_table_new (NULL, NULL);
  n_log = kt_progress_get_n_log_entries (progress);
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      guint32 day;

      if (!in_set (ids, entry->card_id))
        continue;
      day = study_day (&cache, entry->time_us);
      if (day <= today)
        g_hash_table_add (active, GUINT_TO_POINTER (day));
    }

  keys = g_hash_table_get_keys_as_array (active, &n_days);
  days = g_new (guint32, n_days);
  for (guint i = 0; i < n_days; i++)
    days[i] = GPOINTER_TO_UINT (keys[i]);
  /* qsort() must not get the NULL that g_new (…, 0) returns */
  if (n_days > 1)
    qsort (days, n_days, sizeof *days, compare_julian);
  for (guint i = 0; i < n_days; i++)
    {
      run = i > 0 && days[i] == days[i - 1] + 1 ? run + 1 : 1;
      best = MAX (best, run);
    }

  last = g_hash_table_contains (active, GUINT_TO_POINTER (today)) ? today : today - 1;
  while (last > 0 && g_hash_table_contains (active, GUINT_TO_POINTER (last)))
    {
      now_run++;
      last--;
    }

  if (current != NULL)
    *current = now_run;
  if (longest != NULL)
    *longest = best;
}

/**
 * kt_stats_forecast:
 * @cards: a #GListModel of #KtCard
 * @n_days: how many study days to cover, today included
 *
 * Counts the studied cards of @cards that fall due on each of the next
 * @n_days study days. Cards already overdue count for today, so the
 * first element equals the n_due of kt_stats_count_cards().
 *
 * Returns: (transfer full) (element-type guint): the counts, today first
 */
GArray *
kt_stats_forecast (KtProgress *progress,
                   GListModel *cards,
                   gint64      now_us,
                   guint       n_days)
{
  g_autofree gint64 *day_ends = NULL;
  gint64 day_start_us;
  GArray *counts;
  guint n_cards;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (cards), NULL);
  g_return_val_if_fail (n_days > 0, NULL);

  /* Each day ends where the next begins, also across a DST change. */
  day_ends = g_new (gint64, n_days);
  kt_progress_get_day_bounds (progress, now_us, &day_start_us, &day_ends[0]);
  for (guint i = 1; i < n_days; i++)
    kt_progress_get_day_bounds (progress, day_ends[i - 1], &day_start_us, &day_ends[i]);

  counts = g_array_sized_new (FALSE, TRUE, sizeof (guint), n_days);
  g_array_set_size (counts, n_days);

  n_cards = g_list_model_get_n_items (cards);
  for (guint i = 0; i < n_cards; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);
      const KtProgressRecord *record = kt_progress_lookup (progress, kt_card_get_id (card));
      guint low = 0, high = n_days;

      if (record == NULL || record->fsrs.state == KT_CARD_NEW ||
          record->fsrs.due_us >= day_ends[n_days - 1] ||
          kt_progress_is_held (progress, kt_card_get_id (card), now_us))
        continue;

      /* The first day that ends after the card is due. */
      while (low < high)
        {
          guint middle = low + (high - low) / 2;

          if (record->fsrs.due_us < day_ends[middle])
            high = middle;
          else
            low = middle + 1;
        }
      g_array_index (counts, guint, low)++;
    }

  return counts;
}

/* ---- topics ------------------------------------------------------------ */

static void
topic_row_clear (gpointer data)
{
  KtStatsTopic *row = data;

  g_clear_object (&row->topic);
}

/* Topics with answers to go by come first, lowest retention first (the
 * ratios compared exactly, by cross-multiplying); then more due cards;
 * then the title, so the order is stable. */
static int
compare_weakest (gconstpointer a,
                 gconstpointer b)
{
  const KtStatsTopic *ta = a, *tb = b;
  gboolean known_a = ta->retention.n_reviews > 0;
  gboolean known_b = tb->retention.n_reviews > 0;

  if (known_a != known_b)
    return known_a ? -1 : 1;
  if (known_a)
    {
      guint64 la = (guint64) ta->retention.n_recalled * tb->retention.n_reviews;
      guint64 lb = (guint64) tb->retention.n_recalled * ta->retention.n_reviews;

      if (la != lb)
        return la < lb ? -1 : 1;
    }
  if (ta->n_due != tb->n_due)
    return ta->n_due > tb->n_due ? -1 : 1;

  return g_utf8_collate (kt_topic_get_title (ta->topic), kt_topic_get_title (tb->topic));
}

/**
 * kt_stats_topic_table:
 * @topics: a #GListModel of #KtTopic, such as the #KtLibrary
 *
 * One row per topic with its cards, due cards and retention, weakest
 * first: what to revise next. Topics without answers to go by for the
 * retention come after those with some.
 *
 * Returns: (transfer full) (element-type KtStatsTopic): the rows
 */
GArray *
kt_stats_topic_table (KtProgress *progress,
                      GListModel *topics,
                      gint64      now_us)
{
  g_autoptr(GHashTable) card_rows = NULL;
  GArray *rows;
  guint n_topics, n_log;

  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (topics), NULL);

  n_topics = g_list_model_get_n_items (topics);
  rows = g_array_sized_new (FALSE, TRUE, sizeof (KtStatsTopic), n_topics);
  g_array_set_clear_func (rows, topic_row_clear);

  /* card id → GSList of row indices: a card may be listed by two topics,
   * and the log is walked once for all of them. */
  card_rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_slist_free);
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);
      GListModel *cards = G_LIST_MODEL (topic);
      guint n_cards = g_list_model_get_n_items (cards);
      KtStatsCounts counts;
      KtStatsTopic row = { 0 };

      kt_stats_count_cards (progress, cards, now_us, &counts);
      row.topic = g_object_ref (topic);
      row.n_cards = counts.n_cards;
      row.n_due = counts.n_due;
      g_array_append_val (rows, row);

      for (guint j = 0; j < n_cards; j++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (cards, j);
          const char *card_id = kt_card_get_id (card);
          GSList *list = NULL;

          g_hash_table_steal_extended (card_rows, card_id, NULL, (gpointer *) &list);
          g_hash_table_insert (card_rows, (gpointer) card_id,
                               g_slist_prepend (list, GUINT_TO_POINTER (i)));
        }
    }

  n_log = kt_progress_get_n_log_entries (progress);
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      GSList *list = g_hash_table_lookup (card_rows, entry->card_id);

      for (GSList *l = list; l != NULL; l = l->next)
        retention_add (&g_array_index (rows, KtStatsTopic, GPOINTER_TO_UINT (l->data)).retention,
                       entry, now_us);
    }

  g_array_sort (rows, compare_weakest);

  return rows;
}
