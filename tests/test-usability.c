/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rough edges a new user hit (issue 19), driven as a person would:
 * real key presses and clicks through the X server (kt-test-ui.c, on a
 * display of this test's own), then the focus, the selection and the
 * text on screen asserted. It runs twice, in English and in Russian
 * (LANGUAGE=ru): every text a person reads is checked in both.
 *
 * The tests run in order on one window and leave the progress as they
 * found it.
 *
 * Over a thousand lines in one file: one window driven in order, each case
 * leaving it as the next expects.
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
#include "kt-preferences-window.h"
#include "kt-progress-json.h"
#include "kt-stats-page.h"
#include "kt-study-page.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-window.h"

#define AWAIT_QUESTION "Что делает `await`?"
#define AWAIT_SHOWN    "Что делает await?"
#define LOOP_QUESTION  "Что делает event loop?"

static KtApplication *app;
static gboolean russian;

/* What a person reads, in the language the test runs in. */
#define T(en, ru) (russian ? (ru) : (en))

typedef struct
{
  GtkWindow    *window;
  KtLibrary    *library;
  KtProgress   *progress;
  GSettings    *settings;
  GListModel   *topics;
  AdwLeaflet   *leaflet;
  AdwViewStack *view_stack;
  KtStudyPage  *study;
  KtBrowsePage *browse;
  KtCardView   *study_card;
  KtCardView   *browse_card;
  GtkStack     *study_stack;
  GtkWidget    *reveal_button;
  GtkWidget    *search_entry;
  GtkListView  *card_list;
} Ui;

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------ */

static gboolean
widget_is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
all_topics_filled (gpointer data)
{
  Ui *ui = data;
  g_autoptr(GListModel) all = g_list_model_get_item (ui->topics, 0);

  return !kt_library_get_loading (ui->library) && g_list_model_get_n_items (all) == 14;
}

static void
ui_get (Ui *ui)
{
  GtkWidget *window;

  if (gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL)
    {
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) |
                               G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
      g_application_activate (G_APPLICATION (app));
    }

  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ui->window = GTK_WINDOW (window);
  kt_test_wait_until (kt_test_ui_is_mapped, window);
  g_object_get (window, "library", &ui->library, "progress", &ui->progress,
                "settings", &ui->settings, "topics", &ui->topics, NULL);
  /* Borrowed: the window holds them. */
  g_object_unref (ui->library);
  g_object_unref (ui->progress);
  g_object_unref (ui->settings);
  g_object_unref (ui->topics);
  kt_test_wait_until (all_topics_filled, ui);

  ui->leaflet = kt_test_ui_child (window, KT_TYPE_WINDOW, "leaflet");
  ui->view_stack = kt_test_ui_child (window, KT_TYPE_WINDOW, "view_stack");
  ui->study = kt_test_ui_child (window, KT_TYPE_WINDOW, "study_page");
  ui->browse = kt_test_ui_child (window, KT_TYPE_WINDOW, "browse_page");
  ui->study_card = kt_test_ui_child (ui->study, KT_TYPE_STUDY_PAGE, "card_view");
  ui->study_stack = kt_test_ui_child (ui->study, KT_TYPE_STUDY_PAGE, "stack");
  ui->reveal_button = kt_test_ui_child (ui->study_card, KT_TYPE_CARD_VIEW, "reveal_button");
  ui->browse_card = kt_test_ui_child (ui->browse, KT_TYPE_BROWSE_PAGE, "card_view");
  ui->search_entry = kt_test_ui_child (ui->browse, KT_TYPE_BROWSE_PAGE, "search_entry");
  ui->card_list = kt_test_ui_child (ui->browse, KT_TYPE_BROWSE_PAGE, "card_list");
  kt_test_ui_focus_window (ui->window);
}

/* A fresh session over the topic at @position, shown on the Study page. */
static void
study_topic (Ui    *ui,
             guint  position)
{
  kt_window_select_topic (KT_WINDOW (ui->window), position == 0 ? 1 : 0);
  kt_window_select_topic (KT_WINDOW (ui->window), position);
  kt_test_ui_press (ui->window, "<Alt>1");
}

static KtStudySession *
session (Ui *ui)
{
  return kt_study_page_get_session (ui->study);
}

static void
undo_all (Ui *ui)
{
  while (kt_study_session_can_undo (session (ui)))
    kt_test_ui_press (ui->window, "<Control>z");
  g_assert_cmpuint (kt_progress_get_n_records (ui->progress), ==, 0);
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
}

/* The toast shown in @overlay, or NULL. */
static GtkWidget *
shown_toast (gpointer overlay)
{
  GtkWidget *toast = kt_test_ui_find (GTK_WIDGET (overlay), is_toast, NULL);

  return toast != NULL && gtk_widget_get_mapped (toast) ? toast : NULL;
}

static gboolean
has_toast (gpointer overlay)
{
  return shown_toast (overlay) != NULL;
}

static gboolean
is_back_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "go-previous-symbolic") == 0 &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "browse.previous") != 0;
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *target)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, target, &bounds));
  return bounds;
}

static gboolean
search_is_done (gpointer data)
{
  return !kt_browse_page_get_searching (KT_BROWSE_PAGE (data));
}

/* The entry starts a search 80 ms after the last key; then it runs. */
static void
wait_for_search (Ui *ui)
{
  kt_test_ui_spin (200);
  kt_test_wait_until (search_is_done, ui->browse);
  kt_test_ui_settle (ui->window);
}

static guint
selected (Ui *ui)
{
  GtkSelectionModel *model = gtk_list_view_get_model (ui->card_list);

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
}

