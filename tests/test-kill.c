/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No data loss when the app is killed: the real binary ($KT_APP) runs on
 * its keyfile settings in a fresh config dir, as on a system without
 * dconf, and gets SIGKILL
 *
 *  - a second after answering cards, driven with xdotool on the display
 *    the ui suite runs under: every answer is in the progress file;
 *  - at random moments of "--export-progress=PATH": PATH is always a
 *    complete progress file, the old one or the new one.
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "kt-progress-json.h"
#include "kt-progress.h"
#include "kt-test-util.h"

typedef struct {
  char  *dir;
  char  *progress_path;
  char **envp;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const subdirs[] = { "config", "data", "cache", "home", "runtime", "no-gio-modules" };
  g_autoptr(GError) error = NULL;
  g_autofree char *no_bus = NULL;

  fixture->dir = g_dir_make_tmp ("kt-kill-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }
  fixture->progress_path = g_build_filename (fixture->dir, "config", "kartoteka", "progress.gvariant", NULL);

  fixture->envp = g_get_environ ();
#define SET_DIR(var, sub) \
  { \
    g_autofree char *path = g_build_filename (fixture->dir, sub, NULL); \
    fixture->envp = g_environ_setenv (fixture->envp, var, path, TRUE); \
  }
  SET_DIR ("XDG_CONFIG_HOME", "config");
  SET_DIR ("XDG_DATA_HOME", "data");
  SET_DIR ("XDG_CACHE_HOME", "cache");
  SET_DIR ("HOME", "home");
  SET_DIR ("XDG_RUNTIME_DIR", "runtime");
  /* No dconf module and no backend chosen: the app keeps its own keyfile */
  SET_DIR ("GIO_MODULE_DIR", "no-gio-modules");
#undef SET_DIR
  fixture->envp = g_environ_unsetenv (fixture->envp, "GSETTINGS_BACKEND");
  /* No session bus: the app runs on its own, not as a remote instance */
  no_bus = g_strdup_printf ("unix:path=%s/no-bus", fixture->dir);
  fixture->envp = g_environ_setenv (fixture->envp, "DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *argv[] = { "rm", "-rf", fixture->dir, NULL };
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                &error);
  g_assert_no_error (error);

  g_strfreev (fixture->envp);
  g_free (fixture->progress_path);
  g_free (fixture->dir);
}

static GPid
spawn_app (Fixture    *fixture,
           const char *argument)
{
  const char *argv[] = { g_getenv ("KT_APP"), argument, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_nonnull (argv[0]);
  /* Its messages would break the TAP on our stdout */
  g_spawn_async (NULL, (char **) argv, fixture->envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  return pid;
}

/* SIGKILL, and whether it killed the process or came after its end. */
static gboolean
kill_app (GPid pid)
{
  int status;
  gboolean killed;

  if (waitpid (pid, &status, WNOHANG) == 0)
    {
      /* Should it end right now, its zombie takes the signal */
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    }
  g_spawn_close_pid (pid);

  killed = WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
  g_assert_true (killed || (WIFEXITED (status) && WEXITSTATUS (status) == 0));

  return killed;
}

static char *
xdotool (const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_strv_builder_add_many (builder, "timeout", "20", "xdotool", NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_strstrip (g_steal_pointer (&out));
}

/* How many answers the progress file holds now. */
static guint
count_answers (Fixture *fixture)
{
  g_autoptr(GVariant) log = kt_test_stored_progress (fixture->progress_path, "answers");

  return g_variant_n_children (log);
}

/* Show the answer, rate it Good. */
static void
answer_good (void)
{
  g_free (xdotool ((const char *[]) { "key", "space", NULL }));
  g_usleep (G_USEC_PER_SEC / 5);
  g_free (xdotool ((const char *[]) { "key", "3", NULL }));
  g_usleep (G_USEC_PER_SEC / 5);
}

#define N_ANSWERS 3

static void
test_kill_studying (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GVariant) log = NULL;
  g_autoptr(GVariant) cards = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *window = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  guint n_before = 0;
  GPid pid;

  if (g_getenv ("DISPLAY") == NULL || xdotool_path == NULL)
    {
      g_test_skip ("needs an X display and xdotool");
      return;
    }

  pid = spawn_app (fixture, NULL);
  pid_text = g_strdup_printf ("%d", pid);
  window = xdotool ((const char *[]) { "search", "--sync", "--onlyvisible", "--pid", pid_text, NULL });
  g_assert_cmpstr (window, !=, "");
  /* The first of several windows, should there be more */
  window[strcspn (window, "\n")] = '\0';
  g_free (xdotool ((const char *[]) { "windowfocus", "--sync", window, NULL }));

  /* Answer until one answer reaches the file: the decks have loaded and
   * the app takes keys. A loaded machine may take a while. */
  for (guint attempt = 0; attempt < 10 && n_before == 0; attempt++)
    {
      answer_good ();
      g_usleep (2 * G_USEC_PER_SEC);
      n_before = count_answers (fixture);
    }
  g_assert_cmpuint (n_before, >, 0);
  /* An earlier attempt's keys may still be on their way (a sanitizer
   * build takes seconds): count once the file has stayed the same for
   * a second. */
  for (guint same = 0; same < 10;)
    {
      guint n;

      g_usleep (G_USEC_PER_SEC / 10);
      n = count_answers (fixture);
      same = n == n_before ? same + 1 : 0;
      n_before = n;
    }

  for (guint i = 0; i < N_ANSWERS; i++)
    answer_good ();

  /* The answers reach the file after the half-second debounce; a loaded
   * machine (or a sanitizer build) may take longer to get through the
   * keys. Then killed: nothing may be missing or damaged. */
  for (guint waited = 0; waited < 200 && count_answers (fixture) < n_before + N_ANSWERS; waited++)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_true (kill_app (pid));

  log = kt_test_stored_progress (fixture->progress_path, "answers");
  cards = kt_test_stored_progress (fixture->progress_path, "cards");
  g_assert_cmpuint (g_variant_n_children (log), ==, n_before + N_ANSWERS);
  g_assert_cmpuint (g_variant_n_children (cards), ==, n_before + N_ANSWERS);
  for (guint i = 0; i < n_before + N_ANSWERS; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (log, i);
      int rating;

      g_variant_get_child (entry, 2, "i", &rating);
      g_assert_cmpint (rating, ==, KT_RATING_GOOD);
    }
}

/* The whole file parses as a progress file. */
static void
assert_complete (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = kt_progress_json_read (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
}

/* Up to this many kills, for at most 15 s (the sanitizers make the app
 * ten times slower), but never fewer than the minimum. */
#define N_KILLS     20
#define MIN_KILLS   5
#define KILLS_TIME (15 * G_USEC_PER_SEC)

static void
test_kill_exporting (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "progress.json", NULL);
  g_autofree char *option = g_strconcat ("--export-progress=", path, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GDir) dir = NULL;
  gint64 start, full_us;
  guint n_rounds = 0;
  guint n_killed = 0;
  guint n_left = 0;
  const char *name;

  /* Some progress to export, as an older version left it in progress.ini:
   * the first run moves it to progress.gvariant. */
  {
    g_autofree char *ini_path = g_build_filename (fixture->dir, "config", "kartoteka",
                                                  "progress.ini", NULL);
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (ini_path, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
    GVariantBuilder cards, log;

    g_variant_builder_init (&cards, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
    g_variant_builder_init (&log, G_VARIANT_TYPE ("a(sxiid)"));
    for (guint i = 0; i < 2000; i++)
      {
        g_autofree char *card = g_strdup_printf ("card-%u", i);
        gint64 time_us = (gint64) (1700000000 + i) * G_USEC_PER_SEC;

        g_variant_builder_add (&cards, "{s(iiddxxuu)}", card, KT_CARD_LEARNING, 1, 2.3065, 2.1181,
                               time_us + 10 * G_TIME_SPAN_MINUTE, time_us, 1, 0);
        g_variant_builder_add (&log, "(sxiid)", card, time_us, KT_RATING_GOOD, KT_CARD_NEW, 0.0);
      }
    g_settings_set_value (settings, "cards", g_variant_builder_end (&cards));
    g_settings_set_value (settings, "review-log", g_variant_builder_end (&log));
    g_settings_sync ();
  }

  /* Two whole exports, the second timed: the first also moves the
   * progress out of progress.ini, and a delay drawn from its time let
   * too many of the faster exports after it finish before the kill. */
  for (guint i = 0; i < 2; i++)
    {
      GPid pid;
      int status;

      start = g_get_monotonic_time ();
      pid = spawn_app (fixture, option);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      g_spawn_close_pid (pid);
    }
  full_us = g_get_monotonic_time () - start;
  assert_complete (path);
  g_test_message ("one export takes %.0f ms", full_us / 1000.0);

  start = g_get_monotonic_time ();
  while (n_rounds < N_KILLS &&
         (n_rounds < MIN_KILLS || g_get_monotonic_time () - start < KILLS_TIME))
    {
      GPid pid = spawn_app (fixture, option);

      n_rounds++;

      g_usleep (g_rand_int_range (rand, 0, (gint32) MIN (full_us * 6 / 5, G_MAXINT32)));
      n_killed += kill_app (pid);
      assert_complete (path);
    }
  g_test_message ("%u of %u exports killed before they finished", n_killed, n_rounds);
  g_assert_cmpuint (n_killed, >=, n_rounds / 4);

  /* What a killed export can leave: its temporary file, never a torn one */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_left += g_str_has_prefix (name, "progress.json.");
  g_test_message ("%u temporary files left beside the export", n_left);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kill/studying", Fixture, NULL, fixture_set_up, test_kill_studying, fixture_tear_down);
  g_test_add ("/kill/exporting", Fixture, NULL, fixture_set_up, test_kill_exporting, fixture_tear_down);

  return g_test_run ();
}
