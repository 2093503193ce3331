/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text of progress.ini, where the Writer keeps progress when the
 * settings are on a keyfile (see kt-progress-writer.c): the keyfile GLib's
 * backend would write, a group named after the schema path with the keys
 * "cards" and "review-log", each value a GVariant in text form as
 * g_variant_print() writes it:
 *
 *   [io/github/kartoteka/Kartoteka]
 *   cards={'asyncio:3f1c…': (2, 0, 7.5173593254151907, 4.7482847615945714, …, 3, 0), …}
 *   review-log=[('asyncio:3f1c…', 1740043800000000, 3, 0, 0.0), …]
 *
 * so that GLib's backend, and the Kartoteka versions that used it, read it
 * too. Both directions are written here for those two types only, in one
 * pass and without a GVariant in between: g_variant_parse() of a million
 * answers takes 30 s and 1.4 GB, this takes a second and nothing but the
 * text. Values written otherwise (by hand, with type annotations) go to
 * g_variant_parse() all the same.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kt-progress-file.h"

/* ---- reading ----------------------------------------------------------- */

typedef struct
{
  const char         *p;
  const char         *end;
  GString            *string;   /* the last string, decoded */
  gboolean            emit;     /* FALSE for the pass that only checks */
  KtStoredCardFunc    card_func;
  KtStoredAnswerFunc  answer_func;
  gpointer            user_data;
} Scan;

static void
skip_white_space (Scan *s)
{
  while (s->p < s->end && g_ascii_isspace (*s->p))
    s->p++;
}

static gboolean
eat (Scan *s,
     char  c)
{
  skip_white_space (s);
  if (s->p == s->end || *s->p != c)
    return FALSE;

  s->p++;
  return TRUE;
}

static gboolean
scan_hex (Scan     *s,
          guint     n_digits,
          gunichar *value)
{
  *value = 0;
  for (guint i = 0; i < n_digits; i++, s->p++)
    {
      if (s->p == s->end || !g_ascii_isxdigit (*s->p))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (*s->p);
    }

  return g_unichar_validate (*value) && *value != 0;
}

/* A string in single or double quotes, with the escapes of GVariant's
 * text format. */
static gboolean
scan_string (Scan *s)
{
  static const char simple[] = "abfnrtv\\'\"";
  static const char meaning[] = "\a\b\f\n\r\t\v\\'\"";
  char quote;

  skip_white_space (s);
  if (s->p == s->end || (*s->p != '\'' && *s->p != '"'))
    return FALSE;
  quote = *s->p++;
  g_string_truncate (s->string, 0);

  while (s->p < s->end && *s->p != quote)
    {
      const char *run = s->p;
      const char *found;
      gunichar code;

      while (s->p < s->end && *s->p != quote && *s->p != '\\')
        s->p++;
      g_string_append_len (s->string, run, s->p - run);
      if (s->p == s->end || *s->p == quote)
        break;

      if (++s->p == s->end)
        return FALSE;
      found = strchr (simple, *s->p);
      if (found != NULL && *s->p != '\0')
        {
          g_string_append_c (s->string, meaning[found - simple]);
          s->p++;
        }
      else if (*s->p == 'u' || *s->p == 'U')
        {
          guint n_digits = *s->p++ == 'u' ? 4 : 8;

          if (!scan_hex (s, n_digits, &code))
            return FALSE;
          g_string_append_unichar (s->string, code);
        }
      else
        return FALSE;
    }
  if (s->p == s->end)
    return FALSE;
  s->p++;

  return g_utf8_validate_len (s->string->str, s->string->len, NULL);
}

static gboolean
scan_int (Scan   *s,
          gint64  min,
          gint64  max,
          gint64 *value)
{
  char *end;

  skip_white_space (s);
  if (s->p == s->end || !(g_ascii_isdigit (*s->p) || *s->p == '-'))
    return FALSE;

  errno = 0;
  *value = g_ascii_strtoll (s->p, &end, 10);
  if (errno != 0 || end == s->p || end > s->end || *value < min || *value > max)
    return FALSE;
  s->p = end;

  return TRUE;
}

