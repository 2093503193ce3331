/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Separated text as Anki exports it ("Notes in Plain Text", "Cards in
 * Plain Text") and as spreadsheets write it:
 *
 *   #separator:tab
 *   #html:true
 *   #columns:Front	Back	Tags
 *   #tags column:3
 *   What is a coroutine?	A function defined with <code>async def</code>	python
 *
 * The separator is the "#separator:" header's, else the one that splits the
 * first rows into the same number of columns most often (the extension
 * breaks a tie). Fields may be quoted RFC 4180 style ("" for a quote; a
 * quoted field may hold the separator and line breaks). With #html:true the
 * fields are HTML and become markdown (kt-html.c). Columns can name the
 * card's topic (#deck column:, "Parent::Child"), its tags and the key of its
 * id (#guid column:); text in columns that are none of these is kept in the
 * card's notes, with a warning. The parser is one pass over the text, plus
 * one over its first rows for the separator.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-format-tsv.h"
#include "kt-html.h"
#include "kt-text.h"

/* The separator is chosen from this many rows at the start. */
#define SAMPLE_ROWS 200

typedef enum {
  COL_NONE,        /* not named: its text goes to the notes */
  COL_QUESTION,
  COL_ANSWER,
  COL_TITLE,
  COL_SUMMARY,
  COL_NOTES,
  COL_TAGS,
  COL_GUID,
  COL_DECK,
  COL_SKIP,        /* the note type: nothing a card shows */
} ColumnRole;

typedef struct {
  KtDeckParser  *parser;
  char           separator;
  gboolean       html;
  GArray        *roles;        /* (element-type ColumnRole) by column */
  GPtrArray     *names;        /* column names from #columns: or a header row; may be short */
  GPtrArray     *tags;         /* from "#tags:", for every topic of the file */
  GHashTable    *tag_set;      /* the same, for lookups */
  char          *deck_title;
  GHashTable    *deck_topics;  /* deck name → KtTopic (borrowed) */

  /* What the HTML converter left out, and the first line it did so on:
   * one warning a file. */
  KtHtmlDropped  dropped;
  guint          dropped_line[4];
  guint          n_wide_rows;  /* rows with text in columns of no role */
  guint          first_wide_row;

  const char    *p;
  const char    *end;
  guint          line;
  gboolean       no_closing_quote;  /* an earlier quote ran to the end */
} TsvReader;

/* -------------------------------------------------------------------------
 * Fields
 * ---------------------------------------------------------------------- */

/* Reads one field at reader->p. Returns TRUE if a separator follows (more
 * fields in this row), FALSE at the end of the row. */
static gboolean
read_field (TsvReader *reader,
            GString   *field)
{
  const char *p = reader->p;
  const char *end = reader->end;
  const char *q;

  g_string_truncate (field, 0);

  if (p < end && *p == '"' && !reader->no_closing_quote)
    {
      guint start_line = reader->line;
      guint lines = 0;
      gboolean closed = FALSE;

      q = p + 1;
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
  q = p;
  while (q < end && *q != reader->separator && *q != '\n')
    q++;
  g_string_append_len (field, p, q - p);
  p = q;

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

/* Remembers what the converter dropped, for one warning each at the end. */
static void
note_dropped (TsvReader     *reader,
              KtHtmlDropped  dropped,
              guint          line)
{
  for (guint bit = 0; bit < G_N_ELEMENTS (reader->dropped_line); bit++)
    if ((dropped & (1 << bit)) && !(reader->dropped & (1 << bit)))
      reader->dropped_line[bit] = line;
  reader->dropped |= dropped;
}

/* A field as markdown: HTML converted, or plain text without Anki's sound
 * references. @question, for an answer, is the question's markdown. */
static char *
field_markdown (TsvReader  *reader,
                GString    *field,
                const char *question,
                guint       line)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autofree char *text = NULL;

  if (!reader->html)
    text = kt_html_drop_sound_tags (field->str, &dropped);
  else if (question != NULL)
    text = kt_html_answer_to_markdown (field->str, field->len, question, &dropped);
  else
    text = kt_html_to_markdown (field->str, field->len, &dropped);
  note_dropped (reader, dropped, line);

  /* Blanks around a field are padding ("q, a"), not content. */
  return g_strdup (g_strstrip (text));
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
role_at (TsvReader *reader,
         guint      column)
{
  return column < reader->roles->len ? g_array_index (reader->roles, ColumnRole, column)
                                     : COL_NONE;
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
    { "tags", COL_TAGS }, { "guid", COL_GUID }, { "deck", COL_DECK },
  };
  g_autofree char *folded = g_utf8_casefold (name, -1);

  g_strstrip (folded);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (folded, names[i].name) == 0)
      return names[i].role;

  return COL_NONE;
}

static ColumnRole
role_for_header_key (const char *key)
{
  static const struct {
    const char *key;
    ColumnRole  role;
  } keys[] = {
    { "tags column", COL_TAGS }, { "guid column", COL_GUID }, { "deck column", COL_DECK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (key, keys[i].key) == 0)
      return keys[i].role;

  return COL_SKIP;
}

/* Space-separated tags, added to @tags unless @seen has them already. */
static void
add_tags (GPtrArray  *tags,
          GHashTable *seen,
          const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\n", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag;

      if (*parts[i] == '\0' || g_hash_table_contains (seen, parts[i]))
        continue;
      tag = g_strdup (parts[i]);
      g_ptr_array_add (tags, tag);
      g_hash_table_add (seen, tag);
    }
}

/* The "#key:value" lines at the top. Returns TRUE for a header line. */
static gboolean
read_header_line (TsvReader  *reader,
                  const char *line,
                  gsize       len,
                  gboolean   *separator_set,
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
      *separator_set = TRUE;
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
    add_tags (reader->tags, reader->tag_set, value);
  else if (g_str_has_suffix (key, " column"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, 1000, &column, NULL))
        kt_deck_add_diagnostic (deck, reader->line, KT_SEVERITY_WARNING,
                                _("“%s” is not a column number"), value);
      else
        set_role (reader, column - 1, role_for_header_key (key));
    }

  return TRUE;
}

static gboolean
role_taken (TsvReader  *reader,
            ColumnRole  role)
{
  for (guint i = 0; i < reader->roles->len; i++)
    if (g_array_index (reader->roles, ColumnRole, i) == role)
      return TRUE;

  return FALSE;
}

/* Names the columns; a name with a role gives the column that role unless
 * a header or an earlier column has it (a second "Back" is kept in the
 * notes, not lost). */
static void
set_names (TsvReader  *reader,
           char      **names,
           guint       n)
{
  g_ptr_array_set_size (reader->names, 0);
  for (guint i = 0; i < n; i++)
    {
      ColumnRole role = role_for_name (names[i]);

      g_ptr_array_add (reader->names, g_strstrip (g_strdup (names[i])));
      if (role != COL_NONE && role_at (reader, i) == COL_NONE && !role_taken (reader, role))
        set_role (reader, i, role);
    }
}

/* "#columns:" names the columns; Front/Back, Question/Answer (and a few
 * more) say which is which. */
static void
apply_column_names (TsvReader  *reader,
                    const char *columns)
{
  char sep[2] = { reader->separator, '\0' };
  g_auto(GStrv) names = g_strsplit (columns, sep, -1);

  set_names (reader, names, g_strv_length (names));
}

/* Without names, the first two free columns are question and answer. */
static void
assign_default_roles (TsvReader *reader)
{
  gboolean has_question = role_taken (reader, COL_QUESTION);
  gboolean has_answer = role_taken (reader, COL_ANSWER);
  guint column = 0;

  while (!has_question || !has_answer)
    {
      if (role_at (reader, column) == COL_NONE)
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
 * The separator
 * ---------------------------------------------------------------------- */

/* The number of fields in the row at @p with @separator, quotes read as
 * read_field() reads them; @p moves to the next row. */
static guint
count_fields (const char **p,
              const char  *end,
              char         separator,
              gboolean    *unclosed)
{
  const char *q = *p;
  guint n = 1;
  gboolean field_start = TRUE;

  while (q < end && *q != '\n')
    {
      /* Once a quote was never closed, none will be: the scan stays linear. */
      if (field_start && *q == '"' && !*unclosed)
        {
          const char *close = q + 1;

          while (close < end && !(*close == '"' && (close + 1 == end || close[1] != '"')))
            close += *close == '"' ? 2 : 1;
          if (close < end)
            q = close;
          else
            *unclosed = TRUE;
        }
      field_start = *q == separator;
      n += field_start;
      q++;
    }

  *p = q < end ? q + 1 : end;
  return n;
}

/* How many of the first rows @separator splits into the same number of
 * columns, two or more. */
static guint
separator_score (const char *p,
                 const char *end,
                 char        separator)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  gboolean unclosed = FALSE;
  guint best = 0;

  for (guint row = 0; row < SAMPLE_ROWS && p < end; row++)
    {
      guint n = count_fields (&p, end, separator, &unclosed);
      guint times;

      if (n < 2)
        continue;
      times = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (n))) + 1;
      g_hash_table_insert (counts, GUINT_TO_POINTER (n), GUINT_TO_POINTER (times));
      best = MAX (best, times);
    }

  return best;
}

