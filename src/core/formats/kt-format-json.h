/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kt-deck-parser.h"

G_BEGIN_DECLS

/* Kartoteka's own JSON deck: adds what @parser's text holds to its deck. */
void kt_format_json_parse (KtDeckParser *parser);

G_END_DECLS
