/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns the notes of an Anki collection into the topics and cards of
 * Kartoteka JSON decks: each Anki deck one topic, "Parent::Child" the
 * path "Parent/Child", fields through the HTML converter (kt-html.c).
 *
 * Note types are read from their card templates, not their names (people
 * rename and translate them):
 *
 *   question/answer  every template's question shows one field and its
 *                    answer one other ("{{type:Back}}" counts): Basic, and
 *                    reversed, optional reversed and type-in. One card per
 *                    Anki card, that template's two fields.
 *   cloze            the note text ("{{cloze:Text}}") is written as it is,
 *                    and our cloze support (kt-cloze.c) makes its cards;
 *                    the answer template's other fields go to the answer.
 *   anything else    simplified, with one warning a note type: the first
 *                    field the front template shows is the question, the
 *                    other fields the answer, one card a note.
 *
 * Every card's key is its note's guid (and its number, after the first
 * card), from which its id is made, so importing again finds the same
 * cards. Notes' tags become their cards' and their topic's. The images a card shows are listed by the names in its fields,
 * for the importer to copy next to its deck.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-anki-notes.h"
#include "kt-anki-package.h"
#include "kt-html.h"

/* Room for a deck name's level in a file name, leaving some for " (2)" and
 * ".json" within the usual 255 bytes. */
#define MAX_LEVEL_BYTES 200

typedef enum {
  MAPPING_QA,
  MAPPING_CLOZE,
  MAPPING_SIMPLE,
} Mapping;

/* How the cards of one note type are made. */
typedef struct {
  Mapping  mapping;
  GArray  *questions;   /* (element-type int): by template, the question's field */
  GArray  *answers;     /* (element-type int): by template, the answer's field */
  int      main_field;  /* the cloze text, or the simplified question */
  GArray  *extra;       /* (element-type int): a cloze's other answer fields */
} Plan;

static void
plan_free (gpointer data)
{
  Plan *plan = data;

  g_array_unref (plan->questions);
  g_array_unref (plan->answers);
  g_array_unref (plan->extra);
  g_free (plan);
}

static void
entry_free (gpointer data)
{
  KtAnkiEntry *entry = data;

  g_free (entry->key);
  g_strfreev (entry->tags);
  g_free (entry->question);
  g_free (entry->answer);
  g_free (entry);
}

static void
topic_free (gpointer data)
{
  KtAnkiTopic *topic = data;

  g_free (topic->id);
  g_free (topic->title);
  g_ptr_array_unref (topic->entries);
  g_ptr_array_unref (topic->tags);
  g_hash_table_unref (topic->media);
  g_free (topic);
}

void
kt_anki_notes_free (KtAnkiNotes *notes)
{
  if (notes == NULL)
    return;

  g_ptr_array_unref (notes->topics);
  g_array_unref (notes->card_keys);
  g_ptr_array_unref (notes->warnings);
  g_free (notes);
}

/* -------------------------------------------------------------------------
 * Reading templates
 * ---------------------------------------------------------------------- */

/* A field a template shows: "{{Back}}", "{{type:Back}}", "{{cloze:Text}}". */
typedef struct {
  int      field;
  gboolean typed;
  gboolean cloze;
} Ref;

static int
field_index (KtAnkiNotetype *notetype,
             const char     *name,
             gsize           len)
{
  for (guint i = 0; i < notetype->fields->len; i++)
    {
      const char *field = g_ptr_array_index (notetype->fields, i);

      if (strlen (field) == len && strncmp (field, name, len) == 0)
        return i;
    }

  return -1;
}

/* The fields @format shows, in order; conditionals ({{#F}}, {{^F}},
 * {{/F}}) and {{FrontSide}} are not shown fields. */
