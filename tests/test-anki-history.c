/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The review history of Anki packages (anki/make-packages.py's REVLOG):
 * every ease and row type turned into the exact answers, manual rows and
 * unknown eases left out with a warning each, the records replayed from
 * the answers, and importing again, in any layout, adding nothing;
 * suspended and buried cards kept so; headless --import saving the
 * history and saying so.
 */
#include "config.h"

#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kt-anki-import.h"
#include "kt-cli.h"
#include "kt-formats.h"
#include "kt-library.h"
#include "kt-test-util.h"

#define T_US    G_GINT64_CONSTANT (1600000000000000)  /* 2020-09-13T12:26:40Z */
#define MS      G_GINT64_CONSTANT (1000)
#define MIN_US  (60 * G_TIME_SPAN_SECOND)

/* The answers the fixture's log gives, in replay order. */
static const struct {
  gint64       time_us;
  const char  *file;
  const char  *key;
  KtRating     rating;
  KtCardState  state;
  guint32      seq;       /* the Anki card's id */
  double       elapsed_days;
} expected[] = {
  { T_US, "Math.json", "basic-guid-1", KT_RATING_GOOD, KT_CARD_NEW, 101, 0 },
  { T_US + 2 * MS, "Languages/German.json", "rev-guid-2/2", KT_RATING_GOOD, KT_CARD_NEW, 103, 0 },
  { T_US + 5 * MS, "Geography.json", "cloze-guid-5/c1", KT_RATING_HARD, KT_CARD_NEW, 107, 0 },
  { T_US + 6 * MS, "Geography.json", "cloze-guid-5/c2", KT_RATING_AGAIN, KT_CARD_NEW, 108, 0 },
  { T_US + 8 * MS, "Languages/Spanish.json", "opt-guid-3", KT_RATING_GOOD, KT_CARD_NEW, 104, 0 },
  { T_US + 10 * MIN_US, "Math.json", "basic-guid-1", KT_RATING_GOOD, KT_CARD_LEARNING, 101,
    10.0 / (24 * 60) },
  { T_US + G_TIME_SPAN_DAY, "Math.json", "basic-guid-1", KT_RATING_EASY, KT_CARD_REVIEW, 101,
    1.0 - 10.0 / (24 * 60) },
  /* after the Forget of T + 3 days: new again */
  { T_US + 4 * G_TIME_SPAN_DAY, "Languages/German.json", "rev-guid-2", KT_RATING_EASY,
    KT_CARD_NEW, 102, 0 },
  { T_US + 5 * G_TIME_SPAN_DAY, "Math.json", "basic-guid-1", KT_RATING_AGAIN, KT_CARD_REVIEW,
    101, 4.0 },
  { T_US + 5 * G_TIME_SPAN_DAY + 10 * MIN_US, "Math.json", "basic-guid-1", KT_RATING_GOOD,
    KT_CARD_RELEARNING, 101, 10.0 / (24 * 60) },
  /* a filtered deck's answer to a card in review */
  { T_US + 7 * G_TIME_SPAN_DAY, "Math.json", "basic-guid-1", KT_RATING_HARD, KT_CARD_REVIEW,
    101, 2.0 - 10.0 / (24 * 60) },
};

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_BUILT, name, NULL);
}

static gboolean
import_path (const char  *path,
             const char  *folder_path,
             KtImported  *imported)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GError) error = NULL;
  gboolean ok = kt_anki_import_package (file, folder, NULL, imported, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return ok;
}

static gboolean
import (const char  *name,
        const char  *folder_path,
        KtImported  *imported)
{
  g_autofree char *path = fixture (name);

  return import_path (path, folder_path, imported);
}

/* The id the library gives the card @key of the deck @relative. */
static char *
card_id (const char *folder,
         const char *relative,
         const char *key)
{
  g_autofree char *path = g_build_filename (folder, relative, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KtDeck) deck = kt_formats_parse_file (file, NULL);

  for (guint t = 0; t < deck->topics->len; t++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, t);

      for (guint c = 0; c < g_list_model_get_n_items (topic); c++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, c);

          if (g_strcmp0 (kt_card_get_key (card), key) == 0)
            return g_strdup (kt_card_get_id (card));
        }
    }
  g_assert_not_reached ();
}

static gboolean
has_warning (KtImported *imported,
             const char *message)
{
  for (guint i = 0; i < imported->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (imported->warnings, i), message))
      return TRUE;

  return FALSE;
}

