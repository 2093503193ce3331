/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for the headless deck commands in kt-cli.c: --check reports
 * and exit statuses, and the exact shape and values of --cards-json.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt-cli.h"
#include "kt-text.h"

#define SEED_QA    "000_0082f0c6dae15f60.txt"
#define SEED_NOTES "Async Python.md"  /* seed 002, as its author named it */

/* -------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static char *
seed_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "decks", name, NULL);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "decks", name, NULL);
}

static char *
missing_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "no such deck.txt", NULL);
}

static guint
count_lines_containing (const char *text,
                        const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      n++;

  return n;
}

static guint
n_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

static void
assert_has_line (const char *text,
                 const char *line)
{
  g_autofree char *with_newline = g_strconcat (line, "\n", NULL);

  if (strstr (text, with_newline) == NULL)
    g_error ("no line “%s” in:\n%s", line, text);
}

/* Asserts that @object has exactly the members @names. */
static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    if (!json_object_has_member (object, names[i]))
      g_error ("no member “%s”", names[i]);
}

static void
assert_string_member (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
}

static void
assert_int_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
}

static void
assert_nullable_string_member (JsonObject *object,
                               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (!JSON_NODE_HOLDS_NULL (node))
    assert_string_member (object, name);
}

static void
assert_null_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

/* Checks the documented shape of one entry of "files", every card and
 * every diagnostic included. */
static void
assert_file_shape (JsonObject *file)
{
  static const char *const file_members[] = {
    "path", "format", "topic", "cards", "duplicates", "diagnostics", NULL
  };
  static const char *const topic_members[] = { "id", "title", "folder", NULL };
  static const char *const card_members[] = {
    "id", "title", "context", "question", "answer", "summary", "notes", "tags", "topic", "line", NULL
  };
  static const char *const diagnostic_members[] = { "line", "severity", "message", NULL };
  JsonNode *topic = json_object_get_member (file, "topic");
  JsonArray *cards, *diagnostics;

  assert_members (file, file_members);
  assert_string_member (file, "path");
  assert_nullable_string_member (file, "format");
  assert_int_member (file, "duplicates");

  g_assert_nonnull (topic);
  if (!JSON_NODE_HOLDS_NULL (topic))
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (topic));
      assert_members (json_node_get_object (topic), topic_members);
      assert_string_member (json_node_get_object (topic), "id");
      assert_string_member (json_node_get_object (topic), "title");
      assert_nullable_string_member (json_node_get_object (topic), "folder");
    }

  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (file, "cards")));
  cards = json_object_get_array_member (file, "cards");
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);

      g_assert_nonnull (card);
      assert_members (card, card_members);
      assert_string_member (card, "id");
      g_assert_cmpuint (strlen (json_object_get_string_member (card, "id")), ==, 16);
      assert_nullable_string_member (card, "title");
      assert_nullable_string_member (card, "context");
      assert_string_member (card, "question");
      assert_string_member (card, "answer");
      assert_nullable_string_member (card, "summary");
      assert_nullable_string_member (card, "notes");
      assert_string_member (card, "topic");
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (card, "tags")));
      assert_int_member (card, "line");
      g_assert_cmpint (json_object_get_int_member (card, "line"), >, 0);
    }

  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (file, "diagnostics")));
  diagnostics = json_object_get_array_member (file, "diagnostics");
  for (guint i = 0; i < json_array_get_length (diagnostics); i++)
    {
      JsonObject *diag = json_array_get_object_element (diagnostics, i);
      const char *severity;

      g_assert_nonnull (diag);
      assert_members (diag, diagnostic_members);
      assert_int_member (diag, "line");
      assert_string_member (diag, "severity");
      assert_string_member (diag, "message");
      severity = json_object_get_string_member (diag, "severity");
      g_assert_true (g_str_equal (severity, "error") || g_str_equal (severity, "warning"));
      g_assert_cmpstr (json_object_get_string_member (diag, "message"), !=, "");
    }
}

/* Runs --cards-json on @paths, checks the status, that it gives
 * @n_files files, and the shape, and returns the parsed document. Files
 * named as arguments are listed under those names, in order. */
