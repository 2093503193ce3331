/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtStudySession is the queue of one study run over a list of cards (a
 * topic, or all cards), fixed when the session starts:
 *
 *  1. cards in learning or relearning steps that are due before the study
 *     day ends, shown when their due time comes, earliest first;
 *  2. review cards due before the study day ends, earliest first;
 *  3. new cards in deck order, up to "new-cards-per-day" minus the new
 *     cards already begun today.
 *
 * Review and new cards together stay within "reviews-per-day" minus the
 * answers to new and review cards given today; learning cards are never
 * held back, as cutting them would break their steps (Anki does the
 * same). The study day is local time from "day-rollover-hour" on.
 *
 * A card answered into a learning step due today comes back when it is
 * due. When only such cards are left, the earliest is shown at once
 * rather than making the user wait ("learn ahead" in Anki): the scheduler
 * handles an early answer by its elapsed time, so nothing is skipped.
 *
 * "position of total" counts showings: total is the answers given plus the
 * cards still waiting, so it grows by one when a card comes back.
 *
 * A cram session walks the cards in order once and changes no progress.
 *
 * Suspended cards, and cards buried past the session's start, are left
 * out of every session, cramming included.
 */
#include "config.h"

#include "kt-study-session.h"

typedef struct
{
  KtCard *card;    /* borrowed from the session's cards */
  gint64  due_us;
  guint   order;   /* position in the model, to keep ties in deck order */
} QueuedCard;

/* Everything needed to put the session back as it was before an answer. */
typedef struct
{
  KtCard           *card;
  gboolean          had_record;
  KtProgressRecord  previous;
  guint             next;
  GArray           *learning;
  guint             n_done;
} UndoStep;

struct _KtStudySession
{
  GObject     parent_instance;

  KtProgress *progress;
  GListModel *model;
  gboolean    cram;
  gint64      start_time_us;

  GPtrArray  *cards;       /* KtCard, owned: the model's cards at the start */
  GHashTable *held_back;   /* KtCard set: left out by a daily limit */
  guint       n_held_new;  /* of them, new cards */
  gint64      day_end_us;  /* of the day the session started in */
  GPtrArray  *queue;       /* KtCard: review cards, then new cards (or all when cramming) */
  guint       next;        /* index in queue of the next card to show */
  GArray     *learning;    /* QueuedCard waiting for its due time, by due */
  KtCard     *current;
  guint       n_done;
  GPtrArray  *undo;        /* UndoStep, newest last */

  /* Last notified values, so notify fires only on a real change */
  guint       position;
  guint       total;
};

G_DEFINE_FINAL_TYPE (KtStudySession, kt_study_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_MODEL,
  PROP_CRAM,
  PROP_START_TIME,
  PROP_CURRENT_CARD,
  PROP_POSITION,
  PROP_TOTAL,
  PROP_N_DONE,
  PROP_FINISHED,
  PROP_CAN_UNDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
undo_step_free (gpointer data)
{
  UndoStep *step = data;

  g_array_unref (step->learning);
  g_free (step);
}

static int
compare_queued (gconstpointer a,
                gconstpointer b)
{
  const QueuedCard *qa = a, *qb = b;

  if (qa->due_us != qb->due_us)
    return qa->due_us < qb->due_us ? -1 : 1;
  return qa->order < qb->order ? -1 : qa->order > qb->order;
}

static gboolean
in_steps (const KtProgressRecord *record)
{
  return record->fsrs.state == KT_CARD_LEARNING || record->fsrs.state == KT_CARD_RELEARNING;
}

static void
build_queue (KtStudySession *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) reviews = g_array_new (FALSE, FALSE, sizeof (QueuedCard));
  g_autoptr(GPtrArray) new_cards = g_ptr_array_new ();
  GSettings *settings = kt_progress_get_settings (self->progress);
  guint n_items = g_list_model_get_n_items (self->model);
  gint64 day_start_us;
  guint new_today, reviews_today, new_left, budget;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (self->model, i);

      if (kt_progress_is_held (self->progress, kt_card_get_id (card), self->start_time_us))
        continue;
      /* "All cards" may hold the same card twice; study it once. */
      if (g_hash_table_add (seen, (gpointer) kt_card_get_id (card)))
        g_ptr_array_add (self->cards, g_steal_pointer (&card));
    }

  if (self->cram)
    {
      g_ptr_array_extend (self->queue, self->cards, NULL, NULL);
      return;
    }

  kt_progress_get_day_bounds (self->progress, self->start_time_us, &day_start_us,
                              &self->day_end_us);
  for (guint i = 0; i < self->cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (self->cards, i);
      const KtProgressRecord *record = kt_progress_lookup (self->progress, kt_card_get_id (card));
      QueuedCard queued = { card, 0, i };

      if (record == NULL || record->fsrs.state == KT_CARD_NEW)
        {
          g_ptr_array_add (new_cards, card);
          continue;
        }
      if (record->fsrs.due_us >= self->day_end_us)
        continue;

      queued.due_us = record->fsrs.due_us;
      g_array_append_val (in_steps (record) ? self->learning : reviews, queued);
    }
  g_array_sort (self->learning, compare_queued);
  g_array_sort (reviews, compare_queued);

  kt_progress_count_today (self->progress, self->start_time_us, &new_today, &reviews_today);
  budget = MAX (g_settings_get_int (settings, "reviews-per-day") - (int) reviews_today, 0);
  new_left = MAX (g_settings_get_int (settings, "new-cards-per-day") - (int) new_today, 0);

  for (guint i = 0; i < reviews->len; i++)
    {
      KtCard *card = g_array_index (reviews, QueuedCard, i).card;

      if (budget > 0)
        {
          g_ptr_array_add (self->queue, card);
          budget--;
        }
      else
        g_hash_table_add (self->held_back, card);
    }
  for (guint i = 0; i < new_cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (new_cards, i);

      if (budget > 0 && new_left > 0)
        {
          g_ptr_array_add (self->queue, card);
          budget--;
          new_left--;
        }
      else
        {
          g_hash_table_add (self->held_back, card);
          self->n_held_new++;
        }
    }
}

