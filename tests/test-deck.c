/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for the deck parsers (src/core/formats/): the two seed files exactly,
 * each format's features and failure modes, format detection, duplicate
 * merging, card id stability and the JSON round trip.
 *
 * Over a thousand lines in one file: one module's cases sharing the seed
 * fixtures.
 */

#include <string.h>

#include "kt-formats.h"
#include "kt-notes-chunks.h"
#include "kt-text.h"

#define SEED_QA    "000_0082f0c6dae15f60.txt"
#define SEED_NOTES "Async Python.md"  /* seed 002, as its author named it */

/* -------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static KtDeck *
parse_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return kt_formats_parse_file (file, NULL);
}

static KtDeck *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "decks", name, NULL);

  return parse_path (path);
}

static KtDeck *
parse_seed (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "decks", name, NULL);

  return parse_path (path);
}

static KtDeck *
parse_string (const char *text,
              gssize      len,
              const char *path)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return kt_formats_parse_bytes (bytes, path);
}

static KtTopic *
topic_at (KtDeck *deck,
          guint   index)
{
  g_assert_cmpuint (index, <, deck->topics->len);
  return g_ptr_array_index (deck->topics, index);
}

/* Borrowed: the topic holds a reference. */
static KtCard *
card_at (KtTopic *topic,
         guint    index)
{
  KtCard *card;

  g_assert_cmpuint (index, <, kt_topic_get_n_cards (topic));
  card = g_list_model_get_item (G_LIST_MODEL (topic), index);
  g_object_unref (card);

  return card;
}

static guint
count_severity (KtDeck     *deck,
                KtSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; i < deck->diagnostics->len; i++)
    if (g_array_index (deck->diagnostics, KtDiagnostic, i).severity == severity)
      n++;

  return n;
}

/* Asserts there is a diagnostic on @line with @severity whose message
 * contains @text. */
static void
assert_diagnostic (KtDeck     *deck,
                   guint       line,
                   KtSeverity  severity,
                   const char *text)
{
  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      if (d->line == line && d->severity == severity && strstr (d->message, text) != NULL)
        return;
    }

  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_test_message ("diagnostic %u: line %u, severity %d: %s", i, d->line, d->severity, d->message);
    }
  g_error ("no %s on line %u containing “%s”",
           severity == KT_SEVERITY_ERROR ? "error" : "warning", line, text);
}

static void
assert_no_diagnostics (KtDeck *deck)
{
  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_test_message ("unexpected diagnostic: line %u: %s", d->line, d->message);
    }
  g_assert_cmpuint (deck->diagnostics->len, ==, 0);
}

/* -------------------------------------------------------------------------
 * The seeds
 * ---------------------------------------------------------------------- */

static void
test_seed_qa (void)
{
  g_autoptr(KtDeck) deck = parse_seed (SEED_QA);
  g_autofree char *expected_id = NULL;
  KtTopic *topic;
  KtCard *first, *last;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  g_assert_cmpuint (deck->topics->len, ==, 1);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 10);
  g_assert_cmpuint (deck->n_duplicates, ==, 40);
  g_assert_true (g_str_has_suffix (deck->path, SEED_QA));

  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "000_0082f0c6dae15f60");
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "000_0082f0c6dae15f60");
  g_assert_cmpstr (kt_topic_get_source (topic), ==, deck->path);

  first = card_at (topic, 0);
  g_assert_cmpstr (kt_card_get_question (first), ==, "Что такое асинхронность в Python?");
  g_assert_cmpstr (kt_card_get_answer (first), ==,
                   "Асинхронность позволяет выполнять операции ввода-вывода, не блокируя "
                   "основной поток выполнения. Вместо ожидания завершения I/O операции Python "
                   "переключается на выполнение других задач.");
  g_assert_null (kt_card_get_title (first));
  g_assert_null (kt_card_get_summary (first));
  g_assert_cmpuint (kt_card_get_source_line (first), ==, 1);
  g_assert_cmpstr (kt_card_get_source_path (first), ==, deck->path);
  g_assert_cmpstr (kt_card_get_topic_id (first), ==, "000_0082f0c6dae15f60");
  expected_id = kt_text_card_id ("000_0082f0c6dae15f60", "Что такое асинхронность в Python?");
  g_assert_cmpstr (kt_card_get_id (first), ==, expected_id);

  last = card_at (topic, 9);
  g_assert_cmpstr (kt_card_get_question (last), ==, "Что такое очередь задач?");
  g_assert_cmpstr (kt_card_get_answer (last), ==,
                   "Очередь задач — это структура, в которую помещаются задачи на выполнение. "
                   "В системе очередей задачи обрабатываются асинхронно и по одной, либо с "
                   "определённой конкуренцией.");
  g_assert_cmpuint (kt_card_get_source_line (last), ==, 28);

  for (guint i = 0; i < 10; i++)
    {
      KtCard *card = card_at (topic, i);

      g_assert_null (strstr (kt_card_get_question (card), "вариант"));
      g_assert_null (strstr (kt_card_get_answer (card), "Ответ:"));
      g_assert_cmpuint (kt_card_get_source_line (card), ==, 1 + 3 * i);
    }
}

static void
test_seed_notes (void)
{
  static const char *const titles[] = {
    "Threads, Processes и AsyncIO", "Event Loop", "async / await", "gather vs as_completed",
  };
  static const guint lines[] = { 5, 23, 45, 60 };
  g_autoptr(KtDeck) deck = parse_seed (SEED_NOTES);
  KtTopic *topic;
  KtCard *card;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  g_assert_cmpuint (deck->topics->len, ==, 1);
  g_assert_cmpuint (deck->n_duplicates, ==, 0);

  topic = topic_at (deck, 0);
  /* No title in the frontmatter, no "# " heading: the file's name, not
   * the permalink's slug ("async-python"). */
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Async Python");
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "Async Python");
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      card = card_at (topic, i);
      g_assert_cmpstr (kt_card_get_title (card), ==, titles[i]);
      g_assert_nonnull (kt_card_get_summary (card));
      g_assert_nonnull (kt_card_get_question (card));
      g_assert_cmpstr (kt_card_get_answer (card), !=, "");
      g_assert_cmpuint (kt_card_get_source_line (card), ==, lines[i]);
      /* Labels are not part of the text. */
      g_assert_null (strstr (kt_card_get_answer (card), "**Ответ"));
      g_assert_null (strstr (kt_card_get_question (card), "Типовой"));
      g_assert_null (strstr (kt_card_get_summary (card), "Кратко"));
    }

  /* A label owns what follows it: the bold "Процессы —" paragraph after
   * the summary's line is part of the summary, byte for byte (a no-break
   * space follows the bold text). */
  card = card_at (topic, 0);
  g_assert_cmpstr (kt_card_get_summary (card), ==,
                   "Разные модели конкурентного выполнения.\n\n"
                   "**Процессы —**\xC2\xA0это отдельные программы, каждая со своей памятью, "
                   "которые могут работать параллельно на разных ядрах процессора.\n"
                   "**Потоки —**\xC2\xA0это части одного процесса, которые одновременно "
                   "выполняют задачи и используют для этого общую память.");
  g_assert_null (kt_card_get_notes (card));
  g_assert_cmpstr (kt_card_get_question (card), ==,
                   "Когда использовать async, а когда потоки или процессы?");
  g_assert_true (g_str_has_prefix (kt_card_get_answer (card), "Threads — I/O-bound задачи"));
  g_assert_true (g_str_has_suffix (kt_card_get_answer (card),
                                   "AsyncIO — позволяет выполнять задачи без блокировки основного "
                                   "потока, так как управляет задачами в одном потоке через цикл "
                                   "событий."));
  /* The code example sits between the summary and the question: the
   * summary's author put it there, so it is part of the summary, verbatim
   * markdown, tab indentation included. */
  card = card_at (topic, 1);
  g_assert_cmpstr (kt_card_get_summary (card), ==,
                   "Event loop планирует и переключает корутины.\n\n"
                   "```python\nimport asyncio\n\nasync def main():\n\tawait asyncio.sleep(1)\n\n"
                   "asyncio.run(main())\n```");
  g_assert_cmpstr (kt_card_get_question (card), ==, "Что делает event loop?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "Он управляет выполнением корутин и переключается между ними при `await`.");
  g_assert_null (kt_card_get_notes (card));

  card = card_at (topic, 2);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Что будет, если забыть `await`?");
  g_assert_cmpstr (kt_card_get_summary (card), ==,
                   "`async` создаёт корутину,  \n`await` отдаёт управление event loop.");

  /* The answer is a markdown list, kept as written. */
  card = card_at (topic, 3);
  g_assert_true (g_str_has_prefix (kt_card_get_answer (card), "- **`asyncio.gather`:** Ждет"));
  g_assert_nonnull (strstr (kt_card_get_answer (card), "\n- **`asyncio.as_completed`:**"));
  g_assert_null (kt_card_get_notes (card));
}

