/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-fsrs.h"
#include "kt-progress-record.h"

G_BEGIN_DECLS

/* The last microsecond GDateTime can hold (9999-12-31T23:59:59.999999Z):
 * later times cannot be written as dates, so records and log entries with
 * them are refused. */
#define KT_PROGRESS_MAX_TIME_US G_GINT64_CONSTANT (253402300799999999)

typedef void (*KtProgressForeachFunc) (const char             *card_id,
                                       const KtProgressRecord *record,
                                       gpointer                user_data);

#define KT_TYPE_PROGRESS (kt_progress_get_type ())

G_DECLARE_FINAL_TYPE (KtProgress, kt_progress, KT, PROGRESS, GObject)

KtProgress             *kt_progress_new                 (GSettings              *settings);
GSettings              *kt_progress_get_settings        (KtProgress             *self);
gint64                  kt_progress_get_machine         (KtProgress             *self);
void                    kt_progress_get_params          (KtProgress             *self,
                                                         KtFsrsParams           *params);

const KtProgressRecord *kt_progress_lookup              (KtProgress             *self,
                                                         const char             *card_id);
void                    kt_progress_record_review       (KtProgress             *self,
                                                         const char             *card_id,
                                                         KtRating                rating,
                                                         gint64                  now_us);
void                    kt_progress_restore             (KtProgress             *self,
                                                         const char             *card_id,
                                                         const KtProgressRecord *previous);
void                    kt_progress_set_records         (KtProgress             *self,
                                                         const char * const     *card_ids,
                                                         const KtProgressRecord *records,
                                                         guint                   n_records);
guint                   kt_progress_add_log_entries     (KtProgress             *self,
                                                         const KtReviewLogEntry *entries,
                                                         guint                   n_entries);
guint                   kt_progress_merge               (KtProgress             *self,
                                                         const KtReviewLogEntry *answers,
                                                         guint                   n_answers,
                                                         const KtAnswerId       *tombstones,
                                                         guint                   n_tombstones,
                                                         guint                  *n_removed);
gboolean                kt_progress_is_valid_answer     (const KtReviewLogEntry *answer);
void                    kt_progress_flush               (KtProgress             *self);
void                    kt_progress_retry_save          (KtProgress             *self);
const GError           *kt_progress_get_save_error      (KtProgress             *self);
char                   *kt_progress_describe_save_error (const GError           *error);

guint                   kt_progress_get_n_records       (KtProgress             *self);
void                    kt_progress_foreach             (KtProgress             *self,
                                                         KtProgressForeachFunc   func,
                                                         gpointer                user_data);
guint                   kt_progress_get_n_log_entries   (KtProgress             *self);
const KtReviewLogEntry *kt_progress_get_log_entry       (KtProgress             *self,
                                                         guint                   index);
guint                   kt_progress_get_n_tombstones    (KtProgress             *self);
const KtAnswerId       *kt_progress_get_tombstone       (KtProgress             *self,
                                                         guint                   index);
gboolean                kt_progress_is_tombstone        (KtProgress             *self,
                                                         const KtAnswerId       *id);

void                    kt_progress_replay              (const KtFsrsParams     *params,
                                                         const char             *card_id,
                                                         const KtReviewLogEntry * const *answers,
                                                         guint                   n_answers,
                                                         KtProgressRecord       *record);
int                     kt_progress_compare_answers     (const KtReviewLogEntry *a,
                                                         const KtReviewLogEntry *b);
guint                   kt_progress_answer_id_hash      (gconstpointer           id);
gboolean                kt_progress_answer_id_equal     (gconstpointer           a,
                                                         gconstpointer           b);
guint                   kt_progress_card_time_hash      (gconstpointer           entry);
gboolean                kt_progress_card_time_equal     (gconstpointer           a,
                                                         gconstpointer           b);

char                   *kt_progress_format_machine      (gint64                  machine);
gint64                  kt_progress_parse_machine       (const char             *text);

void                    kt_progress_get_day_bounds      (KtProgress             *self,
                                                         gint64                  now_us,
                                                         gint64                 *day_start_us,
                                                         gint64                 *day_end_us);
void                    kt_progress_count_today         (KtProgress             *self,
                                                         gint64                  now_us,
                                                         guint                  *n_new,
                                                         guint                  *n_reviews);
void                    kt_progress_count               (KtProgress             *self,
                                                         GListModel             *cards,
                                                         gint64                  now_us,
                                                         guint                  *n_new,
                                                         guint                  *n_learning,
                                                         guint                  *n_due);
void                    kt_progress_update_topic_counts (KtProgress             *self,
                                                         GListModel             *topics,
                                                         gint64                  now_us);
void                    kt_progress_watch_topics        (KtProgress             *self,
                                                         GListModel             *topics);

gboolean                kt_progress_is_suspended        (KtProgress             *self,
                                                         const char             *card_id);
void                    kt_progress_set_suspended       (KtProgress             *self,
                                                         const char * const     *card_ids,
                                                         guint                   n_cards,
                                                         gboolean                suspended);
gint64                  kt_progress_get_buried_until    (KtProgress             *self,
                                                         const char             *card_id);
void                    kt_progress_bury                (KtProgress             *self,
                                                         const char * const     *card_ids,
                                                         guint                   n_cards,
                                                         gint64                  until_us);
gboolean                kt_progress_is_held             (KtProgress             *self,
                                                         const char             *card_id,
                                                         gint64                  now_us);
guint                   kt_progress_get_n_suspended     (KtProgress             *self);
char                  **kt_progress_dup_suspended       (KtProgress             *self);

guint                   kt_progress_move_cards          (KtProgress             *self,
                                                         const char * const     *from_ids,
                                                         const char * const     *to_ids,
                                                         guint                   n_moves);

G_END_DECLS
