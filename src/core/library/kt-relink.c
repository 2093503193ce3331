/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Progress that survives editing. A card's id is made from its topic and
 * its question, so rewording a question, or renaming or moving its note,
 * gives it a new id, and its progress would stay behind under the old one.
 * When a file is read again, the library hands the cards whose ids are
 * gone and those whose ids are new to kt_relink_match(), which pairs them
 * by content (the rules are in docs/deck-format.md, "Progress when cards
 * change"); kt_relink_apply() then moves the progress of each pair whose
 * old card is really gone.
 *
 * Ids from before topic ids were paths (a note's id was its file name)
 * are found again by kt_relink_legacy(), so progress made then is kept.
 */
#include "config.h"

#include <string.h>

#include "kt-relink.h"
#include "kt-text.h"

/* A question may change by this share of its length… */
#define QUESTION_EDITS_PERCENT 20
/* …when the answer changes by at most this share of its length. */
#define ANSWER_EDITS_PERCENT 50
/* Texts are compared on their start: enough to tell, bounded in time. */
#define COMPARED_CHARS 1000
/* Beyond this many candidate pairs, only the exact matches are made: a
 * reload that rewrites hundreds of questions at once is a new deck. */
#define MAX_FUZZY_PAIRS 20000

typedef struct
{
  KtCard   *card;
  char     *question;   /* normalised */
  char     *answer;     /* normalised */
  gunichar *q;          /* the question's characters, at most COMPARED_CHARS */
  glong     q_len;
  gunichar *a;
  glong     a_len;
  gboolean  done;       /* paired, or known to be ambiguous */
} Side;

static void
side_clear (gpointer data)
{
  Side *side = data;

  g_free (side->question);
  g_free (side->answer);
  g_free (side->q);
  g_free (side->a);
}

static gunichar *
characters (const char *text,
            glong      *len)
{
  g_autofree gunichar *all = g_utf8_to_ucs4_fast (text, -1, len);

  *len = MIN (*len, COMPARED_CHARS);

  return g_memdup2 (all, (*len + 1) * sizeof (gunichar));
}

static GArray *
sides_new (GPtrArray *cards)
{
  GArray *sides = g_array_sized_new (FALSE, TRUE, sizeof (Side), cards->len);

  g_array_set_clear_func (sides, side_clear);
  for (guint i = 0; i < cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (cards, i);
      const char *answer = kt_card_get_answer (card);
      Side side = {
        .card = card,
        .question = kt_text_normalize_question (kt_card_get_question (card)),
        .answer = kt_text_normalize_answer (answer != NULL ? answer : ""),
      };

      side.q = characters (side.question, &side.q_len);
      side.a = characters (side.answer, &side.a_len);
      g_array_append_val (sides, side);
    }

  return sides;
}

/* The Levenshtein distance of @a and @b, or @max + 1 if it is more than
 * @max: only a band of 2 @max + 1 cells a row is computed. */
static guint
edit_distance (const gunichar *a,
               glong           a_len,
               const gunichar *b,
               glong           b_len,
               guint           max)
{
  g_autofree guint *prev = NULL;
  g_autofree guint *row = NULL;  /* g_new0: cells left of the band are copied, never read */
  const guint over = max + 1;

  if ((guint) ABS (a_len - b_len) > max)
    return over;

  prev = g_new (guint, b_len + 1);
  row = g_new0 (guint, b_len + 1);
  for (glong j = 0; j <= b_len; j++)
    prev[j] = MIN ((guint) j, over);

  for (glong i = 1; i <= a_len; i++)
    {
      glong from = MAX (1, i - (glong) max);
      glong to = MIN (b_len, i + (glong) max);
      guint best = over;

      row[0] = MIN ((guint) i, over);
      if (from > 1)
        row[from - 1] = over;
      for (glong j = from; j <= to; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint d = prev[j - 1] + cost;

          d = MIN (d, prev[j] + 1);
          d = MIN (d, row[j - 1] + 1);
          row[j] = MIN (d, over);
          best = MIN (best, row[j]);
        }
      if (to < b_len)
        row[to + 1] = over;
      if (best > max)
        return over;
      memcpy (prev, row, (b_len + 1) * sizeof (guint));
    }

  return MIN (prev[b_len], over);
}

static guint
share_of (glong a_len,
          glong b_len,
          guint percent)
{
  return (guint) (MAX (a_len, b_len) * percent / 100);
}

static gboolean
answers_similar (const Side *gone,
                 const Side *appeared)
{
  guint max = share_of (gone->a_len, appeared->a_len, ANSWER_EDITS_PERCENT);

  return g_str_equal (gone->answer, appeared->answer) ||
         edit_distance (gone->a, gone->a_len, appeared->a, appeared->a_len, max) <= max;
}

static void
pair (Side      *gone,
      Side      *appeared,
      GPtrArray *from_ids,
      GPtrArray *to_ids)
{
  gone->done = TRUE;
  appeared->done = TRUE;
  g_ptr_array_add (from_ids, g_strdup (kt_card_get_id (gone->card)));
  g_ptr_array_add (to_ids, g_strdup (kt_card_get_id (appeared->card)));
}

/* Text → the index of the one side not done yet with it, or -1 when
 * several have it. */
static GHashTable *
index_unique (GArray  *sides,
              gboolean by_answer)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sides->len; i++)
    {
      Side *side = &g_array_index (sides, Side, i);
      const char *key = by_answer ? side->answer : side->question;
      gpointer found;

      if (side->done || *key == '\0')
        continue;
      if (g_hash_table_lookup_extended (index, key, NULL, &found))
        g_hash_table_insert (index, (gpointer) key, GINT_TO_POINTER (-1));
      else
        g_hash_table_insert (index, (gpointer) key, GINT_TO_POINTER (i));
    }

  return index;
}

