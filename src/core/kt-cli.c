/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless commands, --check, --cards-json, --import,
 * --export-progress, --import-progress and --sync-now: they write their
 * report into GStrings (the
 * application prints them), so tests run them without a display or a
 * process. Each returns the exit status: 0, or 1 when any file had an
 * error. The deck commands take files and folders; a folder is read as
 * the library reads one, subfolders and all, each file's topic id its
 * path there.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-anki-import.h"
#include "kt-cli.h"
#include "kt-file.h"
#include "kt-formats.h"
#include "kt-import-report.h"
#include "kt-library.h"
#include "kt-progress-json.h"
#include "kt-scan.h"
#include "kt-sync.h"

/* One file read for a command, or a folder that could not be read. */
typedef struct
{
  char   *path;    /* as the user would type it: the argument, then the path in it */
  char   *folder;  /* the folders it is in inside the folder given; NULL at the top */
  KtDeck *deck;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry->folder);
  kt_deck_free (entry->deck);
  g_free (entry);
}

static Entry *
entry_new (char   *path,
           char   *folder,
           KtDeck *deck)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->path = path;
  entry->folder = folder;
  entry->deck = deck;
  /* Messages name the file the way the user typed it. */
  g_free (deck->path);
  deck->path = g_strdup (path);

  return entry;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(Entry **) a)->path, (*(Entry **) b)->path);
}

/* @relative inside the argument @arg, as a path to print. */
static char *
path_in (const char *arg,
         const char *relative)
{
  return relative != NULL ? g_build_filename (arg, relative, NULL) : g_strdup (arg);
}

/* A folder is read as the library reads one (kt-scan.c): every deck file
 * below it, with its path in it as its topic id. */
static void
add_folder (GPtrArray  *entries,
            const char *arg,
            GFile      *folder)
{
  g_autoptr(KtScan) scan = kt_scan_folder (folder, NULL, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; i < scan->problems->len; i++)
    {
      KtDeck *problem = g_steal_pointer (&g_ptr_array_index (scan->problems, i));
      g_autoptr(GFile) where = g_file_new_for_commandline_arg (problem->path);
      g_autofree char *relative = g_file_get_relative_path (folder, where);

      g_ptr_array_add (found, entry_new (path_in (arg, relative), NULL, problem));
    }

  for (guint i = 0; i < scan->files->len; i++)
    {
      GFile *file = g_ptr_array_index (scan->files, i);
      g_autofree char *topic_id = kt_scan_topic_id (folder, file);
      g_autofree char *relative = g_file_get_relative_path (folder, file);
      const char *slash = strrchr (topic_id, '/');

      g_ptr_array_add (found, entry_new (path_in (arg, relative),
                                         slash != NULL ? g_strndup (topic_id, slash - topic_id) : NULL,
                                         kt_formats_parse_file_as (file, topic_id, NULL)));
    }

  g_ptr_array_sort (found, compare_entries);
  g_ptr_array_extend_and_steal (entries, g_steal_pointer (&found));
}

/* Every file the arguments name, folders read through. */
static GPtrArray *
read_paths (const char * const *paths)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);

      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        add_folder (entries, paths[i], file);
      else
        g_ptr_array_add (entries, entry_new (g_strdup (paths[i]), NULL,
                                             kt_anki_package_is_package (file)
                                               ? kt_anki_read_deck (file, paths[i], NULL)
                                               : kt_formats_parse_file (file, NULL)));
    }

  return entries;
}

