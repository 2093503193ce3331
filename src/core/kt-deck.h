/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kt-topic.h"

G_BEGIN_DECLS

typedef enum {
  KT_DECK_FORMAT_UNKNOWN,
  KT_DECK_FORMAT_QA,      /* numbered questions with "Ответ:" / "Answer:" lines */
  KT_DECK_FORMAT_NOTES,   /* knowledge-base markdown with "##" sections */
  KT_DECK_FORMAT_TSV,     /* Anki-style tab-separated export */
  KT_DECK_FORMAT_JSON,    /* Kartoteka's own JSON deck */
  KT_DECK_FORMAT_ANKI,    /* an Anki package, read by anki/, never by the dispatcher */
} KtDeckFormat;

typedef enum {
  KT_SEVERITY_WARNING,
  KT_SEVERITY_ERROR,
} KtSeverity;

typedef struct {
  guint       line;       /* 1-based; 0 for the whole file */
  KtSeverity  severity;
  char       *message;    /* translated, for people */
} KtDiagnostic;

/* What one deck file yields: usually one topic, several when the file has
 * "# Topic" lines. Cards carry their topic id and source location. */
typedef struct {
  char         *path;         /* as given, for messages */
  KtDeckFormat  format;
  GPtrArray    *topics;       /* (element-type KtTopic) */
  guint         n_duplicates; /* cards merged into an earlier equal card */
  GArray       *diagnostics;  /* (element-type KtDiagnostic) */
} KtDeck;

const char   *kt_deck_format_to_string (KtDeckFormat  format);

KtDeck       *kt_deck_new              (const char   *path);
void          kt_deck_free             (KtDeck       *deck);
gboolean      kt_deck_has_errors       (const KtDeck *deck);
guint         kt_deck_count_cards      (const KtDeck *deck);
void          kt_deck_add_diagnostic   (KtDeck       *deck,
                                        guint         line,
                                        KtSeverity    severity,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (4, 5);
void          kt_deck_sort_diagnostics (KtDeck       *deck);

char         *kt_deck_to_json          (const KtDeck *deck);
void          kt_deck_build_start      (JsonBuilder  *builder);
char         *kt_deck_build_finish     (JsonBuilder  *builder);
void          kt_deck_build_topic      (JsonBuilder        *builder,
                                        const char         *id,
                                        const char         *title,
                                        const char * const *tags);
void          kt_deck_build_card       (JsonBuilder        *builder,
                                        const char         *title,
                                        const char         *context,
                                        const char         *question,
                                        const char         *answer,
                                        const char         *summary,
                                        const char         *notes,
                                        const char * const *tags,
                                        const char         *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDeck, kt_deck_free)

G_END_DECLS
