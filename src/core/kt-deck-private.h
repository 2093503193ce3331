/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by kt-deck.c and the per-format parsers (kt-deck-qa.c,
 * kt-deck-notes.c, kt-deck-tsv.c, kt-deck-json.c). Not installed, not
 * for the UI.
 *
 * kt-deck.c does everything that is the same for every format before a
 * parser runs: the text is cleaned (BOM stripped, CRLF and lone CR turned
 * into LF, invalid UTF-8 replaced; markdown that needs none of that is not
 * copied), binary and empty files are refused, the
 * format is detected and the topic id is taken from the file name. A parser
 * then only sees clean text and adds topics and cards through
 * kt_deck_parser_add_topic() and kt_deck_parser_add_card(), which merge
 * duplicates and keep card ids unique.
 */
#pragma once

#include "kt-deck.h"

G_BEGIN_DECLS

typedef struct {
  KtDeck     *deck;

  /* Valid UTF-8, '\n' line ends only, no NUL bytes. Line numbers in it
   * are the file's line numbers. NUL-terminated for every parser but
   * kt_deck_parse_notes(), which may be given the file's own bytes and
   * must not read past @len. */
  const char *text;
  gsize       len;

  /* From the file name: "notes/async.md" gives "async" for both. */
  const char *topic_id;
  const char *fallback_title;

  /*< private >*/
  GHashTable *topics;     /* topic id → KtTopic (borrowed from deck->topics) */
  GHashTable *seen;       /* KtTopic → GHashTable: normalised question met
                           * more than once → GPtrArray of the KtCards
                           * with it (borrowed) */
} KtDeckParser;

KtTopic *kt_deck_parser_add_topic (KtDeckParser *parser,
                                   const char   *id,
                                   const char   *title);
KtCard  *kt_deck_parser_add_card  (KtDeckParser *parser,
                                   KtTopic      *topic,
                                   const char   *title,
                                   const char   *question,
                                   const char   *answer,
                                   const char   *summary,
                                   const char   *notes,
                                   guint         line);

/* Small text helpers shared by the parsers. */
const char *kt_deck_trim_blank_lines (const char *text,
                                      gsize      *len);
char    *kt_deck_strip_blank_lines (const char *text,
                                    gssize      len);
gboolean kt_deck_is_blank          (const char *text,
                                    gsize       len);
gsize    kt_deck_line_answer_label (const char *line,
                                    gsize       len);
gboolean kt_deck_line_numbered     (const char *line,
                                    gsize       len,
                                    guint      *number,
                                    gsize      *text_offset);

void     kt_deck_run_parser  (KtDeck       *deck,
                              const char   *text,
                              gsize         len,
                              const char   *name);

void     kt_deck_parse_qa    (KtDeckParser *parser);
void     kt_deck_parse_notes (KtDeckParser *parser);
void     kt_deck_parse_tsv   (KtDeckParser *parser);
void     kt_deck_parse_json  (KtDeckParser *parser);

G_END_DECLS
