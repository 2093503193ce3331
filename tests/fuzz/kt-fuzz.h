/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-fuzz: the code under fuzzing, one entry point per parser, shared by
 * the libFuzzer targets in this directory and by test-fuzz-regressions,
 * which feeds every input a fuzzer once crashed on through all of them.
 */
#pragma once

#include <glib.h>

#include "kt-deck.h"

G_BEGIN_DECLS

void kt_fuzz_deck          (KtDeckFormat  format,
                            const guint8 *data,
                            gsize         size);
void kt_fuzz_deck_any      (const guint8 *data,
                            gsize         size);
void kt_fuzz_markdown      (const guint8 *data,
                            gsize         size);
void kt_fuzz_html          (const guint8 *data,
                            gsize         size);
void kt_fuzz_cloze         (const guint8 *data,
                            gsize         size);
void kt_fuzz_notes_chunks  (const guint8 *data,
                            gsize         size);
void kt_fuzz_progress_json (const guint8 *data,
                            gsize         size);
void kt_fuzz_progress_file (const guint8 *data,
                            gsize         size);

G_END_DECLS
