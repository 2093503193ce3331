/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What several tests share: a profile on its own settings, times, and
 * waiting on the main loop.
 */
#pragma once

#include <gio/gio.h>

#include "kt-progress.h"

G_BEGIN_DECLS

/* Settings on their own memory backend, fuzz off, and the progress on them. */
typedef struct
{
  GSettingsBackend *backend;
  GSettings        *settings;
  KtProgress       *progress;
} KtTestProfile;

void    kt_test_profile_init  (KtTestProfile *profile);
void    kt_test_profile_clear (KtTestProfile *profile);

gint64  kt_test_utc_us        (int            year,
                               int            month,
                               int            day,
                               int            hour,
                               int            minute);

void    kt_test_wait_until    (gboolean     (*done) (gpointer),
                               gpointer       data);

G_END_DECLS
