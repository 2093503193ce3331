/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-media: where the picture a card names is, found the way Obsidian
 * finds it, and never outside the deck folder the card comes from.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much of a deck folder the search by name reads at most. */
#define KT_MEDIA_MAX_SEARCH_ENTRIES 20000
#define KT_MEDIA_MAX_SEARCH_DEPTH   32

gboolean  kt_media_is_remote (const char   *url);
char     *kt_media_resolve   (const char   *url,
                              const char   *note_path,
                              const char   *deck_folder,
                              GCancellable *cancellable);

G_END_DECLS
