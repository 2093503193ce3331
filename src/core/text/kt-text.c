/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text rules shared by the parsers, the model and search: how questions
 * are normalised (for duplicates and for stable card ids) and how text is
 * folded for searching (case and ё/е ignored).
 */
#include "config.h"

#include <string.h>
#include <nettle/sha2.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kt-text.h"

/* Most of our users' text is in a few blocks: ASCII, basic Cyrillic
 * (U+0400–U+045F), the no-break space, « », dashes, quotes and the
 * ellipsis (U+2010–U+2027). There NFC changes nothing and casefolding is
 * a fixed mapping to a character of the same length in bytes, so such
 * text is folded byte by byte, many times faster than through GLib's
 * general Unicode tables (which give the same result). Writes the folded
 * character at @p to @out and returns its length, or 0 for any other
 * character, to be folded the general way. Inlined, with its own ASCII
 * lower-casing (g_ascii_tolower() is a call into GLib): it runs for every
 * character of every question. */
static inline guchar
ascii_lower (guchar c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

G_ALWAYS_INLINE static inline gsize
fold_simple_char (const guchar *p,
                  guchar       *out)
{
  if (p[0] < 0x80)
    {
      out[0] = ascii_lower (p[0]);
      return 1;
    }
  if (p[0] == 0xD0 && p[1] >= 0x80 && p[1] <= 0xBF)
    {
      if (p[1] <= 0x8F)          /* Ѐ…Џ → ѐ…џ */
        out[0] = 0xD1, out[1] = p[1] + 0x10;
      else if (p[1] <= 0x9F)     /* А…П → а…п */
        out[0] = 0xD0, out[1] = p[1] + 0x20;
      else if (p[1] <= 0xAF)     /* Р…Я → р…я */
        out[0] = 0xD1, out[1] = p[1] - 0x20;
      else                       /* а…п */
        out[0] = 0xD0, out[1] = p[1];
      return 2;
    }
  if ((p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x9F) ||                     /* р…џ */
      (p[0] == 0xC2 && (p[1] == 0xA0 || p[1] == 0xAB || p[1] == 0xBB)))      /* « » */
    {
      out[0] = p[0], out[1] = p[1];
      return 2;
    }
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xA7)        /* ‐ – — “ ” … */
    {
      memcpy (out, p, 3);
      return 3;
    }

  return 0;
}

/* White space as g_unichar_isspace() sees it, among ASCII. */
static inline gboolean
is_ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* fold_and_collapse() for simple text only: NULL if there is other text.
 * ASCII, half of every question, is handled first, a byte at a time. */
static char *
fold_and_collapse_simple (const char *text)
{
  const guchar *p = (const guchar *) text;
  guchar *out = g_malloc (strlen (text) + 1);
  guchar *w = out;
  gboolean pending_space = FALSE;

  while (*p != '\0')
    {
      gboolean space;
      gsize len;

      if (*p < 0x80)
        {
          space = is_ascii_space (*p);
          if (!space)
            {
              if (pending_space)
                *w++ = ' ';
              *w++ = ascii_lower (*p);
            }
          len = 1;
        }
      else
        {
          /* Folded straight into place, after the pending space. The
           * output is never ahead of the input (a pending space stands
           * for at least one byte read), so this stays in the buffer. */
          guchar *dest = w + (pending_space ? 1 : 0);

          len = fold_simple_char (p, dest);
          if (len == 0)
            {
              g_free (out);
              return NULL;
            }
          space = p[0] == 0xC2 && p[1] == 0xA0;   /* no-break space */
          if (!space)
            {
              if (pending_space)
                *w = ' ';
              w = dest + len;
            }
        }

      pending_space = space ? w > out : FALSE;
      p += len;
    }
  *w = '\0';

  return (char *) out;
}

