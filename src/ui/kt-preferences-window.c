/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtPreferencesWindow: scheduling and daily limits, bound straight to
 * GSettings, the sync folder with what KtSync last saw there, the
 * language on a page of its own, and the Decks page
 * (kt-decks-page.c): the user's decks and the extra deck folders, which
 * the library follows as they change. Values show as people say them: the
 * desired retention in percent, the start of the day as a time.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kt-decks-page.h"
#include "kt-format.h"
#include "kt-preferences-window.h"

struct _KtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  KtLibrary            *library;
  KtSync               *sync;

  /* Template Widgets */
  AdwActionRow         *sync_row;
  GtkWidget            *sync_stop_button;
  AdwActionRow         *sync_deck_folder_row;
  AdwComboRow          *language_row;
  GtkAdjustment        *retention_adjustment;
  GtkSwitch            *fuzz_switch;
  GtkAdjustment        *new_adjustment;
  GtkAdjustment        *reviews_adjustment;
  GtkAdjustment        *rollover_adjustment;
};

G_DEFINE_FINAL_TYPE (KtPreferencesWindow, kt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LIBRARY,
  PROP_SYNC,
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

/* The setting is a share (0.9), the row shows percent (90 %). */
static gboolean
share_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, round (g_variant_get_double (variant) * 100.0));
  return TRUE;
}

static GVariant *
percent_to_share (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100.0);
}

/* Shows @text in @spin unless it is being edited. */
static gboolean
show_text (GtkSpinButton *spin,
           const char    *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

/* The first number in what was typed: "90 %", "90" and "04:00" all read. */
static int
on_spin_input_cb (GtkSpinButton *spin,
                  double        *value,
                  gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end;

  while (*text != '\0' && !g_ascii_isdigit (*text))
    text++;
  *value = g_ascii_strtod (text, &end);

  return end == text ? GTK_INPUT_ERROR : TRUE;
}

static gboolean
on_retention_spin_output_cb (GtkSpinButton *spin,
                             gpointer       user_data)
{
  g_autofree char *text = kt_format_percent (gtk_spin_button_get_value (spin) / 100.0);

  return show_text (spin, text);
}

static gboolean
on_rollover_spin_output_cb (GtkSpinButton *spin,
                            gpointer       user_data)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (2000, 1, 1,
                                                     (int) gtk_spin_button_get_value (spin), 0, 0);
  /* Translators: the hour a new study day starts at, in
   * g_date_time_format() notation: "%H:%M" is "04:00". */
  g_autofree char *text = g_date_time_format (time, _("%H:%M"));

  return show_text (spin, text);
}

/* ---- the sync folder ---------------------------------------------------- */

/* "10:03" today, "3 Mar, 10:03" before */
static char *
format_when (gint64 time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, _("%H:%M"));
  /* Translators: a day before today and a time, in g_date_time_format()
   * notation: "%-d %b, %H:%M" is "3 Mar, 10:03" */
  return g_date_time_format (when, _("%-d %b, %H:%M"));
}

/* The folder, then when it was last synced and who else writes there */
static char *
describe_sync (KtSync *sync)
{
  const char *folder = kt_sync_get_folder (sync);
  guint n_machines = kt_sync_get_n_machines (sync);
  g_autofree char *escaped = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) others = g_string_new (NULL);
  g_autofree char *status = NULL;

  if (folder == NULL)
    return g_strdup (_("Off: progress stays on this computer"));

  escaped = g_markup_escape_text (folder, -1);
  if (kt_sync_get_last_synced (sync) == 0)
    return g_strdup_printf ("%s\n%s", escaped, _("Not synced yet"));

  when = format_when (kt_sync_get_last_synced (sync));
  for (guint i = 0; i < n_machines; i++)
    {
      const KtSyncMachine *machine = kt_sync_get_machine (sync, i);
      g_autofree char *host = g_markup_escape_text (machine->host != NULL ? machine->host
                                                                          : _("unnamed"), -1);
      g_autofree char *written = format_when (machine->written_us);

      if (i > 0)
        g_string_append (others, ", ");
      /* Translators: another computer's name, then when it last wrote */
      g_string_append_printf (others, _("%s (wrote %s)"), host, written);
    }

  if (n_machines == 0)
    /* Translators: %s is when, as "10:03" */
    status = g_strdup_printf (_("Synced at %s; no other computer has written here yet"), when);
  else
    /* Translators: when, as "10:03", how many other computers, and who they are */
    status = g_strdup_printf (ngettext ("Synced at %s; %u other computer: %s",
                                        "Synced at %s; %u other computers: %s", n_machines),
                              when, n_machines, others->str);

  return g_strdup_printf ("%s\n%s", escaped, status);
}

