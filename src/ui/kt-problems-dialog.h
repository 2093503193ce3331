/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KT_TYPE_PROBLEMS_DIALOG (kt_problems_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KtProblemsDialog, kt_problems_dialog, KT, PROBLEMS_DIALOG, AdwMessageDialog)

KtProblemsDialog *kt_problems_dialog_new (GtkWindow  *parent,
                                          const char *heading,
                                          const char *problems);

G_END_DECLS
