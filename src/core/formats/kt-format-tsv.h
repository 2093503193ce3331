/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kt-deck-parser.h"

G_BEGIN_DECLS

/* Tab- or comma-separated text as Anki exports it: adds what @parser's text holds to its deck. */
void kt_format_tsv_parse (KtDeckParser *parser);

G_END_DECLS
