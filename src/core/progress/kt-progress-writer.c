/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Writer stores what KtProgress holds: the record of every card
 * studied ("cards", a{s(iiddxxuu)}), the log of every answer with its id
 * ("answers", a(sxiidxu)), the ids of answers undone ("tombstones",
 * a(xxu)) and the cards left out of study ("suspended", as, and
 * "buried", a{sx}: see kt-progress-suspend.c), the GVariant types of the
 * schema. The log of older versions,
 * "review-log" (a(sxiid), answers without ids), is read, and emptied by
 * the first write of "answers".
 *
 * How a change reaches the disk. KtProgress owns the records and the log
 * in memory and, at each save, hands over what changed since the last one
 * (KtProgressChanges: the records of the cards changed, and the answers
 * logged after the first entry that changed). The Writer keeps its own
 * copy of what is stored, applies the changes in the order they were
 * queued, and writes the values whole, on a worker thread, one write at a
 * time under write_lock. Each write holds every change queued before it,
 * so a save that runs late finds its changes written already and can
 * never put back older values. The suspended and buried cards come
 * whole, as values, each time they change. The log is only ever cut back to log_kept
 * and extended; tombstones are only ever added.
 *
 * Where. With dconf (or the memory backend of the tests) the keys go to
 * the GSettings given, set in delay mode and applied together; dconf
 * replaces its database atomically itself, and reports nothing back.
 * When the settings are on a keyfile (no dconf, or GSETTINGS_BACKEND=
 * keyfile), progress has a file of its own, kartoteka/progress.gvariant
 * in the user config dir: the same values, by key, in GVariant's binary
 * form (kt-progress-file.c), never written through GLib's keyfile
 * backend: GLib 2.74 writes the new keyfile to a temporary file, ignores
 * a failed write and renames the truncated file over the good one, so a
 * full disk wiped all progress. The file is written with
 * g_file_set_contents_full(): a new file beside it, every write checked,
 * synced and renamed over, mode 0600. A failed write leaves the old file
 * untouched and the Writer's copy unsaved, and the next write (a later
 * save, a retry) writes everything again. Where there is no
 * progress.gvariant yet, progress is read once from progress.ini (the
 * text older versions wrote), kept as progress.ini.migrated once the new
 * file is written, or else from the settings (GLib's keyfile, where still
 * older versions kept it).
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
  GArray     *tombstones;    /* as stored: KtAnswerId */
  GVariant   *suspended;     /* as stored */
  GVariant   *buried;        /* as stored */
  gboolean    cards_dirty;   /* the copy changed since it was last written */
  gboolean    log_dirty;
  gboolean    tombstones_dirty;
  gboolean    holds_dirty;   /* suspended or buried */
  gboolean    legacy_log;    /* "review-log" holds answers, to be emptied */

  /* The GSettings store, delayed so both keys go in one backend write */
  GSettings  *settings;

  /* The file store: progress.gvariant, instead of settings */
  char            *path;
  GSettingsSchema *schema;        /* the types of the values */
  GVariant        *stored;        /* the file as read, until loaded; NULL when there was none */
  char            *ini_path;      /* progress.ini, read instead, until it is moved */
  char            *ini_contents;  /* until loaded */
  gsize            ini_length;
  GSettings       *migrate_from;  /* where progress was before there were files */
  GError          *blocked;       /* the file could not be read nor set aside: never replace it */
};

/* What the Writer reads, in settings or in the file; it writes all but
 * "review-log", the answers of versions before answer ids. */
static const char * const stored_keys[] = {
  "cards", "review-log", "answers", "tombstones", "suspended", "buried"
};

#define LEGACY_KEY 1

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

