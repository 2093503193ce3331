/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kt-card.h"

G_BEGIN_DECLS

#define KT_TYPE_TEXT_CHUNKS (kt_text_chunks_get_type ())

G_DECLARE_FINAL_TYPE (KtTextChunks, kt_text_chunks, KT, TEXT_CHUNKS, GObject)

KtTextChunks *kt_text_chunks_new          (KtCard       *card,
                                          const char   *text);
gboolean      kt_text_chunks_get_complete (KtTextChunks *self);

G_END_DECLS