/* Casefold and collapse every run of white space into one space. */
static char *
fold_and_collapse (const char *text)
{
  char *simple = fold_and_collapse_simple (text);
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (simple != NULL)
    return simple;

  normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  folded = g_utf8_casefold (normal != NULL ? normal : "", -1);
  out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* "(вариант 3)" / "(variant 3)" at the end marks a rewording of the same
 * question in our users' notes, not a new card. */
static void
strip_variant_suffix (char *q)
{
  static const char *const words[] = { "(вариант", "(variant" };
  gsize len = strlen (q);

  if (len == 0 || q[len - 1] != ')')
    return;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      char *open = g_strrstr (q, words[i]);
      const char *p;

      if (open == NULL)
        continue;
      p = open + strlen (words[i]);
      while (*p == ' ')
        p++;
      if (!g_ascii_isdigit (*p))
        continue;
      while (g_ascii_isdigit (*p))
        p++;
      while (*p == ' ')
        p++;
      if (p[0] != ')' || p[1] != '\0')
        continue;

      while (open > q && open[-1] == ' ')
        open--;
      *open = '\0';
      return;
    }
}

/**
 * kt_text_normalize_question:
 *
 * Casefolded, white space collapsed and trimmed, a trailing variant suffix
 * removed. Two questions are the same card when these are equal.
 */
char *
kt_text_normalize_question (const char *question)
{
  char *q = fold_and_collapse (question != NULL ? question : "");

  strip_variant_suffix (q);
  return q;
}

char *
kt_text_normalize_answer (const char *answer)
{
  return fold_and_collapse (answer != NULL ? answer : "");
}

/**
 * kt_text_fold_for_search:
 *
 * Casefolded, with ё folded to е (Russian writers use them
 * interchangeably), so "ЁЛКА" finds "елка".
 */
char *
kt_text_fold_for_search (const char *text)
{
  const guchar *p = (const guchar *) (text != NULL ? text : "");
  GString *out = g_string_sized_new (strlen ((const char *) p));
  char *folded;

  while (*p != '\0')
    {
      guchar simple[3];
      gsize len = fold_simple_char (p, simple);
      const guchar *run;

      if (len > 0)
        {
          g_string_append_len (out, (const char *) simple, len);
          p += len;
          continue;
        }

      /* A run of other characters, folded the general way. */
      for (run = p; *p != '\0' && fold_simple_char (p, simple) == 0; )
        p = (const guchar *) g_utf8_find_next_char ((const char *) p, NULL);
      {
        g_autofree char *general = g_utf8_casefold ((const char *) run, p - run);

        g_string_append (out, general);
      }
    }

  /* ё is U+0451 (0xD1 0x91), е is U+0435 (0xD0 0xB5): the same length,
   * so it is replaced in place. */
  for (char *c = out->str; (c = strchr (c, 0xD1)) != NULL; c++)
    if ((guchar) c[1] == 0x91)
      c[0] = (char) 0xD0, c[1] = (char) 0xB5;

  /* Every card keeps its key: no spare room from GString's doubling. */
  folded = g_string_free (out, FALSE);
  return g_realloc (folded, strlen (folded) + 1);
}

/**
 * kt_text_folds_to:
 * @folded: text as kt_text_fold_for_search() returns it
 *
 * Whether kt_text_fold_for_search (@text) is @folded, without allocating
 * for text of the common scripts: the markdown parser asks this of every
 * bold run that could be a label.
 */
gboolean
kt_text_folds_to (const char *text,
                  const char *folded)
{
  const guchar *p = (const guchar *) text;
  const guchar *q = (const guchar *) folded;

  while (*p != '\0')
    {
      guchar simple[3];
      gsize len = fold_simple_char (p, simple);

      if (len == 0)
        {
          g_autofree char *general = kt_text_fold_for_search (text);

          return strcmp (general, folded) == 0;
        }
      /* ё → е, as kt_text_fold_for_search() does. */
      if (simple[0] == 0xD1 && simple[1] == 0x91)
        simple[0] = 0xD0, simple[1] = 0xB5;
      for (gsize i = 0; i < len; i++)
        if (*q++ != simple[i])
          return FALSE;
      p += len;
    }

  return *q == '\0';
}

