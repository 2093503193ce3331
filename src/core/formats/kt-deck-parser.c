/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts every format shares (see kt-deck-parser.h): a parser's set-up
 * and finish, kt_deck_parser_add_card(), which merges duplicates and keeps
 * card ids unique the same way for every format, and line helpers.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-cloze.h"
#include "kt-deck-parser.h"
#include "kt-text.h"

/* All the cards of one cloze note hold at most this much text. */
#define MAX_CLOZE_TEXT (16 * 1024 * 1024)

/* -------------------------------------------------------------------------
 * Set-up and finish
 * ---------------------------------------------------------------------- */

/**
 * kt_deck_parser_init:
 * @deck: the deck the cards go to
 * @text: clean text, as #KtDeckParser describes it
 * @topic_id: the file's path inside its deck folder without the
 *   extension; its last part is the title of last resort
 *
 * Sets @parser up for one run of a format over @text. Undo with
 * kt_deck_parser_finish().
 */
void
kt_deck_parser_init (KtDeckParser *parser,
                     KtDeck       *deck,
                     const char   *text,
                     gsize         len,
                     const char   *topic_id)
{
  const char *slash = strrchr (topic_id, '/');

  *parser = (KtDeckParser) {
    .deck = deck,
    .text = text,
    .len = len,
    .topic_id = topic_id,
    .fallback_title = slash != NULL && slash[1] != '\0' ? slash + 1 : topic_id,
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
    kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                            /* Translators: %s lists the layouts, see the next message. */
                            _("no cards found in this file. Kartoteka reads %s"),
                            kt_deck_parser_layouts ());
  kt_deck_sort_diagnostics (deck);

  g_clear_pointer (&parser->seen, g_hash_table_unref);
  g_clear_pointer (&parser->topics, g_hash_table_unref);
}

/**
 * kt_deck_parser_layouts:
 *
 * The layouts the parsers read, as one translated sentence fragment for
 * messages about a file they could not read.
 */
const char *
kt_deck_parser_layouts (void)
{
  return _("numbered questions with “Ответ:” or “Answer:” lines; “Q:” and “A:” "
           "(“В:” and “О:”) pairs; numbered questions ending in “?” with the answer "
           "below; headings as questions with the answer below; “## ” sections with "
           "**Вопрос** and **Ответ** (**Question** and **Answer**) labels; "
           "tab-separated columns; Kartoteka JSON decks");
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
                                              (GDestroyNotify) g_hash_table_unref));

  return topic;
}

/* Card ids made from a key hash this in front of it, so that no real
 * question gives the same id (one that did would still be told apart, as
 * a hash collision is). */
#define KEY_PREFIX "\x1fkey\x1f"

/* What tells apart the cards that want one id: their normalised answer,
 * and for keyed cards their normalised question too. */
static char *
card_content (const char *key,
              const char *norm_question,
              const char *answer)
{
  g_autofree char *norm_answer = kt_text_normalize_answer (answer);

  if (key == NULL)
    return g_steal_pointer (&norm_answer);
  return g_strconcat (norm_question, "\n", norm_answer, NULL);
}

/* The contents of the cards of a topic that want the id made from @group
 * (a normalised question, or a prefixed key), given @earlier, the card
 * holding that id. A group's first card is listed only once a second one
 * comes (most never do). NULL if @earlier is not in the group: then it
 * has the id by a hash collision. */
static GHashTable *
contents_of_group (GHashTable *seen,
                   const char *group,
                   const char *key,
                   KtCard     *earlier)
{
  GHashTable *contents = g_hash_table_lookup (seen, group);
  g_autofree char *earlier_question = NULL;

  if (contents != NULL)
    return contents;

  earlier_question = kt_text_normalize_question (kt_card_get_question (earlier));
  if (key != NULL ? g_strcmp0 (kt_card_get_key (earlier), key) != 0
                  : !g_str_equal (earlier_question, group))
    return NULL;

  contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (contents, card_content (key, earlier_question, kt_card_get_answer (earlier)));
  g_hash_table_insert (seen, g_strdup (group), contents);

  return contents;
}

