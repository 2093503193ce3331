/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KT_TYPE_CARD (kt_card_get_type ())

G_DECLARE_FINAL_TYPE (KtCard, kt_card, KT, CARD, GObject)

KtCard     *kt_card_new             (const char *id,
                                     const char *topic_id,
                                     const char *title,
                                     const char *context,
                                     const char *question,
                                     const char *answer,
                                     const char *summary,
                                     const char *notes,
                                     const char *source_path,
                                     guint       source_line);
const char *kt_card_get_id          (KtCard     *self);
const char *kt_card_get_topic_id    (KtCard     *self);
const char *kt_card_get_title       (KtCard     *self);
const char *kt_card_get_context     (KtCard     *self);
const char *kt_card_get_question    (KtCard     *self);
const char *kt_card_get_answer      (KtCard     *self);
const char *kt_card_get_summary     (KtCard     *self);
const char *kt_card_get_notes       (KtCard     *self);
const char *kt_card_get_source_path (KtCard     *self);
guint       kt_card_get_source_line (KtCard     *self);
void        kt_card_set_tags        (KtCard             *self,
                                     const char * const *tags);
const char * const *
            kt_card_get_tags        (KtCard     *self);
void        kt_card_set_key         (KtCard     *self,
                                     const char *key);
const char *kt_card_get_key         (KtCard     *self);
gboolean    kt_card_equal_content   (KtCard     *self,
                                     KtCard     *other);

G_END_DECLS
