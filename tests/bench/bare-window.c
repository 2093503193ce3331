/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The yardstick for Kartoteka's start-up: an empty GTK 4 application
 * window. Like kartoteka under KARTOTEKA_BENCH_FIRST_FRAME=1, it prints
 * the monotonic time (µs) of its first frame and quits.
 */
#include <gtk/gtk.h>

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  gtk_window_destroy (window);
}

static void
map_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 680);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.kartoteka.BenchBareWindow",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