static JsonNode *
cards_json_files (const char * const *paths,
                  int                 expected_status,
                  guint               n_files)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *files;
  static const char *const root_members[] = { "files", NULL };

  g_assert_cmpint (kt_cli_cards_json (paths, out), ==, expected_status);
  g_assert_true (g_str_has_suffix (out->str, "\n"));

  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  root = json_node_get_object (json_parser_get_root (parser));
  assert_members (root, root_members);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "files")));
  files = json_object_get_array_member (root, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, n_files);
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      g_assert_nonnull (file);
      assert_file_shape (file);
      if (n_files == g_strv_length ((char **) paths))
        g_assert_cmpstr (json_object_get_string_member (file, "path"), ==, paths[i]);
    }

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
cards_json (const char * const *paths,
            int                 expected_status)
{
  return cards_json_files (paths, expected_status, g_strv_length ((char **) paths));
}

static JsonObject *
file_at (JsonNode *root,
         guint     index)
{
  JsonArray *files = json_object_get_array_member (json_node_get_object (root), "files");

  return json_array_get_object_element (files, index);
}

static JsonObject *
card_at (JsonObject *file,
         guint       index)
{
  JsonArray *cards = json_object_get_array_member (file, "cards");

  g_assert_cmpuint (index, <, json_array_get_length (cards));
  return json_array_get_object_element (cards, index);
}

/* -------------------------------------------------------------------------
 * --check
 * ---------------------------------------------------------------------- */

