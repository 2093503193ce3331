/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bad-input matrix: every parser, the markdown renderer, the library
 * and the stored progress fed what real files and hand-edited settings
 * hold — nothing, binary, broken UTF-8, BOMs, CRLF, NUL bytes, one huge
 * line, a million cards, deep nesting, markup in every field, decks that
 * change or vanish while loaded, folders that cannot be read and values
 * of the wrong shape.  None of it may crash, hang or lose text.
 *
 * Over a thousand lines in one file: one matrix, whose rows share their
 * fixtures.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <json-glib/json-glib.h>

#include "kt-card.h"
#include "kt-formats.h"
#include "kt-library.h"
#include "kt-markdown.h"
#include "kt-progress-json.h"
#include "kt-progress.h"
#include "kt-test-util.h"
#include "kt-topic.h"

static const char qa_deck[] =
  "1. What is a coroutine?\n"
  "Answer: A function that can pause.\n"
  "\n"
  "2. What does await do?\n"
  "Answer: It waits for an awaitable.\n";

static KtDeck *
parse (const char *data,
       gsize       len,
       const char *path)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  return kt_formats_parse_bytes (bytes, path);
}

static KtCard *
deck_card (const KtDeck *deck,
           guint         topic,
           guint         position)
{
  GListModel *model = G_LIST_MODEL (g_ptr_array_index (deck->topics, topic));
  KtCard *card = g_list_model_get_item (model, position);

  /* The topic keeps its cards alive for as long as the deck lives */
  g_object_unref (card);

  return card;
}

static gboolean
has_diagnostic (const KtDeck *deck,
                KtSeverity    severity,
                const char   *pattern)
{
  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      const KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      if (d->severity == severity && g_pattern_match_simple (pattern, d->message))
        return TRUE;
    }

  return FALSE;
}

/* Two decks hold the same cards, text for text. */
static void
assert_same_cards (const KtDeck *a,
                   const KtDeck *b)
{
  g_assert_cmpuint (kt_deck_count_cards (a), ==, kt_deck_count_cards (b));
  for (guint i = 0; i < kt_deck_count_cards (a); i++)
    {
      KtCard *ca = deck_card (a, 0, i);
      KtCard *cb = deck_card (b, 0, i);

      g_assert_cmpstr (kt_card_get_id (ca), ==, kt_card_get_id (cb));
      g_assert_cmpstr (kt_card_get_question (ca), ==, kt_card_get_question (cb));
      g_assert_cmpstr (kt_card_get_answer (ca), ==, kt_card_get_answer (cb));
      g_assert_cmpuint (kt_card_get_source_line (ca), ==, kt_card_get_source_line (cb));
    }
}

/* ---- bytes ------------------------------------------------------------- */

static void
test_empty (void)
{
  g_autoptr(KtDeck) empty = parse ("", 0, "empty.txt");
  g_autoptr(KtDeck) blank = parse (" \n\t\r\n", 5, "blank.md");
  g_autoptr(KtDeck) bom_only = parse ("\xEF\xBB\xBF", 3, "bom.txt");
  g_autoptr(GPtrArray) blocks = kt_markdown_render ("", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (empty->topics->len, ==, 0);
  g_assert_true (has_diagnostic (empty, KT_SEVERITY_ERROR, "the file is empty"));
  g_assert_cmpuint (blank->topics->len, ==, 0);
  g_assert_true (has_diagnostic (blank, KT_SEVERITY_ERROR, "the file holds only white space"));
  g_assert_cmpuint (bom_only->topics->len, ==, 0);
  g_assert_true (kt_deck_has_errors (bom_only));

  g_assert_cmpuint (blocks->len, ==, 0);
  g_assert_null (kt_progress_json_read_data ("", 0, &error));
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT);
}

static void
test_binary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  guint8 data[4096];

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(KtDeck) deck = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) blocks = NULL;

      for (guint i = 0; i < sizeof data; i++)
        data[i] = g_rand_int_range (rand, 0, 256);

      deck = parse ((const char *) data, sizeof data, "random.txt");
      g_assert_cmpuint (deck->topics->len, ==, 0);
      g_assert_true (has_diagnostic (deck, KT_SEVERITY_ERROR, "this is a binary file, not a deck"));

      g_assert_null (kt_progress_json_read_data ((const char *) data, sizeof data, &error));
      g_assert_nonnull (error);

      text = g_strndup ((const char *) data, sizeof data);
      blocks = kt_markdown_render (text, NULL);
      for (guint i = 0; i < blocks->len; i++)
        {
          const KtBlock *block = g_ptr_array_index (blocks, i);

          g_assert_true (block->markup == NULL || g_utf8_validate (block->markup, -1, NULL));
        }
    }
}

