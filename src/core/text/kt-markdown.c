/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Markdown → render blocks.  cmark does all the parsing; this file walks the
 * tree it returns with cmark's own iterator (never recursion, so decks with
 * thousands of nested quotes or lists cannot overflow the stack) and emits
 * one flat block per paragraph, heading, code block, list item or rule.
 *
 * Deck text is data: every piece of it reaches the markup only through
 * g_markup_escape_text, so the only tags in the output are the ones written
 * here.  The same walk, without tags and escaping, gives the plain text.
 *
 * What comes out is bounded, so that no card can hand Pango more than it
 * lays out within a frame: of the first KT_MARKDOWN_MAX_BYTES of a field,
 * at most KT_MARKDOWN_MAX_CHARS characters of text, KT_MARKDOWN_MAX_RUN of
 * them in a run without a break opportunity (and an invisible one every
 * KT_MARKDOWN_BREAK_EVERY), at most KT_MARKDOWN_MAX_BLOCKS blocks, and
 * blocks (and tags) nested at most KT_MARKDOWN_MAX_DEPTH deep: deeper list
 * items join the text of the deepest one shown.  The sizes are measured
 * (docs/performance.md): GTK 4.8 lays a label out at some 25 µs a
 * character, several times a frame, so a few thousand characters are
 * what fits in one; and cmark takes quadratic time over a run of
 * brackets, 0.4 s for 64 KiB of them, 15 ms for 8 KiB.  Whatever was left
 * out, the caller is told, to offer the whole text another way.
 */
#define G_LOG_DOMAIN "kt-markdown"

#include "config.h"

#include <string.h>

#include <cmark.h>

#include "kt-markdown.h"
#include "kt-obsidian.h"

/* U+200B: no width, but a line may break there */
#define ZERO_WIDTH_SPACE "\xe2\x80\x8b"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_node, cmark_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_iter, cmark_iter_free)

typedef struct
{
  gboolean ordered;
  int      next_number;
} ListFrame;

typedef struct
{
  /* Plain text instead of markup: no tags, no escaping. */
  gboolean    plain;
  /* Set once anything of the field is left out. */
  gboolean    capped;
  /* No more blocks fit: the walk stops. */
  gboolean    full;

  GPtrArray  *blocks;
  GArray     *lists;        /* of ListFrame, innermost last */
  guint       quote_depth;
  /* Per enclosing quote, the type of the innermost callout around it
   * (NULL: none), innermost last. */
  GPtrArray  *callouts;

  /* The block whose text is still growing, and that text.  It stays open
   * after its paragraph ends, because a list item's later paragraphs join
   * the item's block. */
  KtBlock    *open;
  GString    *text;
  /* The item that `open` belongs to, while nothing else came in between. */
  cmark_node *open_item;
  /* Characters since the last break opportunity in `text`, and whether
   * the rest of that run is being left out. */
  guint       run;
  gboolean    run_cut;
  /* Characters of text taken so far, of KT_MARKDOWN_MAX_CHARS, and when
   * the open block began. */
  guint       n_chars;
  guint       block_start_chars;
  /* Emphasis, strong, links and highlights around the text now, and the
   * tags of those that have them in the text, innermost last.  An image
   * ends its paragraph's block: the tags are closed there, and opened
   * again in the block that continues the paragraph. */
  guint       inline_depth;
  GPtrArray  *opening_tags;
  GPtrArray  *closing_tags;
  /* A list item too deep for a block of its own has just begun. */
  gboolean    deep_item;
} Walk;

/* ------------------------------------------------------------------------ */

void
kt_block_free (KtBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->markup);
  g_free (block->url);
  g_free (block->code);
  g_free (block->language);
  g_free (block);
}

static gsize
length_without_newline (const char *text)
{
  gsize length = strlen (text);

  if (length > 0 && text[length - 1] == '\n')
    length--;

  return length;
}

static char *
language_from_info (const char *info)
{
  gsize length = strcspn (info, " \t");
  g_autofree char *valid = NULL;

  if (length == 0)
    return NULL;

  valid = g_utf8_make_valid (info, length);
  return g_utf8_strdown (valid, -1);
}

/* Where Pango may break a line: without one, a long run is laid out (and
 * measured) as a single unbreakable word. */
