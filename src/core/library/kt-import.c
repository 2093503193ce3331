/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a deck: one rule for what is copied into the user's deck
 * folder, so that what import accepts is what the folder loads at the
 * next start (kt-scan.c decides that), and nothing that gives no cards is
 * copied at all. An Anki package is converted into JSON decks instead
 * (anki/kt-anki-import.c). Plain functions for a worker thread; KtLibrary
 * runs them and loads what was written, `kartoteka --import` runs them
 * on its own thread.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-anki-import.h"
#include "kt-file.h"
#include "kt-formats.h"
#include "kt-import.h"
#include "kt-scan.h"

/* Longer file names fail with "File name too long" on most file
 * systems (255 bytes on ext4, btrfs, xfs). */
#define MAX_NAME_BYTES 255

static gboolean
has_contents (GFile  *file,
              GBytes *contents)
{
  g_autoptr(GBytes) existing = kt_file_read_regular (file, g_bytes_get_size (contents), NULL, NULL);

  return existing != NULL && g_bytes_equal (existing, contents);
}

/* "@stem@number@suffix" in at most MAX_NAME_BYTES, cutting the stem at a
 * character boundary when it is too long. */
static char *
fit_name (const char *stem,
          const char *number,
          const char *suffix)
{
  gsize room = MAX_NAME_BYTES - MIN (MAX_NAME_BYTES, strlen (number) + strlen (suffix));
  g_autofree char *cut = NULL;

  if (strlen (stem) > room)
    {
      const char *end = stem + room;

      while (end > stem && (((guchar) *end) & 0xC0) == 0x80)
        end--;
      cut = g_strndup (stem, end - stem);
      stem = cut;
    }

  return g_strconcat (stem, number, suffix, NULL);
}

/* "x.txt", else "x (2).txt", "x (3).txt"…: the first name that is free
 * or already holds @contents (a re-import). */
static GFile *
import_destination (GFile      *folder,
                    const char *name,
                    GBytes     *contents)
{
  g_autofree char *stem = g_strdup (name);
  const char *dot = strrchr (name, '.');
  const char *suffix = dot != NULL && dot != name ? dot : "";
  g_autofree char *first = NULL;
  GFile *dest;

  stem[strlen (name) - strlen (suffix)] = '\0';
  first = fit_name (stem, "", suffix);
  dest = g_file_get_child (folder, first);
  for (guint n = 2; g_file_query_exists (dest, NULL) && !has_contents (dest, contents); n++)
    {
      g_autofree char *number = g_strdup_printf (" (%u)", n);
      g_autofree char *other = fit_name (stem, number, suffix);

      g_object_unref (dest);
      dest = g_file_get_child (folder, other);
    }

  return dest;
}

static const char *
extension_for (KtDeckFormat format)
{
  switch (format)
    {
    case KT_DECK_FORMAT_NOTES: return ".md";
    case KT_DECK_FORMAT_TSV:   return ".tsv";
    case KT_DECK_FORMAT_JSON:  return ".json";
    case KT_DECK_FORMAT_QA:
    case KT_DECK_FORMAT_UNKNOWN:
    default:                   return ".txt";
    }
}

/* What the deck folder would skip is refused, so that an imported deck
 * is there again at the next start. */
static gboolean
check_import_name (const char  *name,
                   GError     **error)
{
  if (name[0] == '.')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("its name starts with “.”, which hides it; deck folders skip "
                             "hidden files, so rename it first"));
      return FALSE;
    }
  if (g_str_has_suffix (name, "~"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("its name ends in “~”, which marks a backup copy; deck folders "
                             "skip those, so import the file it backs up"));
      return FALSE;
    }

  return TRUE;
}