/* The exact passes: the same question (a note renamed or moved) with a
 * similar answer, or the same answer, each on one card of each side. */
static void
match_exactly (GArray    *gone,
               GArray    *appeared,
               gboolean   by_answer,
               GPtrArray *from_ids,
               GPtrArray *to_ids)
{
  g_autoptr(GHashTable) gone_index = index_unique (gone, by_answer);
  g_autoptr(GHashTable) appeared_index = index_unique (appeared, by_answer);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, gone_index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other;
      Side *g, *a;

      if (GPOINTER_TO_INT (value) < 0 ||
          !g_hash_table_lookup_extended (appeared_index, key, NULL, &other) ||
          GPOINTER_TO_INT (other) < 0)
        continue;

      g = &g_array_index (gone, Side, GPOINTER_TO_INT (value));
      a = &g_array_index (appeared, Side, GPOINTER_TO_INT (other));
      if (by_answer || answers_similar (g, a))
        pair (g, a, from_ids, to_ids);
    }
}

typedef struct
{
  guint gone;
  guint appeared;
  guint distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance < cb->distance ? -1 : 1;
  if (ca->gone != cb->gone)
    return ca->gone < cb->gone ? -1 : 1;
  return (ca->appeared > cb->appeared) - (ca->appeared < cb->appeared);
}

/* The fuzzy pass: questions a few edits apart with similar answers, the
 * nearest first; two equally near are ambiguous, and neither is paired. */
static void
match_nearly (GArray    *gone,
              GArray    *appeared,
              GPtrArray *from_ids,
              GPtrArray *to_ids)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  guint n_gone = 0, n_appeared = 0;

  for (guint i = 0; i < gone->len; i++)
    n_gone += !g_array_index (gone, Side, i).done;
  for (guint j = 0; j < appeared->len; j++)
    n_appeared += !g_array_index (appeared, Side, j).done;
  if ((guint64) n_gone * n_appeared > MAX_FUZZY_PAIRS)
    return;

  for (guint i = 0; i < gone->len; i++)
    for (guint j = 0; j < appeared->len; j++)
      {
        Side *g = &g_array_index (gone, Side, i);
        Side *a = &g_array_index (appeared, Side, j);
        guint max = share_of (g->q_len, a->q_len, QUESTION_EDITS_PERCENT);
        Candidate candidate = { i, j, 0 };

        if (g->done || a->done)
          continue;
        candidate.distance = edit_distance (g->q, g->q_len, a->q, a->q_len, max);
        if (candidate.distance <= max && answers_similar (g, a))
          g_array_append_val (candidates, candidate);
      }
  g_array_sort (candidates, compare_candidates);

  for (guint k = 0; k < candidates->len; k++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, k);
      Side *g = &g_array_index (gone, Side, c->gone);
      Side *a = &g_array_index (appeared, Side, c->appeared);
      gboolean tied = FALSE;

      if (g->done || a->done)
        continue;
      for (guint l = k + 1; l < candidates->len && !tied; l++)
        {
          Candidate *other = &g_array_index (candidates, Candidate, l);

          if (other->distance != c->distance)
            break;
          tied = (other->gone == c->gone && !g_array_index (appeared, Side, other->appeared).done) ||
                 (other->appeared == c->appeared && !g_array_index (gone, Side, other->gone).done);
        }
      if (tied)
        {
          g->done = TRUE;
          a->done = TRUE;
          continue;
        }
      pair (g, a, from_ids, to_ids);
    }
}

