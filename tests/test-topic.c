/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtTopic: lifetime, properties that notify only on a real
 * change, and exact items-changed ranges from appending and from
 * kt_topic_replace_cards(), which must keep the unchanged cards.
 */

#include "config.h"

#include "kt-topic.h"

/* -------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

typedef struct {
  guint position;
  guint removed;
  guint added;
  guint n_items;   /* the model's length during the emission */
} Change;

/* Records every items-changed and notify of a topic. */
typedef struct {
  GArray     *changes;  /* (element-type Change) */
  GHashTable *notifies; /* property name → count */
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  Change change = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_val (rec->changes, change);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (rec->notifies, pspec->name));

  g_hash_table_insert (rec->notifies, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
recorder_init (Recorder *rec,
               KtTopic  *topic)
{
  rec->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  rec->notifies = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (topic, "items-changed", G_CALLBACK (on_items_changed), rec);
  g_signal_connect (topic, "notify", G_CALLBACK (on_notify), rec);
}

static void
recorder_reset (Recorder *rec)
{
  g_array_set_size (rec->changes, 0);
  g_hash_table_remove_all (rec->notifies);
}

static void
recorder_clear (Recorder *rec,
                KtTopic  *topic)
{
  g_signal_handlers_disconnect_by_data (topic, rec);
  g_array_unref (rec->changes);
  g_hash_table_unref (rec->notifies);
}

static guint
n_notifies (Recorder   *rec,
            const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (rec->notifies, name));
}

static guint
n_notifies_total (Recorder *rec)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, rec->notifies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);

  return n;
}

static void
assert_one_change (Recorder *rec,
                   guint     position,
                   guint     removed,
                   guint     added,
                   guint     n_items)
{
  Change *change;

  g_assert_cmpuint (rec->changes->len, ==, 1);
  change = &g_array_index (rec->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_assert_cmpuint (change->n_items, ==, n_items);
}

static KtCard *
make_card (const char *topic_id,
           guint       n,
           const char *answer)
{
  g_autofree char *id = g_strdup_printf ("card-%u", n);
  g_autofree char *question = g_strdup_printf ("Question %u?", n);

  return kt_card_new (id, topic_id, NULL, NULL, question, answer, NULL, NULL, "deck.txt", n * 3 + 1);
}

static KtCard *
make_default_card (guint n)
{
  g_autofree char *answer = g_strdup_printf ("Answer %u.", n);

  return make_card ("topic", n, answer);
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

/* A topic holding cards 0 … @n - 1, and the array of them. */
static KtTopic *
make_topic (guint       n,
            GPtrArray **cards_out)
{
  KtTopic *topic = kt_topic_new ("topic", "Topic");
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      KtCard *card = make_default_card (i);

      g_ptr_array_add (cards, card);
      kt_topic_append (topic, card);
    }
  if (cards_out != NULL)
    *cards_out = g_steal_pointer (&cards);

  return topic;
}

/* A new array of fresh, equal copies of @cards. */
static GPtrArray *
copy_cards (GPtrArray *cards)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < cards->len; i++)
    {
      KtCard *c = g_ptr_array_index (cards, i);

      g_ptr_array_add (copy, kt_card_new (kt_card_get_id (c), kt_card_get_topic_id (c),
                                          kt_card_get_title (c), kt_card_get_context (c),
                                          kt_card_get_question (c),
                                          kt_card_get_answer (c), kt_card_get_summary (c),
                                          kt_card_get_notes (c), kt_card_get_source_path (c),
                                          kt_card_get_source_line (c)));
    }

  return copy;
}

static void
assert_topic_holds (KtTopic   *topic,
                    GPtrArray *cards)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (topic)), ==, cards->len);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, cards->len);
  for (guint i = 0; i < cards->len; i++)
    g_assert_true (card_at (topic, i) == g_ptr_array_index (cards, i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (topic), cards->len));
}

/* -------------------------------------------------------------------------
 * Lifetime and properties
 * ---------------------------------------------------------------------- */

