/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-test-util.h"

#include "kt-test-ui.h"

/* A user data folder of our own, set before anything reads it, so the
 * user deck folder and the trash hold nothing of the user's; then GTK.
 * Returns the folder, to delete at the end. */
char *
kt_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;
  char *data_home = g_dir_make_tmp ("kartoteka-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  kt_i18n_init ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  gtk_source_init ();

  return data_home;
}

void
kt_test_ui_delete_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
library_is_loaded (gpointer data)
{
  return !kt_library_get_loading (KT_LIBRARY (data));
}

void
kt_test_ui_wait_loaded (KtLibrary *library)
{
  kt_test_wait_until (library_is_loaded, library);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The main window, opened if need be, mapped, its library loaded. */
KtWindow *
kt_test_ui_open_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  KtLibrary *library = NULL;

  if (window == NULL)
    {
      if (!g_application_get_is_registered (app))
        {
          /* Tests run beside each other and beside a running Kartoteka. */
          g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
          g_assert_true (g_application_register (app, NULL, NULL));
        }
      g_application_activate (app);
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
    }
  g_assert_true (KT_IS_WINDOW (window));
  kt_test_wait_until (widget_is_mapped, window);

  g_object_get (window, "library", &library, NULL);
  kt_test_ui_wait_loaded (library);
  g_object_unref (library);

  return KT_WINDOW (window);
}

gpointer
kt_test_ui_child (gpointer    widget,
                  GType       type,
                  const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

/* Depth-first search of @widget and its descendants. */
GtkWidget *
kt_test_ui_find (GtkWidget      *widget,
                 gboolean      (*match) (GtkWidget *, gconstpointer),
                 gconstpointer   data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kt_test_ui_find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
kt_test_ui_label_is (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

/* For kt_test_ui_find(): @type is a GType, in GSIZE_TO_POINTER(). */
gboolean
kt_test_ui_is_a (GtkWidget     *widget,
                 gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
kt_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WIDGET (window);
    }

  return NULL;
}

/* Hands @keyval to @widget's key controllers, the way a key press reaches
 * them (GTK 4 has no way to synthesise one); returns whether one took it. */
gboolean
kt_test_ui_send_key (GtkWidget *widget,
                     guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  g_assert_true (gdk_display_map_keyval (gdk_display_get_default (), keyval, &keys, &n_keys));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, keys[0].keycode, 0, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}
