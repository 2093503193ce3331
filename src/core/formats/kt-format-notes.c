/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Knowledge-base markdown (Obsidian-style notes): optional YAML frontmatter,
 * then sections under headings, with labels saying which text is the
 * summary, the question and the answer:
 *
 *   ---
 *   title: Async Python
 *   ---
 *   ## Event loop
 *   **Кратко:** one line          (or Summary / TL;DR)
 *   **Типовой вопрос:**           (or Вопрос / Question / В / Q)
 *   What does the event loop do?
 *   **Ответ:**                    (or Answer / О / A; plain "Ответ:" too)
 *   Markdown, lists and ```code``` until the next label or section.
 *
 * A label owns what follows it, up to the next label, a rule or the next
 * heading. Headings "#" to "####" nest: a heading whose own text holds
 * labels is a card; one whose sub-headings hold them is their context (the
 * card's breadcrumb); in a part without labels each heading with text is
 * a card, the heading its question. Several question/answer pairs, and
 * numbered questions ("1. What is X?" with its answer below), make a card
 * each. docs/deck-format.md has every rule.
 *
 * cmark does the markdown (so "---" and "## " inside code fences are code)
 * and libyaml the frontmatter. One pass over cmark's top-level blocks cuts
 * the text into pieces, each a stretch of source for one field of one
 * unit (a card to be) of one section; labels are found in the source
 * lines of paragraphs and list items. Once every section is known, the
 * tree of headings says which sections are cards, context, or part of
 * another card, and the cards are cut back out of the source, so answers
 * stay the markdown the user wrote, code fences and all.
 *
 * One file: the frontmatter, the pass over the blocks and the making of
 * cards share the reader's state and nothing else uses them.
 */
#include "config.h"

#include <string.h>
#include <cmark.h>
#include <yaml.h>
#include <glib/gi18n.h>

#include "kt-format-notes.h"
#include "kt-notes-chunks.h"
#include "kt-text.h"

typedef enum {
  FIELD_NOTES,
  FIELD_SUMMARY,
  FIELD_QUESTION,
  FIELD_ANSWER,
  N_FIELDS,
  FIELD_NONE = N_FIELDS,
} Field;

#define FIELD_BIT(field) (1u << (field))

/* A stretch of body text that belongs to one field of a unit. */
typedef struct {
  gsize     start;
  gsize     len;
  guint8    field;      /* Field */
  /* A label's own text (the rest of its paragraph, or the block after
   * it), not what follows it: without an answer label, what follows a
   * summary or a question is the answer. */
  guint8    head;
  /* Text of a section without labels, before any rule in it: in the
   * card that takes the section in, it joins the field the card's own
   * text ended in. */
  guint8    inherit;
} Piece;

/* A card to be: a section holds one, or several when it has question and
 * answer pairs or numbered questions. Its pieces are a range of
 * NotesReader.pieces. */
typedef struct {
  guint     first_piece;
  guint     n_pieces;
  guint     line;         /* file line: the heading's, or that of its first text */
  guint     label_line;   /* file line of its first label or numbered question */
  guint     number;       /* of its numbered question; 0 if it has none */
  guint8    labelled;     /* FIELD_BIT of each label met */
  guint8    numbered;     /* it began with a numbered question */
  guint8    explicit;     /* it has labels of its own: they own its text */
  guint8    end_field;    /* where text went when it ended */
} Unit;

typedef enum {
  ROLE_NONE,        /* text before any "##" without labels: not a card */
  ROLE_CARD,        /* its units are cards */
  ROLE_HEADING,     /* no labels: the heading is the question, the text the answer */
  ROLE_WHOLE,       /* a heading card whose sub-headings are part of its answer */
  ROLE_ABSORBED,    /* part of the last card of the section in `owner` */
  ROLE_INTRO,       /* groups cards; its text goes to the next card's notes */
  ROLE_CONTEXT,     /* groups cards, no text of its own */
  ROLE_EMPTY,       /* a heading with nothing under it */
} Role;

typedef struct {
  const char *title;      /* heading as plain text; NULL for the text before any heading */
  gsize     heading_start;  /* the heading's source */
  gsize     heading_end;
  int       parent;       /* index of the enclosing section; -1 for the first */
  guint     level;        /* 0: the text before any heading; else the heading's */
  guint     first_unit;
  guint     n_units;

  /* Worked out once every section is known */
  guint     role : 4;
  guint     labelled : 1;           /* one of its units has a label */
  guint     subtree_labelled : 1;   /* … or one of a section below it */
  guint     has_children : 1;
  guint     question_children : 1;  /* a sub-heading ends with "?" */
  int       owner;                  /* ROLE_ABSORBED: the card section */
  int       first_absorbed;         /* sections it takes in, chained in order */
  int       last_absorbed;
  int       next_absorbed;
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
  GPtrArray    *fm_tags;
  GHashTable   *fm_tag_set;   /* the same tags, to find repeats */

  const char   *h1_title;
  guint         n_h1;
  GStringChunk *titles;       /* every heading's plain text */
  GArray       *sections;     /* (element-type Section) */
  GArray       *units;        /* (element-type Unit), of every section */
  GArray       *pieces;       /* (element-type Piece), of every unit */
  GString      *scratch;      /* plain text of a heading */

  /* Where the pass is */
  Field         current;      /* where blocks go now */
  Field         pending;      /* label with nothing after it on its line(s) */
  gboolean      after_rule;   /* a rule came in this section */
  guint         float_start;  /* first piece after a rule: a unit begun later takes them */
  guint         list_next;    /* in a numbered question's answer: its list's next number */

  /* Consecutive pieces of one kind are kept as one stretch of source, so
   * blank lines and list spacing between them stay as written. */
  Field         run_field;
  gboolean      run_head;
  gsize         run_start;
  gsize         run_end;

  /* Making cards */
  GString      *fields[N_FIELDS];
  gsize         field_end[N_FIELDS];   /* where each field's last piece ended */
  GString      *context;
  GString      *notes;
  GArray       *intros;       /* (element-type int): ROLE_INTRO sections waiting for a card */
} NotesReader;

#define NO_PIECE G_MAXUINT

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

/* A note's own keys need neither more bytes nor more depth. */
#define FRONTMATTER_MAX_BYTES (1024 * 1024)
#define FRONTMATTER_MAX_DEPTH 32

static gboolean
is_frontmatter_end (const char *line,
                    gsize       len)
{
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;

  return len == 3 && (strncmp (line, "---", 3) == 0 || strncmp (line, "...", 3) == 0);
}

/* The frontmatter events, with the depth they are at. libyaml's scanner
 * takes time with the square of the nesting, and a note's own keys sit at
 * the top: deeper nesting ends the reading. */
typedef struct {
  yaml_parser_t parser;
  yaml_event_t  event;
  guint         depth;
  gboolean      too_deep;
} YamlReader;

/* Moves to the next event: FALSE at a syntax error or past the depth limit. */
static gboolean
next_event (YamlReader *yaml)
{
  yaml_event_delete (&yaml->event);
  if (!yaml_parser_parse (&yaml->parser, &yaml->event))
    return FALSE;

  if (yaml->event.type == YAML_SEQUENCE_START_EVENT || yaml->event.type == YAML_MAPPING_START_EVENT)
    {
      yaml->too_deep = ++yaml->depth > FRONTMATTER_MAX_DEPTH;
      return !yaml->too_deep;
    }
  if (yaml->event.type == YAML_SEQUENCE_END_EVENT || yaml->event.type == YAML_MAPPING_END_EVENT)
    yaml->depth--;

  return TRUE;
}

/* Past the node whose first event is the current one. */
static gboolean
skip_node (YamlReader *yaml)
{
  guint depth = yaml->depth;

  if (yaml->event.type != YAML_SEQUENCE_START_EVENT && yaml->event.type != YAML_MAPPING_START_EVENT)
    return TRUE;
  while (yaml->depth >= depth)
    if (!next_event (yaml))
      return FALSE;

  return TRUE;
}

/* The current event's text, if it is a scalar, stripped; NULL if empty. */
static char *
scalar_value (YamlReader *yaml)
{
  g_autofree char *value = NULL;

  if (yaml->event.type != YAML_SCALAR_EVENT)
    return NULL;
  value = g_strndup ((const char *) yaml->event.data.scalar.value, yaml->event.data.scalar.length);
  g_strstrip (value);

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* Tags as a list, or as one string "a, b" / "a b"; a leading '#' is
 * Obsidian's tag marker, not part of the name. */
static void
add_tag (NotesReader *reader,
         const char  *tag)
{
  char *copy;

  while (*tag == '#')
    tag++;
  if (*tag == '\0' || g_hash_table_contains (reader->fm_tag_set, tag))
    return;
  copy = g_strdup (tag);
  g_ptr_array_add (reader->fm_tags, copy);
  g_hash_table_add (reader->fm_tag_set, copy);
}

static gboolean
read_tags (NotesReader *reader,
           YamlReader  *yaml)
{
  if (yaml->event.type == YAML_SCALAR_EVENT)
    {
      g_autofree char *value = scalar_value (yaml);
      g_auto(GStrv) parts = NULL;

      if (value == NULL)
        return TRUE;
      parts = g_strsplit_set (value, ", \t", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        add_tag (reader, parts[i]);
      return TRUE;
    }
  if (yaml->event.type != YAML_SEQUENCE_START_EVENT)
    return skip_node (yaml);

  for (;;)
    {
      g_autofree char *tag = NULL;

      if (!next_event (yaml))
        return FALSE;
      if (yaml->event.type == YAML_SEQUENCE_END_EVENT)
        return TRUE;
      tag = scalar_value (yaml);
      if (tag != NULL)
        add_tag (reader, tag);
      else if (!skip_node (yaml))
        return FALSE;
    }
}

/* The pairs of the top mapping, its start being the current event. */
static gboolean
read_pairs (NotesReader *reader,
            YamlReader  *yaml)
{
  for (;;)
    {
      g_autofree char *key = NULL;
      char **field = NULL;

      if (!next_event (yaml))
        return FALSE;
      if (yaml->event.type == YAML_MAPPING_END_EVENT)
        return TRUE;
      key = scalar_value (yaml);
      if (key == NULL && !skip_node (yaml))
        return FALSE;
      if (!next_event (yaml))
        return FALSE;

      if (key != NULL && g_ascii_strcasecmp (key, "id") == 0)
        field = &reader->fm_id;
      else if (key != NULL && g_ascii_strcasecmp (key, "title") == 0)
        field = &reader->fm_title;
      else if (key != NULL && g_ascii_strcasecmp (key, "tags") == 0)
        {
          if (!read_tags (reader, yaml))
            return FALSE;
          continue;
        }

      if (field != NULL && *field == NULL && yaml->event.type == YAML_SCALAR_EVENT)
        *field = scalar_value (yaml);
      else if (!skip_node (yaml))
        return FALSE;
    }
}

static void
forget_frontmatter (NotesReader *reader)
{
  g_clear_pointer (&reader->fm_id, g_free);
  g_clear_pointer (&reader->fm_title, g_free);
  g_hash_table_remove_all (reader->fm_tag_set);
  g_ptr_array_set_size (reader->fm_tags, 0);
}

/* Reads the keys we use from the frontmatter's first YAML document, one
 * event at a time: a tree of it would cost as much as the whole
 * frontmatter, which we mostly ignore. */
static void
read_frontmatter (NotesReader *reader,
                  const char  *text,
                  gsize        len,
                  guint        first_line)
{
  KtDeck *deck = reader->parser->deck;
  YamlReader yaml = { 0 };
  gboolean ok = TRUE;

  if (len > FRONTMATTER_MAX_BYTES)
    {
      kt_deck_add_diagnostic (deck, first_line, KT_SEVERITY_WARNING,
                              _("the frontmatter is larger than 1 MB; it is ignored"));
      return;
    }
  if (!yaml_parser_initialize (&yaml.parser))
    return;
  yaml_parser_set_input_string (&yaml.parser, (const unsigned char *) text, len);
  yaml_parser_set_encoding (&yaml.parser, YAML_UTF8_ENCODING);

  /* The stream's start, the document's start (none if it is empty), its top node */
  ok = next_event (&yaml) && next_event (&yaml);
  if (ok && yaml.event.type == YAML_DOCUMENT_START_EVENT)
    {
      ok = next_event (&yaml);
      if (ok && yaml.event.type == YAML_MAPPING_START_EVENT)
        ok = read_pairs (reader, &yaml);
      else if (ok)
        kt_deck_add_diagnostic (deck, first_line, KT_SEVERITY_WARNING,
                                _("the frontmatter is not a list of “key: value” pairs; "
                                  "it is ignored"));
    }

  G_STATIC_ASSERT (FRONTMATTER_MAX_DEPTH == 32);
  if (yaml.too_deep)
    kt_deck_add_diagnostic (deck, first_line + yaml.event.start_mark.line, KT_SEVERITY_WARNING,
                            _("the frontmatter is nested more than 32 levels deep; "
                              "it is ignored"));
  else if (!ok)
    kt_deck_add_diagnostic (deck, first_line + yaml.parser.problem_mark.line, KT_SEVERITY_WARNING,
                            _("the frontmatter is not valid YAML (%s); it is ignored"),
                            yaml.parser.problem != NULL ? yaml.parser.problem : "?");
  if (!ok)
    forget_frontmatter (reader);

  yaml_event_delete (&yaml.event);
  yaml_parser_delete (&yaml.parser);
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
 * Plain text of headings
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

static gboolean
ends_with_question_mark (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  return (len >= 1 && text[len - 1] == '?') ||
         (len >= 3 && memcmp (text + len - 3, "\xEF\xBC\x9F", 3) == 0);
}

/* The body line holding offset @pos (binary search: only the first text
 * of a section without a heading needs it). */
static guint
line_of (NotesReader *reader,
         gsize        pos)
{
  guint low = 0;
  guint high = reader->n_lines;

  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (reader->line_starts[mid] <= pos)
        low = mid;
      else
        high = mid;
    }

  return low + 1;
}

/* -------------------------------------------------------------------------
 * Sections, units and pieces
 * ---------------------------------------------------------------------- */

static Section *
current_section (NotesReader *reader)
{
  return &g_array_index (reader->sections, Section, reader->sections->len - 1);
}

static Unit *
current_unit (NotesReader *reader)
{
  return &g_array_index (reader->units, Unit, reader->units->len - 1);
}

static void
flush_run (NotesReader *reader)
{
  Piece piece;
  gsize len;

  if (reader->run_field == FIELD_NONE)
    return;

  len = reader->run_end - reader->run_start;
  piece.start = kt_deck_parser_trim_blank_lines (reader->body + reader->run_start, &len) -
                reader->body;
  piece.len = len;
  piece.field = reader->run_field;
  piece.head = reader->run_head;
  piece.inherit = reader->run_field == FIELD_NOTES && !reader->after_rule;
  if (piece.len > 0)
    g_array_append_val (reader->pieces, piece);
  reader->run_field = FIELD_NONE;
}

/* Adds body bytes [start, end) to @field of the current unit. */
static void
add_text (NotesReader *reader,
          Field        field,
          gboolean     head,
          gsize        start,
          gsize        end)
{
  Unit *unit = current_unit (reader);

  if (end <= start)
    return;
  if (unit->line == 0)
    unit->line = line_of (reader, start) + reader->line_offset;

  if (reader->run_field == field && reader->run_head == head)
    {
      reader->run_end = end;
      return;
    }
  flush_run (reader);
  reader->run_field = field;
  reader->run_head = head;
  reader->run_start = start;
  reader->run_end = end;
}

/* Adds text that no label on its line claims: a label with nothing after
 * it on its own line takes it as its own text; otherwise it goes to the
 * field of the last label. */
static void
add_block (NotesReader *reader,
           gsize        start,
           gsize        end)
{
  Field field = reader->pending;

  if (end <= start || kt_deck_parser_is_blank (reader->body + start, end - start))
    return;
  if (field != FIELD_NONE)
    {
      reader->pending = FIELD_NONE;
      add_text (reader, field, TRUE, start, end);
    }
  else
    add_text (reader, reader->current, FALSE, start, end);
}

/* Ends the current unit at piece @end (pieces from there on are the next
 * unit's). */
static void
end_unit (NotesReader *reader,
          guint        end)
{
  Unit *unit = current_unit (reader);

  unit->n_pieces = end - unit->first_piece;
  unit->end_field = reader->current;
}

/* A unit begins at its section's heading, or at a label that asks for a
 * card of its own; the text after a rule before that label is its own. */
static void
begin_unit (NotesReader *reader,
            guint        line)
{
  Unit unit = { .line = line, .label_line = line };

  flush_run (reader);
  unit.first_piece = reader->float_start != NO_PIECE ? reader->float_start : reader->pieces->len;
  if (current_section (reader)->n_units > 0)
    end_unit (reader, unit.first_piece);
  reader->float_start = NO_PIECE;
  g_array_append_val (reader->units, unit);
  current_section (reader)->n_units++;
  reader->current = FIELD_NOTES;
  reader->pending = FIELD_NONE;
  reader->list_next = 0;
}

static void
begin_section (NotesReader *reader,
               cmark_node  *heading,
               guint        level)
{
  Section section = { .level = level, .owner = -1, .parent = -1,
                      .first_absorbed = -1, .last_absorbed = -1, .next_absorbed = -1 };
  guint line = 0;

  if (reader->sections->len > 0)
    {
      flush_run (reader);
      end_unit (reader, reader->pieces->len);
      /* The parent: the nearest section before it of a lower level. */
      section.parent = reader->sections->len - 1;
      while (section.parent > 0 &&
             g_array_index (reader->sections, Section, section.parent).level >= level)
        section.parent = g_array_index (reader->sections, Section, section.parent).parent;
    }

  if (heading != NULL)
    {
      int first = cmark_node_get_start_line (heading);

      section.title = plain_text (reader, heading);
      section.heading_start = line_start (reader, first);
      section.heading_end = line_end (reader, cmark_node_get_end_line (heading));
      /* The text under "# Title" is a card only if it has labels, like the
       * text before any heading; its line is that of its first text. */
      if (level >= 2)
        line = first + reader->line_offset;
    }
  section.first_unit = reader->units->len;
  g_array_append_val (reader->sections, section);

  reader->after_rule = FALSE;
  reader->float_start = NO_PIECE;
  begin_unit (reader, line);
  current_unit (reader)->label_line = 0;
}

/* -------------------------------------------------------------------------
 * Labels and numbered questions
 * ---------------------------------------------------------------------- */

/* Which field @label starts, if it counts here, and what it does to the units:
 * a summary after an answer, or a question after a question or an answer,
 * begins the next card. Plain and one-letter answer labels ("A:") count
 * only after a question: "A: 5" may be an option of a quiz. */
static Field
label_counts (NotesReader  *reader,
              KtLabel       label,
              KtLabelFlags  flags)
{
  switch (label)
    {
    case KT_LABEL_SUMMARY:
      return FIELD_SUMMARY;
    case KT_LABEL_QUESTION:
      return FIELD_QUESTION;
    case KT_LABEL_ANSWER:
      if (((flags & KT_LABEL_SHORT) || !(flags & KT_LABEL_BOLD)) &&
          !(current_unit (reader)->labelled & FIELD_BIT (FIELD_QUESTION)))
        return FIELD_NONE;
      return FIELD_ANSWER;
    case KT_LABEL_NONE:
    default:
      return FIELD_NONE;
    }
}

static void
take_label (NotesReader *reader,
            Field        field,
            int          line)
{
  Unit *unit = current_unit (reader);
  guint8 ends = field == FIELD_SUMMARY ? FIELD_BIT (FIELD_ANSWER) :
                field == FIELD_QUESTION ? FIELD_BIT (FIELD_QUESTION) | FIELD_BIT (FIELD_ANSWER) : 0;

  if (unit->labelled & ends)
    begin_unit (reader, line + reader->line_offset);
  flush_run (reader);
  unit = current_unit (reader);
  if (unit->label_line == 0)
    unit->label_line = line + reader->line_offset;
  unit->labelled |= FIELD_BIT (field);
  /* "Ответ:" after a numbered question only marks where its answer
   * starts: the next numbered question still begins the next card. */
  unit->explicit |= !unit->numbered;
  reader->current = field;
  reader->pending = FIELD_NONE;
}

/* The text after a label, up to the next label or its block's end. If
 * there is none, the label takes the next block. */
static void
end_label (NotesReader *reader,
           gsize        start,
           gsize        end)
{
  if (end > start && !kt_deck_parser_is_blank (reader->body + start, end - start))
    add_text (reader, reader->current, TRUE, start, end);
  else
    reader->pending = reader->current;
}

/* Whether a numbered question with text after it begins a card here: not
 * where the numbering says it is part of a list in the answer before it
 * (then a warning says so). The text of a label owns it: the caller does
 * not ask there. */
static gboolean
take_numbered_question (NotesReader *reader,
                        guint        number,
                        int          line)
{
  Unit *unit = current_unit (reader);
  KtNumbered kind = KT_NUMBERED_QUESTION;

  if (unit->labelled != 0)
    kind = kt_deck_parser_numbered_in_answer (number, unit->number, reader->list_next);
  if (kind != KT_NUMBERED_QUESTION)
    {
      kt_deck_parser_warn_numbered (reader->parser, kind, line + reader->line_offset,
                                    number, unit->number);
      return FALSE;
    }

  flush_run (reader);
  if (unit->labelled != 0)
    begin_unit (reader, line + reader->line_offset);
  unit = current_unit (reader);
  unit->label_line = line + reader->line_offset;
  if (unit->line == 0)
    unit->line = unit->label_line;
  unit->number = number;
  unit->numbered = TRUE;
  unit->labelled |= FIELD_BIT (FIELD_QUESTION) | FIELD_BIT (FIELD_ANSWER);
  reader->current = FIELD_ANSWER;
  reader->pending = FIELD_NONE;
  reader->list_next = 0;
  return TRUE;
}

/* Whether there is text after body line @line up to @end, or, if not,
 * whether @next (the block after, if it may count) is text that can be an
 * answer: not a heading, a rule or another numbered list. */
static gboolean
text_follows (NotesReader *reader,
              int          line,
              gsize        end,
              cmark_node  *next)
{
  gsize after = line_end (reader, line);

  if (after < end && !kt_deck_parser_is_blank (reader->body + after, end - after))
    return TRUE;
  if (next == NULL)
    return FALSE;

  switch (cmark_node_get_type (next))
    {
    case CMARK_NODE_HEADING:
    case CMARK_NODE_THEMATIC_BREAK:
      return FALSE;
    case CMARK_NODE_LIST:
      return cmark_node_get_list_type (next) != CMARK_ORDERED_LIST;
    default:
      return TRUE;
    }
}

/* Reads text from @start to @end whose body lines @first … @last (a
 * paragraph, or a list item's first one) may hold labels and numbered
 * questions; a list item's nested blocks go on after them. @ordered says
 * the first line starts with an ordered list item's number. @next is the
 * block after, where a numbered question on the last line may find its
 * answer. Returns whether a numbered question began in it. */
static gboolean
read_text (NotesReader *reader,
           gsize        start,
           int          first,
           int          last,
           gsize        end,
           gboolean     ordered,
           cmark_node  *next)
{
  const char *body = reader->body;
  gboolean in_label = FALSE;   /* the text since text_start is a label's own */
  gboolean began = FALSE;
  gsize text_start = start;

  for (int line = first; line <= last; line++)
    {
      gsize from = line == first ? start : line_start (reader, line);
      gsize stop = line_end (reader, line);
      gsize label_at = from;
      gsize offset;
      KtLabelFlags flags = 0;
      KtLabel label;
      Field field;
      guint number;
      gsize question_start, question_len;

      /* "1. **Q:** …": the label after the number of an ordered item. */
      if (line == first && ordered &&
          kt_deck_parser_line_numbered (body + from, stop - from, NULL, &offset))
        label_at = from + offset;

      label = kt_deck_parser_line_label (body + label_at, stop - label_at, &offset, &flags);
      field = label_counts (reader, label, flags);
      if (field != FIELD_NONE)
        {
          /* The text before the label's line is loose text, or the
           * previous label's. */
          if (in_label)
            end_label (reader, text_start, from);
          else
            add_block (reader, text_start, from);
          take_label (reader, field, line);
          in_label = TRUE;
          text_start = label_at + offset;
          continue;
        }

      /* A numbered question, "1. What is X?" or "**1. What is X?**", with
       * text after it; never inside a label's text. */
      if (!current_unit (reader)->explicit &&
          kt_deck_parser_numbered_question (body + from, stop - from, &number,
                                            &question_start, &question_len) &&
          text_follows (reader, line, end, line == last ? next : NULL))
        {
          /* After "Ответ:" in a numbered question's answer, its text. */
          if (in_label)
            end_label (reader, text_start, from);
          else
            add_block (reader, text_start, from);
          text_start = from;
          if (!take_numbered_question (reader, number, line))
            continue;
          add_text (reader, FIELD_QUESTION, TRUE, from + question_start,
                    from + question_start + question_len);
          flush_run (reader);
          in_label = FALSE;
          text_start = MIN (stop + 1, end);
          began = TRUE;
        }
    }

  if (in_label)
    end_label (reader, text_start, end);
  else
    add_block (reader, text_start, end);

  return began;
}

/* A list: its items one by one, as each may start with a label or be a
 * numbered question. An item that is neither continues the field before
 * it, marker and all, so a list in an answer stays a list. */
static void
read_list (NotesReader *reader,
           cmark_node  *list,
           cmark_node  *next)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;

  reader->list_next = 0;
  for (cmark_node *item = cmark_node_first_child (list); item != NULL;
       item = cmark_node_next (item))
    {
      cmark_node *para = cmark_node_first_child (item);
      int first = cmark_node_get_start_line (item);
      int last = cmark_node_get_end_line (item);
      gsize start = line_start (reader, first);
      gsize end;
      int para_last = first;
      guint number = 0;

      while (last > first && kt_deck_parser_is_blank (reader->body + line_start (reader, last),
                                                      line_end (reader, last) -
                                                      line_start (reader, last)))
        last--;
      end = line_end (reader, last);
      if (para != NULL && cmark_node_get_type (para) == CMARK_NODE_PARAGRAPH &&
          cmark_node_get_start_line (para) == first)
        para_last = cmark_node_get_end_line (para);

      if (read_text (reader, start, first, para_last, end, ordered,
                     cmark_node_next (item) == NULL ? next : NULL))
        continue;
      /* An item of a list in the text: the number the next one would have. */
      if (ordered && kt_deck_parser_line_numbered (reader->body + start, end - start, &number, NULL))
        reader->list_next = number + 1;
    }
}

static void
read_block (NotesReader *reader,
            cmark_node  *node,
            cmark_node  *next)
{
  int first = cmark_node_get_start_line (node);
  int last = cmark_node_get_end_line (node);
  cmark_node_type type = cmark_node_get_type (node);

  switch (type)
    {
    case CMARK_NODE_HEADING:
      {
        guint level = cmark_node_get_heading_level (node);

        if (level > 4)
          break;
        begin_section (reader, node, level);
        /* "# Title": the note's title. */
        if (level == 1)
          {
            const char *title = current_section (reader)->title;

            reader->n_h1++;
            if (reader->h1_title == NULL && *title != '\0')
              reader->h1_title = title;
          }
        return;
      }

    case CMARK_NODE_THEMATIC_BREAK:
      flush_run (reader);
      reader->current = FIELD_NOTES;
      reader->pending = FIELD_NONE;
      reader->after_rule = TRUE;
      if (reader->float_start == NO_PIECE)
        reader->float_start = reader->pieces->len;
      return;

    case CMARK_NODE_PARAGRAPH:
      reader->list_next = 0;
      read_text (reader, line_start (reader, first), first, last, line_end (reader, last),
                 FALSE, next);
      return;

    case CMARK_NODE_LIST:
      read_list (reader, node, next);
      return;

    default:
      break;
    }

  reader->list_next = 0;
  /* Lists and blocks may end on a blank line: stop at the last line with text. */
  while (last > first && kt_deck_parser_is_blank (reader->body + line_start (reader, last),
                                                  line_end (reader, last) - line_start (reader, last)))
    last--;

  add_block (reader, line_start (reader, first), line_end (reader, last));
}

/* -------------------------------------------------------------------------
 * Cards
 * ---------------------------------------------------------------------- */

static Section *
section_at (NotesReader *reader,
            int          index)
{
  return &g_array_index (reader->sections, Section, index);
}

static Unit *
unit_at (NotesReader *reader,
         guint        index)
{
  return &g_array_index (reader->units, Unit, index);
}

/* Whether a unit of @section has a question or an answer label. */
static gboolean
asks (NotesReader *reader,
      Section     *section)
{
  for (guint u = 0; u < section->n_units; u++)
    if (unit_at (reader, section->first_unit + u)->labelled &
        (FIELD_BIT (FIELD_QUESTION) | FIELD_BIT (FIELD_ANSWER)))
      return TRUE;
  return FALSE;
}

/* What each section is, from the tree of headings: see Role. */
static void
assign_roles (NotesReader *reader)
{
  guint n = reader->sections->len;

  for (guint i = 0; i < n; i++)
    {
      Section *section = section_at (reader, i);

      for (guint u = 0; u < section->n_units; u++)
        section->labelled |= unit_at (reader, section->first_unit + u)->labelled != 0;
    }

  /* Bottom up: what is below each section. */
  for (guint i = n; i > 1; i--)
    {
      Section *section = section_at (reader, i - 1);
      Section *parent = section_at (reader, section->parent);

      parent->has_children = TRUE;
      parent->subtree_labelled |= section->labelled || section->subtree_labelled;
      parent->question_children |= ends_with_question_mark (section->title);
    }

  /* Top down: a parent's role is known before its sections'. */
  for (guint i = 0; i < n; i++)
    {
      Section *section = section_at (reader, i);
      Section *parent = section->parent >= 0 ? section_at (reader, section->parent) : NULL;
      gboolean has_text = unit_at (reader, section->first_unit)->n_pieces > 0;

      if (section->level <= 1)
        section->role = section->labelled ? ROLE_CARD : ROLE_NONE;
      else if (!section->labelled && !section->subtree_labelled && parent->level >= 2 &&
               (parent->role == ROLE_CARD || parent->role == ROLE_WHOLE ||
                parent->role == ROLE_ABSORBED))
        {
          Section *owner;

          section->role = ROLE_ABSORBED;
          section->owner = parent->role == ROLE_ABSORBED ? parent->owner : section->parent;
          owner = section_at (reader, section->owner);
          if (owner->last_absorbed < 0)
            owner->first_absorbed = i;
          else
            section_at (reader, owner->last_absorbed)->next_absorbed = i;
          owner->last_absorbed = i;
        }
      /* Only a summary above sections with cards: it introduces them. */
      else if (section->labelled && section->subtree_labelled && !asks (reader, section))
        section->role = ROLE_INTRO;
      else if (section->labelled)
        section->role = ROLE_CARD;
      else if (!has_text)
        section->role = section->has_children ? ROLE_CONTEXT : ROLE_EMPTY;
      else if (!section->has_children)
        section->role = ROLE_HEADING;
      /* A question with text and sub-headings that are not questions:
       * one whole card, the sub-headings part of its answer. */
      else if (ends_with_question_mark (section->title))
        section->role = !section->question_children && !section->subtree_labelled ? ROLE_WHOLE
                                                                                 : ROLE_HEADING;
      else
        section->role = ROLE_INTRO;
    }
}

/* Appends body bytes to @field's text. Pieces that were apart only by
 * white space keep it as written; others are joined by a blank line. */
static void
append_field (NotesReader *reader,
              Field        field,
              gsize        start,
              gsize        len)
{
  GString *text = reader->fields[field];
  gsize prev = reader->field_end[field];

  if (text->len > 0)
    {
      if (prev <= start && kt_deck_parser_is_blank (reader->body + prev, start - prev))
        g_string_append_len (text, reader->body + prev, start - prev);
      else
        g_string_append (text, "\n\n");
    }
  g_string_append_len (text, reader->body + start, len);
  reader->field_end[field] = start + len;
}

/* Without an answer label, what follows a summary or a question (not
 * their own text) is the answer: it goes to the notes, which become it. */
static Field
field_for (const Unit *unit,
           Field       field,
           gboolean    head)
{
  if (!(unit->labelled & FIELD_BIT (FIELD_ANSWER)) && !head &&
      (field == FIELD_SUMMARY || field == FIELD_QUESTION))
    return FIELD_NOTES;
  return field;
}

/* The text of each field of @unit of @section in reader->fields; with
 * @absorb, that of the sections it takes in too. */
static void
collect_fields (NotesReader *reader,
                Section     *section,
                const Unit  *unit,
                gboolean     absorb)
{
  Field inherit = field_for (unit, unit->end_field, FALSE);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_string_truncate (reader->fields[i], 0);
      reader->field_end[i] = 0;
    }

  for (guint k = unit->first_piece; k < unit->first_piece + unit->n_pieces; k++)
    {
      const Piece *piece = &g_array_index (reader->pieces, Piece, k);

      append_field (reader, field_for (unit, piece->field, piece->head), piece->start, piece->len);
    }

  if (!absorb)
    return;
  for (int a = section->first_absorbed; a >= 0; a = section_at (reader, a)->next_absorbed)
    {
      Section *absorbed = section_at (reader, a);
      const Unit *own = unit_at (reader, absorbed->first_unit);

      append_field (reader, inherit, absorbed->heading_start,
                    absorbed->heading_end - absorbed->heading_start);
      for (guint k = own->first_piece; k < own->first_piece + own->n_pieces; k++)
        {
          const Piece *piece = &g_array_index (reader->pieces, Piece, k);

          append_field (reader, piece->inherit ? inherit : FIELD_NOTES, piece->start, piece->len);
        }
    }
}

/* The headings that group the cards of @section, outermost first, joined
 * for a breadcrumb in reader->context; with @own, its own heading too. "#"
 * headings count when a note has several, else the one is its title. */
static const char *
context_of (NotesReader *reader,
            Section     *section,
            gboolean     own)
{
  const char *titles[8];
  guint n = 0;

  if (own && section->title != NULL)
    titles[n++] = section->title;
  for (int p = section->parent; p >= 0 && n < G_N_ELEMENTS (titles); p = section_at (reader, p)->parent)
    {
      Section *parent = section_at (reader, p);

      if (parent->title != NULL && *parent->title != '\0' &&
          (parent->level >= 2 || (parent->level == 1 && reader->n_h1 > 1)))
        titles[n++] = parent->title;
    }

  g_string_truncate (reader->context, 0);
  while (n > 0)
    {
      if (reader->context->len > 0)
        g_string_append (reader->context, " › ");
      g_string_append (reader->context, titles[--n]);
    }

  return reader->context->len > 0 ? reader->context->str : NULL;
}

/* "1. What is X?" as a heading is the question "What is X?". */
static const char *
without_number (const char *title)
{
  guint number;
  gsize start, len;

  if (title != NULL && kt_deck_parser_numbered_question (title, strlen (title), &number, &start, &len))
    return title + start;
  return title;
}

/* A heading as the question of its card: its markdown, so `code` in it
 * stays code, without the "#"s (or the setext underline) and a number.
 * Borrowed from reader->scratch. */
static const char *
heading_question (NotesReader *reader,
                  Section     *section)
{
  const char *text = reader->body + section->heading_start;
  gsize len = section->heading_end - section->heading_start;
  const char *nl = memchr (text, '\n', len);
  gsize start = 0;

  if (nl != NULL)
    len = nl - text;   /* setext: the underline is the next line */
  else
    {
      while (start < len && text[start] == ' ')
        start++;
      while (start < len && text[start] == '#')
        start++;
      /* A closing "##" is not part of it. */
      while (len > start && (text[len - 1] == '#' || text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    }
  while (start < len && (text[start] == ' ' || text[start] == '\t'))
    start++;

  g_string_truncate (reader->scratch, 0);
  g_string_append_len (reader->scratch, text + start, len - start);
  return without_number (reader->scratch->str);
}

/* Makes the card of unit @u of section @index: with @absorb, the sections
 * it takes in are part of it; with @intros, the text of the headings
 * above it that waited for a card is its notes. */
static void
add_unit_card (NotesReader *reader,
               KtTopic     *topic,
               int          index,
               guint        u,
               gboolean     absorb,
               gboolean     intros)
{
  KtDeckParser *parser = reader->parser;
  Section *section = section_at (reader, index);
  const Unit *unit = unit_at (reader, section->first_unit + u);
  gboolean alone = section->n_units == 1;
  guint line = !alone && unit->label_line != 0 ? unit->label_line : unit->line;
  const char *fields[N_FIELDS];
  const char *title = alone && section->level >= 2 ? section->title : NULL;
  const char *question;
  const char *answer;
  GString *notes = reader->notes;

  collect_fields (reader, section, unit, absorb);
  for (guint i = 0; i < N_FIELDS; i++)
    fields[i] = reader->fields[i]->len > 0 ? reader->fields[i]->str : NULL;
  question = fields[FIELD_QUESTION];
  answer = fields[FIELD_ANSWER];

  /* Without an answer label, the text is the answer. */
  if (!(unit->labelled & FIELD_BIT (FIELD_ANSWER)))
    {
      answer = fields[FIELD_NOTES];
      fields[FIELD_NOTES] = NULL;
    }

  /* The text of the headings that group it, before its own notes. */
  g_string_truncate (notes, 0);
  for (guint i = 0; intros && i < reader->intros->len; i++)
    {
      Section *intro = section_at (reader, g_array_index (reader->intros, int, i));
      const Unit *own = unit_at (reader, intro->first_unit);

      for (guint k = own->first_piece; k < own->first_piece + own->n_pieces; k++)
        {
          const Piece *piece = &g_array_index (reader->pieces, Piece, k);

          if (notes->len > 0)
            g_string_append (notes, "\n\n");
          g_string_append_len (notes, reader->body + piece->start, piece->len);
        }
    }
  if (intros)
    g_array_set_size (reader->intros, 0);
  if (fields[FIELD_NOTES] != NULL)
    {
      if (notes->len > 0)
        g_string_append (notes, "\n\n");
      g_string_append (notes, fields[FIELD_NOTES]);
    }

  if (question == NULL)
    {
      if (unit->labelled & FIELD_BIT (FIELD_QUESTION))
        kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                                _("the question label has no text; the heading is used "
                                  "as the question"));
      question = section->title != NULL && section->level >= 2 ? heading_question (reader, section)
                                                                 : kt_topic_get_title (topic);
    }

  if (question == NULL || *question == '\0')
    {
      kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_ERROR,
                              _("a section without a heading or a question is skipped"));
      return;
    }
  if (answer == NULL)
    {
      kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                              _("section “%s” has no answer; it is skipped"), question);
      return;
    }

  kt_deck_parser_check_answer (parser, answer, line);
  kt_deck_parser_add_card (parser, topic, title, context_of (reader, section, !alone), question,
                           answer, fields[FIELD_SUMMARY], notes->len > 0 ? notes->str : NULL,
                           line);
}