/* -------------------------------------------------------------------------
 * Numbered Q&A
 * ---------------------------------------------------------------------- */

static void
test_qa_english (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("qa-english.txt");
  KtTopic *topic;
  KtCard *card;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 4);
  g_assert_cmpuint (deck->n_duplicates, ==, 1);

  topic = topic_at (deck, 0);
  card = card_at (topic, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What is a coroutine?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "A function defined with `async def`.");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 6);

  /* "N)" items, "A:" labels, a question over two lines, and a numbered
   * list inside the answer that does not start new items. */
  card = card_at (topic, 1);
  g_assert_cmpstr (kt_card_get_question (card), ==,
                   "Which steps does the event loop take\non each iteration?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "Three:\n1. runs the ready callbacks\n2. polls for I/O\n3. runs the due timers\n\n"
                   "Then it starts over.");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 9);

  /* A fence keeps "# " and "1. " as code. */
  card = card_at (topic, 2);
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "```python\n# the entry point, not a topic\nimport asyncio\n\n"
                   "1. not an item either\nasyncio.run(main())\n```");
}

static void
test_qa_topics (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("qa-english.txt");
  KtTopic *first, *second;

  g_assert_cmpuint (deck->topics->len, ==, 2);
  first = topic_at (deck, 0);
  second = topic_at (deck, 1);
  g_assert_cmpstr (kt_topic_get_id (first), ==, "qa-english/asyncio-basics");
  g_assert_cmpstr (kt_topic_get_title (first), ==, "Asyncio basics");
  g_assert_cmpstr (kt_topic_get_id (second), ==, "qa-english/operators-symbols");
  g_assert_cmpstr (kt_topic_get_title (second), ==, "Operators & <symbols>");
  g_assert_cmpuint (kt_topic_get_n_cards (first), ==, 3);
  g_assert_cmpuint (kt_topic_get_n_cards (second), ==, 1);
  g_assert_cmpstr (kt_card_get_topic_id (card_at (second, 0)), ==, "qa-english/operators-symbols");
  g_assert_cmpstr (kt_topic_get_source (second), ==, deck->path);
}

static void
test_qa_literal_characters (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("qa-english.txt");
  KtCard *card = card_at (topic_at (deck, 1), 0);

  g_assert_cmpstr (kt_card_get_question (card), ==, "Is 1 < 2 && 3 > 2?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "Yes: a < b & c > d, and &amp; stays as typed.");
}

static void
test_qa_crlf_bom (void)
{
  static const char text[] =
    "\xEF\xBB\xBF" "1. First?\r\nОтвет: one\r\ncontinued\r\n\r\n2. Second?\rAnswer: two\r\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "crlf.txt");
  KtTopic *topic;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  topic = topic_at (deck, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 2);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "First?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==, "one\ncontinued");
  /* CRLF is one line end, a lone CR is one too. */
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 1)), ==, 5);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "two");
  g_assert_null (strchr (kt_card_get_question (card_at (topic, 1)), '\r'));
}

static void
test_qa_malformed (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("qa-malformed.txt");
  KtTopic *topic;

  assert_diagnostic (deck, 1, KT_SEVERITY_ERROR, "an answer without a question");
  assert_diagnostic (deck, 6, KT_SEVERITY_ERROR, "item 2 has no answer");
  assert_diagnostic (deck, 9, KT_SEVERITY_ERROR, "an answer without a question");
  assert_diagnostic (deck, 10, KT_SEVERITY_ERROR, "item 4 has no question");
  g_assert_cmpuint (deck->diagnostics->len, ==, 4);
  g_assert_true (kt_deck_has_errors (deck));

  /* The rest still loads. */
  topic = topic_at (deck, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "A good question?");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 1)), ==, "The third question?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "The third answer.");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 2)), ==, "The last question?");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 2)), ==, 12);
}

static void
test_qa_separators_and_empty_answer (void)
{
  static const char text[] =
    "1. Q one?\nA: one\n\n---\n\n2. Q two?\nA:\n\n---\n3. Q three?\nA: three\n---\nmore\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "rules.txt");
  KtTopic *topic = topic_at (deck, 0);

  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==, "one");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "");
  assert_diagnostic (deck, 7, KT_SEVERITY_WARNING, "item 2 has an empty answer");
  /* A rule inside an answer, followed by text, is part of it. */
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 2)), ==, "three\n---\nmore");
  g_assert_false (kt_deck_has_errors (deck));
}

/* -------------------------------------------------------------------------
 * Knowledge-base notes
 * ---------------------------------------------------------------------- */

static void
test_notes_english (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("notes-english.md");
  const char * const *tags;
  KtTopic *topic;
  KtCard *card;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "async-python-en");
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Async Python");
  tags = kt_topic_get_tags (topic);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "python");
  g_assert_cmpstr (tags[1], ==, "asyncio");
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 4);

  card = card_at (topic, 0);
  g_assert_cmpstr (kt_card_get_title (card), ==, "Coroutines");
  g_assert_cmpstr (kt_card_get_summary (card), ==, "A coroutine is a function that can pause.");
  g_assert_cmpstr (kt_card_get_question (card), ==, "What is a coroutine?");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 13);
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "A function defined with `async def`. For example:\n\n"
                   "```python\nasync def main():\n    await asyncio.sleep(1)\n---\n"
                   "## this is code, not a section\n```\n\n"
                   "- it is awaited with `await`\n- calling it returns a coroutine object\n\n"
                   "Still part of the answer.");
  g_assert_null (kt_card_get_notes (card));

  /* Labels without colons, the colon outside the bold, lower case, TL;DR,
   * and an ordered list right after the answer line. */
  card = card_at (topic, 1);
  g_assert_cmpstr (kt_card_get_title (card), ==, "Tasks");
  g_assert_cmpstr (kt_card_get_summary (card), ==, "tasks run coroutines concurrently");
  g_assert_cmpstr (kt_card_get_question (card), ==, "How do you start a task?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "With `asyncio.create_task()`:\n1. create it\n2. await it later");

  /* No labels: the heading is the question, the text the answer. */
  card = card_at (topic, 2);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What does gather do?");
  g_assert_cmpstr (kt_card_get_title (card), ==, "What does gather do?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "It runs awaitables concurrently and collects results: a < b & c > d.");
  g_assert_null (kt_card_get_summary (card));

  card = card_at (topic, 3);
  g_assert_cmpstr (kt_card_get_answer (card), ==, "Some text **Answer:** this is not a label.");
}

static void
test_notes_crlf_bom_fences (void)
{
  static const char text[] =
    "\xEF\xBB\xBF---\r\ntags: one, two\r\n---\r\n# The Title\r\n\r\n"
    "## First\r\n**Ответ:** один\r\n\r\n```\r\n---\r\n## code\r\n```\r\n\r\n---\r\n"
    "## Second\r\n**Вопрос:** Что?\r\n**Ответ:**\r\n- a\r\n- b\r\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "crlf.md");
  const char * const *tags;
  KtTopic *topic;
  KtCard *card;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "The Title");
  tags = kt_topic_get_tags (topic);
  g_assert_cmpstr (tags[0], ==, "one");
  g_assert_cmpstr (tags[1], ==, "two");
  g_assert_null (tags[2]);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 2);

  card = card_at (topic, 0);
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 6);
  g_assert_cmpstr (kt_card_get_question (card), ==, "First");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "один\n\n```\n---\n## code\n```");

  card = card_at (topic, 1);
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 15);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Что?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "- a\n- b");
}

