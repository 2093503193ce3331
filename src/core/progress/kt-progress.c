/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtProgress keeps the scheduling record of every card studied so far and
 * the log of every answer, keyed by card id, in the GSettings keys "cards"
 * and "review-log" (their GVariant types are documented in the schema),
 * or without dconf in a file of their own (see kt-progress-writer.c).
 *
 * Everything is loaded once and written back whole, so records of cards
 * whose deck is not loaded right now are kept. Writes are coalesced: the
 * first change arms a short timeout and later changes ride along, so a
 * crash loses at most that half second; kt_progress_flush() writes at
 * once. The main thread only hands over what changed since the last save;
 * the Writer keeps its own copy of what is stored and builds and writes
 * it on a worker thread. Stored values of the wrong shape are skipped
 * with a message, never trusted: the next write then drops them.
 *
 * A write can fail (a full disk, a read-only folder): then nothing stored
 * is lost, the answers stay here, :save-failed and :save-message say so
 * for the window to show, and the write is tried again on a timer, with
 * the next answer and on kt_progress_retry_save(), until it works.
 *
 * It is also the one place that knows what "today" is (local time with the
 * rollover hour) and pushes new/learning/due counts into KtTopics.
 *
 * The class is in six files sharing kt-progress-private.h: this one is
 * the object, its records and how its saves fare (:save-failed);
 * kt-progress-save.c loads and saves, kt-progress-log.c keeps the
 * answers, their ids and tombstones and replays and merges them,
 * kt-progress-counts.c knows what "today" is and counts topics,
 * kt-progress-moves.c moves cards to new ids, and kt-progress-suspend.c
 * keeps the cards left out of study (suspended, or buried for a day).
 */
#define G_LOG_DOMAIN "kt-progress"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-progress-private.h"

/* A failed save is tried again this often, besides with each answer. */
#define RETRY_DELAY_MS (10 * 1000)

