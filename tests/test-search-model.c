/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtSearchModel: it shows exactly the cards whose folded
 * question, title or answer holds the folded query (checked against
 * strstr() on kt_text_fold_for_search() for the bundled decks and for
 * random text mixing the compact and the other characters), its
 * items-changed ranges always describe its contents, a newer query
 * cancels a stale one, and a changing source model is followed.
 */

#include "config.h"

#include <string.h>

#include "kt-card.h"
#include "kt-library.h"
#include "kt-search-model.h"
#include "kt-test-util.h"
#include "kt-text.h"

/* -------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* A copy of the model kept up to date from items-changed alone: if the
 * ranges are right, it equals the model. */
typedef struct {
  GPtrArray *items;
  guint      n_changes;
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (model, position + i));
  mirror->n_changes++;
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model)
{
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  mirror->n_changes = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), mirror);
}

static void
mirror_clear (Mirror     *mirror,
              GListModel *model)
{
  g_signal_handlers_disconnect_by_func (model, on_items_changed, mirror);
  g_ptr_array_unref (mirror->items);
}

static void
wait_for_search (KtSearchModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (kt_search_model_get_searching (model) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  g_assert_false (kt_search_model_get_searching (model));
}

/* @model shows exactly the cards of @source that hold @query, in order,
 * and @mirror agrees. */
static void
assert_shows_matches (KtSearchModel *model,
                      GListModel    *source,
                      const char    *query,
                      Mirror        *mirror)
{
  g_autofree char *folded = kt_text_fold_for_search (query);
  guint shown = 0;

  g_strstrip (folded);
  for (guint i = 0; i < g_list_model_get_n_items (source); i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (source, i);

      if (kt_test_card_holds (card, folded))
        {
          g_autoptr(KtCard) item = g_list_model_get_item (G_LIST_MODEL (model), shown);

          g_assert_true (item == card);
          if (mirror != NULL)
            g_assert_true (g_ptr_array_index (mirror->items, shown) == card);
          shown++;
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, shown);
  if (mirror != NULL)
    g_assert_cmpuint (mirror->items->len, ==, shown);
}

static KtCard *
card_new (guint       n,
          const char *title,
          const char *question,
          const char *answer)
{
  g_autofree char *id = g_strdup_printf ("t:%u", n);

  return kt_card_new (id, "t", title, NULL, question, answer, NULL, NULL, "deck.txt", n + 1);
}

/* Random text from pieces of every kind the index stores differently:
 * ASCII, Cyrillic of both cases with ё, the compact punctuation, and
 * characters outside the compact set (folded the general way). */
static char *
random_text (GRand *rand,
             guint  length)
{
  static const char *const pieces[] = {
    "a", "B", "z", "Q", " ", "(", ")", "\n", "я", "Я", "ё", "Ё", "е", "Е", "с", "С",
    "м", "Ѐ", "ѝ", "џ", "\u00a0", "«", "»", "—", "…", "é", "É", "ß", "Σ", "ς", "中", "😀",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < length; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (text, FALSE);
}

/* -------------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------- */

/* The bundled decks: ASCII, Cyrillic, ё/е, case, punctuation, no match. */
static void
test_search_model_bundled (void)
{
  static const char *const queries[] = {
    "я", "gather", "GATHER()", "asyncio.gather()", "сем", "Ё", "е", "«", "—", "?", "\n",
    "qqxyzzy", " event loop ",
  };
  g_autoptr(KtLibrary) library = kt_library_new ();
  g_autoptr(KtSearchModel) model = NULL;
  GListModel *all;
  Mirror mirror;

  kt_library_load_bundled (library);
  all = G_LIST_MODEL (kt_library_get_all (library));
  g_assert_cmpuint (g_list_model_get_n_items (all), >, 10);

  model = kt_search_model_new (all);
  mirror_init (&mirror, G_LIST_MODEL (model));
  assert_shows_matches (model, all, "", &mirror);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      kt_search_model_set_query (model, queries[q]);
      wait_for_search (model);
      assert_shows_matches (model, all, queries[q], &mirror);
    }

  /* An empty query shows every card at once. */
  kt_search_model_set_query (model, "  ");
  g_assert_false (kt_search_model_get_searching (model));
  assert_shows_matches (model, all, "", &mirror);
  mirror_clear (&mirror, G_LIST_MODEL (model));
}

/* Random cards and queries, against strstr() on the folded text. */
static void
test_search_model_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GListStore) store = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(KtSearchModel) model = kt_search_model_new (G_LIST_MODEL (store));
  Mirror mirror;

  /* Enough cards for several segments, each with cards of both kinds. */
  for (guint i = 0; i < 10000; i++)
    {
      /* Most cards compact, as in real decks, some not. */
      gboolean plain = g_rand_int_range (rand, 0, 4) > 0;
      g_autofree char *q = plain ? g_strdup ("Что такое Ёж? (вариант «1»)") : random_text (rand, 8);
      g_autofree char *a = random_text (rand, g_rand_int_range (rand, 0, 30));
      g_autofree char *t = g_rand_boolean (rand) ? random_text (rand, 3) : NULL;
      g_autoptr(KtCard) card = card_new (i, t, q, a);

      g_list_store_append (store, card);
    }

  mirror_init (&mirror, G_LIST_MODEL (model));
  for (guint r = 0; r < 60; r++)
    {
      g_autofree char *query = random_text (rand, g_rand_int_range (rand, 1, 4));

      kt_search_model_set_query (model, query);
      wait_for_search (model);
      assert_shows_matches (model, G_LIST_MODEL (store), query, &mirror);
    }
  mirror_clear (&mirror, G_LIST_MODEL (model));
}

