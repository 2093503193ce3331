/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kt-library.h"
#include "kt-progress.h"
#include "kt-topic-tree.h"

G_BEGIN_DECLS

#define KT_TYPE_WINDOW (kt_window_get_type ())

G_DECLARE_FINAL_TYPE (KtWindow, kt_window, KT, WINDOW, AdwApplicationWindow)

KtWindow  *kt_window_new          (GtkApplication *application,
                                   GSettings      *settings,
                                   KtLibrary      *library,
                                   KtProgress     *progress,
                                   KtTopicTree    *topics);
void       kt_window_select_topic (KtWindow       *self,
                                   guint           position);
KtTopic   *kt_window_get_topic    (KtWindow       *self);
void       kt_window_import_files (KtWindow       *self,
                                   GFile         **files,
                                   guint           n_files);
void       kt_window_show_toast   (KtWindow       *self,
                                   AdwToast       *toast);
gboolean   kt_window_export_progress (KtWindow    *self,
                                      GFile       *file);
AdwMessageDialog *kt_window_import_progress (KtWindow *self,
                                             GFile    *file);

G_END_DECLS
