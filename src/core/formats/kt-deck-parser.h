/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every format parser in this folder shares, and nothing else: the
 * parser state, adding topics and cards (duplicates merged, ids unique,
 * the same rules for every format) and small line and text helpers.
 * kt-formats.c sets a parser up over clean text and runs one format on it;
 * the formats include this header, never the dispatcher's.
 */
#pragma once

#include "kt-deck.h"

G_BEGIN_DECLS

typedef struct {
  KtDeck     *deck;

  /* Valid UTF-8, '\n' line ends only, no NUL bytes. Line numbers in it
   * are the file's line numbers. NUL-terminated for every parser but
   * kt_format_notes_parse(), which may be given the file's own bytes and
   * must not read past @len. */
  const char *text;
  gsize       len;

  /* From the file's path inside its deck folder: "Python/Core.md" gives
   * the id "Python/Core" and the title "Core". */
  const char *topic_id;
  const char *fallback_title;

  /*< private >*/
  GHashTable *topics;     /* topic id → KtTopic (borrowed from deck->topics) */
  GHashTable *seen;       /* KtTopic → GHashTable: normalised question (or
                           * key) met more than once → the set of its
                           * cards' normalised answers (with questions) */
} KtDeckParser;

void     kt_deck_parser_init        (KtDeckParser *parser,
                                     KtDeck       *deck,
                                     const char   *text,
                                     gsize         len,
                                     const char   *topic_id);
void     kt_deck_parser_finish      (KtDeckParser *parser);
const char *kt_deck_parser_layouts  (void);

KtTopic *kt_deck_parser_add_topic   (KtDeckParser *parser,
                                     const char   *id,
                                     const char   *title);
KtCard  *kt_deck_parser_add_card    (KtDeckParser *parser,
                                     KtTopic      *topic,
                                     const char   *title,
                                     const char   *context,
                                     const char   *question,
                                     const char   *answer,
                                     const char   *summary,
                                     const char   *notes,
                                     guint         line);
KtCard  *kt_deck_parser_add_keyed_card (KtDeckParser       *parser,
                                        KtTopic            *topic,
                                        const char         *key,
                                        const char * const *tags,
                                        const char         *title,
                                        const char         *context,
                                        const char         *question,
                                        const char         *answer,
                                        const char         *summary,
                                        const char         *notes,
                                        guint               line);

/* Small text helpers. */
const char *kt_deck_parser_trim_blank_lines  (const char *text,
                                              gsize      *len);
char       *kt_deck_parser_strip_blank_lines (const char *text,
                                              gssize      len);
gboolean    kt_deck_parser_is_blank          (const char *text,
                                              gsize       len);
gboolean    kt_deck_parser_has_prefix_ci     (const char *line,
                                              gsize       len,
                                              const char *prefix);
gboolean    kt_deck_parser_line_numbered     (const char *line,
                                              gsize       len,
                                              guint      *number,
                                              gsize      *text_offset);
gboolean    kt_deck_parser_fence             (const char *line,
                                              gsize       len,
                                              char       *fence_char,
                                              gsize      *fence_len);
gboolean    kt_deck_parser_fence_closes      (const char *line,
                                              gsize       len,
                                              char        fence_char,
                                              gsize       fence_len);
guint       kt_deck_parser_heading_level     (const char *line,
                                              gsize       len);

/* Labels that say which text is which: see kt_deck_parser_line_label(). */
typedef enum {
  KT_LABEL_NONE,
  KT_LABEL_SUMMARY,
  KT_LABEL_QUESTION,
  KT_LABEL_ANSWER,
} KtLabel;

typedef enum {
  KT_LABEL_BOLD  = 1 << 0,   /* **Ответ:** rather than Ответ: */
  KT_LABEL_SHORT = 1 << 1,   /* one letter: Q, A, В, О */
  KT_LABEL_ITEM  = 1 << 2,   /* after a "- " list marker */
} KtLabelFlags;

KtLabel     kt_deck_parser_line_label        (const char   *line,
                                              gsize         len,
                                              gsize        *text_offset,
                                              KtLabelFlags *flags);
gboolean    kt_deck_parser_numbered_question (const char *line,
                                              gsize       len,
                                              guint      *number,
                                              gsize      *question_start,
                                              gsize      *question_len);

/* What a question-shaped numbered item met in the answer of numbered
 * question @question is: see kt_deck_parser_numbered_in_answer(). */
typedef enum {
  KT_NUMBERED_QUESTION,
  KT_NUMBERED_LIST,
  KT_NUMBERED_AMBIGUOUS,
  KT_NUMBERED_OUT_OF_ORDER,
} KtNumbered;

KtNumbered  kt_deck_parser_numbered_in_answer (guint number,
                                               guint question,
                                               guint list_next);
void        kt_deck_parser_warn_numbered      (KtDeckParser *parser,
                                               KtNumbered    kind,
                                               guint         line,
                                               guint         number,
                                               guint         question);
void        kt_deck_parser_check_answer       (KtDeckParser *parser,
                                               const char   *answer,
                                               guint         line);

G_END_DECLS
