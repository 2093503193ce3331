/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anki notes as the topics and cards of JSON decks. See kt-anki-notes.c.
 */
#pragma once

#include <gio/gio.h>

#include "kt-anki-collection.h"

G_BEGIN_DECLS

/* One card of a JSON deck, or a cloze note that makes one per number. */
typedef struct {
  char  *key;         /* the note's guid; "guid/N" for its Nth card after the first */
  char **tags;        /* the note's */
  char  *question;    /* markdown; a cloze note's text with its {{c1::…}} */
  char  *answer;      /* markdown */
} KtAnkiEntry;

/* One Anki deck: one JSON deck in the deck folder. */
typedef struct {
  char       *id;        /* the topic id and the file's path without ".json": "Parent/Child" */
  char       *title;     /* "Child" */
  GPtrArray  *entries;   /* (element-type KtAnkiEntry) */
  GPtrArray  *tags;      /* (element-type utf8): every tag of its notes, first seen
                          * first; NULL-terminated */
  GHashTable *media;     /* media file name → its zip entry: what its cards show */
} KtAnkiTopic;

/* Which card of a JSON deck an Anki card became, for its review history
 * and its queue. */
typedef struct {
  KtAnkiCard   card;       /* as the collection has it */
  KtAnkiTopic *topic;
  char        *key;        /* its card's key: "guid", "guid/2", or "guid/c1" for a cloze */
} KtAnkiCardKey;

typedef struct {
  GPtrArray *topics;          /* (element-type KtAnkiTopic), by deck name */
  GArray    *card_keys;       /* (element-type KtAnkiCardKey): the Anki cards imported */
  GPtrArray *warnings;        /* (element-type utf8), for people */
  guint      n_simplified;    /* note types shown simpler than in Anki */
} KtAnkiNotes;

KtAnkiNotes *kt_anki_notes_convert (KtAnkiCollection *collection,
                                    GPtrArray        *media,
                                    GCancellable     *cancellable);
void         kt_anki_notes_free    (KtAnkiNotes      *notes);
gboolean     kt_anki_media_name_is_safe (const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAnkiNotes, kt_anki_notes_free)

G_END_DECLS