static gboolean
breaks_run (gunichar c)
{
  switch (g_unichar_break_type (c))
    {
    case G_UNICODE_BREAK_SPACE:
    case G_UNICODE_BREAK_MANDATORY:
    case G_UNICODE_BREAK_LINE_FEED:
    case G_UNICODE_BREAK_CARRIAGE_RETURN:
    case G_UNICODE_BREAK_NEXT_LINE:
    case G_UNICODE_BREAK_ZERO_WIDTH_SPACE:
    case G_UNICODE_BREAK_IDEOGRAPHIC:
    case G_UNICODE_BREAK_HYPHEN:
    case G_UNICODE_BREAK_AFTER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Counts one more character of text, or refuses it once
 * KT_MARKDOWN_MAX_CHARS are there: the first refused becomes "…" in @out,
 * and the walk ends. */
static gboolean
take_char (Walk    *walk,
           GString *out)
{
  if (walk->n_chars < KT_MARKDOWN_MAX_CHARS)
    {
      walk->n_chars++;
      return TRUE;
    }

  if (!walk->full)
    g_string_append (out, "…");
  walk->full = TRUE;
  walk->capped = TRUE;
  return FALSE;
}

/* Appends @valid to @out within the limits, counting runs in @walk; a
 * run cut short ends in "…". */
static void
append_capped (Walk       *walk,
               GString    *out,
               const char *valid)
{
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (breaks_run (c))
        {
          walk->run = 0;
          walk->run_cut = FALSE;
        }
      else if (walk->run >= KT_MARKDOWN_MAX_RUN)
        {
          if (!walk->run_cut)
            g_string_append (out, "…");
          walk->run_cut = TRUE;
          walk->capped = TRUE;
          continue;
        }
      else if (walk->run++ > 0 && walk->run % KT_MARKDOWN_BREAK_EVERY == 1)
        {
          /* A place to break for Pango, which otherwise measures what is
           * left of the run again for every line it wraps. */
          g_string_append (out, ZERO_WIDTH_SPACE);
        }

      if (!take_char (walk, out))
        return;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

static KtBlock *begin_block (Walk        *walk,
                             KtBlockKind  kind);

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

/* The text of a paragraph goes on after an image: in a block of its own,
 * inside the emphasis it was in.  Blanks alone are not worth one. */
static gboolean
resume_text (Walk       *walk,
             const char *text,
             gsize       length)
{
  if (walk->text != NULL)
    return TRUE;
  if (is_blank (text, length) || begin_block (walk, KT_BLOCK_PARAGRAPH) == NULL)
    return FALSE;

  for (guint i = 0; i < walk->opening_tags->len && !walk->plain; i++)
    g_string_append (walk->text, g_ptr_array_index (walk->opening_tags, i));

  return TRUE;
}

static void
append_text (Walk       *walk,
             const char *text,
             gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autoptr(GString) kept = NULL;
  g_autofree char *escaped = NULL;
  const char *start = valid;

  if (!resume_text (walk, valid, strlen (valid)))
    return;
  /* Text resumed after an image starts at its first word. */
  if (walk->open->kind == KT_BLOCK_PARAGRAPH && walk->n_chars == walk->block_start_chars &&
      walk->open_item == NULL)
    while (g_ascii_isspace (*start))
      start++;

  kept = g_string_sized_new (strlen (start));

  append_capped (walk, kept, start);
  if (walk->plain)
    {
      g_string_append_len (walk->text, kept->str, kept->len);
      return;
    }

  escaped = g_markup_escape_text (kept->str, kept->len);
  g_string_append (walk->text, escaped);
}

/* A tag into the open block's text; none is open right after an image,
 * and the tags are opened where the text resumes. */
static void
append_tag (Walk       *walk,
            const char *tag)
{
  if (!walk->plain && walk->text != NULL)
    g_string_append (walk->text, tag);
}

static void
close_open_block (Walk *walk)
{
  if (walk->open == NULL)
    return;

  walk->open->markup = g_string_free (walk->text, FALSE);
  walk->open = NULL;
  walk->text = NULL;
  walk->open_item = NULL;
}

/* Opens a block of @kind, or returns NULL once KT_MARKDOWN_MAX_BLOCKS
 * are there: the walk then stops. */
static KtBlock *
begin_block (Walk        *walk,
             KtBlockKind  kind)
{
  KtBlock *block;

  close_open_block (walk);
  if (walk->blocks->len >= KT_MARKDOWN_MAX_BLOCKS)
    {
      walk->full = TRUE;
      walk->capped = TRUE;
      return NULL;
    }

  block = g_new0 (KtBlock, 1);
  block->kind = kind;
  block->number = -1;
  block->list_depth = MIN (walk->lists->len, KT_MARKDOWN_MAX_DEPTH);
  block->quote_depth = MIN (walk->quote_depth, KT_MARKDOWN_MAX_DEPTH);
  if (walk->callouts->len > 0)
    block->callout = g_ptr_array_index (walk->callouts, walk->callouts->len - 1);
  g_ptr_array_add (walk->blocks, block);
  walk->run = 0;
  walk->run_cut = FALSE;
  walk->block_start_chars = walk->n_chars;

  if (kind != KT_BLOCK_CODE && kind != KT_BLOCK_RULE)
    {
      walk->open = block;
      walk->text = g_string_new (NULL);
    }

  return block;
}

/* A code block's text: every line capped like a run, since code is not
 * wrapped and a long line is one long layout. */
static char *
capped_code (Walk       *walk,
             const char *literal)
{
  g_autofree char *valid = g_utf8_make_valid (literal, length_without_newline (literal));
  GString *code = g_string_sized_new (strlen (valid));

  walk->run = 0;
  for (const char *p = valid; *p != '\0' && !walk->full; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        walk->run = 0;
      else if (walk->run++ == KT_MARKDOWN_MAX_RUN)
        {
          g_string_append (code, "…");
          walk->capped = TRUE;
        }
      if (walk->run > KT_MARKDOWN_MAX_RUN || !take_char (walk, code))
        continue;
      g_string_append_len (code, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (code, FALSE);
}

/* ------------------------------------------------------------------------ */

static void
enter_item (Walk       *walk,
            cmark_node *node)
{
  ListFrame *frame = &g_array_index (walk->lists, ListFrame, walk->lists->len - 1);
  int number = frame->ordered ? frame->next_number++ : -1;
  KtBlock *block;

  /* Deeper than shown: the item goes on in the text of the deepest one
   * shown, after its own marker, so a list nested 100 000 deep is still
   * a few dozen widgets. */
  if (walk->lists->len > KT_MARKDOWN_MAX_DEPTH && walk->open != NULL)
    {
      g_autofree char *marker = number >= 0 ? g_strdup_printf ("%d. ", number) : g_strdup ("• ");

      if (walk->text->len > 0)
        g_string_append_c (walk->text, '\n');
      append_capped (walk, walk->text, marker);
      walk->run = 0;
      walk->run_cut = FALSE;
      walk->open_item = node;
      walk->deep_item = TRUE;
      return;
    }

  block = begin_block (walk, KT_BLOCK_LIST_ITEM);
  if (block == NULL)
    return;
  block->number = number;
  walk->open_item = node;
}

static void
enter_paragraph (Walk       *walk,
                 cmark_node *node)
{
  if (kt_obsidian_is_callout_title (node))
    {
      begin_block (walk, KT_BLOCK_CALLOUT);
      return;
    }

  if (walk->open_item != NULL && cmark_node_parent (node) == walk->open_item)
    {
      if (walk->text->len > 0 && !walk->deep_item)
        g_string_append_c (walk->text, '\n');
      walk->deep_item = FALSE;
      walk->run = 0;
      walk->run_cut = FALSE;
      return;
    }

  begin_block (walk, KT_BLOCK_PARAGRAPH);
}

static void
enter_code_block (Walk       *walk,
                  cmark_node *node)
{
  KtBlock *block = begin_block (walk, KT_BLOCK_CODE);

  if (block == NULL)
    return;
  block->code = capped_code (walk, cmark_node_get_literal (node));
  block->language = language_from_info (cmark_node_get_fence_info (node));
}

/* Emphasis, strong and links nested deeper than KT_MARKDOWN_MAX_DEPTH
 * keep their text but lose their tags. */
static void
enter_inline (Walk       *walk,
              const char *tag,
              const char *closing_tag)
{
  if (++walk->inline_depth <= KT_MARKDOWN_MAX_DEPTH)
    {
      append_tag (walk, tag);
      g_ptr_array_add (walk->opening_tags, (gpointer) tag);
      g_ptr_array_add (walk->closing_tags, (gpointer) closing_tag);
    }
}

static void
leave_inline (Walk *walk)
{
  if (walk->inline_depth-- <= KT_MARKDOWN_MAX_DEPTH)
    {
      append_tag (walk, g_ptr_array_index (walk->closing_tags, walk->closing_tags->len - 1));
      g_ptr_array_set_size (walk->opening_tags, walk->opening_tags->len - 1);
      g_ptr_array_set_size (walk->closing_tags, walk->closing_tags->len - 1);
    }
}

/* Ends the open block where an image comes: its tags closed, and dropped
 * if it is a paragraph that had no text yet (the image opened it). */
static void
split_text_block (Walk *walk)
{
  if (walk->open == NULL)
    return;

  if (walk->open->kind == KT_BLOCK_PARAGRAPH && walk->n_chars == walk->block_start_chars)
    {
      g_string_free (walk->text, TRUE);
      g_ptr_array_remove_index (walk->blocks, walk->blocks->len - 1);
      walk->open = NULL;
      walk->text = NULL;
      walk->open_item = NULL;
      return;
    }

  /* The blank before the image ends no line. */
  while (walk->text->len > 0 && walk->text->str[walk->text->len - 1] == ' ')
    g_string_truncate (walk->text, walk->text->len - 1);
  for (guint i = walk->closing_tags->len; i > 0; i--)
    append_tag (walk, g_ptr_array_index (walk->closing_tags, i - 1));
  close_open_block (walk);
}

/* The text of an image's children: its alt text. */
static char *
alt_text (cmark_node *image)
{
  g_autoptr(cmark_iter) iter = cmark_iter_new (image);
  GString *alt = g_string_new (NULL);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;
      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (alt, cmark_node_get_literal (node));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (alt, ' ');
          break;
        default:
          break;
        }
    }

  return g_string_free (alt, FALSE);
}

/* An image is a block of its own: between the text before it and the
 * text after it, in the list item or quote it is in. */
static void
enter_image (Walk       *walk,
             cmark_node *node)
{
  g_autofree char *alt = alt_text (node);
  const char *url = cmark_node_get_url (node);
  KtBlock *block;

  split_text_block (walk);
  block = begin_block (walk, KT_BLOCK_IMAGE);
  if (block == NULL)
    return;

  block->url = g_utf8_make_valid (url != NULL ? url : "", -1);
  block->width = kt_obsidian_image_width (node);
  append_text (walk, alt, -1);
  close_open_block (walk);
}

static void
enter_node (Walk       *walk,
            cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      {
        const char *callout = kt_obsidian_callout_type (node);

        if (callout == NULL && walk->callouts->len > 0)
          callout = g_ptr_array_index (walk->callouts, walk->callouts->len - 1);
        g_ptr_array_add (walk->callouts, (gpointer) callout);
        walk->quote_depth++;
      }
      break;

    case CMARK_NODE_LIST:
      {
        ListFrame frame = {
          .ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST,
          .next_number = cmark_node_get_list_start (node),
        };

        g_array_append_val (walk->lists, frame);
      }
      break;

    case CMARK_NODE_ITEM:
      enter_item (walk, node);
      break;

    case CMARK_NODE_PARAGRAPH:
      enter_paragraph (walk, node);
      break;

    case CMARK_NODE_HEADING:
      if (begin_block (walk, KT_BLOCK_HEADING) != NULL)
        walk->open->level = cmark_node_get_heading_level (node);
      break;

    case CMARK_NODE_CODE_BLOCK:
      enter_code_block (walk, node);
      break;

    case CMARK_NODE_HTML_BLOCK:
      {
        const char *literal = cmark_node_get_literal (node);

        /* Shown as the text the deck author typed, never interpreted. */
        if (begin_block (walk, KT_BLOCK_PARAGRAPH) != NULL)
          append_text (walk, literal, length_without_newline (literal));
      }
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      begin_block (walk, KT_BLOCK_RULE);
      break;

    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      append_text (walk, cmark_node_get_literal (node), -1);
      break;

    case CMARK_NODE_CODE:
      {
        const char *literal = cmark_node_get_literal (node);

        /* Right after an image, the block for the code opens first, so
         * that both its tags land in it. */
        if (!resume_text (walk, literal, strlen (literal)))
          break;
        append_tag (walk, "<tt>");
        append_text (walk, literal, -1);
        append_tag (walk, "</tt>");
      }
      break;

    case CMARK_NODE_SOFTBREAK:
      append_text (walk, " ", 1);
      break;

    case CMARK_NODE_LINEBREAK:
      append_text (walk, "\n", 1);
      break;

    case CMARK_NODE_EMPH:
      enter_inline (walk, "<i>", "</i>");
      break;

    case CMARK_NODE_STRONG:
      enter_inline (walk, "<b>", "</b>");
      break;

    case CMARK_NODE_LINK:
      enter_inline (walk, "<u>", "</u>");
      /* [](url) would otherwise leave nothing to see. */
      if (cmark_node_first_child (node) == NULL)
        append_text (walk, cmark_node_get_url (node), -1);
      break;

    case CMARK_NODE_CUSTOM_INLINE:
      if (kt_obsidian_is_highlight (node))
        enter_inline (walk, KT_MARKDOWN_HIGHLIGHT, "</span>");
      break;

    /* Images are walked by enter_image(), children and all. */
    default:
      break;
    }
}

static void
leave_node (Walk       *walk,
            cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      g_ptr_array_set_size (walk->callouts, walk->callouts->len - 1);
      walk->quote_depth--;
      break;

    case CMARK_NODE_LIST:
      g_array_set_size (walk->lists, walk->lists->len - 1);
      break;

    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
      leave_inline (walk);
      break;

    case CMARK_NODE_CUSTOM_INLINE:
      if (kt_obsidian_is_highlight (node))
        leave_inline (walk);
      break;

    default:
      break;
    }
}

static GPtrArray *
walk_markdown (const char *markdown,
               gboolean    plain,
               gboolean   *capped)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_block_free);
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (ListFrame));
  g_autoptr(GPtrArray) opening_tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) closing_tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) callouts = g_ptr_array_new ();
  g_autofree char *valid = NULL;
  g_autoptr(cmark_node) document = NULL;
  g_autoptr(cmark_iter) iter = NULL;
  Walk walk = {
    .plain = plain, .blocks = blocks, .lists = lists, .callouts = callouts,
    .opening_tags = opening_tags, .closing_tags = closing_tags,
  };
  cmark_event_type event;
  gsize length;

  if (capped != NULL)
    *capped = FALSE;
  if (markdown == NULL || *markdown == '\0')
    return g_steal_pointer (&blocks);

  /* The first KT_MARKDOWN_MAX_BYTES, cut where a character begins. */
  length = strnlen (markdown, KT_MARKDOWN_MAX_BYTES + 1);
  if (length > KT_MARKDOWN_MAX_BYTES)
    {
      length = KT_MARKDOWN_MAX_BYTES;
      while (length > 0 && (markdown[length] & 0xC0) == 0x80)
        length--;
      walk.capped = TRUE;
    }

  /* Valid input is not enough: cmark writes the entities &#xFFFE; and
   * &#xFFFF; as the single bytes 0xFE and 0xFF, so every string taken from
   * its tree is made valid again as well. */
  valid = g_utf8_make_valid (markdown, length);
  document = cmark_parse_document (valid, strlen (valid), CMARK_OPT_DEFAULT);
  kt_obsidian_rewrite (document);
  iter = cmark_iter_new (document);

  while (!walk.full && (event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event == CMARK_EVENT_ENTER && cmark_node_get_type (node) == CMARK_NODE_IMAGE)
        {
          enter_image (&walk, node);
          cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
        }
      else if (event == CMARK_EVENT_ENTER)
        enter_node (&walk, node);
      else
        leave_node (&walk, node);
    }

  /* Stopped early, inside emphasis perhaps: its tags are closed. */
  for (guint i = closing_tags->len; walk.open != NULL && i > 0; i--)
    append_tag (&walk, g_ptr_array_index (closing_tags, i - 1));
  close_open_block (&walk);
  if (capped != NULL)
    *capped = walk.capped;

  return g_steal_pointer (&blocks);
}

