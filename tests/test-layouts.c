/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The layouts of real notes (issue 17): sub-sections with labels, labels
 * owning what follows them, heading cards, question/answer pairs and
 * numbered questions without labels, in markdown notes and in plain text,
 * and the warnings for what the parsers cannot split. Each fixture in
 * tests/data/decks/ is checked card by card, every field, and with every
 * diagnostic it gives.
 */

#include <string.h>

#include "kt-formats.h"

typedef struct {
  guint       line;
  const char *context;
  const char *title;
  const char *question;
  const char *answer;
  const char *summary;
  const char *notes;
} Card;

typedef struct {
  guint       line;
  KtSeverity  severity;
  const char *text;       /* part of the message */
} Diagnostic;

static KtDeck *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "decks", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return kt_formats_parse_file (file, NULL);
}

static KtDeck *
parse_string (const char *text,
              const char *path)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return kt_formats_parse_bytes (bytes, path);
}

/* The deck has one topic holding exactly @cards, field by field. */
static void
assert_cards (KtDeck     *deck,
              const Card *cards,
              guint       n_cards)
{
  KtTopic *topic;

  g_assert_cmpuint (deck->topics->len, ==, 1);
  topic = g_ptr_array_index (deck->topics, 0);
  for (guint i = 0; i < kt_topic_get_n_cards (topic); i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      g_test_message ("card %u: line %u, question “%s”", i, kt_card_get_source_line (card),
                      kt_card_get_question (card));
    }
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, n_cards);

  for (guint i = 0; i < n_cards; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      g_test_message ("checking card %u", i);
      g_assert_cmpuint (kt_card_get_source_line (card), ==, cards[i].line);
      g_assert_cmpstr (kt_card_get_context (card), ==, cards[i].context);
      g_assert_cmpstr (kt_card_get_title (card), ==, cards[i].title);
      g_assert_cmpstr (kt_card_get_question (card), ==, cards[i].question);
      g_assert_cmpstr (kt_card_get_answer (card), ==, cards[i].answer);
      g_assert_cmpstr (kt_card_get_summary (card), ==, cards[i].summary);
      g_assert_cmpstr (kt_card_get_notes (card), ==, cards[i].notes);
    }
}

/* The deck's diagnostics are exactly @expected, in order. */
static void
assert_diagnostics (KtDeck           *deck,
                    const Diagnostic *expected,
                    guint             n_expected)
{
  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_test_message ("diagnostic %u: line %u: %s", i, d->line, d->message);
    }
  g_assert_cmpuint (deck->diagnostics->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpint (d->severity, ==, expected[i].severity);
      g_assert_nonnull (strstr (d->message, expected[i].text));
    }
}

/* -------------------------------------------------------------------------
 * Knowledge-base notes
 * ---------------------------------------------------------------------- */

/* One "##" grouping "###" sub-sections, each with its own labels: a card
 * each, the "##" their breadcrumb, at any depth to "####". */
static void
test_notes_sub_sections (void)
{
  static const Card cards[] = {
    { 12, "Классические паттерны", "Factory", "Зачем нужна фабрика?",
      "Чтобы код зависел от интерфейса, а не от конструктора.",
      "Создаёт объекты, не называя их конкретный класс.", NULL },
    { 20, "Классические паттерны", "Singleton", "Чем плох Singleton?",
      "- глобальное состояние;\n- его трудно подменить в тестах.",
      "Один экземпляр на процесс.", NULL },
    /* A summary with a lead-in, a list and paragraphs keeps them all. */
    { 30, "Классические паттерны", "Observer", "Где Observer встречается в Python?",
      "Сигналы Django, `asyncio.Future.add_done_callback()`.",
      "Observer описывает компромисс между:\n- связностью издателя и подписчиков;\n"
      "- порядком доставки событий.\n\nИздатель не знает, кто его слушает.\n\n"
      "Подписчики не знают друг о друге.", NULL },
    /* The grouping heading's own text is the notes of its first card; a
     * sub-heading without labels is part of the answer it follows. */
    { 48, "Архитектурные паттерны", "Repository", "Что делает Repository?",
      "Прячет хранилище за интерфейсом коллекции.\n\n#### Пример\n\n"
      "```python\nclass UserRepository:\n    def get(self, user_id): ...\n```",
      NULL, "Паттерны уровня приложения, а не класса." },
    { 67, "Конкурентность › Асинхронные", "Producer–Consumer",
      "Как связать производителя и потребителя?", "Через очередь: `asyncio.Queue`.",
      NULL, NULL },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-patterns.md");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (deck->topics, 0)), ==,
                   "Programming Patterns");
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, NULL, 0);
}

