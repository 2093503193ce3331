/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-progress.h"

G_BEGIN_DECLS

#define KT_PROGRESS_JSON_FORMAT      "kartoteka-progress"
#define KT_PROGRESS_JSON_VERSION     1
/* The largest history Kartoteka supports, which an import of 4 million
 * answers and cards holds within 2 GB (docs/reliability.md): a file of
 * more is refused, whatever its size in bytes. */
#define KT_PROGRESS_JSON_MAX_CARDS   4000000
#define KT_PROGRESS_JSON_MAX_ANSWERS 4000000
/* Deeper nesting is refused: the format needs 5 levels. */
#define KT_PROGRESS_JSON_MAX_DEPTH   32

#define KT_PROGRESS_JSON_ERROR (kt_progress_json_error_quark ())

typedef enum
{
  KT_PROGRESS_JSON_ERROR_TOO_BIG,
  KT_PROGRESS_JSON_ERROR_NOT_JSON,
  KT_PROGRESS_JSON_ERROR_FORMAT,
  KT_PROGRESS_JSON_ERROR_VERSION,
  KT_PROGRESS_JSON_ERROR_INVALID,
} KtProgressJsonError;

typedef enum
{
  KT_PROGRESS_JSON_COMPACT = 0,
  KT_PROGRESS_JSON_PRETTY  = 1 << 0,  /* indented, for people to read */
  KT_PROGRESS_JSON_MACHINE = 1 << 1,  /* says which machine wrote it, for the sync folder */
} KtProgressJsonFlags;

/* A validated progress file, ready to be merged into a KtProgress. */
typedef struct _KtProgressImport KtProgressImport;

/* What importing a file does (kt_progress_import_plan()) */
typedef struct
{
  guint n_updated;  /* cards whose record changes */
  guint n_added;    /* cards that had no progress here */
  guint n_skipped;  /* cards of the file left as they are */
  guint n_answers;  /* answers of the file not here yet */
  guint n_undone;   /* answers here that the file's tombstones take away */
} KtProgressImportPlan;

GQuark            kt_progress_json_error_quark (void);

guint             kt_progress_json_export      (KtProgress          *progress,
                                                GListModel          *topics,
                                                gint64               now_us,
                                                KtProgressJsonFlags  flags,
                                                GString             *out);
gboolean          kt_progress_json_save        (const char          *text,
                                                gsize                length,
                                                GFile               *file,
                                                GError             **error);
gboolean          kt_progress_json_write       (KtProgress          *progress,
                                                GListModel          *topics,
                                                GFile               *file,
                                                gint64               now_us,
                                                KtProgressJsonFlags  flags,
                                                GError             **error);

KtProgressImport *kt_progress_json_read        (GFile               *file,
                                                GCancellable        *cancellable,
                                                GError             **error);
KtProgressImport *kt_progress_json_read_data   (const char          *data,
                                                gsize                length,
                                                GError             **error);

void              kt_progress_import_plan      (KtProgressImport    *import,
                                                KtProgress          *progress,
                                                KtProgressImportPlan *plan);
void              kt_progress_import_apply     (KtProgressImport    *import,
                                                KtProgress          *progress,
                                                KtProgressImportPlan *done);
guint             kt_progress_import_merge_log (KtProgressImport    *import,
                                                KtProgress          *progress,
                                                guint               *n_removed);
guint             kt_progress_import_get_n_suspended (KtProgressImport *import);
gint64            kt_progress_import_get_machine (KtProgressImport  *import);
const char       *kt_progress_import_get_host  (KtProgressImport    *import);
char             *kt_progress_import_describe  (const KtProgressImportPlan *plan);
void              kt_progress_import_free      (KtProgressImport    *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtProgressImport, kt_progress_import_free)

G_END_DECLS
