/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kt-library.h"
#include "kt-sync.h"

G_BEGIN_DECLS

#define KT_TYPE_PREFERENCES_WINDOW (kt_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KtPreferencesWindow, kt_preferences_window, KT, PREFERENCES_WINDOW, AdwPreferencesWindow)

KtPreferencesWindow *kt_preferences_window_new (GtkWindow *parent,
                                                GSettings *settings,
                                                KtLibrary *library,
                                                KtSync    *sync);

G_END_DECLS
