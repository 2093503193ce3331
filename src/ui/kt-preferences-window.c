/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtPreferencesWindow: scheduling and daily limits, bound straight to
 * GSettings, and the extra deck folders (the "deck-folders" key), which
 * the library follows as the key changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-preferences-window.h"

struct _KtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkStringList        *folders;

  /* Template Widgets */
  AdwComboRow          *language_row;
  GtkAdjustment        *retention_adjustment;
  GtkSwitch            *fuzz_switch;
  GtkAdjustment        *new_adjustment;
  GtkAdjustment        *reviews_adjustment;
  GtkAdjustment        *rollover_adjustment;
  GtkListBox           *folder_list;
};

G_DEFINE_FINAL_TYPE (KtPreferencesWindow, kt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The language row lists "system", then these, in this order. */
static const char *const language_codes[] = { "", "en", "ru" };

static gboolean
language_to_row (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *code = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_codes); i++)
    if (g_str_equal (code, language_codes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
row_to_language (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (i < G_N_ELEMENTS (language_codes) ? language_codes[i] : "");
}

static GtkWidget *
create_folder_row (gpointer item,
                   gpointer user_data)
{
  const char *path = gtk_string_object_get_string (item);
  g_autofree char *name = g_path_get_basename (path);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  /* Folder names are user data: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Folder"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "prefs.remove-folder");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", path);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
on_deck_folders_changed (KtPreferencesWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->folders));

  gtk_string_list_splice (self->folders, 0, n, (const char * const *) folders);
}

/**
 * kt_preferences_window_add_folder:
 *
 * Adds @folder to the deck folders, unless it is there already.
 */
void
kt_preferences_window_add_folder (KtPreferencesWindow *self,
                                  GFile               *folder)
{
  g_auto(GStrv) folders = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_return_if_fail (KT_IS_PREFERENCES_WINDOW (self));

  path = g_file_get_path (folder);
  if (path == NULL)
    return;

  folders = g_settings_get_strv (self->settings, "deck-folders");
  if (g_strv_contains ((const char * const *) folders, path))
    return;

  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, path);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "deck-folders", (const char * const *) updated);
}

static void
on_add_folder_response (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  KtPreferencesWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        kt_preferences_window_add_folder (self, folder);
    }

  g_object_unref (dialog);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Add Deck Folder"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The chooser holds itself until "response"; we unref it there. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_add_folder_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    if (g_strcmp0 (folders[i], path) != 0)
      g_strv_builder_add (builder, folders[i]);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "deck-folders", (const char * const *) updated);
}

static void
kt_preferences_window_constructed (GObject *object)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (object);
  GtkWidget *placeholder;

  G_OBJECT_CLASS (kt_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "language",
                                self->language_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                language_to_row, row_to_language, NULL, NULL);
  g_settings_bind (self->settings, "desired-retention",
                   self->retention_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "enable-fuzz",
                   self->fuzz_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "new-cards-per-day",
                   self->new_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reviews-per-day",
                   self->reviews_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "day-rollover-hour",
                   self->rollover_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  placeholder = gtk_label_new (_("No extra folders. Imported decks live in your own deck folder."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->folder_list, placeholder);

  gtk_list_box_bind_model (self->folder_list, G_LIST_MODEL (self->folders),
                           create_folder_row, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::deck-folders",
                           G_CALLBACK (on_deck_folders_changed), self, G_CONNECT_SWAPPED);
  on_deck_folders_changed (self);
}

static void
kt_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_preferences_window_dispose (GObject *object)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->folders);

  G_OBJECT_CLASS (kt_preferences_window_parent_class)->dispose (object);
}

static void
kt_preferences_window_class_init (KtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_preferences_window_constructed;
  object_class->dispose = kt_preferences_window_dispose;
  object_class->get_property = kt_preferences_window_get_property;
  object_class->set_property = kt_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prefs.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-folder", "s", remove_folder_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/kt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, retention_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, fuzz_switch);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, new_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, reviews_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, rollover_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, folder_list);
}

static void
kt_preferences_window_init (KtPreferencesWindow *self)
{
  self->folders = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

KtPreferencesWindow *
kt_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "settings", settings,
                       NULL);
}
