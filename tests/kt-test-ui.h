/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests share: the application over a user data folder of
 * its own, waiting for it, and finding widgets; and for those that press
 * real keys, an X display of their own, key presses and clicks through
 * the X server (XTest), so they reach the widgets as a person's would.
 */
#pragma once

#include <adwaita.h>

#include "kt-window.h"

G_BEGIN_DECLS

char      *kt_test_ui_init          (int          *argc,
                                     char       ***argv);
void       kt_test_ui_delete_tree   (const char   *path);
KtWindow  *kt_test_ui_open_window   (GApplication *app);
void       kt_test_ui_wait_loaded   (KtLibrary    *library);

gpointer   kt_test_ui_child         (gpointer      widget,
                                     GType         type,
                                     const char   *name);
GtkWidget *kt_test_ui_find          (GtkWidget    *widget,
                                     gboolean    (*match) (GtkWidget *, gconstpointer),
                                     gconstpointer data);
gboolean   kt_test_ui_label_is      (GtkWidget    *widget,
                                     gconstpointer text);
gboolean   kt_test_ui_is_a          (GtkWidget    *widget,
                                     gconstpointer type);
GtkWidget *kt_test_ui_find_label    (GtkWidget    *widget,
                                     const char   *text);
GtkWidget *kt_test_ui_find_toplevel (GType         type);
gboolean   kt_test_ui_send_key      (GtkWidget    *widget,
                                     guint         keyval);

void       kt_test_ui_own_display   (void);
void       kt_test_ui_stop_display  (void);

gboolean   kt_test_ui_is_mapped     (gpointer      widget);
void       kt_test_ui_spin          (guint         ms);

void       kt_test_ui_focus_window  (GtkWindow    *window);
void       kt_test_ui_press         (GtkWindow    *window,
                                     const char   *accelerator);
void       kt_test_ui_click         (GtkWindow    *window,
                                     GtkWidget    *widget);
void       kt_test_ui_type          (GtkWindow    *window,
                                     const char   *text);
void       kt_test_ui_settle        (GtkWindow    *window);
GtkWidget *kt_test_ui_focus         (GtkWindow    *window);
gboolean   kt_test_ui_focus_in      (GtkWindow    *window,
                                     gpointer      widget);

G_END_DECLS
