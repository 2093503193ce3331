/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-markdown: each CommonMark construct maps to the
 * expected blocks, deck text is always escaped, hostile input (invalid
 * UTF-8, control characters, thousands of nesting levels) still yields
 * markup that parses, and the plain-text form.
 *
 * Over a thousand lines in one file: one renderer's cases, construct by
 * construct.
 */

#include <string.h>

#include "kt-markdown.h"

/* ------------------------------------------------------------------------ */

/* Pango markup is XML with a fixed set of tags; kt-markdown promises to use
 * only these, without attributes, and the highlight's <span>. */
static void
check_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  static const char * const allowed[] = { "markup", "b", "i", "tt", "u", NULL };
  gboolean highlight = g_str_equal (element_name, "span") &&
                       g_strv_length ((char **) attribute_names) == 2 &&
                       g_str_equal (attribute_names[0], "background") &&
                       g_str_equal (attribute_names[1], "bgalpha");

  if (!highlight && (!g_strv_contains (allowed, element_name) || attribute_names[0] != NULL))
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
                 "unexpected element <%s>", element_name);
}

static void
assert_valid_markup (const char *markup)
{
  static const GMarkupParser parser = { .start_element = check_element };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = NULL;

  g_assert_true (g_utf8_validate (markup, -1, NULL));

  /* Wrapped the way pango_parse_markup does it. */
  wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_markup_parse_context_parse (context, wrapped, -1, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

/* Renders and checks what every block must satisfy, whatever the input. */
static GPtrArray *
render (const char *markdown)
{
  GPtrArray *blocks = kt_markdown_render (markdown, NULL);

  g_assert_nonnull (blocks);

  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);
      gboolean has_markup = block->kind != KT_BLOCK_CODE && block->kind != KT_BLOCK_RULE;
      gboolean callout_known = block->callout == NULL ||
                               strstr (" note abstract info todo tip success question warning failure "
                                       "danger bug example quote ", block->callout) != NULL;

      g_assert_true ((block->markup != NULL) == has_markup);
      g_assert_true ((block->code != NULL) == (block->kind == KT_BLOCK_CODE));
      g_assert_true (block->language == NULL || block->kind == KT_BLOCK_CODE);
      g_assert_cmpuint (block->list_depth, <=, KT_MARKDOWN_MAX_DEPTH);
      g_assert_cmpuint (block->quote_depth, <=, KT_MARKDOWN_MAX_DEPTH);
      g_assert_true (block->number == -1 || block->kind == KT_BLOCK_LIST_ITEM);
      g_assert_true ((block->url != NULL) == (block->kind == KT_BLOCK_IMAGE));
      g_assert_true (block->width == 0 || block->kind == KT_BLOCK_IMAGE);
      g_assert_true (callout_known);
      g_assert_true (block->kind != KT_BLOCK_CALLOUT || block->callout != NULL);

      if (block->markup != NULL)
        assert_valid_markup (block->markup);
      if (block->code != NULL)
        g_assert_true (g_utf8_validate (block->code, -1, NULL));
    }

  return blocks;
}

static const KtBlock *
block_at (GPtrArray *blocks,
          guint      index)
{
  g_assert_cmpuint (index, <, blocks->len);

  return g_ptr_array_index (blocks, index);
}

static void
assert_block (GPtrArray   *blocks,
              guint        index,
              KtBlockKind  kind,
              const char  *markup)
{
  const KtBlock *block = block_at (blocks, index);

  g_assert_cmpint (block->kind, ==, kind);
  g_assert_cmpstr (block->markup, ==, markup);
}

static void
assert_item (GPtrArray  *blocks,
             guint       index,
             const char *markup,
             guint       list_depth,
             int         number)
{
  const KtBlock *block = block_at (blocks, index);

  assert_block (blocks, index, KT_BLOCK_LIST_ITEM, markup);
  g_assert_cmpuint (block->list_depth, ==, list_depth);
  g_assert_cmpint (block->number, ==, number);
}

static void
assert_code (GPtrArray  *blocks,
             guint       index,
             const char *code,
             const char *language)
{
  const KtBlock *block = block_at (blocks, index);

  g_assert_cmpint (block->kind, ==, KT_BLOCK_CODE);
  g_assert_cmpstr (block->code, ==, code);
  g_assert_cmpstr (block->language, ==, language);
}

/* ------------------------------------------------------------------------ */

static void
test_empty (void)
{
  static const char * const inputs[] = { "", "   ", "\n\n\t\n", "<!-- -->", NULL };
  g_autoptr(GPtrArray) none = render (NULL);
  g_autofree char *plain_none = kt_markdown_to_plain (NULL);
  g_autofree char *plain_empty = kt_markdown_to_plain ("");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpstr (plain_none, ==, "");
  g_assert_cmpstr (plain_empty, ==, "");

  /* Blank input makes no blocks; an HTML comment is still shown as text. */
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) blocks = render (inputs[i]);

      g_assert_cmpuint (blocks->len, ==, inputs[i][0] == '<' ? 1 : 0);
    }
}

static void
test_inline (void)
{
  g_autoptr(GPtrArray) blocks = render ("Some **bold**, *italic*, _also_ and `code`;\n"
                                        "***both*** and **`code in bold`**.");
  const KtBlock *block;

  g_assert_cmpuint (blocks->len, ==, 1);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "Some <b>bold</b>, <i>italic</i>, <i>also</i> and <tt>code</tt>; "
                "<i><b>both</b></i> and <b><tt>code in bold</tt></b>.");

  block = block_at (blocks, 0);
  g_assert_cmpuint (block->list_depth, ==, 0);
  g_assert_cmpuint (block->quote_depth, ==, 0);
  g_assert_cmpint (block->number, ==, -1);
}

