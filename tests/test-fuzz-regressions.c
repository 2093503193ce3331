/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input a fuzzer ever crashed, hung or leaked on is kept in
 * tests/data/fuzz-regressions/ and goes through every fuzzed entry point
 * here, in the normal suite (and under the sanitizers with it).
 */
#include "config.h"

#include "fuzz/kt-fuzz.h"

static void
test_input (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 *bytes;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  bytes = (const guint8 *) contents;

  kt_fuzz_deck (KT_DECK_FORMAT_QA, bytes, size);
  kt_fuzz_deck (KT_DECK_FORMAT_NOTES, bytes, size);
  kt_fuzz_deck (KT_DECK_FORMAT_TSV, bytes, size);
  kt_fuzz_deck (KT_DECK_FORMAT_JSON, bytes, size);
  kt_fuzz_deck_any (bytes, size);
  kt_fuzz_markdown (bytes, size);
  kt_fuzz_html (bytes, size);
  kt_fuzz_cloze (bytes, size);
  kt_fuzz_notes_chunks (bytes, size);
  kt_fuzz_progress_json (bytes, size);
  kt_fuzz_progress_file (bytes, size);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir_path = g_test_build_filename (G_TEST_DIST, "data", "fuzz-regressions", NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (paths->len, >, 0);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test_path = g_strconcat ("/fuzz-regressions/", base, NULL);

      g_test_add_data_func (test_path, path, test_input);
    }

  return g_test_run ();
}