static gboolean
scan_double (Scan   *s,
             double *value)
{
  char *end;

  skip_white_space (s);
  /* Digits only: not "inf" or "nan", which the stored values never are. */
  if (s->p == s->end || !(g_ascii_isdigit (*s->p) || *s->p == '-'))
    return FALSE;

  *value = g_ascii_strtod (s->p, &end);
  if (end == s->p || end > s->end)
    return FALSE;
  s->p = end;

  return TRUE;
}

static gboolean
scan_int32 (Scan *s,
            int  *value)
{
  gint64 wide;

  if (!scan_int (s, G_MININT32, G_MAXINT32, &wide))
    return FALSE;
  *value = wide;

  return TRUE;
}

static gboolean
scan_uint32 (Scan    *s,
             guint32 *value)
{
  gint64 wide;

  if (!scan_int (s, 0, G_MAXUINT32, &wide))
    return FALSE;
  *value = wide;

  return TRUE;
}

/* 'id': (state, step, stability, difficulty, due, last review, reps, lapses) */
static gboolean
scan_card (Scan *s)
{
  KtStoredCard card;

  if (!scan_string (s) || !eat (s, ':') || !eat (s, '(') ||
      !scan_int32 (s, &card.state) || !eat (s, ',') ||
      !scan_int32 (s, &card.step) || !eat (s, ',') ||
      !scan_double (s, &card.stability) || !eat (s, ',') ||
      !scan_double (s, &card.difficulty) || !eat (s, ',') ||
      !scan_int (s, G_MININT64, G_MAXINT64, &card.due_us) || !eat (s, ',') ||
      !scan_int (s, G_MININT64, G_MAXINT64, &card.last_review_us) || !eat (s, ',') ||
      !scan_uint32 (s, &card.reps) || !eat (s, ',') ||
      !scan_uint32 (s, &card.lapses) || !eat (s, ')'))
    return FALSE;

  card.card_id = s->string->str;
  if (s->emit)
    s->card_func (&card, s->user_data);
  return TRUE;
}

/* ('id', time, rating, state before, elapsed days) */
static gboolean
scan_answer (Scan *s)
{
  KtStoredAnswer answer;

  if (!eat (s, '(') || !scan_string (s) || !eat (s, ',') ||
      !scan_int (s, G_MININT64, G_MAXINT64, &answer.time_us) || !eat (s, ',') ||
      !scan_int32 (s, &answer.rating) || !eat (s, ',') ||
      !scan_int32 (s, &answer.state_before) || !eat (s, ',') ||
      !scan_double (s, &answer.elapsed_days) || !eat (s, ')'))
    return FALSE;

  answer.card_id = s->string->str;
  if (s->emit)
    s->answer_func (&answer, s->user_data);
  return TRUE;
}

/* {card, …} or [answer, …], and nothing after it. */
static gboolean
scan_value (Scan     *s,
            char      open,
            char      close,
            gboolean (*scan_element) (Scan *s))
{
  if (!eat (s, open))
    return FALSE;

  if (!eat (s, close))
    {
      do
        if (!scan_element (s))
          return FALSE;
      while (eat (s, ','));
      if (!eat (s, close))
        return FALSE;
    }

  skip_white_space (s);
  return s->p == s->end;
}

/* GLib 2.74's parser hands invalid UTF-8 in a string, and what escapes
 * of surrogates or of code points beyond Unicode make, on to
 * g_variant_new_string(): a critical. Such text is refused first. */
static gboolean
is_parseable (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      gunichar code = 0;
      guint n_digits;

      if (*p != '\\')
        continue;
      if (*++p == '\0')
        break;
      if (*p != 'u' && *p != 'U')
        continue;

      n_digits = *p == 'u' ? 4 : 8;
      for (guint i = 0; i < n_digits && g_ascii_isxdigit (p[1]); i++, p++)
        code = code * 16 + g_ascii_xdigit_value (p[1]);
      if (code == 0 || !g_unichar_validate (code))
        return FALSE;
    }

  return TRUE;
}