static void
test_escape_text (void)
{
  g_autoptr(GPtrArray) blocks = render ("a <b>x</b> & <script>alert('\"')</script> > c\n\n"
                                        "# <i>&amp; \"q\"\n\n"
                                        "- it's <u>");

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "a &lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert(&apos;&quot;&apos;)"
                "&lt;/script&gt; &gt; c");
  /* The entity is decoded by cmark, then escaped again as text. */
  assert_block (blocks, 1, KT_BLOCK_HEADING, "&lt;i&gt;&amp; &quot;q&quot;");
  assert_block (blocks, 2, KT_BLOCK_LIST_ITEM, "it&apos;s &lt;u&gt;");
}

static void
test_escape_html_block (void)
{
  g_autoptr(GPtrArray) blocks = render ("<div onclick=\"x()\">\n<b>hi</b> & bye\n</div>\n\nafter");

  g_assert_cmpuint (blocks->len, ==, 2);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "&lt;div onclick=&quot;x()&quot;&gt;\n&lt;b&gt;hi&lt;/b&gt; &amp; bye\n&lt;/div&gt;");
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "after");
}

static void
test_escape_code (void)
{
  g_autoptr(GPtrArray) blocks = render ("Span `<b>&amp;\"'</b>` here\n\n"
                                        "```html\n<script>alert(\"&amp;\")</script>\n```\n\n"
                                        "    <i>indented & raw</i>\n");

  g_assert_cmpuint (blocks->len, ==, 3);
  /* A code span shows its text literally: no entity decoding, but escaped. */
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "Span <tt>&lt;b&gt;&amp;amp;&quot;&apos;&lt;/b&gt;</tt> here");
  /* Code blocks are handed over raw, for a code view rather than a label. */
  assert_code (blocks, 1, "<script>alert(\"&amp;\")</script>", "html");
  assert_code (blocks, 2, "<i>indented & raw</i>", NULL);
}

static void
test_control_characters (void)
{
  g_autoptr(GPtrArray) blocks = render ("bell\x07 escape\x1b[0m form\x0c feed\x7f del");

  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_null (strchr (block_at (blocks, 0)->markup, '\x1b'));
}

static void
test_code_fenced (void)
{
  g_autoptr(GPtrArray) blocks = render ("```python\nprint(1)\n\nprint(2)\n```\n\n"
                                        "```Python3 title=\"x.py\"\nx = 1\n```\n\n"
                                        "```\nno language\n```\n\n"
                                        "~~~ RUST\nfn main() {}\n~~~\n\n"
                                        "```\n```\n\n"
                                        "```sh\nunclosed\n");

  g_assert_cmpuint (blocks->len, ==, 6);
  assert_code (blocks, 0, "print(1)\n\nprint(2)", "python");
  assert_code (blocks, 1, "x = 1", "python3");
  assert_code (blocks, 2, "no language", NULL);
  assert_code (blocks, 3, "fn main() {}", "rust");
  assert_code (blocks, 4, "", NULL);
  assert_code (blocks, 5, "unclosed", "sh");
}

static void
test_code_indented (void)
{
  g_autoptr(GPtrArray) blocks = render ("Text:\n\n    if x:\n        y()\n\n    z()\n\nEnd");

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "Text:");
  assert_code (blocks, 1, "if x:\n    y()\n\nz()", NULL);
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH, "End");
}

static void
test_list_bullet (void)
{
  g_autoptr(GPtrArray) blocks = render ("- one **b**\n"
                                        "- two\n"
                                        "  * nested\n"
                                        "    + deeper\n"
                                        "  * nested again\n"
                                        "- three");

  g_assert_cmpuint (blocks->len, ==, 6);
  assert_item (blocks, 0, "one <b>b</b>", 1, -1);
  assert_item (blocks, 1, "two", 1, -1);
  assert_item (blocks, 2, "nested", 2, -1);
  assert_item (blocks, 3, "deeper", 3, -1);
  assert_item (blocks, 4, "nested again", 2, -1);
  assert_item (blocks, 5, "three", 1, -1);
}

static void
test_list_ordered (void)
{
  g_autoptr(GPtrArray) blocks = render ("3. three\n"
                                        "7. four, whatever it says\n"
                                        "   1) a\n"
                                        "   1) b\n"
                                        "      - bullet\n"
                                        "5. five\n\n"
                                        "text\n\n"
                                        "1. restart");

  g_assert_cmpuint (blocks->len, ==, 8);
  assert_item (blocks, 0, "three", 1, 3);
  assert_item (blocks, 1, "four, whatever it says", 1, 4);
  assert_item (blocks, 2, "a", 2, 1);
  assert_item (blocks, 3, "b", 2, 2);
  assert_item (blocks, 4, "bullet", 3, -1);
  assert_item (blocks, 5, "five", 1, 5);
  assert_block (blocks, 6, KT_BLOCK_PARAGRAPH, "text");
  g_assert_cmpuint (block_at (blocks, 6)->list_depth, ==, 0);
  assert_item (blocks, 7, "restart", 1, 1);
}

static void
test_list_content (void)
{
  g_autoptr(GPtrArray) blocks = render ("1. first\n\n"
                                        "   second *para*\n\n"
                                        "   ```sh\n"
                                        "   ls -l\n"
                                        "   ```\n\n"
                                        "   after code\n\n"
                                        "   - sub\n\n"
                                        "   back in first\n"
                                        "2. \n"
                                        "3. ```\n"
                                        "   code first\n"
                                        "   ```");

  g_assert_cmpuint (blocks->len, ==, 8);
  assert_item (blocks, 0, "first\nsecond <i>para</i>", 1, 1);
  assert_code (blocks, 1, "ls -l", "sh");
  g_assert_cmpuint (block_at (blocks, 1)->list_depth, ==, 1);
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH, "after code");
  g_assert_cmpuint (block_at (blocks, 2)->list_depth, ==, 1);
  assert_item (blocks, 3, "sub", 2, -1);
  assert_block (blocks, 4, KT_BLOCK_PARAGRAPH, "back in first");
  g_assert_cmpuint (block_at (blocks, 4)->list_depth, ==, 1);
  /* Empty items and items starting with code still draw their marker. */
  assert_item (blocks, 5, "", 1, 2);
  assert_item (blocks, 6, "", 1, 3);
  assert_code (blocks, 7, "code first", NULL);
  g_assert_cmpuint (block_at (blocks, 7)->list_depth, ==, 1);
}

