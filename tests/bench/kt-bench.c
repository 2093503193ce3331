/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-bench: how the core copes with big decks. It reads the decks that
 * gen-decks.py wrote to DECKDIR and prints, for each N: parse time and
 * throughput per format beside cmark alone on the same markdown; memory
 * per card beyond the card text (measured in a child process each, so
 * the figures do not mix); library load time and the longest the main
 * loop was blocked meanwhile, for one big deck and for note vaults of
 * 1 000 and 10 000 notes in nested folders; the Browse filter over every
 * card; and, at
 * the largest N, progress saving with the memory and keyfile backends
 * (and dconf with KT_BENCH_DCONF=1) and progress JSON export and import.
 *
 * It also parses decks that once took quadratic time — one question with N
 * answers, N frontmatter tags, YAML N levels deep — to show they no longer do.
 *
 * With --anki, it imports an Anki package (gen-anki.py writes a big one)
 * into an empty deck folder the way the Import dialog does, with its review
 * history merged into a progress (on the memory settings backend) and
 * saved, twice (the second finds every deck and answer there), and prints
 * the time and peak memory.
 *
 *   kt-bench DECKDIR [N…]        (default N: 1000 10000 100000)
 *   kt-bench --anki PACKAGE
 */
#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmark.h>
#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kt-formats.h"
#include "kt-import.h"
#include "kt-library.h"
#include "kt-progress.h"
#include "kt-progress-json.h"
#include "kt-settings.h"
#include "kt-search-model.h"

static const char *const formats[] = { "qa", "notes", "tsv" };
static const char *const suffixes[] = { "txt", "md", "tsv" };

/* Queries of 1, 3 and 8 characters, as typed into Browse. */
static const char *const queries[] = { "я", "сем", "gather()" };

/* Files and folders to remove before exiting, in order. */
static GPtrArray *temporary;

/* ---- helpers ----------------------------------------------------------- */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the calling thread: how much of a main-loop block was our
 * code, and how much the thread waiting for a core. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Wall and CPU time of a stretch of one thread: a parse, or a block of
 * the main thread the window could not draw in. */
typedef struct
{
  double wall;
  double cpu;
} Block;

static void
note_block (Block  *longest,
            double  wall_start,
            double  cpu_start)
{
  double wall = now_ms () - wall_start;

  if (wall > longest->wall)
    *longest = (Block) { wall, thread_cpu_ms () - cpu_start };
}

/* One main-loop iteration; FALSE if nothing was dispatched. */
static gboolean
dispatch_once (Block *longest)
{
  double wall = now_ms (), cpu = thread_cpu_ms ();

  if (!g_main_context_iteration (NULL, FALSE))
    return FALSE;
  note_block (longest, wall, cpu);
  return TRUE;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Fewer repetitions for the big decks: they take seconds each. */
static guint
repetitions (guint n)
{
  /* About a second of parsing each: short runs are the noisiest */
  return n >= 100000 ? 5 : n >= 10000 ? 11 : 31;
}

static char *
deck_path (const char *dir,
           guint       format,
           guint       n)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.%s", formats[format], n, suffixes[format]);

  return g_build_filename (dir, name, NULL);
}

static GBytes *
read_deck (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("%s (run gen-decks.py first)\n", error->message);
      exit (EXIT_FAILURE);
    }

  return g_bytes_new_take (data, len);
}

/* Bytes the heap has handed out, including malloc's own headers. */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static guint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

static gsize
field_len (const char *text)
{
  return text != NULL ? strlen (text) + 1 : 0;
}

/* What the user wrote: question, answer, title, summary and notes. */
static gsize
card_text_bytes (KtCard *card)
{
  return field_len (kt_card_get_question (card)) + field_len (kt_card_get_answer (card)) +
         field_len (kt_card_get_title (card)) + field_len (kt_card_get_summary (card)) +
         field_len (kt_card_get_notes (card));
}

