/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtLibrary: the bundled decks, folders loaded on worker
 * threads, live reload through GFileMonitor, extra folders, importing,
 * diagnostics and exact items-changed ranges in title order.
 *
 * Over a thousand lines in one file: the cases of one object sharing its
 * folder fixtures.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt-library.h"

#define BUNDLED_QA_TITLE    "Python asyncio и Celery"
#define BUNDLED_NOTES_TITLE "Async Python"

/* -------------------------------------------------------------------------
 * Main loop helpers
 * ---------------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @done holds or @timeout_ms pass;
 * returns whether it holds. */
static gboolean
spin_until (Condition done,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint wake_id = g_timeout_add (20, wake_cb, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  return ok;
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
library_idle (gpointer data)
{
  return !kt_library_get_loading (data);
}

/* Waits for every pending parse, then runs the idle "All Topics" refresh. */
static void
wait_loaded (KtLibrary *library)
{
  g_assert_true (spin_until (library_idle, library, 5000));
  drain_main_context ();
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A worker thread may drop its last reference to a finished task (which
 * holds the library) just after the main loop saw it complete. */
static void
assert_finalize_library (KtLibrary *library)
{
  gpointer weak = library;

  wait_loaded (library);
  g_object_add_weak_pointer (G_OBJECT (library), &weak);
  g_object_unref (library);
  g_assert_true (spin_until (is_null, &weak, 2000));
}

/* -------------------------------------------------------------------------
 * Recording the library's changes
 * ---------------------------------------------------------------------- */

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

/* Replays every items-changed onto a shadow list of topics, so the ranges
 * are checked against what the model holds afterwards. */
typedef struct {
  GListModel *model;
  GArray     *changes; /* (element-type Change) */
  GPtrArray  *shadow;  /* (element-type KtTopic) */
  guint       n_items_notifies;
  guint       loading_notifies;
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  Change change = { position, removed, added };

  g_array_append_val (rec->changes, change);
  g_assert_cmpuint (position + removed, <=, rec->shadow->len);
  g_ptr_array_remove_range (rec->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (rec->shadow, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (rec->shadow->len, ==, g_list_model_get_n_items (model));
}

static void
on_n_items_notify (GObject    *object,
                   GParamSpec *pspec,
                   Recorder   *rec)
{
  rec->n_items_notifies++;
}

static void
on_loading_notify (GObject    *object,
                   GParamSpec *pspec,
                   Recorder   *rec)
{
  rec->loading_notifies++;
}

static void
recorder_init (Recorder   *rec,
               GListModel *model)
{
  rec->model = model;
  rec->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  rec->shadow = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (rec->shadow, g_list_model_get_item (model, i));
  rec->n_items_notifies = 0;
  rec->loading_notifies = 0;
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), rec);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (on_n_items_notify), rec);
  if (KT_IS_LIBRARY (model))
    g_signal_connect (model, "notify::loading", G_CALLBACK (on_loading_notify), rec);
}

static void
recorder_reset (Recorder *rec)
{
  g_array_set_size (rec->changes, 0);
  rec->n_items_notifies = 0;
  rec->loading_notifies = 0;
}

static void
recorder_clear (Recorder *rec)
{
  g_signal_handlers_disconnect_by_data (rec->model, rec);
  g_array_unref (rec->changes);
  g_ptr_array_unref (rec->shadow);
}

static void
assert_change (Recorder *rec,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  Change *change;

  g_assert_cmpuint (index, <, rec->changes->len);
  change = &g_array_index (rec->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

/* The replayed shadow list is the model, which is sorted by title. */
static void
assert_consistent (Recorder *rec)
{
  guint n = g_list_model_get_n_items (rec->model);

  g_assert_cmpuint (rec->shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (rec->model, i);

      g_assert_true (topic == g_ptr_array_index (rec->shadow, i));
      if (i > 0)
        {
          g_autoptr(KtTopic) prev = g_list_model_get_item (rec->model, i - 1);

          g_assert_cmpint (g_utf8_collate (kt_topic_get_title (prev),
                                           kt_topic_get_title (topic)), <=, 0);
        }
    }
}

/* -------------------------------------------------------------------------
 * Deck files
 * ---------------------------------------------------------------------- */

/* Three numbered questions; the second answer is @answer2. Editing it
 * keeps every line number, so only that card changes. */
static char *
deck_text (const char *name,
           const char *answer2)
{
  return g_strdup_printf ("1. What is %s one?\nAnswer: The first %s answer.\n\n"
                          "2. What is %s two?\nAnswer: %s\n\n"
                          "3. What is %s three?\nAnswer: The third %s answer.\n",
                          name, name, name, answer2, name, name);
}

static char *
write_deck (const char *dir,
            const char *name,
            const char *answer2)
{
  g_autofree char *stem = g_strndup (name, strcspn (name, "."));
  g_autofree char *text = deck_text (stem, answer2);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kt-library-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and everything below it; links are removed, not followed. */
static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tmp_dir (path);
      else
        g_assert_no_errno (g_remove (path));
    }
  g_assert_no_errno (g_rmdir (dir));
}

static void
add_folder_path (KtLibrary  *library,
                 const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  kt_library_add_folder (library, folder);
}

/* Borrowed: the model holds a reference. */
static KtTopic *
topic_at (KtLibrary *library,
          guint      index)
{
  KtTopic *topic;

  g_assert_cmpuint (index, <, g_list_model_get_n_items (G_LIST_MODEL (library)));
  topic = g_list_model_get_item (G_LIST_MODEL (library), index);
  g_object_unref (topic);

  return topic;
}

/* Borrowed: the topic holds a reference. */
static KtCard *
card_at (KtTopic *topic,
         guint    index)
{
  KtCard *card;

  g_assert_cmpuint (index, <, g_list_model_get_n_items (G_LIST_MODEL (topic)));
  card = g_list_model_get_item (G_LIST_MODEL (topic), index);
  g_object_unref (card);

  return card;
}

/* A library with @dir (holding alpha.txt and beta.txt) loaded. */
static KtLibrary *
library_with_folder (char **dir_out)
{
  KtLibrary *library = kt_library_new ();
  char *dir = make_tmp_dir ();
  g_autofree char *alpha = write_deck (dir, "alpha.txt", "The second alpha answer.");
  g_autofree char *beta = write_deck (dir, "beta.txt", "The second beta answer.");

  add_folder_path (library, dir);
  wait_loaded (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  *dir_out = dir;

  return library;
}

/* What a deck-loaded emission said, kept past the emission. */
typedef struct {
  guint      n_emissions;
  char      *path;
  guint      n_cards;
  guint      n_errors;
  GPtrArray *messages; /* "LINE: message" */
} DeckLoaded;

static void
on_deck_loaded (KtLibrary  *library,
                KtDeck     *deck,
                DeckLoaded *loaded)
{
  loaded->n_emissions++;
  g_free (loaded->path);
  loaded->path = g_strdup (deck->path);
  loaded->n_cards = kt_deck_count_cards (deck);
  loaded->n_errors = 0;
  g_ptr_array_set_size (loaded->messages, 0);
  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      const KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      if (d->severity == KT_SEVERITY_ERROR)
        loaded->n_errors++;
      g_ptr_array_add (loaded->messages, g_strdup_printf ("%u: %s", d->line, d->message));
    }
}

static void
deck_loaded_init (DeckLoaded *loaded,
                  KtLibrary  *library)
{
  memset (loaded, 0, sizeof *loaded);
  loaded->messages = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (library, "deck-loaded", G_CALLBACK (on_deck_loaded), loaded);
}

static void
deck_loaded_clear (DeckLoaded *loaded,
                   KtLibrary  *library)
{
  g_signal_handlers_disconnect_by_data (library, loaded);
  g_free (loaded->path);
  g_ptr_array_unref (loaded->messages);
}

/* Whether a diagnostic begins with @start ("LINE: message"). */
static gboolean
has_message (DeckLoaded *loaded,
             const char *start)
{
  for (guint i = 0; i < loaded->messages->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (loaded->messages, i), start))
      return TRUE;

  return FALSE;
}

/* -------------------------------------------------------------------------
 * Lifetime and the bundled decks
 * ---------------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  KtLibrary *library = kt_library_new ();
  guint n_items = 1;
  gboolean loading = TRUE;
  KtTopic *all = kt_library_get_all (library);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (library)) == KT_TYPE_TOPIC);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (library), 0));
  g_object_get (library, "n-items", &n_items, "loading", &loading, NULL);
  g_assert_cmpuint (n_items, ==, 0);
  g_assert_false (loading);
  g_assert_true (KT_IS_TOPIC (all));
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 0);
  g_assert_cmpuint (kt_library_get_n_cards (library), ==, 0);
  g_assert_null (kt_library_find_topic (library, "nothing"));
  g_assert_null (kt_library_find_card (library, "0123456789abcdef"));

  g_assert_finalize_object (library);
}

static void
test_bundled (void)
{
  KtLibrary *library = kt_library_new ();
  KtTopic *qa = NULL, *notes = NULL;
  DeckLoaded loaded;
  Recorder rec;

  recorder_init (&rec, G_LIST_MODEL (library));
  deck_loaded_init (&loaded, library);

  kt_library_load_bundled (library);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  for (guint i = 0; i < rec.changes->len; i++)
    {
      Change *change = &g_array_index (rec.changes, Change, i);

      g_assert_cmpuint (change->removed, ==, 0);
      g_assert_cmpuint (change->added, ==, 1);
    }
  g_assert_cmpuint (rec.n_items_notifies, ==, 2);
  assert_consistent (&rec);

  /* Loaded at once, on this thread, without errors. */
  g_assert_false (kt_library_get_loading (library));
  g_assert_cmpuint (rec.loading_notifies, ==, 0);
  g_assert_cmpuint (loaded.n_emissions, ==, 2);
  g_assert_cmpuint (loaded.n_errors, ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      KtTopic *topic = topic_at (library, i);

      if (g_str_equal (kt_topic_get_title (topic), BUNDLED_QA_TITLE))
        qa = topic;
      else if (g_str_equal (kt_topic_get_title (topic), BUNDLED_NOTES_TITLE))
        notes = topic;
    }
  g_assert_nonnull (qa);
  g_assert_nonnull (notes);
  g_assert_cmpuint (kt_topic_get_n_cards (qa), ==, 10);
  g_assert_cmpuint (kt_topic_get_n_cards (notes), ==, 4);
  g_assert_true (kt_library_find_topic (library, kt_topic_get_id (qa)) == qa);
  g_assert_true (kt_library_find_topic (library, kt_topic_get_id (notes)) == notes);
  g_assert_cmpuint (kt_library_get_n_cards (library), ==, 14);

  drain_main_context ();
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 14);
  g_assert_true (card_at (kt_library_get_all (library), 0) == card_at (topic_at (library, 0), 0));

  deck_loaded_clear (&loaded, library);
  recorder_clear (&rec);
  assert_finalize_library (library);
}