/* How many of the eight bytes of @word (in memory order) are ASCII other
 * than NUL and whole two-byte sequences (U+0080–U+07FF: Cyrillic, Greek,
 * accented Latin) — 8, or 7 when the last byte starts a sequence that
 * goes on in the next word — or 0 if the word holds anything else. Bit 7
 * of each byte of the masks below stands for that byte. */
static inline guint
plain_word_length (guint64 word)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 low7 = G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F);
  guint64 w = GUINT64_FROM_LE (word);
  guint64 lead = w & (w << 1) & high;              /* 11xxxxxx */
  guint64 cont = w & ~(w << 1) & high;             /* 10xxxxxx */
  guint64 long_lead = lead & (w << 2);             /* 111xxxxx: 3, 4 bytes */
  /* C0 and C1 (overlong) are the leads with bits 1–4 clear. */
  guint64 lead_ok = ((w & G_GUINT64_CONSTANT (0x1E1E1E1E1E1E1E1E)) + low7) & high;
  guint64 nonzero = (((w & low7) + low7) | w) & high;

  if (long_lead != 0 || (lead << 8) != cont || (lead & ~lead_ok) != 0 || nonzero != high)
    return 0;

  return 8 - (guint) (lead >> 63);
}

/* plain_word_length() for the sixteen bytes at @p: 16, 15, or less when
 * the first word alone is plain. With SSE2 (every x86-64) one vector
 * check, the same tests byte by byte. */
static inline guint
plain_block_length (const guchar *p)
{
#ifdef __SSE2__
  __m128i v = _mm_loadu_si128 ((const __m128i *) p);
  __m128i zero = _mm_setzero_si128 ();
  __m128i top3 = _mm_and_si128 (v, _mm_set1_epi8 ((char) 0xE0));
  __m128i lead = _mm_cmpeq_epi8 (top3, _mm_set1_epi8 ((char) 0xC0));          /* 110xxxxx */
  __m128i cont = _mm_cmpeq_epi8 (_mm_and_si128 (v, _mm_set1_epi8 ((char) 0xC0)),
                                 _mm_set1_epi8 ((char) 0x80));                 /* 10xxxxxx */
  __m128i bad = _mm_or_si128 (_mm_cmpeq_epi8 (v, zero),
                              _mm_cmpeq_epi8 (top3, _mm_set1_epi8 ((char) 0xE0)));
  int lead_mask;

  /* C0 and C1 (overlong) */
  bad = _mm_or_si128 (bad, _mm_cmpeq_epi8 (_mm_and_si128 (v, _mm_set1_epi8 ((char) 0xFE)),
                                           _mm_set1_epi8 ((char) 0xC0)));
  /* Each lead byte is followed by a continuation byte, and only those are. */
  bad = _mm_or_si128 (bad, _mm_xor_si128 (_mm_slli_si128 (lead, 1), cont));
  if (_mm_movemask_epi8 (bad) != 0)
    {
      guint64 w;

      memcpy (&w, p, 8);
      return plain_word_length (w);
    }
  lead_mask = _mm_movemask_epi8 (lead);

  return 16 - ((lead_mask >> 15) & 1);
#else
  guint64 w;
  guint n;

  memcpy (&w, p, 8);
  n = plain_word_length (w);
  if (n == 8)
    {
      memcpy (&w, p + 8, 8);
      n += plain_word_length (w);
    }

  return n;
#endif
}

static inline gboolean
is_continuation (guchar c)
{
  return (c & 0xC0) == 0x80;
}

/**
 * kt_text_validate_utf8:
 * @end: (out): where the first invalid (or truncated) sequence starts
 *
 * g_utf8_validate_len(), with the same answer and the same @end (NUL is
 * invalid, so are overlong forms, surrogates and code points past
 * U+10FFFF), but several times faster on our decks: ASCII and two-byte
 * letters (Cyrillic), mixed, are checked sixteen bytes at a time. GLib's
 * validator was a tenth of a markdown parse and a quarter of a Q&A one.
 */
