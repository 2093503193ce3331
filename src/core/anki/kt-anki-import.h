/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing an Anki package into the deck folder. See kt-anki-import.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-anki-package.h"
#include "kt-deck.h"
#include "kt-imported.h"

G_BEGIN_DECLS

gboolean  kt_anki_import_package (GFile               *package,
                                  GFile               *folder,
                                  const KtAnkiLimits  *limits,
                                  KtImported          *imported,
                                  KtImportProgressFunc progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);
KtDeck   *kt_anki_read_deck      (GFile               *package,
                                  const char          *path,
                                  GCancellable        *cancellable);

G_END_DECLS
