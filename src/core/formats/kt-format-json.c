/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kartoteka's own JSON deck, the shape kt_deck_to_json() writes (see
 * docs/deck-format.md):
 *
 *   { "format": "kartoteka-deck", "version": 1,
 *     "topic": { "id": "…", "title": "…", "tags": ["…"] },
 *     "cards": [ { "title", "context", "question", "answer", "summary", "notes", "tags",
 *                  "key" } ] }
 *
 * or, for several topics, "topics": [ { "id", "title", "tags", "cards" } ].
 * json-glib does the parsing; its signals give the line each object starts
 * on, so a card with a wrong member gets a diagnostic on its own line and
 * the other cards still load.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kt-cloze.h"
#include "kt-format-json.h"
#include "kt-json.h"
#include "kt-text.h"

typedef struct {
  KtDeckParser *parser;
  GArray       *open_lines;   /* (element-type guint): lines of unclosed '{' */
  GHashTable   *object_lines; /* JsonObject → line of its '{' */
  GHashTable   *node_lines;   /* JsonNode in an array → line */
} DeckReader;

/* -------------------------------------------------------------------------
 * Line numbers
 * ---------------------------------------------------------------------- */

static void
on_object_start (JsonParser *parser,
                 DeckReader *reader)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (reader->open_lines, line);
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               DeckReader *reader)
{
  guint line;

  if (reader->open_lines->len == 0)
    return;
  line = g_array_index (reader->open_lines, guint, reader->open_lines->len - 1);
  g_array_set_size (reader->open_lines, reader->open_lines->len - 1);
  g_hash_table_insert (reader->object_lines, object, GUINT_TO_POINTER (line));
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  DeckReader *reader)
{
  JsonNode *node = json_array_get_element (array, index);
  guint line = json_parser_get_current_line (parser);

  if (JSON_NODE_HOLDS_OBJECT (node))
    line = GPOINTER_TO_UINT (g_hash_table_lookup (reader->object_lines,
                                                  json_node_get_object (node)));
  g_hash_table_insert (reader->node_lines, node, GUINT_TO_POINTER (line));
}

static guint
object_line (DeckReader *reader,
             JsonObject *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reader->object_lines, object));
}

static guint
node_line (DeckReader *reader,
           JsonNode   *node)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reader->node_lines, node));
}

/* json-glib says "<data>:3:14: Parse error: …": take the line, keep the
 * rest of the message. */
static void
report_parse_error (DeckReader   *reader,
                    const GError *error)
{
  const char *message = error->message;
  const char *p = message;
  guint line = 0;

  if (g_str_has_prefix (p, "<data>:"))
    {
      char *after = NULL;
      guint64 n = g_ascii_strtoull (p + strlen ("<data>:"), &after, 10);

      if (after != NULL && *after == ':')
        {
          line = (guint) n;
          p = after + 1;
          while (g_ascii_isdigit (*p))
            p++;
          if (*p == ':')
            p++;
          while (*p == ' ')
            p++;
          message = p;
        }
    }
  if (g_str_has_prefix (message, "Parse error: "))
    message += strlen ("Parse error: ");

  kt_deck_add_diagnostic (reader->parser->deck, line, KT_SEVERITY_ERROR,
                          _("this is not valid JSON: %s"), message);
}

/* -------------------------------------------------------------------------
 * Members
 * ---------------------------------------------------------------------- */

typedef enum {
  MEMBER_ABSENT,
  MEMBER_OK,
  MEMBER_WRONG_TYPE,
} MemberState;

/* A string member; null counts as absent. */
static MemberState
get_string (JsonObject  *object,
            const char  *name,
            const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return MEMBER_WRONG_TYPE;

  *value = json_node_get_string (node);
  return MEMBER_OK;
}

/* The strings of @object's "tags", NULL-terminated; NULL when it has none
 * or they are not a list. @wrong says something was not a string. */
static GPtrArray *
read_string_list (JsonObject *object,
                  gboolean   *wrong)
{
  JsonNode *node = json_object_get_member (object, "tags");
  GPtrArray *tags;
  JsonArray *array;

  *wrong = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *wrong = TRUE;
      return NULL;
    }

  array = json_node_get_array (node);
  tags = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
        g_ptr_array_add (tags, (gpointer) json_node_get_string (tag));
      else
        *wrong = TRUE;
    }
  g_ptr_array_add (tags, NULL);

  return tags;
}

static gboolean
has_cloze (const char *question)
{
  g_autoptr(GArray) numbers = kt_cloze_numbers (question);

  return numbers->len > 0;
}

