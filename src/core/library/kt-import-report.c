/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one import of several files tells the user: a short summary that
 * counts only what was really copied ("Imported 2 decks, 1 file could not
 * be read"; with Anki packages, "Imported 3 decks: 2,140 cards, 18,305
 * answers, 412 images; 2 note types simplified"), and, when something went wrong, a title that says what
 * happened ("Could Not Import “broken.bin”", "2 Files Had Problems") over
 * one line a problem ("broken.bin: this is a binary file, not a deck"),
 * with a line number only where there is a line. Plain text: the window
 * escapes it where it takes markup.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-import-report.h"

struct _KtImportReport
{
  GHashTable *copied;      /* path of a deck copied or written → its cards */
  guint      n_refused;
  guint      n_known;      /* refused as already in the library */
  gboolean   packages;     /* an Anki package was converted: count its parts */
  guint      n_images;
  guint      n_simplified;
  guint      n_answers;     /* of a package's review history, added */
  guint      n_answers_known; /* … and there already */
  char      *known;        /* the message of the one known, for one alone */
  GPtrArray *with_problems; /* names of the files that had problems */
  char      *refused_name;  /* of the last refused file */
  GString   *problems;
};

KtImportReport *
kt_import_report_new (void)
{
  KtImportReport *report = g_new0 (KtImportReport, 1);

  report->with_problems = g_ptr_array_new_with_free_func (g_free);
  report->copied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->problems = g_string_new (NULL);

  return report;
}

void
kt_import_report_free (KtImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->known);
  g_free (report->refused_name);
  g_ptr_array_unref (report->with_problems);
  g_hash_table_unref (report->copied);
  g_string_free (report->problems, TRUE);
  g_free (report);
}

static void
add_line (KtImportReport *report,
          const char     *name,
          guint           line,
          const char     *message)
{
  if (report->problems->len > 0)
    g_string_append_c (report->problems, '\n');
  if (line > 0)
    /* Translators: a problem in an imported file: "notes.txt, line 6: item 2 has no answer". */
    g_string_append_printf (report->problems, _("%s, line %u: %s"), name, line, message);
  else
    /* Translators: a problem with an imported file: "broken.bin: this is a binary file, not a deck". */
    g_string_append_printf (report->problems, _("%s: %s"), name, message);
}

/* Every diagnostic of @deck; returns whether there was one. */
static gboolean
add_deck_lines (KtImportReport *report,
                const char     *name,
                const KtDeck   *deck)
{
  for (guint i = 0; deck != NULL && i < deck->diagnostics->len; i++)
    {
      const KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      add_line (report, name, d->line, d->message);
    }

  return deck != NULL && deck->diagnostics->len > 0;
}

/**
 * kt_import_report_add_copied:
 * @deck: (nullable): what reading the copy said
 *
 * @name was copied into the deck folder; what went wrong reading it (a
 * card without an answer…) is listed.
 */
void
kt_import_report_add_copied (KtImportReport *report,
                             const char     *name,
                             const KtDeck   *deck)
{
  g_return_if_fail (report != NULL);

  /* A deck two packages wrote is read twice: it counts once, as it is. */
  g_hash_table_replace (report->copied, g_strdup (deck != NULL && deck->path != NULL ? deck->path
                                                                                     : name),
                        GUINT_TO_POINTER (deck != NULL ? kt_deck_count_cards (deck) : 0));
  if (add_deck_lines (report, name, deck))
    g_ptr_array_add (report->with_problems, g_strdup (name));
}

/**
 * kt_import_report_add_package:
 * @imported: what converting the package @name wrote
 *
 * @name, an Anki package, was converted: its images and simplified note
 * types are counted and what it lost on the way listed. Its decks are
 * counted as they are read, with kt_import_report_add_copied().
 */
void
kt_import_report_add_package (KtImportReport   *report,
                              const char       *name,
                              const KtImported *imported)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (imported != NULL);

  report->packages = TRUE;
  report->n_images += imported->n_images;
  report->n_simplified += imported->n_simplified;
  for (guint i = 0; i < imported->warnings->len; i++)
    add_line (report, name, 0, g_ptr_array_index (imported->warnings, i));
  if (imported->warnings->len > 0)
    g_ptr_array_add (report->with_problems, g_strdup (name));
}

/**
 * kt_import_report_add_answers:
 * @n_added: answers of a package's review history merged into the progress
 * @n_known: answers that were there already (the package was imported
 *   before)
 */
void
kt_import_report_add_answers (KtImportReport *report,
                              guint           n_added,
                              guint           n_known)
{
  g_return_if_fail (report != NULL);

  report->n_answers += n_added;
  report->n_answers_known += n_known;
}

/* ", 18,305 answers", ", 12 new answers (300 already there)" or ", 312
 * answers already there": nothing when there were none. */
