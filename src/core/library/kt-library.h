/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"
#include "kt-deck-file.h"
#include "kt-import.h"
#include "kt-topic.h"

G_BEGIN_DECLS

#define KT_TYPE_LIBRARY (kt_library_get_type ())

G_DECLARE_FINAL_TYPE (KtLibrary, kt_library, KT, LIBRARY, GObject)

KtLibrary  *kt_library_new               (void);
void        kt_library_load_bundled      (KtLibrary            *self);
void        kt_library_add_folder        (KtLibrary            *self,
                                          GFile                *folder);
void        kt_library_remove_folder     (KtLibrary            *self,
                                          GFile                *folder);
void        kt_library_set_extra_folders (KtLibrary            *self,
                                          const char * const   *paths);
void        kt_library_load_file         (KtLibrary            *self,
                                          GFile                *file);
void        kt_library_import_async      (KtLibrary            *self,
                                          GFile                *file,
                                          GFile                *user_folder,
                                          KtImportProgressFunc  progress,
                                          gpointer              progress_data,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
KtImported *kt_library_import_finish     (KtLibrary            *self,
                                          GAsyncResult         *result,
                                          KtDeck              **deck,
                                          GError              **error);
KtTopic    *kt_library_get_all           (KtLibrary            *self);
GListModel *kt_library_get_deck_files    (KtLibrary            *self);
gboolean    kt_library_get_loading       (KtLibrary            *self);
KtTopic    *kt_library_find_topic        (KtLibrary            *self,
                                          const char           *topic_id);
KtCard     *kt_library_find_card         (KtLibrary            *self,
                                          const char           *card_id);
char       *kt_library_dup_breadcrumb    (KtLibrary            *self,
                                          KtCard               *card);
char       *kt_library_dup_deck_folder   (KtLibrary            *self,
                                          KtCard               *card);
guint       kt_library_get_n_cards       (KtLibrary            *self);
GFile      *kt_library_get_user_folder   (void);

G_END_DECLS