/**
 * kt_deck_parser_add_card:
 *
 * Adds a card to @topic unless it repeats an earlier card of the topic
 * (same normalised question and same normalised answer): then it is
 * counted in n_duplicates and dropped. A card whose question matches an
 * earlier one but whose answer differs is kept, with a warning; its id is
 * then made from the question and the answer, so both cards keep their
 * own progress. Each card's question and answer are normalised at most
 * once, however often a question repeats.
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
  return kt_deck_parser_add_keyed_card (parser, topic, NULL, NULL, title, context, question,
                                        answer, summary, notes, line);
}

/* One card, however its question reads: kt_deck_parser_add_keyed_card()
 * without clozes. */
static KtCard *
add_one_card (KtDeckParser       *parser,
              KtTopic            *topic,
              const char         *key,
              const char * const *tags,
              const char         *title,
              const char         *context,
              const char         *question,
              const char         *answer,
              const char         *summary,
              const char         *notes,
              guint               line)
{
  GHashTable *seen = g_hash_table_lookup (parser->seen, topic);
  const char *topic_id = kt_topic_get_id (topic);
  g_autofree char *norm_question = kt_text_normalize_question (question);
  g_autofree char *keyed = key != NULL && *key != '\0' ? g_strconcat (KEY_PREFIX, key, NULL) : NULL;
  const char *group = keyed != NULL ? keyed : norm_question;
  g_autofree char *content = NULL;
  char id[KT_TEXT_CARD_ID_SIZE];
  g_autofree char *other_id = NULL;
  g_autoptr(KtCard) card = NULL;
  GHashTable *contents = NULL;
  KtCard *earlier;

  g_assert (seen != NULL);
  if (keyed == NULL)
    key = NULL;

  /* The id is made from the key or the normalised question: while it is
   * free, the card is new. Only a repeat (or a hash collision) takes the
   * slow way. */
  kt_text_card_id_into (topic_id, group, id);
  earlier = kt_topic_find_card (topic, id);
  if (earlier != NULL)
    {
      g_autofree char *both = NULL;

      /* Answers are normalised only for cards whose groups match: that
       * is rare, and the answers are most of a deck's text. */
      content = card_content (key, norm_question, answer);
      contents = contents_of_group (seen, group, key, earlier);
      if (contents != NULL && g_hash_table_contains (contents, content))
        {
          parser->deck->n_duplicates++;
          return NULL;
        }

      if (key != NULL)
        kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                                _("the same note id as on line %u with another question or "
                                  "answer; both cards are kept"),
                                kt_card_get_source_line (earlier));
      else
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
  /* Most cards have neither: they skip the qdata lock. */
  if (key != NULL)
    kt_card_set_key (card, key);
  if (tags != NULL && tags[0] != NULL)
    kt_card_set_tags (card, tags);
  kt_topic_append (topic, card);
  if (earlier != NULL)
    {
      if (contents == NULL)
        {
          contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (seen, g_strdup (group), contents);
        }
      g_hash_table_add (contents, g_steal_pointer (&content));
    }

  return card;
}

/**
 * kt_deck_parser_add_keyed_card:
 * @key: (nullable): what the card's id is made from instead of its question,
 *   such as an Anki note's guid, so a reworded question keeps its progress
 * @tags: (nullable): the card's own tags
 *
 * kt_deck_parser_add_card() for cards with a key or tags. Cards with a key
 * repeat each other when their keys are the same, and are merged when their
 * normalised questions and answers are the same too.
 *
 * A question with clozes ({{c1::…}}, see kt-cloze.c) is a note that makes
 * one card per cloze number, whose answer is the filled-in text followed by
 * @answer; a keyed note's card for number N has the key "@key/cN".
 *
 * Returns: (transfer none) (nullable): the (first) card, or %NULL if merged
 */
