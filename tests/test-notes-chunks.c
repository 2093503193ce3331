/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-notes-chunks: a note parsed a chunk at a time gives
 * the top-level blocks of the whole note, at the same lines, whatever sits
 * where a chunk could end (fences and HTML blocks holding headings, lists,
 * indented code), and chunks end only before section headings.
 */

#include <string.h>

#include "kt-notes-chunks.h"

/* What a parser sees of a block. */
typedef struct {
  cmark_node_type type;
  int             start_line;
  int             end_line;
} Block;

static gsize *
index_lines (const char *text,
             guint      *n_lines)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0, len = strlen (text);

  g_array_append_val (starts, zero);
  for (const char *p = text; (p = strchr (p, '\n')) != NULL;)
    {
      gsize start = ++p - text;

      g_array_append_val (starts, start);
    }
  *n_lines = starts->len;
  g_array_append_val (starts, len);

  return (gsize *) g_array_free (starts, FALSE);
}

static void
append_blocks (GArray     *blocks,
               cmark_node *doc,
               int         first_line)
{
  for (cmark_node *node = cmark_node_first_child (doc); node != NULL; node = cmark_node_next (node))
    {
      Block block = {
        cmark_node_get_type (node),
        cmark_node_get_start_line (node) + first_line - 1,
        cmark_node_get_end_line (node) + first_line - 1,
      };

      g_array_append_val (blocks, block);
    }
}

/* Parses @text whole and in chunks of @size, asserts both give the same
 * blocks, and returns how many chunks there were. */
static guint
assert_same_blocks (const char *text,
                    gsize       size)
{
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (Block));
  g_autoptr(GArray) chunked = g_array_new (FALSE, FALSE, sizeof (Block));
  g_autofree gsize *starts = NULL;
  cmark_node *doc = cmark_parse_document (text, strlen (text), CMARK_OPT_DEFAULT);
  KtNotesChunk chunk;
  guint n_lines, n_chunks = 0;
  gsize covered = 0;

  append_blocks (whole, doc, 1);
  cmark_node_free (doc);

  starts = index_lines (text, &n_lines);
  kt_notes_chunk_init (&chunk, text, strlen (text), starts, n_lines, size);
  while (kt_notes_chunk_next (&chunk))
    {
      /* Chunks follow each other, and start at a section heading. */
      g_assert_cmpuint (chunk.start, ==, covered);
      g_assert_cmpuint (chunk.start, ==, starts[chunk.first_line - 1]);
      g_assert_true (chunk.start == 0 || strncmp (text + chunk.start, "# ", 2) == 0 ||
                     strncmp (text + chunk.start, "## ", 3) == 0);
      covered = chunk.end;
      append_blocks (chunked, chunk.doc, chunk.first_line);
      n_chunks++;
    }
  kt_notes_chunk_clear (&chunk);
  g_assert_cmpuint (covered, ==, strlen (text));

  g_assert_cmpuint (chunked->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    {
      Block *a = &g_array_index (whole, Block, i);
      Block *b = &g_array_index (chunked, Block, i);

      g_assert_cmpint (a->type, ==, b->type);
      g_assert_cmpint (a->start_line, ==, b->start_line);
      g_assert_cmpint (a->end_line, ==, b->end_line);
    }

  return n_chunks;
}

static const char *const sections[] = {
  "## Plain\n\n**Answer:** text\nover two lines\n\n",
  "## List\n\n- one\n- two\n\n  more of two\n\n",
  "## Indented code\n\n    code\n    more\n\n",
  "## Quote\n\n> quoted\n> more\n\n",
  "# A title\n\nIntro.\n\n",
  "### Sub-heading\n\ntext\n\n",
  "## Setext\n\nHeading\n=======\n\n",
};

static GString *
note (guint n)
{
  GString *text = g_string_new ("Text before the first section.\n\n");

  for (guint i = 0; i < n; i++)
    g_string_append (text, sections[i % G_N_ELEMENTS (sections)]);
  return text;
}

static void
test_chunks_same_blocks (void)
{
  g_autoptr(GString) text = note (200);

  /* Whole: under twice the size */
  g_assert_cmpuint (assert_same_blocks (text->str, text->len), ==, 1);
  /* Every section its own chunk, and sizes in between */
  g_assert_cmpuint (assert_same_blocks (text->str, 1), >, 100);
  g_assert_cmpuint (assert_same_blocks (text->str, 500), >, 10);
  g_assert_cmpuint (assert_same_blocks ("", 1), ==, 1);
  g_assert_cmpuint (assert_same_blocks ("## only\n", 1), ==, 1);
}

/* A heading inside a fence or an HTML block is no place to end a chunk:
 * the rest of the note is then parsed whole, and the blocks stay right. */
static void
test_chunks_open_blocks (void)
{
  static const char *const openers[] = {
    "```\ncode\n\n## not a heading\n```\n\n",
    "~~~~python\n\n# not a title\n~~~~\n\n",
    "<!-- a comment\n\n## not a heading\n-->\n\n",
    "<pre>\n\n## not a heading\n</pre>\n\n",
    "<script>\n\n# not a title\n</script>\n\n",
    /* never closed: the rest of the note is code */
    "```\ncode\n\n## not a heading\n\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    {
      g_autoptr(GString) text = note (20);
      g_autoptr(GString) after = note (40);

      g_test_message ("case %u", i);
      g_string_append (text, openers[i]);
      g_string_append (text, after->str);
      assert_same_blocks (text->str, 1);
      assert_same_blocks (text->str, 300);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notes-chunks/same-blocks", test_chunks_same_blocks);
  g_test_add_func ("/notes-chunks/open-blocks", test_chunks_open_blocks);

  return g_test_run ();
}
