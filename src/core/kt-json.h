/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kt_json_nests_deeper_than (const char *data,
                                    gsize       length,
                                    guint       max_depth);

G_END_DECLS
