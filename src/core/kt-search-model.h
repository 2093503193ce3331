/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KT_TYPE_SEARCH_MODEL (kt_search_model_get_type ())

G_DECLARE_FINAL_TYPE (KtSearchModel, kt_search_model, KT, SEARCH_MODEL, GObject)

KtSearchModel *kt_search_model_new           (GListModel    *model);
GListModel    *kt_search_model_get_model     (KtSearchModel *self);
void           kt_search_model_set_model     (KtSearchModel *self,
                                              GListModel    *model);
const char    *kt_search_model_get_query     (KtSearchModel *self);
void           kt_search_model_set_query     (KtSearchModel *self,
                                              const char    *query);
gboolean       kt_search_model_get_searching (KtSearchModel *self);
void           kt_search_model_prepare       (KtSearchModel *self);

G_END_DECLS
