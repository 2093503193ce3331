/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtSidebar is the window's list of topics as a tree: "All Topics", then
 * folders as expandable groups and topics, each row with its due, new and
 * total counts (a group's summed over what it holds), and a legend saying
 * what those numbers are. GtkTreeListModel shows the KtTopicTree; which
 * groups are expanded is kept in GSettings ("expanded-groups") and
 * restored as the groups appear, however late their folder is read.
 * → and ← expand and collapse a group, or step to its first child and
 * back to its parent, as in Files.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-sidebar.h"

struct _KtSidebar
{
  GtkBox              parent_instance;

  /* Owned References */
  KtTopicTree        *topics;
  GSettings          *settings;
  GtkTreeListModel   *rows;
  GtkSingleSelection *selection;
  GHashTable         *expanded;    /* ids of the groups to show expanded */
  gboolean            folded;
  guint               tap_id;

  /* Template Widgets */
  GtkListView        *topic_list;
  GtkMenuButton      *legend_button;
};

G_DEFINE_FINAL_TYPE (KtSidebar, kt_sidebar, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_TOPICS,
  PROP_SETTINGS,
  PROP_TOPIC,
  PROP_FOLDED,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------ */

static void
update_row (GtkWidget  *box,
            GParamSpec *pspec,
            KtTopic    *topic)
{
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (icon);
  GtkWidget *due = gtk_widget_get_next_sibling (title);
  GtkWidget *fresh = gtk_widget_get_next_sibling (due);
  GtkWidget *count = gtk_widget_get_next_sibling (fresh);
  guint n_cards = g_list_model_get_n_items (G_LIST_MODEL (topic));
  guint n_due = kt_topic_get_n_due (topic) + kt_topic_get_n_learning (topic);
  guint n_new = kt_topic_get_n_new (topic);
  g_autofree char *due_text = g_strdup_printf ("%u", n_due);
  g_autofree char *new_text = g_strdup_printf ("%u", n_new);
  g_autofree char *count_text = g_strdup_printf ("%u", n_cards);
  g_autofree char *cards_said = NULL;
  g_autofree char *due_said = NULL;
  g_autofree char *new_said = NULL;
  g_autofree char *description = NULL;

  gtk_label_set_text (GTK_LABEL (title), kt_topic_get_title (topic));
  gtk_label_set_text (GTK_LABEL (due), due_text);
  gtk_label_set_text (GTK_LABEL (fresh), new_text);
  gtk_label_set_text (GTK_LABEL (count), count_text);
  gtk_widget_set_visible (due, n_due > 0);
  gtk_widget_set_visible (fresh, n_new > 0);

  cards_said = g_strdup_printf (ngettext ("%u card", "%u cards", n_cards), n_cards);
  due_said = g_strdup_printf (ngettext ("%u due", "%u due", n_due), n_due);
  new_said = g_strdup_printf (ngettext ("%u new", "%u new", n_new), n_new);
  /* Translators: a topic's counts, e.g. "10 cards, 2 due, 8 new". */
  description = g_strdup_printf (_("%s, %s, %s"), cards_said, due_said, new_said);
  gtk_widget_set_tooltip_text (box, description);

  /* Each number says what it counts, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (due), GTK_ACCESSIBLE_PROPERTY_LABEL, due_said, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fresh), GTK_ACCESSIBLE_PROPERTY_LABEL, new_said, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (count), GTK_ACCESSIBLE_PROPERTY_LABEL, cards_said, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, kt_topic_get_title (topic),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static GtkWidget *
badge (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "kt-badge");
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);

  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KtSidebar                *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("folder-symbolic");
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), badge ("kt-due"));
  gtk_box_append (GTK_BOX (box), badge ("kt-new"));
  gtk_box_append (GTK_BOX (box), count);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
remember_expanded (KtSidebar      *self,
                   GParamSpec     *pspec,
                   GtkTreeListRow *row)
{
  g_autoptr(KtTopic) topic = gtk_tree_list_row_get_item (row);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  /* A group that went: it opens again if it comes back. */
  if (topic == NULL)
    return;
  if (gtk_tree_list_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (kt_topic_get_id (topic)));
  else
    g_hash_table_remove (self->expanded, kt_topic_get_id (topic));

  if (self->settings == NULL)
    return;
  g_hash_table_iter_init (&iter, self->expanded);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);
  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "expanded-groups", (const char * const *) ids);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KtSidebar                *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(KtTopic) topic = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_widget_set_visible (gtk_widget_get_first_child (box), gtk_tree_list_row_is_expandable (row));
  update_row (box, NULL, topic);
  g_signal_connect_object (topic, "notify", G_CALLBACK (update_row), box, G_CONNECT_SWAPPED);
  /* Kept for unbind: by then a row that went is empty. */
  g_object_set_data_full (G_OBJECT (box), "topic", g_steal_pointer (&topic), g_object_unref);
  if (gtk_tree_list_row_is_expandable (row))
    g_signal_connect_object (row, "notify::expanded", G_CALLBACK (remember_expanded), self,
                             G_CONNECT_SWAPPED);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KtSidebar                *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  KtTopic *topic = g_object_get_data (G_OBJECT (box), "topic");

  if (topic != NULL)
    g_signal_handlers_disconnect_by_func (topic, update_row, box);
  g_object_set_data (G_OBJECT (box), "topic", NULL);
  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, remember_expanded, self);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* ---------------------------------------------------------------------
 * The tree
 * ------------------------------------------------------------------ */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  KtSidebar *self = user_data;
  GListModel *children = kt_topic_tree_get_children (self->topics, item);

  return children != NULL ? g_object_ref (children) : NULL;
}