static void
test_quote (void)
{
  g_autoptr(GPtrArray) blocks = render ("> quoted *text*\n"
                                        "> continues\n"
                                        ">\n"
                                        "> > deeper\n"
                                        ">\n"
                                        "> - item\n"
                                        ">\n"
                                        "> ```\n"
                                        "> code\n"
                                        "> ```\n\n"
                                        "outside");

  g_assert_cmpuint (blocks->len, ==, 5);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "quoted <i>text</i> continues");
  g_assert_cmpuint (block_at (blocks, 0)->quote_depth, ==, 1);
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "deeper");
  g_assert_cmpuint (block_at (blocks, 1)->quote_depth, ==, 2);
  assert_item (blocks, 2, "item", 1, -1);
  g_assert_cmpuint (block_at (blocks, 2)->quote_depth, ==, 1);
  assert_code (blocks, 3, "code", NULL);
  g_assert_cmpuint (block_at (blocks, 3)->quote_depth, ==, 1);
  assert_block (blocks, 4, KT_BLOCK_PARAGRAPH, "outside");
  g_assert_cmpuint (block_at (blocks, 4)->quote_depth, ==, 0);
}

static void
test_heading (void)
{
  g_autoptr(GPtrArray) blocks = render ("# One\n"
                                        "### Three `x` **y**\n"
                                        "###### Six\n"
                                        "####### seven is text\n\n"
                                        "Setext\n======\n\n"
                                        "Two\n---");

  g_assert_cmpuint (blocks->len, ==, 6);
  assert_block (blocks, 0, KT_BLOCK_HEADING, "One");
  g_assert_cmpuint (block_at (blocks, 0)->level, ==, 1);
  assert_block (blocks, 1, KT_BLOCK_HEADING, "Three <tt>x</tt> <b>y</b>");
  g_assert_cmpuint (block_at (blocks, 1)->level, ==, 3);
  assert_block (blocks, 2, KT_BLOCK_HEADING, "Six");
  g_assert_cmpuint (block_at (blocks, 2)->level, ==, 6);
  assert_block (blocks, 3, KT_BLOCK_PARAGRAPH, "####### seven is text");
  g_assert_cmpuint (block_at (blocks, 3)->level, ==, 0);
  assert_block (blocks, 4, KT_BLOCK_HEADING, "Setext");
  g_assert_cmpuint (block_at (blocks, 4)->level, ==, 1);
  assert_block (blocks, 5, KT_BLOCK_HEADING, "Two");
  g_assert_cmpuint (block_at (blocks, 5)->level, ==, 2);
}

static void
test_rule (void)
{
  g_autoptr(GPtrArray) blocks = render ("above\n\n---\n\nmiddle\n\n***\n\n_ _ _\nbelow");

  g_assert_cmpuint (blocks->len, ==, 6);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "above");
  assert_block (blocks, 1, KT_BLOCK_RULE, NULL);
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH, "middle");
  assert_block (blocks, 3, KT_BLOCK_RULE, NULL);
  assert_block (blocks, 4, KT_BLOCK_RULE, NULL);
  assert_block (blocks, 5, KT_BLOCK_PARAGRAPH, "below");
}

static void
test_link (void)
{
  g_autoptr(GPtrArray) blocks = render ("See [the *GNOME* site](https://gnome.org \"title\"), "
                                        "<https://x.org/?a=1&b=2>, [](https://empty.org?q=<>) "
                                        "and ![alt **text**](pic.png).\n\n"
                                        "[ref]\n\n"
                                        "[ref]: https://ref.org");

  /* An image is a block of its own, with its alt text as plain text. */
  g_assert_cmpuint (blocks->len, ==, 4);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "See <u>the <i>GNOME</i> site</u>, <u>https://x.org/?a=1&amp;b=2</u>, "
                "<u>https://empty.org?q=&lt;&gt;</u> and");
  assert_block (blocks, 1, KT_BLOCK_IMAGE, "alt text");
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH, ".");
  assert_block (blocks, 3, KT_BLOCK_PARAGRAPH, "<u>ref</u>");
}

static void
test_breaks (void)
{
  g_autoptr(GPtrArray) blocks = render ("one\ntwo  \nthree\\\nfour\n  five");

  g_assert_cmpuint (blocks->len, ==, 1);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "one two\nthree\nfour five");
}

/* The "Event Loop" card of data/decks/Async Python.md (seed 002): a summary
 * with a hard break, then a python block whose body is indented with a tab. */
static const char seed_answer[] =
  "**Кратко:**  \n"
  "Event loop планирует и переключает корутины.\n"
  "\n"
  "```python\n"
  "import asyncio\n"
  "\n"
  "async def main():\n"
  "\tawait asyncio.sleep(1)\n"
  "\n"
  "asyncio.run(main())\n"
  "```\n"
  "\n"
  "**Ответ:**  \n"
  "Он управляет выполнением корутин и переключается между ними при `await`.\n";

