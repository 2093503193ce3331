/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtCardImage is one picture of a card.  kt_media_resolve() finds the
 * file and GDK decodes it in a worker thread (a GdkTexture is immutable,
 * so it may be made there); the main loop only ever sets the texture.
 *
 * The picture is as wide as the card allows, never wider than the file
 * (no upscaling) nor than the width the card asked for (`|300`), with its
 * aspect kept: GtkPicture alone would ask for the height of the card's
 * whole width, so this widget measures and places it itself.
 *
 * A picture that is not found, or cannot be read, is a row saying so with
 * its name; a remote one is a link, never fetched.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-card-image.h"
#include "kt-media.h"

/* Bigger files are not read, and pictures of more pixels are decoded
 * scaled down to fit MAX_SIDE: a card is at most some 760 pixels wide. */
#define MAX_FILE_SIZE (64 * 1024 * 1024)
#define MAX_PIXELS    (4096 * 4096)
#define MAX_SIDE      2048

struct _KtCardImage
{
  GtkWidget     parent_instance;

  char         *url;
  char         *alt;
  guint         max_width;
  GCancellable *cancellable;

  /* Template Widgets */
  GtkPicture   *picture;
  GtkWidget    *placeholder;
  GtkImage     *placeholder_icon;
  GtkLabel     *placeholder_label;
};

G_DEFINE_FINAL_TYPE (KtCardImage, kt_card_image, GTK_TYPE_WIDGET)

typedef struct
{
  char *url;
  char *note_path;
  char *deck_folder;
} Load;

static void
load_free (Load *load)
{
  g_free (load->url);
  g_free (load->note_path);
  g_free (load->deck_folder);
  g_free (load);
}

/* ------------------------------------------------------------------------ */

static GdkTexture *
decode (const char  *path,
        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GStatBuf info;
  int width = 0, height = 0;

  if (g_stat (path, &info) != 0 || info.st_size > MAX_FILE_SIZE ||
      gdk_pixbuf_get_file_info (path, &width, &height) == NULL ||
      width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a picture");
      return NULL;
    }

  if ((gint64) width * height <= MAX_PIXELS)
    return gdk_texture_new_from_file (file, error);

  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, MAX_SIDE, MAX_SIDE,
                                              TRUE, error);
  return pixbuf != NULL ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autofree char *path = kt_media_resolve (load->url, load->note_path, load->deck_folder,
                                            cancellable);
  GError *error = NULL;
  GdkTexture *texture;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "not found");
      return;
    }

  texture = decode (path, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/* The name to tell people: the file's, not the whole path. */
static char *
display_name (KtCardImage *self)
{
  g_autofree char *decoded = g_uri_unescape_string (self->url, NULL);
  g_autofree char *name = g_path_get_basename (decoded != NULL ? decoded : self->url);

  return g_utf8_make_valid (*self->url != '\0' ? name : self->alt, -1);
}

static void
show_placeholder (KtCardImage *self,
                  const char  *icon_name,
                  const char  *markup)
{
  gtk_image_set_from_icon_name (self->placeholder_icon, icon_name);
  gtk_label_set_markup (self->placeholder_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), FALSE);
  gtk_widget_set_visible (self->placeholder, TRUE);
}

static void
loaded_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = NULL;
  g_autofree char *markup = NULL;
  KtCardImage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = KT_CARD_IMAGE (source_object);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      gtk_widget_set_visible (GTK_WIDGET (self->picture), TRUE);
      return;
    }

  name = display_name (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: a card names a picture that is not there. */
    markup = g_markup_printf_escaped (_("Image not found: %s"), name);
  else
    /* Translators: a card's picture is there but is no picture GTK reads. */
    markup = g_markup_printf_escaped (_("Image could not be read: %s"), name);
  show_placeholder (self, "image-missing-symbolic", markup);
}

/* ------------------------------------------------------------------------ */

/* The width the picture is shown at, given @for_width (-1: any). */
static int
shown_width (KtCardImage *self,
             int          for_width)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);
  int width;

  if (paintable == NULL)
    return 0;
  width = gdk_paintable_get_intrinsic_width (paintable);
  if (self->max_width > 0)
    width = MIN (width, (int) self->max_width);
  if (for_width >= 0)
    width = MIN (width, for_width);

  return width;
}

static int
shown_height (KtCardImage *self,
              int          width)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);
  double ratio = paintable != NULL ? gdk_paintable_get_intrinsic_aspect_ratio (paintable) : 0;

  return ratio > 0 ? (int) ceil (width / ratio) : 0;
}

