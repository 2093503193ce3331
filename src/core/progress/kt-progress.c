/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtProgress keeps the scheduling record of every card studied so far and
 * the log of every answer, keyed by card id, in the GSettings keys "cards"
 * and "review-log" (their GVariant types are documented in the schema),
 * or without dconf in a file of their own (see kt-progress-writer.c).
 *
 * Everything is loaded once and written back whole, so records of cards
 * whose deck is not loaded right now are kept. Writes are coalesced: the
 * first change arms a short timeout and later changes ride along, so a
 * crash loses at most that half second; kt_progress_flush() writes at
 * once. The main thread only hands over what changed since the last save;
 * the Writer keeps its own copy of what is stored and builds and writes
 * it on a worker thread. Stored values of the wrong shape are skipped
 * with a message, never trusted: the next write then drops them.
 *
 * A write can fail (a full disk, a read-only folder): then nothing stored
 * is lost, the answers stay here, :save-failed and :save-message say so
 * for the window to show, and the write is tried again on a timer, with
 * the next answer and on kt_progress_retry_save(), until it works.
 *
 * It is also the one place that knows what "today" is (local time with the
 * rollover hour) and pushes new/learning/due counts into KtTopics.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kt-progress.h"
#include "kt-progress-writer.h"
#include "kt-topic.h"

/* Well under the one second of answers a crash may lose. */
#define SAVE_DELAY_MS 500

/* A failed save is tried again this often, besides with each answer. */
#define RETRY_DELAY_MS (10 * 1000)

/* Topics of more cards than this are counted this many cards per main-loop
 * dispatch (a few milliseconds), so that a big deck arriving, or an answer
 * in it, never freezes the window for a count. */
#define COUNT_SLICE 10000

struct _KtProgress
{
  GObject     parent_instance;

  GSettings  *settings;
  /* Card ids are interned GRefStrings: a card's record and answers share
   * one, and handing it to the Writer takes a reference, not a copy. */
  GHashTable *records;       /* card id → KtProgressRecord */
  GArray     *log;           /* KtReviewLogEntry, oldest first */
  GListModel *topics;        /* watched by kt_progress_watch_topics(), or NULL */
  GPtrArray  *counts;        /* Count of big topics, counted a slice at a time */
  guint       count_id;

  gint64      machine;       /* this machine's id, for its answers' ids */
  GArray     *tombstones;    /* KtAnswerId of undone answers, oldest first */
  GHashTable *tombstone_set; /* the same, to look up */

  KtProgressWriter *writer;
  GHashTable *dirty;         /* card ids whose record changed since the last save */
  guint       log_synced;    /* leading log entries the Writer has already */
  guint       tombstones_synced;
  guint       save_id;
  guint       log_dirty : 1;
  GError     *save_error;    /* why the last save failed, or NULL */
  guint       retry_id;
};

