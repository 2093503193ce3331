/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTML fields (Anki exports and packages) as markdown. libxml2's HTML
 * parser reads a field the way a browser recovers it (unclosed and stray
 * tags, entities), and one walk over its tree writes markdown that renders
 * as the HTML did:
 *
 *   <b> <strong> → **…**          <i> <em> → *…*         <code> → `…`
 *   <pre> → a fenced code block   <br> <div> <p> → line and paragraph breaks
 *   <ul> <ol> <li> → lists, nested by indentation     <blockquote> → > …
 *   <a href> → [text](href)       <img src alt> → ![alt](src)
 *   <sub> <sup> → H₂O, x² (or _(…) and ^(…) where Unicode has no such letter)
 *   <h1>…<h6> → # headings        <hr> → ---
 *   <table> → one line a row, its cells joined by " | "
 *
 * Text is escaped, so nothing in it turns into markdown by accident: a "*"
 * stays a star, "1." at the start of a line stays a number. <script>,
 * <style>, media elements and Anki's [sound:…] are dropped and reported.
 *
 * Breaks, list markers and emphasis marks are written lazily, just before
 * the text that follows them: empty elements leave nothing behind, and marks
 * never enclose blanks (which would stop them from being emphasis). The walk
 * is linear in the tree, and the tree is at most KT_HTML_MAX_DEPTH deep: the
 * parser is stopped there, before libxml2's own stack scans get long.
 *
 * One file of over a thousand lines: the walk over the tree and the
 * markdown writer share one state, and neither has another user.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "kt-html.h"
#include "kt-text.h"

/* Breaks between pieces of text, weakest first: a pending break becomes
 * the strongest one asked for. */
typedef enum {
  BREAK_NONE,
  BREAK_LINE,         /* a hard line break inside a paragraph */
  BREAK_ITEM,         /* a new line, for the next list item */
  BREAK_PARAGRAPH,    /* a blank line */
} Break;

/* An emphasis or link around text: written with the first text inside it,
 * closed (and reopened) around paragraph breaks. */
typedef struct {
  const char *open;
  char       *close;
  gboolean    written;
} Mark;

typedef struct {
  GString       *out;
  GString       *prefix;        /* starts every line: list indentation and "> " */
  GString       *marker;        /* list item and heading markers, written with the next text */
  gsize          marker_indent; /* the end of @prefix the marker stands in for */
  GArray        *marks;         /* (element-type Mark), innermost last */
  Break          pending;
  gboolean       space;         /* collapsed white space, written before the next text */
  gboolean       line_has_text; /* text since the last break */
  gboolean       line_start;    /* no text yet on this line: block syntax could start here */
  guint          line_digits;   /* the line so far is this many digits */
  guint          inline_only;   /* in table cells and headings, breaks are blanks */
  guint          strong;
  guint          emphasis;
  guint          link;
  gsize          rule_start;    /* where <hr id=answer> went in @out, or G_MAXSIZE */
  gsize          rule_end;
  KtHtmlDropped  dropped;
} Writer;

typedef enum {
  KIND_INLINE,      /* span, font, u … : their text, formatting from a style */
  KIND_SKIP,        /* head, title, template … : nothing */
  KIND_SCRIPT,      /* script, style: nothing, reported */
  KIND_MEDIA,       /* audio, video … : nothing, reported */
  KIND_STRONG,
  KIND_EMPHASIS,
  KIND_CODE,
  KIND_PRE,
  KIND_BR,
  KIND_BLOCK,       /* div and its kin: on lines of their own */
  KIND_PARAGRAPH,
  KIND_HEADING,
  KIND_LIST,
  KIND_ITEM,
  KIND_QUOTE,
  KIND_LINK,
  KIND_IMAGE,
  KIND_SUB,
  KIND_SUP,
  KIND_TABLE,
  KIND_ROW,
  KIND_CELL,
  KIND_RULE,
} Kind;

