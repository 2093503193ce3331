/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtImportReport: the summary counts only what was copied,
 * the dialog's heading says what happened, and each problem is one line
 * with a line number only where there is a line.
 */

#include "config.h"

#include "kt-import-report.h"

static KtDeck *
deck_with (guint       line,
           const char *message)
{
  KtDeck *deck = kt_deck_new ("x");

  kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR, "%s", message);
  return deck;
}

static void
assert_summary (KtImportReport *report,
                const char     *expected)
{
  g_autofree char *summary = kt_import_report_dup_summary (report);

  g_assert_cmpstr (summary, ==, expected);
}

static void
test_clean (void)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  char *title = NULL, *body = NULL;

  kt_import_report_add_copied (report, "a.md", NULL);
  kt_import_report_add_copied (report, "b.md", NULL);
  assert_summary (report, "Imported 2 decks");
  g_assert_false (kt_import_report_get_problems (report, &title, &body));
  g_assert_null (title);
}

static void
test_one_refused (void)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                 "this is a binary file, not a deck");
  g_autoptr(KtDeck) deck = deck_with (0, "this is a binary file, not a deck");
  g_autofree char *title = NULL, *body = NULL;

  kt_import_report_add_refused (report, "broken.bin", error, deck);
  assert_summary (report, "Nothing imported, 1 file could not be read");
  g_assert_true (kt_import_report_get_problems (report, &title, &body));
  g_assert_cmpstr (title, ==, "Could Not Import “broken.bin”");
  g_assert_cmpstr (body, ==, "broken.bin: this is a binary file, not a deck");
}

static void
test_mixed (void)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  g_autoptr(GError) unreadable = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                                      "this is a named pipe, not a file");
  g_autoptr(GError) known = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS,
                                                 "it is already in your decks, as “x”");
  g_autoptr(KtDeck) warned = deck_with (6, "item 2 has no answer");
  g_autofree char *title = NULL, *body = NULL;

  kt_import_report_add_copied (report, "a.txt", NULL);
  kt_import_report_add_copied (report, "notes.txt", warned);
  kt_import_report_add_refused (report, "pipe", unreadable, NULL);
  kt_import_report_add_refused (report, "x.txt", known, NULL);
  assert_summary (report, "Imported 2 decks, 1 file could not be read, 1 was in your decks already");
  g_assert_true (kt_import_report_get_problems (report, &title, &body));
  g_assert_cmpstr (title, ==, "2 Files Had Problems");
  g_assert_cmpstr (body, ==, "notes.txt, line 6: item 2 has no answer\n"
                             "pipe: this is a named pipe, not a file");
}

/* One file, in the library already: not a problem, said where it is. */
static void
test_known (void)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  g_autoptr(GError) known = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS,
                                                 "it is already in your decks, as “Async Python”");
  char *title = NULL, *body = NULL;

  kt_import_report_add_refused (report, "002.txt", known, NULL);
  assert_summary (report, "002.txt: it is already in your decks, as “Async Python”");
  g_assert_false (kt_import_report_get_problems (report, &title, &body));
}

/* A package's decks counted as they are read (a deck read twice once),
 * with its cards, images and simplified note types, and what it lost
 * named by the package. */
static void
test_package (void)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(KtDeck) deck = kt_deck_new ("Math.json");
  g_autoptr(KtDeck) other = kt_deck_new ("Geography.json");
  g_autofree char *title = NULL, *body = NULL;

  imported->package = TRUE;
  imported->n_images = 12;
  imported->n_simplified = 1;
  g_ptr_array_add (imported->warnings, g_strdup ("note type “Vocabulary” was simplified"));
  kt_import_report_add_package (report, "all.apkg", imported);
  kt_import_report_add_copied (report, "all.apkg", deck);
  kt_import_report_add_copied (report, "all.apkg", other);
  /* Written again by a second package: still one deck. */
  kt_import_report_add_copied (report, "more.apkg", deck);
  assert_summary (report, "Imported 2 decks: 0 cards, 12 images; 1 note type simplified");
  g_assert_true (kt_import_report_get_problems (report, &title, &body));
  g_assert_cmpstr (title, ==, "Problems in “all.apkg”");
  g_assert_cmpstr (body, ==, "all.apkg: note type “Vocabulary” was simplified");
}

/* The answers of a package's history: counted after the cards, and a
 * second import says they were there already. */
static void
test_answers (void)
{
  static const struct { guint added, known; const char *summary; } cases[] = {
    { 0, 0, "Imported 1 deck: 0 cards" },
    { 305, 0, "Imported 1 deck: 0 cards, 305 answers" },
    { 1, 0, "Imported 1 deck: 0 cards, 1 answer" },
    { 0, 11, "Imported 1 deck: 0 cards, 11 answers already there" },
    { 12, 300, "Imported 1 deck: 0 cards, 12 new answers (300 already there)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtImportReport) report = kt_import_report_new ();
      g_autoptr(KtImported) imported = kt_imported_new ();
      g_autoptr(KtDeck) deck = kt_deck_new ("Math.json");

      imported->package = TRUE;
      kt_import_report_add_package (report, "all.apkg", imported);
      kt_import_report_add_copied (report, "all.apkg", deck);
      kt_import_report_add_answers (report, cases[i].added, cases[i].known);
      assert_summary (report, cases[i].summary);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import-report/clean", test_clean);
  g_test_add_func ("/import-report/one-refused", test_one_refused);
  g_test_add_func ("/import-report/mixed", test_mixed);
  g_test_add_func ("/import-report/known", test_known);
  g_test_add_func ("/import-report/package", test_package);
  g_test_add_func ("/import-report/answers", test_answers);

  return g_test_run ();
}