G_DEFINE_FINAL_TYPE (KtProgress, kt_progress, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SAVE_FAILED,
  PROP_SAVE_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- loading and saving ---------------------------------------------- */

/* Returns why a stored record cannot be used, or NULL when it can. */
static const char *
check_record (const char             *card_id,
              const KtProgressRecord *record)
{
  const KtFsrsCard *fsrs = &record->fsrs;

  if (card_id[0] == '\0')
    return "empty card id";
  if (fsrs->state < KT_CARD_NEW || fsrs->state > KT_CARD_RELEARNING)
    return "unknown state";
  if (fsrs->step < 0 || fsrs->step >= KT_FSRS_MAX_STEPS)
    return "step out of range";
  if (!isfinite (fsrs->stability) || !isfinite (fsrs->difficulty))
    return "stability or difficulty not a number";
  if (fsrs->has_memory &&
      (fsrs->stability < 0.001 || fsrs->difficulty < 1.0 || fsrs->difficulty > 10.0))
    return "stability or difficulty out of range";
  if (!fsrs->has_memory &&
      (fsrs->state == KT_CARD_REVIEW || fsrs->state == KT_CARD_RELEARNING))
    return "review state without stability";
  if (fsrs->due_us < 0 || fsrs->last_review_us < 0)
    return "negative time";
  if (fsrs->due_us > KT_PROGRESS_MAX_TIME_US || fsrs->last_review_us > KT_PROGRESS_MAX_TIME_US)
    return "time after the year 9999";

  return NULL;
}

typedef struct
{
  KtProgress *self;
  guint       n_skipped;  /* answers of the wrong shape */
} Load;

static void
load_card_cb (const KtStoredCard *stored,
              gpointer            data)
{
  KtProgress *self = ((Load *) data)->self;
  KtProgressRecord record = {
    .fsrs = {
      .state = stored->state,
      .step = stored->step,
      /* 0 is how the schema spells "not set yet"; anything else,
       * including a negative value, claims a memory and is checked. */
      .has_memory = stored->stability != 0.0 || stored->difficulty != 0.0,
      .stability = stored->stability,
      .difficulty = stored->difficulty,
      .due_us = stored->due_us,
      .last_review_us = stored->last_review_us,
    },
    .reps = stored->reps,
    .lapses = stored->lapses,
  };
  const char *problem = check_record (stored->card_id, &record);

  if (problem != NULL)
    {
      g_message ("Ignoring the stored progress of card “%s”: %s", stored->card_id, problem);
      return;
    }

  g_hash_table_replace (self->records, g_ref_string_new_intern (stored->card_id),
                        g_memdup2 (&record, sizeof record));
}

/* Whether a log entry, stored or imported, can be used. */
static gboolean
is_valid_log_entry (const char *card_id,
                    gint64      time_us,
                    int         rating,
                    int         state_before,
                    double      elapsed_days)
{
  return card_id != NULL && card_id[0] != '\0' &&
         time_us >= 0 && time_us <= KT_PROGRESS_MAX_TIME_US &&
         rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY &&
         state_before >= KT_CARD_NEW && state_before <= KT_CARD_RELEARNING &&
         isfinite (elapsed_days) && elapsed_days >= 0.0;
}

/**
 * kt_progress_is_valid_answer:
 *
 * Returns: whether @answer can be merged: a card, a time between 1970 and
 *   the year 9999, a rating, a state, elapsed days and an id
 */
gboolean
kt_progress_is_valid_answer (const KtReviewLogEntry *answer)
{
  g_return_val_if_fail (answer != NULL, FALSE);

  return is_valid_log_entry (answer->card_id, answer->time_us, answer->rating,
                             answer->state_before, answer->elapsed_days) &&
         answer->machine > 0;
}

static void
load_answer_cb (const KtStoredAnswer *stored,
                gpointer              data)
{
  Load *load = data;
  KtReviewLogEntry entry;

  /* Answers of older versions have no id yet (machine 0): they get one
   * once all are loaded. */
  if (!is_valid_log_entry (stored->card_id, stored->time_us, stored->rating,
                           stored->state_before, stored->elapsed_days) ||
      stored->machine < 0)
    {
      load->n_skipped++;
      return;
    }

  entry = (KtReviewLogEntry) {
    .card_id = g_ref_string_new_intern (stored->card_id),
    .time_us = stored->time_us,
    .rating = stored->rating,
    .state_before = stored->state_before,
    .elapsed_days = stored->elapsed_days,
    .machine = stored->machine,
    .seq = stored->seq,
  };
  g_array_append_val (load->self->log, entry);
}

static void
load_tombstone_cb (const KtAnswerId *id,
                   gpointer          data)
{
  Load *load = data;

  if (id->machine <= 0)
    {
      load->n_skipped++;
      return;
    }
  if (!g_hash_table_contains (load->self->tombstone_set, id))
    {
      g_array_append_val (load->self->tombstones, *id);
      g_hash_table_add (load->self->tombstone_set, g_memdup2 (id, sizeof *id));
    }
}

static guint
answer_id_hash (gconstpointer data)
{
  const KtAnswerId *id = data;

  return g_int64_hash (&id->machine) ^ g_int64_hash (&id->time_us) ^ id->seq;
}

static gboolean
answer_id_equal (gconstpointer a,
                 gconstpointer b)
{
  const KtAnswerId *ia = a, *ib = b;

  return ia->machine == ib->machine && ia->time_us == ib->time_us && ia->seq == ib->seq;
}

static KtAnswerId
entry_id (const KtReviewLogEntry *entry)
{
  return (KtAnswerId) { entry->machine, entry->time_us, entry->seq };
}

static int      compare_log_entries (gconstpointer a,
                                     gconstpointer b);
static gboolean is_log_sorted       (GArray       *log,
                                     guint         from);

/* Gives every answer of an older version or an older export, stored
 * without an id (machine 0), one of this machine's. */
static void
assign_missing_ids (KtProgress *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (answer_id_hash, answer_id_equal, g_free, NULL);

  for (guint i = 0; i < self->log->len; i++)
    {
      KtAnswerId id = entry_id (&g_array_index (self->log, KtReviewLogEntry, i));

      if (id.machine != 0)
        g_hash_table_add (taken, g_memdup2 (&id, sizeof id));
    }

  for (guint i = 0; i < self->log->len; i++)
    {
      KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);
      KtAnswerId id = { self->machine, entry->time_us, 0 };

      if (entry->machine != 0)
        continue;
      while (g_hash_table_contains (taken, &id) || g_hash_table_contains (self->tombstone_set, &id))
        id.seq++;
      entry->machine = id.machine;
      entry->seq = id.seq;
      g_hash_table_add (taken, g_memdup2 (&id, sizeof id));
    }
}

/* Gives answers without an id one, sorts the log into replay order and
 * drops answers logged twice under one id or undone. Returns whether the
 * log changed. Hashes ids only when some are missing: a log of a million
 * answers loads without. */
static gboolean
normalise_log (KtProgress *self,
               guint      *n_skipped)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < self->log->len && !changed; i++)
    changed = g_array_index (self->log, KtReviewLogEntry, i).machine == 0;
  if (changed)
    assign_missing_ids (self);

  /* Older versions logged answers as they came, even when the clock
   * went back. */
  if (!is_log_sorted (self->log, 0))
    {
      g_array_sort (self->log, compare_log_entries);
      changed = TRUE;
    }

  /* Sorted, the answers of one id are neighbours */
  for (guint i = 0; i < self->log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);
      KtAnswerId id = entry_id (entry);

      if ((i > 0 && compare_log_entries (entry - 1, entry) == 0) ||
          g_hash_table_contains (self->tombstone_set, &id))
        {
          g_array_remove_index (self->log, i--);
          (*n_skipped)++;
          changed = TRUE;
        }
    }

  return changed;
}

static void
load (KtProgress *self)
{
  Load load = { self, 0 };
  KtStoredFuncs funcs = { load_card_cb, load_answer_cb, load_tombstone_cb, &load };
  gboolean changed;

  kt_progress_writer_load (self->writer, &funcs);
  changed = normalise_log (self, &load.n_skipped);
  if (load.n_skipped > 0)
    g_message ("Ignoring %u stored review log entries of the wrong shape", load.n_skipped);
  /* Stored again, with their ids, in the place of the old key */
  self->log_dirty = changed;
}

/* Hands what changed since the last save to the Writer. */
static void
queue_changes (KtProgress *self)
{
  KtProgressChanges *changes = g_new0 (KtProgressChanges, 1);
  GHashTableIter iter;
  gpointer key;

  changes->records = g_array_sized_new (FALSE, FALSE, sizeof (KtRecordChange),
                                        g_hash_table_size (self->dirty));
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const KtProgressRecord *record = g_hash_table_lookup (self->records, key);
      KtRecordChange change = {
        .card_id = g_ref_string_acquire (key),
        .removed = record == NULL,
      };

      if (record != NULL)
        change.record = *record;
      g_array_append_val (changes->records, change);
    }
  g_hash_table_remove_all (self->dirty);

  if (self->log_dirty)
    {
      changes->log_kept = self->log_synced;
      changes->log = kt_progress_log_new (self->log->len - self->log_synced);
      kt_progress_log_append_shared (changes->log,
                                     &g_array_index (self->log, KtReviewLogEntry, self->log_synced),
                                     self->log->len - self->log_synced);
      self->log_synced = self->log->len;
      self->log_dirty = FALSE;
    }

  if (self->tombstones_synced < self->tombstones->len)
    {
      changes->tombstones = g_array_sized_new (FALSE, FALSE, sizeof (KtAnswerId),
                                               self->tombstones->len - self->tombstones_synced);
      g_array_append_vals (changes->tombstones,
                           &g_array_index (self->tombstones, KtAnswerId, self->tombstones_synced),
                           self->tombstones->len - self->tombstones_synced);
      self->tombstones_synced = self->tombstones->len;
    }

  kt_progress_writer_queue (self->writer, changes);
}

