/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtTopicTree: the sidebar's folders as groups over the
 * fixture vault, groups that study as unions with summed counts, and the
 * tree following the library as files come and go.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kt-topic-tree.h"

static gboolean
library_idle (gpointer data)
{
  return !kt_library_get_loading (data);
}

static void
wait_loaded (KtLibrary *library)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!library_idle (library) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (library_idle (library));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The titles of @model's items, joined by "|"; groups end in "/". */
static char *
titles (KtTopicTree *tree,
        GListModel  *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (model, i);
      g_autofree char *title = g_strconcat (kt_topic_get_title (topic),
                                            kt_topic_tree_is_group (tree, topic) ? "/" : "", NULL);

      g_strv_builder_add (builder, title);
    }
  all = g_strv_builder_end (builder);

  return g_strjoinv ("|", all);
}

/* Borrowed: the tree holds it. */
static KtTopic *
item_titled (GListModel *model,
             const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KtTopic) topic = g_list_model_get_item (model, i);

      if (g_str_equal (kt_topic_get_title (topic), title))
        return topic;
    }
  g_error ("no %s", title);
}

static void
assert_titles (KtTopicTree *tree,
               GListModel  *model,
               const char  *expected)
{
  g_autofree char *actual = titles (tree, model);

  g_assert_cmpstr (actual, ==, expected);
}

static void
test_vault (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *vault = g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
  const char *const folders[] = { vault, NULL };
  KtTopicTree *tree = NULL;
  KtTopic *group, *python, *design, *databases, *core;
  g_autofree char *breadcrumb = NULL;

  kt_library_load_bundled (library);
  kt_library_set_extra_folders (library, folders);
  wait_loaded (library);
  tree = kt_topic_tree_new (library);

  /* "All Topics", the vault as a group, the bundled decks. */
  assert_titles (tree, G_LIST_MODEL (tree), "All Topics|vault/|Async Python|Python asyncio и Celery");
  g_assert_null (kt_topic_tree_get_children (tree, kt_library_get_all (library)));

  group = item_titled (G_LIST_MODEL (tree), "vault");
  assert_titles (tree, kt_topic_tree_get_children (tree, group), "Python/|System Design/");
  python = item_titled (kt_topic_tree_get_children (tree, group), "Python");
  design = item_titled (kt_topic_tree_get_children (tree, group), "System Design");
  assert_titles (tree, kt_topic_tree_get_children (tree, python), "Async Python|Python Core");
  assert_titles (tree, kt_topic_tree_get_children (tree, design), "Databases/|Core");
  databases = item_titled (kt_topic_tree_get_children (tree, design), "Databases");
  assert_titles (tree, kt_topic_tree_get_children (tree, databases), "NoSQL");
  core = item_titled (kt_topic_tree_get_children (tree, design), "Core");
  g_assert_null (kt_topic_tree_get_children (tree, core));

  /* A group is a topic of every card under it. */
  g_assert_cmpuint (kt_topic_get_n_cards (group), ==, 7);
  g_assert_cmpuint (kt_topic_get_n_cards (design), ==, 3);
  {
    g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (core), 0);

    g_assert_true (kt_topic_find_card (design, kt_card_get_id (card)) == card);
  }
  breadcrumb = kt_topic_dup_breadcrumb (databases);
  g_assert_cmpstr (breadcrumb, ==, "vault › System Design › Databases");

  /* Its counts are the sums of what it holds. */
  kt_topic_set_counts (core, 1, 0, 0);
  kt_topic_set_counts (item_titled (kt_topic_tree_get_children (tree, databases), "NoSQL"), 2, 1, 3);
  g_assert_cmpuint (kt_topic_get_n_new (design), ==, 3);
  g_assert_cmpuint (kt_topic_get_n_learning (design), ==, 1);
  g_assert_cmpuint (kt_topic_get_n_due (design), ==, 3);
  g_assert_cmpuint (kt_topic_get_n_due (group), ==, 3);

  g_assert_finalize_object (tree);
  wait_loaded (library);
  g_object_unref (library);
}

typedef struct {
  guint n_changes;
} Changes;

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Changes    *changes)
{
  changes->n_changes++;
}

/* Groups come with their first topic and go with their last. */
static void
test_follows_library (void)
{
  KtLibrary *library = kt_library_new ();
  g_autofree char *dir = g_dir_make_tmp ("kt-tree-XXXXXX", NULL);
  g_autofree char *deep = g_build_filename (dir, "A", "B", NULL);
  g_autofree char *file = g_build_filename (deep, "deck.md", NULL);
  g_autofree char *top = g_build_filename (dir, "top.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(KtTopicTree) tree = kt_topic_tree_new (library);
  Changes changes = { 0 };
  KtTopic *a;

  g_signal_connect (tree, "items-changed", G_CALLBACK (count_changes), &changes);
  g_assert_no_errno (g_mkdir_with_parents (deep, 0700));
  g_assert_true (g_file_set_contents (file, "## Q\n**Answer:** a\n", -1, NULL));
  g_assert_true (g_file_set_contents (top, "## Q\n**Answer:** b\n", -1, NULL));

  kt_library_add_folder (library, folder);
  wait_loaded (library);
  assert_titles (tree, G_LIST_MODEL (tree), "All Topics|A/|top");
  a = item_titled (G_LIST_MODEL (tree), "A");
  assert_titles (tree, kt_topic_tree_get_children (tree, a), "B/");
  g_assert_cmpuint (changes.n_changes, ==, 2);

  g_assert_no_errno (g_remove (file));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (G_LIST_MODEL (tree)) != 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  assert_titles (tree, G_LIST_MODEL (tree), "All Topics|top");
  g_assert_cmpuint (changes.n_changes, ==, 3);

  g_signal_handlers_disconnect_by_data (tree, &changes);
  kt_library_remove_folder (library, folder);
  assert_titles (tree, G_LIST_MODEL (tree), "All Topics");
  g_assert_no_errno (g_remove (top));
  g_assert_no_errno (g_rmdir (deep));
  g_clear_pointer (&deep, g_free);
  deep = g_build_filename (dir, "A", NULL);
  g_assert_no_errno (g_rmdir (deep));
  g_assert_no_errno (g_rmdir (dir));
  wait_loaded (library);
  g_clear_object (&tree);
  g_object_unref (library);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/topic-tree/vault", test_vault);
  g_test_add_func ("/topic-tree/follows-library", test_follows_library);

  return g_test_run ();
}
