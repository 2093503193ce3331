/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-html: HTML fields as Anki writes them (nested <div>s,
 * <br> soup, &nbsp;, inline styles, tables, scripts) become the markdown
 * they look like, text never turns into markdown by accident, and hostile
 * fields (deep nesting, huge tags, bad bytes) end quickly and safely.
 */

#include <string.h>

#include "kt-html.h"
#include "kt-markdown.h"

static char *
convert (const char    *html,
         KtHtmlDropped *dropped)
{
  char *markdown = kt_html_to_markdown (html, -1, dropped);

  g_assert_nonnull (markdown);
  g_assert_true (g_utf8_validate (markdown, -1, NULL));
  return markdown;
}

static void
assert_markdown (const char *html,
                 const char *expected)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autofree char *markdown = convert (html, &dropped);

  g_assert_cmpstr (markdown, ==, expected);
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_NONE);
}

/* What the card view shows for @html, formatting aside. */
static char *
rendered_text (const char *html)
{
  g_autofree char *markdown = convert (html, NULL);

  return kt_markdown_to_plain (markdown);
}

static void
test_inline (void)
{
  assert_markdown ("What is a <b>coroutine</b>?", "What is a **coroutine**?");
  assert_markdown ("<strong>a</strong> <em>b</em> <i>c</i>", "**a** *b* *c*");
  assert_markdown ("A function defined with <code>async def</code>.",
                   "A function defined with `async def`.");
  /* Blanks inside a mark move outside it, where they keep it emphasis. */
  assert_markdown ("<b>bold </b>text <i> x</i>", "**bold** text *x*");
  assert_markdown ("foo<b>bar</b>baz", "foo**bar**baz");
  assert_markdown ("<b><b>twice</b></b>", "**twice**");
  assert_markdown ("<b><i>both</i></b>", "***both***");
  assert_markdown ("<b></b>empty marks <i> </i>vanish", "empty marks vanish");
  assert_markdown ("<code>a`b</code> and <code>`x</code>", "``a`b`` and `` `x ``");
  assert_markdown ("<u>under</u> <font color=red>red</font> <s>gone</s>", "under red gone");
}

static void
test_renders_as_html (void)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *markdown = convert ("<div>A <b>bold</b> and <i>slanted</i> <code>x*y</code></div>",
                                       NULL);
  const KtBlock *block;

  blocks = kt_markdown_render (markdown, NULL);
  g_assert_cmpuint (blocks->len, ==, 1);
  block = g_ptr_array_index (blocks, 0);
  g_assert_cmpstr (block->markup, ==, "A <b>bold</b> and <i>slanted</i> <tt>x*y</tt>");
}

/* Anki's editor makes a <div> per line and <div><br></div> per blank line. */
static void
test_anki_lines (void)
{
  assert_markdown ("line1<div>line2</div><div>line3</div>", "line1\\\nline2\\\nline3");
  assert_markdown ("<div>Front</div><div><br></div><div>Back</div>", "Front\n\nBack");
  assert_markdown ("<div>a<br></div><div>b</div>", "a\\\nb");
  assert_markdown ("a<br>b<br><br>c<br><br><br>d<br>", "a\\\nb\n\nc\n\nd");
  assert_markdown ("<br><div><br></div>text<br><br>", "text");
  assert_markdown ("<div><div><div>deep</div></div><div>next</div></div>", "deep\\\nnext");
  assert_markdown ("<p>para1</p><p>para2</p>text", "para1\n\npara2\n\ntext");
}

