/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtStudyPage runs a KtStudySession over the chosen topic: the current
 * card's question, "Show answer", then Again / Hard / Good / Easy with
 * the interval each would give. Keys 1–4 are matched by hardware keycode
 * as well as by keyval, so they work with any keyboard layout active.
 * Every answer can be undone (Ctrl+Z, or the toast's Undo button).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kt-card-view.h"
#include "kt-format.h"
#include "kt-library.h"
#include "kt-progress.h"
#include "kt-study-page.h"

struct _KtStudyPage
{
  GtkWidget        parent_instance;

  /* Owned References */
  KtProgress      *progress;
  KtLibrary       *library;
  KtTopic         *topic;
  KtStudySession  *session;
  AdwToast        *undo_toast;    /* weak: the last "Answered" toast */
  guint            restart_id;

  /* Template Widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *finished_page;
  GtkProgressBar  *progress_bar;
  GtkLabel        *position_label;
  KtCardView      *card_view;
  GtkRevealer     *rating_revealer;
  GtkWidget       *good_button;
  GtkLabel        *again_preview;
  GtkLabel        *hard_preview;
  GtkLabel        *good_preview;
  GtkLabel        *easy_preview;
};

G_DEFINE_FINAL_TYPE (KtStudyPage, kt_study_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
rating_name (KtRating rating)
{
  switch (rating)
    {
    case KT_RATING_AGAIN: return C_("rating", "Again");
    case KT_RATING_HARD:  return C_("rating", "Hard");
    case KT_RATING_GOOD:  return C_("rating", "Good");
    case KT_RATING_EASY:  return C_("rating", "Easy");
    default:              g_return_val_if_reached (NULL);
    }
}

/* "The next card is due in 10 min.", or NULL when nothing is scheduled. */
static char *
next_due_text (KtStudyPage *self)
{
  gint64 next = self->session != NULL ? kt_study_session_get_next_due (self->session) : 0;
  gint64 now = g_get_real_time ();
  g_autofree char *interval = NULL;

  if (next <= 0)
    return NULL;
  if (next <= now)
    return g_strdup (_("More cards are due now."));

  interval = kt_format_interval (next - now);
  return g_strdup_printf (_("The next card is due in %s."), interval);
}

static void
update_previews (KtStudyPage *self)
{
  GtkLabel *labels[] = { self->again_preview, self->hard_preview,
                         self->good_preview, self->easy_preview };
  gint64 now = g_get_real_time ();

  for (KtRating r = KT_RATING_AGAIN; r <= KT_RATING_EASY; r++)
    {
      g_autofree char *text = NULL;

      if (!kt_study_session_get_cram (self->session))
        text = kt_format_interval (kt_study_session_preview (self->session, r, now));
      gtk_label_set_text (labels[r - 1], text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (labels[r - 1]), text != NULL);
    }
}

static void
update_actions (KtStudyPage *self)
{
  KtCard *card = self->session != NULL ? kt_study_session_get_current_card (self->session) : NULL;
  gboolean revealed = kt_card_view_get_revealed (self->card_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.reveal", card != NULL && !revealed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.rate", card != NULL && revealed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.undo",
                                 self->session != NULL && kt_study_session_can_undo (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.cram",
                                 self->topic != NULL && kt_topic_get_n_cards (self->topic) > 0);
  gtk_revealer_set_reveal_child (self->rating_revealer, card != NULL && revealed);
}

static void
show_card (KtStudyPage *self)
{
  KtCard *card = kt_study_session_get_current_card (self->session);
  guint total = kt_study_session_get_total (self->session);
  guint position = kt_study_session_get_position (self->session);
  g_autofree char *place = NULL;
  g_autofree char *text = NULL;

  if (self->library != NULL)
    place = kt_library_dup_breadcrumb (self->library, card);

  kt_card_view_set_card (self->card_view, card);
  g_object_set (self->card_view, "topic-title", place, NULL);

  /* Translators: study progress, "7 of 20". */
  text = g_strdup_printf (_("%u of %u"), position, total);
  gtk_label_set_text (self->position_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) (position - 1) / total : 0);
  update_previews (self);
  gtk_stack_set_visible_child_name (self->stack, "card");
}

static void
update (KtStudyPage *self)
{
  g_autofree char *next = next_due_text (self);

  gboolean no_cards = self->topic == NULL || kt_topic_get_n_cards (self->topic) == 0;

  /* No topic chosen yet, or decks still loading: a blank page rather than
   * a flash of "Nothing to Study", which also spares the start-up its big
   * icon. */
  if (self->topic == NULL ||
      (no_cards && self->library != NULL && kt_library_get_loading (self->library)))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (self->session == NULL || kt_study_session_get_total (self->session) == 0)
    {
      g_autofree char *description = NULL;

      if (no_cards)
        description = g_strdup (_("This topic has no cards yet. Import a deck to start."));
      else if (next != NULL)
        description = g_strdup_printf ("%s %s", _("You are done for now."), next);
      else
        description = g_strdup (_("You are done for now. New cards come tomorrow."));
      adw_status_page_set_description (self->empty_page, description);
      /* Set when shown, not in the template: a large symbolic icon is an
       * SVG, and rendering it loads librsvg (7 MB) into every start-up. */
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (kt_study_session_get_finished (self->session))
    {
      guint n = kt_study_session_get_n_done (self->session);
      g_autofree char *done = g_strdup_printf (ngettext ("You answered %u card.",
                                                         "You answered %u cards.", n), n);
      g_autofree char *description = next != NULL ? g_strdup_printf ("%s %s", done, next)
                                                  : g_steal_pointer (&done);

      adw_status_page_set_description (self->finished_page, description);
      adw_status_page_set_icon_name (self->finished_page, "emblem-ok-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "finished");
    }
  else
    show_card (self);

  update_actions (self);
}

static void
start_session (KtStudyPage *self,
               gboolean     cram)
{
  g_clear_object (&self->session);
  if (self->topic != NULL && self->progress != NULL)
    self->session = kt_study_session_new (self->progress, G_LIST_MODEL (self->topic),
                                          cram, g_get_real_time ());
  update (self);
}

/* Whether a session may start over without losing anything: nothing
 * answered yet, nor an answer shown. */
static gboolean
session_untouched (KtStudyPage *self)
{
  return self->session == NULL || kt_study_session_get_total (self->session) == 0 ||
         kt_topic_get_n_cards (self->topic) == 0 ||
         (kt_study_session_get_n_done (self->session) == 0 &&
          !kt_card_view_get_revealed (self->card_view));
}

static void
restart_cb (gpointer data)
{
  KtStudyPage *self = data;

  self->restart_id = 0;
  if (session_untouched (self))
    start_session (self, FALSE);
  else
    update (self);
}

/* Cards that arrive before the first answer (a deck parsed after the
 * window opened, an import) join a new session, and a topic left without
 * cards ends it; a session under way goes on. Decks arrive one by one:
 * the session starts over once, when the main loop is idle. */
static void
on_topic_items_changed_cb (KtStudyPage *self)
{
  if (!session_untouched (self))
    update (self);
  else if (self->restart_id == 0)
    self->restart_id = g_idle_add_once (restart_cb, self);
}

static void
on_card_view_revealed_cb (KtStudyPage *self,
                          GParamSpec  *pspec,
                          KtCardView  *view)
{
  update_actions (self);
  if (kt_card_view_get_revealed (view))
    gtk_widget_grab_focus (self->good_button);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kt_card_view_set_revealed (KT_STUDY_PAGE (widget)->card_view, TRUE);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtStudyPage *self = KT_STUDY_PAGE (widget);
  KtRating rating = g_variant_get_uint32 (parameter);
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (rating < KT_RATING_AGAIN || rating > KT_RATING_EASY || self->session == NULL)
    return;

  kt_study_session_answer (self->session, rating, g_get_real_time ());

  /* Translators: shown after answering, "Answered: Good". */
  title = g_strdup_printf (_("Answered: %s"), rating_name (rating));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "study.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  update (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtStudyPage *self = KT_STUDY_PAGE (widget);

  if (self->session != NULL && kt_study_session_undo (self->session))
    {
      kt_card_view_set_card (self->card_view, NULL);
      update (self);
    }
}

static void
cram_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  start_session (KT_STUDY_PAGE (widget), TRUE);
}

static gboolean
keycode_is (GtkWidget *widget,
            guint      keycode,
            guint      keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  if (!gdk_display_map_keyval (gtk_widget_get_display (widget), keyval, &keys, &n_keys))
    return FALSE;
  for (int i = 0; i < n_keys; i++)
    if (keys[i].keycode == keycode)
      return TRUE;

  return FALSE;
}

/**
 * kt_study_page_handle_key:
 *
 * The study keys, for the window to forward: Space or Enter shows the
 * answer, 1–4 rate it, Ctrl+Z undoes. Digits and Z are also matched by
 * the key's position (hardware keycode), so a Russian layout, where that
 * key types "я", still undoes.
 *
 * Returns: whether the key was used
 */
gboolean
kt_study_page_handle_key (KtStudyPage     *self,
                          guint            keyval,
                          guint            keycode,
                          GdkModifierType  state)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  g_return_val_if_fail (KT_IS_STUDY_PAGE (self), FALSE);

  if (mods == GDK_CONTROL_MASK && (keyval == GDK_KEY_z || keycode_is (widget, keycode, GDK_KEY_z)))
    {
      if (!gtk_widget_is_sensitive (widget) || self->session == NULL ||
          !kt_study_session_can_undo (self->session))
        return FALSE;
      return gtk_widget_activate_action (widget, "study.undo", NULL);
    }
  if (mods != 0)
    return FALSE;

  if (keyval == GDK_KEY_space || keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      if (self->session == NULL || kt_study_session_get_current_card (self->session) == NULL ||
          kt_card_view_get_revealed (self->card_view))
        return FALSE;
      return gtk_widget_activate_action (widget, "study.reveal", NULL);
    }

  for (guint r = KT_RATING_AGAIN; r <= KT_RATING_EASY; r++)
    {
      guint digit = GDK_KEY_1 + r - 1;

      if (keyval == digit || keyval == GDK_KEY_KP_1 + r - 1 || keycode_is (widget, keycode, digit))
        {
          if (self->session == NULL || kt_study_session_get_current_card (self->session) == NULL ||
              !kt_card_view_get_revealed (self->card_view))
            return FALSE;
          return gtk_widget_activate_action (widget, "study.rate", "u", r);
        }
    }

  return FALSE;
}

static void
kt_study_page_dispose (GObject *object)
{
  KtStudyPage *self = KT_STUDY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDY_PAGE);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->session);
  g_clear_object (&self->topic);
  g_clear_object (&self->library);
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (kt_study_page_parent_class)->dispose (object);
}