static void
test_new_destroy (void)
{
  KtTopic *topic = kt_topic_new ("python", "Python");
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  KtTopic *full = make_topic (2, &cards);
  KtCard *first = g_object_ref (g_ptr_array_index (cards, 0));
  KtCard *replaced = g_object_ref (g_ptr_array_index (cards, 1));
  KtCard *kept;

  g_assert_cmpstr (kt_topic_get_id (topic), ==, "python");
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Python");
  g_assert_null (kt_topic_get_source (topic));
  g_assert_nonnull (kt_topic_get_tags (topic));
  g_assert_null (kt_topic_get_tags (topic)[0]);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 0);
  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, 0);
  g_assert_cmpuint (kt_topic_get_n_learning (topic), ==, 0);
  g_assert_cmpuint (kt_topic_get_n_due (topic), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (topic)) == KT_TYPE_CARD);
  g_assert_finalize_object (topic);

  /* A replaced card is let go at once; the topic's cards when it goes. */
  g_ptr_array_add (fresh, make_default_card (0));
  g_ptr_array_add (fresh, make_card ("topic", 1, "Changed."));
  kept = g_ptr_array_index (fresh, 1);
  g_clear_pointer (&cards, g_ptr_array_unref);
  kt_topic_replace_cards (full, fresh);
  g_clear_pointer (&fresh, g_ptr_array_unref);
  g_assert_finalize_object (replaced);
  g_assert_true (card_at (full, 0) == first);
  g_assert_true (card_at (full, 1) == kept);
  g_object_ref (kept);
  g_assert_finalize_object (full);
  g_assert_finalize_object (first);
  g_assert_finalize_object (kept);
}

static void
test_title_defaults_to_id (void)
{
  g_autoptr(KtTopic) topic = kt_topic_new ("python", NULL);
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpstr (kt_topic_get_title (topic), ==, "python");

  kt_topic_set_title (topic, "Python");
  kt_topic_set_title (topic, NULL);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "python");

  g_object_get (topic, "title", &title, "id", &id, NULL);
  g_assert_cmpstr (title, ==, "python");
  g_assert_cmpstr (id, ==, "python");
}

static void
test_notify_strings (void)
{
  g_autoptr(KtTopic) topic = kt_topic_new ("python", "Python");
  Recorder rec;

  recorder_init (&rec, topic);

  kt_topic_set_title (topic, "Python");
  kt_topic_set_source (topic, NULL);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);

  kt_topic_set_title (topic, "Python 3");
  g_assert_cmpuint (n_notifies (&rec, "title"), ==, 1);
  kt_topic_set_title (topic, "Python 3");
  g_assert_cmpuint (n_notifies (&rec, "title"), ==, 1);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Python 3");

  kt_topic_set_source (topic, "/decks/python.txt");
  g_assert_cmpuint (n_notifies (&rec, "source"), ==, 1);
  kt_topic_set_source (topic, "/decks/python.txt");
  g_assert_cmpuint (n_notifies (&rec, "source"), ==, 1);
  g_assert_cmpstr (kt_topic_get_source (topic), ==, "/decks/python.txt");
  kt_topic_set_source (topic, NULL);
  g_assert_cmpuint (n_notifies (&rec, "source"), ==, 2);
  g_assert_null (kt_topic_get_source (topic));

  /* Through GObject too. */
  g_object_set (topic, "title", "Python 4", NULL);
  g_assert_cmpuint (n_notifies (&rec, "title"), ==, 2);
  g_object_set (topic, "title", "Python 4", NULL);
  g_assert_cmpuint (n_notifies (&rec, "title"), ==, 2);

  g_assert_cmpuint (n_notifies_total (&rec), ==, 4);
  recorder_clear (&rec, topic);
}

