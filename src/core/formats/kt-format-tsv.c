/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tab-separated text as Anki exports it ("Notes in Plain Text"):
 *
 *   #separator:tab
 *   #html:true
 *   #columns:Front	Back	Tags
 *   #tags column:3
 *   What is a coroutine?	A function defined with <code>async def</code>	python
 *
 * Fields may be quoted RFC 4180 style ("" for a quote; a quoted field may
 * hold the separator and line breaks). With #html:true the fields are HTML:
 * tags are dropped (<br> and <div> become line breaks) and the entities
 * &lt; &gt; &amp; &nbsp; &quot; and numeric ones are decoded; otherwise
 * the text is taken as it is. The parser is one pass over the text.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-format-tsv.h"

typedef enum {
  COL_NONE,
  COL_QUESTION,
  COL_ANSWER,
  COL_TITLE,
  COL_SUMMARY,
  COL_NOTES,
  COL_TAGS,
  COL_SKIP,        /* guid, notetype, deck: never the question or answer */
} ColumnRole;

typedef struct {
  KtDeckParser *parser;
  char          separator;
  gboolean      html;
  GArray       *roles;        /* (element-type ColumnRole) by column */
  GPtrArray    *tags;         /* topic tags, in order of appearance */
  GHashTable   *tag_set;      /* the same, for lookups */
  char         *deck_title;

  const char   *p;
  const char   *end;
  guint         line;
  gboolean      no_closing_quote;  /* an earlier quote ran to the end */
} TsvReader;

/* -------------------------------------------------------------------------
 * HTML fields
 * ---------------------------------------------------------------------- */

static void
newline_unless_at_start (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

/* "&lt;" … at @p; appends the character and returns the entity's length,
 * or 0 if it is not one we know (then '&' is kept as it is). */
static gsize
decode_entity (const char *p,
               const char *end,
               GString    *out)
{
  static const struct {
    const char *name;
    const char *text;
  } entities[] = {
    { "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" }, { "&quot;", "\"" },
    { "&apos;", "'" }, { "&nbsp;", " " },
  };
  gsize avail = end - p;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      gsize len = strlen (entities[i].name);

      if (avail >= len && g_ascii_strncasecmp (p, entities[i].name, len) == 0)
        {
          g_string_append (out, entities[i].text);
          return len;
        }
    }

  if (avail >= 4 && p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      const char *q = p + (hex ? 3 : 2);
      gunichar c = 0;
      guint digits = 0;

      for (; q < end && digits < 8 && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q));
           q++, digits++)
        c = c * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : g_ascii_digit_value (*q));
      if (digits > 0 && q < end && *q == ';' && c != 0 && g_unichar_validate (c))
        {
          g_string_append_unichar (out, c);
          return q + 1 - p;
        }
    }

  return 0;
}

static gboolean
tag_is (const char *name,
        gsize       len,
        const char *wanted)
{
  return len == strlen (wanted) && g_ascii_strncasecmp (name, wanted, len) == 0;
}

