/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one entry point for reading decks. Everything that does not depend on
 * the format happens here, once: the bytes are checked (binary and empty
 * files are refused), cleaned (BOM, CRLF / CR line ends, invalid UTF-8),
 * the format is detected from the content, and the topic id is taken from
 * the file name. The format's parser (kt-format-*.c) then adds cards
 * through kt_deck_parser_add_card(), so every format gets the same rules.
 * This file includes the formats; they include only kt-deck-parser.h.
 *
 * Every step is linear in the size of the file: big decks are read in one
 * pass per step, line numbers are counted as we go.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-deck-parser.h"
#include "kt-file.h"
#include "kt-format-json.h"
#include "kt-format-notes.h"
#include "kt-format-qa.h"
#include "kt-format-tsv.h"
#include "kt-formats.h"
#include "kt-notes-chunks.h"
#include "kt-text.h"

/* At most this many lines get their own "not UTF-8" warning. */
#define MAX_UTF8_WARNINGS 10

/* The text is validated and copied this much at a time, so the copy
 * reads what validation has just brought into the cache. */
#define CLEAN_CHUNK (64 * 1024)

/* Format detection looks at the start of the file only. */
#define DETECT_MAX_BYTES (256 * 1024)
#define DETECT_MAX_LINES 4000

/* -------------------------------------------------------------------------
 * Cleaning the bytes
 * ---------------------------------------------------------------------- */

/* NUL bytes, or many control characters near the start: not a text file. */
static gboolean
looks_binary (const char *data,
              gsize       len)
{
  gsize sample = MIN (len, 8192);
  gsize controls = 0;

  if (memchr (data, '\0', len) != NULL)
    return TRUE;

  for (gsize i = 0; i < sample; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
          c == 0x7f)
        controls++;
    }

  return controls * 10 > sample;
}

/* Lines are counted the way the cleaned text will count them: "\r\n",
 * "\r" and "\n" each end one line. */
static guint
count_line_ends (const char *p,
                 const char *end)
{
  guint n = 0;

  for (; p < end; p++)
    {
      if (*p == '\n')
        n++;
      else if (*p == '\r' && (p + 1 == end || p[1] != '\n'))
        n++;
    }

  return n;
}

/* Valid UTF-8 with '\n' line ends, in one pass. Bad bytes become U+FFFD and
 * each affected line gets one warning (the first few lines, then a count). */