static void
test_notify_tags (void)
{
  g_autoptr(KtTopic) topic = kt_topic_new ("python", "Python");
  const char *const tags[] = { "python", "asyncio", NULL };
  const char *const same[] = { "python", "asyncio", NULL };
  const char *const reordered[] = { "asyncio", "python", NULL };
  const char *const none[] = { NULL };
  g_auto(GStrv) got = NULL;
  Recorder rec;

  recorder_init (&rec, topic);

  kt_topic_set_tags (topic, NULL);
  kt_topic_set_tags (topic, none);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);

  kt_topic_set_tags (topic, tags);
  g_assert_cmpuint (n_notifies (&rec, "tags"), ==, 1);
  g_assert_true (g_strv_equal (kt_topic_get_tags (topic), tags));
  g_assert_true (kt_topic_get_tags (topic) != tags);

  kt_topic_set_tags (topic, same);
  g_assert_cmpuint (n_notifies (&rec, "tags"), ==, 1);

  kt_topic_set_tags (topic, reordered);
  g_assert_cmpuint (n_notifies (&rec, "tags"), ==, 2);

  g_object_get (topic, "tags", &got, NULL);
  g_assert_true (g_strv_equal ((const char * const *) got, reordered));

  kt_topic_set_tags (topic, NULL);
  g_assert_cmpuint (n_notifies (&rec, "tags"), ==, 3);
  g_assert_null (kt_topic_get_tags (topic)[0]);

  g_assert_cmpuint (n_notifies_total (&rec), ==, 3);
  recorder_clear (&rec, topic);
}

static void
test_notify_counts (void)
{
  g_autoptr(KtTopic) topic = kt_topic_new ("python", "Python");
  guint n_new, n_learning, n_due;
  Recorder rec;

  recorder_init (&rec, topic);

  kt_topic_set_counts (topic, 0, 0, 0);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);

  kt_topic_set_counts (topic, 5, 0, 0);
  g_assert_cmpuint (n_notifies (&rec, "n-new"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);

  kt_topic_set_counts (topic, 5, 2, 0);
  g_assert_cmpuint (n_notifies (&rec, "n-learning"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 2);

  kt_topic_set_counts (topic, 5, 2, 7);
  g_assert_cmpuint (n_notifies (&rec, "n-due"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 3);

  kt_topic_set_counts (topic, 5, 2, 7);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 3);

  /* All three at once: one notify each. */
  kt_topic_set_counts (topic, 4, 3, 6);
  g_assert_cmpuint (n_notifies (&rec, "n-new"), ==, 2);
  g_assert_cmpuint (n_notifies (&rec, "n-learning"), ==, 2);
  g_assert_cmpuint (n_notifies (&rec, "n-due"), ==, 2);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 6);

  g_assert_cmpuint (kt_topic_get_n_new (topic), ==, 4);
  g_assert_cmpuint (kt_topic_get_n_learning (topic), ==, 3);
  g_assert_cmpuint (kt_topic_get_n_due (topic), ==, 6);
  g_assert_cmpuint (kt_topic_get_n_due_today (topic), ==, 9);
  g_object_get (topic, "n-new", &n_new, "n-learning", &n_learning, "n-due", &n_due, NULL);
  g_assert_cmpuint (n_new, ==, 4);
  g_assert_cmpuint (n_learning, ==, 3);
  g_assert_cmpuint (n_due, ==, 6);

  recorder_clear (&rec, topic);
}

/* -------------------------------------------------------------------------
 * items-changed
 * ---------------------------------------------------------------------- */

static void
test_append (void)
{
  g_autoptr(KtTopic) topic = kt_topic_new ("topic", "Topic");
  g_autoptr(KtCard) a = make_default_card (0);
  g_autoptr(KtCard) b = make_default_card (1);
  guint n_items;
  Recorder rec;

  recorder_init (&rec, topic);

  kt_topic_append (topic, a);
  assert_one_change (&rec, 0, 0, 1, 1);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);

  recorder_reset (&rec);
  kt_topic_append (topic, b);
  assert_one_change (&rec, 1, 0, 1, 2);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);

  g_assert_true (card_at (topic, 0) == a);
  g_assert_true (card_at (topic, 1) == b);
  g_object_get (topic, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 2);

  recorder_clear (&rec, topic);
}

static void
test_replace_identical (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (5, &cards);
  g_autoptr(GPtrArray) copies = copy_cards (cards);
  Recorder rec;

  recorder_init (&rec, topic);

  /* Equal new cards: nothing happens, the old objects stay. */
  kt_topic_replace_cards (topic, copies);
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);
  assert_topic_holds (topic, cards);

  /* The very same objects: nothing either. */
  kt_topic_replace_cards (topic, cards);
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);
  assert_topic_holds (topic, cards);

  recorder_clear (&rec, topic);
}

