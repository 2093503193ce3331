/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anki's review log ("revlog") as our answers, for the cards an import
 * made (kt-anki-notes.c), so that FSRS replays each card from its first
 * answer (kt_progress_merge()):
 *
 *   ease 1–4     an answer: Again, Hard, Good, Easy, at the row's id (the
 *                time in ms), whatever the row's type (learn, review,
 *                relearn, filtered). Its state before is Anki's: new for
 *                a card's first answer, then learning, review or
 *                relearning as the row's type says. But a filtered deck's
 *                row with ease factor 0 is a preview, which changed
 *                nothing in Anki (its FSRS leaves them out too): left out
 *                without a word.
 *   ease 0       not an answer. Type 4 ("Manual") with interval 0 is
 *                "Forget": the card was reset to new, so the answers
 *                before it are left out. Any other (Set Due Date, Anki's
 *                own rescheduling) is left out alone: our schedule comes
 *                from the answers.
 *   other eases  unknown: the row is left out.
 *
 * A collection of Anki's v1 scheduler (kt-anki-collection.c) logged the
 * button pressed, and learning and relearning cards had three: 1 Again,
 * 2 Good, 3 Easy. Its learn and relearn rows with ease 2 or 3 are read
 * one up, as Anki's own upgrade to v2 rewrites them.
 *
 * The cards Anki had suspended or buried are listed for the progress only
 * when this import brings them in: a card already in the deck folder
 * keeps the suspension and burial chosen here. Anki buries until its next
 * day: with them goes when the collection was last changed ("col.mod", or
 * its newest row if later), for kt_imported_apply_progress() to tell
 * whether that day is over.
 *
 * A card that is new in Anki now comes in new whatever its log says (it
 * was reset by an Anki that logged no "Forget", or only previewed).
 * Each kind of row left out is counted in one warning a package.
 *
 * An answer's id is the machine KT_PROGRESS_MACHINE_ANKI, the row's time
 * and, as seq, the low 32 bits of the Anki card's id: the same on every
 * import of the package, so importing again adds nothing, and apart for
 * two cards answered in the same millisecond (rows of two collections:
 * one collection's rows have ids of their own).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-anki-history.h"
#include "kt-progress.h"

#define MS_PER_DAY (24.0 * 60 * 60 * 1000)

enum {
  REVLOG_LEARN = 0,
  REVLOG_REVIEW = 1,
  REVLOG_RELEARN = 2,
  REVLOG_FILTERED = 3,
  REVLOG_MANUAL = 4,
};

/* An imported card's history so far. */
typedef struct {
  const KtAnkiCardKey *key;
  char                *card_id;      /* (nullable): our card's, a GRefString */
  gint64               forgotten;    /* the time of its last "Forget", or -1 */
  gint64               last_answer;  /* the time of its last answer kept, or -1 */
} CardHistory;

static void
clear_history (gpointer data)
{
  g_clear_pointer (&((CardHistory *) data)->card_id, g_ref_string_release);
}

/* Anki's "Forget": the card reset to new. */
static gboolean
is_forget (const KtAnkiReview *review)
{
  return review->ease == 0 && review->type == REVLOG_MANUAL && review->interval == 0;
}

/* A card previewed in a filtered deck that does not reschedule: Anki
 * logs it with ease factor 0. */
static gboolean
is_preview (const KtAnkiReview *review)
{
  return review->type == REVLOG_FILTERED && review->factor == 0;
}

/* The row's ease as Again 1 … Easy 4, whichever scheduler wrote it. */
static int
four_button_ease (const KtAnkiCollection *collection,
                  const KtAnkiReview     *review)
{
  if (collection->scheduler == 1 &&
      (review->type == REVLOG_LEARN || review->type == REVLOG_RELEARN) &&
      (review->ease == 2 || review->ease == 3))
    return review->ease + 1;
  return review->ease;
}

static KtCardState
state_before (const KtAnkiReview *review,
              const CardHistory  *history)
{
  if (history->last_answer < 0)
    return KT_CARD_NEW;
  switch (review->type)
    {
    case REVLOG_LEARN:
      return KT_CARD_LEARNING;
    case REVLOG_REVIEW:
      return KT_CARD_REVIEW;
    case REVLOG_RELEARN:
      return KT_CARD_RELEARNING;
    default:
      /* Filtered: a positive interval is in days, a negative one in
       * seconds, of a card still learning. */
      return review->last_interval > 0 ? KT_CARD_REVIEW : KT_CARD_LEARNING;
    }
}

static void
warn (KtImported *imported,
      guint       n,
      char       *message)
{
  if (n > 0)
    g_ptr_array_add (imported->warnings, message);
  else
    g_free (message);
}

/**
 * kt_anki_history_convert:
 * @notes: the decks made of @collection
 * @card_ids: each topic of @notes (KtAnkiTopic *) → its cards' ids by key,
 *   as its deck file is read
 * @present: the ids of the cards the deck files had before this import
 * @imported: where the answers, the suspended and buried cards and the
 *   warnings go
 *
 * Converts the review log of the imported cards (see the top of this
 * file) into @imported->answers, in replay order, and lists the cards
 * Anki had suspended or buried that are not in @present.
 */
void
kt_anki_history_convert (KtAnkiCollection *collection,
                         KtAnkiNotes      *notes,
                         GHashTable       *card_ids,
                         GHashTable       *present,
                         KtImported       *imported)
{
  g_autoptr(GArray) histories = g_array_sized_new (FALSE, TRUE, sizeof (CardHistory),
                                                   notes->card_keys->len);
  g_autoptr(GHashTable) by_anki_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint n_rescheduled = 0, n_unknown = 0, n_reset = 0;
  gint64 changed_ms;

  g_array_set_clear_func (histories, clear_history);
  for (guint i = 0; i < notes->card_keys->len; i++)
    {
      const KtAnkiCardKey *key = &g_array_index (notes->card_keys, KtAnkiCardKey, i);
      GHashTable *ids = g_hash_table_lookup (card_ids, key->topic);
      const char *id = ids != NULL ? g_hash_table_lookup (ids, key->key) : NULL;
      CardHistory history = { key, NULL, -1, -1 };

      /* A cloze number past what a card can hold made no card. */
      if (id == NULL)
        continue;
      history.card_id = g_ref_string_new_intern (id);
      g_array_append_val (histories, history);
      if (g_hash_table_contains (present, id))
        continue;
      if (key->card.queue == -1)
        g_ptr_array_add (imported->suspended, g_strdup (id));
      else if (key->card.queue == -2 || key->card.queue == -3)
        g_ptr_array_add (imported->buried, g_strdup (id));
    }
  /* Filled: the array does not move any more. */
  for (guint i = 0; i < histories->len; i++)
    {
      CardHistory *history = &g_array_index (histories, CardHistory, i);

      g_hash_table_insert (by_anki_id, (gpointer) &history->key->card.id, history);
    }

  /* When each card was last reset, and the collection last changed */
  changed_ms = collection->modified;
  for (guint i = 0; i < collection->reviews->len; i++)
    {
      const KtAnkiReview *review = &g_array_index (collection->reviews, KtAnkiReview, i);
      CardHistory *history = g_hash_table_lookup (by_anki_id, &review->card);

      changed_ms = MAX (changed_ms, review->id);
      if (history != NULL && is_forget (review))
        history->forgotten = MAX (history->forgotten, review->id);
    }
  changed_ms = CLAMP (changed_ms, 0, KT_PROGRESS_MAX_TIME_US / 1000);
  imported->anki_changed_us = MAX (imported->anki_changed_us, changed_ms * 1000);

  /* The rows are by id, which is their time: the answers come out in
   * replay order (one machine, and one collection's rows are never at
   * the same time). */
  for (guint i = 0; i < collection->reviews->len; i++)
    {
      const KtAnkiReview *review = &g_array_index (collection->reviews, KtAnkiReview, i);
      CardHistory *history = g_hash_table_lookup (by_anki_id, &review->card);
      KtReviewLogEntry answer;

      if (history == NULL)
        continue;
      if (review->ease < 0 || review->ease > 4 || review->id < 0 ||
          review->id > KT_PROGRESS_MAX_TIME_US / 1000)
        {
          n_unknown++;
          continue;
        }
      if (review->ease == 0)
        {
          /* A "Forget" was taken into account above */
          n_rescheduled += !is_forget (review);
          continue;
        }
      if (is_preview (review))
        continue;
      if (review->id < history->forgotten || history->key->card.type == 0)
        {
          n_reset++;
          continue;
        }

      answer = (KtReviewLogEntry) {
        .card_id = g_ref_string_acquire (history->card_id),
        .time_us = review->id * 1000,
        .rating = (KtRating) four_button_ease (collection, review),
        .state_before = state_before (review, history),
        .elapsed_days = history->last_answer >= 0
                        ? (review->id - history->last_answer) / MS_PER_DAY : 0.0,
        .machine = KT_PROGRESS_MACHINE_ANKI,
        .seq = (guint32) history->key->card.id,
      };
      g_array_append_val (imported->answers, answer);
      history->last_answer = review->id;
    }

  warn (imported, n_reset,
        g_strdup_printf (ngettext ("%u answer was left out: its card was reset to new in Anki "
                                   "(“Forget”) after it",
                                   "%u answers were left out: their cards were reset to new in "
                                   "Anki (“Forget”) after them", n_reset), n_reset));
  warn (imported, n_rescheduled,
        g_strdup_printf (ngettext ("%u manual reschedule (“Set Due Date”) was left out: here "
                                   "the schedule comes from the answers",
                                   "%u manual reschedules (“Set Due Date”) were left out: here "
                                   "the schedule comes from the answers", n_rescheduled),
                         n_rescheduled));
  warn (imported, n_unknown,
        g_strdup_printf (ngettext ("%u row of the review log has an answer Kartoteka does not "
                                   "know and was left out",
                                   "%u rows of the review log have an answer Kartoteka does not "
                                   "know and were left out", n_unknown), n_unknown));
}
