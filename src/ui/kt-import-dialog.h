/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KT_TYPE_IMPORT_DIALOG (kt_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtImportDialog, kt_import_dialog, KT, IMPORT_DIALOG, AdwMessageDialog)

typedef struct _KtImportTracker KtImportTracker;

KtImportDialog  *kt_import_dialog_new             (GtkWindow       *parent);
GCancellable    *kt_import_dialog_get_cancellable (KtImportDialog  *self);
KtImportTracker *kt_import_dialog_add_file        (KtImportDialog  *self);
void             kt_import_dialog_file_done       (KtImportDialog  *self,
                                                   KtImportTracker *tracker);
void             kt_import_tracker_set_fraction   (double           fraction,
                                                   gpointer         tracker);

G_END_DECLS