/* ---- parsing ----------------------------------------------------------- */

/* Wall time, and the thread's CPU time: on a loaded machine the wall time
 * also counts the waits for a core, the CPU time only the parse. */
static Block
parse_once (GBytes     *bytes,
            const char *path,
            guint       n)
{
  double start = now_ms ();
  double cpu = thread_cpu_ms ();
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, path);
  Block took = { now_ms () - start, thread_cpu_ms () - cpu };

  if (kt_deck_count_cards (deck) != n)
    {
      g_printerr ("%s: %u cards, expected %u\n", path, kt_deck_count_cards (deck), n);
      exit (EXIT_FAILURE);
    }

  return took;
}

static Block
cmark_once (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  double start = now_ms ();
  double cpu = thread_cpu_ms ();
  cmark_node *doc = cmark_parse_document (data, len, CMARK_OPT_DEFAULT);

  cmark_node_free (doc);
  return (Block) { now_ms () - start, thread_cpu_ms () - cpu };
}

static void
bench_parse (const char *dir,
             guint       n)
{
  guint runs = repetitions (n);
  g_autofree double *times = g_new (double, runs);
  g_autofree double *cpus = g_new (double, runs);
  g_autofree double *cmark_times = g_new (double, runs);
  g_autofree double *cmark_cpus = g_new (double, runs);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = deck_path (dir, f, n);
      g_autoptr(GBytes) bytes = read_deck (path);
      double mb = g_bytes_get_size (bytes) / 1e6;
      double ms, cpu;

      /* cmark alone on the markdown, run by run beside our parse, so
       * that both see the machine in the same state */
      for (guint r = 0; r < runs; r++)
        {
          Block took = parse_once (bytes, path, n);

          times[r] = took.wall;
          cpus[r] = took.cpu;
          if (f == 1)
            {
              took = cmark_once (bytes);
              cmark_times[r] = took.wall;
              cmark_cpus[r] = took.cpu;
            }
        }
      ms = median (times, runs);
      cpu = median (cpus, runs);
      g_print ("parse   %-6s N=%-6u %8.1f ms %7.1f MB/s %6.2f µs/card  (CPU %.1f ms, %.1f MB/s)\n",
               formats[f], n, ms, mb / (ms / 1000), ms * 1000 / n, cpu, mb / (cpu / 1000));
      if (f == 1)
        {
          double cmark_ms = median (cmark_times, runs);
          double cmark_cpu = median (cmark_cpus, runs);

          g_print ("parse   cmark  N=%-6u %8.1f ms %7.1f MB/s   notes/cmark = %.2f×  "
                   "(CPU %.1f ms: %.2f×)\n",
                   n, cmark_ms, mb / (cmark_ms / 1000), ms / cmark_ms, cmark_cpu, cpu / cmark_cpu);
        }
    }
}

/* ---- inputs that were quadratic --------------------------------------- */

/* One question with @n different answers. */
static GBytes *
repeated_question_deck (guint n)
{
  GString *deck = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (deck, "%u. Что делает event loop?\nОтвет: ответ номер %u\n\n", i, i);
  return g_string_free_to_bytes (deck);
}

