/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Knowledge-base markdown (Obsidian-style notes): optional YAML frontmatter,
 * then one card per "## " section, with bold labels saying which text is
 * the summary, the question and the answer:
 *
 *   ---
 *   title: Async Python
 *   ---
 *   ## Event loop
 *   **Кратко:** one line          (or Summary / TL;DR)
 *   **Типовой вопрос:**           (or Вопрос / Question)
 *   What does the event loop do?
 *   **Ответ:**                    (or Answer)
 *   Markdown, lists and ```code``` until the next label or section.
 *
 * cmark does the markdown (so "---" and "## " inside code fences are code)
 * and libyaml the frontmatter. Card text is cut back out of the source by
 * the line (and, for the end of a label, column) positions cmark reports,
 * so answers stay the markdown the user wrote, code fences and all.
 */
#include "config.h"

#include <string.h>
#include <cmark.h>
#include <yaml.h>
#include <glib/gi18n.h>

#include "kt-format-notes.h"
#include "kt-text.h"

typedef enum {
  FIELD_NOTES,
  FIELD_SUMMARY,
  FIELD_QUESTION,
  FIELD_ANSWER,
  N_FIELDS,
  FIELD_NONE = N_FIELDS,
} Field;

/* A stretch of body text that belongs to one field of a section. */
typedef struct {
  Field     field;
  gsize     start;
  gsize     len;
} Piece;

typedef struct {
  const char *title;          /* heading as plain text; NULL before the first "## " */
  guint     line;             /* file line of the heading (or first block) */
  gboolean  labelled[N_FIELDS];

  /* The section's pieces, in order: a range of NotesReader.pieces (they
   * are only copied out when the card is made, with no string per field
   * per section meanwhile). */
  guint     first_piece;
  guint     n_pieces;

  /* Consecutive pieces of one field are kept as one stretch of source, so
   * blank lines and list spacing between them stay as written. */
  Field     run_field;
  gsize     run_start;
  gsize     run_end;
} Section;

typedef struct {
  KtDeckParser *parser;
  const char   *body;         /* the markdown after the frontmatter */
  gsize         body_len;
  guint         line_offset;  /* file line = body line + line_offset */
  gsize        *line_starts;  /* body offset of each line, then body_len */
  guint         n_lines;

  /* Frontmatter */
  char         *fm_id;
  char         *fm_title;
  char         *fm_permalink;
  GPtrArray    *fm_tags;

  const char   *h1_title;
  GStringChunk *titles;       /* every heading's plain text */
  GArray       *sections;     /* (element-type Section) */
  Section      *section;      /* the last one, being filled */
  GArray       *pieces;       /* (element-type Piece), of every section */
  GString      *scratch;      /* plain text of a heading, or of a bold run that may be a label */
  GString      *fields[N_FIELDS];   /* the card being made */
  Field         current;      /* where blocks go now */
  Field         pending;      /* label with nothing after it on its line(s) */
} NotesReader;

/* -------------------------------------------------------------------------
 * Source positions
 * ---------------------------------------------------------------------- */

/* One entry per line, a plain array grown by doubling: a big deck has a
 * million lines, and g_array_append_val() was a call per line. */
static gsize *
index_lines (const char *text,
             gsize       len,
             guint      *n_lines)
{
  gsize capacity = 1024;
  gsize *starts = g_new (gsize, capacity);
  guint n = 0;
  const char *p = text;
  const char *end = text + len;

  starts[n++] = 0;
  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      if (n + 1 == capacity)
        starts = g_renew (gsize, starts, capacity *= 2);
      starts[n++] = ++p - text;
    }
  starts[n] = len;   /* sentinel; the loop kept room for it */

  *n_lines = n;
  return starts;
}

/* Offset of the start of body line @line (1-based), clamped. */
static gsize
line_start (NotesReader *reader,
            int          line)
{
  guint n = reader->n_lines;

  if (line < 1)
    return 0;
  if ((guint) line > n)
    return reader->body_len;
  return reader->line_starts[line - 1];
}

/* Offset just after the text of body line @line (before its newline). */
static gsize
line_end (NotesReader *reader,
          int          line)
{
  guint n = reader->n_lines;

  if (line < 1)
    return 0;
  if ((guint) line >= n)
    return reader->body_len;
  /* Every line but the last ends in '\n', just before the next one's
   * start (the text itself is not read: in a big deck it is out of the
   * cache by now). */
  return reader->line_starts[line] - 1;
}

