/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Pictures in cards (issue 17): where kt_media_resolve() finds what a card
 * names, in the fixture vault tests/data/media-vault (an Obsidian vault
 * with attachment folders, blanks and Cyrillic in its names), that no
 * path leads out of the deck folder, and that the parsers keep a card
 * whose question is only a picture.
 */

#include <string.h>

#include <glib/gstdio.h>

#include "kt-formats.h"
#include "kt-media.h"

static char *
vault_path (const char *first,
            ...)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "media-vault", NULL);
  g_autofree char *canonical = g_canonicalize_filename (root, NULL);
  GString *path = g_string_new (canonical);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (path, '/');
      g_string_append (path, part);
    }
  va_end (args);

  return g_string_free (path, FALSE);
}

/* @url from the vault's Биология/Клетка.md is found at @expected (a path
 * inside the vault), or not at all for NULL. */
static void
assert_resolves (const char *url,
                 const char *expected)
{
  g_autofree char *root = vault_path (NULL);
  g_autofree char *note = vault_path ("Биология", "Клетка.md", NULL);
  g_autofree char *found = kt_media_resolve (url, note, root, NULL);
  g_autofree char *want = expected != NULL ? g_build_filename (root, expected, NULL) : NULL;

  g_test_message ("%s → %s", url, found);
  g_assert_cmpstr (found, ==, want);
}

static void
test_note_folder (void)
{
  assert_resolves ("Схема%20клетки.png", "Биология/Схема клетки.png");
  assert_resolves ("Схема клетки.png", "Биология/Схема клетки.png");
  assert_resolves ("./Схема клетки.png", "Биология/Схема клетки.png");
  /* Up from the note, still inside the vault. */
  assert_resolves ("../logo.png", "logo.png");
}

static void
test_deck_folder (void)
{
  assert_resolves ("logo.png", "logo.png");
  assert_resolves ("Media/Photos/sunset photo.png", "Media/Photos/sunset photo.png");
  /* A leading slash starts at the vault, not at the file system. */
  assert_resolves ("/Media/Photos/sunset%20photo.png", "Media/Photos/sunset photo.png");
  assert_resolves ("/logo.png", "logo.png");
}

static void
test_attachments (void)
{
  /* The folder .obsidian/app.json names. */
  assert_resolves ("из настроек.png", "Files/Вложения/из настроек.png");
  /* attachments/ next to the note, then at the top of the vault. */
  assert_resolves ("митохондрия.png", "Биология/attachments/митохондрия.png");
  assert_resolves ("diagram.png", "attachments/diagram.png");
}

static void
test_search_by_name (void)
{
  assert_resolves ("sunset photo.png", "Media/Photos/sunset photo.png");
  assert_resolves ("Photos/sunset photo.png", "Media/Photos/sunset photo.png");
  assert_resolves ("Other/sunset photo.png", NULL);
  /* Hidden folders are not searched. */
  assert_resolves ("app.json", NULL);
}

static void
test_missing (void)
{
  g_autofree char *note = vault_path ("Биология", "Клетка.md", NULL);

  assert_resolves ("рибосома.png", NULL);
  assert_resolves ("", NULL);
  assert_resolves ("Биология", NULL);
  g_assert_null (kt_media_resolve (NULL, note, NULL, NULL));
  g_assert_null (kt_media_resolve ("logo.png", NULL, NULL, NULL));
  g_assert_null (kt_media_resolve ("logo.png", "relative/note.md", NULL, NULL));
}

static void
test_remote (void)
{
  g_assert_true (kt_media_is_remote ("https://example.org/a.png"));
  g_assert_true (kt_media_is_remote ("HTTP://example.org/a.png"));
  g_assert_false (kt_media_is_remote ("logo.png"));
  g_assert_false (kt_media_is_remote ("ftp://example.org/a.png"));
  g_assert_false (kt_media_is_remote (NULL));

  /* Never resolved, nor any other URL. */
  assert_resolves ("https://example.org/logo.png", NULL);
  assert_resolves ("data:image/png;base64,iVBORw0KGgo=", NULL);
}

