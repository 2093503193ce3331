/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtWindow is the main window. It restores its size and maximized state
 * from GSettings and writes them back when it closes (not on every
 * resize, which would hammer dconf while the user drags).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-window.h"

struct _KtWindow
{
  AdwApplicationWindow  parent_instance;

  /* Owned References */
  GSettings            *settings;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
};

G_DEFINE_FINAL_TYPE (KtWindow, kt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kt_window_save_state (KtWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
kt_window_close_request (GtkWindow *window)
{
  kt_window_save_state (KT_WINDOW (window));

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
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

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
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_window_dispose (GObject *object)
{
  KtWindow *self = KT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_window_parent_class)->dispose (object);
}

static void
kt_window_class_init (KtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kt_window_constructed;
  object_class->dispose = kt_window_dispose;
  object_class->get_property = kt_window_get_property;
  object_class->set_property = kt_window_set_property;

  window_class->close_request = kt_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtWindow, toast_overlay);
}

static void
kt_window_init (KtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KtWindow *
kt_window_new (GtkApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}
