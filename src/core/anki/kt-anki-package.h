/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The zip of an Anki package: its collection and media. See
 * kt-anki-package.c.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The newest package layout we know: Anki 2.1.50's "collection.anki21b"
 * (zstd) with a protobuf media map. A newer one is refused. */
#define KT_ANKI_PACKAGE_LATEST 3

/* What a package may unpack to, so a zip bomb stops early. */
typedef struct {
  guint64 max_collection;   /* the collection, uncompressed */
  guint64 max_media_file;   /* one media file, uncompressed */
  guint64 max_total;        /* everything unpacked from one package */
} KtAnkiLimits;

extern const KtAnkiLimits kt_anki_default_limits;

typedef struct {
  char  *name;      /* as the media map says: not yet safe as a file name */
  char  *entry;     /* its zip entry: "0", "1" … */
} KtAnkiMedia;

typedef struct _KtAnkiPackage KtAnkiPackage;

gboolean       kt_anki_package_is_package      (GFile               *file);
KtAnkiPackage *kt_anki_package_open            (GFile               *file,
                                                const KtAnkiLimits  *limits,
                                                GCancellable        *cancellable,
                                                GError             **error);
void           kt_anki_package_free            (KtAnkiPackage       *package);
guint          kt_anki_package_get_version     (KtAnkiPackage       *package);
const char    *kt_anki_package_get_collection  (KtAnkiPackage       *package);
GPtrArray     *kt_anki_package_get_media       (KtAnkiPackage       *package);
gboolean       kt_anki_package_extract_media   (KtAnkiPackage       *package,
                                                GHashTable          *wanted,
                                                GCancellable        *cancellable,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAnkiPackage, kt_anki_package_free)

G_END_DECLS