static void
test_notes_topic_title (void)
{
  struct {
    const char *text;
    const char *title;
    const char *id;
  } cases[] = {
    { "---\ntitle: From title\npermalink: /a/b/\n---\n# H1\n## S\nx\n", "From title", "note" },
    { "---\npermalink: /a/b/\n---\n# From H1\n## S\nx\n", "From H1", "note" },
    /* A permalink is a URL slug, not a title: the file's name is. */
    { "---\n{\"permalink\": \"/a/from-permalink/\"}\n---\n## S\nx\n", "note", "note" },
    { "---\nid: custom-id\n---\n## S\nx\n", "note", "custom-id" },
    { "## S\n**Answer:** x\n", "note", "note" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtDeck) deck = parse_string (cases[i].text, -1, "/some/dir/note.md");
      KtTopic *topic = topic_at (deck, 0);

      assert_no_diagnostics (deck);
      g_assert_cmpstr (kt_topic_get_title (topic), ==, cases[i].title);
      g_assert_cmpstr (kt_topic_get_id (topic), ==, cases[i].id);
      g_assert_cmpstr (kt_card_get_topic_id (card_at (topic, 0)), ==, cases[i].id);
    }
}

/* In a deck folder, the id is the file's path there and the title of last
 * resort its name; frontmatter still pins the id. */
static void
test_topic_id_from_path (void)
{
  struct {
    const char *text;
    const char *title;
    const char *id;
  } cases[] = {
    { "## S\n**Answer:** x\n", "Core", "System Design/Core" },
    { "---\npermalink: /a/b/\n---\n# Core ideas\n## S\nx\n", "Core ideas", "System Design/Core" },
    { "---\nid: pinned\n---\n## S\nx\n", "Core", "pinned" },
    { "1. Q?\nAnswer: A.\n", "Core", "System Design/Core" },
    { "# Part one\n1. Q?\nAnswer: A.\n", "Part one", "System Design/Core/part-one" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(KtDeck) deck = kt_formats_parse_bytes_as (bytes, "/vault/System Design/Core.md",
                                                          "System Design/Core");
      KtTopic *topic = topic_at (deck, 0);

      assert_no_diagnostics (deck);
      g_assert_cmpstr (kt_topic_get_title (topic), ==, cases[i].title);
      g_assert_cmpstr (kt_topic_get_id (topic), ==, cases[i].id);
      g_assert_cmpstr (kt_card_get_topic_id (card_at (topic, 0)), ==, cases[i].id);
    }
}

static void
test_notes_frontmatter_problems (void)
{
  g_autoptr(KtDeck) bad_yaml = parse_string ("---\ntitle: [oops\n---\n## S\n**Answer:** x\n", -1,
                                             "bad.md");
  g_autoptr(KtDeck) unclosed = parse_string ("---\ntitle: x\n\n## S\n**Answer:** x\n", -1,
                                             "open.md");
  g_autoptr(KtDeck) empty = parse_string ("## Only a heading\n\n## Second\nText\n", -1, "e.md");

  g_assert_cmpuint (count_severity (bad_yaml, KT_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (g_array_index (bad_yaml->diagnostics, KtDiagnostic, 0).line, >=, 2);
  g_assert_cmpuint (g_array_index (bad_yaml->diagnostics, KtDiagnostic, 0).line, <=, 3);
  g_assert_cmpstr (kt_topic_get_title (topic_at (bad_yaml, 0)), ==, "bad");
  g_assert_cmpuint (kt_deck_count_cards (bad_yaml), ==, 1);
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic_at (bad_yaml, 0), 0)), ==, 4);

  assert_diagnostic (unclosed, 1, KT_SEVERITY_WARNING, "never closed");
  g_assert_cmpuint (kt_deck_count_cards (unclosed), ==, 1);

  assert_diagnostic (empty, 1, KT_SEVERITY_WARNING, "has no answer");
  g_assert_cmpuint (kt_deck_count_cards (empty), ==, 1);
  g_assert_false (kt_deck_has_errors (empty));
}

static void
test_notes_frontmatter_keys (void)
{
  static const char text[] =
    "---\n"
    "meta: {x: [1, {y: 2}], z: [[3]]}\n"
    "? [a, complex, key]\n"
    ": ignored\n"
    "title: Real title\n"
    "Title: second title, ignored\n"
    "tags: [a, '#b', a, c, b, [nested], ' ']\n"
    "id: my-id\n"
    "---\n"
    "## S\n**Answer:** x\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "keys.md");
  g_autoptr(KtDeck) scalar_tags = parse_string ("---\ntags: '#x, y z,, x'\n---\n## S\n**Answer:** x\n",
                                                -1, "scalar.md");
  KtTopic *topic = topic_at (deck, 0);
  const char * const *tags = kt_topic_get_tags (topic);

  assert_no_diagnostics (deck);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Real title");
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "my-id");
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 3);
  g_assert_cmpstr (tags[0], ==, "a");
  g_assert_cmpstr (tags[1], ==, "b");
  g_assert_cmpstr (tags[2], ==, "c");

  tags = kt_topic_get_tags (topic_at (scalar_tags, 0));
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 3);
  g_assert_cmpstr (tags[0], ==, "x");
  g_assert_cmpstr (tags[1], ==, "y");
  g_assert_cmpstr (tags[2], ==, "z");
}

/* Deep or huge frontmatter is not read, with a warning; the notes still are. */
static void
test_notes_frontmatter_limits (void)
{
  g_autoptr(GString) deep = g_string_new ("---\ntitle: Deep\nx: ");
  g_autoptr(GString) big = g_string_new ("---\ntitle: Big\n");
  g_autoptr(GString) many = g_string_new ("---\ntags: [");
  g_autoptr(KtDeck) deep_deck = NULL;
  g_autoptr(KtDeck) big_deck = NULL;
  g_autoptr(KtDeck) many_deck = NULL;
  g_autoptr(KtDeck) just_deep = NULL;
  guint heading_line;

  for (guint i = 0; i < 33; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 33; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "\n---\n## S\n**Answer:** x\n");
  deep_deck = parse_string (deep->str, -1, "deep.md");
  assert_diagnostic (deep_deck, 3, KT_SEVERITY_WARNING, "nested more than 32 levels");
  g_assert_cmpuint (deep_deck->diagnostics->len, ==, 1);
  g_assert_cmpstr (kt_topic_get_title (topic_at (deep_deck, 0)), ==, "deep");
  g_assert_cmpuint (kt_deck_count_cards (deep_deck), ==, 1);

  /* 32 levels, the top mapping being the first, are read. */
  just_deep = parse_string ("---\nx: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
                            "title: Deep enough\n---\n## S\n**Answer:** x\n", -1, "ok.md");
  assert_no_diagnostics (just_deep);
  g_assert_cmpstr (kt_topic_get_title (topic_at (just_deep, 0)), ==, "Deep enough");

  while (big->len <= 1024 * 1024)
    g_string_append (big, "# a comment line that makes the frontmatter big\n");
  /* The heading comes after these lines and the closing "---". */
  heading_line = 2;
  for (const char *p = big->str; (p = strchr (p, '\n')) != NULL; p++)
    heading_line++;
  g_string_append (big, "---\n## S\n**Answer:** x\n");
  big_deck = parse_string (big->str, -1, "big.md");
  assert_diagnostic (big_deck, 2, KT_SEVERITY_WARNING, "larger than 1 MB");
  g_assert_cmpuint (big_deck->diagnostics->len, ==, 1);
  g_assert_cmpstr (kt_topic_get_title (topic_at (big_deck, 0)), ==, "big");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic_at (big_deck, 0), 0)), ==, heading_line);
  g_assert_cmpuint (kt_deck_count_cards (big_deck), ==, 1);

  /* Repeated tags are found through a set: 20 000 of them, each twice. */
  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (many, "%st%u", i > 0 ? ", " : "", i % 20000);
  g_string_append (many, "]\n---\n## S\n**Answer:** x\n");
  many_deck = parse_string (many->str, -1, "many.md");
  assert_no_diagnostics (many_deck);
  g_assert_cmpuint (g_strv_length ((char **) kt_topic_get_tags (topic_at (many_deck, 0))), ==, 20000);
  g_assert_cmpstr (kt_topic_get_tags (topic_at (many_deck, 0))[19999], ==, "t19999");
}

/* A note too big for one cmark tree is read a chunk at a time, with the
 * cards and lines of a note read whole: also where a chunk would end in a
 * fence that holds headings. */
