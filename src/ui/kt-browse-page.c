/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtBrowsePage lists the cards of the chosen topic (or of all topics),
 * filtered as the user types, beside the selected card: the plain
 * "click through the cards". A KtSearchModel does the filtering on worker
 * threads, so a keystroke never stalls the window even at 100 000 cards;
 * its index is built when the page is first shown.
 *
 * By keyboard: ← and → step through the cards from the list and from the
 * card (never from the search entry, where they move the caret); the
 * list is one Tab stop, its rows reached with the arrows; Escape clears
 * the search, and a second one leaves it for the list. Folded (a phone),
 * a tap on a row opens its card, and the window's back button returns to
 * the list ("can-go-back").
 *
 * The card shown can be suspended and unsuspended (browse.suspend, a
 * property action on "suspended", Ctrl+J as in Anki's browser); the bar
 * under it says whether it is suspended or buried, and the list labels
 * and dims suspended cards.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kt-browse-page.h"
#include "kt-card-view.h"
#include "kt-library.h"
#include "kt-markdown.h"
#include "kt-progress.h"
#include "kt-search-model.h"

/* Characters of a question in a list row: more than two lines hold. */
#define ROW_CHARS 200

struct _KtBrowsePage
{
  GtkWidget           parent_instance;

  /* Owned References */
  GListModel         *cards;
  KtLibrary          *library;
  KtProgress         *progress;
  GSignalGroup       *progress_signals;
  KtSearchModel      *filtered;
  GtkSingleSelection *selection;

  /* Template Widgets */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *card_list;
  GtkWidget          *card_pane;
  GtkStack           *card_stack;
  KtCardView         *card_view;
  AdwStatusPage      *card_status;
  GtkLabel           *position_label;
  GtkLabel           *hold_label;
  GtkButton          *suspend_button;
};

G_DEFINE_FINAL_TYPE (KtBrowsePage, kt_browse_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CARDS,
  PROP_LIBRARY,
  PROP_PROGRESS,
  PROP_SUSPENDED,
  PROP_CAN_GO_BACK,
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
  /* The row's place in the list, for focus_selected_row() */
  g_object_set_data (G_OBJECT (box), "list-item", item);
}

static gboolean
is_suspended (KtBrowsePage *self,
              KtCard       *card)
{
  return self->progress != NULL && card != NULL &&
         kt_progress_is_suspended (self->progress, kt_card_get_id (card));
}

/* The row's second line says where the card is, and that it is
 * suspended; its question is dimmed then. */
static void
update_row_hold (KtBrowsePage *self,
                 GtkWidget    *box,
                 KtCard       *card)
{
  GtkWidget *question = gtk_widget_get_first_child (box);
  GtkWidget *topic = gtk_widget_get_next_sibling (question);
  g_autofree char *place = topic_title_for (self, card);
  gboolean suspended = is_suspended (self, card);

  if (suspended)
    {
      /* Translators: the second line of a suspended card in the Browse
       * list; %s is where the card is, as "Biology › Cells". */
      g_autofree char *text = g_strdup_printf (_("Suspended · %s"), place);

      gtk_label_set_text (GTK_LABEL (topic), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (topic), place);

  if (suspended)
    gtk_widget_add_css_class (question, "dim-label");
  else
    gtk_widget_remove_css_class (question, "dim-label");
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
  /* Plain text, never markup: this is deck content. Its markdown is
   * read for the text, not shown as characters. */
  g_autofree char *text = kt_markdown_to_preview (kt_card_get_question (card), ROW_CHARS);

  gtk_label_set_text (GTK_LABEL (question), text);
  update_row_hold (self, box, card);
}

/* What the bar under the card says of it, and what its button does. */
static void
update_hold (KtBrowsePage *self)
{
  KtCard *card = gtk_single_selection_get_selected_item (self->selection);
  gint64 buried_until = self->progress != NULL && card != NULL
                        ? kt_progress_get_buried_until (self->progress, kt_card_get_id (card)) : 0;
  gboolean suspended = is_suspended (self, card);

  if (suspended)
    gtk_label_set_text (self->hold_label, _("Suspended"));
  else if (buried_until != 0)
    {
      gint64 day_start_us, day_end_us;

      kt_progress_get_day_bounds (self->progress, g_get_real_time (), &day_start_us, &day_end_us);
      if (buried_until <= day_end_us)
        gtk_label_set_text (self->hold_label, _("Buried until tomorrow"));
      else
        {
          g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (buried_until / G_USEC_PER_SEC);
          g_autofree char *date = g_date_time_format (until, "%x");
          /* Translators: %s is a date */
          g_autofree char *text = g_strdup_printf (_("Buried until %s"), date);

          gtk_label_set_text (self->hold_label, text);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hold_label), suspended || buried_until != 0);

  gtk_button_set_label (self->suspend_button, suspended ? _("Unsuspend") : _("Suspend"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->suspend_button),
                               suspended ? _("Study the card again (Ctrl+J)")
                                         : _("Leave the card out of study until it is unsuspended (Ctrl+J)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "browse.suspend",
                                 self->progress != NULL && card != NULL);
}

/* A card was suspended or unsuspended, here or by an import: the rows
 * shown and the bar follow. */
static void
on_progress_changed_cb (KtBrowsePage *self,
                        const char   *card_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->card_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkListItem *item = box != NULL ? g_object_get_data (G_OBJECT (box), "list-item") : NULL;
      KtCard *card = item != NULL ? gtk_list_item_get_item (item) : NULL;

      if (card != NULL && g_str_equal (kt_card_get_id (card), card_id))
        update_row_hold (self, box, card);
    }

  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUSPENDED]);
}

