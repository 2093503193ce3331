/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for where progress is saved when the settings are on a
 * keyfile (kt-progress-writer.c), and for saves that fail: a failed write
 * never replaces the good file, KtProgress says so (:save-failed,
 * :save-message), keeps the answers and retries, and the import command
 * fails with the reason. The failures are real: a file size limit
 * (RLIMIT_FSIZE, which holds for root too, so it always runs), and a
 * small tmpfs filled up and remounted read-only (root in a mount
 * namespace of its own; skipped with a message elsewhere).
 */

#define _GNU_SOURCE
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kt-cli.h"
#include "kt-progress-file.h"
#include "kt-progress.h"
#include "kt-settings.h"
#include "kt-test-util.h"

#define DAY G_TIME_SPAN_DAY

/* 2022-11-29 12:30 UTC */
#define T0 ((gint64) 1669725000 * G_USEC_PER_SEC)

static char *
config_path (const char *name)
{
  return g_build_filename (g_get_user_config_dir (), "kartoteka", name, NULL);
}

/* Settings on GLib's keyfile backend, as Kartoteka keeps them without
 * dconf: then progress has a file of its own. */
static GSettings *
keyfile_settings (void)
{
  g_autofree char *path = config_path ("settings.ini");
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);

  return g_settings_new_with_backend (APP_ID, backend);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* The stored value of @key, as GVariant text. */