static void
changes_free (KtProgressChanges *changes)
{
  for (guint i = 0; i < changes->records->len; i++)
    g_ref_string_release (g_array_index (changes->records, KtRecordChange, i).card_id);
  g_array_unref (changes->records);
  g_clear_pointer (&changes->log, g_array_unref);
  g_clear_pointer (&changes->tombstones, g_array_unref);
  g_clear_pointer (&changes->suspended, g_variant_unref);
  g_clear_pointer (&changes->buried, g_variant_unref);
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
keyfile_group (GSettingsSchema *schema)
{
  const char *path = g_settings_schema_get_path (schema);

  return g_strndup (path + 1, strlen (path) - 2);
}

/* A progress file that cannot be read, or not all of it, is moved aside,
 * not overwritten: it may be mended by hand. If even that fails, the
 * Writer never writes. */
static void
set_aside (KtProgressWriter *writer,
           const char       *path,
           const GError     *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.unreadable-%s", path, stamp);
  int saved_errno;

  if (g_rename (path, aside) == 0)
    {
      /* Translators: the file, why it could not be read, and its new name */
      g_printerr (_("Could not read the progress in %s (%s): the file is kept as %s\n"),
                  path, error->message, aside);
      return;
    }

  saved_errno = errno;
  g_set_error (&writer->blocked, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the file, then why it could not be read */
               _("%s could not be read (%s) and is left as it is"), path, error->message);
  g_printerr ("%s\n", writer->blocked->message);
}

/* Where progress was before progress.gvariant: progress.ini beside it,
 * or the settings. */
static void
open_earlier (KtProgressWriter *writer,
              GSettings        *settings)
{
  g_autofree char *dir = g_path_get_dirname (writer->path);
  g_autoptr(GError) error = NULL;

  writer->ini_path = g_build_filename (dir, "progress.ini", NULL);
  if (g_file_get_contents (writer->ini_path, &writer->ini_contents, &writer->ini_length, &error))
    return;

  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    set_aside (writer, writer->ini_path, error);
  g_clear_pointer (&writer->ini_path, g_free);
  writer->migrate_from = g_object_ref (settings);
}

/**
 * kt_progress_writer_new:
 * @settings: the application's settings
 *
 * Opens where the progress of @settings is stored; read it with
 * kt_progress_writer_load(), then call kt_progress_writer_start().
 */
KtProgressWriter *
kt_progress_writer_new (GSettings *settings)
{
  KtProgressWriter *writer = g_new0 (KtProgressWriter, 1);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&writer->lock);
  g_cond_init (&writer->idle);
  g_mutex_init (&writer->write_lock);
  writer->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) changes_free);

  writer->path = kt_settings_get_progress_path (settings);
  if (writer->path == NULL)
    {
      writer->settings = open_settings (settings);
      return writer;
    }

  g_object_get (settings, "settings-schema", &writer->schema, NULL);
  writer->stored = kt_progress_file_load (writer->path, &error);
  if (writer->stored != NULL)
    return writer;

  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    open_earlier (writer, settings);
  else
    set_aside (writer, writer->path, error);

  return writer;
}

static void write_queued (KtProgressWriter *writer);

/* The types of the stored keys, from the schema, in a GPtrArray. */
static GPtrArray *
stored_types (KtProgressWriter *writer)
{
  GPtrArray *types = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_type_free);

  for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (writer->schema,
                                                                     stored_keys[i]);

      g_ptr_array_add (types, g_variant_type_copy (g_settings_schema_key_get_value_type (key)));
    }

  return types;
}

/* Passes on the stored values of @values, a{sv}, that have the types of
 * the schema; says which one does not. */
static gboolean
load_values (KtProgressWriter    *writer,
             GVariant            *values,
             const KtStoredFuncs *funcs,
             GError             **error)
{
  g_autoptr(GPtrArray) types = stored_types (writer);

  for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
    {
      g_autoptr(GVariant) value = g_variant_lookup_value (values, stored_keys[i], NULL);
      const GVariantType *type = g_ptr_array_index (types, i);

      if (value == NULL)
        continue;
      if (!g_variant_is_of_type (value, type))
        {
          g_autofree char *expected = g_variant_type_dup_string (type);

          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         /* Translators: a key of the progress file, then two GVariant types */
                         _("“%s” is of type %s, not %s"), stored_keys[i],
                         g_variant_get_type_string (value), expected);
          continue;
        }
      kt_progress_file_read_variant (value, funcs);
      if (i == LEGACY_KEY && g_variant_n_children (value) > 0)
        writer->legacy_log = TRUE;
    }

  return error == NULL || *error == NULL;
}

/**
 * kt_progress_writer_load:
 *
 * Passes every stored record, answer and tombstone to @funcs, as
 * stored: the caller checks them. A file that cannot be read, or a value
 * in it, is set aside, and whatever could be read is passed on.
 */
