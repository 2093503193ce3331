/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window under Xvfb: it opens, About works, its size is
 * remembered in GSettings, and a banner tells when progress cannot be
 * saved.
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kt-application.h"
#include "kt-decks-page.h"
#include "kt-i18n.h"
#include "kt-preferences-window.h"
#include "kt-progress-json.h"
#include "kt-stats-page.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-topic.h"
#include "kt-window.h"

/* One application for the process: a second one could not register. */
static KtApplication *app;

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_open_about_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window, *about = NULL;
  GListModel *toplevels;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);

  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KT_IS_WINDOW (window));
  kt_test_wait_until (widget_is_mapped, window);

  /* The stored size is restored. */
  {
    int w, h;
    gtk_window_get_default_size (window, &w, &h);
    g_assert_cmpint (w, ==, 700);
    g_assert_cmpint (h, ==, 500);
  }

  /* app.about opens an About window over the main window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_ABOUT_WINDOW (w))
        about = w;
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == window);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  kt_test_wait_until (widget_is_mapped, about);
  gtk_window_destroy (about);

  /* A new size is saved when the window closes. */
  gtk_window_set_default_size (window, 820, 610);
  gtk_window_close (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }

  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The shortcuts window is built when first asked for, then reused, and
 * goes with the main window. */
static void
test_window_shortcuts (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.show-help-overlay");
  GtkWindow *window, *shortcuts;

  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>question", NULL }));

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  kt_test_wait_until (widget_is_mapped, window);
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == window);
  kt_test_wait_until (widget_is_mapped, shortcuts);

  gtk_window_close (shortcuts);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
  kt_test_wait_until (widget_is_mapped, shortcuts);

  gtk_window_close (window);
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
}

/* The Statistics page is built when first shown, for the chosen topic,
 * and follows the topic from then on. */
static void
test_window_stats_on_demand (void)
{
  GtkWindow *window;
  AdwBin *bin;
  KtStatsPage *page;
  g_autoptr(KtTopic) shown = NULL;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  kt_test_wait_until (widget_is_mapped, window);
  bin = ADW_BIN (gtk_widget_get_template_child (GTK_WIDGET (window), KT_TYPE_WINDOW, "stats_bin"));
  g_assert_null (adw_bin_get_child (bin));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "browse"));
  g_assert_null (adw_bin_get_child (bin));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "stats"));
  page = KT_STATS_PAGE (adw_bin_get_child (bin));
  g_assert_nonnull (page);
  g_object_get (page, "topic", &shown, NULL);
  g_assert_true (shown == kt_window_get_topic (KT_WINDOW (window)));
  g_clear_object (&shown);

  kt_window_select_topic (KT_WINDOW (window), 1);
  g_object_get (page, "topic", &shown, NULL);
  g_assert_nonnull (shown);
  g_assert_true (shown == kt_window_get_topic (KT_WINDOW (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "study"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "stats"));
  g_assert_true (adw_bin_get_child (bin) == GTK_WIDGET (page));
  gtk_window_close (window);
}

/* Preferences are bound to GSettings both ways, and the deck folders
 * are added and removed through the window's actions. */
