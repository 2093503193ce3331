/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtStudyPage runs a KtStudySession over the chosen topic: the current
 * card's question, "Show answer", then Again / Hard / Good / Easy with
 * the interval each would give. Keys 1–4 are matched by hardware keycode
 * as well as by keyval, so they work with any keyboard layout active.
 * Every answer can be undone (Ctrl+Z, or the toast's Undo button).
 *
 * "Practice All Cards" runs a cram session: every card once, in order,
 * with no answer recorded; the page and its toasts say so. Focus rests on
 * the main control of what is shown (Show Answer, Good, or the status
 * page itself): never on Undo, so a habitual Space cannot take an answer
 * back.
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
  AdwToast        *undo_toast;    /* weak: the "Answered" toast while shown */
  guint            restart_id;

  /* Template Widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *loading_page;
  AdwStatusPage   *empty_page;
  GtkWidget       *limits_button;
  AdwStatusPage   *finished_page;
  GtkProgressBar  *progress_bar;
  GtkLabel        *position_label;
  GtkWidget       *practice_label;
  KtCardView      *card_view;
  GtkActionBar    *rating_bar;
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

/* "The next card is due in 10 minutes.", or NULL when nothing is
 * scheduled. */
static char *
next_due_text (KtStudyPage *self)
{
  gint64 next = self->session != NULL ? kt_study_session_get_next_due (self->session) : 0;
  gint64 now = g_get_real_time ();
  g_autofree char *until = NULL;

  if (next <= 0)
    return NULL;
  if (next <= now)
    return g_strdup (_("More cards are due now."));

  until = kt_format_time_until (next - now);
  /* Translators: %s is a time ahead, such as "in 10 minutes". */
  return g_strdup_printf (_("The next card is due %s."), until);
}

/* Why a session is done while the topic has cards left: the daily
 * limits. NULL when they held nothing back. */
static char *
held_back_text (KtStudyPage *self)
{
  GSettings *settings = kt_progress_get_settings (self->progress);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_new = 0, n_reviews = 0;

  kt_study_session_get_held_back (self->session, &n_new, &n_reviews);
  if (n_new > 0 && g_settings_get_int (settings, "new-cards-per-day") == 0)
    g_string_append_printf (text, ngettext ("%u new card is waiting, but new cards per day are set to 0.",
                                            "%u new cards are waiting, but new cards per day are set to 0.",
                                            n_new), n_new);
  else if (n_new > 0)
    g_string_append_printf (text, ngettext ("%u new card is waiting: today’s limit of new cards is reached.",
                                            "%u new cards are waiting: today’s limit of new cards is reached.",
                                            n_new), n_new);
  if (n_reviews > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("%u due card is waiting: today’s limit of reviews is reached.",
                                              "%u due cards are waiting: today’s limit of reviews is reached.",
                                              n_reviews), n_reviews);
    }
  if (text->len == 0)
    return NULL;

  g_string_append_c (text, ' ');
  g_string_append (text, _("To study them today, raise the daily limits in Preferences."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* @n sentences, NULL ones skipped, for a status page description:
 * escaped, since that is markup. */
static char *
join_sentences (guint n,
                ...)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      const char *sentence = va_arg (args, const char *);
      g_autofree char *escaped = NULL;

      if (sentence == NULL)
        continue;
      escaped = g_markup_escape_text (sentence, -1);
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, escaped);
    }
  va_end (args);

  return g_string_free (g_steal_pointer (&joined), FALSE);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.practice",
                                 self->topic != NULL && kt_topic_get_n_cards (self->topic) > 0);
  gtk_action_bar_set_revealed (self->rating_bar, card != NULL && revealed);
}

/* Moves the focus to the control a keyboard user wants next on what is
 * shown: Show Answer, Good once the answer shows, else the status page
 * itself. */