void
kt_progress_writer_load (KtProgressWriter    *writer,
                         const KtStoredFuncs *funcs)
{
  GSettings *settings = writer->settings != NULL ? writer->settings : writer->migrate_from;
  g_autoptr(GError) error = NULL;

  if (settings != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
        {
          g_autoptr(GVariant) value = g_settings_get_value (settings, stored_keys[i]);

          kt_progress_file_read_variant (value, funcs);
          if (i == LEGACY_KEY && g_variant_n_children (value) > 0)
            writer->legacy_log = TRUE;
        }
      return;
    }

  if (writer->stored != NULL &&
      !load_values (writer, writer->stored, funcs, &error))
    set_aside (writer, writer->path, error);
  g_clear_pointer (&writer->stored, g_variant_unref);

  if (writer->ini_contents != NULL)
    {
      g_autofree char *group = keyfile_group (writer->schema);
      g_autoptr(GPtrArray) types = stored_types (writer);
      g_autoptr(GVariant) values = kt_progress_file_parse_ini (writer->ini_contents,
                                                               writer->ini_length, group,
                                                               stored_keys,
                                                               (const GVariantType **) types->pdata,
                                                               G_N_ELEMENTS (stored_keys),
                                                               &error);

      load_values (writer, values, funcs, NULL);
      /* Set aside, it is not moved once progress.gvariant is written */
      if (error != NULL)
        {
          set_aside (writer, writer->ini_path, error);
          g_clear_pointer (&writer->ini_path, g_free);
        }
      g_clear_pointer (&writer->ini_contents, g_free);
    }
}

/**
 * kt_progress_writer_start:
 * @records: card id (GRefString) → KtProgressRecord, as loaded
 * @log: KtReviewLogEntry, as loaded
 * @tombstones: KtAnswerId, as loaded
 * @suspended: the suspended cards, as loaded
 * @buried: the buried cards, as loaded
 *
 * The Writer starts from what was loaded; from then on it only hears of
 * changes.
 */
void
kt_progress_writer_start (KtProgressWriter *writer,
                          GHashTable       *records,
                          GArray           *log,
                          GArray           *tombstones,
                          GVariant         *suspended,
                          GVariant         *buried)
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
  writer->tombstones = g_array_copy (tombstones);
  writer->suspended = g_variant_ref (suspended);
  writer->buried = g_variant_ref (buried);

  /* progress.ini goes to progress.gvariant at once, and a write that
   * fails is tried again with the next; progress in the settings goes
   * with the first save, as every save writes all. */
  if (writer->ini_path != NULL)
    {
      writer->cards_dirty = writer->log_dirty = writer->tombstones_dirty = TRUE;
      writer->holds_dirty = TRUE;
      write_queued (writer);
    }
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

  if (changes->tombstones != NULL)
    {
      g_array_append_vals (writer->tombstones, changes->tombstones->data, changes->tombstones->len);
      writer->tombstones_dirty = TRUE;
    }

  if (changes->suspended != NULL)
    {
      g_variant_unref (writer->suspended);
      writer->suspended = g_variant_ref (changes->suspended);
      writer->holds_dirty = TRUE;
    }
  if (changes->buried != NULL)
    {
      g_variant_unref (writer->buried);
      writer->buried = g_variant_ref (changes->buried);
      writer->holds_dirty = TRUE;
    }
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (((const KtProgressPair *) a)->card_id, ((const KtProgressPair *) b)->card_id);
}

/* Sorted, so the stored value (a keyfile, say) changes only where cards
 * changed. */
static KtProgressPair *
sorted_pairs (GHashTable *records)
{
  KtProgressPair *pairs = g_new (KtProgressPair, g_hash_table_size (records));
  GHashTableIter iter;
  gpointer key, value;
  guint i = 0;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    pairs[i++] = (KtProgressPair) { key, value };
  g_qsort_with_data (pairs, i, sizeof *pairs, compare_pairs, NULL);

  return pairs;
}

/* The values are serialised here, in GVariant's own format, rather than
 * built child by child: a GVariantBuilder holds six GVariants an answer
 * until it ends, 1.2 GB for a million, where the bytes are 60 MB. Values
 * in the host's order, framing offsets little-endian, each container's
 * offsets as wide as its size needs. */

