/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar and the Study page of the real application under Xvfb,
 * driven in-process through actions and kt_study_page_handle_key(): the
 * seed topics with their counts, revealing an answer and its code block,
 * rating, undo, and the keys 1–4 and Ctrl+Z matched by keycode as well as
 * by keyval (a Russian layout).
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "kt-application.h"
#include "kt-card-view.h"
#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-progress.h"
#include "kt-sidebar.h"
#include "kt-study-page.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-window.h"

/* One application for the process: a second one could not register. */
static KtApplication *app;

static gboolean
library_is_loaded (gpointer data)
{
  return !kt_library_get_loading (KT_LIBRARY (data));
}

static gboolean
revealer_is_open (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

static gboolean
label_has_text (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_source_view (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_SOURCE_IS_VIEW (widget);
}

/* The first hardware keycode that produces @keyval in the current keymap. */
static guint
keycode_for (guint keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  g_assert_true (gdk_display_map_keyval (gdk_display_get_default (), keyval, &keys, &n_keys));
  g_assert_cmpint (n_keys, >, 0);

  return keys[0].keycode;
}

typedef struct
{
  KtWindow     *window;
  KtLibrary    *library;
  KtProgress   *progress;
  GListModel   *topics;
  KtStudyPage  *page;
  KtCardView   *card_view;
  GtkLabel     *question_label;
  GtkLabel     *position_label;
  GtkStack     *stack;
  GtkRevealer  *answer_revealer;
} Ui;

/* Starts the application once, shows its window and waits until the
 * library has loaded; fills @ui with what the tests look at. */
static void
ui_get (Ui *ui)
{
  if (gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL)
    {
      /* Tests run beside each other and beside a running Kartoteka. */
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) |
                               G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
      g_application_activate (G_APPLICATION (app));
    }

  ui->window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (KT_IS_WINDOW (ui->window));
  kt_test_wait_until (kt_test_ui_is_mapped, ui->window);

  /* Borrowed: the window holds them. */
  g_object_get (ui->window, "library", &ui->library, "progress", &ui->progress,
                "topics", &ui->topics, NULL);
  g_object_unref (ui->library);
  g_object_unref (ui->progress);
  g_object_unref (ui->topics);
  kt_test_wait_until (library_is_loaded, ui->library);

  ui->page = kt_test_ui_child (ui->window, KT_TYPE_WINDOW, "study_page");
  ui->card_view = kt_test_ui_child (ui->page, KT_TYPE_STUDY_PAGE, "card_view");
  ui->position_label = kt_test_ui_child (ui->page, KT_TYPE_STUDY_PAGE, "position_label");
  ui->stack = kt_test_ui_child (ui->page, KT_TYPE_STUDY_PAGE, "stack");
  ui->question_label = kt_test_ui_child (ui->card_view, KT_TYPE_CARD_VIEW, "question_label");
  ui->answer_revealer = kt_test_ui_child (ui->card_view, KT_TYPE_CARD_VIEW, "answer_revealer");
}

/* Starts a fresh study session over the topic at @position. */
static void
study_topic (Ui    *ui,
             guint  position)
{
  g_autoptr(KtTopic) topic = g_list_model_get_item (ui->topics, position);

  g_assert_cmpuint (position, >, 0);
  kt_window_select_topic (ui->window, 0);
  kt_window_select_topic (ui->window, position);
  g_assert_true (kt_window_get_topic (ui->window) == topic);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui->stack), ==, "card");
}

static KtCard *
current_card (Ui *ui)
{
  KtStudySession *session = kt_study_page_get_session (ui->page);

  g_assert_nonnull (session);
  return kt_study_session_get_current_card (session);
}

/* Undoes every answer of the session, leaving the progress as it was. */
static void
undo_all (Ui *ui)
{
  KtStudySession *session = kt_study_page_get_session (ui->page);

  while (kt_study_session_can_undo (session))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->page), "study.undo", NULL));
  g_assert_cmpuint (kt_progress_get_n_records (ui->progress), ==, 0);
}

/* The page says "N of TOTAL" for the session's position @n. */
static void
assert_position (Ui    *ui,
                 guint  n)
{
  KtStudySession *session = kt_study_page_get_session (ui->page);
  g_autofree char *text = g_strdup_printf ("%u of %u", n, kt_study_session_get_total (session));

  g_assert_cmpuint (kt_study_session_get_position (session), ==, n);
  g_assert_cmpstr (gtk_label_get_text (ui->position_label), ==, text);
}