static void
test_seed_answer (void)
{
  g_autoptr(GPtrArray) blocks = render (seed_answer);
  g_autofree char *plain = kt_markdown_to_plain (seed_answer);

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "<b>Кратко:</b>\nEvent loop планирует и переключает корутины.");
  assert_code (blocks, 1,
               "import asyncio\n\nasync def main():\n\tawait asyncio.sleep(1)\n\nasyncio.run(main())",
               "python");
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH,
                "<b>Ответ:</b>\nОн управляет выполнением корутин и переключается между ними "
                "при <tt>await</tt>.");

  g_assert_cmpstr (plain, ==,
                   "Кратко:\nEvent loop планирует и переключает корутины.\n"
                   "import asyncio\n\nasync def main():\n\tawait asyncio.sleep(1)\n\nasyncio.run(main())\n"
                   "Ответ:\nОн управляет выполнением корутин и переключается между ними при await.");
}

/* The whole real deck, front matter and all, renders to valid markup and
 * keeps its python block. */
static void
test_seed_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "decks",
                                                 "Async Python.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  guint n_python = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  blocks = render (contents);
  g_assert_cmpuint (blocks->len, >, 20);

  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == KT_BLOCK_CODE && g_strcmp0 (block->language, "python") == 0)
        {
          g_assert_true (g_str_has_suffix (block->code, "\nasyncio.run(main())"));
          n_python++;
        }
    }

  g_assert_cmpuint (n_python, ==, 1);
}

static void
test_invalid_utf8 (void)
{
  static const char input[] = "**bad\xff\xfe byte** \xc3( `\x80<`\n\n"
                              "- \xe2\x28\xa1 item\n\n"
                              "```py\xf0\n\xed\xa0\x80 surrogate\n```\n\n"
                              "# cut \xe2\x82";
  g_autoptr(GPtrArray) blocks = render (input);
  g_autofree char *plain = kt_markdown_to_plain (input);

  g_assert_cmpuint (blocks->len, ==, 4);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "<b>bad\xef\xbf\xbd\xef\xbf\xbd byte</b> \xef\xbf\xbd( <tt>\xef\xbf\xbd&lt;</tt>");
  g_assert_cmpint (block_at (blocks, 1)->kind, ==, KT_BLOCK_LIST_ITEM);
  g_assert_cmpint (block_at (blocks, 2)->kind, ==, KT_BLOCK_CODE);
  g_assert_true (g_utf8_validate (block_at (blocks, 2)->language, -1, NULL));
  g_assert_cmpint (block_at (blocks, 3)->kind, ==, KT_BLOCK_HEADING);
  g_assert_true (g_utf8_validate (plain, -1, NULL));
}

/* cmark itself writes these two entities as the bytes 0xFE and 0xFF. */
static void
test_invalid_entities (void)
{
  static const char input[] = "a &#xFFFE; b &#xFFFF; [](x&#xFFFF;) ![&#xFFFE;](y)\n\n"
                              "```&#xFFFF;py\ncode\n```";
  g_autoptr(GPtrArray) blocks = render (input);
  g_autofree char *plain = kt_markdown_to_plain (input);

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "a \xef\xbf\xbd b \xef\xbf\xbd <u>x\xef\xbf\xbd</u>");
  assert_block (blocks, 1, KT_BLOCK_IMAGE, "\xef\xbf\xbd");
  assert_code (blocks, 2, "code", "\xef\xbf\xbdpy");
  g_assert_cmpstr (plain, ==, "a \xef\xbf\xbd b \xef\xbf\xbd x\xef\xbf\xbd\n\xef\xbf\xbd\ncode");
}

static void
test_deep_quote (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *plain = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (input, '>');
  g_string_append (input, " deep *text*\n");

  blocks = render (input->str);
  plain = kt_markdown_to_plain (input->str);

  g_assert_cmpuint (blocks->len, ==, 1);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "deep <i>text</i>");
  g_assert_cmpuint (block_at (blocks, 0)->quote_depth, ==, KT_MARKDOWN_MAX_DEPTH);
  g_assert_cmpstr (plain, ==, "deep text");
}

static void
test_deep_list (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  const KtBlock *deepest;
  gboolean capped = FALSE;

  for (guint i = 0; i < 10000; i++)
    g_string_append (input, i % 2 == 0 ? "- " : "1. ");
  g_string_append (input, "leaf\n\nafter");

  blocks = render (input->str);
  g_ptr_array_unref (kt_markdown_render (input->str, &capped));

  /* A block per level down to the deepest shown; the deeper items go on
   * in its text, each after its marker, until the characters run out. */
  g_assert_true (capped);
  g_assert_cmpuint (blocks->len, ==, KT_MARKDOWN_MAX_DEPTH);
  assert_item (blocks, 0, "", 1, -1);
  assert_item (blocks, 1, "", 2, 1);
  deepest = block_at (blocks, KT_MARKDOWN_MAX_DEPTH - 1);
  g_assert_cmpint (deepest->kind, ==, KT_BLOCK_LIST_ITEM);
  g_assert_cmpuint (deepest->list_depth, ==, KT_MARKDOWN_MAX_DEPTH);
  g_assert_true (g_str_has_prefix (deepest->markup, "• \n1. \n• "));
  g_assert_true (g_str_has_suffix (deepest->markup, "…"));
  g_assert_cmpuint (g_utf8_strlen (deepest->markup, -1), <, 2 * KT_MARKDOWN_MAX_CHARS);
}

/* What follows a list deeper than shown still shows. */
static void
test_deep_list_after (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append (input, i % 2 == 0 ? "- " : "1. ");
  g_string_append (input, "leaf\n\nafter");

  blocks = render (input->str);

  g_assert_cmpuint (blocks->len, ==, KT_MARKDOWN_MAX_DEPTH + 1);
  g_assert_true (g_str_has_suffix (block_at (blocks, KT_MARKDOWN_MAX_DEPTH - 1)->markup, "\n1. leaf"));
  assert_block (blocks, KT_MARKDOWN_MAX_DEPTH, KT_BLOCK_PARAGRAPH, "after");
  g_assert_cmpuint (block_at (blocks, KT_MARKDOWN_MAX_DEPTH)->list_depth, ==, 0);
}

