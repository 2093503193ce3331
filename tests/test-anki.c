/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anki packages, built by anki/make-packages.py from Anki's schemas: the
 * three layouts give the same cards, importing writes the decks and
 * images and is idempotent, and hostile or broken packages are refused
 * with nothing written.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kt-anki-import.h"
#include "kt-cli.h"
#include "kt-formats.h"
#include "kt-library.h"
#include "kt-test-util.h"
#include "kt-text.h"
#include "kt-topic-tree.h"

/* Topic id, question, answer of every card the fixture notes give. */
static const char *const expected[][3] = {
  { "Geography", "Capital of France?", "Paris" },
  { "Geography", "[city] is the capital of Australia; […] was founded in 1913.",
    "**Canberra** is the capital of Australia; **Canberra** was founded in 1913.\n\nNot *Sydney*." },
  { "Geography", "Canberra is the capital of […]; Canberra was founded in 1913.",
    "Canberra is the capital of **Australia**; Canberra was founded in 1913.\n\nNot *Sydney*." },
  { "Languages/German", "der Hund", "the dog" },
  { "Languages/German", "the dog", "der Hund" },
  { "Languages/Japanese", "漢字", "かんじ\n\nChinese characters" },
  { "Languages/Spanish", "la casa", "the house" },
  { "Languages/Spanish", "the house", "la casa" },
  { "Math", "What is **2+2**?", "4\\\n![](cat.png)" },
};

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_BUILT, name, NULL);
}

static KtDeck *
read_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return kt_anki_read_deck (file, name, NULL);
}

static void
assert_expected_cards (KtDeck *deck)
{
  guint n = 0;

  g_assert_false (kt_deck_has_errors (deck));
  for (guint t = 0; t < deck->topics->len; t++)
    {
      GListModel *topic = g_ptr_array_index (deck->topics, t);

      for (guint c = 0; c < g_list_model_get_n_items (topic); c++, n++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (topic, c);

          g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (kt_card_get_topic_id (card), ==, expected[n][0]);
          g_assert_cmpstr (kt_card_get_question (card), ==, expected[n][1]);
          g_assert_cmpstr (kt_card_get_answer (card), ==, expected[n][2]);
        }
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
}

/* Every layout gives the same cards with the same ids, made from the
 * notes' guids; the "please upgrade" dummy collection is never read. */
static void
test_read_layouts (void)
{
  static const char *const names[] = { "legacy1.apkg", "legacy2.apkg", "latest.apkg", "latest.colpkg" };
  g_autoptr(GPtrArray) first_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KtDeck) deck = read_fixture (names[i]);
      guint n = 0;

      assert_expected_cards (deck);
      g_assert_cmpuint (deck->topics->len, ==, 5);
      g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (deck->topics, 1)), ==, "German");
      /* The note type that was simplified: the suspended and the buried
       * card stay so (tests/test-anki-history.c). */
      g_assert_cmpuint (deck->diagnostics->len, ==, 1);
      g_assert_nonnull (strstr (g_array_index (deck->diagnostics, KtDiagnostic, 0).message,
                                "Vocabulary"));

      for (guint t = 0; t < deck->topics->len; t++)
        {
          GListModel *topic = g_ptr_array_index (deck->topics, t);

          for (guint c = 0; c < g_list_model_get_n_items (topic); c++, n++)
            {
              g_autoptr(KtCard) card = g_list_model_get_item (topic, c);

              if (i == 0)
                {
                  g_ptr_array_add (first_ids, g_strdup (kt_card_get_id (card)));
                  g_ptr_array_add (keys, g_strdup (kt_card_get_key (card)));
                }
              else
                g_assert_cmpstr (kt_card_get_id (card), ==, g_ptr_array_index (first_ids, n));
            }
        }
    }

  /* The reversed note's cards: its guid, then its guid and "/2". */
  g_assert_cmpstr (g_ptr_array_index (keys, 3), ==, "rev-guid-2");
  g_assert_cmpstr (g_ptr_array_index (keys, 4), ==, "rev-guid-2/2");
}