static void
read_card (DeckReader *reader,
           KtTopic    *topic,
           JsonNode   *node,
           guint       number)
{
  static const char *const optional[] = { "title", "context", "summary", "notes", "key" };
  KtDeck *deck = reader->parser->deck;
  g_autoptr(GPtrArray) tags = NULL;
  gboolean wrong_tags;
  guint line = node_line (reader, node);
  const char *values[G_N_ELEMENTS (optional)];
  const char *question;
  const char *answer;
  JsonObject *card;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("card %u is not a JSON object; it is skipped"), number);
      return;
    }
  card = json_node_get_object (node);
  line = object_line (reader, card);

  switch (get_string (card, "question", &question))
    {
    case MEMBER_ABSENT:
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("card %u has no “question”; it is skipped"), number);
      return;
    case MEMBER_WRONG_TYPE:
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("card %u: “%s” must be a string; the card is skipped"),
                              number, "question");
      return;
    case MEMBER_OK:
    default:
      break;
    }
  if (*question == '\0' || kt_deck_parser_is_blank (question, strlen (question)))
    {
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("card %u has no “question”; it is skipped"), number);
      return;
    }

  switch (get_string (card, "answer", &answer))
    {
    case MEMBER_WRONG_TYPE:
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("card %u: “%s” must be a string; the card is skipped"),
                              number, "answer");
      return;
    case MEMBER_ABSENT:
      /* A cloze note's answer is its text filled in. */
      if (!has_cloze (question))
        kt_deck_add_diagnostic (deck, line, KT_SEVERITY_WARNING,
                                _("card %u has no “answer”"), number);
      answer = "";
      break;
    case MEMBER_OK:
    default:
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    if (get_string (card, optional[i], &values[i]) == MEMBER_WRONG_TYPE)
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_WARNING,
                              _("card %u: “%s” must be a string; it is ignored"),
                              number, optional[i]);

  tags = read_string_list (card, &wrong_tags);
  if (wrong_tags)
    kt_deck_add_diagnostic (deck, line, KT_SEVERITY_WARNING,
                            _("card %u: “tags” must be a list of strings; what is not a "
                              "string is ignored"), number);

  kt_deck_parser_add_keyed_card (reader->parser, topic, values[4],
                                 tags != NULL ? (const char * const *) tags->pdata : NULL,
                                 values[0], values[1], question, answer, values[2], values[3],
                                 line);
}

static void
read_tags (DeckReader *reader,
           KtTopic    *topic,
           JsonObject *object)
{
  gboolean wrong;
  g_autoptr(GPtrArray) tags = read_string_list (object, &wrong);

  if (tags == NULL && wrong)
    kt_deck_add_diagnostic (reader->parser->deck, object_line (reader, object),
                            KT_SEVERITY_WARNING,
                            _("the topic's “tags” must be a list of strings; "
                              "they are ignored"));
  else if (wrong)
    kt_deck_add_diagnostic (reader->parser->deck, object_line (reader, object),
                            KT_SEVERITY_WARNING,
                            _("the topic's “tags” must all be strings; "
                              "the others are ignored"));
  if (tags != NULL)
    kt_topic_set_tags (topic, (const char * const *) tags->pdata);
}

/* @info holds id, title and tags; @cards_holder the "cards" list (they are
 * the same object in a "topics" entry, and different at the top level). */
static void
read_topic (DeckReader *reader,
            JsonObject *info,
            JsonObject *cards_holder,
            const char *default_id,
            guint       line)
{
  KtDeck *deck = reader->parser->deck;
  const char *id = NULL;
  const char *title = NULL;
  JsonNode *cards_node;
  JsonArray *cards;
  KtTopic *topic;

  if (info != NULL)
    {
      if (get_string (info, "id", &id) == MEMBER_WRONG_TYPE || (id != NULL && *id == '\0'))
        {
          kt_deck_add_diagnostic (deck, object_line (reader, info), KT_SEVERITY_WARNING,
                                  _("the topic's “id” must be a non-empty string; "
                                    "the file name is used"));
          id = NULL;
        }
      if (get_string (info, "title", &title) == MEMBER_WRONG_TYPE)
        kt_deck_add_diagnostic (deck, object_line (reader, info), KT_SEVERITY_WARNING,
                                _("the topic's “title” must be a string; it is ignored"));
    }

  topic = kt_deck_parser_add_topic (reader->parser, id != NULL ? id : default_id,
                                    title != NULL && *title != '\0'
                                      ? title : reader->parser->fallback_title);
  if (info != NULL)
    read_tags (reader, topic, info);

  cards_node = json_object_get_member (cards_holder, "cards");
  if (cards_node == NULL || !JSON_NODE_HOLDS_ARRAY (cards_node))
    {
      kt_deck_add_diagnostic (deck, line, KT_SEVERITY_ERROR,
                              _("the deck has no “cards” list"));
      return;
    }

  cards = json_node_get_array (cards_node);
  for (guint i = 0; i < json_array_get_length (cards); i++)
    read_card (reader, topic, json_array_get_element (cards, i), i + 1);
}