/**
 * kt_import_copy:
 * @folder: where imported decks are kept
 * @known: checksum (SHA-256 of the bytes, as from
 *   g_compute_checksum_for_bytes()) → title of every deck loaded now
 * @copy: (out): the copy, on success
 * @deck: (out) (optional) (transfer full): when @file gave no cards, what
 *   reading it said, line by line
 *
 * The import rule, on the calling thread (blocking: run it on a worker).
 * @file is copied into @folder only when the deck folder would load it
 * again at the next start and it gives cards: a regular file of at most
 * %KT_FILE_MAX_DECK_SIZE bytes, not hidden, not a backup, not in the
 * library already (by content). A name without a deck's extension gets the
 * format's; a name taken by other content gets " (2)", " (3)"…; a name too
 * long for the file system is shortened. The copy is written atomically;
 * importing content that is already in @folder under the same name finds
 * that file instead.
 *
 * The error says why nothing was copied, in words for people, without the
 * file's name: %G_IO_ERROR_EXISTS when its content is in the library
 * already, %G_IO_ERROR_INVALID_FILENAME for a hidden or backup file,
 * %G_IO_ERROR_INVALID_DATA when it gave no cards, others when it could not
 * be read or copied.
 *
 * Returns: whether @file was copied (or found copied already)
 */
gboolean
kt_import_copy (GFile         *file,
                GFile         *folder,
                GHashTable    *known,
                GFile        **copy,
                KtDeck       **deck_out,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *checksum = NULL;
  g_autofree char *deck_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KtDeck) deck = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) dest = NULL;
  const char *title;

  if (!check_import_name (name, error))
    return FALSE;

  bytes = kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  title = g_hash_table_lookup (known, checksum);
  if (title != NULL)
    {
      /* Translators: %s is the title of a deck. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("it is already in your decks, as “%s”"), title);
      return FALSE;
    }

  deck = kt_formats_parse_bytes (bytes, name);
  if (kt_deck_count_cards (deck) == 0)
    {
      const char *first = _("no cards found in this file");

      for (guint i = 0; i < deck->diagnostics->len; i++)
        if (g_array_index (deck->diagnostics, KtDiagnostic, i).severity == KT_SEVERITY_ERROR)
          {
            first = g_array_index (deck->diagnostics, KtDiagnostic, i).message;
            break;
          }
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, first);
      if (deck_out != NULL)
        *deck_out = g_steal_pointer (&deck);
      return FALSE;
    }

  /* A name the deck folder would not read gets the format's extension. */
  deck_name = kt_scan_is_deck_name (name) ? g_strdup (name)
                                          : g_strconcat (name, extension_for (deck->format), NULL);

  if (!g_file_make_directory_with_parents (folder, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  dest = import_destination (folder, deck_name, bytes);
  if (!g_file_query_exists (dest, cancellable) &&
      !g_file_replace_contents (dest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, error))
    return FALSE;

  *copy = g_steal_pointer (&dest);
  return TRUE;
}

/**
 * kt_import_file:
 * @known: as for kt_import_copy()
 * @progress: (nullable): how far @file is, on this thread
 * @imported: what was written is added to it
 *
 * Imports one file into @folder: an Anki package (.apkg, .colpkg)
 * becomes JSON decks, any other file goes by kt_import_copy(). Blocking:
 * run it on a worker. Nothing is written for a file that fails.
 *
 * Returns: whether @file was imported; if not, @error says why in words
 *   for people, without the file's name
 */
gboolean
kt_import_file (GFile                *file,
                GFile                *folder,
                GHashTable           *known,
                KtImportProgressFunc  progress,
                gpointer              progress_data,
                KtImported           *imported,
                GCancellable         *cancellable,
                GError              **error)
{
  GFile *copy = NULL;

  g_return_val_if_fail (imported != NULL, FALSE);

  if (kt_anki_package_is_package (file))
    {
      /* One package at a time: two that file notes into the same deck
       * merge into it one after the other, never from the same old copy. */
      static GMutex one_package;
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&one_package);

      imported->package = TRUE;
      return kt_anki_import_package (file, folder, NULL, imported, progress, progress_data,
                                     cancellable, error);
    }

  if (!kt_import_copy (file, folder, known, &copy, &imported->deck, cancellable, error))
    return FALSE;
  g_ptr_array_add (imported->files, copy);
  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
