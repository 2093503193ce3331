/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict JSON pull reader: it hands out one token at a time, from a
 * buffer or a stream read 64 KiB at a time, so a document of any size is
 * read in constant memory (one string at a time is kept, decoded).
 *
 * It exists because json-glib 1.6 is lenient where a file from elsewhere
 * must not be: it accepts hexadecimal numbers, single-quoted strings,
 * comments and a second document after the first; it cuts strings at an
 * escaped NUL; it wraps integers beyond 64 bits; it recurses once per
 * nesting level without a limit; and it builds the whole tree, many times
 * the size of the text. This reader takes RFC 8259 as it is: anything
 * else is an error that says where (line and column) and what, and the
 * caller learns the exact text of each number and the exact bytes of each
 * string (an escaped NUL included, for it to refuse).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "kt-json-reader.h"

#define BUFFER_SIZE (64 * 1024)
/* Longer numbers are no number a program writes. */
#define MAX_NUMBER  1024
/* Of a word that is not a JSON value, this much goes in the message. */
#define MAX_WORD    32

typedef enum
{
  EXPECT_VALUE,
  EXPECT_FIRST_ELEMENT,  /* after '[': a value or ']' */
  EXPECT_FIRST_MEMBER,   /* after '{': a name or '}' */
  EXPECT_MEMBER,         /* after ',' in an object */
  EXPECT_COLON,
  EXPECT_SEPARATOR,      /* after a value: ',' or the end of its container */
  EXPECT_END,            /* the document is over */
  EXPECT_NOTHING,        /* after an error */
} Expect;

struct _KtJsonReader
{
  const guint8 *data;
  gsize         pos;
  gsize         len;
  gboolean      eof;        /* no more than data[pos…len) */

  GInputStream *stream;     /* or NULL for a buffer */
  GCancellable *cancellable;
  guint8       *buffer;
  GError       *read_error;

  GByteArray   *stack;      /* '{' or '[' per open container */
  guint         max_depth;
  Expect        expect;
  gboolean      started;

  GString      *string;     /* the last string or member name, decoded */
  GString      *number;     /* the last number, as written */
  guint         line;
  guint         column;
};

G_DEFINE_QUARK (kt-json-reader-error-quark, kt_json_reader_error)

static KtJsonReader *
reader_new (guint max_depth)
{
  KtJsonReader *reader = g_new0 (KtJsonReader, 1);

  reader->stack = g_byte_array_new ();
  reader->max_depth = max_depth;
  reader->expect = EXPECT_VALUE;
  reader->string = g_string_new (NULL);
  reader->number = g_string_new (NULL);
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
  reader->data = (const guint8 *) data;
  reader->len = length;
  reader->eof = TRUE;

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
  reader->data = reader->buffer;

  return reader;
}

void
kt_json_reader_free (KtJsonReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_free (reader->buffer);
  g_clear_error (&reader->read_error);
  g_byte_array_unref (reader->stack);
  g_string_free (reader->string, TRUE);
  g_string_free (reader->number, TRUE);
  g_free (reader);
}

/* ---- bytes --------------------------------------------------------------- */

static gboolean
fill (KtJsonReader *r)
{
  gssize n;

  if (r->eof)
    return FALSE;

  n = g_input_stream_read (r->stream, r->buffer, BUFFER_SIZE, r->cancellable, &r->read_error);
  if (n <= 0)
    {
      r->eof = TRUE;
      return FALSE;
    }
  r->pos = 0;
  r->len = n;

  return TRUE;
}

/* The next byte, or -1 at the end (or a read error). */
static inline int
peek (KtJsonReader *r)
{
  if (r->pos == r->len && !fill (r))
    return -1;

  return r->data[r->pos];
}

static inline void
advance (KtJsonReader *r)
{
  guint8 c = r->data[r->pos++];

  if (c == '\n')
    {
      r->line++;
      r->column = 1;
    }
  else if ((c & 0xC0) != 0x80)
    r->column++;
}

static int
skip_white_space (KtJsonReader *r)
{
  int c;

  while ((c = peek (r)) == ' ' || c == '\t' || c == '\n' || c == '\r')
    advance (r);

  return c;
}

/* ---- errors ------------------------------------------------------------ */

static KtJsonToken
fail (KtJsonReader      *r,
      GError           **error,
      KtJsonReaderError  code,
      const char        *problem)
{
  r->expect = EXPECT_NOTHING;

  if (r->read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->read_error));
      return KT_JSON_ERROR;
    }

  g_set_error (error, KT_JSON_READER_ERROR, code,
               /* Translators: where in a file, then what is wrong there. */
               _("line %u, column %u: %s"), r->line, r->column, problem);
  return KT_JSON_ERROR;
}