/* Sorted by name, for bsearch(). */
static const struct {
  const char *name;
  Kind        kind;
} element_kinds[] = {
  { "a", KIND_LINK }, { "address", KIND_BLOCK }, { "article", KIND_BLOCK },
  { "aside", KIND_BLOCK }, { "audio", KIND_MEDIA }, { "b", KIND_STRONG },
  { "blockquote", KIND_QUOTE }, { "body", KIND_BLOCK }, { "br", KIND_BR },
  { "canvas", KIND_MEDIA }, { "caption", KIND_BLOCK }, { "center", KIND_BLOCK },
  { "code", KIND_CODE }, { "dd", KIND_BLOCK }, { "details", KIND_BLOCK },
  { "dir", KIND_LIST }, { "div", KIND_BLOCK }, { "dl", KIND_BLOCK }, { "dt", KIND_BLOCK },
  { "em", KIND_EMPHASIS }, { "embed", KIND_MEDIA }, { "fieldset", KIND_BLOCK },
  { "figcaption", KIND_BLOCK }, { "figure", KIND_BLOCK }, { "footer", KIND_BLOCK },
  { "form", KIND_BLOCK }, { "h1", KIND_HEADING }, { "h2", KIND_HEADING },
  { "h3", KIND_HEADING }, { "h4", KIND_HEADING }, { "h5", KIND_HEADING },
  { "h6", KIND_HEADING }, { "head", KIND_SKIP }, { "header", KIND_BLOCK },
  { "hr", KIND_RULE }, { "html", KIND_BLOCK }, { "i", KIND_EMPHASIS },
  { "iframe", KIND_MEDIA }, { "img", KIND_IMAGE }, { "kbd", KIND_CODE },
  { "li", KIND_ITEM }, { "listing", KIND_PRE }, { "main", KIND_BLOCK },
  { "menu", KIND_LIST }, { "nav", KIND_BLOCK }, { "noscript", KIND_SKIP },
  { "object", KIND_MEDIA }, { "ol", KIND_LIST }, { "p", KIND_PARAGRAPH },
  { "pre", KIND_PRE }, { "samp", KIND_CODE }, { "script", KIND_SCRIPT },
  { "section", KIND_BLOCK }, { "strong", KIND_STRONG }, { "style", KIND_SCRIPT },
  { "sub", KIND_SUB }, { "summary", KIND_BLOCK }, { "sup", KIND_SUP },
  { "svg", KIND_MEDIA }, { "table", KIND_TABLE }, { "td", KIND_CELL },
  { "template", KIND_SKIP }, { "th", KIND_CELL }, { "title", KIND_SKIP },
  { "tr", KIND_ROW }, { "tt", KIND_CODE }, { "ul", KIND_LIST },
  { "video", KIND_MEDIA }, { "xmp", KIND_PRE },
};

static void walk_children (Writer  *w,
                           xmlNode *node);
static void walk_element  (Writer  *w,
                           xmlNode *node);

/* -------------------------------------------------------------------------
 * Escaping
 * ---------------------------------------------------------------------- */

static gboolean
is_blank (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0;
}

static gboolean
is_word_char (gunichar c)
{
  return c != 0 && !is_blank (c) && !g_unichar_ispunct (c);
}

/* Whether @c needs a backslash to stay text. @prev and @next are the
 * characters around it (0 at either end); @line_start and @line_digits
 * say what precedes it on its line. */
static gboolean
needs_escape (gunichar c,
              gunichar prev,
              gunichar next,
              gboolean line_start,
              guint    line_digits)
{
  switch (c)
    {
    case '\\': case '`': case '*': case '[': case ']': case '<':
      return TRUE;
    case '_':
      /* snake_case cannot open or close emphasis: keep it readable */
      return !is_word_char (prev) || !is_word_char (next);
    case '&':
      return next == '#' || (next < 0x80 && g_ascii_isalnum (next));
    case '#': case '>': case '-': case '+': case '=': case '~':
      return line_start;
    case '.': case ')':
      return line_digits > 0 && line_digits <= 9;
    default:
      return FALSE;
    }
}

static gunichar
last_char (GString *out)
{
  if (out->len == 0)
    return 0;
  return g_utf8_get_char (g_utf8_find_prev_char (out->str, out->str + out->len));
}

/* @text with its white space collapsed and escaped, for alt texts. */
static void
append_escaped (GString    *out,
                const char *text)
{
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (needs_escape (c, last_char (out), g_utf8_get_char (g_utf8_next_char (p)), FALSE, 0))
        g_string_append_c (out, '\\');
      g_string_append_unichar (out, c);
    }
}

