/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtWindow is the main window: topics in a sidebar ("All Topics" first),
 * and for the chosen topic a Study, a Browse and a Statistics page. It
 * restores its size and maximized state from GSettings and writes them
 * back when it closes (not on every resize, which would hammer dconf
 * while dragging).
 * Imports (file chooser or drag and drop) are kt-window-import.c's.
 *
 * The window's title stays "Kartoteka", for Alt+Tab and the window list;
 * where the topic is, its breadcrumb, is the subtitle, which the header
 * shows when narrow. The focus follows the page shown to its main
 * control (each page's focus_main says which), also at start-up and when
 * the window is active again with nothing focused.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-markdown.h"
#include "kt-progress-json.h"
#include "kt-window-private.h"

G_DEFINE_FINAL_TYPE (KtWindow, kt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LIBRARY,
  PROP_PROGRESS,
  PROP_TOPICS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------
 * Topic selection
 * ------------------------------------------------------------------ */

/* Where the topic is, under "Kartoteka" ("System Design › Core"), as
 * plain text: a title may hold markdown. And the Study tab asks for
 * attention while cards are due today. */
static void
update_subtitle (KtWindow *self)
{
  KtTopic *topic = kt_sidebar_get_topic (self->sidebar);
  g_autofree char *breadcrumb = topic != NULL ? kt_topic_dup_breadcrumb (topic) : NULL;
  g_autofree char *shown = breadcrumb != NULL ? kt_markdown_to_preview (breadcrumb, 120) : NULL;

  adw_view_switcher_title_set_subtitle (self->switcher_title, shown);
  adw_view_stack_page_set_needs_attention (adw_view_stack_get_page (self->view_stack,
                                                                    GTK_WIDGET (self->study_page)),
                                           topic != NULL && kt_topic_get_n_due_today (topic) > 0);
}

static void
on_topic_selected (KtWindow *self)
{
  KtTopic *topic = kt_sidebar_get_topic (self->sidebar);

  if (topic == NULL)
    return;

  kt_study_page_set_topic (self->study_page, topic);
  kt_browse_page_set_cards (self->browse_page, G_LIST_MODEL (topic));
  if (self->stats_page != NULL)
    kt_stats_page_set_topic (self->stats_page, topic);
  g_signal_group_set_target (self->topic_signals, topic);
  update_subtitle (self);
}

/* One back button: in Browse, folded with a card open, it goes back to
 * the list; folded elsewhere, to the topics. */
static void
update_back_button (KtWindow *self)
{
  gboolean in_browse = adw_view_stack_get_visible_child (self->view_stack) ==
                       GTK_WIDGET (self->browse_page);
  gboolean to_list = in_browse && kt_browse_page_get_can_go_back (self->browse_page);
  const char *label = to_list ? _("Back to the List") : _("Back to Topics");

  gtk_widget_set_visible (self->back_button, to_list || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_tooltip_text (self->back_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The focus to the main control of the page shown. */
static void
focus_page (KtWindow *self)
{
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  if (page == GTK_WIDGET (self->study_page))
    kt_study_page_focus_main (self->study_page);
  else if (page == GTK_WIDGET (self->browse_page))
    kt_browse_page_focus_main (self->browse_page);
  else if (self->stats_page != NULL)
    kt_stats_page_focus_main (self->stats_page);
}

/* Statistics is seldom the first page looked at, and its charts cost
 * 1.5 % of the instructions to the first frame: it is built on demand. */
static void
on_visible_page_cb (KtWindow     *self,
                    GParamSpec   *pspec,
                    AdwViewStack *stack)
{
  GtkWidget *page = adw_view_stack_get_visible_child (stack);

  if (self->stats_page == NULL && page == GTK_WIDGET (self->stats_bin))
    {
      self->stats_page = g_object_new (KT_TYPE_STATS_PAGE,
                                       "progress", self->progress,
                                       "library", self->library,
                                       "topic", kt_window_get_topic (self),
                                       NULL);
      adw_bin_set_child (self->stats_bin, GTK_WIDGET (self->stats_page));
    }

  update_back_button (self);
  /* The page's main control, not the tab or button that was clicked. */
  focus_page (self);
}

/* Back from a dialog or another window with nothing focused (a focused
 * control went away meanwhile): the page's main control. */
static void
on_is_active_cb (KtWindow *self)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)) || gtk_window_get_focus (GTK_WINDOW (self)) != NULL)
    return;

  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "sidebar") == 0)
    kt_sidebar_focus (self->sidebar);
  else
    focus_page (self);
}