/* Whether @c goes on a word or number that is not JSON, as 0x1F or NaN. */
static gboolean
is_word_char (int c)
{
  return c >= 0 && (g_ascii_isalnum (c) || c == '_' || c == '.' || c == '+' || c == '-');
}

/* Collects the letters and digits from here on, for a message. */
static char *
read_word (KtJsonReader *r)
{
  g_autoptr(GString) word = g_string_new (NULL);
  int c;

  while (is_word_char (c = peek (r)))
    {
      if (word->len < MAX_WORD)
        g_string_append_c (word, c);
      advance (r);
    }
  if (word->len == MAX_WORD)
    g_string_append (word, "…");

  return g_string_free (g_steal_pointer (&word), FALSE);
}

static KtJsonToken
fail_unexpected (KtJsonReader  *r,
                 GError       **error,
                 int            c)
{
  g_autofree char *problem = NULL;

  if (c < 0)
    return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, _("the file ends too early"));
  if (c == '\'')
    return fail (r, error, KT_JSON_READER_ERROR_SYNTAX,
                 _("strings must be in double quotes (\"), not single ones"));
  if (c == '/')
    return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, _("JSON has no comments"));

  if (is_word_char (c) && c != '-')
    {
      guint line = r->line, column = r->column;
      g_autofree char *word = read_word (r);

      r->line = line;
      r->column = column;
      /* Translators: %s is a word such as NaN or True found in a file */
      problem = g_strdup_printf (_("“%s” is not a JSON value"), word);
    }
  else if (c >= 0x20 && c < 0x7f)
    /* Translators: %c is a character found in a file */
    problem = g_strdup_printf (_("unexpected “%c”"), c);
  else
    /* Translators: %02X is the hexadecimal value of a byte found in a file */
    problem = g_strdup_printf (_("unexpected byte 0x%02X"), (guint) c);

  return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, problem);
}

/* Something else than @what: a comment, a single quote or the end are
 * named as such. */
static KtJsonToken
fail_expected (KtJsonReader  *r,
               GError       **error,
               int            c,
               const char    *what)
{
  if (c < 0 || c == '/' || c == '\'')
    return fail_unexpected (r, error, c);

  return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, what);
}

/* ---- values ------------------------------------------------------------ */

static int
hex_digit (int c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static gboolean
read_hex4 (KtJsonReader *r,
           gunichar     *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_digit (peek (r));

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + digit;
      advance (r);
    }

  return TRUE;
}

/* After the backslash of an escape. */
static gboolean
read_escape (KtJsonReader *r)
{
  static const char simple[] = "\"\\/bfnrt";
  static const char meaning[] = "\"\\/\b\f\n\r\t";
  int c = peek (r);
  const char *found = c > 0 ? strchr (simple, c) : NULL;
  gunichar code, low;

  if (found != NULL)
    {
      advance (r);
      g_string_append_c (r->string, meaning[found - simple]);
      return TRUE;
    }

  if (c != 'u')
    return FALSE;
  advance (r);
  if (!read_hex4 (r, &code))
    return FALSE;

  /* A code point beyond the first plane comes as a surrogate pair. */
  if (code >= 0xDC00 && code <= 0xDFFF)
    return FALSE;
  if (code >= 0xD800 && code <= 0xDBFF)
    {
      if (peek (r) != '\\')
        return FALSE;
      advance (r);
      if (peek (r) != 'u')
        return FALSE;
      advance (r);
      if (!read_hex4 (r, &low) || low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }

  g_string_append_unichar (r->string, code);
  return TRUE;
}

/* Unescaped bytes must be UTF-8: each run between escapes is checked
 * (escapes make valid UTF-8 themselves, NUL included, which
 * g_utf8_validate_len() would refuse). */
static gboolean
run_is_utf8 (KtJsonReader *r,
             gsize         start)
{
  return g_utf8_validate_len (r->string->str + start, r->string->len - start, NULL);
}

/* At the opening quote. */
static KtJsonToken
read_string (KtJsonReader  *r,
             GError       **error,
             KtJsonToken    token)
{
  gsize run_start = 0;

  g_string_truncate (r->string, 0);
  advance (r);

  for (;;)
    {
      int c = peek (r);
      gsize start = r->pos;

      /* Plain text in one go. */
      while (r->pos < r->len && r->data[r->pos] != '"' && r->data[r->pos] != '\\' &&
             r->data[r->pos] >= 0x20)
        {
          if ((r->data[r->pos] & 0xC0) != 0x80)
            r->column++;
          r->pos++;
        }
      if (r->pos > start)
        {
          g_string_append_len (r->string, (const char *) r->data + start, r->pos - start);
          if (r->string->len > KT_JSON_READER_MAX_STRING)
            {
              g_autofree char *size = g_format_size_full (KT_JSON_READER_MAX_STRING,
                                                          G_FORMAT_SIZE_IEC_UNITS);
              g_autofree char *problem =
                /* Translators: %s is a size such as 512 MiB */
                g_strdup_printf (_("a text longer than %s"), size);

              return fail (r, error, KT_JSON_READER_ERROR_TOO_LONG, problem);
            }
          continue;
        }

      if (c < 0)
        return fail_unexpected (r, error, c);
      if (c == '"' || c == '\\')
        {
          if (!run_is_utf8 (r, run_start))
            return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, _("the text is not valid UTF-8"));
          advance (r);
          if (c == '"')
            break;
          if (!read_escape (r))
            return fail (r, error, KT_JSON_READER_ERROR_SYNTAX,
                         _("a backslash must start an escape such as \\n, \\\" or \\u00e9"));
          run_start = r->string->len;
          continue;
        }

      return fail (r, error, KT_JSON_READER_ERROR_SYNTAX,
                   _("a text holds a control character, which must be written as an escape "
                     "such as \\n"));
    }

  return token;
}

