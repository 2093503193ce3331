/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one entry point for reading decks. Everything that does not depend on
 * the format happens here, once: the bytes are checked (binary and empty
 * files are refused), cleaned (BOM, CRLF / CR line ends, invalid UTF-8),
 * the format is detected from the content, and the topic id is taken from
 * the file name. The parsers in kt-deck-*.c then add cards through
 * kt_deck_parser_add_card(), which merges duplicates and keeps ids unique,
 * so every format gets the same rules. Finally kt_deck_to_json() writes
 * the Kartoteka JSON deck that kt-deck-json.c reads back.
 *
 * Every step is linear in the size of the file: big decks are read in one
 * pass per step, line numbers are counted as we go.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-deck-private.h"
#include "kt-text.h"

/* At most this many lines get their own "not UTF-8" warning. */
#define MAX_UTF8_WARNINGS 10

/* The text is validated and copied this much at a time, so the copy
 * reads what validation has just brought into the cache. */
#define CLEAN_CHUNK (64 * 1024)

/* Format detection looks at the start of the file only. */
#define DETECT_MAX_BYTES (256 * 1024)
#define DETECT_MAX_LINES 4000

/* -------------------------------------------------------------------------
 * Diagnostics and the deck struct
 * ---------------------------------------------------------------------- */

static void
clear_diagnostic (gpointer data)
{
  KtDiagnostic *diagnostic = data;

  g_clear_pointer (&diagnostic->message, g_free);
}

/**
 * kt_deck_new:
 * @path: (nullable): the file the deck comes from, for messages
 *
 * An empty deck: no topics, no diagnostics. The parsers start from this;
 * callers may also fill @topics themselves to write a deck with
 * kt_deck_to_json().
 */
KtDeck *
kt_deck_new (const char *path)
{
  KtDeck *deck = g_new0 (KtDeck, 1);

  deck->path = g_strdup (path != NULL ? path : "");
  deck->format = KT_DECK_FORMAT_UNKNOWN;
  deck->topics = g_ptr_array_new_with_free_func (g_object_unref);
  deck->diagnostics = g_array_new (FALSE, TRUE, sizeof (KtDiagnostic));
  g_array_set_clear_func (deck->diagnostics, clear_diagnostic);

  return deck;
}

void
kt_deck_free (KtDeck *deck)
{
  if (deck == NULL)
    return;

  g_free (deck->path);
  g_ptr_array_unref (deck->topics);
  g_array_unref (deck->diagnostics);
  g_free (deck);
}