static char *
html_to_text (const char *html)
{
  GString *out = g_string_new (NULL);
  const char *end = html + strlen (html);

  for (const char *p = html; p < end;)
    {
      if (*p == '<' && p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
        {
          const char *close = memchr (p, '>', end - p);
          const char *name;
          gsize name_len = 0;
          gboolean closing;

          if (close == NULL)
            {
              g_string_append_c (out, *p++);
              continue;
            }

          closing = p[1] == '/';
          name = p + (closing ? 2 : 1);
          while (name + name_len < close && g_ascii_isalnum (name[name_len]))
            name_len++;

          if (tag_is (name, name_len, "br"))
            g_string_append_c (out, '\n');
          else if (tag_is (name, name_len, "div") || tag_is (name, name_len, "p"))
            newline_unless_at_start (out);
          else if (!closing && tag_is (name, name_len, "li"))
            {
              newline_unless_at_start (out);
              g_string_append (out, "- ");
            }

          p = close + 1;
        }
      else if (*p == '&')
        {
          gsize used = decode_entity (p, end, out);

          if (used == 0)
            g_string_append_c (out, *p++);
          else
            p += used;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* -------------------------------------------------------------------------
 * Header
 * ---------------------------------------------------------------------- */

static gboolean
parse_separator (const char *value,
                 char       *separator)
{
  static const struct {
    const char *name;
    char        c;
  } names[] = {
    { "tab", '\t' }, { "comma", ',' }, { "semicolon", ';' }, { "pipe", '|' },
    { "space", ' ' }, { "colon", ':' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (value, names[i].name) == 0)
      {
        *separator = names[i].c;
        return TRUE;
      }

  /* A literal character; "#separator: " is a space. */
  if (strlen (value) == 1 && value[0] != '"' && value[0] != '\n')
    {
      *separator = value[0];
      return TRUE;
    }
  if (value[0] == '\t' || (value[0] == ' ' && value[1] == '\0'))
    {
      *separator = value[0];
      return TRUE;
    }

  return FALSE;
}

static gboolean
parse_bool (const char *value)
{
  return g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
         strcmp (value, "1") == 0;
}

static void
set_role (TsvReader  *reader,
          guint       column,
          ColumnRole  role)
{
  if (column >= reader->roles->len)
    g_array_set_size (reader->roles, column + 1);
  g_array_index (reader->roles, ColumnRole, column) = role;
}

static ColumnRole
role_for_name (const char *name)
{
  static const struct {
    const char *name;
    ColumnRole  role;
  } names[] = {
    { "front", COL_QUESTION }, { "question", COL_QUESTION }, { "вопрос", COL_QUESTION },
    { "back", COL_ANSWER }, { "answer", COL_ANSWER }, { "ответ", COL_ANSWER },
    { "title", COL_TITLE }, { "summary", COL_SUMMARY }, { "notes", COL_NOTES },
    { "tags", COL_TAGS },
  };
  g_autofree char *folded = g_utf8_casefold (name, -1);

  g_strstrip (folded);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (folded, names[i].name) == 0)
      return names[i].role;

  return COL_NONE;
}

static void
add_tags (TsvReader  *reader,
          const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\n", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag;

      if (*parts[i] == '\0' || g_hash_table_contains (reader->tag_set, parts[i]))
        continue;
      tag = g_strdup (parts[i]);
      g_ptr_array_add (reader->tags, tag);
      g_hash_table_add (reader->tag_set, tag);
    }
}

/* The "#key:value" lines at the top. Returns TRUE for a header line. */
static gboolean
read_header_line (TsvReader  *reader,
                  const char *line,
                  gsize       len,
                  char      **columns)
{
  KtDeck *deck = reader->parser->deck;
  const char *colon;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  guint64 column;

  if (len < 2 || line[0] != '#')
    return FALSE;
  colon = memchr (line, ':', len);
  if (colon == NULL)
    return FALSE;
  for (const char *k = line + 1; k < colon; k++)
    if (!g_ascii_isalpha (*k) && *k != ' ')
      return FALSE;

  key = g_ascii_strdown (line + 1, colon - line - 1);
  value = g_strndup (colon + 1, line + len - colon - 1);

  if (strcmp (key, "separator") == 0)
    {
      char separator;

      if (!parse_separator (value, &separator) &&
          !parse_separator (g_strstrip (value), &separator))
        {
          kt_deck_add_diagnostic (deck, reader->line, KT_SEVERITY_WARNING,
                                  _("unknown separator “%s”; tabs are used"), value);
          separator = '\t';
        }
      reader->separator = separator;
      return TRUE;
    }

  g_strstrip (value);
  if (strcmp (key, "html") == 0)
    reader->html = parse_bool (value);
  else if (strcmp (key, "columns") == 0)
    {
      g_free (*columns);
      *columns = g_steal_pointer (&value);
    }
  else if (strcmp (key, "deck") == 0)
    {
      /* "Parent::Child": the deck's own name is the last part. */
      const char *last = g_strrstr (value, "::");

      g_free (reader->deck_title);
      reader->deck_title = g_strdup (last != NULL ? last + 2 : value);
      g_strstrip (reader->deck_title);
    }
  else if (strcmp (key, "tags") == 0)
    add_tags (reader, value);
  else if (g_str_has_suffix (key, " column"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, 1000, &column, NULL))
        kt_deck_add_diagnostic (deck, reader->line, KT_SEVERITY_WARNING,
                                _("“%s” is not a column number"), value);
      else
        set_role (reader, column - 1, strcmp (key, "tags column") == 0 ? COL_TAGS : COL_SKIP);
    }

  return TRUE;
}

/* "#columns:" names the columns; Front/Back, Question/Answer (and a few
 * more) say which is which. */
static void
apply_column_names (TsvReader  *reader,
                    const char *columns)
{
  char sep[2] = { reader->separator, '\0' };
  g_auto(GStrv) names = g_strsplit (columns, sep, -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      ColumnRole role = role_for_name (names[i]);

      if (role != COL_NONE && (i >= reader->roles->len ||
                               g_array_index (reader->roles, ColumnRole, i) == COL_NONE))
        set_role (reader, i, role);
    }
}

/* Without names, the first two free columns are question and answer. */
static void
assign_default_roles (TsvReader *reader)
{
  gboolean has_question = FALSE, has_answer = FALSE;
  guint column = 0;

  for (guint i = 0; i < reader->roles->len; i++)
    {
      ColumnRole role = g_array_index (reader->roles, ColumnRole, i);

      has_question |= role == COL_QUESTION;
      has_answer |= role == COL_ANSWER;
    }

  while (!has_question || !has_answer)
    {
      if (column >= reader->roles->len ||
          g_array_index (reader->roles, ColumnRole, column) == COL_NONE)
        {
          set_role (reader, column, !has_question ? COL_QUESTION : COL_ANSWER);
          if (!has_question)
            has_question = TRUE;
          else
            has_answer = TRUE;
        }
      column++;
    }
}

/* -------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------- */

/* Reads one field at reader->p. Returns TRUE if a separator follows (more
 * fields in this row), FALSE at the end of the row. */
static gboolean
read_field (TsvReader *reader,
            GString   *field)
{
  const char *p = reader->p;
  const char *end = reader->end;

  g_string_truncate (field, 0);

  if (p < end && *p == '"' && !reader->no_closing_quote)
    {
      guint start_line = reader->line;
      const char *q = p + 1;
      guint lines = 0;
      gboolean closed = FALSE;

      while (q < end)
        {
          if (*q == '"')
            {
              if (q + 1 < end && q[1] == '"')
                {
                  g_string_append_c (field, '"');
                  q += 2;
                  continue;
                }
              closed = TRUE;
              q++;
              break;
            }
          if (*q == '\n')
            lines++;
          g_string_append_c (field, *q++);
        }

      if (closed)
        {
          p = q;
          reader->line += lines;
        }
      else
        {
          /* Read the quote as a plain character instead, and never again
           * look for a closing quote: none is left. */
          kt_deck_add_diagnostic (reader->parser->deck, start_line, KT_SEVERITY_ERROR,
                                  _("a quoted field starting on this line is never closed; "
                                    "the quote is read as text"));
          reader->no_closing_quote = TRUE;
          g_string_truncate (field, 0);
        }
    }

  /* Unquoted text, or what follows a closing quote. */
  while (p < end && *p != reader->separator && *p != '\n')
    g_string_append_c (field, *p++);

  if (p < end && *p == reader->separator)
    {
      reader->p = p + 1;
      return TRUE;
    }
  if (p < end && *p == '\n')
    {
      p++;
      reader->line++;
    }
  reader->p = p;

  return FALSE;
}

static char *
field_text (TsvReader *reader,
            GString  **fields,
            guint      n_fields,
            guint      column)
{
  GString *field;
  g_autofree char *text = NULL;

  if (column >= n_fields)
    return NULL;
  field = fields[column];
  text = reader->html ? html_to_text (field->str) : g_strdup (field->str);

  /* Blanks around a field are padding ("q, a"), not content. */
  return g_strdup (g_strstrip (text));
}

static guint
column_of (TsvReader  *reader,
           ColumnRole  role)
{
  for (guint i = 0; i < reader->roles->len; i++)
    if (g_array_index (reader->roles, ColumnRole, i) == role)
      return i;

  return G_MAXUINT;
}

static void
report_missing_answer (TsvReader *reader,
                       guint      line)
{
  KtDeck *deck = reader->parser->deck;

  switch (reader->separator)
    {
    case '\t':
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("this row has no answer column (columns are separated "
                                "by tabs)"));
      break;
    case ' ':
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("this row has no answer column (columns are separated "
                                "by spaces)"));
      break;
    default:
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("this row has no answer column (columns are separated "
                                "by “%c”)"), reader->separator);
      break;
    }
}