/* A topic in "topics" without an id: "<file>/<slug of its title>", as for
 * the "# Topic" lines of a Q&A file. */
static char *
default_topic_id (KtDeckParser *parser,
                  JsonObject   *topic,
                  guint         number)
{
  const char *title = NULL;
  g_autofree char *slug = NULL;

  if (get_string (topic, "title", &title) == MEMBER_OK)
    slug = kt_text_slugify (title);
  if (slug == NULL || *slug == '\0')
    {
      g_free (slug);
      slug = g_strdup_printf ("%u", number);
    }

  return g_strconcat (parser->topic_id, "/", slug, NULL);
}

/* A deck needs 5 levels. */
#define MAX_DEPTH 32

static void
read_deck (DeckReader *reader,
           JsonNode   *root)
{
  KtDeckParser *parser = reader->parser;
  KtDeck *deck = parser->deck;
  JsonObject *object;
  JsonNode *version;
  JsonNode *topics;
  JsonNode *topic;
  const char *format = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      kt_deck_add_diagnostic (deck, 1, KT_SEVERITY_ERROR,
                              _("a Kartoteka deck is a JSON object, { … }"));
      return;
    }
  object = json_node_get_object (root);

  if (get_string (object, "format", &format) != MEMBER_OK ||
      strcmp (format, "kartoteka-deck") != 0)
    {
      kt_deck_add_diagnostic (deck, object_line (reader, object), KT_SEVERITY_ERROR,
                              _("this JSON file is not a Kartoteka deck (its “format” is "
                                "not “kartoteka-deck”)"));
      return;
    }

  version = json_object_get_member (object, "version");
  if (version != NULL &&
      (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64))
    kt_deck_add_diagnostic (deck, object_line (reader, object), KT_SEVERITY_WARNING,
                            _("the deck's “version” must be a number"));
  else if (version != NULL && json_node_get_int (version) > 1)
    kt_deck_add_diagnostic (deck, object_line (reader, object), KT_SEVERITY_WARNING,
                            _("this deck was written by a newer Kartoteka (version %d); "
                              "some of it may be missing"),
                            (int) MIN (json_node_get_int (version), G_MAXINT));

  topics = json_object_get_member (object, "topics");
  if (topics != NULL && JSON_NODE_HOLDS_ARRAY (topics))
    {
      JsonArray *array = json_node_get_array (topics);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          g_autofree char *default_id = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              kt_deck_add_diagnostic (deck, node_line (reader, node), KT_SEVERITY_ERROR,
                                      _("topic %u is not a JSON object; it is skipped"), i + 1);
              continue;
            }
          default_id = default_topic_id (parser, json_node_get_object (node), i + 1);
          read_topic (reader, json_node_get_object (node), json_node_get_object (node),
                      default_id, object_line (reader, json_node_get_object (node)));
        }
      return;
    }

  topic = json_object_get_member (object, "topic");
  if (topic != NULL && !JSON_NODE_HOLDS_OBJECT (topic) && !JSON_NODE_HOLDS_NULL (topic))
    {
      kt_deck_add_diagnostic (deck, object_line (reader, object), KT_SEVERITY_WARNING,
                              _("the deck's “topic” must be an object; it is ignored"));
      topic = NULL;
    }

  read_topic (reader,
              topic != NULL && JSON_NODE_HOLDS_OBJECT (topic) ? json_node_get_object (topic) : NULL,
              object, parser->topic_id, object_line (reader, object));
}

void
kt_format_json_parse (KtDeckParser *parser)
{
  g_autoptr(JsonParser) json = json_parser_new ();
  g_autoptr(GError) error = NULL;
  DeckReader reader = { .parser = parser };

  reader.open_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  reader.object_lines = g_hash_table_new (NULL, NULL);
  reader.node_lines = g_hash_table_new (NULL, NULL);

  g_signal_connect (json, "object-start", G_CALLBACK (on_object_start), &reader);
  g_signal_connect (json, "object-end", G_CALLBACK (on_object_end), &reader);
  g_signal_connect (json, "array-element", G_CALLBACK (on_array_element), &reader);

  /* The detail stays untranslated: it reuses the translated message
   * around it for a case only a damaged or hostile file reaches. */
  if (kt_json_nests_deeper_than (parser->text, parser->len, MAX_DEPTH))
    kt_deck_add_diagnostic (parser->deck, 0, KT_SEVERITY_ERROR, _("this is not valid JSON: %s"),
                            "nested more than " G_STRINGIFY (MAX_DEPTH) " levels deep");
  else if (!json_parser_load_from_data (json, parser->text, parser->len, &error))
    report_parse_error (&reader, error);
  else
    read_deck (&reader, json_parser_get_root (json));

  g_hash_table_unref (reader.node_lines);
  g_hash_table_unref (reader.object_lines);
  g_array_unref (reader.open_lines);
}
