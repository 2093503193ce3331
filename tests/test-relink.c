/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-relink: pairing cards whose ids changed at a reload,
 * and progress that follows them through the library — a question
 * reworded, a note renamed, a note moved, and not a card rewritten —
 * and the ids from before topic ids were paths.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-library.h"
#include "kt-relink.h"
#include "kt-test-util.h"
#include "kt-text.h"

/* -------------------------------------------------------------------------
 * Matching
 * ---------------------------------------------------------------------- */

static KtCard *
card (const char *topic_id,
      const char *question,
      const char *answer)
{
  g_autofree char *id = kt_text_card_id (topic_id, question);

  return kt_card_new (id, topic_id, NULL, NULL, question, answer, NULL, NULL, "deck.txt", 1);
}

/* The pairs kt_relink_match() makes, as "old question → new question"
 * lines in the order made, joined by "|". */
static char *
match (KtCard **gone,
       guint    n_gone,
       KtCard **appeared,
       guint    n_appeared)
{
  g_autoptr(GPtrArray) g = g_ptr_array_new ();
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) from = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) to = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_gone; i++)
    g_ptr_array_add (g, gone[i]);
  for (guint i = 0; i < n_appeared; i++)
    g_ptr_array_add (a, appeared[i]);
  kt_relink_match (g, a, from, to);
  g_assert_cmpuint (from->len, ==, to->len);

  for (guint i = 0; i < from->len; i++)
    {
      const char *before = NULL, *after = NULL;

      for (guint j = 0; j < n_gone; j++)
        if (g_str_equal (kt_card_get_id (gone[j]), g_ptr_array_index (from, i)))
          before = kt_card_get_question (gone[j]);
      for (guint j = 0; j < n_appeared; j++)
        if (g_str_equal (kt_card_get_id (appeared[j]), g_ptr_array_index (to, i)))
          after = kt_card_get_question (appeared[j]);
      g_assert_nonnull (before);
      g_assert_nonnull (after);
      g_ptr_array_add (lines, g_strdup_printf ("%s → %s", before, after));
    }
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("|", (char **) lines->pdata);
}

static void
test_match (void)
{
  KtCard *loop = card ("t", "What does the event loop do?", "Runs coroutines and switches at await.");
  KtCard *loop_reworded = card ("t", "What exactly does the event loop do?",
                                "Runs coroutines and switches at await.");
  KtCard *loop_typo = card ("t", "What does the event lop do", "Runs coroutines, switches at await.");
  KtCard *loop_moved = card ("other/t", "What does the event loop do?",
                             "It runs coroutines and switches between them at await.");
  KtCard *rewritten = card ("t", "Name three ways to start a task.",
                            "create_task, gather and TaskGroup.");
  KtCard *coroutine = card ("t", "What is a coroutine?", "A function defined with async def.");
  g_autofree char *reworded = NULL;
  g_autofree char *typo = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *none = NULL;
  g_autofree char *two = NULL;

  /* The same answer: a reworded question. */
  reworded = match (&loop, 1, &loop_reworded, 1);
  g_assert_cmpstr (reworded, ==, "What does the event loop do? → What exactly does the event loop do?");

  /* A few edits in the question, and in the answer. */
  typo = match (&loop, 1, &loop_typo, 1);
  g_assert_cmpstr (typo, ==, "What does the event loop do? → What does the event lop do");

  /* The same question in a renamed note, its answer edited. */
  moved = match (&loop, 1, &loop_moved, 1);
  g_assert_cmpstr (moved, ==, "What does the event loop do? → What does the event loop do?");

  /* Question and answer both rewritten: another card. */
  none = match (&loop, 1, &rewritten, 1);
  g_assert_cmpstr (none, ==, "");

  /* Each with its own. */
  {
    KtCard *gone[] = { coroutine, loop };
    KtCard *appeared[] = { rewritten, loop_reworded };

    two = match (gone, 2, appeared, 2);
    g_assert_cmpstr (two, ==, "What does the event loop do? → What exactly does the event loop do?");
  }

  g_object_unref (loop);
  g_object_unref (loop_reworded);
  g_object_unref (loop_typo);
  g_object_unref (loop_moved);
  g_object_unref (rewritten);
  g_object_unref (coroutine);
}