/* A note whose frontmatter has @n tags. */
static GBytes *
many_tags_deck (guint n)
{
  GString *deck = g_string_new ("---\ntags: [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (deck, "%st%u", i > 0 ? ", " : "", i);
  g_string_append (deck, "]\n---\n## Event loop\n**Ответ:** планирует корутины\n");
  return g_string_free_to_bytes (deck);
}

/* A note whose frontmatter nests @n lists deep. */
static GBytes *
deep_yaml_deck (guint n)
{
  GString *deck = g_string_new ("---\ntitle: deep\nx: ");

  for (guint i = 0; i < n; i++)
    g_string_append_c (deck, '[');
  for (guint i = 0; i < n; i++)
    g_string_append_c (deck, ']');
  g_string_append (deck, "\n---\n## Event loop\n**Ответ:** планирует корутины\n");
  return g_string_free_to_bytes (deck);
}

/* Each must take time in proportion to its size: the time per item is
 * the figure to compare between N. */
static void
bench_linear (guint n)
{
  static const struct {
    const char *name;
    const char *path;
    GBytes   *(*make) (guint n);
    const char *unit;
  } decks[] = {
    { "repeat", "repeat.txt", repeated_question_deck, "answer" },
    { "tags", "tags.md", many_tags_deck, "tag" },
    { "yaml", "yaml.md", deep_yaml_deck, "level" },
  };

  for (guint d = 0; d < G_N_ELEMENTS (decks); d++)
    {
      g_autoptr(GBytes) bytes = decks[d].make (n);
      double start = now_ms ();
      g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, decks[d].path);
      double ms = now_ms () - start;

      g_print ("linear  %-6s N=%-6u %8.1f ms %7.3f µs/%s (%u cards)\n", decks[d].name, n, ms,
               ms * 1000 / n, decks[d].unit, kt_deck_count_cards (deck));
    }
}

/* ---- memory (in a child process of its own) --------------------------- */

/* Runs the main loop until @model's search is done. */
static void
wait_for_search (KtSearchModel *model)
{
  while (kt_search_model_get_searching (model))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (20);
}

static int
memory_child (const char *path)
{
  g_autoptr(GBytes) bytes = read_deck (path);
  g_autoptr(KtDeck) deck = NULL;
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func (g_object_unref);
  gsize before, parsed, searched, text = 0;
  guint n;

  /* One arena: mallinfo2() counts only the main one, and the search
   * index is built on worker threads. */
  mallopt (M_ARENA_MAX, 1);
  before = heap_in_use ();
  deck = kt_formats_parse_bytes (bytes, path);

  n = kt_deck_count_cards (deck);
  for (guint t = 0; t < deck->topics->len; t++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, t);

      for (guint i = 0; i < g_list_model_get_n_items (topic); i++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, i);

          text += card_text_bytes (card);
        }
    }
  /* As the app does once loading is over: the blocks kept for the next
   * note's tree are not the deck's. */
  kt_formats_release_memory ();
  parsed = heap_in_use ();

  /* The search index of every topic, as Browse keeps it once searched. */
  for (guint t = 0; t < deck->topics->len; t++)
    {
      KtSearchModel *model = kt_search_model_new (g_ptr_array_index (deck->topics, t));

      g_ptr_array_add (searches, model);
      kt_search_model_set_query (model, queries[0]);
      wait_for_search (model);
      kt_search_model_set_query (model, "");
    }
  searched = heap_in_use ();

  g_print ("%u %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GUINT64_FORMAT
           " %" G_GSIZE_FORMAT "\n",
           n, text, parsed - before, searched - parsed, status_kb ("VmHWM:"),
           g_bytes_get_size (bytes));
  return EXIT_SUCCESS;
}

static void
bench_memory (const char *self_exe,
              const char *dir,
              guint       n)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = deck_path (dir, f, n);
      const char *argv[] = { self_exe, "--memory", path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      guint cards;
      guint64 text, parsed, keys, hwm_kb, file;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, NULL, &error) ||
          sscanf (out, "%u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  &cards, &text, &parsed, &keys, &hwm_kb, &file) != 6)
        {
          g_printerr ("memory child failed: %s\n", error != NULL ? error->message : out);
          exit (EXIT_FAILURE);
        }
      g_print ("memory  %-6s N=%-6u %6.0f B/card beyond the text (text %4.0f B/card), "
               "search keys +%4.0f B/card, peak RSS %6.1f MB (file %5.1f MB)\n",
               formats[f], n, ((double) parsed - text) / cards, (double) text / cards,
               (double) keys / cards, hwm_kb / 1024.0, file / 1e6);
    }
}

/* ---- library and search ------------------------------------------------ */