static char *
stored_text (const char *key)
{
  g_autofree char *path = config_path ("progress.gvariant");
  g_autoptr(GVariant) value = kt_test_stored_progress (path, key);

  return g_variant_print (value, FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

typedef struct
{
  KtProgress *progress;
  gboolean    failed;
} SaveState;

static gboolean
save_state_is (gpointer data)
{
  SaveState *state = data;
  gboolean failed;

  g_object_get (state->progress, "save-failed", &failed, NULL);
  return failed == state->failed;
}

/* Waits for the outcome of the saves on their way. */
static void
wait_for_save (KtProgress *progress,
               gboolean    failed)
{
  SaveState state = { progress, failed };

  kt_test_wait_until (save_state_is, &state);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* What a new start would load from the file. */
static void
assert_stored (guint n_records,
               guint n_answers)
{
  g_autoptr(GSettings) settings = keyfile_settings ();
  KtProgress *progress = kt_progress_new (settings);

  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, n_records);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, n_answers);
  g_assert_finalize_object (progress);
}

/* A progress file with one card answered once, to import. */
static char *
write_import_file (void)
{
  g_autofree char *example = kt_test_progress_docs_example ();
  char *path = g_build_filename (g_get_user_data_dir (), "backup.json", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, example, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* ---- where ------------------------------------------------------------- */

/* On a keyfile, progress goes to progress.gvariant, never into the
 * keyfile of the settings (GLib's backend would truncate it on a failed
 * write); progress such a keyfile held before is read once, when there
 * is no progress file yet. */
static void
test_keyfile_own_file (void)
{
  g_autofree char *settings_path = config_path ("settings.ini");
  g_autofree char *progress_path = config_path ("progress.gvariant");
  g_autofree char *settings_text = NULL;
  g_autofree char *cards_text = NULL;
  g_autofree char *log_text = NULL;
  g_autoptr(GSettings) settings = keyfile_settings ();
  g_autofree char *found = kt_settings_get_progress_path (settings);
  KtProgress *progress;
  GVariantBuilder log;

  g_assert_cmpstr (found, ==, progress_path);

  /* As an older Kartoteka left it, with GSETTINGS_BACKEND=keyfile */
  g_variant_builder_init (&log, G_VARIANT_TYPE ("a(sxiid)"));
  g_variant_builder_add (&log, "(sxiid)", "old", T0, KT_RATING_GOOD, KT_CARD_NEW, 0.0);
  g_settings_set_value (settings, "review-log", g_variant_builder_end (&log));
  g_settings_sync ();

  progress = kt_progress_new (settings);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, 1);
  kt_progress_record_review (progress, "card", KT_RATING_GOOD, T0 + DAY);
  g_settings_set_int (settings, "new-cards-per-day", 7);
  kt_progress_flush (progress);
  g_assert_null (kt_progress_get_save_error (progress));
  g_assert_finalize_object (progress);

  g_settings_sync ();
  g_file_get_contents (settings_path, &settings_text, NULL, NULL);
  cards_text = stored_text ("cards");
  log_text = stored_text ("answers");
  g_assert_nonnull (strstr (settings_text, "new-cards-per-day=7"));
  g_assert_null (strstr (settings_text, "'card'"));
  g_assert_true (g_str_has_prefix (cards_text, "{'card': (1, 1, "));
  /* The old answer moved to "answers", with an id of this machine */
  g_assert_true (g_str_has_prefix (log_text, "[('old', 1669725000000000, 3, 0, 0.0, "));
  g_assert_nonnull (strstr (log_text, "('card', "));

  /* Private, like the keyfile GLib writes */
  {
    GStatBuf buf;

    g_assert_cmpint (g_stat (progress_path, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  }

  /* The file wins from now on: the old log is not read twice. */
  assert_stored (1, 2);
}

/* progress.ini, as older versions and GLib's keyfile backend wrote it,
 * is read once, any card id intact, written to progress.gvariant and
 * kept as progress.ini.migrated; so is a value written by hand, in any
 * form GVariant's text takes. */
static void
test_keyfile_migrate (void)
{
  static const char * const ids[] = {
    "it's", "back\\slash", "new\nline", "tab\t\x01", "\"quoted\"", "ёжик 😀",
  };
  g_autofree char *dir = config_path ("");
  g_autofree char *ini_path = config_path ("progress.ini");
  g_autofree char *path = config_path ("progress.gvariant");
  g_autofree char *names = NULL;
  g_autoptr(GSettings) settings = keyfile_settings ();
  g_autoptr(GSettingsBackend) glib_backend = g_keyfile_settings_backend_new (ini_path, "/", NULL);
  g_autoptr(GSettings) glib_settings = g_settings_new_with_backend (APP_ID, glib_backend);
  g_autoptr(GError) error = NULL;
  GVariantBuilder cards, log;
  KtProgress *progress;

  g_variant_builder_init (&cards, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
  g_variant_builder_init (&log, G_VARIANT_TYPE ("a(sxiid)"));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_variant_builder_add (&cards, "{s(iiddxxuu)}", ids[i], KT_CARD_LEARNING, 1, 2.5, 5.0,
                             T0 + DAY, T0 + i, 1, 0);
      g_variant_builder_add (&log, "(sxiid)", ids[i], T0 + i, KT_RATING_GOOD, KT_CARD_NEW, 0.0);
    }
  g_settings_set_value (glib_settings, "cards", g_variant_builder_end (&cards));
  g_settings_set_value (glib_settings, "review-log", g_variant_builder_end (&log));
  g_settings_sync ();

  progress = kt_progress_new (settings);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (kt_progress_lookup (progress, ids[i]));
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, G_N_ELEMENTS (ids));
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 5)->card_id, ==, ids[5]);
  g_assert_finalize_object (progress);

  names = list_dir (dir);
  /* settings.ini holds the machine id */
  g_assert_cmpstr (names, ==, "progress.gvariant progress.ini.migrated settings.ini");
  progress = kt_progress_new (settings);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (kt_progress_lookup (progress, ids[i]));
  g_assert_cmpstr (kt_progress_get_log_entry (progress, 5)->card_id, ==, ids[5]);
  g_assert_finalize_object (progress);

  g_assert_no_errno (g_unlink (path));
  g_file_set_contents (ini_path,
                       "# by hand\n"
                       "[io/github/kartoteka/Kartoteka]\n"
                       "review-log = @a(sxiid) [(\"a\", int64 1669725000000000, 3, 0, 0.0)]\n"
                       "cards={'a': (1, 1, 2.5, 5.0, 1669725600000000, 1669725000000000, 1, 0)}\n",
                       -1, &error);
  g_assert_no_error (error);
  assert_stored (1, 1);
}

typedef struct
{
  const char *name;        /* the file written */
  const char *contents;    /* its text, or NULL for a progress.gvariant made by make() */
  GBytes *  (*make)        (void);
  guint       n_readable;  /* answers in it that can be read */
} Unreadable;

/* progress.gvariant with one answer, and its length. */
/* The bytes of a progress.gvariant holding @values. */
static GBytes *
saved_bytes (GVariant *values)
{
  g_autofree char *dir = config_path ("");
  g_autofree char *path = config_path ("made.gvariant");
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_mkdir_with_parents (dir, 0700);
  kt_progress_file_save (path, values, &error);
  g_assert_no_error (error);
  bytes = read_file (path);
  g_assert_no_errno (g_unlink (path));

  return bytes;
}

static GBytes *
stored_one_answer (void)
{
  g_autoptr(GVariant) log = g_variant_parse (G_VARIANT_TYPE ("a(sxiid)"),
                                             "[('a', 1669725000000000, 3, 0, 0.0)]",
                                             NULL, NULL, NULL);
  g_autoptr(GVariant) cards = g_variant_parse (G_VARIANT_TYPE ("a{s(iiddxxuu)}"),
                                               "{'a': (1, 1, 2.5, 5.0, 1669725600000000, "
                                               "1669725000000000, 1, 0)}", NULL, NULL, NULL);
  g_autoptr(GVariant) values = NULL;
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert_value (&dict, "cards", cards);
  g_variant_dict_insert_value (&dict, "review-log", log);
  values = g_variant_ref_sink (g_variant_dict_end (&dict));

  return saved_bytes (values);
}

/* Cut short, as no write of ours leaves it */
static GBytes *
make_truncated (void)
{
  g_autoptr(GBytes) whole = stored_one_answer ();

  return g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - 3);
}

