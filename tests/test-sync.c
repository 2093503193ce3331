/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Two machines, each with its own settings, study the same cards offline
 * and exchange their logs: whatever the interleaving of answers, undos
 * and exchanges, they end with the same progress, bit for bit, and no
 * answer lost. Then the same through a real sync folder (KtSync), with
 * files replaced by rename and in place, half written, conflict copies
 * and garbage. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <utime.h>

#include "kt-cli.h"
#include "kt-progress-json.h"
#include "kt-sync.h"
#include "kt-test-util.h"

#define MINUTE G_TIME_SPAN_MINUTE
#define DAY    G_TIME_SPAN_DAY

/* ---- merging logs -------------------------------------------------------- */

/* @to takes in everything @from holds, as from its file. Through the
 * JSON file when @through_json, else straight from its log. */
static guint
exchange (KtProgress *from,
          KtProgress *to,
          gboolean    through_json)
{
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));
  g_autoptr(GArray) tombstones = g_array_new (FALSE, FALSE, sizeof (KtAnswerId));

  if (through_json)
    {
      g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(KtProgressImport) import = NULL;
      g_autoptr(GError) error = NULL;

      kt_progress_json_export (from, G_LIST_MODEL (no_topics), g_get_real_time (),
                               KT_PROGRESS_JSON_MACHINE, text);
      import = kt_progress_json_read_data (text->str, text->len, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kt_progress_import_get_machine (import), ==, kt_progress_get_machine (from));
      return kt_progress_import_merge_log (import, to, NULL);
    }

  for (guint i = 0; i < kt_progress_get_n_log_entries (from); i++)
    g_array_append_val (answers, *kt_progress_get_log_entry (from, i));
  for (guint i = 0; i < kt_progress_get_n_tombstones (from); i++)
    g_array_append_val (tombstones, *kt_progress_get_tombstone (from, i));

  return kt_progress_merge (to, (const KtReviewLogEntry *) answers->data, answers->len,
                            (const KtAnswerId *) tombstones->data, tombstones->len, NULL);
}

typedef struct
{
  KtTestProfile profile;
  gint64        now;        /* this machine's clock */
  char         *last_card;  /* the answer Undo takes back, or NULL */
  KtProgressRecord previous;
  gboolean      was_new;
  guint         n_given;    /* answers given here, less those undone */
  guint         n_undone;
} Machine;

static void
machine_answer (Machine    *m,
                const char *card,
                KtRating    rating)
{
  const KtProgressRecord *record = kt_progress_lookup (m->profile.progress, card);

  m->was_new = record == NULL;
  if (record != NULL)
    m->previous = *record;
  g_free (m->last_card);
  m->last_card = g_strdup (card);
  kt_progress_record_review (m->profile.progress, card, rating, m->now);
  m->n_given++;
}

static void
machine_undo (Machine *m)
{
  if (m->last_card == NULL)
    return;
  kt_progress_restore (m->profile.progress, m->last_card, m->was_new ? NULL : &m->previous);
  g_clear_pointer (&m->last_card, g_free);
  m->n_given--;
  m->n_undone++;
}

/* A few hundred schedules: both machines answer the same few cards while
 * offline (one microsecond apart at times, or in the very same one),
 * undo answers the other may have merged already, and exchange their
 * logs in any order, straight or through the JSON file. At the end,
 * after one exchange each way, both hold the same progress, every
 * answer given and not undone, and each record is its answers replayed. */
