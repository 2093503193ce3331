/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moving cards of KtProgress to new ids, for cards whose id changed (a
 * question reworded, a note renamed; see kt-relink.c): their records and
 * answers go with them, and a card with answers is replayed under its
 * new id.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include "kt-progress-private.h"

/**
 * kt_progress_move_cards:
 * @from_ids: (array length=n_moves): cards whose id is gone
 * @to_ids: (array length=n_moves): the ids the same cards have now
 *
 * For a card whose id changed (its question was reworded, its note
 * renamed): the record of @from_ids[i] becomes that of @to_ids[i], and
 * every log entry of @from_ids[i] now belongs to @to_ids[i], and so do
 * its suspension and burial. A move is skipped when its old id has
 * neither a record nor a suspension or burial, or its new id has a
 * record of its own: histories are never merged. Moves are saved like answers, the
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
      gboolean has_record;

      g_return_val_if_fail (from_ids[i] != NULL && to_ids[i] != NULL && to_ids[i][0] != '\0', 0);
      /* One step each: a card moved here in this call stays here, so
       * that its log entries (moved in one pass) follow it. */
      if (g_str_equal (from_ids[i], to_ids[i]) || g_hash_table_contains (self->records, to_ids[i]) ||
          g_hash_table_contains (targets, from_ids[i]))
        continue;

      has_record = g_hash_table_lookup_extended (self->records, from_ids[i], &key, &record);
      if (!_kt_progress_move_holds (self, from_ids[i], to_ids[i]) && !has_record)
        continue;

      g_hash_table_add (targets, (gpointer) to_ids[i]);
      if (!has_record)
        {
          g_hash_table_insert (moved, g_ref_string_new_intern (from_ids[i]),
                               g_ref_string_new_intern (to_ids[i]));
          continue;
        }
      g_hash_table_steal (self->records, from_ids[i]);
      g_hash_table_insert (moved, key, g_ref_string_new_intern (to_ids[i]));
      g_hash_table_insert (self->records, g_ref_string_new_intern (to_ids[i]), record);
      _kt_progress_mark_card (self, from_ids[i]);
      _kt_progress_mark_card (self, to_ids[i]);
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
    _kt_progress_mark_log (self, first_changed);

  /* The fuzz is drawn from the card id: a card with answers is computed
   * again under its new id, as every machine that replays them will. */
  if (g_hash_table_size (answered) > 0)
    {
      guint n_answered;
      g_autofree char **answered_ids = (char **) g_hash_table_get_keys_as_array (answered, &n_answered);

      _kt_progress_replay_cards (self, answered_ids, n_answered);
    }

  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &from, &to))
    {
      _kt_progress_emit_changed (self, from);
      _kt_progress_emit_changed (self, to);
    }

  return g_hash_table_size (moved);
}
