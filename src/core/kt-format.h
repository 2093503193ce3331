/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kt_format_interval   (gint64 interval_us);
char *kt_format_duration   (gint64 interval_us);
char *kt_format_time_until (gint64 interval_us);
char *kt_format_percent    (double share);

G_END_DECLS