static void
test_invalid_utf8 (void)
{
  static const char data[] =
    "1. What is \xFF a coroutine?\n"
    "Answer: A function \xC3 that can pause.\n";
  g_autoptr(KtDeck) deck = parse (data, strlen (data), "broken.txt");
  g_autoptr(GPtrArray) blocks = kt_markdown_render ("**bold \xFF** text \xE2\x82", NULL);
  g_autofree char *plain = kt_markdown_to_plain ("- item \xC0\xAF");
  KtCard *card;

  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 1);
  card = deck_card (deck, 0, 0);
  g_assert_cmpstr (kt_card_get_question (card), ==, "What is \xEF\xBF\xBD a coroutine?");
  g_assert_cmpstr (kt_card_get_answer (card), ==, "A function \xEF\xBF\xBD that can pause.");
  g_assert_true (has_diagnostic (deck, KT_SEVERITY_WARNING, "*not valid UTF-8*"));

  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_true (g_utf8_validate (((KtBlock *) g_ptr_array_index (blocks, 0))->markup, -1, NULL));
  g_assert_true (g_utf8_validate (plain, -1, NULL));
}

static void
test_bom_and_line_ends (void)
{
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", qa_deck, NULL);
  g_autoptr(GString) crlf = g_string_new (qa_deck);
  g_autoptr(GString) cr = g_string_new (qa_deck);
  g_autoptr(KtDeck) plain = parse (qa_deck, strlen (qa_deck), "deck.txt");
  g_autoptr(KtDeck) with_bom = parse (bom, strlen (bom), "deck.txt");
  g_autoptr(KtDeck) with_crlf = NULL;
  g_autoptr(KtDeck) with_cr = NULL;

  g_string_replace (crlf, "\n", "\r\n", 0);
  g_string_replace (cr, "\n", "\r", 0);
  with_crlf = parse (crlf->str, crlf->len, "deck.txt");
  with_cr = parse (cr->str, cr->len, "deck.txt");

  g_assert_cmpuint (kt_deck_count_cards (plain), ==, 2);
  g_assert_false (kt_deck_has_errors (plain));
  assert_same_cards (plain, with_bom);
  assert_same_cards (plain, with_crlf);
  assert_same_cards (plain, with_cr);
  g_assert_cmpuint (with_crlf->diagnostics->len, ==, 0);
}

static void
test_nul_bytes (void)
{
  static const char data[] = "1. What is a coroutine?\nAnswer: A function\0 that can pause.\n";
  static const char json[] = "{\"format\": \"kartoteka-progress\",\0 \"version\": 1}";
  g_autoptr(KtDeck) deck = parse (data, sizeof data - 1, "nul.txt");
  g_autoptr(GError) error = NULL;

  /* A NUL byte never occurs in text: the file is refused, not cut short. */
  g_assert_cmpuint (deck->topics->len, ==, 0);
  g_assert_true (has_diagnostic (deck, KT_SEVERITY_ERROR, "this is a binary file, not a deck"));

  g_assert_null (kt_progress_json_read_data (json, sizeof json - 1, &error));
  g_assert_nonnull (error);
}

/* ---- size -------------------------------------------------------------- */

#define HUGE_LINE (50 * 1024 * 1024)

static void
test_huge_line (void)
{
  g_autoptr(GString) text = g_string_sized_new (HUGE_LINE + 64);
  g_autoptr(KtDeck) deck = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  gboolean capped = FALSE;
  KtCard *card;

  /* One question, one answer line of 50 MB */
  g_string_append (text, "1. Question?\nAnswer: ");
  for (gsize i = 0; i < HUGE_LINE / 8; i++)
    g_string_append_len (text, "word <&> ", 8);
  deck = parse (text->str, text->len, "huge.txt");
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 1);
  card = deck_card (deck, 0, 0);
  g_assert_cmpuint (strlen (kt_card_get_answer (card)), >=, HUGE_LINE - 8);

  /* A 50 MB line of markdown: one paragraph of its first 64 KiB, said to
   * be cut short. */
  g_string_truncate (text, 0);
  g_string_append (text, "& <b>");
  for (gsize i = 0; i < HUGE_LINE / 8; i++)
    g_string_append_len (text, "Words,  ", 8);
  blocks = kt_markdown_render (text->str, &capped);
  g_assert_true (capped);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_true (g_str_has_prefix (((KtBlock *) g_ptr_array_index (blocks, 0))->markup, "&amp; &lt;b&gt;"));
  g_assert_cmpuint (strlen (((KtBlock *) g_ptr_array_index (blocks, 0))->markup), <=,
                    KT_MARKDOWN_MAX_BYTES + 16);

  /* And as one line of JSON: a string member nobody reads */
  g_string_truncate (text, 0);
  g_string_append (text, "{\"format\": \"kartoteka-progress\", \"padding\": \"");
  for (gsize i = 0; i < HUGE_LINE / 8; i++)
    g_string_append_len (text, "xxxxxxxx", 8);
  g_string_append (text, "\"}");
  import = kt_progress_json_read_data (text->str, text->len, &error);
  g_assert_null (import);
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_INVALID);
}

