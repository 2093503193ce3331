/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 16 hex digits and a NUL */
#define KT_TEXT_CARD_ID_SIZE 17

char *kt_text_normalize_question (const char *question);
char *kt_text_normalize_answer   (const char *answer);
char *kt_text_fold_for_search    (const char *text);
gboolean kt_text_folds_to        (const char *text,
                                  const char *folded);
char *kt_text_card_id            (const char *topic_id,
                                  const char *question);
char *kt_text_card_id_normalized (const char *topic_id,
                                  const char *normal_question);
void  kt_text_card_id_into       (const char *topic_id,
                                  const char *normal_question,
                                  char        id[KT_TEXT_CARD_ID_SIZE]);
char *kt_text_slugify            (const char *text);

gboolean kt_text_validate_utf8   (const char  *text,
                                  gsize        len,
                                  const char **end);

G_END_DECLS