/* The separator that gives the most rows with the same number of columns.
 * On a tie the extension decides (",": .csv, tab: .tsv and the rest), then
 * the order below: tabs rarely stand in text, commas often do. */
static char
detect_separator (TsvReader *reader)
{
  static const char candidates[] = { '\t', ',', ';', '|' };
  const char *ext = strrchr (reader->parser->deck->path, '.');
  char preferred = ext != NULL && g_ascii_strcasecmp (ext, ".csv") == 0 ? ',' : '\t';
  char best = preferred;
  guint best_score = separator_score (reader->p, reader->end, preferred);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint score = candidates[i] != preferred
                      ? separator_score (reader->p, reader->end, candidates[i]) : 0;

      if (score > best_score)
        {
          best = candidates[i];
          best_score = score;
        }
    }

  return best;
}

/* -------------------------------------------------------------------------
 * Rows
 * ---------------------------------------------------------------------- */

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
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      ColumnRole role = role_for_name (row[i]->str);

      question |= role == COL_QUESTION;
      answer |= role == COL_ANSWER;
      g_ptr_array_add (names, row[i]->str);
    }
  if (!question || !answer)
    return FALSE;

  set_names (reader, (char **) names->pdata, n);
  return TRUE;
}

/* The topic of the deck named @name ("Parent::Child"): one for each name,
 * its id the file's with the slug of each part after it, its title the
 * last part. */
