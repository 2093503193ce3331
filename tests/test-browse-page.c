/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Browse page of the real application under Xvfb, driven in-process:
 * choosing a topic lists exactly its cards, the search ignores case and
 * treats ё as е (a small deck put into the user's deck folder before the
 * app starts holds an "елка"), a search with no match says so,
 * browse.previous / browse.next click through the cards, and
 * browse.suspend suspends and unsuspends the card shown.
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
#include "kt-progress.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-text.h"
#include "kt-window.h"

#define GATHER_QUESTION "Что делает asyncio.gather()?"
#define TREE_QUESTION   "Что такое елка?"

/* One application for the process: a second one could not register. */
static KtApplication *app;

typedef struct
{
  KtWindow     *window;
  KtLibrary    *library;
  GListModel   *topics;
  KtBrowsePage *page;
  GtkEditable  *search_entry;
  GtkStack     *list_stack;
  GtkListView  *card_list;
  KtCardView   *card_view;
  GtkLabel     *position_label;
} Ui;

static gboolean
fixture_is_loaded (gpointer data)
{
  Ui *ui = data;
  g_autoptr(KtTopic) all = NULL;

  if (kt_library_get_loading (ui->library) ||
      kt_test_topic_with_question (ui->topics, TREE_QUESTION) == G_MAXUINT)
    return FALSE;

  /* "All Topics" catches up at idle. */
  all = g_list_model_get_item (ui->topics, 0);
  return g_list_model_get_n_items (G_LIST_MODEL (all)) == 15;
}

/* Starts the application once, with a small deck of ours in the user's
 * deck folder, shows the Browse page and waits until every deck is in. */
static void
ui_get (Ui *ui)
{
  if (gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL)
    {
      g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "kartoteka", "decks",
                                                  NULL);
      g_autofree char *path = g_build_filename (folder, "trees.txt", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_file_set_contents (path, "1. " TREE_QUESTION "\nОтвет: Дерево.\n", -1, &error);
      g_assert_no_error (error);

      /* Tests run beside each other and beside a running Kartoteka. */
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) |
                               G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
      g_application_activate (G_APPLICATION (app));
    }

  ui->window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (KT_IS_WINDOW (ui->window));

  /* Borrowed: the window holds them. */
  g_object_get (ui->window, "library", &ui->library, "topics", &ui->topics, NULL);
  g_object_unref (ui->library);
  g_object_unref (ui->topics);
  kt_test_wait_until (fixture_is_loaded, ui);

  ui->page = kt_test_ui_child (ui->window, KT_TYPE_WINDOW, "browse_page");
  ui->search_entry = kt_test_ui_child (ui->page, KT_TYPE_BROWSE_PAGE, "search_entry");
  ui->list_stack = kt_test_ui_child (ui->page, KT_TYPE_BROWSE_PAGE, "list_stack");
  ui->card_list = kt_test_ui_child (ui->page, KT_TYPE_BROWSE_PAGE, "card_list");
  ui->card_view = kt_test_ui_child (ui->page, KT_TYPE_BROWSE_PAGE, "card_view");
  ui->position_label = kt_test_ui_child (ui->page, KT_TYPE_BROWSE_PAGE, "position_label");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->window), "win.show-page", "s",
                                             "browse"));
  kt_test_wait_until (kt_test_ui_is_mapped, ui->page);
  kt_browse_page_set_query (ui->page, "");
}

static guint
select_topic (Ui         *ui,
              const char *question)
{
  guint position = question != NULL ? kt_test_topic_with_question (ui->topics, question) : 0;

  g_assert_cmpuint (position, !=, G_MAXUINT);
  kt_window_select_topic (ui->window, position);

  return position;
}

static KtCard *
shown_card (Ui    *ui,
            guint  position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (ui->card_list));
  g_autoptr(KtCard) card = g_list_model_get_item (model, position);

  g_assert_nonnull (card);
  return card;  /* the topic still holds it */
}

typedef struct
{
  GtkWidget  *list;
  const char *text;
} RowText;