/* -------------------------------------------------------------------------
 * Importing
 * ---------------------------------------------------------------------- */

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("kt-anki-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Every file under @path, "relative\n", sorted, with a hash of its bytes. */
static char *
list_tree (const char *path)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_ptr_array_add (dirs, g_strdup (""));
  while (dirs->len > 0)
    {
      g_autofree char *relative = g_ptr_array_steal_index (dirs, dirs->len - 1);
      g_autofree char *full = g_build_filename (path, relative, NULL);
      g_autoptr(GDir) dir = g_dir_open (full, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (relative, name, NULL);
          g_autofree char *child_full = g_build_filename (path, child, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (g_file_test (child_full, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (dirs, g_steal_pointer (&child));
          else if (g_file_get_contents (child_full, &contents, &len, NULL))
            {
              g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA1,
                                                                  (guchar *) contents, len);
              g_ptr_array_add (lines, g_strdup_printf ("%s %s", child, sum));
            }
        }
    }

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (out, FALSE);
}

static gboolean
import (const char          *name,
        const char          *folder_path,
        const KtAnkiLimits  *limits,
        KtImported          *imported,
        GError             **error)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  return kt_anki_import_package (file, folder, limits, imported, NULL, NULL, NULL, error);
}

static void
assert_file (const char *folder,
             const char *relative,
             gboolean    exists)
{
  g_autofree char *path = g_build_filename (folder, relative, NULL);

  g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, exists);
}

/* The decks land in nested folders with their image, read back as the
 * expected cards; a second import, and one of the same notes in the
 * legacy layout, change no byte. */
static void
test_import_twice (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *again = NULL;
  g_autofree char *image = NULL;
  g_autofree char *image_path = g_build_filename (folder, "cat.png", NULL);

  g_assert_true (import ("latest.apkg", folder, NULL, imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported->files->len, ==, 5);
  g_assert_cmpuint (imported->n_cards, ==, 9);
  g_assert_cmpuint (imported->n_images, ==, 1);
  g_assert_cmpuint (imported->n_simplified, ==, 1);

  assert_file (folder, "Math.json", TRUE);
  assert_file (folder, "Geography.json", TRUE);
  assert_file (folder, "Languages/German.json", TRUE);
  assert_file (folder, "Languages/Spanish.json", TRUE);
  assert_file (folder, "Languages/Japanese.json", TRUE);
  g_assert_true (g_file_get_contents (image_path, &image, NULL, NULL));
  g_assert_true (g_str_has_prefix (image, "\x89PNG"));

  tree = list_tree (folder);

  g_assert_true (import ("latest.apkg", folder, NULL, imported, &error));
  g_assert_true (import ("legacy1.apkg", folder, NULL, imported, &error));
  g_assert_no_error (error);
  again = list_tree (folder);
  g_assert_cmpstr (again, ==, tree);
}

static int
compare_topic_ids (gconstpointer a,
                   gconstpointer b)
{
  return g_strcmp0 (kt_topic_get_id (*(KtTopic **) a), kt_topic_get_id (*(KtTopic **) b));
}

/* What the folder holds after an import reads as the package does. */
static void
test_import_reads_back (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(KtDeck) all = kt_deck_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (import ("legacy2.apkg", folder, NULL, imported, &error));
  for (guint i = 0; i < imported->files->len; i++)
    {
      g_autoptr(KtDeck) deck = kt_formats_parse_file (g_ptr_array_index (imported->files, i), NULL);

      while (deck->topics->len > 0)
        g_ptr_array_add (all->topics, g_ptr_array_steal_index (deck->topics, 0));
    }
  g_ptr_array_sort (all->topics, compare_topic_ids);
  assert_expected_cards (all);
}

/* A deck written before keeps the cards the package does not hold; a
 * file of the same name that is not ours is left alone. */
static void
test_import_merges (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *math = g_build_filename (folder, "Math.json", NULL);
  g_autofree char *geography = g_build_filename (folder, "Geography.json", NULL);
  g_autofree char *geography2 = g_build_filename (folder, "Geography (2).json", NULL);
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GFile) math_file = g_file_new_for_path (math);
  g_autoptr(KtDeck) deck = NULL;
  const char *mine = "1. My own question\nAnswer: mine\n";

  g_assert_true (g_file_set_contents (math,
    "{ \"format\": \"kartoteka-deck\", \"version\": 1, \"topic\": { \"id\": \"Math\" },\n"
    "  \"cards\": [ { \"question\": \"Added by hand\", \"answer\": \"kept\" },\n"
    "               { \"key\": \"basic-guid-1\", \"question\": \"old text\", \"answer\": \"x\" } ] }\n",
    -1, NULL));
  g_assert_true (g_file_set_contents (geography, mine, -1, NULL));

  g_assert_true (import ("latest.apkg", folder, NULL, imported, &error));
  g_assert_no_error (error);

  deck = kt_formats_parse_file (math_file, NULL);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 2);
  {
    g_autoptr(KtCard) first = g_list_model_get_item (g_ptr_array_index (deck->topics, 0), 0);
    g_autoptr(KtCard) second = g_list_model_get_item (g_ptr_array_index (deck->topics, 0), 1);

    g_assert_cmpstr (kt_card_get_question (first), ==, "What is **2+2**?");
    g_assert_cmpstr (kt_card_get_question (second), ==, "Added by hand");
  }

  g_assert_true (g_file_get_contents (geography, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, mine);
  g_assert_true (g_file_test (geography2, G_FILE_TEST_EXISTS));
}

