/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtDeck is what reading one deck file yields: its topics and cards, how
 * many duplicates were merged, and the diagnostics (file:line, a message
 * for people). It is plain data: the formats in formats/ fill it, the
 * library and the command line read it, and kt_deck_to_json() writes it
 * as the Kartoteka JSON deck that formats/kt-format-json.c reads back.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-deck.h"

/* -------------------------------------------------------------------------
 * Diagnostics and the deck struct
 * ---------------------------------------------------------------------- */

static void
clear_diagnostic (gpointer data)
{
  KtDiagnostic *diagnostic = data;

  g_clear_pointer (&diagnostic->message, g_free);
}

/**
 * kt_deck_new:
 * @path: (nullable): the file the deck comes from, for messages
 *
 * An empty deck: no topics, no diagnostics. The parsers start from this;
 * callers may also fill @topics themselves to write a deck with
 * kt_deck_to_json().
 */
KtDeck *
kt_deck_new (const char *path)
{
  KtDeck *deck = g_new0 (KtDeck, 1);

  deck->path = g_strdup (path != NULL ? path : "");
  deck->format = KT_DECK_FORMAT_UNKNOWN;
  deck->topics = g_ptr_array_new_with_free_func (g_object_unref);
  deck->diagnostics = g_array_new (FALSE, TRUE, sizeof (KtDiagnostic));
  g_array_set_clear_func (deck->diagnostics, clear_diagnostic);

  return deck;
}

void
kt_deck_free (KtDeck *deck)
{
  if (deck == NULL)
    return;

  g_free (deck->path);
  g_ptr_array_unref (deck->topics);
  g_array_unref (deck->diagnostics);
  g_free (deck);
}

void
kt_deck_add_diagnostic (KtDeck     *deck,
                        guint       line,
                        KtSeverity  severity,
                        const char *format,
                        ...)
{
  KtDiagnostic diagnostic;
  va_list args;

  g_return_if_fail (deck != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  diagnostic.line = line;
  diagnostic.severity = severity;
  diagnostic.message = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_append_val (deck->diagnostics, diagnostic);
}

gboolean
kt_deck_has_errors (const KtDeck *deck)
{
  g_return_val_if_fail (deck != NULL, FALSE);

  for (guint i = 0; i < deck->diagnostics->len; i++)
    if (g_array_index (deck->diagnostics, KtDiagnostic, i).severity == KT_SEVERITY_ERROR)
      return TRUE;

  return FALSE;
}

/* Used with g_array_sort(), stable since GLib 2.32: messages on one line
 * keep the order they were found in. */
static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const KtDiagnostic *da = a;
  const KtDiagnostic *db = b;

  return (da->line > db->line) - (da->line < db->line);
}

/**
 * kt_deck_sort_diagnostics:
 *
 * Orders the diagnostics by line, keeping the order of those on one line.
 */
void
kt_deck_sort_diagnostics (KtDeck *deck)
{
  g_return_if_fail (deck != NULL);

  g_array_sort (deck->diagnostics, compare_diagnostics);
}

guint
kt_deck_count_cards (const KtDeck *deck)
{
  guint n = 0;

  g_return_val_if_fail (deck != NULL, 0);

  for (guint i = 0; i < deck->topics->len; i++)
    n += kt_topic_get_n_cards (g_ptr_array_index (deck->topics, i));

  return n;
}

/**
 * kt_deck_format_to_string:
 *
 * A stable, untranslated name for @format ("qa", "notes", "tsv", "json",
 * "anki", "unknown"), for the command line and logs.
 */
const char *
kt_deck_format_to_string (KtDeckFormat format)
{
  switch (format)
    {
    case KT_DECK_FORMAT_QA:      return "qa";
    case KT_DECK_FORMAT_NOTES:   return "notes";
    case KT_DECK_FORMAT_TSV:     return "tsv";
    case KT_DECK_FORMAT_JSON:    return "json";
    case KT_DECK_FORMAT_ANKI:    return "anki";
    case KT_DECK_FORMAT_UNKNOWN:
    default:                     return "unknown";
    }
}