void
kt_deck_add_diagnostic (KtDeck     *deck,
                        guint       line,
                        KtSeverity  severity,
                        const char *format,
                        ...)
{
  KtDiagnostic diagnostic;
  va_list args;

  g_return_if_fail (deck != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  diagnostic.line = line;
  diagnostic.severity = severity;
  diagnostic.message = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_append_val (deck->diagnostics, diagnostic);
}

gboolean
kt_deck_has_errors (const KtDeck *deck)
{
  g_return_val_if_fail (deck != NULL, FALSE);

  for (guint i = 0; i < deck->diagnostics->len; i++)
    if (g_array_index (deck->diagnostics, KtDiagnostic, i).severity == KT_SEVERITY_ERROR)
      return TRUE;

  return FALSE;
}

guint
kt_deck_count_cards (const KtDeck *deck)
{
  guint n = 0;

  g_return_val_if_fail (deck != NULL, 0);

  for (guint i = 0; i < deck->topics->len; i++)
    n += kt_topic_get_n_cards (g_ptr_array_index (deck->topics, i));

  return n;
}

/**
 * kt_deck_format_to_string:
 *
 * A stable, untranslated name for @format ("qa", "notes", "tsv", "json",
 * "unknown"), for the command line and logs.
 */
const char *
kt_deck_format_to_string (KtDeckFormat format)
{
  switch (format)
    {
    case KT_DECK_FORMAT_QA:      return "qa";
    case KT_DECK_FORMAT_NOTES:   return "notes";
    case KT_DECK_FORMAT_TSV:     return "tsv";
    case KT_DECK_FORMAT_JSON:    return "json";
    case KT_DECK_FORMAT_UNKNOWN:
    default:                     return "unknown";
    }
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

  card = kt_card_new (other_id != NULL ? other_id : id, topic_id, title, question, answer,
                      summary, notes, parser->deck->path, line);
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
 * kt_deck_trim_blank_lines:
 * @len: (inout): the length of @text, then of the part kept
 *
 * Where @text starts without its leading blank lines, with @len cut to
 * leave out trailing white space, without copying. The first kept line
 * keeps its indentation (it may be code).
 *
 * Returns: the start of the kept part
 */
const char *
kt_deck_trim_blank_lines (const char *text,
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
 * kt_deck_strip_blank_lines:
 *
 * kt_deck_trim_blank_lines(), copied.
 */
char *
kt_deck_strip_blank_lines (const char *text,
                           gssize      len)
{
  gsize kept = len < 0 ? strlen (text) : (gsize) len;
  const char *start = kt_deck_trim_blank_lines (text, &kept);

  return g_strndup (start, kept);
}

gboolean
kt_deck_is_blank (const char *text,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

/* -------------------------------------------------------------------------
 * Cleaning the bytes
 * ---------------------------------------------------------------------- */

/* NUL bytes, or many control characters near the start: not a text file. */
static gboolean
looks_binary (const char *data,
              gsize       len)
{
  gsize sample = MIN (len, 8192);
  gsize controls = 0;

  if (memchr (data, '\0', len) != NULL)
    return TRUE;

  for (gsize i = 0; i < sample; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
          c == 0x7f)
        controls++;
    }

  return controls * 10 > sample;
}

/* Lines are counted the way the cleaned text will count them: "\r\n",
 * "\r" and "\n" each end one line. */
static guint
count_line_ends (const char *p,
                 const char *end)
{
  guint n = 0;

  for (; p < end; p++)
    {
      if (*p == '\n')
        n++;
      else if (*p == '\r' && (p + 1 == end || p[1] != '\n'))
        n++;
    }

  return n;
}

/* Valid UTF-8 with '\n' line ends, in one pass. Bad bytes become U+FFFD and
 * each affected line gets one warning (the first few lines, then a count). */
static char *
clean_text (KtDeck     *deck,
            const char *data,
            gsize       len,
            gsize      *out_len)
{
  GString *out = g_string_sized_new (len + 1);
  const char *p = data;
  const char *end = data + len;
  const char *counted = data;   /* line ends before here are in @line */
  guint line = 1;
  guint last_bad_line = 0;
  guint n_bad_lines = 0;
  char *w;

  while (p < end)
    {
      gsize chunk = MIN (CLEAN_CHUNK, (gsize) (end - p));
      const char *bad;

      if (kt_text_validate_utf8 (p, chunk, &bad))
        {
          g_string_append_len (out, p, chunk);
          p += chunk;
          continue;
        }

      /* A character cut by the end of the chunk is checked with the next. */
      if (p + chunk < end && p + chunk - bad < 4)
        {
          g_string_append_len (out, p, bad - p);
          p = bad;
          continue;
        }

      g_string_append_len (out, p, bad - p);
      g_string_append (out, "\xEF\xBF\xBD");

      line += count_line_ends (counted, bad);
      counted = bad;
      if (line != last_bad_line)
        {
          n_bad_lines++;
          if (n_bad_lines <= MAX_UTF8_WARNINGS)
            kt_deck_add_diagnostic (deck, line, KT_SEVERITY_WARNING,
                                    _("this line is not valid UTF-8 text; the bad bytes "
                                      "were replaced with “\xEF\xBF\xBD”"));
          last_bad_line = line;
        }

      /* Skip one bad byte, and the continuation bytes of a truncated
       * sequence with it, so one broken character gives one U+FFFD. */
      p = bad + 1;
      while (p < end && ((guchar) *p & 0xC0) == 0x80)
        p++;
    }

  if (n_bad_lines > MAX_UTF8_WARNINGS)
    {
      guint more = n_bad_lines - MAX_UTF8_WARNINGS;

      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_WARNING,
                              ngettext ("%u more line is not valid UTF-8 text",
                                        "%u more lines are not valid UTF-8 text", more),
                              more);
    }

  /* CRLF → LF, lone CR → LF, compacting in place from the first CR. */
  w = memchr (out->str, '\r', out->len);
  if (w != NULL)
    {
      for (gsize i = w - out->str; i < out->len; i++)
        {
          if (out->str[i] == '\r')
            {
              *w++ = '\n';
              if (i + 1 < out->len && out->str[i + 1] == '\n')
                i++;
            }
          else
            *w++ = out->str[i];
        }
      g_string_truncate (out, w - out->str);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* -------------------------------------------------------------------------
 * Format detection
 * ---------------------------------------------------------------------- */

static gboolean
has_prefix_ci (const char *line,
               gsize       len,
               const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && g_ascii_strncasecmp (line, prefix, plen) == 0;
}

/**
 * kt_deck_line_answer_label:
 *
 * If @line starts (after blanks) with "Ответ:", "Answer:" or "A:"
 * (any case), returns the length of that prefix, blanks included;
 * otherwise 0.
 */
gsize
kt_deck_line_answer_label (const char *line,
                           gsize       len)
{
  static const char *const labels[] = {
    "Ответ:", "ОТВЕТ:", "ответ:", "Answer:", "A:",
  };
  gsize i = 0;

  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;

  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    if (has_prefix_ci (line + i, len - i, labels[k]))
      return i + strlen (labels[k]);

  return 0;
}

/**
 * kt_deck_line_numbered:
 * @number: (out) (optional): the item number
 * @text_offset: (out) (optional): where the item's text starts in @line
 *
 * Whether @line is a numbered item: "12. text", "12) text" or "12." alone,
 * with at most three spaces before the number.
 */
gboolean
kt_deck_line_numbered (const char *line,
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

static gboolean
is_tsv_header_line (const char *line,
                    gsize       len)
{
  static const char *const keys[] = {
    "#separator:", "#html:", "#columns:", "#tags column:", "#deck:",
    "#notetype:", "#guid column:", "#notetype column:", "#deck column:",
    "#tags:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (has_prefix_ci (line, len, keys[i]))
      return TRUE;

  return FALSE;
}

/* A line starting with a bold knowledge-base label: **Ответ:**, __Summary__ …
 * The data may be any bytes here, so compare bytes: ASCII case-insensitive,
 * the Russian labels in their usual spellings. */
static gboolean
is_bold_label_line (const char *line,
                    gsize       len)
{
  static const char *const labels[] = {
    "Кратко", "кратко", "КРАТКО", "Типовой вопрос", "типовой вопрос",
    "Вопрос", "вопрос", "ВОПРОС", "Ответ", "ответ", "ОТВЕТ",
    "Summary", "TL;DR", "Question", "Answer",
  };

  while (len > 0 && (*line == ' ' || *line == '\t'))
    line++, len--;
  if (len < 3 || !((line[0] == '*' && line[1] == '*') || (line[0] == '_' && line[1] == '_')))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (has_prefix_ci (line + 2, len - 2, labels[i]))
      return TRUE;

  return FALSE;
}

static gboolean
first_line_is_rule (const char *data,
                    gsize       len)
{
  gsize i = 3;

  if (len < 3 || strncmp (data, "---", 3) != 0)
    return FALSE;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
    i++;

  return i == len || data[i] == '\n';
}

static const char *
find_extension (const char *filename)
{
  const char *base;
  const char *dot;

  if (filename == NULL)
    return NULL;
  base = strrchr (filename, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : filename;
  dot = strrchr (base, '.');

  return dot != NULL && dot != base ? dot + 1 : NULL;
}

/**
 * kt_deck_detect_format:
 * @data: the file's bytes (a BOM and CRLF line ends are fine)
 * @filename: (nullable): used only when the content does not decide
 *
 * Looks at the content: a Kartoteka JSON deck, Anki "#separator:" headers,
 * markdown frontmatter, numbered items with answer labels, "## " sections
 * with bold labels, tab-separated lines — in that order. The extension is
 * only a tie-breaker for files that match none of these.
 */
KtDeckFormat
kt_deck_detect_format (const char *data,
                       gsize       len,
                       const char *filename)
{
  const char *end;
  const char *p;
  const char *ext;
  guint n_lines = 0;
  guint numbered = 0, answer_labels = 0, h2 = 0, bold_labels = 0;
  guint tab_lines = 0, nonempty = 0;
  gboolean tsv_header = FALSE;
  gboolean first_nonempty = TRUE;
  gboolean in_fence = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, KT_DECK_FORMAT_UNKNOWN);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;

  p = data;
  end = data + len;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '{' &&
      g_strstr_len (p, MIN ((gsize) (end - p), DETECT_MAX_BYTES), "\"kartoteka-deck\"") != NULL)
    return KT_DECK_FORMAT_JSON;

  if (first_line_is_rule (data, len))
    return KT_DECK_FORMAT_NOTES;

  end = data + MIN (len, DETECT_MAX_BYTES);
  for (p = data; p < end && n_lines < DETECT_MAX_LINES; n_lines++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize line_len = line_end - p;
      const char *line = p;

      p = nl != NULL ? nl + 1 : end;
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (kt_deck_is_blank (line, line_len))
        continue;

      if (first_nonempty && is_tsv_header_line (line, line_len))
        tsv_header = TRUE;
      first_nonempty = FALSE;
      nonempty++;

      if (memchr (line, '\t', line_len) != NULL)
        tab_lines++;

      {
        const char *t = line;
        gsize tl = line_len;

        while (tl > 0 && *t == ' ')
          t++, tl--;
        if (has_prefix_ci (t, tl, "```") || has_prefix_ci (t, tl, "~~~"))
          {
            in_fence = !in_fence;
            continue;
          }
      }
      if (in_fence)
        continue;

      if (has_prefix_ci (line, line_len, "## "))
        h2++;
      else if (kt_deck_line_numbered (line, line_len, NULL, NULL))
        numbered++;
      else if (kt_deck_line_answer_label (line, line_len) > 0)
        answer_labels++;
      else if (is_bold_label_line (line, line_len))
        bold_labels++;
    }

  if (tsv_header)
    return KT_DECK_FORMAT_TSV;
  if (numbered > 0 && answer_labels > 0)
    return KT_DECK_FORMAT_QA;
  if (h2 > 0 && bold_labels > 0)
    return KT_DECK_FORMAT_NOTES;
  if (tab_lines > 0 && tab_lines * 2 >= nonempty)
    return KT_DECK_FORMAT_TSV;
  if (h2 > 0)
    return KT_DECK_FORMAT_NOTES;
  if (answer_labels > 0)
    return KT_DECK_FORMAT_QA;

  p = data;
  while (p < data + len && g_ascii_isspace (*p))
    p++;
  if (p < data + len && *p == '{')
    return KT_DECK_FORMAT_JSON;

  ext = find_extension (filename);
  if (ext != NULL)
    {
      if (g_ascii_strcasecmp (ext, "json") == 0)
        return KT_DECK_FORMAT_JSON;
      if (g_ascii_strcasecmp (ext, "md") == 0 || g_ascii_strcasecmp (ext, "markdown") == 0)
        return KT_DECK_FORMAT_NOTES;
      if (g_ascii_strcasecmp (ext, "tsv") == 0 || g_ascii_strcasecmp (ext, "csv") == 0)
        return KT_DECK_FORMAT_TSV;
    }

  return KT_DECK_FORMAT_UNKNOWN;
}

/* -------------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------- */

/* "notes/Async Python.md" → "Async Python" */
static char *
name_without_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path != NULL && *path != '\0' ? path : "deck");
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_steal_pointer (&base);
}

static void
finish (KtDeckParser *parser)
{
  KtDeck *deck = parser->deck;

  /* A "# Topic" with nothing under it is not worth a row in the library. */
  for (guint i = deck->topics->len; i > 0; i--)
    if (kt_topic_get_n_cards (g_ptr_array_index (deck->topics, i - 1)) == 0)
      g_ptr_array_remove_index (deck->topics, i - 1);

  if (deck->topics->len == 0 && !kt_deck_has_errors (deck))
    kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, _("no cards found in this file"));
}

/* Used with g_array_sort(), stable since GLib 2.32: messages on one line
 * keep the order they were found in. */
static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const KtDiagnostic *da = a;
  const KtDiagnostic *db = b;

  return (da->line > db->line) - (da->line < db->line);
}

/* UTF-16 with a byte-order mark (Windows Notepad's "Unicode") is text,
 * not binary: convert it rather than refuse it. */
static GBytes *
convert_utf16 (GBytes *contents)
{
  gsize len;
  const guchar *data = g_bytes_get_data (contents, &len);
  const char *from;
  g_autofree char *converted = NULL;
  gsize written = 0;

  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    from = "UTF-16LE";
  else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    from = "UTF-16BE";
  else
    return NULL;

  converted = g_convert ((const char *) data + 2, len - 2, "UTF-8", from, NULL, &written, NULL);
  if (converted == NULL)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&converted), written);
}