static void
test_find_card (void)
{
  KtLibrary *library = kt_library_new ();
  KtTopic *topic;
  KtCard *card;

  kt_library_load_bundled (library);
  for (guint t = 0; t < 2; t++)
    {
      topic = topic_at (library, t);
      for (guint i = 0; i < kt_topic_get_n_cards (topic); i++)
        {
          card = card_at (topic, i);
          g_assert_true (kt_library_find_card (library, kt_card_get_id (card)) == card);
          g_assert_cmpstr (kt_card_get_topic_id (card), ==, kt_topic_get_id (topic));
        }
    }
  g_assert_null (kt_library_find_card (library, "0000000000000000"));
  g_assert_null (kt_library_find_card (library, ""));

  assert_finalize_library (library);
}

/* -------------------------------------------------------------------------
 * Folders
 * ---------------------------------------------------------------------- */

static void
test_add_folder (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *alpha = write_deck (dir, "alpha.txt", "The second alpha answer.");
  g_autofree char *beta = write_deck (dir, "beta.md", "The second beta answer.");
  g_autofree char *hidden = write_deck (dir, ".hidden.txt", "Hidden.");
  g_autofree char *backup = write_deck (dir, "alpha.txt~", "A backup.");
  g_autofree char *other = write_deck (dir, "readme.pdf", "Not a deck.");
  KtTopic *topic;
  Recorder rec;

  recorder_init (&rec, G_LIST_MODEL (library));

  add_folder_path (library, dir);
  g_assert_true (kt_library_get_loading (library));
  g_assert_cmpuint (rec.loading_notifies, ==, 1);
  wait_loaded (library);
  g_assert_cmpuint (rec.loading_notifies, ==, 2);

  /* Only the two deck files, in title order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_consistent (&rec);
  g_assert_cmpstr (kt_topic_get_id (topic_at (library, 0)), ==, "alpha");
  g_assert_cmpstr (kt_topic_get_id (topic_at (library, 1)), ==, "beta");

  topic = kt_library_find_topic (library, "alpha");
  g_assert_nonnull (topic);
  g_assert_cmpstr (kt_topic_get_source (topic), ==, alpha);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "The second alpha answer.");
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 6);
  g_assert_cmpuint (kt_library_get_n_cards (library), ==, 6);

  /* Adding it again changes nothing. */
  recorder_reset (&rec);
  add_folder_path (library, dir);
  g_assert_false (kt_library_get_loading (library));
  g_assert_cmpuint (rec.changes->len, ==, 0);

  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

typedef struct {
  KtTopic    *topic;
  guint       index;
  const char *answer;
} AnswerIs;

static gboolean
answer_is (gpointer data)
{
  AnswerIs *want = data;

  return want->index < kt_topic_get_n_cards (want->topic) &&
         g_str_equal (kt_card_get_answer (card_at (want->topic, want->index)), want->answer);
}

static void
test_watch_edit (void)
{
  g_autofree char *dir = NULL;
  KtLibrary *library = library_with_folder (&dir);
  KtTopic *alpha = kt_library_find_topic (library, "alpha");
  KtTopic *all = kt_library_get_all (library);
  g_autoptr(KtCard) first = g_object_ref (card_at (alpha, 0));
  g_autoptr(KtCard) second = g_object_ref (card_at (alpha, 1));
  g_autoptr(KtCard) third = g_object_ref (card_at (alpha, 2));
  g_autofree char *path = NULL;
  AnswerIs want = { alpha, 1, "An edited second answer." };
  KtCard *edited;
  Recorder rec, topic_rec;

  recorder_init (&rec, G_LIST_MODEL (library));
  recorder_init (&topic_rec, G_LIST_MODEL (alpha));

  /* Written the way editors do: a temporary file renamed over it. */
  path = write_deck (dir, "alpha.txt", "An edited second answer.");
  g_assert_true (spin_until (answer_is, &want, 10000));
  wait_loaded (library);

  /* The same topic, updated in place: one card swapped in. */
  g_assert_true (kt_library_find_topic (library, "alpha") == alpha);
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_assert_cmpuint (topic_rec.changes->len, ==, 1);
  assert_change (&topic_rec, 0, 1, 1, 1);
  g_assert_cmpuint (topic_rec.n_items_notifies, ==, 0);

  edited = card_at (alpha, 1);
  g_assert_true (edited != second);
  g_assert_cmpstr (kt_card_get_id (edited), ==, kt_card_get_id (second));
  g_assert_true (card_at (alpha, 0) == first);
  g_assert_true (card_at (alpha, 2) == third);
  g_assert_true (kt_library_find_card (library, kt_card_get_id (second)) == edited);

  /* "All Topics" follows. */
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 6);
  g_assert_true (kt_topic_find_card (all, kt_card_get_id (edited)) == edited);

  recorder_clear (&topic_rec);
  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

typedef struct {
  KtLibrary  *library;
  const char *id;
} TopicIn;

static gboolean
topic_gone (gpointer data)
{
  TopicIn *t = data;

  return kt_library_find_topic (t->library, t->id) == NULL;
}

static gboolean
topic_there (gpointer data)
{
  TopicIn *t = data;

  return kt_library_find_topic (t->library, t->id) != NULL;
}

static void
test_watch_delete (void)
{
  g_autofree char *dir = NULL;
  KtLibrary *library = library_with_folder (&dir);
  g_autofree char *alpha = g_build_filename (dir, "alpha.txt", NULL);
  TopicIn gone = { library, "alpha" };
  Recorder rec;

  recorder_init (&rec, G_LIST_MODEL (library));

  g_assert_no_errno (g_remove (alpha));
  g_assert_true (spin_until (topic_gone, &gone, 10000));
  wait_loaded (library);

  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 1, 0);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);
  assert_consistent (&rec);
  g_assert_cmpstr (kt_topic_get_id (topic_at (library, 0)), ==, "beta");
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 3);

  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