static gboolean
append_digits (KtJsonReader *r)
{
  gsize start = r->number->len;
  int c;

  while ((c = peek (r)) >= '0' && c <= '9' && r->number->len <= MAX_NUMBER)
    {
      g_string_append_c (r->number, c);
      advance (r);
    }

  return r->number->len > start;
}

/* At the '-' or first digit. */
static KtJsonToken
read_number (KtJsonReader  *r,
             GError       **error)
{
  guint line = r->line, column = r->column;
  gboolean valid = TRUE;
  int c;

  g_string_truncate (r->number, 0);
  if (peek (r) == '-')
    {
      g_string_append_c (r->number, '-');
      advance (r);
    }

  /* No leading zeros: "01" is not a JSON number. */
  if (peek (r) == '0')
    {
      g_string_append_c (r->number, '0');
      advance (r);
    }
  else
    valid = append_digits (r);

  if (valid && peek (r) == '.')
    {
      g_string_append_c (r->number, '.');
      advance (r);
      valid = append_digits (r);
    }
  if (valid && ((c = peek (r)) == 'e' || c == 'E'))
    {
      g_string_append_c (r->number, c);
      advance (r);
      if ((c = peek (r)) == '+' || c == '-')
        {
          g_string_append_c (r->number, c);
          advance (r);
        }
      valid = append_digits (r);
    }

  if (r->number->len > MAX_NUMBER)
    return fail (r, error, KT_JSON_READER_ERROR_TOO_LONG,
                 _("a number of more than 1024 characters"));

  /* 0x1F, 1.5.2, 2e, -Infinity: say what was there. */
  if (!valid || is_word_char (peek (r)))
    {
      g_autofree char *rest = read_word (r);
      g_autofree char *problem = NULL;

      g_string_append (r->number, rest);
      r->line = line;
      r->column = column;
      /* Translators: %s is what a file holds where a number should be, as 0x1F */
      problem = g_strdup_printf (_("“%s” is not a JSON number"), r->number->str);
      return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, problem);
    }

  return KT_JSON_NUMBER;
}

/* true, false and null; any other word is an error. */
static KtJsonToken
read_literal (KtJsonReader  *r,
              GError       **error)
{
  static const char * const words[] = { "true", "false", "null" };
  static const KtJsonToken tokens[] = { KT_JSON_TRUE, KT_JSON_FALSE, KT_JSON_NULL };
  guint line = r->line, column = r->column;
  g_autofree char *word = read_word (r);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (word, words[i]))
      return tokens[i];

  r->line = line;
  r->column = column;
  {
    g_autofree char *problem = g_strdup_printf (_("“%s” is not a JSON value"), word);

    return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, problem);
  }
}

static KtJsonToken
open_container (KtJsonReader  *r,
                GError       **error,
                guint8         bracket)
{
  if (r->stack->len >= r->max_depth)
    {
      g_autofree char *problem =
        g_strdup_printf (ngettext ("nested more than %u level deep",
                                   "nested more than %u levels deep", r->max_depth),
                         r->max_depth);

      return fail (r, error, KT_JSON_READER_ERROR_DEPTH, problem);
    }

  advance (r);
  g_byte_array_append (r->stack, &bracket, 1);
  r->expect = bracket == '{' ? EXPECT_FIRST_MEMBER : EXPECT_FIRST_ELEMENT;

  return bracket == '{' ? KT_JSON_BEGIN_OBJECT : KT_JSON_BEGIN_ARRAY;
}