/* Groups expanded before are expanded again as they appear; after the
 * selection has heard of the rows, as expanding adds rows of its own. */
static void
restore_expanded_cb (KtSidebar  *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *rows)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->rows, i);
      g_autoptr(KtTopic) topic = NULL;

      if (row == NULL || !gtk_tree_list_row_is_expandable (row) || gtk_tree_list_row_get_expanded (row))
        continue;
      topic = gtk_tree_list_row_get_item (row);
      if (g_hash_table_contains (self->expanded, kt_topic_get_id (topic)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
on_selected_cb (KtSidebar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

static void
set_topics (KtSidebar   *self,
            KtTopicTree *topics)
{
  if (topics == NULL)
    return;
  g_return_if_fail (self->topics == NULL);

  self->topics = g_object_ref (topics);
  self->rows = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (topics)), FALSE, FALSE,
                                        create_children_cb, self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rows, "items-changed", G_CALLBACK (restore_expanded_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_view_set_model (self->topic_list, GTK_SELECTION_MODEL (self->selection));
  restore_expanded_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       G_LIST_MODEL (self->rows));
}

static void
set_settings (KtSidebar *self,
              GSettings *settings)
{
  g_auto(GStrv) ids = NULL;

  if (settings == NULL)
    return;
  self->settings = g_object_ref (settings);
  ids = g_settings_get_strv (settings, "expanded-groups");
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (self->expanded, g_strdup (ids[i]));
}

/* ---------------------------------------------------------------------
 * Keys and activation
 * ------------------------------------------------------------------ */

static void
move_to (KtSidebar *self,
         guint      position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->topic_list), "list.scroll-to-item", "u", position);
}

/* → opens a group, or steps into an open one; ← closes a group, or
 * steps out to the group above. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   KtSidebar             *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  g_autoptr(GtkTreeListRow) row = NULL;
  gboolean forward;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || position == GTK_INVALID_LIST_POSITION)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    forward = !rtl;
  else if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    forward = rtl;
  else
    return GDK_EVENT_PROPAGATE;

  row = gtk_tree_list_model_get_row (self->rows, position);
  if (forward && gtk_tree_list_row_is_expandable (row))
    {
      if (!gtk_tree_list_row_get_expanded (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
      else
        move_to (self, position + 1);
    }
  else if (!forward && gtk_tree_list_row_get_expanded (row))
    gtk_tree_list_row_set_expanded (row, FALSE);
  else if (!forward)
    {
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);

      if (parent != NULL)
        move_to (self, gtk_tree_list_row_get_position (parent));
    }

  return GDK_EVENT_STOP;
}

static gboolean
open_tapped (gpointer data)
{
  KtSidebar *self = data;

  self->tap_id = 0;
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    g_signal_emit (self, signals[ACTIVATED], 0);

  return G_SOURCE_REMOVE;
}

/* Folded, the topics are all there is to see: one tap on a row opens it,
 * as in Settings. The row selects itself as the click ends, so what it
 * chose is opened just after; a tap on a group's arrow only opens the
 * group. */
static void
on_tap_released_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KtSidebar       *self)
{
  GtkWidget *list = GTK_WIDGET (self->topic_list);
  GtkWidget *picked = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);
  gboolean on_row = FALSE;

  if (!self->folded || n_press != 1 || self->tap_id != 0)
    return;
  for (GtkWidget *w = picked; w != NULL && w != list; w = gtk_widget_get_parent (w))
    {
      if (g_str_equal (gtk_widget_get_css_name (w), "expander"))
        return;
      on_row |= g_str_equal (gtk_widget_get_css_name (w), "row");
    }
  if (on_row)
    self->tap_id = g_idle_add (open_tapped, self);
}

static void
on_topic_list_activate_cb (KtSidebar   *self,
                           guint        position,
                           GtkListView *list)
{
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[ACTIVATED], 0);
}

/* ---------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------ */