/* Neither the question nor any other card text is focused or selected. */
static void
assert_text_untouched (Ui         *ui,
                       KtCardView *view)
{
  GtkLabel *question = kt_test_ui_child (view, KT_TYPE_CARD_VIEW, "question_label");
  int start, end;

  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (question)));
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (question)));
  g_assert_false (gtk_label_get_selection_bounds (question, &start, &end));
  g_assert_false (GTK_IS_LABEL (kt_test_ui_focus (ui->window)));
}

/* ---------------------------------------------------------------------
 * 12. Focus at start-up, after page switches and after a dialog
 * ------------------------------------------------------------------ */

static void
test_focus (void)
{
  Ui ui;
  GtkWidget *stats;
  GtkWindow *prefs = NULL;

  ui_get (&ui);

  /* Start-up: Show Answer, not Import. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "card");
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);

  kt_test_ui_press (ui.window, "<Alt>2");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.search_entry));

  kt_test_ui_press (ui.window, "<Alt>3");
  stats = adw_view_stack_get_visible_child (ui.view_stack);
  g_assert_true (kt_test_ui_focus_in (ui.window, stats));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (kt_test_ui_focus (ui.window)));

  kt_test_ui_press (ui.window, "<Alt>1");
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);

  /* Preferences open and close with the keyboard; the focus comes back. */
  kt_test_ui_press (ui.window, "<Control>comma");
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KT_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  g_object_ref (prefs);
  kt_test_wait_until (kt_test_ui_is_mapped, prefs);
  kt_test_ui_focus_window (prefs);
  kt_test_ui_press (prefs, "Escape");
  kt_test_wait_until (widget_is_unmapped, prefs);
  g_object_unref (prefs);
  kt_test_ui_focus_window (ui.window);
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);
}

/* ---------------------------------------------------------------------
 * 1 and 13. Space on the finished page; durations in words
 * ------------------------------------------------------------------ */

static void
test_finished_page (void)
{
  Ui ui;
  AdwStatusPage *finished;
  guint n_log;
  g_autofree char *title = NULL;

  ui_get (&ui);
  finished = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "finished_page");
  /* Exact intervals, to read them: Easy on a new card is 8 days. */
  g_settings_set_boolean (ui.settings, "enable-fuzz", FALSE);
  study_topic (&ui, kt_test_topic_with_question (ui.topics, LOOP_QUESTION));

  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);
      kt_test_ui_press (ui.window, "space");
      g_assert_true (kt_card_view_get_revealed (ui.study_card));
      kt_test_ui_press (ui.window, "4");
    }

  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "finished");
  /* The page itself has the focus, not Undo */
  g_assert_true (kt_test_ui_focus (ui.window) == GTK_WIDGET (finished));
  g_assert_nonnull (strstr (adw_status_page_get_description (finished),
                            T ("The next card is due in 8 days.", "Следующая карточка — через 8 дней.")));

  /* Habit: Space and Enter do nothing here */
  n_log = kt_progress_get_n_log_entries (ui.progress);
  kt_test_ui_press (ui.window, "space");
  kt_test_ui_press (ui.window, "Return");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "finished");
  g_assert_cmpuint (kt_progress_get_n_log_entries (ui.progress), ==, n_log);
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 4);

  /* Undo is Ctrl+Z; the card comes back with the focus on Show Answer. */
  kt_test_ui_press (ui.window, "<Control>z");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "card");
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);

  /* 13: Alt+Tab reads the app's name, whatever the topic. */
  g_object_get (ui.window, "title", &title, NULL);
  g_assert_cmpstr (title, ==, T ("Kartoteka", "Картотека"));

  undo_all (&ui);
  g_settings_reset (ui.settings, "enable-fuzz");
}

/* ---------------------------------------------------------------------
 * 6. After undo, the "Answered" toast no longer stands with a grey Undo
 * ------------------------------------------------------------------ */

static gboolean
is_mapped_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static void
test_undo_toast (void)
{
  Ui ui;
  GtkWidget *overlay, *label;
  const char *undo = T ("_Undo", "_Отменить");

  ui_get (&ui);
  overlay = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "toast_overlay");
  study_topic (&ui, kt_test_topic_with_question (ui.topics, LOOP_QUESTION));

  kt_test_ui_press (ui.window, "space");
  kt_test_ui_press (ui.window, "1");
  kt_test_wait_until (has_toast, overlay);
  label = kt_test_ui_find_label (shown_toast (overlay), T ("Answered: Again", "Ответ: Снова"));
  g_assert_nonnull (label);
  g_assert_nonnull (kt_test_ui_find (shown_toast (overlay), is_mapped_button, undo));
  /* On one line in a wide window: it wrapped after "Answered:". */
  kt_test_ui_spin (600);
  kt_test_ui_settle (ui.window);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, 1);

  /* Answers in a row: one toast, saying the last */
  kt_test_ui_press (ui.window, "space");
  kt_test_ui_press (ui.window, "3");
  g_assert_nonnull (kt_test_ui_find_label (shown_toast (overlay), T ("Answered: Good", "Ответ: Хорошо")));

  kt_test_ui_press (ui.window, "<Control>z");
  g_assert_nonnull (kt_test_ui_find_label (shown_toast (overlay), T ("Answer undone", "Ответ отменён")));
  g_assert_null (kt_test_ui_find (shown_toast (overlay), is_mapped_button, undo));
  kt_test_ui_press (ui.window, "<Control>z");
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);
}

/* ---------------------------------------------------------------------
 * One focus ring: the card's area draws its own only while it holds the
 * focus, not while Show Answer in it does
 * ------------------------------------------------------------------ */

/* Whether @widget draws a ring in the accent colour: the pixel 1 px in
 * from its left edge, halfway down, as rendered. */
static gboolean
draws_outline (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree guchar *pixels = g_malloc (4 * width * height);
  const guchar *pixel = pixels + 4 * (width * (height / 2) + 1);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, 4 * width);
  /* B, G, R, A in memory: blue well above red. */
  return pixel[0] > pixel[2] + 40;
}

