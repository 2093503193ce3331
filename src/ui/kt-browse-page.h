/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-card.h"

G_BEGIN_DECLS

#define KT_TYPE_BROWSE_PAGE (kt_browse_page_get_type ())

G_DECLARE_FINAL_TYPE (KtBrowsePage, kt_browse_page, KT, BROWSE_PAGE, GtkWidget)

GListModel *kt_browse_page_get_cards       (KtBrowsePage *self);
void        kt_browse_page_set_cards       (KtBrowsePage *self,
                                            GListModel   *cards);
void        kt_browse_page_focus_search    (KtBrowsePage *self);
void        kt_browse_page_focus_main      (KtBrowsePage *self);
gboolean    kt_browse_page_get_can_go_back (KtBrowsePage *self);
gboolean    kt_browse_page_go_back         (KtBrowsePage *self);
KtCard     *kt_browse_page_get_selected    (KtBrowsePage *self);
guint       kt_browse_page_get_n_shown     (KtBrowsePage *self);
gboolean    kt_browse_page_get_searching   (KtBrowsePage *self);
void        kt_browse_page_set_query       (KtBrowsePage *self,
                                            const char   *query);
gboolean    kt_browse_page_get_suspended   (KtBrowsePage *self);
void        kt_browse_page_set_suspended   (KtBrowsePage *self,
                                            gboolean      suspended);

G_END_DECLS
