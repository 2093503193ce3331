/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for KtCard: every field reads back as given from its one
 * packed allocation, empty optional fields read as NULL, a missing
 * answer as "", and the properties agree with the getters.
 */

#include "config.h"

#include "kt-card.h"

static void
test_card_fields (void)
{
  g_autoptr(KtCard) card = kt_card_new ("t:1", "topic", "Title", "Ideas › Small", "Вопрос?", "Ответ.",
                                        "Summary", "Notes\nmore", "deck.md", 7);
  g_autofree char *question = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *context = NULL;

  g_assert_cmpstr (kt_card_get_id (card), ==, "t:1");
  g_assert_cmpstr (kt_card_get_topic_id (card), ==, "topic");
  g_assert_cmpstr (kt_card_get_title (card), ==, "Title");
  g_assert_cmpstr (kt_card_get_context (card), ==, "Ideas › Small");
  g_assert_cmpstr (kt_card_get_question (card), ==, "Вопрос?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "Ответ.");
  g_assert_cmpstr (kt_card_get_summary (card), ==, "Summary");
  g_assert_cmpstr (kt_card_get_notes (card), ==, "Notes\nmore");
  g_assert_cmpstr (kt_card_get_source_path (card), ==, "deck.md");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 7);

  g_object_get (card, "question", &question, "notes", &notes, "context", &context, NULL);
  g_assert_cmpstr (question, ==, "Вопрос?");
  g_assert_cmpstr (notes, ==, "Notes\nmore");
  g_assert_cmpstr (context, ==, "Ideas › Small");
}

static void
test_card_optional (void)
{
  g_autoptr(KtCard) empty = kt_card_new ("t:2", NULL, "", "", "Q", NULL, "", "", NULL, 0);
  g_autoptr(KtCard) none = kt_card_new ("t:2", NULL, NULL, NULL, "Q", "", NULL, NULL, NULL, 0);
  g_autoptr(KtCard) other = kt_card_new ("t:2", NULL, NULL, NULL, "Q", "A", NULL, NULL, NULL, 0);
  g_autoptr(KtCard) placed = kt_card_new ("t:2", NULL, NULL, "Part › Chapter", "Q", "A",
                                          NULL, NULL, NULL, 0);

  g_assert_null (kt_card_get_title (empty));
  g_assert_null (kt_card_get_context (empty));
  g_assert_null (kt_card_get_summary (empty));
  g_assert_null (kt_card_get_notes (empty));
  g_assert_cmpstr (kt_card_get_answer (empty), ==, "");
  g_assert_null (kt_card_get_topic_id (empty));
  g_assert_null (kt_card_get_source_path (empty));

  g_assert_true (kt_card_equal_content (empty, none));
  g_assert_false (kt_card_equal_content (none, other));
  /* A card that moved under another heading looks different. */
  g_assert_false (kt_card_equal_content (other, placed));
}

static void
test_card_tags_and_key (void)
{
  static const char *const tags[] = { "python", "async", NULL };
  g_autoptr(KtCard) a = kt_card_new ("t:3", "topic", NULL, NULL, "Q", "A", NULL, NULL, NULL, 1);
  g_autoptr(KtCard) b = kt_card_new ("t:3", "topic", NULL, NULL, "Q", "A", NULL, NULL, NULL, 1);
  g_auto(GStrv) tags_property = NULL;
  g_autofree char *key_property = NULL;

  /* None by default */
  g_assert_nonnull (kt_card_get_tags (a));
  g_assert_null (kt_card_get_tags (a)[0]);
  g_assert_null (kt_card_get_key (a));

  kt_card_set_tags (a, tags);
  kt_card_set_key (a, "f1Jr#7q`P^");
  g_assert_true (g_strv_equal (kt_card_get_tags (a), tags));
  g_assert_true (kt_card_get_tags (a) != (const char * const *) tags);
  g_assert_cmpstr (kt_card_get_key (a), ==, "f1Jr#7q`P^");
  g_object_get (a, "tags", &tags_property, "key", &key_property, NULL);
  g_assert_true (g_strv_equal ((const char * const *) tags_property, tags));
  g_assert_cmpstr (key_property, ==, "f1Jr#7q`P^");

  /* A topic reloaded with other tags or another key has other cards. */
  g_assert_false (kt_card_equal_content (a, b));
  kt_card_set_tags (b, tags);
  g_assert_false (kt_card_equal_content (a, b));
  kt_card_set_key (b, "f1Jr#7q`P^");
  g_assert_true (kt_card_equal_content (a, b));

  /* Empty means none. */
  kt_card_set_tags (b, (const char *const[]) { NULL });
  kt_card_set_key (b, "");
  g_assert_null (kt_card_get_tags (b)[0]);
  g_assert_null (kt_card_get_key (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/card/fields", test_card_fields);
  g_test_add_func ("/card/optional", test_card_optional);
  g_test_add_func ("/card/tags-and-key", test_card_tags_and_key);

  return g_test_run ();
}