static void
test_one_focus_ring (void)
{
  Ui ui;
  GtkWidget *area;

  ui_get (&ui);
  area = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "scroller");
  study_topic (&ui, kt_test_topic_with_question (ui.topics, LOOP_QUESTION));
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);
  g_assert_true (gtk_window_get_focus_visible (ui.window));
  kt_test_ui_settle (ui.window);
  g_assert_false (draws_outline (area));

  kt_test_ui_press (ui.window, "space");
  g_assert_true (kt_test_ui_focus (ui.window) != ui.reveal_button);
  gtk_widget_grab_focus (area);
  kt_test_ui_settle (ui.window);
  g_assert_true (draws_outline (area));
}

/* ---------------------------------------------------------------------
 * 2. Markdown in the question heading, the list rows and the subtitle
 * ------------------------------------------------------------------ */

static void
test_markdown_questions (void)
{
  Ui ui;
  GtkLabel *question;
  AdwViewSwitcherTitle *switcher;
  g_autoptr(KtTopic) topic = NULL;
  guint position;

  ui_get (&ui);
  position = kt_test_topic_with_question (ui.topics, AWAIT_QUESTION);
  topic = g_list_model_get_item (ui.topics, position);
  switcher = kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "switcher_title");

  /* Study: practice walks every card in order without recording. */
  kt_window_select_topic (KT_WINDOW (ui.window), position);
  kt_test_ui_press (ui.window, "<Alt>1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.study), "study.practice", NULL));
  question = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "question_label");
  while (!g_str_equal (kt_card_get_question (kt_study_session_get_current_card (session (&ui))),
                       AWAIT_QUESTION))
    {
      kt_test_ui_press (ui.window, "space");
      kt_test_ui_press (ui.window, "3");
    }
  g_assert_cmpstr (gtk_label_get_text (question), ==, AWAIT_SHOWN);
  g_assert_nonnull (strstr (gtk_label_get_label (question), "<tt>await</tt>"));
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);

  /* Browse: the row and the card's heading. */
  kt_test_ui_press (ui.window, "<Control>f");
  kt_test_ui_type (ui.window, "await");
  wait_for_search (&ui);
  g_assert_nonnull (kt_test_ui_find_label (GTK_WIDGET (ui.card_list), AWAIT_SHOWN));
  g_assert_null (kt_test_ui_find_label (GTK_WIDGET (ui.card_list), AWAIT_QUESTION));
  kt_test_ui_press (ui.window, "Tab");
  while (!g_str_equal (kt_card_get_question (kt_browse_page_get_selected (ui.browse)), AWAIT_QUESTION))
    kt_test_ui_press (ui.window, "Down");
  question = kt_test_ui_child (ui.browse_card, KT_TYPE_CARD_VIEW, "question_label");
  g_assert_cmpstr (gtk_label_get_text (question), ==, AWAIT_SHOWN);

  /* The header: the app's name, the topic under it. */
  g_assert_cmpstr (adw_view_switcher_title_get_title (switcher), ==, T ("Kartoteka", "Картотека"));
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (switcher), ==, kt_topic_get_title (topic));

  kt_test_ui_press (ui.window, "<Control>f");
  kt_test_ui_press (ui.window, "Escape");
  wait_for_search (&ui);
}

/* ---------------------------------------------------------------------
 * 3 and 4. ← and → in Browse; card text is content; the list one Tab stop
 * ------------------------------------------------------------------ */

static void
test_browse_keys (void)
{
  Ui ui;
  GtkWidget *scroller;
  guint start, typed;

  ui_get (&ui);
  scroller = kt_test_ui_child (ui.browse_card, KT_TYPE_CARD_VIEW, "scroller");
  kt_window_select_topic (KT_WINDOW (ui.window), 0);
  kt_test_ui_press (ui.window, "<Alt>2");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.search_entry));

  /* One Tab into the list, on the selected row. */
  kt_test_ui_press (ui.window, "Tab");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
  kt_test_ui_press (ui.window, "Home");
  start = selected (&ui);
  g_assert_cmpuint (start, ==, 0);

  /* → and ← step from the list, its cursor along. */
  kt_test_ui_press (ui.window, "Right");
  g_assert_cmpuint (selected (&ui), ==, 1);
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
  kt_test_ui_press (ui.window, "Right");
  g_assert_cmpuint (selected (&ui), ==, 2);
  kt_test_ui_press (ui.window, "Left");
  g_assert_cmpuint (selected (&ui), ==, 1);
  kt_test_ui_press (ui.window, "Down");
  g_assert_cmpuint (selected (&ui), ==, 2);
  assert_text_untouched (&ui, ui.browse_card);

  /* Enter: the card shows already, the focus stays, nothing is selected. */
  kt_test_ui_press (ui.window, "Return");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
  assert_text_untouched (&ui, ui.browse_card);

  /* One Tab out of the 14 rows, to the card; → steps from there too. */
  kt_test_ui_press (ui.window, "Tab");
  g_assert_true (kt_test_ui_focus (ui.window) == scroller);
  kt_test_ui_press (ui.window, "Right");
  g_assert_cmpuint (selected (&ui), ==, 3);
  kt_test_ui_press (ui.window, "Left");
  g_assert_cmpuint (selected (&ui), ==, 2);
  assert_text_untouched (&ui, ui.browse_card);

  /* Shift+Tab: back to the list in one press, then the search. */
  kt_test_ui_press (ui.window, "<Shift>Tab");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
  kt_test_ui_press (ui.window, "<Shift>Tab");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.search_entry));

  /* In the search entry the arrows move the caret, not the cards. */
  kt_test_ui_type (ui.window, "a");
  wait_for_search (&ui);
  typed = selected (&ui);
  kt_test_ui_press (ui.window, "Left");
  kt_test_ui_press (ui.window, "Right");
  g_assert_cmpuint (selected (&ui), ==, typed);
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.search_entry));
  kt_test_ui_press (ui.window, "Escape");
  wait_for_search (&ui);

  /* Round the whole window by Tab: no card text is ever a stop. */
  for (guint i = 0; i < 30; i++)
    {
      kt_test_ui_press (ui.window, "Tab");
      g_assert_nonnull (kt_test_ui_focus (ui.window));
      g_assert_false (GTK_IS_LABEL (kt_test_ui_focus (ui.window)));
    }
}

