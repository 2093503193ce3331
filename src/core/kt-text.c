/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text rules shared by the parsers, the model and search: how questions
 * are normalised (for duplicates and for stable card ids) and how text is
 * folded for searching (case and ё/е ignored).
 */
#include "config.h"

#include <string.h>

#include "kt-text.h"

/* Casefold and collapse every run of white space into one space. */
static char *
fold_and_collapse (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = g_utf8_casefold (normal != NULL ? normal : "", -1);
  GString *out = g_string_sized_new (strlen (folded));
  gboolean pending_space = FALSE;

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
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (folded));

  /* ё is U+0451 (0xD1 0x91), е is U+0435 (0xD0 0xB5): same byte count is
   * not guaranteed, so copy rather than patch in place. */
  for (const char *p = folded; *p != '\0'; p++)
    {
      if ((guchar) p[0] == 0xD1 && (guchar) p[1] == 0x91)
        {
          g_string_append (out, "\xD0\xB5");
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
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
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *normal = kt_text_normalize_question (question);

  g_checksum_update (sum, (const guchar *) (topic_id != NULL ? topic_id : ""), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) normal, -1);

  return g_strndup (g_checksum_get_string (sum), 16);
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