/* The answers of the right type, the cards as a string */
static GBytes *
make_wrong_type (void)
{
  g_autoptr(GVariant) values = g_variant_parse (G_VARIANT_TYPE_VARDICT,
                                                "{'cards': <'no cards'>, "
                                                "'review-log': <@a(sxiid) [('a', int64 "
                                                "1669725000000000, 3, 0, 0.0)]>}",
                                                NULL, NULL, NULL);

  return saved_bytes (values);
}

/* A byte of the data changed: no longer in normal form */
static GBytes *
make_damaged (void)
{
  g_autoptr(GBytes) whole = stored_one_answer ();
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&whole), &size);

  data[size - 1] = 0xFF;
  return g_bytes_new_take (data, size);
}

static const Unreadable not_a_keyfile = { "progress.ini", "this is not a keyfile\n", NULL, 0 };
static const Unreadable bad_value = {
  "progress.ini",
  "[io/github/kartoteka/Kartoteka]\n"
  "cards={'a': (1, 1\n"
  "review-log=[('a', 1669725000000000, 3, 0, 0.0)]\n",
  NULL,
  1
};
static const Unreadable bad_escape = {
  "progress.ini",
  "[io/github/kartoteka/Kartoteka]\n"
  "cards={'\\ud800': (1, 1, 2.5, 5.0, 1669725600000000, 1669725000000000, 1, 0)}\n"
  "review-log=[('a', 1669725000000000, 3, 0, 0.0)]\n",
  NULL,
  1
};
static const Unreadable not_progress = { "progress.gvariant", "[io/github/kartoteka/Kartoteka]\n",
                                         NULL, 0 };
static const Unreadable truncated = { "progress.gvariant", NULL, make_truncated, 0 };
static const Unreadable wrong_type = { "progress.gvariant", NULL, make_wrong_type, 1 };
static const Unreadable damaged = { "progress.gvariant", NULL, make_damaged, 0 };

/* A progress file that cannot be read, or a value in it, is moved aside,
 * not overwritten by the next save; what could be read is kept. */