/* A first row "Front<TAB>Back" (or Question/Answer …) names the columns,
 * when no "#columns:" line did. */
static gboolean
is_header_row (TsvReader *reader,
               GString  **row,
               guint      n)
{
  gboolean question = FALSE, answer = FALSE;

  for (guint i = 0; i < n; i++)
    {
      ColumnRole role = role_for_name (row[i]->str);

      question |= role == COL_QUESTION;
      answer |= role == COL_ANSWER;
    }
  if (!question || !answer)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      ColumnRole role = role_for_name (row[i]->str);

      if (role != COL_NONE && (i >= reader->roles->len ||
                               g_array_index (reader->roles, ColumnRole, i) == COL_NONE))
        set_role (reader, i, role);
    }
  return TRUE;
}

static void
read_rows (TsvReader *reader,
           KtTopic   *topic,
           gboolean   may_have_header)
{
  KtDeckParser *parser = reader->parser;
  guint q_col = 0, a_col = 1;
  guint title_col = G_MAXUINT, summary_col = G_MAXUINT, notes_col = G_MAXUINT;
  guint tags_col = G_MAXUINT;
  gboolean roles_ready = FALSE;
  GPtrArray *pool = g_ptr_array_new ();   /* reused GStrings, one per column */

  while (reader->p < reader->end)
    {
      guint row_line = reader->line;
      guint n = 0;
      gboolean more;
      g_autofree char *question = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *title = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *notes = NULL;
      g_autofree char *tags = NULL;
      GString **row;

      do
        {
          if (n >= pool->len)
            g_ptr_array_add (pool, g_string_new (NULL));
          more = read_field (reader, g_ptr_array_index (pool, n));
          n++;
        }
      while (more);

      row = (GString **) pool->pdata;
      if (n == 1 && kt_deck_parser_is_blank (row[0]->str, row[0]->len))
        continue;

      if (!roles_ready)
        {
          gboolean header = may_have_header && is_header_row (reader, row, n);

          assign_default_roles (reader);
          q_col = column_of (reader, COL_QUESTION);
          a_col = column_of (reader, COL_ANSWER);
          title_col = column_of (reader, COL_TITLE);
          summary_col = column_of (reader, COL_SUMMARY);
          notes_col = column_of (reader, COL_NOTES);
          tags_col = column_of (reader, COL_TAGS);
          roles_ready = TRUE;
          if (header)
            continue;
        }

      question = field_text (reader, row, n, q_col);
      answer = field_text (reader, row, n, a_col);
      if (question == NULL || answer == NULL)
        {
          report_missing_answer (reader, row_line);
          continue;
        }
      if (*question == '\0')
        {
          kt_deck_add_diagnostic (parser->deck, row_line, KT_SEVERITY_ERROR,
                                  _("this row has no question"));
          continue;
        }
      if (*answer == '\0')
        kt_deck_add_diagnostic (parser->deck, row_line, KT_SEVERITY_WARNING,
                                _("this row has an empty answer"));

      title = field_text (reader, row, n, title_col);
      summary = field_text (reader, row, n, summary_col);
      notes = field_text (reader, row, n, notes_col);
      tags = field_text (reader, row, n, tags_col);
      if (tags != NULL)
        add_tags (reader, tags);

      kt_deck_parser_add_card (parser, topic, title, NULL, question, answer, summary, notes,
                               row_line);
    }

  for (guint i = 0; i < pool->len; i++)
    g_string_free (g_ptr_array_index (pool, i), TRUE);
  g_ptr_array_unref (pool);
}