/* Grouping headings at every depth: their text waits for the first card
 * below them, and is a card itself if none comes; a heading with only a
 * summary groups the cards below it too. With two "#" headings, they are
 * context; "#####" is text. */
static void
test_notes_groups (void)
{
  static const Card cards[] = {
    { 7, "First part › A › B", "C", "c?", "c.", NULL, "Intro of A.\n\nIntro of B." },
    { 11, "First part", "D", "D", "Intro of D, nothing below has text.", NULL, NULL },
    { 17, "First part › Summary only", "F", "f?", "f.", NULL, "overview of the group" },
    { 23, "Second part", "Setext question?", "Setext question?",
      "Setext answer.\n\n##### deep heading is text", NULL, NULL },
  };
  static const Diagnostic diagnostics[] = {
    { 13, KT_SEVERITY_WARNING, "“E” has no answer" },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-groups.md");

  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
}

/* Headings as questions, two levels deep, without labels. */
static void
test_notes_heading_cards (void)
{
  static const Card cards[] = {
    { 7, "Basics", "What is the GIL?", "What is the GIL?",
      "A mutex that lets one thread at a time run Python bytecode.", NULL, NULL },
    /* The number is not part of the question; `code` stays code. */
    { 11, "Basics", "2. What does is compare?", "What does `is` compare?",
      "Identity, not equality:\n\n```python\na = [1]; b = [1]\na is b   # False\n```",
      NULL, NULL },
    { 26, "Concurrency › Threads", "When do threads help?", "When do threads help?",
      "With I/O-bound work: the GIL is released while waiting.", NULL,
      "Everything about threads and coroutines." },
    { 30, "Concurrency › Threads", "Why not for CPU work?", "Why not for CPU work?",
      "Only one thread runs bytecode at a time.", NULL, NULL },
    /* A question with text whose sub-headings are not questions: one
     * whole card. */
    { 34, NULL, "What does asyncio.gather do?", "What does `asyncio.gather` do?",
      "Runs awaitables concurrently and returns their results in order.\n\n### Example\n\n"
      "```python\nresults = await asyncio.gather(a(), b())\n```\n\n### Errors\n\n"
      "With `return_exceptions=True` exceptions come back as results.", NULL, NULL },
    { 50, NULL, "Tooling", "Tooling",
      "Nothing to learn by heart here, just a list:\n\n- `ruff` for linting;\n"
      "- `pytest` for tests.", NULL, NULL },
  };
  static const Diagnostic diagnostics[] = {
    { 48, KT_SEVERITY_WARNING, "“Empty heading” has no answer" },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-headings.md");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
}

/* Question/answer pairs: plain, bold and in list items, both languages; a
 * rule ends an answer, and a lone "A: 4" is a quiz option. */
static void
test_notes_pairs (void)
{
  static const Card cards[] = {
    { 5, "Основы", NULL, "What is the GIL?",
      "A lock that lets one thread run Python bytecode at a time.\n\n"
      "It is released around blocking I/O.", NULL, NULL },
    { 10, "Основы", NULL, "Is `asyncio` parallel?", "No: one thread, many coroutines.",
      NULL, NULL },
    { 15, "Основы", NULL, "Что такое корутина?", "Функция, объявленная через `async def`.",
      NULL, NULL },
    { 20, "Списком", NULL, "Зачем нужен `await`?", "Он отдаёт управление event loop.",
      NULL, NULL },
    { 22, "Списком", NULL, "Что вернёт `asyncio.run()`?",
      "Результат корутины:\n  - значение `return`;\n  - или исключение.", NULL, NULL },
    { 29, "Жирным", NULL, "What does `yield` do?", "It pauses a generator.", NULL, NULL },
    { 32, "Жирным", NULL, "And `yield from`?",
      "Delegates to a sub-generator:\n\n```python\nyield from range(3)\n```", NULL, NULL },
    { 40, NULL, "Викторина", "Викторина", "Which number is prime?\n\nA: 4\nB: 5", NULL, NULL },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-pairs.md");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, NULL, 0);
}

/* Numbered questions without answer labels, plain, bold and as headings;
 * a numbered list in an answer stays in it. */
static void
test_notes_numbered_questions (void)
{
  static const Card cards[] = {
    { 5, "Очереди", NULL, "Что такое брокер?",
      "Сервис, который хранит сообщения: RabbitMQ или Redis.", NULL, NULL },
    { 8, "Очереди", NULL, "Какие шаги проходит задача?",
      "Три шага:\n\n1. попадает в очередь;\n2. её берёт воркер;\n3. результат уходит в backend.",
      NULL, NULL },
    { 16, "Очереди", NULL, "Зачем нужен `acks_late`?",
      "Чтобы задача подтверждалась после выполнения.", NULL, NULL },
    { 20, "Очереди", NULL, "Что такое prefetch?", "Сколько сообщений воркер берёт заранее.",
      NULL, NULL },
    { 25, "Заголовками", "1. Что такое beat?", "Что такое beat?",
      "Планировщик периодических задач.", NULL, NULL },
    { 29, "Заголовками", "2. Где хранится расписание?", "Где хранится расписание?",
      "В `celerybeat-schedule` или в базе.", NULL, NULL },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-numbered-questions.md");

  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, NULL, 0);
}

/* A numbered list with answer labels in a note (here under frontmatter):
 * "Ответ:" marks where an answer starts, the next number ends it. */
static void
test_notes_numbered_with_labels (void)
{
  static const Card cards[] = {
    { 6, NULL, NULL, "What?", "one", NULL, "Intro" },
    { 8, NULL, NULL, "Why?", "two\n- with a list", NULL, NULL },
  };
  g_autoptr(KtDeck) deck = parse_string ("---\ntags: [x]\n---\nIntro\n\n"
                                         "**1. What?**\nОтвет: one\n"
                                         "**2. Why?**\nОтвет: two\n- with a list\n",
                                         "labelled.md");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, NULL, 0);
}

/* Where the layout cannot say, fewer and whole cards, and a warning. */
static void
test_notes_ambiguous (void)
{
  static const Card cards[] = {
    { 5, "Numbered", NULL, "Which steps does the event loop take?",
      "It repeats three:\n\n1. runs the ready callbacks;\n2. Does it poll for I/O?\n"
      "Yes, with a timeout.", NULL, NULL },
    { 13, "Numbered", NULL, "What is a coroutine?",
      "A function defined with `async def`.\n\n5. What is a future?\n"
      "A result that is not there yet.", NULL, NULL },
    { 19, NULL, "One long answer", "Что нужно знать про asyncio?",
      "Много всего.\n\n### Задачи\n\n`asyncio.create_task()` запускает корутину.\n\n"
      "### Очереди\n\n`asyncio.Queue` связывает производителя и потребителя.\n\n"
      "### Таймауты\n\n`asyncio.wait_for()` ограничивает ожидание.", NULL, NULL },
  };
  static const Diagnostic diagnostics[] = {
    { 10, KT_SEVERITY_WARNING, "“2.” could be the next question or an item of the numbered list" },
    { 16, KT_SEVERITY_WARNING, "“5.” looks like a question, but question 3 comes after question 2" },
    { 19, KT_SEVERITY_WARNING, "this card has 3 sub-headings in its answer" },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("notes-ambiguous.md");

  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
  g_assert_false (kt_deck_has_errors (deck));
}

static const Card mixed_cards[] = {
  { 5, NULL, "Event loop", "Что делает event loop?",
    "Переключает корутины на `await`:\n\n```python\n## this is a comment, not a heading\n"
    "Q: not a question either\nloop.run_until_complete(main())\n```",
    "Планирует корутины.", NULL },
  { 24, "Вопросы без меток", "Что такое Task?", "Что такое `Task`?",
    "Обёртка над корутиной, которую event loop запускает сам.", NULL, NULL },
  { 28, "Вопросы без меток", "Как отменить задачу?", "Как отменить задачу?",
    "Вызвать `task.cancel()`; внутри поднимется `CancelledError`.", NULL, NULL },
  { 34, "Быстрые вопросы", NULL, "Что вернёт `asyncio.sleep(0)`?",
    "`None`, но отдаст управление.", NULL, NULL },
  { 37, "Быстрые вопросы", NULL, "Можно ли вызвать `await` вне корутины?",
    "Нет, только в `async def` (или в REPL `python -m asyncio`).", NULL, NULL },
};

/* One note mixing labels, heading cards and pairs, with "##" and "Q:" in
 * a code fence; the same with a BOM and CRLF line ends. */
static void
test_notes_mixed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "decks", "notes-mixed.md",
                                                 NULL);
  g_autofree char *text = NULL;
  g_autofree char *crlf = NULL;
  g_autofree char *bom = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KtDeck) deck = parse_fixture ("notes-mixed.md");
  g_autoptr(KtDeck) windows = NULL;

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_NOTES);
  /* The file's name, not its permalink's slug ("mixed"). */
  g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (deck->topics, 0)), ==, "notes-mixed");
  assert_cards (deck, mixed_cards, G_N_ELEMENTS (mixed_cards));
  assert_diagnostics (deck, NULL, 0);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  crlf = g_strjoinv ("\r\n", lines);
  bom = g_strconcat ("\xEF\xBB\xBF", crlf, NULL);
  windows = parse_string (bom, "notes-mixed.md");
  assert_cards (windows, mixed_cards, G_N_ELEMENTS (mixed_cards));
  assert_diagnostics (windows, NULL, 0);
}

