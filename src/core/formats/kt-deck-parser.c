/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts every format shares (see kt-deck-parser.h): a parser's set-up
 * and finish, kt_deck_parser_add_card(), which merges duplicates and keeps
 * card ids unique the same way for every format, and line helpers.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-deck-parser.h"
#include "kt-text.h"

/* -------------------------------------------------------------------------
 * Set-up and finish
 * ---------------------------------------------------------------------- */

/**
 * kt_deck_parser_init:
 * @deck: the deck the cards go to
 * @text: clean text, as #KtDeckParser describes it
 * @name: the file name without its extension, for topic ids and titles
 *
 * Sets @parser up for one run of a format over @text. Undo with
 * kt_deck_parser_finish().
 */
void
kt_deck_parser_init (KtDeckParser *parser,
                     KtDeck       *deck,
                     const char   *text,
                     gsize         len,
                     const char   *name)
{
  *parser = (KtDeckParser) {
    .deck = deck,
    .text = text,
    .len = len,
    .topic_id = name,
    .fallback_title = name,
    .topics = g_hash_table_new (g_str_hash, g_str_equal),
    .seen = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref),
  };
}

/**
 * kt_deck_parser_finish:
 *
 * What follows every format: topics without cards are dropped, a deck
 * without cards and without a reason says so, and the diagnostics are
 * sorted by line. Frees what kt_deck_parser_init() made.
 */
void
kt_deck_parser_finish (KtDeckParser *parser)
{
  KtDeck *deck = parser->deck;

  /* A "# Topic" with nothing under it is not worth a row in the library. */
  for (guint i = deck->topics->len; i > 0; i--)
    if (kt_topic_get_n_cards (g_ptr_array_index (deck->topics, i - 1)) == 0)
      g_ptr_array_remove_index (deck->topics, i - 1);

  if (deck->topics->len == 0 && !kt_deck_has_errors (deck))
    kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, _("no cards found in this file"));
  kt_deck_sort_diagnostics (deck);

  g_clear_pointer (&parser->seen, g_hash_table_unref);
  g_clear_pointer (&parser->topics, g_hash_table_unref);
}

/* -------------------------------------------------------------------------
 * Adding topics and cards (used by every parser)
 * ---------------------------------------------------------------------- */

/* Returns the topic with @id, made on first use. A later call with the same
 * id returns the same topic (one "# Topic" may appear twice in a file). */
KtTopic *
kt_deck_parser_add_topic (KtDeckParser *parser,
                          const char   *id,
                          const char   *title)
{
  KtTopic *topic = g_hash_table_lookup (parser->topics, id);

  if (topic != NULL)
    return topic;

  topic = kt_topic_new (id, title);
  kt_topic_set_source (topic, parser->deck->path);
  g_ptr_array_add (parser->deck->topics, topic);
  g_hash_table_insert (parser->topics, (gpointer) kt_topic_get_id (topic), topic);
  g_hash_table_insert (parser->seen, topic,
                       g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref));

  return topic;
}

/* The cards of @topic whose question normalises to @norm_question, given
 * @earlier, the card holding the id made from it. A question's first card
 * is listed only once a second one comes (most never do). NULL if there is
 * none: then @earlier has the id by a hash collision. */
static GPtrArray *
cards_with_question (GHashTable *seen,
                     const char *norm_question,
                     KtCard     *earlier)
{
  GPtrArray *cards = g_hash_table_lookup (seen, norm_question);
  g_autofree char *earlier_question = NULL;

  if (cards != NULL)
    return cards;

  earlier_question = kt_text_normalize_question (kt_card_get_question (earlier));
  if (!g_str_equal (earlier_question, norm_question))
    return NULL;

  cards = g_ptr_array_new ();
  g_ptr_array_add (cards, earlier);
  g_hash_table_insert (seen, g_steal_pointer (&earlier_question), cards);

  return cards;
}

/**
 * kt_deck_parser_add_card:
 *
 * Adds a card to @topic unless it repeats an earlier card of the topic
 * (same normalised question and same normalised answer): then it is
 * counted in n_duplicates and dropped. A card whose question matches an
 * earlier one but whose answer differs is kept, with a warning; its id is
 * then made from the question and the answer, so both cards keep their
 * own progress.
 *
 * Returns: (transfer none) (nullable): the card, or %NULL if merged
 */