gboolean
kt_text_validate_utf8 (const char  *text,
                       gsize        len,
                       const char **end)
{
  const guchar *p = (const guchar *) text;
  const guchar *stop = p + len;

  while (p < stop)
    {
      guchar c = p[0];

      if (stop - p >= 16)
        {
          guint n = plain_block_length (p);

          if (n > 0)
            {
              p += n;
              continue;
            }
        }
      else if (stop - p >= 8)
        {
          guint64 w;
          guint n;

          memcpy (&w, p, 8);
          n = plain_word_length (w);
          if (n > 0)
            {
              p += n;
              continue;
            }
        }

      if (c < 0x80)
        {
          if (c == 0)
            break;
          p++;
        }
      else if (c >= 0xC2 && c <= 0xDF)
        {
          if (stop - p < 2 || !is_continuation (p[1]))
            break;
          p += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          /* E0 needs A0–BF next (no overlong forms), ED 80–9F (no surrogates). */
          guchar lo = c == 0xE0 ? 0xA0 : 0x80;
          guchar hi = c == 0xED ? 0x9F : 0xBF;

          if (stop - p < 3 || p[1] < lo || p[1] > hi || !is_continuation (p[2]))
            break;
          p += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          /* F0 needs 90–BF next (no overlong forms), F4 80–8F (≤ U+10FFFF). */
          guchar lo = c == 0xF0 ? 0x90 : 0x80;
          guchar hi = c == 0xF4 ? 0x8F : 0xBF;

          if (stop - p < 4 || p[1] < lo || p[1] > hi ||
              !is_continuation (p[2]) || !is_continuation (p[3]))
            break;
          p += 4;
        }
      else
        break;
    }

  if (end != NULL)
    *end = (const char *) p;

  return p == stop;
}

/**
 * kt_text_card_id:
 *
 * A card's id: the first 16 hex digits of SHA-256 over the topic id, a
 * newline and the normalised question. Editing the answer, reordering
 * cards or re-importing the deck keeps the id, and so the progress.
 */
char *
kt_text_card_id (const char *topic_id,
                 const char *question)
{
  g_autofree char *normal = kt_text_normalize_question (question);

  return kt_text_card_id_normalized (topic_id, normal);
}

/**
 * kt_text_card_id_normalized:
 * @normal_question: a question as kt_text_normalize_question() returns it
 *
 * kt_text_card_id() for a parser that has normalised the question already.
 */
char *
kt_text_card_id_normalized (const char *topic_id,
                            const char *normal_question)
{
  char id[KT_TEXT_CARD_ID_SIZE];

  kt_text_card_id_into (topic_id, normal_question, id);
  return g_strdup (id);
}

/**
 * kt_text_card_id_into:
 * @id: (out caller-allocates): room for the id and its NUL
 *
 * kt_text_card_id_normalized() into a buffer of the caller's: a parser
 * makes one per card and only needs it until the card has copied it.
 */
void
kt_text_card_id_into (const char *topic_id,
                      const char *normal_question,
                      char        id[KT_TEXT_CARD_ID_SIZE])
{
  struct sha256_ctx sum;
  guint8 digest[(KT_TEXT_CARD_ID_SIZE - 1) / 2];

  if (topic_id == NULL)
    topic_id = "";
  /* nettle rather than GChecksum: a quarter of the time per card (it
   * uses the SHA instructions), and no allocation */
  sha256_init (&sum);
  sha256_update (&sum, strlen (topic_id), (const guint8 *) topic_id);
  sha256_update (&sum, 1, (const guint8 *) "\n");
  sha256_update (&sum, strlen (normal_question), (const guint8 *) normal_question);
  sha256_digest (&sum, sizeof digest, digest);

  for (guint i = 0; i < (KT_TEXT_CARD_ID_SIZE - 1) / 2; i++)
    {
      id[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      id[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xF];
    }
  id[KT_TEXT_CARD_ID_SIZE - 1] = '\0';
}

/**
 * kt_text_slugify:
 *
 * Lower-case letters and digits (any script) joined by single dashes:
 * "Python asyncio: Основы" → "python-asyncio-основы". Used for topic ids.
 */
char *
kt_text_slugify (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          dash = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        dash = TRUE;
    }

  return g_string_free (out, FALSE);
}