void
kt_format_tsv_parse (KtDeckParser *parser)
{
  TsvReader reader = { .parser = parser };
  g_autofree char *columns = NULL;
  const char *ext = strrchr (parser->deck->path, '.');
  KtTopic *topic;

  reader.separator = ext != NULL && g_ascii_strcasecmp (ext, ".csv") == 0 ? ',' : '\t';
  reader.roles = g_array_new (FALSE, TRUE, sizeof (ColumnRole));
  reader.tags = g_ptr_array_new_with_free_func (g_free);
  reader.tag_set = g_hash_table_new (g_str_hash, g_str_equal);
  reader.p = parser->text;
  reader.end = parser->text + parser->len;
  reader.line = 1;

  /* Header lines */
  while (reader.p < reader.end)
    {
      const char *nl = memchr (reader.p, '\n', reader.end - reader.p);
      const char *line_end = nl != NULL ? nl : reader.end;

      if (!read_header_line (&reader, reader.p, line_end - reader.p, &columns))
        break;
      reader.p = nl != NULL ? nl + 1 : reader.end;
      reader.line++;
    }

  if (columns != NULL)
    apply_column_names (&reader, columns);

  topic = kt_deck_parser_add_topic (parser, parser->topic_id,
                                    reader.deck_title != NULL && *reader.deck_title != '\0'
                                      ? reader.deck_title : parser->fallback_title);
  read_rows (&reader, topic, columns == NULL);

  if (reader.tags->len > 0)
    {
      g_ptr_array_add (reader.tags, NULL);
      kt_topic_set_tags (topic, (const char * const *) reader.tags->pdata);
    }

  g_hash_table_unref (reader.tag_set);
  g_ptr_array_unref (reader.tags);
  g_array_unref (reader.roles);
  g_free (reader.deck_title);
}