static void
test_watch_create (void)
{
  g_autofree char *dir = NULL;
  KtLibrary *library = library_with_folder (&dir);
  g_autofree char *path = NULL;
  TopicIn there = { library, "aardvark" };
  Recorder rec;

  recorder_init (&rec, G_LIST_MODEL (library));

  path = write_deck (dir, "aardvark.txt", "The second aardvark answer.");
  g_assert_true (spin_until (topic_there, &there, 10000));
  wait_loaded (library);

  /* It sorts first. */
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 0, 1);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);
  assert_consistent (&rec);
  g_assert_cmpuint (kt_topic_get_n_cards (topic_at (library, 0)), ==, 3);
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 9);

  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

static void
test_extra_folders (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *one = make_tmp_dir ();
  g_autofree char *two = make_tmp_dir ();
  g_autofree char *alpha = write_deck (one, "alpha.txt", "Alpha.");
  g_autofree char *beta = write_deck (two, "beta.txt", "Beta.");
  const char *const first[] = { one, NULL };
  const char *const both[] = { two, one, NULL };
  const char *const second[] = { two, NULL };
  Recorder rec;

  recorder_init (&rec, G_LIST_MODEL (library));

  kt_library_set_extra_folders (library, first);
  wait_loaded (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_nonnull (kt_library_find_topic (library, "alpha"));

  kt_library_set_extra_folders (library, both);
  wait_loaded (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_nonnull (kt_library_find_topic (library, "beta"));
  assert_consistent (&rec);

  /* The same list again: nothing is reloaded. */
  recorder_reset (&rec);
  kt_library_set_extra_folders (library, both);
  g_assert_false (kt_library_get_loading (library));
  g_assert_cmpuint (rec.changes->len, ==, 0);

  /* Dropping a folder drops its topics at once. */
  kt_library_set_extra_folders (library, second);
  g_assert_false (kt_library_get_loading (library));
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 1, 0);
  g_assert_null (kt_library_find_topic (library, "alpha"));
  g_assert_nonnull (kt_library_find_topic (library, "beta"));
  drain_main_context ();
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 3);

  kt_library_set_extra_folders (library, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, 1, 0);
  assert_consistent (&rec);
  drain_main_context ();
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 0);

  /* And a dropped folder can come back. */
  kt_library_set_extra_folders (library, first);
  wait_loaded (library);
  g_assert_nonnull (kt_library_find_topic (library, "alpha"));

  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (one);
  remove_tmp_dir (two);
}