/* ---------------------------------------------------------------------
 * 7. Escape in the search; a search without results
 * ------------------------------------------------------------------ */

static void
test_search_escape (void)
{
  Ui ui;
  GtkStack *card_stack;
  AdwStatusPage *status;

  ui_get (&ui);
  card_stack = kt_test_ui_child (ui.browse, KT_TYPE_BROWSE_PAGE, "card_stack");
  status = kt_test_ui_child (ui.browse, KT_TYPE_BROWSE_PAGE, "card_status");
  kt_window_select_topic (KT_WINDOW (ui.window), 0);

  kt_test_ui_press (ui.window, "<Control>f");
  kt_test_ui_type (ui.window, "qzxq");
  wait_for_search (&ui);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.browse), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (card_stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, T ("Nothing to Show", "Нечего показать"));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), T ("“qzxq”", "«qzxq»")));

  /* The first Escape clears the search, the second leaves it. */
  kt_test_ui_press (ui.window, "Escape");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui.search_entry)), ==, "");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.search_entry));
  wait_for_search (&ui);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.browse), ==, 14);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (card_stack), ==, "card");

  kt_test_ui_press (ui.window, "Escape");
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
}

/* ---------------------------------------------------------------------
 * 5. A phone-width window
 * ------------------------------------------------------------------ */

static gboolean
stack_is_still (gpointer data)
{
  return !gtk_stack_get_transition_running (GTK_STACK (data));
}

static gboolean
leaflet_is_still (gpointer data)
{
  return !adw_leaflet_get_child_transition_running (ADW_LEAFLET (data));
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static gboolean
is_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (ADW_LEAFLET (data));
}

/* The row widget showing the card at @position of the list. */
static GtkWidget *
row_at (Ui    *ui,
        guint  position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (ui->card_list);
  g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (model), position);
  GtkWidget *label;

  g_assert_nonnull (card);
  label = kt_test_ui_find_label (GTK_WIDGET (ui->card_list), kt_card_get_question (card));
  g_assert_nonnull (label);

  return gtk_widget_get_parent (label);
}