static void
test_notes_big (void)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Big\n---\n");
  g_autoptr(KtDeck) deck = NULL;
  g_autofree char *last_title = NULL;
  guint n = 0, line = 4, fence_card = 0, fence_line = 0;
  KtTopic *topic;

  while (text->len < 3 * KT_NOTES_CHUNK_SIZE)
    {
      g_string_append_printf (text, "## Question %u\n\n**Answer:** answer %u, %s\n\n", n, n,
                              "padded to be long enough to make a big note out of a few lines");
      line += 4;
      n++;
      /* Across where the second chunk would end: headings in a fence are code. */
      if (fence_card == 0 && text->len > 2 * KT_NOTES_CHUNK_SIZE - 3000)
        {
          fence_card = n;
          fence_line = line;
          g_string_append_printf (text, "## Fence %u\n\n**Answer:**\n```\n", n);
          for (guint i = 0; i < 350; i++)
            g_string_append (text, "\n## not a heading\n");
          g_string_append (text, "```\n\n");
          line += 4 + 700 + 2;
          n++;
        }
    }

  deck = parse_string (text->str, text->len, "big.md");
  assert_no_diagnostics (deck);
  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Big");
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, n);
  last_title = g_strdup_printf ("Question %u", n - 1);
  g_assert_cmpstr (kt_card_get_title (card_at (topic, n - 1)), ==, last_title);
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, n - 1)), ==, line - 4);
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, fence_card)), ==, fence_line);
  g_assert_true (g_str_has_prefix (kt_card_get_answer (card_at (topic, fence_card)),
                                   "```\n\n## not a heading"));
  g_assert_true (g_str_has_suffix (kt_card_get_answer (card_at (topic, fence_card)),
                                   "## not a heading\n```"));
}

/* -------------------------------------------------------------------------
 * TSV
 * ---------------------------------------------------------------------- */

static void
test_tsv_anki (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("anki-export.txt");
  const char * const *tags;
  KtTopic *topic;
  KtCard *card;

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_TSV);
  assert_diagnostic (deck, 11, KT_SEVERITY_ERROR, "no answer column");
  g_assert_cmpuint (deck->diagnostics->len, ==, 1);

  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "Python");
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "anki-export");
  tags = kt_topic_get_tags (topic);
  g_assert_cmpstr (tags[0], ==, "python");
  g_assert_cmpstr (tags[1], ==, "async");
  g_assert_null (tags[2]);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);

  /* #columns: puts Back first; #html:true makes markdown of the HTML. */
  card = card_at (topic, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What is a **coroutine**?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "A function defined with `async def`.\\\nIt can pause.");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 6);
  g_assert_cmpstr (kt_card_get_tags (card)[0], ==, "python");
  g_assert_cmpstr (kt_card_get_tags (card)[1], ==, "async");

  /* Quoted fields span lines, "" is a quote, a tab inside is text; in
   * HTML, line breaks and tabs are blanks. */
  card = card_at (topic, 1);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What is the event loop?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "A loop that runs callbacks, with \"quotes\" and a tab.");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 7);

  /* Entities, numeric ones too; <div> starts a line. */
  card = card_at (topic, 2);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Compare ABC");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "1 \\< 2 && 3 > 2 is true\\\nsecond line");
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 10);
}

/* Anki's "Notes in Plain Text" with HTML, a guid, a note type, a deck and
 * tags column, an image-only front, sounds and a field no column names. */
static void
test_tsv_anki_notes (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("anki-notes-html.txt");
  KtTopic *python, *asyncio, *art, *file_topic;
  KtCard *card;

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_TSV);
  assert_diagnostic (deck, 8, KT_SEVERITY_WARNING, "[sound:…]");
  assert_diagnostic (deck, 12, KT_SEVERITY_WARNING, "1 row has text in columns");
  g_assert_cmpuint (deck->diagnostics->len, ==, 2);
  g_assert_cmpuint (deck->n_duplicates, ==, 1);

  /* One topic a deck, "::" nesting; rows without a deck stay in the file's. */
  g_assert_cmpuint (deck->topics->len, ==, 4);
  file_topic = topic_at (deck, 0);
  python = topic_at (deck, 1);
  asyncio = topic_at (deck, 2);
  art = topic_at (deck, 3);
  g_assert_cmpstr (kt_topic_get_id (file_topic), ==, "anki-notes-html");
  g_assert_cmpstr (kt_topic_get_id (python), ==, "anki-notes-html/languages/python");
  g_assert_cmpstr (kt_topic_get_title (python), ==, "Python");
  g_assert_cmpstr (kt_topic_get_id (asyncio), ==, "anki-notes-html/languages/python/asyncio");
  g_assert_cmpstr (kt_topic_get_title (asyncio), ==, "Asyncio");
  g_assert_cmpstr (kt_topic_get_id (art), ==, "anki-notes-html/art");
  g_assert_cmpstr (kt_topic_get_title (art), ==, "Art");
  g_assert_cmpuint (kt_topic_get_n_cards (file_topic), ==, 1);
  g_assert_cmpuint (kt_topic_get_n_cards (python), ==, 2);
  g_assert_cmpuint (kt_topic_get_n_cards (asyncio), ==, 1);
  g_assert_cmpuint (kt_topic_get_n_cards (art), ==, 2);
  g_assert_true (g_strv_equal (kt_topic_get_tags (python),
                               (const char *const[]) { "python", "async", NULL }));
  g_assert_true (g_strv_equal (kt_topic_get_tags (art), (const char *const[]) { "art", NULL }));

  card = card_at (python, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What does **asyncio.gather()** return?");
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "A list of results,\\\nin the order of the awaitables.");
  g_assert_cmpstr (kt_card_get_key (card), ==, "f1Jr#7q`P^");
  g_assert_true (g_strv_equal (kt_card_get_tags (card),
                               (const char *const[]) { "python", "async", NULL }));
  g_assert_cmpuint (kt_card_get_source_line (card), ==, 7);

  /* An image is a question; a sound is left out. */
  card = card_at (python, 1);
  g_assert_cmpstr (kt_card_get_question (card), ==, "![](event-loop.png)");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "The *event loop*");

  card = card_at (asyncio, 0);
  g_assert_cmpstr (kt_card_get_answer (card), ==,
                   "`asyncio.run(main())`\n\nCreates a new loop each time.");

  card = card_at (art, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Who painted this?\\\n![](<mona lisa.jpg>)");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "Leonardo da Vinci\n\n- c. 1503–1519\n- Louvre, Paris");
  g_assert_null (kt_card_get_notes (card));

  /* The seventh column, which no header names, is kept in the notes. */
  card = card_at (art, 1);
  g_assert_cmpstr (kt_card_get_answer (card), ==, "Vermeer");
  g_assert_cmpstr (kt_card_get_notes (card), ==, "*Girl with a Pearl Earring*");

  card = card_at (file_topic, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "A card without a deck?");
  g_assert_null (kt_card_get_tags (card)[0]);
}

/* The guid, not the question, makes the id: a reworded question keeps its
 * progress; the same guid with other text is a second card. */
static void
test_tsv_guid (void)
{
  static const char before[] =
    "#separator:tab\n#html:true\n#guid column:1\n"
    "f1Jr#7q`P^\tWhat does <b>gather()</b> return?\tA list\n"
    "zz9\tSame?\tOne\n";
  static const char after[] =
    "#separator:tab\n#html:true\n#guid column:1\n"
    "f1Jr#7q`P^\tWhat does <b>asyncio.gather()</b> return, in order?\tA list\n"
    "zz9\tSame?\tOne\n"
    "zz9\tSame?\tOne\n"
    "zz9\tSame?\tAnother\n";
  g_autoptr(KtDeck) old_deck = parse_string (before, -1, "notes.txt");
  g_autoptr(KtDeck) new_deck = parse_string (after, -1, "notes.txt");
  KtTopic *old_topic = topic_at (old_deck, 0);
  KtTopic *new_topic = topic_at (new_deck, 0);

  assert_no_diagnostics (old_deck);
  g_assert_cmpstr (kt_card_get_id (card_at (old_topic, 0)), ==, kt_card_get_id (card_at (new_topic, 0)));
  g_assert_cmpstr (kt_card_get_id (card_at (old_topic, 1)), ==, kt_card_get_id (card_at (new_topic, 1)));

  g_assert_cmpuint (kt_topic_get_n_cards (new_topic), ==, 3);
  g_assert_cmpuint (new_deck->n_duplicates, ==, 1);
  assert_diagnostic (new_deck, 7, KT_SEVERITY_WARNING, "same note id as on line 5");
  g_assert_cmpstr (kt_card_get_id (card_at (new_topic, 2)), !=, kt_card_get_id (card_at (new_topic, 1)));
}