static gboolean
row_is_shown (gpointer data)
{
  RowText *row = data;
  GtkWidget *label = kt_test_ui_find_label (row->list, row->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

/* The list on screen has a row saying @question. */
static void
assert_row_shown (Ui         *ui,
                  const char *question)
{
  RowText row = { GTK_WIDGET (ui->card_list), question };

  kt_test_wait_until (row_is_shown, &row);
}

static void
assert_selected (Ui    *ui,
                 guint  position)
{
  guint n = kt_browse_page_get_n_shown (ui->page);
  KtCard *card = shown_card (ui, position);
  g_autofree char *text = g_strdup_printf ("%u / %u", position + 1, n);
  GtkLabel *question = kt_test_ui_child (ui->card_view, KT_TYPE_CARD_VIEW, "question_label");
  /* The question's markdown is shown, not its characters: `await` as
   * code, without the backticks. */
  g_autofree char *shown = kt_markdown_to_plain (kt_card_get_question (card));

  g_assert_true (kt_browse_page_get_selected (ui->page) == card);
  g_assert_true (kt_card_view_get_card (ui->card_view) == card);
  g_assert_true (kt_card_view_get_revealed (ui->card_view));
  g_assert_cmpstr (gtk_label_get_text (question), ==, shown);
  g_assert_cmpstr (gtk_label_get_text (ui->position_label), ==, text);
}

typedef struct
{
  KtBrowsePage *page;
  guint         n;
} Count;

/* The search is done and shows c->n cards. */
static gboolean
n_shown_is (gpointer data)
{
  Count *c = data;

  return !kt_browse_page_get_searching (c->page) && kt_browse_page_get_n_shown (c->page) == c->n;
}

/* Types @text into the search entry; the list shows @n_expected cards
 * once the entry's search delay has passed and the search is done. */
static void
type_query (Ui         *ui,
            const char *text,
            guint       n_expected)
{
  Count expected = { ui->page, n_expected };

  gtk_editable_set_text (ui->search_entry, text);
  kt_test_wait_until (n_shown_is, &expected);
}

/* Sets the query from code; the list shows @n_expected cards once the
 * search (on worker threads) is done. */
static void
set_query (Ui         *ui,
           const char *text,
           guint       n_expected)
{
  Count expected = { ui->page, n_expected };

  kt_browse_page_set_query (ui->page, text);
  kt_test_wait_until (n_shown_is, &expected);
}

/* ---------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------ */

/* Each sidebar row lists exactly its topic's cards, in deck order. */
static void
test_browse_page_topics (void)
{
  Ui ui;
  g_autoptr(KtTopic) all = NULL;
  guint seed000, seed002, trees;

  ui_get (&ui);
  g_assert_cmpuint (g_list_model_get_n_items (ui.topics), ==, 4);
  seed000 = kt_test_topic_with_question (ui.topics, GATHER_QUESTION);
  seed002 = kt_test_topic_with_question (ui.topics, "Что делает event loop?");
  trees = kt_test_topic_with_question (ui.topics, TREE_QUESTION);
  all = g_list_model_get_item (ui.topics, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 15);

  for (guint i = 0; i < g_list_model_get_n_items (ui.topics); i++)
    {
      g_autoptr(GListModel) topic = g_list_model_get_item (ui.topics, i);
      guint n = g_list_model_get_n_items (topic);
      GListModel *shown;

      kt_window_select_topic (ui.window, i);
      g_assert_true (kt_browse_page_get_cards (ui.page) == topic);
      g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, n);
      shown = G_LIST_MODEL (gtk_list_view_get_model (ui.card_list));
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, j);
          g_assert_true (shown_card (&ui, j) == card);
          if (i != 0)
            g_assert_cmpstr (kt_card_get_topic_id (card), ==,
                             kt_topic_get_id (KT_TOPIC (topic)));
        }
      g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.list_stack), ==, "list");
      assert_selected (&ui, 0);
      assert_row_shown (&ui, kt_card_get_question (shown_card (&ui, 0)));
    }

  /* The counts of the seed topics and ours. */
  kt_window_select_topic (ui.window, seed000);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 10);
  kt_window_select_topic (ui.window, seed002);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 4);
  g_assert_cmpstr (kt_card_get_question (shown_card (&ui, 1)), ==, "Что делает event loop?");
  kt_window_select_topic (ui.window, trees);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 1);
  g_assert_cmpstr (kt_card_get_question (shown_card (&ui, 0)), ==, TREE_QUESTION);
}