static gboolean
is_dirty (KtProgress *self)
{
  return self->log_dirty || g_hash_table_size (self->dirty) > 0 ||
         self->tombstones_synced < self->tombstones->len;
}

static void write_async (KtProgress *self);

static void
retry_cb (gpointer data)
{
  KtProgress *self = data;

  self->retry_id = 0;
  kt_progress_retry_save (self);
}

/* The same failure again: its message may differ (it names the
 * temporary file), but the user need not read it again. */
static gboolean
same_failure (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain && a->code == b->code;
}

/* Takes in the outcome of the Writer's last write. */
static void
update_save_state (KtProgress *self)
{
  g_autoptr(GError) error = kt_progress_writer_dup_error (self->writer);
  gboolean was_failed = self->save_error != NULL;

  if (error != NULL && self->retry_id == 0)
    self->retry_id = g_timeout_add_once (RETRY_DELAY_MS, retry_cb, self);
  else if (error == NULL)
    g_clear_handle_id (&self->retry_id, g_source_remove);

  if (same_failure (error, self->save_error))
    return;

  if (error != NULL)
    g_message ("Progress could not be saved: %s", error->message);
  g_clear_error (&self->save_error);
  self->save_error = g_steal_pointer (&error);

  if (was_failed != (self->save_error != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_FAILED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_MESSAGE]);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GWeakRef *ref = data;
  g_autoptr(KtProgress) self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  /* Not once disposed: no retry may be armed on its way out. */
  if (self != NULL && self->settings != NULL)
    update_save_state (self);
}

/* The write happens on a worker; its outcome comes back here, unless
 * @self is gone by then. */
static void
write_async (KtProgress *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  kt_progress_writer_write_async (self->writer, write_done_cb, ref);
}

static void
save (KtProgress *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!is_dirty (self))
    return;

  queue_changes (self);
  write_async (self);
}

static void
save_timeout_cb (gpointer data)
{
  KtProgress *self = data;

  self->save_id = 0;
  save (self);
}

static void
schedule_save (KtProgress *self)
{
  /* Not re-armed by later changes: a steady stream of answers must not
   * postpone the write indefinitely. */
  if (self->save_id == 0)
    self->save_id = g_timeout_add_once (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
mark_card (KtProgress *self,
           const char *card_id)
{
  g_hash_table_add (self->dirty, g_ref_string_new_intern (card_id));
  schedule_save (self);
}

/* Entries from @index on changed; those before it did not. */
static void
mark_log (KtProgress *self,
          guint       index)
{
  self->log_synced = MIN (self->log_synced, index);
  self->log_dirty = TRUE;
  schedule_save (self);
}

/* An answer is identified by its card and its time: importing the same
 * history twice must not log it twice. */
static guint
log_entry_hash (gconstpointer data)
{
  const KtReviewLogEntry *entry = data;

  return g_str_hash (entry->card_id) ^ g_int64_hash (&entry->time_us);
}

static gboolean
log_entry_equal (gconstpointer a,
                 gconstpointer b)
{
  const KtReviewLogEntry *ea = a, *eb = b;

  return ea->time_us == eb->time_us && g_str_equal (ea->card_id, eb->card_id);
}

/**
 * kt_progress_compare_answers:
 *
 * The order answers are replayed in, and the log is kept in: by time,
 * then by id, so that it is the same on every machine.
 *
 * Returns: < 0, 0 or > 0 as @a comes before, is, or comes after @b
 */
int
kt_progress_compare_answers (const KtReviewLogEntry *a,
                             const KtReviewLogEntry *b)
{
  if (a->time_us != b->time_us)
    return a->time_us < b->time_us ? -1 : 1;
  if (a->machine != b->machine)
    return a->machine < b->machine ? -1 : 1;

  return (a->seq > b->seq) - (a->seq < b->seq);
}

static int
compare_log_entries (gconstpointer a,
                     gconstpointer b)
{
  return kt_progress_compare_answers (a, b);
}

static gboolean
is_log_sorted (GArray *log,
               guint   from)
{
  for (guint i = MAX (from, 1); i < log->len; i++)
    if (compare_log_entries (&g_array_index (log, KtReviewLogEntry, i - 1),
                             &g_array_index (log, KtReviewLogEntry, i)) > 0)
      return FALSE;

  return TRUE;
}

/* ---- answers and their replay -------------------------------------------- */

static void
apply_answer (const KtFsrsParams *params,
              KtProgressRecord   *record,
              const char         *card_id,
              KtRating            rating,
              gint64              time_us)
{
  if (record->fsrs.state == KT_CARD_REVIEW && rating == KT_RATING_AGAIN)
    record->lapses++;
  record->reps++;
  kt_fsrs_review (params, &record->fsrs, card_id, rating, time_us);
}

/**
 * kt_progress_replay:
 * @card_id: the card answered: it draws the fuzz of each answer
 * @answers: (array length=n_answers): its answers, in the order of
 *   kt_progress_compare_answers()
 * @record: (out): its record after them
 *
 * A card's record is a function of its answers: the new card, answered
 * @answers in turn. kt_progress_record_review() computes the same, one
 * answer at a time, bit for bit.
 */
void
kt_progress_replay (const KtFsrsParams             *params,
                    const char                     *card_id,
                    const KtReviewLogEntry * const *answers,
                    guint                           n_answers,
                    KtProgressRecord               *record)
{
  g_return_if_fail (params != NULL && card_id != NULL && record != NULL);
  g_return_if_fail (n_answers == 0 || answers != NULL);

  *record = (KtProgressRecord) { 0 };
  if (n_answers > 0)
    kt_fsrs_card_init (&record->fsrs, answers[0]->time_us);
  for (guint i = 0; i < n_answers; i++)
    apply_answer (params, record, card_id, answers[i]->rating, answers[i]->time_us);
}

/* Computes the records of @card_ids (GRefStrings) again from the log:
 * a card left without answers is new again. */
static void
replay_cards (KtProgress  *self,
              char       **card_ids,
              guint        n_card_ids)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  KtFsrsParams params;

  kt_progress_get_params (self, &params);
  for (guint i = 0; i < n_card_ids; i++)
    g_hash_table_insert (answers, card_ids[i], g_ptr_array_new ());

  /* The log is in replay order already */
  for (guint i = 0; i < self->log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);
      GPtrArray *card_answers = g_hash_table_lookup (answers, entry->card_id);

      if (card_answers != NULL)
        g_ptr_array_add (card_answers, (gpointer) entry);
    }

  for (guint i = 0; i < n_card_ids; i++)
    {
      GPtrArray *card_answers = g_hash_table_lookup (answers, card_ids[i]);
      KtProgressRecord record;

      if (card_answers->len == 0)
        g_hash_table_remove (self->records, card_ids[i]);
      else
        {
          kt_progress_replay (&params, card_ids[i], (const KtReviewLogEntry * const *) card_answers->pdata,
                              card_answers->len, &record);
          g_hash_table_replace (self->records, g_ref_string_acquire (card_ids[i]),
                                g_memdup2 (&record, sizeof record));
        }
      mark_card (self, card_ids[i]);
    }
}