KtCard *
kt_deck_parser_add_card (KtDeckParser *parser,
                         KtTopic      *topic,
                         const char   *title,
                         const char   *context,
                         const char   *question,
                         const char   *answer,
                         const char   *summary,
                         const char   *notes,
                         guint         line)
{
  GHashTable *seen = g_hash_table_lookup (parser->seen, topic);
  const char *topic_id = kt_topic_get_id (topic);
  g_autofree char *norm_question = kt_text_normalize_question (question);
  char id[KT_TEXT_CARD_ID_SIZE];
  g_autofree char *other_id = NULL;
  g_autoptr(KtCard) card = NULL;
  GPtrArray *same_question = NULL;
  KtCard *earlier;

  g_assert (seen != NULL);

  /* The id is made from the normalised question: while it is free, so is
   * the question, and the card is new. Only a repeated question (or a hash
   * collision) takes the slow way. */
  kt_text_card_id_into (topic_id, norm_question, id);
  earlier = kt_topic_find_card (topic, id);
  if (earlier != NULL)
    {
      g_autofree char *both = NULL;

      /* Answers are normalised only to compare cards whose questions
       * match: that is rare, and the answers are most of a deck's text. */
      same_question = cards_with_question (seen, norm_question, earlier);
      if (same_question != NULL)
        {
          g_autofree char *norm_answer = kt_text_normalize_answer (answer);

          for (guint i = 0; i < same_question->len; i++)
            {
              KtCard *other = g_ptr_array_index (same_question, i);
              g_autofree char *other_answer = kt_text_normalize_answer (kt_card_get_answer (other));

              if (g_str_equal (norm_answer, other_answer))
                {
                  parser->deck->n_duplicates++;
                  return NULL;
                }
            }
        }

      kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                              _("the same question as on line %u with a different answer; "
                                "both cards are kept"),
                              kt_card_get_source_line (earlier));

      both = g_strconcat (question, "\n", answer != NULL ? answer : "", NULL);
      other_id = kt_text_card_id (topic_id, both);
      /* Only a hash collision gets here more than once. */
      for (guint n = 2; kt_topic_find_card (topic, other_id) != NULL; n++)
        {
          g_autofree char *numbered = g_strdup_printf ("%s\n%u", both, n);

          g_free (other_id);
          other_id = kt_text_card_id (topic_id, numbered);
        }
    }

  card = kt_card_new (other_id != NULL ? other_id : id, topic_id, title, context, question,
                      answer, summary, notes, parser->deck->path, line);
  kt_topic_append (topic, card);
  if (earlier != NULL)
    {
      if (same_question == NULL)
        {
          same_question = g_ptr_array_new ();
          g_hash_table_insert (seen, g_steal_pointer (&norm_question), same_question);
        }
      g_ptr_array_add (same_question, card);
    }

  return card;
}

/* -------------------------------------------------------------------------
 * Text helpers
 * ---------------------------------------------------------------------- */

/**
 * kt_deck_parser_trim_blank_lines:
 * @len: (inout): the length of @text, then of the part kept
 *
 * Where @text starts without its leading blank lines, with @len cut to
 * leave out trailing white space, without copying. The first kept line
 * keeps its indentation (it may be code).
 *
 * Returns: the start of the kept part
 */
const char *
kt_deck_parser_trim_blank_lines (const char *text,
                                 gsize      *len)
{
  const char *start = text;
  const char *end = text + *len;
  const char *p;

  /* Skip whole blank lines only. */
  for (p = start; p < end; p++)
    {
      if (*p == '\n')
        start = p + 1;
      else if (*p != ' ' && *p != '\t')
        break;
    }
  if (p == end)
    {
      *len = 0;
      return end;
    }

  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  *len = end - start;
  return start;
}

/**
 * kt_deck_parser_strip_blank_lines:
 *
 * kt_deck_parser_trim_blank_lines(), copied.
 */
char *
kt_deck_parser_strip_blank_lines (const char *text,
                                  gssize      len)
{
  gsize kept = len < 0 ? strlen (text) : (gsize) len;
  const char *start = kt_deck_parser_trim_blank_lines (text, &kept);

  return g_strndup (start, kept);
}

gboolean
kt_deck_parser_is_blank (const char *text,
                         gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

/* -------------------------------------------------------------------------
 * Line helpers
 * ---------------------------------------------------------------------- */

gboolean
kt_deck_parser_has_prefix_ci (const char *line,
                              gsize       len,
                              const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && g_ascii_strncasecmp (line, prefix, plen) == 0;
}

/**
 * kt_deck_parser_answer_label:
 *
 * If @line starts (after blanks) with "Ответ:", "Answer:" or "A:"
 * (any case), returns the length of that prefix, blanks included;
 * otherwise 0.
 */
gsize
kt_deck_parser_answer_label (const char *line,
                             gsize       len)
{
  static const char *const labels[] = {
    "Ответ:", "ОТВЕТ:", "ответ:", "Answer:", "A:",
  };
  gsize i = 0;

  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;

  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    if (kt_deck_parser_has_prefix_ci (line + i, len - i, labels[k]))
      return i + strlen (labels[k]);

  return 0;
}

/**
 * kt_deck_parser_line_numbered:
 * @number: (out) (optional): the item number
 * @text_offset: (out) (optional): where the item's text starts in @line
 *
 * Whether @line is a numbered item: "12. text", "12) text" or "12." alone,
 * with at most three spaces before the number.
 */
gboolean
kt_deck_parser_line_numbered (const char *line,
                              gsize       len,
                              guint      *number,
                              gsize      *text_offset)
{
  gsize i = 0;
  gsize digits;
  guint n = 0;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  digits = i;
  while (i < len && g_ascii_isdigit (line[i]) && i - digits < 9)
    n = n * 10 + (line[i++] - '0');
  if (i == digits || i >= len || (line[i] != '.' && line[i] != ')'))
    return FALSE;
  i++;
  if (i < len && line[i] != ' ' && line[i] != '\t')
    return FALSE;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;

  if (number != NULL)
    *number = n;
  if (text_offset != NULL)
    *text_offset = i;

  return TRUE;
}