/* -------------------------------------------------------------------------
 * Frontmatter
 * ---------------------------------------------------------------------- */

static gboolean
is_frontmatter_end (const char *line,
                    gsize       len)
{
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;

  return len == 3 && (strncmp (line, "---", 3) == 0 || strncmp (line, "...", 3) == 0);
}

static char *
scalar_value (yaml_node_t *node)
{
  g_autofree char *value = NULL;

  if (node == NULL || node->type != YAML_SCALAR_NODE)
    return NULL;
  value = g_strndup ((const char *) node->data.scalar.value, node->data.scalar.length);
  g_strstrip (value);

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* Tags as a list, or as one string "a, b" / "a b"; a leading '#' is
 * Obsidian's tag marker, not part of the name. */
static void
add_tag (NotesReader *reader,
         const char  *tag)
{
  while (*tag == '#')
    tag++;
  if (*tag == '\0')
    return;
  for (guint i = 0; i < reader->fm_tags->len; i++)
    if (strcmp (g_ptr_array_index (reader->fm_tags, i), tag) == 0)
      return;
  g_ptr_array_add (reader->fm_tags, g_strdup (tag));
}

static void
read_tags (NotesReader   *reader,
           yaml_document_t *doc,
           yaml_node_t   *node)
{
  if (node->type == YAML_SEQUENCE_NODE)
    {
      for (yaml_node_item_t *item = node->data.sequence.items.start;
           item < node->data.sequence.items.top; item++)
        {
          g_autofree char *tag = scalar_value (yaml_document_get_node (doc, *item));

          if (tag != NULL)
            add_tag (reader, tag);
        }
    }
  else if (node->type == YAML_SCALAR_NODE)
    {
      g_autofree char *value = scalar_value (node);
      g_auto(GStrv) parts = NULL;

      if (value == NULL)
        return;
      parts = g_strsplit_set (value, ", \t", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        add_tag (reader, parts[i]);
    }
}

static void
read_frontmatter (NotesReader *reader,
                  const char  *yaml,
                  gsize        len,
                  guint        first_line)
{
  KtDeck *deck = reader->parser->deck;
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_node_t *root;

  if (!yaml_parser_initialize (&parser))
    return;
  yaml_parser_set_input_string (&parser, (const unsigned char *) yaml, len);
  yaml_parser_set_encoding (&parser, YAML_UTF8_ENCODING);

  if (!yaml_parser_load (&parser, &doc))
    {
      kt_deck_add_diagnostic (deck, first_line + parser.problem_mark.line, KT_SEVERITY_WARNING,
                              _("the frontmatter is not valid YAML (%s); it is ignored"),
                              parser.problem != NULL ? parser.problem : "?");
      yaml_parser_delete (&parser);
      return;
    }

  root = yaml_document_get_root_node (&doc);
  if (root != NULL && root->type == YAML_MAPPING_NODE)
    {
      for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
           pair < root->data.mapping.pairs.top; pair++)
        {
          g_autofree char *key = scalar_value (yaml_document_get_node (&doc, pair->key));
          yaml_node_t *value = yaml_document_get_node (&doc, pair->value);

          if (key == NULL || value == NULL)
            continue;
          if (g_ascii_strcasecmp (key, "id") == 0 && reader->fm_id == NULL)
            reader->fm_id = scalar_value (value);
          else if (g_ascii_strcasecmp (key, "title") == 0 && reader->fm_title == NULL)
            reader->fm_title = scalar_value (value);
          else if (g_ascii_strcasecmp (key, "permalink") == 0 && reader->fm_permalink == NULL)
            reader->fm_permalink = scalar_value (value);
          else if (g_ascii_strcasecmp (key, "tags") == 0)
            read_tags (reader, &doc, value);
        }
    }
  else if (root != NULL)
    kt_deck_add_diagnostic (deck, first_line, KT_SEVERITY_WARNING,
                            _("the frontmatter is not a list of “key: value” pairs; "
                              "it is ignored"));

  yaml_document_delete (&doc);
  yaml_parser_delete (&parser);
}

/* Splits off a leading "---" … "---" block. Returns where the markdown
 * starts, and how many file lines come before it. */
static gsize
split_frontmatter (NotesReader *reader,
                   guint       *lines_before)
{
  const char *text = reader->parser->text;
  gsize len = reader->parser->len;
  const char *p;
  const char *end = text + len;
  const char *first_nl = memchr (text, '\n', len);
  guint line = 1;

  *lines_before = 0;
  if (first_nl == NULL || !is_frontmatter_end (text, first_nl - text) || text[0] != '-')
    return 0;

  for (p = first_nl + 1; p < end; line++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_stop = nl != NULL ? nl : end;

      if (is_frontmatter_end (p, line_stop - p))
        {
          read_frontmatter (reader, first_nl + 1, p - (first_nl + 1), 2);
          *lines_before = line + 1;
          return nl != NULL ? (gsize) (nl + 1 - text) : len;
        }
      p = nl != NULL ? nl + 1 : end;
    }

  kt_deck_add_diagnostic (reader->parser->deck, 1, KT_SEVERITY_WARNING,
                          _("the frontmatter that starts here is never closed with “---”; "
                            "it is read as markdown"));
  return 0;
}

/* -------------------------------------------------------------------------
 * Labels and plain text
 * ---------------------------------------------------------------------- */

static void
append_plain_text (GString    *out,
                   cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL;
       child = cmark_node_next (child))
    {
      switch (cmark_node_get_type (child))
        {
        /* Inline HTML is text too: "## What does <br> do?" keeps its
         * tag, as the card view shows it. */
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
          g_string_append (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        default:
          append_plain_text (out, child);
          break;
        }
    }
}

/* A heading as plain text, trimmed, kept until the cards are made. They
 * share a few big blocks: a string each meant a malloc and several
 * reallocs per section. */
static const char *
plain_text (NotesReader *reader,
            cmark_node  *node)
{
  GString *text = reader->scratch;
  const char *start;
  gsize len;

  g_string_truncate (text, 0);
  append_plain_text (text, node);
  start = text->str;
  len = text->len;
  while (len > 0 && g_ascii_isspace (*start))
    start++, len--;
  while (len > 0 && g_ascii_isspace (start[len - 1]))
    len--;

  return g_string_chunk_insert_len (reader->titles, start, len);
}

static Field
label_field (NotesReader *reader,
             cmark_node  *strong)
{
  static const struct {
    const char *label;
    Field       field;
  } labels[] = {
    { "кратко", FIELD_SUMMARY },
    { "summary", FIELD_SUMMARY },
    { "tl;dr", FIELD_SUMMARY },
    { "tldr", FIELD_SUMMARY },
    { "типовой вопрос", FIELD_QUESTION },
    { "вопрос", FIELD_QUESTION },
    { "question", FIELD_QUESTION },
    { "ответ", FIELD_ANSWER },
    { "answer", FIELD_ANSWER },
  };
  GString *text = reader->scratch;
  char *start;
  gsize len;

  g_string_truncate (text, 0);
  append_plain_text (text, strong);
  start = text->str;
  len = text->len;
  while (len > 0 && g_ascii_isspace (*start))
    start++, len--;
  /* "**Ответ:**", "**Ответ**:" and "**Ответ**" are all labels. */
  while (len > 0 && (start[len - 1] == ':' || g_ascii_isspace (start[len - 1])))
    len--;
  start[len] = '\0';

  /* Search folding is casefolding (plus ё → е, which no label has), and
   * much faster for the Russian and English of every label. */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (kt_text_folds_to (start, labels[i].label))
      return labels[i].field;

  return FIELD_NONE;
}

/* Whether @node is the first inline of one of its paragraph's lines. */
static gboolean
starts_line (cmark_node *node)
{
  cmark_node *prev = cmark_node_previous (node);

  return prev == NULL ||
         cmark_node_get_type (prev) == CMARK_NODE_SOFTBREAK ||
         cmark_node_get_type (prev) == CMARK_NODE_LINEBREAK;
}

/* A label is a strong node at the start of one of the paragraph's lines. */
static Field
node_label (NotesReader *reader,
            cmark_node  *node)
{
  if (cmark_node_get_type (node) != CMARK_NODE_STRONG || !starts_line (node))
    return FIELD_NONE;

  return label_field (reader, node);
}

/* The last of body lines @first … @last that starts (after blanks) with
 * "**" or "__", as a label's strong node must; 0 if none. Reading the
 * source is much cheaper than visiting cmark's nodes, which a big deck
 * has too many of to stay in the cache. */
static int
last_label_line (NotesReader *reader,
                 int          first,
                 int          last)
{
  const char *body = reader->body;

  for (int line = last; line >= first; line--)
    {
      gsize i = line_start (reader, line);
      gsize stop = line_end (reader, line);

      while (i < stop && (body[i] == ' ' || body[i] == '\t'))
        i++;
      if (i + 1 < stop && (body[i] == '*' || body[i] == '_') && body[i + 1] == body[i])
        return line;
    }

  return 0;
}

/* Where the text after a label starts: after the closing "**", any colon
 * and blanks. cmark's column for the end of the strong node is used when it
 * points at the closing delimiter; otherwise the line is searched. */
static gsize
after_label (NotesReader *reader,
             cmark_node  *strong)
{
  int line = cmark_node_get_end_line (strong);
  gsize start = line_start (reader, line);
  gsize stop = line_end (reader, line);
  gsize pos = start + MAX (cmark_node_get_end_column (strong), 0);
  const char *body = reader->body;

  if (pos <= start || pos > stop || (body[pos - 1] != '*' && body[pos - 1] != '_'))
    {
      gsize i = start;

      while (i < stop && (body[i] == ' ' || body[i] == '\t'))
        i++;
      i += 2;   /* the opening delimiter */
      pos = stop;
      for (; i + 1 < stop; i++)
        if ((body[i] == '*' && body[i + 1] == '*') || (body[i] == '_' && body[i + 1] == '_'))
          {
            pos = i + 2;
            break;
          }
    }

  while (pos < stop && (body[pos] == ':' || body[pos] == ' ' || body[pos] == '\t'))
    pos++;
  /* A full-width colon, as some input methods type it. */
  if (stop - pos >= 3 && memcmp (body + pos, "\xEF\xBC\x9A", 3) == 0)
    pos += 3;
  while (pos < stop && (body[pos] == ' ' || body[pos] == '\t'))
    pos++;

  return pos;
}

/* -------------------------------------------------------------------------
 * Sections
 * ---------------------------------------------------------------------- */

static void
flush_run (NotesReader *reader)
{
  Section *section = reader->section;
  Piece piece;

  if (section == NULL || section->run_field == FIELD_NONE)
    return;

  piece.field = section->run_field;
  piece.len = section->run_end - section->run_start;
  piece.start = kt_deck_parser_trim_blank_lines (reader->body + section->run_start, &piece.len) -
                reader->body;
  if (piece.len > 0)
    {
      g_array_append_val (reader->pieces, piece);
      section->n_pieces++;
    }
  section->run_field = FIELD_NONE;
}

/* Adds body bytes [start, end) to @field of the current section. */
static void
add_text (NotesReader *reader,
          Field        field,
          gsize        start,
          gsize        end)
{
  Section *section = reader->section;

  if (section == NULL || end <= start)
    return;

  if (section->run_field == field)
    {
      section->run_end = end;
      return;
    }
  flush_run (reader);
  section->run_field = field;
  section->run_start = start;
  section->run_end = end;
}

static void
begin_section (NotesReader *reader,
               const char  *title,
               guint        line)
{
  Section section = { .title = title, .line = line, .run_field = FIELD_NONE };

  flush_run (reader);
  section.first_piece = reader->pieces->len;
  g_array_append_val (reader->sections, section);
  reader->section = &g_array_index (reader->sections, Section, reader->sections->len - 1);
  reader->current = FIELD_NOTES;
  reader->pending = FIELD_NONE;
}

/* Where the next block goes: a label with no text on its own line takes
 * the next block; after a summary or question the rest is notes; after an
 * answer label everything is answer until the next label or section. */
static Field
take_block_field (NotesReader *reader)
{
  Field field = reader->pending;

  if (field != FIELD_NONE)
    {
      reader->pending = FIELD_NONE;
      if (field != FIELD_ANSWER)
        reader->current = FIELD_NOTES;
      return field;
    }

  return reader->current;
}

/* A label starts a new stretch of text. */
static void
begin_label (NotesReader *reader,
             Field        field)
{
  flush_run (reader);
  reader->section->labelled[field] = TRUE;
  reader->current = field == FIELD_ANSWER ? FIELD_ANSWER : FIELD_NOTES;
  reader->pending = FIELD_NONE;
}

/* The text after a label, up to the next label or the paragraph's end.
 * If there is none, the label takes the next block. */
static void
end_label (NotesReader *reader,
           Field        field,
           gsize        start,
           gsize        end)
{
  if (end > start && !kt_deck_parser_is_blank (reader->body + start, end - start))
    {
      add_text (reader, field, start, end);
      reader->pending = FIELD_NONE;
    }
  else
    reader->pending = field;
}

static void
read_paragraph (NotesReader *reader,
                cmark_node  *paragraph)
{
  int first_line = cmark_node_get_start_line (paragraph);
  int end_line = cmark_node_get_end_line (paragraph);
  gsize para_end = line_end (reader, end_line);
  gsize text_start = line_start (reader, first_line);
  Field field = FIELD_NONE;       /* the label whose text we are in */
  int label_lines_end = last_label_line (reader, first_line, end_line);

  /* Inlines after the first one of the last line that could hold a label
   * cannot be labels: they are not visited. */
  for (cmark_node *child = label_lines_end > 0 ? cmark_node_first_child (paragraph) : NULL;
       child != NULL; child = cmark_node_next (child))
    {
      Field label = node_label (reader, child);
      gsize label_line_start;

      if (label == FIELD_NONE)
        {
          if (cmark_node_get_start_line (child) >= label_lines_end && starts_line (child))
            break;
          continue;
        }

      /* Up to the label's line: loose text, or the previous label's. */
      label_line_start = line_start (reader, cmark_node_get_start_line (child));
      if (field == FIELD_NONE)
        add_text (reader, take_block_field (reader), text_start, label_line_start);
      else
        end_label (reader, field, text_start, label_line_start);

      field = label;
      text_start = after_label (reader, child);
      begin_label (reader, label);
      if (cmark_node_get_start_line (child) >= label_lines_end)
        break;
    }

  if (field == FIELD_NONE)
    add_text (reader, take_block_field (reader), text_start, para_end);
  else
    end_label (reader, field, text_start, para_end);
}

static void
read_block (NotesReader *reader,
            cmark_node  *node)
{
  int first = cmark_node_get_start_line (node);
  int last = cmark_node_get_end_line (node);

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
      if (cmark_node_get_heading_level (node) <= 2)
        {
          const char *title = plain_text (reader, node);

          if (cmark_node_get_heading_level (node) == 2)
            {
              begin_section (reader, title, first + reader->line_offset);
              return;
            }

          /* "# Title": the note's title; it ends the section before it. */
          if (reader->h1_title == NULL && *title != '\0')
            reader->h1_title = title;
          flush_run (reader);
          reader->section = NULL;
          return;
        }
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      flush_run (reader);
      reader->current = FIELD_NOTES;
      reader->pending = FIELD_NONE;
      return;

    case CMARK_NODE_PARAGRAPH:
      if (reader->section == NULL)
        begin_section (reader, NULL, first + reader->line_offset);
      read_paragraph (reader, node);
      return;

    default:
      break;
    }

  if (reader->section == NULL)
    begin_section (reader, NULL, first + reader->line_offset);

  /* Lists may end on a blank line: stop at the last line with text. */
  while (last > first && kt_deck_parser_is_blank (reader->body + line_start (reader, last),
                                                  line_end (reader, last) - line_start (reader, last)))
    last--;

  add_text (reader, take_block_field (reader), line_start (reader, first), line_end (reader, last));
}