static void
kt_sidebar_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KtSidebar *self = KT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_TOPICS:   set_topics (self, g_value_get_object (value)); break;
    case PROP_SETTINGS: set_settings (self, g_value_get_object (value)); break;
    case PROP_FOLDED:   self->folded = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KtSidebar *self = KT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_TOPICS:   g_value_set_object (value, self->topics); break;
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    case PROP_TOPIC:    g_value_set_object (value, kt_sidebar_get_topic (self)); break;
    case PROP_FOLDED:   g_value_set_boolean (value, self->folded); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sidebar_dispose (GObject *object)
{
  KtSidebar *self = KT_SIDEBAR (object);

  g_clear_handle_id (&self->tap_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_SIDEBAR);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->topics);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_sidebar_parent_class)->dispose (object);
}

static void
kt_sidebar_finalize (GObject *object)
{
  KtSidebar *self = KT_SIDEBAR (object);

  g_hash_table_unref (self->expanded);

  G_OBJECT_CLASS (kt_sidebar_parent_class)->finalize (object);
}

static void
kt_sidebar_class_init (KtSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kt_sidebar_dispose;
  object_class->finalize = kt_sidebar_finalize;
  object_class->get_property = kt_sidebar_get_property;
  object_class->set_property = kt_sidebar_set_property;

  /* Set once, by the window; not construct-only, as the window's
   * template makes the sidebar before the window has them. */
  properties[PROP_TOPICS] =
    g_param_spec_object ("topics", NULL, NULL, KT_TYPE_TOPIC_TREE,
                         (flags & ~G_PARAM_CONSTRUCT_ONLY));
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, (flags & ~G_PARAM_CONSTRUCT_ONLY));
  /* The topic or group chosen. */
  properties[PROP_TOPIC] =
    g_param_spec_object ("topic", NULL, NULL, KT_TYPE_TOPIC, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether the window shows the topics alone: a tap then opens one. */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KtSidebar::activated:
   *
   * A row was activated (clicked in a folded window, or Enter): show
   * what it holds.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, KtSidebar, topic_list);
  gtk_widget_class_bind_template_child (widget_class, KtSidebar, legend_button);
  gtk_widget_class_bind_template_callback (widget_class, on_topic_list_activate_cb);
}

static void
kt_sidebar_init (KtSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *tap = gtk_gesture_click_new ();

  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->topic_list, factory);

  /* Before the list's own keys, which would take ← and → as moves. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->topic_list), keys);

  /* Seen before the rows' own clicks, and never taken from them. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (tap), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (tap), GDK_BUTTON_PRIMARY);
  g_signal_connect (tap, "released", G_CALLBACK (on_tap_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->topic_list), GTK_EVENT_CONTROLLER (tap));
}

/* ---------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------ */

/**
 * kt_sidebar_get_topic:
 *
 * Returns: (transfer none) (nullable): the topic or group chosen
 */
KtTopic *
kt_sidebar_get_topic (KtSidebar *self)
{
  GtkTreeListRow *row;
  KtTopic *topic;

  g_return_val_if_fail (KT_IS_SIDEBAR (self), NULL);

  if (self->selection == NULL)
    return NULL;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;

  /* Borrowed: the tree holds it for as long as its row is there. */
  topic = gtk_tree_list_row_get_item (row);
  g_object_unref (topic);

  return topic;
}

/**
 * kt_sidebar_select:
 * @position: a row as shown, groups' children counted where expanded
 */
void
kt_sidebar_select (KtSidebar *self,
                   guint      position)
{
  g_return_if_fail (KT_IS_SIDEBAR (self));
  g_return_if_fail (self->selection != NULL);

  gtk_single_selection_set_selected (self->selection, position);
}

/**
 * kt_sidebar_focus:
 *
 * Moves the focus to the row chosen, scrolled into view (the list alone
 * would put it on the row that had it last, or the first).
 */
void
kt_sidebar_focus (KtSidebar *self)
{
  guint position;

  g_return_if_fail (KT_IS_SIDEBAR (self));

  position = self->selection != NULL ? gtk_single_selection_get_selected (self->selection)
                                     : GTK_INVALID_LIST_POSITION;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->topic_list), "list.scroll-to-item", "u", position);

  /* GTK 4.8 has no call to focus a list's item: the row's widget takes
   * it, found by the tree row its expander shows. Until the list has
   * made that widget (a row far out of view), the list takes it. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topic_list));
       row != NULL && position != GTK_INVALID_LIST_POSITION; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *expander = gtk_widget_get_first_child (row);
      GtkTreeListRow *tree_row = GTK_IS_TREE_EXPANDER (expander)
                                 ? gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)) : NULL;

      if (tree_row != NULL && gtk_tree_list_row_get_position (tree_row) == position &&
          gtk_widget_grab_focus (row))
        return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->topic_list));
}