#define MILLION 1000000

static void
test_million_cards (void)
{
  g_autoptr(GString) text = g_string_sized_new (40 * MILLION);
  g_autoptr(KtDeck) deck = NULL;
  g_autoptr(GTimer) timer = NULL;
  KtCard *last;

  for (guint i = 1; i <= MILLION; i++)
    g_string_append_printf (text, "%u. Question %u?\nAnswer: answer %u\n", i, i, i);

  timer = g_timer_new ();
  deck = parse (text->str, text->len, "million.txt");
  g_test_message ("a million cards parsed in %.1f s", g_timer_elapsed (timer, NULL));

  g_assert_false (kt_deck_has_errors (deck));
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, MILLION);
  last = deck_card (deck, 0, MILLION - 1);
  g_assert_cmpstr (kt_card_get_question (last), ==, "Question 1000000?");
  g_assert_cmpuint (kt_card_get_source_line (last), ==, 2 * MILLION - 1);
  /* Linear, not quadratic: about 5 s. The sanitizers' own cost is
   * another matter (up to 100 s with the slow unwinder). */
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 20.0);
#endif
}

/* A million answers, ten each to 100 000 cards: the largest history
 * measured (docs/reliability.md has its memory). Its export, which
 * json-glib's import refused as too big, imports onto a fresh profile and
 * exports again to the same bytes: every record and answer came back
 * exactly. */
