/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-topic.h"

G_BEGIN_DECLS

#define KT_TYPE_STATS_PAGE (kt_stats_page_get_type ())

G_DECLARE_FINAL_TYPE (KtStatsPage, kt_stats_page, KT, STATS_PAGE, GtkWidget)

void kt_stats_page_set_topic  (KtStatsPage *self,
                               KtTopic     *topic);
void kt_stats_page_focus_main (KtStatsPage *self);

G_END_DECLS
