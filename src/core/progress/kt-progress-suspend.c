/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cards KtProgress leaves out of study: suspended ones until they are
 * unsuspended (from Browse, or as an Anki package had them), buried ones
 * until a time passes (Anki buries until the next study day). Neither
 * touches a card's record nor its answers: a card comes back as it was.
 * Both are saved with the rest of progress, in the "suspended" (as) and
 * "buried" (a{sx}) values, whole, as they are small beside the log.
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <string.h>

#include "kt-progress-private.h"

/* Stored by the loader: card ids are checked like those of records. */
void
_kt_progress_load_suspended (KtProgress *self,
                             const char *card_id)
{
  if (card_id[0] == '\0')
    {
      g_message ("Ignoring a stored suspended card without an id");
      return;
    }
  g_hash_table_add (self->suspended, g_ref_string_new_intern (card_id));
}

/* A burial that is over by now is not kept: the next save drops it. */
void
_kt_progress_load_buried (KtProgress *self,
                          const char *card_id,
                          gint64      until_us)
{
  if (card_id[0] == '\0' || until_us <= 0 || until_us > KT_PROGRESS_MAX_TIME_US)
    {
      g_message ("Ignoring the stored burial of card “%s”: out of range", card_id);
      return;
    }
  if (until_us <= g_get_real_time ())
    return;
  g_hash_table_replace (self->buried, g_ref_string_new_intern (card_id),
                        g_memdup2 (&until_us, sizeof until_us));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted, so a stored value changes only where cards changed. */
static const char **
sorted_keys (GHashTable *table,
             guint      *n_keys)
{
  const char **keys = (const char **) g_hash_table_get_keys_as_array (table, n_keys);

  qsort (keys, *n_keys, sizeof *keys, compare_strings);
  return keys;
}

/* The values the Writer stores, built here where the sets live. */
GVariant *
_kt_progress_build_suspended (KtProgress *self)
{
  guint n;
  g_autofree const char **ids = sorted_keys (self->suspended, &n);

  return g_variant_ref_sink (g_variant_new_strv (ids, n));
}

GVariant *
_kt_progress_build_buried (KtProgress *self)
{
  guint n;
  g_autofree const char **ids = sorted_keys (self->buried, &n);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sx}"));
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&builder, "{sx}", ids[i],
                           *(gint64 *) g_hash_table_lookup (self->buried, ids[i]));

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* After a change of either set: saved, counted again, told. */
static void
holds_changed (KtProgress *self,
               GPtrArray  *changed)
{
  if (changed->len == 0)
    return;

  self->holds_dirty = TRUE;
  _kt_progress_schedule_save (self);
  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  for (guint i = 0; i < changed->len; i++)
    _kt_progress_emit_changed (self, g_ptr_array_index (changed, i));
}

/* Moves the suspension and burial of @from_id to @to_id, for
 * kt_progress_move_cards(); says whether there was any. */
gboolean
_kt_progress_move_holds (KtProgress *self,
                         const char *from_id,
                         const char *to_id)
{
  g_autofree gint64 *until = NULL;
  gpointer old_key;
  gboolean moved = FALSE;

  if (g_hash_table_remove (self->suspended, from_id))
    {
      g_hash_table_add (self->suspended, g_ref_string_new_intern (to_id));
      moved = TRUE;
    }
  if (g_hash_table_steal_extended (self->buried, from_id, &old_key, (gpointer *) &until))
    {
      g_ref_string_release (old_key);
      g_hash_table_replace (self->buried, g_ref_string_new_intern (to_id), g_steal_pointer (&until));
      moved = TRUE;
    }
  if (moved)
    {
      self->holds_dirty = TRUE;
      _kt_progress_schedule_save (self);
    }

  return moved;
}

/**
 * kt_progress_is_suspended:
 *
 * Returns: whether @card_id is suspended: never studied, nor counted as
 *   new or due, until it is unsuspended
 */
gboolean
kt_progress_is_suspended (KtProgress *self,
                          const char *card_id)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (card_id != NULL, FALSE);

  return g_hash_table_contains (self->suspended, card_id);
}