static void
add_optional_member (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_tags (JsonBuilder        *builder,
          const char * const *tags)
{
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
}

/**
 * kt_deck_build_topic:
 * @tags: (nullable) (array zero-terminated=1): the topic's tags
 *
 * The "id", "title" and "tags" members of a JSON deck's topic, added to
 * the object @builder is in.
 */
void
kt_deck_build_topic (JsonBuilder        *builder,
                     const char         *id,
                     const char         *title,
                     const char * const *tags)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  add_tags (builder, tags);
}

/**
 * kt_deck_build_card:
 * @tags: (nullable) (array zero-terminated=1): the card's own tags
 * @key: (nullable): what the card id is made from instead of the question
 *
 * One card of a JSON deck, as an object added to @builder: the members
 * the JSON deck reader reads back (docs/deck-format.md), empty optional
 * ones left out. The Anki importer writes its notes through this too.
 */
void
kt_deck_build_card (JsonBuilder        *builder,
                    const char         *title,
                    const char         *context,
                    const char         *question,
                    const char         *answer,
                    const char         *summary,
                    const char         *notes,
                    const char * const *tags,
                    const char         *key)
{
  json_builder_begin_object (builder);
  add_optional_member (builder, "title", title);
  add_optional_member (builder, "context", context);
  json_builder_set_member_name (builder, "question");
  json_builder_add_string_value (builder, question);
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, answer != NULL ? answer : "");
  add_optional_member (builder, "summary", summary);
  add_optional_member (builder, "notes", notes);
  if (tags != NULL && tags[0] != NULL)
    add_tags (builder, tags);
  add_optional_member (builder, "key", key);
  json_builder_end_object (builder);
}

static void
add_cards (JsonBuilder *builder,
           KtTopic     *topic)
{
  guint n = kt_topic_get_n_cards (topic);

  json_builder_set_member_name (builder, "cards");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), i);

      kt_deck_build_card (builder, kt_card_get_title (card), kt_card_get_context (card),
                          kt_card_get_question (card), kt_card_get_answer (card),
                          kt_card_get_summary (card), kt_card_get_notes (card),
                          kt_card_get_tags (card), kt_card_get_key (card));
    }
  json_builder_end_array (builder);
}

/**
 * kt_deck_to_json:
 *
 * The deck as a Kartoteka JSON deck (docs/deck-format.md): pretty-printed
 * UTF-8 ending in a newline. One topic is written as "topic" + "cards",
 * several as a "topics" array. kt_formats_parse_bytes() reads it back into
 * the same topics and cards, with the same card ids.
 *
 * Returns: (transfer full): the JSON text
 */
char *
kt_deck_to_json (const KtDeck *deck)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (deck != NULL, NULL);

  kt_deck_build_start (builder);

  if (deck->topics->len == 1)
    {
      KtTopic *topic = g_ptr_array_index (deck->topics, 0);

      json_builder_set_member_name (builder, "topic");
      json_builder_begin_object (builder);
      kt_deck_build_topic (builder, kt_topic_get_id (topic), kt_topic_get_title (topic),
                           kt_topic_get_tags (topic));
      json_builder_end_object (builder);
      add_cards (builder, topic);
    }
  else
    {
      json_builder_set_member_name (builder, "topics");
      json_builder_begin_array (builder);
      for (guint i = 0; i < deck->topics->len; i++)
        {
          KtTopic *topic = g_ptr_array_index (deck->topics, i);

          json_builder_begin_object (builder);
          kt_deck_build_topic (builder, kt_topic_get_id (topic), kt_topic_get_title (topic),
                           kt_topic_get_tags (topic));
          add_cards (builder, topic);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  return kt_deck_build_finish (builder);
}

/**
 * kt_deck_build_start:
 *
 * Opens a JSON deck's object in @builder, with its "format" and "version".
 */
void
kt_deck_build_start (JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "kartoteka-deck");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
}

/**
 * kt_deck_build_finish:
 *
 * Closes what kt_deck_build_start() opened and writes the deck as
 * kt_deck_to_json() does: pretty-printed, ending in a newline.
 *
 * Returns: (transfer full): the JSON text
 */
char *
kt_deck_build_finish (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}