static KtTopic *
deck_topic (TsvReader  *reader,
            const char *name)
{
  KtDeckParser *parser = reader->parser;
  KtTopic *topic = g_hash_table_lookup (reader->deck_topics, name);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) id = NULL;
  const char *title = NULL;

  if (topic != NULL)
    return topic;

  parts = g_strsplit (name, "::", -1);
  id = g_string_new (parser->topic_id);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *slug = kt_text_slugify (parts[i]);

      if (*g_strstrip (parts[i]) == '\0')
        continue;
      g_string_append_c (id, '/');
      g_string_append (id, *slug != '\0' ? slug : "deck");
      title = parts[i];
    }

  topic = kt_deck_parser_add_topic (parser, id->str, title != NULL ? title : name);
  g_hash_table_insert (reader->deck_topics, g_strdup (name), topic);
  return topic;
}

/* The text of the columns no role claims, for the card's notes: "Name:
 * text" where the column has a name, in column order, after @notes. */
static char *
notes_with_extra_columns (TsvReader  *reader,
                          GString   **row,
                          guint       n,
                          const char *notes,
                          guint       line)
{
  g_autoptr(GString) out = g_string_new (notes);
  gboolean extra = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;
      const char *name;

      if (role_at (reader, i) != COL_NONE || kt_deck_parser_is_blank (row[i]->str, row[i]->len))
        continue;
      text = field_markdown (reader, row[i], NULL, line);
      if (*text == '\0')
        continue;
      name = i < reader->names->len ? g_ptr_array_index (reader->names, i) : NULL;
      if (out->len > 0)
        g_string_append (out, "\n\n");
      if (name != NULL && *name != '\0')
        g_string_append_printf (out, "%s: ", name);
      g_string_append (out, text);
      extra = TRUE;
    }

  if (extra && reader->n_wide_rows++ == 0)
    reader->first_wide_row = line;
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
read_row (TsvReader *reader,
          KtTopic   *file_topic,
          GString  **row,
          guint      n,
          guint      line)
{
  KtDeckParser *parser = reader->parser;
  g_autofree char *question = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *all_notes = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GHashTable) tag_set = NULL;
  const char *key = NULL;
  KtTopic *topic = file_topic;
  GString *answer_field = NULL;

  for (guint i = 0; i < n; i++)
    {
      switch (role_at (reader, i))
        {
        case COL_QUESTION:
          question = field_markdown (reader, row[i], NULL, line);
          break;
        case COL_TITLE:
          title = field_markdown (reader, row[i], NULL, line);
          break;
        case COL_SUMMARY:
          summary = field_markdown (reader, row[i], NULL, line);
          break;
        case COL_NOTES:
          notes = field_markdown (reader, row[i], NULL, line);
          break;
        case COL_TAGS:
          if (tags == NULL)
            {
              tags = g_ptr_array_new_with_free_func (g_free);
              tag_set = g_hash_table_new (g_str_hash, g_str_equal);
            }
          add_tags (tags, tag_set, row[i]->str);
          break;
        case COL_GUID:
          key = g_strstrip (row[i]->str);
          break;
        case COL_DECK:
          if (!kt_deck_parser_is_blank (row[i]->str, row[i]->len))
            topic = deck_topic (reader, g_strstrip (row[i]->str));
          break;
        case COL_ANSWER:
          answer_field = row[i];
          break;
        case COL_NONE:
        case COL_SKIP:
        default:
          break;
        }
    }

  if (question == NULL || answer_field == NULL)
    {
      report_missing_answer (reader, line);
      return;
    }
  if (*question == '\0')
    {
      kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_ERROR, _("this row has no question"));
      return;
    }
  /* An Anki card's back repeats its front above <hr id=answer>. */
  answer = field_markdown (reader, answer_field, question, line);
  if (*answer == '\0')
    kt_deck_add_diagnostic (parser->deck, line, KT_SEVERITY_WARNING,
                            _("this row has an empty answer"));

  all_notes = notes_with_extra_columns (reader, row, n, notes, line);
  if (tags != NULL)
    g_ptr_array_add (tags, NULL);
  kt_deck_parser_add_keyed_card (parser, topic, key,
                                 tags != NULL ? (const char * const *) tags->pdata : NULL,
                                 title, NULL, question, answer, summary, all_notes, line);
}

