/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Anki collection's review log as our answers. See kt-anki-history.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-anki-collection.h"
#include "kt-anki-notes.h"
#include "kt-imported.h"

G_BEGIN_DECLS

void kt_anki_history_convert (KtAnkiCollection *collection,
                              KtAnkiNotes      *notes,
                              GHashTable       *card_ids,
                              GHashTable       *present,
                              KtImported       *imported);

G_END_DECLS