static gboolean
is_ancestor (NotesReader *reader,
             int          ancestor,
             int          index)
{
  for (int p = section_at (reader, index)->parent; p >= 0; p = section_at (reader, p)->parent)
    if (p == ancestor)
      return TRUE;
  return FALSE;
}

/* Sections whose text waited for a card below them, when none came: they
 * are heading cards after all, in the order they came. */
static void
flush_intros (NotesReader *reader,
              KtTopic     *topic,
              int          before)
{
  guint keep = reader->intros->len;
  g_autoptr(GArray) lone = NULL;

  while (keep > 0 && (before < 0 || !is_ancestor (reader, g_array_index (reader->intros, int, keep - 1),
                                                  before)))
    keep--;
  if (keep == reader->intros->len)
    return;

  lone = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_vals (lone, &g_array_index (reader->intros, int, keep), reader->intros->len - keep);
  g_array_set_size (reader->intros, keep);
  for (guint i = 0; i < lone->len; i++)
    add_unit_card (reader, topic, g_array_index (lone, int, i), 0, FALSE, FALSE);
}

static void
add_cards (NotesReader *reader,
           KtTopic     *topic)
{
  assign_roles (reader);

  for (guint i = 0; i < reader->sections->len; i++)
    {
      Section *section = section_at (reader, i);

      flush_intros (reader, topic, i);
      switch (section->role)
        {
        case ROLE_CARD:
          for (guint u = 0; u < section->n_units; u++)
            add_unit_card (reader, topic, i, u, u + 1 == section->n_units, TRUE);
          break;
        case ROLE_HEADING:
        case ROLE_WHOLE:
          add_unit_card (reader, topic, i, 0, TRUE, TRUE);
          break;
        case ROLE_INTRO:
          g_array_append_val (reader->intros, i);
          break;
        case ROLE_EMPTY:
          kt_deck_add_diagnostic (reader->parser->deck, unit_at (reader, section->first_unit)->line,
                                  KT_SEVERITY_WARNING,
                                  _("section “%s” has no answer; it is skipped"),
                                  without_number (section->title));
          break;
        case ROLE_NONE:
        case ROLE_ABSORBED:
        case ROLE_CONTEXT:
        default:
          break;
        }
    }
  flush_intros (reader, topic, -1);
}