static void
kt_study_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KtStudyPage *self = KT_STUDY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS: g_value_set_object (value, self->progress); break;
    case PROP_LIBRARY:  g_value_set_object (value, self->library); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_study_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KtStudyPage *self = KT_STUDY_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      if (g_set_object (&self->progress, g_value_get_object (value)))
        {
          start_session (self, FALSE);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_LIBRARY:
      if (self->library != NULL)
        g_signal_handlers_disconnect_by_func (self->library, update, self);
      if (g_set_object (&self->library, g_value_get_object (value)))
        {
          if (self->library != NULL)
            g_signal_connect_object (self->library, "notify::loading", G_CALLBACK (update), self,
                                     G_CONNECT_SWAPPED);
          update (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_study_page_class_init (KtStudyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_study_page_dispose;
  object_class->get_property = kt_study_page_get_property;
  object_class->set_property = kt_study_page_set_property;

  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "study.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "study.rate", "u", rate_action);
  gtk_widget_class_install_action (widget_class, "study.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "study.cram", NULL, cram_action);

  g_type_ensure (KT_TYPE_CARD_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-study-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, finished_page);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, card_view);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, rating_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, good_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, again_preview);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, hard_preview);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, good_preview);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, easy_preview);
  gtk_widget_class_bind_template_callback (widget_class, on_card_view_revealed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kt_study_page_init (KtStudyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

/**
 * kt_study_page_set_topic:
 *
 * Starts a new study session over @topic's cards.
 */
void
kt_study_page_set_topic (KtStudyPage *self,
                         KtTopic     *topic)
{
  g_return_if_fail (KT_IS_STUDY_PAGE (self));

  if (self->topic != NULL)
    g_signal_handlers_disconnect_by_func (self->topic, on_topic_items_changed_cb, self);
  if (!g_set_object (&self->topic, topic))
    return;
  if (topic != NULL)
    g_signal_connect_object (topic, "items-changed", G_CALLBACK (on_topic_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  start_session (self, FALSE);
}

/**
 * kt_study_page_dismiss_toasts:
 *
 * Hides the "Answered" toast, so that a toast of the window does not
 * stand over it. Ctrl+Z still undoes.
 */
void
kt_study_page_dismiss_toasts (KtStudyPage *self)
{
  g_return_if_fail (KT_IS_STUDY_PAGE (self));

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
}

KtStudySession *
kt_study_page_get_session (KtStudyPage *self)
{
  g_return_val_if_fail (KT_IS_STUDY_PAGE (self), NULL);
  return self->session;
}
