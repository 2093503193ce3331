/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-notes-chunks: a note parsed a chunk at a time gives
 * the top-level blocks of the whole note, at the same lines and with the
 * same contents, whatever sits where a chunk could end (fences and HTML
 * blocks holding headings, lists, indented code), and chunks end only
 * before section headings. The trees live in arenas: big texts, a chunk
 * read while another is open, and chunks on several threads at once
 * keep their contents.
 */

#include <stdlib.h>
#include <string.h>

#include "kt-notes-chunks.h"

/* What a parser sees of a block. */
typedef struct {
  cmark_node_type type;
  int             start_line;
  int             end_line;
  char           *xml;        /* the block and what it holds, as cmark's XML */
} Block;

static void
block_clear (Block *block)
{
  g_free (block->xml);
}

static GArray *
blocks_new (void)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (Block));

  g_array_set_clear_func (blocks, (GDestroyNotify) block_clear);
  return blocks;
}

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

/* @in_arena: the XML cmark renders goes with the chunk's tree, not free() */
static void
append_blocks (GArray     *blocks,
               cmark_node *doc,
               int         first_line,
               gboolean    in_arena)
{
  for (cmark_node *node = cmark_node_first_child (doc); node != NULL; node = cmark_node_next (node))
    {
      char *xml = cmark_render_xml (node, CMARK_OPT_DEFAULT);
      Block block = {
        cmark_node_get_type (node),
        cmark_node_get_start_line (node) + first_line - 1,
        cmark_node_get_end_line (node) + first_line - 1,
        g_strdup (xml),
      };

      if (!in_arena)
        free (xml);
      g_array_append_val (blocks, block);
    }
}

static void
assert_blocks_equal (GArray *a,
                     GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      Block *x = &g_array_index (a, Block, i);
      Block *y = &g_array_index (b, Block, i);

      g_assert_cmpint (x->type, ==, y->type);
      g_assert_cmpint (x->start_line, ==, y->start_line);
      g_assert_cmpint (x->end_line, ==, y->end_line);
      g_assert_cmpstr (x->xml, ==, y->xml);
    }
}

static GArray *
whole_blocks (const char *text)
{
  GArray *blocks = blocks_new ();
  cmark_node *doc = cmark_parse_document (text, strlen (text), CMARK_OPT_DEFAULT);

  append_blocks (blocks, doc, 1, FALSE);
  cmark_node_free (doc);

  return blocks;
}

/* Parses @text in chunks of @size, checking that they follow each other
 * and start at section headings; @n_chunks (nullable) says how many. */
static GArray *
chunked_blocks (const char *text,
                gsize       size,
                guint      *n_chunks)
{
  GArray *blocks = blocks_new ();
  g_autofree gsize *starts = NULL;
  KtNotesChunk chunk;
  guint n_lines, n = 0;
  gsize covered = 0;

  starts = index_lines (text, &n_lines);
  kt_notes_chunk_init (&chunk, text, strlen (text), starts, n_lines, size);
  while (kt_notes_chunk_next (&chunk))
    {
      g_assert_cmpuint (chunk.start, ==, covered);
      g_assert_cmpuint (chunk.start, ==, starts[chunk.first_line - 1]);
      g_assert_true (chunk.start == 0 || strncmp (text + chunk.start, "# ", 2) == 0 ||
                     strncmp (text + chunk.start, "## ", 3) == 0);
      covered = chunk.end;
      append_blocks (blocks, chunk.doc, chunk.first_line, TRUE);
      n++;
    }
  kt_notes_chunk_clear (&chunk);
  g_assert_cmpuint (covered, ==, strlen (text));
  if (n_chunks != NULL)
    *n_chunks = n;

  return blocks;
}

/* Parses @text whole and in chunks of @size, asserts both give the same
 * blocks, and returns how many chunks there were. */
static guint
assert_same_blocks (const char *text,
                    gsize       size)
{
  g_autoptr(GArray) whole = whole_blocks (text);
  g_autoptr(GArray) chunked = NULL;
  guint n_chunks;

  chunked = chunked_blocks (text, size, &n_chunks);
  assert_blocks_equal (whole, chunked);

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

/* A paragraph, a code block and a list item far bigger than the arena's
 * blocks, among small ones: their text grows by realloc while cmark
 * reads them. */
static GString *
big_note (void)
{
  g_autoptr(GString) tail = note (30);
  GString *text = note (30);

  g_string_append (text, "## Big paragraph\n\n**Ответ:**");
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (text, " слово%u", i);
  g_string_append (text, "\n\n## Big code\n\n```c\n");
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "int x%u = %u;\n", i, i);
  g_string_append (text, "```\n\n## Big list\n\n- ");
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "item %u ", i);
  g_string_append (text, "\n\n");
  g_string_append (text, tail->str);

  return text;
}

static void
test_chunks_big_texts (void)
{
  g_autoptr(GString) text = big_note ();

  g_assert_cmpuint (text->len, >, 100000);
  assert_same_blocks (text->str, text->len);
  assert_same_blocks (text->str, 1);
  assert_same_blocks (text->str, 20000);
}

/* Another note read to its end while a chunk of the first is open (a
 * nested parse) leaves the first chunk's tree as it was, and the chunks
 * after it parse as before. */
static void
test_chunks_nested (void)
{
  g_autoptr(GString) outer = note (60);
  g_autoptr(GString) inner = big_note ();
  g_autoptr(GArray) expected = whole_blocks (outer->str);
  g_autoptr(GArray) expected_inner = whole_blocks (inner->str);
  g_autoptr(GArray) blocks = blocks_new ();
  g_autofree gsize *starts = NULL;
  KtNotesChunk chunk;
  guint n_lines;

  starts = index_lines (outer->str, &n_lines);
  kt_notes_chunk_init (&chunk, outer->str, outer->len, starts, n_lines, 200);
  while (kt_notes_chunk_next (&chunk))
    {
      g_autoptr(GArray) inner_blocks = chunked_blocks (inner->str, 3000, NULL);

      assert_blocks_equal (expected_inner, inner_blocks);
      append_blocks (blocks, chunk.doc, chunk.first_line, TRUE);
    }
  kt_notes_chunk_clear (&chunk);

  assert_blocks_equal (expected, blocks);
}

static gpointer
parse_in_thread (gpointer text)
{
  /* Several notes one after the other: the thread keeps its arena. */
  for (guint i = 0; i < 4; i++)
    g_array_unref (chunked_blocks (text, 2000, NULL));

  return chunked_blocks (text, 2000, NULL);
}

static void
test_chunks_threads (void)
{
  g_autoptr(GString) text = big_note ();
  g_autoptr(GArray) expected = whole_blocks (text->str);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("notes", parse_in_thread, text->str);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(GArray) blocks = g_thread_join (threads[i]);

      assert_blocks_equal (expected, blocks);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notes-chunks/same-blocks", test_chunks_same_blocks);
  g_test_add_func ("/notes-chunks/open-blocks", test_chunks_open_blocks);
  g_test_add_func ("/notes-chunks/big-texts", test_chunks_big_texts);
  g_test_add_func ("/notes-chunks/nested", test_chunks_nested);
  g_test_add_func ("/notes-chunks/threads", test_chunks_threads);

  return g_test_run ();
}