/* -------------------------------------------------------------------------
 * Plain text
 * ---------------------------------------------------------------------- */

static void
test_qa_pairs (void)
{
  static const Card cards[] = {
    { 3, NULL, NULL, "What is the GIL?",
      "A lock that lets one thread run Python bytecode at a time.\n"
      "It is released around blocking I/O.", NULL, NULL },
    { 7, NULL, NULL, "Is `asyncio` parallel?", "No: one thread, many coroutines.", NULL, NULL },
    { 10, NULL, NULL, "Что такое корутина?", "Функция, объявленная через `async def`.",
      NULL, NULL },
    { 13, NULL, NULL, "Что делает `await`?",
      "Отдаёт управление event loop:\n- пока ждёт I/O;\n- пока спит `asyncio.sleep()`.",
      NULL, NULL },
    { 20, NULL, NULL, "Что вернёт `asyncio.run()`?", "Результат корутины.", NULL, NULL },
    { 23, NULL, NULL, "What does `yield` do?", "It pauses a generator.", NULL, NULL },
    { 29, NULL, NULL, "How do you read a file lazily?",
      "```python\nQ: this is code, not a question\nwith open(path) as f:\n"
      "    for line in f: ...\n```", NULL, NULL },
  };
  static const Diagnostic diagnostics[] = {
    { 27, KT_SEVERITY_WARNING, "this text is not part of any card" },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("qa-pairs.txt");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
}

static void
test_qa_numbered_questions (void)
{
  static const Card cards[] = {
    { 3, NULL, NULL, "Что такое брокер?",
      "Сервис, который хранит сообщения: RabbitMQ или Redis.", NULL, NULL },
    { 6, NULL, NULL, "Какие шаги проходит задача?",
      "Три шага:\n1. попадает в очередь;\n2. её берёт воркер;\n3. результат уходит в backend.",
      NULL, NULL },
    { 12, NULL, NULL, "Зачем нужен `acks_late`?",
      "Чтобы задача подтверждалась после выполнения.\nТогда упавший воркер не теряет её.",
      NULL, NULL },
    { 16, NULL, NULL, "Что такое prefetch?", "Сколько сообщений воркер берёт заранее.",
      NULL, NULL },
    /* "2." continues the list; "7." would skip question 6. */
    { 19, NULL, NULL, "Как ограничить частоту задачи?",
      "Опцией `rate_limit`. Например:\n1. `rate_limit=\"10/m\"` — десять в минуту;\n"
      "2. Сколько задач в секунду выйдет?\nНе больше одной в шесть секунд.\n\n"
      "7. Что такое `chord`?\nГруппа задач и колбэк после них.", NULL, NULL },
  };
  static const Diagnostic diagnostics[] = {
    { 25, KT_SEVERITY_WARNING, "“7.” looks like a question, but question 6 comes after question 5" },
  };
  g_autoptr(KtDeck) deck = parse_fixture ("qa-numbered-questions.txt");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
}

/* Headings in a numbered list are the context of the items under them;
 * one in an answer followed by text stays text. */
static void
test_qa_headings (void)
{
  static const Card cards[] = {
    { 2, NULL, NULL, "Before any heading?", "Yes.", NULL, NULL },
    { 6, "Basics", NULL, "What is a coroutine?",
      "A function defined with `async def`.\n\n## Not a heading here\nbut part of the answer.",
      NULL, NULL },
    { 13, "Basics › Tasks", NULL, "What is a task?", "A scheduled coroutine.", NULL, NULL },
    { 17, "Errors", NULL, "What is CancelledError?", "What a cancelled task raises.",
      NULL, NULL },
  };
  g_autoptr(KtDeck) deck = parse_string ("# Asyncio\n1. Before any heading?\nОтвет: Yes.\n\n"
                                         "## Basics\n1. What is a coroutine?\n"
                                         "Ответ: A function defined with `async def`.\n\n"
                                         "## Not a heading here\nbut part of the answer.\n\n"
                                         "### Tasks\n2. What is a task?\nОтвет: A scheduled coroutine.\n\n"
                                         "## Errors\n3. What is CancelledError?\n"
                                         "Ответ: What a cancelled task raises.\n",
                                         "headings.txt");

  g_assert_cmpint (deck->format, ==, KT_DECK_FORMAT_QA);
  g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (deck->topics, 0)), ==, "Asyncio");
  assert_cards (deck, cards, G_N_ELEMENTS (cards));
  assert_diagnostics (deck, NULL, 0);
}

