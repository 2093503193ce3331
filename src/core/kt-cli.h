/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-progress-json.h"

G_BEGIN_DECLS

int kt_cli_check           (const char * const   *paths,
                            GString              *out);
int kt_cli_cards_json      (const char * const   *paths,
                            GString              *out);
int kt_cli_import          (KtProgress           *progress,
                            const char * const   *paths,
                            GString              *out,
                            GString              *err);
int kt_cli_export_progress (KtProgress           *progress,
                            GListModel           *topics,
                            const char           *path,
                            KtProgressJsonFlags   flags,
                            GString              *out,
                            GString              *err);
int kt_cli_import_progress (KtProgress           *progress,
                            const char           *path,
                            GString              *out,
                            GString              *err);
int kt_cli_sync_now        (KtProgress           *progress,
                            const char           *folder,
                            GString              *out,
                            GString              *err);

G_END_DECLS
