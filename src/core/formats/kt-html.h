/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTML fields (Anki exports and packages) as the markdown cards hold.
 * See kt-html.c and docs/deck-format.md for what becomes what.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Elements nested deeper than this end the conversion: what follows them
 * is cut, and KT_HTML_DROPPED_DEEP says so. */
#define KT_HTML_MAX_DEPTH 100

/* What a conversion left out, for the caller's warnings. */
typedef enum {
  KT_HTML_DROPPED_NONE   = 0,
  KT_HTML_DROPPED_SOUND  = 1 << 0,   /* Anki's [sound:file.mp3] references */
  KT_HTML_DROPPED_SCRIPT = 1 << 1,   /* <script> and <style> */
  KT_HTML_DROPPED_MEDIA  = 1 << 2,   /* <audio>, <video>, <object>, <embed>, <iframe>, <svg> */
  KT_HTML_DROPPED_DEEP   = 1 << 3,   /* everything after nesting beyond KT_HTML_MAX_DEPTH */
} KtHtmlDropped;

char *kt_html_to_markdown        (const char    *html,
                                  gssize         len,
                                  KtHtmlDropped *dropped);
char *kt_html_answer_to_markdown (const char    *html,
                                  gssize         len,
                                  const char    *question,
                                  KtHtmlDropped *dropped);
char *kt_html_drop_sound_tags    (const char    *text,
                                  KtHtmlDropped *dropped);

G_END_DECLS
