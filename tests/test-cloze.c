/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cloze deletions (kt-cloze.c): numbers, questions and answers, hints,
 * repeats, nesting and broken syntax; and cloze notes in every deck
 * format through kt_deck_parser_add_keyed_card(), with and without a key.
 */
#include "config.h"

#include "kt-cloze.h"
#include "kt-formats.h"
#include "kt-text.h"

static void
assert_card (const char *text,
             guint       number,
             const char *question,
             const char *answer)
{
  g_autofree char *q = kt_cloze_question (text, number);
  g_autofree char *a = kt_cloze_answer (text, number);

  g_assert_cmpstr (q, ==, question);
  g_assert_cmpstr (a, ==, answer);
}

static void
assert_numbers (const char  *text,
                const guint *expected,
                guint        n)
{
  g_autoptr(GArray) numbers = kt_cloze_numbers (text);

  g_assert_cmpuint (numbers->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (numbers, guint, i), ==, expected[i]);
}

static void
test_cloze_basic (void)
{
  const char *text = "{{c1::Canberra::city}} is the capital of {{c2::Australia}}; "
                     "{{c1::Canberra}} was founded in 1913.";
  static const guint one_two[] = { 1, 2 };

  assert_numbers (text, one_two, 2);
  assert_card (text, 1,
               "[city] is the capital of Australia; […] was founded in 1913.",
               "**Canberra** is the capital of Australia; **Canberra** was founded in 1913.");
  assert_card (text, 2,
               "Canberra is the capital of […]; Canberra was founded in 1913.",
               "Canberra is the capital of **Australia**; Canberra was founded in 1913.");
}

static void
test_cloze_numbers (void)
{
  static const guint expected[] = { 1, 3, 12 };

  assert_numbers ("{{c12::a}} {{c3::b}} {{c1::c}} {{c3::d}} {{C1::e}}", expected, 3);
  assert_numbers ("no cloze {{here}}", NULL, 0);
  assert_numbers ("{{c0::zero}} {{c::none}} {{c501::too big}} {{c1:one colon}}", NULL, 0);
  assert_numbers ("", NULL, 0);
}

static void
test_cloze_nested (void)
{
  const char *text = "{{c1::outer {{c2::inner}} end}}";
  static const guint one_two[] = { 1, 2 };

  assert_numbers (text, one_two, 2);
  assert_card (text, 1, "[…]", "**outer inner end**");
  assert_card (text, 2, "outer […] end", "outer **inner** end");
}

static void
test_cloze_broken (void)
{
  static const guint one[] = { 1 };

  /* An opening without its close, and a close without its opening, are
   * text; the good cloze between them still works. */
  assert_numbers ("}} {{c2::open {{c1::ok}} stray", one, 1);
  assert_card ("}} {{c2::open {{c1::ok}} stray", 1, "}} {{c2::open […] stray",
               "}} {{c2::open **ok** stray");
  /* Blanks stay outside the bold, and an empty cloze has none. */
  assert_card ("a{{c1:: b }}c{{c1::}}", 1, "a[…]c[…]", "a **b** c");
}

/* A cloze note in a numbered Q&A deck: one card per number, the answer
 * the filled text and then the written answer; ids from the question. */
static void
test_cloze_in_qa_deck (void)
{
  const char *text = "1. The {{c1::event loop}} runs {{c2::callbacks}}.\nAnswer: See asyncio.\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, "async.txt");
  KtTopic *topic;
  g_autoptr(KtCard) first = NULL;
  g_autoptr(KtCard) second = NULL;

  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 2);
  topic = g_ptr_array_index (deck->topics, 0);
  first = g_list_model_get_item (G_LIST_MODEL (topic), 0);
  second = g_list_model_get_item (G_LIST_MODEL (topic), 1);
  g_assert_cmpstr (kt_card_get_question (first), ==, "The […] runs callbacks.");
  g_assert_cmpstr (kt_card_get_answer (first), ==, "The **event loop** runs callbacks.\n\nSee asyncio.");
  g_assert_cmpstr (kt_card_get_question (second), ==, "The event loop runs […].");
  g_assert_cmpstr (kt_card_get_id (second), !=, kt_card_get_id (first));
  g_assert_null (kt_card_get_key (first));
}

