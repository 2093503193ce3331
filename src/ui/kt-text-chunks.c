/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtTextChunks is one field of a card as a GListModel of GtkStringObjects:
 * its lines, longer ones wrapped here at a space (or anywhere, without one)
 * within CHUNK_BYTES, so that each row is one line of text. That is what a
 * GtkListView needs to show a text of megabytes at the cost of the rows on
 * screen: GTK 4.8 makes some thirty rows whatever their size, and a row
 * that wraps is laid out at tens of microseconds a character, over and
 * over. (A GtkTextView would lay out all of a 50 MB text in the background,
 * minutes of work; a GtkStringList would copy it.) The text stays where it
 * is, in the card, which the model holds; a row's string is made when the
 * row is shown. Finding the rows of 50 MB takes 70–140 ms, too long for
 * one go on the main loop: the first INDEX_SLICE bytes are found at once,
 * the rest in idle time, the rows added as they are found.
 */
#include "config.h"

#include <string.h>

#include "kt-text-chunks.h"

/* Bytes of text at most in one row: a line of some 100 characters (or 80
 * in Cyrillic), and how far back to look for a space to wrap at. */
#define CHUNK_BYTES 160
#define WRAP_BACK   40
/* Bytes of text looked through at a time: a millisecond or two. */
#define INDEX_SLICE (512 * 1024)

struct _KtTextChunks
{
  GObject     parent_instance;

  KtCard     *card;     /* holds the text */
  const char *text;     /* borrowed from card */
  GArray     *starts;   /* gsize offset of each chunk found */
  gsize       indexed;  /* where the last chunk found ends */
  gboolean    complete; /* every chunk found */
  guint       index_source;
};

enum {
  PROP_0,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtTextChunks, kt_text_chunks, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kt_text_chunks_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
kt_text_chunks_get_n_items (GListModel *model)
{
  KtTextChunks *self = KT_TEXT_CHUNKS (model);

  return self->starts->len;
}

static gpointer
kt_text_chunks_get_item (GListModel *model,
                         guint       position)
{
  KtTextChunks *self = KT_TEXT_CHUNKS (model);
  gsize start, end;
  g_autofree char *chunk = NULL;

  if (position >= self->starts->len)
    return NULL;

  start = g_array_index (self->starts, gsize, position);
  end = position + 1 < self->starts->len ? g_array_index (self->starts, gsize, position + 1)
                                         : self->indexed;
  /* A line's own newline ends the row, not the row's text. */
  if (end > start && self->text[end - 1] == '\n')
    end--;
  chunk = g_strndup (self->text + start, end - start);

  return gtk_string_object_new (chunk);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_text_chunks_get_item_type;
  iface->get_n_items = kt_text_chunks_get_n_items;
  iface->get_item = kt_text_chunks_get_item;
}

static void
kt_text_chunks_finalize (GObject *object)
{
  KtTextChunks *self = KT_TEXT_CHUNKS (object);

  g_clear_handle_id (&self->index_source, g_source_remove);
  g_array_unref (self->starts);
  g_clear_object (&self->card);

  G_OBJECT_CLASS (kt_text_chunks_parent_class)->finalize (object);
}

static void
kt_text_chunks_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtTextChunks *self = KT_TEXT_CHUNKS (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, kt_text_chunks_get_complete (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_text_chunks_class_init (KtTextChunksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kt_text_chunks_finalize;
  object_class->get_property = kt_text_chunks_get_property;

  /* Whether every row of the text is in the model. */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_text_chunks_init (KtTextChunks *self)
{
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
}

/* Finds the rows of the next INDEX_SLICE bytes and adds them; for the
 * idle source until the text is done. The text's end is looked for a
 * slice at a time too: one strlen() of 50 MB can take tens of
 * milliseconds when its pages are not at hand. */
static gboolean
index_slice (gpointer data)
{
  KtTextChunks *self = data;
  const char *text = self->text;
  gsize start = self->indexed;
  /* The text as far as this slice's last row can reach */
  gsize reach = start + strnlen (text + start, INDEX_SLICE + CHUNK_BYTES);
  gboolean at_end = text[reach] == '\0';
  gsize stop = at_end ? reach : start + INDEX_SLICE;
  guint before = self->starts->len;

  while (start < stop)
    {
      gsize end = MIN (start + CHUNK_BYTES, reach);
      const char *newline = memchr (text + start, '\n', end - start);

      g_array_append_val (self->starts, start);
      if (newline != NULL)
        end = newline - text + 1;
      else if (end < reach)
        {
          gsize space = end;

          while (space > end - WRAP_BACK && text[space - 1] != ' ')
            space--;
          if (space > end - WRAP_BACK)
            end = space;
          else
            /* No space near: where a character begins */
            while ((text[end] & 0xC0) == 0x80)
              end--;
        }
      start = end;
    }
  self->indexed = start;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->starts->len - before);

  if (!at_end)
    return G_SOURCE_CONTINUE;

  self->complete = TRUE;
  self->index_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  return G_SOURCE_REMOVE;
}

/**
 * kt_text_chunks_new:
 * @card: the card @text belongs to, kept as long as the model
 * @text: one of @card's fields, valid UTF-8
 *
 * The rows of the first INDEX_SLICE bytes are there at once; those of a
 * longer text come in idle time (see #KtTextChunks:complete).
 *
 * Returns: (transfer full): the rows of @text
 */
KtTextChunks *
kt_text_chunks_new (KtCard     *card,
                    const char *text)
{
  KtTextChunks *self;

  g_return_val_if_fail (KT_IS_CARD (card), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (KT_TYPE_TEXT_CHUNKS, NULL);
  self->card = g_object_ref (card);
  self->text = text;

  if (*text == '\0')
    {
      /* One empty row */
      g_array_append_val (self->starts, self->indexed);
      self->complete = TRUE;
      return self;
    }
  if (index_slice (self) == G_SOURCE_CONTINUE)
    self->index_source = g_idle_add (index_slice, self);

  return self;
}

gboolean
kt_text_chunks_get_complete (KtTextChunks *self)
{
  g_return_val_if_fail (KT_IS_TEXT_CHUNKS (self), FALSE);

  return self->complete;
}
