/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of KtLibrary share: kt-library.c loads files and merges
 * their topics, kt-library-folders.c reads and watches the deck folders
 * they are in, kt-library-relink.c keeps progress with cards whose ids
 * change, kt-library-import.c copies imports in. Nothing else includes
 * this.
 */
#pragma once

#include "kt-library.h"

/* Bundled decks are read from the resource under this URI. */
#define BUNDLED_PREFIX "resource://" RESOURCE_PREFIX "/decks/"

G_BEGIN_DECLS

/* A deck folder: the user's, or an extra one from settings. */
typedef struct
{
  KtLibrary  *library;   /* not owned: it owns this */
  GFile      *folder;
  char       *uri;
  char       *prefix;    /* uri + "/" */
  char       *title;     /* the group its decks are shown in; NULL: the top */
  char       *name;      /* put in front of the ids of its decks that clash */
  guint       order;     /* the folder added first keeps the plain ids */
  GHashTable *monitors;  /* folder uri → GFileMonitor, the root and below */
} Root;

/* What the library holds of one file. */
typedef struct
{
  GPtrArray *topic_ids;  /* (element-type utf8) */
  char      *topic_id;   /* the id it was parsed with */
  char      *checksum;   /* of its bytes, to find a re-import */
} Loaded;

struct _KtLibrary
{
  GObject       parent_instance;

  GPtrArray    *topics;        /* (element-type KtTopic), sorted by title */
  GHashTable   *by_id;         /* topic id → KtTopic (borrowed from topics) */
  GHashTable   *topic_files;   /* topic id → uri of the file it came from */
  GHashTable   *files;         /* uri → Loaded */
  GHashTable   *generations;   /* uri → count of its loads and forgets so far */
  GHashTable   *qualified;     /* uris whose ids carry their folder's name */
  GPtrArray    *roots;         /* (element-type Root), in the order added */
  GHashTable   *extra_folders; /* folder uri set, from settings */
  GListStore   *deck_files;    /* KtDeckFile, sorted by path */
  GHashTable   *deck_file_by_uri;
  GCancellable *cancellable;
  guint         n_pending;
  guint         next_order;
  GQueue       *parsed;        /* GTask of a parse done, to merge in */
  GQueue       *to_load;       /* GFile a scan found, to parse */
  guint         work_id;

  /* Re-linking progress (kt-relink.c) */
  GHashTable   *gone;          /* uri → GPtrArray of the KtCards it had */
  GHashTable   *successors;    /* uri → uri of the file it was renamed from */
  guint         gone_id;       /* forgets gone files after a while */
  GHashTable   *hidden;        /* uri → uri of the bundled deck it is a copy of */
  GPtrArray    *move_from;     /* card ids, until the loading is done */
  GPtrArray    *move_to;

  KtTopic      *all;           /* every card, for "All Topics" */
};

/* kt-library-folders.c */
void  _kt_library_root_free          (Root       *root);
Root *_kt_library_find_root          (KtLibrary  *self,
                                      const char *uri);
Root *_kt_library_find_root_exactly  (KtLibrary  *self,
                                      const char *uri);
void  _kt_library_watch_again        (KtLibrary  *self,
                                      GFile      *folder);

/* kt-library.c */
void  _kt_library_set_pending        (KtLibrary  *self,
                                      guint       n_pending);
void  _kt_library_load_file          (KtLibrary  *self,
                                      GFile      *file);
void  _kt_library_load_later         (KtLibrary  *self,
                                      GFile      *file);
void  _kt_library_forget_file        (KtLibrary  *self,
                                      const char *uri);
void  _kt_library_forget_below       (KtLibrary  *self,
                                      const char *folder_uri);
void  _kt_library_add_folder_problem (KtLibrary  *self,
                                      KtDeck     *problem);
void  _kt_library_emit_moves         (KtLibrary  *self);
void  _kt_library_load_bundled_file  (KtLibrary  *self,
                                      GFile      *file);

/* kt-library-relink.c */
GPtrArray *_kt_library_cards_of        (KtLibrary  *self,
                                        Loaded     *loaded);
void       _kt_library_remember_gone   (KtLibrary  *self,
                                        const char *uri,
                                        Loaded     *loaded);
void       _kt_library_renamed         (KtLibrary  *self,
                                        GFile      *from,
                                        GFile      *to);
GPtrArray *_kt_library_take_gone_cards (KtLibrary  *self,
                                        const char *uri);
void       _kt_library_relink          (KtLibrary  *self,
                                        GPtrArray  *before,
                                        KtDeck     *deck);
char      *_kt_library_legacy_topic_id (GFile      *file,
                                        const char *topic_id);
GPtrArray *_kt_library_yield_bundled   (KtLibrary  *self,
                                        const char *uri,
                                        const char *checksum);

G_END_DECLS