static void
test_million_answers (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettingsBackend) fresh_backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(GSettings) fresh_settings = g_settings_new_with_backend (APP_ID, fresh_backend);
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) log = g_array_new (FALSE, TRUE, sizeof (KtReviewLogEntry));
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autoptr(GString) again = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gint64 start = (gint64) 1672560000 * G_USEC_PER_SEC;  /* 2023-01-01 */
  gint64 now = g_get_real_time ();
  KtProgress *progress, *fresh;
  KtProgressImportPlan plan;

  for (guint card = 0; card < MILLION / 10; card++)
    {
      char *card_id = g_strdup_printf ("deck/notes.md:%016x", card * 2654435761u);
      gint64 time_us = start + card * G_USEC_PER_SEC + 0.123456 * card;

      for (guint answer = 0; answer < 10; answer++)
        {
          KtReviewLogEntry entry = {
            .card_id = card_id,
            .time_us = time_us,
            .rating = KT_RATING_AGAIN + (card + answer) % 4,
            .state_before = answer == 0 ? KT_CARD_NEW : KT_CARD_REVIEW,
            .elapsed_days = answer == 0 ? 0.0 : 30.0 + card % 30 / 7.0,
            .machine = 0x3f9a0c5e12d4b871,
          };

          g_array_append_val (log, entry);
          time_us += (30 + card % 30) * G_TIME_SPAN_DAY + card % 7;
        }
      g_ptr_array_add (ids, card_id);
    }

  /* The records are their answers replayed, as an import makes them */
  g_timer_start (timer);
  progress = kt_progress_new (settings);
  kt_progress_merge (progress, (const KtReviewLogEntry *) log->data, log->len, NULL, 0, NULL);
  g_assert_cmpuint (kt_progress_get_n_log_entries (progress), ==, MILLION);
  g_test_message ("recorded in %.1f s", g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  kt_progress_json_export (progress, G_LIST_MODEL (topics), now, KT_PROGRESS_JSON_COMPACT, compact);
  g_test_message ("exported in %.1f s: %.0f MB", g_timer_elapsed (timer, NULL), compact->len / 1e6);
  g_timer_start (timer);
  g_assert_finalize_object (progress);
  g_test_message ("saved in %.1f s", g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  import = kt_progress_json_read_data (compact->str, compact->len, &error);
  g_assert_no_error (error);
  fresh = kt_progress_new (fresh_settings);
  kt_progress_import_plan (import, fresh, &plan);
  g_assert_cmpuint (plan.n_added, ==, MILLION / 10);
  kt_progress_import_apply (import, fresh, NULL);
  g_clear_pointer (&import, kt_progress_import_free);
  g_test_message ("imported in %.1f s", g_timer_elapsed (timer, NULL));

  kt_progress_json_export (fresh, G_LIST_MODEL (topics), now, KT_PROGRESS_JSON_COMPACT, again);
  g_assert_true (g_string_equal (again, compact));
  g_assert_finalize_object (fresh);
}

/* ---- nesting ----------------------------------------------------------- */

static void
test_deep_nesting (void)
{
  static const char *const openers[] = { "- ", "1. ", "> ", "> - " };

  for (guint k = 0; k < G_N_ELEMENTS (openers); k++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autoptr(GPtrArray) blocks = NULL;
      g_autofree char *plain = NULL;
      gboolean capped = FALSE;

      /* Each line one level deeper than the one before */
      for (guint depth = 0; depth < 2000; depth++)
        {
          for (guint i = 0; i < depth; i++)
            g_string_append (md, k == 1 ? "   " : "  ");
          g_string_append_printf (md, "%sitem %u\n", openers[k], depth);
        }
      /* And all on one line */
      for (guint depth = 0; depth < 10000; depth++)
        g_string_append (md, openers[k]);
      g_string_append (md, "deepest\n");

      blocks = kt_markdown_render (md->str, &capped);
      g_assert_cmpuint (blocks->len, >, 0);
      g_assert_cmpuint (blocks->len, <=, KT_MARKDOWN_MAX_BLOCKS);
      for (guint i = 0; i < blocks->len; i++)
        {
          const KtBlock *block = g_ptr_array_index (blocks, i);

          g_assert_cmpuint (block->list_depth, <=, KT_MARKDOWN_MAX_DEPTH);
          g_assert_cmpuint (block->quote_depth, <=, KT_MARKDOWN_MAX_DEPTH);
        }
      /* Quotes make a block per line: 2000 of them are past the limit. */
      plain = kt_markdown_to_plain (md->str);
      g_assert_true (strstr (plain, "deepest") != NULL || capped);
      g_test_message ("opener %u: %u blocks, capped %d", k, blocks->len, capped);
    }
}

/* ---- markup injection -------------------------------------------------- */

#define INJECT "<b>x</b> & <span foreground=\"red\">y</span>"

/* Only <b>, <i>, <tt> and <u> may come out of the renderer: deck text
 * is never markup. */
static void
check_start_element (GMarkupParseContext  *context,
                     const char           *element,
                     const char          **names,
                     const char          **values,
                     gpointer              user_data,
                     GError              **error)
{
  if (!g_str_equal (element, "markup") && !g_str_equal (element, "b") &&
      !g_str_equal (element, "i") && !g_str_equal (element, "tt") &&
      !g_str_equal (element, "u"))
    g_error ("the rendered markup has a <%s> element", element);
  g_assert_null (names[0]);
}

static void
collect_text (GMarkupParseContext  *context,
              const char           *text,
              gsize                 len,
              gpointer              user_data,
              GError              **error)
{
  g_string_append_len (user_data, text, len);
}

/* The field renders to markup that shows exactly its text. */
static void
assert_rendered_literally (const char *field)
{
  static const GMarkupParser parser = { check_start_element, NULL, collect_text, NULL, NULL };
  g_autoptr(GPtrArray) blocks = kt_markdown_render (field, NULL);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);
      g_autofree char *wrapped = g_strconcat ("<markup>", block->markup, "</markup>", NULL);
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, shown, NULL);

      g_assert_nonnull (block->markup);
      g_markup_parse_context_parse (context, wrapped, -1, &error);
      g_assert_no_error (error);
      g_markup_parse_context_end_parse (context, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (strstr (shown->str, INJECT));
}

static void
assert_injected_card (const KtDeck *deck,
                      gboolean      has_title,
                      gboolean      has_summary)
{
  KtCard *card;

  g_assert_false (kt_deck_has_errors (deck));
  g_assert_cmpuint (kt_deck_count_cards (deck), ==, 1);
  card = deck_card (deck, 0, 0);

  g_assert_cmpstr (kt_card_get_question (card), ==, "Q " INJECT);
  g_assert_cmpstr (kt_card_get_answer (card), ==, "A " INJECT);
  assert_rendered_literally (kt_card_get_question (card));
  assert_rendered_literally (kt_card_get_answer (card));
  if (has_summary)
    {
      g_assert_cmpstr (kt_card_get_summary (card), ==, "S " INJECT);
      assert_rendered_literally (kt_card_get_summary (card));
    }
  if (has_title)
    {
      g_assert_cmpstr (kt_card_get_title (card), ==, "T " INJECT);
      g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (deck->topics, 0)), ==, "D " INJECT);
    }
}

