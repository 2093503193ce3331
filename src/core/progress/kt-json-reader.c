/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict JSON pull reader on yajl: it hands out one token at a time,
 * from a buffer or a stream read 64 KiB at a time, so a document of any
 * size is read in little memory (the tokens of one chunk at a time).
 *
 * json-glib 1.6 is lenient where a file from elsewhere must not be
 * (hexadecimal numbers, single quotes, comments, a second document,
 * strings cut at an escaped NUL, integers wrapped beyond 64 bits, no depth
 * limit, the whole tree in memory). yajl, configured strictly, takes
 * RFC 8259 and hands over numbers as written; yajl's push callbacks queue
 * the tokens of each chunk for kt_json_reader_next(). What yajl lets
 * through is checked here: text must be valid UTF-8 (yajl checks only the
 * shape of its sequences) and \u escapes of surrogates must pair up (yajl
 * makes a lone one "?"). yajl's messages are English and say little, so
 * each is told again in our words, with the line and column counted over
 * the bytes fed.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "kt-json-reader.h"

#define BUFFER_SIZE (64 * 1024)
/* Longer numbers are no number a program writes. */
#define MAX_NUMBER  1024
/* Of a word that is not a JSON value, this much goes in the message. */
#define MAX_WORD    32

typedef struct
{
  KtJsonToken token;
  gsize       offset;   /* of its text in KtJsonReader.text */
  gsize       length;
} Queued;

/* Where the \u escapes are, over the bytes yajl has taken. */
typedef enum
{
  ESCAPE_NONE,
  ESCAPE_BACKSLASH,
  ESCAPE_HEX,
} EscapeState;

struct _KtJsonReader
{
  yajl_handle   yajl;

  const guint8 *data;       /* the chunk being parsed: data[0…len) */
  gsize         len;
  const guint8 *rest;       /* of a buffer: what is not fed yet */
  gsize         rest_len;
  gboolean      fed_all;    /* the end was given to yajl */

  GInputStream *stream;     /* or NULL for a buffer */
  GCancellable *cancellable;
  guint8       *buffer;

  GArray       *queue;      /* Queued, of the chunks parsed */
  guint         next;       /* the next one to hand out */
  GString      *text;       /* their strings and numbers, each NUL-terminated */
  const char   *string;     /* of the token handed out last */
  gsize         string_len;

  guint         max_depth;
  guint         parsed_depth;  /* as yajl has read */
  guint         depth;         /* as handed out */
  gboolean      started;
  gboolean      any_content;   /* more than white space was fed */
  gsize         since_token;   /* bytes fed since yajl's last token */
  gsize         number_end;    /* where the last number queued ended in data */
  GError       *error;         /* ends the queue */
  gboolean      failed;        /* the error was handed out */

  guint         line;       /* of data[0] */
  guint         column;

  EscapeState   escape;
  guint         escape_digits;
  gunichar      escape_value;
  gboolean      want_low;      /* a high surrogate was read */
  gsize         escape_checked; /* in data */
};

G_DEFINE_QUARK (kt-json-reader-error-quark, kt_json_reader_error)

/* ---- positions and errors ------------------------------------------------ */