static void
test_unreadable_file (gconstpointer data)
{
  const Unreadable *unreadable = data;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = config_path ("");
      g_autofree char *path = config_path (unreadable->name);
      g_autofree char *names = NULL;
      g_autofree char *aside = NULL;
      g_autofree char *pattern = NULL;
      g_autoptr(GBytes) contents = NULL;
      g_autoptr(GBytes) kept = NULL;
      g_auto(GStrv) parts = NULL;
      g_autoptr(GSettings) settings = keyfile_settings ();
      g_autoptr(GError) error = NULL;
      KtProgress *progress;

      g_mkdir_with_parents (dir, 0700);
      contents = unreadable->make != NULL
                 ? unreadable->make ()
                 : g_bytes_new_static (unreadable->contents, strlen (unreadable->contents));
      g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                           &error);
      g_assert_no_error (error);

      progress = kt_progress_new (settings);
      g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, unreadable->n_readable);
      kt_progress_record_review (progress, "card", KT_RATING_GOOD, T0 + DAY);
      kt_progress_flush (progress);
      g_assert_null (kt_progress_get_save_error (progress));
      g_assert_finalize_object (progress);

      names = list_dir (dir);
      pattern = g_strdup_printf ("progress.gvariant %s.unreadable-*-*",
                                 unreadable->name);
      g_test_message ("%s", names);
      g_assert_true (g_pattern_match_simple (pattern, names));
      parts = g_strsplit (names, " ", -1);
      aside = g_build_filename (dir, parts[1], NULL);
      kept = read_file (aside);
      g_assert_true (g_bytes_equal (kept, contents));
      assert_stored (1, unreadable->n_readable + 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Could not read the progress in */progress.* (*): "
                             "the file is kept as */progress.*.unreadable-*");
}

/* ---- failing ------------------------------------------------------------ */

/* What a failed save says, by its cause. */
static void
test_describe (void)
{
  g_autoptr(GError) full = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOSPC, "No space");
  g_autoptr(GError) read_only = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_ROFS, "Read-only");
  g_autoptr(GError) denied = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_ACCES, "Denied");
  g_autoptr(GError) other = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_IO, "I/O error");
  g_autofree char *full_text = kt_progress_describe_save_error (full);
  g_autofree char *read_only_text = kt_progress_describe_save_error (read_only);
  g_autofree char *denied_text = kt_progress_describe_save_error (denied);
  g_autofree char *other_text = kt_progress_describe_save_error (other);

  g_assert_cmpstr (full_text, ==, "the disk is full");
  g_assert_cmpstr (read_only_text, ==, "its folder is read-only");
  g_assert_cmpstr (denied_text, ==, "its folder is read-only");
  g_assert_cmpstr (other_text, ==, "I/O error");
}

static void
set_file_size_limit (rlim_t limit)
{
  struct rlimit rlimit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &rlimit), ==, 0);
  rlimit.rlim_cur = limit;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rlimit), ==, 0);
}

/* A write that fails midway, here by a file size limit (which holds for
 * root too): the file keeps what it had, the answers stay in memory, the
 * failure is told once, and the next answer or a retry saves them all. */
