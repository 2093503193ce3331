/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kt-deck.h"
#include "kt-progress.h"
#include "kt-topic.h"

G_BEGIN_DECLS

void  kt_relink_match  (GPtrArray          *gone,
                        GPtrArray          *appeared,
                        GPtrArray          *from_ids,
                        GPtrArray          *to_ids);
void  kt_relink_legacy (const KtDeck       *deck,
                        const char         *topic_id,
                        const char         *legacy_topic_id,
                        GPtrArray          *from_ids,
                        GPtrArray          *to_ids);
guint kt_relink_apply  (KtProgress         *progress,
                        KtTopic            *loaded,
                        const char * const *from_ids,
                        const char * const *to_ids);

G_END_DECLS