/* A link or image destination: bare when it can be, else in <…>. */
static void
append_destination (GString    *out,
                    const char *url)
{
  if (strpbrk (url, " \t\n\r<>()\\") == NULL)
    {
      g_string_append (out, url);
      return;
    }

  g_string_append_c (out, '<');
  for (const char *p = url; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        continue;
      if (*p == '<' || *p == '>' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '>');
}

/* -------------------------------------------------------------------------
 * Writing
 * ---------------------------------------------------------------------- */

static void
ask_break (Writer *w,
           Break   kind)
{
  if (w->inline_only > 0)
    {
      w->space = TRUE;
      return;
    }
  /* A list item's first block starts on the item's own line. */
  if (w->marker->len == 0)
    w->pending = MAX (w->pending, kind);
  w->line_has_text = FALSE;
}

static void
close_marks (Writer *w)
{
  for (guint i = w->marks->len; i > 0; i--)
    {
      Mark *mark = &g_array_index (w->marks, Mark, i - 1);

      if (mark->written)
        g_string_append (w->out, mark->close);
      mark->written = FALSE;
    }
}

/* Writes what goes before the next text: a pending break with the next
 * line's prefix and markers, or a collapsed blank; then, with @open_marks,
 * the marks not written yet. */
static void
begin_text (Writer   *w,
            gboolean  open_marks)
{
  if (w->out->len == 0 || w->pending != BREAK_NONE)
    {
      if (w->out->len > 0)
        {
          if (w->pending >= BREAK_ITEM)
            close_marks (w);
          switch (w->pending)
            {
            case BREAK_LINE:
              g_string_append (w->out, "\\\n");
              break;
            case BREAK_ITEM:
              g_string_append_c (w->out, '\n');
              break;
            case BREAK_PARAGRAPH:
            case BREAK_NONE:
            default:
              {
                gsize blank = w->prefix->len;

                /* In a quote the blank line keeps its ">", without the blank. */
                while (blank > 0 && w->prefix->str[blank - 1] == ' ')
                  blank--;
                g_string_append_c (w->out, '\n');
                g_string_append_len (w->out, w->prefix->str, blank);
                g_string_append_c (w->out, '\n');
              }
              break;
            }
        }
      g_string_append_len (w->out, w->prefix->str, w->prefix->len - w->marker_indent);
      g_string_append_len (w->out, w->marker->str, w->marker->len);
      g_string_truncate (w->marker, 0);
      w->marker_indent = 0;
      w->pending = BREAK_NONE;
      w->space = FALSE;
      w->line_start = TRUE;
      w->line_digits = 0;
    }
  else if (w->space)
    {
      g_string_append_c (w->out, ' ');
      w->space = FALSE;
    }

  if (open_marks)
    for (guint i = 0; i < w->marks->len; i++)
      {
        Mark *mark = &g_array_index (w->marks, Mark, i);

        if (!mark->written)
          g_string_append (w->out, mark->open);
        mark->written = TRUE;
      }
  w->line_has_text = TRUE;
}

/* How many bytes at @p need no escape and no look around, in the middle
 * of a line: most of a field's text. */
static gsize
plain_run (const char *p)
{
  static gboolean special[256];
  static gsize ready = 0;
  const guchar *q = (const guchar *) p;

  if (g_once_init_enter (&ready))
    {
      for (const char *c = " \t\n\r\f\\`*[]<_&"; *c != '\0'; c++)
        special[(guchar) *c] = TRUE;
      special[0] = TRUE;
      g_once_init_leave (&ready, 1);
    }

  /* U+00A0 (0xC2 0xA0) is a blank too. One space between two plain
   * characters is plain: nothing collapses there. */
  for (;;)
    {
      if (!special[q[0]] && !(q[0] == 0xC2 && q[1] == 0xA0))
        q++;
      else if (q[0] == ' ' && !special[q[1]] && !(q[1] == 0xC2 && q[2] == 0xA0))
        q += 2;
      else
        break;
    }
  return q - (const guchar *) p;
}

static void
put_text (Writer     *w,
          const char *text)
{
  gboolean unclosed = FALSE;   /* no "]" left: a "[sound:" here is text */

  for (const char *p = text; *p != '\0';)
    {
      gunichar c;
      const char *next;

      /* In the middle of a line with nothing waiting, whole runs go as
       * they are. */
      if (w->out->len > 0 && w->pending == BREAK_NONE && !w->space && !w->line_start &&
          w->line_digits == 0 && w->marker->len == 0 &&
          (w->marks->len == 0 || g_array_index (w->marks, Mark, w->marks->len - 1).written))
        {
          gsize run = plain_run (p);

          g_string_append_len (w->out, p, run);
          p += run;
          if (*p == '\0')
            break;
        }

      c = g_utf8_get_char (p);
      next = g_utf8_next_char (p);

      if (is_blank (c))
        {
          w->space = TRUE;
          p = next;
          continue;
        }
      if (c == '[' && !unclosed && g_str_has_prefix (p, "[sound:"))
        {
          const char *close = strchr (p, ']');

          if (close != NULL)
            {
              w->dropped |= KT_HTML_DROPPED_SOUND;
              p = close + 1;
              continue;
            }
          unclosed = TRUE;
        }

      begin_text (w, TRUE);
      if (needs_escape (c, last_char (w->out), g_utf8_get_char (next), w->line_start,
                        w->line_digits))
        g_string_append_c (w->out, '\\');
      g_string_append_len (w->out, p, next - p);
      w->line_digits = g_ascii_isdigit (c) && (w->line_start || w->line_digits > 0)
                         ? w->line_digits + 1 : 0;
      w->line_start = FALSE;
      p = next;
    }
}

/* Text that is markdown syntax, not content: written as it is. */
static void
put_syntax (Writer     *w,
            const char *syntax)
{
  begin_text (w, TRUE);
  g_string_append (w->out, syntax);
  w->line_start = FALSE;
  w->line_digits = 0;
}

static void
push_mark (Writer     *w,
           const char *open,
           char       *close)
{
  Mark mark = { open, close, FALSE };

  g_array_append_val (w->marks, mark);
}

static void
pop_mark (Writer *w)
{
  Mark *mark = &g_array_index (w->marks, Mark, w->marks->len - 1);

  if (mark->written)
    g_string_append (w->out, mark->close);
  g_free (mark->close);
  g_array_set_size (w->marks, w->marks->len - 1);
}

/* -------------------------------------------------------------------------
 * The tree
 * ---------------------------------------------------------------------- */

static Kind
kind_of (const char *name)
{
  gsize lo = 0, hi = G_N_ELEMENTS (element_kinds);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp (name, element_kinds[mid].name);

      if (cmp == 0)
        return element_kinds[mid].kind;
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return KIND_INLINE;
}

static char *
attribute (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The text under @node, for code: <br> is a line break, white space is
 * kept as it is. */
static void
collect_text (GString *out,
              xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE)
        {
          Kind kind = kind_of ((const char *) child->name);

          if (kind == KIND_BR)
            g_string_append_c (out, '\n');
          else if (kind != KIND_SKIP && kind != KIND_SCRIPT && kind != KIND_MEDIA)
            collect_text (out, child);
        }
    }
}

