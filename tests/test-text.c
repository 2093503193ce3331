/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-text.c: question normalisation, search folding, card
 * ids and slugs.
 */

#include "config.h"

#include <string.h>

#include "kt-text.h"

static void
assert_normalized (const char *question,
                   const char *expected)
{
  g_autofree char *normal = kt_text_normalize_question (question);

  g_assert_cmpstr (normal, ==, expected);
}

static void
test_normalize_case_and_space (void)
{
  assert_normalized ("Что такое Event Loop?", "что такое event loop?");
  assert_normalized ("  What  IS\tan\n event   loop?  ", "what is an event loop?");
  assert_normalized ("\u00a0Tabs\t\tand\u2003spaces\u00a0", "tabs and spaces");
  assert_normalized ("", "");
  assert_normalized ("   ", "");
  assert_normalized (NULL, "");
}

static void
test_normalize_variant (void)
{
  /* A numbered variant suffix marks a rewording of the same question. */
  assert_normalized ("Что такое GIL? (вариант 3)", "что такое gil?");
  assert_normalized ("Что такое GIL? (Вариант 3)", "что такое gil?");
  assert_normalized ("What is the GIL? (variant 12)", "what is the gil?");
  assert_normalized ("What is the GIL? (VARIANT 12)", "what is the gil?");
  assert_normalized ("What is the GIL?   (variant   7 )  ", "what is the gil?");
  assert_normalized ("What is the GIL?(variant 2)", "what is the gil?");

  /* Without a number it is part of the question. */
  assert_normalized ("Что такое GIL? (вариант)", "что такое gil? (вариант)");
  assert_normalized ("What is it? (variant x)", "what is it? (variant x)");
  assert_normalized ("What is it? (variant 2a)", "what is it? (variant 2a)");

  /* Only a suffix counts, not the same words in the middle. */
  assert_normalized ("Что (вариант 3) такое GIL?", "что (вариант 3) такое gil?");
  assert_normalized ("What (variant 1) is it?", "what (variant 1) is it?");
  assert_normalized ("What is it? (variant 1).", "what is it? (variant 1).");

  /* Only the last suffix goes. */
  assert_normalized ("Q (variant 1) (variant 2)", "q (variant 1)");
}

static void
test_normalize_answer (void)
{
  g_autofree char *a = kt_text_normalize_answer ("  Line ONE\n\n  line two (variant 3)  ");

  /* Answers are folded the same way, but keep their variant words. */
  g_assert_cmpstr (a, ==, "line one line two (variant 3)");
}

static void
test_fold_for_search (void)
{
  g_autofree char *tree = kt_text_fold_for_search ("ЁЛКА");
  g_autofree char *hedgehog = kt_text_fold_for_search ("Ёж");
  g_autofree char *mixed = kt_text_fold_for_search ("Ещё ЁЖ и Asyncio");
  g_autofree char *empty = kt_text_fold_for_search ("");
  g_autofree char *null = kt_text_fold_for_search (NULL);

  g_assert_nonnull (strstr (tree, "елка"));
  g_assert_null (strstr (tree, "ё"));
  g_assert_cmpstr (hedgehog, ==, "еж");
  g_assert_cmpstr (mixed, ==, "еще еж и asyncio");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (null, ==, "");
}

static void
assert_hex16 (const char *id)
{
  g_assert_cmpuint (strlen (id), ==, 16);
  for (const char *p = id; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
}

static void
test_card_id (void)
{
  g_autofree char *id = kt_text_card_id ("python", "Что такое GIL?");
  g_autofree char *spaced = kt_text_card_id ("python", "  что  ТАКОЕ\tgil? ");
  g_autofree char *variant = kt_text_card_id ("python", "Что такое GIL? (вариант 2)");
  g_autofree char *other_question = kt_text_card_id ("python", "Что такое GIL");
  g_autofree char *other_topic = kt_text_card_id ("celery", "Что такое GIL?");
  g_autofree char *no_topic = kt_text_card_id (NULL, "Что такое GIL?");
  g_autofree char *joined = kt_text_card_id ("pyth", "on\nЧто такое GIL?");

  assert_hex16 (id);
  assert_hex16 (other_topic);
  assert_hex16 (no_topic);

  g_assert_cmpstr (spaced, ==, id);
  g_assert_cmpstr (variant, ==, id);
  g_assert_cmpstr (other_question, !=, id);
  g_assert_cmpstr (other_topic, !=, id);
  g_assert_cmpstr (no_topic, !=, id);
  g_assert_cmpstr (joined, !=, id);
}

static void
test_card_id_documented (void)
{
  /* The id is documented as SHA-256 over "topic\nnormalised question". */
  g_autofree char *id = kt_text_card_id ("python", "  What IS the GIL? (variant 4)");
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                        "python\nwhat is the gil?", -1);

  g_assert_true (strncmp (id, sum, 16) == 0);
}

