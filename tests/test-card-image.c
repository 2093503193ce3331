/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures in the card view (issue 17), from the fixture vault
 * tests/data/media-vault: a picture the card names is a GtkPicture with
 * its texture, loaded off the main thread, as wide as the card allows but
 * never wider than the file or the card's `|300`; a picture that is not
 * there, or no picture, is a row saying so; a remote one is a link; and
 * the callouts and highlights around them render as such.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kt-card-image.h"
#include "kt-card-view.h"
#include "kt-formats.h"
#include "kt-markdown.h"
#include "kt-test-ui.h"
#include "kt-test-util.h"

static char *vault;

typedef struct
{
  GtkWindow  *window;
  KtCardView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = g_object_new (KT_TYPE_CARD_VIEW, "deck-folder", vault, NULL);
  gtk_window_set_default_size (fixture->window, GPOINTER_TO_INT (data), 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

/* A card of Биология/Клетка.md: the question as written there. */
static KtCard *
note_card (const char *question,
           const char *answer)
{
  g_autofree char *note = g_build_filename (vault, "Биология", "Клетка.md", NULL);

  return kt_card_new ("id", "Клетка", NULL, NULL, question, answer, NULL, NULL, note, 9);
}

static void
collect_images (GtkWidget *widget,
                GPtrArray *images)
{
  if (KT_IS_CARD_IMAGE (widget))
    g_ptr_array_add (images, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_images (child, images);
}

/* The pictures of the card, in order: the question's, then the answer's. */
static GPtrArray *
card_images (KtCardView *view)
{
  GPtrArray *images = g_ptr_array_new ();

  collect_images (GTK_WIDGET (view), images);
  return images;
}

static gboolean
images_settled (gpointer data)
{
  g_autoptr(GPtrArray) images = card_images (data);

  for (guint i = 0; i < images->len; i++)
    {
      KtCardImage *image = g_ptr_array_index (images, i);

      if (kt_card_image_get_texture (image) == NULL && kt_card_image_get_message (image) == NULL)
        return FALSE;
    }

  return images->len > 0;
}

/* Shows @card revealed, and waits until its pictures are loaded (or
 * known to be missing) and drawn. */
static GPtrArray *
show (Fixture *fixture,
      KtCard  *card)
{
  kt_card_view_set_card (fixture->view, card);
  kt_card_view_set_revealed (fixture->view, TRUE);
  kt_test_wait_until (images_settled, fixture->view);
  kt_test_ui_spin (300);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  return card_images (fixture->view);
}

static GtkPicture *
picture_of (KtCardImage *image)
{
  return GTK_PICTURE (kt_test_ui_find (GTK_WIDGET (image), kt_test_ui_is_a,
                                       GSIZE_TO_POINTER (GTK_TYPE_PICTURE)));
}

/* ------------------------------------------------------------------------ */

static void
test_picture (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(KtCard) card = note_card ("![[митохондрия.png|300]]",
                                      "Митохондрия — ==энергетическая станция== клетки.\n\n"
                                      "> [!note] Запомнить\n> Своя ДНК.");
  g_autoptr(GPtrArray) images = show (fixture, card);
  KtCardImage *image;
  GtkPicture *picture;
  GdkTexture *texture;
  GtkWidget *title, *highlighted;

  g_assert_cmpuint (images->len, ==, 1);
  image = g_ptr_array_index (images, 0);
  picture = picture_of (image);
  texture = kt_card_image_get_texture (image);
  g_assert_nonnull (texture);
  g_assert_true (gtk_picture_get_paintable (picture) == GDK_PAINTABLE (texture));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (picture)));
  g_assert_null (kt_card_image_get_message (image));

  /* 320 × 180 in the file, 300 wide as the card asks, the aspect kept. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 180);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (picture)), ==, 300);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (picture)), ==, 169);

  /* The question is the picture alone: no empty heading above it. */
  g_assert_false (gtk_widget_get_visible (kt_test_ui_child (fixture->view, KT_TYPE_CARD_VIEW,
                                                            "question_label")));

  title = kt_test_ui_find_label (GTK_WIDGET (fixture->view), "Запомнить");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (title), "kt-callout-title"));
  g_assert_null (kt_test_ui_find_label (GTK_WIDGET (fixture->view), "[!note] Запомнить"));
  /* A new place over the card leaves its picture be. */
  g_object_set (fixture->view, "topic-title", "Биология", NULL);
  {
    g_autoptr(GPtrArray) again = card_images (fixture->view);

    g_assert_cmpuint (again->len, ==, 1);
    g_assert_true (g_ptr_array_index (again, 0) == image);
    g_assert_true (kt_card_image_get_texture (image) == texture);
  }

  highlighted = kt_test_ui_find_label (GTK_WIDGET (fixture->view),
                                       "Митохондрия — энергетическая станция клетки.");
  g_assert_nonnull (highlighted);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (highlighted)),
                            KT_MARKDOWN_HIGHLIGHT "энергетическая станция</span>"));
}

