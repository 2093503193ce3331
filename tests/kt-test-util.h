/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What several tests share: a profile on its own settings, times,
 * waiting on the main loop, the documented progress file, editing JSON
 * and search.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kt-card.h"
#include "kt-progress.h"

G_BEGIN_DECLS

/* Settings on their own memory backend, fuzz off, and the progress on them. */
typedef struct
{
  GSettingsBackend *backend;
  GSettings        *settings;
  KtProgress       *progress;
} KtTestProfile;

void    kt_test_profile_init  (KtTestProfile *profile);
void    kt_test_profile_clear (KtTestProfile *profile);

void    kt_test_pin_utc       (void);

void    kt_test_assert_records_identical (const KtProgressRecord *a,
                                          const KtProgressRecord *b);
void    kt_test_assert_replays           (KtProgress             *progress);
void    kt_test_assert_same_progress     (KtProgress             *a,
                                          KtProgress             *b);

gint64  kt_test_utc_us        (int            year,
                               int            month,
                               int            day,
                               int            hour,
                               int            minute);

void    kt_test_wait_until    (gboolean     (*done) (gpointer),
                               gpointer       data);
void    kt_test_wait_until_seconds (gboolean (*done) (gpointer),
                                    gpointer   data,
                                    guint      seconds);

char     *kt_test_progress_docs_example (void);
guint     kt_test_topic_with_question   (GListModel *topics,
                                         const char *question);
JsonNode *kt_test_json_lookup           (JsonNode   *root,
                                         const char *path);
char     *kt_test_json_edit             (const char *text,
                                         const char *parent,
                                         const char *member,
                                         const char *value);
gboolean  kt_test_card_holds            (KtCard     *card,
                                         const char *folded_query);
GVariant *kt_test_stored_progress       (const char *path,
                                         const char *key);

G_END_DECLS