/* -------------------------------------------------------------------------
 * Warnings
 * ---------------------------------------------------------------------- */

/* An answer of over 8 KB is probably several run together. */
static void
test_warning_long_answer (void)
{
  g_autoptr(GString) text = g_string_new ("Q: What is in this long answer?\nA: ");
  g_autoptr(KtDeck) deck = NULL;
  static const Diagnostic diagnostics[] = {
    { 1, KT_SEVERITY_WARNING, "this card's answer is 10 KB long" },
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (text, "Fifty bytes of answer, again and again and again. ");
  deck = parse_string (text->str, "long.txt");

  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 1);
  assert_diagnostics (deck, diagnostics, G_N_ELEMENTS (diagnostics));
}

/* A file with text but no layout that makes cards says which it knows. */
static void
test_warning_no_cards (void)
{
  g_autoptr(KtDeck) notes = parse_string ("---\ntitle: Ideas\n---\nJust some thoughts.\n",
                                          "ideas.md");
  g_autoptr(KtDeck) prose = parse_string ("Just some thoughts.\n", "ideas.txt");
  static const Diagnostic no_cards[] = {
    { 0, KT_SEVERITY_ERROR, "no cards found in this file. Kartoteka reads numbered questions" },
  };
  static const Diagnostic not_a_deck[] = {
    { 0, KT_SEVERITY_ERROR, "this does not look like a deck. Kartoteka reads numbered questions" },
  };

  assert_diagnostics (notes, no_cards, 1);
  assert_diagnostics (prose, not_a_deck, 1);
  for (guint i = 0; i < 2; i++)
    {
      const char *message = g_array_index ((i == 0 ? notes : prose)->diagnostics,
                                           KtDiagnostic, 0).message;

      g_assert_nonnull (strstr (message, "“Q:” and “A:”"));
      g_assert_nonnull (strstr (message, "headings as questions"));
      g_assert_nonnull (strstr (message, "**Вопрос** and **Ответ**"));
      g_assert_nonnull (strstr (message, "tab-separated"));
    }
}

