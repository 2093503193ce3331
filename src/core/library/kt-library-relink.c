/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How KtLibrary keeps progress with cards whose ids change (kt-relink.c
 * pairs them): the cards a file had when it is read again, or, for a file
 * that went, for ten seconds, so that the file it became (renamed, moved,
 * its folder renamed) finds them; the ids cards had before topic ids were
 * paths; and the bundled decks, which yield to a byte-for-byte copy in a
 * deck folder and come back, with its progress, when it is gone.
 */
#include "config.h"

#include <string.h>

#include "kt-library-private.h"
#include "kt-relink.h"
#include "kt-scan.h"

static void restore_bundled (KtLibrary  *self,
                             const char *uri);

/* -------------------------------------------------------------------------
 * Files gone, and the files they became
 * ---------------------------------------------------------------------- */

/* The cards of the topics @loaded gave, as they are now. */
GPtrArray *
_kt_library_cards_of (KtLibrary *self,
                      Loaded    *loaded)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; loaded != NULL && i < loaded->topic_ids->len; i++)
    {
      GListModel *topic = g_hash_table_lookup (self->by_id, g_ptr_array_index (loaded->topic_ids, i));

      for (guint j = 0; topic != NULL && j < g_list_model_get_n_items (topic); j++)
        g_ptr_array_add (cards, g_list_model_get_item (topic, j));
    }

  return cards;
}

/* A file that went is kept in mind for a while: if it comes back under
 * another name or in another folder, its cards' progress follows them. */
#define GONE_SECONDS 10

static gboolean
gone_timeout_cb (gpointer data)
{
  KtLibrary *self = data;
  g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  /* A big folder may still be read: its files are matched when loaded. */
  if (self->n_pending > 0)
    return G_SOURCE_CONTINUE;

  /* A copy of a bundled deck gone for good: the bundled deck is back,
   * with the copy's cards (saving or renaming it is not going). */
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->files, key))
      {
        g_autofree char *gone_uri = NULL;
        GPtrArray *cards = NULL;

        if (g_hash_table_steal_extended (self->gone, key, (gpointer *) &gone_uri, (gpointer *) &cards))
          g_hash_table_replace (self->gone, g_strdup (value), cards);
        g_ptr_array_add (back, g_strdup (value));
        g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; i < back->len; i++)
    restore_bundled (self, g_ptr_array_index (back, i));

  self->gone_id = 0;
  g_hash_table_remove_all (self->gone);
  g_hash_table_remove_all (self->successors);

  return G_SOURCE_REMOVE;
}

/**
 * _kt_library_remember_gone:
 *
 * @uri is forgotten: its cards are kept a while, for the file it becomes.
 */
void
_kt_library_remember_gone (KtLibrary  *self,
                           const char *uri,
                           Loaded     *loaded)
{
  g_hash_table_replace (self->gone, g_strdup (uri), _kt_library_cards_of (self, loaded));
  g_clear_handle_id (&self->gone_id, g_source_remove);
  self->gone_id = g_timeout_add_seconds (GONE_SECONDS, gone_timeout_cb, self);
}

/**
 * _kt_library_renamed:
 *
 * @from was renamed (or moved) to @to: when @to is read, the cards of
 * @from are what it had.
 */
void
_kt_library_renamed (KtLibrary *self,
                     GFile     *from,
                     GFile     *to)
{
  g_hash_table_replace (self->successors, g_file_get_uri (to), g_file_get_uri (from));
}

/* How many path components, from the end, @a and @b share. */
static guint
common_tail (const char *a,
             const char *b)
{
  const char *pa = a + strlen (a);
  const char *pb = b + strlen (b);
  guint n = 0;

  while (pa > a && pb > b && pa[-1] == pb[-1])
    {
      pa--, pb--;
      if (*pa == '/')
        n++;
    }

  return n;
}

/* The cards a newly read file had before: as itself, as the file it was
 * renamed from, or as the one gone file whose path ends most like it (a
 * folder renamed or a note moved keeps its name). Taken out of the gone
 * files. */
