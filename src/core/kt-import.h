/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"

G_BEGIN_DECLS

gboolean kt_import_copy (GFile         *file,
                         GFile         *folder,
                         GHashTable    *known,
                         GFile        **copy,
                         KtDeck       **deck,
                         GCancellable  *cancellable,
                         GError       **error);

G_END_DECLS