static void
test_narrow (void)
{
  Ui ui;
  GtkWidget *back, *bar, *overlay, *sidebar;
  GtkWindow *narrow;
  AdwLeaflet *narrow_leaflet;
  AdwViewSwitcherTitle *switcher;
  AdwLeaflet *browse_leaflet;
  g_autoptr(KtTopic) topic = NULL;
  GtkWidget *summary, *source, *study_overlay, *toast_label;
  guint loop;
  int width, height;

  ui_get (&ui);
  study_overlay = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "toast_overlay");
  back = kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "back_button");
  sidebar = kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "sidebar");
  switcher = kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "switcher_title");
  overlay = kt_test_ui_child (ui.window, KT_TYPE_WINDOW, "content_toast_overlay");
  browse_leaflet = kt_test_ui_child (ui.browse, KT_TYPE_BROWSE_PAGE, "leaflet");
  loop = kt_test_topic_with_question (ui.topics, LOOP_QUESTION);
  topic = g_list_model_get_item (ui.topics, loop);

  gtk_window_get_default_size (ui.window, &width, &height);
  gtk_window_set_default_size (ui.window, 360, 720);
  kt_test_wait_until (is_folded, ui.leaflet);
  kt_test_ui_settle (ui.window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (ui.window)), <=, 380);

  kt_window_select_topic (KT_WINDOW (ui.window), loop);
  kt_test_ui_press (ui.window, "<Alt>2");
  wait_for_search (&ui);
  g_assert_cmpuint (kt_browse_page_get_n_shown (ui.browse), ==, 4);
  g_assert_true (adw_leaflet_get_folded (browse_leaflet));

  /* Where you are: the app's name, the topic under it. */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (switcher), ==, kt_topic_get_title (topic));

  /* One tap opens a card; one back button leads back. */
  kt_test_wait_until (leaflet_is_still, browse_leaflet);
  kt_test_ui_click (ui.window, row_at (&ui, 1));
  kt_test_wait_until (leaflet_is_still, browse_leaflet);
  g_assert_cmpuint (selected (&ui), ==, 1);
  g_assert_true (kt_browse_page_get_can_go_back (ui.browse));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ui.browse_card)));
  g_assert_true (kt_test_ui_find (GTK_WIDGET (ui.window), is_back_button, NULL) == back);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, T ("Back to the List", "Назад к списку"));
  kt_test_ui_click (ui.window, back);
  kt_test_wait_until (leaflet_is_still, browse_leaflet);
  g_assert_false (kt_browse_page_get_can_go_back (ui.browse));
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.card_list));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, T ("Back to Topics", "Назад к темам"));

  /* A toast stays above the view switcher bar. */
  bar = gtk_widget_get_next_sibling (overlay);
  g_assert_true (ADW_IS_VIEW_SWITCHER_BAR (bar));
  kt_window_show_toast (KT_WINDOW (ui.window), adw_toast_new ("Toast"));
  kt_test_wait_until (has_toast, overlay);
  /* Once it has slid in */
  kt_test_ui_spin (600);
  kt_test_ui_settle (ui.window);
  g_assert_cmpfloat (bounds_in (shown_toast (overlay), GTK_WIDGET (ui.window)).origin.y +
                     bounds_in (shown_toast (overlay), GTK_WIDGET (ui.window)).size.height, <=,
                     bounds_in (bar, GTK_WIDGET (ui.window)).origin.y);

  /* Text never overlaps: the source sits below the summary. */
  study_topic (&ui, loop);
  while (kt_card_get_summary (kt_study_session_get_current_card (session (&ui))) == NULL)
    {
      kt_test_ui_press (ui.window, "space");
      kt_test_ui_press (ui.window, "3");
    }
  kt_test_ui_press (ui.window, "space");
  summary = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "summary_section");
  source = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "source_label");
  kt_test_wait_until (kt_test_ui_is_mapped, source);
  kt_test_ui_settle (ui.window);
  g_assert_cmpfloat (bounds_in (summary, GTK_WIDGET (ui.window)).origin.y +
                     bounds_in (summary, GTK_WIDGET (ui.window)).size.height, <=,
                     bounds_in (source, GTK_WIDGET (ui.window)).origin.y);
  undo_all (&ui);

  /* Back, back: to the topics, and the focus with them. */
  kt_test_wait_until (stack_is_still, ui.study_stack);
  kt_test_ui_click (ui.window, back);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "sidebar");
  kt_test_wait_until (leaflet_is_still, ui.leaflet);
  g_assert_true (kt_test_ui_focus_in (ui.window, sidebar));

  /* One tap on a topic opens it, as one on a card does. */
  kt_window_select_topic (KT_WINDOW (ui.window), 0);
  kt_test_ui_click (ui.window, kt_test_ui_find_label (sidebar, kt_topic_get_title (topic)));
  kt_test_wait_until (leaflet_is_still, ui.leaflet);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "content");
  g_assert_cmpstr (kt_topic_get_title (kt_window_get_topic (KT_WINDOW (ui.window))), ==,
                   kt_topic_get_title (topic));
  kt_test_ui_press (ui.window, "<Alt>Left");
  kt_test_wait_until (leaflet_is_still, ui.leaflet);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "sidebar");

  /* To the page by Alt+1, back by Alt+←: the focus goes along. */
  kt_test_ui_press (ui.window, "<Alt>1");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "content");
  kt_test_wait_until (leaflet_is_still, ui.leaflet);
  g_assert_true (kt_test_ui_focus_in (ui.window, ui.study));
  kt_test_ui_press (ui.window, "<Alt>Left");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ui.leaflet), ==, "sidebar");
  kt_test_wait_until (leaflet_is_still, ui.leaflet);
  g_assert_true (kt_test_ui_focus_in (ui.window, sidebar));

  /* The practice toast says it all, on two lines if need be: its title
   * was cut to "Тренировка: Хо…" at this width. */
  study_topic (&ui, loop);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.study), "study.practice", NULL));
  kt_test_ui_press (ui.window, "space");
  kt_test_ui_press (ui.window, "3");
  kt_test_wait_until (has_toast, study_overlay);
  kt_test_ui_spin (600);
  kt_test_ui_settle (ui.window);
  toast_label = kt_test_ui_find_label (shown_toast (study_overlay),
                                       T ("Practiced: Good", "Тренировка: Хорошо"));
  g_assert_nonnull (toast_label);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (toast_label))));
  g_assert_cmpint (gtk_widget_get_width (toast_label), <, 360);

  gtk_window_set_default_size (ui.window, width, height);
  kt_test_wait_until (is_unfolded, ui.leaflet);
  kt_test_ui_settle (ui.window);

  /* A window opened narrow: Alt+← takes the focus to the topics too, not
   * to Import, the first button on the way. */
  g_settings_set_int (ui.settings, "window-width", 360);
  narrow = GTK_WINDOW (kt_window_new (gtk_window_get_application (ui.window), ui.settings, ui.library,
                                      ui.progress, KT_TOPIC_TREE (ui.topics)));
  narrow_leaflet = kt_test_ui_child (narrow, KT_TYPE_WINDOW, "leaflet");
  kt_test_ui_focus_window (narrow);
  kt_test_wait_until (is_folded, narrow_leaflet);
  kt_test_ui_press (narrow, "<Alt>Left");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (narrow_leaflet), ==, "sidebar");
  kt_test_wait_until (leaflet_is_still, narrow_leaflet);
  g_assert_true (kt_test_ui_focus_in (narrow, kt_test_ui_child (narrow, KT_TYPE_WINDOW, "sidebar")));
  gtk_window_destroy (narrow);
  g_settings_set_int (ui.settings, "window-width", width);
  kt_test_ui_focus_window (ui.window);
}

/* ---------------------------------------------------------------------
 * 8. Counts that agree and explain themselves
 * ------------------------------------------------------------------ */


static gboolean
is_preferences (gpointer data)
{
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KT_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        g_list_free (l);
        return TRUE;
      }

  return FALSE;
}

static void
close_preferences (void)
{
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KT_IS_PREFERENCES_WINDOW (l->data))
      gtk_window_destroy (l->data);
}