static gsize
longest_backtick_run (const char *text)
{
  gsize longest = 0, run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }

  return longest;
}

static void
write_code_span (Writer  *w,
                 xmlNode *node)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GString) code = g_string_new (NULL);
  gboolean space = FALSE;
  gsize ticks;

  collect_text (raw, node);
  for (const char *p = raw->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c))
        {
          space = TRUE;
          continue;
        }
      if (space && code->len > 0)
        g_string_append_c (code, ' ');
      space = FALSE;
      g_string_append_unichar (code, c);
    }
  if (code->len == 0)
    {
      w->space |= space;
      return;
    }

  ticks = longest_backtick_run (code->str) + 1;
  begin_text (w, TRUE);
  for (gsize i = 0; i < ticks; i++)
    g_string_append_c (w->out, '`');
  /* A span starting or ending in a backtick needs a blank to tell them apart. */
  if (code->str[0] == '`' || code->str[code->len - 1] == '`')
    g_string_append_c (w->out, ' ');
  g_string_append_len (w->out, code->str, code->len);
  if (code->str[0] == '`' || code->str[code->len - 1] == '`')
    g_string_append_c (w->out, ' ');
  for (gsize i = 0; i < ticks; i++)
    g_string_append_c (w->out, '`');
  w->line_start = FALSE;
  w->line_digits = 0;
  w->space = space;
}

/* "language-python" or "lang-python" in a class list, of <pre> or the <code> in it. */
static char *
code_language (xmlNode *node)
{
  for (xmlNode *n = node; n != NULL; n = n->children)
    {
      g_autofree char *classes = n->type == XML_ELEMENT_NODE ? attribute (n, "class") : NULL;
      g_auto(GStrv) names = classes != NULL ? g_strsplit_set (classes, " \t\n", -1) : NULL;

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          const char *lang = g_str_has_prefix (names[i], "language-") ? names[i] + 9
                             : g_str_has_prefix (names[i], "lang-") ? names[i] + 5 : NULL;

          if (lang != NULL && *lang != '\0' && strspn (lang,
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_#.")
                == strlen (lang))
            return g_strdup (lang);
        }
      if (n != node && (n->type != XML_ELEMENT_NODE || n->next != NULL))
        break;
    }

  return NULL;
}

static void
write_code_block (Writer  *w,
                  xmlNode *node)
{
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *language = NULL;
  g_autofree char *fence = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *start;
  gsize len;

  if (w->inline_only > 0)
    {
      write_code_span (w, node);
      return;
    }

  collect_text (code, node);
  /* A newline right after <pre> is not part of its text. */
  start = code->str[0] == '\n' ? code->str + 1 : code->str;
  len = strlen (start);
  while (len > 0 && (start[len - 1] == '\n' || start[len - 1] == ' ' || start[len - 1] == '\t'))
    len--;
  if (len == 0)
    return;

  fence = g_strnfill (MAX (3, longest_backtick_run (start) + 1), '`');
  language = code_language (node);
  text = g_strndup (start, len);
  lines = g_strsplit (text, "\n", -1);

  ask_break (w, BREAK_PARAGRAPH);
  begin_text (w, FALSE);
  g_string_append (w->out, fence);
  if (language != NULL)
    g_string_append (w->out, language);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append_c (w->out, '\n');
      g_string_append_len (w->out, w->prefix->str, lines[i][0] != '\0' ? w->prefix->len : 0);
      g_string_append (w->out, lines[i]);
    }
  g_string_append_c (w->out, '\n');
  g_string_append (w->out, w->prefix->str);
  g_string_append (w->out, fence);
  ask_break (w, BREAK_PARAGRAPH);
}