/* -------------------------------------------------------------------------
 * Detection and the JSON deck
 * ---------------------------------------------------------------------- */

static void
test_detect_layouts (void)
{
  struct {
    const char   *text;
    KtDeckFormat  format;
  } cases[] = {
    /* Pairs, bold or in lists, and numbered questions without labels. */
    { "Q: What?\nA: That.\n", KT_DECK_FORMAT_QA },
    { "- **В:** Что?\n- **О:** Это.\n", KT_DECK_FORMAT_QA },
    { "1. What is X?\nX is a thing.\n", KT_DECK_FORMAT_QA },
    { "**1. What is X?**\nX is a thing.\n", KT_DECK_FORMAT_QA },
    /* With headings they are markdown notes. */
    { "## Topic\nQ: What?\nA: That.\n", KT_DECK_FORMAT_NOTES },
    { "### 1. What is X?\nX is a thing.\n", KT_DECK_FORMAT_NOTES },
    { "## Topic\n### Sub\n**Ответ:** x\n", KT_DECK_FORMAT_NOTES },
    /* A bold answer label and a numbered list in notes stay notes. */
    { "## Tasks\n**Answer**: two steps:\n1. create\n2. await\n", KT_DECK_FORMAT_NOTES },
    /* Numbered items with answer labels stay numbered Q&A, headings or not. */
    { "## Part\n1. Q?\nОтвет: A\n", KT_DECK_FORMAT_QA },
    /* A numbered line that is not a question is not a deck. */
    { "1. Buy milk\n2. Call mum\n", KT_DECK_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpint (kt_formats_detect (cases[i].text, strlen (cases[i].text), "deck.txt"), ==,
                       cases[i].format);
    }
}

/* The breadcrumb is written to a JSON deck and read back. */
static void
test_json_context (void)
{
  g_autoptr(KtDeck) deck = parse_fixture ("notes-patterns.md");
  g_autofree char *json = kt_deck_to_json (deck);
  g_autoptr(KtDeck) again = parse_string (json, "patterns.json");
  KtTopic *topic;
  g_autoptr(KtCard) card = NULL;
  g_autoptr(KtCard) original = NULL;

  g_assert_nonnull (strstr (json, "\"context\" : \"Конкурентность › Асинхронные\""));
  g_assert_cmpint (again->format, ==, KT_DECK_FORMAT_JSON);
  assert_diagnostics (again, NULL, 0);
  g_assert_cmpuint (again->topics->len, ==, 1);
  topic = g_ptr_array_index (again->topics, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, 5);
  card = g_list_model_get_item (G_LIST_MODEL (topic), 4);
  original = g_list_model_get_item (G_LIST_MODEL (g_ptr_array_index (deck->topics, 0)), 4);
  g_assert_cmpstr (kt_card_get_context (card), ==, "Конкурентность › Асинхронные");
  g_assert_cmpstr (kt_card_get_id (card), ==, kt_card_get_id (original));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layouts/notes/sub-sections", test_notes_sub_sections);
  g_test_add_func ("/layouts/notes/groups", test_notes_groups);
  g_test_add_func ("/layouts/notes/heading-cards", test_notes_heading_cards);
  g_test_add_func ("/layouts/notes/pairs", test_notes_pairs);
  g_test_add_func ("/layouts/notes/numbered-questions", test_notes_numbered_questions);
  g_test_add_func ("/layouts/notes/numbered-with-labels", test_notes_numbered_with_labels);
  g_test_add_func ("/layouts/notes/ambiguous", test_notes_ambiguous);
  g_test_add_func ("/layouts/notes/mixed", test_notes_mixed);
  g_test_add_func ("/layouts/qa/pairs", test_qa_pairs);
  g_test_add_func ("/layouts/qa/numbered-questions", test_qa_numbered_questions);
  g_test_add_func ("/layouts/qa/headings", test_qa_headings);
  g_test_add_func ("/layouts/warning/long-answer", test_warning_long_answer);
  g_test_add_func ("/layouts/warning/no-cards", test_warning_no_cards);
  g_test_add_func ("/layouts/detect", test_detect_layouts);
  g_test_add_func ("/layouts/json-context", test_json_context);

  return g_test_run ();
}
