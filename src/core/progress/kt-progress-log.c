/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers of KtProgress: the review log, kept in replay order
 * (kt_progress_compare_answers()), the ids of answers and the tombstones
 * of those undone; answering and undoing, records computed again from
 * answers (kt_progress_replay()), and merging in the answers of an import
 * or of another machine.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kt-progress-private.h"

/* Whether a log entry, stored or imported, can be used. */
gboolean
_kt_progress_is_valid_log_entry (const char *card_id,
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

  return _kt_progress_is_valid_log_entry (answer->card_id, answer->time_us, answer->rating,
                                          answer->state_before, answer->elapsed_days) &&
         answer->machine > 0;
}

/**
 * kt_progress_answer_id_hash:
 * @id: a #KtAnswerId
 *
 * With kt_progress_answer_id_equal(), for hash tables keyed by answer id.
 */
guint
kt_progress_answer_id_hash (gconstpointer id)
{
  const KtAnswerId *answer = id;

  return g_int64_hash (&answer->machine) ^ g_int64_hash (&answer->time_us) ^ answer->seq;
}

gboolean
kt_progress_answer_id_equal (gconstpointer a,
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

/**
 * kt_progress_card_time_hash:
 * @entry: a #KtReviewLogEntry
 *
 * With kt_progress_card_time_equal(), for hash tables of answers known by
 * their card and time, as answers without an id are: importing the same
 * history twice must not log it twice.
 */
guint
kt_progress_card_time_hash (gconstpointer entry)
{
  const KtReviewLogEntry *answer = entry;

  return g_str_hash (answer->card_id) ^ g_int64_hash (&answer->time_us);
}

gboolean
kt_progress_card_time_equal (gconstpointer a,
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

/* Gives every answer of an older version or an older export, stored
 * without an id (machine 0), one of this machine's. */
static void
assign_missing_ids (KtProgress *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (kt_progress_answer_id_hash,
                                                       kt_progress_answer_id_equal, g_free, NULL);

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
gboolean
_kt_progress_normalise_log (KtProgress *self,
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
void
_kt_progress_replay_cards (KtProgress  *self,
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
      _kt_progress_mark_card (self, card_ids[i]);
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
  _kt_progress_schedule_save (self);
  return TRUE;
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
    _kt_progress_replay_cards (self, &entry.card_id, 1);
  else
    apply_answer (&params, record, card_id, rating, now_us);

  _kt_progress_mark_card (self, card_id);
  _kt_progress_mark_log (self, position);
  _kt_progress_recount_topics_with_card (self, card_id);
  _kt_progress_emit_changed (self, card_id);
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
          _kt_progress_mark_log (self, i - 1);
          break;
        }
    }

  interned = g_ref_string_new_intern (card_id);
  if (replayed)
    _kt_progress_replay_cards (self, &interned, 1);
  else if (previous != NULL)
    g_hash_table_replace (self->records, g_ref_string_acquire (interned),
                          g_memdup2 (previous, sizeof *previous));
  else
    g_hash_table_remove (self->records, card_id);
  _kt_progress_mark_card (self, card_id);
  g_ref_string_release (interned);

  _kt_progress_recount_topics_with_card (self, card_id);
  _kt_progress_emit_changed (self, card_id);
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
    g_return_val_if_fail (_kt_progress_is_valid_log_entry (entries[i].card_id, entries[i].time_us,
                                                           entries[i].rating,
                                                           entries[i].state_before,
                                                           entries[i].elapsed_days) &&
                          entries[i].machine >= 0, 0);

  /* The keys point into the log and @entries, so nothing is appended to
   * the log before every entry has been looked up. */
  logged = g_hash_table_new (kt_progress_card_time_hash, kt_progress_card_time_equal);
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
  _kt_progress_normalise_log (self, &n_skipped);
  _kt_progress_mark_log (self, 0);

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
  g_autoptr(GHashTable) new_tombstones = g_hash_table_new (kt_progress_answer_id_hash,
                                                           kt_progress_answer_id_equal);
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
  logged = g_hash_table_new (kt_progress_answer_id_hash, kt_progress_answer_id_equal);
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
    _kt_progress_mark_log (self, first_changed);

  if (n_removed != NULL)
    *n_removed = removed;
  if (g_hash_table_size (affected) == 0)
    return n_added;

  card_ids = (char **) g_hash_table_get_keys_as_array (affected, &n_cards);
  _kt_progress_replay_cards (self, card_ids, n_cards);
  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  for (guint i = 0; i < n_cards; i++)
    _kt_progress_emit_changed (self, card_ids[i]);

  return n_added;
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