/* The same answer and the same end as GLib's validator. */
static void
assert_validates_like_glib (const char *text,
                            gsize       len)
{
  const char *end = NULL;
  const char *glib_end = NULL;
  gboolean valid = kt_text_validate_utf8 (text, len, &end);
  gboolean glib_valid = g_utf8_validate_len (text, len, &glib_end);

  g_assert_cmpint (valid, ==, glib_valid);
  g_assert_true (end == glib_end);
}

static void
test_validate_utf8 (void)
{
  static const char *const bad[] = {
    "\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
    "\xF5\x80\x80\x80", "\xFF", "\xD0", "\xE2\x80", "\xF0\x9F\x98", "\0",
  };
  static const char *const good[] = { "a", "я", "ё", "€", "😀", "\xC2\xA0" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  /* Runs of ASCII and Cyrillic crossing the 8- and 16-byte strides, with
   * a good or bad sequence at every position */
  for (guint n = 0; n < 40; n++)
    for (guint at = 0; at <= n; at++)
      for (guint k = 0; k < G_N_ELEMENTS (bad) + G_N_ELEMENTS (good); k++)
        {
          const char *insert = k < G_N_ELEMENTS (bad) ? bad[k] : good[k - G_N_ELEMENTS (bad)];
          gsize insert_len = MAX (strlen (insert), 1);
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            {
              if (i == at)
                g_string_append_len (text, insert, insert_len);
              g_string_append (text, i % 3 == 0 ? "ж" : "q");
            }
          if (at == n)
            g_string_append_len (text, insert, insert_len);
          assert_validates_like_glib (text->str, text->len);
          /* Cut short anywhere, a sequence may be left truncated */
          assert_validates_like_glib (text->str, text->len / 2);
        }

  /* Random bytes, mostly from the ranges that matter */
  for (guint round = 0; round < 20000; round++)
    {
      static const guint8 pool[] = { 'a', ' ', 0xD0, 0xD1, 0xB0, 0x80, 0xBF, 0xC2, 0xE2, 0xF0, 0x9F, 0xFF, 0x00 };
      char text[48];
      gsize len = g_rand_int_range (rand, 0, sizeof text);

      for (gsize i = 0; i < len; i++)
        text[i] = pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))];
      assert_validates_like_glib (text, len);
    }
}

static void
assert_folds_to (const char *text,
                 const char *other)
{
  g_autofree char *folded = kt_text_fold_for_search (text);
  g_autofree char *other_folded = kt_text_fold_for_search (other);

  g_assert_true (kt_text_folds_to (text, folded));
  g_assert_cmpint (kt_text_folds_to (text, other_folded), ==, g_str_equal (folded, other_folded));
}

static void
test_folds_to (void)
{
  assert_folds_to ("Ответ", "ответ");
  assert_folds_to ("Ёлка", "елка");
  assert_folds_to ("Answer", "ANSWER");
  assert_folds_to ("Answer", "Answers");
  assert_folds_to ("Кратко", "Кратк");
  assert_folds_to ("TL;DR", "tl;dr");
  assert_folds_to ("Straße", "strasse");
  assert_folds_to ("ΣΊΣΥΦΟΣ", "σίσυφος");
  assert_folds_to ("", "");
  assert_folds_to ("", "a");
}

static void
assert_slug (const char *text,
             const char *expected)
{
  g_autofree char *slug = kt_text_slugify (text);

  g_assert_cmpstr (slug, ==, expected);
}

static void
test_slugify (void)
{
  assert_slug ("Python asyncio: Основы", "python-asyncio-основы");
  assert_slug ("  --Hello,   World!--  ", "hello-world");
  assert_slug ("async / await", "async-await");
  assert_slug ("Ёлка 2024", "ёлка-2024");
  assert_slug ("already-a-slug", "already-a-slug");
  assert_slug ("!!!", "");
  assert_slug ("", "");
  assert_slug (NULL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/text/normalize/case-and-space", test_normalize_case_and_space);
  g_test_add_func ("/text/normalize/variant", test_normalize_variant);
  g_test_add_func ("/text/normalize/answer", test_normalize_answer);
  g_test_add_func ("/text/fold-for-search", test_fold_for_search);
  g_test_add_func ("/text/card-id/stable", test_card_id);
  g_test_add_func ("/text/card-id/documented", test_card_id_documented);
  g_test_add_func ("/text/slugify", test_slugify);
  g_test_add_func ("/text/validate-utf8", test_validate_utf8);
  g_test_add_func ("/text/folds-to", test_folds_to);

  return g_test_run ();
}
