/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Today" for KtProgress: the study day (local time with the rollover
 * hour), the answers given in it, and the new, learning and due counts
 * pushed into the KtTopics it watches, at once for a small topic and a
 * slice at a time for a big one.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include "kt-progress-private.h"

/* Topics of more cards than this are counted this many cards per main-loop
 * dispatch (a few milliseconds), so that a big deck arriving, or an answer
 * in it, never freezes the window for a count. */
#define COUNT_SLICE 10000

void
_kt_progress_count_free (Count *count)
{
  g_object_unref (count->topic);
  g_free (count);
}

/* Adds the cards @start … @end - 1 of @cards to the counts. */
static void
count_cards (KtProgress *self,
             GListModel *cards,
             guint       start,
             guint       end,
             gint64      day_end_us,
             Count      *count)
{
  gboolean any_held = g_hash_table_size (self->suspended) > 0 || g_hash_table_size (self->buried) > 0;

  for (guint i = start; i < end; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);
      const KtProgressRecord *record = g_hash_table_lookup (self->records, kt_card_get_id (card));

      /* Suspended, or buried past now: not to be studied today at all */
      if (any_held && kt_progress_is_held (self, kt_card_get_id (card), count->now_us))
        continue;
      /* Due today: before the study day ends, in steps or in review, as
       * in kt-stats.c and the study session. */
      if (record == NULL || record->fsrs.state == KT_CARD_NEW)
        count->n_new++;
      else if (record->fsrs.due_us >= day_end_us)
        continue;
      else if (record->fsrs.state != KT_CARD_REVIEW)
        count->n_learning++;
      else
        count->n_due++;
    }
}

static gboolean
count_slice_cb (gpointer data)
{
  KtProgress *self = data;
  Count *count = g_ptr_array_index (self->counts, 0);
  guint n_cards = kt_topic_get_n_cards (count->topic);
  guint end = MIN (n_cards, count->position + COUNT_SLICE);

  count_cards (self, G_LIST_MODEL (count->topic), count->position, end, count->day_end_us, count);
  count->position = end;
  if (end == n_cards)
    {
      /* Out of the queue first: a notify handler may count again. */
      g_ptr_array_steal_index (self->counts, 0);
      kt_topic_set_counts (count->topic, count->n_new, count->n_learning, count->n_due);
      _kt_progress_count_free (count);
    }

  if (self->counts->len > 0)
    return G_SOURCE_CONTINUE;
  self->count_id = 0;
  return G_SOURCE_REMOVE;
}

static void
count_topic (KtProgress *self,
             KtTopic    *topic,
             gint64      now_us)
{
  gint64 day_start_us, day_end_us;
  Count count = { .topic = topic, .now_us = now_us };

  /* A count on its way would be stale: this one replaces it. */
  for (guint i = 0; i < self->counts->len; i++)
    if (((Count *) g_ptr_array_index (self->counts, i))->topic == topic)
      g_ptr_array_remove_index (self->counts, i--);

  kt_progress_get_day_bounds (self, now_us, &day_start_us, &day_end_us);
  if (kt_topic_get_n_cards (topic) > COUNT_SLICE)
    {
      Count *later = g_memdup2 (&count, sizeof count);

      later->topic = g_object_ref (topic);
      later->day_end_us = day_end_us;
      g_ptr_array_add (self->counts, later);
      if (self->count_id == 0)
        self->count_id = g_idle_add (count_slice_cb, self);
      return;
    }

  count_cards (self, G_LIST_MODEL (topic), 0, kt_topic_get_n_cards (topic), day_end_us, &count);
  kt_topic_set_counts (topic, count.n_new, count.n_learning, count.n_due);
}

void
_kt_progress_recount_topics_with_card (KtProgress *self,
                                       const char *card_id)
{
  guint n_topics;

  if (self->topics == NULL)
    return;

  n_topics = g_list_model_get_n_items (self->topics);
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (self->topics, i);

      if (kt_topic_find_card (topic, card_id) != NULL)
        count_topic (self, topic, g_get_real_time ());
    }
}

static void
topic_items_changed_cb (KtTopic    *topic,
                        guint       position,
                        guint       removed,
                        guint       added,
                        KtProgress *self)
{
  count_topic (self, topic, g_get_real_time ());
}

static void
watch_topic (KtProgress *self,
             KtTopic    *topic)
{
  /* A topic removed and added again must not be counted twice per change. */
  if (g_signal_handler_find (topic, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             topic_items_changed_cb, self) == 0)
    g_signal_connect_object (topic, "items-changed",
                             G_CALLBACK (topic_items_changed_cb), self, G_CONNECT_DEFAULT);

  count_topic (self, topic, g_get_real_time ());
}

static void
topics_items_changed_cb (GListModel *topics,
                         guint       position,
                         guint       removed,
                         guint       added,
                         KtProgress *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);

      watch_topic (self, topic);
    }
}

void
_kt_progress_day_rollover_hour_changed_cb (KtProgress *self)
{
  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
}

void
_kt_progress_unwatch_topics (KtProgress *self)
{
  guint n_topics;

  if (self->topics == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->topics, topics_items_changed_cb, self);
  n_topics = g_list_model_get_n_items (self->topics);
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(GObject) topic = g_list_model_get_item (self->topics, i);

      g_signal_handlers_disconnect_by_func (topic, topic_items_changed_cb, self);
    }
  g_clear_object (&self->topics);
}