static void
test_check_seeds (void)
{
  g_autofree char *qa = seed_path (SEED_QA);
  g_autofree char *notes = seed_path (SEED_NOTES);
  const char *const paths[] = { qa, notes, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *qa_line = NULL;
  g_autofree char *notes_line = NULL;

  g_assert_cmpint (kt_cli_check (paths, out), ==, 0);

  qa_line = g_strdup_printf ("%s: qa, 10 cards, 40 duplicates merged", qa);
  notes_line = g_strdup_printf ("%s: notes, 4 cards, 0 duplicates merged", notes);
  assert_has_line (out->str, qa_line);
  assert_has_line (out->str, notes_line);
  assert_has_line (out->str, "  topic “000_0082f0c6dae15f60”: 10 cards");
  assert_has_line (out->str, "  topic “Async Python”: 4 cards");
  g_assert_true (strstr (out->str, qa_line) < strstr (out->str, notes_line));
  g_assert_cmpuint (count_lines_containing (out->str, "error"), ==, 0);
  g_assert_cmpuint (count_lines_containing (out->str, "warning"), ==, 0);
  g_assert_cmpuint (n_lines (out->str), ==, 4);
}

static void
test_check_malformed (void)
{
  g_autofree char *path = fixture_path ("qa-malformed.txt");
  const char *const paths[] = { path, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *summary = g_strdup_printf ("%s: qa, 3 cards, 0 duplicates merged", path);
  static const char *const expected[] = {
    "1: error: an answer without a question",
    "6: error: item 2 has no answer",
    "9: error: an answer without a question",
    "10: error: item 4 has no question",
  };

  g_assert_cmpint (kt_cli_check (paths, out), ==, 1);

  assert_has_line (out->str, summary);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = g_strconcat ("\n", path, ":", expected[i], NULL);

      if (strstr (out->str, line) == NULL)
        g_error ("no “%s” in:\n%s", line, out->str);
    }
  g_assert_cmpuint (count_lines_containing (out->str, ": error: "), ==, 4);
}

static void
test_check_warning_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-cli-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *paths[] = { NULL, NULL };

  g_assert_no_error (error);
  path = g_build_filename (dir, "latin1.txt", NULL);
  g_file_set_contents (path, "1. Caf\xe9?\nAnswer: Coffee.\n", -1, &error);
  g_assert_no_error (error);
  paths[0] = path;

  /* A bad byte is a warning: the deck loads and the check passes. */
  g_assert_cmpint (kt_cli_check (paths, out), ==, 0);
  g_assert_cmpuint (count_lines_containing (out->str, ": warning: "), ==, 1);
  g_assert_cmpuint (count_lines_containing (out->str, ": error: "), ==, 0);
  g_assert_nonnull (strstr (out->str, "1 card, 0 duplicates merged"));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_check_missing (void)
{
  g_autofree char *missing = missing_path ();
  g_autofree char *qa = seed_path (SEED_QA);
  const char *const paths[] = { missing, qa, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *error_prefix = g_strconcat (missing, ": error: ", NULL);
  g_autofree char *qa_line = g_strdup_printf ("%s: qa, 10 cards, 40 duplicates merged", qa);

  /* Reported, and the next file is still checked. */
  g_assert_cmpint (kt_cli_check (paths, out), ==, 1);
  g_assert_nonnull (strstr (out->str, error_prefix));
  g_assert_nonnull (strstr (out->str, "there is no such file"));
  assert_has_line (out->str, qa_line);
  g_assert_cmpuint (count_lines_containing (out->str, ": error: "), ==, 1);
}

static void
test_check_nothing (void)
{
  const char *const none[] = { NULL };
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (kt_cli_check (none, out), ==, 0);
  g_assert_cmpint (kt_cli_check (NULL, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 0);
}

/* -------------------------------------------------------------------------
 * --cards-json
 * ---------------------------------------------------------------------- */

static void
test_cards_json_seeds (void)
{
  g_autofree char *qa = seed_path (SEED_QA);
  g_autofree char *notes = seed_path (SEED_NOTES);
  const char *const paths[] = { qa, notes, NULL };
  g_autoptr(JsonNode) root = cards_json (paths, 0);
  JsonObject *file, *topic, *card;
  g_autofree char *expected_id = NULL;

  /* Seed 000: numbered questions, no titles or summaries. */
  file = file_at (root, 0);
  g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "qa");
  topic = json_object_get_object_member (file, "topic");
  g_assert_cmpstr (json_object_get_string_member (topic, "id"), ==, "000_0082f0c6dae15f60");
  g_assert_cmpstr (json_object_get_string_member (topic, "title"), ==, "000_0082f0c6dae15f60");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "cards")), ==, 10);
  g_assert_cmpint (json_object_get_int_member (file, "duplicates"), ==, 40);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "diagnostics")), ==, 0);

  card = card_at (file, 0);
  assert_null_member (card, "title");
  assert_null_member (card, "context");
  assert_null_member (card, "summary");
  g_assert_cmpstr (json_object_get_string_member (card, "question"), ==,
                   "Что такое асинхронность в Python?");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (card, "answer"),
                                   "Асинхронность позволяет выполнять операции ввода-вывода"));
  g_assert_cmpint (json_object_get_int_member (card, "line"), ==, 1);
  expected_id = kt_text_card_id ("000_0082f0c6dae15f60", "Что такое асинхронность в Python?");
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, expected_id);
  g_clear_pointer (&expected_id, g_free);

  card = card_at (file, 1);
  g_assert_cmpstr (json_object_get_string_member (card, "question"), ==,
                   "Чем async/await отличается от threading?");
  g_assert_cmpint (json_object_get_int_member (card, "line"), ==, 4);

  /* Seed 002: knowledge-base notes with titles and summaries. */
  file = file_at (root, 1);
  g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "notes");
  topic = json_object_get_object_member (file, "topic");
  g_assert_cmpstr (json_object_get_string_member (topic, "id"), ==, "Async Python");
  g_assert_cmpstr (json_object_get_string_member (topic, "title"), ==, "Async Python");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "cards")), ==, 4);
  g_assert_cmpint (json_object_get_int_member (file, "duplicates"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "diagnostics")), ==, 0);

  card = card_at (file, 1);
  g_assert_cmpstr (json_object_get_string_member (card, "title"), ==, "Event Loop");
  g_assert_cmpstr (json_object_get_string_member (card, "question"), ==, "Что делает event loop?");
  g_assert_cmpstr (json_object_get_string_member (card, "answer"), ==,
                   "Он управляет выполнением корутин и переключается между ними при `await`.");
  g_assert_cmpstr (json_object_get_string_member (card, "summary"), ==,
                   "Event loop планирует и переключает корутины.\n\n"
                   "```python\nimport asyncio\n\nasync def main():\n\tawait asyncio.sleep(1)\n\n"
                   "asyncio.run(main())\n```");
  assert_null_member (card, "context");
  g_assert_cmpint (json_object_get_int_member (card, "line"), ==, 23);
  expected_id = kt_text_card_id ("Async Python", "Что делает event loop?");
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, expected_id);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_nonnull (json_object_get_string_member (card_at (file, i), "title"));
      g_assert_nonnull (json_object_get_string_member (card_at (file, i), "summary"));
    }
  g_assert_cmpstr (json_object_get_string_member (card_at (file, 0), "title"), ==,
                   "Threads, Processes и AsyncIO");
  g_assert_cmpint (json_object_get_int_member (card_at (file, 0), "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (card_at (file, 3), "title"), ==,
                   "gather vs as_completed");
}