GPtrArray *
_kt_library_take_gone_cards (KtLibrary  *self,
                             const char *uri)
{
  g_autofree char *renamed = NULL;
  g_autofree char *source = NULL;
  g_autofree char *found = NULL;
  GPtrArray *cards = NULL;
  const char *best = NULL;
  guint best_tail = 0;
  gboolean tied = FALSE;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_steal_extended (self->successors, uri, (gpointer *) &renamed, (gpointer *) &source);
  if (g_hash_table_steal_extended (self->gone, uri, (gpointer *) &found, (gpointer *) &cards))
    return cards;
  if (source != NULL && g_hash_table_contains (self->gone, source))
    best = source;
  else
    {
      g_hash_table_iter_init (&iter, self->gone);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint tail = common_tail (key, uri);

          if (tail > best_tail)
            best = key, best_tail = tail, tied = FALSE;
          else if (tail == best_tail && tail > 0)
            tied = TRUE;
        }
      if (tied || best_tail == 0)
        return NULL;
    }

  g_hash_table_steal_extended (self->gone, best, (gpointer *) &found, (gpointer *) &cards);

  return cards;
}

/* Pairs the cards a file had @before whose ids went with those of @deck
 * whose ids came. */
void
_kt_library_relink (KtLibrary *self,
                    GPtrArray *before,
                    KtDeck    *deck)
{
  g_autoptr(GHashTable) old_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GPtrArray) appeared = g_ptr_array_new ();
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_object_unref);

  if (before == NULL || before->len == 0)
    return;

  for (guint t = 0; t < deck->topics->len; t++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, t);

      for (guint j = 0; j < g_list_model_get_n_items (topic); j++)
        g_ptr_array_add (after, g_list_model_get_item (topic, j));
    }
  for (guint i = 0; i < after->len; i++)
    g_hash_table_add (new_ids, (gpointer) kt_card_get_id (g_ptr_array_index (after, i)));
  for (guint i = 0; i < before->len; i++)
    {
      KtCard *card = g_ptr_array_index (before, i);

      g_hash_table_add (old_ids, (gpointer) kt_card_get_id (card));
      if (!g_hash_table_contains (new_ids, kt_card_get_id (card)))
        g_ptr_array_add (gone, card);
    }
  for (guint i = 0; i < after->len; i++)
    if (!g_hash_table_contains (old_ids, kt_card_get_id (g_ptr_array_index (after, i))))
      g_ptr_array_add (appeared, g_ptr_array_index (after, i));

  kt_relink_match (gone, appeared, self->move_from, self->move_to);
}

/* -------------------------------------------------------------------------
 * Ids from before topic ids were paths
 * ---------------------------------------------------------------------- */

/* Bundled decks that had another file name before: the note of seed 002
 * was shipped under its permalink's slug. */
static const struct {
  const char *topic_id;
  const char *legacy_topic_id;
} renamed_bundled[] = {
  { "Async Python", "async-python" },
};

/* The topic id @file had when ids were file names. */
char *
_kt_library_legacy_topic_id (GFile      *file,
                             const char *topic_id)
{
  g_autofree char *uri = g_file_get_uri (file);

  if (g_str_has_prefix (uri, BUNDLED_PREFIX))
    {
      for (guint i = 0; i < G_N_ELEMENTS (renamed_bundled); i++)
        if (g_str_equal (topic_id, renamed_bundled[i].topic_id))
          return g_strdup (renamed_bundled[i].legacy_topic_id);
      return g_strdup (topic_id);
    }

  return kt_scan_topic_id (NULL, file);
}

/* -------------------------------------------------------------------------
 * Bundled decks and their copies
 * ---------------------------------------------------------------------- */

/* The bundled decks are the first users' notes: a user who has one of
 * them in a deck folder, byte for byte, sees it once, from there. The
 * bundled deck is hidden while that file is loaded, its cards' progress
 * following them; returns its cards then. */
GPtrArray *
_kt_library_yield_bundled (KtLibrary  *self,
                           const char *uri,
                           const char *checksum)
{
  GHashTableIter iter;
  gpointer key, value;

  if (checksum == NULL || g_str_has_prefix (uri, BUNDLED_PREFIX))
    return NULL;

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Loaded *bundled = value;
      g_autofree char *bundled_uri = NULL;
      GPtrArray *cards;

      if (!g_str_has_prefix (key, BUNDLED_PREFIX) || g_strcmp0 (bundled->checksum, checksum) != 0)
        continue;

      bundled_uri = g_strdup (key);
      cards = _kt_library_cards_of (self, bundled);
      g_hash_table_replace (self->hidden, g_strdup (uri), g_strdup (bundled_uri));
      _kt_library_forget_file (self, bundled_uri);
      g_hash_table_remove (self->gone, bundled_uri);

      return cards;
    }

  return NULL;
}

static void
restore_bundled (KtLibrary  *self,
                 const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  _kt_library_load_bundled_file (self, file);
  if (self->n_pending == 0)
    _kt_library_emit_moves (self);
}
