/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtPreferencesWindow: scheduling and daily limits, bound straight to
 * GSettings, the language on a page of its own, and the Decks page
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

  /* Template Widgets */
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/kt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, retention_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, fuzz_switch);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, new_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, reviews_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KtPreferencesWindow, rollover_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_retention_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rollover_spin_output_cb);
}

static void
kt_preferences_window_init (KtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KtPreferencesWindow *
kt_preferences_window_new (GtkWindow *parent,
                           GSettings *settings,
                           KtLibrary *library)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KT_IS_LIBRARY (library), NULL);

  return g_object_new (KT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "settings", settings,
                       "library", library,
                       NULL);
}