KtCard *
kt_deck_parser_add_keyed_card (KtDeckParser       *parser,
                               KtTopic            *topic,
                               const char         *key,
                               const char * const *tags,
                               const char         *title,
                               const char         *context,
                               const char         *question,
                               const char         *answer,
                               const char         *summary,
                               const char         *notes,
                               guint               line)
{
  g_autoptr(GArray) numbers = NULL;
  gsize len;
  KtCard *first = NULL;

  /* Most questions have no "{{": they skip the cloze scan's array. */
  if (strstr (question, "{{") != NULL)
    numbers = kt_cloze_numbers (question);
  if (numbers == NULL || numbers->len == 0)
    return add_one_card (parser, topic, key, tags, title, context, question, answer, summary,
                         notes, line);

  len = strlen (question);

  /* Each cloze card holds the whole text: a long text with hundreds of
   * numbers would make a deck of gigabytes from a note of a megabyte. */
  if (len * numbers->len > MAX_CLOZE_TEXT)
    {
      guint kept = MAX (1, MAX_CLOZE_TEXT / len);

      kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                              ngettext ("this note is too long for %u cloze; only the "
                                        "first %u make cards",
                                        "this note is too long for %u clozes; only the "
                                        "first %u make cards", numbers->len),
                              numbers->len, kept);
      g_array_set_size (numbers, MIN (kept, numbers->len));
    }

  for (guint i = 0; i < numbers->len; i++)
    {
      guint number = g_array_index (numbers, guint, i);
      g_autofree char *cloze_question = kt_cloze_question (question, number);
      g_autofree char *filled = kt_cloze_answer (question, number);
      g_autofree char *cloze_answer = NULL;
      g_autofree char *cloze_key = NULL;
      KtCard *card;

      if (answer != NULL && !kt_deck_parser_is_blank (answer, strlen (answer)))
        cloze_answer = g_strconcat (filled, "\n\n", answer, NULL);
      else
        cloze_answer = g_steal_pointer (&filled);
      if (key != NULL && *key != '\0')
        cloze_key = g_strdup_printf ("%s/c%u", key, number);

      card = add_one_card (parser, topic, cloze_key, tags, title, context, cloze_question,
                           cloze_answer, summary, notes, line);
      if (first == NULL)
        first = card;
    }

  return first;
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

/* An item number at @i, "12." or "12)": where it ends, or 0 if there is
 * none. */
static gsize
item_number (const char *line,
             gsize       len,
             gsize       i,
             guint      *number)
{
  gsize digits = i;
  guint n = 0;

  while (i < len && g_ascii_isdigit (line[i]) && i - digits < 9)
    n = n * 10 + (line[i++] - '0');
  if (i == digits || i >= len || (line[i] != '.' && line[i] != ')'))
    return 0;

  *number = n;
  return i + 1;
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
  guint n;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  i = item_number (line, len, i, &n);
  if (i == 0 || (i < len && line[i] != ' ' && line[i] != '\t'))
    return FALSE;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;

  if (number != NULL)
    *number = n;
  if (text_offset != NULL)
    *text_offset = i;

  return TRUE;
}

/**
 * kt_deck_parser_fence:
 * @fence_char: (out): '`' or '~'
 * @fence_len: (out): how many of them
 *
 * Whether @line opens a code fence: three or more ``` or ~~~ after at
 * most three spaces.
 */
gboolean
kt_deck_parser_fence (const char *line,
                      gsize       len,
                      char       *fence_char,
                      gsize      *fence_len)
{
  gsize i = 0;
  gsize n;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  if (i >= len || (line[i] != '`' && line[i] != '~'))
    return FALSE;
  n = i;
  while (i < len && line[i] == line[n])
    i++;
  if (i - n < 3)
    return FALSE;

  *fence_char = line[n];
  *fence_len = i - n;
  return TRUE;
}

/* Whether @line closes a fence opened with @fence_len @fence_chars: the
 * same character, at least as many, nothing after them. */
