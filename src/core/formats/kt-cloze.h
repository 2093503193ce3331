/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cloze deletions, Anki's syntax: {{c1::text}} and {{c1::text::hint}}.
 * See kt-cloze.c and docs/deck-format.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Cloze numbers above this are text: Anki stops far below it, and a
 * number is one card, so a typo must not make a million. */
#define KT_CLOZE_MAX_NUMBER 500

GArray *kt_cloze_numbers  (const char *text);
char   *kt_cloze_question (const char *text,
                           guint       number);
char   *kt_cloze_answer   (const char *text,
                           guint       number);

G_END_DECLS
