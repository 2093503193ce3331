/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Anki package (.apkg, .colpkg) is a zip, read here with libarchive.
 * Three layouts are in use, told apart by the "meta" entry (a protobuf
 * PackageMetadata whose field 1 is the version):
 *
 *   1  no "meta", "collection.anki2" (Anki 2.0, and genanki today)
 *   2  "collection.anki21", the same SQLite schema 11 (Anki 2.1)
 *   3  "collection.anki21b": schema 18, zstd-compressed (Anki 2.1.50 on,
 *      the default for .apkg since 23.10)
 *
 * Every layout from 2 on also holds a "collection.anki2" telling older
 * Ankis to upgrade, so the version decides which collection is read,
 * never the presence of a name. Media files are the entries "0", "1" …;
 * the "media" entry maps them to their names: JSON {"0": "name"} up to
 * version 2, a zstd-compressed protobuf MediaEntries (field 1, repeated
 * MediaEntry; its field 1 the name, the entry number its position) from
 * version 3 on, where each media file is zstd-compressed too.
 *
 * The package is read twice: once for the meta, the media map and the
 * collection (unpacked to a temporary file for SQLite), and once more for
 * the media files the notes use, written straight to where the importer
 * wants them. Nothing is unpacked past KtAnkiLimits: a zip bomb, or a zip
 * entry larger than its header says, stops with an error.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>
#include <zstd.h>

#include "kt-anki-package.h"
#include "kt-anki-proto.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define MIB (G_GUINT64_CONSTANT (1) << 20)

const KtAnkiLimits kt_anki_default_limits = {
  .max_collection = 4 * GIB,
  .max_media_file = 512 * MIB,
  .max_total = 32 * GIB,
};

/* "meta" and "media" are a few bytes a file: far below this. */
#define MAX_INDEX_SIZE (64 * MIB)

#define CHUNK (64 * 1024)

struct _KtAnkiPackage {
  char         *path;
  guint         version;
  char         *collection;   /* the unpacked collection, a temporary file */
  GPtrArray    *media;        /* (element-type KtAnkiMedia) */
  KtAnkiLimits  limits;
  guint64       unpacked;     /* bytes unpacked so far, against max_total */
};

static void
media_free (gpointer data)
{
  KtAnkiMedia *media = data;

  g_free (media->name);
  g_free (media->entry);
  g_free (media);
}

void
kt_anki_package_free (KtAnkiPackage *package)
{
  if (package == NULL)
    return;

  if (package->collection != NULL)
    g_unlink (package->collection);
  g_free (package->collection);
  g_free (package->path);
  g_ptr_array_unref (package->media);
  g_free (package);
}

/* -------------------------------------------------------------------------
 * Unpacking one entry, within limits
 * ---------------------------------------------------------------------- */

typedef gboolean (*SinkFunc) (const void *data,
                              gsize       len,
                              gpointer    user_data,
                              GError    **error);

static gboolean
sink_bytes (const void *data,
            gsize       len,
            gpointer    user_data,
            GError    **error)
{
  g_byte_array_append (user_data, data, len);
  return TRUE;
}

static gboolean
sink_stream (const void *data,
             gsize       len,
             gpointer    user_data,
             GError    **error)
{
  return g_output_stream_write_all (user_data, data, len, NULL, NULL, error);
}

static void
set_too_big (GError     **error,
             const char  *what,
             guint64      limit)
{
  g_autofree char *size = g_format_size (limit);

  /* Translators: %s is a file in the package ("collection.anki21b", "12"),
   * then a size ("4.3 GB"). */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("“%s” unpacks to more than %s, more than any Anki collection "
                 "needs; the package is refused as a possible zip bomb"),
               what, size);
}

typedef struct {
  KtAnkiPackage *package;
  const char    *name;
  guint64        limit;
  guint64        written;
  SinkFunc       sink;
  gpointer       sink_data;
} Unpack;

static gboolean
unpack_write (Unpack      *unpack,
              const void  *data,
              gsize        len,
              GError     **error)
{
  unpack->written += len;
  unpack->package->unpacked += len;
  if (unpack->written > unpack->limit)
    {
      set_too_big (error, unpack->name, unpack->limit);
      return FALSE;
    }
  if (unpack->package->unpacked > unpack->package->limits.max_total)
    {
      set_too_big (error, unpack->package->path, unpack->package->limits.max_total);
      return FALSE;
    }

  return unpack->sink (data, len, unpack->sink_data, error);
}

