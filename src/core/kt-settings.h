/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings        *kt_settings_new                  (void);
GSettingsBackend *kt_settings_new_progress_backend (GSettings *settings);

G_END_DECLS