static void
test_converge (void)
{
  /* Seeds that found bugs first, then random ones */
  static const guint32 found[] = { 3777115823u };
  guint n_runs = g_test_thorough () ? 2000 : 300;

  for (guint run = 0; run < n_runs; run++)
    {
      guint32 seed = run < G_N_ELEMENTS (found) ? found[run] : (guint32) g_test_rand_int ();
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      Machine machines[2];
      guint n_steps = g_rand_int_range (rand, 1, 80);
      gint64 start = kt_test_utc_us (2025, 1, 1, 9, 0);

      g_test_message ("run %u, seed %u", run, seed);
      memset (machines, 0, sizeof machines);
      for (guint i = 0; i < 2; i++)
        {
          kt_test_profile_init (&machines[i].profile);
          machines[i].now = start;
        }
      /* Fuzz on both, the same settings */
      for (guint i = 0; i < 2; i++)
        g_settings_set_boolean (machines[i].profile.settings, "enable-fuzz", TRUE);

      for (guint step = 0; step < n_steps; step++)
        {
          Machine *m = &machines[g_rand_int_range (rand, 0, 2)];
          Machine *other = m == &machines[0] ? &machines[1] : &machines[0];
          int action = g_rand_int_range (rand, 0, 20);

          if (action < 14)
            {
              g_autofree char *card = g_strdup_printf ("deck:%d", g_rand_int_range (rand, 0, 4));
              int gap = g_rand_int_range (rand, 0, 4);

              if (gap == 1)
                m->now += g_rand_int_range (rand, 1, 30) * MINUTE;
              else if (gap >= 2)
                m->now += g_rand_int_range (rand, 1, 40) * DAY + g_rand_int_range (rand, 0, 1000);
              machine_answer (m, card, g_rand_int_range (rand, 1, 5));
            }
          else if (action < 16)
            machine_undo (m);
          else
            exchange (m->profile.progress, other->profile.progress, g_rand_boolean (rand));
        }

      for (guint i = 0; i < 2; i++)
        exchange (machines[i].profile.progress, machines[1 - i].profile.progress,
                  g_rand_boolean (rand));

      kt_test_assert_same_progress (machines[0].profile.progress, machines[1].profile.progress);
      g_assert_cmpuint (kt_progress_get_n_log_entries (machines[0].profile.progress), ==,
                        machines[0].n_given + machines[1].n_given);
      g_assert_cmpuint (kt_progress_get_n_tombstones (machines[0].profile.progress), ==,
                        machines[0].n_undone + machines[1].n_undone);
      for (guint i = 0; i < 2; i++)
        kt_test_assert_replays (machines[i].profile.progress);

      /* Merging again changes nothing */
      g_assert_cmpuint (exchange (machines[0].profile.progress, machines[1].profile.progress, TRUE),
                        ==, 0);
      kt_test_assert_same_progress (machines[0].profile.progress, machines[1].profile.progress);

      for (guint i = 0; i < 2; i++)
        {
          g_free (machines[i].last_card);
          kt_test_profile_clear (&machines[i].profile);
        }
    }
}

/* Undo on A of an answer B merged already: gone on both, the card new
 * again on both, and it never comes back from B's log. */
static void
test_tombstone (void)
{
  KtTestProfile a, b;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);

  kt_test_profile_init (&a);
  kt_test_profile_init (&b);
  kt_progress_record_review (a.progress, "card", KT_RATING_GOOD, now);
  kt_progress_record_review (b.progress, "other", KT_RATING_EASY, now);
  g_assert_cmpuint (exchange (a.progress, b.progress, FALSE), ==, 1);
  g_assert_nonnull (kt_progress_lookup (b.progress, "card"));

  kt_progress_restore (a.progress, "card", NULL);
  g_assert_cmpuint (exchange (b.progress, a.progress, TRUE), ==, 1);  /* "other" only */
  g_assert_null (kt_progress_lookup (a.progress, "card"));
  g_assert_cmpuint (exchange (a.progress, b.progress, TRUE), ==, 0);
  g_assert_null (kt_progress_lookup (b.progress, "card"));
  kt_test_assert_same_progress (a.progress, b.progress);
  g_assert_cmpuint (kt_progress_get_n_log_entries (a.progress), ==, 1);

  kt_test_profile_clear (&a);
  kt_test_profile_clear (&b);
}

/* ---- a real sync folder -------------------------------------------------- */

typedef struct
{
  KtTestProfile  profile;
  KtSync        *sync;
  GString       *merged;    /* "host:n;" per KtSync::merged */
  GString       *problems;  /* "basename;" per KtSync::problem */
} Side;

static void
merged_cb (KtSync     *sync,
           const char *host,
           guint       n_answers,
           Side       *side)
{
  g_string_append_printf (side->merged, "%u;", n_answers);
}

static void
problem_cb (KtSync     *sync,
            const char *path,
            const char *message,
            Side       *side)
{
  g_autofree char *name = g_path_get_basename (path);

  g_string_append_printf (side->problems, "%s;", name);
}