static void
test_replace_middle (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (5, &cards);
  g_autoptr(GPtrArray) copies = copy_cards (cards);
  g_autoptr(KtCard) edited = make_card ("topic", 2, "A better answer.");
  Recorder rec;

  g_ptr_array_remove_index (copies, 2);
  g_ptr_array_insert (copies, 2, g_object_ref (edited));

  recorder_init (&rec, topic);
  kt_topic_replace_cards (topic, copies);

  assert_one_change (&rec, 2, 1, 1, 5);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);

  /* The unchanged cards are the same objects, not the equal copies. */
  for (guint i = 0; i < cards->len; i++)
    if (i != 2)
      g_assert_true (card_at (topic, i) == g_ptr_array_index (cards, i));
  g_assert_true (card_at (topic, 2) == edited);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 2)), ==, "A better answer.");
  g_assert_true (kt_topic_find_card (topic, "card-2") == edited);
  g_assert_true (kt_topic_find_card (topic, "card-3") == g_ptr_array_index (cards, 3));

  recorder_clear (&rec, topic);
}

static void
test_replace_append_at_end (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (3, &cards);
  g_autoptr(GPtrArray) copies = copy_cards (cards);
  KtCard *added = make_default_card (3);
  Recorder rec;

  g_ptr_array_add (copies, added);
  g_ptr_array_add (cards, g_object_ref (added));

  recorder_init (&rec, topic);
  kt_topic_replace_cards (topic, copies);

  assert_one_change (&rec, 3, 0, 1, 4);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);
  assert_topic_holds (topic, cards);

  recorder_clear (&rec, topic);
}

static void
test_replace_remove_at_start (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (4, &cards);
  g_autoptr(GPtrArray) copies = copy_cards (cards);
  Recorder rec;

  g_ptr_array_remove_index (copies, 0);
  g_ptr_array_remove_index (cards, 0);

  recorder_init (&rec, topic);
  kt_topic_replace_cards (topic, copies);

  assert_one_change (&rec, 0, 1, 0, 3);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);
  assert_topic_holds (topic, cards);
  g_assert_null (kt_topic_find_card (topic, "card-0"));
  g_assert_true (kt_topic_find_card (topic, "card-1") == g_ptr_array_index (cards, 0));

  recorder_clear (&rec, topic);
}

static void
test_replace_all (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (3, &cards);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  Recorder rec;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (fresh, make_card ("topic", i, "Something else entirely."));

  recorder_init (&rec, topic);
  kt_topic_replace_cards (topic, fresh);

  /* Same length: no n-items notify. */
  assert_one_change (&rec, 0, 3, 3, 3);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);
  assert_topic_holds (topic, fresh);

  /* Down to nothing, and up again with a different length. */
  recorder_reset (&rec);
  kt_topic_replace_cards (topic, empty);
  assert_one_change (&rec, 0, 3, 0, 0);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 1);
  g_assert_null (kt_topic_find_card (topic, "card-0"));

  recorder_reset (&rec);
  g_ptr_array_remove_index (cards, 2);
  kt_topic_replace_cards (topic, cards);
  assert_one_change (&rec, 0, 0, 2, 2);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  assert_topic_holds (topic, cards);

  recorder_clear (&rec, topic);
}

static void
test_find_card (void)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(KtTopic) topic = make_topic (3, &cards);

  for (guint i = 0; i < cards->len; i++)
    {
      KtCard *card = g_ptr_array_index (cards, i);

      g_assert_true (kt_topic_find_card (topic, kt_card_get_id (card)) == card);
    }
  g_assert_null (kt_topic_find_card (topic, "card-3"));
  g_assert_null (kt_topic_find_card (topic, ""));
}

/* A topic of @n cards numbered from @first. */
static KtTopic *
make_numbered_topic (const char *id,
                     guint       first,
                     guint       n)
{
  KtTopic *topic = kt_topic_new (id, NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(KtCard) card = make_card (id, i, "Answer.");

      kt_topic_append (topic, card);
    }

  return topic;
}

/* "All Topics": the cards of every topic of a list, following them with
 * exact ranges, and n-items notified only when the count changes. */