static void
test_markup_injection (void)
{
  static const char qa[] =
    "# D " INJECT "\n"
    "1. Q " INJECT "\n"
    "Answer: A " INJECT "\n";
  static const char tsv[] =
    "Q " INJECT "\tA " INJECT "\n";
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"kartoteka-deck\", \"version\": 1,"
    " \"topic\": {\"id\": \"inject\", \"title\": \"D %1$s\"},"
    " \"cards\": [{\"title\": \"T %1$s\", \"question\": \"Q %1$s\","
    " \"answer\": \"A %1$s\", \"summary\": \"S %1$s\"}]}",
    "<b>x</b> & <span foreground=\\\"red\\\">y</span>");
  g_autoptr(KtDeck) qa_deck = parse (qa, strlen (qa), "inject.txt");
  g_autofree char *notes_path = g_test_build_filename (G_TEST_DIST, "data", "decks",
                                                      "notes-inline-html.md", NULL);
  g_autoptr(GFile) notes_file = g_file_new_for_path (notes_path);
  g_autoptr(KtDeck) notes_deck = kt_formats_parse_file (notes_file, NULL);
  g_autoptr(KtDeck) tsv_deck = parse (tsv, strlen (tsv), "inject.tsv");
  g_autoptr(KtDeck) json_deck = parse (json, strlen (json), "inject.json");

  g_assert_cmpint (qa_deck->format, ==, KT_DECK_FORMAT_QA);
  g_assert_cmpint (notes_deck->format, ==, KT_DECK_FORMAT_NOTES);
  g_assert_cmpint (tsv_deck->format, ==, KT_DECK_FORMAT_TSV);
  g_assert_cmpint (json_deck->format, ==, KT_DECK_FORMAT_JSON);

  assert_injected_card (qa_deck, FALSE, FALSE);
  g_assert_cmpstr (kt_topic_get_title (g_ptr_array_index (qa_deck->topics, 0)), ==, "D " INJECT);
  assert_injected_card (notes_deck, TRUE, TRUE);
  assert_injected_card (tsv_deck, FALSE, FALSE);
  assert_injected_card (json_deck, TRUE, TRUE);
}

/* ---- the library ------------------------------------------------------- */

typedef struct {
  char      *dir;
  KtLibrary *library;
} LibraryFixture;

static void
library_set_up (LibraryFixture *fixture,
                gconstpointer   data)
{
  fixture->dir = g_build_filename (g_get_user_data_dir (), "decks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  fixture->library = kt_library_new ();
}

static void
library_tear_down (LibraryFixture *fixture,
                   gconstpointer   data)
{
  g_assert_finalize_object (fixture->library);
  g_free (fixture->dir);
}

typedef gboolean (*Condition) (KtLibrary *library, gconstpointer data);

/* Runs the main loop until @condition holds, for at most 10 s. */
static void
wait_for (KtLibrary     *library,
          Condition      condition,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (kt_library_get_loading (library) || !condition (library, data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let a late monitor event show itself */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_false (kt_library_get_loading (library));
  g_assert_true (condition (library, data));
}

static gboolean
has_question (KtLibrary     *library,
              gconstpointer  question)
{
  KtTopic *topic = kt_library_find_topic (library, "deck");

  if (topic == NULL || kt_topic_get_n_cards (topic) != 1)
    return FALSE;
  {
    g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), 0);

    return g_str_equal (kt_card_get_question (card), question);
  }
}

static gboolean
is_empty (KtLibrary     *library,
          gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (library)) == 0;
}

static void
write_deck (const char *path,
            const char *question)
{
  g_autofree char *text = g_strdup_printf ("1. %s\nAnswer: yes\n", question);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_library_changed_deleted (LibraryFixture *fixture,
                              gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "deck.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  write_deck (path, "First?");
  kt_library_add_folder (fixture->library, folder);
  wait_for (fixture->library, has_question, "First?");

  /* Changed while loaded */
  write_deck (path, "Second?");
  wait_for (fixture->library, has_question, "Second?");

  /* Changed many times in a row: the last version wins */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *question = g_strdup_printf ("Version %u?", i);

      write_deck (path, question);
      if (i % 2 == 0)
        kt_library_load_file (fixture->library, file);
      g_main_context_iteration (NULL, FALSE);
    }
  wait_for (fixture->library, has_question, "Version 19?");

  /* Deleted while loaded */
  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_for (fixture->library, is_empty, NULL);

  /* Deleted while being parsed: read, then gone before the parse ends.
   * The parse must not bring the deleted deck back. */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    for (guint i = 1; i <= 100000; i++)
      g_string_append_printf (big, "%u. Question %u?\nAnswer: yes\n", i, i);
    g_file_set_contents (path, big->str, big->len, &error);
    g_assert_no_error (error);
  }
  kt_library_load_file (fixture->library, file);
  g_usleep (G_USEC_PER_SEC / 20);
  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_for (fixture->library, is_empty, NULL);

  /* Replaced by a folder of the same name */
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  kt_library_load_file (fixture->library, file);
  wait_for (fixture->library, is_empty, NULL);
  g_assert_cmpint (g_rmdir (path), ==, 0);

  kt_library_remove_folder (fixture->library, folder);
}

