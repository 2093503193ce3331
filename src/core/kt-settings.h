/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings        *kt_settings_new                  (void);
gboolean          kt_settings_uses_own_keyfile     (GSettings *settings);
GSettingsBackend *kt_settings_new_progress_backend (void);

G_END_DECLS