/* Items past the deepest shown keep their own paragraphs' text. */
static void
test_deep_list_text (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  const KtBlock *deepest;

  for (guint depth = 0; depth < KT_MARKDOWN_MAX_DEPTH + 3; depth++)
    {
      for (guint i = 0; i < depth; i++)
        g_string_append (input, "  ");
      g_string_append_printf (input, "- level %u\n", depth + 1);
    }

  blocks = render (input->str);

  g_assert_cmpuint (blocks->len, ==, KT_MARKDOWN_MAX_DEPTH);
  deepest = block_at (blocks, KT_MARKDOWN_MAX_DEPTH - 1);
  g_assert_cmpstr (deepest->markup, ==, "level 32\n• level 33\n• level 34\n• level 35");
}

static void
test_capped_field (void)
{
  g_autoptr(GString) input = g_string_new ("Start ");
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  gboolean capped = FALSE;
  const char *shown;

  /* A 1 MB paragraph: only the first characters show, then "…". */
  while (input->len < 1024 * 1024)
    g_string_append (input, "слово ");
  blocks = kt_markdown_render (input->str, &capped);

  g_assert_true (capped);
  g_assert_cmpuint (blocks->len, ==, 1);
  shown = block_at (blocks, 0)->markup;
  g_assert_true (g_str_has_prefix (shown, "Start слово"));
  g_assert_true (g_str_has_suffix (shown, "…"));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), ==, KT_MARKDOWN_MAX_CHARS + 1);
  g_assert_true (g_utf8_validate (shown, -1, NULL));

  /* Nothing shows after the characters run out, not even a new block. */
  g_string_append (input, "\n\nlater");
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = kt_markdown_render (input->str, &capped);
  g_assert_cmpuint (blocks->len, ==, 1);

  /* At the limit exactly, nothing is left out. */
  g_string_assign (input, "");
  for (guint i = 0; i < KT_MARKDOWN_MAX_CHARS / 3 - 1; i++)
    g_string_append (input, "ёж ");
  g_string_append (input, "ежа");
  g_assert_cmpuint (g_utf8_strlen (input->str, -1), ==, KT_MARKDOWN_MAX_CHARS);
  whole = kt_markdown_render (input->str, &capped);
  g_assert_false (capped);
  g_assert_cmpstr (block_at (whole, 0)->markup, ==, input->str);
}

/* Like the first freeze deck of issue 18 ([ × 100 000, x, ] × 100 000),
 * small enough to be read whole: [ × 4 000, x, ] × 4 000. */
static void
test_capped_run (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *markup = NULL;
  gboolean capped = FALSE;
  const char *text;

  for (guint i = 0; i < 4000; i++)
    g_string_append_c (input, '[');
  g_string_append_c (input, 'x');
  for (guint i = 0; i < 4000; i++)
    g_string_append_c (input, ']');
  g_string_append (input, " tail");

  blocks = kt_markdown_render (input->str, &capped);
  g_assert_true (capped);
  g_assert_cmpuint (blocks->len, ==, 1);
  text = block_at (blocks, 0)->markup;
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==,
                    KT_MARKDOWN_MAX_RUN + (KT_MARKDOWN_MAX_RUN - 1) / KT_MARKDOWN_BREAK_EVERY +
                    g_utf8_strlen ("… tail", -1));
  g_assert_true (g_str_has_suffix (text, "[[[… tail"));

  /* The question heading takes the same cap. */
  markup = kt_markdown_to_markup (input->str, &capped);
  g_assert_true (capped);
  g_assert_cmpstr (markup, ==, text);

  /* Runs begin again after a space, and in code after a newline; a long
   * one may break every KT_MARKDOWN_BREAK_EVERY characters. */
  g_string_assign (input, "");
  for (guint i = 0; i < 2; i++)
    {
      for (guint j = 0; j < KT_MARKDOWN_MAX_RUN; j++)
        g_string_append_c (input, 'a');
      g_string_append_c (input, ' ');
    }
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = kt_markdown_render (input->str, &capped);
  g_assert_false (capped);
  text = block_at (blocks, 0)->markup;
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==,
                    2 * KT_MARKDOWN_MAX_RUN + 1 + 2 * ((KT_MARKDOWN_MAX_RUN - 1) / KT_MARKDOWN_BREAK_EVERY));
  g_assert_true (g_str_has_prefix (text + KT_MARKDOWN_BREAK_EVERY, "\xe2\x80\x8b"));

  g_string_assign (input, "```\n");
  for (guint j = 0; j < KT_MARKDOWN_MAX_RUN + 5; j++)
    g_string_append_c (input, 'b');
  g_string_append (input, "\nshort\n```\n");
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = kt_markdown_render (input->str, &capped);
  g_assert_true (capped);
  g_assert_true (g_str_has_suffix (block_at (blocks, 0)->code, "bbb…\nshort"));
  g_assert_cmpuint (g_utf8_strlen (block_at (blocks, 0)->code, -1), ==,
                    KT_MARKDOWN_MAX_RUN + g_utf8_strlen ("…\nshort", -1));
}

