/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtCard is one flashcard as parsed from a deck. Its fields never change
 * after parsing: an edited deck produces new cards, and KtTopic swaps
 * them in. Scheduling state lives in KtProgress, keyed by the card id.
 *
 * Tags and the id key come only from some formats (Anki exports), so they
 * are qdata, set by the parser before the card is shared: the other cards
 * do not pay a pointer each for them.
 */
#include "config.h"

#include <string.h>

#include "kt-card.h"

struct _KtCard
{
  GObject  parent_instance;

  /* Interned (GRefString): every card of a deck has the same topic and
   * source, so a big deck keeps one copy of each, not one per card. */
  char    *topic_id;
  char    *source_path;

  /* The id and every text field in one allocation, one after the other,
   * each with its NUL: a malloc per field cost more than a notes card's
   * overhead budget. The id is first, so an offset of 0 marks an optional
   * field as absent (NULL). */
  char    *text;
  guint32  question;
  guint32  answer;
  guint32  title;
  guint32  context;
  guint32  summary;
  guint32  notes;
  guint    source_line;
};

G_DEFINE_FINAL_TYPE (KtCard, kt_card, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TOPIC_ID,
  PROP_TITLE,
  PROP_CONTEXT,
  PROP_QUESTION,
  PROP_ANSWER,
  PROP_SUMMARY,
  PROP_NOTES,
  PROP_SOURCE_PATH,
  PROP_SOURCE_LINE,
  PROP_TAGS,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark tags_quark;
static GQuark key_quark;

static void
kt_card_finalize (GObject *object)
{
  KtCard *self = KT_CARD (object);

  g_clear_pointer (&self->topic_id, g_ref_string_release);
  g_clear_pointer (&self->source_path, g_ref_string_release);
  g_free (self->text);

  G_OBJECT_CLASS (kt_card_parent_class)->finalize (object);
}

static void
kt_card_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KtCard *self = KT_CARD (object);

  switch (prop_id)
    {
    case PROP_ID:          g_value_set_string (value, kt_card_get_id (self)); break;
    case PROP_TOPIC_ID:    g_value_set_string (value, self->topic_id); break;
    case PROP_TITLE:       g_value_set_string (value, kt_card_get_title (self)); break;
    case PROP_CONTEXT:     g_value_set_string (value, kt_card_get_context (self)); break;
    case PROP_QUESTION:    g_value_set_string (value, kt_card_get_question (self)); break;
    case PROP_ANSWER:      g_value_set_string (value, kt_card_get_answer (self)); break;
    case PROP_SUMMARY:     g_value_set_string (value, kt_card_get_summary (self)); break;
    case PROP_NOTES:       g_value_set_string (value, kt_card_get_notes (self)); break;
    case PROP_SOURCE_PATH: g_value_set_string (value, self->source_path); break;
    case PROP_SOURCE_LINE: g_value_set_uint (value, self->source_line); break;
    case PROP_TAGS:        g_value_set_boxed (value, kt_card_get_tags (self)); break;
    case PROP_KEY:         g_value_set_string (value, kt_card_get_key (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_card_class_init (KtCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kt_card_finalize;
  object_class->get_property = kt_card_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TOPIC_ID] = g_param_spec_string ("topic-id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_CONTEXT] = g_param_spec_string ("context", NULL, NULL, NULL, flags);
  properties[PROP_QUESTION] = g_param_spec_string ("question", NULL, NULL, NULL, flags);
  properties[PROP_ANSWER] = g_param_spec_string ("answer", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_PATH] = g_param_spec_string ("source-path", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_LINE] = g_param_spec_uint ("source-line", NULL, NULL,
                                                    0, G_MAXUINT, 0, flags);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  tags_quark = g_quark_from_static_string ("kt-card-tags");
  key_quark = g_quark_from_static_string ("kt-card-key");
}

static void
kt_card_init (KtCard *self)
{
}

/* Empty optional fields are stored as absent so "has a summary" is one
 * test; their length is 0 then and they take no room in the text. */
static gsize
optional_len (const char *s)
{
  return s != NULL && *s != '\0' ? strlen (s) + 1 : 0;
}

/* Copies @s (of @len bytes with its NUL) to @text at *@end and returns
 * its offset, or 0 for an absent field. */
static guint32
append_field (char       *text,
              gsize      *end,
              const char *s,
              gsize       len)
{
  guint32 offset = *end;

  if (len == 0)
    return 0;
  memcpy (text + *end, s, len);
  *end += len;
  return offset;
}

/**
 * kt_card_new:
 * @context: (nullable): the headings that group the card in its note,
 *   outermost first, joined with " › " (a breadcrumb; the card's own
 *   title is not part of it)
 */
KtCard *
kt_card_new (const char *id,
             const char *topic_id,
             const char *title,
             const char *context,
             const char *question,
             const char *answer,
             const char *summary,
             const char *notes,
             const char *source_path,
             guint       source_line)
{
  KtCard *self;
  gsize id_len, question_len, answer_len, title_len, context_len, summary_len, notes_len, total;
  gsize end = 0;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (question != NULL, NULL);

  if (answer == NULL)
    answer = "";
  id_len = strlen (id) + 1;
  question_len = strlen (question) + 1;
  answer_len = strlen (answer) + 1;
  title_len = optional_len (title);
  context_len = optional_len (context);
  summary_len = optional_len (summary);
  notes_len = optional_len (notes);
  total = id_len + question_len + answer_len + title_len + context_len + summary_len + notes_len;
  /* Offsets are 32-bit; a deck file is far smaller than 4 GiB. */
  g_return_val_if_fail (total <= G_MAXUINT32, NULL);

  self = g_object_new (KT_TYPE_CARD, NULL);
  self->text = g_malloc (total);
  append_field (self->text, &end, id, id_len);
  self->question = append_field (self->text, &end, question, question_len);
  self->answer = append_field (self->text, &end, answer, answer_len);
  self->title = append_field (self->text, &end, title, title_len);
  self->context = append_field (self->text, &end, context, context_len);
  self->summary = append_field (self->text, &end, summary, summary_len);
  self->notes = append_field (self->text, &end, notes, notes_len);
  self->topic_id = topic_id != NULL ? g_ref_string_new_intern (topic_id) : NULL;
  self->source_path = source_path != NULL ? g_ref_string_new_intern (source_path) : NULL;
  self->source_line = source_line;

  return self;
}

const char *
kt_card_get_id (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->text;
}

const char *
kt_card_get_topic_id (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->topic_id;
}

const char *
kt_card_get_title (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->title != 0 ? self->text + self->title : NULL;
}

const char *
kt_card_get_context (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->context != 0 ? self->text + self->context : NULL;
}

const char *
kt_card_get_question (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->text + self->question;
}

const char *
kt_card_get_answer (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->text + self->answer;
}

const char *
kt_card_get_summary (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->summary != 0 ? self->text + self->summary : NULL;
}

const char *
kt_card_get_notes (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->notes != 0 ? self->text + self->notes : NULL;
}

const char *
kt_card_get_source_path (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->source_path;
}

guint
kt_card_get_source_line (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), 0);
  return self->source_line;
}

/* Same card as far as a reader can tell: used to keep rows on reload. */
static void
free_tags (char **tags)
{
  for (char **tag = tags; *tag != NULL; tag++)
    g_ref_string_release (*tag);
  g_free (tags);
}

/**
 * kt_card_set_tags:
 * @tags: (nullable): the card's own tags (the topic's are apart)
 *
 * For parsers, before the card is added to a topic.
 */
void
kt_card_set_tags (KtCard             *self,
                  const char * const *tags)
{
  guint n = tags != NULL ? g_strv_length ((char **) tags) : 0;
  char **copy = NULL;

  g_return_if_fail (KT_IS_CARD (self));

  /* Interned: the cards of a deck share a few tags between them. */
  if (n > 0)
    {
      copy = g_new (char *, n + 1);
      for (guint i = 0; i < n; i++)
        copy[i] = g_ref_string_new_intern (tags[i]);
      copy[n] = NULL;
    }
  g_object_set_qdata_full (G_OBJECT (self), tags_quark, copy, (GDestroyNotify) free_tags);
}

/**
 * kt_card_get_tags:
 *
 * Returns: (transfer none): the card's tags, an empty list if it has none
 */
const char * const *
kt_card_get_tags (KtCard *self)
{
  static const char *const none[] = { NULL };
  const char * const *tags;

  g_return_val_if_fail (KT_IS_CARD (self), none);

  tags = g_object_get_qdata (G_OBJECT (self), tags_quark);
  return tags != NULL ? tags : none;
}

/**
 * kt_card_set_key:
 * @key: (nullable): what the card's id was made from instead of its
 *   question, such as the guid of an Anki note
 *
 * For parsers, before the card is added to a topic: a JSON deck written
 * from the card keeps the key, and so the id.
 */
void
kt_card_set_key (KtCard     *self,
                 const char *key)
{
  g_return_if_fail (KT_IS_CARD (self));

  g_object_set_qdata_full (G_OBJECT (self), key_quark,
                           key != NULL && *key != '\0' ? g_strdup (key) : NULL, g_free);
}

const char *
kt_card_get_key (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), key_quark);
}

