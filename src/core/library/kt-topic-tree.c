/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtTopicTree is the sidebar's tree of topics: a GListModel of the top
 * level ("All Topics", then folder groups, then topics), and for each
 * group a GListModel of what it holds, for GtkTreeListModel. It follows a
 * KtLibrary: each topic goes under the folders kt_topic_get_folder() names,
 * groups are made as their first topic comes and dropped with their last.
 *
 * A group is a KtTopic itself, a union of what it holds (as "All Topics"
 * is of everything), so that studying, browsing and statistics work on a
 * group as on any topic; its new, learning and due counts are the sums of
 * its children's, kept as they change.
 */
#include "config.h"

#include <string.h>

#include "kt-topic-tree.h"

typedef struct Group Group;

struct Group
{
  Group      *parent;    /* NULL for the top level */
  char       *path;      /* "vault/Python"; "" at the top */
  KtTopic    *topic;     /* the union of the children; NULL at the top */
  GListStore *children;  /* KtTopic: groups, then topics, by title */
};

struct _KtTopicTree
{
  GObject     parent_instance;

  KtLibrary  *library;
  Group      *top;
  GPtrArray  *mirror;    /* the library's topics, as it last said */
  GHashTable *groups;    /* path → Group (owned), not the top */
  GHashTable *of_group;  /* group KtTopic → Group */
  GHashTable *placed;    /* library KtTopic → the Group holding it */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtTopicTree, kt_topic_tree, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* -------------------------------------------------------------------------
 * GListModel: the top level
 * ---------------------------------------------------------------------- */

static GType
kt_topic_tree_get_item_type (GListModel *model)
{
  return KT_TYPE_TOPIC;
}

static guint
kt_topic_tree_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (KT_TOPIC_TREE (model)->top->children));
}

static gpointer
kt_topic_tree_get_item (GListModel *model,
                        guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (KT_TOPIC_TREE (model)->top->children), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_topic_tree_get_item_type;
  iface->get_n_items = kt_topic_tree_get_n_items;
  iface->get_item = kt_topic_tree_get_item;
}

static void
top_items_changed_cb (KtTopicTree *self,
                      guint        position,
                      guint        removed,
                      guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* -------------------------------------------------------------------------
 * Groups
 * ---------------------------------------------------------------------- */

/* "All Topics" first, then groups, then topics; each by title. */
static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  KtTopicTree *self = user_data;
  KtTopic *ta = (KtTopic *) a;
  KtTopic *tb = (KtTopic *) b;
  int rank_a = ta == kt_library_get_all (self->library) ? 0 : g_hash_table_contains (self->of_group, ta) ? 1 : 2;
  int rank_b = tb == kt_library_get_all (self->library) ? 0 : g_hash_table_contains (self->of_group, tb) ? 1 : 2;
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;
  int cmp;

  if (rank_a != rank_b)
    return rank_a - rank_b;
  ka = g_utf8_collate_key (kt_topic_get_title (ta), -1);
  kb = g_utf8_collate_key (kt_topic_get_title (tb), -1);
  cmp = strcmp (ka, kb);

  return cmp != 0 ? cmp : strcmp (kt_topic_get_id (ta), kt_topic_get_id (tb));
}

static void
recount (Group *group)
{
  GListModel *children = G_LIST_MODEL (group->children);
  guint n_new = 0, n_learning = 0, n_due = 0;

  if (group->topic == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(KtTopic) child = g_list_model_get_item (children, i);

      n_new += kt_topic_get_n_new (child);
      n_learning += kt_topic_get_n_learning (child);
      n_due += kt_topic_get_n_due (child);
    }
  kt_topic_set_counts (group->topic, n_new, n_learning, n_due);
}

static void
child_notify_cb (KtTopic    *child,
                 GParamSpec *pspec,
                 Group      *group)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "n-new") || g_str_equal (name, "n-learning") || g_str_equal (name, "n-due"))
    recount (group);
}

static void
add_child (KtTopicTree *self,
           Group       *group,
           KtTopic     *child)
{
  g_list_store_insert_sorted (group->children, child, compare_items, self);
  if (group->topic != NULL)
    {
      g_signal_connect (child, "notify", G_CALLBACK (child_notify_cb), group);
      recount (group);
    }
}

static void
remove_child (Group   *group,
              KtTopic *child)
{
  guint position;

  if (group->topic != NULL)
    g_signal_handlers_disconnect_by_func (child, child_notify_cb, group);
  if (g_list_store_find (group->children, child, &position))
    g_list_store_remove (group->children, position);
  recount (group);
}

static void
group_free (Group *group)
{
  g_clear_object (&group->topic);
  g_object_unref (group->children);
  g_free (group->path);
  g_free (group);
}

/* The group of the folders @path, made (with those above it) if new. */
static Group *
ensure_group (KtTopicTree *self,
              const char  *path)
{
  Group *group;
  const char *slash;
  g_autofree char *parent_path = NULL;
  g_autofree char *id = NULL;

  if (path == NULL || *path == '\0')
    return self->top;
  group = g_hash_table_lookup (self->groups, path);
  if (group != NULL)
    return group;

  slash = strrchr (path, '/');
  parent_path = slash != NULL ? g_strndup (path, slash - path) : NULL;

  group = g_new0 (Group, 1);
  group->parent = ensure_group (self, parent_path);
  group->path = g_strdup (path);
  group->children = g_list_store_new (KT_TYPE_TOPIC);
  /* A trailing "/": no topic id (a path without its extension) ends so. */
  id = g_strconcat (path, "/", NULL);
  group->topic = kt_topic_new_union (id, slash != NULL ? slash + 1 : path,
                                     G_LIST_MODEL (group->children));
  kt_topic_set_folder (group->topic, parent_path);

  g_hash_table_insert (self->groups, group->path, group);
  g_hash_table_insert (self->of_group, group->topic, group);
  add_child (self, group->parent, group->topic);

  return group;
}

