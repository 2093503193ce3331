/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Writer stores what KtProgress holds: the record of every card
 * studied ("cards", a{s(iiddxxuu)}) and the log of every answer
 * ("review-log", a(sxiid)), the GVariant types of the schema.
 *
 * How a change reaches the disk. KtProgress owns the records and the log
 * in memory and, at each save, hands over what changed since the last one
 * (KtProgressChanges: the records of the cards changed, and the answers
 * logged after the first entry that changed). The Writer keeps its own
 * copy of what is stored, applies the changes in the order they were
 * queued, and writes the values whole, on a worker thread, one write at a
 * time under write_lock. Each write holds every change queued before it,
 * so a save that runs late finds its changes written already and can
 * never put back older values. Answers are identified by card and time;
 * an undo removes the card's newest answer and puts back its previous
 * record, and the log is only ever cut back to log_kept and extended.
 * (Sync across machines will want answer ids and undo as tombstones, so
 * that logs merge by union and replay: they would travel in
 * KtProgressChanges the same way.)
 *
 * Where. With dconf (or the memory backend of the tests) both keys go to
 * the GSettings given, set in delay mode and applied together; dconf
 * replaces its database atomically itself, and reports nothing back.
 * When the settings are on a keyfile (no dconf, or GSETTINGS_BACKEND=
 * keyfile), progress has a file of its own, kartoteka/progress.ini in the
 * user config dir, in the keyfile layout GLib's backend reads, but never
 * written through that backend: GLib 2.74 writes the new keyfile to a
 * temporary file, ignores a failed write and renames the truncated file
 * over the good one, so a full disk wiped all progress. The Writer writes
 * it with g_file_set_contents_full(): a new file beside it, every write
 * checked, synced and renamed over, mode 0600. A failed write leaves the
 * old file untouched and the Writer's copy unsaved, and the next write (a
 * later save, a retry) writes everything again. Where there is no
 * progress.ini yet, its values are read from the settings once, which
 * moves progress kept in GLib's keyfile by older versions.
 *
 * The outcome of the last write that was tried is kept for KtProgress,
 * which tells the user and retries (see KtProgress:save-failed).
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kt-progress-writer.h"
#include "kt-settings.h"

struct _KtProgressWriter
{
  GMutex      lock;          /* guards queue, pending and error */
  GCond       idle;          /* signalled when pending drops to 0 */
  GPtrArray  *queue;         /* KtProgressChanges, oldest first */
  guint       pending;       /* writes queued or running on workers */
  GError     *error;         /* of the last write tried, or NULL */

  GMutex      write_lock;
  GHashTable *records;       /* as stored: card id (GRefString) → KtProgressRecord */
  GArray     *log;           /* as stored: KtReviewLogEntry */
  gboolean    cards_dirty;   /* the copy changed since the value was last built */
  gboolean    log_dirty;

  /* The GSettings store, delayed so both keys go in one backend write */
  GSettings  *settings;

  /* The file store: progress.ini, instead of settings */
  char       *path;
  char       *group;         /* the keyfile group, from the schema path */
  GSettingsSchema *schema;   /* for the types of the keys */
  GKeyFile   *loaded;        /* the file as read, until started; NULL when there was none */
  GSettings  *migrate_from;  /* where progress was before there was a file */
  char       *cards_text;    /* the values as last built */
  char       *log_text;
  gboolean    unsaved;       /* the file lacks what the texts hold */
  GError     *blocked;       /* the file could not be read nor set aside: never replace it */
};

/* ---- the log ------------------------------------------------------------- */

static void
log_entry_clear (gpointer data)
{
  KtReviewLogEntry *entry = data;

  g_ref_string_release (entry->card_id);
}

/* A log of KtReviewLogEntry whose card ids are GRefStrings it holds. */
GArray *
kt_progress_log_new (guint reserved)
{
  GArray *log = g_array_sized_new (FALSE, FALSE, sizeof (KtReviewLogEntry), reserved);

  g_array_set_clear_func (log, log_entry_clear);
  return log;
}

/* Appends @entries, sharing their ids. */
void
kt_progress_log_append_shared (GArray                 *log,
                               const KtReviewLogEntry *entries,
                               guint                   n_entries)
{
  guint start = log->len;

  g_array_append_vals (log, entries, n_entries);
  for (guint i = start; i < log->len; i++)
    g_ref_string_acquire (g_array_index (log, KtReviewLogEntry, i).card_id);
}