static void
write_image (Writer  *w,
             xmlNode *node)
{
  g_autofree char *src = attribute (node, "src");
  g_autofree char *alt = attribute (node, "alt");
  g_autoptr(GString) image = g_string_new ("![");

  if (src == NULL || *src == '\0')
    return;
  if (alt != NULL)
    append_escaped (image, alt);
  g_string_append (image, "](");
  append_destination (image, src);
  g_string_append_c (image, ')');
  put_syntax (w, image->str);
}

/* H₂O and x²: Unicode has sub- and superscript digits and signs; anything
 * else is written as _(…) or ^(…). */
static void
write_script (Writer     *w,
              xmlNode    *node,
              gboolean    super)
{
  /* [0] subscript, [1] superscript */
  static const char *const digits[2][10] = {
    { "₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉" },
    { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" },
  };
  static const char signs[] = "+-=()";
  static const char *const sign_chars[2][5] = {
    { "₊", "₋", "₌", "₍", "₎" },
    { "⁺", "⁻", "⁼", "⁽", "⁾" },
  };
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GString) mapped = g_string_new (NULL);
  g_autofree char *text = NULL;

  collect_text (raw, node);
  text = g_strstrip (g_strdup (raw->str));
  if (*text == '\0')
    return;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *sign = strchr (signs, *p);

      if (g_ascii_isdigit (*p))
        g_string_append (mapped, digits[super != FALSE][*p - '0']);
      else if (super && *p == 'n')
        g_string_append (mapped, "ⁿ");
      else if (sign != NULL)
        g_string_append (mapped, sign_chars[super != FALSE][sign - signs]);
      else
        {
          g_string_truncate (mapped, 0);
          break;
        }
    }

  if (mapped->len > 0)
    {
      put_syntax (w, mapped->str);
      return;
    }
  put_text (w, super ? "^(" : "_(");
  put_text (w, text);
  put_text (w, ")");
}

/* Bold and italics set by a style attribute, as editors that paste from
 * web pages leave them: "font-weight: bold", "font-style: italic". */
static gboolean
style_says (const char *style,
            const char *property,
            const char *const *values)
{
  const char *p = style;

  while ((p = strstr (p, property)) != NULL)
    {
      p += strlen (property);
      while (*p == ' ')
        p++;
      if (*p != ':')
        continue;
      p++;
      while (*p == ' ')
        p++;
      for (guint i = 0; values[i] != NULL; i++)
        if (g_str_has_prefix (p, values[i]))
          return TRUE;
    }

  return FALSE;
}

static guint
parse_number (const char *text,
              guint       fallback)
{
  char *end;
  long value;

  if (text == NULL)
    return fallback;
  value = strtol (text, &end, 10);
  if (end == text)
    return fallback;

  /* CommonMark allows nine digits */
  return CLAMP (value, 0, 999999999);
}

static gboolean
is_answer_rule (xmlNode *node)
{
  g_autofree char *id = attribute (node, "id");

  return id != NULL && g_ascii_strcasecmp (id, "answer") == 0;
}

static void
walk_list (Writer  *w,
           xmlNode *node)
{
  gboolean ordered = g_str_equal ((const char *) node->name, "ol");
  g_autofree char *start_text = ordered ? attribute (node, "start") : NULL;
  guint number = parse_number (start_text, 1);
  gboolean first = TRUE;

  if (w->inline_only > 0)
    {
      walk_children (w, node);
      return;
    }

  /* A list in a list item may start on the item's next line; one that
   * starts a numbering of its own must not interrupt a paragraph. */
  ask_break (w, w->prefix->len > 0 && number == 1 ? BREAK_ITEM : BREAK_PARAGRAPH);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *marker = NULL;
      g_autofree char *value = NULL;
      gsize prefix_len = w->prefix->len;
      gsize marker_len = w->marker->len;
      gsize marker_indent = w->marker_indent;

      /* Text or other elements between the items: libxml2 keeps them in the list. */
      if (child->type == XML_TEXT_NODE)
        {
          put_text (w, (const char *) child->content);
          continue;
        }
      if (child->type != XML_ELEMENT_NODE || kind_of ((const char *) child->name) != KIND_ITEM)
        {
          if (child->type == XML_ELEMENT_NODE)
            walk_element (w, child);
          continue;
        }

      if (ordered)
        {
          value = attribute (child, "value");
          number = parse_number (value, number);
          marker = g_strdup_printf ("%u. ", number);
          number = MIN (number + 1, 999999999);
        }
      else
        marker = g_strdup ("- ");

      if (!first)
        w->pending = BREAK_ITEM;
      first = FALSE;
      g_string_append (w->marker, marker);
      w->marker_indent += strlen (marker);
      g_string_append_len (w->prefix, "          ", strlen (marker));

      walk_children (w, child);

      /* An item without text leaves no marker behind. */
      g_string_truncate (w->marker, MIN (w->marker->len, marker_len));
      w->marker_indent = MIN (w->marker_indent, marker_indent);
      g_string_truncate (w->prefix, prefix_len);
      ask_break (w, BREAK_ITEM);
    }

  ask_break (w, BREAK_PARAGRAPH);
}