static void
assert_last_answer (Ui         *ui,
                    KtCard     *card,
                    KtRating    rating)
{
  guint n = kt_progress_get_n_log_entries (ui->progress);
  const KtReviewLogEntry *entry;

  g_assert_cmpuint (n, >, 0);
  entry = kt_progress_get_log_entry (ui->progress, n - 1);
  g_assert_cmpstr (entry->card_id, ==, kt_card_get_id (card));
  g_assert_cmpint (entry->rating, ==, rating);
  g_assert_nonnull (kt_progress_lookup (ui->progress, kt_card_get_id (card)));
}

/* ---------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------ */

typedef struct
{
  const char *title;
  const char *count;
} RowText;

static gboolean
row_shows (GtkWidget     *widget,
           gconstpointer  data)
{
  const RowText *row = data;
  GtkWidget *count;

  if (!label_has_text (widget, row->title) || !gtk_widget_get_mapped (widget))
    return FALSE;
  count = gtk_widget_get_last_child (gtk_widget_get_parent (widget));

  return GTK_IS_LABEL (count) && gtk_widget_get_mapped (count) &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (count)), row->count);
}

typedef struct
{
  GtkWidget *list;
  RowText    row;
} SidebarRow;

static gboolean
sidebar_shows (gpointer data)
{
  SidebarRow *s = data;

  return kt_test_ui_find (s->list, row_shows, &s->row) != NULL;
}

/* "All Topics" first, then both seed topics, each with its card count,
 * in the model and in the rows on screen. */
static void
test_study_page_sidebar (void)
{
  Ui ui;
  guint seed000, seed002;
  struct { guint position; guint n_cards; } expected[3];
  GtkWidget *list;

  ui_get (&ui);
  list = kt_test_ui_child (kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "sidebar"), KT_TYPE_SIDEBAR,
                          "topic_list");

  g_assert_cmpuint (g_list_model_get_n_items (ui.topics), ==, 3);
  seed000 = kt_test_topic_with_question (ui.topics, "Что делает asyncio.gather()?");
  seed002 = kt_test_topic_with_question (ui.topics, "Что делает event loop?");
  g_assert_cmpuint (seed000, !=, seed002);

  expected[0].position = 0, expected[0].n_cards = 14;
  expected[1].position = seed000, expected[1].n_cards = 10;
  expected[2].position = seed002, expected[2].n_cards = 4;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (ui.topics, expected[i].position);
      g_autofree char *count = g_strdup_printf ("%u", expected[i].n_cards);
      SidebarRow s = { list, { kt_topic_get_title (topic), count } };

      g_test_message ("topic %u: “%s” (%s), %u cards", expected[i].position,
                      kt_topic_get_title (topic), kt_topic_get_id (topic),
                      g_list_model_get_n_items (G_LIST_MODEL (topic)));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (topic)), ==, expected[i].n_cards);
      g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, expected[i].n_cards);
      g_assert_cmpuint (kt_topic_get_n_new (topic), ==, expected[i].n_cards);
      g_assert_cmpstr (kt_topic_get_title (topic), !=, "");
      kt_test_wait_until (sidebar_shows, &s);
    }

  {
    g_autoptr(KtTopic) all = g_list_model_get_item (ui.topics, 0);
    g_assert_true (all == kt_library_get_all (ui.library));
    g_assert_cmpstr (kt_topic_get_title (all), ==, "All Topics");
  }
}

/* Reveal shows the answer, and for the Event Loop card its Python code;
 * rating moves on and records progress; study.undo goes back. */
