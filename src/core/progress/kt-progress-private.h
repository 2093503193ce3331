/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of KtProgress share: kt-progress.c is the object, its
 * records and how its saves fare; kt-progress-save.c loads and saves,
 * kt-progress-log.c keeps the answers, their ids and tombstones and
 * replays and merges them, kt-progress-counts.c counts topics and knows
 * what "today" is, kt-progress-moves.c moves cards to new ids and
 * kt-progress-suspend.c keeps suspended and buried cards. Nothing else
 * includes this.
 */
#pragma once

#include "kt-progress.h"
#include "kt-progress-writer.h"
#include "kt-topic.h"

G_BEGIN_DECLS

/* A topic being counted a slice at a time (kt-progress-counts.c). */
typedef struct
{
  KtTopic *topic;
  gint64   day_end_us;
  gint64   now_us;       /* to judge burials by */
  guint    position;     /* cards counted so far */
  guint    n_new;
  guint    n_learning;
  guint    n_due;
} Count;

struct _KtProgress
{
  GObject     parent_instance;

  GSettings  *settings;
  /* Card ids are interned GRefStrings: a card's record and answers share
   * one, and handing it to the Writer takes a reference, not a copy. */
  GHashTable *records;       /* card id → KtProgressRecord */
  GArray     *log;           /* KtReviewLogEntry, oldest first */
  GListModel *topics;        /* watched by kt_progress_watch_topics(), or NULL */
  GPtrArray  *counts;        /* Count of big topics, counted a slice at a time */
  guint       count_id;

  gint64      machine;       /* this machine's id, for its answers' ids */
  GArray     *tombstones;    /* KtAnswerId of undone answers, oldest first */
  GHashTable *tombstone_set; /* the same, to look up */
  GHashTable *suspended;     /* card ids (GRefString) left out of study */
  GHashTable *buried;        /* card id (GRefString) → gint64 until when it is left out */

  KtProgressWriter *writer;
  GHashTable *dirty;         /* card ids whose record changed since the last save */
  guint       log_synced;    /* leading log entries the Writer has already */
  guint       tombstones_synced;
  guint       save_id;
  guint       log_dirty : 1;
  guint       holds_dirty : 1; /* suspended or buried changed since the last save */
  GError     *save_error;    /* why the last save failed, or NULL */
  guint       retry_id;
};

/* kt-progress.c */
void        _kt_progress_emit_changed                 (KtProgress             *self,
                                                       const char             *card_id);
void        _kt_progress_update_save_state            (KtProgress             *self);

/* kt-progress-save.c */
const char *_kt_progress_check_record                 (const char             *card_id,
                                                       const KtProgressRecord *record);
void        _kt_progress_load                         (KtProgress             *self);
void        _kt_progress_schedule_save                (KtProgress             *self);
void        _kt_progress_mark_card                    (KtProgress             *self,
                                                       const char             *card_id);
void        _kt_progress_mark_log                     (KtProgress             *self,
                                                       guint                   index);

/* kt-progress-log.c */
gboolean    _kt_progress_is_valid_log_entry           (const char             *card_id,
                                                       gint64                  time_us,
                                                       int                     rating,
                                                       int                     state_before,
                                                       double                  elapsed_days);
gboolean    _kt_progress_normalise_log                (KtProgress             *self,
                                                       guint                  *n_skipped);
void        _kt_progress_replay_cards                 (KtProgress             *self,
                                                       char                  **card_ids,
                                                       guint                   n_card_ids);

/* kt-progress-suspend.c */
void        _kt_progress_load_suspended               (KtProgress             *self,
                                                       const char             *card_id);
void        _kt_progress_load_buried                  (KtProgress             *self,
                                                       const char             *card_id,
                                                       gint64                  until_us);
GVariant   *_kt_progress_build_suspended              (KtProgress             *self);
GVariant   *_kt_progress_build_buried                 (KtProgress             *self);
gboolean    _kt_progress_move_holds                   (KtProgress             *self,
                                                       const char             *from_id,
                                                       const char             *to_id);

/* kt-progress-counts.c */
void        _kt_progress_count_free                   (Count                  *count);
void        _kt_progress_recount_topics_with_card     (KtProgress             *self,
                                                       const char             *card_id);
void        _kt_progress_day_rollover_hour_changed_cb (KtProgress             *self);
void        _kt_progress_unwatch_topics               (KtProgress             *self);

G_END_DECLS