/* Where two pairings fit equally, neither is made. */
static void
test_match_ambiguous (void)
{
  KtCard *yes_a = card ("t", "Is asyncio single-threaded?", "Yes.");
  KtCard *yes_b = card ("t", "Does await yield to the loop?", "Yes.");
  KtCard *yes_c = card ("t", "Is the GIL released on I/O?", "Yes.");
  KtCard *q1 = card ("t", "What is a task A?", "Some answer here.");
  KtCard *q2 = card ("t", "What is a task B?", "Some answer here!");
  KtCard *q3 = card ("t", "What is a task C?", "Some answer here?");
  g_autofree char *by_answer = NULL;
  g_autofree char *tie = NULL;

  /* Two cards gone with the same answer, one new one with it. */
  {
    KtCard *gone[] = { yes_a, yes_b };

    by_answer = match (gone, 2, &yes_c, 1);
    g_assert_cmpstr (by_answer, ==, "");
  }

  /* One gone, two new ones equally near. */
  {
    KtCard *appeared[] = { q2, q3 };

    tie = match (&q1, 1, appeared, 2);
    g_assert_cmpstr (tie, ==, "");
  }

  g_object_unref (yes_a);
  g_object_unref (yes_b);
  g_object_unref (yes_c);
  g_object_unref (q1);
  g_object_unref (q2);
  g_object_unref (q3);
}

/* -------------------------------------------------------------------------
 * Through the library
 * ---------------------------------------------------------------------- */

typedef struct
{
  KtTestProfile  profile;
  KtLibrary     *library;
  char          *dir;
  guint          n_moved;
} Fixture;

static void
on_cards_moved (KtLibrary          *library,
                const char * const *from_ids,
                const char * const *to_ids,
                Fixture            *fixture)
{
  fixture->n_moved += kt_relink_apply (fixture->profile.progress, kt_library_get_all (library),
                                       from_ids, to_ids);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kt_test_profile_init (&fixture->profile);
  fixture->library = kt_library_new ();
  fixture->dir = g_dir_make_tmp ("kt-relink-XXXXXX", &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->library, "cards-moved", G_CALLBACK (on_cards_moved), fixture);
}

