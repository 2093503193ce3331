/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kt-library.h"

G_BEGIN_DECLS

#define KT_TYPE_TOPIC_TREE (kt_topic_tree_get_type ())

G_DECLARE_FINAL_TYPE (KtTopicTree, kt_topic_tree, KT, TOPIC_TREE, GObject)

KtTopicTree *kt_topic_tree_new          (KtLibrary   *library);
GListModel  *kt_topic_tree_get_children (KtTopicTree *self,
                                         KtTopic     *topic);
gboolean     kt_topic_tree_is_group     (KtTopicTree *self,
                                         KtTopic     *topic);

G_END_DECLS
