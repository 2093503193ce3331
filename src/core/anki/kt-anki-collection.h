/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Anki collection (its SQLite file) as plain data. See
 * kt-anki-collection.c.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The SQLite schemas we read: 11 (legacy, JSON in "col") to 18 (tables
 * of their own, protobuf configs). */
#define KT_ANKI_SCHEMA_MIN 11
#define KT_ANKI_SCHEMA_MAX 18

typedef struct {
  char *name;
  char *question_format;   /* qfmt: "{{Front}}" */
  char *answer_format;     /* afmt: "{{FrontSide}}<hr id=answer>{{Back}}" */
} KtAnkiTemplate;

typedef struct {
  gint64     id;
  char      *name;
  gboolean   cloze;
  GPtrArray *fields;      /* (element-type utf8): names, by ordinal */
  GPtrArray *templates;   /* (element-type KtAnkiTemplate), by ordinal */
} KtAnkiNotetype;

typedef struct {
  gint64   id;
  char    *guid;
  gint64   notetype;
  char   **fields;        /* HTML, by ordinal; as many as the note has */
  char   **tags;
} KtAnkiNote;

/* One card, with what the next phase (review history) will need. */
typedef struct {
  gint64 id;
  gint64 note;
  gint64 deck;       /* its home deck: a filtered deck's card is listed in its original */
  guint  ordinal;    /* the template's, or the cloze number less one */
  int    type;       /* 0 new, 1 learning, 2 review, 3 relearning */
  int    queue;      /* as type, and -1 suspended, -2/-3 buried */
  gint64 due;
  int    interval;
  int    factor;
  int    reps;
  int    lapses;
} KtAnkiCard;

/* One answer of the review log, read as it is for the next phase. */
typedef struct {
  gint64 id;         /* when it was given, in ms since 1970 */
  gint64 card;
  int    ease;       /* 1 again … 4 easy (0 for a manual reschedule) */
  int    interval;
  int    last_interval;
  int    factor;
  int    time;       /* ms spent */
  int    type;       /* 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual */
} KtAnkiReview;

typedef struct {
  int         schema;
  int         scheduler;  /* the scheduler its revlog was written by: 1 (three buttons
                           * while learning) or 2 (and 3, FSRS: four) */
  gint64      modified;   /* when it was last changed ("col.mod"), in ms since 1970 */
  GHashTable *notetypes;  /* gint64* id → KtAnkiNotetype */
  GHashTable *decks;      /* gint64* id → deck name, levels joined by "::" */
  GArray     *notes;      /* (element-type KtAnkiNote), by id */
  GArray     *cards;      /* (element-type KtAnkiCard), by note, then ordinal */
  GArray     *reviews;    /* (element-type KtAnkiReview), by id */
} KtAnkiCollection;

KtAnkiCollection *kt_anki_collection_read (const char        *path,
                                           GCancellable      *cancellable,
                                           GError           **error);
void              kt_anki_collection_free (KtAnkiCollection  *collection);
KtAnkiNote       *kt_anki_collection_find_note (KtAnkiCollection *collection,
                                                gint64            id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAnkiCollection, kt_anki_collection_free)

G_END_DECLS