/* -------------------------------------------------------------------------
 * Through the library, as the window imports
 * ---------------------------------------------------------------------- */

static gboolean
library_idle (gpointer data)
{
  return !kt_library_get_loading (data);
}

/* Every pending parse done, then the idle "All Topics" refresh. */
static void
wait_loaded (KtLibrary *library)
{
  kt_test_wait_until (library_idle, library);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  KtImported *imported;
  GError     *error;
  gboolean    done;
} Importing;

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Importing *importing = user_data;

  importing->imported = kt_library_import_finish (KT_LIBRARY (object), result, NULL,
                                                  &importing->error);
  importing->done = TRUE;
}

static gboolean
import_done (gpointer data)
{
  return ((Importing *) data)->done;
}

static void
import_into_library (KtLibrary  *library,
                     const char *name,
                     GFile      *folder)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Importing importing = { 0 };

  kt_library_import_async (library, file, folder, NULL, NULL, NULL, on_imported, &importing);
  kt_test_wait_until (import_done, &importing);
  g_assert_no_error (importing.error);
  g_assert_nonnull (importing.imported);
  g_assert_true (importing.imported->package);
  g_assert_cmpuint (importing.imported->files->len, ==, 5);
  kt_imported_free (importing.imported);
  wait_loaded (library);
}

/* The topic tree below @model, one line an item, groups ending in "/",
 * leaves followed by their card ids. */
static void
describe_tree (KtTopicTree *tree,
               GListModel  *model,
               const char  *indent,
               GString     *out)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (model, i);
      g_autofree char *deeper = g_strconcat (indent, "  ", NULL);

      if (kt_topic_tree_is_group (tree, topic))
        {
          g_string_append_printf (out, "%s%s/\n", indent, kt_topic_get_title (topic));
          describe_tree (tree, kt_topic_tree_get_children (tree, topic), deeper, out);
          continue;
        }
      g_string_append_printf (out, "%s%s:", indent, kt_topic_get_title (topic));
      for (guint c = 0; c < kt_topic_get_n_cards (topic); c++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), c);

          g_string_append_printf (out, " %s", kt_card_get_id (card));
        }
      g_string_append_c (out, '\n');
    }
}

static char *
library_tree (KtLibrary *library)
{
  g_autoptr(KtTopicTree) tree = kt_topic_tree_new (library);
  GString *out = g_string_new (NULL);

  describe_tree (tree, G_LIST_MODEL (tree), "", out);
  return g_string_free (out, FALSE);
}

/* Imported through the library, a package's nested decks are the topic
 * tree; a library started again from the folder shows the same tree with
 * the same card ids, and importing the package again adds nothing. */
static void
test_import_library (void)
{
  g_autofree char *path = make_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  KtLibrary *library = kt_library_new ();
  g_autofree char *tree = NULL;
  g_autofree char *again = NULL;
  g_autofree char *twice = NULL;
  g_auto(GStrv) lines = NULL;

  kt_library_add_folder (library, folder);
  wait_loaded (library);
  import_into_library (library, "latest.apkg", folder);
  tree = library_tree (library);
  if (g_test_verbose ())
    g_printerr ("%s", tree);

  lines = g_strsplit (tree, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  g_assert_true (g_str_has_prefix (lines[0], "All Topics: "));
  g_assert_cmpstr (lines[1], ==, "Languages/");
  g_assert_true (g_str_has_prefix (lines[2], "  German: "));
  g_assert_true (g_str_has_prefix (lines[3], "  Japanese: "));
  g_assert_true (g_str_has_prefix (lines[4], "  Spanish: "));
  g_assert_true (g_str_has_prefix (lines[5], "Geography: "));
  g_assert_true (g_str_has_prefix (lines[6], "Math: "));
  /* German's two cards, each 16 hex digits. */
  g_assert_cmpuint (strlen (lines[2]), ==, strlen ("  German: ") + 2 * 17 - 1);
  g_object_unref (library);

  library = kt_library_new ();
  kt_library_add_folder (library, folder);
  wait_loaded (library);
  again = library_tree (library);
  g_assert_cmpstr (again, ==, tree);

  import_into_library (library, "latest.apkg", folder);
  import_into_library (library, "legacy1.apkg", folder);
  twice = library_tree (library);
  g_assert_cmpstr (twice, ==, tree);
  g_object_unref (library);
}

/* -------------------------------------------------------------------------
 * Hostile and broken packages
 * ---------------------------------------------------------------------- */

static void
assert_refused (const char         *name,
                const KtAnkiLimits *limits,
                const char         *message_part)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = NULL;

  g_assert_false (import (name, folder, limits, imported, &error));
  g_assert_nonnull (error);
  if (g_test_verbose ())
    g_printerr ("%s: %s\n", name, error->message);
  g_assert_nonnull (strstr (error->message, message_part));
  tree = list_tree (folder);
  g_assert_cmpstr (tree, ==, "");
  g_assert_cmpuint (imported->files->len, ==, 0);
  g_rmdir (folder);
}