/* Loads the Q&A deck of @n cards through a library folder, as the app
 * does, and reports how long the main loop was busy at a stretch. */
static KtLibrary *
bench_library (const char *dir,
               guint       n)
{
  g_autofree char *deck = deck_path (dir, 0, n);
  g_autofree char *folder_path = g_dir_make_tmp ("kt-bench-XXXXXX", NULL);
  g_autofree char *link_path = g_build_filename (folder_path, "deck.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  KtLibrary *library = kt_library_new ();
  Block longest = { 0, 0 };
  double start;

  if (symlink (deck, link_path) != 0)
    g_error ("cannot link %s", link_path);

  start = now_ms ();
  kt_library_add_folder (library, folder);
  while (kt_library_get_loading (library) || g_main_context_pending (NULL))
    if (!dispatch_once (&longest))
      g_usleep (100);
  g_print ("library qa     N=%-6u %8.1f ms to load; longest main-loop block %.1f ms (%.1f ms CPU)\n",
           n, now_ms () - start, longest.wall, longest.cpu);

  /* Removed at the end: the library watches the folder. */
  g_ptr_array_add (temporary, g_steal_pointer (&link_path));
  g_ptr_array_add (temporary, g_steal_pointer (&folder_path));

  return library;
}

/* Sets @query on @model and runs the main loop until the search is
 * done, as Browse does for a keystroke. Returns the time until then, and
 * in *@longest the longest the main loop was busy at a stretch, setting
 * the query included. */
/* A note vault of @n_notes notes of ten cards, ten notes a folder in
 * folders two deep, as the library reads an extra folder: every folder
 * scanned and watched and every note parsed, all off the main thread. */
static void
bench_vault (guint n_notes)
{
  g_autofree char *root = g_dir_make_tmp ("kt-bench-vault-XXXXXX", NULL);
  const char *const folders[] = { root, NULL };
  KtLibrary *library = kt_library_new ();
  g_autoptr(GString) note = g_string_new (NULL);
  Block longest = { 0, 0 };
  double start;

  for (guint i = 0; i < n_notes; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/Area %u/Folder %u", root, i / 100, i / 10);
      g_autofree char *path = g_strdup_printf ("%s/Note %u.md", dir, i);

      g_string_truncate (note, 0);
      for (guint c = 0; c < 10; c++)
        g_string_append_printf (note, "## Section %u\n**Question:** What is %u of note %u?\n"
                                      "**Answer:** It is the answer %u of %u.\n\n", c, c, i, c, i);
      if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents (path, note->str, -1, NULL))
        g_error ("cannot write %s", path);
    }

  start = now_ms ();
  kt_library_set_extra_folders (library, folders);
  while (kt_library_get_loading (library) || g_main_context_pending (NULL))
    if (!dispatch_once (&longest))
      g_usleep (100);
  g_print ("vault   notes  N=%-6u %8.1f ms to load %u topics in %u folders; "
           "longest main-loop block %.1f ms (%.1f ms CPU)\n",
           n_notes, now_ms () - start, g_list_model_get_n_items (G_LIST_MODEL (library)),
           n_notes / 10 + (n_notes + 99) / 100, longest.wall, longest.cpu);

  g_object_unref (library);
  {
    const char *argv[] = { "rm", "-rf", root, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

static double
search_once (KtSearchModel *model,
             const char    *query,
             Block         *longest)
{
  double start = now_ms (), cpu = thread_cpu_ms ();

  *longest = (Block) { 0, 0 };
  kt_search_model_set_query (model, query);
  note_block (longest, start, cpu);
  while (kt_search_model_get_searching (model))
    if (!dispatch_once (longest))
      g_usleep (20);

  return now_ms () - start;
}

static void
bench_search (KtLibrary *library,
              guint      n)
{
  GListModel *cards = G_LIST_MODEL (kt_library_get_all (library));
  g_autoptr(KtSearchModel) model = kt_search_model_new (cards);
  Block longest;
  double ms = search_once (model, queries[0], &longest);

  g_print ("search  first  N=%-6u %8.1f ms (\"%s\", building the index on a worker first); "
           "longest main-loop block %.2f ms (%.2f ms CPU)\n",
           n, ms, queries[0], longest.wall, longest.cpu);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      double times[7], walls[7], cpus[7];

      for (guint r = 0; r < G_N_ELEMENTS (times); r++)
        {
          Block block;

          kt_search_model_set_query (model, "");
          times[r] = search_once (model, queries[q], &block);
          walls[r] = block.wall;
          cpus[r] = block.cpu;
        }
      g_print ("search  %u char N=%-6u %8.2f ms (\"%s\", %u matches); "
               "longest main-loop block %.2f ms (%.2f ms CPU)\n",
               (guint) g_utf8_strlen (queries[q], -1), n,
               median (times, G_N_ELEMENTS (times)), queries[q],
               g_list_model_get_n_items (G_LIST_MODEL (model)),
               median (walls, G_N_ELEMENTS (walls)), median (cpus, G_N_ELEMENTS (cpus)));
    }
}

/* ---- progress ---------------------------------------------------------- */

static KtProgress *
new_progress (GSettingsBackend *backend)
{
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);

  return kt_progress_new (settings);
}

/* A review record and one logged answer for every card. */
static void
fill_progress (KtProgress *progress,
               GListModel *cards)
{
  guint n = g_list_model_get_n_items (cards);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) records = g_array_sized_new (FALSE, TRUE, sizeof (KtProgressRecord), n);
  g_autoptr(GArray) log = g_array_sized_new (FALSE, TRUE, sizeof (KtReviewLogEntry), n);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, i);
      gint64 last = now - (gint64) (n - i) * G_USEC_PER_SEC;
      KtProgressRecord record = {
        .fsrs = {
          .state = KT_CARD_REVIEW,
          .has_memory = TRUE,
          .stability = 3.5 + i % 17,
          .difficulty = 1.0 + i % 9,
          .due_us = last + (gint64) (i % 30) * G_TIME_SPAN_DAY,
          .last_review_us = last,
        },
        .reps = 1 + i % 5,
        .lapses = i % 2,
      };
      KtReviewLogEntry entry = {
        .card_id = (char *) kt_card_get_id (card),
        .time_us = last,
        .rating = KT_RATING_GOOD,
        .state_before = KT_CARD_NEW,
      };

      g_ptr_array_add (ids, g_strdup (kt_card_get_id (card)));
      g_array_append_val (records, record);
      g_array_append_val (log, entry);
    }

  kt_progress_set_records (progress, (const char * const *) ids->pdata,
                           (const KtProgressRecord *) records->data, n);
  kt_progress_add_log_entries (progress, (const KtReviewLogEntry *) log->data, n);
}