static void
pad (GByteArray *out,
     guint       alignment)
{
  static const guint8 zeros[8] = { 0 };

  g_byte_array_append (out, zeros, (alignment - out->len % alignment) % alignment);
}

static guint
offset_size (gsize body,
             gsize n_offsets)
{
  if (body + n_offsets <= G_MAXUINT8)
    return 1;
  if (body + 2 * n_offsets <= G_MAXUINT16)
    return 2;
  if (body + 4 * n_offsets <= G_MAXUINT32)
    return 4;
  return 8;
}

static void
append_offset (GByteArray *out,
               guint64     value,
               guint       size)
{
  guint8 bytes[8];

  for (guint i = 0; i < size; i++)
    bytes[i] = value >> (8 * i);
  g_byte_array_append (out, bytes, size);
}

/* A string, then fixed-size members from an 8-aligned start, then the
 * string's end: a dict entry {s(iiddxxuu)} or a tuple (sxiidxu). @out is
 * 8-aligned when called. */
static void
append_element (GByteArray   *out,
                const char   *string,
                const guint8 *fixed,
                gsize         fixed_size)
{
  gsize start = out->len;
  gsize string_end = strlen (string) + 1;

  g_byte_array_append (out, (const guint8 *) string, string_end);
  pad (out, 8);
  g_byte_array_append (out, fixed, fixed_size);
  append_offset (out, string_end, offset_size (out->len - start, 1));
}

/* An array of such elements, from their ends. */
static GVariant *
end_array (GByteArray *out,
           GArray     *ends,
           const char *type)
{
  guint size = offset_size (out->len, ends->len);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < ends->len; i++)
    append_offset (out, g_array_index (ends, gsize, i), size);

  bytes = g_byte_array_free_to_bytes (out);
  return g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (type), bytes, TRUE));
}

static GVariant *
build_cards (GHashTable *records)
{
  guint n = g_hash_table_size (records);
  g_autofree KtProgressPair *pairs = sorted_pairs (records);
  g_autoptr(GArray) ends = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);
  GByteArray *out = g_byte_array_sized_new (80 * n);

  for (guint i = 0; i < n; i++)
    {
      const KtProgressRecord *record = pairs[i].record;
      const KtFsrsCard *fsrs = &record->fsrs;
      struct {
        gint32 state, step;
        double stability, difficulty;
        gint64 due_us, last_review_us;
        guint32 reps, lapses;
      } fixed = {
        fsrs->state, fsrs->step,
        fsrs->has_memory ? fsrs->stability : 0.0, fsrs->has_memory ? fsrs->difficulty : 0.0,
        fsrs->due_us, fsrs->last_review_us,
        record->reps, record->lapses,
      };
      gsize end;

      G_STATIC_ASSERT (sizeof fixed == 48);
      pad (out, 8);
      append_element (out, pairs[i].card_id, (const guint8 *) &fixed, sizeof fixed);
      end = out->len;
      g_array_append_val (ends, end);
    }

  return end_array (out, ends, KT_PROGRESS_CARDS_TYPE);
}

static GVariant *
build_log (GArray *log)
{
  g_autoptr(GArray) ends = g_array_sized_new (FALSE, FALSE, sizeof (gsize), log->len);
  GByteArray *out = g_byte_array_sized_new (64 * log->len);

  for (guint i = 0; i < log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (log, KtReviewLogEntry, i);
      struct {
        gint64 time_us;
        gint32 rating, state_before;
        double elapsed_days;
        gint64 machine;
        guint32 seq;
        guint32 unused;
      } fixed = { entry->time_us, entry->rating, entry->state_before, entry->elapsed_days,
                  entry->machine, entry->seq, 0 };
      gsize end;

      /* The tuple ends right after seq: no padding is stored after it. */
      G_STATIC_ASSERT (G_STRUCT_OFFSET (__typeof__ (fixed), seq) == 32);
      pad (out, 8);
      append_element (out, entry->card_id, (const guint8 *) &fixed, 36);
      end = out->len;
      g_array_append_val (ends, end);
    }

  return end_array (out, ends, KT_PROGRESS_ANSWERS_TYPE);
}

