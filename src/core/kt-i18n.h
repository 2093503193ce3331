/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void kt_i18n_init              (void);
void kt_i18n_apply_language    (const char *language);

G_END_DECLS