/* Whether the record of @card_id is its answers replayed: then they say
 * what it is after a change, else (a record from before answers were
 * logged) the record does. */
static gboolean
is_replayed (KtProgress *self,
             const char *card_id)
{
  const KtProgressRecord *record = g_hash_table_lookup (self->records, card_id);
  g_autoptr(GPtrArray) answers = g_ptr_array_new ();
  KtProgressRecord replayed;
  KtFsrsParams params;

  for (guint i = 0; i < self->log->len; i++)
    if (g_str_equal (g_array_index (self->log, KtReviewLogEntry, i).card_id, card_id))
      g_ptr_array_add (answers, &g_array_index (self->log, KtReviewLogEntry, i));
  if (record == NULL)
    return TRUE;

  kt_progress_get_params (self, &params);
  kt_progress_replay (&params, card_id, (const KtReviewLogEntry * const *) answers->pdata,
                      answers->len, &replayed);
  /* Field by field: the struct has padding. Bit for bit, as replays are. */
  return replayed.reps == record->reps && replayed.lapses == record->lapses &&
         replayed.fsrs.state == record->fsrs.state && replayed.fsrs.step == record->fsrs.step &&
         replayed.fsrs.has_memory == record->fsrs.has_memory &&
         memcmp (&replayed.fsrs.stability, &record->fsrs.stability, sizeof (double)) == 0 &&
         memcmp (&replayed.fsrs.difficulty, &record->fsrs.difficulty, sizeof (double)) == 0 &&
         replayed.fsrs.due_us == record->fsrs.due_us &&
         replayed.fsrs.last_review_us == record->fsrs.last_review_us;
}

/* The seq of an answer given here at @time_us: 0 unless this machine gave
 * or undid another in the same microsecond. */
static guint32
next_seq (KtProgress *self,
          gint64      time_us)
{
  KtAnswerId id = { self->machine, time_us, 0 };

  for (;;)
    {
      gboolean taken = g_hash_table_contains (self->tombstone_set, &id);

      /* The log is sorted: only its tail can hold the same time. */
      for (guint i = self->log->len; !taken && i > 0; i--)
        {
          const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i - 1);

          if (entry->time_us < time_us)
            break;
          taken = entry->time_us == time_us && entry->machine == id.machine && entry->seq == id.seq;
        }
      if (!taken)
        return id.seq;
      id.seq++;
    }
}

static gboolean
add_tombstone (KtProgress *self,
               KtAnswerId  id)
{
  if (g_hash_table_contains (self->tombstone_set, &id))
    return FALSE;

  g_array_append_val (self->tombstones, id);
  g_hash_table_add (self->tombstone_set, g_memdup2 (&id, sizeof id));
  schedule_save (self);
  return TRUE;
}

/* ---- topic counts ------------------------------------------------------ */

typedef struct
{
  KtTopic *topic;
  gint64   day_end_us;
  guint    position;     /* cards counted so far */
  guint    n_new;
  guint    n_learning;
  guint    n_due;
} Count;

static void
count_free (Count *count)
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
  for (guint i = start; i < end; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);
      const KtProgressRecord *record = g_hash_table_lookup (self->records, kt_card_get_id (card));

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
      count_free (count);
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
  Count count = { .topic = topic };

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

