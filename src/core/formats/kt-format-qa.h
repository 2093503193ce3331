/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kt-deck-parser.h"

G_BEGIN_DECLS

/* Numbered question/answer lists: adds what @parser's text holds to its deck. */
void kt_format_qa_parse (KtDeckParser *parser);

G_END_DECLS