static void
queue_learning (KtStudySession *self,
                KtCard         *card,
                gint64          due_us)
{
  QueuedCard queued = { card, due_us, G_MAXUINT };
  guint i = self->learning->len;

  /* After every card due at the same time: a card answered Again goes
   * behind the ones already waiting. */
  while (i > 0 && g_array_index (self->learning, QueuedCard, i - 1).due_us > due_us)
    i--;
  g_array_insert_val (self->learning, i, queued);
}

static void
pick_next (KtStudySession *self,
           gint64          now_us)
{
  gboolean learning_due = self->learning->len > 0 &&
                          g_array_index (self->learning, QueuedCard, 0).due_us <= now_us;

  if (!learning_due && self->next < self->queue->len)
    {
      self->current = g_ptr_array_index (self->queue, self->next++);
    }
  else if (self->learning->len > 0)
    {
      self->current = g_array_index (self->learning, QueuedCard, 0).card;
      g_array_remove_index (self->learning, 0);
    }
  else
    {
      self->current = NULL;
    }
}

/* Showings: the answers given plus the cards still waiting */
static guint
count_total (KtStudySession *self)
{
  return self->n_done + (self->queue->len - self->next) + self->learning->len +
         (self->current != NULL ? 1 : 0);
}

static guint
count_position (KtStudySession *self)
{
  return self->n_done + (self->current != NULL ? 1 : 0);
}

/* Notifies whatever the last change to the queue changed. */
static void
sync_properties (KtStudySession *self,
                 KtCard         *old_current,
                 guint           old_n_done,
                 gboolean        old_can_undo)
{
  GObject *object = G_OBJECT (self);
  guint total = count_total (self);
  guint position = count_position (self);

  g_object_freeze_notify (object);
  if (self->current != old_current)
    g_object_notify_by_pspec (object, properties[PROP_CURRENT_CARD]);
  if ((self->current == NULL) != (old_current == NULL))
    g_object_notify_by_pspec (object, properties[PROP_FINISHED]);
  if (self->n_done != old_n_done)
    g_object_notify_by_pspec (object, properties[PROP_N_DONE]);
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (object, properties[PROP_POSITION]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (object, properties[PROP_TOTAL]);
    }
  if ((self->undo->len > 0) != old_can_undo)
    g_object_notify_by_pspec (object, properties[PROP_CAN_UNDO]);
  g_object_thaw_notify (object);
}

static void
kt_study_session_constructed (GObject *object)
{
  KtStudySession *self = KT_STUDY_SESSION (object);

  G_OBJECT_CLASS (kt_study_session_parent_class)->constructed (object);

  g_return_if_fail (KT_IS_PROGRESS (self->progress));
  g_return_if_fail (G_IS_LIST_MODEL (self->model));

  if (self->start_time_us == 0)
    self->start_time_us = g_get_real_time ();

  build_queue (self);
  pick_next (self, self->start_time_us);

  /* Nothing is notified during construction: set the initial values. */
  self->position = count_position (self);
  self->total = count_total (self);
}

static void
kt_study_session_dispose (GObject *object)
{
  KtStudySession *self = KT_STUDY_SESSION (object);

  g_clear_object (&self->progress);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kt_study_session_parent_class)->dispose (object);
}

static void
kt_study_session_finalize (GObject *object)
{
  KtStudySession *self = KT_STUDY_SESSION (object);

  g_ptr_array_unref (self->undo);
  g_array_unref (self->learning);
  g_ptr_array_unref (self->queue);
  g_hash_table_unref (self->held_back);
  g_ptr_array_unref (self->cards);

  G_OBJECT_CLASS (kt_study_session_parent_class)->finalize (object);
}