static void
bench_progress_settings (const char *name,
                         GSettings  *settings,
                         GListModel *cards)
{
  g_autoptr(KtProgress) progress = kt_progress_new (settings);
  guint n = g_list_model_get_n_items (cards);
  double times[5], timeout_times[5];
  double start;

  fill_progress (progress, cards);
  start = now_ms ();
  kt_progress_flush (progress);
  g_print ("save    %-6s N=%-6u %8.1f ms first write of every record and answer\n",
           name, n, now_ms () - start);

  for (guint r = 0; r < G_N_ELEMENTS (times); r++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (cards, r * 7);

      /* The answer arms the delayed save; it runs from the main loop. */
      kt_progress_record_review (progress, kt_card_get_id (card), KT_RATING_GOOD,
                                 g_get_real_time ());
      g_usleep (600 * 1000);
      start = now_ms ();
      while (g_main_context_iteration (NULL, FALSE))
        ;
      timeout_times[r] = now_ms () - start;

      kt_progress_record_review (progress, kt_card_get_id (card), KT_RATING_GOOD,
                                 g_get_real_time ());
      start = now_ms ();
      kt_progress_flush (progress);
      times[r] = now_ms () - start;
    }
  g_print ("save    %-6s N=%-6u %8.1f ms main thread for the delayed save after an answer\n",
           name, n, median (timeout_times, G_N_ELEMENTS (timeout_times)));
  g_print ("save    %-6s N=%-6u %8.1f ms kt_progress_flush() after an answer (waits for the write)\n",
           name, n, median (times, G_N_ELEMENTS (times)));
}

