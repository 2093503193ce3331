/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Obsidian's additions to CommonMark, rewritten in the tree cmark parsed
 * (never in the text, so code spans and code blocks stay as written):
 *
 * - `[[Note]]`, `[[Note|label]]`: the label (or the note's name) as text;
 * - `![[picture.png]]`, `![[picture.png|300]]`: an image node, 300 pixels
 *   wide at most; an embed of anything else (a note, a PDF) is its name;
 * - `![alt|300](picture.png)`: the width out of the alt text;
 * - `==text==`: a CMARK_NODE_CUSTOM_INLINE around what it marks, so it
 *   nests with emphasis and links like any inline;
 * - `> [!type] Title` (also `[!type]-` and `[!type]+`): the quote is a
 *   callout, and its first line a paragraph of its own, the title.
 *
 * What a node turned into is kept in its user data, read back with the
 * functions below.  Every step is linear in the text: the input is at most
 * KT_MARKDOWN_MAX_BYTES anyway, but a hostile card must not be quadratic.
 */
#define G_LOG_DOMAIN "kt-obsidian"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kt-obsidian.h"

/* Beyond this an embed's width is not a width but a typo. */
#define MAX_WIDTH 10000

static const char highlight_mark[] = "highlight";
static const char callout_title_mark[] = "callout-title";

static const struct
{
  const char *type;
  const char *aliases;  /* blank-separated, the type among them */
  const char *title;
} callouts[] = {
  { "note", "note", NC_("callout", "Note") },
  { "abstract", "abstract summary tldr", NC_("callout", "Summary") },
  { "info", "info", NC_("callout", "Info") },
  { "todo", "todo", NC_("callout", "To Do") },
  { "tip", "tip hint important", NC_("callout", "Tip") },
  { "success", "success check done", NC_("callout", "Success") },
  { "question", "question help faq", NC_("callout", "Question") },
  { "warning", "warning caution attention", NC_("callout", "Warning") },
  { "failure", "failure fail missing", NC_("callout", "Failure") },
  { "danger", "danger error", NC_("callout", "Danger") },
  { "bug", "bug", NC_("callout", "Bug") },
  { "example", "example", NC_("callout", "Example") },
  { "quote", "quote cite", NC_("callout", "Quote") },
};

/* What Obsidian shows as a picture; other embeds are links to files. */
static const char * const image_extensions[] = {
  "png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "tif", "tiff", "ico", NULL
};

static cmark_node *
text_node_new (const char *text,
               gssize      length)
{
  cmark_node *node = cmark_node_new (CMARK_NODE_TEXT);
  g_autofree char *copy = length < 0 ? g_strdup (text) : g_strndup (text, length);

  cmark_node_set_literal (node, copy);
  return node;
}

static void
node_free (cmark_node *node)
{
  cmark_node_unlink (node);
  cmark_node_free (node);
}

/* ------------------------------------------------------------------------
 * Callouts
 * ---------------------------------------------------------------------- */

static gboolean
is_break (cmark_node *node)
{
  cmark_node_type type = cmark_node_get_type (node);

  return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK;
}

static guint
find_callout (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (callouts); i++)
    {
      g_auto(GStrv) aliases = g_strsplit (callouts[i].aliases, " ", -1);

      if (g_strv_contains ((const char * const *) aliases, word))
        return i;
    }

  return G_N_ELEMENTS (callouts);
}

/* The title Obsidian shows for a callout without one: its type's name. */
static char *
default_title (guint       callout,
               const char *word)
{
  if (callout < G_N_ELEMENTS (callouts))
    return g_strdup (g_dpgettext2 (NULL, "callout", callouts[callout].title));

  return g_strdup_printf ("%c%s", g_ascii_toupper (word[0]), word + 1);
}

