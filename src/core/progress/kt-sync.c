/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtSync mirrors a KtProgress into a folder that another program keeps
 * in sync between computers (Syncthing, Nextcloud, Dropbox, git), and
 * merges what the other computers put there. See docs/sync.md.
 *
 * Each machine writes one file, <folder>/.kartoteka/progress-<machine>.json:
 * a progress export (docs/progress-format.md) of every answer and
 * tombstone it knows, with its machine id and host name, replaced
 * atomically a second after its progress changed and at close: written
 * to a temporary <name>.XXXXXX beside it (g_file_set_contents_full()) and
 * renamed over it. A write that was killed leaves its temporary behind:
 * those of this machine that are older than STALE_TEMPORARY_US are
 * removed whenever the folder is listed; another machine's are left to
 * it, since one may be its write under way. It never writes another file
 * there. Every other progress-*.json, conflict copies
 * included, is read at start and whenever the folder changes (a
 * GFileMonitor, debounced: sync programs write in place or rename over),
 * and merged by answer id (kt_progress_merge()), which replays the cards
 * it touches; KtProgress::changed then updates the views. A file is read
 * again only when its size or time changed. One that cannot be read
 * (half written, garbage, another version) is skipped with one
 * KtSync::problem and read again when it changes; it never touches the
 * progress.
 *
 * Files are parsed on a worker thread (one may hold millions of answers)
 * and merged on the main thread; a round of reading that a newer change
 * overtakes is cancelled and its results dropped, by generation.
 * kt_sync_now() reads in the calling thread, for the command line.
 *
 * The folder is the "sync-folder" setting of the progress's settings,
 * followed as it changes, unless one is given (kt_sync_new_for_folder(),
 * for the command line).
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kt-progress-json.h"
#include "kt-sync.h"
#include "kt-topic.h"

/* Sync programs write a file in several steps: read once they settle */
#define READ_DELAY_MS  300
/* After KtProgress's own half-second save */
#define WRITE_DELAY_MS 1000

#define SUBFOLDER ".kartoteka"

/* No write of this machine's file takes this long: a temporary of it
 * older than that was left by a write that was killed */
#define STALE_TEMPORARY_US (10 * G_TIME_SPAN_MINUTE)

typedef struct
{
  gint64   size;
  gint64   modified_us;
  gboolean warned;      /* a problem was told since it was last read */
} FileState;

struct _KtSync
{
  GObject       parent_instance;

  KtProgress   *progress;
  char         *fixed_folder;   /* given, instead of the setting */
  char         *folder;         /* NULL: no sync */
  GFile        *dir;            /* <folder>/.kartoteka */
  GFileMonitor *monitor;
  GListModel   *no_topics;      /* the sync file lists every card as an orphan */
  GHashTable   *files;          /* file name → FileState, of the other files */
  GPtrArray    *machines;       /* KtSyncMachine, by host */
  gint64        last_synced_us;
  gboolean      dirty;          /* progress changed since the last write */
  GCancellable *reading;        /* the round of reading on a worker, if any */
  guint         generation;     /* of rounds: a result of an older one is dropped */
  guint         start_id;
  guint         read_id;
  guint         write_id;
};

G_DEFINE_FINAL_TYPE (KtSync, kt_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_FOLDER,
  PROP_LAST_SYNCED,
  N_PROPS
};

