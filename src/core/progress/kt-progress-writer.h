/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to KtProgress: where its records and log are stored. See the
 * opening comment of kt-progress-writer.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-progress-file.h"

G_BEGIN_DECLS

/* One card's record as it is now: changed, or removed by an undo. */
typedef struct
{
  char             *card_id;  /* GRefString */
  gboolean          removed;
  KtProgressRecord  record;
} KtRecordChange;

/* What one save hands over: the records of the cards changed since the
 * previous save and the answers logged since, so a save after one answer
 * copies one record and one answer, not all of them. */
typedef struct
{
  GArray *records;   /* KtRecordChange */
  guint   log_kept;  /* leading entries of the stored log still valid */
  GArray *log;       /* KtReviewLogEntry to append after them, or NULL */
  GArray *tombstones; /* KtAnswerId of answers undone since, or NULL */
  GVariant *suspended; /* all suspended cards, when they changed, or NULL */
  GVariant *buried;    /* all buried cards, when they changed, or NULL */
} KtProgressChanges;

typedef struct _KtProgressWriter KtProgressWriter;

GArray           *kt_progress_log_new              (guint                reserved);
void              kt_progress_log_append_shared    (GArray              *log,
                                                    const KtReviewLogEntry *entries,
                                                    guint                n_entries);

KtProgressWriter *kt_progress_writer_new           (GSettings           *settings);
void              kt_progress_writer_load          (KtProgressWriter    *writer,
                                                    const KtStoredFuncs *funcs);
void              kt_progress_writer_start         (KtProgressWriter    *writer,
                                                    GHashTable          *records,
                                                    GArray              *log,
                                                    GArray              *tombstones,
                                                    GVariant            *suspended,
                                                    GVariant            *buried);
void              kt_progress_writer_queue         (KtProgressWriter    *writer,
                                                    KtProgressChanges   *changes);
void              kt_progress_writer_write_async   (KtProgressWriter    *writer,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void              kt_progress_writer_write         (KtProgressWriter    *writer);
GError           *kt_progress_writer_dup_error     (KtProgressWriter    *writer);
void              kt_progress_writer_free          (KtProgressWriter    *writer);

G_END_DECLS
