/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cmark's tree of a note takes four times the note's size: 430 MB for a
 * 115 MB note of 100 000 cards, on top of the note itself. The notes
 * parser only ever looks at one top-level block at a time, so a note is
 * parsed a chunk of about KT_NOTES_CHUNK_SIZE at a time, and only one
 * chunk's tree is alive (some 1.7 MB, whatever the size of the note).
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
 *
 * cmark allocates each node, and each piece of text, on its own: for a
 * 100 000-card note that is millions of mallocs, and as many frees when
 * a chunk's tree goes, which cost more than the parse itself once the
 * heap is fragmented. A chunk's tree is allocated from an arena instead
 * (cmark_parser_new_with_mem()): memory handed out in order from blocks
 * that are reused by the next chunk, and never freed one by one. Small
 * chunks keep the tree in the processor's cache while the parser reads
 * it: with both, the notes parse of 100 000 cards takes 0.6 s where cmark
 * alone takes 0.9 s (docs/performance.md).
 */
#include "config.h"

#include <string.h>
/* Without AddressSanitizer its poisoning macros do nothing. */
#include <sanitizer/asan_interface.h>

#include "kt-deck-parser.h"
#include "kt-notes-chunks.h"

/* ---- the arena ---------------------------------------------------------- */

#define ARENA_BLOCK_SIZE (64 * 1024)
/* Bigger allocations get a block of their own, freed with the tree. */
#define ARENA_BIG (ARENA_BLOCK_SIZE / 4)

/* Before every allocation: its size, for realloc, and for one with a
 * block of its own, where that is in Arena.big, plus one. Sixteen bytes
 * keep what follows aligned as malloc's. */
typedef struct {
  gsize size;
  gsize big;
} ArenaHeader;

typedef struct {
  GPtrArray *blocks;  /* of ARENA_BLOCK_SIZE bytes, kept from tree to tree */
  GPtrArray *big;     /* the allocations over ARENA_BIG, freed with the tree */
  guint      block;   /* the block being filled */
  gsize      used;    /* bytes of it handed out */
} Arena;

G_STATIC_ASSERT (sizeof (ArenaHeader) % 16 == 0);

/* cmark's allocator takes no data: the arena of the tree being read on
 * this thread. Trees are read one at a time on a thread, but a chunk
 * keeps the one before it and puts it back when it is done. */
static _Thread_local Arena *current_arena;

/* What an allocation of @size takes of a block, header included. */
static gsize
padded (gsize size)
{
  return (sizeof (ArenaHeader) + size + 15) & ~(gsize) 15;
}

/* Blocks kept from one note to the next, up to ARENA_KEPT bytes, for
 * every thread: freed, they would go back to the system and the next note
 * would fault them all in again, which costs more than parsing a small
 * note. A chunk's tree takes some 1.7 MB. kt_notes_chunk_release_kept()
 * frees them once a burst of parsing is over. */
#define ARENA_KEPT (2 * 1024 * 1024)

static GMutex kept_lock;
static gpointer kept[ARENA_KEPT / ARENA_BLOCK_SIZE];
static guint n_kept;

static gpointer
new_block (void)
{
  gpointer block = NULL;

  g_mutex_lock (&kept_lock);
  if (n_kept > 0)
    block = kept[--n_kept];
  g_mutex_unlock (&kept_lock);
  if (block == NULL)
    {
      block = g_malloc (ARENA_BLOCK_SIZE);
      ASAN_POISON_MEMORY_REGION (block, ARENA_BLOCK_SIZE);
    }

  return block;
}

static void
keep_block (gpointer block)
{
  gboolean full;

  g_mutex_lock (&kept_lock);
  full = n_kept == G_N_ELEMENTS (kept);
  if (!full)
    kept[n_kept++] = block;
  g_mutex_unlock (&kept_lock);
  if (full)
    g_free (block);
}

static gpointer
arena_alloc (Arena *arena,
             gsize  size)
{
  gsize total = padded (size);
  ArenaHeader *header;

  /* cmark's buffers stop far below this */
  if (size > G_MAXSIZE / 2)
    g_error ("cmark asked for %zu bytes", size);
  if (size > ARENA_BIG)
    {
      header = g_malloc (sizeof (ArenaHeader) + size);
      g_ptr_array_add (arena->big, header);
      *header = (ArenaHeader) { size, arena->big->len };
      return header + 1;
    }

  if (arena->blocks->len == 0 || arena->used + total > ARENA_BLOCK_SIZE)
    {
      if (arena->blocks->len > 0)
        arena->block++;
      if (arena->block == arena->blocks->len)
        g_ptr_array_add (arena->blocks, new_block ());
      arena->used = 0;
    }
  header = (ArenaHeader *) ((char *) g_ptr_array_index (arena->blocks, arena->block) + arena->used);
  ASAN_UNPOISON_MEMORY_REGION (header, total);
  arena->used += total;
  *header = (ArenaHeader) { size, 0 };

  return header + 1;
}