static void
test_study_page_reveal_rate_undo (void)
{
  Ui ui;
  KtCard *first, *second;
  GtkWidget *label, *view;
  GtkTextBuffer *buffer;
  GtkSourceLanguage *language;
  g_autofree char *code = NULL;
  GtkTextIter start, end;
  guint n_log;

  ui_get (&ui);
  study_topic (&ui, kt_test_topic_with_question (ui.topics, "Что делает event loop?"));
  n_log = kt_progress_get_n_log_entries (ui.progress);

  first = current_card (&ui);
  g_assert_cmpstr (kt_card_get_question (first), ==,
                   "Когда использовать async, а когда потоки или процессы?");
  g_assert_cmpstr (gtk_label_get_text (ui.question_label), ==, kt_card_get_question (first));
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "1 of 4");
  kt_test_wait_until (kt_test_ui_is_mapped, ui.question_label);

  /* The answer is there but hidden until revealed. */
  g_assert_nonnull (strstr (kt_card_get_answer (first), "I/O-bound"));
  label = kt_test_ui_find (GTK_WIDGET (ui.card_view), label_contains, "I/O-bound");
  g_assert_nonnull (label);
  g_assert_false (kt_card_view_get_revealed (ui.card_view));
  g_assert_false (gtk_revealer_get_reveal_child (ui.answer_revealer));
  g_assert_false (gtk_widget_get_mapped (label));

  /* Rating needs the answer shown first. */
  gtk_widget_activate_action (GTK_WIDGET (ui.page), "study.rate", "u", KT_RATING_GOOD);
  g_assert_true (current_card (&ui) == first);
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (first)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.page), "study.reveal", NULL));
  g_assert_true (kt_card_view_get_revealed (ui.card_view));
  g_assert_true (gtk_revealer_get_reveal_child (ui.answer_revealer));
  kt_test_wait_until (revealer_is_open, ui.answer_revealer);
  kt_test_wait_until (kt_test_ui_is_mapped, label);
  g_assert_true (gtk_widget_get_child_visible (gtk_revealer_get_child (ui.answer_revealer)));

  /* Rating advances to the second card, the Event Loop. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.page), "study.rate", "u",
                                             KT_RATING_GOOD));
  assert_last_answer (&ui, first, KT_RATING_GOOD);
  g_assert_cmpuint (kt_progress_get_n_log_entries (ui.progress), ==, n_log + 1);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (ui.position_label), "2 of "));
  assert_position (&ui, 2);
  second = current_card (&ui);
  g_assert_true (second != first);
  g_assert_cmpstr (kt_card_get_title (second), ==, "Event Loop");
  g_assert_cmpstr (gtk_label_get_text (ui.question_label), ==, "Что делает event loop?");
  g_assert_false (kt_card_view_get_revealed (ui.card_view));
  g_assert_false (gtk_revealer_get_reveal_child (ui.answer_revealer));

  /* Its back holds the code block, highlighted as Python. */
  view = kt_test_ui_find (GTK_WIDGET (ui.card_view), is_source_view, NULL);
  g_assert_nonnull (view);
  g_assert_false (gtk_widget_get_mapped (view));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  code = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (code, "asyncio.run(main())"));
  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer));
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "python3");
  g_assert_true (gtk_source_buffer_get_highlight_syntax (GTK_SOURCE_BUFFER (buffer)));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.page), "study.reveal", NULL));
  kt_test_wait_until (revealer_is_open, ui.answer_revealer);
  kt_test_wait_until (kt_test_ui_is_mapped, view);
  label = kt_test_ui_find (GTK_WIDGET (ui.card_view), label_contains,
                       "Он управляет выполнением корутин");
  g_assert_nonnull (label);
  kt_test_wait_until (kt_test_ui_is_mapped, label);

  /* Undo brings the first card back as new. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.page), "study.undo", NULL));
  g_assert_true (current_card (&ui) == first);
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (first)));
  g_assert_cmpuint (kt_progress_get_n_log_entries (ui.progress), ==, n_log);
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "1 of 4");
  g_assert_cmpstr (gtk_label_get_text (ui.question_label), ==, kt_card_get_question (first));
  g_assert_false (kt_card_view_get_revealed (ui.card_view));
  g_assert_false (kt_study_session_can_undo (kt_study_page_get_session (ui.page)));

  undo_all (&ui);
}

/* Space reveals; 1–4 rate only once the answer shows, by keyval or by
 * keycode alone; Ctrl+Z undoes, also where Z types "я". */