static char *
clean_text (KtDeck     *deck,
            const char *data,
            gsize       len,
            gsize      *out_len)
{
  GString *out = g_string_sized_new (len + 1);
  const char *p = data;
  const char *end = data + len;
  const char *counted = data;   /* line ends before here are in @line */
  guint line = 1;
  guint last_bad_line = 0;
  guint n_bad_lines = 0;
  char *w;

  while (p < end)
    {
      gsize chunk = MIN (CLEAN_CHUNK, (gsize) (end - p));
      const char *bad;

      if (kt_text_validate_utf8 (p, chunk, &bad))
        {
          g_string_append_len (out, p, chunk);
          p += chunk;
          continue;
        }

      /* A character cut by the end of the chunk is checked with the next. */
      if (p + chunk < end && p + chunk - bad < 4)
        {
          g_string_append_len (out, p, bad - p);
          p = bad;
          continue;
        }

      g_string_append_len (out, p, bad - p);
      g_string_append (out, "\xEF\xBF\xBD");

      line += count_line_ends (counted, bad);
      counted = bad;
      if (line != last_bad_line)
        {
          n_bad_lines++;
          if (n_bad_lines <= MAX_UTF8_WARNINGS)
            kt_deck_add_diagnostic (deck, line, KT_SEVERITY_WARNING,
                                    _("this line is not valid UTF-8 text; the bad bytes "
                                      "were replaced with “\xEF\xBF\xBD”"));
          last_bad_line = line;
        }

      /* Skip one bad byte, and the continuation bytes of a truncated
       * sequence with it, so one broken character gives one U+FFFD. */
      p = bad + 1;
      while (p < end && ((guchar) *p & 0xC0) == 0x80)
        p++;
    }

  if (n_bad_lines > MAX_UTF8_WARNINGS)
    {
      guint more = n_bad_lines - MAX_UTF8_WARNINGS;

      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_WARNING,
                              ngettext ("%u more line is not valid UTF-8 text",
                                        "%u more lines are not valid UTF-8 text", more),
                              more);
    }

  /* CRLF → LF, lone CR → LF, compacting in place from the first CR. */
  w = memchr (out->str, '\r', out->len);
  if (w != NULL)
    {
      for (gsize i = w - out->str; i < out->len; i++)
        {
          if (out->str[i] == '\r')
            {
              *w++ = '\n';
              if (i + 1 < out->len && out->str[i + 1] == '\n')
                i++;
            }
          else
            *w++ = out->str[i];
        }
      g_string_truncate (out, w - out->str);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* -------------------------------------------------------------------------
 * Format detection
 * ---------------------------------------------------------------------- */

static gboolean
is_tsv_header_line (const char *line,
                    gsize       len)
{
  static const char *const keys[] = {
    "#separator:", "#html:", "#columns:", "#tags column:", "#deck:",
    "#notetype:", "#guid column:", "#notetype column:", "#deck column:",
    "#tags:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (kt_deck_parser_has_prefix_ci (line, len, keys[i]))
      return TRUE;

  return FALSE;
}

static gboolean
first_line_is_rule (const char *data,
                    gsize       len)
{
  gsize i = 3;

  if (len < 3 || strncmp (data, "---", 3) != 0)
    return FALSE;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
    i++;

  return i == len || data[i] == '\n';
}

static const char *
find_extension (const char *filename)
{
  const char *base;
  const char *dot;

  if (filename == NULL)
    return NULL;
  base = strrchr (filename, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : filename;
  dot = strrchr (base, '.');

  return dot != NULL && dot != base ? dot + 1 : NULL;
}

/**
 * kt_formats_detect:
 * @data: the file's bytes (a BOM and CRLF line ends are fine)
 * @filename: (nullable): used only when the content does not decide
 *
 * Looks at the content: a Kartoteka JSON deck, Anki "#separator:" headers,
 * markdown frontmatter, numbered items with answer labels, headings with
 * bold labels, tab-separated lines, headings, then question and answer
 * pairs and numbered questions — in that order. The extension is only a
 * tie-breaker for files that match none of these.
 */
KtDeckFormat
kt_formats_detect (const char *data,
                   gsize       len,
                   const char *filename)
{
  const char *end;
  const char *p;
  const char *ext;
  guint n_lines = 0;
  guint numbered = 0, numbered_questions = 0, plain_answers = 0, answer_labels = 0;
  guint headings = 0, bold_labels = 0;
  guint tab_lines = 0, nonempty = 0;
  gboolean tsv_header = FALSE;
  gboolean first_nonempty = TRUE;
  gboolean in_fence = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, KT_DECK_FORMAT_UNKNOWN);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;

  p = data;
  end = data + len;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '{' &&
      g_strstr_len (p, MIN ((gsize) (end - p), DETECT_MAX_BYTES), "\"kartoteka-deck\"") != NULL)
    return KT_DECK_FORMAT_JSON;

  if (first_line_is_rule (data, len))
    return KT_DECK_FORMAT_NOTES;

  end = data + MIN (len, DETECT_MAX_BYTES);
  for (p = data; p < end && n_lines < DETECT_MAX_LINES; n_lines++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize line_len = line_end - p;
      const char *line = p;
      guint level, number;
      gsize start, question_len;

      p = nl != NULL ? nl + 1 : end;
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (kt_deck_parser_is_blank (line, line_len))
        continue;

      if (first_nonempty && is_tsv_header_line (line, line_len))
        tsv_header = TRUE;
      first_nonempty = FALSE;
      nonempty++;

      if (memchr (line, '\t', line_len) != NULL)
        tab_lines++;

      {
        const char *t = line;
        gsize tl = line_len;

        while (tl > 0 && *t == ' ')
          t++, tl--;
        if (kt_deck_parser_has_prefix_ci (t, tl, "```") || kt_deck_parser_has_prefix_ci (t, tl, "~~~"))
          {
            in_fence = !in_fence;
            continue;
          }
      }
      if (in_fence)
        continue;

      level = kt_deck_parser_heading_level (line, line_len);
      if (level >= 2 && level <= 4)
        headings++;
      else if (level > 0)
        continue;
      else if (kt_deck_parser_numbered_question (line, line_len, &number, &start, &question_len))
        numbered++, numbered_questions++;
      else if (kt_deck_parser_line_numbered (line, line_len, NULL, NULL))
        numbered++;
      else
        {
          KtLabelFlags flags = 0;
          KtLabel label = kt_deck_parser_line_label (line, line_len, NULL, &flags);

          if (label != KT_LABEL_NONE && (flags & KT_LABEL_BOLD))
            bold_labels++;
          if (label == KT_LABEL_ANSWER)
            {
              answer_labels++;
              if (!(flags & KT_LABEL_BOLD))
                plain_answers++;
            }
        }
    }

  if (tsv_header)
    return KT_DECK_FORMAT_TSV;
  if (numbered > 0 && plain_answers > 0)
    return KT_DECK_FORMAT_QA;
  if (headings > 0 && bold_labels > 0)
    return KT_DECK_FORMAT_NOTES;
  if (tab_lines > 0 && tab_lines * 2 >= nonempty)
    return KT_DECK_FORMAT_TSV;
  if (headings > 0)
    return KT_DECK_FORMAT_NOTES;
  /* Without headings: question and answer pairs, or numbered questions
   * with their answers below them. */
  if (answer_labels > 0 || numbered_questions > 0)
    return KT_DECK_FORMAT_QA;

  p = data;
  while (p < data + len && g_ascii_isspace (*p))
    p++;
  if (p < data + len && *p == '{')
    return KT_DECK_FORMAT_JSON;

  ext = find_extension (filename);
  if (ext != NULL)
    {
      if (g_ascii_strcasecmp (ext, "json") == 0)
        return KT_DECK_FORMAT_JSON;
      if (g_ascii_strcasecmp (ext, "md") == 0 || g_ascii_strcasecmp (ext, "markdown") == 0)
        return KT_DECK_FORMAT_NOTES;
      if (g_ascii_strcasecmp (ext, "tsv") == 0 || g_ascii_strcasecmp (ext, "csv") == 0)
        return KT_DECK_FORMAT_TSV;
    }

  return KT_DECK_FORMAT_UNKNOWN;
}

/* -------------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------- */

/* "notes/Async Python.md" → "Async Python" */
static char *
name_without_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path != NULL && *path != '\0' ? path : "deck");
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_steal_pointer (&base);
}

