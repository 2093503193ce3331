/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kt_cli_check      (const char * const *paths,
                       GString            *out);
int kt_cli_cards_json (const char * const *paths,
                       GString            *out);

G_END_DECLS