static void
test_study_page_keys (void)
{
  Ui ui;
  KtCard *cards[4];
  guint kc_z = 0, kc_space = 0, kc_return = 0, kc_digit[4];

  ui_get (&ui);
  study_topic (&ui, kt_test_topic_with_question (ui.topics, "Что делает asyncio.gather()?"));

  kc_z = keycode_for (GDK_KEY_z);
  kc_space = keycode_for (GDK_KEY_space);
  kc_return = keycode_for (GDK_KEY_Return);
  for (guint i = 0; i < 4; i++)
    kc_digit[i] = keycode_for (GDK_KEY_1 + i);

  /* Nothing to undo yet. */
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_z, kc_z, GDK_CONTROL_MASK));

  /* 1: a digit before the answer shows is not used; Space reveals once. */
  cards[0] = current_card (&ui);
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "1 of 10");
  g_assert_cmpstr (gtk_label_get_text (ui.question_label), ==, kt_card_get_question (cards[0]));
  for (guint i = 0; i < 4; i++)
    {
      g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_1 + i, kc_digit[i], 0));
      g_assert_false (kt_study_page_handle_key (ui.page, 0, kc_digit[i], 0));
    }
  g_assert_true (current_card (&ui) == cards[0]);
  g_assert_false (kt_card_view_get_revealed (ui.card_view));
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);

  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
  g_assert_true (kt_card_view_get_revealed (ui.card_view));
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
  /* Ctrl+1 is not a rating. */
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_1, kc_digit[0], GDK_CONTROL_MASK));
  g_assert_true (current_card (&ui) == cards[0]);

  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_1, kc_digit[0], 0));
  assert_last_answer (&ui, cards[0], KT_RATING_AGAIN);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (ui.position_label), "2 of "));
  assert_position (&ui, 2);

  /* 2: Enter reveals, keypad 2 rates Hard. */
  cards[1] = current_card (&ui);
  g_assert_true (cards[1] != cards[0]);
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_2, kc_digit[1], 0));
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_Return, kc_return, 0));
  g_assert_true (kt_card_view_get_revealed (ui.card_view));
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_KP_2, keycode_for (GDK_KEY_KP_2), 0));
  assert_last_answer (&ui, cards[1], KT_RATING_HARD);
  assert_position (&ui, 3);

  /* 3: only the keycode of "3" (a layout whose key types something else). */
  cards[2] = current_card (&ui);
  g_assert_true (cards[2] != cards[1]);
  g_assert_false (kt_study_page_handle_key (ui.page, 0, kc_digit[2], 0));
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
  g_assert_true (kt_study_page_handle_key (ui.page, 0, kc_digit[2], 0));
  assert_last_answer (&ui, cards[2], KT_RATING_GOOD);
  assert_position (&ui, 4);

  /* 4: an odd keyval on the key of "4". */
  cards[3] = current_card (&ui);
  g_assert_true (cards[3] != cards[2]);
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_semicolon, kc_digit[3], 0));
  assert_last_answer (&ui, cards[3], KT_RATING_EASY);
  assert_position (&ui, 5);
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 4);

  /* Ctrl+Z by keyval, then with a Russian layout (keyval "я", keycode of Z). */
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_z, kc_z, GDK_CONTROL_MASK));
  g_assert_true (current_card (&ui) == cards[3]);
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (cards[3])));
  assert_position (&ui, 4);
  g_assert_cmpstr (gtk_label_get_text (ui.question_label), ==, kt_card_get_question (cards[3]));

  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_Cyrillic_ya, kc_z, GDK_CONTROL_MASK));
  g_assert_true (current_card (&ui) == cards[2]);
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (cards[2])));
  assert_position (&ui, 3);

  /* Caps Lock does not get in the way. */
  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_Cyrillic_YA, kc_z,
                                           GDK_CONTROL_MASK | GDK_LOCK_MASK));
  g_assert_true (current_card (&ui) == cards[1]);
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (cards[1])));

  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_Cyrillic_ya, kc_z, GDK_CONTROL_MASK));
  g_assert_true (current_card (&ui) == cards[0]);
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "1 of 10");
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_Cyrillic_ya, kc_z, GDK_CONTROL_MASK));

  /* Digits are dead again until the restored card is revealed. */
  g_assert_false (kt_card_view_get_revealed (ui.card_view));
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_3, kc_digit[2], 0));
  g_assert_true (current_card (&ui) == cards[0]);
}

