/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libFuzzer target; meson builds this file once per target with
 * KT_FUZZ_CALL set to the kt-fuzz.c call it makes (see meson.build).
 */
#include "config.h"

#include "kt-fuzz.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            gsize         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or a warning from our code is a bug too: abort on it. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  KT_FUZZ_CALL (data, size);
  return 0;
}
