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
 */
#define G_LOG_DOMAIN "kt-markdown"

#include "config.h"

#include <string.h>

#include <cmark.h>

#include "kt-markdown.h"

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

  GPtrArray  *blocks;
  GArray     *lists;        /* of ListFrame, innermost last */
  guint       quote_depth;

  /* The block whose text is still growing, and that text.  It stays open
   * after its paragraph ends, because a list item's later paragraphs join
   * the item's block. */
  KtBlock    *open;
  GString    *text;
  /* The item that `open` belongs to, while nothing else came in between. */
  cmark_node *open_item;
} Walk;

/* ------------------------------------------------------------------------ */

void
kt_block_free (KtBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->markup);
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

static void
append_text (Walk       *walk,
             const char *text,
             gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autofree char *escaped = NULL;

  g_assert (walk->text != NULL);

  if (walk->plain)
    {
      g_string_append (walk->text, valid);
      return;
    }

  escaped = g_markup_escape_text (valid, -1);
  g_string_append (walk->text, escaped);
}

static void
append_tag (Walk       *walk,
            const char *tag)
{
  g_assert (walk->text != NULL);

  if (!walk->plain)
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

static KtBlock *
begin_block (Walk        *walk,
             KtBlockKind  kind)
{
  KtBlock *block = g_new0 (KtBlock, 1);

  close_open_block (walk);

  block->kind = kind;
  block->number = -1;
  block->list_depth = MIN (walk->lists->len, KT_MARKDOWN_MAX_DEPTH);
  block->quote_depth = MIN (walk->quote_depth, KT_MARKDOWN_MAX_DEPTH);
  g_ptr_array_add (walk->blocks, block);

  if (kind != KT_BLOCK_CODE && kind != KT_BLOCK_RULE)
    {
      walk->open = block;
      walk->text = g_string_new (NULL);
    }

  return block;
}

/* ------------------------------------------------------------------------ */

static void
enter_item (Walk       *walk,
            cmark_node *node)
{
  ListFrame *frame = &g_array_index (walk->lists, ListFrame, walk->lists->len - 1);
  KtBlock *block = begin_block (walk, KT_BLOCK_LIST_ITEM);

  if (frame->ordered)
    block->number = frame->next_number++;

  walk->open_item = node;
}

static void
enter_paragraph (Walk       *walk,
                 cmark_node *node)
{
  if (walk->open_item != NULL && cmark_node_parent (node) == walk->open_item)
    {
      if (walk->text->len > 0)
        g_string_append_c (walk->text, '\n');
      return;
    }

  begin_block (walk, KT_BLOCK_PARAGRAPH);
}

static void
enter_code_block (Walk       *walk,
                  cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  KtBlock *block = begin_block (walk, KT_BLOCK_CODE);

  block->code = g_utf8_make_valid (literal, length_without_newline (literal));
  block->language = language_from_info (cmark_node_get_fence_info (node));
}

static void
enter_node (Walk       *walk,
            cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      walk->quote_depth++;
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
      begin_block (walk, KT_BLOCK_HEADING)->level = cmark_node_get_heading_level (node);
      break;

    case CMARK_NODE_CODE_BLOCK:
      enter_code_block (walk, node);
      break;

    case CMARK_NODE_HTML_BLOCK:
      {
        const char *literal = cmark_node_get_literal (node);

        /* Shown as the text the deck author typed, never interpreted. */
        begin_block (walk, KT_BLOCK_PARAGRAPH);
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
      append_tag (walk, "<tt>");
      append_text (walk, cmark_node_get_literal (node), -1);
      append_tag (walk, "</tt>");
      break;

    case CMARK_NODE_SOFTBREAK:
      g_string_append_c (walk->text, ' ');
      break;

    case CMARK_NODE_LINEBREAK:
      g_string_append_c (walk->text, '\n');
      break;

    case CMARK_NODE_EMPH:
      append_tag (walk, "<i>");
      break;

    case CMARK_NODE_STRONG:
      append_tag (walk, "<b>");
      break;

    case CMARK_NODE_LINK:
      append_tag (walk, "<u>");
      /* [](url) would otherwise leave nothing to see. */
      if (cmark_node_first_child (node) == NULL)
        append_text (walk, cmark_node_get_url (node), -1);
      break;

    /* An image is drawn as its alt text, which cmark keeps as its children. */
    case CMARK_NODE_IMAGE:
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
      walk->quote_depth--;
      break;

    case CMARK_NODE_LIST:
      g_array_set_size (walk->lists, walk->lists->len - 1);
      break;

    case CMARK_NODE_EMPH:
      append_tag (walk, "</i>");
      break;

    case CMARK_NODE_STRONG:
      append_tag (walk, "</b>");
      break;

    case CMARK_NODE_LINK:
      append_tag (walk, "</u>");
      break;

    default:
      break;
    }
}

static GPtrArray *
walk_markdown (const char *markdown,
               gboolean    plain)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_block_free);
  g_autoptr(GArray) lists = g_array_new (FALSE, FALSE, sizeof (ListFrame));
  g_autofree char *valid = NULL;
  g_autoptr(cmark_node) document = NULL;
  g_autoptr(cmark_iter) iter = NULL;
  Walk walk = { .plain = plain, .blocks = blocks, .lists = lists };
  cmark_event_type event;

  if (markdown == NULL || *markdown == '\0')
    return g_steal_pointer (&blocks);

  /* Valid input is not enough: cmark writes the entities &#xFFFE; and
   * &#xFFFF; as the single bytes 0xFE and 0xFF, so every string taken from
   * its tree is made valid again as well. */
  valid = g_utf8_make_valid (markdown, -1);
  document = cmark_parse_document (valid, strlen (valid), CMARK_OPT_DEFAULT);
  iter = cmark_iter_new (document);

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      if (event == CMARK_EVENT_ENTER)
        enter_node (&walk, cmark_iter_get_node (iter));
      else
        leave_node (&walk, cmark_iter_get_node (iter));
    }

  close_open_block (&walk);

  return g_steal_pointer (&blocks);
}

/* ------------------------------------------------------------------------ */

/**
 * kt_markdown_render:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 *
 * Returns: (transfer full) (element-type KtBlock): the blocks to draw, in
 *   order; empty for %NULL or blank input.  The array frees its blocks.
 */
GPtrArray *
kt_markdown_render (const char *markdown)
{
  return walk_markdown (markdown, FALSE);
}

/**
 * kt_markdown_to_plain:
 * @markdown: (nullable): CommonMark text, not necessarily valid UTF-8
 *
 * The text without formatting, one line per block and list items marked
 * with "• " or their number, for list rows and accessible labels.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
kt_markdown_to_plain (const char *markdown)
{
  g_autoptr(GPtrArray) blocks = walk_markdown (markdown, TRUE);
  GString *plain = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == KT_BLOCK_RULE)
        continue;

      if (plain->len > 0)
        g_string_append_c (plain, '\n');

      if (block->kind == KT_BLOCK_LIST_ITEM && block->number < 0)
        g_string_append (plain, "• ");
      else if (block->kind == KT_BLOCK_LIST_ITEM)
        g_string_append_printf (plain, "%d. ", block->number);

      g_string_append (plain, block->kind == KT_BLOCK_CODE ? block->code : block->markup);
    }

  return g_string_free (plain, FALSE);
}