static void
test_capped_blocks (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  gboolean capped = FALSE;

  /* 10 000 empty items of two bytes each: well within 64 KiB. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (input, "-\n");
  blocks = kt_markdown_render (input->str, &capped);

  g_assert_true (capped);
  g_assert_cmpuint (blocks->len, ==, KT_MARKDOWN_MAX_BLOCKS);

  g_string_truncate (input, 2 * KT_MARKDOWN_MAX_BLOCKS);
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = kt_markdown_render (input->str, &capped);
  g_assert_false (capped);
  g_assert_cmpuint (blocks->len, ==, KT_MARKDOWN_MAX_BLOCKS);
}

static void
test_deep_inline (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;

  /* Emphasis nested 500 deep, then unbalanced brackets and stars. */
  for (guint i = 0; i < 500; i++)
    g_string_append (input, "*a ");
  g_string_append (input, "core");
  for (guint i = 0; i < 500; i++)
    g_string_append (input, " a*");
  g_string_append (input, "\n\n");
  for (guint i = 0; i < 5000; i++)
    g_string_append (input, "[*_`<");

  blocks = render (input->str);

  /* Tags down to the deepest level shown, then text only. */
  for (guint i = 0; i < KT_MARKDOWN_MAX_DEPTH; i++)
    g_string_append (expected, "<i>a ");
  g_string_append (expected, "a a a");
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_true (g_str_has_prefix (block_at (blocks, 0)->markup, expected->str));
  g_assert_true (g_str_has_suffix (block_at (blocks, 0)->markup, " a</i> a</i> a</i>"));
}

/* Characters running out inside emphasis: its tags are still closed. */
static void
test_capped_inline (void)
{
  g_autoptr(GString) input = g_string_new ("**bold *and italic ");
  g_autoptr(GPtrArray) blocks = NULL;
  gboolean capped = FALSE;

  for (guint i = 0; i < KT_MARKDOWN_MAX_CHARS; i++)
    g_string_append (input, "w ");
  g_string_append (input, "end* bold**");

  blocks = render (input->str);
  g_ptr_array_unref (kt_markdown_render (input->str, &capped));
  g_assert_true (capped);
  g_assert_true (g_str_has_prefix (block_at (blocks, 0)->markup, "<b>bold <i>and italic w w"));
  g_assert_true (g_str_has_suffix (block_at (blocks, 0)->markup, "…</i></b>"));
}

/* A question heading: inline markdown as markup, blocks on lines. */
static void
test_to_markup (void)
{
  g_autofree char *question = kt_markdown_to_markup ("Что делает `await`?", NULL);
  g_autofree char *mixed = kt_markdown_to_markup ("**Bold** & <i>\n\n- one\n\n```\na < b\n```", NULL);
  g_autofree char *empty = kt_markdown_to_markup (NULL, NULL);

  g_assert_cmpstr (question, ==, "Что делает <tt>await</tt>?");
  g_assert_cmpstr (mixed, ==, "<b>Bold</b> &amp; &lt;i&gt;\n• one\n<tt>a &lt; b</tt>");
  assert_valid_markup (mixed);
  g_assert_cmpstr (empty, ==, "");
}

/* A list row: one line, no markup characters, cut with "…". */
static void
test_to_preview (void)
{
  g_autoptr(GString) long_question = g_string_new ("**Why** ");
  g_autofree char *question = kt_markdown_to_preview ("Что делает `await`?", 80);
  g_autofree char *lines = kt_markdown_to_preview ("# Title\n\nFirst *line*\n\n- item", 80);
  g_autofree char *cut = kt_markdown_to_preview ("1234567890", 5);
  g_autofree char *exact = kt_markdown_to_preview ("12345", 5);
  g_autofree char *empty = kt_markdown_to_preview (NULL, 5);
  g_autofree char *huge = NULL;

  g_assert_cmpstr (question, ==, "Что делает await?");
  g_assert_cmpstr (lines, ==, "Title First line • item");
  g_assert_cmpstr (cut, ==, "1234…");
  g_assert_cmpstr (exact, ==, "12345");
  g_assert_cmpstr (empty, ==, "");

  /* Only the start of a 10 MB question is read. */
  while (long_question->len < 10 * 1024 * 1024)
    g_string_append (long_question, "ё ");
  huge = kt_markdown_to_preview (long_question->str, 100);
  g_assert_cmpuint (g_utf8_strlen (huge, -1), ==, 100);
  g_assert_true (g_str_has_prefix (huge, "Why ё ё"));
  g_assert_true (g_str_has_suffix (huge, "…"));
}

static void
test_to_plain (void)
{
  static const char input[] =
    "# Title\n\n"
    "Some **bold** and [link](https://x.org), a < b & \"c\"\nsoft\n\n"
    "- a\n"
    "- b\n"
    "  1. nested\n\n"
    "---\n\n"
    "9. nine\n\n"
    "```c\nif (a < b) {}\n```\n\n"
    "> quoted &amp; <em>html</em>";
  g_autofree char *plain = kt_markdown_to_plain (input);

  g_assert_cmpstr (plain, ==,
                   "Title\n"
                   "Some bold and link, a < b & \"c\" soft\n"
                   "• a\n"
                   "• b\n"
                   "1. nested\n"
                   "9. nine\n"
                   "if (a < b) {}\n"
                   "quoted & <em>html</em>");
}


/* ------------------------------------------------------------------------
 * Obsidian: images, embeds, wikilinks, highlights, callouts
 * ---------------------------------------------------------------------- */

static void
assert_image (GPtrArray  *blocks,
              guint       index,
              const char *url,
              const char *alt,
              guint       width)
{
  const KtBlock *block = block_at (blocks, index);

  assert_block (blocks, index, KT_BLOCK_IMAGE, alt);
  g_assert_cmpstr (block->url, ==, url);
  g_assert_cmpuint (block->width, ==, width);
}

static void
test_image_alone (void)
{
  g_autoptr(GPtrArray) blocks = render ("![A cat & a dog](pets/cat%20dog.png)");
  g_autofree char *plain = kt_markdown_to_plain ("![](pets/cat%20dog.png)");
  g_autofree char *markup = kt_markdown_to_markup ("![cat](cat.png)", NULL);

  /* The paragraph around it is no block of its own. */
  g_assert_cmpuint (blocks->len, ==, 1);
  assert_image (blocks, 0, "pets/cat%20dog.png", "A cat &amp; a dog", 0);
  /* Plain text names the picture; a label's markup leaves it out. */
  g_assert_cmpstr (plain, ==, "cat dog.png");
  g_assert_cmpstr (markup, ==, "");
}

