/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kt-imported.h"

static void
clear_answer (gpointer data)
{
  g_clear_pointer (&((KtReviewLogEntry *) data)->card_id, g_ref_string_release);
}

KtImported *
kt_imported_new (void)
{
  KtImported *imported = g_new0 (KtImported, 1);

  imported->files = g_ptr_array_new_with_free_func (g_object_unref);
  imported->warnings = g_ptr_array_new_with_free_func (g_free);
  imported->answers = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));
  g_array_set_clear_func (imported->answers, clear_answer);
  imported->suspended = g_ptr_array_new_with_free_func (g_free);
  imported->buried = g_ptr_array_new_with_free_func (g_free);

  return imported;
}

void
kt_imported_free (KtImported *imported)
{
  if (imported == NULL)
    return;

  g_ptr_array_unref (imported->files);
  g_ptr_array_unref (imported->warnings);
  g_array_unref (imported->answers);
  g_ptr_array_unref (imported->suspended);
  g_ptr_array_unref (imported->buried);
  g_clear_pointer (&imported->deck, kt_deck_free);
  g_free (imported);
}

/* The cards of @ids @progress knows nothing of yet: they came with this
 * import, and no choice made here is undone by holding them. */
static GPtrArray *
unknown_cards (GPtrArray  *ids,
               KtProgress *progress)
{
  GPtrArray *unknown = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    if (kt_progress_lookup (progress, g_ptr_array_index (ids, i)) == NULL)
      g_ptr_array_add (unknown, g_ptr_array_index (ids, i));

  return unknown;
}

/**
 * kt_imported_apply_progress:
 * @progress: where the cards written are studied
 * @n_known: (out) (optional): how many of the answers were there already,
 *   from an earlier import of the same package
 *
 * Applies what an Anki package brought to @progress: its review history
 * (kt-anki-history.c) is merged, so the records of its cards are replayed
 * from their answers; the cards Anki had suspended are suspended, those it
 * had buried buried until the end of today, if the package's collection
 * was last changed today: Anki buries until its next day, so the burials
 * of an older package are over (the day is this profile's, from its
 * "day-rollover-hour", as Anki's starts at its own). Only cards new here are held
 * so: not those the deck folder had before the import (left out of
 * @imported already), nor those @progress has a record of (their deck was
 * removed and imported again). Call it once the decks written are loaded,
 * on the thread that owns @progress.
 *
 * Returns: how many answers were added
 */
guint
kt_imported_apply_progress (KtImported *imported,
                            KtProgress *progress,
                            guint      *n_known)
{
  g_autoptr(GPtrArray) suspended = NULL;
  g_autoptr(GPtrArray) buried = NULL;
  gint64 day_start_us, day_end_us;
  guint n_added;

  g_return_val_if_fail (imported != NULL, 0);
  g_return_val_if_fail (KT_IS_PROGRESS (progress), 0);

  /* Before the answers make records of them */
  suspended = unknown_cards (imported->suspended, progress);
  buried = unknown_cards (imported->buried, progress);

  n_added = kt_progress_merge (progress, (const KtReviewLogEntry *) imported->answers->data,
                               imported->answers->len, NULL, 0, NULL);
  if (n_known != NULL)
    *n_known = imported->answers->len - n_added;

  kt_progress_set_suspended (progress, (const char * const *) suspended->pdata,
                             suspended->len, TRUE);
  kt_progress_get_day_bounds (progress, g_get_real_time (), &day_start_us, &day_end_us);
  if (imported->anki_changed_us >= day_start_us)
    kt_progress_bury (progress, (const char * const *) buried->pdata, buried->len, day_end_us);

  return n_added;
}