int
kt_cli_check (const char * const *paths,
              GString            *out)
{
  g_autoptr(GPtrArray) entries = read_paths (paths);
  int status = EXIT_SUCCESS;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      KtDeck *deck = entry->deck;
      guint n_cards = kt_deck_count_cards (deck);
      g_autofree char *cards = NULL;
      g_autofree char *dups = NULL;

      cards = g_strdup_printf (ngettext ("%u card", "%u cards", n_cards), n_cards);
      dups = g_strdup_printf (ngettext ("%u duplicate merged", "%u duplicates merged",
                                        deck->n_duplicates), deck->n_duplicates);
      /* Translators: "deck.txt: qa, 10 cards, 40 duplicates merged". */
      g_string_append_printf (out, _("%s: %s, %s, %s\n"), entry->path,
                              kt_deck_format_to_string (deck->format), cards, dups);

      for (guint t = 0; t < deck->topics->len; t++)
        {
          KtTopic *topic = g_ptr_array_index (deck->topics, t);
          guint n = kt_topic_get_n_cards (topic);
          g_autofree char *topic_cards =
            g_strdup_printf (ngettext ("%u card", "%u cards", n), n);

          if (g_str_equal (kt_topic_get_id (topic), kt_topic_get_title (topic)))
            /* Translators: a topic of a checked file: "  topic “Event loop”: 4 cards". */
            g_string_append_printf (out, _("  topic “%s”: %s\n"), kt_topic_get_title (topic),
                                    topic_cards);
          else
            /* Translators: a topic of a checked file, its title and id:
             * "  topic “Core” (System Design/Core): 4 cards". */
            g_string_append_printf (out, _("  topic “%s” (%s): %s\n"), kt_topic_get_title (topic),
                                    kt_topic_get_id (topic), topic_cards);
        }

      for (guint d = 0; d < deck->diagnostics->len; d++)
        {
          const KtDiagnostic *diag = &g_array_index (deck->diagnostics, KtDiagnostic, d);
          const char *severity = diag->severity == KT_SEVERITY_ERROR ? _("error") : _("warning");

          /* A line number only where there is a line. */
          if (diag->line > 0)
            g_string_append_printf (out, "%s:%u: %s: %s\n", entry->path, diag->line, severity,
                                    diag->message);
          else
            g_string_append_printf (out, "%s: %s: %s\n", entry->path, severity, diag->message);
        }

      if (kt_deck_has_errors (deck))
        status = EXIT_FAILURE;
    }

  return status;
}

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_card (JsonBuilder *builder,
          KtTopic     *topic,
          KtCard      *card)
{
  const char * const *own = kt_card_get_tags (card);
  const char * const *tags = kt_topic_get_tags (topic);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, kt_card_get_id (card));
  add_nullable (builder, "title", kt_card_get_title (card));
  add_nullable (builder, "context", kt_card_get_context (card));
  json_builder_set_member_name (builder, "question");
  json_builder_add_string_value (builder, kt_card_get_question (card));
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, kt_card_get_answer (card));
  add_nullable (builder, "summary", kt_card_get_summary (card));
  add_nullable (builder, "notes", kt_card_get_notes (card));
  /* The card's own tags, then its topic's */
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; own[i] != NULL; i++)
    json_builder_add_string_value (builder, own[i]);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!g_strv_contains (own, tags[i]))
      json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, kt_topic_get_id (topic));
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, kt_card_get_source_line (card));
  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder *builder,
           Entry       *entry)
{
  KtDeck *deck = entry->deck;
  KtTopic *first = deck->topics->len > 0 ? g_ptr_array_index (deck->topics, 0) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, entry->path);
  add_nullable (builder, "format",
                deck->format != KT_DECK_FORMAT_UNKNOWN ? kt_deck_format_to_string (deck->format) : NULL);

  json_builder_set_member_name (builder, "topic");
  if (first != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, kt_topic_get_id (first));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, kt_topic_get_title (first));
      add_nullable (builder, "folder", entry->folder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "cards");
  json_builder_begin_array (builder);
  for (guint t = 0; t < deck->topics->len; t++)
    {
      KtTopic *topic = g_ptr_array_index (deck->topics, t);

      for (guint c = 0; c < kt_topic_get_n_cards (topic); c++)
        {
          g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), c);

          add_card (builder, topic, card);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, deck->n_duplicates);

  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint d = 0; d < deck->diagnostics->len; d++)
    {
      const KtDiagnostic *diag = &g_array_index (deck->diagnostics, KtDiagnostic, d);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, diag->line);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder,
                                     diag->severity == KT_SEVERITY_ERROR ? "error" : "warning");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, diag->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
kt_cli_cards_json (const char * const *paths,
                   GString            *out)
{
  g_autoptr(GPtrArray) entries = read_paths (paths);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  int status = EXIT_SUCCESS;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      add_entry (builder, entry);
      if (kt_deck_has_errors (entry->deck))
        status = EXIT_FAILURE;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');

  return status;
}

/* Checksum → title of every deck in @folder now, as the library knows
 * what it has loaded: importing a deck again finds it there. */