gboolean
kt_deck_parser_fence_closes (const char *line,
                             gsize       len,
                             char        fence_char,
                             gsize       fence_len)
{
  char c;
  gsize n;
  gsize i = 0;

  if (!kt_deck_parser_fence (line, len, &c, &n) || c != fence_char || n < fence_len)
    return FALSE;
  while (i < len && line[i] == ' ')
    i++;
  for (i += n; i < len; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;

  return TRUE;
}

/* The level of an ATX heading ("## Title": 2), or 0 if @line is none. */
guint
kt_deck_parser_heading_level (const char *line,
                              gsize       len)
{
  gsize i = 0;
  guint level = 0;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  while (i < len && line[i] == '#' && level < 7)
    i++, level++;
  if (level == 0 || level > 6 || (i < len && line[i] != ' ' && line[i] != '\t'))
    return 0;

  return level;
}

/* -------------------------------------------------------------------------
 * Labels
 * ---------------------------------------------------------------------- */

/* Skips blanks from @i; returns the new position. */
static gsize
skip_blanks (const char *line,
             gsize       len,
             gsize       i)
{
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  return i;
}

/* A colon, or the full-width one some input methods type; its length. */
static gsize
colon_at (const char *line,
          gsize       len,
          gsize       i)
{
  if (i < len && line[i] == ':')
    return 1;
  if (len - i >= 3 && memcmp (line + i, "\xEF\xBC\x9A", 3) == 0)
    return 3;
  return 0;
}

/* Whether text starting at @p (@len bytes) can start a label word: every
 * label starts with A, Q, S or T, or with В, О, К or Т, in either case.
 * Most lines of a deck fail here, at their first byte or two. */
static gboolean
could_be_label (const char *p,
                gsize       len)
{
  guchar c = len > 0 ? (guchar) p[0] : 0;
  guchar next = len > 1 ? (guchar) p[1] : 0;

  switch (c | 0x20)
    {
    case 'a': case 'q': case 's': case 't':
      return TRUE;
    default:
      break;
    }
  if (c == 0xD0)
    return next == 0x92 || next == 0xB2 || next == 0x9E || next == 0xBE ||
           next == 0x9A || next == 0xBA || next == 0xA2;
  return c == 0xD1 && next == 0x82;
}

/* Which label the words @word are, if any, compared case folded, so
 * "ОТВЕТ" and "answer" count. Every label is ASCII or Cyrillic: the word
 * is folded here, in one pass, and anything else in it fails (the
 * detector hands in bytes that may not be UTF-8 yet). */
static KtLabel
label_word (const char   *word,
            gsize         len,
            KtLabelFlags *flags)
{
  static const struct {
    const char *folded;
    guint8      len;
    guint8      label;      /* KtLabel */
    guint8      is_short;
  } words[] = {
#define WORD(text, label, is_short) { text, sizeof text - 1, label, is_short }
    WORD ("ответ", KT_LABEL_ANSWER, FALSE),
    WORD ("answer", KT_LABEL_ANSWER, FALSE),
    WORD ("вопрос", KT_LABEL_QUESTION, FALSE),
    WORD ("типовой вопрос", KT_LABEL_QUESTION, FALSE),
    WORD ("question", KT_LABEL_QUESTION, FALSE),
    WORD ("кратко", KT_LABEL_SUMMARY, FALSE),
    WORD ("summary", KT_LABEL_SUMMARY, FALSE),
    WORD ("tl;dr", KT_LABEL_SUMMARY, FALSE),
    WORD ("tldr", KT_LABEL_SUMMARY, FALSE),
    WORD ("a", KT_LABEL_ANSWER, TRUE),
    WORD ("о", KT_LABEL_ANSWER, TRUE),
    WORD ("q", KT_LABEL_QUESTION, TRUE),
    WORD ("в", KT_LABEL_QUESTION, TRUE),
#undef WORD
  };
  guchar folded[32];

  if (len == 0 || len > sizeof folded)
    return KT_LABEL_NONE;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = word[i];
      guchar next = i + 1 < len ? (guchar) word[i + 1] : 0;

      if (c < 0x80)
        {
          folded[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
          continue;
        }
      if ((c != 0xD0 && c != 0xD1) || (next & 0xC0) != 0x80)
        return KT_LABEL_NONE;
      if (c == 0xD0 && next >= 0x90 && next <= 0x9F)        /* А…П */
        folded[i] = 0xD0, folded[i + 1] = next + 0x20;
      else if (c == 0xD0 && next >= 0xA0 && next <= 0xAF)   /* Р…Я */
        folded[i] = 0xD1, folded[i + 1] = next - 0x20;
      else
        folded[i] = c, folded[i + 1] = next;
      i++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (words[i].len == len && memcmp (folded, words[i].folded, len) == 0)
      {
        if (words[i].is_short)
          *flags |= KT_LABEL_SHORT;
        return words[i].label;
      }

  return KT_LABEL_NONE;
}

/**
 * kt_deck_parser_line_label:
 * @text_offset: (out) (optional): where the text after the label starts
 * @flags: (out) (optional): how the label is written
 *
 * The label @line starts with, after blanks and an optional "- " list
 * marker:
 *
 * - bold: "**Ответ:**", "**Ответ**:", "__Answer__" — any of Кратко /
 *   Summary / TL;DR, (Типовой) вопрос / Question / В / Q, Ответ / Answer
 *   / О / A;
 * - plain: "Ответ:", "Q:" — questions and answers only, never a summary.
 *
 * The one-letter labels need their colon; the others only when plain.
 * Letters are compared case-folded.
 */
KtLabel
kt_deck_parser_line_label (const char   *line,
                           gsize         len,
                           gsize        *text_offset,
                           KtLabelFlags *flags)
{
  KtLabelFlags found = 0;
  KtLabel label;
  gsize i = skip_blanks (line, len, 0);
  gsize word_start, word_end, after;
  gsize colon = 0;

  if (i + 1 < len && (line[i] == '-' || line[i] == '*' || line[i] == '+') &&
      (line[i + 1] == ' ' || line[i + 1] == '\t'))
    {
      found |= KT_LABEL_ITEM;
      i = skip_blanks (line, len, i + 2);
    }

  if (i + 1 < len && (line[i] == '*' || line[i] == '_') && line[i + 1] == line[i])
    {
      char delim = line[i];
      gsize limit = MIN (len, i + 2 + 40);

      found |= KT_LABEL_BOLD;
      word_start = i + 2;
      if (!could_be_label (line + word_start, len - word_start))
        return KT_LABEL_NONE;
      for (word_end = word_start; word_end + 1 < limit; word_end++)
        if (line[word_end] == delim && line[word_end + 1] == delim)
          break;
      if (word_end + 1 >= limit)
        return KT_LABEL_NONE;
      after = word_end + 2;

      /* "**Ответ:**" or "**Ответ**:" */
      while (word_end > word_start && line[word_end - 1] == ' ')
        word_end--;
      if (word_end > word_start && line[word_end - 1] == ':')
        colon = 1, word_end--;
      else if (word_end - word_start >= 3 &&
               memcmp (line + word_end - 3, "\xEF\xBC\x9A", 3) == 0)
        colon = 3, word_end -= 3;
      if (colon == 0)
        {
          colon = colon_at (line, len, after);
          after += colon;
        }
    }
  else
    {
      gsize limit = MIN (len, i + 30);

      word_start = i;
      if (!could_be_label (line + word_start, len - word_start))
        return KT_LABEL_NONE;
      for (word_end = word_start; word_end < limit && line[word_end] != ':'; word_end++)
        ;
      if (word_end >= limit)
        return KT_LABEL_NONE;
      colon = 1;
      after = word_end + 1;
    }

  while (word_end > word_start && line[word_end - 1] == ' ')
    word_end--;
  label = label_word (line + word_start, word_end - word_start, &found);
  if (label == KT_LABEL_NONE ||
      ((found & KT_LABEL_SHORT) && colon == 0) ||
      (!(found & KT_LABEL_BOLD) && label == KT_LABEL_SUMMARY))
    return KT_LABEL_NONE;

  after = skip_blanks (line, len, after);
  if (text_offset != NULL)
    *text_offset = after;
  if (flags != NULL)
    *flags = found;

  return label;
}

/**
 * kt_deck_parser_numbered_question:
 * @number: (out): the item's number
 * @question_start: (out): where the question's text starts in @line
 * @question_len: (out): and its length
 *
 * Whether @line is a numbered question without a label: "1. What is
 * X?", "**1. What is X?**", "**1.** What is X?" or "1. **What is X?**";
 * the text must end with a question mark. The bold and the number are
 * not part of the question.
 */
gboolean
kt_deck_parser_numbered_question (const char *line,
                                  gsize       len,
                                  guint      *number,
                                  gsize      *question_start,
                                  gsize      *question_len)
{
  gsize i = 0;
  gsize end = len;
  guint n;
  char bold = 0;

  while (i < len && i < 3 && line[i] == ' ')
    i++;
  if (i + 1 < len && (line[i] == '*' || line[i] == '_') && line[i + 1] == line[i])
    bold = line[i], i += 2;

  i = item_number (line, len, i, &n);
  if (i == 0)
    return FALSE;
  /* "**1.** What is X?" */
  if (bold != 0 && i + 1 < len && line[i] == bold && line[i + 1] == bold)
    bold = 0, i += 2;
  if (i >= len || (line[i] != ' ' && line[i] != '\t'))
    return FALSE;
  i = skip_blanks (line, len, i);
  /* "1. **What is X?**" */
  if (bold == 0 && i + 1 < len && (line[i] == '*' || line[i] == '_') && line[i + 1] == line[i])
    bold = line[i], i += 2;

  while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;
  if (bold != 0)
    {
      if (end < i + 2 || line[end - 1] != bold || line[end - 2] != bold)
        return FALSE;
      end -= 2;
      while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        end--;
    }
  /* "?" or the full-width "？", after some text. */
  if (end < i + 2 ||
      (line[end - 1] != '?' &&
       (end < i + 4 || memcmp (line + end - 3, "\xEF\xBC\x9F", 3) != 0)))
    return FALSE;

  *number = n;
  *question_start = i;
  *question_len = end - i;
  return TRUE;
}

/**
 * kt_deck_parser_numbered_in_answer:
 * @number: the number of a question-shaped item ("N. …?" followed by text)
 *   met in an answer
 * @question: the number of the question whose answer it is in
 * @list_next: the number a numbered list of that answer, which this item
 *   would continue, expects next; 0 when the item starts a list
 *
 * Whether the item starts the next question or belongs to the answer. The
 * next number (@question + 1) starts a question unless it also continues
 * a list of the answer: then either could be meant, and the fewer, whole
 * cards win (KT_NUMBERED_AMBIGUOUS). Any other number continues the list
 * or starts one (at 1), or is out of order: kept in the answer, and said.
 */
KtNumbered
kt_deck_parser_numbered_in_answer (guint number,
                                   guint question,
                                   guint list_next)
{
  if (number == question + 1)
    return list_next == number ? KT_NUMBERED_AMBIGUOUS : KT_NUMBERED_QUESTION;
  if (number == list_next || number == 1)
    return KT_NUMBERED_LIST;
  return KT_NUMBERED_OUT_OF_ORDER;
}

/* The warning for an item kept in an answer that looked like a question. */
void
kt_deck_parser_warn_numbered (KtDeckParser *parser,
                              KtNumbered    kind,
                              guint         line,
                              guint         number,
                              guint         question)
{
  if (kind == KT_NUMBERED_AMBIGUOUS)
    kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                            _("“%u.” could be the next question or an item of the numbered "
                              "list in the answer of question %u; it is kept in that answer "
                              "(make it a heading to split it off)"),
                            number, question);
  else if (kind == KT_NUMBERED_OUT_OF_ORDER)
    kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                            _("“%u.” looks like a question, but question %u comes after "
                              "question %u; it is kept in the answer of question %u"),
                            number, question + 1, question, question);
}