static void
side_init (Side       *side,
           const char *folder)
{
  kt_test_profile_init (&side->profile);
  side->merged = g_string_new (NULL);
  side->problems = g_string_new (NULL);
  side->sync = kt_sync_new (side->profile.progress);
  g_signal_connect (side->sync, "merged", G_CALLBACK (merged_cb), side);
  g_signal_connect (side->sync, "problem", G_CALLBACK (problem_cb), side);
  g_settings_set_string (side->profile.settings, "sync-folder", folder);
  g_assert_cmpstr (kt_sync_get_folder (side->sync), ==, folder);
}

static void
side_clear (Side *side)
{
  g_assert_finalize_object (side->sync);
  kt_test_profile_clear (&side->profile);
  g_string_free (side->merged, TRUE);
  g_string_free (side->problems, TRUE);
}

typedef struct
{
  KtProgress *progress;
  guint       n_answers;
} Wait;

static gboolean
has_answers (gpointer data)
{
  Wait *wait = data;

  return kt_progress_get_n_log_entries (wait->progress) == wait->n_answers;
}

static void
wait_for_answers (Side  *side,
                  guint  n_answers)
{
  Wait wait = { side->profile.progress, n_answers };

  kt_test_wait_until (has_answers, &wait);
}

static gboolean
has_problems (gpointer data)
{
  Side *side = data;

  return side->problems->len > 0;
}

/* A third machine's file, exported from a profile of its own */
static char *
third_machine_file (const char *card,
                    gint64      time_us,
                    gint64     *machine)
{
  KtTestProfile third;
  g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
  GString *text = g_string_new (NULL);

  kt_test_profile_init (&third);
  kt_progress_record_review (third.progress, card, KT_RATING_GOOD, time_us);
  kt_progress_json_export (third.progress, G_LIST_MODEL (no_topics), time_us, KT_PROGRESS_JSON_MACHINE,
                           text);
  *machine = kt_progress_get_machine (third.progress);
  kt_test_profile_clear (&third);

  return g_string_free (text, FALSE);
}

static char *
file_name (gint64      machine,
           const char *suffix)
{
  g_autofree char *id = kt_progress_format_machine (machine);

  return g_strdup_printf ("progress-%s%s.json", id, suffix);
}

static char *
export_text (KtProgress *progress)
{
  g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
  GString *text = g_string_new (NULL);

  kt_progress_json_export (progress, G_LIST_MODEL (no_topics), 0, 0, text);
  return g_string_free (text, FALSE);
}

/* A sync folder of the data dir, with its .kartoteka made, as @dir */
static char *
make_sync_folder (const char  *name,
                  char       **dir)
{
  char *folder = g_build_filename (g_get_user_data_dir (), name, NULL);

  *dir = g_build_filename (folder, ".kartoteka", NULL);
  g_assert_cmpint (g_mkdir_with_parents (*dir, 0700), ==, 0);
  return folder;
}