static void
test_lists (void)
{
  assert_markdown ("<ul><li>a</li><li>b<ul><li>c</li><li>d</li></ul></li><li>e</li></ul>after",
                   "- a\n- b\n  - c\n  - d\n- e\n\nafter");
  assert_markdown ("Steps:<ol><li>one</li><li>two<ol><li>two and a half</li></ol></li></ol>",
                   "Steps:\n\n1. one\n2. two\n   1. two and a half");
  assert_markdown ("<ol start=\"3\"><li>x</li><li value=\"10\">y</li><li>z</li></ol>",
                   "3. x\n10. y\n11. z");
  /* Unclosed items, as old editors wrote them. */
  assert_markdown ("<ul><li>a<li>b</ul>", "- a\n- b");
  assert_markdown ("<ul><li><p>a</p></li><li><p>b</p><p>c</p></li></ul>", "- a\n- b\n\n  c");
  assert_markdown ("<ul><li><div>a</div><div>b</div></li><li></li><li>c<br></li></ul>",
                   "- a\\\n  b\n- c");
  assert_markdown ("<ul><li><ul><li>x</li></ul></li></ul>", "- - x");
  assert_markdown ("<blockquote>q1<p>q2</p></blockquote>after", "> q1\n>\n> q2\n\nafter");
}

static void
test_entities (void)
{
  assert_markdown ("x&nbsp;&nbsp;y&nbsp;", "x y");
  assert_markdown ("&lt;b&gt; &amp; &quot;q&quot; &#1046; &#x416; &eacute;",
                   "\\<b> & \"q\" Ж Ж é");
  assert_markdown ("&amp;copy; stays", "\\&copy; stays");
  assert_markdown ("&unknown; &", "\\&unknown; &");
}

/* Text that looks like markdown must show as written. */
static void
test_escaping (void)
{
  static const char *const texts[] = {
    "1. not a list", "10) nor this", "- nor this", "+ nor this", "# nor a heading",
    "> nor a quote", "---", "===", "~~~", "*stars* and **more**", "_under_ a_b_c",
    "[not](a link)", "![not](an image)", "`not code`", "back\\slash\\", "a <tag> here",
    "x < y > z", "&copy; &#169;", "2 * 3 = 6", "snake_case_name", "C:\\Users\\me",
    "100% [sic] {braces} |pipes|", "1.5 is a number", "- ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *html = g_markup_escape_text (texts[i], -1);
      g_autofree char *shown = rendered_text (html);
      g_autofree char *expected = g_strstrip (g_strdup (texts[i]));

      g_assert_cmpstr (shown, ==, expected);
    }

  /* Where it is not needed, no escape clutters the text. */
  assert_markdown ("snake_case 3.14 a-b a+b a=b (x) 1.", "snake_case 3.14 a-b a+b a=b (x) 1.");
}

static void
test_images_and_links (void)
{
  assert_markdown ("<img src=\"paste-1a2b.jpg\">", "![](paste-1a2b.jpg)");
  assert_markdown ("<img src=\"my photo (1).png\" alt=\"The [Mona] Lisa\">",
                   "![The \\[Mona\\] Lisa](<my photo (1).png>)");
  assert_markdown ("<img alt=\"no source\">", "");
  assert_markdown ("<div><img src=\"a.png\"></div><div>caption</div>", "![](a.png)\\\ncaption");
  assert_markdown ("<a href=\"https://example.org/a b\">link <b>text</b></a>",
                   "[link **text**](<https://example.org/a b>)");
  assert_markdown ("<a href=\"https://x.org\"><img src=\"x.png\" alt=\"x\"></a>",
                   "[![x](x.png)](https://x.org)");
  assert_markdown ("<a href=\"javascript:alert(1)\">js</a> <a>bare</a> <a href=\"u\"></a>",
                   "js bare");
}

static void
test_sub_sup (void)
{
  assert_markdown ("H<sub>2</sub>O, E = mc<sup>2</sup>, x<sup>n+1</sup>, a<sub>(12)</sub>",
                   "H₂O, E = mc², xⁿ⁺¹, a₍₁₂₎");
  assert_markdown ("x<sup>ab</sup> y<sub>ij</sub>", "x^(ab) y\\_(ij)");
}