static gboolean
library_idle (gpointer data)
{
  return !kt_library_get_loading (data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *argv[] = { "rm", "-rf", fixture->dir, NULL };
  gpointer weak = fixture->library;

  kt_test_wait_until (library_idle, fixture->library);
  g_object_add_weak_pointer (G_OBJECT (fixture->library), &weak);
  g_object_unref (fixture->library);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
  kt_test_profile_clear (&fixture->profile);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *relative,
            const char *text)
{
  char *path = g_build_filename (fixture->dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (parent, 0700));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  return path;
}

typedef struct
{
  Fixture    *fixture;
  const char *card_id;
} CardThere;

static gboolean
card_there (gpointer data)
{
  CardThere *there = data;

  return kt_library_find_card (there->fixture->library, there->card_id) != NULL &&
         !kt_library_get_loading (there->fixture->library);
}

/* Waits until the card of @question in @topic_id is loaded. */
static char *
wait_for_card (Fixture    *fixture,
               const char *topic_id,
               const char *question)
{
  char *id = kt_text_card_id (topic_id, question);
  CardThere there = { fixture, id };

  kt_test_wait_until (card_there, &there);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return id;
}

static guint
n_log_entries_of (KtProgress *progress,
                  const char *card_id)
{
  guint n = 0;

  for (guint i = 0; i < kt_progress_get_n_log_entries (progress); i++)
    n += g_str_equal (kt_progress_get_log_entry (progress, i)->card_id, card_id);

  return n;
}

#define LOOP_Q       "What does the event loop do?"
#define LOOP_Q_NEW   "What exactly does the event loop do?"
#define COROUTINE_Q  "What is a coroutine?"
#define GATHER_Q     "What does asyncio.gather return?"

static const char deck[] =
  "1. " LOOP_Q "\nAnswer: It runs coroutines and switches between them at await.\n\n"
  "2. " COROUTINE_Q "\nAnswer: A function defined with async def.\n\n"
  "3. " GATHER_Q "\nAnswer: The results of the awaitables, in order.\n";

/* (a) a question reworded, (b) the note renamed, (c) the note moved to
 * another subfolder, (d) a card's question and answer both rewritten:
 * progress is kept in (a) to (c), not in (d). */
static void
test_library_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autofree char *path = write_file (fixture, "Python/Async.txt", deck);
  g_autofree char *renamed = g_build_filename (fixture->dir, "Python", "Async Python.txt", NULL);
  g_autofree char *archive = g_build_filename (fixture->dir, "Archive", NULL);
  g_autofree char *moved = g_build_filename (archive, "Async Python.txt", NULL);
  g_autofree char *loop = NULL, *coroutine = NULL, *gather = NULL;
  g_autofree char *reworded = NULL;
  g_autoptr(GString) edited = NULL;
  gint64 now = g_get_real_time ();
  const KtProgressRecord *record;

  kt_library_add_folder (fixture->library, folder);
  loop = wait_for_card (fixture, "Python/Async", LOOP_Q);
  coroutine = kt_text_card_id ("Python/Async", COROUTINE_Q);
  gather = kt_text_card_id ("Python/Async", GATHER_Q);

  kt_progress_record_review (progress, loop, KT_RATING_GOOD, now - 2 * G_TIME_SPAN_DAY);
  kt_progress_record_review (progress, loop, KT_RATING_GOOD, now - G_TIME_SPAN_DAY);
  kt_progress_record_review (progress, coroutine, KT_RATING_HARD, now - G_TIME_SPAN_DAY);
  kt_progress_record_review (progress, gather, KT_RATING_EASY, now - G_TIME_SPAN_DAY);
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 3);

  /* (a) Reworded: the record and both answers follow the card. */
  edited = g_string_new (deck);
  g_string_replace (edited, LOOP_Q, LOOP_Q_NEW, 1);
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  reworded = wait_for_card (fixture, "Python/Async", LOOP_Q_NEW);
  g_assert_null (kt_progress_lookup (progress, loop));
  record = kt_progress_lookup (progress, reworded);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->reps, ==, 2);
  g_assert_cmpuint (n_log_entries_of (progress, loop), ==, 0);
  g_assert_cmpuint (n_log_entries_of (progress, reworded), ==, 2);
  g_assert_cmpuint (fixture->n_moved, ==, 1);

  /* (b) Renamed: every card has a new id, and keeps its progress. */
  g_assert_no_errno (g_rename (path, renamed));
  {
    g_autofree char *loop_b = wait_for_card (fixture, "Python/Async Python", LOOP_Q_NEW);
    g_autofree char *coroutine_b = kt_text_card_id ("Python/Async Python", COROUTINE_Q);
    g_autofree char *gather_b = kt_text_card_id ("Python/Async Python", GATHER_Q);

    g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 3);
    g_assert_cmpuint (kt_progress_lookup (progress, loop_b)->reps, ==, 2);
    g_assert_cmpuint (kt_progress_lookup (progress, coroutine_b)->reps, ==, 1);
    g_assert_cmpuint (kt_progress_lookup (progress, gather_b)->reps, ==, 1);
    g_assert_null (kt_progress_lookup (progress, reworded));
    g_assert_cmpuint (fixture->n_moved, ==, 4);
  }

  /* (c) Moved to another subfolder, made while Kartoteka runs. */
  g_assert_no_errno (g_mkdir (archive, 0700));
  /* The new folder is watched before the note moves into it. */
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE) || kt_library_get_loading (fixture->library))
    ;
  g_assert_no_errno (g_rename (renamed, moved));
  {
    g_autofree char *loop_c = wait_for_card (fixture, "Archive/Async Python", LOOP_Q_NEW);
    g_autofree char *gather_c = kt_text_card_id ("Archive/Async Python", GATHER_Q);
    g_autofree char *rewritten_id = NULL;

    g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 3);
    g_assert_cmpuint (kt_progress_lookup (progress, loop_c)->reps, ==, 2);
    g_assert_cmpuint (n_log_entries_of (progress, loop_c), ==, 2);
    g_assert_cmpuint (fixture->n_moved, ==, 7);

    /* (d) Rewritten from scratch: a new card, the old progress an orphan. */
    g_string_replace (edited, GATHER_Q, "Name three ways to start a task.", 1);
    g_string_replace (edited, "The results of the awaitables, in order.",
                      "create_task, gather and TaskGroup.", 1);
    g_assert_true (g_file_set_contents (moved, edited->str, -1, NULL));
    rewritten_id = wait_for_card (fixture, "Archive/Async Python", "Name three ways to start a task.");
    g_assert_null (kt_progress_lookup (progress, rewritten_id));
    g_assert_nonnull (kt_progress_lookup (progress, gather_c));
    g_assert_cmpuint (kt_progress_lookup (progress, gather_c)->reps, ==, 1);
    g_assert_null (kt_library_find_card (fixture->library, gather_c));
    g_assert_cmpuint (fixture->n_moved, ==, 7);
  }

  /* All of it saved: a new profile on the same settings has it. */
  kt_progress_flush (progress);
  {
    g_autoptr(KtProgress) again = kt_progress_new (fixture->profile.settings);
    g_autofree char *loop_c = kt_text_card_id ("Archive/Async Python", LOOP_Q_NEW);

    g_assert_cmpuint (kt_progress_lookup (again, loop_c)->reps, ==, 2);
    g_assert_cmpuint (n_log_entries_of (again, loop_c), ==, 2);
    g_assert_null (kt_progress_lookup (again, loop));
  }
}

/* Progress made when a note's id was its file name, and the bundled note
 * was "async-python.md", is found again. */
