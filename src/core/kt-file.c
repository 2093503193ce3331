/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading files given by name — deck files, imports, progress files —
 * only when they are regular files of a sane size. A FIFO would block the
 * reader until someone writes to it, /dev/zero would be read until memory
 * runs out, and a symbolic link to either looks like a file by its name.
 * The type is checked before the file is opened (opening some devices has
 * effects of its own), and again on the open descriptor, which is opened
 * non-blocking in case the file was swapped for a FIFO in between.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt-file.h"

#define READ_CHUNK (256 * 1024)

static gboolean
check_mode (mode_t    mode,
            GError  **error)
{
  if (S_ISREG (mode))
    return TRUE;

  if (S_ISDIR (mode))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                         _("this is a folder, not a file"));
  else if (S_ISFIFO (mode))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("this is a named pipe, not a file; only regular files are read"));
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("this is a device, not a file; only regular files are read"));
  else if (S_ISSOCK (mode))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("this is a socket, not a file; only regular files are read"));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("this is not a regular file; only regular files are read"));

  return FALSE;
}

static void
set_too_big (gsize    max_size,
             GError **error)
{
  g_autofree char *size = NULL;

  /* The limits are whole megabytes (of 2^20 bytes), said as people do. */
  if (max_size % (1024 * 1024) == 0)
    /* Translators: a size in megabytes, as in "256 MB". */
    size = g_strdup_printf (_("%u MB"), (guint) (max_size / (1024 * 1024)));
  else
    size = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: %s is a size, such as "256 MB". */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("the file is larger than %s, the most Kartoteka reads"), size);
}

/* Said the way the other messages of a deck are, without the path: it
 * is in front of them already. */
static void
set_errno_error (int      saved_errno,
                 GError **error)
{
  const char *message;

  switch (saved_errno)
    {
    case ENOENT: message = _("there is no such file"); break;
    case EACCES: message = _("you are not allowed to read it"); break;
    case EISDIR: message = _("this is a folder, not a file"); break;
    default:     message = g_strerror (saved_errno); break;
    }
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), message);
}

/* For files without a path (resource://, remote): GIO's own view. */
static gboolean
check_info (GFile         *file,
            goffset        max_size,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_UNIX_MODE,
                                                 G_FILE_QUERY_INFO_NONE, cancellable, error);

  if (info == NULL)
    return FALSE;

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      break;

    case G_FILE_TYPE_DIRECTORY:
      return check_mode (S_IFDIR, error);

    case G_FILE_TYPE_SYMBOLIC_LINK:
      /* Followed: only a link to nothing is still a link. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("this is a link to a file that does not exist"));
      return FALSE;

    case G_FILE_TYPE_SPECIAL:
      if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_UNIX_MODE))
        return check_mode (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE),
                           error);
      return check_mode (0, error);

    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      return check_mode (0, error);
    }

  if (max_size >= 0 && g_file_info_get_size (info) > max_size)
    {
      set_too_big (max_size, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_path (const char  *path,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      /* A link whose target is missing is there, but leads nowhere. */
      if (saved_errno == ENOENT && g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("this is a link to a file that does not exist"));
          return FALSE;
        }
      set_errno_error (saved_errno, error);
      return FALSE;
    }

  return check_mode (st.st_mode, error);
}

/**
 * kt_file_check_regular:
 *
 * Whether @file is a regular file (following symbolic links), without
 * opening it. The error says what it is instead, in words for people:
 * "this is a named pipe, not a file; …".
 */
gboolean
kt_file_check_regular (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    return check_info (file, -1, cancellable, error);

  return check_path (path, error);
}

static GBytes *
read_native (const char    *path,
             gsize          max_size,
             GCancellable  *cancellable,
             GError       **error)
{
  struct stat st;
  g_autoptr(GByteArray) data = NULL;
  int fd;

  if (!check_path (path, error))
    return NULL;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_errno_error (errno, error);
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !check_mode (st.st_mode, error))
    {
      if (error != NULL && *error == NULL)
        set_errno_error (errno, error);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      set_too_big (max_size, error);
      close (fd);
      return NULL;
    }

  /* The size is a hint: the file may grow or shrink while it is read. */
  data = g_byte_array_sized_new (st.st_size + 1);
  for (;;)
    {
      guint used = data->len;
      gssize n_read;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }

      g_byte_array_set_size (data, used + READ_CHUNK);
      n_read = read (fd, data->data + used, READ_CHUNK);
      if (n_read < 0 && errno == EINTR)
        {
          g_byte_array_set_size (data, used);
          continue;
        }
      if (n_read < 0)
        {
          set_errno_error (errno, error);
          close (fd);
          return NULL;
        }
      g_byte_array_set_size (data, used + n_read);
      if (n_read == 0)
        break;
      if (data->len > max_size)
        {
          set_too_big (max_size, error);
          close (fd);
          return NULL;
        }
    }

  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * kt_file_read_regular:
 * @max_size: refuse files larger than this many bytes
 *
 * Reads @file whole if it is a regular file of at most @max_size bytes;
 * otherwise the error says why not (see kt_file_check_regular()). Never
 * blocks on a FIFO and never reads more than @max_size and a chunk.
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 */
GBytes *
kt_file_read_regular (GFile         *file,
                      gsize          max_size,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE - READ_CHUNK, NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return read_native (path, max_size, cancellable, error);

  if (!check_info (file, max_size, cancellable, error) ||
      !g_file_load_contents (file, cancellable, &contents, &len, NULL, error))
    return NULL;

  return g_bytes_new_take (contents, len);
}