static void
test_injected_failure (void)
{
  g_autofree char *path = config_path ("progress.gvariant");
  g_autofree char *dir = config_path ("");
  g_autofree char *import_path = write_import_file ();
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *message = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GSettings) settings = keyfile_settings ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  struct rlimit saved;
  KtProgress *progress;
  guint n_failed_notify = 0, n_message_notify = 0;
  gboolean failed;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);

  progress = kt_progress_new (settings);
  g_signal_connect (progress, "notify::save-failed",
                    G_CALLBACK (count_notify_cb), &n_failed_notify);
  g_signal_connect (progress, "notify::save-message",
                    G_CALLBACK (count_notify_cb), &n_message_notify);
  kt_progress_record_review (progress, "a", KT_RATING_GOOD, T0);
  kt_progress_flush (progress);
  g_assert_null (kt_progress_get_save_error (progress));
  g_assert_cmpuint (n_failed_notify, ==, 0);
  good = read_file (path);

  /* Fails */
  set_file_size_limit (64);
  kt_progress_record_review (progress, "b", KT_RATING_GOOD, T0 + DAY);
  kt_progress_flush (progress);
  g_assert_error (kt_progress_get_save_error (progress), G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_object_get (progress, "save-failed", &failed, "save-message", &message, NULL);
  g_assert_true (failed);
  g_assert_true (g_pattern_match_simple ("Progress could not be saved (*File too large*). "
                                         "Your answers are kept until it can be.", message));
  g_assert_cmpuint (n_failed_notify, ==, 1);
  g_assert_cmpuint (n_message_notify, ==, 1);
  g_assert_nonnull (kt_progress_lookup (progress, "b"));
  after = read_file (path);
  g_assert_true (g_bytes_equal (after, good));
  /* No temporary file is left; settings.ini holds the machine id */
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "progress.gvariant settings.ini");

  /* An import cannot be stored either: the command says so and fails. */
  g_assert_cmpint (kt_cli_import_progress (progress, import_path, out, err), ==, 1);
  g_assert_cmpstr (out->str, ==, "");
  g_assert_true (g_str_has_prefix (err->str, "Cannot import progress from "));
  g_assert_nonnull (strstr (err->str, ": nothing could be saved: "));
  g_clear_pointer (&after, g_bytes_unref);
  after = read_file (path);
  g_assert_true (g_bytes_equal (after, good));

  /* Still failing, and not told again */
  kt_progress_record_review (progress, "c", KT_RATING_GOOD, T0 + DAY);
  kt_progress_retry_save (progress);
  wait_for_save (progress, TRUE);
  g_assert_cmpuint (n_failed_notify, ==, 1);

  /* Room again: a retry writes everything, and the message goes. */
  set_file_size_limit (saved.rlim_cur);
  kt_progress_retry_save (progress);
  wait_for_save (progress, FALSE);
  g_assert_null (kt_progress_get_save_error (progress));
  g_clear_pointer (&message, g_free);
  g_object_get (progress, "save-message", &message, NULL);
  g_assert_null (message);
  g_assert_cmpuint (n_failed_notify, ==, 2);
  assert_stored (6, 8);

  /* And so does the next answer. */
  set_file_size_limit (64);
  kt_progress_record_review (progress, "d", KT_RATING_GOOD, T0 + 2 * DAY);
  wait_for_save (progress, TRUE);
  set_file_size_limit (saved.rlim_cur);
  kt_progress_record_review (progress, "e", KT_RATING_GOOD, T0 + 2 * DAY);
  wait_for_save (progress, FALSE);
  assert_stored (8, 10);

  g_assert_finalize_object (progress);
  signal (SIGXFSZ, SIG_DFL);
}

/* Whether this process may mount a tmpfs in a mount namespace of its own:
 * tried in a child, which leaves no trace. */
static gboolean
can_mount (char **why)
{
  g_autofree char *dir = g_dir_make_tmp ("kt-mount-XXXXXX", NULL);
  int status = 0;
  pid_t pid;

  pid = fork ();
  if (pid == 0)
    _exit (unshare (CLONE_NEWNS) == 0 &&
           mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
           mount ("tmpfs", dir, "tmpfs", 0, "size=64k") == 0 ? 0 : errno);

  waitpid (pid, &status, 0);
  g_rmdir (dir);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;

  *why = g_strdup (g_strerror (WIFEXITED (status) ? WEXITSTATUS (status) : EINVAL));
  return FALSE;
}