/* Typing forward and backspacing: each step shows exactly its matches,
 * through items-changed ranges the mirror can follow. */
static void
test_search_model_typing (void)
{
  static const char *const steps[] = {
    "g", "ga", "gat", "gath", "gather", "gather(", "gather()", "gather(", "gat", "g", "", "ёл",
    "ЕЛКА", "ел", "",
  };
  g_autoptr(GListStore) store = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(KtSearchModel) model = kt_search_model_new (G_LIST_MODEL (store));
  Mirror mirror;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *q = g_strdup_printf ("Вопрос %u: что делает gather%s?", i,
                                            i % 3 == 0 ? "()" : "");
      g_autoptr(KtCard) card = card_new (i, i % 7 == 0 ? "Ёлка" : NULL, q,
                                         i % 5 == 0 ? "Ответ про елку" : "Ответ");

      g_list_store_append (store, card);
    }

  mirror_init (&mirror, G_LIST_MODEL (model));
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      kt_search_model_set_query (model, steps[s]);
      wait_for_search (model);
      assert_shows_matches (model, G_LIST_MODEL (store), steps[s], &mirror);
    }
  mirror_clear (&mirror, G_LIST_MODEL (model));
}

/* Queries typed faster than searched: only the last one is shown, in one
 * change, and the stale searches never show up. */
static void
test_search_model_stale (void)
{
  g_autoptr(GListStore) store = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(KtSearchModel) model = kt_search_model_new (G_LIST_MODEL (store));
  Mirror mirror;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(KtCard) card = card_new (i, NULL, i % 2 ? "alpha" : "beta",
                                         i % 3 ? "gamma" : "delta");

      g_list_store_append (store, card);
    }

  /* Before the index is built, and once it is: searches then run. */
  kt_search_model_prepare (model);
  kt_search_model_set_query (model, "alp");
  kt_search_model_set_query (model, "gam");
  wait_for_search (model);
  assert_shows_matches (model, G_LIST_MODEL (store), "gam", NULL);

  mirror_init (&mirror, G_LIST_MODEL (model));
  kt_search_model_set_query (model, "a");
  g_assert_true (kt_search_model_get_searching (model));
  kt_search_model_set_query (model, "al");
  kt_search_model_set_query (model, "del");
  g_assert_cmpstr (kt_search_model_get_query (model), ==, "del");
  g_assert_cmpuint (mirror.n_changes, ==, 0);
  wait_for_search (model);
  g_assert_cmpuint (mirror.n_changes, ==, 1);
  assert_shows_matches (model, G_LIST_MODEL (store), "del", &mirror);

  /* Let any stale worker finish: nothing changes any more. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  g_assert_cmpuint (mirror.n_changes, ==, 1);
  assert_shows_matches (model, G_LIST_MODEL (store), "del", &mirror);
  mirror_clear (&mirror, G_LIST_MODEL (model));
}

/* Cards removed leave at once, cards added show up once searched; a new
 * source model is searched from scratch. */
