/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"

G_BEGIN_DECLS

#define KT_TYPE_DECK_FILE (kt_deck_file_get_type ())

G_DECLARE_FINAL_TYPE (KtDeckFile, kt_deck_file, KT, DECK_FILE, GObject)

KtDeckFile         *kt_deck_file_new          (GFile        *file,
                                               GFile        *folder);
GFile              *kt_deck_file_get_file     (KtDeckFile   *self);
GFile              *kt_deck_file_get_folder   (KtDeckFile   *self);
const char         *kt_deck_file_get_title    (KtDeckFile   *self);
guint               kt_deck_file_get_n_cards  (KtDeckFile   *self);
guint               kt_deck_file_get_n_problems (KtDeckFile *self);
const char * const *kt_deck_file_get_problems (KtDeckFile   *self);
void                kt_deck_file_update       (KtDeckFile   *self,
                                               const KtDeck *deck);

G_END_DECLS
