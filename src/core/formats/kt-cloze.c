/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cloze deletions as Anki writes them, for Anki's cloze notes and for our
 * own decks alike: {{c1::text}} hides "text" on card 1, {{c2::text::hint}}
 * hides it on card 2 and shows "[hint]" in its place. A note makes one card
 * per number; the same number in several places is one card hiding all of
 * them. On the card for number N:
 *
 *   question  the clozes numbered N as "[…]" (or "[hint]"), the others as
 *             their plain text;
 *   answer    the whole text, the clozes numbered N in **bold**.
 *
 * Bold, not a highlight mark: the card view renders CommonMark, which has
 * none. Clozes may nest ({{c1::a {{c2::b}}}}); an opening without its "}}"
 * and a "}}" without an opening stay as they are written.
 *
 * Two passes, both linear: the first pairs every "{{cN::" with its "}}"
 * and finds its "::hint"; the second writes one card's text, jumping over
 * what that card hides.
 */
#include "config.h"

#include <string.h>

#include "kt-cloze.h"

typedef struct {
  gsize open;      /* the "{{" */
  gsize content;   /* just after "{{cN::" */
  gsize hint;      /* the "::" before the hint, or the close */
  gsize close;     /* the "}}" */
  guint number;
  gboolean closed;
} Cloze;

/* "{{cN::" at @p: its number, and the length of the opening. */
static gsize
match_open (const char *text,
            gsize       len,
            gsize       p,
            guint      *number)
{
  gsize i = p + 3;
  guint n = 0;

  if (p + 3 > len || text[p] != '{' || text[p + 1] != '{' ||
      (text[p + 2] != 'c' && text[p + 2] != 'C'))
    return 0;
  while (i < len && g_ascii_isdigit (text[i]) && n <= KT_CLOZE_MAX_NUMBER)
    n = n * 10 + (text[i++] - '0');
  if (i == p + 3 || n == 0 || n > KT_CLOZE_MAX_NUMBER)
    return 0;
  if (i + 2 > len || text[i] != ':' || text[i + 1] != ':')
    return 0;

  *number = n;
  return i + 2 - p;
}

/* Every paired cloze of @text, in the order they open. */
static GArray *
find_clozes (const char *text,
             gsize       len)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (Cloze));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  guint kept = 0;

  for (gsize p = 0; p + 1 < len;)
    {
      guint number = 0;
      gsize n = match_open (text, len, p, &number);

      if (n > 0)
        {
          Cloze cloze = { .open = p, .content = p + n, .hint = G_MAXSIZE, .number = number };
          guint index = all->len;

          g_array_append_val (all, cloze);
          g_array_append_val (open, index);
          p += n;
        }
      else if (open->len > 0 && text[p] == '}' && text[p + 1] == '}')
        {
          Cloze *cloze = &g_array_index (all, Cloze, g_array_index (open, guint, open->len - 1));

          cloze->close = p;
          cloze->closed = TRUE;
          if (cloze->hint == G_MAXSIZE)
            cloze->hint = p;
          g_array_set_size (open, open->len - 1);
          p += 2;
        }
      else if (open->len > 0 && text[p] == ':' && text[p + 1] == ':')
        {
          Cloze *cloze = &g_array_index (all, Cloze, g_array_index (open, guint, open->len - 1));

          if (cloze->hint == G_MAXSIZE)
            cloze->hint = p;
          p += 2;
        }
      else
        p++;
    }

  for (guint i = 0; i < all->len; i++)
    if (g_array_index (all, Cloze, i).closed)
      g_array_index (all, Cloze, kept++) = g_array_index (all, Cloze, i);
  g_array_set_size (all, kept);

  return all;
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

/**
 * kt_cloze_numbers:
 *
 * The cloze numbers @text uses, each once, in increasing order: one card
 * each. Empty when @text has no cloze.
 *
 * Returns: (transfer full) (element-type guint): the numbers
 */
