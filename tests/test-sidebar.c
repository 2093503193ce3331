/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar's topic tree in the real application under Xvfb, with the
 * fixture vault (tests/data/vault) as an extra folder: folders as groups
 * with summed counts, → and ← opening and closing them and stepping in
 * and out, a group chosen and studied like a topic under its breadcrumb,
 * the groups left open open again in a new window, and the legend of the
 * numbers one Tab stop away.
 */
#include "config.h"

#include <string.h>

#include "kt-application.h"
#include "kt-card-view.h"
#include "kt-sidebar.h"
#include "kt-study-page.h"
#include "kt-test-ui.h"

/* One application for the process: a second one could not register. */
static KtApplication *app;

static GtkWidget *
topic_list_of (KtWindow *window)
{
  return kt_test_ui_child (kt_test_ui_child (window, KT_TYPE_WINDOW, "sidebar"), KT_TYPE_SIDEBAR,
                           "topic_list");
}

static GtkTreeListModel *
rows_of (KtWindow *window)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (topic_list_of (window)));

  return GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

/* The titles of the rows as shown, joined by "|", open groups marked "-"
 * and closed ones "+", children indented by ">". */
static char *
rows_text (KtWindow *window)
{
  GtkTreeListModel *rows = rows_of (window);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (rows, i);
      g_autoptr(KtTopic) topic = gtk_tree_list_row_get_item (row);

      if (i > 0)
        g_string_append_c (text, '|');
      for (guint d = 0; d < gtk_tree_list_row_get_depth (row); d++)
        g_string_append_c (text, '>');
      if (gtk_tree_list_row_is_expandable (row))
        g_string_append_c (text, gtk_tree_list_row_get_expanded (row) ? '-' : '+');
      g_string_append (text, kt_topic_get_title (topic));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_rows (KtWindow   *window,
             const char *expected)
{
  g_autofree char *actual = rows_text (window);

  g_assert_cmpstr (actual, ==, expected);
}

static guint
selected (KtWindow *window)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (topic_list_of (window)));

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));
}

static void
press (KtWindow *window,
       guint     keyval)
{
  g_assert_true (kt_test_ui_send_key (topic_list_of (window), keyval));
}

static void
test_tree (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *vault = g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
  const char *const folders[] = { vault, NULL };
  g_auto(GStrv) expanded = NULL;
  KtWindow *window;
  KtTopic *topic;
  KtStudyPage *study;
  KtStudySession *session;
  GtkLabel *place;
  AdwViewSwitcherTitle *switcher;

  g_settings_set_strv (settings, "deck-folders", folders);
  g_settings_reset (settings, "expanded-groups");
  window = kt_test_ui_open_window (G_APPLICATION (app));

  /* The vault is one group among the bundled decks, closed. */
  assert_rows (window, "All Topics|+vault|Async Python|Python asyncio и Celery");
  kt_window_select_topic (window, 1);
  topic = kt_window_get_topic (window);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "vault");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (topic)), ==, 7);
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, 7);
  /* The window keeps its name; where it is shows under it. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kartoteka");
  switcher = kt_test_ui_child (window, KT_TYPE_WINDOW, "switcher_title");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (switcher), ==, "vault");

  /* → opens it, and it is remembered; → again steps into it. */
  press (window, GDK_KEY_Right);
  assert_rows (window, "All Topics|-vault|>+Python|>+System Design|Async Python|Python asyncio и Celery");
  expanded = g_settings_get_strv (settings, "expanded-groups");
  g_assert_cmpuint (g_strv_length (expanded), ==, 1);
  g_assert_cmpstr (expanded[0], ==, "vault/");
  press (window, GDK_KEY_Right);
  g_assert_cmpuint (selected (window), ==, 2);
  press (window, GDK_KEY_Right);
  assert_rows (window, "All Topics|-vault|>-Python|>>Async Python|>>Python Core|>+System Design|"
                       "Async Python|Python asyncio и Celery");

  /* The group is studied like a topic: its cards, under its breadcrumb. */
  topic = kt_window_get_topic (window);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Python");
  study = kt_test_ui_child (window, KT_TYPE_WINDOW, "study_page");
  session = kt_study_page_get_session (study);
  g_assert_cmpuint (kt_study_session_get_total (session), ==, 4);
  g_assert_true (kt_topic_find_card (topic, kt_card_get_id (kt_study_session_get_current_card (session)))
                 != NULL);
  place = kt_test_ui_child (kt_test_ui_child (study, KT_TYPE_STUDY_PAGE, "card_view"), KT_TYPE_CARD_VIEW,
                            "topic_label");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (place), "vault › Python › "));
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (switcher), ==, "vault › Python");

  /* ← closes it, then steps out to the group above. */
  press (window, GDK_KEY_Left);
  assert_rows (window, "All Topics|-vault|>+Python|>+System Design|Async Python|Python asyncio и Celery");
  press (window, GDK_KEY_Left);
  g_assert_cmpuint (selected (window), ==, 1);
  /* Other keys are the list's. */
  g_assert_false (kt_test_ui_send_key (topic_list_of (window), GDK_KEY_Down));

  /* A new window opens what was open. */
  gtk_window_close (GTK_WINDOW (window));
  window = kt_test_ui_open_window (G_APPLICATION (app));
  assert_rows (window, "All Topics|-vault|>+Python|>+System Design|Async Python|Python asyncio и Celery");

  gtk_window_close (GTK_WINDOW (window));
  g_settings_reset (settings, "deck-folders");
  g_settings_reset (settings, "expanded-groups");
}