static GArray *
template_refs (KtAnkiNotetype *notetype,
               const char     *format)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (Ref));
  const char *p = format;

  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *end = strstr (p + 2, "}}");
      g_autofree char *tag = NULL;
      const char *name;
      Ref ref = { -1, FALSE, FALSE };

      if (end == NULL)
        break;
      tag = g_strstrip (g_strndup (p + 2, end - p - 2));
      p = end + 2;
      if (*tag == '#' || *tag == '^' || *tag == '/' || *tag == '!' || g_str_equal (tag, "FrontSide"))
        continue;

      name = strrchr (tag, ':');
      name = name != NULL ? name + 1 : tag;
      while (*name == ' ')
        name++;
      ref.field = field_index (notetype, name, strlen (name));
      ref.typed = g_str_has_prefix (tag, "type:");
      ref.cloze = g_str_has_prefix (tag, "cloze:") || strstr (tag, ":cloze:") != NULL;
      if (ref.field >= 0)
        g_array_append_val (refs, ref);
    }

  return refs;
}

/* The one field @refs show, or -1 if they show none or several. @skip
 * leaves one field out; @typed says whether a type-in box counts. */
static int
single_field (GArray   *refs,
              int       skip,
              gboolean  typed)
{
  int found = -1;

  for (guint i = 0; i < refs->len; i++)
    {
      const Ref *ref = &g_array_index (refs, Ref, i);

      if (ref->field == skip || (ref->typed && !typed))
        continue;
      if (found >= 0 && found != ref->field)
        return -1;
      found = ref->field;
    }

  return found;
}

static Plan *
make_plan (KtAnkiNotetype *notetype)
{
  Plan *plan = g_new0 (Plan, 1);
  KtAnkiTemplate *front = notetype->templates->len > 0 ? g_ptr_array_index (notetype->templates, 0) : NULL;
  g_autoptr(GArray) front_refs = front != NULL ? template_refs (notetype, front->question_format)
                                               : g_array_new (FALSE, FALSE, sizeof (Ref));

  plan->questions = g_array_new (FALSE, FALSE, sizeof (int));
  plan->answers = g_array_new (FALSE, FALSE, sizeof (int));
  plan->extra = g_array_new (FALSE, FALSE, sizeof (int));
  plan->main_field = front_refs->len > 0 ? g_array_index (front_refs, Ref, 0).field : 0;

  if (notetype->cloze)
    {
      g_autoptr(GArray) back_refs = front != NULL ? template_refs (notetype, front->answer_format) : NULL;

      plan->mapping = MAPPING_CLOZE;
      for (guint i = 0; i < front_refs->len; i++)
        if (g_array_index (front_refs, Ref, i).cloze)
          {
            plan->main_field = g_array_index (front_refs, Ref, i).field;
            break;
          }
      for (guint i = 0; back_refs != NULL && i < back_refs->len; i++)
        {
          const Ref *ref = &g_array_index (back_refs, Ref, i);
          gboolean seen = ref->field == plan->main_field;

          for (guint k = 0; k < plan->extra->len && !seen; k++)
            seen = g_array_index (plan->extra, int, k) == ref->field;
          if (!seen)
            g_array_append_val (plan->extra, ref->field);
        }
      return plan;
    }

  plan->mapping = notetype->templates->len > 0 ? MAPPING_QA : MAPPING_SIMPLE;
  for (guint i = 0; i < notetype->templates->len && plan->mapping == MAPPING_QA; i++)
    {
      KtAnkiTemplate *template = g_ptr_array_index (notetype->templates, i);
      g_autoptr(GArray) question_refs = template_refs (notetype, template->question_format);
      g_autoptr(GArray) answer_refs = template_refs (notetype, template->answer_format);
      int question = single_field (question_refs, -1, FALSE);
      int answer = question >= 0 ? single_field (answer_refs, question, TRUE) : -1;

      if (question < 0 || answer < 0)
        plan->mapping = MAPPING_SIMPLE;
      g_array_append_val (plan->questions, question);
      g_array_append_val (plan->answers, answer);
    }

  return plan;
}

