/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-topic-tree.h"

G_BEGIN_DECLS

#define KT_TYPE_SIDEBAR (kt_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (KtSidebar, kt_sidebar, KT, SIDEBAR, GtkBox)

KtTopic *kt_sidebar_get_topic (KtSidebar *self);
void     kt_sidebar_select    (KtSidebar *self,
                               guint      position);
void     kt_sidebar_focus     (KtSidebar *self);

G_END_DECLS