static void
read_rows (TsvReader *reader,
           KtTopic   *topic,
           gboolean   may_have_header)
{
  gboolean roles_ready = FALSE;
  GPtrArray *pool = g_ptr_array_new ();   /* reused GStrings, one per column */

  while (reader->p < reader->end)
    {
      guint row_line = reader->line;
      guint n = 0;
      gboolean more;
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
          roles_ready = TRUE;
          if (header)
            continue;
        }

      read_row (reader, topic, row, n, row_line);
    }

  for (guint i = 0; i < pool->len; i++)
    g_string_free (g_ptr_array_index (pool, i), TRUE);
  g_ptr_array_unref (pool);
}

/* One warning for each kind of thing the HTML converter left out. */
static void
report_dropped (TsvReader *reader)
{
  KtDeck *deck = reader->parser->deck;

  G_STATIC_ASSERT (KT_HTML_MAX_DEPTH == 100);
  if (reader->dropped & KT_HTML_DROPPED_SOUND)
    kt_deck_add_diagnostic (deck, reader->dropped_line[0], KT_SEVERITY_WARNING,
                            _("Kartoteka does not play sound: the [sound:…] references "
                              "in this file are left out"));
  if (reader->dropped & KT_HTML_DROPPED_SCRIPT)
    kt_deck_add_diagnostic (deck, reader->dropped_line[1], KT_SEVERITY_WARNING,
                            _("the scripts and styles in the fields of this file are left out"));
  if (reader->dropped & KT_HTML_DROPPED_MEDIA)
    kt_deck_add_diagnostic (deck, reader->dropped_line[2], KT_SEVERITY_WARNING,
                            _("the audio, video and embedded pages in the fields of this file "
                              "are left out"));
  if (reader->dropped & KT_HTML_DROPPED_DEEP)
    kt_deck_add_diagnostic (deck, reader->dropped_line[3], KT_SEVERITY_WARNING,
                            _("the HTML of this row is nested more than 100 levels deep; "
                              "what follows there is left out"));
  if (reader->n_wide_rows > 0)
    kt_deck_add_diagnostic (deck, reader->first_wide_row, KT_SEVERITY_WARNING,
                            ngettext ("%u row has text in columns that are not its question or "
                                      "answer; it is kept in the card's notes (name the columns "
                                      "with #columns: to choose)",
                                      "%u rows have text in columns that are not their question "
                                      "or answer; it is kept in the cards' notes (name the "
                                      "columns with #columns: to choose)",
                                      reader->n_wide_rows),
                            reader->n_wide_rows);
}

