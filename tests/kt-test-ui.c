/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests share: the application over a user data folder of
 * its own, waiting for it, finding widgets; and keys and clicks.
 *
 * Keys go to the window that has the X input focus, and other UI tests
 * open windows on the shared display meanwhile: a test that presses keys
 * runs its own Xvfb, so none can take the focus from it. XTest presses
 * them in the X server, so GTK gets them as from a keyboard: through its
 * event controllers, shortcuts, focus and key bindings.
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <gtksourceview/gtksource.h>
#include <X11/extensions/XTest.h>

#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-test-util.h"

#include "kt-test-ui.h"

static GSubprocess *xvfb;

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
  kt_test_wait_until (kt_test_ui_is_mapped, window);

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

/* The server goes when the test does, even when it aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * kt_test_ui_own_display:
 *
 * Starts an Xvfb of our own and points DISPLAY at it; call it before
 * gtk_test_init(). -displayfd lets the server pick a free display, so
 * tests running side by side cannot race for one.
 */
void
kt_test_ui_own_display (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "1",
                                      "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                                      "-noreset", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (xvfb));
  number = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  display = g_strconcat (":", number, NULL);

  /* The number comes with the socket, before the server takes clients. */
  for (guint i = 0; i < 1000; i++)
    {
      Display *dpy = XOpenDisplay (display);

      if (dpy != NULL)
        {
          XCloseDisplay (dpy);
          break;
        }
      g_usleep (10 * 1000);
    }
  g_setenv ("DISPLAY", display, TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GDK_BACKEND", "x11", TRUE);
}

void
kt_test_ui_stop_display (void)
{
  if (xvfb == NULL)
    return;

  g_subprocess_send_signal (xvfb, SIGTERM);
  g_subprocess_wait (xvfb, NULL, NULL);
  g_clear_object (&xvfb);
}

/* For kt_test_wait_until() */
gboolean
kt_test_ui_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Runs the main loop for @ms milliseconds: for animations and delays. */
void
kt_test_ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Runs the main loop until nothing is pending, then until @window (while
 * it is still shown) has drawn the result. */
void
kt_test_ui_settle (GtkWindow *window)
{
  g_autoptr(GtkWindow) hold = g_object_ref (window);

  for (guint i = 0; i < 3; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (gtk_widget_get_mapped (GTK_WIDGET (window)))
        gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    }
}

static Display *
x_display (GtkWindow *window)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

/* Gives @window the X input focus (there is no window manager) and waits
 * until GTK knows. */
void
kt_test_ui_focus_window (GtkWindow *window)
{
  Display *dpy = x_display (window);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  XSetInputFocus (dpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                  RevertToParent, CurrentTime);
  XSync (dpy, False);
  while (!window_is_active (window) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_true (gtk_window_is_active (window));
  kt_test_ui_settle (window);
}

static void
fake_key (Display *dpy,
          guint    keyval,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (dpy, keyval);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (dpy, code, press, CurrentTime);
}

/* The keysyms of the modifier keys in @mods, pressed in this order. */
static const struct { GdkModifierType mask; guint keyval; } modifier_keys[] = {
  { GDK_CONTROL_MASK, GDK_KEY_Control_L },
  { GDK_ALT_MASK, GDK_KEY_Alt_L },
  { GDK_SHIFT_MASK, GDK_KEY_Shift_L },
};

/**
 * kt_test_ui_press:
 * @accelerator: as gtk_accelerator_parse() reads it: "space",
 *   "<Control>z", "<Shift>Tab", "<Alt>2"
 *
 * Presses and releases the key with its modifiers, in @window (which
 * gets the input focus first), and waits until it is handled and drawn.
 */
void
kt_test_ui_press (GtkWindow  *window,
                  const char *accelerator)
{
  g_autoptr(GtkWindow) hold = g_object_ref (window);
  Display *dpy = x_display (window);
  guint keyval = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  if (!gtk_window_is_active (window))
    kt_test_ui_focus_window (window);

  for (guint i = 0; i < G_N_ELEMENTS (modifier_keys); i++)
    if (mods & modifier_keys[i].mask)
      fake_key (dpy, modifier_keys[i].keyval, TRUE);
  fake_key (dpy, keyval, TRUE);
  fake_key (dpy, keyval, FALSE);
  for (guint i = G_N_ELEMENTS (modifier_keys); i > 0; i--)
    if (mods & modifier_keys[i - 1].mask)
      fake_key (dpy, modifier_keys[i - 1].keyval, FALSE);

  /* The server has made the events when it answers; then GDK reads them. */
  XSync (dpy, False);
  kt_test_ui_settle (window);
}

/**
 * kt_test_ui_click:
 *
 * Moves the pointer to the middle of @widget and clicks the first button
 * there, once, as a tap would.
 */
void
kt_test_ui_click (GtkWindow *window,
                  GtkWidget *widget)
{
  Display *dpy = x_display (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  graphene_point_t point;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  if (!gtk_window_is_active (window))
    kt_test_ui_focus_window (window);
  /* Where it is once laid out, not where it was */
  kt_test_ui_settle (window);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  /* Window coordinates start after the shadow of the decorations. */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (dpy),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);

  /* Each step handled before the next, as a hand would be: a button
   * takes a press only where the pointer is known to be. */
  XTestFakeMotionEvent (dpy, -1, root_x, root_y, CurrentTime);
  XSync (dpy, False);
  kt_test_ui_settle (window);
  XTestFakeButtonEvent (dpy, 1, True, CurrentTime);
  XSync (dpy, False);
  kt_test_ui_settle (window);
  XTestFakeButtonEvent (dpy, 1, False, CurrentTime);
  XSync (dpy, False);
  kt_test_ui_settle (window);
}

/* Types @text, ASCII letters and digits, a key each. */
void
kt_test_ui_type (GtkWindow  *window,
                 const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      g_assert_true (g_ascii_isalnum (*p));
      kt_test_ui_press (window, key);
    }
}

GtkWidget *
kt_test_ui_find_label (GtkWidget  *widget,
                       const char *text)
{
  return kt_test_ui_find (widget, kt_test_ui_label_is, text);
}

GtkWidget *
kt_test_ui_focus (GtkWindow *window)
{
  return gtk_window_get_focus (window);
}

/* Whether the focus is on @widget or inside it. */
gboolean
kt_test_ui_focus_in (GtkWindow *window,
                     gpointer   widget)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}