static void
test_cards_json_malformed (void)
{
  g_autofree char *path = fixture_path ("qa-malformed.txt");
  const char *const paths[] = { path, NULL };
  g_autoptr(JsonNode) root = cards_json (paths, 1);
  JsonObject *file = file_at (root, 0);
  JsonArray *diagnostics = json_object_get_array_member (file, "diagnostics");
  static const guint lines[] = { 1, 6, 9, 10 };

  g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "qa");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "cards")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (card_at (file, 0), "question"), ==,
                   "A good question?");
  g_assert_cmpstr (json_object_get_string_member (card_at (file, 0), "answer"), ==,
                   "A good answer.");
  g_assert_cmpint (json_object_get_int_member (card_at (file, 0), "line"), ==, 3);

  g_assert_cmpuint (json_array_get_length (diagnostics), ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      JsonObject *diag = json_array_get_object_element (diagnostics, i);

      g_assert_cmpint (json_object_get_int_member (diag, "line"), ==, lines[i]);
      g_assert_cmpstr (json_object_get_string_member (diag, "severity"), ==, "error");
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (diagnostics, 0),
                                                  "message"), ==,
                   "an answer without a question");
}

static void
test_cards_json_missing (void)
{
  g_autofree char *missing = missing_path ();
  g_autofree char *notes = seed_path (SEED_NOTES);
  const char *const paths[] = { missing, notes, NULL };
  g_autoptr(JsonNode) root = cards_json (paths, 1);
  JsonObject *file = file_at (root, 0);
  JsonArray *diagnostics = json_object_get_array_member (file, "diagnostics");
  JsonObject *diag;

  assert_null_member (file, "format");
  assert_null_member (file, "topic");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "cards")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (file, "duplicates"), ==, 0);
  g_assert_cmpuint (json_array_get_length (diagnostics), ==, 1);
  diag = json_array_get_object_element (diagnostics, 0);
  g_assert_cmpint (json_object_get_int_member (diag, "line"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (diag, "severity"), ==, "error");
  g_assert_nonnull (strstr (json_object_get_string_member (diag, "message"), "there is no such file"));

  /* The next file is still there, whole. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file_at (root, 1), "cards")), ==, 4);
}

static void
test_cards_json_nothing (void)
{
  const char *const none[] = { NULL };
  g_autoptr(JsonNode) root = cards_json (none, 0);
  JsonArray *files = json_object_get_array_member (json_node_get_object (root), "files");

  g_assert_cmpuint (json_array_get_length (files), ==, 0);
}

/* Files that are not files say what they are, at once: no read of
 * /dev/zero until memory runs out, no wait on a FIFO. */
static void
test_check_special (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-cli-XXXXXX", &error);
  g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
  g_autofree char *to_fifo = g_build_filename (dir, "to-pipe.md", NULL);
  g_autofree char *to_zero = g_build_filename (dir, "to-zero.txt", NULL);
  const char *const paths[] = { "/dev/zero", fifo, to_fifo, to_zero, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);
  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_no_errno (symlink (fifo, to_fifo));
  g_assert_no_errno (symlink ("/dev/zero", to_zero));

  g_assert_cmpint (kt_cli_check (paths, out), ==, 1);
  assert_has_line (out->str, "/dev/zero: error: this is a device, not a file; only regular files are read");
  g_assert_cmpuint (count_lines_containing (out->str, "error: this is a named pipe, not a file"), ==, 2);
  g_assert_cmpuint (count_lines_containing (out->str, "error: this is a device, not a file"), ==, 2);

  root = cards_json (paths, 1);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file_at (root, i), "cards")), ==, 0);

  g_assert_no_errno (g_remove (to_zero));
  g_assert_no_errno (g_remove (to_fifo));
  g_assert_no_errno (g_remove (fifo));
  g_assert_no_errno (g_rmdir (dir));
}

/* -------------------------------------------------------------------------
 * Folders
 * ---------------------------------------------------------------------- */

static char *
vault_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "vault", NULL);
}

/* A folder is read as the library reads it: every deck below, not the
 * hidden ones or the image; each file's id is its path there. */