void
kt_progress_changes_free (KtProgressChanges *changes)
{
  for (guint i = 0; i < changes->records->len; i++)
    g_ref_string_release (g_array_index (changes->records, KtRecordChange, i).card_id);
  g_array_unref (changes->records);
  g_clear_pointer (&changes->log, g_array_unref);
  g_free (changes);
}

/* ---- opening -------------------------------------------------------------- */

static GSettings *
open_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;
  GSettings *opened;

  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  opened = g_settings_new_full (schema, backend, path);
  g_settings_delay (opened);

  return opened;
}

/* GLib's keyfile backend names a group after the schema path, without
 * its slashes at either end. */
static char *
keyfile_group (GSettings *settings)
{
  g_autofree char *path = NULL;

  g_object_get (settings, "path", &path, NULL);
  return g_strndup (path + 1, strlen (path) - 2);
}

/* A progress.ini that cannot be read, or not all of it, is moved aside,
 * not overwritten: it may be mended by hand. If even that fails, it is
 * never written. */
static void
set_aside (KtProgressWriter *writer,
           const GError     *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.unreadable-%s", writer->path, stamp);
  int saved_errno;

  if (g_rename (writer->path, aside) == 0)
    {
      /* Translators: the file, why it could not be read, and its new name */
      g_printerr (_("Could not read the progress in %s (%s): the file is kept as %s\n"),
                  writer->path, error->message, aside);
      return;
    }

  saved_errno = errno;
  g_set_error (&writer->blocked, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the file, then why it could not be read */
               _("%s could not be read (%s) and is left as it is"), writer->path, error->message);
  g_printerr ("%s\n", writer->blocked->message);
}

/**
 * kt_progress_writer_new:
 * @settings: the application's settings
 *
 * Opens where the progress of @settings is stored; read it with
 * kt_progress_writer_read(), then call kt_progress_writer_start().
 */
KtProgressWriter *
kt_progress_writer_new (GSettings *settings)
{
  KtProgressWriter *writer = g_new0 (KtProgressWriter, 1);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&writer->lock);
  g_cond_init (&writer->idle);
  g_mutex_init (&writer->write_lock);
  writer->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_progress_changes_free);

  writer->path = kt_settings_get_progress_path (settings);
  if (writer->path == NULL)
    {
      writer->settings = open_settings (settings);
      return writer;
    }

  g_object_get (settings, "settings-schema", &writer->schema, NULL);
  writer->group = keyfile_group (settings);
  writer->loaded = g_key_file_new ();
  if (g_key_file_load_from_file (writer->loaded, writer->path, G_KEY_FILE_NONE, &error))
    return writer;

  g_clear_pointer (&writer->loaded, g_key_file_unref);
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    writer->migrate_from = g_object_ref (settings);
  else
    set_aside (writer, error);

  return writer;
}

/**
 * kt_progress_writer_read:
 * @key: "cards" or "review-log"
 *
 * Returns: (transfer full): the stored value of @key, of its type in the
 *   schema: empty when there is none or it cannot be read
 */
GVariant *
kt_progress_writer_read (KtProgressWriter *writer,
                         const char       *key)
{
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const GVariantType *type;
  GVariant *value;

  if (writer->settings != NULL)
    return g_settings_get_value (writer->settings, key);
  if (writer->migrate_from != NULL)
    return g_settings_get_value (writer->migrate_from, key);

  schema_key = g_settings_schema_get_key (writer->schema, key);
  type = g_settings_schema_key_get_value_type (schema_key);

  if (writer->loaded != NULL)
    text = g_key_file_get_value (writer->loaded, writer->group, key, NULL);
  if (text != NULL)
    {
      value = g_variant_parse (type, text, NULL, NULL, &error);
      if (value != NULL)
        return value;
      g_prefix_error (&error, "%s: ", key);
      set_aside (writer, error);
    }

  return g_variant_ref_sink (g_variant_new_array (g_variant_type_element (type), NULL, 0));
}

/**
 * kt_progress_writer_start:
 * @records: card id (GRefString) → KtProgressRecord, as loaded
 * @log: KtReviewLogEntry, as loaded
 *
 * The Writer starts from what was loaded; from then on it only hears of
 * changes.
 */