static void
assert_expected_answers (KtImported *imported,
                         const char *folder)
{
  g_assert_cmpuint (imported->answers->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const KtReviewLogEntry *answer = &g_array_index (imported->answers, KtReviewLogEntry, i);
      g_autofree char *id = card_id (folder, expected[i].file, expected[i].key);

      g_assert_cmpstr (answer->card_id, ==, id);
      g_assert_cmpint (answer->time_us, ==, expected[i].time_us);
      g_assert_cmpint (answer->rating, ==, expected[i].rating);
      g_assert_cmpint (answer->state_before, ==, expected[i].state);
      g_assert_cmpfloat_with_epsilon (answer->elapsed_days, expected[i].elapsed_days, 1e-9);
      g_assert_cmpint (answer->machine, ==, KT_PROGRESS_MACHINE_ANKI);
      g_assert_cmpuint (answer->seq, ==, expected[i].seq);
      g_assert_true (kt_progress_is_valid_answer (answer));
    }
}

static void
snapshot_cb (const char             *card_id,
             const KtProgressRecord *record,
             gpointer                user_data)
{
  g_hash_table_insert (user_data, g_strdup (card_id), g_memdup2 (record, sizeof *record));
}

static GHashTable *
snapshot (KtProgress *progress)
{
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  kt_progress_foreach (progress, snapshot_cb, records);
  return records;
}

static void
assert_snapshot (KtProgress *progress,
                 GHashTable *records)
{
  GHashTableIter iter;
  gpointer id, record;

  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, g_hash_table_size (records));
  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &id, &record))
    kt_test_assert_records_identical (record, kt_progress_lookup (progress, id));
}

/* Every ease and row type becomes the exact answer; the rows that are
 * not answers are left out and counted; the records are the answers
 * replayed; importing again, in another layout too, adds nothing. */
static void
test_answers (void)
{
  g_autofree char *folder = g_dir_make_tmp ("kt-anki-XXXXXX", NULL);
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(KtImported) again = kt_imported_new ();
  g_autoptr(KtImported) legacy = kt_imported_new ();
  g_autoptr(GHashTable) records = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *suspended = NULL;
  g_autofree char *buried = NULL;
  KtTestProfile profile;
  const KtProgressRecord *record;
  guint n_known = 0;

  g_assert_true (import ("latest.apkg", folder, imported));
  assert_expected_answers (imported, folder);
  g_assert_true (has_warning (imported, "3 answers were left out: their cards were reset to new "
                                        "in Anki (“Forget”) after them"));
  g_assert_true (has_warning (imported, "2 manual reschedules (“Set Due Date”) were left out: "
                                        "here the schedule comes from the answers"));
  g_assert_true (has_warning (imported, "2 rows of the review log have an answer Kartoteka "
                                        "does not know and were left out"));

  /* Carried out for the progress: the cards Anki had suspended and buried */
  suspended = card_id (folder, "Languages/Spanish.json", "opt-guid-3");
  buried = card_id (folder, "Languages/Spanish.json", "opt-guid-3/2");
  g_assert_cmpuint (imported->suspended->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (imported->suspended, 0), ==, suspended);
  g_assert_cmpuint (imported->buried->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (imported->buried, 0), ==, buried);

  kt_test_profile_init (&profile);
  g_assert_cmpuint (kt_imported_apply_progress (imported, profile.progress, &n_known), ==,
                    G_N_ELEMENTS (expected));
  g_assert_cmpuint (n_known, ==, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile.progress), ==, G_N_ELEMENTS (expected));
  /* Six cards answered; the type-in, the vocabulary (new in Anki) and
   * the buried card (never answered) are new. */
  g_assert_cmpuint (kt_progress_get_n_records (profile.progress), ==, 6);
  kt_test_assert_replays (profile.progress);
  basic = card_id (folder, "Math.json", "basic-guid-1");
  record = kt_progress_lookup (profile.progress, basic);
  g_assert_cmpuint (record->reps, ==, 6);
  g_assert_cmpuint (record->lapses, ==, 1);
  g_assert_cmpint (record->fsrs.last_review_us, ==, T_US + 7 * G_TIME_SPAN_DAY);
  g_assert_cmpint (record->fsrs.due_us, >, T_US + 7 * G_TIME_SPAN_DAY);
  g_assert_null (kt_progress_lookup (profile.progress, buried));
  records = snapshot (profile.progress);

  /* Suspended, with its answer kept; not buried: the package was last
   * changed on a day of 2020, when Anki's burial ended */
  g_assert_true (kt_progress_is_suspended (profile.progress, suspended));
  g_assert_nonnull (kt_progress_lookup (profile.progress, suspended));
  g_assert_false (kt_progress_is_suspended (profile.progress, buried));
  g_assert_cmpint (imported->anki_changed_us, ==, T_US + 9 * G_TIME_SPAN_DAY);
  g_assert_cmpint (kt_progress_get_buried_until (profile.progress, buried), ==, 0);
  g_assert_cmpint (kt_progress_get_buried_until (profile.progress, basic), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_suspended (profile.progress), ==, 1);

  /* Again, and in the legacy layout: the same answers, none added */
  g_assert_true (import ("latest.apkg", folder, again));
  g_assert_true (import ("legacy1.apkg", folder, legacy));
  assert_expected_answers (again, folder);
  assert_expected_answers (legacy, folder);
  g_assert_cmpuint (kt_imported_apply_progress (again, profile.progress, &n_known), ==, 0);
  g_assert_cmpuint (n_known, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (kt_imported_apply_progress (legacy, profile.progress, &n_known), ==, 0);
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile.progress), ==, G_N_ELEMENTS (expected));
  assert_snapshot (profile.progress, records);

  kt_test_profile_clear (&profile);
}