static void
test_legacy_ids (Fixture       *fixture,
                 gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autofree char *vault = g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
  const char *const folders[] = { vault, NULL };
  g_autofree char *bundled_old = kt_text_card_id ("async-python", "Что делает event loop?");
  g_autofree char *bundled_new = kt_text_card_id ("Async Python", "Что делает event loop?");
  g_autofree char *core_old = kt_text_card_id ("Core", "What does the GIL protect?");
  g_autofree char *core_new = kt_text_card_id ("Python/Core", "What does the GIL protect?");
  g_autofree char *cap_old = kt_text_card_id ("Core", "What does the CAP theorem say?");
  g_autofree char *cap_new = kt_text_card_id ("System Design/Core", "What does the CAP theorem say?");
  g_autofree char *orphan = kt_text_card_id ("Core", "A card that is nowhere now");
  gint64 now = g_get_real_time ();

  kt_progress_record_review (progress, bundled_old, KT_RATING_GOOD, now);
  kt_progress_record_review (progress, core_old, KT_RATING_GOOD, now);
  kt_progress_record_review (progress, cap_old, KT_RATING_AGAIN, now);
  kt_progress_record_review (progress, orphan, KT_RATING_GOOD, now);

  kt_library_load_bundled (fixture->library);
  g_assert_null (kt_progress_lookup (progress, bundled_old));
  g_assert_nonnull (kt_progress_lookup (progress, bundled_new));

  kt_library_set_extra_folders (fixture->library, folders);
  kt_test_wait_until (library_idle, fixture->library);
  g_assert_null (kt_progress_lookup (progress, core_old));
  g_assert_nonnull (kt_progress_lookup (progress, core_new));
  g_assert_null (kt_progress_lookup (progress, cap_old));
  g_assert_cmpint (kt_progress_lookup (progress, cap_new)->fsrs.state, ==, KT_CARD_LEARNING);
  /* What matches no card stays where it was. */
  g_assert_nonnull (kt_progress_lookup (progress, orphan));
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 4);
  g_assert_cmpuint (fixture->n_moved, ==, 3);
}

typedef struct
{
  KtLibrary  *library;
  const char *id;
} TopicThere;

static gboolean
topic_there (gpointer data)
{
  TopicThere *t = data;

  return kt_library_find_topic (t->library, t->id) != NULL && !kt_library_get_loading (t->library);
}

/* The seed's author has the bundled note in the vault, byte for byte: it
 * is shown once, from the vault, with the progress made on the bundled
 * copy; when the file goes for good, the bundled deck comes back with it.
 * (The return waits out the ten seconds a gone file is remembered.) */
static void
test_bundled_copy (Fixture       *fixture,
                   gconstpointer  data)
{
  KtProgress *progress = fixture->profile.progress;
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "decks",
                                                 "Async Python.md", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autofree char *copy = NULL;
  g_autofree char *bundled_id = kt_text_card_id ("Async Python", "Что делает event loop?");
  g_autofree char *copy_id = kt_text_card_id ("Notes/Async Python", "Что делает event loop?");
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  TopicThere bundled_back = { fixture->library, "Async Python" };
  guint n_titled = 0;

  g_assert_true (g_file_get_contents (seed, &contents, &len, NULL));
  kt_library_load_bundled (fixture->library);
  kt_progress_record_review (progress, bundled_id, KT_RATING_GOOD, g_get_real_time ());

  copy = write_file (fixture, "Notes/Async Python.md", "");
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  kt_library_add_folder (fixture->library, folder);
  kt_test_wait_until (library_idle, fixture->library);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->library)); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (G_LIST_MODEL (fixture->library), i);

      n_titled += g_str_equal (kt_topic_get_title (topic), "Async Python");
    }
  g_assert_cmpuint (n_titled, ==, 1);
  g_assert_null (kt_library_find_topic (fixture->library, "Async Python"));
  g_assert_nonnull (kt_library_find_topic (fixture->library, "Notes/Async Python"));
  g_assert_null (kt_progress_lookup (progress, bundled_id));
  g_assert_cmpuint (kt_progress_lookup (progress, copy_id)->reps, ==, 1);

  g_assert_no_errno (g_remove (copy));
  kt_test_wait_until_seconds (topic_there, &bundled_back, 20);
  g_assert_null (kt_library_find_topic (fixture->library, "Notes/Async Python"));
  g_assert_cmpuint (kt_progress_lookup (progress, bundled_id)->reps, ==, 1);
  g_assert_null (kt_progress_lookup (progress, copy_id));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/relink/match", test_match);
  g_test_add_func ("/relink/match/ambiguous", test_match_ambiguous);
  g_test_add ("/relink/library/edits", Fixture, NULL, fixture_set_up, test_library_edits,
              fixture_tear_down);
  g_test_add ("/relink/library/legacy-ids", Fixture, NULL, fixture_set_up, test_legacy_ids,
              fixture_tear_down);
  g_test_add ("/relink/library/bundled-copy", Fixture, NULL, fixture_set_up, test_bundled_copy,
              fixture_tear_down);

  return g_test_run ();
}