void
kt_progress_writer_start (KtProgressWriter *writer,
                          GHashTable       *records,
                          GArray           *log)
{
  GHashTableIter iter;
  gpointer key, value;

  writer->records = g_hash_table_new_full (g_str_hash, g_str_equal,
                                           (GDestroyNotify) g_ref_string_release, g_free);
  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (writer->records, g_ref_string_acquire (key),
                         g_memdup2 (value, sizeof (KtProgressRecord)));

  writer->log = kt_progress_log_new (log->len);
  kt_progress_log_append_shared (writer->log, (const KtReviewLogEntry *) log->data, log->len);

  g_clear_pointer (&writer->loaded, g_key_file_unref);
  g_clear_object (&writer->migrate_from);
}

/* Takes @changes, to be applied by the next write. */
void
kt_progress_writer_queue (KtProgressWriter  *writer,
                          KtProgressChanges *changes)
{
  g_mutex_lock (&writer->lock);
  g_ptr_array_add (writer->queue, changes);
  g_mutex_unlock (&writer->lock);
}

static void
apply_changes (KtProgressWriter  *writer,
               KtProgressChanges *changes)
{
  for (guint i = 0; i < changes->records->len; i++)
    {
      KtRecordChange *change = &g_array_index (changes->records, KtRecordChange, i);

      if (change->removed)
        g_hash_table_remove (writer->records, change->card_id);
      else
        g_hash_table_replace (writer->records, g_ref_string_acquire (change->card_id),
                              g_memdup2 (&change->record, sizeof change->record));
      writer->cards_dirty = TRUE;
    }

  if (changes->log != NULL)
    {
      g_array_set_size (writer->log, MIN (changes->log_kept, writer->log->len));
      kt_progress_log_append_shared (writer->log, (const KtReviewLogEntry *) changes->log->data,
                                     changes->log->len);
      writer->log_dirty = TRUE;
    }
}

typedef struct
{
  const char             *card_id;
  const KtProgressRecord *record;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (((const Pair *) a)->card_id, ((const Pair *) b)->card_id);
}

