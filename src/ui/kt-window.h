/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KT_TYPE_WINDOW (kt_window_get_type ())

G_DECLARE_FINAL_TYPE (KtWindow, kt_window, KT, WINDOW, AdwApplicationWindow)

KtWindow *kt_window_new (GtkApplication *application,
                         GSettings      *settings);

G_END_DECLS
