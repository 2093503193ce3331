/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Unit tests for kt-file: only regular files of a sane size are read, and
 * what is not one says what it is, at once — /dev/zero, a FIFO, links to
 * either, a folder, a link to nothing, a file over the size limit.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt-file.h"

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kt-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Both calls refuse @path with @code and a message starting @message. */
static void
assert_refused (const char *path,
                gint        code,
                const char *message)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_false (kt_file_check_regular (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, message));
  g_clear_error (&error);

  bytes = kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, message));
}

static void
test_regular (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "deck.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) linked = g_file_new_for_path (link);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) through_link = NULL;

  g_assert_true (g_file_set_contents (path, "1. Q?\nAnswer: A.\n", -1, NULL));
  g_assert_no_errno (symlink (path, link));

  g_assert_true (kt_file_check_regular (file, NULL, &error));
  g_assert_no_error (error);
  bytes = kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "1. Q?\nAnswer: A.\n", 17);

  /* A link to a regular file is followed. */
  through_link = kt_file_read_regular (linked, KT_FILE_MAX_DECK_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, through_link));

  /* Exactly at the limit is fine, a byte over it is not. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = kt_file_read_regular (file, 17, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kt_file_read_regular (file, 16, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);

  g_assert_no_errno (g_remove (link));
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_special_files (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
  g_autofree char *to_fifo = g_build_filename (dir, "to-pipe.md", NULL);
  g_autofree char *to_zero = g_build_filename (dir, "zero.txt", NULL);
  g_autofree char *dangling = g_build_filename (dir, "gone.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);

  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_no_errno (symlink (fifo, to_fifo));
  g_assert_no_errno (symlink ("/dev/zero", to_zero));
  g_assert_no_errno (symlink (missing, dangling));

  /* None of these blocks or reads forever. */
  assert_refused ("/dev/zero", G_IO_ERROR_NOT_REGULAR_FILE, "this is a device, not a file");
  assert_refused (to_zero, G_IO_ERROR_NOT_REGULAR_FILE, "this is a device, not a file");
  assert_refused (fifo, G_IO_ERROR_NOT_REGULAR_FILE, "this is a named pipe, not a file");
  assert_refused (to_fifo, G_IO_ERROR_NOT_REGULAR_FILE, "this is a named pipe, not a file");
  assert_refused (dir, G_IO_ERROR_IS_DIRECTORY, "this is a folder, not a file");
  assert_refused (dangling, G_IO_ERROR_NOT_FOUND, "this is a link to a file that does not exist");
  assert_refused (missing, G_IO_ERROR_NOT_FOUND, "there is no such file");

  g_assert_no_errno (g_remove (dangling));
  g_assert_no_errno (g_remove (to_zero));
  g_assert_no_errno (g_remove (to_fifo));
  g_assert_no_errno (g_remove (fifo));
  g_assert_no_errno (g_rmdir (dir));
}

/* A sparse file over the deck limit: refused by its size, without a byte
 * of it read (or written to disk). */
static void
test_too_large (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (ftruncate (fd, KT_FILE_MAX_DECK_SIZE + 1));
  g_assert_no_errno (close (fd));

  g_assert_null (kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "the file is larger than 256 MB, the most Kartoteka reads");

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* The bundled decks have no path: GIO's view of them is used. */
static void
test_resource (void)
{
  g_autoptr(GFile) deck = g_file_new_for_uri ("resource://" RESOURCE_PREFIX "/decks/Async%20Python.md");
  g_autoptr(GFile) folder = g_file_new_for_uri ("resource://" RESOURCE_PREFIX "/decks");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kt_file_read_regular (deck, KT_FILE_MAX_DECK_SIZE, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 1000);
  g_assert_null (kt_file_read_regular (deck, 1000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (kt_file_check_regular (folder, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/file/regular", test_regular);
  g_test_add_func ("/file/special-files", test_special_files);
  g_test_add_func ("/file/too-large", test_too_large);
  g_test_add_func ("/file/resource", test_resource);

  return g_test_run ();
}