static void
test_union (void)
{
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtTopic) a = make_numbered_topic ("a", 0, 3);
  g_autoptr(KtTopic) b = make_numbered_topic ("b", 10, 2);
  g_autoptr(KtTopic) c = make_numbered_topic ("c", 20, 3);
  g_autoptr(KtCard) extra = make_card ("b", 12, "Answer.");
  g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_object_unref);
  KtTopic *all;
  Recorder rec;

  g_list_store_append (topics, a);
  all = kt_topic_new_union ("*", "All", G_LIST_MODEL (topics));
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 3);
  recorder_init (&rec, all);

  g_list_store_append (topics, b);
  assert_one_change (&rec, 3, 0, 2, 5);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);
  g_assert_true (card_at (all, 3) == card_at (b, 0));
  g_assert_true (card_at (all, 0) == card_at (a, 0));
  g_assert_true (card_at (all, 4) == card_at (b, 1));
  g_assert_true (card_at (all, 2) == card_at (a, 2));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (all), 5));
  g_assert_true (kt_topic_find_card (all, "card-11") == card_at (b, 1));
  g_assert_null (kt_topic_find_card (all, "card-20"));

  /* A card of a replaced in the middle */
  recorder_reset (&rec);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (edited, make_card ("a", i, i == 1 ? "Edited." : "Answer."));
  kt_topic_replace_cards (a, edited);
  assert_one_change (&rec, 1, 1, 1, 5);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);
  g_assert_true (card_at (all, 1) == g_ptr_array_index (edited, 1));

  recorder_reset (&rec);
  kt_topic_append (b, extra);
  assert_one_change (&rec, 5, 0, 1, 6);
  g_assert_cmpuint (n_notifies (&rec, "n-items"), ==, 1);

  /* b swapped for c, as many cards: one change, no notify */
  recorder_reset (&rec);
  g_list_store_splice (topics, 1, 1, (gpointer *) &c, 1);
  assert_one_change (&rec, 3, 3, 3, 6);
  g_assert_cmpuint (n_notifies_total (&rec), ==, 0);
  g_assert_true (card_at (all, 5) == card_at (c, 2));

  /* A topic that left is not followed any more */
  recorder_reset (&rec);
  kt_topic_append (b, g_ptr_array_index (edited, 0));
  g_assert_cmpuint (rec.changes->len, ==, 0);

  g_list_store_remove (topics, 0);
  assert_one_change (&rec, 0, 3, 0, 3);
  g_assert_true (card_at (all, 0) == card_at (c, 0));

  recorder_clear (&rec, all);
  g_assert_finalize_object (all);
  g_list_store_append (topics, a);
}

/* The union holds no reference on its list, which may be its owner. */
static void
test_union_outlives_list (void)
{
  GListStore *topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtTopic) a = make_numbered_topic ("a", 0, 2);
  KtTopic *all = kt_topic_new_union ("*", "All", G_LIST_MODEL (topics));

  g_list_store_append (topics, a);
  g_assert_finalize_object (topics);
  g_assert_cmpuint (kt_topic_get_n_cards (all), ==, 2);
  g_assert_true (card_at (all, 1) == card_at (a, 1));
  g_assert_finalize_object (all);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/topic/new-destroy", test_new_destroy);
  g_test_add_func ("/topic/title-defaults-to-id", test_title_defaults_to_id);
  g_test_add_func ("/topic/notify/strings", test_notify_strings);
  g_test_add_func ("/topic/notify/tags", test_notify_tags);
  g_test_add_func ("/topic/notify/counts", test_notify_counts);
  g_test_add_func ("/topic/append", test_append);
  g_test_add_func ("/topic/replace/identical", test_replace_identical);
  g_test_add_func ("/topic/replace/middle", test_replace_middle);
  g_test_add_func ("/topic/replace/append-at-end", test_replace_append_at_end);
  g_test_add_func ("/topic/replace/remove-at-start", test_replace_remove_at_start);
  g_test_add_func ("/topic/replace/all", test_replace_all);
  g_test_add_func ("/topic/find-card", test_find_card);
  g_test_add_func ("/topic/union", test_union);
  g_test_add_func ("/topic/union-outlives-list", test_union_outlives_list);

  return g_test_run ();
}
