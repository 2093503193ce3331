/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *kt_settings_new               (void);
char      *kt_settings_get_progress_path (GSettings *settings);

G_END_DECLS