/* Drops @group and the groups above it that hold nothing any more. */
static void
prune (KtTopicTree *self,
       Group       *group)
{
  while (group != self->top && g_list_model_get_n_items (G_LIST_MODEL (group->children)) == 0)
    {
      Group *parent = group->parent;

      remove_child (parent, group->topic);
      g_hash_table_remove (self->of_group, group->topic);
      g_hash_table_remove (self->groups, group->path);
      group = parent;
    }
}

/* -------------------------------------------------------------------------
 * Following the library
 * ---------------------------------------------------------------------- */

static void
place (KtTopicTree *self,
       KtTopic     *topic)
{
  Group *group = ensure_group (self, kt_topic_get_folder (topic));

  g_hash_table_insert (self->placed, topic, group);
  add_child (self, group, topic);
}

static void
unplace (KtTopicTree *self,
         KtTopic     *topic)
{
  Group *group = g_hash_table_lookup (self->placed, topic);

  if (group == NULL)
    return;
  g_hash_table_remove (self->placed, topic);
  remove_child (group, topic);
  prune (self, group);
}

static void
library_items_changed_cb (KtTopicTree *self,
                          guint        position,
                          guint        removed,
                          guint        added,
                          GListModel  *library)
{
  for (guint i = 0; i < removed; i++)
    unplace (self, g_ptr_array_index (self->mirror, position + i));
  g_ptr_array_remove_range (self->mirror, position, removed);

  for (guint i = 0; i < added; i++)
    {
      KtTopic *topic = g_list_model_get_item (library, position + i);

      g_ptr_array_insert (self->mirror, position + i, topic);
      place (self, topic);
    }
}

/* -------------------------------------------------------------------------
 * GObject
 * ---------------------------------------------------------------------- */

static void
kt_topic_tree_dispose (GObject *object)
{
  KtTopicTree *self = KT_TOPIC_TREE (object);

  if (self->library != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->library, self);
      for (guint i = 0; i < self->mirror->len; i++)
        unplace (self, g_ptr_array_index (self->mirror, i));
      g_ptr_array_set_size (self->mirror, 0);
    }
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kt_topic_tree_parent_class)->dispose (object);
}

static void
kt_topic_tree_finalize (GObject *object)
{
  KtTopicTree *self = KT_TOPIC_TREE (object);

  g_hash_table_unref (self->placed);
  g_hash_table_unref (self->of_group);
  g_hash_table_unref (self->groups);
  g_ptr_array_unref (self->mirror);
  group_free (self->top);

  G_OBJECT_CLASS (kt_topic_tree_parent_class)->finalize (object);
}

static void
kt_topic_tree_class_init (KtTopicTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_topic_tree_dispose;
  object_class->finalize = kt_topic_tree_finalize;
}

static void
kt_topic_tree_init (KtTopicTree *self)
{
  self->top = g_new0 (Group, 1);
  self->top->path = g_strdup ("");
  self->top->children = g_list_store_new (KT_TYPE_TOPIC);
  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) group_free);
  self->of_group = g_hash_table_new (NULL, NULL);
  self->placed = g_hash_table_new (NULL, NULL);
  g_signal_connect_swapped (self->top->children, "items-changed",
                            G_CALLBACK (top_items_changed_cb), self);
}

/**
 * kt_topic_tree_new:
 *
 * Returns: (transfer full): the tree of @library's topics, "All Topics"
 *   first, following the library as it changes
 */
KtTopicTree *
kt_topic_tree_new (KtLibrary *library)
{
  KtTopicTree *self;

  g_return_val_if_fail (KT_IS_LIBRARY (library), NULL);

  self = g_object_new (KT_TYPE_TOPIC_TREE, NULL);
  self->library = g_object_ref (library);
  add_child (self, self->top, kt_library_get_all (library));
  g_signal_connect_object (library, "items-changed", G_CALLBACK (library_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  library_items_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (library)),
                            G_LIST_MODEL (library));

  return self;
}

/**
 * kt_topic_tree_get_children:
 *
 * Returns: (transfer none) (nullable): what the group @topic holds, as a
 *   #GListModel of #KtTopic; %NULL when @topic is not a group
 */
GListModel *
kt_topic_tree_get_children (KtTopicTree *self,
                            KtTopic     *topic)
{
  Group *group;

  g_return_val_if_fail (KT_IS_TOPIC_TREE (self), NULL);

  group = g_hash_table_lookup (self->of_group, topic);
  return group != NULL ? G_LIST_MODEL (group->children) : NULL;
}

gboolean
kt_topic_tree_is_group (KtTopicTree *self,
                        KtTopic     *topic)
{
  g_return_val_if_fail (KT_IS_TOPIC_TREE (self), FALSE);

  return g_hash_table_contains (self->of_group, topic);
}