static void
set_archive_error (GError        **error,
                   struct archive *archive,
                   const char     *name)
{
  const char *detail = archive_error_string (archive);

  /* Translators: %s is a file in the package, then why it cannot be read. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” in the package cannot be read: %s"), name,
               detail != NULL ? detail : _("the zip archive is damaged"));
}

/* Where unpack_entry() reads from: the current entry of a zip, or bytes
 * already read from one. */
typedef struct {
  struct archive *archive;
  GByteArray     *bytes;
  gsize           offset;
} Source;

static gssize
source_read (Source *source,
             void   *buffer,
             gsize   size)
{
  gsize n;

  if (source->archive != NULL)
    return archive_read_data (source->archive, buffer, size);

  n = MIN (size, source->bytes->len - source->offset);
  memcpy (buffer, source->bytes->data + source->offset, n);
  source->offset += n;
  return n;
}

/* @source, zstd-decompressed if @zstd, into @sink, stopping past @limit
 * bytes. */
static gboolean
unpack_entry (KtAnkiPackage   *package,
              Source          *source,
              const char      *name,
              gboolean         zstd,
              guint64          limit,
              SinkFunc         sink,
              gpointer         sink_data,
              GCancellable    *cancellable,
              GError         **error)
{
  Unpack unpack = { package, name, limit, 0, sink, sink_data };
  g_autofree guint8 *in = g_malloc (CHUNK);
  g_autofree guint8 *out = zstd ? g_malloc (ZSTD_DStreamOutSize ()) : NULL;
  ZSTD_DStream *stream = NULL;
  gboolean ok = TRUE;
  gboolean finished = FALSE;   /* a zstd frame ended, and nothing came after it */

  if (zstd)
    {
      stream = ZSTD_createDStream ();
      ZSTD_initDStream (stream);
    }

  while (ok)
    {
      gssize n = source_read (source, in, CHUNK);

      if (n < 0)
        {
          set_archive_error (error, source->archive, name);
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      if (!zstd)
        {
          ok = unpack_write (&unpack, in, n, error);
          continue;
        }

      {
        ZSTD_inBuffer input = { in, n, 0 };
        ZSTD_outBuffer output;

        do
          {
            gsize consumed = input.pos;
            gsize last;

            output = (ZSTD_outBuffer) { out, ZSTD_DStreamOutSize (), 0 };
            last = ZSTD_decompressStream (stream, &output, &input);
            if (ZSTD_isError (last))
              {
                /* Translators: %s is a file in the package, then why. */
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("“%s” in the package cannot be read: %s"), name,
                             ZSTD_getErrorName (last));
                ok = FALSE;
                break;
              }
            /* A call after the end of a frame has nothing to do and
             * asks for the next frame's header. */
            if (output.pos > 0 || input.pos > consumed)
              finished = last == 0;
            ok = unpack_write (&unpack, out, output.pos, error);
          }
        while (ok && (input.pos < input.size || output.pos == output.size));
      }
    }

  if (ok && zstd && !finished)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” in the package cannot be read: %s"), name,
                   _("it is cut short"));
      ok = FALSE;
    }

  ZSTD_freeDStream (stream);
  return ok;
}

/* -------------------------------------------------------------------------
 * Opening: meta, media map, collection
 * ---------------------------------------------------------------------- */

static struct archive *
open_archive (const char  *path,
              GError     **error)
{
  struct archive *archive = archive_read_new ();

  archive_read_support_format_zip (archive);
  if (archive_read_open_filename (archive, path, CHUNK) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("this is not an Anki package: %s"), archive_error_string (archive));
      archive_read_free (archive);
      return NULL;
    }

  return archive;
}

/**
 * kt_anki_package_is_package:
 *
 * Whether @file is named like an Anki package (.apkg or .colpkg, any
 * case): those are read as packages, everything else as a deck.
 */
gboolean
kt_anki_package_is_package (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".apkg") || g_str_has_suffix (lower, ".colpkg"));
}

static guint
read_meta_version (GByteArray *meta)
{
  KtProtoReader reader;
  KtProtoField field;
  guint version = 0;

  kt_proto_reader_init (&reader, meta->data, meta->len);
  while (kt_proto_next (&reader, &field))
    if (field.number == 1 && field.wire == KT_PROTO_VARINT)
      version = MIN (field.value, G_MAXUINT);

  return reader.broken ? 0 : version;
}

static void
add_media (KtAnkiPackage *package,
           const char    *name,
           const char    *entry)
{
  KtAnkiMedia *media = g_new (KtAnkiMedia, 1);

  media->name = g_strdup (name);
  media->entry = g_strdup (entry);
  g_ptr_array_add (package->media, media);
}

