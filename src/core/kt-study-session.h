/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-card.h"
#include "kt-progress.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDY_SESSION (kt_study_session_get_type ())

G_DECLARE_FINAL_TYPE (KtStudySession, kt_study_session, KT, STUDY_SESSION, GObject)

KtStudySession *kt_study_session_new              (KtProgress     *progress,
                                                   GListModel     *cards,
                                                   gboolean        cram,
                                                   gint64          now_us);
KtCard         *kt_study_session_get_current_card (KtStudySession *self);
guint           kt_study_session_get_position     (KtStudySession *self);
guint           kt_study_session_get_total        (KtStudySession *self);
guint           kt_study_session_get_n_done       (KtStudySession *self);
gboolean        kt_study_session_get_finished     (KtStudySession *self);
gboolean        kt_study_session_get_cram         (KtStudySession *self);
gboolean        kt_study_session_can_undo         (KtStudySession *self);
void            kt_study_session_get_held_back    (KtStudySession *self,
                                                   guint          *n_new,
                                                   guint          *n_reviews);

void            kt_study_session_answer           (KtStudySession *self,
                                                   KtRating        rating,
                                                   gint64          now_us);
gboolean        kt_study_session_undo             (KtStudySession *self);
gint64          kt_study_session_preview          (KtStudySession *self,
                                                   KtRating        rating,
                                                   gint64          now_us);
gint64          kt_study_session_get_next_due     (KtStudySession *self);

G_END_DECLS
