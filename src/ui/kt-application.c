/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtApplication owns what outlives a window: settings, and the command
 * line. Options that need no display (--version and the headless
 * commands) are answered in handle-local-options, before GTK opens one.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-application.h"
#include "kt-window.h"

struct _KtApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KtApplication, kt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static int
kt_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kartoteka %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return -1;
}

static GtkWindow *
kt_application_ensure_window (KtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (kt_window_new (GTK_APPLICATION (self), self->settings));

  return window;
}

static void
kt_application_activate (GApplication *application)
{
  KtApplication *self = KT_APPLICATION (application);

  gtk_window_present (kt_application_ensure_window (self));
}

static void
kt_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  kt_application_activate (application);
}

static void
kt_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  KtApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close rather than g_application_quit() so windows save their state. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
kt_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  KtApplication *self = user_data;
  static const char *developers[] = { "The Kartoteka developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Kartoteka"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Kartoteka developers"),
                         "developers", developers,
                         "comments", _("Study your own notes with spaced repetition"),
                         "website", "https://github.com/kartoteka/kartoteka",
                         "issue-url", "https://github.com/kartoteka/kartoteka/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Kartoteka developers",
                         /* Translators: your names, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", kt_application_quit_action },
  { "about", kt_application_about_action },
};

static void
kt_application_startup (GApplication *application)
{
  KtApplication *self = KT_APPLICATION (application);

  G_APPLICATION_CLASS (kt_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
kt_application_dispose (GObject *object)
{
  KtApplication *self = KT_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kt_application_parent_class)->dispose (object);
}

static void
kt_application_class_init (KtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kt_application_dispose;

  app_class->handle_local_options = kt_application_handle_local_options;
  app_class->startup = kt_application_startup;
  app_class->activate = kt_application_activate;
  app_class->open = kt_application_open;
}

static void
kt_application_init (KtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
}

KtApplication *
kt_application_new (void)
{
  return g_object_new (KT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