static void
test_new_limit_and_practice (void)
{
  Ui ui;
  AdwStatusPage *empty, *finished;
  GtkWidget *limits, *practice_label, *overlay;
  guint loop;

  ui_get (&ui);
  empty = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "empty_page");
  finished = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "finished_page");
  limits = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "limits_button");
  practice_label = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "practice_label");
  overlay = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "toast_overlay");
  loop = kt_test_topic_with_question (ui.topics, LOOP_QUESTION);

  /* No new cards a day: the page says why it is done, and where to change it. */
  g_settings_set_int (ui.settings, "new-cards-per-day", 0);
  study_topic (&ui, loop);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "empty");
  g_assert_true (kt_test_ui_focus (ui.window) == GTK_WIDGET (empty));
  g_assert_nonnull (strstr (adw_status_page_get_description (empty),
                            T ("4 new cards are waiting, but new cards per day are set to 0.",
                               "Ждут 4 новые карточки, но новых карточек в день —\u00a00.")));
  g_assert_true (gtk_widget_get_mapped (limits));
  /* Nothing takes a click while the page fades in */
  kt_test_wait_until (stack_is_still, ui.study_stack);
  kt_test_ui_click (ui.window, limits);
  kt_test_wait_until (is_preferences, NULL);
  close_preferences ();
  kt_test_ui_focus_window (ui.window);

  /* Practice: named on the page and in the toast, and not recorded. */
  kt_test_wait_until (stack_is_still, ui.study_stack);
  kt_test_ui_click (ui.window, kt_test_ui_find_label (GTK_WIDGET (empty),
                                                      T ("Practice All Cards",
                                                         "Тренировка по всем карточкам")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "card");
  g_assert_true (gtk_widget_get_mapped (practice_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (practice_label)), ==,
                   T ("Practice: answers are not recorded", "Тренировка: ответы не записываются"));
  g_assert_true (kt_test_ui_focus (ui.window) == ui.reveal_button);
  for (guint i = 0; i < 4; i++)
    {
      kt_test_ui_press (ui.window, "space");
      kt_test_ui_press (ui.window, "3");
      if (i == 0)
        {
          kt_test_wait_until (has_toast, overlay);
          g_assert_nonnull (kt_test_ui_find_label (shown_toast (overlay),
                                                   T ("Practiced: Good", "Тренировка: Хорошо")));
        }
    }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui.study_stack), ==, "finished");
  g_assert_cmpstr (adw_status_page_get_title (finished), ==, T ("Practice Done", "Тренировка окончена"));
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (ui.progress), ==, 0);

  g_settings_reset (ui.settings, "new-cards-per-day");
}

/* One definition of due today: a card in learning steps due later today
 * makes the Study tab ask for attention, as it counts in the topic and in
 * the statistics; the figures without data say what they need. */
static void
test_counts (void)
{
  Ui ui;
  AdwViewStackPage *study_tab;
  g_autoptr(KtTopic) topic = NULL;
  GtkWidget *stats;
  AdwActionRow *retention_row;
  GtkLabel *retention, *stability;
  guint loop;

  ui_get (&ui);
  loop = kt_test_topic_with_question (ui.topics, LOOP_QUESTION);
  topic = g_list_model_get_item (ui.topics, loop);
  study_tab = adw_view_stack_get_page (ui.view_stack, GTK_WIDGET (ui.study));

  study_topic (&ui, loop);
  g_assert_false (adw_view_stack_page_get_needs_attention (study_tab));
  kt_test_ui_press (ui.window, "space");
  kt_test_ui_press (ui.window, "1");
  g_assert_cmpuint (kt_topic_get_n_due_today (topic), ==, 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (study_tab));

  kt_test_ui_press (ui.window, "<Alt>3");
  stats = adw_view_stack_get_visible_child (ui.view_stack);
  stats = gtk_widget_get_first_child (stats);
  retention_row = kt_test_ui_child (stats, KT_TYPE_STATS_PAGE, "retention_row");
  retention = kt_test_ui_child (stats, KT_TYPE_STATS_PAGE, "retention_label");
  stability = kt_test_ui_child (stats, KT_TYPE_STATS_PAGE, "stability_label");
  g_assert_cmpstr (gtk_label_get_text (retention), ==, T ("Not yet", "Пока нет"));
  g_assert_cmpstr (adw_action_row_get_subtitle (retention_row), ==,
                   T ("Appears after your first reviews of learned cards, over the last 30 days",
                      "Появится после первых повторений выученных карточек, за последние 30 дней"));
  g_assert_nonnull (kt_test_ui_find_label (stats,
                                           T ("How long a card stays in memory, on average: after this long without a review, you still recall 9 cards in 10",
                                              "Сколько карточка держится в памяти, в среднем: через столько времени без повторения вы вспомните 9 карточек из 10")));
  /* A stability in words, not "5 h": FSRS-6 gives Again on a new card
   * a stability of about 5 hours. */
  g_assert_cmpstr (gtk_label_get_text (stability), ==, T ("5 hours", "5 часов"));

  kt_test_ui_press (ui.window, "<Alt>1");
  undo_all (&ui);
}

/* ---------------------------------------------------------------------
 * 9. The last month's name in the heatmap is whole
 * ------------------------------------------------------------------ */

/* The rightmost column of @area's month row with any ink, from a
 * rendering of it. */
static int
rightmost_ink (GtkWidget *area)
{
  int width = gtk_widget_get_width (area);
  int height = gtk_widget_get_height (area);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (area);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  const guint8 *pixels;
  int stride, rightmost = -1;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* The month names sit above the first row of days. */
  for (int y = 0; y < 18 && y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[y * stride + 4 * x + 3] > 0x30)
        rightmost = MAX (rightmost, x);

  cairo_surface_destroy (surface);
  return rightmost;
}

