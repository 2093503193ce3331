/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ui-bench: whether hostile decks keep the window answering. For each
 * DECK, in a process of its own (so that peak memory is that deck's),
 * the real window starts with the deck in the user's deck folder, then
 * goes through what a person does: start-up, the deck's topic chosen,
 * its answer shown on the Study page, the Browse page, and the whole
 * answer opened in its own window and scrolled to the end. Each step
 * prints the longest stretch the main loop went without polling (a
 * block: no event answered, no frame drawn), measured by wrapping the
 * main context's poll function, and at the end the peak resident
 * memory.
 *
 *   xvfb-run -a ui-bench DECK…
 *
 * tests/bench/gen-freeze-decks.py writes the decks of issue 18.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "kt-application.h"
#include "kt-browse-page.h"
#include "kt-card-view.h"
#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-text-chunks.h"
#include "kt-text-window.h"
#include "kt-window.h"

/* ---- main-loop blocks -------------------------------------------------- */

static GPollFunc real_poll;
static gint64 poll_returned;   /* µs; 0 before the first poll */
static gint64 cpu_returned;    /* µs of this thread's CPU time then */
static gint64 longest_block;   /* µs, since the last reset */
static gint64 longest_cpu;     /* µs of CPU time in that block */

/* CPU time of the main thread: how much of a block was ours, and how
 * much the thread waiting for a core (the machine may be busy). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 start = g_get_monotonic_time ();
  int result;

  if (poll_returned != 0 && start - poll_returned > longest_block)
    {
      longest_block = start - poll_returned;
      longest_cpu = thread_cpu_us () - cpu_returned;
    }
  result = real_poll (fds, n_fds, timeout);
  poll_returned = g_get_monotonic_time ();
  cpu_returned = thread_cpu_us ();

  return result;
}

/* ---- waiting ----------------------------------------------------------- */

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

/* Runs the main loop until @done, then until @window has drawn twice
 * more: the result is on screen. Gives up after 120 s. */
static gboolean
run_until (gboolean  (*done) (gpointer),
           gpointer    data,
           GtkWidget  *window)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  GdkFrameClock *clock;
  guint n_frames = 0;
  gulong handler;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &n_frames);
  while (n_frames < 2 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);

  return n_frames >= 2;
}

static gboolean
always (gpointer data)
{
  return TRUE;
}

static gboolean
window_is_ready (gpointer data)
{
  KtWindow *window = data;
  g_autoptr(KtLibrary) library = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  g_object_get (window, "library", &library, NULL);
  return !kt_library_get_loading (library);
}

static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
step (const char *name,
      gboolean    ok)
{
  g_print ("  %-30s longest main-loop block %7.1f ms (%5.1f ms CPU), peak memory %4.0f MB%s\n",
           name, longest_block / 1000.0, longest_cpu / 1000.0, peak_kib () / 1024.0,
           ok ? "" : "  (gave up after 120 s)");
  longest_block = longest_cpu = 0;
}

/* The first topic of the deck file @name, or G_MAXUINT. */
static guint
deck_topic (GListModel *topics,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (topics, i);
      const char *source = kt_topic_get_source (topic);

      if (source != NULL && g_str_has_suffix (source, name))
        return i;
    }

  return G_MAXUINT;
}

/* The whole-text window shown, and all its rows found (they come in
 * idle time, see kt-text-chunks.c). */
static gboolean
text_is_shown (gpointer data)
{
  GtkListView *list = GTK_LIST_VIEW (gtk_widget_get_template_child (data, KT_TYPE_TEXT_WINDOW, "text_list"));
  GListModel *rows = gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (list)));

  return gtk_widget_get_mapped (data) && kt_text_chunks_get_complete (KT_TEXT_CHUNKS (rows));
}

static GtkWindow *
find_text_window (void)
{
  GtkWindow *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (KT_IS_TEXT_WINDOW (l->data))
      found = l->data;

  return found;
}


/* ---- one deck ---------------------------------------------------------- */

static int
run_deck (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("kt-ui-bench-XXXXXX", &error);
  g_autofree char *decks = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(KtApplication) app = NULL;
  g_autoptr(GListModel) topics = NULL;
  KtWindow *window;
  GtkWidget *study, *browse, *card_view, *scroller;
  GtkWindow *text_window;
  guint topic;
  gboolean ok;

  g_assert_no_error (error);
  decks = g_build_filename (home, "data", "kartoteka", "decks", NULL);
  copy = g_build_filename (decks, name, NULL);
  g_mkdir_with_parents (decks, 0700);
  if (!g_file_get_contents (path, &contents, &length, &error) ||
      !g_file_set_contents (copy, contents, length, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  g_clear_pointer (&contents, g_free);
  data_home = g_build_filename (home, "data", NULL);
  config_home = g_build_filename (home, "config", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  kt_i18n_init ();
  gtk_init ();
  adw_init ();
  gtk_source_init ();
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  g_print ("%s (%.1f MB)\n", name, length / 1e6);

  app = kt_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app));
  window = KT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  step ("start-up, decks loaded", run_until (window_is_ready, window, GTK_WIDGET (window)));

  g_object_get (window, "topics", &topics, NULL);
  topic = deck_topic (topics, name);
  if (topic == G_MAXUINT)
    {
      g_printerr ("%s: no topic of its own\n", name);
      return 1;
    }
  kt_window_select_topic (window, topic);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "study");
  step ("topic chosen, question shown", run_until (always, NULL, GTK_WIDGET (window)));

  study = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), KT_TYPE_WINDOW, "study_page"));
  gtk_widget_activate_action (study, "study.reveal", NULL);
  step ("answer shown", run_until (always, NULL, GTK_WIDGET (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "browse");
  step ("Browse page", run_until (always, NULL, GTK_WIDGET (window)));

  browse = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), KT_TYPE_WINDOW, "browse_page"));
  card_view = GTK_WIDGET (gtk_widget_get_template_child (browse, KT_TYPE_BROWSE_PAGE, "card_view"));
  gtk_widget_activate_action (card_view, "card.show-whole-text", "s", "answer");
  text_window = find_text_window ();
  if (text_window != NULL)
    {
      step ("whole answer in its window",
            run_until (text_is_shown, text_window, GTK_WIDGET (text_window)));
      /* The window's content: a header bar, then the scrolled rows */
      scroller = gtk_widget_get_last_child (adw_window_get_content (ADW_WINDOW (text_window)));
      g_signal_emit_by_name (scroller, "scroll-child", GTK_SCROLL_END, FALSE, &ok);
      step ("... scrolled to its end", run_until (always, NULL, GTK_WIDGET (text_window)));
    }
  else
    g_print ("  (the answer shows whole: no whole-text window)\n");


  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int status = 0;

  setlocale (LC_ALL, "");
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  if (argc < 2)
    {
      g_printerr ("usage: ui-bench DECK…\n");
      return 2;
    }

  /* One process per deck; the first argument runs in this one. */
  if (argc == 3 && g_str_equal (argv[1], "--one"))
    return run_deck (argv[2]);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      int wait_status = 0;
      const char *child[] = { argv[0], "--one", argv[i], NULL };

      if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                         NULL, NULL, NULL, NULL, &wait_status, &error))
        g_printerr ("%s\n", error->message);
      if (error != NULL || !g_spawn_check_wait_status (wait_status, NULL))
        status = 1;
    }

  return status;
}
