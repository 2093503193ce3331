/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kt-progress.h"

G_BEGIN_DECLS

#define KT_PROGRESS_JSON_FORMAT    "kartoteka-progress"
#define KT_PROGRESS_JSON_VERSION   1
/* Larger files are refused before they are read: enough for the export
 * of 100 000 cards with an answer each (70 MB), not for 100 MB. */
#define KT_PROGRESS_JSON_MAX_SIZE  (96 * 1024 * 1024)
/* Deeper nesting is refused before parsing: the format needs 7 levels. */
#define KT_PROGRESS_JSON_MAX_DEPTH 32

#define KT_PROGRESS_JSON_ERROR (kt_progress_json_error_quark ())

typedef enum
{
  KT_PROGRESS_JSON_ERROR_TOO_BIG,
  KT_PROGRESS_JSON_ERROR_NOT_JSON,
  KT_PROGRESS_JSON_ERROR_FORMAT,
  KT_PROGRESS_JSON_ERROR_VERSION,
  KT_PROGRESS_JSON_ERROR_INVALID,
} KtProgressJsonError;

/* A validated progress file, ready to be merged into a KtProgress. */
typedef struct _KtProgressImport KtProgressImport;

GQuark            kt_progress_json_error_quark (void);

JsonNode         *kt_progress_json_build       (KtProgress        *progress,
                                                GListModel        *topics,
                                                gint64             now_us);
char             *kt_progress_json_to_data     (JsonNode          *root,
                                                gsize             *length);
gboolean          kt_progress_json_save        (JsonNode          *root,
                                                GFile             *file,
                                                GError           **error);
gboolean          kt_progress_json_write       (KtProgress        *progress,
                                                GListModel        *topics,
                                                GFile             *file,
                                                gint64             now_us,
                                                GError           **error);

KtProgressImport *kt_progress_json_read        (GFile             *file,
                                                GCancellable      *cancellable,
                                                GError           **error);
KtProgressImport *kt_progress_json_read_data   (const char        *data,
                                                gsize              length,
                                                GError           **error);

void              kt_progress_import_plan      (KtProgressImport  *import,
                                                KtProgress        *progress,
                                                guint             *n_updated,
                                                guint             *n_added,
                                                guint             *n_skipped);
void              kt_progress_import_apply     (KtProgressImport  *import,
                                                KtProgress        *progress);
char             *kt_progress_import_describe  (guint              n_updated,
                                                guint              n_added,
                                                guint              n_skipped);
void              kt_progress_import_free      (KtProgressImport  *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtProgressImport, kt_progress_import_free)

G_END_DECLS
