/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-deck.h"
#include "kt-import.h"

G_BEGIN_DECLS

typedef struct _KtImportReport KtImportReport;

KtImportReport *kt_import_report_new          (void);
void            kt_import_report_free         (KtImportReport *report);
void            kt_import_report_add_copied   (KtImportReport *report,
                                               const char     *name,
                                               const KtDeck   *deck);
void            kt_import_report_add_package  (KtImportReport   *report,
                                               const char       *name,
                                               const KtImported *imported);
void            kt_import_report_add_answers  (KtImportReport *report,
                                               guint           n_added,
                                               guint           n_known);
void            kt_import_report_add_refused  (KtImportReport *report,
                                               const char     *name,
                                               const GError   *error,
                                               const KtDeck   *deck);
char           *kt_import_report_dup_summary  (KtImportReport *report);
gboolean        kt_import_report_get_problems (KtImportReport *report,
                                               char          **title,
                                               char          **body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtImportReport, kt_import_report_free)

G_END_DECLS