static void
test_library_unreadable (LibraryFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *inside = g_build_filename (locked, "deck.txt", NULL);
  g_autofree char *not_folder = g_build_filename (fixture->dir, "file.txt", NULL);
  g_autofree char *unreadable = g_build_filename (fixture->dir, "unreadable.txt", NULL);
  g_autoptr(GFile) locked_folder = g_file_new_for_path (locked);
  g_autoptr(GFile) file_folder = g_file_new_for_path (not_folder);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/kartoteka/decks");
  g_autoptr(GFile) unreadable_file = g_file_new_for_path (unreadable);

  /* A "folder" that is a file, and one that does not exist */
  write_deck (not_folder, "Not a folder?");
  kt_library_add_folder (fixture->library, file_folder);
  kt_library_add_folder (fixture->library, missing);
  wait_for (fixture->library, is_empty, NULL);

  /* Root reads everything: the permission cases need a normal user */
  if (geteuid () == 0)
    {
      g_test_message ("running as root: permissions are not checked");
      return;
    }

  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  write_deck (inside, "Locked?");
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  kt_library_add_folder (fixture->library, locked_folder);
  wait_for (fixture->library, is_empty, NULL);
  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);

  write_deck (unreadable, "Unreadable?");
  g_assert_cmpint (g_chmod (unreadable, 0), ==, 0);
  kt_library_load_file (fixture->library, unreadable_file);
  wait_for (fixture->library, is_empty, NULL);
  g_assert_cmpint (g_chmod (unreadable, 0600), ==, 0);
}

/* ---- stored progress --------------------------------------------------- */

/* Values of the right type whose serialised bytes are garbage, as a
 * damaged settings store may return: GVariant reads them as defaults,
 * and the progress must load without a crash or a warning. */
static void
test_settings_garbage_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);

  for (guint round = 0; round < 200; round++)
    {
      gsize size = g_rand_int_range (rand, 0, 512);
      g_autofree guint8 *cards = g_malloc (size + 1);
      g_autofree guint8 *log = g_malloc (size + 1);
      GVariant *value;
      KtProgress *progress;

      for (gsize i = 0; i < size; i++)
        {
          cards[i] = g_rand_int_range (rand, 0, 256);
          log[i] = g_rand_int_range (rand, 0, 256);
        }

      value = g_variant_new_from_data (G_VARIANT_TYPE ("a{s(iiddxxuu)}"), cards, size,
                                       FALSE, NULL, NULL);
      g_assert_true (g_settings_set_value (settings, "cards", value));
      value = g_variant_new_from_data (G_VARIANT_TYPE ("a(sxiid)"), log, size,
                                       FALSE, NULL, NULL);
      g_assert_true (g_settings_set_value (settings, "review-log", value));

      progress = kt_progress_new (settings);
      kt_progress_record_review (progress, "card", KT_RATING_GOOD, (gint64) 1700000000 * G_USEC_PER_SEC);
      kt_progress_flush (progress);
      g_assert_nonnull (kt_progress_lookup (progress, "card"));
      g_assert_finalize_object (progress);
    }
}