/**
 * kt_progress_get_day_bounds:
 * @day_start_us: (out): when the study day holding @now_us began
 * @day_end_us: (out): when the next one begins
 *
 * A study day runs in local time from the "day-rollover-hour" to the same
 * hour of the next day, so late-night answers still count for the evening.
 */
void
kt_progress_get_day_bounds (KtProgress *self,
                            gint64      now_us,
                            gint64     *day_start_us,
                            gint64     *day_end_us)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  int rollover, year, month, day_of_month;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (day_start_us != NULL && day_end_us != NULL);

  rollover = g_settings_get_int (self->settings, "day-rollover-hour");
  now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  if (now != NULL)
    {
      day = g_date_time_get_hour (now) < rollover ? g_date_time_add_days (now, -1)
                                                  : g_date_time_ref (now);
      g_date_time_get_ymd (day, &year, &month, &day_of_month);
      start = g_date_time_new_local (year, month, day_of_month, rollover, 0, 0);
    }
  if (start != NULL)
    end = g_date_time_add_days (start, 1);

  if (end == NULL)
    {
      /* Only outside the years GDateTime handles: a plain 24 hours. */
      *day_start_us = now_us;
      *day_end_us = now_us + G_TIME_SPAN_DAY;
      return;
    }

  *day_start_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *day_end_us = g_date_time_to_unix (end) * G_USEC_PER_SEC;
}

/**
 * kt_progress_count_today:
 * @n_new: (out) (optional): new cards answered for the first time today
 * @n_reviews: (out) (optional): answers today to new and review cards,
 *   which is what the daily review limit counts (learning and relearning
 *   steps are not counted)
 */
void
kt_progress_count_today (KtProgress *self,
                         gint64      now_us,
                         guint      *n_new,
                         guint      *n_reviews)
{
  gint64 day_start_us, day_end_us;
  guint new_count = 0, review_count = 0;

  g_return_if_fail (KT_IS_PROGRESS (self));

  kt_progress_get_day_bounds (self, now_us, &day_start_us, &day_end_us);
  for (guint i = 0; i < self->log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);

      if (entry->time_us < day_start_us || entry->time_us >= day_end_us)
        continue;
      if (entry->state_before == KT_CARD_NEW)
        new_count++;
      if (entry->state_before == KT_CARD_NEW || entry->state_before == KT_CARD_REVIEW)
        review_count++;
    }

  if (n_new != NULL)
    *n_new = new_count;
  if (n_reviews != NULL)
    *n_reviews = review_count;
}

/**
 * kt_progress_count:
 * @cards: a #GListModel of #KtCard (a topic, or all cards)
 * @n_new: (out) (optional): cards never answered
 * @n_learning: (out) (optional): cards in learning or relearning steps
 *   due before the study day ends
 * @n_due: (out) (optional): review cards due before the study day ends
 *
 * Counts without the daily limits: those apply to a study session.
 * @n_learning + @n_due is what is due today, by the one definition of
 * kt-stats.c.
 */
void
kt_progress_count (KtProgress *self,
                   GListModel *cards,
                   gint64      now_us,
                   guint      *n_new,
                   guint      *n_learning,
                   guint      *n_due)
{
  gint64 day_start_us, day_end_us;
  Count count = { .now_us = now_us };

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (G_IS_LIST_MODEL (cards));

  kt_progress_get_day_bounds (self, now_us, &day_start_us, &day_end_us);
  count_cards (self, cards, 0, g_list_model_get_n_items (cards), day_end_us, &count);

  if (n_new != NULL)
    *n_new = count.n_new;
  if (n_learning != NULL)
    *n_learning = count.n_learning;
  if (n_due != NULL)
    *n_due = count.n_due;
}

/**
 * kt_progress_update_topic_counts:
 * @topics: a #GListModel of #KtTopic (such as KtLibrary)
 *
 * Sets the new, learning and due counts of every topic as of @now_us;
 * those of topics of more than 10 000 cards are counted over the next
 * main-loop dispatches, a slice at a time.
 */
void
kt_progress_update_topic_counts (KtProgress *self,
                                 GListModel *topics,
                                 gint64      now_us)
{
  guint n_topics;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (G_IS_LIST_MODEL (topics));

  n_topics = g_list_model_get_n_items (topics);
  for (guint i = 0; i < n_topics; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);

      count_topic (self, topic, now_us);
    }
}

/**
 * kt_progress_watch_topics:
 * @topics: (nullable): a #GListModel of #KtTopic (such as KtLibrary), or
 *   %NULL to stop watching
 *
 * Keeps the counts of @topics current from now on: they are set at once,
 * for topics as they are added, for a topic whose cards change, for the
 * topics holding a card when it is answered or the answer undone, and
 * when the rollover hour changes. Counts use the real time. Nothing here
 * notices a new study day beginning: call
 * kt_progress_update_topic_counts() then.
 */
void
kt_progress_watch_topics (KtProgress *self,
                          GListModel *topics)
{
  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (topics == NULL || G_IS_LIST_MODEL (topics));

  if (topics == self->topics)
    return;

  _kt_progress_unwatch_topics (self);
  if (topics == NULL)
    return;

  self->topics = g_object_ref (topics);
  g_signal_connect_object (topics, "items-changed",
                           G_CALLBACK (topics_items_changed_cb), self, G_CONNECT_DEFAULT);
  topics_items_changed_cb (topics, 0, 0, g_list_model_get_n_items (topics), self);
}
