/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtTextWindow shows one field of a card whole, for the fields the card
 * view shows only the start of (see kt-markdown.c): the raw text, built
 * when asked for, in a list of rows of a line each (KtTextChunks), so that
 * only what is on screen is ever laid out and a text of 50 MB opens as
 * fast as one of 50 KB.
 */
#include "config.h"

#include "kt-markdown.h"
#include "kt-text-chunks.h"
#include "kt-text-window.h"

struct _KtTextWindow
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkListView    *text_list;
};

G_DEFINE_FINAL_TYPE (KtTextWindow, kt_text_window, ADW_TYPE_WINDOW)

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* A row is a line already (see kt-text-chunks.c): no wrapping. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Selectable by mouse; as in the card view, no focus stop (in GTK 4.8
   * a selectable label answers the focus chain even when not focusable). */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_list_item_set_child (item, label);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkStringObject *line = gtk_list_item_get_item (item);

  /* Text, never markup: deck content. */
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (line));
}

static void
kt_text_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KT_TYPE_TEXT_WINDOW);

  G_OBJECT_CLASS (kt_text_window_parent_class)->dispose (object);
}

static void
kt_text_window_class_init (KtTextWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_text_window_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-text-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtTextWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtTextWindow, text_list);
}

static void
kt_text_window_init (KtTextWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->text_list, factory);
}

/**
 * kt_text_window_new:
 * @card: the card @text belongs to; kept while the window is open
 * @title: what the text is, such as "Answer"
 * @text: the field of @card to show, valid UTF-8
 */
KtTextWindow *
kt_text_window_new (GtkWindow  *parent,
                    KtCard     *card,
                    const char *title,
                    const char *text)
{
  KtTextWindow *self;
  g_autofree char *question = NULL;
  g_autoptr(KtTextChunks) chunks = NULL;

  g_return_val_if_fail (KT_IS_CARD (card), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (KT_TYPE_TEXT_WINDOW, "transient-for", parent, NULL);

  question = kt_markdown_to_preview (kt_card_get_question (card), 80);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, question);
  gtk_window_set_title (GTK_WINDOW (self), title);

  chunks = kt_text_chunks_new (card, text);
  gtk_list_view_set_model (self->text_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&chunks)))));

  return self;
}
