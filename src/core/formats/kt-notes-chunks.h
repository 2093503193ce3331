/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A big note's markdown parsed with cmark a chunk at a time: see
 * kt-notes-chunks.c.
 */
#pragma once

#include <glib.h>
#include <cmark.h>

G_BEGIN_DECLS

/* Notes are parsed in chunks of at least this, when they are twice as
 * big: small enough for a chunk's tree (about seven times the chunk) to
 * stay in the processor's cache. */
#define KT_NOTES_CHUNK_SIZE (256 * 1024)

typedef struct {
  /* The chunk kt_notes_chunk_next() parsed: its bytes [start, end) of the
   * text, its lines first_line … first_line + n_lines - 1 of the text
   * (1-based), and cmark's tree of it, whose line numbers count from the
   * chunk's first line. The tree's memory is the chunk's: what cmark
   * allocates for it (a rendering, say) goes with it, and is not freed. */
  gsize        start;
  gsize        end;
  guint        first_line;
  guint        n_lines;
  cmark_node  *doc;

  /*< private >*/
  const char  *text;
  gsize        len;
  const gsize *line_starts;
  guint        n_text_lines;
  gsize        size;
  gboolean     whole;
  gpointer     arena;        /* where the tree is */
  gpointer     outer_arena;  /* the thread's arena before this chunk's */
} KtNotesChunk;

void     kt_notes_chunk_init  (KtNotesChunk *chunk,
                               const char   *text,
                               gsize         len,
                               const gsize  *line_starts,
                               guint         n_lines,
                               gsize         size);
gboolean kt_notes_chunk_next  (KtNotesChunk *chunk);
void     kt_notes_chunk_clear (KtNotesChunk *chunk);

void     kt_notes_chunk_release_kept (void);

G_END_DECLS