/* "gather" finds the gather card, "ЁЛКА" the "елка" card, nonsense
 * nothing; clearing the search brings every card back. */
static void
test_browse_page_search (void)
{
  Ui ui;
  GtkWidget *empty;
  KtCard *found;

  ui_get (&ui);

  /* Typed into the entry, in the seed deck with the gather question. */
  select_topic (&ui, GATHER_QUESTION);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 10);
  type_query (&ui, "gather", 1);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 1);
  found = shown_card (&ui, 0);
  g_assert_cmpstr (kt_card_get_question (found), ==, GATHER_QUESTION);
  assert_selected (&ui, 0);
  assert_row_shown (&ui, GATHER_QUESTION);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.list_stack), ==, "list");

  /* The query stays when the topic changes: in all topics, the other
   * seed deck's "gather vs as_completed" card matches too. */
  select_topic (&ui, NULL);
  g_assert_cmpstr (gtk_editable_get_text (ui.search_entry), ==, "gather");
  kt_test_wait_until (n_shown_is, &(Count) { ui.page, 2 });
  g_assert_true (shown_card (&ui, 0) == found || shown_card (&ui, 1) == found);
  for (guint i = 0; i < 2; i++)
    g_assert_true (kt_test_card_holds (shown_card (&ui, i), "gather"));

  /* Case and ё/е do not matter, typed or set. */
  type_query (&ui, "ЁЛКА", 1);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 1);
  g_assert_cmpstr (kt_card_get_question (shown_card (&ui, 0)), ==, TREE_QUESTION);
  assert_selected (&ui, 0);
  assert_row_shown (&ui, TREE_QUESTION);

  /* Set from code, the query holds once searched and after the entry's
   * delay. */
  set_query (&ui, "Дерево", 1);
  g_assert_cmpstr (gtk_editable_get_text (ui.search_entry), ==, "Дерево");
  kt_test_ui_spin (400);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 1);
  g_assert_cmpstr (kt_card_get_question (kt_browse_page_get_selected (ui.page)), ==, TREE_QUESTION);
  set_query (&ui, "  ёлка ", 1);
  g_assert_cmpstr (gtk_editable_get_text (ui.search_entry), ==, "  ёлка ");
  set_query (&ui, "GATHER", 2);

  /* Typed forward and back, each step shows exactly its matches. */
  {
    static const char *const steps[] = { "е", "ел", "елк", "елка", "елк", "ел", "е", "", "ЁЛ" };
    g_autoptr(GListModel) all = g_list_model_get_item (ui.topics, 0);

    for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
      {
        g_autofree char *folded = kt_text_fold_for_search (steps[s]);
        guint n = 0;

        for (guint i = 0; i < g_list_model_get_n_items (all); i++)
          {
            g_autoptr(KtCard) card = g_list_model_get_item (all, i);

            n += kt_test_card_holds (card, folded);
          }
        type_query (&ui, steps[s], n);
        for (guint i = 0; i < n; i++)
          g_assert_true (kt_test_card_holds (shown_card (&ui, i), folded));
      }
  }

  /* Nonsense: the "No Cards Found" page, and nothing selected. */
  set_query (&ui, "qqxyzzy", 0);
  g_assert_cmpstr (gtk_editable_get_text (ui.search_entry), ==, "qqxyzzy");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.list_stack), ==, "empty");
  empty = gtk_stack_get_visible_child (ui.list_stack);
  g_assert_true (ADW_IS_STATUS_PAGE (empty));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, "No Cards Found");
  kt_test_wait_until (kt_test_ui_is_mapped, empty);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ui.card_list)));
  g_assert_null (kt_browse_page_get_selected (ui.page));
  g_assert_null (kt_card_view_get_card (ui.card_view));
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "");
  gtk_widget_activate_action (GTK_WIDGET (ui.page), "browse.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ui.page), "browse.previous", NULL);
  g_assert_null (kt_browse_page_get_selected (ui.page));

  /* Cleared, every card is back. */
  type_query (&ui, "", 15);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.page), ==, 15);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.list_stack), ==, "list");
  assert_selected (&ui, 0);
}

/* ← and → (browse.previous, browse.next) click through the cards shown,
 * stopping at either end. */
