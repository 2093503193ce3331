/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-card.h"

G_BEGIN_DECLS

#define KT_TYPE_CARD_VIEW (kt_card_view_get_type ())

G_DECLARE_FINAL_TYPE (KtCardView, kt_card_view, KT, CARD_VIEW, GtkWidget)

KtCard   *kt_card_view_get_card     (KtCardView *self);
void      kt_card_view_set_card     (KtCardView *self,
                                     KtCard     *card);
gboolean  kt_card_view_get_revealed (KtCardView *self);
void      kt_card_view_set_revealed (KtCardView *self,
                                     gboolean    revealed);
void      kt_card_view_focus_main   (KtCardView *self);
void      kt_card_view_scroll       (KtCardView    *self,
                                     GtkScrollType  scroll);

G_END_DECLS