/* Anki's "Cards in Plain Text" repeats the front above <hr id=answer>. */
static void
test_tsv_anki_cards (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("anki-cards-export.txt");
  KtTopic *topic = topic_at (deck, 0);

  assert_no_diagnostics (deck);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 4);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "Capital of **France**?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==, "Paris");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 1)), ==, "![](flag-jp.png)");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "Japan");
  /* What is above the rule is not the question: it stays, and so does the rule. */
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 2)), ==, "Think!\n\n---\n\n4");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 3)), ==, "What is the GIL?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 3)), ==, "Global interpreter lock");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 3)), ==, 6);
}

/* The separator comes from the content; "#separator:" wins over it and
 * the extension only breaks a tie. */
static void
test_tsv_separator_detection (void)
{
  static const struct {
    const char *text;
    const char *path;
    const char *question;
    const char *answer;
  } cases[] = {
    { "q one;a, with a comma\nq two;a two\n", "semi.csv", "q one", "a, with a comma" },
    { "q one|a one\nq two|a, two\n", "pipes.tsv", "q one", "a one" },
    { "#separator:Comma\nq, one\ta\n", "header.tsv", "q", "one\ta" },
    /* A tie: a comma and a tab in every row. */
    { "q,1\ta\n", "tie.csv", "q", "1\ta" },
    { "q,1\ta\n", "tie.tsv", "q,1", "a" },
  };
  g_autoptr(KtDeck) tabs = parse_fixture ("tab-separated.csv");
  g_autoptr(KtDeck) quoted = parse_fixture ("quoted-comma.csv");
  KtTopic *topic;

  /* The case: a .csv whose rows hold tabs, and commas in the text. */
  assert_no_diagnostics (tabs);
  topic = topic_at (tabs, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "What is a coroutine, briefly?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==,
                   "A function that can pause, resume, and yield control.");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 2)), ==, "Call task.cancel(), then await it.");

  /* Quoted commas, quotes and line breaks; a named third column. */
  topic = topic_at (quoted, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "What is a coroutine, briefly?");
  g_assert_cmpstr (kt_card_get_notes (card_at (topic, 0)), ==, "Source: docs.python.org");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 1)), ==, "What does \"await\" do?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==,
                   "It suspends the coroutine\nuntil the awaitable is done.");
  g_assert_null (kt_card_get_notes (card_at (topic, 1)));
  g_assert_cmpstr (kt_card_get_notes (card_at (topic, 2)), ==, "Source: PEP 492");
  assert_diagnostic (quoted, 2, KT_SEVERITY_WARNING, "2 rows have text in columns");
  g_assert_cmpuint (quoted->diagnostics->len, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtDeck) deck = parse_string (cases[i].text, -1, cases[i].path);
      KtCard *card = card_at (topic_at (deck, 0), 0);

      g_test_message ("case %u: %s", i, cases[i].path);
      g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_TSV);
      g_assert_cmpstr (kt_card_get_question (card), ==, cases[i].question);
      g_assert_cmpstr (kt_card_get_answer (card), ==, cases[i].answer);
    }
}

/* Scripts, media and deep HTML are left out with one warning each. */
static void
test_tsv_html_dropped (void)
{
  g_autoptr(GString) text = g_string_new ("#html:true\n"
                                          "q1\t<script>x()</script>a1<style>b{}</style>\n"
                                          "q2\ta2<video src=v.mp4></video>\n"
                                          "q3\t<script>y()</script>a3<audio></audio>\n"
                                          "q4\tbefore");
  g_autoptr(KtDeck) deck = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "<div>");
  g_string_append (text, "after\n");
  deck = parse_string (text->str, -1, "dropped.txt");

  assert_diagnostic (deck, 2, KT_SEVERITY_WARNING, "scripts and styles");
  assert_diagnostic (deck, 3, KT_SEVERITY_WARNING, "audio, video");
  assert_diagnostic (deck, 5, KT_SEVERITY_WARNING, "more than 100 levels");
  g_assert_cmpuint (deck->diagnostics->len, ==, 3);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 4);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic_at (deck, 0), 3)), ==, "before");
}

static void
test_tsv_separators (void)
{
  struct {
    const char *text;
    const char *question;
    const char *answer;
    const char *notes;
  } cases[] = {
    { "#separator:Comma\nq, one,\"a,1\"\n", "q", "one", "a,1" },
    { "#separator:Semicolon\nq;a;more\n", "q", "a", "more" },
    { "#separator:Pipe\nq|a\n", "q", "a", NULL },
    { "#separator:Space\nq a\n", "q", "a", NULL },
    { "#separator:Tab\nq\ta b\n", "q", "a b", NULL },
    { "#separator:/\nq/a\n", "q", "a", NULL },
    { "#separator:,\n\"q, quoted\",a\n", "q, quoted", "a", NULL },
    { "q\ta\n", "q", "a", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtDeck) deck = parse_string (cases[i].text, -1, "sep.txt");
      KtCard *card;

      g_test_message ("case %u: %s", i, cases[i].text);
      if (cases[i].notes != NULL)
        {
          assert_diagnostic (deck, 2, KT_SEVERITY_WARNING, "kept in the card's notes");
          g_assert_cmpuint (deck->diagnostics->len, ==, 1);
        }
      else
        assert_no_diagnostics (deck);
      g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_TSV);
      card = card_at (topic_at (deck, 0), 0);
      g_assert_cmpstr (kt_card_get_question (card), ==, cases[i].question);
      g_assert_cmpstr (kt_card_get_answer (card), ==, cases[i].answer);
      g_assert_cmpstr (kt_card_get_notes (card), ==, cases[i].notes);
    }
}

static void
test_tsv_html_false (void)
{
  static const char text[] = "#separator:tab\n#html:false\nIs 1 &lt; 2?\t<b>yes</b> &amp; 3 > 2<br>\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "literal.txt");
  KtCard *card = card_at (topic_at (deck, 0), 0);

  assert_no_diagnostics (deck);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Is 1 &lt; 2?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "<b>yes</b> &amp; 3 > 2<br>");
}

static void
test_tsv_quoting (void)
{
  static const char text[] =
    "Front\tBack\n"
    "\"one\nline two\"\t\"say \"\"hi\"\"\"\n"
    "q3\ta3\n"
    "\"never closed\ta4\n"
    "q5\ta5\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "quoted.tsv");
  KtTopic *topic = topic_at (deck, 0);

  /* The header row names the columns and is not a card. */
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 4);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "one\nline two");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==, "say \"hi\"");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 0)), ==, 2);
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 1)), ==, 4);
  /* An unclosed quote is reported and read as text; the rest still loads. */
  assert_diagnostic (deck, 5, KT_SEVERITY_ERROR, "never closed");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 2)), ==, "\"never closed");
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 3)), ==, "q5");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 3)), ==, 6);
}

/* -------------------------------------------------------------------------
 * JSON
 * ---------------------------------------------------------------------- */

static void
assert_same_decks (KtDeck *a,
                   KtDeck *b)
{
  g_assert_cmpuint (a->topics->len, ==, b->topics->len);
  for (guint t = 0; t < a->topics->len; t++)
    {
      KtTopic *ta = topic_at (a, t);
      KtTopic *tb = topic_at (b, t);

      g_assert_cmpstr (kt_topic_get_id (ta), ==, kt_topic_get_id (tb));
      g_assert_cmpstr (kt_topic_get_title (ta), ==, kt_topic_get_title (tb));
      g_assert_true (g_strv_equal (kt_topic_get_tags (ta), kt_topic_get_tags (tb)));
      g_assert_cmpuint (kt_topic_get_n_cards (ta), ==, kt_topic_get_n_cards (tb));
      for (guint c = 0; c < kt_topic_get_n_cards (ta); c++)
        {
          KtCard *ca = card_at (ta, c);
          KtCard *cb = card_at (tb, c);

          g_assert_cmpstr (kt_card_get_id (ca), ==, kt_card_get_id (cb));
          g_assert_cmpstr (kt_card_get_topic_id (ca), ==, kt_card_get_topic_id (cb));
          g_assert_cmpstr (kt_card_get_title (ca), ==, kt_card_get_title (cb));
          g_assert_cmpstr (kt_card_get_context (ca), ==, kt_card_get_context (cb));
          g_assert_cmpstr (kt_card_get_question (ca), ==, kt_card_get_question (cb));
          g_assert_cmpstr (kt_card_get_answer (ca), ==, kt_card_get_answer (cb));
          g_assert_cmpstr (kt_card_get_summary (ca), ==, kt_card_get_summary (cb));
          g_assert_cmpstr (kt_card_get_notes (ca), ==, kt_card_get_notes (cb));
        }
    }
}