/* UTF-16 with a byte-order mark (Windows Notepad's "Unicode") is text,
 * not binary: convert it rather than refuse it. */
static GBytes *
convert_utf16 (GBytes *contents)
{
  gsize len;
  const guchar *data = g_bytes_get_data (contents, &len);
  const char *from;
  g_autofree char *converted = NULL;
  gsize written = 0;

  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    from = "UTF-16LE";
  else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    from = "UTF-16BE";
  else
    return NULL;

  converted = g_convert ((const char *) data + 2, len - 2, "UTF-8", from, NULL, &written, NULL);
  if (converted == NULL)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&converted), written);
}

/**
 * kt_formats_run_parser:
 * @deck: a deck whose format is set
 * @text: clean text, as #KtDeckParser describes it
 * @name: the topic id of the file (see kt_formats_parse_bytes_as())
 *
 * What kt_formats_parse_bytes() does once the text is clean: the parser of
 * @deck's format, then dropping empty topics and sorting the diagnostics.
 * The fuzz targets call it with a format of their choosing.
 */
void
kt_formats_run_parser (KtDeck     *deck,
                       const char *text,
                       gsize       len,
                       const char *name)
{
  KtDeckParser parser;

  kt_deck_parser_init (&parser, deck, text, len, name);

  switch (deck->format)
    {
    case KT_DECK_FORMAT_QA:    kt_format_qa_parse (&parser); break;
    case KT_DECK_FORMAT_NOTES: kt_format_notes_parse (&parser); break;
    case KT_DECK_FORMAT_TSV:   kt_format_tsv_parse (&parser); break;
    case KT_DECK_FORMAT_JSON:  kt_format_json_parse (&parser); break;
    case KT_DECK_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  kt_deck_parser_finish (&parser);
}

/**
 * kt_formats_parse_bytes:
 * @contents: the file's bytes
 * @path: (nullable): where they came from; used in messages, as the cards'
 *   source path and, without its extension, as the topic id
 *
 * kt_formats_parse_bytes_as() with the file name as the topic id.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_formats_parse_bytes (GBytes     *contents,
                        const char *path)
{
  return kt_formats_parse_bytes_as (contents, path, NULL);
}

/**
 * kt_formats_parse_bytes_as:
 * @contents: the file's bytes
 * @path: (nullable): where they came from; used in messages and as the
 *   cards' source path
 * @topic_id: (nullable): the file's topic id: its path inside its deck
 *   folder without the extension ("Python/Core"); %NULL for the file name
 *   without its extension. Its last part is the title of last resort.
 *
 * Parses a deck in any of the supported formats. Never fails: problems are
 * in the returned deck's diagnostics, and whatever could be read is in its
 * topics.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_formats_parse_bytes_as (GBytes     *contents,
                           const char *path,
                           const char *topic_id)
{
  g_return_val_if_fail (contents != NULL, NULL);

  return kt_formats_parse_bytes_take (g_bytes_ref (contents), path, topic_id);
}

/**
 * kt_formats_parse_bytes_take:
 * @contents: (transfer full): the file's bytes
 *
 * kt_formats_parse_bytes_as(), taking @contents: where the text has to be
 * cleaned (or converted) first, the bytes are let go of as soon as the
 * clean copy is made, so a big file is not held twice while it is parsed.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_formats_parse_bytes_take (GBytes     *contents,
                             const char *path,
                             const char *topic_id)
{
  g_autoptr(KtDeck) deck = kt_deck_new (path);
  g_autoptr(GBytes) bytes = contents;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  const char *clean;
  const char *data;
  gsize len;
  gsize clean_len;

  g_return_val_if_fail (contents != NULL, NULL);

  {
    GBytes *utf16 = convert_utf16 (bytes);

    if (utf16 != NULL)
      {
        g_bytes_unref (bytes);
        bytes = utf16;
      }
  }
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;

  if (looks_binary (data, len))
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              _("this is a binary file, not a deck"));
      return g_steal_pointer (&deck);
    }

  if (kt_deck_parser_is_blank (data, len))
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              len == 0 ? _("the file is empty")
                                       : _("the file holds only white space"));
      return g_steal_pointer (&deck);
    }

  /* Markdown that needs no cleaning (valid UTF-8, '\n' line ends) is
   * parsed where it is: at 100k cards, copying it page-faulted a buffer
   * the size of the file, a tenth of the parse. Its parser reads only
   * within the length; the others keep a NUL-terminated copy, and the
   * bytes go once it is made. */
  deck->format = kt_formats_detect (data, len, path);
  if (deck->format == KT_DECK_FORMAT_NOTES && memchr (data, '\r', len) == NULL &&
      kt_text_validate_utf8 (data, len, NULL))
    {
      clean = data;
      clean_len = len;
    }
  else
    {
      text = clean_text (deck, data, len, &clean_len);
      g_clear_pointer (&bytes, g_bytes_unref);
      deck->format = kt_formats_detect (text, clean_len, path);
      clean = text;
    }

  if (deck->format == KT_DECK_FORMAT_UNKNOWN)
    {
      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR,
                              /* Translators: %s lists the layouts Kartoteka reads. */
                              _("this does not look like a deck. Kartoteka reads %s"),
                              kt_deck_parser_layouts ());
      kt_deck_sort_diagnostics (deck);
      return g_steal_pointer (&deck);
    }

  name = topic_id != NULL ? g_strdup (topic_id) : name_without_extension (path);
  kt_formats_run_parser (deck, clean, clean_len, name);

  return g_steal_pointer (&deck);
}