static void
test_image_in_text (void)
{
  g_autoptr(GPtrArray) blocks = render ("Look at **this ![x](a.png) and *that*** now.\n\n"
                                        "- item ![](b.png)\n  after\n");
  g_autofree char *markup = kt_markdown_to_markup ("What is *this*? ![](a.png)", NULL);

  g_assert_cmpuint (blocks->len, ==, 6);
  /* The emphasis is closed before the image and opened again after it. */
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH, "Look at <b>this</b>");
  assert_image (blocks, 1, "a.png", "x", 0);
  assert_block (blocks, 2, KT_BLOCK_PARAGRAPH, "<b>and <i>that</i></b> now.");
  assert_item (blocks, 3, "item", 1, -1);
  assert_image (blocks, 4, "b.png", "", 0);
  g_assert_cmpuint (block_at (blocks, 4)->list_depth, ==, 1);
  /* The item's text after its picture lines up with the item. */
  assert_block (blocks, 5, KT_BLOCK_PARAGRAPH, "after");
  g_assert_cmpuint (block_at (blocks, 5)->list_depth, ==, 1);
  /* The item's text after its picture lines up with the item. */
  assert_block (blocks, 5, KT_BLOCK_PARAGRAPH, "after");
  g_assert_cmpuint (block_at (blocks, 5)->list_depth, ==, 1);
  g_assert_cmpstr (markup, ==, "What is <i>this</i>?");
}

/* Code right after an image: both its tags in the block that goes on
 * (the fuzzer found the first one lost). */
static void
test_image_then_code (void)
{
  g_autoptr(GPtrArray) blocks = render ("![](a.png)`code` and `x`\n\n![](b.png)` `\n");

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_image (blocks, 0, "a.png", "", 0);
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "<tt>code</tt> and <tt>x</tt>");
  assert_image (blocks, 2, "b.png", "", 0);
}

static void
test_embeds (void)
{
  g_autoptr(GPtrArray) blocks = render ("![[Схема сети.png]]\n\n"
                                        "Before ![[sub/diagram.PNG|300]] after\n\n"
                                        "![[photo.jpg|240x120]] ![[photo.jpg|A photo]]\n\n"
                                        "![[Other note]] and ![[Other note#Part|that part]]\n\n"
                                        "`![[code.png]]`\n");

  g_assert_cmpuint (blocks->len, ==, 8);
  assert_image (blocks, 0, "Схема%20сети.png", "Схема сети.png", 0);
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "Before");
  assert_image (blocks, 2, "sub/diagram.PNG", "diagram.PNG", 300);
  assert_block (blocks, 3, KT_BLOCK_PARAGRAPH, "after");
  assert_image (blocks, 4, "photo.jpg", "photo.jpg", 240);
  assert_image (blocks, 5, "photo.jpg", "A photo", 0);
  /* Embeds of notes are their names, like links. */
  assert_block (blocks, 6, KT_BLOCK_PARAGRAPH, "Other note and that part");
  /* Code stays code. */
  assert_block (blocks, 7, KT_BLOCK_PARAGRAPH, "<tt>![[code.png]]</tt>");
}

static void
test_image_width_in_alt (void)
{
  g_autoptr(GPtrArray) blocks = render ("![Engelbart|100x145](e.png) ![a|b](c.png) ![|64](d.png)");

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_image (blocks, 0, "e.png", "Engelbart", 100);
  assert_image (blocks, 1, "c.png", "a|b", 0);
  assert_image (blocks, 2, "d.png", "", 64);
}

static void
test_wikilinks (void)
{
  g_autoptr(GPtrArray) blocks = render ("See [[Event loop]], [[asyncio|the \"asyncio\" & co docs]] and "
                                        "[[Python#GIL]]; [[]] and [[a\nb]] stay.\n\n"
                                        "```\n[[Note]]\n```\n");
  g_autofree char *plain = kt_markdown_to_plain ("**[[Note|Заметка]]**");

  g_assert_cmpuint (blocks->len, ==, 2);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "See Event loop, the &quot;asyncio&quot; &amp; co docs and Python &gt; GIL; [[]] and [[a b]] stay.");
  assert_code (blocks, 1, "[[Note]]", NULL);
  g_assert_cmpstr (plain, ==, "Заметка");
}

static void
test_highlights (void)
{
  g_autoptr(GPtrArray) blocks = render ("A ==marked== word, ==across **bold** text==, "
                                        "`==code==`, a == b, x==y and ==<b>==.\n\n"
                                        "==open only\n\n"
                                        "# ==Title==\n");
  g_autofree char *plain = kt_markdown_to_plain ("A ==marked== word");

  g_assert_cmpuint (blocks->len, ==, 3);
  assert_block (blocks, 0, KT_BLOCK_PARAGRAPH,
                "A " KT_MARKDOWN_HIGHLIGHT "marked</span> word, "
                KT_MARKDOWN_HIGHLIGHT "across <b>bold</b> text</span>, "
                "<tt>==code==</tt>, a == b, x==y and " KT_MARKDOWN_HIGHLIGHT "&lt;b&gt;</span>.");
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "==open only");
  assert_block (blocks, 2, KT_BLOCK_HEADING, KT_MARKDOWN_HIGHLIGHT "Title</span>");
  g_assert_cmpstr (plain, ==, "A marked word");
}