static GHashTable *
known_decks (GFile *folder)
{
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(KtScan) scan = kt_scan_folder (folder, NULL, NULL);

  for (guint i = 0; i < scan->files->len; i++)
    {
      GFile *file = g_ptr_array_index (scan->files, i);
      g_autoptr(GBytes) bytes = kt_file_read_regular (file, KT_FILE_MAX_DECK_SIZE, NULL, NULL);

      if (bytes != NULL)
        g_hash_table_replace (known, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes),
                              kt_scan_topic_id (folder, file));
    }

  return known;
}

/* Imports @paths into the user's deck folder by the Import dialog's rule
 * (kt_import_file()), reads what was written as the library will, merges
 * the review history of Anki packages into @progress and saves it, and
 * says what came in and what went wrong, as the window does. Fails when
 * a file could not be imported or the history not be saved. */
int
kt_cli_import (KtProgress         *progress,
               const char * const *paths,
               GString            *out,
               GString            *err)
{
  g_autoptr(KtImportReport) report = kt_import_report_new ();
  guint n_added = 0, n_known = 0;
  const GError *save_error;
  g_autoptr(GFile) folder = kt_library_get_user_folder ();
  g_autoptr(GHashTable) known = known_decks (folder);
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  int status = EXIT_SUCCESS;

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(KtImported) imported = kt_imported_new ();
      g_autoptr(GError) error = NULL;

      if (!kt_import_file (file, folder, known, NULL, NULL, imported, NULL, &error))
        {
          kt_import_report_add_refused (report, name, error, imported->deck);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            status = EXIT_FAILURE;
          continue;
        }

      if (imported->package)
        {
          guint known = 0;

          kt_import_report_add_package (report, name, imported);
          n_added += kt_imported_apply_progress (imported, progress, &known);
          n_known += known;
        }
      for (guint j = 0; j < imported->files->len; j++)
        {
          GFile *written = g_ptr_array_index (imported->files, j);
          g_autofree char *topic_id = kt_scan_topic_id (folder, written);
          g_autoptr(KtDeck) deck = kt_formats_parse_file_as (written, topic_id, NULL);

          kt_import_report_add_copied (report, name, deck);
        }
    }

  /* The answers count as imported only once they are saved. */
  kt_progress_flush (progress);
  save_error = kt_progress_get_save_error (progress);
  if (save_error != NULL)
    {
      g_autofree char *reason = kt_progress_describe_save_error (save_error);

      /* Translators: why the progress could not be saved, as in "the disk is full". */
      g_string_append_printf (err, _("The review history could not be saved: %s"), reason);
      g_string_append_c (err, '\n');
      status = EXIT_FAILURE;
    }
  else
    kt_import_report_add_answers (report, n_added, n_known);

  if (kt_import_report_get_problems (report, &title, &body))
    g_string_append_printf (out, "%s\n%s\n", title, body);
  summary = kt_import_report_dup_summary (report);
  g_string_append_printf (out, "%s\n", summary);

  return status;
}

/* Writes the progress of every card, those of @topics first, to @path,
 * or to @out when @path is "-". */
int
kt_cli_export_progress (KtProgress          *progress,
                        GListModel          *topics,
                        const char          *path,
                        KtProgressJsonFlags  flags,
                        GString             *out,
                        GString             *err)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cards;

  if (g_str_equal (path, "-"))
    {
      kt_progress_json_export (progress, topics, g_get_real_time (), flags, out);
      return EXIT_SUCCESS;
    }

  text = g_string_new (NULL);
  n_cards = kt_progress_json_export (progress, topics, g_get_real_time (), flags, text);
  file = g_file_new_for_commandline_arg (path);
  if (!kt_progress_json_save (text->str, text->len, file, &error))
    {
      /* Translators: a file name, then why it could not be written. */
      g_string_append_printf (err, _("Cannot export progress to %s: %s"), path, error->message);
      g_string_append_c (err, '\n');
      return EXIT_FAILURE;
    }

  /* Translators: %u counts the cards in the file, %s is its name. */
  g_string_append_printf (out, ngettext ("Exported progress of %u card to %s",
                                         "Exported progress of %u cards to %s", n_cards),
                          n_cards, path);
  g_string_append_c (out, '\n');
  return EXIT_SUCCESS;
}

/* Validates the progress file @path and merges it into @progress
 * (kt_progress_import_apply(): answers by id, every answer kept);
 * nothing changes when it is invalid, and the command fails when the
 * merged progress could not be saved. */