/* The value of @key as GVariant text: checked whole first, so that
 * nothing is passed on from a value that turns out unreadable; what this
 * reader does not know goes to g_variant_parse(). */
static gboolean
read_value (const char          *text,
            gsize                length,
            const char          *key,
            KtStoredCardFunc     card_func,
            KtStoredAnswerFunc   answer_func,
            gpointer             user_data,
            GError             **error)
{
  gboolean is_cards = g_str_equal (key, "cards");
  g_autoptr(GString) string = g_string_new (NULL);
  g_autofree char *copy = NULL;
  g_autoptr(GVariant) value = NULL;
  Scan s = { .string = string, .card_func = card_func, .answer_func = answer_func,
             .user_data = user_data };

  for (guint pass = 0; pass < 2; pass++)
    {
      s.p = text;
      s.end = text + length;
      s.emit = pass == 1;
      if (!(is_cards ? scan_value (&s, '{', '}', scan_card)
                     : scan_value (&s, '[', ']', scan_answer)))
        break;
      if (s.emit)
        return TRUE;
    }

  copy = g_strndup (text, length);
  if (!is_parseable (copy))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING,
                   /* Translators: %s is “cards” or “review-log” */
                   _("%s: the text is not valid UTF-8"), key);
      return FALSE;
    }
  value = g_variant_parse (G_VARIANT_TYPE (is_cards ? KT_PROGRESS_CARDS_TYPE : KT_PROGRESS_LOG_TYPE),
                           copy, NULL, NULL, error);
  if (value == NULL)
    {
      g_prefix_error (error, "%s: ", key);
      return FALSE;
    }

  kt_progress_file_read_variant (value, card_func, answer_func, user_data);
  return TRUE;
}

/**
 * kt_progress_file_read_variant:
 * @value: a stored "cards" or "review-log" value
 *
 * Passes each record of @value to @card_func, or each answer to
 * @answer_func.
 */
void
kt_progress_file_read_variant (GVariant           *value,
                               KtStoredCardFunc    card_func,
                               KtStoredAnswerFunc  answer_func,
                               gpointer            user_data)
{
  GVariantIter iter;
  KtStoredCard card;
  KtStoredAnswer answer;

  g_variant_iter_init (&iter, value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_CARDS_TYPE)))
    while (g_variant_iter_next (&iter, "{&s(iiddxxuu)}", &card.card_id, &card.state, &card.step,
                                &card.stability, &card.difficulty, &card.due_us,
                                &card.last_review_us, &card.reps, &card.lapses))
      card_func (&card, user_data);
  else
    while (g_variant_iter_next (&iter, "(&sxiid)", &answer.card_id, &answer.time_us,
                                &answer.rating, &answer.state_before, &answer.elapsed_days))
      answer_func (&answer, user_data);
}

/* The lines of a keyfile: [group] headers, key=value pairs, comments and
 * blank lines. Returns FALSE for anything else. */
static gboolean
find_values (const char  *contents,
             gsize        length,
             const char  *group,
             const char **values,
             gsize       *lengths)
{
  const char *end = contents + length;
  gboolean in_group = FALSE;

  for (const char *line = contents; line < end;)
    {
      const char *line_end = memchr (line, '\n', end - line);
      const char *equals;
      const char *key_end;

      if (line_end == NULL)
        line_end = end;
      while (line < line_end && g_ascii_isspace (*line))
        line++;

      if (line == line_end || *line == '#')
        ;
      else if (*line == '[')
        {
          const char *close = memchr (line, ']', line_end - line);

          if (close == NULL)
            return FALSE;
          in_group = (gsize) (close - line - 1) == strlen (group) &&
                     memcmp (line + 1, group, close - line - 1) == 0;
        }
      else if ((equals = memchr (line, '=', line_end - line)) == NULL)
        return FALSE;
      else if (in_group)
        {
          for (key_end = equals; key_end > line && g_ascii_isspace (key_end[-1]); key_end--)
            ;
          for (guint i = 0; i < 2; i++)
            if ((gsize) (key_end - line) == strlen (i == 0 ? "cards" : "review-log") &&
                memcmp (line, i == 0 ? "cards" : "review-log", key_end - line) == 0)
              {
                values[i] = equals + 1;
                lengths[i] = line_end - values[i];
              }
        }

      line = line_end + 1;
    }

  return TRUE;
}