static void
test_heatmap_months (void)
{
  Ui ui;
  static const int widths[] = { 360, 520, 700, 900 };

  ui_get (&ui);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      /* The first of the month in the last week: its name would run off. */
      g_autoptr(GDateTime) first = g_date_time_new_local (2026, 12, 1, 12, 0, 0);
      KtStatsPage *page = g_object_new (KT_TYPE_STATS_PAGE, "progress", ui.progress,
                                        "library", ui.library,
                                        "time", g_date_time_to_unix (first) * G_USEC_PER_SEC,
                                        NULL);
      GtkWidget *window = gtk_window_new ();
      GtkWidget *heatmap = kt_test_ui_child (page, KT_TYPE_STATS_PAGE, "heatmap");
      int ink;

      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
      gtk_window_set_default_size (GTK_WINDOW (window), widths[i], 600);
      gtk_window_present (GTK_WINDOW (window));
      kt_test_wait_until (kt_test_ui_is_mapped, heatmap);
      kt_test_ui_settle (GTK_WINDOW (window));

      ink = rightmost_ink (heatmap);
      g_test_message ("width %d: heatmap %d, month names end at %d", widths[i],
                      gtk_widget_get_width (heatmap), ink);
      g_assert_cmpint (ink, >, 0);
      g_assert_cmpint (ink, <, gtk_widget_get_width (heatmap) - 1);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* ---------------------------------------------------------------------
 * 10. The Study page in one column
 * ------------------------------------------------------------------ */

static void
test_study_layout (void)
{
  Ui ui;
  GtkWidget *position, *question, *answer, *source, *bar;
  GtkWidget *window;
  double x;

  ui_get (&ui);
  window = GTK_WIDGET (ui.window);
  position = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "position_label");
  question = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "question_label");
  answer = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "answer_box");
  source = kt_test_ui_child (ui.study_card, KT_TYPE_CARD_VIEW, "source_label");
  bar = kt_test_ui_child (ui.study, KT_TYPE_STUDY_PAGE, "rating_bar");
  study_topic (&ui, kt_test_topic_with_question (ui.topics, LOOP_QUESTION));

  x = bounds_in (question, window).origin.x;
  g_assert_cmpfloat_with_epsilon (bounds_in (position, window).origin.x, x, 1);
  g_assert_cmpfloat_with_epsilon (bounds_in (ui.reveal_button, window).origin.x, x, 1);

  kt_test_ui_press (ui.window, "space");
  kt_test_wait_until (kt_test_ui_is_mapped, answer);
  kt_test_ui_settle (ui.window);
  g_assert_cmpfloat_with_epsilon (bounds_in (answer, window).origin.x, x, 1);

  /* The ratings: at the bottom, in a bar of their own. */
  g_assert_true (GTK_IS_ACTION_BAR (bar));
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (bar)));
  g_assert_cmpfloat_with_epsilon (bounds_in (bar, GTK_WIDGET (ui.study)).origin.y +
                                  bounds_in (bar, GTK_WIDGET (ui.study)).size.height,
                                  gtk_widget_get_height (GTK_WIDGET (ui.study)), 1);

  /* The source is text (a link for a deck file), not a greyed button. */
  g_assert_true (GTK_IS_LABEL (source));
  g_assert_true (gtk_widget_is_sensitive (source));
  g_assert_false (gtk_widget_has_css_class (source, "dim-label"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (source)), ==,
                   T ("From a bundled deck", "Из встроенной колоды"));

  kt_test_ui_press (ui.window, "<Control>z");
  g_assert_cmpuint (kt_progress_get_n_records (ui.progress), ==, 0);
}

/* ---------------------------------------------------------------------
 * 11. Preferences
 * ------------------------------------------------------------------ */

static gboolean
is_spin_of (GtkWidget     *widget,
            gconstpointer  adjustment)
{
  return GTK_IS_SPIN_BUTTON (widget) &&
         gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget)) == adjustment;
}

static GtkWidget *
ancestor_page (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE);
}

static void
test_preferences (void)
{
  Ui ui;
  KtPreferencesWindow *prefs;
  GtkWidget *spins[4];
  static const char *const adjustments[] = { "retention_adjustment", "new_adjustment",
                                             "reviews_adjustment", "rollover_adjustment" };
  GtkWidget *language;

  ui_get (&ui);
  prefs = kt_preferences_window_new (ui.window, ui.settings, ui.library,
                                     kt_application_get_sync (KT_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (prefs));
  kt_test_wait_until (kt_test_ui_is_mapped, prefs);
  kt_test_ui_settle (GTK_WINDOW (prefs));

  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
    {
      gpointer adjustment = kt_test_ui_child (prefs, KT_TYPE_PREFERENCES_WINDOW, adjustments[i]);

      spins[i] = kt_test_ui_find (GTK_WIDGET (prefs), is_spin_of, adjustment);
      g_assert_nonnull (spins[i]);
      g_assert_cmpint (gtk_widget_get_width (spins[i]), ==, gtk_widget_get_width (spins[0]));
    }

  /* Language on its own page, not with the study settings. */
  language = kt_test_ui_child (prefs, KT_TYPE_PREFERENCES_WINDOW, "language_row");
  g_assert_true (ancestor_page (language) != ancestor_page (spins[0]));
  g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (ancestor_page (language))), ==,
                   T ("Language", "Язык"));
  g_assert_cmpstr (adw_preferences_page_get_icon_name (ADW_PREFERENCES_PAGE (ancestor_page (spins[0]))), !=,
                   "media-playback-start-symbolic");

  /* As people say them: 90 %, 04:00. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spins[0])), ==, T ("90%", "90 %"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spins[3])), ==, "04:00");

  /* Typed and stepped by keyboard, they reach the settings. */
  gtk_widget_grab_focus (spins[0]);
  kt_test_ui_press (GTK_WINDOW (prefs), "Down");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (ui.settings, "desired-retention"), 0.89, 1e-9);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spins[0])), ==, T ("89%", "89 %"));
  gtk_widget_grab_focus (spins[3]);
  kt_test_ui_press (GTK_WINDOW (prefs), "Up");
  g_assert_cmpint (g_settings_get_int (ui.settings, "day-rollover-hour"), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spins[3])), ==, "05:00");

  g_settings_reset (ui.settings, "desired-retention");
  g_settings_reset (ui.settings, "day-rollover-hour");
  gtk_window_destroy (GTK_WINDOW (prefs));
  kt_test_ui_focus_window (ui.window);
}

typedef struct
{
  GtkWidget  *window;
  const char *title;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;

  return kt_test_ui_find_label (wait->window, wait->title) != NULL;
}