/**
 * kt_deck_run_parser:
 * @deck: a deck whose format is set
 * @text: clean text, as #KtDeckParser describes it
 * @name: the file name without its extension, for topic ids and titles
 *
 * What kt_deck_parse_bytes() does once the text is clean: the parser of
 * @deck's format, then dropping empty topics and sorting the diagnostics.
 * The fuzz targets call it with a format of their choosing.
 */
void
kt_deck_run_parser (KtDeck     *deck,
                    const char *text,
                    gsize       len,
                    const char *name)
{
  KtDeckParser parser = {
    .deck = deck,
    .text = text,
    .len = len,
    .topic_id = name,
    .fallback_title = name,
    .topics = g_hash_table_new (g_str_hash, g_str_equal),
    .seen = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref),
  };

  switch (deck->format)
    {
    case KT_DECK_FORMAT_QA:    kt_deck_parse_qa (&parser); break;
    case KT_DECK_FORMAT_NOTES: kt_deck_parse_notes (&parser); break;
    case KT_DECK_FORMAT_TSV:   kt_deck_parse_tsv (&parser); break;
    case KT_DECK_FORMAT_JSON:  kt_deck_parse_json (&parser); break;
    case KT_DECK_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  finish (&parser);
  g_array_sort (deck->diagnostics, compare_diagnostics);

  g_hash_table_unref (parser.seen);
  g_hash_table_unref (parser.topics);
}