static void
recount_topics_with_card (KtProgress *self,
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

static void
day_rollover_hour_changed_cb (KtProgress *self)
{
  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
}

static void
unwatch_topics (KtProgress *self)
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

/* ---- GObject ----------------------------------------------------------- */

static void
kt_progress_constructed (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);

  G_OBJECT_CLASS (kt_progress_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  self->machine = kt_progress_parse_machine (g_settings_get_string (self->settings, "machine-id"));
  if (self->machine == 0)
    {
      g_autofree char *machine = NULL;

      /* 63 random bits, made once: an id no other machine has */
      while (self->machine == 0)
        self->machine = ((gint64) g_random_int () << 32 | g_random_int ()) & G_MAXINT64;
      machine = kt_progress_format_machine (self->machine);
      g_settings_set_string (self->settings, "machine-id", machine);
    }

  self->writer = kt_progress_writer_new (self->settings);
  load (self);
  self->log_synced = self->log->len;
  self->tombstones_synced = self->tombstones->len;
  kt_progress_writer_start (self->writer, self->records, self->log, self->tombstones);
  if (self->log_dirty)
    schedule_save (self);

  g_signal_connect_object (self->settings, "changed::day-rollover-hour",
                           G_CALLBACK (day_rollover_hour_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
kt_progress_dispose (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);

  /* Whoever forgot to flush still gets the last answers written. */
  if (self->writer != NULL)
    kt_progress_flush (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  unwatch_topics (self);
  g_clear_handle_id (&self->count_id, g_source_remove);
  g_ptr_array_set_size (self->counts, 0);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_progress_parent_class)->dispose (object);
}

static void
kt_progress_finalize (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);

  g_hash_table_unref (self->records);
  g_array_unref (self->log);
  g_array_unref (self->tombstones);
  g_hash_table_unref (self->tombstone_set);
  g_hash_table_unref (self->dirty);
  g_ptr_array_unref (self->counts);
  g_clear_pointer (&self->writer, kt_progress_writer_free);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (kt_progress_parent_class)->finalize (object);
}

typedef enum
{
  SAVE_FAILED_OTHER,
  SAVE_FAILED_NO_SPACE,
  SAVE_FAILED_READ_ONLY,
} SaveFailure;

static SaveFailure
classify_save_error (const GError *error)
{
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    return SAVE_FAILED_NO_SPACE;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    return SAVE_FAILED_READ_ONLY;

  return SAVE_FAILED_OTHER;
}

/* #KtProgress:save-message */
static char *
dup_save_message (KtProgress *self)
{
  if (self->save_error == NULL)
    return NULL;

  switch (classify_save_error (self->save_error))
    {
    case SAVE_FAILED_NO_SPACE:
      return g_strdup (_("Progress could not be saved: the disk is full. "
                         "Your answers are kept until it can be."));
    case SAVE_FAILED_READ_ONLY:
      return g_strdup (_("Progress could not be saved: its folder is read-only. "
                         "Your answers are kept until it can be."));
    case SAVE_FAILED_OTHER:
    default:
      /* Translators: %s says what went wrong, in the system's words */
      return g_strdup_printf (_("Progress could not be saved (%s). "
                                "Your answers are kept until it can be."),
                              self->save_error->message);
    }
}

static void
kt_progress_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KtProgress *self = KT_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SAVE_FAILED:
      g_value_set_boolean (value, self->save_error != NULL);
      break;
    case PROP_SAVE_MESSAGE:
      g_value_take_string (value, dup_save_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_progress_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KtProgress *self = KT_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_progress_class_init (KtProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kt_progress_constructed;
  object_class->dispose = kt_progress_dispose;
  object_class->finalize = kt_progress_finalize;
  object_class->get_property = kt_progress_get_property;
  object_class->set_property = kt_progress_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KtProgress:save-failed:
   *
   * Whether the last save failed: the answers since are kept in memory
   * only, until a save works (see kt_progress_get_save_error()).
   */
  properties[PROP_SAVE_FAILED] =
    g_param_spec_boolean ("save-failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * KtProgress:save-message:
   *
   * What to tell the user while saves fail, as "Progress could not be
   * saved: the disk is full. Your answers are kept until it can be.";
   * %NULL while they work.
   */
  properties[PROP_SAVE_MESSAGE] =
    g_param_spec_string ("save-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtProgress::changed:
   * @card_id: the card whose record changed
   *
   * Emitted after an answer was recorded or undone, and for each record
   * set by kt_progress_set_records().
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kt_progress_init (KtProgress *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         (GDestroyNotify) g_ref_string_release, g_free);
  self->log = kt_progress_log_new (0);
  self->tombstones = g_array_new (FALSE, FALSE, sizeof (KtAnswerId));
  self->tombstone_set = g_hash_table_new_full (answer_id_hash, answer_id_equal, g_free, NULL);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal,
                                       (GDestroyNotify) g_ref_string_release, NULL);
  self->counts = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
}

/* ---- public API -------------------------------------------------------- */

/**
 * kt_progress_new:
 * @settings: settings of the io.github.kartoteka.Kartoteka schema
 *
 * Loads the stored progress from @settings and keeps it there.
 */
KtProgress *
kt_progress_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KT_TYPE_PROGRESS, "settings", settings, NULL);
}

GSettings *
kt_progress_get_settings (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);

  return self->settings;
}

/**
 * kt_progress_get_machine:
 *
 * Returns: this machine's id, part of the id of each answer given here;
 *   made once and kept in the "machine-id" setting
 */
gint64
kt_progress_get_machine (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return self->machine;
}

/**
 * kt_progress_format_machine:
 *
 * Returns: (transfer full): @machine as 16 hexadecimal digits
 */
char *
kt_progress_format_machine (gint64 machine)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", machine);
}

/**
 * kt_progress_parse_machine:
 *
 * Returns: the machine id @text spells in 16 hexadecimal digits, or 0
 *   when it is not one
 */
gint64
kt_progress_parse_machine (const char *text)
{
  guint64 value = 0;

  if (text == NULL || strlen (text) != 16)
    return 0;
  for (guint i = 0; i < 16; i++)
    {
      if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return 0;
      value = value << 4 | (guint64) g_ascii_xdigit_value (text[i]);
    }

  return value <= G_MAXINT64 ? (gint64) value : 0;
}

/**
 * kt_progress_get_params:
 *
 * Fills @params with the scheduler parameters: the FSRS-6 defaults with
 * the desired retention and fuzzing taken from the settings.
 */
void
kt_progress_get_params (KtProgress   *self,
                        KtFsrsParams *params)
{
  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (params != NULL);

  kt_fsrs_params_init_default (params);
  params->desired_retention = g_settings_get_double (self->settings, "desired-retention");
  params->enable_fuzz = g_settings_get_boolean (self->settings, "enable-fuzz");
}

/**
 * kt_progress_lookup:
 *
 * Returns: (nullable): the record of @card_id, or %NULL for a new card.
 *   Valid until the next change of that card.
 */
const KtProgressRecord *
kt_progress_lookup (KtProgress *self,
                    const char *card_id)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (card_id != NULL, NULL);

  return g_hash_table_lookup (self->records, card_id);
}

/**
 * kt_progress_record_review:
 *
 * Schedules @card_id for the answer @rating given at @now_us, logs the
 * answer and emits #KtProgress::changed.
 */