/* Runs the real kartoteka ($KT_APP) with @argument, as another computer
 * with the environment @envp, and waits for it to succeed. */
static void
run_other_computer (char       **envp,
                    const char  *argument)
{
  const char *argv[] = { g_getenv ("KT_APP"), argument, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s\n%s", argv[0], argument, error->message, err);
}

/* The sync folder in Preferences: the deck folder offered, chosen, its
 * status; then another computer (the real binary, run with settings of
 * its own) syncs into it, and the counts change and a toast says so. */
static void
test_sync (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "synced-notes", NULL);
  g_autofree char *chosen = NULL;
  g_autofree char *own = NULL;
  g_autofree char *title = NULL;
  KtSync *sync = kt_application_get_sync (KT_APPLICATION (app));
  KtPreferencesWindow *prefs;
  AdwActionRow *row;
  AdwActionRow *deck_row;
  g_autoptr(KtTopic) topic = NULL;
  g_autoptr(KtCard) card = NULL;
  guint n_new;
  ToastWait wait;
  Ui ui;

  ui_get (&ui);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_settings_set_strv (ui.settings, "deck-folders", (const char *[]) { folder, NULL });
  prefs = kt_preferences_window_new (ui.window, ui.settings, ui.library, sync);
  gtk_window_present (GTK_WINDOW (prefs));
  kt_test_wait_until (kt_test_ui_is_mapped, prefs);

  row = kt_test_ui_child (prefs, KT_TYPE_PREFERENCES_WINDOW, "sync_row");
  deck_row = kt_test_ui_child (prefs, KT_TYPE_PREFERENCES_WINDOW, "sync_deck_folder_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   T ("Off: progress stays on this computer",
                      "Выключено: прогресс остаётся на этом компьютере"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (deck_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (deck_row), ==, folder);

  /* The deck folder, taken as offered */
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.use-deck-folder", NULL);
  chosen = g_settings_get_string (ui.settings, "sync-folder");
  g_assert_cmpstr (chosen, ==, folder);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (deck_row)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), folder));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row),
                                   T ("; no other computer has written here yet",
                                      "; другие компьютеры сюда ещё не писали")));
  own = kt_sync_get_own_path (sync);
  g_assert_true (g_file_test (own, G_FILE_TEST_IS_REGULAR));

  /* Another computer, a process of its own with its own settings, was
   * given an answer to a card of the first topic and syncs */
  topic = g_list_model_get_item (G_LIST_MODEL (ui.library), 0);
  card = g_list_model_get_item (G_LIST_MODEL (topic), 0);
  n_new = kt_topic_get_n_new (topic);
  {
    KtTestProfile given;
    g_autoptr(GListStore) no_topics = g_list_store_new (KT_TYPE_TOPIC);
    g_autofree char *home = g_build_filename (g_get_user_data_dir (), "other-computer", NULL);
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);
    g_autofree char *export = g_build_filename (home, "export.json", NULL);
    g_autofree char *import_arg = g_strconcat ("--import-progress=", export, NULL);
    g_autofree char *sync_arg = g_strconcat ("--sync-now=", folder, NULL);
    g_autoptr(GFile) file = g_file_new_for_path (export);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) envp = g_get_environ ();

    g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
    kt_test_profile_init (&given);
    kt_progress_record_review (given.progress, kt_card_get_id (card), KT_RATING_EASY,
                               g_get_real_time () - G_TIME_SPAN_HOUR);
    g_assert_true (kt_progress_json_write (given.progress, G_LIST_MODEL (no_topics), file,
                                           g_get_real_time (), 0, &error));
    g_assert_no_error (error);
    kt_test_profile_clear (&given);

    /* Headless, and not seeing this process's session as its own */
    envp = g_environ_setenv (envp, "HOME", home, TRUE);
    envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
    envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
    envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "keyfile", TRUE);
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
    envp = g_environ_unsetenv (envp, "DISPLAY");
    run_other_computer (envp, import_arg);
    run_other_computer (envp, sync_arg);
  }

  title = g_strdup_printf (T ("Merged 1 answer from “%s”", "Добавлен 1 ответ с «%s»"),
                           g_get_host_name ());
  wait = (ToastWait) { GTK_WIDGET (ui.window), title };
  kt_test_wait_until (toast_shown, &wait);
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, n_new - 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                            T ("1 other computer: ", "1 другой компьютер: ")));

  /* Stopped: the folder is left as it is */
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.stop-sync", NULL);
  g_assert_null (kt_sync_get_folder (sync));
  g_assert_true (g_file_test (own, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_set_strv (ui.settings, "deck-folders", NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("kartoteka-test-XXXXXX", &error);
  int status;

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  russian = g_strcmp0 (g_getenv ("LANGUAGE"), "ru") == 0;
  kt_test_ui_own_display ();

  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/usability/focus", test_focus);
  g_test_add_func ("/usability/finished-page", test_finished_page);
  g_test_add_func ("/usability/undo-toast", test_undo_toast);
  g_test_add_func ("/usability/one-focus-ring", test_one_focus_ring);
  g_test_add_func ("/usability/markdown-questions", test_markdown_questions);
  g_test_add_func ("/usability/browse-keys", test_browse_keys);
  g_test_add_func ("/usability/search-escape", test_search_escape);
  g_test_add_func ("/usability/narrow", test_narrow);
  g_test_add_func ("/usability/new-limit-and-practice", test_new_limit_and_practice);
  g_test_add_func ("/usability/counts", test_counts);
  g_test_add_func ("/usability/heatmap-months", test_heatmap_months);
  g_test_add_func ("/usability/study-layout", test_study_layout);
  g_test_add_func ("/usability/preferences", test_preferences);
  g_test_add_func ("/usability/sync", test_sync);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);
  kt_test_ui_stop_display ();

  return status;
}