/**
 * kt_deck_parse_bytes:
 * @contents: the file's bytes
 * @path: (nullable): where they came from; used in messages, as the cards'
 *   source path and, without its extension, as the topic id
 *
 * Parses a deck in any of the supported formats. Never fails: problems are
 * in the returned deck's diagnostics, and whatever could be read is in its
 * topics.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_deck_parse_bytes (GBytes     *contents,
                     const char *path)
{
  g_autoptr(KtDeck) deck = kt_deck_new (path);
  g_autoptr(GBytes) utf16 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  const char *clean;
  const char *data;
  gsize len;
  gsize clean_len;

  g_return_val_if_fail (contents != NULL, NULL);

  utf16 = convert_utf16 (contents);
  data = g_bytes_get_data (utf16 != NULL ? utf16 : contents, &len);
  if (data == NULL)
    data = "";

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;

  if (looks_binary (data, len))
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              _("this is a binary file, not a deck"));
      return g_steal_pointer (&deck);
    }

  if (kt_deck_is_blank (data, len))
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              len == 0 ? _("the file is empty")
                                       : _("the file holds only white space"));
      return g_steal_pointer (&deck);
    }

  /* Markdown that needs no cleaning (valid UTF-8, '\n' line ends) is
   * parsed where it is: at 100k cards, copying it page-faulted a buffer
   * the size of the file, a tenth of the parse. Its parser reads only
   * within the length; the others keep a NUL-terminated copy. */
  deck->format = kt_deck_detect_format (data, len, path);
  if (deck->format == KT_DECK_FORMAT_NOTES && memchr (data, '\r', len) == NULL &&
      kt_text_validate_utf8 (data, len, NULL))
    {
      clean = data;
      clean_len = len;
    }
  else
    {
      text = clean_text (deck, data, len, &clean_len);
      deck->format = kt_deck_detect_format (text, clean_len, path);
      clean = text;
    }

  if (deck->format == KT_DECK_FORMAT_UNKNOWN)
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              _("this does not look like a deck: no numbered questions "
                                "with answers, no “## ” sections, no tab-separated "
                                "columns and no Kartoteka JSON"));
      g_array_sort (deck->diagnostics, compare_diagnostics);
      return g_steal_pointer (&deck);
    }

  name = name_without_extension (path);
  kt_deck_run_parser (deck, clean, clean_len, name);

  return g_steal_pointer (&deck);
}