static void
focus_main (KtStudyPage *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (shown, "card") != 0)
    gtk_widget_grab_focus (gtk_stack_get_visible_child (self->stack));
  else if (kt_card_view_get_revealed (self->card_view))
    gtk_widget_grab_focus (self->good_button);
  else
    kt_card_view_focus_main (self->card_view);
}

/* Moves the focus to the main control if it was on this page (or
 * nowhere), so that a control going away never leaves it to chance. */
static void
keep_focus (KtStudyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    focus_main (self);
}

static void
show_card (KtStudyPage *self)
{
  KtCard *card = kt_study_session_get_current_card (self->session);
  guint total = kt_study_session_get_total (self->session);
  guint position = kt_study_session_get_position (self->session);
  g_autofree char *place = NULL;
  g_autofree char *deck_folder = NULL;
  g_autofree char *text = NULL;

  if (self->library != NULL && card != NULL)
    {
      place = kt_library_dup_breadcrumb (self->library, card);
      deck_folder = kt_library_dup_deck_folder (self->library, card);
    }

  g_object_set (self->card_view, "deck-folder", deck_folder, NULL);
  kt_card_view_set_card (self->card_view, card);
  g_object_set (self->card_view, "topic-title", place, NULL);

  /* Translators: study progress, "7 of 20". */
  text = g_strdup_printf (_("%u of %u"), position, total);
  gtk_label_set_text (self->position_label, text);
  gtk_widget_set_visible (self->practice_label, kt_study_session_get_cram (self->session));
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
      g_autofree char *held_back = self->session != NULL ? held_back_text (self) : NULL;
      g_autofree char *description = NULL;

      if (no_cards)
        description = join_sentences (1, _("This topic has no cards yet. Import a deck to start."));
      else if (held_back != NULL)
        description = join_sentences (2, _("You are done for now."), held_back);
      else if (next != NULL)
        description = join_sentences (2, _("You are done for now."), next);
      else
        description = join_sentences (1, _("You are done for now. New cards come tomorrow."));
      adw_status_page_set_description (self->empty_page, description);
      gtk_widget_set_visible (self->limits_button, held_back != NULL);
      /* Set when shown, not in the template: a large symbolic icon is an
       * SVG, and rendering it loads librsvg (7 MB) into every start-up. */
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (kt_study_session_get_finished (self->session))
    {
      guint n = kt_study_session_get_n_done (self->session);
      gboolean practice = kt_study_session_get_cram (self->session);
      g_autofree char *done = g_strdup_printf (practice
                                               ? ngettext ("You practiced %u card. Practice does not change when cards come back.",
                                                           "You practiced %u cards. Practice does not change when cards come back.", n)
                                               : ngettext ("You answered %u card.",
                                                           "You answered %u cards.", n), n);
      g_autofree char *held_back = practice ? NULL : held_back_text (self);
      g_autofree char *description = join_sentences (3, done, practice ? NULL : next, held_back);

      adw_status_page_set_title (self->finished_page,
                                 practice ? _("Practice Done") : _("Well Done!"));
      adw_status_page_set_description (self->finished_page, description);
      adw_status_page_set_icon_name (self->finished_page, "emblem-ok-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "finished");
    }
  else
    show_card (self);

  update_actions (self);
  keep_focus (self);
}

static void
start_session (KtStudyPage *self,
               gboolean     cram)
{
  g_clear_object (&self->session);
  if (self->topic != NULL && self->progress != NULL)
    self->session = kt_study_session_new (self->progress, G_LIST_MODEL (self->topic),
                                          cram, g_get_real_time ());
  /* A new session starting with the card shown last starts it hidden. */
  kt_card_view_set_card (self->card_view, NULL);
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
    start_session (self, self->session != NULL && kt_study_session_get_cram (self->session));
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
  keep_focus (self);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kt_card_view_set_revealed (KT_STUDY_PAGE (widget)->card_view, TRUE);
}

static void
on_undo_toast_dismissed_cb (KtStudyPage *self,
                            AdwToast    *toast)
{
  if (self->undo_toast == toast)
    g_clear_weak_pointer (&self->undo_toast);
}

/* Says @title in the one toast of answers: a new toast, or the one shown
 * again with its text changed. Toasts are never dismissed here, and none
 * queue behind it: libadwaita 1.2 can crash when a toast is taken away
 * before its showing is done, or shows a queued one again (and asserts). */
static void
say_in_toast (KtStudyPage *self,
              const char  *title,
              gboolean     can_undo)
{
  const char *button = can_undo ? _("_Undo") : NULL;
  GtkWidget *label;
  AdwToast *toast;

  if (self->undo_toast != NULL)
    {
      gtk_label_set_text (GTK_LABEL (adw_toast_get_custom_title (self->undo_toast)), title);
      adw_toast_set_button_label (self->undo_toast, button);
      return;
    }

  /* A label of our own, that wraps: a toast's title is cut short with
   * "…" where a phone's width leaves it little room ("Тренировка: Хо…").
   * It asks for its whole line, though, or it wraps after each word even
   * in a wide window ("Answered:" over "Good"). */
  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  toast = adw_toast_new (title);
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_button_label (toast, button);
  adw_toast_set_action_name (toast, "study.undo");
  g_set_weak_pointer (&self->undo_toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtStudyPage *self = KT_STUDY_PAGE (widget);
  KtRating rating = g_variant_get_uint32 (parameter);
  g_autofree char *title = NULL;

  if (rating < KT_RATING_AGAIN || rating > KT_RATING_EASY || self->session == NULL)
    return;

  kt_study_session_answer (self->session, rating, g_get_real_time ());

  if (kt_study_session_get_cram (self->session))
    /* Translators: shown after an answer in practice, which is not
     * recorded: "Practiced: Good". */
    title = g_strdup_printf (_("Practiced: %s"), rating_name (rating));
  else
    /* Translators: shown after answering, "Answered: Good". */
    title = g_strdup_printf (_("Answered: %s"), rating_name (rating));
  say_in_toast (self, title, TRUE);

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
      /* The "Answered" toast no longer holds: it says so, without a
       * button to press again. */
      if (self->undo_toast != NULL)
        say_in_toast (self, _("Answer undone"), FALSE);
      kt_card_view_set_card (self->card_view, NULL);
      update (self);
    }
}

static void
practice_action (GtkWidget  *widget,
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
 * answer, 1–4 rate it, Ctrl+Z undoes, Page Up and Down scroll the card. Digits and Z are also matched by
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

  if ((keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Page_Down) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "card") == 0)
    {
      kt_card_view_scroll (self->card_view, keyval == GDK_KEY_Page_Up ? GTK_SCROLL_PAGE_BACKWARD
                                                                       : GTK_SCROLL_PAGE_FORWARD);
      return TRUE;
    }

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
  gtk_widget_class_install_action (widget_class, "study.practice", NULL, practice_action);

  g_type_ensure (KT_TYPE_CARD_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-study-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, limits_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, finished_page);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, practice_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, card_view);
  gtk_widget_class_bind_template_child (widget_class, KtStudyPage, rating_bar);
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
 * stand over it. Ctrl+Z still undoes. (Rarely within half a second of an
 * answer, where libadwaita 1.2 could stumble, see say_in_toast().)
 */
void
kt_study_page_dismiss_toasts (KtStudyPage *self)
{
  g_return_if_fail (KT_IS_STUDY_PAGE (self));

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
}

/**
 * kt_study_page_focus_main:
 *
 * Moves the focus to the page's main control: Show Answer, Good once the
 * answer shows, else the status page shown.
 */
void
kt_study_page_focus_main (KtStudyPage *self)
{
  g_return_if_fail (KT_IS_STUDY_PAGE (self));

  focus_main (self);
}

KtStudySession *
kt_study_page_get_session (KtStudyPage *self)
{
  g_return_val_if_fail (KT_IS_STUDY_PAGE (self), NULL);
  return self->session;
}