/* -------------------------------------------------------------------------
 * Cards
 * ---------------------------------------------------------------------- */

static char *
permalink_title (const char *permalink)
{
  g_auto(GStrv) parts = NULL;

  if (permalink == NULL)
    return NULL;
  parts = g_strsplit (permalink, "/", -1);
  for (guint i = g_strv_length (parts); i > 0; i--)
    {
      g_strstrip (parts[i - 1]);
      if (*parts[i - 1] != '\0')
        return g_strdup (parts[i - 1]);
    }

  return NULL;
}

/* The section's text of each field, its pieces joined by blank lines, in
 * reader->fields; NULL for a field without text. */
static void
collect_fields (NotesReader *reader,
                Section     *section,
                const char  *fields[N_FIELDS])
{
  for (guint i = 0; i < N_FIELDS; i++)
    g_string_truncate (reader->fields[i], 0);

  for (guint k = section->first_piece; k < section->first_piece + section->n_pieces; k++)
    {
      const Piece *piece = &g_array_index (reader->pieces, Piece, k);
      GString *text = reader->fields[piece->field];

      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append_len (text, reader->body + piece->start, piece->len);
    }

  for (guint i = 0; i < N_FIELDS; i++)
    fields[i] = reader->fields[i]->len > 0 ? reader->fields[i]->str : NULL;
}