static void
walk_element (Writer  *w,
              xmlNode *node)
{
  const char *name = (const char *) node->name;
  Kind kind = kind_of (name);
  g_autofree char *style = attribute (node, "style");
  gboolean style_strong = FALSE, style_emphasis = FALSE;

  switch (kind)
    {
    case KIND_SKIP:
      return;

    case KIND_SCRIPT:
      w->dropped |= KT_HTML_DROPPED_SCRIPT;
      return;

    case KIND_MEDIA:
      w->dropped |= KT_HTML_DROPPED_MEDIA;
      return;

    case KIND_BR:
      /* A <br> on an empty line makes a blank line. */
      ask_break (w, w->line_has_text ? BREAK_LINE : BREAK_PARAGRAPH);
      return;

    case KIND_CODE:
      write_code_span (w, node);
      return;

    case KIND_PRE:
      write_code_block (w, node);
      return;

    case KIND_IMAGE:
      write_image (w, node);
      return;

    case KIND_SUB:
    case KIND_SUP:
      write_script (w, node, kind == KIND_SUP);
      return;

    case KIND_LIST:
      walk_list (w, node);
      return;

    case KIND_RULE:
      if (w->inline_only > 0)
        {
          w->space = TRUE;
          return;
        }
      if (w->rule_start == G_MAXSIZE && is_answer_rule (node))
        w->rule_start = w->out->len;
      ask_break (w, BREAK_PARAGRAPH);
      begin_text (w, FALSE);
      g_string_append (w->out, "---");
      if (w->rule_end == G_MAXSIZE && w->rule_start != G_MAXSIZE)
        w->rule_end = w->out->len;
      ask_break (w, BREAK_PARAGRAPH);
      return;

    case KIND_HEADING:
      if (w->inline_only > 0)
        break;
      ask_break (w, BREAK_PARAGRAPH);
      {
        gsize marker_len = w->marker->len;

        g_string_append_len (w->marker, "######", name[1] - '0');
        g_string_append_c (w->marker, ' ');
        w->inline_only++;
        walk_children (w, node);
        w->inline_only--;
        g_string_truncate (w->marker, MIN (w->marker->len, marker_len));
      }
      ask_break (w, BREAK_PARAGRAPH);
      return;

    case KIND_QUOTE:
      if (w->inline_only > 0)
        break;
      {
        gsize prefix_len = w->prefix->len;

        ask_break (w, BREAK_PARAGRAPH);
        g_string_append (w->prefix, "> ");
        walk_children (w, node);
        g_string_truncate (w->prefix, prefix_len);
        ask_break (w, BREAK_PARAGRAPH);
      }
      return;

    case KIND_TABLE:
      ask_break (w, BREAK_PARAGRAPH);
      walk_children (w, node);
      ask_break (w, BREAK_PARAGRAPH);
      return;

    case KIND_ROW:
      {
        gboolean first_cell = TRUE;

        ask_break (w, BREAK_LINE);
        for (xmlNode *child = node->children; child != NULL; child = child->next)
          {
            if (child->type == XML_ELEMENT_NODE &&
                kind_of ((const char *) child->name) == KIND_CELL)
              {
                if (!first_cell)
                  {
                    w->space = TRUE;
                    put_syntax (w, "|");
                    w->space = TRUE;
                  }
                first_cell = FALSE;
              }
            if (child->type == XML_ELEMENT_NODE)
              walk_element (w, child);
            else if (child->type == XML_TEXT_NODE)
              put_text (w, (const char *) child->content);
          }
        ask_break (w, BREAK_LINE);
      }
      return;

    case KIND_CELL:
      w->inline_only++;
      walk_children (w, node);
      w->inline_only--;
      return;

    case KIND_BLOCK:
    case KIND_PARAGRAPH:
    case KIND_ITEM:
      ask_break (w, kind == KIND_PARAGRAPH ? BREAK_PARAGRAPH : BREAK_LINE);
      break;

    case KIND_LINK:
      if (w->link == 0)
        {
          g_autofree char *href = attribute (node, "href");

          if (href != NULL && *href != '\0' && !g_str_has_prefix (g_strstrip (href), "javascript:"))
            {
              GString *close = g_string_new ("](");

              append_destination (close, href);
              g_string_append_c (close, ')');
              w->link++;
              push_mark (w, "[", g_string_free (close, FALSE));
              walk_children (w, node);
              pop_mark (w);
              w->link--;
              return;
            }
        }
      break;

    case KIND_STRONG:
    case KIND_EMPHASIS:
    case KIND_INLINE:
    default:
      break;
    }

  if (style != NULL)
    {
      static const char *const bold[] = { "bold", "bolder", "600", "700", "800", "900", NULL };
      static const char *const italic[] = { "italic", "oblique", NULL };
      g_autofree char *lower = g_ascii_strdown (style, -1);

      style_strong = style_says (lower, "font-weight", bold);
      style_emphasis = style_says (lower, "font-style", italic);
    }

  /* Nested bold in bold is still bold: one mark. */
  style_strong = (kind == KIND_STRONG || style_strong) && w->strong == 0;
  style_emphasis = (kind == KIND_EMPHASIS || style_emphasis) && w->emphasis == 0;
  if (style_strong)
    {
      w->strong++;
      push_mark (w, "**", g_strdup ("**"));
    }
  if (style_emphasis)
    {
      w->emphasis++;
      push_mark (w, "*", g_strdup ("*"));
    }

  walk_children (w, node);

  if (style_emphasis)
    {
      pop_mark (w);
      w->emphasis--;
    }
  if (style_strong)
    {
      pop_mark (w);
      w->strong--;
    }

  if (kind == KIND_BLOCK || kind == KIND_PARAGRAPH || kind == KIND_ITEM)
    ask_break (w, kind == KIND_PARAGRAPH ? BREAK_PARAGRAPH : BREAK_LINE);
}