/* The sidebar's focus goes to the row chosen, not to the list (which
 * would give it to the first row, or the one that had it last). */
static void
test_focus (void)
{
  KtWindow *window = kt_test_ui_open_window (G_APPLICATION (app));
  KtSidebar *sidebar = kt_test_ui_child (window, KT_TYPE_WINDOW, "sidebar");
  GtkWidget *list = topic_list_of (window);
  GtkWidget *focus, *label;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rows_of (window)));

  g_assert_cmpuint (n, >=, 3);
  /* The first row had the focus, then the last one was chosen. */
  kt_window_select_topic (window, 0);
  kt_sidebar_focus (sidebar);
  kt_window_select_topic (window, n - 1);
  gtk_widget_grab_focus (kt_test_ui_child (window, KT_TYPE_WINDOW, "study_page"));

  kt_sidebar_focus (sidebar);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  label = kt_test_ui_find_label (list, kt_topic_get_title (kt_window_get_topic (window)));
  g_assert_nonnull (focus);
  g_assert_nonnull (label);
  g_assert_true (focus != list);
  g_assert_true (gtk_widget_is_ancestor (label, focus));
  g_assert_cmpuint (selected (window), ==, n - 1);

  gtk_window_close (GTK_WINDOW (window));
}

/* The legend says what the numbers are, for keyboard and screen reader
 * users too: a button in the Tab order, with words for each colour. */
static void
test_legend (void)
{
  KtWindow *window = kt_test_ui_open_window (G_APPLICATION (app));
  GtkWidget *sidebar = kt_test_ui_child (window, KT_TYPE_WINDOW, "sidebar");
  GtkWidget *legend = kt_test_ui_child (sidebar, KT_TYPE_SIDEBAR, "legend_button");
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (legend));

  g_assert_true (gtk_widget_get_visible (legend));
  g_assert_true (gtk_widget_get_focusable (legend) || gtk_widget_get_focusable (gtk_widget_get_first_child (legend)));
  g_assert_nonnull (kt_test_ui_find (legend, kt_test_ui_label_is, "due"));
  g_assert_nonnull (kt_test_ui_find (legend, kt_test_ui_label_is, "new"));
  g_assert_nonnull (kt_test_ui_find (GTK_WIDGET (popover), kt_test_ui_label_is,
                                     "New: cards you have not studied yet."));
  gtk_menu_button_popup (GTK_MENU_BUTTON (legend));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (legend));

  gtk_window_close (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = kt_test_ui_init (&argc, &argv);
  int status;

  g_test_add_func ("/sidebar/tree", test_tree);
  g_test_add_func ("/sidebar/legend", test_legend);
  g_test_add_func ("/sidebar/focus", test_focus);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);
  kt_test_ui_delete_tree (data_home);

  return status;
}