enum {
  MERGED,
  PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
machine_free (KtSyncMachine *machine)
{
  g_free (machine->host);
  g_free (machine);
}

/* A temporary, whose name is the file's and ".XXXXXX" (letters and
 * digits, as g_mkstemp() makes them), never ends in ".json": it is never
 * taken for a machine's file, half written as it may be. */
static gboolean
is_sync_file (const char *name)
{
  return g_str_has_prefix (name, "progress-") && g_str_has_suffix (name, ".json");
}

static char *
own_name (KtSync *self)
{
  g_autofree char *machine = kt_progress_format_machine (kt_progress_get_machine (self->progress));

  return g_strdup_printf ("progress-%s.json", machine);
}

static void
tell_problem (KtSync     *self,
              const char *path,
              const char *message)
{
  g_debug ("%s: %s", path, message);
  g_signal_emit (self, signals[PROBLEM], 0, path, message);
}

static void
set_synced (KtSync *self)
{
  self->last_synced_us = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

/* ---- reading the others ------------------------------------------------ */

static int
compare_machines (gconstpointer a,
                  gconstpointer b)
{
  const KtSyncMachine *ma = *(KtSyncMachine * const *) a;
  const KtSyncMachine *mb = *(KtSyncMachine * const *) b;

  return g_strcmp0 (ma->host, mb->host);
}

static void
note_machine (KtSync           *self,
              KtProgressImport *import,
              gint64            written_us)
{
  gint64 machine = kt_progress_import_get_machine (import);
  KtSyncMachine *found = NULL;

  if (machine == 0 || machine == kt_progress_get_machine (self->progress))
    return;

  for (guint i = 0; i < self->machines->len && found == NULL; i++)
    if (((KtSyncMachine *) g_ptr_array_index (self->machines, i))->machine == machine)
      found = g_ptr_array_index (self->machines, i);
  if (found == NULL)
    {
      found = g_new0 (KtSyncMachine, 1);
      found->machine = machine;
      g_ptr_array_add (self->machines, found);
    }

  g_free (found->host);
  found->host = g_strdup (kt_progress_import_get_host (import));
  /* A conflict copy may be older than the machine's own file */
  found->written_us = MAX (found->written_us, written_us);
  g_ptr_array_sort (self->machines, compare_machines);
}

/* One file to read, and then what it held */
typedef struct
{
  char             *name;
  GFile            *file;
  gint64            size;
  gint64            modified_us;
  KtProgressImport *import;
  GError           *error;
} Reading;

static void
reading_free (Reading *reading)
{
  g_free (reading->name);
  g_object_unref (reading->file);
  g_clear_pointer (&reading->import, kt_progress_import_free);
  g_clear_error (&reading->error);
  g_free (reading);
}

/* Parses the files of @readings; safe on a worker thread */
static void
parse (GPtrArray    *readings,
       GCancellable *cancellable)
{
  for (guint i = 0; i < readings->len; i++)
    {
      Reading *reading = g_ptr_array_index (readings, i);

      reading->import = kt_progress_json_read (reading->file, cancellable, &reading->error);
    }
}

/* Merges what @reading held, or tells once why it could not be read */
static void
merge_reading (KtSync  *self,
               Reading *reading)
{
  FileState *state = g_hash_table_lookup (self->files, reading->name);
  guint n_added, n_removed = 0;

  if (state == NULL)
    {
      state = g_new0 (FileState, 1);
      g_hash_table_insert (self->files, g_strdup (reading->name), state);
    }
  state->size = reading->size;
  state->modified_us = reading->modified_us;

  if (reading->import == NULL)
    {
      /* Once: a half-written file may be seen several times */
      if (!state->warned)
        tell_problem (self, g_file_peek_path (reading->file), reading->error->message);
      state->warned = TRUE;
      return;
    }
  state->warned = FALSE;

  n_added = kt_progress_import_merge_log (reading->import, self->progress, &n_removed);
  note_machine (self, reading->import, reading->modified_us);
  if (n_added > 0 || n_removed > 0)
    {
      const char *host = kt_progress_import_get_host (reading->import);

      g_signal_emit (self, signals[MERGED], 0, host != NULL ? host : reading->name, n_added);
    }
}

static void
merge_readings (KtSync    *self,
                GPtrArray *readings)
{
  for (guint i = 0; i < readings->len; i++)
    merge_reading (self, g_ptr_array_index (readings, i));
  set_synced (self);
}

/* Whether @name is a temporary of this machine's file, @own */
static gboolean
is_own_temporary (const char *name,
                  const char *own)
{
  gsize own_len = strlen (own);

  if (!g_str_has_prefix (name, own) || name[own_len] != '.' || strlen (name) != own_len + 7)
    return FALSE;
  for (const char *c = name + own_len + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;

  return TRUE;
}

static gint64
modified_us (GFileInfo *info)
{
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
         * G_USEC_PER_SEC
         + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

/* Removes a temporary of this machine's file that a killed write left:
 * only when it is old, so that a write under way (of another process of
 * this profile, say the command line) is never cut short */
static void
remove_stale_temporary (KtSync    *self,
                        GFileInfo *info)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_get_real_time () - modified_us (info) < STALE_TEMPORARY_US)
    return;

  file = g_file_get_child (self->dir, g_file_info_get_name (info));
  if (!g_file_delete (file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("%s: %s", g_file_peek_path (file), error->message);
}

/* The other progress files of the folder that changed since they were
 * last merged, as Readings still to parse; NULL if the folder cannot be
 * listed. Forgets the files that are gone: one that comes back is read
 * again. Removes this machine's stale temporaries on the way. */
static GPtrArray *
list_changed (KtSync *self)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) reading_free);
  g_autofree char *own = own_name (self);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;
  GFileInfo *info;

  children = g_file_enumerate_children (self->dir,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (children == NULL)
    {
      tell_problem (self, g_file_peek_path (self->dir), error->message);
      return NULL;
    }

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);
      FileState *state;
      Reading *reading;

      if (is_own_temporary (name, own))
        remove_stale_temporary (self, info);
      if (!is_sync_file (name) || g_str_equal (name, own) ||
          g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;

      g_hash_table_add (present, g_strdup (name));
      reading = g_new0 (Reading, 1);
      reading->name = g_strdup (name);
      reading->file = g_file_get_child (self->dir, name);
      reading->size = g_file_info_get_size (info);
      reading->modified_us = modified_us (info);
      state = g_hash_table_lookup (self->files, name);
      if (state != NULL && state->size == reading->size && state->modified_us == reading->modified_us)
        reading_free (reading);
      else
        g_ptr_array_add (readings, reading);
    }

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_hash_table_iter_remove (&iter);

  return g_steal_pointer (&readings);
}

/* Drops the round of reading in flight, if any: its results are stale */
static void
cancel_reading (KtSync *self)
{
  self->generation++;
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* Reads every other progress file of the folder that changed, here */
static void
read_all (KtSync *self)
{
  g_autoptr(GPtrArray) readings = NULL;

  cancel_reading (self);
  readings = list_changed (self);
  if (readings == NULL)
    return;
  parse (readings, NULL);
  merge_readings (self, readings);
}

/* A round of reading on a worker; it holds no reference on the KtSync,
 * which may go while the worker parses */
typedef struct
{
  GWeakRef   sync;
  guint      generation;
  GPtrArray *readings;
} Round;

static void
round_free (Round *round)
{
  g_weak_ref_clear (&round->sync);
  g_ptr_array_unref (round->readings);
  g_free (round);
}

static void
round_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Round *round = task_data;

  parse (round->readings, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
round_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Round *round = g_task_get_task_data (G_TASK (result));
  g_autoptr(KtSync) self = g_weak_ref_get (&round->sync);

  if (self == NULL || round->generation != self->generation)
    return;

  g_clear_object (&self->reading);
  merge_readings (self, round->readings);
}

/* Reads every other progress file of the folder that changed, on a
 * worker, and merges them here when it is done */
static void
read_all_async (KtSync *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  Round *round;

  cancel_reading (self);
  readings = list_changed (self);
  if (readings == NULL)
    return;
  if (readings->len == 0)
    {
      set_synced (self);
      return;
    }

  round = g_new0 (Round, 1);
  g_weak_ref_init (&round->sync, self);
  round->generation = self->generation;
  round->readings = g_steal_pointer (&readings);
  self->reading = g_cancellable_new ();
  task = g_task_new (NULL, self->reading, round_done_cb, NULL);
  g_task_set_source_tag (task, read_all_async);
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);
  g_task_run_in_thread (task, round_thread);
}

static void
read_timeout_cb (gpointer data)
{
  KtSync *self = data;

  self->read_id = 0;
  read_all_async (self);
}

/* This machine's file, or the temporary file it is written to */
static gboolean
is_own_file (KtSync *self,
             GFile  *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *own = own_name (self);

  return g_str_has_prefix (name, own);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    KtSync            *self)
{
  /* Its own writes would cancel a long read over and over. (Any other
   * event counts: on a folder made after it, the monitor sees the folder
   * appear, not the files.) */
  if (is_own_file (self, file) && (other == NULL || is_own_file (self, other)))
    return;

  /* Written in place or renamed over: either way, read once it settles */
  g_clear_handle_id (&self->read_id, g_source_remove);
  self->read_id = g_timeout_add_once (READ_DELAY_MS, read_timeout_cb, self);
}

/* ---- writing this machine's file --------------------------------------- */

static gboolean
write_own (KtSync  *self,
           GError **error)
{
  g_autofree char *path = kt_sync_get_own_path (self);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_clear_handle_id (&self->write_id, g_source_remove);
  if (!kt_progress_json_write (self->progress, self->no_topics, file, g_get_real_time (),
                               KT_PROGRESS_JSON_MACHINE, error))
    return FALSE;

  self->dirty = FALSE;
  set_synced (self);
  return TRUE;
}

static void
write_timeout_cb (gpointer data)
{
  KtSync *self = data;
  g_autoptr(GError) error = NULL;

  self->write_id = 0;
  if (!write_own (self, &error))
    tell_problem (self, self->folder, error->message);
}

static void
progress_changed_cb (KtSync     *self,
                     const char *card_id)
{
  if (self->folder == NULL)
    return;

  self->dirty = TRUE;
  if (self->write_id == 0)
    self->write_id = g_timeout_add_once (WRITE_DELAY_MS, write_timeout_cb, self);
}

/* ---- the folder --------------------------------------------------------- */

static gboolean
make_dir (KtSync  *self,
          GError **error)
{
  const char *path = g_file_peek_path (self->dir);

  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: a folder, then why it could not be made */
                   _("Could not create the folder %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
stop (KtSync *self)
{
  cancel_reading (self);
  g_clear_handle_id (&self->start_id, g_source_remove);
  g_clear_handle_id (&self->read_id, g_source_remove);
  g_clear_handle_id (&self->write_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, monitor_changed_cb, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->dir);
  g_clear_pointer (&self->folder, g_free);
  g_hash_table_remove_all (self->files);
  g_ptr_array_set_size (self->machines, 0);
  self->last_synced_us = 0;
}

/* Writes this machine's file and reads the others on a worker */
static void
start (KtSync *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->start_id, g_source_remove);
  g_clear_handle_id (&self->read_id, g_source_remove);
  if (!make_dir (self, &error) || !write_own (self, &error))
    {
      tell_problem (self, self->folder, error->message);
      return;
    }
  read_all_async (self);
}

static void
start_timeout_cb (gpointer data)
{
  KtSync *self = data;

  self->start_id = 0;
  start (self);
}

/* Starts syncing through the folder of the setting (or the one given):
 * at once when it changes, a moment after construction, so that what
 * arrives at start is told in a window that is there by then. */
static void
use_folder (KtSync   *self,
            gboolean  at_once)
{
  g_autofree char *folder = self->fixed_folder != NULL
                            ? g_strdup (self->fixed_folder)
                            : g_settings_get_string (kt_progress_get_settings (self->progress),
                                                     "sync-folder");

  /* Whatever this machine has not written yet goes to the old folder */
  kt_sync_flush (self);
  stop (self);
  if (folder[0] != '\0')
    {
      self->folder = g_steal_pointer (&folder);
      self->dir = g_file_new_build_filename (self->folder, SUBFOLDER, NULL);
      self->monitor = g_file_monitor_directory (self->dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (self->monitor != NULL)
        g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
      /* With a folder given, the caller syncs and hears of failure */
      if (self->fixed_folder != NULL)
        ;
      else if (!at_once)
        self->start_id = g_timeout_add_once (READ_DELAY_MS, start_timeout_cb, self);
      else
        start (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

static void
folder_changed_cb (KtSync *self)
{
  use_folder (self, TRUE);
}

/* ---- GObject ----------------------------------------------------------- */

static void
kt_sync_constructed (GObject *object)
{
  KtSync *self = KT_SYNC (object);

  G_OBJECT_CLASS (kt_sync_parent_class)->constructed (object);

  g_signal_connect_object (self->progress, "changed", G_CALLBACK (progress_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->fixed_folder == NULL)
    g_signal_connect_object (kt_progress_get_settings (self->progress), "changed::sync-folder",
                             G_CALLBACK (folder_changed_cb), self, G_CONNECT_SWAPPED);
  use_folder (self, FALSE);
}

static void
kt_sync_dispose (GObject *object)
{
  KtSync *self = KT_SYNC (object);

  if (self->progress != NULL)
    {
      kt_sync_flush (self);
      stop (self);
    }
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (kt_sync_parent_class)->dispose (object);
}

static void
kt_sync_finalize (GObject *object)
{
  KtSync *self = KT_SYNC (object);

  g_object_unref (self->no_topics);
  g_free (self->fixed_folder);
  g_hash_table_unref (self->files);
  g_ptr_array_unref (self->machines);

  G_OBJECT_CLASS (kt_sync_parent_class)->finalize (object);
}

static void
kt_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KtSync *self = KT_SYNC (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_object (value, self->progress);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  KtSync *self = KT_SYNC (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      self->progress = g_value_dup_object (value);
      break;
    case PROP_FOLDER:
      self->fixed_folder = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sync_class_init (KtSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kt_sync_constructed;
  object_class->dispose = kt_sync_dispose;
  object_class->finalize = kt_sync_finalize;
  object_class->get_property = kt_sync_get_property;
  object_class->set_property = kt_sync_set_property;

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KtSync:folder:
   *
   * The sync folder: given at construction, or else the "sync-folder"
   * setting as it changes; %NULL for none.
   */
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  /**
   * KtSync:last-synced:
   *
   * When the folder was last read or written, in microseconds since
   * 1970; 0 for never. Notified also when the machines seen change.
   */
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtSync::merged:
   * @host: the host name of the machine whose file was merged, or the
   *   file's name
   * @n_answers: how many of its answers were new here
   *
   * Emitted after a file changed the progress.
   */
  signals[MERGED] =
    g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * KtSync::problem:
   * @path: the file or folder
   * @message: what is wrong, translated
   *
   * A file of the folder could not be read (it is read again when it
   * changes), or this machine's could not be written.
   */
  signals[PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
kt_sync_init (KtSync *self)
{
  self->no_topics = G_LIST_MODEL (g_list_store_new (KT_TYPE_TOPIC));
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->machines = g_ptr_array_new_with_free_func ((GDestroyNotify) machine_free);
}

/* ---- public API -------------------------------------------------------- */

/**
 * kt_sync_new:
 *
 * Syncs @progress through the folder of its "sync-folder" setting, if
 * one is set, from the next main-loop dispatches on. Other machines'
 * files are parsed on a worker thread and merged in the main context of
 * the thread that set the folder.
 */
KtSync *
kt_sync_new (KtProgress *progress)
{
  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);

  return g_object_new (KT_TYPE_SYNC, "progress", progress, NULL);
}

/**
 * kt_sync_new_for_folder:
 * @folder: the sync folder, instead of the setting
 *
 * Syncs @progress through @folder from the first kt_sync_now() on.
 */
KtSync *
kt_sync_new_for_folder (KtProgress *progress,
                        const char *folder)
{
  g_return_val_if_fail (KT_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (folder != NULL && folder[0] != '\0', NULL);

  return g_object_new (KT_TYPE_SYNC, "progress", progress, "folder", folder, NULL);
}

const char *
kt_sync_get_folder (KtSync *self)
{
  g_return_val_if_fail (KT_IS_SYNC (self), NULL);

  return self->folder;
}

gint64
kt_sync_get_last_synced (KtSync *self)
{
  g_return_val_if_fail (KT_IS_SYNC (self), 0);

  return self->last_synced_us;
}

/**
 * kt_sync_get_n_machines:
 *
 * Returns: how many other machines have a file in the folder that could
 *   be read
 */
guint
kt_sync_get_n_machines (KtSync *self)
{
  g_return_val_if_fail (KT_IS_SYNC (self), 0);

  return self->machines->len;
}

/**
 * kt_sync_get_machine:
 * @index: from 0, by host name
 *
 * Returns: the machine, valid until the folder is read again
 */
const KtSyncMachine *
kt_sync_get_machine (KtSync *self,
                     guint   index)
{
  g_return_val_if_fail (KT_IS_SYNC (self), NULL);
  g_return_val_if_fail (index < self->machines->len, NULL);

  return g_ptr_array_index (self->machines, index);
}

/**
 * kt_sync_get_own_path:
 *
 * Returns: (transfer full) (nullable): the file this machine writes, or
 *   %NULL without a folder
 */
char *
kt_sync_get_own_path (KtSync *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (KT_IS_SYNC (self), NULL);

  if (self->dir == NULL)
    return NULL;
  name = own_name (self);
  return g_build_filename (g_file_peek_path (self->dir), name, NULL);
}

/**
 * kt_sync_now:
 *
 * Merges every other file of the folder that changed since it was last
 * read, and writes this machine's, in the calling thread (a read on a
 * worker that is under way is dropped). Files that cannot be read are
 * skipped, with KtSync::problem.
 *
 * Returns: %FALSE with @error set when there is no folder, or this
 *   machine's file could not be written
 */
gboolean
kt_sync_now (KtSync  *self,
             GError **error)
{
  g_return_val_if_fail (KT_IS_SYNC (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->dir == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No sync folder is set"));
      return FALSE;
    }

  if (!make_dir (self, error))
    return FALSE;
  g_clear_handle_id (&self->start_id, g_source_remove);
  g_clear_handle_id (&self->read_id, g_source_remove);
  read_all (self);
  return write_own (self, error);
}

/**
 * kt_sync_flush:
 *
 * Writes this machine's file now if the progress changed since it was
 * last written. Call it at close.
 */
void
kt_sync_flush (KtSync *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KT_IS_SYNC (self));

  if (self->folder == NULL || !self->dirty)
    return;
  if (!write_own (self, &error))
    tell_problem (self, self->folder, error->message);
}
