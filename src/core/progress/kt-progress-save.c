/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading and saving KtProgress: what the Writer (kt-progress-writer.c)
 * reads back is checked record by record and answer by answer, and what
 * changed since the last save is handed to it on a short timer, or at
 * once by kt_progress_flush(). How a save went is taken in by
 * kt-progress.c.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <math.h>

#include "kt-progress-private.h"

/* Well under the one second of answers a crash may lose. */
#define SAVE_DELAY_MS 500

/* Returns why a stored record cannot be used, or NULL when it can. */
const char *
_kt_progress_check_record (const char             *card_id,
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
  const char *problem = _kt_progress_check_record (stored->card_id, &record);

  if (problem != NULL)
    {
      g_message ("Ignoring the stored progress of card “%s”: %s", stored->card_id, problem);
      return;
    }

  g_hash_table_replace (self->records, g_ref_string_new_intern (stored->card_id),
                        g_memdup2 (&record, sizeof record));
}

static void
load_answer_cb (const KtStoredAnswer *stored,
                gpointer              data)
{
  Load *load = data;
  KtReviewLogEntry entry;

  /* Answers of older versions have no id yet (machine 0): they get one
   * once all are loaded. */
  if (!_kt_progress_is_valid_log_entry (stored->card_id, stored->time_us, stored->rating,
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

static void
load_suspended_cb (const char *card_id,
                   gpointer    data)
{
  _kt_progress_load_suspended (((Load *) data)->self, card_id);
}

static void
load_buried_cb (const char *card_id,
                gint64      until_us,
                gpointer    data)
{
  _kt_progress_load_buried (((Load *) data)->self, card_id, until_us);
}

void
_kt_progress_load (KtProgress *self)
{
  Load load = { self, 0 };
  KtStoredFuncs funcs = {
    load_card_cb, load_answer_cb, load_tombstone_cb, load_suspended_cb, load_buried_cb, &load
  };
  gboolean changed;

  kt_progress_writer_load (self->writer, &funcs);
  changed = _kt_progress_normalise_log (self, &load.n_skipped);
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

  if (self->holds_dirty)
    {
      changes->suspended = _kt_progress_build_suspended (self);
      changes->buried = _kt_progress_build_buried (self);
      self->holds_dirty = FALSE;
    }

  kt_progress_writer_queue (self->writer, changes);
}

static gboolean
is_dirty (KtProgress *self)
{
  return self->log_dirty || self->holds_dirty || g_hash_table_size (self->dirty) > 0 ||
         self->tombstones_synced < self->tombstones->len;
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
    _kt_progress_update_save_state (self);
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

void
_kt_progress_schedule_save (KtProgress *self)
{
  /* Not re-armed by later changes: a steady stream of answers must not
   * postpone the write indefinitely. */
  if (self->save_id == 0)
    self->save_id = g_timeout_add_once (SAVE_DELAY_MS, save_timeout_cb, self);
}

void
_kt_progress_mark_card (KtProgress *self,
                        const char *card_id)
{
  g_hash_table_add (self->dirty, g_ref_string_new_intern (card_id));
  _kt_progress_schedule_save (self);
}

/* Entries from @index on changed; those before it did not. */
void
_kt_progress_mark_log (KtProgress *self,
                       guint       index)
{
  self->log_synced = MIN (self->log_synced, index);
  self->log_dirty = TRUE;
  _kt_progress_schedule_save (self);
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
  _kt_progress_update_save_state (self);
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