/* An answer this long probably holds more than one question. */
#define LONG_ANSWER_BYTES 8192
/* …and so does one with this many headings of its own. */
#define MANY_HEADINGS 3

/**
 * kt_deck_parser_check_answer:
 * @line: the card's line, for the warning
 *
 * Warns about an answer that looks like several cards run together: one
 * holding headings of its own (outside code) or over 8 KB long. Better a
 * word than one giant card nobody asked for.
 */
void
kt_deck_parser_check_answer (KtDeckParser *parser,
                             const char   *answer,
                             guint         line)
{
  gsize len = strlen (answer);
  const char *p = answer;
  const char *end = answer + len;
  char fence_char = 0;
  gsize fence_len = 0;
  guint headings = 0;

  /* Most answers have no '#' at all. */
  if (memchr (answer, '#', len) == NULL)
    p = end;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize line_len = (nl != NULL ? nl : end) - p;
      char c;
      gsize n;

      if (fence_char != 0)
        {
          if (kt_deck_parser_fence_closes (p, line_len, fence_char, fence_len))
            fence_char = 0;
        }
      else if (kt_deck_parser_fence (p, line_len, &c, &n))
        fence_char = c, fence_len = n;
      else if (kt_deck_parser_heading_level (p, line_len) > 0)
        headings++;
      p = nl != NULL ? nl + 1 : end;
    }

  if (headings >= MANY_HEADINGS)
    kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                            ngettext ("this card has %u sub-heading in its answer; "
                                      "split them with ### or labels",
                                      "this card has %u sub-headings in its answer; "
                                      "split them with ### or labels", headings),
                            headings);
  else if (len > LONG_ANSWER_BYTES)
    kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                            _("this card's answer is %u KB long; if it holds several "
                              "questions, split them with ### or labels"),
                            (guint) ((len + 1023) / 1024));
}