/* A topic's tags: those of "#tags:", then those of its cards. */
static void
set_topic_tags (TsvReader *reader,
                KtTopic   *topic)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < reader->tags->len; i++)
    {
      g_ptr_array_add (tags, g_ptr_array_index (reader->tags, i));
      g_hash_table_add (seen, g_ptr_array_index (reader->tags, i));
    }
  for (guint i = 0; i < kt_topic_get_n_cards (topic); i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      for (const char * const *tag = kt_card_get_tags (card); *tag != NULL; tag++)
        if (g_hash_table_add (seen, (gpointer) *tag))
          g_ptr_array_add (tags, (gpointer) *tag);
    }

  if (tags->len > 0)
    {
      g_ptr_array_add (tags, NULL);
      kt_topic_set_tags (topic, (const char * const *) tags->pdata);
    }
}

static void
set_deck_topic_tags (const char *name,
                     KtTopic    *topic,
                     TsvReader  *reader)
{
  set_topic_tags (reader, topic);
}

void
kt_format_tsv_parse (KtDeckParser *parser)
{
  TsvReader reader = { .parser = parser };
  g_autofree char *columns = NULL;
  gboolean separator_set = FALSE;
  KtTopic *topic;

  reader.separator = '\t';
  reader.roles = g_array_new (FALSE, TRUE, sizeof (ColumnRole));
  reader.names = g_ptr_array_new_with_free_func (g_free);
  reader.tags = g_ptr_array_new_with_free_func (g_free);
  reader.tag_set = g_hash_table_new (g_str_hash, g_str_equal);
  reader.deck_topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.p = parser->text;
  reader.end = parser->text + parser->len;
  reader.line = 1;

  /* Header lines */
  while (reader.p < reader.end)
    {
      const char *nl = memchr (reader.p, '\n', reader.end - reader.p);
      const char *line_end = nl != NULL ? nl : reader.end;

      if (!read_header_line (&reader, reader.p, line_end - reader.p, &separator_set, &columns))
        break;
      reader.p = nl != NULL ? nl + 1 : reader.end;
      reader.line++;
    }

  if (!separator_set)
    reader.separator = detect_separator (&reader);
  if (columns != NULL)
    apply_column_names (&reader, columns);

  topic = kt_deck_parser_add_topic (parser, parser->topic_id,
                                    reader.deck_title != NULL && *reader.deck_title != '\0'
                                      ? reader.deck_title : parser->fallback_title);
  read_rows (&reader, topic, columns == NULL);
  report_dropped (&reader);

  set_topic_tags (&reader, topic);
  g_hash_table_foreach (reader.deck_topics, (GHFunc) set_deck_topic_tags, &reader);

  g_hash_table_unref (reader.deck_topics);
  g_hash_table_unref (reader.tag_set);
  g_ptr_array_unref (reader.tags);
  g_ptr_array_unref (reader.names);
  g_array_unref (reader.roles);
  g_free (reader.deck_title);
}