/* The same card twice in the stored dictionary: one record. */
static void
test_settings_duplicate_ids (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  GVariantBuilder cards;
  KtProgress *progress;

  g_variant_builder_init (&cards, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
  for (guint i = 0; i < 3; i++)
    g_variant_builder_add (&cards, "{s(iiddxxuu)}", "twice", KT_CARD_REVIEW, 0,
                           3.5 + i, 5.0, (gint64) 1700000000 * G_USEC_PER_SEC,
                           (gint64) 1700000000 * G_USEC_PER_SEC, 2u, 0u);
  g_settings_set_value (settings, "cards", g_variant_builder_end (&cards));

  progress = kt_progress_new (settings);
  g_assert_cmpuint (kt_progress_get_n_records (progress), ==, 1);
  g_assert_nonnull (kt_progress_lookup (progress, "twice"));
  g_assert_finalize_object (progress);
}

/* ---- progress JSON, every member --------------------------------------- */

typedef struct {
  JsonNode *root;
  guint     n_checked;
} Mutations;

static void mutate_node (Mutations *m, JsonNode *node);

/* Reads the whole document as it is now: an import or a clear error. */
static void
check_document (Mutations *m)
{
  g_autofree char *text = json_to_string (m->root, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = kt_progress_json_read_data (text, strlen (text), &error);

  g_assert_true ((import == NULL) != (error == NULL));
  if (error != NULL)
    {
      g_assert_true (error->domain == KT_PROGRESS_JSON_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
  m->n_checked++;
}

static void
mutate_member (JsonObject  *object,
               const char  *name,
               JsonNode    *value,
               gpointer     user_data)
{
  Mutations *m = user_data;
  g_autoptr(JsonNode) saved = json_node_copy (value);
  JsonNode *replacements[] = {
    json_node_new (JSON_NODE_NULL),
    json_node_init_string (json_node_alloc (), ""),
    json_node_init_string (json_node_alloc (), "\xE2\x80\xAE<b>&"),
    json_node_init_int (json_node_alloc (), -1),
    json_node_init_int (json_node_alloc (), G_MAXINT64),
    json_node_init_double (json_node_alloc (), 1e308),
    json_node_init_boolean (json_node_alloc (), TRUE),
    json_node_new (JSON_NODE_OBJECT),
    json_node_new (JSON_NODE_ARRAY),
  };
  g_autofree char *key = g_strdup (name);

  json_node_take_object (replacements[G_N_ELEMENTS (replacements) - 2], json_object_new ());
  json_node_take_array (replacements[G_N_ELEMENTS (replacements) - 1], json_array_new ());

  json_object_remove_member (object, key);
  check_document (m);

  for (guint i = 0; i < G_N_ELEMENTS (replacements); i++)
    {
      json_object_set_member (object, key, replacements[i]);
      check_document (m);
    }

  json_object_set_member (object, key, json_node_copy (saved));
  mutate_node (m, json_object_get_member (object, key));
}

static void
mutate_node (Mutations *m,
             JsonNode  *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GList *names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        mutate_member (object, l->data, json_object_get_member (object, l->data), m);
      g_list_free (names);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      /* The first element stands for the others */
      if (json_array_get_length (array) > 0)
        mutate_node (m, json_array_get_element (array, 0));
    }
}

/* Every member of the documented example, removed or given a value of
 * each other JSON type in turn. */
static void
test_progress_json_every_member (void)
{
  g_autofree char *text = kt_test_progress_docs_example ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Mutations m = { 0 };

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  m.root = json_parser_get_root (parser);

  check_document (&m);
  mutate_node (&m, m.root);
  g_test_message ("%u mutated documents read", m.n_checked);
  g_assert_cmpuint (m.n_checked, >, 100);
}

/* ---- progress JSON that json-glib let through -------------------------- */

typedef struct
{
  const char          *parent;   /* the object to change, as in "topics[0].cards[0]" */
  const char          *member;
  const char          *value;    /* as JSON text, or not JSON at all */
  KtProgressJsonError  code;
  const char          *message;  /* a pattern for g_pattern_match_simple() */
} LenientInput;

/* Each a change to the documented example. topics[0].cards[0] is a card
 * in review with three answers, the last on 2025-02-23T08:05:03Z. */
static const LenientInput lenient_inputs[] = {
  /* Not JSON, but json-glib read it */
  { "topics[0].cards[0]", "reps", "0x3", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: “0x3” is not a JSON number" },
  { "", "version", "0x2", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: “0x2” is not a JSON number" },
  { "topics[0].cards[0].reviews[0]", "rating", "'good'", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: strings must be in double quotes (\"), "
    "not single ones" },
  { "topics[0].cards[0]", "reps", "03", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: “03” is not a JSON number" },
  { "topics[0].cards[0]", "stability", "NaN", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: “NaN” is not a JSON value" },
  { "topics[0].cards[0]", "reps", "3 /* three */", KT_PROGRESS_JSON_ERROR_NOT_JSON,
    "The file is not valid JSON: line *, column *: JSON has no comments" },
  /* json-glib cut the id at the NUL: "asyncio:3f1c" */
  { "topics[0].cards[0]", "id", "\"asyncio:3f1c\\u0000tail\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].id: must not hold the character U+0000 (\\u0000)" },
  /* json-glib wrapped it to 3 */
  { "topics[0].cards[0]", "reps", "18446744073709551619", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reps: must be a whole number from 0 to 4294967295" },
  /* and printed version -8446744073709551616 */
  { "", "version", "10000000000000000000", KT_PROGRESS_JSON_ERROR_VERSION,
    "The file is in version 10000000000000000000 of the progress format, "
    "but this version of Kartoteka reads only version 1" },
  { "", "version", "-1", KT_PROGRESS_JSON_ERROR_VERSION,
    "The file is in version -1 of the progress format, *" },
  /* Cards that contradict themselves */
  { "topics[0].cards[0]", "state", "\"new\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0]: a card in state “new” was never answered: its due, stability, "
    "difficulty and last_review must be null, its step, reps and lapses 0" },
  { "topics[0].cards[0]", "last_review", "null", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0]: a card that was answered needs its last_review" },
  { "topics[0].cards[0]", "last_review", "\"2025-02-24T08:05:03Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].last_review: must not be later than the card’s last answer "
    "in “reviews”, 2025-02-23T08:05:03Z" },
  /* Times from the future, which would win every merge */
  { "topics[0].cards[0]", "last_review", "\"9999-12-31T00:00:00Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].last_review: lies more than a day in the future: is a clock wrong?" },
  { "topics[0].cards[0].reviews[2]", "time", "\"9999-12-31T00:00:00Z\"",
    KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].reviews[2].time: lies more than a day in the future: is a clock wrong?" },
  { "topics[0].cards[0]", "due", "\"9999-12-31T00:00:00Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].due: must be after last_review, by no more than 36 501 days" },
  { "topics[0].cards[0]", "due", "\"2025-02-23T08:05:02Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "topics[0].cards[0].due: must be after last_review, by no more than 36 501 days" },
  { "", "exported", "\"9999-12-31T00:00:00Z\"", KT_PROGRESS_JSON_ERROR_INVALID,
    "exported: lies more than a day in the future: is a clock wrong?" },
};

/* @text with @extra after it, or before it when @before. */
static char *
surround (const char *text,
          const char *extra,
          gboolean    before)
{
  return before ? g_strconcat (extra, text, NULL) : g_strconcat (text, extra, NULL);
}

static void
assert_import_refused (const char *input,
                       int         code,
                       const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = kt_progress_json_read_data (input, strlen (input), &error);

  g_assert_null (import);
  g_assert_error (error, KT_PROGRESS_JSON_ERROR, code);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("“%s” does not match “%s”", error->message, pattern);
}

/* What json-glib accepted and an import must not: JSON that is not JSON,
 * text it cut or numbers it wrapped, and cards that lie about their time
 * or their state. Each change alone is refused, with its message. */
static void
test_progress_json_lenient (void)
{
  g_autofree char *example = kt_test_progress_docs_example ();
  g_autofree char *second = surround (example, "{}", FALSE);
  g_autofree char *garbage = surround (example, "\nxyz", FALSE);
  g_autofree char *comment = surround (example, "// a backup\n", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;

  import = kt_progress_json_read_data (example, strlen (example), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (lenient_inputs); i++)
    {
      const LenientInput *bad = &lenient_inputs[i];
      g_autofree char *input = kt_test_json_edit (example, bad->parent, bad->member, bad->value);

      g_test_message ("lenient input %u: %s", i, bad->message);
      assert_import_refused (input, bad->code, bad->message);
    }

  /* A second document after the first, which json-glib took instead */
  assert_import_refused (second, KT_PROGRESS_JSON_ERROR_NOT_JSON,
                         "The file is not valid JSON: line *, column *: "
                         "more follows the end of the document");
  /* and anything else, which leaked the tree parsed so far (60 KB) */
  assert_import_refused (garbage, KT_PROGRESS_JSON_ERROR_NOT_JSON,
                         "The file is not valid JSON: line *, column 1: "
                         "more follows the end of the document");
  assert_import_refused (comment, KT_PROGRESS_JSON_ERROR_NOT_JSON,
                         "The file is not valid JSON: line 1, column 1: JSON has no comments");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/robustness/empty", test_empty);
  g_test_add_func ("/robustness/binary", test_binary);
  g_test_add_func ("/robustness/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/robustness/bom-and-line-ends", test_bom_and_line_ends);
  g_test_add_func ("/robustness/nul-bytes", test_nul_bytes);
  g_test_add_func ("/robustness/size/huge-line", test_huge_line);
  g_test_add_func ("/robustness/size/million-cards", test_million_cards);
  g_test_add_func ("/robustness/size/million-answers", test_million_answers);
  g_test_add_func ("/robustness/deep-nesting", test_deep_nesting);
  g_test_add_func ("/robustness/markup-injection", test_markup_injection);
  g_test_add ("/robustness/library/changed-deleted", LibraryFixture, NULL,
              library_set_up, test_library_changed_deleted, library_tear_down);
  g_test_add ("/robustness/library/unreadable", LibraryFixture, NULL,
              library_set_up, test_library_unreadable, library_tear_down);
  g_test_add_func ("/robustness/settings/garbage-bytes", test_settings_garbage_bytes);
  g_test_add_func ("/robustness/settings/duplicate-ids", test_settings_duplicate_ids);
  g_test_add_func ("/robustness/progress-json/every-member", test_progress_json_every_member);
  g_test_add_func ("/robustness/progress-json/lenient", test_progress_json_lenient);

  return g_test_run ();
}