void
kt_progress_record_review (KtProgress *self,
                           const char *card_id,
                           KtRating    rating,
                           gint64      now_us)
{
  KtProgressRecord *record;
  KtReviewLogEntry entry;
  KtFsrsParams params;
  guint position;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (card_id != NULL && card_id[0] != '\0');
  g_return_if_fail (rating >= KT_RATING_AGAIN && rating <= KT_RATING_EASY);

  kt_progress_get_params (self, &params);

  record = g_hash_table_lookup (self->records, card_id);
  if (record == NULL)
    {
      record = g_new0 (KtProgressRecord, 1);
      kt_fsrs_card_init (&record->fsrs, now_us);
      g_hash_table_insert (self->records, g_ref_string_new_intern (card_id), record);
    }

  entry = (KtReviewLogEntry) {
    .card_id = g_ref_string_new_intern (card_id),
    .time_us = now_us,
    .rating = rating,
    .state_before = record->fsrs.state,
    .elapsed_days = record->fsrs.last_review_us > 0
                    ? MAX (now_us - record->fsrs.last_review_us, 0) / (double) G_TIME_SPAN_DAY
                    : 0.0,
    .machine = self->machine,
    .seq = next_seq (self, now_us),
  };
  /* The log stays in replay order, also when the clock went back */
  position = self->log->len;
  while (position > 0 &&
         compare_log_entries (&g_array_index (self->log, KtReviewLogEntry, position - 1), &entry) > 0)
    position--;
  g_array_insert_val (self->log, position, entry);

  /* An answer given after the clock went back comes before others of the
   * card: it is computed again from all of them. */
  if (record->reps > 0 && now_us <= record->fsrs.last_review_us)
    replay_cards (self, &entry.card_id, 1);
  else
    apply_answer (&params, record, card_id, rating, now_us);

  mark_card (self, card_id);
  mark_log (self, position);
  recount_topics_with_card (self, card_id);
  g_signal_emit (self, signals[CHANGED], 0, card_id);
}

/**
 * kt_progress_restore:
 * @previous: (nullable): the record before the answer, %NULL if the card
 *   was new
 *
 * Undoes the last kt_progress_record_review() of @card_id: drops this
 * machine's newest answer to it, leaving a tombstone of its id, and
 * computes its record from the answers left, as every machine that sees
 * the tombstone does (answers of other machines may have come or gone
 * since @previous was taken). Only a record its answers do not explain,
 * one kept from before answers were logged, is put back from @previous.
 */
void
kt_progress_restore (KtProgress             *self,
                     const char             *card_id,
                     const KtProgressRecord *previous)
{
  gboolean replayed;
  char *interned;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (card_id != NULL);

  replayed = is_replayed (self, card_id);
  for (guint i = self->log->len; i > 0; i--)
    {
      const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i - 1);

      if (g_str_equal (entry->card_id, card_id) && entry->machine == self->machine)
        {
          /* The answer may have gone to other machines already: they
           * drop it when they see its tombstone. */
          add_tombstone (self, entry_id (entry));
          g_array_remove_index (self->log, i - 1);
          mark_log (self, i - 1);
          break;
        }
    }

  interned = g_ref_string_new_intern (card_id);
  if (replayed)
    replay_cards (self, &interned, 1);
  else if (previous != NULL)
    g_hash_table_replace (self->records, g_ref_string_acquire (interned),
                          g_memdup2 (previous, sizeof *previous));
  else
    g_hash_table_remove (self->records, card_id);
  mark_card (self, card_id);
  g_ref_string_release (interned);

  recount_topics_with_card (self, card_id);
  g_signal_emit (self, signals[CHANGED], 0, card_id);
}

/**
 * kt_progress_set_records:
 * @card_ids: (array length=n_records): the cards, each at most once
 * @records: (array length=n_records): their new records, which must be
 *   valid (as an imported file is checked to be)
 *
 * Replaces the records of @card_ids, for an import of saved progress:
 * they are saved like answers, the watched topics are counted again once,
 * and #KtProgress::changed is emitted for each card. The review log is
 * left alone; see kt_progress_add_log_entries().
 */
void
kt_progress_set_records (KtProgress             *self,
                         const char * const     *card_ids,
                         const KtProgressRecord *records,
                         guint                   n_records)
{
  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (n_records == 0 || (card_ids != NULL && records != NULL));

  if (n_records == 0)
    return;

  /* All or nothing: a bad record must not leave half an import behind. */
  for (guint i = 0; i < n_records; i++)
    g_return_if_fail (card_ids[i] != NULL && check_record (card_ids[i], &records[i]) == NULL);

  for (guint i = 0; i < n_records; i++)
    {
      g_hash_table_replace (self->records, g_ref_string_new_intern (card_ids[i]),
                            g_memdup2 (&records[i], sizeof records[i]));
      mark_card (self, card_ids[i]);
    }

  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  for (guint i = 0; i < n_records; i++)
    g_signal_emit (self, signals[CHANGED], 0, card_ids[i]);
}

/**
 * kt_progress_add_log_entries:
 * @entries: (array length=n_entries): answers to add; the card ids are
 *   copied
 *
 * Merges @entries into the review log, for an import of saved progress.
 * An answer already logged (same id, or same card and time) or undone is
 * not added again, and the log stays in replay order. Entries without an
 * id (machine 0, from files of older versions) get one of this machine's.
 * Records are left alone.
 *
 * Returns: how many entries were added
 */