/* Reads the body's blocks, one chunk of cmark's tree at a time
 * (kt-notes-chunks.c). A chunk's tree counts lines from its first line:
 * while it is read, the reader sees the body through the chunk's lines;
 * the offsets stay the body's. */
static void
read_body (NotesReader *reader)
{
  gsize *line_starts = reader->line_starts;
  guint n_lines = reader->n_lines;
  gsize body_len = reader->body_len;
  guint line_offset = reader->line_offset;
  KtNotesChunk chunk;

  kt_notes_chunk_init (&chunk, reader->body, body_len, line_starts, n_lines, KT_NOTES_CHUNK_SIZE);
  while (kt_notes_chunk_next (&chunk))
    {
      reader->line_starts = line_starts + chunk.first_line - 1;
      reader->n_lines = chunk.n_lines;
      reader->body_len = chunk.end;
      reader->line_offset = line_offset + chunk.first_line - 1;

      for (cmark_node *node = cmark_node_first_child (chunk.doc); node != NULL;
           node = cmark_node_next (node))
        {
          cmark_node *next = cmark_node_next (node);

          /* A big deck's nodes are far out of the cache. While this block
           * is read, fetch the one after the next (the next one was fetched
           * a block ago) and the next one's first inline. */
          if (next != NULL)
            {
              __builtin_prefetch (cmark_node_next (next));
              __builtin_prefetch (cmark_node_first_child (next));
            }
          read_block (reader, node, next);
        }
    }
  kt_notes_chunk_clear (&chunk);

  reader->line_starts = line_starts;
  reader->n_lines = n_lines;
  reader->body_len = body_len;
  reader->line_offset = line_offset;
}

