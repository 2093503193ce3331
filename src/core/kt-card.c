/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtCard is one flashcard as parsed from a deck. Its fields never change
 * after parsing: an edited deck produces new cards, and KtTopic swaps
 * them in. Scheduling state lives in KtProgress, keyed by the card id.
 */
#include "config.h"

#include "kt-card.h"

struct _KtCard
{
  GObject  parent_instance;

  char    *id;
  /* Interned (GRefString): every card of a deck has the same topic and
   * source, so a big deck keeps one copy of each, not one per card. */
  char    *topic_id;
  char    *title;
  char    *question;
  char    *answer;
  char    *summary;
  char    *notes;
  char    *source_path;
  guint    source_line;
};

G_DEFINE_FINAL_TYPE (KtCard, kt_card, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TOPIC_ID,
  PROP_TITLE,
  PROP_QUESTION,
  PROP_ANSWER,
  PROP_SUMMARY,
  PROP_NOTES,
  PROP_SOURCE_PATH,
  PROP_SOURCE_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kt_card_finalize (GObject *object)
{
  KtCard *self = KT_CARD (object);

  g_free (self->id);
  g_clear_pointer (&self->topic_id, g_ref_string_release);
  g_free (self->title);
  g_free (self->question);
  g_free (self->answer);
  g_free (self->summary);
  g_free (self->notes);
  g_clear_pointer (&self->source_path, g_ref_string_release);

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
    case PROP_ID:          g_value_set_string (value, self->id); break;
    case PROP_TOPIC_ID:    g_value_set_string (value, self->topic_id); break;
    case PROP_TITLE:       g_value_set_string (value, self->title); break;
    case PROP_QUESTION:    g_value_set_string (value, self->question); break;
    case PROP_ANSWER:      g_value_set_string (value, self->answer); break;
    case PROP_SUMMARY:     g_value_set_string (value, self->summary); break;
    case PROP_NOTES:       g_value_set_string (value, self->notes); break;
    case PROP_SOURCE_PATH: g_value_set_string (value, self->source_path); break;
    case PROP_SOURCE_LINE: g_value_set_uint (value, self->source_line); break;
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
  properties[PROP_QUESTION] = g_param_spec_string ("question", NULL, NULL, NULL, flags);
  properties[PROP_ANSWER] = g_param_spec_string ("answer", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_PATH] = g_param_spec_string ("source-path", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_LINE] = g_param_spec_uint ("source-line", NULL, NULL,
                                                    0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_card_init (KtCard *self)
{
}

/* Empty optional fields are stored as NULL so "has a summary" is one test. */
static char *
dup_or_null (const char *s)
{
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

KtCard *
kt_card_new (const char *id,
             const char *topic_id,
             const char *title,
             const char *question,
             const char *answer,
             const char *summary,
             const char *notes,
             const char *source_path,
             guint       source_line)
{
  KtCard *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (KT_TYPE_CARD, NULL);
  self->id = g_strdup (id);
  self->topic_id = topic_id != NULL ? g_ref_string_new_intern (topic_id) : NULL;
  self->title = dup_or_null (title);
  self->question = g_strdup (question);
  self->answer = g_strdup (answer != NULL ? answer : "");
  self->summary = dup_or_null (summary);
  self->notes = dup_or_null (notes);
  self->source_path = source_path != NULL ? g_ref_string_new_intern (source_path) : NULL;
  self->source_line = source_line;

  return self;
}

const char *
kt_card_get_id (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->id;
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
  return self->title;
}

const char *
kt_card_get_question (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->question;
}

const char *
kt_card_get_answer (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->answer;
}

const char *
kt_card_get_summary (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->summary;
}

const char *
kt_card_get_notes (KtCard *self)
{
  g_return_val_if_fail (KT_IS_CARD (self), NULL);
  return self->notes;
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
gboolean
kt_card_equal_content (KtCard *self,
                       KtCard *other)
{
  g_return_val_if_fail (KT_IS_CARD (self), FALSE);
  g_return_val_if_fail (KT_IS_CARD (other), FALSE);

  return g_strcmp0 (self->id, other->id) == 0 &&
         g_strcmp0 (self->title, other->title) == 0 &&
         g_strcmp0 (self->question, other->question) == 0 &&
         g_strcmp0 (self->answer, other->answer) == 0 &&
         g_strcmp0 (self->summary, other->summary) == 0 &&
         g_strcmp0 (self->notes, other->notes) == 0 &&
         g_strcmp0 (self->source_path, other->source_path) == 0 &&
         self->source_line == other->source_line;
}