static GtkSizeRequestMode
kt_card_image_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kt_card_image_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  KtCardImage *self = KT_CARD_IMAGE (widget);

  if (gtk_widget_get_visible (self->placeholder))
    {
      gtk_widget_measure (self->placeholder, orientation, for_size,
                          minimum, natural, minimum_baseline, natural_baseline);
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      *natural = shown_width (self, -1);
    }
  else
    *minimum = *natural = shown_height (self, shown_width (self, for_size));
}

static void
kt_card_image_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  KtCardImage *self = KT_CARD_IMAGE (widget);
  int picture_width = shown_width (self, width);

  if (gtk_widget_get_visible (self->placeholder))
    gtk_widget_allocate (self->placeholder, width, height, baseline, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->picture)))
    gtk_widget_allocate (GTK_WIDGET (self->picture), picture_width,
                         MIN (height, shown_height (self, picture_width)), -1, NULL);
}

static void
kt_card_image_dispose (GObject *object)
{
  KtCardImage *self = KT_CARD_IMAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_CARD_IMAGE);

  G_OBJECT_CLASS (kt_card_image_parent_class)->dispose (object);
}

static void
kt_card_image_finalize (GObject *object)
{
  KtCardImage *self = KT_CARD_IMAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->url);
  g_free (self->alt);

  G_OBJECT_CLASS (kt_card_image_parent_class)->finalize (object);
}

static void
kt_card_image_class_init (KtCardImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_card_image_dispose;
  object_class->finalize = kt_card_image_finalize;
  widget_class->get_request_mode = kt_card_image_get_request_mode;
  widget_class->measure = kt_card_image_measure;
  widget_class->size_allocate = kt_card_image_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-card-image.ui");
  gtk_widget_class_bind_template_child (widget_class, KtCardImage, picture);
  gtk_widget_class_bind_template_child (widget_class, KtCardImage, placeholder);
  gtk_widget_class_bind_template_child (widget_class, KtCardImage, placeholder_icon);
  gtk_widget_class_bind_template_child (widget_class, KtCardImage, placeholder_label);

  gtk_widget_class_set_css_name (widget_class, "kt-card-image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kt_card_image_init (KtCardImage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_card_image_new:
 * @url: the picture's path or address, as the card wrote it
 * @alt: its alt text, plain
 * @max_width: the width it asks for, or 0 for its own
 * @note_path: (nullable): the file the card comes from
 * @deck_folder: (nullable): the deck folder that file is in
 *
 * Starts loading the picture at once; a remote one is shown as a link.
 */
GtkWidget *
kt_card_image_new (const char *url,
                   const char *alt,
                   guint       max_width,
                   const char *note_path,
                   const char *deck_folder)
{
  KtCardImage *self = g_object_new (KT_TYPE_CARD_IMAGE, NULL);
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_val_if_fail (url != NULL, NULL);

  self->url = g_strdup (url);
  self->alt = g_strdup (alt != NULL ? alt : "");
  self->max_width = max_width;
  gtk_picture_set_alternative_text (self->picture, self->alt);

  if (kt_media_is_remote (url))
    {
      g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", url,
                                                         *self->alt != '\0' ? self->alt : url);

      show_placeholder (self, "web-browser-symbolic", markup);
      gtk_widget_set_tooltip_text (self->placeholder, _("Pictures on the web are not downloaded"));
      return GTK_WIDGET (self);
    }

  load = g_new0 (Load, 1);
  load->url = g_strdup (url);
  load->note_path = g_strdup (note_path);
  load->deck_folder = g_strdup (deck_folder);
  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_set_source_tag (task, kt_card_image_new);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);

  return GTK_WIDGET (self);
}

/**
 * kt_card_image_get_texture:
 *
 * Returns: (transfer none) (nullable): the picture, once it is loaded
 */
GdkTexture *
kt_card_image_get_texture (KtCardImage *self)
{
  GdkPaintable *paintable;

  g_return_val_if_fail (KT_IS_CARD_IMAGE (self), NULL);

  paintable = gtk_picture_get_paintable (self->picture);
  return GDK_IS_TEXTURE (paintable) ? GDK_TEXTURE (paintable) : NULL;
}

/**
 * kt_card_image_get_message:
 *
 * Returns: (nullable): what shows instead of the picture, as markup
 */
const char *
kt_card_image_get_message (KtCardImage *self)
{
  g_return_val_if_fail (KT_IS_CARD_IMAGE (self), NULL);

  if (!gtk_widget_get_visible (self->placeholder))
    return NULL;
  return gtk_label_get_label (self->placeholder_label);
}