static void
rewrite_callout (cmark_node *quote)
{
  cmark_node *paragraph = cmark_node_first_child (quote);
  cmark_node *first = paragraph != NULL ? cmark_node_first_child (paragraph) : NULL;
  g_autofree char *literal = NULL;
  g_autofree char *word = NULL;
  cmark_node *title, *node;
  const char *p, *start;
  guint callout;

  if (first == NULL || cmark_node_get_type (paragraph) != CMARK_NODE_PARAGRAPH ||
      cmark_node_get_type (first) != CMARK_NODE_TEXT)
    return;

  literal = g_strdup (cmark_node_get_literal (first));
  if (!g_str_has_prefix (literal, "[!"))
    return;
  for (p = start = literal + 2; g_ascii_isalnum (*p) || *p == '-' || *p == '_'; p++)
    ;
  if (p == start || *p != ']')
    return;
  word = g_ascii_strdown (start, p - start);
  p++;
  /* Folded (-) or unfolded (+) in Obsidian: a card shows it all. */
  if (*p == '-' || *p == '+')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;

  callout = find_callout (word);
  cmark_node_set_user_data (quote, (void *) (callout < G_N_ELEMENTS (callouts)
                                             ? callouts[callout].type : "note"));
  title = cmark_node_new (CMARK_NODE_PARAGRAPH);
  cmark_node_set_user_data (title, (void *) callout_title_mark);

  if (*p != '\0')
    cmark_node_set_literal (first, p);
  else
    node_free (first);

  /* The rest of the first line is the title, the lines after it the body. */
  while ((node = cmark_node_first_child (paragraph)) != NULL && !is_break (node))
    {
      cmark_node_unlink (node);
      cmark_node_append_child (title, node);
    }
  if (node != NULL)
    node_free (node);
  if (cmark_node_first_child (paragraph) == NULL)
    node_free (paragraph);
  if (cmark_node_first_child (title) == NULL)
    {
      g_autofree char *text = default_title (callout, word);

      cmark_node_append_child (title, text_node_new (text, -1));
    }
  cmark_node_prepend_child (quote, title);
}

/* ------------------------------------------------------------------------
 * Wikilinks and embeds
 * ---------------------------------------------------------------------- */

static gboolean
is_image_name (const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *extension = NULL;

  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  extension = g_ascii_strdown (dot + 1, -1);

  return g_strv_contains (image_extensions, extension);
}

/* "300" or "300x200" (Obsidian's width, or width and height): the width,
 * else 0. */
static guint
parse_width (const char *text)
{
  char *end = NULL;
  guint64 width;

  if (!g_ascii_isdigit (*text))
    return 0;
  width = g_ascii_strtoull (text, &end, 10);
  if (*end == 'x')
    {
      if (!g_ascii_isdigit (end[1]))
        return 0;
      g_ascii_strtoull (end + 1, &end, 10);
    }
  if (*end != '\0' || width == 0 || width > MAX_WIDTH)
    return 0;

  return (guint) width;
}

static cmark_node *
image_node_new (const char *target,
                const char *alias)
{
  cmark_node *image = cmark_node_new (CMARK_NODE_IMAGE);
  guint width = alias != NULL ? parse_width (alias) : 0;
  g_autofree char *url = g_uri_escape_string (target, "/", TRUE);
  g_autofree char *alt = NULL;

  /* An alias that is not a width is the alt text, as in Obsidian. */
  if (alias != NULL && width == 0 && *alias != '\0')
    alt = g_strdup (alias);
  else
    alt = g_path_get_basename (target);

  cmark_node_set_url (image, url);
  cmark_node_set_user_data (image, GUINT_TO_POINTER (width));
  cmark_node_append_child (image, text_node_new (alt, -1));

  return image;
}

/* What a wikilink shows: its label, else its target with a heading
 * written as Obsidian shows it ("Note > Heading"). */
static void
append_link_text (GString    *text,
                  const char *target,
                  const char *alias)
{
  if (alias != NULL && *alias != '\0')
    {
      g_string_append (text, alias);
      return;
    }

  for (const char *p = target; *p != '\0'; p++)
    {
      if (*p == '#')
        g_string_append (text, " > ");
      else
        g_string_append_c (text, *p);
    }
}

static void
rewrite_links (cmark_node *node)
{
  g_autofree char *literal = g_strdup (cmark_node_get_literal (node));
  g_autoptr(GString) text = NULL;
  const char *done = literal, *open;

  if (literal == NULL || strstr (literal, "[[") == NULL)
    return;

  text = g_string_new (NULL);
  while ((open = strstr (done, "[[")) != NULL)
    {
      const char *inner = open + 2;
      gsize length = strcspn (inner, "[]\n");
      g_autofree char *target = NULL;
      char *alias;
      gboolean embed;

      if (length == 0 || inner[length] != ']' || inner[length + 1] != ']')
        {
          g_string_append_len (text, done, inner - done);
          done = inner;
          continue;
        }

      embed = open > done && open[-1] == '!';
      g_string_append_len (text, done, open - done - (embed ? 1 : 0));
      done = inner + length + 2;

      target = g_strndup (inner, length);
      alias = strchr (target, '|');
      if (alias != NULL)
        *alias++ = '\0';

      if (embed)
        {
          char *anchor = strchr (target, '#');

          if (anchor != NULL)
            *anchor = '\0';
          if (is_image_name (target))
            {
              cmark_node_insert_before (node, text_node_new (text->str, text->len));
              g_string_truncate (text, 0);
              cmark_node_insert_before (node, image_node_new (target, alias));
              continue;
            }
        }
      append_link_text (text, target, alias);
    }

  g_string_append (text, done);
  if (text->len > 0)
    cmark_node_set_literal (node, text->str);
  else
    node_free (node);
}

