/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtBrowsePage lists the cards of the chosen topic (or of all topics),
 * filtered as the user types, beside the selected card: the plain
 * "click through the cards". A KtSearchModel does the filtering on worker
 * threads, so a keystroke never stalls the window even at 100 000 cards;
 * its index is built when the page is first shown.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kt-browse-page.h"
#include "kt-card-view.h"
#include "kt-library.h"
#include "kt-search-model.h"

struct _KtBrowsePage
{
  GtkWidget           parent_instance;

  /* Owned References */
  GListModel         *cards;
  KtLibrary          *library;
  KtSearchModel      *filtered;
  GtkSingleSelection *selection;

  /* Template Widgets */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *card_list;
  KtCardView         *card_view;
  GtkLabel           *position_label;
};

G_DEFINE_FINAL_TYPE (KtBrowsePage, kt_browse_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CARDS,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where the card is: "System Design › Core". */
static char *
topic_title_for (KtBrowsePage *self,
                 KtCard       *card)
{
  char *place = self->library != NULL ? kt_library_dup_breadcrumb (self->library, card) : NULL;

  return place != NULL ? place : g_strdup ("");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *question = gtk_label_new (NULL);
  GtkWidget *topic = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (question), 0);
  gtk_label_set_wrap (GTK_LABEL (question), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (question), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (question), 2);
  gtk_label_set_ellipsize (GTK_LABEL (question), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (topic), 0);
  gtk_label_set_ellipsize (GTK_LABEL (topic), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (topic, "caption");
  gtk_widget_add_css_class (topic, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), question);
  gtk_box_append (GTK_BOX (box), topic);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  KtBrowsePage *self = user_data;
  KtCard *card = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *question = gtk_widget_get_first_child (box);
  GtkWidget *topic = gtk_widget_get_next_sibling (question);
  g_autofree char *place = topic_title_for (self, card);

  /* Plain text, never markup: this is deck content. */
  gtk_label_set_text (GTK_LABEL (question), kt_card_get_question (card));
  gtk_label_set_text (GTK_LABEL (topic), place);
}

static void
update_position (KtBrowsePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint pos = gtk_single_selection_get_selected (self->selection);
  KtCard *card = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *place = card != NULL ? topic_title_for (self, card) : NULL;

  kt_card_view_set_card (self->card_view, card);
  kt_card_view_set_revealed (self->card_view, card != NULL);
  g_object_set (self->card_view, "topic-title", place, NULL);

  if (card != NULL)
    {
      /* Translators: position in the card list, "3 / 10". */
      g_autofree char *text = g_strdup_printf (_("%u / %u"), pos + 1, n);
      gtk_label_set_text (self->position_label, text);
    }
  else
    gtk_label_set_text (self->position_label, "");

  /* "No Cards Found" only once the search says so, not on the way. */
  if (n > 0 || !kt_search_model_get_searching (self->filtered))
    gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "browse.previous", card != NULL && pos > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "browse.next", card != NULL && pos + 1 < n);
}

static void
select_position (KtBrowsePage *self,
                 guint         pos)
{
  if (pos >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->card_list), "list.scroll-to-item", "u", pos);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (widget);
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (pos != GTK_INVALID_LIST_POSITION && pos > 0)
    select_position (self, pos - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (widget);
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (pos != GTK_INVALID_LIST_POSITION)
    select_position (self, pos + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->card_list));
}

static void
on_search_entry_search_changed_cb (KtBrowsePage   *self,
                                   GtkSearchEntry *entry)
{
  kt_browse_page_set_query (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_entry_activate_cb (KtBrowsePage   *self,
                             GtkSearchEntry *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      select_position (self, 0);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
on_card_list_activate_cb (KtBrowsePage *self,
                          guint         position,
                          GtkListView  *list)
{
  select_position (self, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Shown, a search is likely soon: have its index ready before the first
 * keystroke. */
static void
on_map_cb (KtBrowsePage *self)
{
  kt_search_model_prepare (self->filtered);
}

static void
kt_browse_page_dispose (GObject *object)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_BROWSE_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->cards);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kt_browse_page_parent_class)->dispose (object);
}

static void
kt_browse_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CARDS:   g_value_set_object (value, self->cards); break;
    case PROP_LIBRARY: g_value_set_object (value, self->library); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_browse_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtBrowsePage *self = KT_BROWSE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CARDS:
      kt_browse_page_set_cards (self, g_value_get_object (value));
      break;

    case PROP_LIBRARY:
      if (g_set_object (&self->library, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_browse_page_class_init (KtBrowsePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_browse_page_dispose;
  object_class->get_property = kt_browse_page_get_property;
  object_class->set_property = kt_browse_page_set_property;

  properties[PROP_CARDS] =
    g_param_spec_object ("cards", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "browse.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "browse.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "browse.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "browse.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "browse.next", NULL);

  g_type_ensure (KT_TYPE_CARD_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-browse-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_list);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_view);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, position_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_card_list_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kt_browse_page_init (KtBrowsePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filtered = kt_search_model_new (NULL);
  g_signal_connect_object (self->filtered, "notify::searching",
                           G_CALLBACK (update_position), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (update_position), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (update_position), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->card_list, factory);
  gtk_list_view_set_model (self->card_list, GTK_SELECTION_MODEL (self->selection));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_position (self);
}

GListModel *
kt_browse_page_get_cards (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), NULL);
  return self->cards;
}

void
kt_browse_page_set_cards (KtBrowsePage *self,
                          GListModel   *cards)
{
  g_return_if_fail (KT_IS_BROWSE_PAGE (self));

  if (!g_set_object (&self->cards, cards))
    return;

  kt_search_model_set_model (self->filtered, cards);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    kt_search_model_prepare (self->filtered);
  update_position (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARDS]);
}

void
kt_browse_page_focus_search (KtBrowsePage *self)
{
  g_return_if_fail (KT_IS_BROWSE_PAGE (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

KtCard *
kt_browse_page_get_selected (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

guint
kt_browse_page_get_n_shown (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/* Whether the cards shown may not match the query yet. */
gboolean
kt_browse_page_get_searching (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), FALSE);
  return kt_search_model_get_searching (self->filtered);
}

/**
 * kt_browse_page_set_query:
 *
 * Filters the list; the cards shown change once the search, which runs
 * on worker threads, is done.
 */
void
kt_browse_page_set_query (KtBrowsePage *self,
                          const char   *query)
{
  g_return_if_fail (KT_IS_BROWSE_PAGE (self));

  kt_search_model_set_query (self->filtered, query);

  /* Quietly: emptied on the way, the entry would search for "" at once. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), query) != 0)
    {
      g_signal_handlers_block_by_func (self->search_entry, on_search_entry_search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
      g_signal_handlers_unblock_by_func (self->search_entry, on_search_entry_search_changed_cb, self);
    }
}
