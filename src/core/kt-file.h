/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest deck file read: far beyond any real deck (the seed of 50
 * items is 9 KB; 200 000 items are 20 MB), small enough to hold twice. */
#define KT_FILE_MAX_DECK_SIZE ((gsize) 256 * 1024 * 1024)

gboolean  kt_file_check_regular (GFile         *file,
                                 GCancellable  *cancellable,
                                 GError       **error);
GBytes   *kt_file_read_regular  (GFile         *file,
                                 gsize          max_size,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
