/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"

G_BEGIN_DECLS

KtDeckFormat  kt_formats_detect      (const char   *data,
                                      gsize         len,
                                      const char   *filename);
KtDeck       *kt_formats_parse_bytes    (GBytes       *contents,
                                         const char   *path);
KtDeck       *kt_formats_parse_bytes_as (GBytes       *contents,
                                         const char   *path,
                                         const char   *topic_id);
KtDeck       *kt_formats_parse_bytes_take (GBytes     *contents,
                                          const char *path,
                                          const char *topic_id);
KtDeck       *kt_formats_parse_file     (GFile        *file,
                                         GCancellable *cancellable);
KtDeck       *kt_formats_parse_file_as  (GFile        *file,
                                         const char   *topic_id,
                                         GCancellable *cancellable);
char         *kt_formats_name_file      (GFile        *file);
void          kt_formats_run_parser  (KtDeck       *deck,
                                      const char   *text,
                                      gsize         len,
                                      const char   *name);
void          kt_formats_release_memory (void);

G_END_DECLS