/* A keyed JSON cloze note: each cloze card's key is the note's key and its
 * number, its id made from that, and both kept when the deck is written
 * back. A repeated key with other text is kept with a warning. */
static void
test_cloze_keyed_json (void)
{
  const char *text =
    "{ \"format\": \"kartoteka-deck\", \"version\": 1, \"topic\": { \"id\": \"geo\" },\n"
    "  \"cards\": [\n"
    "    { \"key\": \"g1\", \"question\": \"{{c1::Paris}} is in {{c2::France}}\" },\n"
    "    { \"key\": \"g2/2\", \"question\": \"the dog\", \"answer\": \"der Hund\" },\n"
    "    { \"key\": \"g2/2\", \"question\": \"again\", \"answer\": \"twice\" }\n"
    "  ] }\n";
  static const char *const keys[] = { "g1/c1", "g1/c2", "g2/2" };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, "geo.json");
  g_autoptr(KtDeck) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autofree char *json = NULL;
  GListModel *topic;

  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 4);
  topic = g_ptr_array_index (deck->topics, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (topic, i);
      g_autofree char *keyed = g_strconcat ("\x1fkey\x1f", keys[i], NULL);
      g_autofree char *id = kt_text_card_id ("geo", keyed);

      g_assert_cmpstr (kt_card_get_key (card), ==, keys[i]);
      g_assert_cmpstr (kt_card_get_id (card), ==, id);
    }
  /* The repeated key with another question is reported. */
  g_assert_cmpuint (deck->diagnostics->len, ==, 1);
  g_assert_nonnull (strstr (g_array_index (deck->diagnostics, KtDiagnostic, 0).message,
                            "note id"));

  /* Written back, the cloze cards are cards of their own, with their keys. */
  json = kt_deck_to_json (deck);
  written = g_bytes_new_static (json, strlen (json));
  again = kt_formats_parse_bytes (written, "geo.json");
  g_assert_cmpuint (kt_deck_count_cards (again), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(KtCard) a = g_list_model_get_item (topic, i);
      g_autoptr(KtCard) b = g_list_model_get_item (g_ptr_array_index (again->topics, 0), i);

      g_assert_cmpstr (kt_card_get_id (a), ==, kt_card_get_id (b));
    }
}

/* A long note with many clozes makes cards only up to a bound on their
 * text, with a warning, not gigabytes. */
static void
test_cloze_bounded (void)
{
  g_autoptr(GString) question = g_string_new ("1. ");
  g_autofree char *filler = g_strnfill (20000, 'y');
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KtDeck) deck = NULL;
  guint expected;

  for (guint i = 1; i <= 500; i++)
    g_string_append_printf (question, "{{c%u::%s}} ", i, filler);
  expected = 16 * 1024 * 1024 / (question->len - 3);
  g_string_append (question, "\nAnswer: a\n");
  g_string_prepend (question, "Answer: so that the answer label is seen first\n");

  bytes = g_bytes_new_static (question->str, question->len);
  deck = kt_formats_parse_bytes (bytes, "many.txt");
  g_assert_cmpuint (expected, <, 500);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, expected);
  g_assert_nonnull (strstr (g_array_index (deck->diagnostics, KtDiagnostic,
                                           deck->diagnostics->len - 1).message,
                            "too long for"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloze/basic", test_cloze_basic);
  g_test_add_func ("/cloze/numbers", test_cloze_numbers);
  g_test_add_func ("/cloze/nested", test_cloze_nested);
  g_test_add_func ("/cloze/broken", test_cloze_broken);
  g_test_add_func ("/cloze/qa-deck", test_cloze_in_qa_deck);
  g_test_add_func ("/cloze/keyed-json", test_cloze_keyed_json);
  g_test_add_func ("/cloze/bounded", test_cloze_bounded);

  return g_test_run ();
}