static void
test_code_blocks (void)
{
  assert_markdown ("<pre>def f():\n    return 1</pre>", "```\ndef f():\n    return 1\n```");
  assert_markdown ("Run:<pre><code class=\"language-python\">print(&quot;*hi*&quot;)</code></pre>after",
                   "Run:\n\n```python\nprint(\"*hi*\")\n```\n\nafter");
  assert_markdown ("<pre>a<br>```b</pre>", "````\na\n```b\n````");
  assert_markdown ("<ul><li>x<pre>y\n\nz</pre></li></ul>", "- x\n\n  ```\n  y\n\n  z\n  ```");
}

static void
test_tables (void)
{
  assert_markdown ("<table><tbody><tr><th>Term</th><th>Meaning</th></tr>"
                   "<tr><td>GIL</td><td>global <b>interpreter</b><br>lock</td></tr>"
                   "<tr><td></td><td>last</td></tr></tbody></table>after",
                   "Term | Meaning\\\nGIL | global **interpreter** lock\\\n| last\n\nafter");
}

static void
test_headings_and_rules (void)
{
  assert_markdown ("<h2>Title <b>b</b></h2>text", "## Title **b**\n\ntext");
  assert_markdown ("<h1></h1>text", "text");
  assert_markdown ("a<hr>b", "a\n\n---\n\nb");
}

static void
test_dropped (void)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autofree char *markdown = NULL;
  g_autofree char *plain = NULL;

  markdown = convert ("[sound:hello.mp3]Hello<script>alert(1)</script>"
                      "<style>.card { color: red }</style> world[sound:x.ogg]", &dropped);
  g_assert_cmpstr (markdown, ==, "Hello world");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_SOUND | KT_HTML_DROPPED_SCRIPT);
  g_clear_pointer (&markdown, g_free);

  dropped = KT_HTML_DROPPED_NONE;
  markdown = convert ("<audio src=a.mp3>no audio</audio>text<video></video><iframe src=x></iframe>",
                      &dropped);
  g_assert_cmpstr (markdown, ==, "text");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_MEDIA);
  g_clear_pointer (&markdown, g_free);

  /* An unclosed [sound: is text. */
  dropped = KT_HTML_DROPPED_NONE;
  markdown = convert ("[sound:broken", &dropped);
  g_assert_cmpstr (markdown, ==, "\\[sound:broken");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_NONE);

  dropped = KT_HTML_DROPPED_NONE;
  plain = kt_html_drop_sound_tags ("say [sound:a b.mp3]it[sound:c.mp3] [sound:open", &dropped);
  g_assert_cmpstr (plain, ==, "say it [sound:open");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_SOUND);
}

/* What a real note's field looks like after pasting from a web page. */
static void
test_realistic_note (void)
{
  static const char html[] =
    "<div style=\"font-family: Arial; font-size: 20px; text-align: center;\">"
      "<span style=\"color: rgb(34, 34, 34); font-weight: 700;\">asyncio.gather()</span>"
      "&nbsp;runs awaitables&nbsp;<i>concurrently</i>:</div>"
    "<div><br></div>"
    "<div><ul><li>returns results in order<br></li>"
      "<li>with <code>return_exceptions=True</code>, errors come back as values</li></ul></div>"
    "<div>See <a href=\"https://docs.python.org/3/library/asyncio-task.html\">the docs</a>"
      "&nbsp;&amp; the table:</div>"
    "<table border=\"1\"><tr><td>gather</td><td>all results</td></tr>"
      "<tr><td>wait</td><td>done, pending</td></tr></table>"
    "<script>document.title = 'x';</script>"
    "<div><img src=\"paste-7f3a.png\"></div>";
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autofree char *markdown = convert (html, &dropped);

  g_assert_cmpstr (markdown, ==,
                   "**asyncio.gather()** runs awaitables *concurrently*:\n"
                   "\n"
                   "- returns results in order\n"
                   "- with `return_exceptions=True`, errors come back as values\n"
                   "\n"
                   "See [the docs](https://docs.python.org/3/library/asyncio-task.html) & the table:\n"
                   "\n"
                   "gather | all results\\\n"
                   "wait | done, pending\n"
                   "\n"
                   "![](paste-7f3a.png)");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_SCRIPT);
}

