/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtTopic is a named group of cards (one deck file, or one "# Topic"
 * section of it) and a GListModel of its KtCards. When its deck is
 * re-parsed, kt_topic_replace_cards() keeps the unchanged cards at both
 * ends and reports only the changed middle, so list views keep their
 * rows and selection. The new/learning/due counts are pushed in by
 * whoever knows the schedule (KtProgress), and notify only on change.
 * "Due today" is one definition everywhere (see kt-stats.c): n-learning
 * and n-due count the studied cards due before the study day ends, in
 * learning steps and in review; their sum is what is due today.
 *
 * A topic made with kt_topic_new_union() ("All Topics") holds no cards of
 * its own: it shows the cards of a list of topics in order and forwards
 * their changes, so a deck of 100 000 cards joins it in one step instead
 * of a copy of every card.
 */
#include "config.h"

#include "kt-topic.h"

struct _KtTopic
{
  GObject    parent_instance;

  char      *id;
  char      *title;
  char      *folder;     /* "Knowlage base/Python"; NULL at the top */
  char      *source;
  GStrv      tags;
  GPtrArray *cards;
  GHashTable *by_id;      /* card id → KtCard (borrowed from cards) */

  GPtrArray  *parts;      /* Part, for a union; NULL otherwise */
  guint       n_union;    /* cards in all parts */
  guint       last_part;  /* where the last lookup landed: reads go in order */
  guint       last_start;

  guint      n_new;
  guint      n_learning;
  guint      n_due;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtTopic, kt_topic, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_FOLDER,
  PROP_SOURCE,
  PROP_TAGS,
  PROP_N_ITEMS,
  PROP_N_NEW,
  PROP_N_LEARNING,
  PROP_N_DUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One topic of a union, with its card count as last reported: when it
 * leaves, that is how many cards go. */
typedef struct
{
  KtTopic *owner;
  KtTopic *topic;
  guint    n_cards;
  gulong   handler;
} Part;

static guint
n_cards (KtTopic *self)
{
  return self->parts != NULL ? self->n_union : self->cards->len;
}

static void
part_free (Part *part)
{
  g_signal_handler_disconnect (part->topic, part->handler);
  g_object_unref (part->topic);
  g_free (part);
}

static guint
part_start (KtTopic *self,
            Part    *part)
{
  guint start = 0;

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *other = g_ptr_array_index (self->parts, i);

      if (other == part)
        break;
      start += other->n_cards;
    }

  return start;
}

static void
union_changed (KtTopic *self,
               guint    position,
               guint    removed,
               guint    added)
{
  self->last_part = 0;
  self->last_start = 0;
  self->n_union = self->n_union - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
part_items_changed_cb (GListModel *topic,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Part       *part)
{
  part->n_cards = part->n_cards - removed + added;
  union_changed (part->owner, part_start (part->owner, part) + position, removed, added);
}

static void
topics_items_changed_cb (GListModel *topics,
                         guint       position,
                         guint       removed,
                         guint       added,
                         KtTopic    *self)
{
  guint start = 0, n_removed = 0, n_added = 0;

  for (guint i = 0; i < position; i++)
    start += ((Part *) g_ptr_array_index (self->parts, i))->n_cards;
  for (guint i = position; i < position + removed; i++)
    n_removed += ((Part *) g_ptr_array_index (self->parts, i))->n_cards;
  g_ptr_array_remove_range (self->parts, position, removed);

  for (guint i = 0; i < added; i++)
    {
      Part *part = g_new0 (Part, 1);

      part->owner = self;
      part->topic = g_list_model_get_item (topics, position + i);
      part->n_cards = n_cards (part->topic);
      part->handler = g_signal_connect (part->topic, "items-changed",
                                        G_CALLBACK (part_items_changed_cb), part);
      g_ptr_array_insert (self->parts, position + i, part);
      n_added += part->n_cards;
    }

  if (n_removed > 0 || n_added > 0)
    union_changed (self, start, n_removed, n_added);
}

static gpointer
union_get_item (KtTopic *self,
                guint    position)
{
  guint i = 0, start = 0;

  if (position >= self->n_union)
    return NULL;

  /* Lists read in order, so the part of the last read is tried first. */
  if (self->last_part < self->parts->len && position >= self->last_start)
    {
      i = self->last_part;
      start = self->last_start;
    }
  for (; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);

      if (position < start + part->n_cards)
        {
          self->last_part = i;
          self->last_start = start;
          return g_list_model_get_item (G_LIST_MODEL (part->topic), position - start);
        }
      start += part->n_cards;
    }

  g_return_val_if_reached (NULL);
}

static GType
kt_topic_get_item_type (GListModel *model)
{
  return KT_TYPE_CARD;
}

static guint
kt_topic_get_n_items (GListModel *model)
{
  return n_cards (KT_TOPIC (model));
}