/* `![alt|300](picture.png)`: Obsidian's width at the end of the alt. */
static void
take_image_width (cmark_node *image)
{
  cmark_node *last = cmark_node_last_child (image);
  g_autofree char *alt = NULL;
  const char *literal, *bar;
  guint width;

  if (last == NULL || cmark_node_get_type (last) != CMARK_NODE_TEXT)
    return;
  literal = cmark_node_get_literal (last);
  bar = strrchr (literal, '|');
  if (bar == NULL || (width = parse_width (bar + 1)) == 0)
    return;

  cmark_node_set_user_data (image, GUINT_TO_POINTER (width));
  /* Shortened, not freed: the caller still holds every text node. */
  alt = g_strndup (literal, bar - literal);
  cmark_node_set_literal (last, alt);
}

/* ------------------------------------------------------------------------
 * Highlights
 * ---------------------------------------------------------------------- */

/* The next run of exactly two `=` at or after @from that can open (text
 * follows it, no letter precedes it) or close (text precedes it, no letter
 * follows it) a highlight; -1 if none. */
static gssize
find_mark (cmark_node *node,
           gsize       from,
           gboolean    opening)
{
  const char *literal = cmark_node_get_literal (node);
  gsize length = strlen (literal);

  for (gsize i = from; i + 1 < length; i++)
    {
      gsize run = 0;

      if (literal[i] != '=')
        continue;
      while (literal[i + run] == '=')
        run++;
      if (run == 2)
        {
          char before = i > 0 ? literal[i - 1] : ' ';
          char after = literal[i + 2];
          /* Like `_`, never inside a word: `x==y` is a comparison. */
          gboolean ok = opening
                        ? !g_ascii_isalnum (before) &&
                          (after != '\0' ? !g_ascii_isspace (after) : cmark_node_next (node) != NULL)
                        : !g_ascii_isalnum (after) && (i == 0 || !g_ascii_isspace (before));

          if (ok)
            return i;
        }
      i += run - 1;
    }

  return -1;
}

/* Wraps from the mark at @open_at in @opening to the one at @close_at in
 * @closing into a highlight; returns the node after it, which holds what
 * followed the closing mark. */
static cmark_node *
wrap_highlight (cmark_node *opening,
                gsize       open_at,
                cmark_node *closing,
                gsize       close_at)
{
  g_autofree char *open_text = g_strdup (cmark_node_get_literal (opening));
  g_autofree char *close_text = g_strdup (cmark_node_get_literal (closing));
  cmark_node *mark = cmark_node_new (CMARK_NODE_CUSTOM_INLINE);
  cmark_node *after;

  cmark_node_set_user_data (mark, (void *) highlight_mark);

  if (opening == closing)
    {
      cmark_node_append_child (mark, text_node_new (open_text + open_at + 2, close_at - open_at - 2));
      after = text_node_new (open_text + close_at + 2, -1);
      cmark_node_insert_after (opening, after);
    }
  else
    {
      cmark_node *node, *next;

      if (open_text[open_at + 2] != '\0')
        cmark_node_append_child (mark, text_node_new (open_text + open_at + 2, -1));
      for (node = cmark_node_next (opening); node != closing; node = next)
        {
          next = cmark_node_next (node);
          cmark_node_unlink (node);
          cmark_node_append_child (mark, node);
        }
      if (close_at > 0)
        cmark_node_append_child (mark, text_node_new (close_text, close_at));
      cmark_node_set_literal (closing, close_text + close_at + 2);
      after = closing;
    }

  open_text[open_at] = '\0';
  cmark_node_set_literal (opening, open_text);
  cmark_node_insert_after (opening, mark);

  return after;
}