G_DEFINE_FINAL_TYPE (KtProgress, kt_progress, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SAVE_FAILED,
  PROP_SAVE_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The other files of the class emit #KtProgress::changed through this. */
void
_kt_progress_emit_changed (KtProgress *self,
                           const char *card_id)
{
  g_signal_emit (self, signals[CHANGED], 0, card_id);
}

/* ---- how saves fare --------------------------------------------------- */

static void
retry_cb (gpointer data)
{
  KtProgress *self = data;

  self->retry_id = 0;
  kt_progress_retry_save (self);
}

/* The same failure again: its message may differ (it names the
 * temporary file), but the user need not read it again. */
static gboolean
same_failure (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain && a->code == b->code;
}

/* Takes in the outcome of the Writer's last write. */
void
_kt_progress_update_save_state (KtProgress *self)
{
  g_autoptr(GError) error = kt_progress_writer_dup_error (self->writer);
  gboolean was_failed = self->save_error != NULL;

  if (error != NULL && self->retry_id == 0)
    self->retry_id = g_timeout_add_once (RETRY_DELAY_MS, retry_cb, self);
  else if (error == NULL)
    g_clear_handle_id (&self->retry_id, g_source_remove);

  if (same_failure (error, self->save_error))
    return;

  if (error != NULL)
    g_message ("Progress could not be saved: %s", error->message);
  g_clear_error (&self->save_error);
  self->save_error = g_steal_pointer (&error);

  if (was_failed != (self->save_error != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_FAILED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_MESSAGE]);
}

/* ---- GObject ----------------------------------------------------------- */

static void
kt_progress_constructed (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);
  g_autofree char *stored = NULL;

  G_OBJECT_CLASS (kt_progress_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  stored = g_settings_get_string (self->settings, "machine-id");
  self->machine = kt_progress_parse_machine (stored);
  if (self->machine == 0 || self->machine == KT_PROGRESS_MACHINE_ANKI)
    {
      g_autofree char *machine = NULL;

      /* 63 random bits, made once: an id no other machine has, and not
       * the one Anki's answers are imported under */
      self->machine = 0;
      while (self->machine == 0 || self->machine == KT_PROGRESS_MACHINE_ANKI)
        self->machine = (gint64) (((guint64) g_random_int () << 32 | g_random_int ()) & G_MAXINT64);
      machine = kt_progress_format_machine (self->machine);
      g_settings_set_string (self->settings, "machine-id", machine);
    }

  self->writer = kt_progress_writer_new (self->settings);
  _kt_progress_load (self);
  self->log_synced = self->log->len;
  self->tombstones_synced = self->tombstones->len;
  {
    g_autoptr(GVariant) suspended = _kt_progress_build_suspended (self);
    g_autoptr(GVariant) buried = _kt_progress_build_buried (self);

    kt_progress_writer_start (self->writer, self->records, self->log, self->tombstones,
                              suspended, buried);
  }
  if (self->log_dirty)
    _kt_progress_schedule_save (self);

  g_signal_connect_object (self->settings, "changed::day-rollover-hour",
                           G_CALLBACK (_kt_progress_day_rollover_hour_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
kt_progress_dispose (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);

  /* Whoever forgot to flush still gets the last answers written. */
  if (self->writer != NULL)
    kt_progress_flush (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  _kt_progress_unwatch_topics (self);
  g_clear_handle_id (&self->count_id, g_source_remove);
  g_ptr_array_set_size (self->counts, 0);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_progress_parent_class)->dispose (object);
}

static void
kt_progress_finalize (GObject *object)
{
  KtProgress *self = KT_PROGRESS (object);

  g_hash_table_unref (self->records);
  g_array_unref (self->log);
  g_array_unref (self->tombstones);
  g_hash_table_unref (self->tombstone_set);
  g_hash_table_unref (self->suspended);
  g_hash_table_unref (self->buried);
  g_hash_table_unref (self->dirty);
  g_ptr_array_unref (self->counts);
  g_clear_pointer (&self->writer, kt_progress_writer_free);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (kt_progress_parent_class)->finalize (object);
}

typedef enum
{
  SAVE_FAILED_OTHER,
  SAVE_FAILED_NO_SPACE,
  SAVE_FAILED_READ_ONLY,
} SaveFailure;

static SaveFailure
classify_save_error (const GError *error)
{
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    return SAVE_FAILED_NO_SPACE;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    return SAVE_FAILED_READ_ONLY;

  return SAVE_FAILED_OTHER;
}

/* #KtProgress:save-message */
static char *
dup_save_message (KtProgress *self)
{
  if (self->save_error == NULL)
    return NULL;

  switch (classify_save_error (self->save_error))
    {
    case SAVE_FAILED_NO_SPACE:
      return g_strdup (_("Progress could not be saved: the disk is full. "
                         "Your answers are kept until it can be."));
    case SAVE_FAILED_READ_ONLY:
      return g_strdup (_("Progress could not be saved: its folder is read-only. "
                         "Your answers are kept until it can be."));
    case SAVE_FAILED_OTHER:
    default:
      /* Translators: %s says what went wrong, in the system's words */
      return g_strdup_printf (_("Progress could not be saved (%s). "
                                "Your answers are kept until it can be."),
                              self->save_error->message);
    }
}

static void
kt_progress_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KtProgress *self = KT_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SAVE_FAILED:
      g_value_set_boolean (value, self->save_error != NULL);
      break;
    case PROP_SAVE_MESSAGE:
      g_value_take_string (value, dup_save_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_progress_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KtProgress *self = KT_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_progress_class_init (KtProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kt_progress_constructed;
  object_class->dispose = kt_progress_dispose;
  object_class->finalize = kt_progress_finalize;
  object_class->get_property = kt_progress_get_property;
  object_class->set_property = kt_progress_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KtProgress:save-failed:
   *
   * Whether the last save failed: the answers since are kept in memory
   * only, until a save works (see kt_progress_get_save_error()).
   */
  properties[PROP_SAVE_FAILED] =
    g_param_spec_boolean ("save-failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * KtProgress:save-message:
   *
   * What to tell the user while saves fail, as "Progress could not be
   * saved: the disk is full. Your answers are kept until it can be.";
   * %NULL while they work.
   */
  properties[PROP_SAVE_MESSAGE] =
    g_param_spec_string ("save-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtProgress::changed:
   * @card_id: the card whose record changed
   *
   * Emitted after an answer was recorded or undone, for each record
   * set by kt_progress_set_records(), and for each card suspended,
   * unsuspended, buried or unburied.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kt_progress_init (KtProgress *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         (GDestroyNotify) g_ref_string_release, g_free);
  self->log = kt_progress_log_new (0);
  self->tombstones = g_array_new (FALSE, FALSE, sizeof (KtAnswerId));
  self->tombstone_set = g_hash_table_new_full (kt_progress_answer_id_hash,
                                               kt_progress_answer_id_equal, g_free, NULL);
  self->suspended = g_hash_table_new_full (g_str_hash, g_str_equal,
                                           (GDestroyNotify) g_ref_string_release, NULL);
  self->buried = g_hash_table_new_full (g_str_hash, g_str_equal,
                                        (GDestroyNotify) g_ref_string_release, g_free);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal,
                                       (GDestroyNotify) g_ref_string_release, NULL);
  self->counts = g_ptr_array_new_with_free_func ((GDestroyNotify) _kt_progress_count_free);
}

/* ---- public API -------------------------------------------------------- */

/**
 * kt_progress_new:
 * @settings: settings of the io.github.kartoteka.Kartoteka schema
 *
 * Loads the stored progress from @settings and keeps it there.
 */
KtProgress *
kt_progress_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KT_TYPE_PROGRESS, "settings", settings, NULL);
}

GSettings *
kt_progress_get_settings (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);

  return self->settings;
}

/**
 * kt_progress_get_machine:
 *
 * Returns: this machine's id, part of the id of each answer given here;
 *   made once and kept in the "machine-id" setting
 */
gint64
kt_progress_get_machine (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return self->machine;
}

/**
 * kt_progress_format_machine:
 *
 * Returns: (transfer full): @machine as 16 hexadecimal digits
 */
char *
kt_progress_format_machine (gint64 machine)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", machine);
}

/**
 * kt_progress_parse_machine:
 *
 * Returns: the machine id @text spells in 16 hexadecimal digits, or 0
 *   when it is not one
 */
gint64
kt_progress_parse_machine (const char *text)
{
  guint64 value = 0;

  if (text == NULL || strlen (text) != 16)
    return 0;
  for (guint i = 0; i < 16; i++)
    {
      if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return 0;
      value = value << 4 | (guint64) g_ascii_xdigit_value (text[i]);
    }

  return value <= G_MAXINT64 ? (gint64) value : 0;
}

/**
 * kt_progress_get_params:
 *
 * Fills @params with the scheduler parameters: the FSRS-6 defaults with
 * the desired retention and fuzzing taken from the settings.
 */
void
kt_progress_get_params (KtProgress   *self,
                        KtFsrsParams *params)
{
  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (params != NULL);

  kt_fsrs_params_init_default (params);
  params->desired_retention = g_settings_get_double (self->settings, "desired-retention");
  params->enable_fuzz = g_settings_get_boolean (self->settings, "enable-fuzz");
}

/**
 * kt_progress_lookup:
 *
 * Returns: (nullable): the record of @card_id, or %NULL for a new card.
 *   Valid until the next change of that card.
 */
const KtProgressRecord *
kt_progress_lookup (KtProgress *self,
                    const char *card_id)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (card_id != NULL, NULL);

  return g_hash_table_lookup (self->records, card_id);
}