/**
 * kt_deck_parse_file:
 *
 * Reads @file and parses it with kt_deck_parse_bytes(). A file that cannot
 * be read gives a deck with one error diagnostic (line 0) and no topics.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_deck_parse_file (GFile        *file,
                    GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Non-native files (the bundled resource:// decks) are named by their
   * URI, unescaped, so titles taken from the name read as written. */
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      path = g_uri_unescape_string (uri, NULL);
    }

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &error))
    {
      KtDeck *deck = kt_deck_new (path);

      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, "%s", error->message);
      return deck;
    }

  bytes = g_bytes_new_take (contents, len);

  return kt_deck_parse_bytes (bytes, path);
}

/* -------------------------------------------------------------------------
 * Writing JSON
 * ---------------------------------------------------------------------- */

static void
add_optional_member (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_topic_members (JsonBuilder *builder,
                   KtTopic     *topic)
{
  const char * const *tags = kt_topic_get_tags (topic);

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, kt_topic_get_id (topic));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, kt_topic_get_title (topic));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
}

static void
add_cards (JsonBuilder *builder,
           KtTopic     *topic)
{
  guint n = kt_topic_get_n_cards (topic);

  json_builder_set_member_name (builder, "cards");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      json_builder_begin_object (builder);
      add_optional_member (builder, "title", kt_card_get_title (card));
      json_builder_set_member_name (builder, "question");
      json_builder_add_string_value (builder, kt_card_get_question (card));
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, kt_card_get_answer (card));
      add_optional_member (builder, "summary", kt_card_get_summary (card));
      add_optional_member (builder, "notes", kt_card_get_notes (card));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * kt_deck_to_json:
 *
 * The deck as a Kartoteka JSON deck (docs/deck-format.md): pretty-printed
 * UTF-8 ending in a newline. One topic is written as "topic" + "cards",
 * several as a "topics" array. kt_deck_parse_bytes() reads it back into
 * the same topics and cards, with the same card ids.
 *
 * Returns: (transfer full): the JSON text
 */
char *
kt_deck_to_json (const KtDeck *deck)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (deck != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "kartoteka-deck");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);

  if (deck->topics->len == 1)
    {
      KtTopic *topic = g_ptr_array_index (deck->topics, 0);

      json_builder_set_member_name (builder, "topic");
      json_builder_begin_object (builder);
      add_topic_members (builder, topic);
      json_builder_end_object (builder);
      add_cards (builder, topic);
    }
  else
    {
      json_builder_set_member_name (builder, "topics");
      json_builder_begin_array (builder);
      for (guint i = 0; i < deck->topics->len; i++)
        {
          KtTopic *topic = g_ptr_array_index (deck->topics, i);

          json_builder_begin_object (builder);
          add_topic_members (builder, topic);
          add_cards (builder, topic);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}