/**
 * kt_progress_file_read:
 * @contents: (array length=length): the text of progress.ini
 * @group: the group holding the values
 *
 * Passes each record and each answer of @contents on, as stored.
 *
 * Returns: %FALSE with @error set when the file, or a value in it, cannot
 *   be read; what could be read has been passed on
 */
gboolean
kt_progress_file_read (const char          *contents,
                       gsize                length,
                       const char          *group,
                       KtStoredCardFunc     card_func,
                       KtStoredAnswerFunc   answer_func,
                       gpointer             user_data,
                       GError             **error)
{
  const char *values[2] = { NULL, NULL };
  gsize lengths[2] = { 0, 0 };
  gboolean ok = TRUE;

  if (!find_values (contents, length, group, values, lengths))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                   _("this is not a keyfile"));
      return FALSE;
    }

  /* One value that cannot be read does not cost the other. */
  for (guint i = 0; i < 2; i++)
    if (values[i] != NULL &&
        !read_value (values[i], lengths[i], i == 0 ? "cards" : "review-log",
                     card_func, answer_func, user_data, ok ? error : NULL))
      ok = FALSE;

  return ok;
}

/* ---- writing ----------------------------------------------------------- */

/* As g_variant_print() writes a string, in single quotes. */
static void
print_string (GString    *out,
              const char *value)
{
  g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\'': g_string_append (out, "\\'"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '\'');
}

/* All 17 digits, and always a point or an exponent, as
 * g_variant_print() writes a double. */
static void
print_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".e") == NULL)
    g_string_append (out, ".0");
}

/**
 * kt_progress_file_print:
 * @pairs: (array length=n_pairs): the records, sorted by card id
 * @log: KtReviewLogEntry, oldest first
 *
 * Appends the text of progress.ini holding @pairs and @log.
 */
void
kt_progress_file_print (GString              *out,
                        const char           *group,
                        const KtProgressPair *pairs,
                        guint                 n_pairs,
                        GArray               *log)
{
  g_string_append_printf (out, "[%s]\ncards={", group);
  for (guint i = 0; i < n_pairs; i++)
    {
      const KtProgressRecord *record = pairs[i].record;
      const KtFsrsCard *fsrs = &record->fsrs;

      if (i > 0)
        g_string_append (out, ", ");
      print_string (out, pairs[i].card_id);
      g_string_append_printf (out, ": (%d, %d, ", fsrs->state, fsrs->step);
      print_double (out, fsrs->has_memory ? fsrs->stability : 0.0);
      g_string_append (out, ", ");
      print_double (out, fsrs->has_memory ? fsrs->difficulty : 0.0);
      g_string_append_printf (out, ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %u, %u)",
                              fsrs->due_us, fsrs->last_review_us, record->reps, record->lapses);
    }

  g_string_append (out, "}\nreview-log=[");
  for (guint i = 0; i < log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (log, KtReviewLogEntry, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_c (out, '(');
      print_string (out, entry->card_id);
      g_string_append_printf (out, ", %" G_GINT64_FORMAT ", %d, %d, ", entry->time_us,
                              entry->rating, entry->state_before);
      print_double (out, entry->elapsed_days);
      g_string_append_c (out, ')');
    }
  g_string_append (out, "]\n");
}