int
kt_cli_import_progress (KtProgress *progress,
                        const char *path,
                        GString    *out,
                        GString    *err)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(KtProgressImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  const GError *save_error;
  KtProgressImportPlan plan;

  import = kt_progress_json_read (file, NULL, &error);
  if (import == NULL)
    {
      /* Translators: a file name, then what is wrong with it. */
      g_string_append_printf (err, _("Cannot import progress from %s: %s"), path, error->message);
      g_string_append_c (err, '\n');
      return EXIT_FAILURE;
    }

  kt_progress_import_apply (import, progress, &plan);
  /* Not needed any more: the save serialises the whole history meanwhile */
  g_clear_pointer (&import, kt_progress_import_free);
  kt_progress_flush (progress);

  save_error = kt_progress_get_save_error (progress);
  if (save_error != NULL)
    {
      g_autofree char *reason = kt_progress_describe_save_error (save_error);

      /* Translators: a file name, then why the progress could not be
       * saved, as in "the disk is full". */
      g_string_append_printf (err, _("Cannot import progress from %s: nothing could be saved: %s"),
                              path, reason);
      g_string_append_c (err, '\n');
      return EXIT_FAILURE;
    }

  counts = kt_progress_import_describe (&plan);
  /* Translators: %s is "3 cards updated, 2 added, 0 skipped; 12 new
   * answers". */
  g_string_append_printf (out, _("Imported: %s"), counts);
  g_string_append_c (out, '\n');
  return EXIT_SUCCESS;
}

typedef struct
{
  GString *err;
  guint    n_merged;
} SyncReport;

static void
sync_merged_cb (KtSync     *sync,
                const char *host,
                guint       n_answers,
                SyncReport *report)
{
  report->n_merged += n_answers;
}

static void
sync_problem_cb (KtSync     *sync,
                 const char *path,
                 const char *message,
                 SyncReport *report)
{
  /* Translators: a file of the sync folder, then what is wrong with it */
  g_string_append_printf (report->err, _("Skipped %s: %s"), path, message);
  g_string_append_c (report->err, '\n');
}

/**
 * kt_cli_sync_now:
 * @folder: (nullable): the sync folder, or %NULL for the one in the
 *   preferences
 *
 * Merges the other machines' files of the sync folder into @progress,
 * stores it and writes this machine's file, once. Files that cannot be
 * read are reported and skipped.
 *
 * Returns: 0, or 1 when there is no folder, this machine's file could
 *   not be written or the progress not be saved
 */
int
kt_cli_sync_now (KtProgress *progress,
                 const char *folder,
                 GString    *out,
                 GString    *err)
{
  g_autofree char *setting = g_settings_get_string (kt_progress_get_settings (progress),
                                                    "sync-folder");
  g_autoptr(KtSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  SyncReport report = { err, 0 };
  const GError *save_error;

  if (folder == NULL)
    folder = setting;
  if (folder[0] == '\0')
    {
      g_string_append_printf (err, "%s\n", _("No sync folder is set: give one, as "
                                            "--sync-now=FOLDER, or choose one in Preferences"));
      return EXIT_FAILURE;
    }

  sync = kt_sync_new_for_folder (progress, folder);
  g_signal_connect (sync, "merged", G_CALLBACK (sync_merged_cb), &report);
  g_signal_connect (sync, "problem", G_CALLBACK (sync_problem_cb), &report);
  if (!kt_sync_now (sync, &error))
    {
      /* Translators: the sync folder, then why it did not work */
      g_string_append_printf (err, _("Cannot sync with %s: %s"), folder, error->message);
      g_string_append_c (err, '\n');
      return EXIT_FAILURE;
    }

  kt_progress_flush (progress);
  save_error = kt_progress_get_save_error (progress);
  if (save_error != NULL)
    {
      g_autofree char *reason = kt_progress_describe_save_error (save_error);

      /* Translators: the sync folder, then why the progress could not be
       * saved, as in "the disk is full" */
      g_string_append_printf (err, _("Cannot sync with %s: nothing could be saved: %s"),
                              folder, reason);
      g_string_append_c (err, '\n');
      return EXIT_FAILURE;
    }

  g_string_append_printf (out, ngettext ("Synced with %s: %u new answer from other computers",
                                         "Synced with %s: %u new answers from other computers",
                                         report.n_merged),
                          folder, report.n_merged);
  g_string_append_c (out, '\n');
  return EXIT_SUCCESS;
}