static void
walk_children (Writer  *w,
               xmlNode *node)
{
  if (node == NULL)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        put_text (w, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE)
        walk_element (w, child);
    }
}

/* -------------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------- */

/* Far more than any real tag has. */
#define MAX_ATTRIBUTES 256

/* Whether a tag in @html has more than MAX_ATTRIBUTES attributes. libxml2
 * checks each attribute of a tag against all the ones before it: a tag with
 * tens of thousands takes minutes. This scan only needs to count at least
 * as many as libxml2 would see, so a quote starts a value only after "=". */
static gboolean
has_huge_tag (const char *html,
              gsize       len)
{
  gboolean in_tag = FALSE, blank = FALSE, after_equals = FALSE;
  guint attributes = 0;
  char quote = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = html[i];

      if (!in_tag)
        {
          in_tag = c == '<';
          attributes = 0;
          blank = FALSE;
          continue;
        }
      if (quote != 0)
        {
          if (c == quote)
            quote = 0;
          continue;
        }

      if (c == '>')
        in_tag = FALSE;
      else if ((c == '"' || c == '\'') && after_equals)
        quote = c;
      else if (g_ascii_isspace (c))
        {
          blank = TRUE;
          continue;
        }
      else if (blank && ++attributes > MAX_ATTRIBUTES)
        return TRUE;
      after_equals = c == '=';
      blank = FALSE;
    }

  return FALSE;
}

/* libxml2 looks for the element an end tag closes through every open one:
 * with thousands open, every end tag costs thousands of steps. The parse
 * stops at the depth limit instead. */
static void
start_element_bounded (void           *ctx,
                       const xmlChar  *name,
                       const xmlChar **attributes)
{
  htmlParserCtxtPtr ctxt = ctx;

  xmlSAX2StartElement (ctx, name, attributes);
  if (ctxt->nameNr > KT_HTML_MAX_DEPTH)
    {
      *(gboolean *) ctxt->_private = TRUE;
      xmlStopParser (ctxt);
    }
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

#define BODY "<body>"

/* The tree of @html, NULL only if libxml2 could not start. */
static htmlDocPtr
parse (const char *html,
       gsize       len,
       gboolean   *too_deep)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GString) body = g_string_sized_new (len + strlen (BODY));
  htmlParserCtxtPtr ctxt;
  htmlDocPtr doc;

  g_once (&once, init_libxml, NULL);

  /* Text with no element open gets an implied <p> around it, and
   * HTML_PARSE_NOIMPLIED builds odd trees ("<b>a</b>b" put the "b" in a <p>
   * inside the <b>): open the body first, as a page would. */
  g_string_append (body, BODY);
  g_string_append_len (body, html, len);
  ctxt = htmlCreateMemoryParserCtxt (body->str, body->len);
  if (ctxt == NULL)
    return NULL;
  /* The text is UTF-8 whatever a <meta charset> in it says. */
  xmlSwitchToEncoding (ctxt, xmlFindCharEncodingHandler ("UTF-8"));
  htmlCtxtUseOptions (ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
  ctxt->sax->startElement = start_element_bounded;
  ctxt->_private = too_deep;

  htmlParseDocument (ctxt);
  doc = g_steal_pointer (&ctxt->myDoc);
  htmlFreeParserCtxt (ctxt);

  return doc;
}

