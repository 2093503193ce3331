/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing and managing decks in the real application under Xvfb: an
 * import of a deck, a binary file and a deck already there copies only
 * the deck and says so (toast and dialog); the Decks page of the
 * preferences lists the imported deck and the extra folder with their
 * cards and problems; a deck moved to the trash leaves the library and
 * keeps its progress, which importing it again brings back. An Anki
 * package imports behind a progress bar into the sidebar's tree.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kt-application.h"
#include "kt-decks-page.h"
#include "kt-import-dialog.h"
#include "kt-preferences-window.h"
#include "kt-problems-dialog.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"
#include "kt-text.h"

/* One application for the process: a second one could not register. */
static KtApplication *app;

static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} Shows;

static gboolean
shows (gpointer data)
{
  Shows *s = data;

  return kt_test_ui_find (s->widget, label_contains, s->text) != NULL;
}

static void
wait_shows (GtkWidget  *widget,
            const char *text)
{
  Shows s = { widget, text };

  kt_test_wait_until (shows, &s);
}

static gboolean
dialog_is_there (gpointer data)
{
  return kt_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
wait_dialog (void)
{
  kt_test_wait_until (dialog_is_there, NULL);
  return ADW_MESSAGE_DIALOG (kt_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* The problems a problems dialog lists, a paragraph each, left-aligned. */
static const char *
problems_of (gpointer dialog)
{
  GtkLabel *list;

  g_assert_true (KT_IS_PROBLEMS_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "");
  list = GTK_LABEL (kt_test_ui_child (dialog, KT_TYPE_PROBLEMS_DIALOG, "list"));
  g_assert_cmpfloat (gtk_label_get_xalign (list), ==, 0);

  return gtk_label_get_text (list);
}

typedef struct
{
  KtLibrary  *library;
  const char *id;
  gboolean    there;
} TopicIs;

static gboolean
topic_is (gpointer data)
{
  TopicIs *t = data;

  return (kt_library_find_topic (t->library, t->id) != NULL) == t->there &&
         !kt_library_get_loading (t->library);
}

static void
wait_topic (KtLibrary  *library,
            const char *id,
            gboolean    there)
{
  TopicIs t = { library, id, there };

  kt_test_wait_until (topic_is, &t);
}

/* The names in the user's deck folder, sorted, joined by "|". */
static char *
user_decks (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "kartoteka", "decks", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("|", (char **) names->pdata);
}

static void
test_import_and_manage (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *source_dir = g_dir_make_tmp ("kt-import-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (source_dir, "Good.txt", NULL);
  g_autofree char *binary = g_build_filename (source_dir, "broken.bin", NULL);
  g_autofree char *bundled = g_test_build_filename (G_TEST_DIST, "..", "data", "decks",
                                                    "000_0082f0c6dae15f60.txt", NULL);
  g_autofree char *vault = g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *card_id = kt_text_card_id ("Good", "What is one?");
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", "Good.txt", NULL);
  g_autofree char *good_uri = NULL;
  g_autofree char *vault_uri = NULL;
  const char *const folders[] = { vault, NULL };
  static const char bytes[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0 };
  GFile *files[3];
  KtWindow *window;
  KtLibrary *library = NULL;
  KtProgress *progress = NULL;
  GtkWidget *overlay, *prefs, *page, *deck_list, *folder_list;
  AdwMessageDialog *dialog;

  g_settings_reset (settings, "deck-folders");
  window = kt_test_ui_open_window (G_APPLICATION (app));
  g_object_get (window, "library", &library, "progress", &progress, NULL);
  overlay = kt_test_ui_child (window, KT_TYPE_WINDOW, "toast_overlay");

  g_assert_true (g_file_set_contents (good, "1. What is one?\nAnswer: One.\n\n"
                                            "2. What is two?\nAnswer: Two.\n\n"
                                            "3. What is three?\nAnswer: Three.\n", -1, NULL));
  g_assert_true (g_file_set_contents (binary, bytes, sizeof bytes, NULL));
  files[0] = g_file_new_for_path (good);
  files[1] = g_file_new_for_path (binary);
  files[2] = g_file_new_for_path (bundled);

  /* Only the deck is copied; the toast counts what happened, the dialog
   * says what went wrong, in words. */
  kt_window_import_files (window, files, G_N_ELEMENTS (files));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import “broken.bin”");
  g_assert_cmpstr (problems_of (dialog), ==, "broken.bin: this is a binary file, not a deck");
  wait_shows (overlay, "Imported 1 deck, 1 file could not be read, 1 was in your decks already");
  listing = user_decks ();
  g_assert_cmpstr (listing, ==, "Good.txt");
  g_assert_nonnull (kt_library_find_topic (library, "Good"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The Decks page lists it, and the extra folder with what it holds. */
  g_settings_set_strv (settings, "deck-folders", folders);
  kt_test_ui_wait_loaded (library);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = kt_test_ui_find_toplevel (KT_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  page = kt_test_ui_find (prefs, kt_test_ui_is_a, GSIZE_TO_POINTER (KT_TYPE_DECKS_PAGE));
  g_assert_nonnull (page);
  deck_list = kt_test_ui_child (page, KT_TYPE_DECKS_PAGE, "deck_list");
  folder_list = kt_test_ui_child (page, KT_TYPE_DECKS_PAGE, "folder_list");
  wait_shows (deck_list, "Good.txt · 3 cards");
  g_assert_nonnull (kt_test_ui_find (deck_list, kt_test_ui_label_is, "Good"));
  wait_shows (folder_list, "4 decks · 7 cards · 1 problem");
  g_assert_nonnull (kt_test_ui_find (folder_list, kt_test_ui_label_is, "vault"));

  /* Its problems, line by line. */
  vault_uri = g_filename_to_uri (vault, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (page, "decks.show-problems", "s", vault_uri));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Problems in “vault”");
  g_assert_true (g_str_has_prefix (problems_of (dialog), "Inbox.txt: this does not look like a deck"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Moved to the trash: gone from the library, its progress kept. */
  kt_progress_record_review (progress, card_id, KT_RATING_GOOD, g_get_real_time ());
  {
    g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "kartoteka", "decks",
                                              "Good.txt", NULL);

    good_uri = g_filename_to_uri (copy, NULL, NULL);
  }
  g_assert_true (gtk_widget_activate_action (page, "decks.remove-deck", "s", good_uri));
  wait_topic (library, "Good", FALSE);
  wait_shows (prefs, "“Good” moved to the trash; its progress is kept");
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&listing, g_free);
  listing = user_decks ();
  g_assert_cmpstr (listing, ==, "");
  g_assert_null (kt_test_ui_find (deck_list, label_contains, "Good.txt"));
  g_assert_nonnull (kt_progress_lookup (progress, card_id));

  /* The extra folder removed: its decks go. */
  g_assert_true (gtk_widget_activate_action (page, "decks.remove-folder", "s", vault));
  g_assert_null (kt_library_find_topic (library, "System Design/Core"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* Imported again, the deck has its progress back. */
  kt_window_import_files (window, files, 1);
  wait_topic (library, "Good", TRUE);
  g_assert_nonnull (kt_library_find_card (library, card_id));
  g_assert_cmpuint (kt_progress_lookup (progress, card_id)->reps, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  g_object_unref (library);
  g_object_unref (progress);
  gtk_window_close (GTK_WINDOW (window));
  g_settings_reset (settings, "deck-folders");
  kt_test_ui_delete_tree (source_dir);
}

static gboolean
problems_dialog_is_there (gpointer data)
{
  GtkWidget **found = data;

  *found = kt_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  return *found != NULL && !KT_IS_IMPORT_DIALOG (*found);
}

static gboolean
import_dialog_gone (gpointer data)
{
  return kt_test_ui_find_toplevel (KT_TYPE_IMPORT_DIALOG) == NULL;
}

/* An Anki package imports behind a progress dialog: the toast counts its
 * decks, cards, answers and image, a dialog names the note type it
 * simplified, and its nested decks join the sidebar's tree, the cloze
 * note as one card per cloze number. Its review history is in the
 * progress, the cards replayed from it, and an imported card reviewed
 * in Anki is studied on from there. */
static void
test_import_anki (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "latest.apkg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KtCard) cloze = NULL;
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(GListModel) topics = NULL;
  g_autoptr(KtTopic) math = NULL;
  g_autoptr(KtCard) basic = NULL;
  const KtProgressRecord *record;
  GtkWidget *page;
  guint position, n_before;
  GtkWidget *dialog = NULL;
  KtLibrary *library = NULL;
  KtWindow *window;
  GtkWidget *overlay;
  KtTopic *topic;

  window = kt_test_ui_open_window (G_APPLICATION (app));
  g_object_get (window, "library", &library, NULL);
  overlay = kt_test_ui_child (window, KT_TYPE_WINDOW, "toast_overlay");

  g_object_get (window, "progress", &progress, "topics", &topics, NULL);
  /* The test before answered one card */
  n_before = kt_progress_get_n_log_entries (progress);

  kt_window_import_files (window, &file, 1);
  g_assert_nonnull (kt_test_ui_find_toplevel (KT_TYPE_IMPORT_DIALOG));
  kt_test_wait_until (problems_dialog_is_there, &dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Problems in “latest.apkg”");
  g_assert_true (g_str_has_prefix (problems_of (dialog),
                                   "latest.apkg: note type “Vocabulary” was simplified"));
  /* One problem a paragraph */
  g_assert_nonnull (strstr (problems_of (dialog), "\n\nlatest.apkg: "));
  wait_shows (overlay, "Imported 5 decks: 9 cards, 11 answers, 1 image; 1 note type simplified");
  kt_test_wait_until (import_dialog_gone, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, n_before + 11);
  kt_test_assert_replays (progress);
  position = kt_test_topic_with_question (topics, "What is **2+2**?");
  g_assert_cmpuint (position, !=, G_MAXUINT);
  math = g_list_model_get_item (topics, position);
  basic = g_list_model_get_item (G_LIST_MODEL (math), 0);
  record = kt_progress_lookup (progress, kt_card_get_id (basic));
  g_assert_nonnull (record);
  g_assert_cmpuint (record->reps, ==, 6);
  g_assert_cmpuint (record->lapses, ==, 1);
  g_assert_cmpuint (kt_progress_get_n_suspended (progress), ==, 1);

  /* Due since 2020: studied on from Anki's answers */
  kt_window_select_topic (window, position);
  page = kt_test_ui_child (window, KT_TYPE_WINDOW, "study_page");
  wait_shows (page, "What is 2+2?");
  g_assert_true (gtk_widget_activate_action (page, "study.reveal", NULL));
  g_assert_true (gtk_widget_activate_action (page, "study.rate", "u", KT_RATING_GOOD));
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, n_before + 12);
  record = kt_progress_lookup (progress, kt_card_get_id (basic));
  g_assert_cmpuint (record->reps, ==, 7);
  g_assert_cmpint (kt_progress_get_log_entry (progress, n_before + 11)->machine, ==,
                   kt_progress_get_machine (progress));
  kt_test_assert_replays (progress);

  wait_shows (GTK_WIDGET (window), "Languages");
  topic = kt_library_find_topic (library, "Geography");
  g_assert_nonnull (topic);
  g_assert_nonnull (kt_library_find_topic (library, "Languages/German"));
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  cloze = g_list_model_get_item (G_LIST_MODEL (topic), 1);
  g_assert_cmpstr (kt_card_get_question (cloze), ==,
                   "[city] is the capital of Australia; […] was founded in 1913.");

  g_object_unref (library);
  gtk_window_close (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = kt_test_ui_init (&argc, &argv);
  int status;

  g_test_add_func ("/decks-page/import-and-manage", test_import_and_manage);
  g_test_add_func ("/decks-page/import-anki", test_import_anki);

  app = kt_application_new ();
  status = g_test_run ();
  g_clear_object (&app);
  kt_test_ui_delete_tree (data_home);

  return status;
}
