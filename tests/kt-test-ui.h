/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests of the vault share: the application over a user data
 * folder of its own, waiting for it, and finding widgets.
 */
#pragma once

#include <adwaita.h>

#include "kt-window.h"

G_BEGIN_DECLS

char      *kt_test_ui_init         (int         *argc,
                                    char      ***argv);
void       kt_test_ui_delete_tree  (const char  *path);
KtWindow  *kt_test_ui_open_window  (GApplication *app);
gpointer   kt_test_ui_child        (gpointer     widget,
                                    GType        type,
                                    const char  *name);
GtkWidget *kt_test_ui_find         (GtkWidget   *widget,
                                    gboolean   (*match) (GtkWidget *, gconstpointer),
                                    gconstpointer data);
gboolean   kt_test_ui_label_is     (GtkWidget   *widget,
                                    gconstpointer text);
gboolean   kt_test_ui_is_a         (GtkWidget   *widget,
                                    gconstpointer type);
GtkWidget *kt_test_ui_find_toplevel (GType       type);
void       kt_test_ui_wait_loaded  (KtLibrary   *library);
gboolean   kt_test_ui_send_key     (GtkWidget   *widget,
                                    guint        keyval);

G_END_DECLS