static void
test_browse_page_previous_next (void)
{
  Ui ui;
  GtkWidget *page;

  ui_get (&ui);
  page = GTK_WIDGET (ui.page);
  select_topic (&ui, GATHER_QUESTION);
  assert_selected (&ui, 0);

  g_assert_true (gtk_widget_activate_action (page, "browse.next", NULL));
  assert_selected (&ui, 1);
  g_assert_true (gtk_widget_activate_action (page, "browse.next", NULL));
  assert_selected (&ui, 2);
  g_assert_true (gtk_widget_activate_action (page, "browse.previous", NULL));
  assert_selected (&ui, 1);
  g_assert_true (gtk_widget_activate_action (page, "browse.previous", NULL));
  assert_selected (&ui, 0);
  gtk_widget_activate_action (page, "browse.previous", NULL);
  assert_selected (&ui, 0);

  for (guint i = 1; i < 10; i++)
    {
      gtk_widget_activate_action (page, "browse.next", NULL);
      assert_selected (&ui, i);
    }
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "10 / 10");
  gtk_widget_activate_action (page, "browse.next", NULL);
  assert_selected (&ui, 9);
  assert_row_shown (&ui, kt_card_get_question (shown_card (&ui, 9)));

  /* Within a search, only the matching cards. */
  set_query (&ui, "celery", 3);
  gtk_widget_activate_action (page, "browse.previous", NULL);
  gtk_widget_activate_action (page, "browse.previous", NULL);
  gtk_widget_activate_action (page, "browse.previous", NULL);
  assert_selected (&ui, 0);
  gtk_widget_activate_action (page, "browse.next", NULL);
  assert_selected (&ui, 1);
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "2 / 3");
  for (guint i = 0; i < 3; i++)
    g_assert_true (kt_test_card_holds (shown_card (&ui, i), "celery"));
  set_query (&ui, "", 10);
}

/* browse.suspend suspends the card shown and unsuspends it again: the
 * bar under it and its row say so, the topic's counts follow at once, and
 * its record is left as it was. A buried card says until when. */
static void
test_browse_page_suspend (void)
{
  Ui ui;
  GtkWidget *page;
  GtkLabel *hold_label;
  GtkButton *suspend_button;
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(KtTopic) topic = NULL;
  g_autofree char *place = NULL;
  g_autofree char *row_text = NULL;
  const char *card_id;
  gint64 day_start_us, day_end_us;
  guint n_new;

  ui_get (&ui);
  page = GTK_WIDGET (ui.page);
  hold_label = kt_test_ui_child (ui.page, KT_TYPE_BROWSE_PAGE, "hold_label");
  suspend_button = kt_test_ui_child (ui.page, KT_TYPE_BROWSE_PAGE, "suspend_button");
  g_object_get (ui.window, "progress", &progress, NULL);
  topic = g_list_model_get_item (ui.topics, select_topic (&ui, GATHER_QUESTION));
  set_query (&ui, "", 10);
  /* The page keeps its place from the tests before */
  for (guint i = 0; i < 10; i++)
    gtk_widget_activate_action (page, "browse.previous", NULL);
  gtk_widget_activate_action (page, "browse.next", NULL);
  assert_selected (&ui, 1);
  card_id = kt_card_get_id (shown_card (&ui, 1));
  place = kt_library_dup_breadcrumb (ui.library, shown_card (&ui, 1));
  row_text = g_strdup_printf ("Suspended · %s", place);
  n_new = kt_topic_get_n_new (topic);
  g_assert_cmpuint (n_new, >, 0);
  g_assert_false (kt_browse_page_get_suspended (ui.page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  g_assert_cmpstr (gtk_button_get_label (suspend_button), ==, "Suspend");
  g_assert_null (kt_test_ui_find_label (GTK_WIDGET (ui.card_list), row_text));

  g_assert_true (gtk_widget_activate_action (page, "browse.suspend", NULL));
  g_assert_true (kt_progress_is_suspended (progress, card_id));
  g_assert_true (kt_browse_page_get_suspended (ui.page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  g_assert_cmpstr (gtk_label_get_text (hold_label), ==, "Suspended");
  g_assert_cmpstr (gtk_button_get_label (suspend_button), ==, "Unsuspend");
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new - 1);
  assert_row_shown (&ui, row_text);
  g_assert_null (kt_progress_lookup (progress, card_id));
  /* Still shown in Browse, where it is unsuspended */
  assert_selected (&ui, 1);

  /* The next card is not suspended; back to the suspended one */
  gtk_widget_activate_action (page, "browse.next", NULL);
  g_assert_false (kt_browse_page_get_suspended (ui.page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  gtk_widget_activate_action (page, "browse.previous", NULL);
  g_assert_true (kt_browse_page_get_suspended (ui.page));

  g_assert_true (gtk_widget_activate_action (page, "browse.suspend", NULL));
  g_assert_false (kt_progress_is_suspended (progress, card_id));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  g_assert_cmpstr (gtk_button_get_label (suspend_button), ==, "Suspend");
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new);
  g_assert_null (kt_test_ui_find_label (GTK_WIDGET (ui.card_list), row_text));

  /* Buried by an import, until the end of today */
  kt_progress_get_day_bounds (progress, g_get_real_time (), &day_start_us, &day_end_us);
  kt_progress_bury (progress, &card_id, 1, day_end_us);
  g_assert_cmpstr (gtk_label_get_text (hold_label), ==, "Buried until tomorrow");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new - 1);
  kt_progress_bury (progress, &card_id, 1, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hold_label)));
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new);
}