/* Cards of two collections answered in the same millisecond: two
 * answers, told apart by their Anki cards' ids. */
static void
test_same_millisecond (void)
{
  g_autofree char *folder = g_dir_make_tmp ("kt-anki-XXXXXX", NULL);
  g_autoptr(KtImported) first = kt_imported_new ();
  g_autoptr(KtImported) second = kt_imported_new ();
  g_autofree char *basic = NULL;
  g_autofree char *other = NULL;
  KtTestProfile profile;
  const KtReviewLogEntry *a, *b;

  g_assert_true (import ("legacy2.apkg", folder, first));
  g_assert_true (import ("same-ms.apkg", folder, second));
  g_assert_cmpuint (second->answers->len, ==, 1);

  kt_test_profile_init (&profile);
  kt_imported_apply_progress (first, profile.progress, NULL);
  g_assert_cmpuint (kt_imported_apply_progress (second, profile.progress, NULL), ==, 1);
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile.progress), ==,
                    G_N_ELEMENTS (expected) + 1);

  basic = card_id (folder, "Math.json", "basic-guid-1");
  other = card_id (folder, "Math.json", "other-guid-1");
  a = kt_progress_get_log_entry (profile.progress, 0);
  b = kt_progress_get_log_entry (profile.progress, 1);
  g_assert_cmpint (a->time_us, ==, T_US);
  g_assert_cmpint (b->time_us, ==, T_US);
  g_assert_cmpstr (a->card_id, ==, basic);
  g_assert_cmpuint (a->seq, ==, 101);
  g_assert_cmpstr (b->card_id, ==, other);
  g_assert_cmpuint (b->seq, ==, 201);
  g_assert_cmpint (b->rating, ==, KT_RATING_EASY);
  kt_test_assert_replays (profile.progress);

  kt_test_profile_clear (&profile);
}

/* Anki's suspension holds the cards an import brings in, never one that
 * was here before: unsuspended here, it stays so on importing the package
 * again, and a card suspended in Anki since it came is not suspended here
 * either; a new card of a later export is. */