static void
test_folder (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "notes", NULL);
  g_autofree char *dir = g_build_filename (folder, ".kartoteka", NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);
  Side a, b;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  side_init (&a, folder);
  side_init (&b, folder);

  /* A answers: its file appears after the usual delay; B merges it */
  kt_progress_record_review (a.profile.progress, "asyncio:1", KT_RATING_GOOD, now);
  kt_progress_record_review (a.profile.progress, "asyncio:2", KT_RATING_EASY, now + MINUTE);
  wait_for_answers (&b, 2);
  g_assert_cmpstr (b.merged->str, ==, "2;");
  kt_test_assert_records_identical (kt_progress_lookup (a.profile.progress, "asyncio:2"),
                                    kt_progress_lookup (b.profile.progress, "asyncio:2"));
  g_assert_cmpuint (kt_sync_get_n_machines (b.sync), ==, 1);
  g_assert_cmpint (kt_sync_get_machine (b.sync, 0)->machine, ==,
                   kt_progress_get_machine (a.profile.progress));
  g_assert_cmpstr (kt_sync_get_machine (b.sync, 0)->host, ==, g_get_host_name ());

  /* B answers and undoes one of A's cards; A sees the answer go */
  kt_progress_record_review (b.profile.progress, "asyncio:1", KT_RATING_AGAIN, now + DAY);
  wait_for_answers (&a, 3);
  kt_progress_restore (b.profile.progress, "asyncio:1", kt_progress_lookup (a.profile.progress, "asyncio:1"));
  wait_for_answers (&a, 2);
  kt_sync_flush (a.sync);
  kt_sync_flush (b.sync);
  kt_test_assert_same_progress (a.profile.progress, b.profile.progress);

  /* A third machine's file renamed over, as Syncthing writes */
  {
    gint64 machine;
    g_autofree char *text = third_machine_file ("celery:1", now + 2 * DAY, &machine);
    g_autofree char *name = file_name (machine, "");
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autofree char *temp = g_build_filename (dir, ".syncthing.tmp", NULL);

    g_assert_true (g_file_set_contents (temp, text, -1, &error));
    g_assert_cmpint (g_rename (temp, path), ==, 0);
    wait_for_answers (&a, 3);
    wait_for_answers (&b, 3);
  }

  /* One written in place, in two halves: skipped with one problem while
   * half written, merged once whole */
  {
    gint64 machine;
    g_autofree char *text = third_machine_file ("celery:2", now + 3 * DAY, &machine);
    g_autofree char *name = file_name (machine, "");
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autofree char *before = export_text (b.profile.progress);
    g_autofree char *after = NULL;
    FILE *out = g_fopen (path, "w");

    g_assert_nonnull (out);
    fwrite (text, 1, strlen (text) / 2, out);
    fflush (out);
    g_string_truncate (b.problems, 0);
    kt_test_wait_until (has_problems, &b);
    g_assert_true (g_str_has_prefix (b.problems->str, name));
    g_assert_cmpuint (b.problems->len, ==, strlen (name) + 1);
    after = export_text (b.profile.progress);
    g_assert_cmpstr (after, ==, before);

    fputs (text + strlen (text) / 2, out);
    fclose (out);
    wait_for_answers (&b, 4);
    g_assert_cmpuint (b.problems->len, ==, strlen (name) + 1);
  }

  /* A conflict copy of A's file is merged like any other: here it holds
   * an answer of a fourth machine */
  {
    gint64 machine;
    g_autofree char *text = third_machine_file ("redis:1", now + 4 * DAY, &machine);
    g_autofree char *name = file_name (kt_progress_get_machine (a.profile.progress),
                                       ".sync-conflict-20250301-090000-ABCDEFG");
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_assert_true (g_file_set_contents (path, text, -1, &error));
    wait_for_answers (&b, 5);
    wait_for_answers (&a, 5);
  }

  /* Garbage and another version: skipped, with one problem each, and
   * nothing here changes */
  {
    g_autofree char *garbage = g_build_filename (dir, "progress-garbage.json", NULL);
    g_autofree char *future = g_build_filename (dir, "progress-future (conflicted copy).json", NULL);
    g_autofree char *before = export_text (b.profile.progress);
    g_autofree char *after = NULL;

    g_string_truncate (b.problems, 0);
    g_assert_true (g_file_set_contents (garbage, "\x01\x02 not json {", -1, &error));
    g_assert_true (g_file_set_contents (future, "{\"format\":\"kartoteka-progress\",\"version\":2}",
                                        -1, &error));
    g_assert_true (kt_sync_now (b.sync, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (b.problems->str, "progress-garbage.json;"));
    g_assert_nonnull (strstr (b.problems->str, "progress-future (conflicted copy).json;"));
    g_assert_cmpuint (b.problems->len, ==, strlen ("progress-garbage.json;") +
                                           strlen ("progress-future (conflicted copy).json;"));
    /* Read again only when they change: no second problem */
    g_assert_true (kt_sync_now (b.sync, &error));
    g_assert_cmpuint (b.problems->len, ==, strlen ("progress-garbage.json;") +
                                           strlen ("progress-future (conflicted copy).json;"));
    after = export_text (b.profile.progress);
    g_assert_cmpstr (after, ==, before);
  }

  /* Each wrote only its own file */
  {
    g_autofree char *own_a = kt_sync_get_own_path (a.sync);
    g_autofree char *own_b = kt_sync_get_own_path (b.sync);

    kt_sync_flush (a.sync);
    kt_sync_flush (b.sync);
    g_assert_true (g_file_test (own_a, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (own_b, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_true (kt_sync_now (a.sync, &error));
  g_assert_true (kt_sync_now (b.sync, &error));
  kt_test_assert_same_progress (a.profile.progress, b.profile.progress);
  kt_test_assert_replays (a.profile.progress);

  side_clear (&a);
  side_clear (&b);
}

/* Answers for cards no deck here has are kept, and counted once the
 * cards arrive: their records are there already. */
static void
test_orphans (void)
{
  KtTestProfile a, b;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);

  kt_test_profile_init (&a);
  kt_test_profile_init (&b);
  kt_progress_record_review (a.progress, "not-here:1", KT_RATING_EASY, now);
  exchange (a.progress, b.progress, TRUE);
  g_assert_cmpint (kt_progress_lookup (b.progress, "not-here:1")->fsrs.state, ==, KT_CARD_REVIEW);
  kt_test_assert_same_progress (a.progress, b.progress);
  kt_test_profile_clear (&a);
  kt_test_profile_clear (&b);
}

/* Without a folder, or one that cannot be made, kt_sync_now() says why */
static void
test_no_folder (void)
{
  KtTestProfile profile;
  g_autoptr(GError) error = NULL;
  KtSync *sync;

  kt_test_profile_init (&profile);
  sync = kt_sync_new (profile.progress);
  g_assert_false (kt_sync_now (sync, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_finalize_object (sync);

  g_clear_error (&error);
  sync = kt_sync_new_for_folder (profile.progress, "/proc/version/folder");
  g_assert_false (kt_sync_now (sync, &error));
  g_assert_nonnull (error);
  g_assert_finalize_object (sync);
  kt_test_profile_clear (&profile);
}

/* Files no sync program should make, but a folder may hold: each is
 * skipped with one problem or merged harmlessly, and this machine's
 * progress is left as it was. */
static void
test_hostile (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = make_sync_folder ("hostile", &dir);
  g_autofree char *future = g_build_filename (dir, "progress-future.json", NULL);
  g_autofree char *old = g_build_filename (dir, "progress-old.json", NULL);
  g_autofree char *ghost = g_build_filename (dir, "progress-ghost.json", NULL);
  g_autofree char *many = g_build_filename (dir, "progress-many.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);
  KtTestProfile other;
  gint64 machine;
  Side side;

  side_init (&side, folder);
  kt_progress_record_review (side.profile.progress, "mine", KT_RATING_GOOD, now);
  g_assert_true (kt_sync_now (side.sync, &error));
  before = export_text (side.profile.progress);

  /* An answer in 2999: refused whole, with one problem */
  {
    g_autofree char *text = third_machine_file ("x", kt_test_utc_us (2999, 1, 1, 0, 0), &machine);

    g_assert_true (g_file_set_contents (future, text, -1, &error));
    g_assert_true (kt_sync_now (side.sync, &error));
    g_assert_cmpstr (side.problems->str, ==, "progress-future.json;");
    after = export_text (side.profile.progress);
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
  }

  /* A tombstone for an answer nobody has: kept, nothing taken */
  kt_test_profile_init (&other);
  kt_progress_record_review (other.progress, "ghost", KT_RATING_GOOD, now);
  kt_progress_restore (other.progress, "ghost", NULL);
  {
    g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
    g_autoptr(GFile) file = g_file_new_for_path (ghost);

    g_assert_true (kt_progress_json_write (other.progress, G_LIST_MODEL (no_topics), file, now,
                                           KT_PROGRESS_JSON_MACHINE, &error));
  }
  g_assert_true (kt_sync_now (side.sync, &error));
  g_assert_cmpuint (kt_progress_get_n_tombstones (side.profile.progress), ==, 1);
  g_assert_cmpuint (kt_progress_get_n_log_entries (side.profile.progress), ==, 1);
  g_assert_nonnull (kt_progress_lookup (side.profile.progress, "mine"));

  /* An answer of 1970 (its very first microsecond means "never" in a
   * record, and such a file is refused): merged like any other */
  {
    g_autofree char *text = third_machine_file ("seventies", kt_test_utc_us (1970, 1, 2, 0, 0), &machine);

    g_assert_true (g_file_set_contents (old, text, -1, &error));
    g_assert_true (kt_sync_now (side.sync, &error));
    g_assert_nonnull (kt_progress_lookup (side.profile.progress, "seventies"));
  }

  /* A hundred thousand answers to one card, a minute apart: merged and
   * replayed, the same as where they were given */
  for (guint i = 0; i < 100000; i++)
    kt_progress_record_review (other.progress, "busy", 1 + i % 4, now + (gint64) i * MINUTE);
  {
    g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
    g_autoptr(GFile) file = g_file_new_for_path (many);

    g_assert_true (kt_progress_json_write (other.progress, G_LIST_MODEL (no_topics), file, now,
                                           KT_PROGRESS_JSON_MACHINE, &error));
  }
  g_assert_true (kt_sync_now (side.sync, &error));
  kt_test_assert_records_identical (kt_progress_lookup (side.profile.progress, "busy"),
                                    kt_progress_lookup (other.progress, "busy"));
  g_assert_cmpstr (side.problems->str, ==, "progress-future.json;");

  /* 200 MB that never ends: strings in a member nobody knows, streamed
   * through (not held) and refused at the end, with one problem */
  {
    g_autofree char *huge = g_build_filename (dir, "progress-huge.json", NULL);
    g_autofree char *chunk = g_malloc (1024 * 1024);
    FILE *out = g_fopen (huge, "w");

    g_assert_nonnull (out);
    memset (chunk, 'a', 1024 * 1024);
    /* 16 strings of 64 KiB each, with their quotes and commas */
    for (guint i = 0; i < 16; i++)
      {
        chunk[i * 65536] = '"';
        chunk[i * 65536 + 65534] = '"';
        chunk[i * 65536 + 65535] = ',';
      }
    fputs ("{\"format\" : \"kartoteka-progress\", \"version\" : 1, \"padding\" : [", out);
    for (guint i = 0; i < 200; i++)
      g_assert_cmpuint (fwrite (chunk, 1, 1024 * 1024, out), ==, 1024 * 1024);
    g_assert_cmpint (fclose (out), ==, 0);

    g_clear_pointer (&before, g_free);
    before = export_text (side.profile.progress);
    g_assert_true (kt_sync_now (side.sync, &error));
    g_assert_cmpstr (side.problems->str, ==, "progress-future.json;progress-huge.json;");
    after = export_text (side.profile.progress);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (g_unlink (huge), ==, 0);
  }

  kt_test_profile_clear (&other);
  side_clear (&side);
}

/* ---- a big file, read on a worker ---------------------------------------- */

typedef struct
{
  guint ticks;          /* of a timeout source, since the folder was set */
  guint ticks_merged;   /* when KtSync::merged came */
  guint n_merged;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  ((Ticks *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
big_merged_cb (KtSync     *sync,
               const char *host,
               guint       n_answers,
               Ticks      *ticks)
{
  ticks->ticks_merged = ticks->ticks;
  ticks->n_merged = n_answers;
}

static gboolean
has_merged (gpointer data)
{
  return ((Ticks *) data)->n_merged > 0;
}

/* 300 000 answers to 300 cards, given by @other, in its sync file @path */
static void
write_big_file (KtTestProfile *other,
                const char    *path)
{
  g_autoptr(GListStore) no_topics = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);

  for (guint i = 0; i < 300000; i++)
    {
      char card[16];

      g_snprintf (card, sizeof card, "card %u", i % 300);
      kt_progress_record_review (other->progress, card, 1 + i % 4, now + (gint64) i * MINUTE);
    }
  g_assert_true (kt_progress_json_write (other->progress, G_LIST_MODEL (no_topics), file, now,
                                         KT_PROGRESS_JSON_MACHINE, &error));
}

/* A file of 300 000 answers is parsed on a worker: the main loop keeps
 * turning while it is read, and the answers are merged after. */
static void
test_big (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = make_sync_folder ("big", &dir);
  g_autofree char *path = g_build_filename (dir, "progress-big.json", NULL);
  Ticks ticks = { 0 };
  KtTestProfile other, here;
  KtSync *sync;
  guint tick_id;

  kt_test_profile_init (&other);
  write_big_file (&other, path);

  kt_test_profile_init (&here);
  sync = kt_sync_new (here.progress);
  g_signal_connect (sync, "merged", G_CALLBACK (big_merged_cb), &ticks);
  tick_id = g_timeout_add (1, tick_cb, &ticks);
  /* Setting the folder starts the read; no tick can have come yet */
  g_settings_set_string (here.settings, "sync-folder", folder);
  g_assert_cmpuint (ticks.ticks, ==, 0);
  kt_test_wait_until_seconds (has_merged, &ticks, 60);
  g_source_remove (tick_id);

  g_assert_cmpuint (ticks.n_merged, ==, 300000);
  g_assert_cmpuint (ticks.ticks_merged, >, 0);
  kt_test_assert_records_identical (kt_progress_lookup (here.progress, "card 7"),
                                    kt_progress_lookup (other.progress, "card 7"));

  g_assert_finalize_object (sync);
  kt_test_profile_clear (&here);
  kt_test_profile_clear (&other);
}

/* A file replaced while it is read: the read under way is dropped, and
 * only what the file holds now is merged. (Were it not dropped, the old
 * answers would be merged, or its cancellation told as a problem, by the
 * time a later read is merged.) */
static void
test_stale (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = make_sync_folder ("stale", &dir);
  g_autofree char *path = g_build_filename (dir, "progress-other.json", NULL);
  g_autofree char *late = g_build_filename (dir, "progress-late.json", NULL);
  g_autofree char *small = NULL;
  g_autofree char *later = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);
  KtTestProfile other;
  gint64 machine;
  Side side;

  kt_test_profile_init (&other);
  write_big_file (&other, path);
  kt_test_profile_clear (&other);

  /* The big file is being read on a worker when it is renamed over */
  side_init (&side, folder);
  small = third_machine_file ("small", now, &machine);
  g_assert_true (g_file_set_contents (path, small, -1, &error));
  g_assert_true (kt_sync_now (side.sync, &error));
  g_assert_cmpstr (side.merged->str, ==, "1;");

  /* A later read on a worker, merged after the dropped one ended */
  later = third_machine_file ("later", now + MINUTE, &machine);
  g_assert_true (g_file_set_contents (late, later, -1, &error));
  wait_for_answers (&side, 2);
  g_assert_cmpstr (side.merged->str, ==, "1;1;");
  g_assert_cmpstr (side.problems->str, ==, "");
  g_assert_null (kt_progress_lookup (side.profile.progress, "card 7"));

  side_clear (&side);
}

/* Run as this binary with KT_TEST_SYNC_WRITER=<folder>: a machine of
 * 20 000 answers that writes its sync file over and over, until killed. */
G_GNUC_NORETURN static void
run_writer (const char *folder)
{
  KtTestProfile profile;
  g_autoptr(KtSync) sync = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);

  kt_test_profile_init (&profile);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *card = g_strdup_printf ("card %u", i % 500);

      kt_progress_record_review (profile.progress, card, 1 + i % 4, now + (gint64) i * MINUTE);
    }
  sync = kt_sync_new_for_folder (profile.progress, folder);
  for (;;)
    {
      g_autoptr(GError) error = NULL;

      if (!kt_sync_now (sync, &error))
        g_error ("%s", error->message);
      g_print ("written\n");
    }
}

/* SIGKILL in the middle of writing a sync file leaves the one written
 * before whole: every progress-*.json there reads, and leftovers of the
 * write are not taken for sync files. */
static void
test_kill (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "killed", NULL);
  g_autofree char *dir = g_build_filename (folder, ".kartoteka", NULL);
  g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-sync", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint n_files = 0;

  for (guint round = 0; round < 6; round++)
    {
      g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "KT_TEST_SYNC_WRITER", folder, TRUE);
      const char *argv[] = { self, NULL };
      g_autoptr(GError) error = NULL;
      int out = -1;
      char buffer[64];
      GPid pid;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      /* After the first write, at some point of a later one */
      g_assert_cmpint (read (out, buffer, sizeof buffer), >, 0);
      g_usleep (g_rand_int_range (rand, 0, 200) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
      g_spawn_close_pid (pid);
      close (out);
    }

  {
    g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
    const char *name;

    g_assert_nonnull (entries);
    while ((name = g_dir_read_name (entries)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(KtProgressImport) import = NULL;
        g_autoptr(GError) error = NULL;

        if (!g_str_has_suffix (name, ".json"))
          continue;
        import = kt_progress_json_read (file, NULL, &error);
        g_assert_no_error (error);
        n_files++;
      }
  }
  /* Each round a machine of its own, each with its file */
  g_assert_cmpuint (n_files, ==, 6);
}

/* Writes @contents to @path, last changed @age ago */
static void
write_aged (const char *path,
            const char *contents,
            gint64      age)
{
  struct utimbuf times;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  times.actime = times.modtime = (g_get_real_time () - age) / G_USEC_PER_SEC;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Temporaries a killed write left: this machine's old ones are removed,
 * a fresh one (a write under way) and any other machine's are kept, and
 * none is ever read as a machine's progress. */
static void
test_leftovers (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = make_sync_folder ("leftovers", &dir);
  g_autoptr(KtSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *own = NULL;
  g_autofree char *ghost = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *stale = NULL, *fresh = NULL, *other = NULL, *lookalike = NULL;
  gint64 now = kt_test_utc_us (2025, 3, 1, 9, 0);
  gint64 machine;
  KtTestProfile profile;

  kt_test_profile_init (&profile);
  kt_progress_record_review (profile.progress, "card", KT_RATING_GOOD, now);
  sync = kt_sync_new_for_folder (profile.progress, folder);
  own = kt_sync_get_own_path (sync);

  /* Each a whole progress file, whose answer would show were it read */
  ghost = third_machine_file ("ghost", now, &machine);
  other_id = kt_progress_format_machine (machine);
  stale = g_strconcat (own, ".a1B2c3", NULL);
  fresh = g_strconcat (own, ".Zz9Yy8", NULL);
  lookalike = g_strconcat (own, ".bak", NULL);
  other = g_strdup_printf ("%s/progress-%s.json.Qq1Ww2", dir, other_id);
  write_aged (stale, ghost, 11 * MINUTE);
  write_aged (fresh, ghost, MINUTE);
  write_aged (lookalike, ghost, DAY);
  write_aged (other, ghost, DAY);

  g_assert_true (kt_sync_now (sync, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (lookalike, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (own, G_FILE_TEST_EXISTS));
  g_assert_null (kt_progress_lookup (profile.progress, "ghost"));
  g_assert_cmpuint (kt_sync_get_n_machines (sync), ==, 0);

  g_clear_object (&sync);
  kt_test_profile_clear (&profile);
}

/* --sync-now: once, with a report, and the reason on failure */
static void
test_cli (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "cli", NULL);
  g_autofree char *garbage = g_build_filename (folder, ".kartoteka", "progress-bad.json", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  KtTestProfile a, b;

  kt_test_profile_init (&a);
  kt_test_profile_init (&b);
  g_assert_cmpint (kt_cli_sync_now (a.progress, NULL, out, err), ==, 1);
  g_assert_true (g_str_has_prefix (err->str, "No sync folder is set"));

  kt_progress_record_review (a.progress, "card", KT_RATING_GOOD, kt_test_utc_us (2025, 3, 1, 9, 0));
  g_string_truncate (err, 0);
  g_assert_cmpint (kt_cli_sync_now (a.progress, folder, out, err), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_true (g_file_set_contents (garbage, "{", -1, NULL));

  g_string_truncate (out, 0);
  g_settings_set_string (b.settings, "sync-folder", folder);
  g_assert_cmpint (kt_cli_sync_now (b.progress, NULL, out, err), ==, 0);
  g_assert_true (g_str_has_suffix (out->str, ": 1 new answer from other computers\n"));
  g_assert_true (g_str_has_prefix (err->str, "Skipped "));
  g_assert_nonnull (strstr (err->str, "progress-bad.json"));
  g_assert_nonnull (kt_progress_lookup (b.progress, "card"));

  g_string_truncate (err, 0);
  g_assert_cmpint (kt_cli_sync_now (b.progress, "/proc/version/folder", out, err), ==, 1);
  g_assert_true (g_str_has_prefix (err->str, "Cannot sync with /proc/version/folder: "));

  kt_test_profile_clear (&a);
  kt_test_profile_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("KT_TEST_SYNC_WRITER") != NULL)
    run_writer (g_getenv ("KT_TEST_SYNC_WRITER"));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  kt_test_pin_utc ();

  g_test_add_func ("/sync/converge", test_converge);
  g_test_add_func ("/sync/tombstone", test_tombstone);
  g_test_add_func ("/sync/orphans", test_orphans);
  g_test_add_func ("/sync/folder", test_folder);
  g_test_add_func ("/sync/no-folder", test_no_folder);
  g_test_add_func ("/sync/cli", test_cli);
  g_test_add_func ("/sync/hostile", test_hostile);
  g_test_add_func ("/sync/kill", test_kill);
  g_test_add_func ("/sync/big", test_big);
  g_test_add_func ("/sync/stale", test_stale);
  g_test_add_func ("/sync/leftovers", test_leftovers);

  return g_test_run ();
}
