/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decks that once froze the window (issue 18): cards of one unbreakable
 * run of 200 000 brackets, of a 5 MB line, and a list nested 100 000
 * deep, in the user's deck folder when the application starts. Asserted
 * here is what makes them safe, not how fast they are (that is
 * tests/bench/ui-bench): the card view shows only the start of each field
 * (kt-markdown's limits), says so with "Show the Whole Text…", and that
 * opens every character of it in a window of rows.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "kt-application.h"
#include "kt-browse-page.h"
#include "kt-card-view.h"
#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-markdown.h"
#include "kt-study-page.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-text-chunks.h"
#include "kt-text-window.h"
#include "kt-window.h"

static KtApplication *app;
static char *brackets;   /* [ × 100 000, x, ] × 100 000 */
static char *huge_line;  /* 5 MB of words */
static char *deep_list;  /* "- " × 100 000, x */

static gboolean
library_is_loaded (gpointer data)
{
  return !kt_library_get_loading (KT_LIBRARY (data));
}

/* Characters shown in the labels of @widget and its descendants. */
static glong
shown_chars (GtkWidget *widget)
{
  glong n = GTK_IS_LABEL (widget) ? g_utf8_strlen (gtk_label_get_text (GTK_LABEL (widget)), -1) : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += shown_chars (child);

  return n;
}

static gboolean
is_text_window (gpointer data)
{
  gboolean found = FALSE;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KT_IS_TEXT_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        *(GtkWidget **) data = l->data;
        found = TRUE;
      }

  return found;
}

static gboolean
rows_are_complete (gpointer data)
{
  return kt_text_chunks_get_complete (KT_TEXT_CHUNKS (data));
}

/* The text of every row of @window's list, one after the other. */
static char *
rows_text (GtkWidget *window)
{
  GtkListView *list = kt_test_ui_child (window, KT_TYPE_TEXT_WINDOW, "text_list");
  GListModel *rows = gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (list)));
  GString *text = g_string_new (NULL);

  /* A long text's rows come in idle time */
  kt_test_wait_until (rows_are_complete, rows);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkStringObject) row = g_list_model_get_item (rows, i);

      g_string_append (text, gtk_string_object_get_string (row));
    }

  return g_string_free (text, FALSE);
}

/* @text without its line breaks: the rows of the whole text are its
 * lines, wrapped. */
static char *
without_newlines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("", lines);
}

/* Shows the card of the deck @name on the Study page with its answer,
 * and checks that every field is cut short and opens whole. */
static void
check_deck (const char *name,
            gboolean    long_question)
{
  KtWindow *window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr(GListModel) topics = NULL;
  KtStudyPage *study = kt_test_ui_child (window, KT_TYPE_WINDOW, "study_page");
  KtCardView *view = kt_test_ui_child (study, KT_TYPE_STUDY_PAGE, "card_view");
  GtkWidget *answer_box = kt_test_ui_child (view, KT_TYPE_CARD_VIEW, "answer_box");
  GtkLabel *question_label = kt_test_ui_child (view, KT_TYPE_CARD_VIEW, "question_label");
  GtkWidget *question_more = kt_test_ui_child (view, KT_TYPE_CARD_VIEW, "question_more_button");
  GtkWidget *text_window = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *answer = NULL;
  guint position = G_MAXUINT;
  KtCard *card;

  g_object_get (window, "topics", &topics, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);

      if (g_strcmp0 (kt_topic_get_title (topic), name) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  kt_window_select_topic (window, position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (study), "study.reveal", NULL));
  kt_test_ui_settle (GTK_WINDOW (window));
  card = kt_card_view_get_card (view);
  g_assert_nonnull (card);

  /* The question: its start, or all of a short one */
  g_assert_cmpuint (g_utf8_strlen (gtk_label_get_text (question_label), -1), <=,
                    KT_MARKDOWN_MAX_RUN + KT_MARKDOWN_MAX_RUN / KT_MARKDOWN_BREAK_EVERY + 1);
  g_assert_true (gtk_widget_get_visible (question_more) == long_question);

  /* The answer: at most its first characters (and list markers), and the
   * way to the rest */
  g_test_message ("%s: %ld characters of the answer shown", name, shown_chars (answer_box));
  g_assert_cmpint (shown_chars (answer_box), <=, KT_MARKDOWN_MAX_CHARS + 1 + 2 * KT_MARKDOWN_MAX_DEPTH);
  g_assert_nonnull (kt_test_ui_find_label (answer_box, "Show the Whole Text…"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "card.show-whole-text", "s", "answer"));
  kt_test_wait_until (is_text_window, &text_window);
  kt_test_ui_settle (GTK_WINDOW (text_window));

  /* Every character, in rows of a line each */
  whole = rows_text (text_window);
  answer = without_newlines (kt_card_get_answer (card));
  g_assert_cmpuint (strlen (whole), ==, strlen (answer));
  g_assert_true (g_str_equal (whole, answer));
  gtk_window_destroy (GTK_WINDOW (text_window));
}

static void
test_long_cards (void)
{
  KtWindow *window;
  g_autoptr(KtLibrary) library = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));
  window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  kt_test_wait_until (kt_test_ui_is_mapped, window);
  g_object_get (window, "library", &library, NULL);
  kt_test_wait_until (library_is_loaded, library);
  kt_test_ui_settle (GTK_WINDOW (window));

  check_deck ("brackets", TRUE);
  check_deck ("hugeline", FALSE);
  check_deck ("deeplist", FALSE);
}

static void
write_deck (const char *folder,
            const char *name,
            const char *question,
            const char *answer)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *text = g_strconcat ("1. ", question, "\nAnswer: ", answer, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("kartoteka-test-XXXXXX", &error);
  g_autofree char *folder = NULL;
  GString *text;
  int status;

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  folder = g_build_filename (data_home, "kartoteka", "decks", NULL);
  g_mkdir_with_parents (folder, 0700);

  text = g_string_new (NULL);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  g_string_append_c (text, 'x');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  brackets = g_string_free (text, FALSE);
  text = g_string_new (NULL);
  while (text->len < 5 * 1024 * 1024)
    g_string_append (text, "word ");
  g_string_append (text, "end");
  huge_line = g_string_free (text, FALSE);
  text = g_string_new (NULL);
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "- ");
  g_string_append_c (text, 'x');
  deep_list = g_string_free (text, FALSE);

  write_deck (folder, "brackets.txt", brackets, brackets);
  write_deck (folder, "hugeline.txt", "One huge line?", huge_line);
  write_deck (folder, "deeplist.txt", "A deep list?", deep_list);

  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/long-cards/capped", test_long_cards);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
