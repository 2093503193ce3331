/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtDeckFile is one file (or unreadable folder) of the library as the
 * Decks preferences show it: where it is, the deck folder it belongs to,
 * its title, how many cards it gave and what went wrong reading it. The
 * library keeps one per file and updates it at every reload, so rows
 * bound to it follow edits live.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-deck-file.h"

struct _KtDeckFile
{
  GObject  parent_instance;

  GFile   *file;
  GFile   *folder;
  char    *title;
  guint    n_cards;
  GStrv    problems;
};

G_DEFINE_FINAL_TYPE (KtDeckFile, kt_deck_file, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_FOLDER,
  PROP_TITLE,
  PROP_N_CARDS,
  PROP_N_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kt_deck_file_finalize (GObject *object)
{
  KtDeckFile *self = KT_DECK_FILE (object);

  g_clear_object (&self->file);
  g_clear_object (&self->folder);
  g_free (self->title);
  g_strfreev (self->problems);

  G_OBJECT_CLASS (kt_deck_file_parent_class)->finalize (object);
}

static void
kt_deck_file_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KtDeckFile *self = KT_DECK_FILE (object);

  switch (prop_id)
    {
    case PROP_FILE:       g_value_set_object (value, self->file); break;
    case PROP_FOLDER:     g_value_set_object (value, self->folder); break;
    case PROP_TITLE:      g_value_set_string (value, self->title); break;
    case PROP_N_CARDS:    g_value_set_uint (value, self->n_cards); break;
    case PROP_N_PROBLEMS: g_value_set_uint (value, g_strv_length (self->problems)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_deck_file_class_init (KtDeckFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kt_deck_file_finalize;
  object_class->get_property = kt_deck_file_get_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_FOLDER] = g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_N_CARDS] = g_param_spec_uint ("n-cards", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_PROBLEMS] = g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_deck_file_init (KtDeckFile *self)
{
  self->problems = g_new0 (char *, 1);
}

/**
 * kt_deck_file_new:
 * @folder: (nullable): the deck folder @file was found in
 *
 * Returns: (transfer full): a file with no cards and no problems yet,
 *   titled by its name
 */
KtDeckFile *
kt_deck_file_new (GFile *file,
                  GFile *folder)
{
  KtDeckFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (KT_TYPE_DECK_FILE, NULL);
  self->file = g_object_ref (file);
  self->folder = folder != NULL ? g_object_ref (folder) : NULL;
  self->title = g_file_get_basename (file);

  return self;
}

GFile *
kt_deck_file_get_file (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), NULL);
  return self->file;
}

/* Returns: (transfer none) (nullable): the deck folder it is in */
GFile *
kt_deck_file_get_folder (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), NULL);
  return self->folder;
}

const char *
kt_deck_file_get_title (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), NULL);
  return self->title;
}

guint
kt_deck_file_get_n_cards (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), 0);
  return self->n_cards;
}

guint
kt_deck_file_get_n_problems (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), 0);
  return g_strv_length (self->problems);
}

/**
 * kt_deck_file_get_problems:
 *
 * Returns: (transfer none): what went wrong reading it, for people: "line
 *   6: item 2 has no answer", or the message alone where there is no line
 */
const char * const *
kt_deck_file_get_problems (KtDeckFile *self)
{
  g_return_val_if_fail (KT_IS_DECK_FILE (self), NULL);
  return (const char * const *) self->problems;
}

/**
 * kt_deck_file_update:
 *
 * Takes the title, card count and problems from what reading the file
 * gave; a file of one topic is titled by it, others by the file name.
 */
void
kt_deck_file_update (KtDeckFile   *self,
                     const KtDeck *deck)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *title = NULL;
  g_auto(GStrv) problems = NULL;
  guint n_cards;

  g_return_if_fail (KT_IS_DECK_FILE (self));
  g_return_if_fail (deck != NULL);

  if (deck->topics->len == 1)
    title = g_strdup (kt_topic_get_title (g_ptr_array_index (deck->topics, 0)));
  else
    title = g_file_get_basename (self->file);

  for (guint i = 0; i < deck->diagnostics->len; i++)
    {
      const KtDiagnostic *d = &g_array_index (deck->diagnostics, KtDiagnostic, i);

      g_autofree char *line = NULL;

      if (d->line > 0)
        /* Translators: a problem in a deck file: "line 6: item 2 has no answer". */
        line = g_strdup_printf (_("line %u: %s"), d->line, d->message);
      g_strv_builder_add (builder, line != NULL ? line : d->message);
    }
  problems = g_strv_builder_end (builder);
  n_cards = kt_deck_count_cards (deck);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (self->n_cards != n_cards)
    {
      self->n_cards = n_cards;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CARDS]);
    }
  if (!g_strv_equal ((const char * const *) self->problems, (const char * const *) problems))
    {
      guint before = g_strv_length (self->problems);

      g_strfreev (self->problems);
      self->problems = g_steal_pointer (&problems);
      if (before != g_strv_length (self->problems))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