static void
on_sidebar_activated_cb (KtWindow  *self,
                         KtSidebar *sidebar)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  /* Into the topic, not onto the first tab the leaflet finds. */
  focus_page (self);
}

/* Folded, when the topics or the page slide in (the back button, Alt+←,
 * a swipe), the focus goes with them, not to the first button left. */
static void
on_leaflet_child_cb (KtWindow   *self,
                     GParamSpec *pspec,
                     AdwLeaflet *leaflet)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean to_topics = g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0;
  GtkWidget *shown;

  if (!adw_leaflet_get_folded (leaflet))
    return;
  shown = to_topics ? GTK_WIDGET (self->sidebar) : GTK_WIDGET (self->view_stack);
  if (focus != NULL && gtk_widget_is_ancestor (focus, shown))
    return;

  if (to_topics)
    kt_sidebar_focus (self->sidebar);
  else
    focus_page (self);
}

static void
on_leaflet_folded_cb (KtWindow   *self,
                      GParamSpec *pspec,
                      AdwLeaflet *leaflet)
{
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_set_visible_child_name (leaflet, "content");
  update_back_button (self);
}

/* ---------------------------------------------------------------------
 * Progress export and import
 * ------------------------------------------------------------------ */

static void
on_export_toast_button_clicked (AdwToast *toast,
                                GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkWidget *widget = g_object_get_data (G_OBJECT (toast), "window");

  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

/**
 * kt_window_export_progress:
 *
 * Writes the progress JSON to @file (atomically) and says so in a toast
 * with an Open button, or why it failed.
 */
gboolean
kt_window_export_progress (KtWindow *self,
                           GFile    *file)
{
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  g_return_val_if_fail (KT_IS_WINDOW (self), FALSE);

  if (!kt_progress_json_write (self->progress, G_LIST_MODEL (self->library), file,
                               g_get_real_time (), KT_PROGRESS_JSON_COMPACT, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Export Progress"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  toast = adw_toast_new (_("Progress exported"));
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data (G_OBJECT (toast), "window", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_export_toast_button_clicked),
                         g_object_ref (file), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  kt_window_show_toast (self, toast);

  return TRUE;
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  KtWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      kt_window_export_progress (self, file);
    }

  g_object_unref (dialog);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Progress Files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  return filter;
}

static void
export_progress_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("kartoteka-progress-%s.json", date);
  g_autoptr(GtkFileFilter) filter = json_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Progress"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_import_confirmed (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  KtWindow *self = user_data;
  KtProgressImport *import = g_object_get_data (G_OBJECT (dialog), "import");

  if (g_strcmp0 (response, "import") != 0)
    return;

  kt_progress_import_apply (import, self->progress, NULL);
  kt_progress_flush (self->progress);
  /* When it could not be saved, the banner says why. */
  kt_window_show_toast (self, adw_toast_new (kt_progress_get_save_error (self->progress) == NULL
                                             ? _("Progress imported")
                                             : _("Progress imported, but not saved yet")));
}

/**
 * kt_window_import_progress:
 *
 * Validates @file and, when it is a good progress file, asks before
 * merging it (saying how many cards it updates, adds and skips, and how
 * many answers are new). A bad
 * file is refused with its problem; current progress stays as it is.
 *
 * Returns: (transfer none): the dialog shown
 */
AdwMessageDialog *
kt_window_import_progress (KtWindow *self,
                           GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;
  GtkWidget *dialog;
  KtProgressImportPlan plan;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (KT_IS_WINDOW (self), NULL);

  import = kt_progress_json_read (file, NULL, &error);
  if (import == NULL)
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Import Progress"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return ADW_MESSAGE_DIALOG (dialog);
    }

  kt_progress_import_plan (import, self->progress, &plan);
  summary = kt_progress_import_describe (&plan);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Progress?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n%s", summary,
                                  _("Answers are merged with the ones here, and each card is "
                                    "scheduled again from all of them."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import",
                                           plan.n_updated + plan.n_added + plan.n_answers +
                                           plan.n_undone > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "import", g_steal_pointer (&import),
                          (GDestroyNotify) kt_progress_import_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return ADW_MESSAGE_DIALOG (dialog);
}

static void
on_import_progress_response (GtkNativeDialog *dialog,
                             int              response,
                             gpointer         user_data)
{
  KtWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      kt_window_import_progress (self, file);
    }

  g_object_unref (dialog);
}

