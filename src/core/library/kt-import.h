/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"
#include "kt-imported.h"

G_BEGIN_DECLS

gboolean kt_import_file (GFile                *file,
                         GFile                *folder,
                         GHashTable           *known,
                         KtImportProgressFunc  progress,
                         gpointer              progress_data,
                         KtImported           *imported,
                         GCancellable         *cancellable,
                         GError              **error);
gboolean kt_import_copy (GFile         *file,
                         GFile         *folder,
                         GHashTable    *known,
                         GFile        **copy,
                         KtDeck       **deck,
                         GCancellable  *cancellable,
                         GError       **error);

G_END_DECLS