/**
 * kt_relink_match:
 * @gone: (element-type KtCard): cards of a file whose ids are gone at a
 *   reload
 * @appeared: (element-type KtCard): cards of that file (or of the file it
 *   became) whose ids are new
 * @from_ids: (element-type utf8): gets the old id of each pair
 * @to_ids: (element-type utf8): gets the new id of each pair
 *
 * Pairs the cards that are the same card under a new id: the same
 * question with a similar answer (the note was renamed or moved), the
 * same answer, or a question at most a fifth of its length in edits away
 * with an answer at most half of its length away. Each card is paired at
 * most once; where two pairings fit equally, neither is made.
 */
void
kt_relink_match (GPtrArray *gone,
                 GPtrArray *appeared,
                 GPtrArray *from_ids,
                 GPtrArray *to_ids)
{
  g_autoptr(GArray) gone_sides = NULL;
  g_autoptr(GArray) appeared_sides = NULL;

  g_return_if_fail (gone != NULL && appeared != NULL);
  g_return_if_fail (from_ids != NULL && to_ids != NULL);

  if (gone->len == 0 || appeared->len == 0)
    return;

  gone_sides = sides_new (gone);
  appeared_sides = sides_new (appeared);
  match_exactly (gone_sides, appeared_sides, FALSE, from_ids, to_ids);
  match_exactly (gone_sides, appeared_sides, TRUE, from_ids, to_ids);
  match_nearly (gone_sides, appeared_sides, from_ids, to_ids);
}

/**
 * kt_relink_legacy:
 * @topic_id: the id @deck was parsed with ("Python/Core")
 * @legacy_topic_id: the id its file had before ids were paths ("Core")
 *
 * Adds the id each card of @deck had when its file's topic id was
 * @legacy_topic_id, paired with its id now. Topics whose ids are not
 * made from the file's (pinned in the file) had the same ids then.
 */
void
kt_relink_legacy (const KtDeck *deck,
                  const char   *topic_id,
                  const char   *legacy_topic_id,
                  GPtrArray    *from_ids,
                  GPtrArray    *to_ids)
{
  gsize len = strlen (topic_id);

  g_return_if_fail (deck != NULL);

  if (g_str_equal (topic_id, legacy_topic_id))
    return;

  for (guint t = 0; t < deck->topics->len; t++)
    {
      KtTopic *topic = g_ptr_array_index (deck->topics, t);
      const char *id = kt_topic_get_id (topic);
      g_autofree char *legacy = NULL;

      if (strncmp (id, topic_id, len) != 0 || (id[len] != '\0' && id[len] != '/'))
        continue;
      legacy = g_strconcat (legacy_topic_id, id + len, NULL);

      for (guint c = 0; c < kt_topic_get_n_cards (topic); c++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), c);
          const char *question = kt_card_get_question (card);
          g_autofree char *plain = kt_text_card_id (id, question);

          /* A repeated question's card has its id from the answer too
           * (see kt_deck_parser_add_card()). */
          if (g_str_equal (plain, kt_card_get_id (card)))
            g_ptr_array_add (from_ids, kt_text_card_id (legacy, question));
          else
            {
              g_autofree char *both = g_strconcat (question, "\n", kt_card_get_answer (card), NULL);

              g_ptr_array_add (from_ids, kt_text_card_id (legacy, both));
            }
          g_ptr_array_add (to_ids, g_strdup (kt_card_get_id (card)));
        }
    }
}

/**
 * kt_relink_apply:
 * @loaded: a topic holding every loaded card ("All Topics")
 *
 * Moves the progress of each card of @from_ids to the card of @to_ids
 * paired with it, when the old card is no longer loaded (else it was a
 * copy, not a move) and the new one has no progress of its own.
 *
 * Returns: how many cards were moved
 */
guint
kt_relink_apply (KtProgress         *progress,
                 KtTopic            *loaded,
                 const char * const *from_ids,
                 const char * const *to_ids)
{
  g_autoptr(GPtrArray) from = g_ptr_array_new ();
  g_autoptr(GPtrArray) to = g_ptr_array_new ();

  g_return_val_if_fail (KT_IS_PROGRESS (progress), 0);
  g_return_val_if_fail (KT_IS_TOPIC (loaded), 0);

  /* Most pairs have no progress to move: those are dropped first, by a
   * lookup each, before the library is searched. */
  for (guint i = 0; from_ids != NULL && from_ids[i] != NULL && to_ids[i] != NULL; i++)
    if (kt_progress_lookup (progress, from_ids[i]) != NULL &&
        kt_progress_lookup (progress, to_ids[i]) == NULL &&
        kt_topic_find_card (loaded, from_ids[i]) == NULL)
      {
        g_ptr_array_add (from, (gpointer) from_ids[i]);
        g_ptr_array_add (to, (gpointer) to_ids[i]);
      }

  return kt_progress_move_cards (progress, (const char * const *) from->pdata,
                                 (const char * const *) to->pdata, from->len);
}
