/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kt-progress.h"

G_BEGIN_DECLS

/* Another machine as its file in the sync folder shows it */
typedef struct
{
  gint64  machine;
  char   *host;         /* its host name, or NULL if the file does not say */
  gint64  written_us;   /* when its file last changed */
} KtSyncMachine;

#define KT_TYPE_SYNC (kt_sync_get_type ())

G_DECLARE_FINAL_TYPE (KtSync, kt_sync, KT, SYNC, GObject)

KtSync              *kt_sync_new             (KtProgress  *progress);
KtSync              *kt_sync_new_for_folder  (KtProgress  *progress,
                                              const char  *folder);
const char          *kt_sync_get_folder      (KtSync      *self);
gint64               kt_sync_get_last_synced (KtSync      *self);
guint                kt_sync_get_n_machines  (KtSync      *self);
const KtSyncMachine *kt_sync_get_machine     (KtSync      *self,
                                              guint        index);
char                *kt_sync_get_own_path    (KtSync      *self);
gboolean             kt_sync_now             (KtSync      *self,
                                              GError     **error);
void                 kt_sync_flush           (KtSync      *self);

G_END_DECLS