static void
test_search_model_source_changes (void)
{
  g_autoptr(GListStore) store = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(GListStore) other = g_list_store_new (KT_TYPE_CARD);
  g_autoptr(KtSearchModel) model = kt_search_model_new (G_LIST_MODEL (store));
  Mirror mirror;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(KtCard) card = card_new (i, NULL, i % 2 ? "Ёж" : "кот", "ответ");

      g_list_store_append (i < 60 ? store : other, card);
    }

  mirror_init (&mirror, G_LIST_MODEL (model));
  kt_search_model_set_query (model, "еж");
  wait_for_search (model);
  assert_shows_matches (model, G_LIST_MODEL (store), "еж", &mirror);

  g_list_store_remove (store, 1);
  g_list_store_remove (store, 2);
  assert_shows_matches (model, G_LIST_MODEL (store), "еж", &mirror);
  {
    g_autoptr(KtCard) card = card_new (1000, NULL, "ЕЖИ", "");

    g_list_store_insert (store, 5, card);
  }
  wait_for_search (model);
  assert_shows_matches (model, G_LIST_MODEL (store), "еж", &mirror);

  kt_search_model_set_model (model, G_LIST_MODEL (other));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_for_search (model);
  assert_shows_matches (model, G_LIST_MODEL (other), "еж", &mirror);

  /* Without a query, changes pass straight through. */
  kt_search_model_set_query (model, "");
  assert_shows_matches (model, G_LIST_MODEL (other), "", &mirror);
  g_list_store_remove (other, 0);
  assert_shows_matches (model, G_LIST_MODEL (other), "", &mirror);
  kt_search_model_set_model (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (mirror.items->len, ==, 0);
  mirror_clear (&mirror, G_LIST_MODEL (model));
}

/* Dropped with a search under way, in either step of the index build:
 * it goes at once or when its workers are done, and nothing touches it
 * after that. */
static void
test_search_model_dispose_busy (void)
{
  g_autoptr(GListStore) store = g_list_store_new (KT_TYPE_CARD);

  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(KtCard) card = card_new (i, NULL, "question", "answer");

      g_list_store_append (store, card);
    }
  for (guint step = 0; step < 2; step++)
    {
      KtSearchModel *model = kt_search_model_new (G_LIST_MODEL (store));

      kt_search_model_set_query (model, "ans");
      /* The second time, past taking the cards: the workers run. */
      if (step == 1)
        g_main_context_iteration (NULL, FALSE);
      g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
      g_object_unref (model);
      for (guint i = 0; i < 2500 && model != NULL; i++)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (2000);
        }
      g_assert_null (model);
    }

  /* Let any worker left finish. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-model/bundled", test_search_model_bundled);
  g_test_add_func ("/search-model/random", test_search_model_random);
  g_test_add_func ("/search-model/typing", test_search_model_typing);
  g_test_add_func ("/search-model/stale", test_search_model_stale);
  g_test_add_func ("/search-model/source-changes", test_search_model_source_changes);
  g_test_add_func ("/search-model/dispose-busy", test_search_model_dispose_busy);

  return g_test_run ();
}