static void
test_answer_rule (void)
{
  g_autofree char *question = convert ("<div>Capital of <b>France</b>?</div>", NULL);
  g_autofree char *answer = NULL;
  g_autofree char *other = NULL;
  g_autofree char *bare = NULL;

  /* Anki's "Cards in Plain Text": the front again, the rule, the back. */
  answer = kt_html_answer_to_markdown ("<div>Capital of <b>France</b>?</div>\n\n<hr id=answer>\n\nParis",
                                       -1, question, NULL);
  g_assert_cmpstr (answer, ==, "Paris");

  /* Something else above the rule is kept, the rule as a rule. */
  other = kt_html_answer_to_markdown ("Hint: a city<hr id=\"answer\">Paris", -1, question, NULL);
  g_assert_cmpstr (other, ==, "Hint: a city\n\n---\n\nParis");

  bare = kt_html_answer_to_markdown ("<hr id=answer>Paris<hr>more", -1, question, NULL);
  g_assert_cmpstr (bare, ==, "Paris\n\n---\n\nmore");
}

static void
test_hostile (void)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autoptr(GString) deep = g_string_new ("before");
  g_autoptr(GString) tag = g_string_new ("<a");
  g_autofree char *markdown = NULL;
  g_autofree char *shown = NULL;

  /* Nesting beyond the limit cuts the rest, and says so. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<b>");
  g_string_append (deep, "after");
  markdown = convert (deep->str, &dropped);
  g_assert_cmpstr (markdown, ==, "before");
  g_assert_cmpint (dropped, ==, KT_HTML_DROPPED_DEEP);
  g_clear_pointer (&markdown, g_free);

  /* A tag with more attributes than any real one is shown as text. */
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (tag, " a%u", i);
  g_string_append (tag, ">x");
  markdown = convert (tag->str, NULL);
  g_assert_true (g_str_has_prefix (markdown, "\\<a a0 a1 a2"));
  g_assert_true (g_str_has_suffix (markdown, "a49999>x"));
  g_clear_pointer (&markdown, g_free);

  /* Bad UTF-8, NUL bytes and control characters. */
  markdown = kt_html_to_markdown ("a\xff<b>b\x01</b>\0c", 14, NULL);
  g_assert_true (g_utf8_validate (markdown, -1, NULL));
  g_assert_true (g_str_has_prefix (markdown, "a\xEF\xBF\xBD**b"));
  g_clear_pointer (&markdown, g_free);

  /* A <meta> does not change how the text is read. */
  shown = rendered_text ("<meta charset=\"koi8-r\">Привет");
  g_assert_cmpstr (shown, ==, "Привет");

  markdown = convert ("", NULL);
  g_assert_cmpstr (markdown, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/html/inline", test_inline);
  g_test_add_func ("/html/renders-as-html", test_renders_as_html);
  g_test_add_func ("/html/anki-lines", test_anki_lines);
  g_test_add_func ("/html/lists", test_lists);
  g_test_add_func ("/html/entities", test_entities);
  g_test_add_func ("/html/escaping", test_escaping);
  g_test_add_func ("/html/images-and-links", test_images_and_links);
  g_test_add_func ("/html/sub-sup", test_sub_sup);
  g_test_add_func ("/html/code-blocks", test_code_blocks);
  g_test_add_func ("/html/tables", test_tables);
  g_test_add_func ("/html/headings-and-rules", test_headings_and_rules);
  g_test_add_func ("/html/dropped", test_dropped);
  g_test_add_func ("/html/realistic-note", test_realistic_note);
  g_test_add_func ("/html/answer-rule", test_answer_rule);
  g_test_add_func ("/html/hostile", test_hostile);

  return g_test_run ();
}