/* Fixed-size elements: the array is their bytes, padded to 24 each. */
static GVariant *
build_tombstones (GArray *tombstones)
{
  typedef struct {
    gint64 machine;
    gint64 time_us;
    guint32 seq;
    guint32 unused;
  } Stored;
  g_autofree Stored *stored = g_new0 (Stored, tombstones->len);

  G_STATIC_ASSERT (sizeof (Stored) == 24);
  for (guint i = 0; i < tombstones->len; i++)
    {
      const KtAnswerId *id = &g_array_index (tombstones, KtAnswerId, i);

      stored[i] = (Stored) { id->machine, id->time_us, id->seq, 0 };
    }

  return g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE ("(xxu)"), stored,
                                                        tombstones->len, sizeof (Stored)));
}

/* Every stored value, written safely; progress.ini, once its values are
 * in the file, is kept under another name. */
static gboolean
write_file (KtProgressWriter  *writer,
            GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (writer->path);
  g_autoptr(GVariant) cards = NULL;
  g_autoptr(GVariant) log = NULL;
  g_autoptr(GVariant) tombstones = NULL;
  GVariantDict values;

  if (writer->blocked != NULL)
    {
      g_propagate_error (error, g_error_copy (writer->blocked));
      return FALSE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: a folder, then why it could not be made */
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  cards = build_cards (writer->records);
  log = build_log (writer->log);
  tombstones = build_tombstones (writer->tombstones);
  g_variant_dict_init (&values, NULL);
  g_variant_dict_insert_value (&values, "cards", cards);
  g_variant_dict_insert_value (&values, "answers", log);
  g_variant_dict_insert_value (&values, "tombstones", tombstones);
  g_variant_dict_insert_value (&values, "suspended", writer->suspended);
  g_variant_dict_insert_value (&values, "buried", writer->buried);
  {
    g_autoptr(GVariant) dict = g_variant_ref_sink (g_variant_dict_end (&values));

    if (!kt_progress_file_save (writer->path, dict, error))
      return FALSE;
  }

  if (writer->ini_path != NULL)
    {
      g_autofree char *migrated = g_strconcat (writer->ini_path, ".migrated", NULL);

      if (g_rename (writer->ini_path, migrated) != 0)
        g_printerr ("%s: %s\n", writer->ini_path, g_strerror (errno));
      g_clear_pointer (&writer->ini_path, g_free);
    }

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

      g_settings_set_value (writer->settings, "answers", log);
      /* In the same apply: the answers are never in neither key */
      if (writer->legacy_log)
        g_settings_reset (writer->settings, "review-log");
      writer->legacy_log = FALSE;
    }
  if (writer->tombstones_dirty)
    {
      g_autoptr(GVariant) tombstones = build_tombstones (writer->tombstones);

      g_settings_set_value (writer->settings, "tombstones", tombstones);
    }
  if (writer->holds_dirty)
    {
      g_settings_set_value (writer->settings, "suspended", writer->suspended);
      g_settings_set_value (writer->settings, "buried", writer->buried);
    }
  g_settings_apply (writer->settings);
  writer->cards_dirty = FALSE;
  writer->log_dirty = FALSE;
  writer->tombstones_dirty = FALSE;
  writer->holds_dirty = FALSE;
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
  writer->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) changes_free);
  g_mutex_unlock (&writer->lock);

  for (guint i = 0; i < queue->len; i++)
    apply_changes (writer, g_ptr_array_index (queue, i));

  if (writer->cards_dirty || writer->log_dirty || writer->tombstones_dirty ||
      writer->holds_dirty)
    {
      /* A failed write leaves all dirty: the next one writes it all. */
      if (writer->path == NULL)
        write_settings (writer);
      else if (write_file (writer, &error))
        writer->cards_dirty = writer->log_dirty = writer->tombstones_dirty =
          writer->holds_dirty = FALSE;

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
  g_clear_pointer (&writer->tombstones, g_array_unref);
  g_clear_pointer (&writer->suspended, g_variant_unref);
  g_clear_pointer (&writer->buried, g_variant_unref);
  g_clear_object (&writer->settings);
  g_free (writer->path);
  g_clear_pointer (&writer->schema, g_settings_schema_unref);
  g_clear_pointer (&writer->stored, g_variant_unref);
  g_free (writer->ini_path);
  g_free (writer->ini_contents);
  g_clear_object (&writer->migrate_from);
  g_clear_error (&writer->blocked);
  g_free (writer);
}