GArray *
kt_cloze_numbers (const char *text)
{
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) clozes = NULL;
  guint kept = 0;

  if (text == NULL || strstr (text, "{{") == NULL)
    return numbers;

  clozes = find_clozes (text, strlen (text));
  for (guint i = 0; i < clozes->len; i++)
    g_array_append_val (numbers, g_array_index (clozes, Cloze, i).number);
  g_array_sort (numbers, compare_numbers);
  for (guint i = 0; i < numbers->len; i++)
    if (kept == 0 || g_array_index (numbers, guint, kept - 1) != g_array_index (numbers, guint, i))
      g_array_index (numbers, guint, kept++) = g_array_index (numbers, guint, i);
  g_array_set_size (numbers, kept);

  return numbers;
}

/* A cloze being written: where its text stops, where it ends, and where
 * its bold started in the output (G_MAXSIZE when it is not bold). */
typedef struct {
  gsize stop;
  gsize close;
  gsize bold;
} Frame;

/* "**" hugs the text: blanks at the end of a bold cloze go after it, and a
 * bold cloze with no text loses its marks. */
static void
end_bold (GString *out,
          gsize    bold)
{
  gsize end = out->len;
  g_autofree char *blanks = NULL;

  while (end > bold && g_ascii_isspace (out->str[end - 1]))
    end--;
  if (end == bold)
    {
      g_string_erase (out, bold - 2, 2);
      return;
    }
  blanks = g_strdup (out->str + end);
  g_string_truncate (out, end);
  g_string_append (out, "**");
  g_string_append (out, blanks);
}

static char *
render (const char *text,
        guint       number,
        gboolean    answer)
{
  gsize len = strlen (text);
  g_autoptr(GArray) clozes = find_clozes (text, len);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  GString *out = g_string_sized_new (len + 16);
  guint next = 0;
  gsize p = 0;

  while (p < len)
    {
      Frame *top = frames->len > 0 ? &g_array_index (frames, Frame, frames->len - 1) : NULL;
      const Cloze *cloze = next < clozes->len ? &g_array_index (clozes, Cloze, next) : NULL;
      gsize until = len;

      if (top != NULL)
        until = MIN (until, top->stop);
      if (cloze != NULL)
        until = MIN (until, cloze->open);
      g_string_append_len (out, text + p, until - p);
      p = until;

      if (top != NULL && p == top->stop)
        {
          if (top->bold != G_MAXSIZE)
            end_bold (out, top->bold);
          p = top->close + 2;
          g_array_set_size (frames, frames->len - 1);
        }
      else if (cloze != NULL && p == cloze->open)
        {
          next++;
          if (cloze->number == number && !answer)
            {
              if (cloze->hint < cloze->close)
                {
                  g_autofree char *hint = g_strndup (text + cloze->hint + 2,
                                                     cloze->close - cloze->hint - 2);

                  g_string_append_printf (out, "[%s]", g_strstrip (hint));
                }
              else
                g_string_append (out, "[…]");
              p = cloze->close + 2;
            }
          else
            {
              Frame frame = { .stop = cloze->hint, .close = cloze->close, .bold = G_MAXSIZE };

              if (cloze->number == number)
                {
                  p = cloze->content;
                  while (p < frame.stop && g_ascii_isspace (text[p]))
                    g_string_append_c (out, text[p++]);
                  g_string_append (out, "**");
                  frame.bold = out->len;
                }
              else
                p = cloze->content;
              g_array_append_val (frames, frame);
            }
        }

      /* A jump leaves clozes inside what was skipped behind. */
      while (next < clozes->len && g_array_index (clozes, Cloze, next).open < p)
        next++;
    }

  return g_string_free (out, FALSE);
}

/**
 * kt_cloze_question:
 * @number: a cloze number of @text
 *
 * The question of @text's card @number: its clozes numbered @number hidden
 * as "[…]" or "[hint]", the others as plain text.
 *
 * Returns: (transfer full): the question
 */
char *
kt_cloze_question (const char *text,
                   guint       number)
{
  g_return_val_if_fail (text != NULL, NULL);

  return render (text, number, FALSE);
}

/**
 * kt_cloze_answer:
 *
 * The answer of @text's card @number: the whole text with every cloze
 * filled in, those numbered @number in bold.
 *
 * Returns: (transfer full): the answer
 */
char *
kt_cloze_answer (const char *text,
                 guint       number)
{
  g_return_val_if_fail (text != NULL, NULL);

  return render (text, number, TRUE);
}