static void
append_answers (KtImportReport *report,
                GString        *out)
{
  guint added = report->n_answers;
  guint known = report->n_answers_known;

  if (known == 0 && added > 0)
    /* Translators: answers of an imported review history, after "Imported 3 decks: 2,140 cards". */
    g_string_append_printf (out, ngettext (", %'u answer", ", %'u answers", added), added);
  else if (known > 0 && added == 0)
    /* Translators: importing the same review history again adds nothing. */
    g_string_append_printf (out, ngettext (", %'u answer already there",
                                           ", %'u answers already there", known), known);
  else if (known > 0)
    {
      /* Translators: the answers of an imported review history that were
       * there already, after "12 new answers". */
      g_autofree char *there = g_strdup_printf (ngettext ("%'u already there",
                                                          "%'u already there", known), known);

      /* Translators: "12 new answers (300 already there)". */
      g_string_append_printf (out, ngettext (", %'u new answer (%s)", ", %'u new answers (%s)",
                                             added), added, there);
    }
}

/* ": 2,140 cards, 18,305 answers, 412 images; 2 note types simplified",
 * leaving out what is zero (but never the cards). */
static char *
dup_package_counts (KtImportReport *report)
{
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer n;
  guint n_cards = 0;

  g_hash_table_iter_init (&iter, report->copied);
  while (g_hash_table_iter_next (&iter, NULL, &n))
    n_cards += GPOINTER_TO_UINT (n);

  /* Translators: the cards, images… of an import, after "Imported 3 decks";
   * %'u puts the thousands separator in. */
  g_string_append_printf (out, ngettext (": %'u card", ": %'u cards", n_cards), n_cards);
  append_answers (report, out);
  if (report->n_images > 0)
    g_string_append_printf (out, ngettext (", %'u image", ", %'u images", report->n_images),
                            report->n_images);
  if (report->n_simplified > 0)
    g_string_append_printf (out, ngettext ("; %'u note type simplified",
                                           "; %'u note types simplified", report->n_simplified),
                            report->n_simplified);

  return g_string_free (out, FALSE);
}

/**
 * kt_import_report_add_refused:
 * @error: why (see kt_library_import_finish())
 * @deck: (nullable): when it gave no cards, what reading it said
 *
 * @name was not copied. One already in the library is counted apart: it
 * is not a problem.
 */
void
kt_import_report_add_refused (KtImportReport *report,
                              const char     *name,
                              const GError   *error,
                              const KtDeck   *deck)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      report->n_known++;
      g_free (report->known);
      report->known = g_strdup_printf (_("%s: %s"), name, error->message);
      return;
    }

  report->n_refused++;
  g_free (report->refused_name);
  report->refused_name = g_strdup (name);
  g_ptr_array_add (report->with_problems, g_strdup (name));
  if (!add_deck_lines (report, name, deck))
    add_line (report, name, 0, error->message);
}

/**
 * kt_import_report_dup_summary:
 *
 * Returns: (transfer full): "Imported 2 decks, 1 file could not be read",
 *   for a toast
 */
char *
kt_import_report_dup_summary (KtImportReport *report)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n_copied;

  g_return_val_if_fail (report != NULL, NULL);

  n_copied = g_hash_table_size (report->copied);
  /* One file, in the library already: say where. */
  if (report->n_known == 1 && n_copied == 0 && report->n_refused == 0)
    return g_strdup (report->known);

  if (n_copied > 0 || (report->n_refused == 0 && report->n_known == 0))
    {
      g_autofree char *decks = g_strdup_printf (ngettext ("Imported %u deck", "Imported %u decks",
                                                          n_copied), n_copied);
      g_autofree char *counts = report->packages ? dup_package_counts (report) : NULL;

      g_ptr_array_add (parts, g_strconcat (decks, counts, NULL));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("Nothing imported")));
  if (report->n_refused > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u file could not be read",
                                                       "%u files could not be read",
                                                       report->n_refused), report->n_refused));
  if (report->n_known > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u was in your decks already",
                                                       "%u were in your decks already",
                                                       report->n_known), report->n_known));
  g_ptr_array_add (parts, NULL);

  /* Translators: joins the parts of an import's summary. */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

/**
 * kt_import_report_get_problems:
 * @title: (out) (transfer full): what happened, as a dialog's heading
 * @body: (out) (transfer full): one line a problem
 *
 * Returns: whether there were problems to show
 */
gboolean
kt_import_report_get_problems (KtImportReport *report,
                               char          **title,
                               char          **body)
{
  guint n_files;

  g_return_val_if_fail (report != NULL, FALSE);

  n_files = report->with_problems->len;
  if (n_files == 0)
    return FALSE;

  if (n_files == 1 && report->n_refused == 1)
    /* Translators: a dialog's heading; %s is a file name. */
    *title = g_strdup_printf (_("Could Not Import “%s”"), report->refused_name);
  else if (n_files == 1)
    /* Translators: a dialog's heading; %s is a file name. */
    *title = g_strdup_printf (_("Problems in “%s”"),
                              (const char *) g_ptr_array_index (report->with_problems, 0));
  else
    /* Translators: a dialog's heading. */
    *title = g_strdup_printf (ngettext ("%u File Had Problems", "%u Files Had Problems", n_files),
                              n_files);
  *body = g_strdup (report->problems->str);

  return TRUE;
}