static char *
convert (const char    *html,
         gssize         len,
         gsize         *rule_start,
         gsize         *rule_end,
         KtHtmlDropped *dropped)
{
  g_autofree char *valid = NULL;
  gboolean too_deep = FALSE;
  htmlDocPtr doc = NULL;
  Writer w = {
    .out = g_string_new (NULL),
    .prefix = g_string_new (NULL),
    .marker = g_string_new (NULL),
    .marks = g_array_new (FALSE, FALSE, sizeof (Mark)),
    .rule_start = G_MAXSIZE,
    .rule_end = G_MAXSIZE,
  };

  if (len < 0)
    len = strlen (html);
  /* libxml2 would take bad UTF-8 as a sign of Latin-1. */
  if (!kt_text_validate_utf8 (html, len, NULL))
    {
      valid = g_utf8_make_valid (html, len);
      html = valid;
      len = strlen (valid);
    }

  /* Plain text needs no parser; a tag libxml2 would take minutes over
   * makes the whole field plain text. */
  if ((memchr (html, '<', len) == NULL && memchr (html, '&', len) == NULL) ||
      has_huge_tag (html, len))
    {
      g_autofree char *text = g_strndup (html, len);

      put_text (&w, text);
    }
  else if ((doc = parse (html, len, &too_deep)) != NULL)
    {
      for (xmlNode *node = doc->children; node != NULL; node = node->next)
        {
          if (node->type == XML_TEXT_NODE)
            put_text (&w, (const char *) node->content);
          else if (node->type == XML_ELEMENT_NODE)
            walk_element (&w, node);
        }
      xmlFreeDoc (doc);
    }
  if (too_deep)
    w.dropped |= KT_HTML_DROPPED_DEEP;

  *rule_start = w.rule_start;
  *rule_end = w.rule_end;
  if (dropped != NULL)
    *dropped |= w.dropped;

  g_array_unref (w.marks);
  g_string_free (w.marker, TRUE);
  g_string_free (w.prefix, TRUE);
  return g_string_free (w.out, FALSE);
}

/* -------------------------------------------------------------------------
 * Public API
 * ---------------------------------------------------------------------- */

/**
 * kt_html_to_markdown:
 * @html: an HTML fragment, such as a field of an Anki note
 * @len: its length, or -1 if NUL-terminated
 * @dropped: (inout) (optional): what was left out is added here
 *
 * Converts @html to markdown that renders as the HTML does, with the text
 * escaped. Any bytes are accepted: bad UTF-8 is replaced.
 *
 * Returns: (transfer full): the markdown, without blank lines around it
 */
char *
kt_html_to_markdown (const char    *html,
                     gssize         len,
                     KtHtmlDropped *dropped)
{
  gsize rule_start, rule_end;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  return convert (html != NULL ? html : "", len, &rule_start, &rule_end, dropped);
}

/**
 * kt_html_answer_to_markdown:
 * @question: (nullable): the card's question, as markdown
 *
 * kt_html_to_markdown() for the back of an Anki card. Anki's "Cards in
 * Plain Text" export writes the front again above an <hr id=answer> rule:
 * when what precedes that rule is the question (or nothing), it is left
 * out, rule and all. Otherwise the rule stays a rule.
 *
 * Returns: (transfer full): the markdown
 */
char *
kt_html_answer_to_markdown (const char    *html,
                            gssize         len,
                            const char    *question,
                            KtHtmlDropped *dropped)
{
  gsize rule_start, rule_end;
  g_autofree char *markdown = NULL;
  g_autofree char *before = NULL;
  g_autofree char *norm_before = NULL;
  g_autofree char *norm_question = NULL;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  markdown = convert (html != NULL ? html : "", len, &rule_start, &rule_end, dropped);
  if (rule_start == G_MAXSIZE)
    return g_steal_pointer (&markdown);

  before = g_strndup (markdown, rule_start);
  norm_before = kt_text_normalize_answer (before);
  norm_question = kt_text_normalize_answer (question != NULL ? question : "");
  if (*norm_before != '\0' && !g_str_equal (norm_before, norm_question))
    return g_steal_pointer (&markdown);

  return g_strstrip (g_strdup (markdown + rule_end));
}

/**
 * kt_html_drop_sound_tags:
 * @text: plain text
 * @dropped: (inout) (optional): %KT_HTML_DROPPED_SOUND is added when one went
 *
 * @text without Anki's [sound:file] references, for fields that are not
 * HTML: they name audio files Kartoteka cannot play.
 *
 * Returns: (transfer full): the text
 */
char *
kt_html_drop_sound_tags (const char    *text,
                         KtHtmlDropped *dropped)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *tag;

  g_return_val_if_fail (text != NULL, NULL);

  while ((tag = strstr (p, "[sound:")) != NULL)
    {
      const char *close = strchr (tag, ']');

      if (close == NULL)
        break;
      g_string_append_len (out, p, tag - p);
      p = close + 1;
      if (dropped != NULL)
        *dropped |= KT_HTML_DROPPED_SOUND;
    }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}