gboolean
kt_card_equal_content (KtCard *self,
                       KtCard *other)
{
  g_return_val_if_fail (KT_IS_CARD (self), FALSE);
  g_return_val_if_fail (KT_IS_CARD (other), FALSE);

  return g_strcmp0 (kt_card_get_id (self), kt_card_get_id (other)) == 0 &&
         g_strv_equal ((const char * const *) kt_card_get_tags (self),
                       (const char * const *) kt_card_get_tags (other)) &&
         g_strcmp0 (kt_card_get_key (self), kt_card_get_key (other)) == 0 &&
         g_strcmp0 (kt_card_get_title (self), kt_card_get_title (other)) == 0 &&
         g_strcmp0 (kt_card_get_context (self), kt_card_get_context (other)) == 0 &&
         g_strcmp0 (kt_card_get_question (self), kt_card_get_question (other)) == 0 &&
         g_strcmp0 (kt_card_get_answer (self), kt_card_get_answer (other)) == 0 &&
         g_strcmp0 (kt_card_get_summary (self), kt_card_get_summary (other)) == 0 &&
         g_strcmp0 (kt_card_get_notes (self), kt_card_get_notes (other)) == 0 &&
         g_strcmp0 (self->source_path, other->source_path) == 0 &&
         self->source_line == other->source_line;
}