/* A file that exists, next to the vault: no path a card writes reaches it. */
static void
test_escapes (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("kt-media-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (tmp, "passwd.png", NULL);
  g_autofree char *vault = g_build_filename (tmp, "vault", NULL);
  g_autofree char *notes = g_build_filename (vault, "notes", NULL);
  g_autofree char *note = g_build_filename (notes, "note.md", NULL);
  g_autofree char *inside = g_build_filename (vault, "inside.png", NULL);
  static const char * const escapes[] = {
    "../../passwd.png",
    "../../../../../../../../passwd.png",
    "%2E%2E/%2E%2E/passwd.png",
    "/../passwd.png",
    "attachments/../../../passwd.png",
    "file:///passwd.png",
    "passwd.png",
  };
  g_autofree char *found = NULL;

  g_assert_nonnull (tmp);
  g_assert_cmpint (g_mkdir_with_parents (notes, 0700), ==, 0);
  g_assert_true (g_file_set_contents (secret, "secret", -1, NULL));
  g_assert_true (g_file_set_contents (note, "Q: ![](x.png)\nA: y\n", -1, NULL));
  g_assert_true (g_file_set_contents (inside, "png", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (escapes); i++)
    {
      g_autofree char *escaped = kt_media_resolve (escapes[i], note, vault, NULL);

      g_test_message ("%s → %s", escapes[i], escaped);
      g_assert_null (escaped);
    }

  /* Without a deck folder, the note's own folder is the limit. */
  g_assert_null (kt_media_resolve ("../inside.png", note, NULL, NULL));
  found = kt_media_resolve ("../inside.png", note, vault, NULL);
  g_assert_cmpstr (found, ==, inside);

  g_assert_cmpint (g_remove (inside), ==, 0);
  g_assert_cmpint (g_remove (note), ==, 0);
  g_assert_cmpint (g_remove (secret), ==, 0);
  g_assert_cmpint (g_rmdir (notes), ==, 0);
  g_assert_cmpint (g_rmdir (vault), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* A picture next to the note wins over one of the same name elsewhere. */
static void
test_order (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("kt-media-XXXXXX", NULL);
  g_autofree char *notes = g_build_filename (tmp, "notes", NULL);
  g_autofree char *assets = g_build_filename (tmp, "assets", NULL);
  g_autofree char *note = g_build_filename (notes, "note.md", NULL);
  const char *places[] = { "notes/a.png", "a.png", "assets/a.png", "assets/b.png", "notes/b.png" };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpint (g_mkdir_with_parents (notes, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (assets, 0700), ==, 0);
  g_assert_true (g_file_set_contents (note, "", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *path = g_build_filename (tmp, places[i], NULL);

      g_assert_true (g_file_set_contents (path, "png", -1, NULL));
    }

  first = kt_media_resolve ("a.png", note, tmp, NULL);
  g_assert_true (g_str_has_suffix (first, "/notes/a.png"));
  g_assert_cmpint (g_remove (first), ==, 0);
  g_clear_pointer (&first, g_free);
  first = kt_media_resolve ("a.png", note, tmp, NULL);
  g_assert_cmpstr (first + strlen (tmp), ==, "/a.png");
  second = kt_media_resolve ("b.png", note, tmp, NULL);
  g_assert_true (g_str_has_suffix (second, "/notes/b.png"));

  for (guint i = G_N_ELEMENTS (places); i > 0; i--)
    {
      g_autofree char *path = g_build_filename (tmp, places[i - 1], NULL);

      g_remove (path);
    }
  g_assert_cmpint (g_remove (note), ==, 0);
  g_assert_cmpint (g_rmdir (notes), ==, 0);
  g_assert_cmpint (g_rmdir (assets), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* ------------------------------------------------------------------------ */

static void
assert_questions (const char         *name,
                  const char * const *questions)
{
  g_autofree char *path = vault_path ("Биология", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KtDeck) deck = kt_formats_parse_file (file, NULL);
  KtTopic *topic;
  guint n = g_strv_length ((char **) questions);

  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      KtDiagnostic *diagnostic = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_test_message ("%s:%u: %s", name, diagnostic->line, diagnostic->message);
      g_assert_cmpint (diagnostic->severity, !=, KT_SEVERITY_ERROR);
    }
  g_assert_cmpuint (deck->topics->len, ==, 1);
  topic = g_ptr_array_index (deck->topics, 0);
  g_assert_cmpuint (kt_topic_get_n_cards (topic), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      g_assert_cmpstr (kt_card_get_question (card), ==, questions[i]);
      g_assert_cmpstr (kt_card_get_source_path (card), ==, path);
    }
}

/* A picture is a question: nothing else needs to be in it. */
static void
test_image_only_questions (void)
{
  static const char * const note[] = {
    "![[митохондрия.png|300]]",
    "![Схема клетки](Схема%20клетки.png)",
    "Какого цвета небо на фото? ![[sunset photo.png]]",
    "Что изображено? ![[рибосома.png]]",
    NULL,
  };
  static const char * const pairs[] = { "![[logo.png]]", "![[diagram.png]]", NULL };
  static const char * const numbered[] = {
    "![[из настроек.png]]", "![](https://example.org/remote.png)", NULL,
  };

  assert_questions ("Клетка.md", note);
  assert_questions ("Пары.md", pairs);
  assert_questions ("Вопросы.txt", numbered);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/resolve/note-folder", test_note_folder);
  g_test_add_func ("/media/resolve/deck-folder", test_deck_folder);
  g_test_add_func ("/media/resolve/attachments", test_attachments);
  g_test_add_func ("/media/resolve/search-by-name", test_search_by_name);
  g_test_add_func ("/media/resolve/missing", test_missing);
  g_test_add_func ("/media/resolve/remote", test_remote);
  g_test_add_func ("/media/resolve/escapes", test_escapes);
  g_test_add_func ("/media/resolve/order", test_order);
  g_test_add_func ("/media/image-only-questions", test_image_only_questions);

  return g_test_run ();
}