/* Line and column of data[@pos], counted in characters from 1. */
static void
position (KtJsonReader *r,
          gsize         pos,
          guint        *line,
          guint        *column)
{
  *line = r->line;
  *column = r->column;
  for (gsize i = 0; i < pos && i < r->len; i++)
    {
      if (r->data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if ((r->data[i] & 0xC0) != 0x80)
        (*column)++;
    }
}

/* The first error wins; it is handed out after the tokens before it. */
static void
fail_at (KtJsonReader      *r,
         gsize              pos,
         KtJsonReaderError  code,
         const char        *problem)
{
  guint line, column;

  if (r->error != NULL)
    return;

  position (r, pos, &line, &column);
  g_set_error (&r->error, KT_JSON_READER_ERROR, code,
               /* Translators: where in a file, then what is wrong there. */
               _("line %u, column %u: %s"), line, column, problem);
}

static void
fail_too_long (KtJsonReader *r,
               gsize         pos)
{
  g_autofree char *size = g_format_size_full (KT_JSON_READER_MAX_STRING, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: %s is a size such as 512 MiB */
  g_autofree char *problem = g_strdup_printf (_("a text longer than %s"), size);

  fail_at (r, pos, KT_JSON_READER_ERROR_TOO_LONG, problem);
}

/* The bytes yajl has taken of this chunk, in a callback or after an error. */
static gsize
consumed (KtJsonReader *r)
{
  return MIN (yajl_get_bytes_consumed (r->yajl), r->len);
}

/* Whether @c goes on a word or number that is not JSON, as 0x1F or NaN. */
static gboolean
is_word_char (int c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '+' || c == '-';
}

/* The word around data[@pos], for a message; its start in @start. */
static char *
word_at (KtJsonReader *r,
         gsize         pos,
         gsize        *start)
{
  g_autoptr(GString) word = g_string_new (NULL);
  gsize from = pos, to = pos;

  while (from > 0 && is_word_char (r->data[from - 1]))
    from--;
  while (to < r->len && is_word_char (r->data[to]))
    to++;

  g_string_append_len (word, (const char *) r->data + from, MIN (to - from, MAX_WORD));
  if (to - from > MAX_WORD)
    g_string_append (word, "…");
  *start = from;

  return g_string_free (g_steal_pointer (&word), FALSE);
}

static gboolean
is_json_number (const char *word)
{
  return g_regex_match_simple ("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$", word, 0, 0);
}

/* What is wrong at data[@pos] when the byte there is not what JSON has
 * there: a comment, a single quote, a word or a stray character.
 * @expected, if not NULL, is said for a byte that JSON has elsewhere. */
static void
fail_unexpected (KtJsonReader *r,
                 gsize         pos,
                 const char   *expected)
{
  g_autofree char *problem = NULL;
  int c;

  if (pos >= r->len)
    {
      fail_at (r, r->len, KT_JSON_READER_ERROR_SYNTAX, _("the file ends too early"));
      return;
    }

  c = r->data[pos];
  if (c == '/')
    fail_at (r, pos, KT_JSON_READER_ERROR_SYNTAX, _("JSON has no comments"));
  else if (c == '\'')
    fail_at (r, pos, KT_JSON_READER_ERROR_SYNTAX,
             _("strings must be in double quotes (\"), not single ones"));
  else if (is_word_char (c))
    {
      gsize start;
      g_autofree char *word = word_at (r, pos, &start);

      /* Out of place, rather than not JSON: a value (2, true), or a
       * word in a string yajl stopped in. Only a number yajl read as
       * two (03) is told as what it is. */
      if (expected != NULL && (is_json_number (word) ||
                               !(g_ascii_isdigit (word[0]) || word[0] == '-')))
        {
          fail_at (r, start, KT_JSON_READER_ERROR_SYNTAX, expected);
          return;
        }
      /* yajl took 0x1F for 0 and then x1F: the 0 is not handed out */
      if (r->queue->len > 0 &&
          g_array_index (r->queue, Queued, r->queue->len - 1).token == KT_JSON_NUMBER &&
          start < r->number_end)
        g_array_set_size (r->queue, r->queue->len - 1);
      if (g_ascii_isdigit (word[0]) || word[0] == '-')
        /* Translators: %s is what a file holds where a number should be, as 0x1F */
        problem = g_strdup_printf (_("“%s” is not a JSON number"), word);
      else
        /* Translators: %s is a word such as NaN or True found in a file */
        problem = g_strdup_printf (_("“%s” is not a JSON value"), word);
      fail_at (r, start, KT_JSON_READER_ERROR_SYNTAX, problem);
    }
  else if (expected != NULL)
    fail_at (r, pos, KT_JSON_READER_ERROR_SYNTAX, expected);
  else
    {
      if (c >= 0x20 && c < 0x7f)
        /* Translators: %c is a character found in a file */
        problem = g_strdup_printf (_("unexpected “%c”"), c);
      else
        /* Translators: %02X is the hexadecimal value of a byte found in a file */
        problem = g_strdup_printf (_("unexpected byte 0x%02X"), (guint) c);
      fail_at (r, pos, KT_JSON_READER_ERROR_SYNTAX, problem);
    }
}

/* yajl 2.1's messages, told again: of a lexical error the offending byte
 * is the one before yajl stopped (a comment: the one it stopped at), of a
 * parse error the last of the offending token. */
static void
fail_yajl (KtJsonReader *r)
{
  g_autofree char *message = (char *) yajl_get_error (r->yajl, 0, NULL, 0);
  gsize at = consumed (r);
  gsize before = at > 0 ? at - 1 : 0;

  if (strstr (message, "comment") != NULL)
    fail_unexpected (r, at, NULL);
  else if (strstr (message, "UTF8") != NULL)
    fail_at (r, before, KT_JSON_READER_ERROR_SYNTAX, _("the text is not valid UTF-8"));
  else if (strstr (message, "'\\'") != NULL)
    fail_at (r, before, KT_JSON_READER_ERROR_SYNTAX,
             _("a backslash must start an escape such as \\n, \\\" or \\u00e9"));
  else if (strstr (message, "inside string") != NULL)
    fail_at (r, before, KT_JSON_READER_ERROR_SYNTAX,
             _("a text holds a control character, which must be written as an escape "
               "such as \\n"));
  else if (strstr (message, "trailing garbage") != NULL)
    {
      while (before < r->len && g_ascii_isspace (r->data[before]))
        before++;
      if (before < r->len && r->data[before] == '/')
        fail_unexpected (r, before, NULL);
      else
        fail_at (r, before, KT_JSON_READER_ERROR_SYNTAX,
                 _("more follows the end of the document"));
    }
  else if (strstr (message, "premature EOF") != NULL)
    fail_at (r, r->len, KT_JSON_READER_ERROR_SYNTAX, _("the file ends too early"));
  else if (strstr (message, "I expect ',' or ']'") != NULL)
    fail_unexpected (r, before, _("expected “,” or “]”"));
  else if (strstr (message, "I expect ',' or '}'") != NULL)
    fail_unexpected (r, before, _("expected “,” or “}”"));
  else if (strstr (message, "colon") != NULL)
    fail_unexpected (r, before, _("expected “:”"));
  else if (strstr (message, "object key") != NULL)
    fail_unexpected (r, before, _("expected a member name in double quotes"));
  else
    fail_unexpected (r, before, NULL);
}

/* ---- escapes ------------------------------------------------------------- */

/* Follows the \u escapes of data[escape_checked…@to), bytes yajl has
 * taken, so every backslash is in a string. Returns where a surrogate
 * escape does not pair up, or @to when none. */
static gsize
check_escapes (KtJsonReader *r,
               gsize         to)
{
  for (gsize i = r->escape_checked; i < to; i++)
    {
      guint8 c = r->data[i];

      switch (r->escape)
        {
        case ESCAPE_NONE:
          if (r->want_low)
            {
              if (c != '\\')
                return i;
            }
          else
            {
              const guint8 *backslash = memchr (r->data + i, '\\', to - i);

              if (backslash == NULL)
                {
                  i = to - 1;
                  break;
                }
              i = backslash - r->data;
            }
          r->escape = ESCAPE_BACKSLASH;
          break;

        case ESCAPE_BACKSLASH:
          if (c == 'u')
            {
              r->escape = ESCAPE_HEX;
              r->escape_digits = 0;
              r->escape_value = 0;
            }
          else if (r->want_low)
            return i;
          else
            r->escape = ESCAPE_NONE;
          break;

        case ESCAPE_HEX:
          r->escape_value = r->escape_value * 16 + MAX (g_ascii_xdigit_value (c), 0);
          if (++r->escape_digits < 4)
            break;
          r->escape = ESCAPE_NONE;
          if (r->escape_value >= 0xDC00 && r->escape_value <= 0xDFFF)
            {
              if (!r->want_low)
                return i;
              r->want_low = FALSE;
            }
          else if (r->want_low)
            return i;
          else
            r->want_low = r->escape_value >= 0xD800 && r->escape_value <= 0xDBFF;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  r->escape_checked = to;
  return to;
}

/* ---- yajl's callbacks ---------------------------------------------------- */

static Queued *
queue (KtJsonReader *r,
       KtJsonToken   token)
{
  Queued *queued;

  g_array_set_size (r->queue, r->queue->len + 1);
  queued = &g_array_index (r->queue, Queued, r->queue->len - 1);
  queued->token = token;
  queued->offset = 0;
  queued->length = 0;
  r->since_token = 0;

  return queued;
}

static void
queue_text (KtJsonReader *r,
            KtJsonToken   token,
            const char   *text,
            gsize         length)
{
  Queued *queued = queue (r, token);

  queued->offset = r->text->len;
  queued->length = length;
  g_string_append_len (r->text, text, length);
  g_string_append_c (r->text, '\0');
}

/* Valid UTF-8 between the escaped NULs, which are the caller's to refuse. */
static gboolean
is_utf8 (const char *text,
         gsize       length)
{
  const char *end = text + length;

  while (text < end)
    {
      const char *nul = memchr (text, '\0', end - text);

      if (!g_utf8_validate_len (text, (nul != NULL ? nul : end) - text, NULL))
        return FALSE;
      text = nul != NULL ? nul + 1 : end;
    }

  return TRUE;
}

static int
on_string (KtJsonReader  *r,
           KtJsonToken    token,
           const guint8  *text,
           size_t         length)
{
  gsize at = consumed (r);
  gsize bad = check_escapes (r, at);

  if (bad < at)
    {
      fail_at (r, bad, KT_JSON_READER_ERROR_SYNTAX,
               _("a backslash must start an escape such as \\n, \\\" or \\u00e9"));
      return 0;
    }
  if (length > KT_JSON_READER_MAX_STRING)
    {
      fail_too_long (r, at);
      return 0;
    }
  if (!is_utf8 ((const char *) text, length))
    {
      fail_at (r, at, KT_JSON_READER_ERROR_SYNTAX, _("the text is not valid UTF-8"));
      return 0;
    }

  queue_text (r, token, (const char *) text, length);
  return 1;
}

static int
on_string_value (void                *user_data,
                 const unsigned char *text,
                 size_t               length)
{
  return on_string (user_data, KT_JSON_STRING, text, length);
}

static int
on_member (void                *user_data,
           const unsigned char *text,
           size_t               length)
{
  return on_string (user_data, KT_JSON_MEMBER, text, length);
}

static int
on_number (void       *user_data,
           const char *text,
           size_t      length)
{
  KtJsonReader *r = user_data;

  if (length > MAX_NUMBER)
    {
      fail_at (r, consumed (r), KT_JSON_READER_ERROR_TOO_LONG,
               _("a number of more than 1024 characters"));
      return 0;
    }

  queue_text (r, KT_JSON_NUMBER, text, length);
  r->number_end = consumed (r);
  return 1;
}

static int
on_null (void *user_data)
{
  queue (user_data, KT_JSON_NULL);
  return 1;
}

static int
on_boolean (void *user_data,
            int   value)
{
  queue (user_data, value ? KT_JSON_TRUE : KT_JSON_FALSE);
  return 1;
}

static int
open_container (KtJsonReader *r,
                KtJsonToken   token)
{
  if (r->parsed_depth >= r->max_depth)
    {
      g_autofree char *problem =
        g_strdup_printf (ngettext ("nested more than %u level deep",
                                   "nested more than %u levels deep", r->max_depth),
                         r->max_depth);
      gsize at = consumed (r);

      fail_at (r, at > 0 ? at - 1 : 0, KT_JSON_READER_ERROR_DEPTH, problem);
      return 0;
    }

  r->parsed_depth++;
  queue (r, token);
  return 1;
}

static int
on_start_map (void *user_data)
{
  return open_container (user_data, KT_JSON_BEGIN_OBJECT);
}

static int
on_start_array (void *user_data)
{
  return open_container (user_data, KT_JSON_BEGIN_ARRAY);
}

static int
close_container (KtJsonReader *r,
                 KtJsonToken   token)
{
  r->parsed_depth--;
  queue (r, token);
  return 1;
}

static int
on_end_map (void *user_data)
{
  return close_container (user_data, KT_JSON_END_OBJECT);
}

static int
on_end_array (void *user_data)
{
  return close_container (user_data, KT_JSON_END_ARRAY);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string_value,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_member,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* ---- feeding ----------------------------------------------------------- */

static KtJsonReader *
reader_new (guint max_depth)
{
  KtJsonReader *reader = g_new0 (KtJsonReader, 1);

  reader->yajl = yajl_alloc (&callbacks, NULL, reader);
  /* yajl's defaults, said: RFC 8259 and nothing more */
  yajl_config (reader->yajl, yajl_allow_comments, 0);
  yajl_config (reader->yajl, yajl_dont_validate_strings, 0);
  yajl_config (reader->yajl, yajl_allow_trailing_garbage, 0);
  yajl_config (reader->yajl, yajl_allow_multiple_values, 0);
  yajl_config (reader->yajl, yajl_allow_partial_values, 0);

  reader->queue = g_array_new (FALSE, FALSE, sizeof (Queued));
  reader->text = g_string_new (NULL);
  reader->max_depth = max_depth;
  reader->line = 1;
  reader->column = 1;

  return reader;
}

/**
 * kt_json_reader_new_for_data:
 * @data: (array length=length): the document, which must outlive the reader
 * @max_depth: how deeply objects and arrays may nest
 */
KtJsonReader *
kt_json_reader_new_for_data (const char *data,
                             gsize       length,
                             guint       max_depth)
{
  KtJsonReader *reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = reader_new (max_depth);
  reader->rest = (const guint8 *) data;
  reader->rest_len = length;

  return reader;
}

/**
 * kt_json_reader_new_for_stream:
 * @cancellable: (nullable): stops the reading
 *
 * Reads @stream as the tokens are asked for; a read error ends the
 * document with that error.
 */
KtJsonReader *
kt_json_reader_new_for_stream (GInputStream *stream,
                               GCancellable *cancellable,
                               guint         max_depth)
{
  KtJsonReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader = reader_new (max_depth);
  reader->stream = g_object_ref (stream);
  reader->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  reader->buffer = g_malloc (BUFFER_SIZE);

  return reader;
}

void
kt_json_reader_free (KtJsonReader *reader)
{
  if (reader == NULL)
    return;

  yajl_free (reader->yajl);
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_free (reader->buffer);
  g_array_unref (reader->queue);
  g_string_free (reader->text, TRUE);
  g_clear_error (&reader->error);
  g_free (reader);
}

/* The next chunk in data and len; FALSE at the end or on a read error. */
static gboolean
read_chunk (KtJsonReader *r)
{
  gssize n;

  /* The lines and columns of the chunk before */
  position (r, r->len, &r->line, &r->column);
  r->escape_checked = 0;
  r->number_end = 0;

  if (r->stream == NULL)
    {
      r->data = r->rest;
      r->len = MIN (r->rest_len, BUFFER_SIZE);
      r->rest += r->len;
      r->rest_len -= r->len;
      return r->len > 0;
    }

  r->data = r->buffer;
  r->len = 0;
  n = g_input_stream_read (r->stream, r->buffer, BUFFER_SIZE, r->cancellable, &r->error);
  if (n <= 0)
    return FALSE;
  r->len = n;

  return TRUE;
}

/* A UTF-8 byte order mark is allowed before the document. */
static void
skip_bom (KtJsonReader *r)
{
  static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

  if (r->len >= sizeof bom && memcmp (r->data, bom, sizeof bom) == 0)
    {
      r->data += sizeof bom;
      r->len -= sizeof bom;
    }
}

/* Parses chunks until tokens are queued, the document ends or an error. */
static void
feed (KtJsonReader *r)
{
  g_array_set_size (r->queue, 0);
  g_string_truncate (r->text, 0);
  r->next = 0;

  while (r->queue->len == 0 && r->error == NULL && !r->fed_all)
    {
      yajl_status status;

      if (!read_chunk (r))
        {
          if (r->error != NULL)
            return;
          r->fed_all = TRUE;
          status = yajl_complete_parse (r->yajl);
          if (status == yajl_status_ok)
            queue (r, KT_JSON_END);
          else if (!r->any_content && status == yajl_status_error)
            fail_at (r, r->len, KT_JSON_READER_ERROR_EMPTY,
                     _("there is nothing but white space"));
          else if (status == yajl_status_error)
            fail_at (r, r->len, KT_JSON_READER_ERROR_SYNTAX, _("the file ends too early"));
          return;
        }

      if (!r->started)
        {
          r->started = TRUE;
          skip_bom (r);
        }
      for (gsize i = 0; i < r->len && !r->any_content; i++)
        r->any_content = !g_ascii_isspace (r->data[i]);

      status = yajl_parse (r->yajl, r->data, r->len);
      if (status == yajl_status_error)
        fail_yajl (r);
      else if (status == yajl_status_ok)
        {
          gsize bad = check_escapes (r, r->len);

          if (bad < r->len)
            fail_at (r, bad, KT_JSON_READER_ERROR_SYNTAX,
                     _("a backslash must start an escape such as \\n, \\\" or \\u00e9"));
        }

      /* yajl keeps a string or number it has not seen the end of. */
      r->since_token += r->len;
      if (r->since_token > KT_JSON_READER_MAX_STRING + MAX_NUMBER)
        fail_too_long (r, r->len);
    }
}

/**
 * kt_json_reader_next:
 *
 * Reads the next token. Strings and member names are then in
 * kt_json_reader_get_string(), numbers in kt_json_reader_get_double()
 * and friends. %KT_JSON_END comes once the document is complete and only
 * white space follows; anything else after it is an error.
 *
 * Returns: the token, or %KT_JSON_ERROR with @error set
 */
KtJsonToken
kt_json_reader_next (KtJsonReader  *r,
                     GError       **error)
{
  const Queued *queued;

  g_return_val_if_fail (r != NULL, KT_JSON_ERROR);
  g_return_val_if_fail (!r->failed, KT_JSON_ERROR);

  if (r->next == r->queue->len)
    {
      if (r->fed_all && r->error == NULL)
        return KT_JSON_END;
      feed (r);
    }

  if (r->next == r->queue->len)
    {
      r->failed = TRUE;
      g_propagate_error (error, g_steal_pointer (&r->error));
      return KT_JSON_ERROR;
    }

  queued = &g_array_index (r->queue, Queued, r->next++);
  r->string = r->text->str + queued->offset;
  r->string_len = queued->length;
  if (queued->token == KT_JSON_BEGIN_OBJECT || queued->token == KT_JSON_BEGIN_ARRAY)
    r->depth++;
  else if (queued->token == KT_JSON_END_OBJECT || queued->token == KT_JSON_END_ARRAY)
    r->depth--;

  return queued->token;
}

/**
 * kt_json_reader_skip:
 * @token: the token just read
 *
 * Reads past the rest of the value that @token began: the whole object
 * or array, checked but not kept. For any other token there is nothing
 * left to read.
 */
gboolean
kt_json_reader_skip (KtJsonReader  *r,
                     KtJsonToken    token,
                     GError       **error)
{
  guint depth;

  g_return_val_if_fail (r != NULL, FALSE);

  if (token == KT_JSON_ERROR)
    return FALSE;
  if (token != KT_JSON_BEGIN_OBJECT && token != KT_JSON_BEGIN_ARRAY)
    return TRUE;

  for (depth = 1; depth > 0;)
    {
      switch (kt_json_reader_next (r, error))
        {
        case KT_JSON_BEGIN_OBJECT:
        case KT_JSON_BEGIN_ARRAY:
          depth++;
          break;
        case KT_JSON_END_OBJECT:
        case KT_JSON_END_ARRAY:
          depth--;
          break;
        case KT_JSON_ERROR:
          return FALSE;
        default:
          break;
        }
    }

  return TRUE;
}

/**
 * kt_json_reader_get_string:
 * @length: (out) (optional): its length in bytes, which is more than
 *   strlen() when the text held an escaped NUL (\u0000)
 *
 * Returns: the last string or member name read, decoded, valid UTF-8
 */
const char *
kt_json_reader_get_string (KtJsonReader *r,
                           gsize        *length)
{
  g_return_val_if_fail (r != NULL, NULL);

  if (length != NULL)
    *length = r->string_len;
  return r->string != NULL ? r->string : "";
}

/**
 * kt_json_reader_get_number_text:
 *
 * Returns: the last number read, exactly as the file has it
 */
const char *
kt_json_reader_get_number_text (KtJsonReader *r)
{
  g_return_val_if_fail (r != NULL, NULL);

  return r->string != NULL ? r->string : "";
}

/**
 * kt_json_reader_get_double:
 *
 * Returns: the last number read, as the nearest double; ±infinity when it
 *   is beyond the doubles, as 1e999
 */
double
kt_json_reader_get_double (KtJsonReader *r)
{
  g_return_val_if_fail (r != NULL, 0.0);

  return g_ascii_strtod (kt_json_reader_get_number_text (r), NULL);
}

/**
 * kt_json_reader_get_int64:
 *
 * Returns: whether the last number was written as a whole number (no
 *   fraction, no exponent) that fits in 64 bits, and then @value is it
 */
gboolean
kt_json_reader_get_int64 (KtJsonReader *r,
                          gint64       *value)
{
  const char *text;
  char *end;

  g_return_val_if_fail (r != NULL, FALSE);

  text = kt_json_reader_get_number_text (r);
  if (strpbrk (text, ".eE") != NULL)
    return FALSE;

  errno = 0;
  *value = g_ascii_strtoll (text, &end, 10);
  return errno == 0 && end != text && *end == '\0';
}

/**
 * kt_json_reader_get_depth:
 *
 * Returns: how many objects and arrays are open: 1 inside the root one,
 *   0 before it and after it
 */
guint
kt_json_reader_get_depth (KtJsonReader *r)
{
  g_return_val_if_fail (r != NULL, 0);

  return r->depth;
}
