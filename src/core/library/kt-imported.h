/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What importing one file wrote: shared by the import (kt-import.c) and
 * the Anki package reader it calls (anki/kt-anki-import.c), so that
 * neither includes the other.
 */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"
#include "kt-progress.h"

G_BEGIN_DECLS

/* Called on the importing thread with how far the file is, from 0 to 1. */
typedef void (*KtImportProgressFunc) (double   fraction,
                                      gpointer user_data);

/* What importing one file wrote. */
typedef struct {
  GPtrArray *files;        /* (element-type GFile): the decks written, or found written */
  KtDeck    *deck;         /* (nullable): when a deck gave no cards, what reading it said */
  GPtrArray *warnings;     /* (element-type utf8): what an Anki package lost on the way */
  gboolean   package;      /* it was an Anki package */
  guint      n_cards;      /* in the decks an Anki package wrote */
  guint      n_images;
  guint      n_simplified; /* Anki note types shown simpler than in Anki */
  GArray    *answers;      /* (element-type KtReviewLogEntry): an Anki package's review
                            * history, in replay order, card ids owned (GRefStrings) */
  GPtrArray *suspended;    /* (element-type utf8): ids of the cards Anki had suspended,
                            * of those the deck folder did not have before */
  GPtrArray *buried;       /* (element-type utf8): the same of those it had buried */
  gint64     anki_changed_us; /* when the package's collection was last changed: its
                               * burials last to the end of that day; 0 if unknown */
} KtImported;

KtImported *kt_imported_new  (void);
void        kt_imported_free (KtImported *imported);
guint       kt_imported_apply_progress (KtImported *imported,
                                        KtProgress *progress,
                                        guint      *n_known);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtImported, kt_imported_free)

G_END_DECLS