static void
bench_progress_backend (const char       *name,
                        GSettingsBackend *backend,
                        GListModel       *cards)
{
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);

  bench_progress_settings (name, settings, cards);
}

/* Kartoteka's own keyfile, as without dconf: in a child, since the choice
 * of GLib's default backend is made once per process. */
static int
keyfile_child (const char *path)
{
  g_autoptr(GBytes) bytes = read_deck (path);
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, path);
  g_autoptr(GListStore) cards = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(GSettings) settings = kt_settings_new ();

  for (guint t = 0; t < deck->topics->len; t++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, t);

      for (guint i = 0; i < g_list_model_get_n_items (topic); i++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, i);

          g_list_store_append (cards, card);
        }
    }
  bench_progress_settings ("keyfile", settings, G_LIST_MODEL (cards));

  return EXIT_SUCCESS;
}

static void
bench_progress (const char *self_exe,
                const char *deck,
                GListModel *cards,
                GListModel *topics)
{
  g_autoptr(GSettingsBackend) memory = g_memory_settings_backend_new ();
  g_autofree char *dir = g_dir_make_tmp ("kt-bench-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *modules = g_build_filename (dir, "no-modules", NULL);
  const char *argv[] = { self_exe, "--keyfile", deck, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint n = g_list_model_get_n_items (cards);

  bench_progress_backend ("memory", memory, cards);

  /* No dconf module, no backend chosen: the app's own keyfile */
  g_mkdir (modules, 0700);
  envp = g_environ_setenv (envp, "GIO_MODULE_DIR", modules, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_unsetenv (envp, "GSETTINGS_BACKEND");
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, &error))
    g_print ("save    keyfile failed: %s\n", error->message);
  else
    g_print ("%s", out);
  {
    const char *argv_rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }

  /* dconf writes to the session's own database: only when asked, under a
   * throwaway dbus-run-session and XDG_CONFIG_HOME (docs/performance.md). */
  if (g_strcmp0 (g_getenv ("KT_BENCH_DCONF"), "1") == 0)
    {
      g_autoptr(GSettingsBackend) dconf = NULL;

      g_setenv ("GSETTINGS_BACKEND", "dconf", TRUE);
      dconf = g_settings_backend_get_default ();
      if (g_str_equal (G_OBJECT_TYPE_NAME (dconf), "DConfSettingsBackend"))
        bench_progress_backend ("dconf", dconf, cards);
      else
        g_print ("save    dconf  not available (%s)\n", G_OBJECT_TYPE_NAME (dconf));
    }

  {
    g_autoptr(KtProgress) progress = new_progress (memory);
    g_autoptr(KtProgress) fresh = NULL;
    g_autoptr(GSettingsBackend) empty = g_memory_settings_backend_new ();
    g_autoptr(KtProgressImport) import = NULL;
    g_autoptr(GString) data = g_string_new (NULL);
    KtProgressImportPlan plan;
    double start = now_ms ();

    kt_progress_json_export (progress, topics, g_get_real_time (), KT_PROGRESS_JSON_COMPACT, data);
    g_print ("json    export N=%-6u %8.1f ms (%.1f MB)\n", n, now_ms () - start, data->len / 1e6);

    fresh = new_progress (empty);
    start = now_ms ();
    import = kt_progress_json_read_data (data->str, data->len, &error);
    if (import == NULL)
      {
        g_print ("json    import N=%-6u refused: %s\n", n, error->message);
        return;
      }
    kt_progress_import_apply (import, fresh, &plan);
    g_print ("json    import N=%-6u %8.1f ms (%u records added)\n", n, now_ms () - start, plan.n_added);
  }
}

/* ---- Anki packages ----------------------------------------------------- */

static int
bench_anki (const char *path)
{
  g_autoptr(GFile) package = g_file_new_for_commandline_arg (path);
  g_autofree char *dir = g_dir_make_tmp ("kt-bench-anki-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(KtProgress) progress = new_progress (backend);

  /* The whole path of the Import dialog: the decks written on a worker,
   * then the history merged and replayed, then saved. */
  for (guint round = 1; round <= 2; round++)
    {
      g_autoptr(KtImported) imported = kt_imported_new ();
      g_autoptr(GError) error = NULL;
      double start = now_ms ();
      double written, merged;
      guint n_added, n_known;

      if (!kt_import_file (package, folder, known, NULL, NULL, imported, NULL, &error))
        {
          g_printerr ("%s: %s\n", path, error->message);
          return EXIT_FAILURE;
        }
      written = now_ms ();
      n_added = kt_imported_apply_progress (imported, progress, &n_known);
      merged = now_ms ();
      kt_progress_flush (progress);
      g_print ("anki    import round %u: %8.1f ms (decks %.1f, history merged %.1f, saved %.1f), "
               "%u decks, %u cards, %u answers added, %u there already, peak RSS %.1f MB\n",
               round, now_ms () - start, written - start, merged - written, now_ms () - merged,
               imported->files->len, imported->n_cards, n_added, n_known,
               status_kb ("VmHWM:") / 1024.0);
    }

  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KtLibrary) largest = NULL;
  g_autofree char *self_exe = NULL;
  const char *dir;

  setlocale (LC_ALL, "");
  /* The schema as built, unless one was chosen. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);

  if (argc == 3 && g_str_equal (argv[1], "--memory"))
    return memory_child (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--keyfile"))
    return keyfile_child (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--anki"))
    return bench_anki (argv[2]);
  if (argc < 2)
    {
      g_printerr ("usage: kt-bench DECKDIR [N…] | kt-bench --anki PACKAGE\n");
      return EXIT_FAILURE;
    }

  dir = argv[1];
  temporary = g_ptr_array_new_with_free_func (g_free);
  for (int i = 2; i < argc; i++)
    {
      guint n = atoi (argv[i]);
      g_array_append_val (sizes, n);
    }
  if (sizes->len == 0)
    g_array_append_vals (sizes, (guint[]) { 1000, 10000, 100000 }, 3);

  for (guint i = 0; i < sizes->len; i++)
    bench_parse (dir, g_array_index (sizes, guint, i));
  for (guint i = 0; i < sizes->len; i++)
    bench_linear (g_array_index (sizes, guint, i));
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  for (guint i = 0; i < sizes->len; i++)
    bench_memory (self_exe, dir, g_array_index (sizes, guint, i));
  for (guint i = 0; i < sizes->len; i++)
    {
      guint n = g_array_index (sizes, guint, i);
      g_autoptr(KtLibrary) library = bench_library (dir, n);

      bench_search (library, n);
      if (i + 1 == sizes->len)
        largest = g_steal_pointer (&library);
    }
  bench_vault (1000);
  bench_vault (10000);
  {
    g_autofree char *deck = deck_path (dir, 0, g_array_index (sizes, guint, sizes->len - 1));

    bench_progress (self_exe, deck, G_LIST_MODEL (kt_library_get_all (largest)),
                    G_LIST_MODEL (largest));
  }

  g_clear_object (&largest);
  for (guint i = 0; i < temporary->len; i++)
    g_remove (g_ptr_array_index (temporary, i));

  return EXIT_SUCCESS;
}
