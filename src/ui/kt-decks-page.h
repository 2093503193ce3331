/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kt-library.h"

G_BEGIN_DECLS

#define KT_TYPE_DECKS_PAGE (kt_decks_page_get_type ())

G_DECLARE_FINAL_TYPE (KtDecksPage, kt_decks_page, KT, DECKS_PAGE, AdwPreferencesPage)

KtDecksPage *kt_decks_page_new        (GSettings   *settings,
                                       KtLibrary   *library);
void         kt_decks_page_add_folder (KtDecksPage *self,
                                       GFile       *folder);

G_END_DECLS
