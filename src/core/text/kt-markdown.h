/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-markdown: a card's markdown (answer, summary, notes) as a flat list of
 * render blocks that the UI draws with labels and code views.  Kept free of
 * GTK so the translation, and above all the escaping of deck text, can be
 * unit-tested without a display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper lists and quotes still render, drawn at this depth; deeper list
 * items join the text of the deepest item, and deeper emphasis loses its
 * tags. */
#define KT_MARKDOWN_MAX_DEPTH 32

/* What a field renders to at most (see kt-markdown.c): of its first 8 KiB,
 * 3 000 characters, runs of 1 000 without a break opportunity, 500 blocks. */
#define KT_MARKDOWN_MAX_BYTES  (8 * 1024)
#define KT_MARKDOWN_MAX_CHARS  3000
#define KT_MARKDOWN_MAX_RUN    1000
#define KT_MARKDOWN_MAX_BLOCKS 500

/* Within a long run, an invisible break opportunity (U+200B) every this
 * many characters, so that Pango wraps it in linear time. */
#define KT_MARKDOWN_BREAK_EVERY 64

/* How ==highlighted== text is marked up: a yellow that reads in light and
 * dark styles alike. */
#define KT_MARKDOWN_HIGHLIGHT "<span background=\"#f6d32d\" bgalpha=\"45%\">"

typedef enum
{
  KT_BLOCK_PARAGRAPH,
  KT_BLOCK_HEADING,
  KT_BLOCK_CODE,
  KT_BLOCK_LIST_ITEM,
  KT_BLOCK_RULE,
  KT_BLOCK_IMAGE,
  KT_BLOCK_CALLOUT,
} KtBlockKind;

typedef struct
{
  KtBlockKind  kind;
  /* PARAGRAPH, HEADING, LIST_ITEM, CALLOUT (its title): Pango markup
   * using only <b>, <i>, <tt>, <u> and KT_MARKDOWN_HIGHLIGHT's <span>,
   * all text escaped; IMAGE: its alt text, escaped; NULL for CODE and
   * RULE. */
  char        *markup;
  /* IMAGE: where it is, as written (a path, percent-encoded or not, or a
   * URL); NULL otherwise. */
  char        *url;
  /* IMAGE: the width it asks for (Obsidian's `|300`), or 0. */
  guint        width;
  /* Any kind inside an Obsidian callout, and CALLOUT: the innermost
   * callout's type ("note", "warning", … see kt-obsidian.c), else NULL. */
  const char  *callout;
  /* CODE: the raw code, without the trailing newline; NULL otherwise. */
  char        *code;
  /* CODE: first word of the fence info string, lower-cased, or NULL. */
  char        *language;
  /* HEADING: 1–6; 0 otherwise. */
  guint        level;
  /* Any kind: enclosing lists, 0 … KT_MARKDOWN_MAX_DEPTH.  A LIST_ITEM draws
   * its marker at this depth; other blocks with list_depth > 0 continue the
   * item above them and align with its text. */
  guint        list_depth;
  /* LIST_ITEM: the ordered-list number, or -1 for a bullet. */
  int          number;
  /* Any kind: enclosing block quotes, 0 … KT_MARKDOWN_MAX_DEPTH. */
  guint        quote_depth;
} KtBlock;

GPtrArray *kt_markdown_render     (const char *markdown,
                                   gboolean   *capped);
char      *kt_markdown_to_markup  (const char *markdown,
                                   gboolean   *capped);
char      *kt_markdown_to_plain   (const char *markdown);
char      *kt_markdown_to_preview (const char *markdown,
                                   guint       max_chars);
void       kt_block_free          (KtBlock    *block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtBlock, kt_block_free)

G_END_DECLS