static void
kt_study_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KtStudySession *self = KT_STUDY_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:     g_value_set_object (value, self->progress); break;
    case PROP_MODEL:        g_value_set_object (value, self->model); break;
    case PROP_CRAM:         g_value_set_boolean (value, self->cram); break;
    case PROP_START_TIME:   g_value_set_int64 (value, self->start_time_us); break;
    case PROP_CURRENT_CARD: g_value_set_object (value, self->current); break;
    case PROP_POSITION:     g_value_set_uint (value, self->position); break;
    case PROP_TOTAL:        g_value_set_uint (value, self->total); break;
    case PROP_N_DONE:       g_value_set_uint (value, self->n_done); break;
    case PROP_FINISHED:     g_value_set_boolean (value, self->current == NULL); break;
    case PROP_CAN_UNDO:     g_value_set_boolean (value, self->undo->len > 0); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_study_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KtStudySession *self = KT_STUDY_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:   self->progress = g_value_dup_object (value); break;
    case PROP_MODEL:      self->model = g_value_dup_object (value); break;
    case PROP_CRAM:       self->cram = g_value_get_boolean (value); break;
    case PROP_START_TIME: self->start_time_us = g_value_get_int64 (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_study_session_class_init (KtStudySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = kt_study_session_constructed;
  object_class->dispose = kt_study_session_dispose;
  object_class->finalize = kt_study_session_finalize;
  object_class->get_property = kt_study_session_get_property;
  object_class->set_property = kt_study_session_set_property;

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS, construct);
  /* A GListModel of KtCard; its cards are read once, at the start. */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, construct);
  properties[PROP_CRAM] =
    g_param_spec_boolean ("cram", NULL, NULL, FALSE, construct);
  /* Microseconds since the epoch; 0 means now. Fixes the study day whose
   * limits apply. */
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_CURRENT_CARD] =
    g_param_spec_object ("current-card", NULL, NULL, KT_TYPE_CARD, ro);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_study_session_init (KtStudySession *self)
{
  self->cards = g_ptr_array_new_with_free_func (g_object_unref);
  self->held_back = g_hash_table_new (NULL, NULL);
  self->queue = g_ptr_array_new ();
  self->learning = g_array_new (FALSE, FALSE, sizeof (QueuedCard));
  self->undo = g_ptr_array_new_with_free_func (undo_step_free);
}

/**
 * kt_study_session_new:
 * @progress: where the schedule lives
 * @cards: a #GListModel of #KtCard; read once, now
 * @cram: walk all of @cards in order without touching @progress
 * @now_us: the start, in microseconds since the epoch
 */
KtStudySession *
kt_study_session_new (KtProgress *progress,
                      GListModel *cards,
                      gboolean    cram,
                      gint64      now_us)
{
  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (cards), NULL);
  g_return_val_if_fail (now_us > 0, NULL);

  return g_object_new (KT_TYPE_STUDY_SESSION,
                       "progress", progress,
                       "model", cards,
                       "cram", cram,
                       "start-time", now_us,
                       NULL);
}

/**
 * kt_study_session_get_current_card:
 *
 * Returns: (transfer none) (nullable): the card to show, %NULL when finished
 */
KtCard *
kt_study_session_get_current_card (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), NULL);

  return self->current;
}

/* 1-based showing of the current card; equals the total when finished. */
guint
kt_study_session_get_position (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), 0);

  return self->position;
}

guint
kt_study_session_get_total (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), 0);

  return self->total;
}

/* Answers given in this session (undone ones not counted). */
guint
kt_study_session_get_n_done (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), 0);

  return self->n_done;
}

gboolean
kt_study_session_get_finished (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), TRUE);

  return self->current == NULL;
}

gboolean
kt_study_session_get_cram (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), FALSE);

  return self->cram;
}

/**
 * kt_study_session_get_held_back:
 * @n_new: (out) (optional): new cards left out by "new-cards-per-day" (or
 *   by "reviews-per-day", which counts new cards too)
 * @n_reviews: (out) (optional): due review cards left out by
 *   "reviews-per-day"
 *
 * What the daily limits kept out of this session, so that a page can say
 * why it is done while cards are still there.
 */
void
kt_study_session_get_held_back (KtStudySession *self,
                                guint          *n_new,
                                guint          *n_reviews)
{
  g_return_if_fail (KT_IS_STUDY_SESSION (self));

  if (n_new != NULL)
    *n_new = self->n_held_new;
  if (n_reviews != NULL)
    *n_reviews = g_hash_table_size (self->held_back) - self->n_held_new;
}

gboolean
kt_study_session_can_undo (KtStudySession *self)
{
  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), FALSE);

  return self->undo->len > 0;
}