void
kt_format_notes_parse (KtDeckParser *parser)
{
  NotesReader reader = { .parser = parser };
  g_autofree char *title = NULL;
  KtTopic *topic;
  gsize body_start;

  reader.fm_tags = g_ptr_array_new_with_free_func (g_free);
  reader.fm_tag_set = g_hash_table_new (g_str_hash, g_str_equal);
  reader.sections = g_array_new (FALSE, FALSE, sizeof (Section));
  reader.units = g_array_new (FALSE, FALSE, sizeof (Unit));
  reader.titles = g_string_chunk_new (4096);
  reader.pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  reader.scratch = g_string_new (NULL);
  reader.context = g_string_new (NULL);
  reader.notes = g_string_new (NULL);
  reader.intros = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < N_FIELDS; i++)
    reader.fields[i] = g_string_new (NULL);
  reader.run_field = FIELD_NONE;

  body_start = split_frontmatter (&reader, &reader.line_offset);
  reader.body = parser->text + body_start;
  reader.body_len = parser->len - body_start;
  reader.line_starts = index_lines (reader.body, reader.body_len, &reader.n_lines);

  /* The text before any heading is a section too. */
  begin_section (&reader, NULL, 0);
  read_body (&reader);
  flush_run (&reader);
  end_unit (&reader, reader.pieces->len);

  /* Not the permalink: its last part is a URL slug ("async-python"),
   * while the file name is what the author named the note. */
  if (reader.fm_title != NULL)
    title = g_strdup (reader.fm_title);
  else if (reader.h1_title != NULL)
    title = g_strdup (reader.h1_title);

  topic = kt_deck_parser_add_topic (parser,
                                    reader.fm_id != NULL ? reader.fm_id : parser->topic_id,
                                    title != NULL ? title : parser->fallback_title);
  if (reader.fm_tags->len > 0)
    {
      g_ptr_array_add (reader.fm_tags, NULL);
      kt_topic_set_tags (topic, (const char * const *) reader.fm_tags->pdata);
    }

  add_cards (&reader, topic);

  g_array_unref (reader.sections);
  g_array_unref (reader.units);
  g_array_unref (reader.pieces);
  g_array_unref (reader.intros);
  g_string_free (reader.scratch, TRUE);
  g_string_free (reader.context, TRUE);
  g_string_free (reader.notes, TRUE);
  for (guint i = 0; i < N_FIELDS; i++)
    g_string_free (reader.fields[i], TRUE);
  g_hash_table_unref (reader.fm_tag_set);
  g_ptr_array_unref (reader.fm_tags);
  g_free (reader.line_starts);
  g_free (reader.fm_id);
  g_free (reader.fm_title);
  g_string_chunk_free (reader.titles);
}