static void
test_window_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) folder = g_file_new_for_path ("/tmp/kartoteka-test-decks");
  g_auto(GStrv) folders = NULL;
  GtkWindow *prefs;
  GtkWidget *decks;
  GtkAdjustment *retention, *new_cards;

  g_settings_reset (settings, "deck-folders");
  g_settings_set_int (settings, "new-cards-per-day", 20);

  g_application_activate (G_APPLICATION (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);

  prefs = find_toplevel (KT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  kt_test_wait_until (widget_is_mapped, prefs);

  retention = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                             KT_TYPE_PREFERENCES_WINDOW,
                                                             "retention_adjustment"));
  new_cards = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                             KT_TYPE_PREFERENCES_WINDOW,
                                                             "new_adjustment"));
  /* Retention in percent, the setting a share */
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (retention), 90, 1e-9);
  g_assert_cmpfloat (gtk_adjustment_get_value (new_cards), ==, 20);

  gtk_adjustment_set_value (retention, 85);
  gtk_adjustment_set_value (new_cards, 35);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "desired-retention"), 0.85, 1e-9);
  g_assert_cmpint (g_settings_get_int (settings, "new-cards-per-day"), ==, 35);

  g_settings_set_int (settings, "new-cards-per-day", 12);
  g_assert_cmpfloat (gtk_adjustment_get_value (new_cards), ==, 12);

  decks = find_descendant (GTK_WIDGET (prefs), KT_TYPE_DECKS_PAGE);
  g_assert_nonnull (decks);
  kt_decks_page_add_folder (KT_DECKS_PAGE (decks), folder);
  kt_decks_page_add_folder (KT_DECKS_PAGE (decks), folder);
  folders = g_settings_get_strv (settings, "deck-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);
  g_assert_cmpstr (folders[0], ==, "/tmp/kartoteka-test-decks");
  g_clear_pointer (&folders, g_strfreev);

  g_assert_true (gtk_widget_activate_action (decks, "decks.remove-folder", "s",
                                             "/tmp/kartoteka-test-decks"));
  folders = g_settings_get_strv (settings, "deck-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 0);

  /* The language row maps to the "language" key. */
  {
    AdwComboRow *language = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                          KT_TYPE_PREFERENCES_WINDOW,
                                                                          "language_row"));
    g_autofree char *code = NULL;

    g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 0);
    adw_combo_row_set_selected (language, 2);
    code = g_settings_get_string (settings, "language");
    g_assert_cmpstr (code, ==, "ru");
    g_settings_set_string (settings, "language", "en");
    g_assert_cmpuint (adw_combo_row_get_selected (language), ==, 1);
    g_settings_reset (settings, "language");
  }

  g_settings_reset (settings, "desired-retention");
  g_settings_reset (settings, "new-cards-per-day");
  gtk_window_destroy (prefs);
  gtk_window_close (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

/* Export from the window, then import the file back: an answer undone
 * here stays undone. Another computer's answer comes in: the dialog says
 * what will change and merges only when confirmed; a bad file is refused
 * and progress stays as it was. */
static void
test_window_progress_export_import (void)
{
  KtWindow *window;
  KtProgress *progress = NULL;
  KtLibrary *library = NULL;
  KtCard *card;
  g_autofree char *dir = g_dir_make_tmp ("kt-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "progress.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;

  g_application_activate (G_APPLICATION (app));
  window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_object_get (window, "progress", &progress, "library", &library, NULL);

  card = g_list_model_get_item (G_LIST_MODEL (kt_library_get_all (library)), 0);
  kt_progress_record_review (progress, kt_card_get_id (card), KT_RATING_GOOD, g_get_real_time ());
  g_assert_true (kt_window_export_progress (window, file));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\"format\":\"kartoteka-progress\",\"version\":1,"));
  g_assert_nonnull (strstr (contents, kt_card_get_id (card)));

  /* Undo the review: the file does not bring it back, and says so */
  kt_progress_restore (progress, kt_card_get_id (card), NULL);
  g_assert_null (kt_progress_lookup (progress, kt_card_get_id (card)));
  dialog = kt_window_import_progress (window, file);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import Progress?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "0 cards updated, 0 added, 14 skipped; 0 new answers\n"
                   "Answers are merged with the ones here, and each card is scheduled again "
                   "from all of them.");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Another computer's answer to the card: in, after confirmation */
  {
    g_autoptr(GListStore) no_topics = g_list_store_new (KT_TYPE_TOPIC);
    g_autoptr(GError) error = NULL;
    KtTestProfile other;

    kt_test_profile_init (&other);
    kt_progress_record_review (other.progress, kt_card_get_id (card), KT_RATING_EASY, g_get_real_time ());
    g_assert_true (kt_progress_json_write (other.progress, G_LIST_MODEL (no_topics), file,
                                           g_get_real_time (), 0, &error));
    g_assert_no_error (error);
    kt_test_profile_clear (&other);
  }
  dialog = kt_window_import_progress (window, file);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "0 cards updated, 1 added, 0 skipped; 1 new answer\n"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_null (kt_progress_lookup (progress, kt_card_get_id (card)));
  adw_message_dialog_response (dialog, "import");
  g_assert_nonnull (kt_progress_lookup (progress, kt_card_get_id (card)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (g_file_set_contents (bad_path, "{\"format\": \"something-else\"}", -1, NULL));
  dialog = kt_window_import_progress (window, bad);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import Progress");
  g_assert_cmpuint (kt_progress_lookup (progress, kt_card_get_id (card))->reps, ==, 1);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_unlink (path);
  g_unlink (bad_path);
  g_rmdir (dir);
  g_object_unref (card);
  g_object_unref (library);
  g_object_unref (progress);
  gtk_window_close (GTK_WINDOW (window));
}

/* The header says where you are in plain text, the window keeps the
 * app's name: a folder's or a topic's title may hold markdown. */
static void
test_window_subtitle_plain (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("kartoteka-subtitle-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (parent, "`asyncio` *basics*", NULL);
  g_autofree char *deck = g_build_filename (folder, "loop.md", NULL);
  const char *const folders[] = { folder, NULL };
  g_autoptr(GListModel) rows = NULL;
  AdwViewSwitcherTitle *switcher;
  KtWindow *window;
  guint position = G_MAXUINT;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (deck, "## What runs coroutines?\n\nThe event loop.\n", -1, NULL));
  g_settings_set_strv (settings, "deck-folders", folders);
  window = kt_test_ui_open_window (G_APPLICATION (app));
  switcher = kt_test_ui_child (window, KT_TYPE_WINDOW, "switcher_title");

  g_object_get (window, "topics", &rows, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (rows, i);

      if (g_str_equal (kt_topic_get_title (topic), "`asyncio` *basics*"))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  kt_window_select_topic (window, position);
  g_assert_cmpstr (kt_topic_get_title (kt_window_get_topic (window)), ==, "`asyncio` *basics*");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (switcher), ==, "asyncio basics");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kartoteka");

  g_settings_reset (settings, "deck-folders");
  gtk_window_close (GTK_WINDOW (window));
  g_unlink (deck);
  g_rmdir (folder);
  g_rmdir (parent);
}

static gboolean
save_failed (gpointer data)
{
  gboolean failed;

  g_object_get (data, "save-failed", &failed, NULL);
  return failed;
}

static gboolean
save_worked (gpointer data)
{
  return !save_failed (data);
}

/* While progress cannot be saved, a banner at the top of the content
 * says so, with the message of KtProgress; Retry saves again, and the
 * banner goes once that works. The save fails for real: its folder's
 * name is taken by a file. */
static void
test_window_save_banner (void)
{
  g_autofree char *settings_path = g_build_filename (g_get_user_config_dir (), "banner.ini", NULL);
  g_autofree char *folder = g_build_filename (g_get_user_config_dir (), "kartoteka", NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (settings_path, "/", NULL);
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(KtProgress) progress = kt_progress_new (settings);
  g_autofree char *message = NULL;
  KtWindow *app_window, *window;
  KtLibrary *library = NULL;
  KtTopicTree *topics = NULL;
  GtkRevealer *banner;
  GtkLabel *label;

  g_application_activate (G_APPLICATION (app));
  app_window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_object_get (app_window, "library", &library, "topics", &topics, NULL);
  window = kt_window_new (GTK_APPLICATION (app), settings, library, progress, topics);
  gtk_window_present (GTK_WINDOW (window));
  kt_test_wait_until (widget_is_mapped, window);

  banner = GTK_REVEALER (find_descendant (GTK_WIDGET (window), GTK_TYPE_REVEALER));
  label = GTK_LABEL (find_descendant (GTK_WIDGET (banner), GTK_TYPE_LABEL));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  g_assert_true (g_file_set_contents (folder, "in the way", -1, NULL));
  kt_progress_record_review (progress, "card", KT_RATING_GOOD, g_get_real_time ());
  kt_test_wait_until (save_failed, progress);
  g_object_get (progress, "save-message", &message, NULL);
  g_assert_true (g_str_has_prefix (message, "Progress could not be saved ("));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_cmpstr (gtk_label_get_label (label), ==, message);

  g_assert_cmpint (g_unlink (folder), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-save", NULL));
  kt_test_wait_until (save_worked, progress);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  /* The text stays while the banner slides away. */
  g_assert_cmpstr (gtk_label_get_label (label), ==, message);

  gtk_window_close (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (app_window));
  g_object_unref (library);
  g_object_unref (topics);
}

static gboolean
widget_is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The dialog a window opened to ask before losing answers, if any. */
static AdwMessageDialog *
find_unsaved_dialog (KtWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
has_unsaved_dialog (gpointer window)
{
  return find_unsaved_dialog (window) != NULL;
}

static gboolean
has_no_unsaved_dialog (gpointer window)
{
  return find_unsaved_dialog (window) == NULL;
}

/* As a click on one of its buttons does: the response, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Makes saving progress fail: a file takes the name of its folder, and
 * what an earlier save wrote there goes aside. */
static void
put_file_in_the_way (const char *folder)
{
  g_autofree char *aside = g_strconcat (folder, ".saved", NULL);
  g_autofree char *saved = g_build_filename (aside, "progress.gvariant", NULL);

  g_unlink (saved);
  g_rmdir (aside);
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    g_assert_cmpint (g_rename (folder, aside), ==, 0);
  g_assert_true (g_file_set_contents (folder, "in the way", -1, NULL));
}

/* Closing a window while answers cannot be saved asks first: keeping it
 * open keeps them, trying again saves them once the disk allows and then
 * closes, and only an explicit choice closes without them. */
static void
test_window_close_unsaved (void)
{
  g_autofree char *settings_path = g_build_filename (g_get_user_config_dir (), "unsaved.ini", NULL);
  g_autofree char *folder = g_build_filename (g_get_user_config_dir (), "kartoteka", NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (settings_path, "/", NULL);
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(KtProgress) progress = kt_progress_new (settings);
  g_autofree char *body = NULL;
  KtWindow *app_window, *window;
  KtLibrary *library = NULL;
  KtTopicTree *topics = NULL;
  AdwMessageDialog *dialog;

  g_application_activate (G_APPLICATION (app));
  app_window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_object_get (app_window, "library", &library, "topics", &topics, NULL);

  window = g_object_ref_sink (kt_window_new (GTK_APPLICATION (app), settings, library, progress,
                                             topics));
  gtk_window_present (GTK_WINDOW (window));
  kt_test_wait_until (widget_is_mapped, window);

  put_file_in_the_way (folder);
  kt_progress_record_review (progress, "card", KT_RATING_GOOD, g_get_real_time ());
  kt_test_wait_until (save_failed, progress);

  gtk_window_close (GTK_WINDOW (window));
  kt_test_wait_until (has_unsaved_dialog, window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  dialog = find_unsaved_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Answers Not Saved");
  body = g_strdup (adw_message_dialog_get_body (dialog));
  g_assert_true (g_str_has_prefix (body, "Progress could not be saved ("));

  /* Keep Open */
  respond (dialog, "cancel");
  kt_test_wait_until (has_no_unsaved_dialog, window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Try Again while the disk still refuses: asked again. */
  gtk_window_close (GTK_WINDOW (window));
  kt_test_wait_until (has_unsaved_dialog, window);
  respond (find_unsaved_dialog (window), "retry");
  kt_test_wait_until (has_unsaved_dialog, window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Try Again once it allows: saved, and closed. */
  g_assert_cmpint (g_unlink (folder), ==, 0);
  respond (find_unsaved_dialog (window), "retry");
  kt_test_wait_until (widget_is_unmapped, window);
  g_assert_false (save_failed (progress));
  g_assert_nonnull (kt_progress_lookup (progress, "card"));
  g_clear_object (&window);

  /* Close Without Saving closes, and says nothing was saved. */
  window = g_object_ref_sink (kt_window_new (GTK_APPLICATION (app), settings, library, progress,
                                             topics));
  gtk_window_present (GTK_WINDOW (window));
  kt_test_wait_until (widget_is_mapped, window);
  put_file_in_the_way (folder);
  kt_progress_record_review (progress, "card", KT_RATING_EASY, g_get_real_time ());
  kt_test_wait_until (save_failed, progress);
  gtk_window_close (GTK_WINDOW (window));
  kt_test_wait_until (has_unsaved_dialog, window);
  respond (find_unsaved_dialog (window), "discard");
  kt_test_wait_until (widget_is_unmapped, window);
  g_assert_true (save_failed (progress));
  g_clear_object (&window);

  g_assert_cmpint (g_unlink (folder), ==, 0);
  kt_progress_retry_save (progress);
  kt_test_wait_until (save_worked, progress);
  gtk_window_close (GTK_WINDOW (app_window));
  g_object_unref (library);
  g_object_unref (topics);
}

int
main (int argc, char *argv[])
{
  static const char * const written[] = { "banner.ini", "unsaved.ini", "kartoteka/progress.gvariant",
                                          "kartoteka", "kartoteka.saved/progress.gvariant",
                                          "kartoteka.saved" };
  g_autofree char *config = NULL;
  int status;

  /* Progress on a keyfile goes to the config folder: not the user's. */
  config = g_dir_make_tmp ("kt-test-window-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/open-about-size", test_window_open_about_size);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/stats-on-demand", test_window_stats_on_demand);
  g_test_add_func ("/window/preferences", test_window_preferences);
  g_test_add_func ("/window/progress-export-import", test_window_progress_export_import);
  g_test_add_func ("/window/subtitle-plain", test_window_subtitle_plain);
  g_test_add_func ("/window/save-banner", test_window_save_banner);
  g_test_add_func ("/window/close-unsaved", test_window_close_unsaved);

  app = kt_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  status = g_test_run ();
  g_clear_object (&app);

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      g_autofree char *path = g_build_filename (config, written[i], NULL);

      g_remove (path);
    }
  g_rmdir (config);

  return status;
}