static void
test_hostile_refused (void)
{
  KtAnkiLimits small = { .max_collection = 8 << 20, .max_media_file = 1 << 20, .max_total = 16 << 20 };

  assert_refused ("bomb.apkg", &small, "zip bomb");
  assert_refused ("zstd-bomb.apkg", &small, "zip bomb");
  assert_refused ("corrupt.apkg", NULL, "damaged");
  assert_refused ("no-collection.apkg", NULL, "no Anki collection");
  assert_refused ("newer-layout.apkg", NULL, "newer Anki");
  assert_refused ("newer-schema.apkg", NULL, "newer Anki");
  assert_refused ("not-a-zip.apkg", NULL, "not an Anki package");
}

/* Media names that lead out of the folder, would be read as decks or
 * would take a deck folder's name are left out and reported; nothing is
 * written outside the folder. */
static void
test_hostile_media_names (void)
{
  g_autofree char *parent = make_folder ();
  g_autofree char *folder = g_build_filename (parent, "a", "b", NULL);
  g_autoptr(KtImported) imported = kt_imported_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = NULL;
  g_auto(GStrv) lines = NULL;
  guint unsafe = 0;

  g_assert_true (import ("traversal.apkg", folder, NULL, imported, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < imported->warnings->len; i++)
    if (strstr (g_ptr_array_index (imported->warnings, i), "not safe") != NULL)
      unsafe++;
  g_assert_cmpuint (unsafe, ==, 4);
  g_assert_cmpuint (imported->n_images, ==, 1);

  tree = list_tree (parent);
  lines = g_strsplit (tree, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "a/b/Languages/German.json "));
  g_assert_true (g_str_has_prefix (lines[1], "a/b/Math.json "));
  g_assert_true (g_str_has_prefix (lines[2], "a/b/ok.svg "));
}

/* --import and --check on a package, as a person runs them. */
static void
test_cli (void)
{
  g_autofree char *latest = fixture ("latest.apkg");
  g_autofree char *corrupt = fixture ("corrupt.apkg");
  const char *paths[] = { latest, corrupt, NULL };
  const char *check[] = { latest, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GFile) folder = kt_library_get_user_folder ();
  g_autoptr(GFile) deck = g_file_get_child (folder, "Geography.json");
  g_autoptr(GString) err = g_string_new (NULL);
  KtTestProfile profile;

  kt_test_profile_init (&profile);
  g_assert_cmpint (kt_cli_import (profile.progress, paths, out, err), ==, EXIT_FAILURE);
  kt_test_profile_clear (&profile);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_true (g_str_has_prefix (out->str, "2 Files Had Problems\n"));
  g_assert_true (g_str_has_suffix (out->str, "Imported 5 decks: 9 cards, 11 answers, 1 image; "
                                              "1 note type simplified, "
                                              "1 file could not be read\n"));
  g_assert_nonnull (strstr (out->str, "corrupt.apkg: the Anki collection in this package is damaged"));
  g_assert_true (g_file_query_exists (deck, NULL));

  g_string_truncate (out, 0);
  g_assert_cmpint (kt_cli_check (check, out), ==, EXIT_SUCCESS);
  g_assert_nonnull (strstr (out->str, ": anki, 9 cards, 0 duplicates merged\n"));
  g_assert_nonnull (strstr (out->str, "  topic “German” (Languages/German): 2 cards\n"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/anki/read/layouts", test_read_layouts);
  g_test_add_func ("/anki/import/twice", test_import_twice);
  g_test_add_func ("/anki/import/reads-back", test_import_reads_back);
  g_test_add_func ("/anki/import/merges", test_import_merges);
  g_test_add_func ("/anki/import/library", test_import_library);
  g_test_add_func ("/anki/hostile/refused", test_hostile_refused);
  g_test_add_func ("/anki/hostile/media-names", test_hostile_media_names);
  g_test_add_func ("/anki/cli", test_cli);

  return g_test_run ();
}