/**
 * kt_progress_set_suspended:
 * @card_ids: (array length=n_cards): the cards
 * @suspended: %TRUE to suspend them, %FALSE to unsuspend them
 *
 * Suspends or unsuspends @card_ids. Their records and answers stay as
 * they are. Saved like answers; the watched topics are counted again
 * once and #KtProgress::changed is emitted for each card that changed.
 */
void
kt_progress_set_suspended (KtProgress         *self,
                           const char * const *card_ids,
                           guint               n_cards,
                           gboolean            suspended)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (n_cards == 0 || card_ids != NULL);

  for (guint i = 0; i < n_cards; i++)
    {
      g_return_if_fail (card_ids[i] != NULL && card_ids[i][0] != '\0');

      if (suspended == g_hash_table_contains (self->suspended, card_ids[i]))
        continue;
      if (suspended)
        g_hash_table_add (self->suspended, g_ref_string_new_intern (card_ids[i]));
      else
        g_hash_table_remove (self->suspended, card_ids[i]);
      g_ptr_array_add (changed, (gpointer) card_ids[i]);
    }

  holds_changed (self, changed);
}

/**
 * kt_progress_get_buried_until:
 *
 * Returns: until when @card_id is buried, in microseconds since 1970; 0
 *   when it is not, or no longer is
 */
gint64
kt_progress_get_buried_until (KtProgress *self,
                              const char *card_id)
{
  const gint64 *until;

  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);
  g_return_val_if_fail (card_id != NULL, 0);

  until = g_hash_table_lookup (self->buried, card_id);
  return until != NULL && *until > g_get_real_time () ? *until : 0;
}

/**
 * kt_progress_bury:
 * @card_ids: (array length=n_cards): the cards
 * @until_us: when they come back, in microseconds since 1970, as the
 *   end of today from kt_progress_get_day_bounds(); 0 unburies them
 *
 * Leaves @card_ids out of study until @until_us. Their records and
 * answers stay as they are. Saved like answers; the watched topics are
 * counted again once and #KtProgress::changed is emitted for each card.
 */
void
kt_progress_bury (KtProgress         *self,
                  const char * const *card_ids,
                  guint               n_cards,
                  gint64              until_us)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (n_cards == 0 || card_ids != NULL);
  g_return_if_fail (until_us >= 0 && until_us <= KT_PROGRESS_MAX_TIME_US);

  for (guint i = 0; i < n_cards; i++)
    {
      const gint64 *old;

      g_return_if_fail (card_ids[i] != NULL && card_ids[i][0] != '\0');

      old = g_hash_table_lookup (self->buried, card_ids[i]);
      if (until_us == 0 ? old == NULL : old != NULL && *old == until_us)
        continue;
      if (until_us == 0)
        g_hash_table_remove (self->buried, card_ids[i]);
      else
        g_hash_table_replace (self->buried, g_ref_string_new_intern (card_ids[i]),
                              g_memdup2 (&until_us, sizeof until_us));
      g_ptr_array_add (changed, (gpointer) card_ids[i]);
    }

  holds_changed (self, changed);
}

/**
 * kt_progress_is_held:
 * @now_us: the time to judge a burial by
 *
 * Returns: whether @card_id is left out of study at @now_us: suspended,
 *   or buried until later
 */
gboolean
kt_progress_is_held (KtProgress *self,
                     const char *card_id,
                     gint64      now_us)
{
  const gint64 *until;

  g_return_val_if_fail (KT_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (card_id != NULL, FALSE);

  if (g_hash_table_contains (self->suspended, card_id))
    return TRUE;
  until = g_hash_table_lookup (self->buried, card_id);
  return until != NULL && *until > now_us;
}

guint
kt_progress_get_n_suspended (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return g_hash_table_size (self->suspended);
}

/**
 * kt_progress_dup_suspended:
 *
 * Returns: (transfer full): the ids of all suspended cards, also of those
 *   not loaded, sorted
 */
char **
kt_progress_dup_suspended (KtProgress *self)
{
  guint n;
  g_autofree const char **ids = NULL;
  char **copy;

  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);

  ids = sorted_keys (self->suspended, &n);
  copy = g_new (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (ids[i]);
  copy[n] = NULL;

  return copy;
}