static void
test_json_round_trip (void)
{
  KtDeck *sources[] = {
    parse_seed (SEED_QA),
    parse_seed (SEED_NOTES),
    parse_fixture ("qa-english.txt"),      /* two topics */
    parse_fixture ("notes-english.md"),    /* tags */
    parse_fixture ("anki-export.txt"),
    parse_fixture ("anki-notes-html.txt"),  /* deck topics, card tags and keys */
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *json = kt_deck_to_json (sources[i]);
      g_autoptr(KtDeck) again = parse_string (json, -1, "/elsewhere/exported.json");
      g_autofree char *json_again = NULL;

      g_assert_true (g_utf8_validate (json, -1, NULL));
      g_assert_true (g_str_has_suffix (json, "}\n"));
      g_assert_cmpint (kt_formats_detect (json, strlen (json), "x.txt"), ==,
                       KT_DECK_FORMAT_JSON);
      assert_no_diagnostics (again);
      g_assert_cmpint (again->format, ==, KT_DECK_FORMAT_JSON);
      assert_same_decks (sources[i], again);

      /* Writing it again gives the same text. */
      json_again = kt_deck_to_json (again);
      g_assert_cmpstr (json, ==, json_again);
      kt_deck_free (sources[i]);
    }
}

/* Card tags and keys: a key, not the question, makes the id. */
static void
test_json_card_tags_and_key (void)
{
  static const char before[] =
    "{\"format\": \"kartoteka-deck\", \"version\": 1, \"topic\": {\"id\": \"t\"}, \"cards\": [\n"
    "  {\"question\": \"Capital of France?\", \"answer\": \"Paris\", \"tags\": [\"geo\", \"eu\"],"
    "   \"key\": \"f1Jr#7q`P^\"},\n"
    "  {\"question\": \"Q2\", \"answer\": \"A2\", \"tags\": \"geo\", \"key\": 7}]}\n";
  static const char after[] =
    "{\"format\": \"kartoteka-deck\", \"version\": 1, \"topic\": {\"id\": \"t\"}, \"cards\": [\n"
    "  {\"question\": \"What is the capital of France?\", \"answer\": \"Paris\","
    "   \"key\": \"f1Jr#7q`P^\"}]}\n";
  g_autoptr(KtDeck) deck = parse_string (before, -1, "keys.json");
  g_autoptr(KtDeck) reworded = parse_string (after, -1, "keys.json");
  KtCard *card = card_at (topic_at (deck, 0), 0);
  KtCard *other = card_at (topic_at (deck, 0), 1);

  g_assert_cmpstr (kt_card_get_tags (card)[0], ==, "geo");
  g_assert_cmpstr (kt_card_get_tags (card)[1], ==, "eu");
  g_assert_null (kt_card_get_tags (card)[2]);
  g_assert_cmpstr (kt_card_get_key (card), ==, "f1Jr#7q`P^");
  g_assert_cmpstr (kt_card_get_id (card), ==, kt_card_get_id (card_at (topic_at (reworded, 0), 0)));

  /* Wrong types are reported and ignored. */
  assert_diagnostic (deck, 3, KT_SEVERITY_WARNING, "“tags” must be a list of strings");
  assert_diagnostic (deck, 3, KT_SEVERITY_WARNING, "“key” must be a string");
  g_assert_null (kt_card_get_tags (other)[0]);
  g_assert_null (kt_card_get_key (other));
}

static void
test_json_format (void)
{
  g_autoptr(KtDeck) deck = parse_seed (SEED_NOTES);
  g_autofree char *json = kt_deck_to_json (deck);

  /* Pretty, UTF-8 as it is (not \u escapes), the documented members. */
  g_assert_nonnull (strstr (json, "\"format\" : \"kartoteka-deck\""));
  g_assert_nonnull (strstr (json, "\"version\" : 1"));
  g_assert_nonnull (strstr (json, "\"topic\" : {"));
  g_assert_nonnull (strstr (json, "\"title\" : \"Threads, Processes и AsyncIO\""));
  g_assert_nonnull (strstr (json, "\n  \"cards\" : ["));
  g_assert_null (strstr (json, "\\u04"));
}

static void
test_json_wrong_types (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("json-wrong-types.json");
  KtTopic *topic;

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_JSON);
  assert_diagnostic (deck, 4, KT_SEVERITY_WARNING, "“title” must be a string");
  assert_diagnostic (deck, 4, KT_SEVERITY_WARNING, "“tags”");
  assert_diagnostic (deck, 7, KT_SEVERITY_ERROR, "card 2: “question” must be a string");
  assert_diagnostic (deck, 8, KT_SEVERITY_ERROR, "card 3 is not a JSON object");
  assert_diagnostic (deck, 9, KT_SEVERITY_ERROR, "card 4: “answer” must be a string");
  assert_diagnostic (deck, 10, KT_SEVERITY_WARNING, "card 5: “summary” must be a string");
  assert_diagnostic (deck, 11, KT_SEVERITY_ERROR, "card 6 has no “question”");

  topic = topic_at (deck, 0);
  g_assert_cmpstr (kt_topic_get_id (topic), ==, "wrong-types");
  g_assert_cmpstr (kt_topic_get_title (topic), ==, "json-wrong-types");
  g_assert_cmpstr (kt_topic_get_tags (topic)[0], ==, "ok");
  g_assert_null (kt_topic_get_tags (topic)[1]);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 2);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 0)), ==, "First?");
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 0)), ==, 6);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 1)), ==, "Fifth?");
  g_assert_null (kt_card_get_summary (card_at (topic, 1)));
}

static void
test_json_errors (void)
{
  static const char syntax[] =
    "{\n  \"format\": \"kartoteka-deck\",\n  \"cards\": [\n    {\"question\": \"a\" \"answer\": \"b\"}\n  ]\n}\n";
  g_autoptr(KtDeck) broken = parse_string (syntax, -1, "broken.json");
  g_autoptr(KtDeck) other = parse_string ("{\"format\": \"something-else\"}", -1, "other.json");
  g_autoptr(KtDeck) no_cards = parse_string ("{\"format\": \"kartoteka-deck\", \"version\": 1}",
                                             -1, "none.json");
  g_autoptr(KtDeck) newer = parse_string ("{\"format\": \"kartoteka-deck\", \"version\": 7, "
                                          "\"cards\": [{\"question\": \"q\", \"answer\": \"a\"}]}",
                                          -1, "newer.json");

  g_assert_cmpint (broken->format, ==, KT_DECK_FORMAT_JSON);
  assert_diagnostic (broken, 4, KT_SEVERITY_ERROR, "not valid JSON");
  g_assert_cmpuint (broken->topics->len, ==, 0);

  assert_diagnostic (other, 1, KT_SEVERITY_ERROR, "not a Kartoteka deck");
  g_assert_cmpuint (other->topics->len, ==, 0);

  g_assert_true (kt_deck_has_errors (no_cards));
  g_assert_cmpuint (no_cards->topics->len, ==, 0);

  assert_diagnostic (newer, 1, KT_SEVERITY_WARNING, "newer");
  g_assert_cmpuint (kt_deck_count_cards (newer), ==, 1);
}

/* -------------------------------------------------------------------------
 * Robust input
 * ---------------------------------------------------------------------- */

static void
test_input_invalid_utf8 (void)
{
  static const char text[] = "1. Good?\nAnswer: yes\n2. Bad \xFF byte?\nAnswer: caf\xC3\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "latin.txt");
  KtTopic *topic;

  assert_diagnostic (deck, 3, KT_SEVERITY_WARNING, "not valid UTF-8");
  assert_diagnostic (deck, 4, KT_SEVERITY_WARNING, "not valid UTF-8");
  g_assert_cmpuint (deck->diagnostics->len, ==, 2);
  g_assert_false (kt_deck_has_errors (deck));

  topic = topic_at (deck, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 2);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 1)), ==, "Bad \xEF\xBF\xBD byte?");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "caf\xEF\xBF\xBD");
}

static void
test_input_binary (void)
{
  static const char with_nul[] = "1. Question?\nAnswer: yes\0\x01\x02\x03 more";
  static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
  g_autoptr(KtDeck) deck = parse_string (with_nul, sizeof with_nul - 1, "x.txt");
  g_autoptr(KtDeck) image = parse_string (png, sizeof png - 1, "deck.txt");

  assert_diagnostic (deck, 0, KT_SEVERITY_ERROR, "binary file");
  g_assert_cmpuint (deck->topics->len, ==, 0);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 0);

  assert_diagnostic (image, 0, KT_SEVERITY_ERROR, "binary file");
  g_assert_cmpuint (image->topics->len, ==, 0);
}