static void
add_section_card (NotesReader *reader,
                  KtTopic     *topic,
                  Section     *section)
{
  KtDeckParser *parser = reader->parser;
  const char *fields[N_FIELDS];
  const char *question;
  const char *answer;
  const char *notes;
  gboolean labelled = section->labelled[FIELD_QUESTION] || section->labelled[FIELD_ANSWER] ||
                      section->labelled[FIELD_SUMMARY];

  /* Text before the first "## " is a card only if it uses the labels. */
  if (section->title == NULL && !labelled)
    return;

  collect_fields (reader, section, fields);
  question = fields[FIELD_QUESTION];
  answer = fields[FIELD_ANSWER];
  notes = fields[FIELD_NOTES];

  if (question == NULL)
    {
      if (section->labelled[FIELD_QUESTION])
        kt_deck_add_diagnostic (parser->deck, section->line, KT_SEVERITY_WARNING,
                                _("the question label has no text; the heading is used "
                                  "as the question"));
      question = section->title != NULL ? section->title : kt_topic_get_title (topic);
    }

  /* Without an answer label, the section's text is the answer. */
  if (!section->labelled[FIELD_ANSWER])
    {
      answer = notes;
      notes = NULL;
    }

  if (question == NULL || *question == '\0')
    {
      kt_deck_add_diagnostic (parser->deck, section->line, KT_SEVERITY_ERROR,
                              _("a section without a heading or a question is skipped"));
      return;
    }
  if (answer == NULL)
    {
      kt_deck_add_diagnostic (parser->deck, section->line, KT_SEVERITY_WARNING,
                              _("section “%s” has no answer; it is skipped"), question);
      return;
    }

  kt_deck_parser_add_card (parser, topic, section->title, NULL, question, answer,
                           fields[FIELD_SUMMARY], notes, section->line);
}