static void *
arena_calloc (size_t n,
              size_t size)
{
  gsize bytes;
  gpointer p;

  if (!g_size_checked_mul (&bytes, n, size))
    g_error ("cmark asked for %zu × %zu bytes", n, size);
  p = arena_alloc (current_arena, bytes);
  memset (p, 0, bytes);

  return p;
}

/* The last allocation grows where it is while its block has room: that
 * is how cmark's buffers mostly grow. */
static gboolean
grow_in_place (Arena       *arena,
               ArenaHeader *header,
               gsize        size)
{
  guintptr block = (guintptr) g_ptr_array_index (arena->blocks, arena->block);
  gsize offset = (guintptr) header - block;

  /* An older block's allocation is never the last (offset wraps round) */
  if ((guintptr) header < block || offset + padded (header->size) != arena->used ||
      size > ARENA_BIG ||
      offset + padded (size) > ARENA_BLOCK_SIZE)
    return FALSE;
  ASAN_UNPOISON_MEMORY_REGION (header, padded (size));
  arena->used = offset + padded (size);
  header->size = size;

  return TRUE;
}

static void *
arena_realloc (void   *p,
               size_t  size)
{
  Arena *arena = current_arena;
  ArenaHeader *header;
  gpointer moved;

  if (p == NULL)
    return arena_alloc (arena, size);

  header = (ArenaHeader *) p - 1;
  if (size <= header->size)
    return p;
  if (header->big > 0)
    {
      gsize i = header->big - 1;

      header = g_realloc (header, sizeof (ArenaHeader) + size);
      header->size = size;
      arena->big->pdata[i] = header;
      return header + 1;
    }

  if (grow_in_place (arena, header, size))
    return p;

  moved = arena_alloc (arena, size);
  memcpy (moved, p, header->size);

  return moved;
}

/* Everything goes at once, with the tree. */
static void
arena_free (G_GNUC_UNUSED void *p)
{
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_free };

static Arena *
arena_new (void)
{
  Arena *arena = g_new0 (Arena, 1);

  arena->blocks = g_ptr_array_new_with_free_func (keep_block);
  arena->big = g_ptr_array_new_with_free_func (g_free);

  return arena;
}

/* Forgets what was handed out; the blocks stay for the next tree. Under
 * AddressSanitizer, a node of the tree read after this is an error. */
static void
arena_reset (Arena *arena)
{
  for (guint i = 0; i < arena->blocks->len; i++)
    ASAN_POISON_MEMORY_REGION (g_ptr_array_index (arena->blocks, i), ARENA_BLOCK_SIZE);
  arena->block = 0;
  arena->used = 0;
  g_ptr_array_set_size (arena->big, 0);
}

static void
arena_free_all (Arena *arena)
{
  arena_reset (arena);
  g_ptr_array_unref (arena->blocks);
  g_ptr_array_unref (arena->big);
  g_free (arena);
}

/**
 * kt_notes_chunk_release_kept:
 *
 * Frees the blocks kept for the next note's trees: call it when no more
 * notes are to be parsed for a while.
 */
void
kt_notes_chunk_release_kept (void)
{
  g_mutex_lock (&kept_lock);
  while (n_kept > 0)
    g_free (kept[--n_kept]);
  g_mutex_unlock (&kept_lock);
}

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
  cmark_parser *parser;

  chunk->first_line = first;
  chunk->n_lines = next - first;
  chunk->start = chunk->line_starts[first - 1];
  chunk->end = next <= chunk->n_text_lines ? chunk->line_starts[next - 1] : chunk->len;
  if (chunk->arena == NULL)
    {
      chunk->arena = arena_new ();
      chunk->outer_arena = current_arena;
    }
  current_arena = chunk->arena;
  parser = cmark_parser_new_with_mem (CMARK_OPT_DEFAULT, &arena_mem);
  cmark_parser_feed (parser, chunk->text + chunk->start, chunk->end - chunk->start);
  chunk->doc = cmark_parser_finish (parser);
  cmark_parser_free (parser);
}

/* The tree is in the arena: it goes without a walk over its nodes. */
static void
drop_tree (KtNotesChunk *chunk)
{
  chunk->doc = NULL;
  if (chunk->arena != NULL)
    arena_reset (chunk->arena);
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
      drop_tree (chunk);
      return FALSE;
    }
  drop_tree (chunk);

  parse (chunk, first, next_chunk_line (chunk, first));
  if (chunk->end < chunk->len && ends_open (chunk))
    {
      /* The heading after it is inside that block: the rest goes whole. */
      drop_tree (chunk);
      chunk->whole = TRUE;
      parse (chunk, first, chunk->n_text_lines + 1);
    }

  return TRUE;
}

void
kt_notes_chunk_clear (KtNotesChunk *chunk)
{
  chunk->doc = NULL;
  if (chunk->arena != NULL)
    {
      current_arena = chunk->outer_arena;
      g_clear_pointer ((Arena **) &chunk->arena, arena_free_all);
    }
}