/* -------------------------------------------------------------------------
 * Fields
 * ---------------------------------------------------------------------- */

typedef struct {
  KtAnkiCollection *collection;
  KtAnkiNotes      *notes;
  GHashTable       *plans;        /* gint64* note type → Plan */
  GHashTable       *topics;       /* deck id → KtAnkiTopic (borrowed) */
  GHashTable       *topic_ids;    /* topic id → KtAnkiTopic (borrowed) */
  GHashTable       *media;        /* name → zip entry */
  KtHtmlDropped     dropped;
} Converter;

/* "&amp;" and the other entities a file name may hold in an attribute. */
static char *
decode_attribute (const char *value,
                  gsize       len)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
    { "&lt;", '<' }, { "&gt;", '>' },
  };
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      gboolean replaced = FALSE;

      if (value[i] == '&')
        for (guint k = 0; k < G_N_ELEMENTS (entities) && !replaced; k++)
          {
            gsize n = strlen (entities[k].entity);

            if (i + n <= len && strncmp (value + i, entities[k].entity, n) == 0)
              {
                g_string_append_c (out, entities[k].c);
                i += n - 1;
                replaced = TRUE;
              }
          }
      if (!replaced)
        g_string_append_c (out, value[i]);
    }

  return g_string_free (out, FALSE);
}

/* The src of every <img> in @html that names a file of the media map,
 * into @topic's media. */
static void
collect_images (Converter   *converter,
                KtAnkiTopic *topic,
                const char  *html)
{
  const char *p = html;

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *end;
      const char *src;

      p++;
      if (g_ascii_strncasecmp (p, "img", 3) != 0 || g_ascii_isalnum (p[3]))
        continue;
      end = strchr (p, '>');
      if (end == NULL)
        break;

      for (src = p + 3; src + 3 < end; src++)
        {
          const char *value;
          gsize len;
          char quote;
          g_autofree char *name = NULL;
          g_autofree char *unescaped = NULL;
          const char *entry;

          if (g_ascii_strncasecmp (src, "src", 3) != 0 || !g_ascii_isspace (src[-1]))
            continue;
          value = src + 3;
          while (value < end && g_ascii_isspace (*value))
            value++;
          if (value >= end || *value != '=')
            continue;
          value++;
          while (value < end && g_ascii_isspace (*value))
            value++;
          quote = value < end && (*value == '"' || *value == '\'') ? *value++ : '\0';
          for (len = 0; value + len < end; len++)
            if (quote != '\0' ? value[len] == quote : g_ascii_isspace (value[len]))
              break;

          name = decode_attribute (value, len);
          entry = g_hash_table_lookup (converter->media, name);
          if (entry == NULL)
            {
              unescaped = g_uri_unescape_string (name, NULL);
              if (unescaped != NULL)
                {
                  entry = g_hash_table_lookup (converter->media, unescaped);
                  if (entry != NULL)
                    {
                      g_free (name);
                      name = g_steal_pointer (&unescaped);
                    }
                }
            }
          if (entry != NULL)
            g_hash_table_replace (topic->media, g_steal_pointer (&name), g_strdup (entry));
          break;
        }
      p = end;
    }
}

static const char *
note_field (KtAnkiNote *note,
            int         index)
{
  if (index < 0)
    return "";
  for (int i = 0; i < index; i++)
    if (note->fields[i] == NULL)
      return "";

  return note->fields[index] != NULL ? note->fields[index] : "";
}

static char *
field_markdown (Converter   *converter,
                KtAnkiTopic *topic,
                const char  *html)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  char *markdown;

  collect_images (converter, topic, html);
  markdown = kt_html_to_markdown (html, -1, &dropped);
  converter->dropped |= dropped;

  return markdown;
}

/* The fields @indices of @note, or every field but @skip when @indices
 * is NULL, as markdown paragraphs; empty ones left out. */