static void
rewrite_highlights (cmark_node *container)
{
  cmark_node *node = cmark_node_first_child (container);
  gsize from = 0;

  while (node != NULL)
    {
      cmark_node *closing = NULL;
      gssize open_at, close_at = -1;

      if (cmark_node_get_type (node) != CMARK_NODE_TEXT ||
          (open_at = find_mark (node, from, TRUE)) < 0)
        {
          node = cmark_node_next (node);
          from = 0;
          continue;
        }

      for (closing = node; closing != NULL; closing = cmark_node_next (closing))
        if (cmark_node_get_type (closing) == CMARK_NODE_TEXT &&
            (close_at = find_mark (closing, closing == node ? (gsize) open_at + 3 : 0, FALSE)) >= 0)
          break;

      /* No closing mark after this opening one is none after any later
       * one either: the rest of the container is plain. */
      if (closing == NULL)
        return;

      node = wrap_highlight (node, open_at, closing, close_at);
      from = 0;
    }
}

/* ------------------------------------------------------------------------ */

static GPtrArray *
collect (cmark_node      *document,
         const cmark_node_type *types,
         guint            n_types)
{
  GPtrArray *nodes = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;
      for (guint i = 0; i < n_types; i++)
        if (cmark_node_get_type (node) == types[i])
          g_ptr_array_add (nodes, node);
    }
  cmark_iter_free (iter);

  return nodes;
}

/**
 * kt_obsidian_rewrite:
 * @document: what cmark_parse_document() returned
 *
 * Rewrites Obsidian's wikilinks, embeds, highlights and callouts in
 * @document (see the top of the file).
 */
void
kt_obsidian_rewrite (cmark_node *document)
{
  static const cmark_node_type quote_types[] = { CMARK_NODE_BLOCK_QUOTE };
  static const cmark_node_type inline_types[] = {
    CMARK_NODE_TEXT, CMARK_NODE_IMAGE,
    CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK,
  };
  g_autoptr(GPtrArray) quotes = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) containers = g_ptr_array_new ();

  g_return_if_fail (document != NULL);

  cmark_consolidate_text_nodes (document);

  /* Callouts first: they take their first line out of its paragraph. */
  quotes = collect (document, quote_types, G_N_ELEMENTS (quote_types));
  for (guint i = 0; i < quotes->len; i++)
    rewrite_callout (g_ptr_array_index (quotes, i));

  /* Links may free the text nodes they were in, so containers are sorted
   * out before, and done after; images made from embeds are not listed. */
  nodes = collect (document, inline_types, G_N_ELEMENTS (inline_types));
  for (guint i = 0; i < nodes->len; i++)
    {
      cmark_node *node = g_ptr_array_index (nodes, i);
      cmark_node_type type = cmark_node_get_type (node);

      if (type != CMARK_NODE_TEXT && type != CMARK_NODE_IMAGE)
        g_ptr_array_add (containers, node);
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      cmark_node *node = g_ptr_array_index (nodes, i);

      /* A text node is freed only by its own rewrite, after this check. */
      if (cmark_node_get_type (node) == CMARK_NODE_TEXT)
        rewrite_links (node);
      else if (cmark_node_get_type (node) == CMARK_NODE_IMAGE)
        take_image_width (node);
    }
  for (guint i = 0; i < containers->len; i++)
    rewrite_highlights (g_ptr_array_index (containers, i));
}

gboolean
kt_obsidian_is_highlight (cmark_node *node)
{
  return cmark_node_get_type (node) == CMARK_NODE_CUSTOM_INLINE &&
         cmark_node_get_user_data (node) == highlight_mark;
}

gboolean
kt_obsidian_is_callout_title (cmark_node *node)
{
  return cmark_node_get_type (node) == CMARK_NODE_PARAGRAPH &&
         cmark_node_get_user_data (node) == callout_title_mark;
}

/**
 * kt_obsidian_callout_type:
 *
 * Returns: (nullable): for the quote of a callout, its type ("note",
 *   "warning", …: Obsidian's, with its aliases folded in, and "note" for
 *   types it does not know); %NULL for anything else
 */
const char *
kt_obsidian_callout_type (cmark_node *node)
{
  if (cmark_node_get_type (node) != CMARK_NODE_BLOCK_QUOTE)
    return NULL;

  return cmark_node_get_user_data (node);
}

/**
 * kt_obsidian_image_width:
 *
 * Returns: the width an image asks for (`|300`), or 0 for its own
 */
guint
kt_obsidian_image_width (cmark_node *node)
{
  if (cmark_node_get_type (node) != CMARK_NODE_IMAGE)
    return 0;

  return GPOINTER_TO_UINT (cmark_node_get_user_data (node));
}