static gpointer
kt_topic_get_item (GListModel *model,
                   guint       position)
{
  KtTopic *self = KT_TOPIC (model);

  if (self->parts != NULL)
    return union_get_item (self, position);
  if (position >= self->cards->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->cards, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_topic_get_item_type;
  iface->get_n_items = kt_topic_get_n_items;
  iface->get_item = kt_topic_get_item;
}

static void
kt_topic_finalize (GObject *object)
{
  KtTopic *self = KT_TOPIC (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->folder);
  g_free (self->source);
  g_strfreev (self->tags);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->cards);
  g_clear_pointer (&self->parts, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_topic_parent_class)->finalize (object);
}

static void
kt_topic_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KtTopic *self = KT_TOPIC (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_string (value, self->id); break;
    case PROP_TITLE:      g_value_set_string (value, self->title); break;
    case PROP_FOLDER:     g_value_set_string (value, self->folder); break;
    case PROP_SOURCE:     g_value_set_string (value, self->source); break;
    case PROP_TAGS:       g_value_set_boxed (value, self->tags); break;
    case PROP_N_ITEMS:    g_value_set_uint (value, n_cards (self)); break;
    case PROP_N_NEW:      g_value_set_uint (value, self->n_new); break;
    case PROP_N_LEARNING: g_value_set_uint (value, self->n_learning); break;
    case PROP_N_DUE:      g_value_set_uint (value, self->n_due); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_topic_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KtTopic *self = KT_TOPIC (object);

  switch (prop_id)
    {
    case PROP_TITLE:  kt_topic_set_title (self, g_value_get_string (value)); break;
    case PROP_FOLDER: kt_topic_set_folder (self, g_value_get_string (value)); break;
    case PROP_SOURCE: kt_topic_set_source (self, g_value_get_string (value)); break;
    case PROP_TAGS:   kt_topic_set_tags (self, g_value_get_boxed (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_topic_class_init (KtTopicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kt_topic_finalize;
  object_class->get_property = kt_topic_get_property;
  object_class->set_property = kt_topic_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, rw);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_NEW] = g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_LEARNING] = g_param_spec_uint ("n-learning", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DUE] = g_param_spec_uint ("n-due", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_topic_init (KtTopic *self)
{
  self->cards = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->tags = g_new0 (char *, 1);
}

KtTopic *
kt_topic_new (const char *id,
              const char *title)
{
  KtTopic *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (KT_TYPE_TOPIC, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title != NULL ? title : id);

  return self;
}

/**
 * kt_topic_new_union:
 * @topics: a #GListModel of #KtTopic
 *
 * A topic showing the cards of every topic in @topics, in order, and
 * following their changes with exact items-changed ranges. It keeps no
 * reference on @topics, which may be its owner.
 *
 * Returns: (transfer full): the topic
 */
KtTopic *
kt_topic_new_union (const char *id,
                    const char *title,
                    GListModel *topics)
{
  KtTopic *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (topics), NULL);

  self = kt_topic_new (id, title);
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_signal_connect_object (topics, "items-changed",
                           G_CALLBACK (topics_items_changed_cb), self, G_CONNECT_DEFAULT);
  topics_items_changed_cb (topics, 0, 0, g_list_model_get_n_items (topics), self);

  return self;
}

const char *
kt_topic_get_id (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);
  return self->id;
}

const char *
kt_topic_get_title (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);
  return self->title;
}

void
kt_topic_set_title (KtTopic    *self,
                    const char *title)
{
  g_return_if_fail (KT_IS_TOPIC (self));

  if (title == NULL)
    title = self->id;
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * kt_topic_get_folder:
 *
 * Returns: (nullable): the folders the topic's file is in, as the topic
 *   tree shows them, separated by "/" ("Knowlage base/Python"); %NULL for
 *   a topic at the top
 */
const char *
kt_topic_get_folder (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);
  return self->folder;
}

void
kt_topic_set_folder (KtTopic    *self,
                     const char *folder)
{
  g_return_if_fail (KT_IS_TOPIC (self));

  if (folder != NULL && *folder == '\0')
    folder = NULL;
  if (g_strcmp0 (self->folder, folder) == 0)
    return;
  g_free (self->folder);
  self->folder = g_strdup (folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

/**
 * kt_topic_dup_breadcrumb:
 *
 * Where the topic is, for people: its folders and its title joined by
 * " › " ("System Design › Core"), or the title alone at the top.
 *
 * Returns: (transfer full): the breadcrumb
 */
char *
kt_topic_dup_breadcrumb (KtTopic *self)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *folders = NULL;

  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);

  if (self->folder == NULL)
    return g_strdup (self->title);
  parts = g_strsplit (self->folder, "/", -1);
  folders = g_strjoinv (" › ", parts);

  return g_strconcat (folders, " › ", self->title, NULL);
}

const char *
kt_topic_get_source (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);
  return self->source;
}