static void
test_local_choice_stands (void)
{
  g_autofree char *folder = g_dir_make_tmp ("kt-anki-XXXXXX", NULL);
  g_autoptr(KtImported) first = kt_imported_new ();
  g_autoptr(KtImported) again = kt_imported_new ();
  g_autoptr(KtImported) later = kt_imported_new ();
  g_autoptr(KtImported) restored = kt_imported_new ();
  g_autofree char *suspended = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *added = NULL;
  g_autofree char *spanish = g_build_filename (folder, "Languages", "Spanish.json", NULL);
  KtTestProfile profile;

  kt_test_profile_init (&profile);
  g_assert_true (import ("latest.apkg", folder, first));
  kt_imported_apply_progress (first, profile.progress, NULL);
  suspended = card_id (folder, "Languages/Spanish.json", "opt-guid-3");
  g_assert_true (kt_progress_is_suspended (profile.progress, suspended));

  /* Unsuspended here (Browse, Ctrl+J), then the same package again */
  kt_progress_set_suspended (profile.progress, (const char *[]) { suspended }, 1, FALSE);
  g_assert_true (import ("latest.apkg", folder, again));
  g_assert_cmpuint (again->suspended->len, ==, 0);
  kt_imported_apply_progress (again, profile.progress, NULL);
  g_assert_false (kt_progress_is_suspended (profile.progress, suspended));

  /* A later export: the basic card suspended in Anki since, a new one */
  g_assert_true (import ("later.apkg", folder, later));
  kt_imported_apply_progress (later, profile.progress, NULL);
  basic = card_id (folder, "Math.json", "basic-guid-1");
  added = card_id (folder, "Math.json", "later-guid-7");
  g_assert_false (kt_progress_is_suspended (profile.progress, basic));
  g_assert_true (kt_progress_is_suspended (profile.progress, added));
  g_assert_false (kt_progress_is_suspended (profile.progress, suspended));
  g_assert_cmpuint (kt_progress_get_n_suspended (profile.progress), ==, 1);

  /* Its deck removed and imported again: the progress knows the card */
  g_assert_cmpint (g_remove (spanish), ==, 0);
  g_assert_true (import ("latest.apkg", folder, restored));
  g_assert_cmpuint (restored->suspended->len, ==, 1);
  kt_imported_apply_progress (restored, profile.progress, NULL);
  g_assert_false (kt_progress_is_suspended (profile.progress, suspended));

  kt_test_profile_clear (&profile);
}

/* A package last changed today (written now by anki/make-packages.py
 * --today): the card Anki buried stays buried until the end of today. */
static void
test_buried_today (void)
{
  g_autofree char *folder = g_dir_make_tmp ("kt-anki-XXXXXX", NULL);
  g_autofree char *packages = g_dir_make_tmp ("kt-anki-today-XXXXXX", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "anki", "make-packages.py", NULL);
  g_autofree char *today = g_build_filename (packages, "today.apkg", NULL);
  const char *argv[] = { "python3", script, "--today", packages, NULL };
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *buried = NULL;
  g_autofree char *suspended = NULL;
  gint64 before_us = g_get_real_time () / 1000 * 1000;
  gint64 day_start, day_end;
  KtTestProfile profile;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (import_path (today, folder, imported));
  g_assert_cmpint (imported->anki_changed_us, >=, before_us);
  g_assert_cmpint (imported->anki_changed_us, <=, g_get_real_time ());
  buried = card_id (folder, "Languages/Spanish.json", "opt-guid-3/2");
  g_assert_cmpuint (imported->buried->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (imported->buried, 0), ==, buried);

  kt_test_profile_init (&profile);
  kt_imported_apply_progress (imported, profile.progress, NULL);
  kt_progress_get_day_bounds (profile.progress, g_get_real_time (), &day_start, &day_end);
  g_assert_cmpint (kt_progress_get_buried_until (profile.progress, buried), ==, day_end);
  suspended = card_id (folder, "Languages/Spanish.json", "opt-guid-3");
  g_assert_true (kt_progress_is_suspended (profile.progress, suspended));
  kt_test_profile_clear (&profile);
}

/* A collection of Anki's v1 scheduler: its learning and relearning rows
 * pressed 2 for Good and 3 for Easy of three buttons; its review rows had
 * four, as now. */
static void
test_v1_scheduler (void)
{
  g_autofree char *folder = g_dir_make_tmp ("kt-anki-XXXXXX", NULL);
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autofree char *id = NULL;
  static const struct {
    gint64      time_us;
    KtRating    rating;
    KtCardState state;
  } v1[] = {
    { T_US, KT_RATING_GOOD, KT_CARD_NEW },
    { T_US + 10 * MIN_US, KT_RATING_EASY, KT_CARD_LEARNING },
    { T_US + 4 * G_TIME_SPAN_DAY, KT_RATING_HARD, KT_CARD_REVIEW },
    { T_US + 10 * G_TIME_SPAN_DAY, KT_RATING_AGAIN, KT_CARD_REVIEW },
    { T_US + 10 * G_TIME_SPAN_DAY + 10 * MIN_US, KT_RATING_GOOD, KT_CARD_RELEARNING },
    { T_US + 11 * G_TIME_SPAN_DAY, KT_RATING_GOOD, KT_CARD_REVIEW },
    { T_US + 14 * G_TIME_SPAN_DAY, KT_RATING_AGAIN, KT_CARD_REVIEW },
    { T_US + 14 * G_TIME_SPAN_DAY + MIN_US, KT_RATING_EASY, KT_CARD_RELEARNING },
  };
  KtTestProfile profile;

  g_assert_true (import ("v1.apkg", folder, imported));
  id = card_id (folder, "Math.json", "v1-guid-1");
  g_assert_cmpuint (imported->answers->len, ==, G_N_ELEMENTS (v1));
  for (guint i = 0; i < G_N_ELEMENTS (v1); i++)
    {
      const KtReviewLogEntry *answer = &g_array_index (imported->answers, KtReviewLogEntry, i);

      g_assert_cmpstr (answer->card_id, ==, id);
      g_assert_cmpint (answer->time_us, ==, v1[i].time_us);
      g_assert_cmpint (answer->rating, ==, v1[i].rating);
      g_assert_cmpint (answer->state_before, ==, v1[i].state);
    }
  g_assert_cmpuint (imported->warnings->len, ==, 0);

  kt_test_profile_init (&profile);
  g_assert_cmpuint (kt_imported_apply_progress (imported, profile.progress, NULL), ==,
                    G_N_ELEMENTS (v1));
  kt_test_assert_replays (profile.progress);
  g_assert_cmpuint (kt_progress_lookup (profile.progress, id)->lapses, ==, 2);
  kt_test_profile_clear (&profile);
}

