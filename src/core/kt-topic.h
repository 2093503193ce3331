/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-card.h"

G_BEGIN_DECLS

#define KT_TYPE_TOPIC (kt_topic_get_type ())

G_DECLARE_FINAL_TYPE (KtTopic, kt_topic, KT, TOPIC, GObject)

KtTopic            *kt_topic_new            (const char         *id,
                                             const char         *title);
KtTopic            *kt_topic_new_union      (const char         *id,
                                             const char         *title,
                                             GListModel         *topics);
const char         *kt_topic_get_id         (KtTopic            *self);
const char         *kt_topic_get_title      (KtTopic            *self);
void                kt_topic_set_title      (KtTopic            *self,
                                             const char         *title);
const char         *kt_topic_get_folder     (KtTopic            *self);
void                kt_topic_set_folder     (KtTopic            *self,
                                             const char         *folder);
char               *kt_topic_dup_breadcrumb (KtTopic            *self);
const char         *kt_topic_get_source     (KtTopic            *self);
void                kt_topic_set_source     (KtTopic            *self,
                                             const char         *source);
const char * const *kt_topic_get_tags       (KtTopic            *self);
void                kt_topic_set_tags       (KtTopic            *self,
                                             const char * const *tags);
guint               kt_topic_get_n_cards    (KtTopic            *self);
guint               kt_topic_get_n_new      (KtTopic            *self);
guint               kt_topic_get_n_learning (KtTopic            *self);
guint               kt_topic_get_n_due      (KtTopic            *self);
guint               kt_topic_get_n_due_today (KtTopic           *self);
void                kt_topic_set_counts     (KtTopic            *self,
                                             guint               n_new,
                                             guint               n_learning,
                                             guint               n_due);
void                kt_topic_append         (KtTopic            *self,
                                             KtCard             *card);
void                kt_topic_replace_cards  (KtTopic            *self,
                                             GPtrArray          *cards);
KtCard             *kt_topic_find_card      (KtTopic            *self,
                                             const char         *card_id);

G_END_DECLS