/* What an image without alt text is called: its file's name. */
static char *
image_name (const char *url)
{
  g_autofree char *path = g_uri_unescape_string (url, NULL);
  g_autofree char *name = NULL;

  if (*url == '\0')
    return g_strdup ("");
  name = g_path_get_basename (path != NULL ? path : url);

  return g_utf8_make_valid (name, -1);
}

/* The blocks as one text, a line each, list items after their marker:
 * @plain for text (an image as its alt text or file name), else markup
 * with code in <tt> and without images. */
static char *
join_blocks (GPtrArray *blocks,
             gboolean   plain)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);

      /* A label shows no picture: kt_markdown_render() gives it to draw. */
      if (block->kind == KT_BLOCK_RULE || (block->kind == KT_BLOCK_IMAGE && !plain))
        continue;

      if (joined->len > 0)
        g_string_append_c (joined, '\n');

      if (block->kind == KT_BLOCK_LIST_ITEM && block->number < 0)
        g_string_append (joined, "• ");
      else if (block->kind == KT_BLOCK_LIST_ITEM)
        g_string_append_printf (joined, "%d. ", block->number);

      if (block->kind == KT_BLOCK_IMAGE && *block->markup == '\0')
        {
          g_autofree char *name = image_name (block->url);

          g_string_append (joined, name);
        }
      else if (block->kind != KT_BLOCK_CODE)
        g_string_append (joined, block->markup);
      else if (plain)
        g_string_append (joined, block->code);
      else
        {
          g_autofree char *escaped = g_markup_escape_text (block->code, -1);

          g_string_append_printf (joined, "<tt>%s</tt>", escaped);
        }
    }

  return g_string_free (joined, FALSE);
}