static char *
fields_markdown (Converter   *converter,
                 KtAnkiTopic *topic,
                 KtAnkiNote  *note,
                 GArray      *indices,
                 int          skip)
{
  GString *out = g_string_new (NULL);
  guint n = indices != NULL ? indices->len : g_strv_length (note->fields);

  for (guint i = 0; i < n; i++)
    {
      int index = indices != NULL ? g_array_index (indices, int, i) : (int) i;
      g_autofree char *markdown = NULL;

      if (index == skip)
        continue;
      markdown = field_markdown (converter, topic, note_field (note, index));
      if (*g_strstrip (markdown) == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, markdown);
    }

  return g_string_free (out, FALSE);
}

/* -------------------------------------------------------------------------
 * Decks as topics
 * ---------------------------------------------------------------------- */

/* One level of a deck name as a file or folder name: no separators or
 * control characters, not hidden, not empty, not too long. */
static char *
safe_level (const char *level)
{
  g_autofree char *valid = g_utf8_make_valid (level, -1);
  GString *out = g_string_new (NULL);
  const char *end;

  for (const char *p = g_strstrip (valid); *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\')
        g_string_append_c (out, '-');
      else if (!g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  if (out->str[0] == '.')
    g_string_prepend_c (out, '_');
  if (out->len == 0)
    g_string_append_c (out, '_');

  if (out->len > MAX_LEVEL_BYTES)
    {
      g_utf8_validate (out->str, MAX_LEVEL_BYTES, &end);
      g_string_truncate (out, end - out->str);
    }

  return g_string_free (out, FALSE);
}

static KtAnkiTopic *
topic_for_deck (Converter *converter,
                gint64     deck)
{
  KtAnkiTopic *topic = g_hash_table_lookup (converter->topics, &deck);
  const char *name;
  g_auto(GStrv) levels = NULL;
  g_autofree char *id = NULL;

  if (topic != NULL)
    return topic;

  name = g_hash_table_lookup (converter->collection->decks, &deck);
  if (name == NULL || *name == '\0')
    name = _("Anki");
  levels = g_strsplit (name, "::", -1);
  for (guint i = 0; levels[i] != NULL; i++)
    {
      char *safe = safe_level (levels[i]);

      g_free (levels[i]);
      levels[i] = safe;
    }
  id = g_strjoinv ("/", levels);

  /* Two decks whose names differ only in what a file name cannot hold
   * ("A/B" and "A-B") share a file. */
  topic = g_hash_table_lookup (converter->topic_ids, id);
  if (topic == NULL)
    {
      const char *last = strrchr (name, ':');

      topic = g_new0 (KtAnkiTopic, 1);
      topic->id = g_steal_pointer (&id);
      topic->title = g_strstrip (g_strdup (last != NULL ? last + 1 : name));
      topic->entries = g_ptr_array_new_with_free_func (entry_free);
      topic->tags = g_ptr_array_new_null_terminated (0, g_free, TRUE);
      topic->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (converter->notes->topics, topic);
      g_hash_table_insert (converter->topic_ids, topic->id, topic);
    }
  g_hash_table_insert (converter->topics, g_memdup2 (&deck, sizeof deck), topic);

  return topic;
}

static void
add_tags (KtAnkiTopic *topic,
          KtAnkiNote  *note)
{
  for (guint i = 0; note->tags[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < topic->tags->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (topic->tags, k), note->tags[i]);
      if (!seen)
        g_ptr_array_add (topic->tags, g_strdup (note->tags[i]));
    }
}

static void
clear_card_key (gpointer data)
{
  g_free (((KtAnkiCardKey *) data)->key);
}

/* @card of the collection became the card @key of @topic. */
static void
add_card_key (Converter        *converter,
              const KtAnkiCard *card,
              KtAnkiTopic      *topic,
              char             *key)
{
  KtAnkiCardKey card_key = { *card, topic, key };

  g_array_append_val (converter->notes->card_keys, card_key);
}

static const char *
add_entry (KtAnkiTopic *topic,
           KtAnkiNote  *note,
           guint        ordinal,
           char        *question,
           char        *answer)
{
  KtAnkiEntry *entry = g_new0 (KtAnkiEntry, 1);

  /* Anki numbers a note's cards from 1 where people see them ("Card 2"). */
  entry->key = ordinal == 0 ? g_strdup (note->guid)
                            : g_strdup_printf ("%s/%u", note->guid, ordinal + 1);
  entry->tags = g_strdupv (note->tags);
  entry->question = question;
  entry->answer = answer;
  g_ptr_array_add (topic->entries, entry);
  add_tags (topic, note);

  return entry->key;
}

static Plan *
plan_for (Converter      *converter,
          KtAnkiNotetype *notetype)
{
  Plan *plan = g_hash_table_lookup (converter->plans, &notetype->id);

  if (plan != NULL)
    return plan;

  plan = make_plan (notetype);
  g_hash_table_insert (converter->plans, g_memdup2 (&notetype->id, sizeof (gint64)), plan);
  if (plan->mapping == MAPPING_SIMPLE)
    {
      const char *field = plan->main_field >= 0 && (guint) plan->main_field < notetype->fields->len
        ? g_ptr_array_index (notetype->fields, plan->main_field) : "";

      converter->notes->n_simplified++;
      g_ptr_array_add (converter->notes->warnings,
                       /* Translators: %s are a note type's name and a field's. */
                       g_strdup_printf (_("note type “%s” was simplified: its cards show "
                                          "“%s” as the question and its other fields as "
                                          "the answer, one card a note"),
                                        notetype->name, field));
    }

  return plan;
}

/* The cards of one note: @cards are its Anki cards, by ordinal. */
static void
convert_note (Converter        *converter,
              KtAnkiNote       *note,
              const KtAnkiCard *cards,
              guint             n_cards)
{
  KtAnkiNotetype *notetype = g_hash_table_lookup (converter->collection->notetypes, &note->notetype);
  Plan *plan;

  if (notetype == NULL)
    return;
  plan = plan_for (converter, notetype);

  if (plan->mapping != MAPPING_QA)
    {
      KtAnkiTopic *topic = topic_for_deck (converter, cards[0].deck);
      char *question = field_markdown (converter, topic, note_field (note, plan->main_field));
      char *answer = plan->mapping == MAPPING_CLOZE
        ? fields_markdown (converter, topic, note, plan->extra, plan->main_field)
        : fields_markdown (converter, topic, note, NULL, plan->main_field);

      const char *key = add_entry (topic, note,
                                   plan->mapping == MAPPING_CLOZE ? 0 : cards[0].ordinal,
                                   question, answer);

      /* Our cloze support keys the card of number N "key/cN"; a
       * simplified note is its first card alone. */
      if (plan->mapping == MAPPING_CLOZE)
        for (guint i = 0; i < n_cards; i++)
          add_card_key (converter, &cards[i], topic,
                        g_strdup_printf ("%s/c%u", key, cards[i].ordinal + 1));
      else
        add_card_key (converter, &cards[0], topic, g_strdup (key));
      return;
    }

  for (guint i = 0; i < n_cards; i++)
    {
      KtAnkiTopic *topic;
      const char *key;
      guint ordinal = cards[i].ordinal;

      if (ordinal >= plan->questions->len)
        continue;
      topic = topic_for_deck (converter, cards[i].deck);
      key = add_entry (topic, note, ordinal,
                       field_markdown (converter, topic,
                                       note_field (note, g_array_index (plan->questions, int, ordinal))),
                       field_markdown (converter, topic,
                                       note_field (note, g_array_index (plan->answers, int, ordinal))));
      add_card_key (converter, &cards[i], topic, g_strdup (key));
    }
}

static int
compare_topics (gconstpointer a,
                gconstpointer b)
{
  const KtAnkiTopic *ta = *(KtAnkiTopic * const *) a;
  const KtAnkiTopic *tb = *(KtAnkiTopic * const *) b;

  return g_utf8_collate (ta->id, tb->id);
}

/**
 * kt_anki_notes_convert:
 * @media: (element-type KtAnkiMedia): the package's media map
 *
 * Makes a topic of every Anki deck that has cards, with the JSON deck
 * entries of its notes (see the top of this file).
 *
 * Returns: (transfer full) (nullable): the topics, or %NULL if cancelled
 */
KtAnkiNotes *
kt_anki_notes_convert (KtAnkiCollection *collection,
                       GPtrArray        *media,
                       GCancellable     *cancellable)
{
  g_autoptr(KtAnkiNotes) notes = g_new0 (KtAnkiNotes, 1);
  Converter converter = { collection, notes };
  GArray *cards = collection->cards;

  notes->topics = g_ptr_array_new_with_free_func (topic_free);
  notes->warnings = g_ptr_array_new_with_free_func (g_free);
  notes->card_keys = g_array_new (FALSE, FALSE, sizeof (KtAnkiCardKey));
  g_array_set_clear_func (notes->card_keys, clear_card_key);
  converter.plans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, plan_free);
  converter.topics = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  converter.topic_ids = g_hash_table_new (g_str_hash, g_str_equal);
  converter.media = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < media->len; i++)
    {
      KtAnkiMedia *m = g_ptr_array_index (media, i);
      g_hash_table_insert (converter.media, m->name, m->entry);
    }

  /* The cards are ordered by note: each run is one note's. */
  for (guint i = 0, n_notes = 0; i < cards->len; n_notes++)
    {
      const KtAnkiCard *first = &g_array_index (cards, KtAnkiCard, i);
      KtAnkiNote *note = kt_anki_collection_find_note (collection, first->note);
      guint n = 1;

      while (i + n < cards->len && g_array_index (cards, KtAnkiCard, i + n).note == first->note)
        n++;
      if (note != NULL)
        convert_note (&converter, note, first, n);
      i += n;

      if (n_notes % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }

  if (converter.dropped & KT_HTML_DROPPED_SOUND)
    g_ptr_array_add (notes->warnings, g_strdup (_("sounds were left out: Kartoteka cannot play them")));
  if (converter.dropped & (KT_HTML_DROPPED_MEDIA | KT_HTML_DROPPED_SCRIPT))
    g_ptr_array_add (notes->warnings,
                     g_strdup (_("videos, scripts and styles in fields were left out")));

  g_ptr_array_sort (notes->topics, compare_topics);
  g_hash_table_unref (converter.media);
  g_hash_table_unref (converter.topic_ids);
  g_hash_table_unref (converter.topics);
  g_hash_table_unref (converter.plans);

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;
  return g_steal_pointer (&notes);
}

/**
 * kt_anki_media_name_is_safe:
 *
 * Whether a name from a package's media map may be a file next to a deck:
 * one plain name (no folders, not "." or "..", not hidden), no control
 * characters, short enough for a file system, and not a name the deck
 * folder would read as a deck or skip as a backup.
 */
gboolean
kt_anki_media_name_is_safe (const char *name)
{
  static const char *const deck_extensions[] = {
    ".json", ".md", ".markdown", ".txt", ".tsv", ".csv", ".apkg", ".colpkg",
  };
  g_autofree char *lower = NULL;

  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 240 ||
      !g_utf8_validate (name, -1, NULL) || strchr (name, '/') != NULL ||
      strchr (name, '\\') != NULL || g_str_has_suffix (name, "~"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  lower = g_utf8_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (deck_extensions); i++)
    if (g_str_has_suffix (lower, deck_extensions[i]))
      return FALSE;

  return TRUE;
}
