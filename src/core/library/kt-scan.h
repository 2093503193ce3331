/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"

G_BEGIN_DECLS

/* What reading a deck folder found: the folder and its subfolders, the
 * deck files in them, and a KtDeck per folder that could not be read
 * (its path the folder's, one error diagnostic). */
typedef struct {
  GFile     *root;
  GPtrArray *folders;   /* (element-type GFile): the root first */
  GPtrArray *files;     /* (element-type GFile): in path order */
  GPtrArray *problems;  /* (element-type KtDeck) */
} KtScan;

const char * const *kt_scan_deck_extensions (void);
gboolean            kt_scan_is_deck_name    (const char          *name);
char               *kt_scan_topic_id        (GFile               *root,
                                             GFile               *file);

KtScan             *kt_scan_folder          (GFile               *root,
                                             const char * const  *skip_uris,
                                             GCancellable        *cancellable);
void                kt_scan_free            (KtScan              *scan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtScan, kt_scan_free)

G_END_DECLS