/**
 * kt_progress_set_records:
 * @card_ids: (array length=n_records): the cards, each at most once
 * @records: (array length=n_records): their new records, which must be
 *   valid (as an imported file is checked to be)
 *
 * Replaces the records of @card_ids, for an import of saved progress:
 * they are saved like answers, the watched topics are counted again once,
 * and #KtProgress::changed is emitted for each card. The review log is
 * left alone; see kt_progress_add_log_entries().
 */
void
kt_progress_set_records (KtProgress             *self,
                         const char * const     *card_ids,
                         const KtProgressRecord *records,
                         guint                   n_records)
{
  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (n_records == 0 || (card_ids != NULL && records != NULL));

  if (n_records == 0)
    return;

  /* All or nothing: a bad record must not leave half an import behind. */
  for (guint i = 0; i < n_records; i++)
    g_return_if_fail (card_ids[i] != NULL &&
                      _kt_progress_check_record (card_ids[i], &records[i]) == NULL);

  for (guint i = 0; i < n_records; i++)
    {
      g_hash_table_replace (self->records, g_ref_string_new_intern (card_ids[i]),
                            g_memdup2 (&records[i], sizeof records[i]));
      _kt_progress_mark_card (self, card_ids[i]);
    }

  if (self->topics != NULL)
    kt_progress_update_topic_counts (self, self->topics, g_get_real_time ());
  for (guint i = 0; i < n_records; i++)
    g_signal_emit (self, signals[CHANGED], 0, card_ids[i]);
}

/**
 * kt_progress_get_save_error:
 *
 * Returns: (nullable): why the last save failed, or %NULL when it worked
 */
const GError *
kt_progress_get_save_error (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), NULL);

  return self->save_error;
}

/**
 * kt_progress_describe_save_error:
 * @error: from kt_progress_get_save_error()
 *
 * Returns: (transfer full): why, in a few words: "the disk is full", "its
 *   folder is read-only", or the message of @error
 */
char *
kt_progress_describe_save_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  switch (classify_save_error (error))
    {
    case SAVE_FAILED_NO_SPACE:
      return g_strdup (_("the disk is full"));
    case SAVE_FAILED_READ_ONLY:
      return g_strdup (_("its folder is read-only"));
    case SAVE_FAILED_OTHER:
    default:
      return g_strdup (error->message);
    }
}

guint
kt_progress_get_n_records (KtProgress *self)
{
  g_return_val_if_fail (KT_IS_PROGRESS (self), 0);

  return g_hash_table_size (self->records);
}

/**
 * kt_progress_foreach:
 * @func: (scope call): called for every record, in no particular order
 *
 * Walks all records, also those of cards that are not loaded. @func must
 * not change @self.
 */
void
kt_progress_foreach (KtProgress            *self,
                     KtProgressForeachFunc  func,
                     gpointer               user_data)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (KT_IS_PROGRESS (self));
  g_return_if_fail (func != NULL);

  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    func (key, value, user_data);
}