/* Answering every card shows the finished page; undo returns from it. */
static void
test_study_page_finish (void)
{
  Ui ui;
  KtCard *last = NULL;
  guint kc_space, kc_4;

  ui_get (&ui);
  study_topic (&ui, kt_test_topic_with_question (ui.topics, "Что делает event loop?"));
  kc_space = keycode_for (GDK_KEY_space);
  kc_4 = keycode_for (GDK_KEY_4);

  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *position = g_strdup_printf ("%u of 4", i);

      g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.stack), ==, "card");
      g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, position);
      last = current_card (&ui);
      g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
      g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_4, kc_4, 0));
    }

  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.stack), ==, "finished");
  g_assert_true (kt_study_session_get_finished (kt_study_page_get_session (ui.page)));
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 4);
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_space, kc_space, 0));
  g_assert_false (kt_study_page_handle_key (ui.page, GDK_KEY_4, kc_4, 0));

  g_assert_true (kt_study_page_handle_key (ui.page, GDK_KEY_z, keycode_for (GDK_KEY_z),
                                           GDK_CONTROL_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.stack), ==, "card");
  g_assert_true (current_card (&ui) == last);
  g_assert_cmpstr (gtk_label_get_text (ui.position_label), ==, "4 of 4");
  g_assert_null (kt_progress_lookup (ui.progress, kt_card_get_id (last)));

  undo_all (&ui);
}

/* Writes @text to @name in @dir (deletes it for %NULL), loads it into
 * @library and waits until everything is merged. */
static void
load_deck (KtLibrary  *library,
           const char *dir,
           const char *name,
           const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (text != NULL)
    g_file_set_contents (path, text, -1, &error);
  else
    g_remove (path);
  g_assert_no_error (error);
  kt_library_load_file (library, file);
  kt_test_wait_until (library_is_loaded, library);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* While decks load, an empty topic shows a blank page, not "Nothing to
 * Study"; once loaded, its cards or the empty state with its icon. */
static void
test_study_page_loading (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-loading-XXXXXX", &error);
  g_autofree char *deck = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KtProgress) progress = kt_progress_new (settings);
  g_autoptr(KtLibrary) library = kt_library_new ();
  KtStudyPage *page = g_object_ref_sink (g_object_new (KT_TYPE_STUDY_PAGE,
                                                       "progress", progress,
                                                       "library", library,
                                                       NULL));
  GtkStack *stack = kt_test_ui_child (page, KT_TYPE_STUDY_PAGE, "stack");
  AdwStatusPage *empty_page = kt_test_ui_child (page, KT_TYPE_STUDY_PAGE, "empty_page");
  GtkLabel *position_label = kt_test_ui_child (page, KT_TYPE_STUDY_PAGE, "position_label");
  KtCardView *card_view = kt_test_ui_child (page, KT_TYPE_STUDY_PAGE, "card_view");
  KtTopic *all = kt_library_get_all (library);

  g_assert_no_error (error);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  g_assert_null (adw_status_page_get_icon_name (empty_page));

  deck = g_build_filename (dir, "deck.txt", NULL);
  g_file_set_contents (deck, "1. Question?\nAnswer: Yes.\n", -1, &error);
  g_assert_no_error (error);
  folder = g_file_new_for_path (dir);
  kt_library_add_folder (library, folder);
  kt_study_page_set_topic (page, all);
  g_assert_true (kt_library_get_loading (library));
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");

  kt_test_wait_until (library_is_loaded, library);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "card");
  g_assert_cmpstr (gtk_label_get_text (position_label), ==, "1 of 1");

  /* Before the first answer, new cards join the session; after it, not */
  load_deck (library, dir, "second.txt", "1. Second?\nAnswer: Yes.\n");
  g_assert_cmpstr (gtk_label_get_text (position_label), ==, "1 of 2");
  kt_card_view_set_revealed (card_view, TRUE);
  load_deck (library, dir, "third.txt", "1. Third?\nAnswer: Yes.\n");
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (position_label), ==, "1 of 2");

  /* The decks gone: nothing to study */
  load_deck (library, dir, "deck.txt", NULL);
  load_deck (library, dir, "second.txt", NULL);
  load_deck (library, dir, "third.txt", NULL);
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_icon_name (empty_page), ==, "object-select-symbolic");

  g_object_unref (page);
  g_rmdir (dir);
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

  g_test_add_func ("/study-page/sidebar", test_study_page_sidebar);
  g_test_add_func ("/study-page/reveal-rate-undo", test_study_page_reveal_rate_undo);
  g_test_add_func ("/study-page/keys", test_study_page_keys);
  g_test_add_func ("/study-page/finish", test_study_page_finish);
  g_test_add_func ("/study-page/loading", test_study_page_loading);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);
  delete_tree (data_folder);

  return status;
}