static gboolean
read_media_map_json (KtAnkiPackage  *package,
                     GByteArray     *map,
                     GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (map->len == 0)
    return TRUE;
  if (!json_parser_load_from_data (parser, (const char *) map->data, map->len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the package’s list of media files is damaged"));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        add_media (package, json_node_get_string (node), l->data);
    }

  return TRUE;
}

static gboolean
read_media_map_proto (KtAnkiPackage  *package,
                      GByteArray     *map,
                      GError        **error)
{
  KtProtoReader reader;
  KtProtoField field;
  guint index = 0;

  kt_proto_reader_init (&reader, map->data, map->len);
  while (kt_proto_next (&reader, &field))
    {
      KtProtoReader entry;
      KtProtoField member;
      g_autofree char *name = NULL;
      g_autofree char *number = NULL;

      if (field.number != 1 || field.wire != KT_PROTO_BYTES)
        continue;
      kt_proto_reader_init (&entry, field.data, field.len);
      while (kt_proto_next (&entry, &member))
        if (member.number == 1 && member.wire == KT_PROTO_BYTES)
          {
            g_free (name);
            name = kt_proto_dup_string (&member);
          }
      if (entry.broken)
        reader.broken = TRUE;
      number = g_strdup_printf ("%u", index++);
      if (name != NULL)
        add_media (package, name, number);
    }

  if (reader.broken)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the package’s list of media files is damaged"));
      return FALSE;
    }

  return TRUE;
}

static const char *
collection_name (guint version)
{
  switch (version)
    {
    case 1:  return "collection.anki2";
    case 2:  return "collection.anki21";
    default: return "collection.anki21b";
    }
}

/* The current entry of @archive, the collection, into a new temporary
 * file. */
static char *
unpack_collection (KtAnkiPackage   *package,
                   struct archive  *archive,
                   GCancellable    *cancellable,
                   GError         **error)
{
  Source source = { .archive = archive };
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) tmp = g_file_new_tmp ("kartoteka-anki-XXXXXX.sqlite", &io, error);
  g_autofree char *path = NULL;
  gboolean ok;

  if (tmp == NULL)
    return NULL;
  path = g_file_get_path (tmp);

  ok = unpack_entry (package, &source, collection_name (package->version),
                     package->version >= 3, package->limits.max_collection, sink_stream,
                     g_io_stream_get_output_stream (G_IO_STREAM (io)), cancellable, error);
  ok = g_io_stream_close (G_IO_STREAM (io), NULL, ok ? error : NULL) && ok;
  if (!ok)
    {
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static gboolean
finish_pass (KtAnkiPackage   *package,
             struct archive  *archive,
             int              status,
             gboolean         ok,
             GError         **error)
{
  if (ok && status != ARCHIVE_EOF && status != ARCHIVE_OK)
    {
      g_autofree char *name = g_path_get_basename (package->path);

      set_archive_error (error, archive, name);
      ok = FALSE;
    }
  archive_read_free (archive);

  return ok;
}

/* The version from "meta" (or which collections there are), then the
 * collection of that version, then the media map. */
static gboolean
read_index (KtAnkiPackage  *package,
            GCancellable   *cancellable,
            GError        **error)
{
  struct archive *archive = open_archive (package->path, error);
  struct archive_entry *entry;
  g_autoptr(GByteArray) meta = NULL;
  g_autoptr(GByteArray) map = NULL;
  gboolean has[KT_ANKI_PACKAGE_LATEST + 1] = { FALSE, };
  gboolean ok = TRUE;
  int status = ARCHIVE_OK;

  if (archive == NULL)
    return FALSE;

  while (ok && (status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      Source source = { .archive = archive };

      if (name == NULL)
        continue;
      for (guint v = 1; v <= KT_ANKI_PACKAGE_LATEST; v++)
        if (g_str_equal (name, collection_name (v)))
          has[v] = TRUE;
      if (g_str_equal (name, "meta") || g_str_equal (name, "media"))
        {
          GByteArray **into = g_str_equal (name, "meta") ? &meta : &map;

          g_clear_pointer (into, g_byte_array_unref);
          *into = g_byte_array_new ();
          ok = unpack_entry (package, &source, name, FALSE, MAX_INDEX_SIZE, sink_bytes, *into,
                             cancellable, error);
        }
    }
  if (!finish_pass (package, archive, status, ok, error))
    return FALSE;

  package->version = meta != NULL ? read_meta_version (meta) : has[2] ? 2 : 1;
  if (package->version == 0 || package->version > KT_ANKI_PACKAGE_LATEST)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("this package was made by a newer Anki than Kartoteka knows "
                     "(package format %u; Kartoteka reads up to %u). In Anki, export "
                     "it again with “Support older Anki versions” ticked"),
                   package->version, KT_ANKI_PACKAGE_LATEST);
      return FALSE;
    }
  if (!has[package->version])
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("this package holds no Anki collection (no “%s” in it)"),
                   collection_name (package->version));
      return FALSE;
    }

  archive = open_archive (package->path, error);
  if (archive == NULL)
    return FALSE;
  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    if (g_strcmp0 (archive_entry_pathname (entry), collection_name (package->version)) == 0)
      {
        package->collection = unpack_collection (package, archive, cancellable, error);
        ok = package->collection != NULL;
        break;
      }
  if (!finish_pass (package, archive, status, ok, error))
    return FALSE;

  if (map == NULL)
    return TRUE;
  if (package->version < 3)
    return read_media_map_json (package, map, error);

  {
    Source source = { .bytes = map };
    g_autoptr(GByteArray) decoded = g_byte_array_new ();

    return unpack_entry (package, &source, "media", TRUE, MAX_INDEX_SIZE, sink_bytes, decoded,
                         cancellable, error) &&
           read_media_map_proto (package, decoded, error);
  }
}