guint
kt_progress_add_log_entries (KtProgress             *self,
                             const KtReviewLogEntry *entries,
                             guint                   n_entries)
{
  g_autoptr(GHashTable) logged = NULL;
  g_autoptr(GArray) added = NULL;
  guint old_len;
  guint n_skipped = 0;

  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);
  g_return_val_if_fail (n_entries == 0 || entries != NULL, 0);

  for (guint i = 0; i < n_entries; i++)
    g_return_val_if_fail (is_valid_log_entry (entries[i].card_id, entries[i].time_us,
                                              entries[i].rating, entries[i].state_before,
                                              entries[i].elapsed_days) &&
                          entries[i].machine >= 0, 0);

  /* The keys point into the log and @entries, so nothing is appended to
   * the log before every entry has been looked up. */
  logged = g_hash_table_new (log_entry_hash, log_entry_equal);
  for (guint i = 0; i < self->log->len; i++)
    g_hash_table_add (logged, &g_array_index (self->log, KtReviewLogEntry, i));

  added = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n_entries; i++)
    if (g_hash_table_add (logged, (gpointer) &entries[i]))
      g_array_append_val (added, i);

  if (added->len == 0)
    return 0;

  g_clear_pointer (&logged, g_hash_table_unref);
  old_len = self->log->len;
  for (guint i = 0; i < added->len; i++)
    {
      const KtReviewLogEntry *source = &entries[g_array_index (added, guint, i)];
      KtReviewLogEntry entry = *source;

      entry.card_id = g_ref_string_new_intern (source->card_id);
      g_array_append_val (self->log, entry);
    }
  /* Entries already there keep their ids, so only new ones can be
   * dropped here: as answers logged or undone under their ids. */
  normalise_log (self, &n_skipped);
  mark_log (self, 0);

  return self->log->len - old_len;
}

/**
 * kt_progress_merge:
 * @answers: (array length=n_answers): answers logged elsewhere, each
 *   valid (kt_progress_is_valid_answer()); the card ids are copied
 * @tombstones: (array length=n_tombstones): ids of answers undone
 * @n_removed: (out) (optional): how many logged answers the tombstones
 *   took away
 *
 * Merges the log of another machine into this one: the log becomes the
 * union of both, by answer id, less every answer undone on either. The
 * records of the cards whose answers changed are computed again from
 * their answers (kt_progress_replay()), also of cards not loaded; they
 * are saved like answers, the watched topics counted again once, and
 * #KtProgress::changed emitted for each. Merging the same again changes
 * nothing.
 *
 * Returns: how many answers were added
 */
guint
kt_progress_merge (KtProgress             *self,
                   const KtReviewLogEntry *answers,
                   guint                   n_answers,
                   const KtAnswerId       *tombstones,
                   guint                   n_tombstones,
                   guint                  *n_removed)
{
  g_autoptr(GHashTable) affected = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          (GDestroyNotify) g_ref_string_release, NULL);
  g_autoptr(GHashTable) new_tombstones = g_hash_table_new (answer_id_hash, answer_id_equal);
  g_autoptr(GHashTable) logged = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char **card_ids = NULL;
  guint first_changed = self->log->len;
  guint old_len, n_added, n_cards, removed = 0;

  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);
  g_return_val_if_fail (n_answers == 0 || answers != NULL, 0);
  g_return_val_if_fail (n_tombstones == 0 || tombstones != NULL, 0);
  for (guint i = 0; i < n_answers; i++)
    g_return_val_if_fail (kt_progress_is_valid_answer (&answers[i]), 0);

  for (guint i = 0; i < n_tombstones; i++)
    if (tombstones[i].machine > 0 && add_tombstone (self, tombstones[i]))
      g_hash_table_add (new_tombstones, (gpointer) &tombstones[i]);

  if (g_hash_table_size (new_tombstones) > 0)
    for (guint i = 0; i < self->log->len; i++)
      {
        const KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);
        KtAnswerId id = entry_id (entry);

        if (!g_hash_table_contains (new_tombstones, &id))
          continue;
        g_hash_table_add (affected, g_ref_string_acquire (entry->card_id));
        g_array_remove_index (self->log, i);
        first_changed = MIN (first_changed, i);
        removed++;
        i--;
      }

  /* The ids of the log, in an array of their own: the log grows below. */
  old_len = self->log->len;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (KtAnswerId), old_len + n_answers);
  logged = g_hash_table_new (answer_id_hash, answer_id_equal);
  for (guint i = 0; i < old_len; i++)
    {
      KtAnswerId id = entry_id (&g_array_index (self->log, KtReviewLogEntry, i));

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < n_answers; i++)
    {
      KtAnswerId id = entry_id (&answers[i]);

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < old_len; i++)
    g_hash_table_add (logged, &g_array_index (ids, KtAnswerId, i));

  for (guint i = 0; i < n_answers; i++)
    {
      KtAnswerId *id = &g_array_index (ids, KtAnswerId, old_len + i);
      KtReviewLogEntry entry = answers[i];

      if (g_hash_table_contains (self->tombstone_set, id) || !g_hash_table_add (logged, id))
        continue;
      entry.card_id = g_ref_string_new_intern (answers[i].card_id);
      g_hash_table_add (affected, g_ref_string_acquire (entry.card_id));
      g_array_append_val (self->log, entry);
    }
  n_added = self->log->len - old_len;

  if (n_added > 0 && !is_log_sorted (self->log, old_len))
    {
      g_array_sort (self->log, compare_log_entries);
      first_changed = 0;
    }
  if (n_added > 0 || removed > 0)
    mark_log (self, first_changed);

  if (n_removed != NULL)
    *n_removed = removed;
  if (g_hash_table_size (affected) == 0)
    return n_added;

  card_ids = (char **) g_hash_table_get_keys_as_array (affected, &n_cards);
  replay_cards (self, card_ids, n_cards);
  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  for (guint i = 0; i < n_cards; i++)
    g_signal_emit (self, signals[CHANGED], 0, card_ids[i]);

  return n_added;
}

/**
 * kt_progress_flush:
 *
 * Writes pending changes now and waits until they are stored. Call it
 * when the window closes and on quit; then kt_progress_get_save_error()
 * says whether it worked.
 */
void
kt_progress_flush (KtProgress *self)
{
  g_return_if_fail (KT_IS_PROGRESS (self));

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (is_dirty (self))
    queue_changes (self);
  kt_progress_writer_write (self->writer);
  update_save_state (self);
}

/**
 * kt_progress_retry_save:
 *
 * Tries again at once to store what a failed save could not, with any
 * change since; the outcome comes later, as #KtProgress:save-failed.
 * Saves are retried by themselves too, on a timer and with each answer.
 */