/* -------------------------------------------------------------------------
 * Importing
 * ---------------------------------------------------------------------- */

static void
assert_file_text (GFile      *file,
                  const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined by "|". */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("|", (char **) names->pdata);
}

typedef struct {
  GFile  *copy;
  KtDeck *deck;
  GError *error;
  gboolean done;
} Imported;

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Imported *imported = user_data;
  g_autoptr(KtImported) copied = kt_library_import_finish (KT_LIBRARY (object), result,
                                                           &imported->deck, &imported->error);

  /* A deck is written as one file. */
  if (copied != NULL)
    {
      g_assert_cmpuint (copied->files->len, ==, 1);
      imported->copy = g_object_ref (g_ptr_array_index (copied->files, 0));
    }
  imported->done = TRUE;
}

static gboolean
import_done (gpointer data)
{
  return ((Imported *) data)->done;
}

/* Imports @file and waits for the answer; the deck, if any, is freed. */
static GFile *
import_file (KtLibrary  *library,
             GFile      *file,
             GFile      *folder,
             GError    **error)
{
  Imported imported = { 0 };

  kt_library_import_async (library, file, folder, NULL, NULL, NULL, on_imported, &imported);
  g_assert_true (spin_until (import_done, &imported, 10000));
  g_clear_pointer (&imported.deck, kt_deck_free);
  if (imported.error != NULL)
    g_propagate_error (error, imported.error);

  return imported.copy;
}