/* Never upscaled, and never wider than the card. */
static void
test_sizes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KtCard) card = note_card ("Что на схеме? ![Схема](Схема%20клетки.png)",
                                      "![[sunset photo.png]]");
  g_autoptr(GPtrArray) images = show (fixture, card);
  GtkWidget *small, *wide;
  int card_width;

  g_assert_cmpuint (images->len, ==, 2);
  small = GTK_WIDGET (picture_of (g_ptr_array_index (images, 0)));
  wide = GTK_WIDGET (picture_of (g_ptr_array_index (images, 1)));
  card_width = gtk_widget_get_width (gtk_widget_get_parent (g_ptr_array_index (images, 1)));

  /* 240 × 240: as it is, in a card some 700 wide. */
  g_assert_cmpint (card_width, >, 240);
  g_assert_cmpint (gtk_widget_get_width (small), ==, 240);
  g_assert_cmpint (gtk_widget_get_height (small), ==, 240);
  /* 900 × 500: the card's width, the aspect kept. */
  g_assert_cmpint (gtk_widget_get_width (wide), ==, MIN (card_width, 900));
  g_assert_cmpint (abs (gtk_widget_get_height (wide) - gtk_widget_get_width (wide) * 500 / 900), <=, 1);
  g_assert_nonnull (kt_test_ui_find_label (GTK_WIDGET (fixture->view), "Что на схеме?"));
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(KtCard) card = note_card ("Что изображено? ![[рибосома.png]]",
                                      "![[broken.png]]\n\n![](../../../etc/passwd.png)\n\n"
                                      "![Remote & far](https://example.org/remote.png)");
  g_autoptr(GPtrArray) images = show (fixture, card);

  g_assert_cmpuint (images->len, ==, 4);
  g_assert_cmpstr (kt_card_image_get_message (g_ptr_array_index (images, 0)), ==,
                   "Image not found: рибосома.png");
  g_assert_cmpstr (kt_card_image_get_message (g_ptr_array_index (images, 1)), ==,
                   "Image could not be read: broken.png");
  g_assert_cmpstr (kt_card_image_get_message (g_ptr_array_index (images, 2)), ==,
                   "Image not found: passwd.png");
  g_assert_cmpstr (kt_card_image_get_message (g_ptr_array_index (images, 3)), ==,
                   "<a href=\"https://example.org/remote.png\">Remote &amp; far</a>");
  for (guint i = 0; i < images->len; i++)
    {
      KtCardImage *image = g_ptr_array_index (images, i);

      g_assert_null (kt_card_image_get_texture (image));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picture_of (image))));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (image)));
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (image)), >, 10);
    }
  g_assert_nonnull (kt_test_ui_find_label (GTK_WIDGET (fixture->view), "Что изображено?"));
}

/* Another card before the pictures of the first are in: nothing of the
 * first shows up later. */
static void
test_switch_while_loading (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KtCard) first = note_card ("![[sunset photo.png]]", "A");
  g_autoptr(KtCard) second = note_card ("![[logo.png]]", "B");
  g_autoptr(GPtrArray) images = NULL;

  kt_card_view_set_card (fixture->view, first);
  images = show (fixture, second);
  g_assert_cmpuint (images->len, ==, 1);
  g_assert_cmpint (gdk_texture_get_width (kt_card_image_get_texture (g_ptr_array_index (images, 0))),
                   ==, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = kt_test_ui_init (&argc, &argv);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "media-vault", NULL);
  int status;

  vault = g_canonicalize_filename (path, NULL);

  g_test_add ("/card-image/picture", Fixture, GINT_TO_POINTER (800),
              fixture_set_up, test_picture, fixture_tear_down);
  g_test_add ("/card-image/sizes", Fixture, GINT_TO_POINTER (800),
              fixture_set_up, test_sizes, fixture_tear_down);
  g_test_add ("/card-image/sizes-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_sizes, fixture_tear_down);
  g_test_add ("/card-image/missing", Fixture, GINT_TO_POINTER (800),
              fixture_set_up, test_missing, fixture_tear_down);
  g_test_add ("/card-image/switch-while-loading", Fixture, GINT_TO_POINTER (800),
              fixture_set_up, test_switch_while_loading, fixture_tear_down);

  status = g_test_run ();
  kt_test_ui_delete_tree (data_home);
  g_free (vault);

  return status;
}