void
kt_progress_retry_save (KtProgress *self)
{
  g_return_if_fail (KT_IS_PROGRESS (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (is_dirty (self))
    queue_changes (self);
  write_async (self);
}

/**
 * kt_progress_get_save_error:
 *
 * Returns: (nullable): why the last save failed, or %NULL when it worked
 */
const GError *
kt_progress_get_save_error (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);

  return self->save_error;
}

/**
 * kt_progress_describe_save_error:
 * @error: from kt_progress_get_save_error()
 *
 * Returns: (transfer full): why, in a few words: "the disk is full", "its
 *   folder is read-only", or the message of @error
 */
char *
kt_progress_describe_save_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  switch (classify_save_error (error))
    {
    case SAVE_FAILED_NO_SPACE:
      return g_strdup (_("the disk is full"));
    case SAVE_FAILED_READ_ONLY:
      return g_strdup (_("its folder is read-only"));
    case SAVE_FAILED_OTHER:
    default:
      return g_strdup (error->message);
    }
}


guint
kt_progress_get_n_records (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return g_hash_table_size (self->records);
}

/**
 * kt_progress_foreach:
 * @func: (scope call): called for every record, in no particular order
 *
 * Walks all records, also those of cards that are not loaded. @func must
 * not change @self.
 */
void
kt_progress_foreach (KtProgress            *self,
                     KtProgressForeachFunc  func,
                     gpointer               user_data)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (func != NULL);

  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    func (key, value, user_data);
}

guint
kt_progress_get_n_log_entries (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return self->log->len;
}

/**
 * kt_progress_get_log_entry:
 * @index: 0 for the oldest answer
 *
 * Returns: the entry, valid until the log changes
 */
const KtReviewLogEntry *
kt_progress_get_log_entry (KtProgress *self,
                           guint       index)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (index < self->log->len, NULL);

  return &g_array_index (self->log, KtReviewLogEntry, index);
}

guint
kt_progress_get_n_tombstones (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return self->tombstones->len;
}

/**
 * kt_progress_get_tombstone:
 * @index: 0 for the oldest
 *
 * Returns: the id of an answer undone, here or on another machine
 */
const KtAnswerId *
kt_progress_get_tombstone (KtProgress *self,
                           guint       index)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (index < self->tombstones->len, NULL);

  return &g_array_index (self->tombstones, KtAnswerId, index);
}

gboolean
kt_progress_is_tombstone (KtProgress       *self,
                          const KtAnswerId *id)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), FALSE);

  return g_hash_table_contains (self->tombstone_set, id);
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
  Count count = { 0 };

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

  unwatch_topics (self);
  if (topics == NULL)
    return;

  self->topics = g_object_ref (topics);
  g_signal_connect_object (topics, "items-changed",
                           G_CALLBACK (topics_items_changed_cb), self, G_CONNECT_DEFAULT);
  topics_items_changed_cb (topics, 0, 0, g_list_model_get_n_items (topics), self);
}

/* ---- moving cards to new ids -------------------------------------------- */

/**
 * kt_progress_move_cards:
 * @from_ids: (array length=n_moves): cards whose id is gone
 * @to_ids: (array length=n_moves): the ids the same cards have now
 *
 * For a card whose id changed (its question was reworded, its note
 * renamed): the record of @from_ids[i] becomes that of @to_ids[i], and
 * every log entry of @from_ids[i] now belongs to @to_ids[i]. A move is
 * skipped when its old id has no record or its new id has one of its
 * own: histories are never merged. Moves are saved like answers, the
 * watched topics counted again once, and #KtProgress::changed emitted for
 * both ids of each move made.
 *
 * Returns: how many cards were moved
 */
guint
kt_progress_move_cards (KtProgress         *self,
                        const char * const *from_ids,
                        const char * const *to_ids,
                        guint               n_moves)
{
  g_autoptr(GHashTable) moved = NULL;   /* old id → new id (GRefString) */
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer from, to;
  guint first_changed = G_MAXUINT;

  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);
  g_return_val_if_fail (n_moves == 0 || (from_ids != NULL && to_ids != NULL), 0);

  moved = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) g_ref_string_release,
                                 (GDestroyNotify) g_ref_string_release);
  for (guint i = 0; i < n_moves; i++)
    {
      gpointer key, record;

      g_return_val_if_fail (from_ids[i] != NULL && to_ids[i] != NULL && to_ids[i][0] != '\0', 0);
      /* One step each: a card moved here in this call stays here, so
       * that its log entries (moved in one pass) follow it. */
      if (g_str_equal (from_ids[i], to_ids[i]) || g_hash_table_contains (self->records, to_ids[i]) ||
          g_hash_table_contains (targets, from_ids[i]) ||
          !g_hash_table_lookup_extended (self->records, from_ids[i], &key, &record))
        continue;

      g_hash_table_steal (self->records, from_ids[i]);
      g_hash_table_insert (moved, key, g_ref_string_new_intern (to_ids[i]));
      g_hash_table_add (targets, (gpointer) to_ids[i]);
      g_hash_table_insert (self->records, g_ref_string_new_intern (to_ids[i]), record);
      mark_card (self, from_ids[i]);
      mark_card (self, to_ids[i]);
    }

  if (g_hash_table_size (moved) == 0)
    return 0;

  for (guint i = 0; i < self->log->len; i++)
    {
      KtReviewLogEntry *entry = &g_array_index (self->log, KtReviewLogEntry, i);
      const char *new_id = g_hash_table_lookup (moved, entry->card_id);

      if (new_id == NULL)
        continue;
      g_ref_string_release (entry->card_id);
      entry->card_id = g_ref_string_acquire ((char *) new_id);
      first_changed = MIN (first_changed, i);
      g_hash_table_add (answered, (gpointer) new_id);
    }
  if (first_changed != G_MAXUINT)
    mark_log (self, first_changed);

  /* The fuzz is drawn from the card id: a card with answers is computed
   * again under its new id, as every machine that replays them will. */
  if (g_hash_table_size (answered) > 0)
    {
      guint n_answered;
      g_autofree char **answered_ids = (char **) g_hash_table_get_keys_as_array (answered, &n_answered);

      replay_cards (self, answered_ids, n_answered);
    }

  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &from, &to))
    {
      g_signal_emit (self, signals[CHANGED], 0, from);
      g_signal_emit (self, signals[CHANGED], 0, to);
    }

  return g_hash_table_size (moved);
}