/* The first deck folder, when no folder is set: the obvious choice */
static char *
dup_suggested_folder (KtPreferencesWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");

  if (kt_sync_get_folder (self->sync) != NULL || folders[0] == NULL)
    return NULL;

  return g_strdup (folders[0]);
}

static void
update_sync (KtPreferencesWindow *self)
{
  g_autofree char *status = describe_sync (self->sync);
  g_autofree char *suggested = dup_suggested_folder (self);

  adw_action_row_set_subtitle (self->sync_row, status);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.stop-sync",
                                 kt_sync_get_folder (self->sync) != NULL);
  gtk_widget_set_visible (self->sync_stop_button, kt_sync_get_folder (self->sync) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_deck_folder_row), suggested != NULL);
  if (suggested != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (suggested, -1);

      adw_action_row_set_subtitle (self->sync_deck_folder_row, escaped);
    }
}

static void
on_sync_chooser_response (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(KtPreferencesWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL && g_file_peek_path (folder) != NULL)
        g_settings_set_string (self->settings, "sync-folder", g_file_peek_path (folder));
    }

  g_object_unref (dialog);
}

static void
choose_sync_folder_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Sync Progress Through a Folder"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Sync"), NULL);
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "deck-folders");
  const char *current = kt_sync_get_folder (self->sync);

  /* The deck folders, which people sync already, first at hand */
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (folders[i]);

      gtk_file_chooser_add_shortcut_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  if (current != NULL || folders[0] != NULL)
    {
      g_autoptr(GFile) start = g_file_new_for_path (current != NULL ? current : folders[0]);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The chooser holds itself until "response"; it is unreffed there. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_sync_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
stop_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_settings_set_string (KT_PREFERENCES_WINDOW (widget)->settings, "sync-folder", "");
}

static void
use_deck_folder_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (widget);
  g_autofree char *suggested = dup_suggested_folder (self);

  if (suggested != NULL)
    g_settings_set_string (self->settings, "sync-folder", suggested);
}

static void
kt_preferences_window_constructed (GObject *object)
{
  KtPreferencesWindow *self = KT_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kt_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "language",
                                self->language_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                language_to_row, row_to_language, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "desired-retention",
                                self->retention_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                share_to_percent, percent_to_share, NULL, NULL);
  g_settings_bind (self->settings, "enable-fuzz",
                   self->fuzz_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "new-cards-per-day",
                   self->new_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reviews-per-day",
                   self->reviews_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "day-rollover-hour",
                   self->rollover_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->sync, "notify::folder", G_CALLBACK (update_sync), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::last-synced", G_CALLBACK (update_sync), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::deck-folders", G_CALLBACK (update_sync), self,
                           G_CONNECT_SWAPPED);
  update_sync (self);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (kt_decks_page_new (self->settings, self->library)));
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

    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
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

    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
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
  g_clear_object (&self->library);
  g_clear_object (&self->sync);

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
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, KT_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/kt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, retention_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, fuzz_switch);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, new_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, reviews_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, rollover_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, sync_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, sync_stop_button);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, sync_deck_folder_row);
  gtk_widget_class_bind_template_callback (widget_class, on_retention_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rollover_spin_output_cb);

  gtk_widget_class_install_action (widget_class, "prefs.choose-sync-folder", NULL,
                                   choose_sync_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.stop-sync", NULL, stop_sync_action);
  gtk_widget_class_install_action (widget_class, "prefs.use-deck-folder", NULL,
                                   use_deck_folder_action);
}

static void
kt_preferences_window_init (KtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KtPreferencesWindow *
kt_preferences_window_new (GtkWindow *parent,
                           GSettings *settings,
                           KtLibrary *library,
                           KtSync    *sync)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KT_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (KT_IS_SYNC (sync), NULL);

  return g_object_new (KT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "settings", settings,
                       "library", library,
                       "sync", sync,
                       NULL);
}
