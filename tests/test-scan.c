/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-scan: which names are decks, topic ids from paths,
 * and reading a folder tree like a note vault — hidden folders skipped,
 * deck folders of their own left to themselves, links back up and
 * unreadable folders said once.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt-scan.h"

static void
test_deck_names (void)
{
  static const char *const decks[] = {
    "a.txt", "Deck.TXT", "notes.Md", "x.markdown", "anki.tsv", "list.CSV", "deck.json",
    "Async Python.md", "two.dots.md",
  };
  static const char *const others[] = {
    ".hidden.md", "backup.txt~", "noext", "image.png", "board.canvas", "paper.pdf", ".md",
    "md", "deck.md.swp", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (decks); i++)
    g_assert_true (kt_scan_is_deck_name (decks[i]));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_false (kt_scan_is_deck_name (others[i]));
  g_assert_false (kt_scan_is_deck_name (NULL));
}

static void
test_topic_ids (void)
{
  g_autoptr(GFile) root = g_file_new_for_path ("/home/u/vault");
  struct {
    const char *path;
    const char *id;
  } cases[] = {
    { "/home/u/vault/Core.md", "Core" },
    { "/home/u/vault/Python/Core.md", "Python/Core" },
    { "/home/u/vault/System Design/Databases/NoSQL.md", "System Design/Databases/NoSQL" },
    { "/home/u/vault/v1.2/notes.v2.md", "v1.2/notes.v2" },
    { "/elsewhere/Loose.txt", "Loose" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (cases[i].path);
      g_autofree char *id = kt_scan_topic_id (root, file);

      g_assert_cmpstr (id, ==, cases[i].id);
    }
}

static void
touch (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (parent, 0700));
  g_assert_true (g_file_set_contents (path, "1. Q?\nAnswer: A.\n", -1, NULL));
}

/* The files found, relative to the root, joined by "|". */
static char *
found (KtScan *scan)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < scan->files->len; i++)
    {
      g_autofree char *relative = g_file_get_relative_path (scan->root,
                                                            g_ptr_array_index (scan->files, i));

      g_strv_builder_add (builder, relative);
    }
  names = g_strv_builder_end (builder);

  return g_strjoinv ("|", names);
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
}

static void
test_scan_tree (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kt-scan-XXXXXX", NULL);
  g_autofree char *inner = g_build_filename (dir, "Inner", NULL);
  g_autofree char *inner_uri = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GFile) inner_file = NULL;
  g_autoptr(KtScan) scan = NULL;
  g_autoptr(KtScan) skipping = NULL;
  g_autoptr(KtScan) nothing = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autofree char *files = NULL;
  const char *skip[] = { NULL, NULL };

  touch (dir, "b.md");
  touch (dir, "A/z.txt");
  touch (dir, "A/B/C/D/deep.json");
  touch (dir, ".obsidian/workspace.md");
  touch (dir, ".git/notes.md");
  touch (dir, "A/.trash/old.md");
  touch (dir, "A/.hidden.md");
  touch (dir, "A/picture.png");
  touch (dir, "A/z.txt~");
  touch (dir, "Inner/own.md");

  scan = kt_scan_folder (root, NULL, NULL);
  files = found (scan);
  g_assert_cmpstr (files, ==, "A/B/C/D/deep.json|A/z.txt|Inner/own.md|b.md");
  g_assert_cmpuint (scan->problems->len, ==, 0);
  /* The root first, then every folder read; hidden ones are not. */
  g_assert_cmpuint (scan->folders->len, ==, 6);
  g_assert_true (g_file_equal (g_ptr_array_index (scan->folders, 0), root));

  /* A deck folder inside is left to itself. */
  inner_file = g_file_new_for_path (inner);
  inner_uri = g_file_get_uri (inner_file);
  skip[0] = inner_uri;
  skipping = kt_scan_folder (root, skip, NULL);
  g_clear_pointer (&files, g_free);
  files = found (skipping);
  g_assert_cmpstr (files, ==, "A/B/C/D/deep.json|A/z.txt|b.md");

  /* A folder that is not there is empty, and not a problem. */
  missing = g_file_get_child (root, "not-there");
  nothing = kt_scan_folder (missing, NULL, NULL);
  g_assert_cmpuint (nothing->files->len, ==, 0);
  g_assert_cmpuint (nothing->problems->len, ==, 0);

  remove_tree (dir);
}

static void
test_scan_links (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kt-scan-XXXXXX", NULL);
  g_autofree char *up = g_build_filename (dir, "A", "up", NULL);
  g_autofree char *side = g_build_filename (dir, "side", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(KtScan) scan = NULL;
  g_autofree char *files = NULL;
  KtDeck *problem;

  touch (dir, "A/a.md");
  g_assert_no_errno (symlink ("..", up));
  g_assert_no_errno (symlink ("A", side));

  scan = kt_scan_folder (root, NULL, NULL);
  files = found (scan);
  /* Read once, under one of its names. */
  g_assert_true (g_str_equal (files, "A/a.md") || g_str_equal (files, "side/a.md"));
  g_assert_cmpuint (scan->problems->len, ==, 2);
  for (guint i = 0; i < scan->problems->len; i++)
    {
      problem = g_ptr_array_index (scan->problems, i);
      g_assert_cmpuint (problem->diagnostics->len, ==, 1);
      g_assert_true (g_str_has_prefix (g_array_index (problem->diagnostics, KtDiagnostic, 0).message,
                                       "this leads to “"));
    }

  remove_tree (dir);
}

/* Run in a child that gives up root's right to read anything, if it has
 * it: a folder with no permissions is then unreadable. */
static void
test_scan_unreadable (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = NULL;
      g_autofree char *locked = NULL;
      g_autoptr(GFile) root = NULL;
      g_autoptr(KtScan) scan = NULL;
      g_autofree char *files = NULL;
      KtDeck *problem;

      if (geteuid () == 0)
        g_assert_no_errno (setuid (65534));
      dir = g_dir_make_tmp ("kt-scan-XXXXXX", NULL);
      locked = g_build_filename (dir, "Locked", NULL);
      root = g_file_new_for_path (dir);
      touch (dir, "open.md");
      touch (dir, "Locked/secret.md");
      g_assert_no_errno (g_chmod (locked, 0));

      scan = kt_scan_folder (root, NULL, NULL);
      files = found (scan);
      g_assert_cmpstr (files, ==, "open.md");
      g_assert_cmpuint (scan->problems->len, ==, 1);
      problem = g_ptr_array_index (scan->problems, 0);
      g_assert_cmpstr (problem->path, ==, locked);
      g_assert_true (g_str_has_prefix (g_array_index (problem->diagnostics, KtDiagnostic, 0).message,
                                       "this folder cannot be read: "));

      g_assert_no_errno (g_chmod (locked, 0700));
      remove_tree (dir);
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

  g_test_add_func ("/scan/deck-names", test_deck_names);
  g_test_add_func ("/scan/topic-ids", test_topic_ids);
  g_test_add_func ("/scan/tree", test_scan_tree);
  g_test_add_func ("/scan/links", test_scan_links);
  g_test_add_func ("/scan/unreadable", test_scan_unreadable);

  return g_test_run ();
}