static void
import_progress_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Progress"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_progress_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------------
 * Other actions and keys
 * ------------------------------------------------------------------ */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtWindow *self = KT_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  adw_view_stack_set_visible_child_name (self->view_stack, "browse");
  kt_browse_page_focus_search (self->browse_page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KtWindow *self = KT_WINDOW (widget);

  if (adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->browse_page) &&
      kt_browse_page_go_back (self->browse_page))
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  kt_sidebar_focus (self->sidebar);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KtWindow *self = KT_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
  /* Also when the page was shown already: Alt+1 from the sidebar. */
  focus_page (self);
}

/* GtkApplication would build the shortcuts window from gtk/help-overlay.ui
 * for every window at start-up (2.4 % of the instructions to the first
 * frame); it is built here when first asked for instead. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KtWindow *self = KT_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/kt-shortcuts-window.ui");

      self->shortcuts_window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (self->shortcuts_window, TRUE);
      gtk_window_set_hide_on_close (self->shortcuts_window, TRUE);
      g_object_add_weak_pointer (G_OBJECT (self->shortcuts_window),
                                 (gpointer *) &self->shortcuts_window);
    }

  gtk_window_present (self->shortcuts_window);
}

/* Study keys are handled for the whole window (focus may be anywhere,
 * e.g. on the topic list) but never steal keys from a text field. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  KtWindow *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "study") != 0)
    return GDK_EVENT_PROPAGATE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return GDK_EVENT_PROPAGATE;
  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") != 0)
    return GDK_EVENT_PROPAGATE;

  return kt_study_page_handle_key (self->study_page, keyval, keycode, state);
}

/* ---------------------------------------------------------------------
 * The banner shown while progress cannot be saved
 * ------------------------------------------------------------------ */

static void
retry_save_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kt_progress_retry_save (KT_WINDOW (widget)->progress);
}

/* The text stays while the banner slides away once saving works again. */
static gboolean
keep_message (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  if (g_value_get_string (from) == NULL)
    return FALSE;

  g_value_copy (from, to);
  return TRUE;
}

static void
bind_save_banner (KtWindow *self)
{
  g_object_bind_property (self->progress, "save-failed", self->save_banner, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->progress, "save-message", self->save_label, "label",
                               G_BINDING_SYNC_CREATE, keep_message, NULL, NULL, NULL);
}

/* ---------------------------------------------------------------------
 * Window state and GObject
 * ------------------------------------------------------------------ */

