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
 * row is shown.
 */
#include "config.h"

#include <string.h>

#include "kt-text-chunks.h"

/* Bytes of text at most in one row: a line of some 100 characters (or 80
 * in Cyrillic), and how far back to look for a space to wrap at. */
#define CHUNK_BYTES 160
#define WRAP_BACK   40

struct _KtTextChunks
{
  GObject     parent_instance;

  KtCard     *card;     /* holds the text */
  const char *text;     /* borrowed from card */
  GArray     *starts;   /* gsize offset of each chunk, then the end of the text */
};

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

  return self->starts->len - 1;
}

static gpointer
kt_text_chunks_get_item (GListModel *model,
                         guint       position)
{
  KtTextChunks *self = KT_TEXT_CHUNKS (model);
  gsize start, end;
  g_autofree char *chunk = NULL;

  if (position + 1 >= self->starts->len)
    return NULL;

  start = g_array_index (self->starts, gsize, position);
  end = g_array_index (self->starts, gsize, position + 1);
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

  g_array_unref (self->starts);
  g_clear_object (&self->card);

  G_OBJECT_CLASS (kt_text_chunks_parent_class)->finalize (object);
}

static void
kt_text_chunks_class_init (KtTextChunksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_text_chunks_finalize;
}

static void
kt_text_chunks_init (KtTextChunks *self)
{
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
}

/**
 * kt_text_chunks_new:
 * @card: the card @text belongs to, kept as long as the model
 * @text: one of @card's fields, valid UTF-8
 *
 * Returns: (transfer full): the rows of @text
 */
KtTextChunks *
kt_text_chunks_new (KtCard     *card,
                    const char *text)
{
  KtTextChunks *self;
  gsize length, start = 0;

  g_return_val_if_fail (KT_IS_CARD (card), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (KT_TYPE_TEXT_CHUNKS, NULL);
  self->card = g_object_ref (card);
  self->text = text;

  length = strlen (text);
  do
    {
      gsize end = MIN (start + CHUNK_BYTES, length);
      const char *newline = memchr (text + start, '\n', end - start);

      g_array_append_val (self->starts, start);
      if (newline != NULL)
        end = newline - text + 1;
      else if (end < length)
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
  while (start < length);
  g_array_append_val (self->starts, length);

  return self;
}
