/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kt-card.h"

G_BEGIN_DECLS

#define KT_TYPE_TEXT_WINDOW (kt_text_window_get_type ())

G_DECLARE_FINAL_TYPE (KtTextWindow, kt_text_window, KT, TEXT_WINDOW, AdwWindow)

KtTextWindow *kt_text_window_new (GtkWindow  *parent,
                                  KtCard     *card,
                                  const char *title,
                                  const char *text);

G_END_DECLS
