/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cmark's tree of a note takes four times the note's size: 430 MB for a
 * 115 MB note of 100 000 cards, on top of the note itself. The notes
 * parser only ever looks at one top-level block at a time, so a big note
 * is parsed a chunk of about KT_NOTES_CHUNK_SIZE at a time, and only one
 * chunk's tree is alive (some 16 MB, whatever the size of the note).
 *
 * A chunk ends before a "# " or "## " heading at the start of a line that
 * follows a blank line: there every block before has ended, whatever it
 * was, and cmark reads the text after it as it would in the whole note —
 * unless the heading is inside a fenced code block or an HTML block (a
 * comment, <pre>, <script> …), which then runs to the chunk's end. A chunk
 * whose last block does that is parsed again with the rest of the note,
 * whole, so the blocks are always those of the whole note. (Link reference
 * definitions reach only their own chunk; the notes parser takes text from
 * the source, not from links.)
 */
#include "config.h"

#include <string.h>

#include "kt-deck-parser.h"
#include "kt-notes-chunks.h"

/**
 * kt_notes_chunk_init:
 * @line_starts: the offset of each of @n_lines lines of @text, then @len
 * @size: how big a chunk is at least: KT_NOTES_CHUNK_SIZE but in tests
 *
 * Sets @chunk up before the first chunk of @text; free it with
 * kt_notes_chunk_clear(). A text under twice @size is one chunk.
 */
void
kt_notes_chunk_init (KtNotesChunk *chunk,
                     const char   *text,
                     gsize         len,
                     const gsize  *line_starts,
                     guint         n_lines,
                     gsize         size)
{
  *chunk = (KtNotesChunk) {
    .text = text,
    .len = len,
    .line_starts = line_starts,
    .n_text_lines = n_lines,
    .size = size,
    .whole = len < 2 * size,
  };
}

static gsize
line_len (KtNotesChunk *chunk,
          guint         line)
{
  return chunk->line_starts[line] - chunk->line_starts[line - 1];
}

static gboolean
is_section_heading (KtNotesChunk *chunk,
                    guint         line)
{
  const char *p = chunk->text + chunk->line_starts[line - 1];
  gsize len = line_len (chunk, line);

  return (len >= 2 && p[0] == '#' && p[1] == ' ') ||
         (len >= 3 && p[0] == '#' && p[1] == '#' && p[2] == ' ');
}

/* The first line of the chunk after the one starting at line @first:
 * a section heading after a blank line, once the chunk is big enough;
 * past the last line if there is none. */
static guint
next_chunk_line (KtNotesChunk *chunk,
                 guint         first)
{
  gsize limit = chunk->line_starts[first - 1] + chunk->size;
  guint low = first, high = chunk->n_text_lines + 1;

  if (chunk->whole || limit >= chunk->len)
    return chunk->n_text_lines + 1;

  /* The first line starting at or after the limit. */
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (chunk->line_starts[mid - 1] < limit)
        low = mid + 1;
      else
        high = mid;
    }

  for (guint line = MAX (low, first + 1); line <= chunk->n_text_lines; line++)
    if (is_section_heading (chunk, line) &&
        kt_deck_parser_is_blank (chunk->text + chunk->line_starts[line - 2],
                                 line_len (chunk, line - 1)))
      return line;

  return chunk->n_text_lines + 1;
}

/* Whether the chunk's last block runs to its end because it never closed:
 * a fenced code block or an HTML block (an indented one ends at a blank
 * line; so does every other block). */
static gboolean
ends_open (KtNotesChunk *chunk)
{
  cmark_node *last = cmark_node_last_child (chunk->doc);
  const char *p;
  gsize len;

  if (last == NULL || (guint) cmark_node_get_end_line (last) < chunk->n_lines)
    return FALSE;
  if (cmark_node_get_type (last) == CMARK_NODE_HTML_BLOCK)
    return TRUE;
  if (cmark_node_get_type (last) != CMARK_NODE_CODE_BLOCK)
    return FALSE;

  p = chunk->text + chunk->line_starts[chunk->first_line + cmark_node_get_start_line (last) - 2];
  len = line_len (chunk, chunk->first_line + cmark_node_get_start_line (last) - 1);
  while (len > 0 && *p == ' ')
    p++, len--;

  return len >= 3 && (strncmp (p, "```", 3) == 0 || strncmp (p, "~~~", 3) == 0);
}

static void
parse (KtNotesChunk *chunk,
       guint         first,
       guint         next)
{
  chunk->first_line = first;
  chunk->n_lines = next - first;
  chunk->start = chunk->line_starts[first - 1];
  chunk->end = next <= chunk->n_text_lines ? chunk->line_starts[next - 1] : chunk->len;
  chunk->doc = cmark_parse_document (chunk->text + chunk->start, chunk->end - chunk->start,
                                     CMARK_OPT_DEFAULT);
}

/**
 * kt_notes_chunk_next:
 *
 * Frees the tree of the chunk before, and parses the next chunk.
 *
 * Returns: %FALSE when the text has no more
 */
gboolean
kt_notes_chunk_next (KtNotesChunk *chunk)
{
  guint first = chunk->doc != NULL ? chunk->first_line + chunk->n_lines : 1;

  if (chunk->doc != NULL && chunk->end >= chunk->len)
    {
      g_clear_pointer (&chunk->doc, cmark_node_free);
      return FALSE;
    }
  g_clear_pointer (&chunk->doc, cmark_node_free);

  parse (chunk, first, next_chunk_line (chunk, first));
  if (chunk->end < chunk->len && ends_open (chunk))
    {
      /* The heading after it is inside that block: the rest goes whole. */
      g_clear_pointer (&chunk->doc, cmark_node_free);
      chunk->whole = TRUE;
      parse (chunk, first, chunk->n_text_lines + 1);
    }

  return TRUE;
}

void
kt_notes_chunk_clear (KtNotesChunk *chunk)
{
  g_clear_pointer (&chunk->doc, cmark_node_free);
}