void
kt_topic_set_source (KtTopic    *self,
                     const char *source)
{
  g_return_if_fail (KT_IS_TOPIC (self));

  if (g_strcmp0 (self->source, source) == 0)
    return;
  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char * const *
kt_topic_get_tags (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);
  return (const char * const *) self->tags;
}

void
kt_topic_set_tags (KtTopic            *self,
                   const char * const *tags)
{
  static const char *const none[] = { NULL };

  g_return_if_fail (KT_IS_TOPIC (self));

  if (tags == NULL)
    tags = none;
  if (g_strv_equal ((const char * const *) self->tags, tags))
    return;
  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

guint
kt_topic_get_n_cards (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), 0);
  return n_cards (self);
}

guint
kt_topic_get_n_new (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), 0);
  return self->n_new;
}

/* Cards in learning or relearning steps due before the study day ends. */
guint
kt_topic_get_n_learning (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), 0);
  return self->n_learning;
}

/* Cards in review due before the study day ends, overdue ones included. */
guint
kt_topic_get_n_due (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), 0);
  return self->n_due;
}

/**
 * kt_topic_get_n_due_today:
 *
 * Returns: the studied cards due before the study day ends, in learning
 *   steps or in review: the n_due of kt_stats_count_cards(), the first
 *   day of kt_stats_forecast(), and the cards a study session starts
 *   with before its new cards (and before the daily review limit)
 */
guint
kt_topic_get_n_due_today (KtTopic *self)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), 0);
  return self->n_learning + self->n_due;
}

void
kt_topic_set_counts (KtTopic *self,
                     guint    n_new,
                     guint    n_learning,
                     guint    n_due)
{
  g_return_if_fail (KT_IS_TOPIC (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_new != n_new)
    {
      self->n_new = n_new;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
    }
  if (self->n_learning != n_learning)
    {
      self->n_learning = n_learning;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LEARNING]);
    }
  if (self->n_due != n_due)
    {
      self->n_due = n_due;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DUE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
kt_topic_append (KtTopic *self,
                 KtCard  *card)
{
  g_return_if_fail (KT_IS_TOPIC (self));
  g_return_if_fail (self->parts == NULL);
  g_return_if_fail (KT_IS_CARD (card));

  g_ptr_array_add (self->cards, g_object_ref (card));
  g_hash_table_replace (self->by_id, (gpointer) kt_card_get_id (card), card);
  g_list_model_items_changed (G_LIST_MODEL (self), self->cards->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
same_card (KtCard *a,
           KtCard *b)
{
  return a == b || kt_card_equal_content (a, b);
}

/**
 * kt_topic_replace_cards:
 * @cards: (element-type KtCard): the topic's new cards, in order
 *
 * Replaces the cards after a re-parse. Cards equal to the old ones at the
 * start and the end are kept as they are (same objects); only the middle
 * is swapped and reported in one items-changed.
 */
void
kt_topic_replace_cards (KtTopic   *self,
                        GPtrArray *cards)
{
  guint old_len, new_len, prefix = 0, suffix = 0;
  GPtrArray *merged;

  g_return_if_fail (KT_IS_TOPIC (self));
  g_return_if_fail (self->parts == NULL);
  g_return_if_fail (cards != NULL);

  old_len = self->cards->len;
  new_len = cards->len;

  while (prefix < old_len && prefix < new_len &&
         same_card (g_ptr_array_index (self->cards, prefix), g_ptr_array_index (cards, prefix)))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         same_card (g_ptr_array_index (self->cards, old_len - 1 - suffix),
                    g_ptr_array_index (cards, new_len - 1 - suffix)))
    suffix++;

  if (prefix == old_len && prefix == new_len)
    return;

  /* One pass into a new array: inserting into the middle would be
   * quadratic on a big deck. */
  merged = g_ptr_array_new_full (new_len, g_object_unref);
  for (guint i = 0; i < new_len; i++)
    {
      KtCard *card;

      if (i < prefix)
        card = g_ptr_array_index (self->cards, i);
      else if (i >= new_len - suffix)
        card = g_ptr_array_index (self->cards, old_len - (new_len - i));
      else
        card = g_ptr_array_index (cards, i);
      g_ptr_array_add (merged, g_object_ref (card));
    }
  g_ptr_array_unref (self->cards);
  self->cards = merged;

  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (self->cards, i);
      g_hash_table_replace (self->by_id, (gpointer) kt_card_get_id (card), card);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_len - prefix - suffix, new_len - prefix - suffix);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

KtCard *
kt_topic_find_card (KtTopic    *self,
                    const char *card_id)
{
  g_return_val_if_fail (KT_IS_TOPIC (self), NULL);

  for (guint i = 0; self->parts != NULL && i < self->parts->len; i++)
    {
      KtCard *card = kt_topic_find_card (((Part *) g_ptr_array_index (self->parts, i))->topic,
                                         card_id);

      if (card != NULL)
        return card;
    }

  return g_hash_table_lookup (self->by_id, card_id);
}