static void
fill_up (const char *path)
{
  static const char block[4096] = { 0 };
  int fd = g_open (path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  g_close (fd, NULL);
}

static void
assert_message (KtProgress *progress,
                const char *expected)
{
  g_autofree char *message = NULL;

  g_object_get (progress, "save-message", &message, NULL);
  g_assert_cmpstr (message, ==, expected);
}

/* The config folder on a small tmpfs: filled up, then read-only. */
static void
test_tmpfs (void)
{
  g_autofree char *why = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_strdup (g_get_user_config_dir ());
      g_autofree char *path = config_path ("progress.gvariant");
      g_autofree char *filler = g_build_filename (dir, "filler", NULL);
      g_autofree char *kartoteka_dir = config_path ("");
      g_autofree char *import_path = write_import_file ();
      g_autoptr(GBytes) good = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autofree char *names = NULL;
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GString) err = g_string_new (NULL);
      g_autoptr(GSettings) settings = NULL;
      KtProgress *progress;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_cmpint (unshare (CLONE_NEWNS), ==, 0);
      g_assert_cmpint (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
      g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, "size=256k,mode=0700"), ==, 0);

      settings = keyfile_settings ();
      progress = kt_progress_new (settings);
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *card_id = g_strdup_printf ("card %u", i);

          kt_progress_record_review (progress, card_id, KT_RATING_GOOD, T0 + i);
        }
      kt_progress_flush (progress);
      g_assert_null (kt_progress_get_save_error (progress));
      good = read_file (path);

      /* Full */
      fill_up (filler);
      kt_progress_record_review (progress, "full", KT_RATING_GOOD, T0 + DAY);
      kt_progress_flush (progress);
      g_assert_error (kt_progress_get_save_error (progress), G_FILE_ERROR, G_FILE_ERROR_NOSPC);
      assert_message (progress, "Progress could not be saved: the disk is full. "
                                "Your answers are kept until it can be.");
      after = read_file (path);
      g_assert_true (g_bytes_equal (after, good));

      /* A preference written meanwhile goes through GLib's keyfile
       * backend, which fails (and may lose settings.ini), but never
       * touches progress.gvariant. */
      g_test_expect_message ("GLib-GIO", G_LOG_LEVEL_WARNING, "Failed to write keyfile to *");
      g_settings_set_int (settings, "new-cards-per-day", 7);
      g_settings_sync ();
      g_test_assert_expected_messages ();
      g_clear_pointer (&after, g_bytes_unref);
      after = read_file (path);
      g_assert_true (g_bytes_equal (after, good));

      /* What settings.ini held (the machine id) is free now: full again */
      fill_up (filler);
      g_assert_cmpint (kt_cli_import_progress (progress, import_path, out, err), ==, 1);
      g_assert_true (g_str_has_suffix (err->str, ": nothing could be saved: the disk is full\n"));
      names = list_dir (kartoteka_dir);
      g_test_message ("in the config folder: %s", names);
      g_assert_null (strstr (names, "progress.gvariant."));

      /* Room again */
      g_assert_cmpint (g_unlink (filler), ==, 0);
      kt_progress_retry_save (progress);
      wait_for_save (progress, FALSE);
      assert_message (progress, NULL);
      assert_stored (24, 26);

      /* Read-only */
      g_clear_pointer (&good, g_bytes_unref);
      good = read_file (path);
      g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
      kt_progress_record_review (progress, "read-only", KT_RATING_GOOD, T0 + 2 * DAY);
      wait_for_save (progress, TRUE);
      g_assert_error (kt_progress_get_save_error (progress), G_FILE_ERROR, G_FILE_ERROR_ROFS);
      assert_message (progress, "Progress could not be saved: its folder is read-only. "
                                "Your answers are kept until it can be.");
      g_clear_pointer (&after, g_bytes_unref);
      after = read_file (path);
      g_assert_true (g_bytes_equal (after, good));

      /* Writable again: the next answer saves both. */
      g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT, "size=256k,mode=0700"), ==, 0);
      kt_progress_record_review (progress, "writable", KT_RATING_GOOD, T0 + 2 * DAY);
      wait_for_save (progress, FALSE);
      assert_stored (26, 28);

      g_assert_finalize_object (progress);
      g_clear_object (&settings);
      g_assert_cmpint (umount (dir), ==, 0);
      return;
    }

  if (!can_mount (&why))
    {
      g_autofree char *message =
        g_strdup_printf ("mounting a tmpfs needs root and a mount namespace of its own (%s): "
                         "the full and read-only disk cases are not run here", why);

      g_test_skip (message);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/progress-save/keyfile/own-file", test_keyfile_own_file);
  g_test_add_func ("/progress-save/keyfile/migrate", test_keyfile_migrate);
  g_test_add_data_func ("/progress-save/keyfile/not-a-keyfile", &not_a_keyfile,
                        test_unreadable_file);
  g_test_add_data_func ("/progress-save/keyfile/bad-value", &bad_value, test_unreadable_file);
  g_test_add_data_func ("/progress-save/keyfile/bad-escape", &bad_escape, test_unreadable_file);
  g_test_add_data_func ("/progress-save/file/not-progress", &not_progress, test_unreadable_file);
  g_test_add_data_func ("/progress-save/file/truncated", &truncated, test_unreadable_file);
  g_test_add_data_func ("/progress-save/file/wrong-type", &wrong_type, test_unreadable_file);
  g_test_add_data_func ("/progress-save/file/damaged", &damaged, test_unreadable_file);
  g_test_add_func ("/progress-save/describe", test_describe);
  g_test_add_func ("/progress-save/injected-failure", test_injected_failure);
  g_test_add_func ("/progress-save/tmpfs", test_tmpfs);

  return g_test_run ();
}
