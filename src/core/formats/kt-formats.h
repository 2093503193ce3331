/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"

G_BEGIN_DECLS

KtDeckFormat  kt_formats_detect      (const char   *data,
                                      gsize         len,
                                      const char   *filename);
KtDeck       *kt_formats_parse_bytes (GBytes       *contents,
                                      const char   *path);
KtDeck       *kt_formats_parse_file  (GFile        *file,
                                      GCancellable *cancellable);
void          kt_formats_run_parser  (KtDeck       *deck,
                                      const char   *text,
                                      gsize         len,
                                      const char   *name);

G_END_DECLS