/* What the card pane says when there is no card to show. */
static void
update_card_status (KtBrowsePage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*query != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (query, -1);
      /* Translators: %s is what was searched for. */
      g_autofree char *description =
        g_strdup_printf (_("No card holds “%s”. Try other words, or press Escape to clear the search."),
                         escaped);

      adw_status_page_set_icon_name (self->card_status, "edit-find-symbolic");
      adw_status_page_set_title (self->card_status, _("Nothing to Show"));
      adw_status_page_set_description (self->card_status, description);
    }
  else
    {
      adw_status_page_set_icon_name (self->card_status, "view-list-symbolic");
      adw_status_page_set_title (self->card_status, _("No Cards"));
      adw_status_page_set_description (self->card_status,
                                       _("This topic has no cards yet. Import a deck to start."));
    }
}

static void
update_position (KtBrowsePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint pos = gtk_single_selection_get_selected (self->selection);
  KtCard *card = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *place = card != NULL ? topic_title_for (self, card) : NULL;
  g_autofree char *deck_folder = card != NULL && self->library != NULL
                                 ? kt_library_dup_deck_folder (self->library, card) : NULL;

  g_object_set (self->card_view, "deck-folder", deck_folder, NULL);
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

  /* "No Cards Found" only once the search says so, not on the way; the
   * card pane says why it is empty too. */
  if (n > 0 || !kt_search_model_get_searching (self->filtered))
    {
      gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
      gtk_stack_set_visible_child_name (self->card_stack, n > 0 ? "card" : "empty");
      update_card_status (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "browse.previous", card != NULL && pos > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "browse.next", card != NULL && pos + 1 < n);
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUSPENDED]);
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

/* Moves the focus to the next (or, with @backward, the previous) focus
 * stop outside the list, rather than row by row through it: the list is
 * one Tab stop, as in GNOME Files. GTK 4.8 has no setting for that, and
 * the list takes Tab for its next row before anything else is asked; the
 * stops around it are known here: the search entry before, the card
 * after. Folded, nothing of the page follows the list: on from the top. */
static void
tab_out_of_list (KtBrowsePage *self,
                 gboolean      backward)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (backward)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else if (!gtk_widget_get_mapped (self->card_pane) ||
           !gtk_widget_child_focus (self->card_pane, GTK_DIR_TAB_FORWARD))
    {
      gtk_root_set_focus (root, NULL);
      gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
    }
}

static gboolean
on_card_list_key_pressed_cb (GtkEventControllerKey *controller,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             KtBrowsePage          *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK;

  if (mods != 0 || (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab &&
                    keyval != GDK_KEY_ISO_Left_Tab))
    return GDK_EVENT_PROPAGATE;

  tab_out_of_list (self, keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0);
  return GDK_EVENT_STOP;
}

/* Moves the list's keyboard focus to the selected row, so that ↑ and ↓
 * go on from the card shown. GTK 4.8 has no call for it: focusing the
 * row's own widget moves the list's cursor there. */
static void
focus_selected_row (KtBrowsePage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->card_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkListItem *item = box != NULL ? g_object_get_data (G_OBJECT (box), "list-item") : NULL;

      if (item != NULL && gtk_list_item_get_position (item) == position)
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
}

/* ← and → step through the cards wherever the focus is on this page,
 * except in the search entry (the caret) and in code (its own view). In
 * the list the cursor goes along, as with ↑ and ↓. Page Up and Down
 * scroll the card from outside the list. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   KtBrowsePage          *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean next;

  gboolean in_list = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->card_list));

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus))))
    return GDK_EVENT_PROPAGATE;

  /* Page Up and Down are the list's own while it has the focus. */
  if ((keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Page_Down) && !in_list)
    {
      kt_card_view_scroll (self->card_view, keyval == GDK_KEY_Page_Up ? GTK_SCROLL_PAGE_BACKWARD
                                                                       : GTK_SCROLL_PAGE_FORWARD);
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    next = FALSE;
  else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    next = TRUE;
  else
    return GDK_EVENT_PROPAGATE;

  gtk_widget_activate_action (GTK_WIDGET (self), next ? "browse.next" : "browse.previous", NULL);
  if (in_list)
    focus_selected_row (self);

  return GDK_EVENT_STOP;
}