static GVariant *
build_cards (GHashTable *records)
{
  guint n = g_hash_table_size (records);
  g_autofree Pair *pairs = g_new (Pair, n);
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer key, value;
  guint i = 0;

  /* Sorted, so the stored value (a keyfile, say) changes only where
   * cards changed. */
  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    pairs[i++] = (Pair) { key, value };
  g_qsort_with_data (pairs, n, sizeof *pairs, compare_pairs, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(iiddxxuu)}"));
  for (i = 0; i < n; i++)
    {
      const KtProgressRecord *record = pairs[i].record;
      const KtFsrsCard *fsrs = &record->fsrs;

      g_variant_builder_add (&builder, "{s(iiddxxuu)}", pairs[i].card_id,
                             (gint32) fsrs->state, (gint32) fsrs->step,
                             fsrs->has_memory ? fsrs->stability : 0.0,
                             fsrs->has_memory ? fsrs->difficulty : 0.0,
                             (gint64) fsrs->due_us, (gint64) fsrs->last_review_us,
                             (guint32) record->reps, (guint32) record->lapses);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GVariant *
build_log (GArray *log)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sxiid)"));
  for (guint i = 0; i < log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (log, KtReviewLogEntry, i);

      g_variant_builder_add (&builder, "(sxiid)", entry->card_id, (gint64) entry->time_us,
                             (gint32) entry->rating, (gint32) entry->state_before,
                             entry->elapsed_days);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
replace_text (char     **text,
              GVariant  *value)
{
  g_free (*text);
  *text = g_variant_print (value, FALSE);
  g_variant_unref (value);
}

/* The keyfile GLib's backend would write, written safely. */
static gboolean
write_file (KtProgressWriter  *writer,
            GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (writer->path);
  g_autofree char *contents = NULL;

  if (writer->blocked != NULL)
    {
      g_propagate_error (error, g_error_copy (writer->blocked));
      return FALSE;
    }

  /* The file is written whole: its first write builds both values. */
  if (writer->cards_dirty || writer->cards_text == NULL)
    replace_text (&writer->cards_text, build_cards (writer->records));
  if (writer->log_dirty || writer->log_text == NULL)
    replace_text (&writer->log_text, build_log (writer->log));
  writer->cards_dirty = FALSE;
  writer->log_dirty = FALSE;
  writer->unsaved = TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: a folder, then why it could not be made */
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  contents = g_strconcat ("[", writer->group, "]\n"
                          "cards=", writer->cards_text, "\n"
                          "review-log=", writer->log_text, "\n", NULL);
  if (!g_file_set_contents_full (writer->path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;

  writer->unsaved = FALSE;
  return TRUE;
}

static void
write_settings (KtProgressWriter *writer)
{
  if (writer->cards_dirty)
    {
      g_autoptr(GVariant) cards = build_cards (writer->records);

      g_settings_set_value (writer->settings, "cards", cards);
    }
  if (writer->log_dirty)
    {
      g_autoptr(GVariant) log = build_log (writer->log);

      g_settings_set_value (writer->settings, "review-log", log);
    }
  g_settings_apply (writer->settings);
  writer->cards_dirty = FALSE;
  writer->log_dirty = FALSE;
}

/* Applies every queued change and writes what changed, on whichever
 * thread calls it, one write at a time. */
static void
write_queued (KtProgressWriter *writer)
{
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&writer->write_lock);

  g_mutex_lock (&writer->lock);
  queue = g_steal_pointer (&writer->queue);
  writer->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_progress_changes_free);
  g_mutex_unlock (&writer->lock);

  for (guint i = 0; i < queue->len; i++)
    apply_changes (writer, g_ptr_array_index (queue, i));

  if (writer->cards_dirty || writer->log_dirty || writer->unsaved)
    {
      if (writer->path != NULL)
        write_file (writer, &error);
      else
        write_settings (writer);

      g_mutex_lock (&writer->lock);
      g_clear_error (&writer->error);
      writer->error = g_steal_pointer (&error);
      g_mutex_unlock (&writer->lock);
    }

  g_mutex_unlock (&writer->write_lock);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KtProgressWriter *writer = task_data;

  write_queued (writer);

  /* The last touch of @writer: kt_progress_writer_write() may return and
   * the writer be freed after. */
  g_mutex_lock (&writer->lock);
  if (--writer->pending == 0)
    g_cond_broadcast (&writer->idle);
  g_mutex_unlock (&writer->lock);

  g_task_return_boolean (task, TRUE);
}

/**
 * kt_progress_writer_write_async:
 * @callback: called in the thread-default main context once written
 *
 * Writes what is queued, and anything an earlier write could not, on a
 * worker thread. The memory and dconf backends are thread-safe and report
 * changes in the main context of each GSettings.
 */
void
kt_progress_writer_write_async (KtProgressWriter    *writer,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_mutex_lock (&writer->lock);
  writer->pending++;
  g_mutex_unlock (&writer->lock);

  g_task_set_source_tag (task, kt_progress_writer_write_async);
  g_task_set_task_data (task, writer, NULL);
  g_task_run_in_thread (task, write_in_thread);
}

/**
 * kt_progress_writer_write:
 *
 * Writes what is queued now, on this thread, and waits for writes on
 * their way until the store has everything.
 */
void
kt_progress_writer_write (KtProgressWriter *writer)
{
  write_queued (writer);

  /* Writes still on their way find nothing left to do, but hold the writer. */
  g_mutex_lock (&writer->lock);
  while (writer->pending > 0)
    g_cond_wait (&writer->idle, &writer->lock);
  g_mutex_unlock (&writer->lock);

  if (writer->settings != NULL)
    g_settings_sync ();
}

/**
 * kt_progress_writer_dup_error:
 *
 * Returns: (transfer full) (nullable): why the last write tried failed,
 *   or %NULL when it worked (or none was tried)
 */
GError *
kt_progress_writer_dup_error (KtProgressWriter *writer)
{
  GError *error;

  g_mutex_lock (&writer->lock);
  error = writer->error != NULL ? g_error_copy (writer->error) : NULL;
  g_mutex_unlock (&writer->lock);

  return error;
}

/* Only once no write is on its way: see kt_progress_writer_write(). */
void
kt_progress_writer_free (KtProgressWriter *writer)
{
  g_mutex_clear (&writer->lock);
  g_cond_clear (&writer->idle);
  g_mutex_clear (&writer->write_lock);
  g_ptr_array_unref (writer->queue);
  g_clear_error (&writer->error);
  g_clear_pointer (&writer->records, g_hash_table_unref);
  g_clear_pointer (&writer->log, g_array_unref);
  g_clear_object (&writer->settings);
  g_free (writer->path);
  g_free (writer->group);
  g_clear_pointer (&writer->schema, g_settings_schema_unref);
  g_clear_pointer (&writer->loaded, g_key_file_unref);
  g_clear_object (&writer->migrate_from);
  g_free (writer->cards_text);
  g_free (writer->log_text);
  g_clear_error (&writer->blocked);
  g_free (writer);
}