/**
 * kt_formats_name_file:
 *
 * How decks name @file in messages and as the cards' source: its path, or
 * for files without one (the bundled resource:// decks) the URI unescaped,
 * so that titles taken from the name read as written.
 *
 * Returns: (transfer full): the name
 */
char *
kt_formats_name_file (GFile *file)
{
  char *path = g_file_get_path (file);
  g_autofree char *uri = NULL;

  if (path != NULL)
    return path;
  uri = g_file_get_uri (file);

  return g_uri_unescape_string (uri, NULL);
}

/**
 * kt_formats_parse_file:
 *
 * kt_formats_parse_file_as() with the file name as the topic id.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_formats_parse_file (GFile        *file,
                       GCancellable *cancellable)
{
  return kt_formats_parse_file_as (file, NULL, cancellable);
}

/**
 * kt_formats_parse_file_as:
 * @topic_id: (nullable): as for kt_formats_parse_bytes_as()
 *
 * Reads @file — a regular file of at most %KT_FILE_MAX_DECK_SIZE bytes —
 * and parses it with kt_formats_parse_bytes_as(). A file that cannot be
 * read gives a deck with one error diagnostic (line 0), saying why, and no
 * topics.
 *
 * Returns: (transfer full): the deck
 */
KtDeck *
kt_formats_parse_file_as (GFile        *file,
                          const char   *topic_id,
                          GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GBytes *bytes;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = kt_formats_name_file (file);
  bytes = kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, cancellable, &error);
  if (bytes == NULL)
    {
      KtDeck *deck = kt_deck_new (path);

      kt_deck_add_diagnostic (deck, 0, KT_SEVERITY_ERROR, "%s", error->message);
      return deck;
    }

  return kt_formats_parse_bytes_take (bytes, path, topic_id);
}

/**
 * kt_formats_release_memory:
 *
 * Frees what the parsers keep for the next file (a few MB that cmark's
 * trees are built in): call it when a burst of loading is over.
 */
void
kt_formats_release_memory (void)
{
  kt_notes_chunk_release_kept ();
}

/* -------------------------------------------------------------------------
 * Writing JSON
 * ---------------------------------------------------------------------- */