void
kt_format_notes_parse (KtDeckParser *parser)
{
  NotesReader reader = { .parser = parser };
  g_autofree char *title = NULL;
  cmark_node *doc;
  KtTopic *topic;
  gsize body_start;

  reader.fm_tags = g_ptr_array_new_with_free_func (g_free);
  reader.sections = g_array_new (FALSE, FALSE, sizeof (Section));
  reader.titles = g_string_chunk_new (4096);
  reader.pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  reader.scratch = g_string_new (NULL);
  for (guint i = 0; i < N_FIELDS; i++)
    reader.fields[i] = g_string_new (NULL);
  reader.current = FIELD_NOTES;
  reader.pending = FIELD_NONE;

  body_start = split_frontmatter (&reader, &reader.line_offset);
  reader.body = parser->text + body_start;
  reader.body_len = parser->len - body_start;
  reader.line_starts = index_lines (reader.body, reader.body_len, &reader.n_lines);

  doc = cmark_parse_document (reader.body, reader.body_len, CMARK_OPT_DEFAULT);
  for (cmark_node *node = cmark_node_first_child (doc); node != NULL; node = cmark_node_next (node))
    {
      cmark_node *next = cmark_node_next (node);

      /* A big deck's nodes are far out of the cache. While this block is
       * read, fetch the one after the next (the next one was fetched a
       * block ago) and the next one's first inline. */
      if (next != NULL)
        {
          __builtin_prefetch (cmark_node_next (next));
          __builtin_prefetch (cmark_node_first_child (next));
        }
      read_block (&reader, node);
    }
  flush_run (&reader);
  cmark_node_free (doc);

  if (reader.fm_title != NULL)
    title = g_strdup (reader.fm_title);
  else if (reader.h1_title != NULL)
    title = g_strdup (reader.h1_title);
  else
    title = permalink_title (reader.fm_permalink);

  topic = kt_deck_parser_add_topic (parser,
                                    reader.fm_id != NULL ? reader.fm_id : parser->topic_id,
                                    title != NULL ? title : parser->fallback_title);
  if (reader.fm_tags->len > 0)
    {
      g_ptr_array_add (reader.fm_tags, NULL);
      kt_topic_set_tags (topic, (const char * const *) reader.fm_tags->pdata);
    }

  for (guint i = 0; i < reader.sections->len; i++)
    add_section_card (&reader, topic, &g_array_index (reader.sections, Section, i));

  g_array_unref (reader.sections);
  g_array_unref (reader.pieces);
  g_string_free (reader.scratch, TRUE);
  for (guint i = 0; i < N_FIELDS; i++)
    g_string_free (reader.fields[i], TRUE);
  g_ptr_array_unref (reader.fm_tags);
  g_free (reader.line_starts);
  g_free (reader.fm_id);
  g_free (reader.fm_title);
  g_free (reader.fm_permalink);
  g_string_chunk_free (reader.titles);
}