/* ------------------------------------------------------------------------ */

/**
 * kt_markdown_render:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 * @capped: (out) (optional): whether some of @markdown was left out (see
 *   the top of the file)
 *
 * Returns: (transfer full) (element-type KtBlock): the blocks to draw, in
 *   order; empty for %NULL or blank input.  The array frees its blocks.
 */
GPtrArray *
kt_markdown_render (const char *markdown,
                    gboolean   *capped)
{
  return walk_markdown (markdown, FALSE, capped);
}

/**
 * kt_markdown_to_markup:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 * @capped: (out) (optional): whether some of @markdown was left out
 *
 * The text as one piece of Pango markup, for a single label such as a
 * question heading: inline code, bold, italic and links as in
 * kt_markdown_render(), one line per block, list items after their
 * marker, code blocks in <tt>.
 *
 * Returns: (transfer full): valid markup, never %NULL
 */
char *
kt_markdown_to_markup (const char *markdown,
                       gboolean   *capped)
{
  g_autoptr(GPtrArray) blocks = walk_markdown (markdown, FALSE, capped);

  return join_blocks (blocks, FALSE);
}

/**
 * kt_markdown_to_plain:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 *
 * The text without formatting, one line per block and list items marked
 * with "• " or their number, for accessible labels.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
kt_markdown_to_plain (const char *markdown)
{
  g_autoptr(GPtrArray) blocks = walk_markdown (markdown, TRUE, NULL);

  return join_blocks (blocks, TRUE);
}

/**
 * kt_markdown_to_preview:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 * @max_chars: how many characters at most, "…" included
 *
 * The plain text on one line (blocks joined by spaces), cut to
 * @max_chars with "…": for list rows and titles, where only the start
 * shows. Only the start of @markdown is read.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
kt_markdown_to_preview (const char *markdown,
                        guint       max_chars)
{
  g_autofree char *start = NULL;
  g_autofree char *plain = NULL;
  GString *preview;
  gboolean cut = FALSE, more;
  glong n_chars, keep;

  g_return_val_if_fail (max_chars > 0, NULL);

  /* Enough source for @max_chars of text (markup takes room too), cut
   * where a character begins. */
  if (markdown != NULL)
    {
      gsize length = strnlen (markdown, (gsize) max_chars * 8);

      cut = markdown[length] != '\0';
      while (cut && length > 0 && (markdown[length] & 0xC0) == 0x80)
        length--;
      start = g_utf8_make_valid (markdown, length);
    }
  plain = kt_markdown_to_plain (start);

  n_chars = g_utf8_strlen (plain, -1);
  more = cut || n_chars > max_chars;
  keep = more ? MIN (n_chars, max_chars - 1) : n_chars;
  preview = g_string_sized_new (strlen (plain));
  for (const char *p = plain; keep > 0; p = g_utf8_next_char (p), keep--)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (preview, c == '\n' ? ' ' : c);
    }
  if (more)
    g_string_append (preview, "…");

  return g_string_free (preview, FALSE);
}
