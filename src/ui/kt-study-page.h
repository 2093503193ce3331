/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-study-session.h"
#include "kt-topic.h"

G_BEGIN_DECLS

#define KT_TYPE_STUDY_PAGE (kt_study_page_get_type ())

G_DECLARE_FINAL_TYPE (KtStudyPage, kt_study_page, KT, STUDY_PAGE, GtkWidget)

void            kt_study_page_set_topic   (KtStudyPage     *self,
                                           KtTopic         *topic);
KtStudySession *kt_study_page_get_session (KtStudyPage     *self);
void            kt_study_page_dismiss_toasts (KtStudyPage  *self);
void            kt_study_page_focus_main  (KtStudyPage     *self);
gboolean        kt_study_page_handle_key  (KtStudyPage     *self,
                                           guint            keyval,
                                           guint            keycode,
                                           GdkModifierType  state);

G_END_DECLS