/* kartoteka --import: the summary counts the answers, the history is in
 * the progress saved, and a second import says they were there. */
static void
test_cli (void)
{
  g_autofree char *latest = fixture ("latest.apkg");
  const char *paths[] = { latest, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(KtProgress) reopened = NULL;
  KtTestProfile profile;

  kt_test_profile_init (&profile);
  g_assert_cmpint (kt_cli_import (profile.progress, paths, out, err), ==, EXIT_SUCCESS);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_true (g_str_has_suffix (out->str, "\nImported 5 decks: 9 cards, 11 answers, 1 image; "
                                              "1 note type simplified\n"));
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile.progress), ==, G_N_ELEMENTS (expected));
  kt_test_assert_replays (profile.progress);

  /* Saved: another start reads them, and the suspended card */
  reopened = kt_progress_new (profile.settings);
  g_assert_cmpuint (kt_progress_get_n_log_entries (reopened), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (kt_progress_get_n_suspended (reopened), ==, 1);
  kt_test_assert_same_progress (reopened, profile.progress);
  g_clear_object (&reopened);

  g_string_truncate (out, 0);
  g_assert_cmpint (kt_cli_import (profile.progress, paths, out, err), ==, EXIT_SUCCESS);
  g_assert_true (g_str_has_suffix (out->str, "\nImported 5 decks: 9 cards, 11 answers already "
                                              "there, 1 image; 1 note type simplified\n"));
  g_assert_cmpuint (kt_progress_get_n_log_entries (profile.progress), ==, G_N_ELEMENTS (expected));

  kt_test_profile_clear (&profile);
}

/* When the progress cannot be saved, --import says so and fails, and does
 * not count the answers as imported; the decks are written. */
static void
test_cli_unsaved (void)
{
  g_autofree char *latest = fixture ("latest.apkg");
  const char *paths[] = { latest, NULL };
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "kartoteka", NULL);
  g_autofree char *ini = g_build_filename (config, "settings.ini", NULL);
  g_autofree char *file = g_build_filename (config, "progress.gvariant", NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (ini, "/", NULL);
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(KtProgress) progress = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);

  /* Where progress.gvariant goes, a folder once the progress is open: no
   * save can replace it (not even as root, as permissions would) */
  progress = kt_progress_new (settings);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_mkdir_with_parents (file, 0700), ==, 0);

  g_assert_cmpint (kt_cli_import (progress, paths, out, err), ==, EXIT_FAILURE);
  g_assert_true (g_str_has_prefix (err->str, "The review history could not be saved: "));
  g_assert_true (g_str_has_suffix (out->str, "\nImported 5 decks: 9 cards, 1 image; "
                                              "1 note type simplified\n"));
}

int
main (int argc, char *argv[])
{
  kt_test_pin_utc ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/anki-history/answers", test_answers);
  g_test_add_func ("/anki-history/same-millisecond", test_same_millisecond);
  g_test_add_func ("/anki-history/v1-scheduler", test_v1_scheduler);
  g_test_add_func ("/anki-history/local-choice-stands", test_local_choice_stands);
  g_test_add_func ("/anki-history/buried-today", test_buried_today);
  g_test_add_func ("/anki-history/cli", test_cli);
  g_test_add_func ("/anki-history/cli-unsaved", test_cli_unsaved);

  return g_test_run ();
}