/**
 * kt_study_session_answer:
 *
 * Rates the current card at @now_us, schedules it (unless cramming) and
 * moves on to the next card.
 */
void
kt_study_session_answer (KtStudySession *self,
                         KtRating        rating,
                         gint64          now_us)
{
  KtCard *old_current;
  guint old_n_done;
  gboolean old_can_undo;
  UndoStep *step;

  g_return_if_fail (KT_IS_STUDY_SESSION (self));
  g_return_if_fail (rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY);
  g_return_if_fail (self->current != NULL);

  old_current = self->current;
  old_n_done = self->n_done;
  old_can_undo = self->undo->len > 0;

  step = g_new0 (UndoStep, 1);
  step->card = self->current;
  step->next = self->next;
  step->learning = g_array_copy (self->learning);
  step->n_done = self->n_done;

  if (!self->cram)
    {
      const char *card_id = kt_card_get_id (self->current);
      const KtProgressRecord *record = kt_progress_lookup (self->progress, card_id);
      gint64 day_start_us, day_end_us;

      step->had_record = record != NULL;
      if (record != NULL)
        step->previous = *record;

      kt_progress_record_review (self->progress, card_id, rating, now_us);

      record = kt_progress_lookup (self->progress, card_id);
      kt_progress_get_day_bounds (self->progress, now_us, &day_start_us, &day_end_us);
      if (in_steps (record) && record->fsrs.due_us < day_end_us)
        queue_learning (self, self->current, record->fsrs.due_us);
    }

  g_ptr_array_add (self->undo, step);
  self->n_done++;
  pick_next (self, now_us);

  sync_properties (self, old_current, old_n_done, old_can_undo);
}

/**
 * kt_study_session_undo:
 *
 * Takes back the last answer of this session: the card's previous record
 * returns, its log entry is dropped and it is the current card again.
 *
 * Returns: %FALSE if there was nothing to undo
 */
gboolean
kt_study_session_undo (KtStudySession *self)
{
  g_autoptr(GArray) learning = NULL;
  KtCard *old_current;
  guint old_n_done;
  UndoStep *step;

  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;

  old_current = self->current;
  old_n_done = self->n_done;
  step = g_ptr_array_index (self->undo, self->undo->len - 1);

  if (!self->cram)
    kt_progress_restore (self->progress, kt_card_get_id (step->card),
                         step->had_record ? &step->previous : NULL);

  self->current = step->card;
  self->next = step->next;
  learning = g_steal_pointer (&self->learning);
  self->learning = g_array_ref (step->learning);
  self->n_done = step->n_done;
  g_ptr_array_remove_index (self->undo, self->undo->len - 1);

  sync_properties (self, old_current, old_n_done, TRUE);

  return TRUE;
}

/**
 * kt_study_session_preview:
 *
 * Returns: the interval in microseconds the current card would get for
 *   @rating at @now_us, without fuzz (which is random); 0 when cramming
 *   or finished, where ratings schedule nothing
 */
gint64
kt_study_session_preview (KtStudySession *self,
                          KtRating        rating,
                          gint64          now_us)
{
  const KtProgressRecord *record;
  KtFsrsParams params;
  KtFsrsCard card;

  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), 0);
  g_return_val_if_fail (rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY, 0);

  if (self->cram || self->current == NULL)
    return 0;

  record = kt_progress_lookup (self->progress, kt_card_get_id (self->current));
  if (record != NULL)
    card = record->fsrs;
  else
    kt_fsrs_card_init (&card, now_us);

  kt_progress_get_params (self->progress, &params);
  params.enable_fuzz = FALSE;

  return kt_fsrs_preview_interval_us (&params, &card, kt_card_get_id (self->current), rating, now_us);
}

/**
 * kt_study_session_get_next_due:
 *
 * When the next card of this session's cards comes due: the earliest due
 * time of a studied card, or the end of the study day the session started
 * in if a daily limit held cards back (they come then).
 *
 * Returns: microseconds since the epoch, or 0 if no card will come due
 *   (all cards are new, say, and none was held back)
 */
gint64
kt_study_session_get_next_due (KtStudySession *self)
{
  gint64 next_due = 0;

  g_return_val_if_fail (KT_IS_STUDY_SESSION (self), 0);

  if (g_hash_table_size (self->held_back) > 0)
    next_due = self->day_end_us;

  for (guint i = 0; i < self->cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (self->cards, i);
      const KtProgressRecord *record = kt_progress_lookup (self->progress, kt_card_get_id (card));

      if (record == NULL || record->fsrs.state == KT_CARD_NEW ||
          g_hash_table_contains (self->held_back, card))
        continue;
      if (next_due == 0 || record->fsrs.due_us < next_due)
        next_due = record->fsrs.due_us;
    }

  return next_due;
}