static void
test_input_empty (void)
{
  g_autoptr(KtDeck) empty = parse_string ("", 0, "empty.txt");
  g_autoptr(KtDeck) blank = parse_string (" \n\t\r\n  ", -1, "blank.txt");
  g_autoptr(KtDeck) bom = parse_string ("\xEF\xBB\xBF", -1, "bom.txt");
  g_autoptr(KtDeck) prose = parse_string ("Just some prose.\nNothing else.\n", -1, "prose.txt");

  assert_diagnostic (empty, 0, KT_SEVERITY_ERROR, "empty");
  g_assert_cmpuint (empty->diagnostics->len, ==, 1);
  g_assert_cmpuint (empty->topics->len, ==, 0);
  assert_diagnostic (blank, 0, KT_SEVERITY_ERROR, "white space");
  g_assert_cmpuint (blank->topics->len, ==, 0);
  assert_diagnostic (bom, 0, KT_SEVERITY_ERROR, "empty");
  g_assert_cmpint (prose->format, ==, KT_DECK_FORMAT_UNKNOWN);
  g_assert_true (kt_deck_has_errors (prose));
  g_assert_cmpuint (prose->topics->len, ==, 0);
}

static void
test_input_utf16 (void)
{
  /* "1. Q?\nA: ответ\n" in UTF-16LE with a BOM, as Windows Notepad saves. */
  static const char text[] =
    "\xFF\xFE" "1\0.\0 \0Q\0?\0\n\0A\0:\0 \0" "\x3E\x04\x42\x04\x32\x04\x35\x04\x42\x04" "\n\0";
  g_autoptr(KtDeck) deck = parse_string (text, sizeof text - 1, "windows.txt");
  KtCard *card;

  assert_no_diagnostics (deck);
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  card = card_at (topic_at (deck, 0), 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "Q?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "ответ");
}

static void
test_input_missing_file (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "no-such-deck.txt", NULL);
  g_autoptr(KtDeck) deck = parse_path (path);
  KtDiagnostic *d;

  g_assert_cmpuint (deck->diagnostics->len, ==, 1);
  d = &g_array_index (deck->diagnostics, KtDiagnostic, 0);
  g_assert_cmpuint (d->line, ==, 0);
  g_assert_cmpint (d->severity, ==, KT_SEVERITY_ERROR);
  /* The path is the deck's; the message says what is wrong with it. */
  g_assert_cmpstr (d->message, ==, "there is no such file");
  g_assert_cmpuint (deck->topics->len, ==, 0);
  g_assert_cmpstr (deck->path, ==, path);
}

static void
test_input_many_items (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(KtDeck) deck = NULL;
  KtTopic *topic;

  for (guint i = 1; i <= 20000; i++)
    g_string_append_printf (text, "%u. Question %u?\nОтвет: Answer %u\nmore %u\n\n", i, i % 5000, i % 5000, i % 5000);
  deck = parse_string (text->str, text->len, "big.txt");
  g_string_free (text, TRUE);

  assert_no_diagnostics (deck);
  topic = topic_at (deck, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 5000);
  g_assert_cmpuint (deck->n_duplicates, ==, 15000);
  g_assert_cmpuint (kt_card_get_source_line (card_at (topic, 4999)), ==, 4999 * 4 + 1);
}

/* -------------------------------------------------------------------------
 * Duplicates and ids
 * ---------------------------------------------------------------------- */

static void
test_ids_stable (void)
{
  g_autoptr(KtDeck) before = parse_string ("1. Alpha?\nA: one\n2. Beta?\nA: two\n3. Gamma?\nA: three\n",
                                           -1, "d.txt");
  g_autoptr(KtDeck) edited = parse_string ("1. Alpha?\nA: one, but longer\n2. Beta?\nA: two\n"
                                           "3. Gamma?\nA: three\n", -1, "d.txt");
  g_autoptr(KtDeck) reordered = parse_string ("1. Gamma?\nA: three\n2.   alpha?  \nA: one\n"
                                              "3. Beta?\nA: two\n", -1, "d.txt");
  g_autoptr(KtDeck) other_file = parse_string ("1. Alpha?\nA: one\n", -1, "other.txt");
  KtTopic *b = topic_at (before, 0);
  KtTopic *e = topic_at (edited, 0);
  KtTopic *r = topic_at (reordered, 0);

  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (kt_card_get_id (card_at (b, i)), ==, kt_card_get_id (card_at (e, i)));
  g_assert_cmpstr (kt_card_get_answer (card_at (e, 0)), ==, "one, but longer");

  /* Reordered (and re-spaced, re-cased): the same ids, found by id. */
  g_assert_cmpstr (kt_card_get_id (card_at (b, 0)), ==, kt_card_get_id (card_at (r, 1)));
  g_assert_cmpstr (kt_card_get_id (card_at (b, 1)), ==, kt_card_get_id (card_at (r, 2)));
  g_assert_cmpstr (kt_card_get_id (card_at (b, 2)), ==, kt_card_get_id (card_at (r, 0)));
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (kt_topic_find_card (r, kt_card_get_id (card_at (b, i))));

  /* The topic is part of the id. */
  g_assert_cmpstr (kt_card_get_id (card_at (b, 0)), !=,
                   kt_card_get_id (card_at (topic_at (other_file, 0), 0)));
}

static void
test_duplicates (void)
{
  static const char text[] =
    "1. What is X?\nA: X is a letter.\n"
    "2. What is X? (variant 2)\nA: x  is a LETTER.\n"     /* same, merged */
    "3. what is x?\nA: X is a letter.\n"                  /* same, merged */
    "4. What is X?\nA: X is something else.\n"            /* kept, warned */
    "5. What is Y?\nA: X is a letter.\n";                 /* a different card */
  g_autoptr(KtDeck) deck = parse_string (text, -1, "dups.txt");
  g_autofree char *plain_id = kt_text_card_id ("dups", "What is X?");
  g_autofree char *answer_id = kt_text_card_id ("dups", "What is X?\nX is something else.");
  KtTopic *topic = topic_at (deck, 0);

  g_assert_cmpuint (deck->n_duplicates, ==, 2);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  assert_diagnostic (deck, 7, KT_SEVERITY_WARNING, "line 1");
  g_assert_cmpuint (deck->diagnostics->len, ==, 1);

  g_assert_cmpstr (kt_card_get_id (card_at (topic, 0)), ==, plain_id);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "X is something else.");
  g_assert_cmpstr (kt_card_get_id (card_at (topic, 1)), ==, answer_id);
  g_assert_cmpstr (kt_card_get_question (card_at (topic, 2)), ==, "What is Y?");
}

/* Each answer to a repeated question is compared with all before it. */
static void
test_duplicates_repeated_question (void)
{
  static const char text[] =
    "1. Q?\nA: one\n"
    "2. Q?\nA: two\n"
    "3. Q?\nA: ONE\n"             /* merged into 1 */
    "4. Q?\nA: three\n"
    "5. Q?\nA: two \n"            /* merged into 2 */
    "6. Q?\nA: three\n";          /* merged into 4 */
  g_autoptr(KtDeck) deck = parse_string (text, -1, "repeat.txt");
  KtTopic *topic = topic_at (deck, 0);

  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 3);
  g_assert_cmpuint (deck->n_duplicates, ==, 3);
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 0)), ==, "one");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 1)), ==, "two");
  g_assert_cmpstr (kt_card_get_answer (card_at (topic, 2)), ==, "three");
  assert_diagnostic (deck, 3, KT_SEVERITY_WARNING, "line 1");
  assert_diagnostic (deck, 7, KT_SEVERITY_WARNING, "line 1");
  g_assert_cmpuint (deck->diagnostics->len, ==, 2);
}

static void
test_duplicates_per_topic (void)
{
  static const char text[] = "# One\n1. Q?\nA: a\n# Two\n2. Q?\nA: a\n3. Q?\nA: a\n";
  g_autoptr(KtDeck) deck = parse_string (text, -1, "t.txt");

  assert_no_diagnostics (deck);
  g_assert_cmpuint (deck->topics->len, ==, 2);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 2);
  g_assert_cmpuint (deck->n_duplicates, ==, 1);
  g_assert_cmpstr (kt_card_get_id (card_at (topic_at (deck, 0), 0)), !=,
                   kt_card_get_id (card_at (topic_at (deck, 1), 0)));
}

