/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbered question/answer lists, the format of our first users' notes:
 *
 *   # Optional topic
 *   1. Question, possibly
 *   continued on more lines
 *   Ответ: the answer (or Answer: / A:), running on
 *   until the next numbered item.
 *
 * The text is read line by line. The one hard question is whether a
 * numbered line inside an answer starts the next item or belongs to a list
 * in the answer. It starts an item when an answer label follows it before
 * the next numbered line (known for every line from one backward pass, so
 * the whole parse stays linear); otherwise a list that starts at 1 and
 * counts up stays in the answer, and the next item number (previous + 1)
 * starts an item that then has no answer. Indented numbered lines and
 * everything inside ``` / ~~~ fences always belong to the answer.
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
  LINE_ANSWER,
  LINE_TOPIC,
} LineKind;

typedef struct {
  const char *start;
  guint       len;
  guint       kind : 8;       /* LineKind */
  guint       indented : 1;
  guint       rule : 1;         /* "---", "***" or "___": a separator */
  guint       has_answer : 1;   /* NUMBERED: a label follows before the next item */
  guint       before_item : 1;  /* next non-blank line is NUMBERED, or none */
  guint       number;           /* NUMBERED */
  guint       offset;           /* NUMBERED, ANSWER: where the text starts */
} Line;

typedef enum {
  STATE_NONE,       /* before the first item */
  STATE_QUESTION,   /* after "N. ", before the answer label */
  STATE_ANSWER,
  STATE_SKIP,       /* after an answer without a question */
} State;

typedef struct {
  KtDeckParser *parser;
  GArray       *lines;      /* (element-type Line) */
  KtTopic      *topic;      /* current, NULL until the first card or "# " */
  guint         n_topics;

  /* The item being read */
  guint         number;
  guint         line_no;
  GString      *question;
  gboolean      has_label;
  guint         answer_label_line;  /* index of the label line */
  guint         answer_end;         /* index after the last answer line */
} QaReader;

/* ``` or ~~~ (three or more) after at most three spaces. */
static gboolean
fence_open (const char *line,
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
          /* A closing fence: same character, at least as long, nothing after. */
          if (fence_open (line.start, line.len, &c, &n) && c == fence_char && n >= fence_len)
            {
              gsize j = i + n;

              while (j < line.len && (line.start[j] == ' ' || line.start[j] == '\t'))
                j++;
              if (j == line.len)
                fence_char = 0;
            }
        }
      else if (fence_open (line.start, line.len, &c, &n))
        {
          fence_char = c;
          fence_len = n;
          *unclosed_fence = lines->len + 1;
        }
      else if (kt_deck_parser_line_numbered (line.start, line.len, &line.number, &n))
        {
          line.kind = LINE_NUMBERED;
          line.offset = n;
        }
      else if ((n = kt_deck_parser_answer_label (line.start, line.len)) > 0)
        {
          line.kind = LINE_ANSWER;
          line.offset = n;
        }
      else if (line.len >= 2 && line.start[0] == '#' && line.start[1] == ' ')
        line.kind = LINE_TOPIC;
      else
        line.rule = is_rule (line.start, line.len);

      g_array_append_val (lines, line);
    }

  if (fence_char == 0)
    *unclosed_fence = 0;

  /* Backward: what follows each line. */
  for (guint k = lines->len; k > 0; k--)
    {
      Line *line = &g_array_index (lines, Line, k - 1);

      line->before_item = next_is_item;
      switch (line->kind)
        {
        case LINE_ANSWER:
          seen_label = TRUE;
          next_is_item = FALSE;
          break;
        case LINE_NUMBERED:
          line->has_answer = seen_label;
          seen_label = FALSE;
          next_is_item = TRUE;
          break;
        case LINE_TOPIC:
          seen_label = FALSE;
          next_is_item = FALSE;
          break;
        case LINE_BLANK:
          break;
        case LINE_TEXT:
        default:
          if (!line->rule)
            next_is_item = FALSE;
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

/* "Вопрос: …", "Question: …", "Q: …" before the question text is a label,
 * not part of the question. */
static const char *
skip_question_label (const char *text)
{
  static const char *const labels[] = {
    "Вопрос:", "вопрос:", "ВОПРОС:", "Question:", "Q:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gsize len = strlen (labels[i]);

      if (g_ascii_strncasecmp (text, labels[i], len) == 0)
        {
          text += len;
          while (*text == ' ' || *text == '\t')
            text++;
          break;
        }
    }

  return text;
}

static void
begin_item (QaReader   *reader,
            guint       index,
            const Line *line)
{
  reader->number = line->number;
  reader->line_no = index + 1;
  g_string_truncate (reader->question, 0);
  g_string_append_len (reader->question, line->start + line->offset, line->len - line->offset);
  reader->has_label = FALSE;
}

static void
finish_item (QaReader *reader)
{
  KtDeckParser *parser = reader->parser;
  g_autofree char *trimmed = kt_deck_parser_strip_blank_lines (reader->question->str,
                                                               reader->question->len);
  const char *question = skip_question_label (g_strstrip (trimmed));
  g_autoptr(GString) answer = NULL;
  g_autofree char *answer_text = NULL;

  if (*question == '\0')
    {
      kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                              _("item %u has no question"), reader->number);
      return;
    }
  if (!reader->has_label)
    {
      kt_deck_add_diagnostic (parser->deck, reader->line_no, KT_SEVERITY_ERROR,
                              _("item %u has no answer (a line starting with “Ответ:” "
                                "or “Answer:”)"), reader->number);
      return;
    }

  /* The label line's rest, then the following lines as they are. */
  answer = g_string_new (NULL);
  for (guint k = reader->answer_label_line; k < reader->answer_end; k++)
    {
      const Line *line = &g_array_index (reader->lines, Line, k);

      if (k == reader->answer_label_line)
        {
          const char *rest = line->start + line->offset;
          const char *end = line->start + line->len;

          while (rest < end && (*rest == ' ' || *rest == '\t'))
            rest++;
          g_string_append_len (answer, rest, end - rest);
        }
      else
        {
          g_string_append_c (answer, '\n');
          g_string_append_len (answer, line->start, line->len);
        }
    }
  answer_text = kt_deck_parser_strip_blank_lines (answer->str, answer->len);

  if (*answer_text == '\0')
    kt_deck_add_diagnostic (parser->deck, reader->answer_label_line + 1, KT_SEVERITY_WARNING,
                            _("item %u has an empty answer"), reader->number);

  kt_deck_parser_add_card (parser, current_topic (reader), NULL, NULL, question, answer_text,
                           NULL, NULL, reader->line_no);
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

/* A numbered line met while reading an answer: next item, or a list
 * inside the answer? See the comment at the top. */
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

void
kt_format_qa_parse (KtDeckParser *parser)
{
  QaReader reader = { .parser = parser };
  State state = STATE_NONE;
  guint list_next = 0;
  guint unclosed_fence = 0;

  reader.lines = split_lines (parser, &unclosed_fence);
  reader.question = g_string_new (NULL);

  for (guint i = 0; i < reader.lines->len; i++)
    {
      const Line *line = &g_array_index (reader.lines, Line, i);

      switch (line->kind)
        {
        case LINE_NUMBERED:
          if (state == STATE_ANSWER && !starts_item (line, &list_next))
            {
              reader.answer_end = i + 1;
              break;
            }
          if (state == STATE_QUESTION || state == STATE_ANSWER)
            finish_item (&reader);
          begin_item (&reader, i, line);
          list_next = 0;
          state = STATE_QUESTION;
          break;

        case LINE_ANSWER:
          if (state == STATE_QUESTION)
            {
              reader.has_label = TRUE;
              reader.answer_label_line = i;
              reader.answer_end = i + 1;
              state = STATE_ANSWER;
              break;
            }
          if (state == STATE_ANSWER)
            finish_item (&reader);
          kt_deck_add_diagnostic (parser->deck, i + 1, KT_SEVERITY_ERROR,
                                  _("an answer without a question"));
          state = STATE_SKIP;
          break;

        case LINE_TOPIC:
          /* In an answer, "# " may be a comment in unfenced code: only a
           * topic line when an item or the end of the file follows. */
          if (state == STATE_ANSWER && !line->before_item)
            {
              reader.answer_end = i + 1;
              break;
            }
          if (state == STATE_QUESTION || state == STATE_ANSWER)
            finish_item (&reader);
          begin_topic (&reader, i, line);
          state = STATE_NONE;
          break;

        case LINE_BLANK:
          break;

        case LINE_TEXT:
        default:
          /* A "---" between items separates them; it is not text. */
          if (line->rule)
            break;
          if (state == STATE_QUESTION)
            {
              g_string_append_c (reader.question, '\n');
              g_string_append_len (reader.question, line->start, line->len);
            }
          else if (state == STATE_ANSWER)
            reader.answer_end = i + 1;
          break;
        }
    }

  if (state == STATE_QUESTION || state == STATE_ANSWER)
    finish_item (&reader);

  if (unclosed_fence != 0)
    kt_deck_add_diagnostic (parser->deck, unclosed_fence, KT_SEVERITY_WARNING,
                            _("this code block is never closed; the rest of the file "
                              "is read as code"));

  g_string_free (reader.question, TRUE);
  g_array_unref (reader.lines);
}