/* Deletes @file and, for a folder, everything in it. */
static void
delete_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL)
    {
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) || child == NULL)
        break;
      delete_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

/* The card view says where a card sits: its topic, the headings above it
 * in its note and its own heading, but not a heading that is its
 * question; of a very long heading, its start. */
static void
test_browse_page_card_place (void)
{
  Ui ui;
  GtkLabel *place;
  g_autoptr(KtCard) grouped = kt_card_new ("p:1", "p", "Factory", "Классические паттерны",
                                           "Зачем нужна фабрика?", "Чтобы…", NULL, NULL,
                                           NULL, 1);
  g_autoptr(KtCard) heading = kt_card_new ("p:2", "p", "What is the GIL?", "Basics",
                                           "What is the GIL?", "A lock.", NULL, NULL, NULL, 9);
  g_autofree char *heading_line = g_strnfill (100000, 'h');
  g_autoptr(KtCard) long_context = kt_card_new ("p:3", "p", NULL, heading_line, "Why?", "Because.",
                                                NULL, NULL, NULL, 12);

  ui_get (&ui);
  place = kt_test_ui_child (ui.card_view, KT_TYPE_CARD_VIEW, "topic_label");

  kt_card_view_set_card (ui.card_view, grouped);
  g_object_set (ui.card_view, "topic-title", "Programming Patterns", NULL);
  g_assert_cmpstr (gtk_label_get_text (place), ==,
                   "Programming Patterns › Классические паттерны › Factory");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (place)));

  kt_card_view_set_card (ui.card_view, heading);
  g_object_set (ui.card_view, "topic-title", NULL, NULL);
  g_assert_cmpstr (gtk_label_get_text (place), ==, "Basics");

  /* A heading that is a whole line of a hostile deck: its start only */
  kt_card_view_set_card (ui.card_view, long_context);
  g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (place), -1), ==, 300);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (place), "hhh"));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (place), "…"));

  kt_card_view_set_card (ui.card_view, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (place)));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("kartoteka-test-XXXXXX", &error);
  g_autoptr(GFile) data_folder = NULL;
  int status;

  /* A user data folder of our own, set before anything reads it, so the
   * user deck folder holds nothing of the user's. Not
   * G_TEST_OPTION_ISOLATE_DIRS: it swaps the folder per test case and
   * deletes the old one, which the app watches (and gtk_test_init()
   * ignores its options on GTK 4.8). */
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  data_folder = g_file_new_for_path (data_home);

  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/browse-page/topics", test_browse_page_topics);
  g_test_add_func ("/browse-page/search", test_browse_page_search);
  g_test_add_func ("/browse-page/previous-next", test_browse_page_previous_next);
  g_test_add_func ("/browse-page/card-place", test_browse_page_card_place);
  g_test_add_func ("/browse-page/suspend", test_browse_page_suspend);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);
  delete_tree (data_folder);

  return status;
}
