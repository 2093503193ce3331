/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Question/answer lists in plain text, the format of our first users'
 * notes, and the two layouts next to it:
 *
 *   # Optional topic
 *   ## Optional heading, the context of the items below it
 *   1. Question, possibly
 *   continued on more lines
 *   Ответ: the answer (or Answer: / A:), running on
 *   until the next numbered item.
 *
 *   Q: a question without a number (or В: / Вопрос: / Question:,
 *   bold or in a list item: "- **В:** …")
 *   A: its answer, until the next question, a heading or a rule.
 *
 *   2. A numbered question without an answer label?
 *   Its answer is the text below it, until the next question.
 *
 * The text is read line by line. The one hard question is whether a
 * numbered line inside an answer starts the next item or belongs to a list
 * in the answer. It starts an item when an answer label follows it before
 * the next numbered line (known for every line from one backward pass, so
 * the whole parse stays linear); otherwise a list that starts at 1 and
 * counts up stays in the answer, and the next item number (previous + 1)
 * starts an item that then has no answer. In the answer of a question
 * without a label only a question-shaped line ("N. …?" with text after it)
 * can start the next one: see kt_deck_parser_numbered_in_answer().
 * Indented numbered lines and everything inside ``` / ~~~ fences always
 * belong to the answer.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-format-qa.h"
#include "kt-text.h"

typedef enum {
  LINE_TEXT,
  LINE_BLANK,
  LINE_NUMBERED,
  LINE_QUESTION,    /* "Q: …": a question label without a number */
  LINE_ANSWER,
  LINE_TOPIC,       /* "# …" */
  LINE_HEADING,     /* "## …" to "###### …" */
} LineKind;

typedef struct {
  const char *start;
  guint       len;
  guint       number;           /* NUMBERED */
  guint       offset;           /* NUMBERED, QUESTION, ANSWER: where the text starts */
  guint       kind : 3;         /* LineKind */
  guint       level : 3;        /* HEADING */
  guint       indented : 1;
  guint       rule : 1;         /* "---", "***" or "___": a separator */
  guint       item : 1;         /* ANSWER: written as a list item, "- A: …" */
  guint       question : 1;     /* NUMBERED: "N. …?", a question without its label */
  guint       trim : 6;         /* NUMBERED question: bytes after its text ("**") */
  guint       has_answer : 1;   /* NUMBERED: a label follows before the next item */
  guint       before_item : 1;  /* next non-blank line is an item, or none */
  guint       before_text : 1;  /* next non-blank line is text */
  guint       before_heading : 1;   /* … is an item, a heading, or none */
} Line;

typedef enum {
  STATE_NONE,       /* before the first item, or after a heading */
  STATE_QUESTION,   /* after "N. " or "Q:", before the answer */
  STATE_ANSWER,
  STATE_SKIP,       /* after an answer without a question */
  STATE_ENDED,      /* after a rule that ended an answer */
} State;

typedef enum {
  ITEM_NUMBERED,    /* "N. …", its answer after a label */
  ITEM_UNLABELLED,  /* "N. …?", its answer the text below it */
  ITEM_PAIR,        /* "Q: …" */
} ItemKind;

/* Headings "##" to "####" nest; deeper ones are only text. */
#define CONTEXT_LEVELS 3

typedef struct {
  KtDeckParser *parser;
  GArray       *lines;      /* (element-type Line) */
  KtTopic      *topic;      /* current, NULL until the first card or "# " */
  guint         n_topics;
  char         *context[CONTEXT_LEVELS];   /* the headings above, "##" first */
  GString      *scratch;

  /* The item being read */
  ItemKind      item;
  guint         number;
  guint         line_no;
  GString      *question;
  gboolean      has_label;
  guint         answer_label_line;  /* index of the label line */
  guint         answer_start;       /* where the answer starts on that line */
  guint         answer_end;         /* index after the last answer line */
} QaReader;

static gboolean
is_rule (const char *line,
         gsize       len)
{
  char c = 0;
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (line[i] == ' ' || line[i] == '\t')
        continue;
      if ((line[i] != '-' && line[i] != '*' && line[i] != '_') || (c != 0 && line[i] != c))
        return FALSE;
      c = line[i];
      n++;
    }

  return n >= 3;
}

/* What a line outside code is. Numbered lines come first: "1. Q: …" is a
 * numbered question whose label is dropped later. */
static void
classify (Line *line)
{
  const char *text = line->start;
  gsize len = line->len;
  gsize n, start, qlen;
  guint number;
  KtLabelFlags flags = 0;
  KtLabel label;

  if (kt_deck_parser_numbered_question (text, len, &number, &start, &qlen) &&
      len - (start + qlen) < 64)
    {
      line->kind = LINE_NUMBERED;
      line->number = number;
      line->offset = start;
      line->trim = len - (start + qlen);
      line->question = TRUE;
      return;
    }
  if (kt_deck_parser_line_numbered (text, len, &line->number, &n))
    {
      line->kind = LINE_NUMBERED;
      line->offset = n;
      return;
    }

  label = kt_deck_parser_line_label (text, len, &n, &flags);
  if (label == KT_LABEL_ANSWER || label == KT_LABEL_QUESTION)
    {
      line->kind = label == KT_LABEL_ANSWER ? LINE_ANSWER : LINE_QUESTION;
      line->offset = n;
      line->item = (flags & KT_LABEL_ITEM) != 0;
      return;
    }

  if (len >= 2 && text[0] == '#' && text[1] == ' ')
    line->kind = LINE_TOPIC;
  else if ((line->level = MIN (kt_deck_parser_heading_level (text, len), 6)) >= 2)
    line->kind = LINE_HEADING;
  else
    line->rule = is_rule (text, len);
}

static GArray *
split_lines (KtDeckParser *parser,
             guint        *unclosed_fence)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));
  const char *p = parser->text;
  const char *end = parser->text + parser->len;
  char fence_char = 0;
  gsize fence_len = 0;
  gboolean seen_label = FALSE;
  gboolean next_is_item = TRUE;
  gboolean next_is_text = FALSE;
  gboolean next_is_heading = TRUE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      Line line = { .start = p, .len = line_end - p, .kind = LINE_TEXT };
      char c;
      gsize n;
      gsize i;

      p = nl != NULL ? nl + 1 : end;

      for (i = 0; i < line.len && (line.start[i] == ' ' || line.start[i] == '\t'); i++)
        ;
      line.indented = i > 0;

      if (i == line.len)
        line.kind = LINE_BLANK;
      else if (fence_char != 0)
        {
          if (kt_deck_parser_fence_closes (line.start, line.len, fence_char, fence_len))
            fence_char = 0;
        }
      else if (kt_deck_parser_fence (line.start, line.len, &c, &n))
        {
          fence_char = c;
          fence_len = n;
          *unclosed_fence = lines->len + 1;
        }
      else
        classify (&line);

      g_array_append_val (lines, line);
    }

  if (fence_char == 0)
    *unclosed_fence = 0;

  /* Backward: what follows each line. */
  for (guint k = lines->len; k > 0; k--)
    {
      Line *line = &g_array_index (lines, Line, k - 1);

      line->before_item = next_is_item;
      line->before_text = next_is_text;
      line->before_heading = next_is_heading;
      switch (line->kind)
        {
        case LINE_ANSWER:
          seen_label = TRUE;
          next_is_item = next_is_text = next_is_heading = FALSE;
          break;
        case LINE_NUMBERED:
        case LINE_QUESTION:
          line->has_answer = seen_label;
          seen_label = FALSE;
          next_is_item = next_is_heading = TRUE;
          next_is_text = FALSE;
          break;
        case LINE_TOPIC:
        case LINE_HEADING:
          seen_label = FALSE;
          next_is_item = next_is_text = FALSE;
          next_is_heading = TRUE;
          break;
        case LINE_BLANK:
          break;
        case LINE_TEXT:
        default:
          if (!line->rule)
            {
              next_is_item = next_is_heading = FALSE;
              next_is_text = TRUE;
            }
          break;
        }
    }

  return lines;
}

static KtTopic *
current_topic (QaReader *reader)
{
  if (reader->topic == NULL)
    reader->topic = kt_deck_parser_add_topic (reader->parser,
                                              reader->parser->topic_id,
                                              reader->parser->fallback_title);
  return reader->topic;
}

/* The headings above the item, "##" first, joined for a breadcrumb; NULL
 * if there are none. Borrowed from reader->scratch. */
static const char *
current_context (QaReader *reader)
{
  g_string_truncate (reader->scratch, 0);
  for (guint i = 0; i < CONTEXT_LEVELS; i++)
    if (reader->context[i] != NULL)
      {
        if (reader->scratch->len > 0)
          g_string_append (reader->scratch, " › ");
        g_string_append (reader->scratch, reader->context[i]);
      }

  return reader->scratch->len > 0 ? reader->scratch->str : NULL;
}

/* "Вопрос: …", "**Q:** …" before the question text is a label, not part
 * of the question. */
static const char *
skip_question_label (const char *text)
{
  gsize offset;

  if (kt_deck_parser_line_label (text, strlen (text), &offset, NULL) == KT_LABEL_QUESTION)
    return text + offset;

  return text;
}

static void
begin_item (QaReader   *reader,
            ItemKind    item,
            guint       index,
            const Line *line)
{
  reader->item = item;
  reader->number = line->number;
  reader->line_no = index + 1;
  g_string_truncate (reader->question, 0);
  g_string_append_len (reader->question, line->start + line->offset,
                       line->len - line->offset - (line->question ? line->trim : 0));
  reader->has_label = FALSE;
}

/* The answer starts on line @index, at @offset. */
static void
begin_answer (QaReader *reader,
              guint     index,
              guint     offset)
{
  reader->has_label = TRUE;
  reader->answer_label_line = index;
  reader->answer_start = offset;
  reader->answer_end = index + 1;
}

static void
finish_item (QaReader *reader)
{
  KtDeckParser *parser = reader->parser;
  g_autofree char *trimmed = kt_deck_parser_strip_blank_lines (reader->question->str,
                                                               reader->question->len);
  const char *question = skip_question_label (g_strstrip (trimmed));
  g_autofree char *answer_text = NULL;

  if (*question == '\0')
    {
      if (reader->item == ITEM_PAIR)
        kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                                _("this question label has no question after it"));
      else
        kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                                _("item %u has no question"), reader->number);
      return;
    }
  if (!reader->has_label)
    {
      if (reader->item == ITEM_PAIR)
        kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                                _("this question has no answer (a line starting with "
                                  "“A:” or “Ответ:”)"));
      else
        kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                                _("item %u has no answer (a line starting with “Ответ:” "
                                  "or “Answer:”)"), reader->number);
      return;
    }

  /* The label line's rest, then the following lines as they are: lines
   * lie one '\n' apart in the text, so that is one span of it, copied
   * once (a 50 MB answer was gathered into a string first, then copied). */
  if (reader->answer_end > reader->answer_label_line)
    {
      const Line *first = &g_array_index (reader->lines, Line, reader->answer_label_line);
      const Line *last = &g_array_index (reader->lines, Line, reader->answer_end - 1);
      const char *rest = first->start + reader->answer_start;
      const char *first_end = first->start + first->len;

      while (rest < first_end && (*rest == ' ' || *rest == '\t'))
        rest++;
      answer_text = kt_deck_parser_strip_blank_lines (rest, last->start + last->len - rest);
    }
  else
    answer_text = g_strdup ("");

  if (*answer_text == '\0')
    {
      if (reader->item == ITEM_PAIR)
        kt_deck_add_diagnostic (parser->deck, reader->answer_label_line + 1,
                                KT_SEVERITY_WARNING, _("this answer is empty"));
      else
        kt_deck_add_diagnostic (parser->deck, reader->answer_label_line + 1,
                                KT_SEVERITY_WARNING, _("item %u has an empty answer"),
                                reader->number);
    }
  kt_deck_parser_check_answer (parser, answer_text, reader->line_no);

  kt_deck_parser_add_card (parser, current_topic (reader), NULL, current_context (reader),
                           question, answer_text, NULL, NULL, reader->line_no);
}

static void
clear_context (QaReader *reader,
               guint     from)
{
  for (guint i = from; i < CONTEXT_LEVELS; i++)
    g_clear_pointer (&reader->context[i], g_free);
}

static void
begin_topic (QaReader   *reader,
             guint       index,
             const Line *line)
{
  KtDeckParser *parser = reader->parser;
  g_autofree char *title = g_strndup (line->start + 2, line->len - 2);
  g_autofree char *slug = NULL;
  g_autofree char *id = NULL;

  g_strstrip (title);
  reader->n_topics++;
  clear_context (reader, 0);
  if (*title == '\0')
    {
      kt_deck_add_diagnostic (parser->deck, index + 1, KT_SEVERITY_WARNING,
                              _("a topic line without a title"));
      return;
    }

  slug = kt_text_slugify (title);
  if (*slug == '\0')
    {
      g_free (slug);
      slug = g_strdup_printf ("%u", reader->n_topics);
    }
  id = g_strconcat (parser->topic_id, "/", slug, NULL);
  reader->topic = kt_deck_parser_add_topic (parser, id, title);
}

/* "## Title" to "#### Title" is the context of the items below it, until
 * a heading of its level or above. */
static void
begin_heading (QaReader   *reader,
               const Line *line)
{
  guint level = line->level;
  const char *text = line->start;
  gsize start = 0;
  gsize end = line->len;

  if (level > CONTEXT_LEVELS + 1)
    return;
  while (start < end && (text[start] == '#' || text[start] == ' ' || text[start] == '\t'))
    start++;
  /* A closing "##" is not part of the title. */
  while (end > start && (text[end - 1] == '#' || text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;

  clear_context (reader, level - 2);
  if (end > start)
    reader->context[level - 2] = g_strndup (text + start, end - start);
}

/* A numbered line met while reading the answer of a labelled item: next
 * item, or a list inside the answer? See the comment at the top. */
static gboolean
starts_item (const Line *line,
             guint      *list_next)
{
  if (line->indented)
    return FALSE;
  if (line->has_answer)
    return TRUE;
  if (line->number == 1 || (*list_next > 0 && line->number == *list_next))
    {
      *list_next = line->number + 1;
      return FALSE;
    }
  return TRUE;
}

/* The same in the answer of a question without a label, where only a
 * question-shaped line can start the next one; kept in the answer with
 * text after it, it gets a warning. */
static gboolean
starts_unlabelled_item (QaReader   *reader,
                        guint       index,
                        const Line *line,
                        guint      *list_next)
{
  KtNumbered kind = KT_NUMBERED_LIST;

  if (line->indented)
    return FALSE;
  if (line->has_answer)
    return TRUE;
  if (line->question)
    kind = kt_deck_parser_numbered_in_answer (line->number, reader->number, *list_next);
  if (kind == KT_NUMBERED_QUESTION)
    return TRUE;
  if (line->before_text)
    kt_deck_parser_warn_numbered (reader->parser, kind, index + 1, line->number, reader->number);
  *list_next = line->number + 1;
  return FALSE;
}

void
kt_format_qa_parse (KtDeckParser *parser)
{
  QaReader reader = { .parser = parser };
  State state = STATE_NONE;
  guint list_next = 0;
  guint unclosed_fence = 0;

  reader.lines = split_lines (parser, &unclosed_fence);
  reader.question = g_string_new (NULL);
  reader.scratch = g_string_new (NULL);

  for (guint i = 0; i < reader.lines->len; i++)
    {
      const Line *line = &g_array_index (reader.lines, Line, i);
      /* Pairs and questions without labels end at a heading or a rule. */
      gboolean ends_at_heading = state == STATE_ANSWER && reader.item != ITEM_NUMBERED;

      switch (line->kind)
        {
        case LINE_NUMBERED:
          if (state == STATE_ANSWER &&
              !(reader.item == ITEM_UNLABELLED ? starts_unlabelled_item (&reader, i, line, &list_next)
                                               : starts_item (line, &list_next)))
            {
              reader.answer_end = i + 1;
              break;
            }
          if (state == STATE_QUESTION || state == STATE_ANSWER)
            finish_item (&reader);
          begin_item (&reader, line->question && !line->has_answer ? ITEM_UNLABELLED : ITEM_NUMBERED,
                      i, line);
          list_next = 0;
          state = STATE_QUESTION;
          break;

        case LINE_QUESTION:
          /* "1." alone, then "Вопрос: …" on the next line. */
          if (state == STATE_QUESTION && kt_deck_parser_is_blank (reader.question->str,
                                                                  reader.question->len))
            {
              g_string_append_len (reader.question, line->start + line->offset,
                                   line->len - line->offset);
              break;
            }
          if (state == STATE_QUESTION || state == STATE_ANSWER)
            finish_item (&reader);
          begin_item (&reader, ITEM_PAIR, i, line);
          list_next = 0;
          state = STATE_QUESTION;
          break;

        case LINE_ANSWER:
          if (state == STATE_QUESTION)
            {
              begin_answer (&reader, i, line->offset);
              state = STATE_ANSWER;
              break;
            }
          /* "- A: …" in a list is text unless it answers a question. */
          if (line->item)
            {
              if (state == STATE_ANSWER)
                reader.answer_end = i + 1;
              break;
            }
          if (state == STATE_ANSWER)
            finish_item (&reader);
          kt_deck_add_diagnostic (parser->deck, i + 1, KT_SEVERITY_ERROR,
                                  _("an answer without a question"));
          state = STATE_SKIP;
          break;

        case LINE_TOPIC:
        case LINE_HEADING:
          /* In an answer, "# " may be a comment in unfenced code: only a
           * topic line when an item or the end of the file follows; a
           * heading when an item, a heading or the end does. */
          if (state == STATE_ANSWER && !ends_at_heading &&
              !(line->kind == LINE_TOPIC ? line->before_item : line->before_heading))
            {
              reader.answer_end = i + 1;
              break;
            }
          if (state == STATE_QUESTION && reader.item == ITEM_NUMBERED &&
              line->kind == LINE_HEADING && !line->before_heading)
            {
              g_string_append_c (reader.question, '\n');
              g_string_append_len (reader.question, line->start, line->len);
              break;
            }
          if (state == STATE_QUESTION || state == STATE_ANSWER)
            finish_item (&reader);
          if (line->kind == LINE_TOPIC)
            begin_topic (&reader, i, line);
          else
            begin_heading (&reader, line);
          state = STATE_NONE;
          break;

        case LINE_BLANK:
          break;

        case LINE_TEXT:
        default:
          if (line->rule)
            {
              /* A "---" between items separates them; after the answer of
               * a pair it ends it. */
              if (ends_at_heading)
                {
                  finish_item (&reader);
                  state = STATE_ENDED;
                }
              break;
            }
          if (state == STATE_QUESTION)
            {
              /* "N. …?" and text below it: the text is its answer. */
              if (reader.item == ITEM_UNLABELLED)
                {
                  begin_answer (&reader, i, 0);
                  state = STATE_ANSWER;
                  break;
                }
              g_string_append_c (reader.question, '\n');
              g_string_append_len (reader.question, line->start, line->len);
            }
          else if (state == STATE_ANSWER)
            reader.answer_end = i + 1;
          else if (state == STATE_ENDED)
            {
              kt_deck_add_diagnostic (parser->deck, i + 1, KT_SEVERITY_WARNING,
                                      _("this text is not part of any card: the rule above "
                                        "ended the answer before it"));
              state = STATE_NONE;
            }
          break;
        }
    }

  if (state == STATE_QUESTION || state == STATE_ANSWER)
    finish_item (&reader);

  if (unclosed_fence != 0)
    kt_deck_add_diagnostic (parser->deck, unclosed_fence, KT_SEVERITY_WARNING,
                            _("this code block is never closed; the rest of the file "
                              "is read as code"));

  clear_context (&reader, 0);
  g_string_free (reader.scratch, TRUE);
  g_string_free (reader.question, TRUE);
  g_array_unref (reader.lines);
}