/* -------------------------------------------------------------------------
 * Format detection
 * ---------------------------------------------------------------------- */

static void
test_detect (void)
{
  struct {
    const char   *text;
    const char   *filename;
    KtDeckFormat  format;
  } cases[] = {
    { "1. Q?\nОтвет: A\n", "deck.json", KT_DECK_FORMAT_QA },
    { "\xEF\xBB\xBF" "1) Q?\r\nAnswer: A\r\n", NULL, KT_DECK_FORMAT_QA },
    { "---\ntitle: x\n---\ntext\n", "deck.txt", KT_DECK_FORMAT_NOTES },
    { "## Heading\n**Answer:** x\n1. a list\n", "deck.tsv", KT_DECK_FORMAT_NOTES },
    { "## Heading\ntext\n", NULL, KT_DECK_FORMAT_NOTES },
    { "#separator:Comma\nq,a\n", "deck.md", KT_DECK_FORMAT_TSV },
    { "#html:true\nq\ta\n", NULL, KT_DECK_FORMAT_TSV },
    { "q\ta\nq2\ta2\n", "deck.md", KT_DECK_FORMAT_TSV },
    { "  {\n \"format\": \"kartoteka-deck\" }", "deck.txt", KT_DECK_FORMAT_JSON },
    { "{\"cards\": []}", NULL, KT_DECK_FORMAT_JSON },
    { "Some prose.\n", "deck.txt", KT_DECK_FORMAT_UNKNOWN },
    { "Some prose.\n", "deck.md", KT_DECK_FORMAT_NOTES },
    { "q,a\n", "deck.csv", KT_DECK_FORMAT_TSV },
    { "```\n1. Q?\nAnswer: in a fence\n```\n", "x.txt", KT_DECK_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (kt_formats_detect (cases[i].text, strlen (cases[i].text),
                                              cases[i].filename), ==, cases[i].format);
    }

  g_assert_cmpstr (kt_deck_format_to_string (KT_DECK_FORMAT_QA), ==, "qa");
  g_assert_cmpstr (kt_deck_format_to_string (KT_DECK_FORMAT_NOTES), ==, "notes");
  g_assert_cmpstr (kt_deck_format_to_string (KT_DECK_FORMAT_TSV), ==, "tsv");
  g_assert_cmpstr (kt_deck_format_to_string (KT_DECK_FORMAT_JSON), ==, "json");
  g_assert_cmpstr (kt_deck_format_to_string (KT_DECK_FORMAT_UNKNOWN), ==, "unknown");
}

static void
test_detect_misleading_extension (void)
{
  g_autoptr(KtDeck) qa = parse_fixture ("misnamed-qa.json");
  g_autoptr(KtDeck) notes = parse_fixture ("misnamed-notes.tsv");
  g_autoptr(KtDeck) tsv = parse_fixture ("misnamed-tsv.md");

  g_assert_cmpint (qa->format, ==, KT_DECK_FORMAT_QA);
  g_assert_cmpuint (kt_deck_count_cards (qa), ==, 4);
  assert_no_diagnostics (qa);
  g_assert_cmpint (notes->format, ==, KT_DECK_FORMAT_NOTES);
  g_assert_cmpuint (kt_deck_count_cards (notes), ==, 4);
  assert_no_diagnostics (notes);
  g_assert_cmpint (tsv->format, ==, KT_DECK_FORMAT_TSV);
  g_assert_cmpuint (kt_deck_count_cards (tsv), ==, 2);
  g_assert_cmpstr (kt_card_get_question (card_at (topic_at (tsv, 0), 0)), ==, "1. Question?");
}

/* -------------------------------------------------------------------------
 * The deck struct
 * ---------------------------------------------------------------------- */

static void
test_deck_new_free (void)
{
  g_autoptr(KtDeck) deck = kt_deck_new ("some/path.txt");
  g_autoptr(KtTopic) topic = kt_topic_new ("t", "T");
  g_autofree char *json = NULL;

  g_assert_cmpstr (deck->path, ==, "some/path.txt");
  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_UNKNOWN);
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 0);
  g_assert_false (kt_deck_has_errors (deck));

  kt_deck_add_diagnostic (deck, 3, KT_SEVERITY_WARNING, "a %s", "warning");
  g_assert_false (kt_deck_has_errors (deck));
  kt_deck_add_diagnostic (deck, 4, KT_SEVERITY_ERROR, "an error %u", 7u);
  g_assert_true (kt_deck_has_errors (deck));
  g_assert_cmpstr (g_array_index (deck->diagnostics, KtDiagnostic, 1).message, ==, "an error 7");

  g_ptr_array_add (deck->topics, g_object_ref (topic));
  json = kt_deck_to_json (deck);
  g_assert_nonnull (strstr (json, "\"id\" : \"t\""));
  g_assert_nonnull (strstr (json, "\"cards\" : ["));

  kt_deck_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/deck/seed/qa", test_seed_qa);
  g_test_add_func ("/deck/seed/notes", test_seed_notes);
  g_test_add_func ("/deck/qa/english", test_qa_english);
  g_test_add_func ("/deck/qa/topics", test_qa_topics);
  g_test_add_func ("/deck/qa/literal-characters", test_qa_literal_characters);
  g_test_add_func ("/deck/qa/crlf-bom", test_qa_crlf_bom);
  g_test_add_func ("/deck/qa/malformed", test_qa_malformed);
  g_test_add_func ("/deck/qa/separators-empty-answer", test_qa_separators_and_empty_answer);
  g_test_add_func ("/deck/notes/english", test_notes_english);
  g_test_add_func ("/deck/notes/crlf-bom-fences", test_notes_crlf_bom_fences);
  g_test_add_func ("/deck/notes/topic-title", test_notes_topic_title);
  g_test_add_func ("/deck/topic-id-from-path", test_topic_id_from_path);
  g_test_add_func ("/deck/notes/frontmatter-problems", test_notes_frontmatter_problems);
  g_test_add_func ("/deck/notes/frontmatter-keys", test_notes_frontmatter_keys);
  g_test_add_func ("/deck/notes/frontmatter-limits", test_notes_frontmatter_limits);
  g_test_add_func ("/deck/notes/big", test_notes_big);
  g_test_add_func ("/deck/tsv/anki", test_tsv_anki);
  g_test_add_func ("/deck/tsv/anki-notes", test_tsv_anki_notes);
  g_test_add_func ("/deck/tsv/guid", test_tsv_guid);
  g_test_add_func ("/deck/tsv/anki-cards", test_tsv_anki_cards);
  g_test_add_func ("/deck/tsv/separator-detection", test_tsv_separator_detection);
  g_test_add_func ("/deck/tsv/html-dropped", test_tsv_html_dropped);
  g_test_add_func ("/deck/tsv/separators", test_tsv_separators);
  g_test_add_func ("/deck/tsv/html-false", test_tsv_html_false);
  g_test_add_func ("/deck/tsv/quoting", test_tsv_quoting);
  g_test_add_func ("/deck/json/round-trip", test_json_round_trip);
  g_test_add_func ("/deck/json/format", test_json_format);
  g_test_add_func ("/deck/json/card-tags-and-key", test_json_card_tags_and_key);
  g_test_add_func ("/deck/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/deck/json/errors", test_json_errors);
  g_test_add_func ("/deck/input/invalid-utf8", test_input_invalid_utf8);
  g_test_add_func ("/deck/input/binary", test_input_binary);
  g_test_add_func ("/deck/input/empty", test_input_empty);
  g_test_add_func ("/deck/input/utf16", test_input_utf16);
  g_test_add_func ("/deck/input/missing-file", test_input_missing_file);
  g_test_add_func ("/deck/input/many-items", test_input_many_items);
  g_test_add_func ("/deck/ids/stable", test_ids_stable);
  g_test_add_func ("/deck/duplicates/merged", test_duplicates);
  g_test_add_func ("/deck/duplicates/per-topic", test_duplicates_per_topic);
  g_test_add_func ("/deck/duplicates/repeated-question", test_duplicates_repeated_question);
  g_test_add_func ("/deck/detect/content", test_detect);
  g_test_add_func ("/deck/detect/misleading-extension", test_detect_misleading_extension);
  g_test_add_func ("/deck/deck/new-free", test_deck_new_free);

  return g_test_run ();
}