static void
test_callouts (void)
{
  g_autoptr(GPtrArray) blocks = render ("> [!note] Event *loop*\n> It runs callbacks.\n\n"
                                        "> [!WARNING]-\n> Do not block it.\n\n"
                                        "> [!tldr]+ \n>\n> Short.\n\n"
                                        "> [!custom-kind]\n\n"
                                        "> [!tip] Outer\n> > Inner quote\n\n"
                                        "> [not a callout]\n");
  g_autofree char *plain = kt_markdown_to_plain ("> [!info] Title\n> Body");

  g_assert_cmpuint (blocks->len, ==, 10);
  assert_block (blocks, 0, KT_BLOCK_CALLOUT, "Event <i>loop</i>");
  g_assert_cmpstr (block_at (blocks, 0)->callout, ==, "note");
  assert_block (blocks, 1, KT_BLOCK_PARAGRAPH, "It runs callbacks.");
  g_assert_cmpstr (block_at (blocks, 1)->callout, ==, "note");
  g_assert_cmpuint (block_at (blocks, 1)->quote_depth, ==, 1);
  /* Without a title, the type's name, in the user's language. */
  assert_block (blocks, 2, KT_BLOCK_CALLOUT, "Warning");
  g_assert_cmpstr (block_at (blocks, 2)->callout, ==, "warning");
  assert_block (blocks, 3, KT_BLOCK_PARAGRAPH, "Do not block it.");
  assert_block (blocks, 4, KT_BLOCK_CALLOUT, "Summary");
  g_assert_cmpstr (block_at (blocks, 4)->callout, ==, "abstract");
  assert_block (blocks, 5, KT_BLOCK_PARAGRAPH, "Short.");
  /* A type Obsidian does not know is a note, titled with its name. */
  assert_block (blocks, 6, KT_BLOCK_CALLOUT, "Custom-kind");
  g_assert_cmpstr (block_at (blocks, 6)->callout, ==, "note");
  assert_block (blocks, 7, KT_BLOCK_CALLOUT, "Outer");
  assert_block (blocks, 8, KT_BLOCK_PARAGRAPH, "Inner quote");
  g_assert_cmpstr (block_at (blocks, 8)->callout, ==, "tip");
  g_assert_cmpuint (block_at (blocks, 8)->quote_depth, ==, 2);
  assert_block (blocks, 9, KT_BLOCK_PARAGRAPH, "[not a callout]");
  g_assert_null (block_at (blocks, 9)->callout);
  g_assert_cmpstr (plain, ==, "Title\nBody");
}

/* Thousands of marks, links and embeds: linear, and still valid markup. */
static void
test_obsidian_hostile (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) more = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "==a *b ==c* [[d|e]] ![[f.png|");
  blocks = render (text->str);
  g_assert_cmpuint (blocks->len, >, 0);

  g_string_truncate (text, 0);
  for (guint i = 0; i < 3000; i++)
    g_string_append (text, "![[x.png]]");
  more = render (text->str);
  g_assert_cmpuint (more->len, ==, KT_MARKDOWN_MAX_BLOCKS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/markdown/empty", test_empty);
  g_test_add_func ("/markdown/inline", test_inline);
  g_test_add_func ("/markdown/escape-text", test_escape_text);
  g_test_add_func ("/markdown/escape-html-block", test_escape_html_block);
  g_test_add_func ("/markdown/escape-code", test_escape_code);
  g_test_add_func ("/markdown/control-characters", test_control_characters);
  g_test_add_func ("/markdown/code-fenced", test_code_fenced);
  g_test_add_func ("/markdown/code-indented", test_code_indented);
  g_test_add_func ("/markdown/list-bullet", test_list_bullet);
  g_test_add_func ("/markdown/list-ordered", test_list_ordered);
  g_test_add_func ("/markdown/list-content", test_list_content);
  g_test_add_func ("/markdown/quote", test_quote);
  g_test_add_func ("/markdown/heading", test_heading);
  g_test_add_func ("/markdown/rule", test_rule);
  g_test_add_func ("/markdown/link", test_link);
  g_test_add_func ("/markdown/breaks", test_breaks);
  g_test_add_func ("/markdown/seed-answer", test_seed_answer);
  g_test_add_func ("/markdown/seed-file", test_seed_file);
  g_test_add_func ("/markdown/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/markdown/invalid-entities", test_invalid_entities);
  g_test_add_func ("/markdown/deep-quote", test_deep_quote);
  g_test_add_func ("/markdown/deep-list", test_deep_list);
  g_test_add_func ("/markdown/deep-list-text", test_deep_list_text);
  g_test_add_func ("/markdown/deep-list-after", test_deep_list_after);
  g_test_add_func ("/markdown/capped-field", test_capped_field);
  g_test_add_func ("/markdown/capped-run", test_capped_run);
  g_test_add_func ("/markdown/capped-blocks", test_capped_blocks);
  g_test_add_func ("/markdown/deep-inline", test_deep_inline);
  g_test_add_func ("/markdown/capped-inline", test_capped_inline);
  g_test_add_func ("/markdown/to-plain", test_to_plain);
  g_test_add_func ("/markdown/to-markup", test_to_markup);
  g_test_add_func ("/markdown/to-preview", test_to_preview);
  g_test_add_func ("/markdown/image-alone", test_image_alone);
  g_test_add_func ("/markdown/image-in-text", test_image_in_text);
  g_test_add_func ("/markdown/image-then-code", test_image_then_code);
  g_test_add_func ("/markdown/embeds", test_embeds);
  g_test_add_func ("/markdown/image-width-in-alt", test_image_width_in_alt);
  g_test_add_func ("/markdown/wikilinks", test_wikilinks);
  g_test_add_func ("/markdown/highlights", test_highlights);
  g_test_add_func ("/markdown/callouts", test_callouts);
  g_test_add_func ("/markdown/obsidian-hostile", test_obsidian_hostile);

  return g_test_run ();
}