static void
kt_window_save_state (KtWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  /* No g_settings_delay() here: these settings are shared with the
   * progress, and delay mode would hold back its writes for good. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* ---------------------------------------------------------------------
 * Closing while answers cannot be saved
 * ------------------------------------------------------------------ */

static void
on_unsaved_response (AdwMessageDialog *dialog,
                     const char       *response,
                     KtWindow         *self)
{
  if (g_str_equal (response, "retry"))
    kt_progress_retry_save (self->progress);
  else if (g_str_equal (response, "discard"))
    self->close_unsaved = TRUE;
  else
    return;

  gtk_window_close (GTK_WINDOW (self));
}

/* Closing would end the retries: the answers not yet on disk would be
 * gone without a word. */
static void
ask_before_losing_answers (KtWindow *self)
{
  g_autofree char *message = NULL;
  GtkWidget *dialog;

  g_object_get (self->progress, "save-message", &message, NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Answers Not Saved"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", message,
                                  _("Closing now loses the answers given since progress "
                                    "was last saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Open"),
                                    "discard", _("_Close Without Saving"),
                                    "retry", _("_Try Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retry",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "retry");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
kt_window_close_request (GtkWindow *window)
{
  KtWindow *self = KT_WINDOW (window);

  kt_window_save_state (self);
  kt_progress_flush (self->progress);
  if (kt_progress_get_save_error (self->progress) != NULL && !self->close_unsaved)
    {
      ask_before_losing_answers (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (kt_window_parent_class)->close_request (window);
}

static void
kt_window_constructed (GObject *object)
{
  KtWindow *self = KT_WINDOW (object);
  G_OBJECT_CLASS (kt_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_object_set (self->browse_page, "library", self->library, "progress", self->progress, NULL);
  g_object_set (self->study_page, "progress", self->progress, "library", self->library, NULL);

  self->topic_signals = g_signal_group_new (KT_TYPE_TOPIC);
  g_signal_group_connect_swapped (self->topic_signals, "notify::n-learning",
                                  G_CALLBACK (update_subtitle), self);
  g_signal_group_connect_swapped (self->topic_signals, "notify::n-due",
                                  G_CALLBACK (update_subtitle), self);
  g_object_set (self->sidebar, "settings", self->settings, "topics", self->topics, NULL);
  g_signal_connect_object (self->sidebar, "notify::topic", G_CALLBACK (on_topic_selected),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->library, "deck-loaded", G_CALLBACK (_kt_window_on_deck_loaded),
                           self, G_CONNECT_SWAPPED);
  on_topic_selected (self);
  update_back_button (self);

  /* Before the window is shown, or GTK gives the focus to its first
   * button, Import. */
  kt_study_page_focus_main (self->study_page);
  bind_save_banner (self);
}

static void
kt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KtWindow *self = KT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS: self->settings = g_value_dup_object (value); break;
    case PROP_LIBRARY:  self->library = g_value_dup_object (value); break;
    case PROP_PROGRESS: self->progress = g_value_dup_object (value); break;
    case PROP_TOPICS:   self->topics = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KtWindow *self = KT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    case PROP_LIBRARY:  g_value_set_object (value, self->library); break;
    case PROP_PROGRESS: g_value_set_object (value, self->progress); break;
    case PROP_TOPICS:   g_value_set_object (value, self->topics); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_window_dispose (GObject *object)
{
  KtWindow *self = KT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_WINDOW);
  self->stats_page = NULL;  /* went with stats_bin */
  g_clear_object (&self->topic_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->library);
  g_clear_object (&self->progress);
  g_clear_object (&self->topics);
  if (self->shortcuts_window != NULL)
    gtk_window_destroy (self->shortcuts_window);
  g_clear_weak_pointer (&self->shortcuts_window);
  g_clear_pointer (&self->pending_imports, g_hash_table_unref);
  g_clear_pointer (&self->import_report, kt_import_report_free);
  g_clear_pointer (&self->import_histories, g_ptr_array_unref);
  g_clear_object (&self->import_dialog);

  G_OBJECT_CLASS (kt_window_parent_class)->dispose (object);
}

static void
kt_window_class_init (KtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = kt_window_constructed;
  object_class->dispose = kt_window_dispose;
  object_class->get_property = kt_window_get_property;
  object_class->set_property = kt_window_set_property;

  window_class->close_request = kt_window_close_request;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  properties[PROP_LIBRARY] = g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY, flags);
  properties[PROP_PROGRESS] = g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS, flags);
  /* The sidebar's rows: "All Topics", then the library's topics. */
  properties[PROP_TOPICS] = g_param_spec_object ("topics", NULL, NULL, KT_TYPE_TOPIC_TREE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, _kt_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.export-progress", NULL, export_progress_action);
  gtk_widget_class_install_action (widget_class, "win.import-progress", NULL, import_progress_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.retry-save", NULL, retry_save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-progress", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "study");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "browse");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "stats");

  g_type_ensure (KT_TYPE_SIDEBAR);
  g_type_ensure (KT_TYPE_STUDY_PAGE);
  g_type_ensure (KT_TYPE_BROWSE_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, content_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, save_banner);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, study_page);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, browse_page);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, stats_bin);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KtWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_cb);
}

/* The menu's popover is built when first opened, not at start-up. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  KtWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
kt_window_init (KtWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  self->pending_imports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->import_histories = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_imported_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (drop, "drop", G_CALLBACK (_kt_window_on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_is_active_cb), NULL);
  g_signal_connect_object (self->browse_page, "notify::can-go-back",
                           G_CALLBACK (update_back_button), self, G_CONNECT_SWAPPED);
}

KtWindow *
kt_window_new (GtkApplication *application,
               GSettings      *settings,
               KtLibrary      *library,
               KtProgress     *progress,
               KtTopicTree    *topics)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "library", library,
                       "progress", progress,
                       "topics", topics,
                       NULL);
}

void
kt_window_select_topic (KtWindow *self,
                        guint     position)
{
  g_return_if_fail (KT_IS_WINDOW (self));

  kt_sidebar_select (self->sidebar, position);
}

KtTopic *
kt_window_get_topic (KtWindow *self)
{
  g_return_val_if_fail (KT_IS_WINDOW (self), NULL);

  return kt_sidebar_get_topic (self->sidebar);
}

void
kt_window_show_toast (KtWindow *self,
                      AdwToast *toast)
{
  g_return_if_fail (KT_IS_WINDOW (self));

  kt_study_page_dismiss_toasts (self->study_page);
  /* Over the content, above its view switcher bar; folded to the topics,
   * over them. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "sidebar") == 0)
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  else
    adw_toast_overlay_add_toast (self->content_toast_overlay, toast);
}