/**
 * kt_anki_package_open:
 * @limits: (nullable): how much may be unpacked; %NULL for the defaults
 *
 * Reads @file's layout version and media map and unpacks its collection
 * to a temporary file, removed again by kt_anki_package_free(). Blocking:
 * run it on a worker.
 *
 * Returns: (transfer full): the package, or %NULL with @error set to a
 *   message for people
 */
KtAnkiPackage *
kt_anki_package_open (GFile               *file,
                      const KtAnkiLimits  *limits,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(KtAnkiPackage) package = g_new0 (KtAnkiPackage, 1);

  package->path = g_file_get_path (file);
  package->media = g_ptr_array_new_with_free_func (media_free);
  package->limits = limits != NULL ? *limits : kt_anki_default_limits;
  if (package->path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Anki packages are read from local files only"));
      return NULL;
    }

  if (!read_index (package, cancellable, error))
    return NULL;

  return g_steal_pointer (&package);
}

guint
kt_anki_package_get_version (KtAnkiPackage *package)
{
  return package->version;
}

/* The unpacked SQLite collection. */
const char *
kt_anki_package_get_collection (KtAnkiPackage *package)
{
  return package->collection;
}

/* (element-type KtAnkiMedia) (transfer none): the media map, names as
 * the package gives them. */
GPtrArray *
kt_anki_package_get_media (KtAnkiPackage *package)
{
  return package->media;
}

/* -------------------------------------------------------------------------
 * The second pass: media files
 * ---------------------------------------------------------------------- */

static gboolean
unpack_media (KtAnkiPackage   *package,
              struct archive  *archive,
              const char      *name,
              GPtrArray       *destinations,
              GCancellable    *cancellable,
              GError         **error)
{
  Source source = { .archive = archive };
  GFile *first = g_ptr_array_index (destinations, 0);
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean ok;

  stream = g_file_replace (first, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  ok = unpack_entry (package, &source, name, package->version >= 3,
                     package->limits.max_media_file, sink_stream, stream, cancellable, error);
  ok = g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, ok ? error : NULL) && ok;

  for (guint i = 1; ok && i < destinations->len; i++)
    ok = g_file_copy (first, g_ptr_array_index (destinations, i), G_FILE_COPY_OVERWRITE,
                      cancellable, NULL, NULL, error);

  return ok;
}

/**
 * kt_anki_package_extract_media:
 * @wanted: zip entry ("0", "1" …) → GPtrArray of GFiles to write it to
 *
 * Unpacks the media files in @wanted, each to all its destinations (the
 * caller has made them safe). A file missing from the zip is not an
 * error: Anki exports list media they do not hold when it was deleted.
 */
gboolean
kt_anki_package_extract_media (KtAnkiPackage  *package,
                               GHashTable     *wanted,
                               GCancellable   *cancellable,
                               GError        **error)
{
  struct archive *archive;
  struct archive_entry *entry;
  gboolean ok = TRUE;
  int status = ARCHIVE_OK;

  if (g_hash_table_size (wanted) == 0)
    return TRUE;

  archive = open_archive (package->path, error);
  if (archive == NULL)
    return FALSE;

  while (ok && (status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      GPtrArray *destinations = name != NULL ? g_hash_table_lookup (wanted, name) : NULL;

      if (destinations != NULL && destinations->len > 0)
        ok = unpack_media (package, archive, name, destinations, cancellable, error);
    }
  return finish_pass (package, archive, status, ok, error);
}