static void
test_import (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target_dir = g_build_filename (dir, "data", "decks", NULL);
  g_autofree char *source_dir = g_build_filename (dir, "downloads", NULL);
  g_autofree char *source_path = NULL;
  g_autofree char *first_text = deck_text ("x", "First.");
  g_autofree char *second_text = deck_text ("x", "Second.");
  g_autofree char *listing = NULL;
  g_autoptr(GFile) target = g_file_new_for_path (target_dir);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GFile) renamed = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir (source_dir, 0700));
  source_path = write_deck (source_dir, "x.txt", "First.");
  source = g_file_new_for_path (source_path);

  /* The target folder is made as needed, and the copy loaded. */
  copy = import_file (library, source, target, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_true (g_file_has_parent (copy, target));
  g_assert_cmpstr (g_file_peek_path (copy) + strlen (target_dir), ==, "/x.txt");
  assert_file_text (copy, first_text);
  g_assert_true (kt_library_get_loading (library));
  wait_loaded (library);
  g_assert_nonnull (kt_library_find_topic (library, "x"));
  g_assert_cmpstr (kt_topic_get_source (kt_library_find_topic (library, "x")), ==,
                   g_file_peek_path (copy));

  /* The same content again is not copied again: it says where it is. */
  again = import_file (library, source, target, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "it is already in your decks, as “x”");
  g_clear_error (&error);
  g_assert_false (kt_library_get_loading (library));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);

  /* Different content under a taken name gets a new name. */
  g_clear_pointer (&source_path, g_free);
  source_path = write_deck (source_dir, "x.txt", "Second.");
  renamed = import_file (library, source, target, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_file_peek_path (renamed) + strlen (target_dir), ==, "/x (2).txt");
  assert_file_text (renamed, second_text);
  assert_file_text (copy, first_text);
  wait_loaded (library);
  g_assert_nonnull (kt_library_find_topic (library, "x (2)"));

  /* Written atomically: no temporary files are left behind. */
  listing = list_dir (target_dir);
  g_assert_cmpstr (listing, ==, "x (2).txt|x.txt");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);

  /* A file that is not there is an error, not a crash. */
  missing = g_file_new_build_filename (source_dir, "nothing.txt", NULL);
  g_assert_null (import_file (library, missing, target, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

/* Imports a file called @name holding @text into @target; returns the
 * copy's name, or NULL with @error set. */
static char *
import_named (KtLibrary   *library,
              const char  *source_dir,
              GFile       *target,
              const char  *name,
              const char  *text,
              gssize       len,
              GError     **error)
{
  g_autofree char *path = g_build_filename (source_dir, name, NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) copy = NULL;

  FILE *out = g_fopen (path, "wb");

  /* Not g_file_set_contents(): its temporary name would be too long. */
  g_assert_nonnull (out);
  g_assert_cmpuint (fwrite (text, 1, len < 0 ? strlen (text) : (gsize) len, out), ==,
                    len < 0 ? strlen (text) : (gsize) len);
  g_assert_cmpint (fclose (out), ==, 0);
  copy = import_file (library, source, target, error);
  wait_loaded (library);

  return copy != NULL ? g_file_get_basename (copy) : NULL;
}

/* What import accepts, the folder loads at the next start; what the
 * folder would skip, import refuses. */
static void
test_import_names (void)
{
  KtLibrary *library = kt_library_new ();
  KtLibrary *restarted = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target_dir = g_build_filename (dir, "decks", NULL);
  g_autofree char *source_dir = g_build_filename (dir, "downloads", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_dir);
  g_autofree char *upper = NULL;
  g_autofree char *noext = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *long_copy = NULL;
  g_autofree char *long_second = NULL;
  g_autofree char *qa_one = deck_text ("one", "One.");
  g_autofree char *qa_two = deck_text ("two", "Two.");
  g_autofree char *qa_three = deck_text ("three", "Three.");
  g_autofree char *qa_four = deck_text ("four", "Four.");
  g_autoptr(GError) error = NULL;
  GString *stem = g_string_new (NULL);

  g_assert_no_errno (g_mkdir (source_dir, 0700));

  /* Extensions in any case are decks. */
  upper = import_named (library, source_dir, target, "Deck.TXT", qa_one, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (upper, ==, "Deck.TXT");

  /* A name without a deck's extension gets the format's. */
  noext = import_named (library, source_dir, target, "noext", qa_two, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (noext, ==, "noext.txt");
  notes = import_named (library, source_dir, target, "notes.org",
                        "## Section\n**Answer:** yes\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (notes, ==, "notes.org.md");

  /* Hidden files and backups are refused, with the reason. */
  g_assert_null (import_named (library, source_dir, target, ".hidden.md", qa_three, -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "hidden"));
  g_clear_error (&error);
  g_assert_null (import_named (library, source_dir, target, "backup.txt~", qa_three, -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "backup"));
  g_clear_error (&error);

  /* A 254-byte name, then another file of that name: the second copy's
   * name is shortened, not refused as "File name too long". */
  while (stem->len < 250)
    g_string_append (stem, "ж");
  g_string_truncate (stem, 250);
  g_string_append (stem, ".txt");
  long_name = g_string_free (stem, FALSE);
  g_assert_cmpuint (strlen (long_name), ==, 254);
  long_copy = import_named (library, source_dir, target, long_name, qa_three, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (long_copy, ==, long_name);
  long_second = import_named (library, source_dir, target, long_name, qa_four, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (long_second);
  g_assert_cmpuint (strlen (long_second), <=, 255);
  g_assert_true (g_str_has_suffix (long_second, " (2).txt"));
  g_assert_true (g_utf8_validate (long_second, -1, NULL));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 5);

  /* The next start finds every one of them. */
  restarted = kt_library_new ();
  kt_library_add_folder (restarted, target);
  wait_loaded (restarted);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (restarted)), ==, 5);
  g_assert_nonnull (kt_library_find_topic (restarted, "Deck"));
  g_assert_nonnull (kt_library_find_topic (restarted, "noext"));
  g_assert_nonnull (kt_library_find_topic (restarted, "notes.org"));

  assert_finalize_library (restarted);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

/* A file that gives no cards is not copied, and says why. */
static void
test_import_no_cards (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target_dir = g_build_filename (dir, "decks", NULL);
  g_autofree char *source_dir = g_build_filename (dir, "downloads", NULL);
  g_autofree char *binary_path = g_build_filename (source_dir, "broken.bin", NULL);
  g_autofree char *fifo_path = g_build_filename (source_dir, "pipe.txt", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_dir);
  g_autoptr(GFile) binary = g_file_new_for_path (binary_path);
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GError) error = NULL;
  static const char bytes[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 3, 0, 0, 0, 0 };
  Imported imported = { 0 };

  g_assert_no_errno (g_mkdir (source_dir, 0700));
  g_assert_true (g_file_set_contents (binary_path, bytes, sizeof bytes, NULL));

  kt_library_import_async (library, binary, target, NULL, NULL, NULL, on_imported, &imported);
  g_assert_true (spin_until (import_done, &imported, 10000));
  g_assert_null (imported.copy);
  g_assert_error (imported.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (imported.error->message, ==, "this is a binary file, not a deck");
  g_assert_nonnull (imported.deck);
  g_assert_cmpuint (imported.deck->diagnostics->len, ==, 1);
  g_clear_error (&imported.error);
  g_clear_pointer (&imported.deck, kt_deck_free);

  /* Prose, and an empty file. */
  g_assert_null (import_named (library, source_dir, target, "prose.txt",
                               "Just some thoughts.\nNothing to learn here.\n", -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (import_named (library, source_dir, target, "empty.md", "", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "the file is empty");
  g_clear_error (&error);

  /* A FIFO is not read (it would block until someone writes to it). */
  g_assert_no_errno (mkfifo (fifo_path, 0600));
  g_assert_null (import_file (library, fifo, target, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  /* Nothing was copied: not even the folder was made. */
  g_assert_false (g_file_test (target_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);

  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

/* -------------------------------------------------------------------------
 * Diagnostics
 * ---------------------------------------------------------------------- */

static void
test_deck_with_errors (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "decks", "qa-malformed.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DeckLoaded loaded;
  KtTopic *topic;

  deck_loaded_init (&loaded, library);

  kt_library_load_file (library, file);
  wait_loaded (library);

  /* Reported, and what could be read is loaded all the same. */
  g_assert_cmpuint (loaded.n_emissions, ==, 1);
  g_assert_cmpstr (loaded.path, ==, path);
  g_assert_cmpuint (loaded.n_errors, ==, 4);
  g_assert_true (has_message (&loaded, "1: an answer without a question"));
  g_assert_true (has_message (&loaded, "6: item 2 has no answer"));
  topic = kt_library_find_topic (library, "qa-malformed");
  g_assert_nonnull (topic);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, loaded.n_cards);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);

  deck_loaded_clear (&loaded, library);
  assert_finalize_library (library);
}

/* Two deck folders with a file at the same path: both load, the one in
 * the folder added later under its folder's name, whichever of the two is
 * read first. */
static void
test_same_path_in_two_folders (void)
{
  for (guint round = 0; round < 2; round++)
    {
      KtLibrary *library = kt_library_new ();
      g_autofree char *one = make_tmp_dir ();
      g_autofree char *two = make_tmp_dir ();
      g_autofree char *first = write_deck (one, "same.txt", "From the first folder.");
      g_autofree char *second = write_deck (two, "same.txt", "From the second folder.");
      g_autoptr(GFile) folder_one = g_file_new_for_path (one);
      g_autoptr(GFile) folder_two = g_file_new_for_path (two);
      g_autofree char *two_name = g_path_get_basename (two);
      g_autofree char *qualified = g_strconcat (two_name, "/same", NULL);
      g_autoptr(GFile) second_file = g_file_new_for_path (second);
      DeckLoaded loaded;
      KtTopic *topic;

      deck_loaded_init (&loaded, library);

      /* Round 0: the second folder's file is read first, as it was
       * loaded on its own before; round 1: in folder order. */
      if (round == 0)
        {
          kt_library_load_file (library, second_file);
          wait_loaded (library);
        }
      kt_library_add_folder (library, folder_one);
      kt_library_add_folder (library, folder_two);
      wait_loaded (library);

      g_assert_cmpuint (loaded.n_errors, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
      topic = kt_library_find_topic (library, "same");
      g_assert_nonnull (topic);
      g_assert_cmpstr (kt_topic_get_source (topic), ==, first);
      g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "From the first folder.");
      topic = kt_library_find_topic (library, qualified);
      g_assert_nonnull (topic);
      g_assert_cmpstr (kt_topic_get_source (topic), ==, second);
      g_assert_cmpstr (kt_topic_get_title (topic), ==, "same");
      g_assert_cmpstr (kt_card_get_topic_id (card_at (topic, 0)), ==, qualified);
      g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 6);

      /* Dropping a folder leaves the other's topic alone. */
      kt_library_remove_folder (library, folder_two);
      g_assert_nonnull (kt_library_find_topic (library, "same"));
      g_assert_null (kt_library_find_topic (library, qualified));
      kt_library_remove_folder (library, folder_one);
      g_assert_null (kt_library_find_topic (library, "same"));

      deck_loaded_clear (&loaded, library);
      assert_finalize_library (library);
      remove_tmp_dir (one);
      remove_tmp_dir (two);
    }
}

/* Ids set inside the files cannot be told apart by a folder's name: the
 * later file is skipped, with a message naming the first. */
static void
test_duplicate_topic (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *one = make_tmp_dir ();
  g_autofree char *two = make_tmp_dir ();
  g_autofree char *first = g_build_filename (one, "a.md", NULL);
  g_autofree char *second = g_build_filename (two, "b.md", NULL);
  g_autoptr(GFile) folder_one = g_file_new_for_path (one);
  g_autoptr(GFile) folder_two = g_file_new_for_path (two);
  DeckLoaded loaded;

  g_assert_true (g_file_set_contents (first, "---\nid: pinned\n---\n## A\n**Answer:** one\n", -1, NULL));
  g_assert_true (g_file_set_contents (second, "---\nid: pinned\n---\n## B\n**Answer:** two\n", -1, NULL));
  deck_loaded_init (&loaded, library);

  kt_library_add_folder (library, folder_one);
  wait_loaded (library);
  g_assert_cmpuint (loaded.n_errors, ==, 0);
  kt_library_add_folder (library, folder_two);
  wait_loaded (library);

  g_assert_cmpstr (loaded.path, ==, second);
  g_assert_cmpuint (loaded.n_errors, ==, 1);
  g_assert_true (has_message (&loaded, "0: a topic with the id “pinned” is already loaded from "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpstr (kt_topic_get_source (kt_library_find_topic (library, "pinned")), ==, first);

  deck_loaded_clear (&loaded, library);
  assert_finalize_library (library);
  remove_tmp_dir (one);
  remove_tmp_dir (two);
}

/* -------------------------------------------------------------------------
 * A note vault: tests/data/vault
 * ---------------------------------------------------------------------- */

static char *
vault_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
}

/* A copy of the fixture vault to change, hidden folder and all. */
static char *
copy_vault (void)
{
  g_autofree char *source = vault_path ();
  char *dir = make_tmp_dir ();
  g_autofree char *dest = g_build_filename (dir, "vault", NULL);
  const char *argv[] = { "cp", "-a", source, dest, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return dir;
}

typedef struct {
  const char *id;
  const char *title;
  const char *folder;
  guint       n_cards;
} Expected;

static const Expected vault_topics[] = {
  { "Python/Async Python", "Async Python", "vault/Python", 2 },
  { "Python/Core", "Python Core", "vault/Python", 2 },
  { "System Design/Core", "Core", "vault/System Design", 1 },
  { "System Design/Databases/NoSQL", "NoSQL", "vault/System Design/Databases", 2 },
};

static void
assert_vault_topics (KtLibrary      *library,
                     const Expected *expected,
                     guint           n_expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      KtTopic *topic = kt_library_find_topic (library, expected[i].id);

      g_assert_nonnull (topic);
      g_assert_cmpstr (kt_topic_get_title (topic), ==, expected[i].title);
      g_assert_cmpstr (kt_topic_get_folder (topic), ==, expected[i].folder);
      g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, expected[i].n_cards);
      g_assert_cmpstr (kt_card_get_topic_id (card_at (topic, 0)), ==, expected[i].id);
    }
}

static void
test_vault (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *vault = vault_path ();
  const char *const folders[] = { vault, NULL };
  g_autofree char *breadcrumb = NULL;
  GListModel *files = kt_library_get_deck_files (library);
  KtDeckFile *inbox = NULL;
  DeckLoaded loaded;

  deck_loaded_init (&loaded, library);

  kt_library_set_extra_folders (library, folders);
  wait_loaded (library);

  /* Every note once, under its folder, with its own name: the two
   * Core.md apart, the hidden .obsidian/ folder, the image, the canvas
   * left out. */
  assert_vault_topics (library, vault_topics, G_N_ELEMENTS (vault_topics));
  breadcrumb = kt_topic_dup_breadcrumb (kt_library_find_topic (library, "System Design/Core"));
  g_assert_cmpstr (breadcrumb, ==, "vault › System Design › Core");
  g_assert_cmpuint (kt_topic_get_n_cards (kt_library_get_all (library)), ==, 7);

  /* A card's pictures are looked for in its deck folder, the vault. */
  {
    KtTopic *nosql = kt_library_find_topic (library, "System Design/Databases/NoSQL");
    g_autofree char *deck_folder = kt_library_dup_deck_folder (library, card_at (nosql, 0));
    g_autofree char *canonical = g_canonicalize_filename (vault, NULL);
    g_autoptr(KtCard) bundled = kt_card_new ("id", "t", NULL, NULL, "Q?", "A", NULL, NULL,
                                             "resource:///io/github/kartoteka/Kartoteka/decks/a.md", 1);

    g_assert_cmpstr (deck_folder, ==, canonical);
    g_assert_null (kt_library_dup_deck_folder (library, bundled));
  }

  /* The card-less text file is read and says why it gave nothing. */
  g_assert_cmpuint (loaded.n_emissions, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (files), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);
      g_autofree char *name = g_file_get_basename (kt_deck_file_get_file (file));

      g_assert_nonnull (kt_deck_file_get_folder (file));
      if (g_str_equal (name, "Inbox.txt"))
        inbox = file;
      else
        g_assert_cmpuint (kt_deck_file_get_n_problems (file), ==, 0);
    }
  g_assert_nonnull (inbox);
  g_assert_cmpuint (kt_deck_file_get_n_cards (inbox), ==, 0);
  g_assert_cmpuint (kt_deck_file_get_n_problems (inbox), ==, 1);
  g_assert_true (g_str_has_prefix (kt_deck_file_get_problems (inbox)[0],
                                   "this does not look like a deck"));

  deck_loaded_clear (&loaded, library);
  assert_finalize_library (library);
}

typedef struct {
  KtLibrary  *library;
  const char *there;
  const char *gone;
} TopicsAre;

static gboolean
topics_are (gpointer data)
{
  TopicsAre *t = data;

  return (t->there == NULL || kt_library_find_topic (t->library, t->there) != NULL) &&
         (t->gone == NULL || kt_library_find_topic (t->library, t->gone) == NULL) &&
         !kt_library_get_loading (t->library);
}

static guint
count_changes (Recorder *rec,
               guint     removed,
               guint     added)
{
  guint n = 0;

  for (guint i = 0; i < rec->changes->len; i++)
    {
      Change *change = &g_array_index (rec->changes, Change, i);

      n += change->removed == removed && change->added == added;
    }

  return n;
}

/* Renaming a folder, adding one and deleting a file, while it runs. */
static void
test_vault_live (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = copy_vault ();
  g_autofree char *vault = g_build_filename (dir, "vault", NULL);
  g_autofree char *design = g_build_filename (vault, "System Design", NULL);
  g_autofree char *renamed = g_build_filename (vault, "Design", NULL);
  g_autofree char *go = g_build_filename (vault, "Go", NULL);
  g_autofree char *deep = g_build_filename (go, "Concurrency", NULL);
  g_autofree char *channels = g_build_filename (deep, "Channels.md", NULL);
  g_autofree char *core = g_build_filename (vault, "Python", "Core.md", NULL);
  const char *const folders[] = { vault, NULL };
  static const Expected after_rename[] = {
    { "Python/Async Python", "Async Python", "vault/Python", 2 },
    { "Python/Core", "Python Core", "vault/Python", 2 },
    { "Design/Core", "Core", "vault/Design", 1 },
    { "Design/Databases/NoSQL", "NoSQL", "vault/Design/Databases", 2 },
  };
  TopicsAre wait = { library, NULL, NULL };
  guint position;
  Recorder rec;

  kt_library_set_extra_folders (library, folders);
  wait_loaded (library);
  assert_vault_topics (library, vault_topics, G_N_ELEMENTS (vault_topics));
  recorder_init (&rec, G_LIST_MODEL (library));

  /* A folder renamed: its two topics go and come back under the new
   * path, one items-changed each; the others are not touched. */
  g_assert_no_errno (g_rename (design, renamed));
  wait.there = "Design/Databases/NoSQL";
  wait.gone = "System Design/Core";
  g_assert_true (spin_until (topics_are, &wait, 10000));
  wait_loaded (library);
  assert_vault_topics (library, after_rename, G_N_ELEMENTS (after_rename));
  g_assert_cmpuint (rec.changes->len, ==, 4);
  g_assert_cmpuint (count_changes (&rec, 1, 0), ==, 2);
  g_assert_cmpuint (count_changes (&rec, 0, 1), ==, 2);
  assert_consistent (&rec);

  /* A new subfolder with a folder in it, filled at once. */
  recorder_reset (&rec);
  g_assert_no_errno (g_mkdir_with_parents (deep, 0700));
  g_assert_true (g_file_set_contents (channels, "## Channels\n**Answer:** pipes between goroutines\n",
                                      -1, NULL));
  wait.there = "Go/Concurrency/Channels";
  wait.gone = NULL;
  g_assert_true (spin_until (topics_are, &wait, 10000));
  wait_loaded (library);
  g_assert_cmpuint (count_changes (&rec, 0, 1), ==, 1);
  g_assert_cmpuint (count_changes (&rec, 1, 0), ==, 0);
  assert_consistent (&rec);
  g_assert_cmpstr (kt_topic_get_folder (kt_library_find_topic (library, "Go/Concurrency/Channels")),
                   ==, "vault/Go/Concurrency");

  /* A file deleted: one topic goes, at its place. */
  recorder_reset (&rec);
  g_assert_true (g_ptr_array_find (rec.shadow, kt_library_find_topic (library, "Python/Core"),
                                   &position));
  g_assert_no_errno (g_remove (core));
  wait.there = NULL;
  wait.gone = "Python/Core";
  g_assert_true (spin_until (topics_are, &wait, 10000));
  wait_loaded (library);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, position, 1, 0);
  assert_consistent (&rec);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 4);

  recorder_clear (&rec);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

/* Links that lead back up, and a FIFO with a deck's name: read once and
 * said, never a hang. */
static void
test_vault_loops (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *up = g_build_filename (sub, "up", NULL);
  g_autofree char *self_link = g_build_filename (dir, "again", NULL);
  g_autofree char *fifo = g_build_filename (sub, "pipe.md", NULL);
  g_autofree char *deck = NULL;
  GListModel *files = kt_library_get_deck_files (library);
  guint n_problems = 0;
  DeckLoaded loaded;

  g_assert_no_errno (g_mkdir (sub, 0700));
  deck = write_deck (sub, "deck.txt", "Two.");
  g_assert_no_errno (symlink ("..", up));
  g_assert_no_errno (symlink (".", self_link));
  g_assert_no_errno (mkfifo (fifo, 0600));
  deck_loaded_init (&loaded, library);

  add_folder_path (library, dir);
  wait_loaded (library);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_nonnull (kt_library_find_topic (library, "sub/deck"));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(KtDeckFile) file = g_list_model_get_item (files, i);
      g_autofree char *name = g_file_get_basename (kt_deck_file_get_file (file));

      n_problems += kt_deck_file_get_n_problems (file);
      if (g_str_equal (name, "pipe.md"))
        g_assert_true (g_str_has_prefix (kt_deck_file_get_problems (file)[0],
                                         "this is a named pipe, not a file"));
      else if (g_str_equal (name, "up") || g_str_equal (name, "again"))
        g_assert_true (g_str_has_prefix (kt_deck_file_get_problems (file)[0], "this leads to "));
    }
  /* The two links, and the pipe. */
  g_assert_cmpuint (n_problems, ==, 3);
  g_assert_cmpuint (loaded.n_emissions, ==, 4);

  deck_loaded_clear (&loaded, library);
  assert_finalize_library (library);
  remove_tmp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/library/new-destroy", test_new_destroy);
  g_test_add_func ("/library/bundled", test_bundled);
  g_test_add_func ("/library/find-card", test_find_card);
  g_test_add_func ("/library/add-folder", test_add_folder);
  g_test_add_func ("/library/watch/edit", test_watch_edit);
  g_test_add_func ("/library/watch/delete", test_watch_delete);
  g_test_add_func ("/library/watch/create", test_watch_create);
  g_test_add_func ("/library/extra-folders", test_extra_folders);
  g_test_add_func ("/library/import", test_import);
  g_test_add_func ("/library/import/names", test_import_names);
  g_test_add_func ("/library/import/no-cards", test_import_no_cards);
  g_test_add_func ("/library/deck-with-errors", test_deck_with_errors);
  g_test_add_func ("/library/duplicate-topic", test_duplicate_topic);
  g_test_add_func ("/library/same-path-in-two-folders", test_same_path_in_two_folders);
  g_test_add_func ("/library/vault", test_vault);
  g_test_add_func ("/library/vault/live", test_vault_live);
  g_test_add_func ("/library/vault/loops", test_vault_loops);

  return g_test_run ();
}