static KtJsonToken
close_container (KtJsonReader *r)
{
  guint8 bracket = r->stack->data[r->stack->len - 1];

  advance (r);
  g_byte_array_set_size (r->stack, r->stack->len - 1);
  r->expect = EXPECT_SEPARATOR;

  return bracket == '{' ? KT_JSON_END_OBJECT : KT_JSON_END_ARRAY;
}

static KtJsonToken
read_value (KtJsonReader  *r,
            GError       **error,
            int            c)
{
  KtJsonToken token;

  if (c == '{' || c == '[')
    return open_container (r, error, c);
  if (c < 0 && r->stack->len == 0 && r->read_error == NULL)
    return fail (r, error, KT_JSON_READER_ERROR_EMPTY, _("there is nothing but white space"));

  if (c == '"')
    token = read_string (r, error, KT_JSON_STRING);
  else if (c == '-' || (c >= '0' && c <= '9'))
    token = read_number (r, error);
  else if (c >= 'a' && c <= 'z')
    token = read_literal (r, error);
  else
    return fail_unexpected (r, error, c);

  if (token != KT_JSON_ERROR)
    r->expect = EXPECT_SEPARATOR;
  return token;
}

/* A UTF-8 byte order mark is allowed before the document. */
static gboolean
skip_bom (KtJsonReader *r)
{
  static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

  if (peek (r) != bom[0])
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (bom); i++)
    {
      if (peek (r) != bom[i])
        return FALSE;
      r->pos++;
    }

  return TRUE;
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
  gboolean in_object;
  int c;

  g_return_val_if_fail (r != NULL, KT_JSON_ERROR);
  g_return_val_if_fail (r->expect != EXPECT_NOTHING, KT_JSON_ERROR);

  if (!r->started)
    {
      r->started = TRUE;
      if (!skip_bom (r))
        return fail_unexpected (r, error, peek (r));
    }

  for (;;)
    {
      c = skip_white_space (r);

      switch (r->expect)
        {
        case EXPECT_FIRST_ELEMENT:
          if (c == ']')
            return close_container (r);
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          return read_value (r, error, c);

        case EXPECT_FIRST_MEMBER:
          if (c == '}')
            return close_container (r);
          G_GNUC_FALLTHROUGH;
        case EXPECT_MEMBER:
          if (c != '"')
            return fail_expected (r, error, c, _("expected a member name in double quotes"));
          r->expect = EXPECT_COLON;
          return read_string (r, error, KT_JSON_MEMBER);

        case EXPECT_COLON:
          if (c != ':')
            return fail_expected (r, error, c, _("expected “:”"));
          advance (r);
          r->expect = EXPECT_VALUE;
          continue;

        case EXPECT_SEPARATOR:
          if (r->stack->len == 0)
            {
              if (c == '/')
                return fail_unexpected (r, error, c);
              if (c >= 0)
                return fail (r, error, KT_JSON_READER_ERROR_SYNTAX,
                             _("more follows the end of the document"));
              if (r->read_error != NULL)
                return fail (r, error, KT_JSON_READER_ERROR_SYNTAX, NULL);
              r->expect = EXPECT_END;
              return KT_JSON_END;
            }
          in_object = r->stack->data[r->stack->len - 1] == '{';
          if (c == ',')
            {
              advance (r);
              r->expect = in_object ? EXPECT_MEMBER : EXPECT_VALUE;
              continue;
            }
          in_object = r->stack->data[r->stack->len - 1] == '{';
          if (c == (in_object ? '}' : ']'))
            return close_container (r);
          return fail_expected (r, error, c, in_object ? _("expected “,” or “}”")
                                                       : _("expected “,” or “]”"));

        case EXPECT_END:
          return KT_JSON_END;

        case EXPECT_NOTHING:
        default:
          g_assert_not_reached ();
        }
    }
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
    *length = r->string->len;
  return r->string->str;
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

  return r->number->str;
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

  return g_ascii_strtod (r->number->str, NULL);
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
  char *end;

  g_return_val_if_fail (r != NULL, FALSE);

  if (strpbrk (r->number->str, ".eE") != NULL)
    return FALSE;

  errno = 0;
  *value = g_ascii_strtoll (r->number->str, &end, 10);
  return errno == 0 && *end == '\0';
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

  return r->stack->len;
}