static void
on_leaflet_changed_cb (KtBrowsePage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

/* Opens the card at @position: folded, that is a page of its own. */
static void
open_card (KtBrowsePage *self,
           guint         position)
{
  select_position (self, position);
  if (!adw_leaflet_get_folded (self->leaflet))
    return;

  adw_leaflet_set_visible_child_name (self->leaflet, "card");
  kt_card_view_focus_main (self->card_view);
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
    open_card (self, 0);
}

/* Escape: a search is cleared first; an empty entry is left for the list,
 * as in Files and Settings. */
static void
on_search_entry_stop_search_cb (KtBrowsePage   *self,
                                GtkSearchEntry *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      kt_browse_page_set_query (self, "");
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->card_list));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->card_status));
}

/* Enter (or, folded, a tap): side by side the card shows already and the
 * focus stays in the list; folded, the card opens. */
static void
on_card_list_activate_cb (KtBrowsePage *self,
                          guint         position,
                          GtkListView  *list)
{
  open_card (self, position);
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
  g_clear_object (&self->progress_signals);
  g_clear_object (&self->progress);

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
    case PROP_CARDS:       g_value_set_object (value, self->cards); break;
    case PROP_LIBRARY:     g_value_set_object (value, self->library); break;
    case PROP_PROGRESS:    g_value_set_object (value, self->progress); break;
    case PROP_SUSPENDED:   g_value_set_boolean (value, kt_browse_page_get_suspended (self)); break;
    case PROP_CAN_GO_BACK: g_value_set_boolean (value, kt_browse_page_get_can_go_back (self)); break;
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

    case PROP_PROGRESS:
      if (g_set_object (&self->progress, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->progress_signals, self->progress);
          update_hold (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SUSPENDED:
      kt_browse_page_set_suspended (self, g_value_get_boolean (value));
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
  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the card shown is suspended; browse.suspend toggles it. */
  properties[PROP_SUSPENDED] =
    g_param_spec_boolean ("suspended", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Folded, with a card open: back means back to the list. */
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "browse.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "browse.next", NULL, next_action);
  gtk_widget_class_install_property_action (widget_class, "browse.suspend", "suspended");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK,
                                       "browse.suspend", NULL);

  g_type_ensure (KT_TYPE_CARD_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-browse-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_list);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_pane);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_stack);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_view);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, card_status);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, position_label);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, hold_label);
  gtk_widget_class_bind_template_child (widget_class, KtBrowsePage, suspend_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_card_list_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kt_browse_page_init (KtBrowsePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress_signals = g_signal_group_new (KT_TYPE_PROGRESS);
  g_signal_group_connect_swapped (self->progress_signals, "changed",
                                  G_CALLBACK (on_progress_changed_cb), self);

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

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_card_list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->card_list), keys);

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_leaflet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (on_leaflet_changed_cb), self, G_CONNECT_SWAPPED);

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

gboolean
kt_browse_page_get_can_go_back (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet) &&
         g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "card") == 0;
}

/**
 * kt_browse_page_go_back:
 *
 * Folded, with a card open: back to the list, its row focused.
 *
 * Returns: whether there was a way back within the page
 */
gboolean
kt_browse_page_go_back (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), FALSE);

  if (!kt_browse_page_get_can_go_back (self))
    return FALSE;

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->card_list));
  return TRUE;
}

/**
 * kt_browse_page_focus_main:
 *
 * Moves the focus to the search entry, what a person coming to this page
 * does first; folded with a card open, to the card.
 */
void
kt_browse_page_focus_main (KtBrowsePage *self)
{
  g_return_if_fail (KT_IS_BROWSE_PAGE (self));

  if (kt_browse_page_get_can_go_back (self))
    kt_card_view_focus_main (self->card_view);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
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

/**
 * kt_browse_page_get_suspended:
 *
 * Returns: whether the card shown is suspended
 */
gboolean
kt_browse_page_get_suspended (KtBrowsePage *self)
{
  g_return_val_if_fail (KT_IS_BROWSE_PAGE (self), FALSE);

  return is_suspended (self, gtk_single_selection_get_selected_item (self->selection));
}

/**
 * kt_browse_page_set_suspended:
 *
 * Suspends or unsuspends the card shown, if there is one.
 */
void
kt_browse_page_set_suspended (KtBrowsePage *self,
                              gboolean      suspended)
{
  KtCard *card;
  const char *card_id;

  g_return_if_fail (KT_IS_BROWSE_PAGE (self));

  card = gtk_single_selection_get_selected_item (self->selection);
  if (self->progress == NULL || card == NULL)
    return;

  /* The page hears of it through KtProgress::changed. */
  card_id = kt_card_get_id (card);
  kt_progress_set_suspended (self->progress, &card_id, 1, suspended);
}
