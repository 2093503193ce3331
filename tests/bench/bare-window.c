/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The yardsticks for Kartoteka's start-up. bare-window is an empty GTK 4
 * application window; adw-window (built with BARE_ADWAITA) the smallest
 * libadwaita application, a window with a header bar, with GtkSourceView
 * initialised as Kartoteka does: the floor under any libadwaita app. Like
 * kartoteka under KARTOTEKA_BENCH_FIRST_FRAME=1, they print the monotonic
 * time (µs) of their first frame and quit.
 */
#ifdef BARE_ADWAITA
#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#else
#include <gtk/gtk.h>
#endif

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
#ifdef BARE_ADWAITA
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_source_init ();
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
#else
  GtkWidget *window = gtk_application_window_new (app);
#endif

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 680);
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
#ifdef BARE_ADWAITA
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("io.github.kartoteka.BenchAdwWindow",
                                                                        G_APPLICATION_DEFAULT_FLAGS));
#else
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.kartoteka.BenchBareWindow",
                                                       G_APPLICATION_DEFAULT_FLAGS);
#endif

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
