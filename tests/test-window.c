/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window under Xvfb: it opens, About works, and its size is
 * remembered in GSettings.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kt-application.h"
#include "kt-i18n.h"
#include "kt-window.h"

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_open_about_size (void)
{
  g_autoptr(KtApplication) app = kt_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window, *about = NULL;
  g_autoptr(GListModel) toplevels = NULL;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);

  g_application_register (G_APPLICATION (app), NULL, NULL);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KT_IS_WINDOW (window));
  wait_until (widget_is_mapped, window);

  /* The stored size is restored. */
  {
    int w, h;
    gtk_window_get_default_size (window, &w, &h);
    g_assert_cmpint (w, ==, 700);
    g_assert_cmpint (h, ==, 500);
  }

  /* app.about opens an About window over the main window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_ABOUT_WINDOW (w))
        about = w;
    }
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == window);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  wait_until (widget_is_mapped, about);
  gtk_window_destroy (about);

  /* A new size is saved when the window closes. */
  gtk_window_set_default_size (window, 820, 610);
  gtk_window_close (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int argc, char *argv[])
{
  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/open-about-size", test_window_open_about_size);

  return g_test_run ();
}
