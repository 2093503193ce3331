/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KT_TYPE_CARD_IMAGE (kt_card_image_get_type ())

G_DECLARE_FINAL_TYPE (KtCardImage, kt_card_image, KT, CARD_IMAGE, GtkWidget)

GtkWidget  *kt_card_image_new         (const char  *url,
                                       const char  *alt,
                                       guint        max_width,
                                       const char  *note_path,
                                       const char  *deck_folder);
GdkTexture *kt_card_image_get_texture (KtCardImage *self);
const char *kt_card_image_get_message (KtCardImage *self);

G_END_DECLS