static void
test_check_folder (void)
{
  g_autofree char *vault = vault_path ();
  const char *const paths[] = { vault, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  static const char *const expected[] = {
    "/Inbox.txt: unknown, 0 cards, 0 duplicates merged",
    "/Python/Async Python.md: notes, 2 cards, 0 duplicates merged",
    "  topic “Async Python” (Python/Async Python): 2 cards",
    "/Python/Core.md: notes, 2 cards, 0 duplicates merged",
    "  topic “Python Core” (Python/Core): 2 cards",
    "/System Design/Core.md: notes, 1 card, 0 duplicates merged",
    "  topic “Core” (System Design/Core): 1 card",
    "/System Design/Databases/NoSQL.md: qa, 2 cards, 0 duplicates merged",
    "  topic “NoSQL” (System Design/Databases/NoSQL): 2 cards",
  };
  g_autofree char *inbox_error = g_strconcat (vault, "/Inbox.txt: error: this does not look like a deck", NULL);

  /* The card-less text file is an error. */
  g_assert_cmpint (kt_cli_check (paths, out), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = expected[i][0] == '/' ? g_strconcat (vault, expected[i], NULL)
                                                   : g_strdup (expected[i]);

      assert_has_line (out->str, line);
    }
  g_assert_nonnull (strstr (out->str, inbox_error));
  g_assert_null (strstr (out->str, ".obsidian"));
  g_assert_null (strstr (out->str, "diagram"));
  g_assert_null (strstr (out->str, "board"));
  g_assert_cmpuint (n_lines (out->str), ==, 10);
}

static JsonObject *
file_named (JsonNode   *root,
            const char *vault,
            const char *relative)
{
  g_autofree char *path = g_strconcat (vault, "/", relative, NULL);
  JsonArray *files = json_object_get_array_member (json_node_get_object (root), "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      if (g_str_equal (json_object_get_string_member (file, "path"), path))
        return file;
    }
  g_error ("no %s", path);
}

static void
test_cards_json_folder (void)
{
  g_autofree char *vault = vault_path ();
  const char *const paths[] = { vault, NULL };
  g_autoptr(JsonNode) root = cards_json_files (paths, 1, 5);
  JsonObject *file, *topic, *card;
  JsonArray *tags;

  file = file_named (root, vault, "System Design/Core.md");
  topic = json_object_get_object_member (file, "topic");
  g_assert_cmpstr (json_object_get_string_member (topic, "id"), ==, "System Design/Core");
  g_assert_cmpstr (json_object_get_string_member (topic, "title"), ==, "Core");
  g_assert_cmpstr (json_object_get_string_member (topic, "folder"), ==, "System Design");
  card = card_at (file, 0);
  g_assert_cmpstr (json_object_get_string_member (card, "topic"), ==, "System Design/Core");

  file = file_named (root, vault, "System Design/Databases/NoSQL.md");
  topic = json_object_get_object_member (file, "topic");
  g_assert_cmpstr (json_object_get_string_member (topic, "folder"), ==, "System Design/Databases");

  /* Tags are the topic's, on each card. */
  file = file_named (root, vault, "Python/Core.md");
  tags = json_object_get_array_member (card_at (file, 1), "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "python");

  file = file_named (root, vault, "Inbox.txt");
  assert_null_member (file, "topic");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "diagnostics")), ==, 1);
}

/* The notes of a card — text of its section that is neither question,
 * answer nor summary — can be seen headless, with its topic. */
static void
test_cards_json_notes (void)
{
  g_autofree char *path = fixture_path ("notes-headings.md");
  const char *const paths[] = { path, NULL };
  g_autoptr(JsonNode) root = cards_json (paths, 0);
  JsonObject *file = file_at (root, 0);
  JsonObject *threads = card_at (file, 2);

  g_assert_cmpstr (json_object_get_string_member (threads, "question"), ==, "When do threads help?");
  g_assert_cmpstr (json_object_get_string_member (threads, "notes"), ==,
                   "Everything about threads and coroutines.");
  g_assert_cmpstr (json_object_get_string_member (threads, "topic"), ==, "notes-headings");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threads, "tags")), ==, 0);
  assert_null_member (card_at (file, 0), "notes");
  assert_null_member (json_object_get_object_member (file, "topic"), "folder");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/check/seeds", test_check_seeds);
  g_test_add_func ("/cli/check/malformed", test_check_malformed);
  g_test_add_func ("/cli/check/warning-only", test_check_warning_only);
  g_test_add_func ("/cli/check/missing", test_check_missing);
  g_test_add_func ("/cli/check/nothing", test_check_nothing);
  g_test_add_func ("/cli/cards-json/seeds", test_cards_json_seeds);
  g_test_add_func ("/cli/cards-json/malformed", test_cards_json_malformed);
  g_test_add_func ("/cli/cards-json/missing", test_cards_json_missing);
  g_test_add_func ("/cli/cards-json/nothing", test_cards_json_nothing);
  g_test_add_func ("/cli/check/folder", test_check_folder);
  g_test_add_func ("/cli/check/special-files", test_check_special);
  g_test_add_func ("/cli/cards-json/folder", test_cards_json_folder);
  g_test_add_func ("/cli/cards-json/notes", test_cards_json_notes);

  return g_test_run ();
}
