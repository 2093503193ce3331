/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Statistics page on its own in a window under Xvfb, over the bundled
 * decks and a review log seeded a few days back from now: the streaks,
 * retention and counts it shows for all topics and for one, the topic
 * table weakest first, the charts' accessible descriptions, a live update
 * after an answer, and each chart rendered in light and dark.
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <adwaita.h>

#include "kt-i18n.h"
#include "kt-library.h"
#include "kt-progress.h"
#include "kt-stats-page.h"
#include "kt-stats.h"
#include "kt-test-util.h"

#define HOUR   G_TIME_SPAN_HOUR
#define DAY    G_TIME_SPAN_DAY
#define MINUTE G_TIME_SPAN_MINUTE

typedef struct
{
  GSettingsBackend *backend;
  GSettings        *settings;
  KtProgress       *progress;
  KtLibrary        *library;
  KtTopic          *first;     /* the topic of card_a */
  KtTopic          *second;    /* the topic of card_b */
  char             *card_a;
  char             *card_b;
  GtkWindow        *window;
  KtStatsPage      *page;
} Fixture;

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------ */

/* Laid out for a frame: mapped alone is not enough. */
static gboolean
widget_is_allocated (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static gboolean
library_is_loaded (gpointer data)
{
  KtLibrary *library = data;

  /* "All Topics" is filled at idle after the decks are in. */
  return !kt_library_get_loading (library) && kt_library_get_n_cards (library) > 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (kt_library_get_all (library))) ==
         kt_library_get_n_cards (library);
}

static gpointer
child (gpointer    widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), KT_TYPE_STATS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_text (child (fixture->page, name));
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
  const char *text;
} LabelWait;

static gboolean
label_shows (gpointer data)
{
  LabelWait *wait = data;

  return g_str_equal (label_text (wait->fixture, wait->name), wait->text);
}

/* Waits for the idle refresh to show @text in the label @name. */
static void
assert_label (Fixture    *fixture,
              const char *name,
              const char *text)
{
  LabelWait wait = { fixture, name, text };

  kt_test_wait_until (label_shows, &wait);
  g_assert_cmpstr (label_text (fixture, name), ==, text);
}

static void
assert_accessible_description (GtkWidget  *widget,
                               const char *text)
{
  g_autofree char *problem =
    gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);

  if (problem != NULL)
    g_error ("accessible description of %s: %s", G_OBJECT_TYPE_NAME (widget), problem);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for @widget to be drawn in a frame, and returns what it drew,
 * serialized: a drawing area's cairo node holds its pixels. */
static GBytes *
render (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  kt_test_wait_until (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_render_node_serialize (node);
}

/* The first numeric label in @widget or under it. */
static GtkLabel *
find_numeric_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric"))
    return GTK_LABEL (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_numeric_label (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
card_id_at (KtTopic *topic,
            guint    position)
{
  g_autoptr(KtCard) card = g_list_model_get_item (G_LIST_MODEL (topic), position);

  return kt_card_get_id (card);
}

/* ---------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------ */

/* Card A: to Review ten days ago, Again three days ago, then Good after
 * the relearning step, and Good today. Card B: to Review five days ago,
 * Good two days ago and Hard yesterday. So the study days with answers
 * are 10, 5, 3, 2, 1 and 0 days back: a streak of 4. Of the answers to
 * cards in Review, A's Again is the one not recalled: 3 of 4. */
static void
seed (Fixture *fixture)
{
  gint64 now = g_get_real_time ();
  gint64 today, day_end;

  kt_progress_get_day_bounds (fixture->progress, now, &today, &day_end);

  kt_progress_record_review (fixture->progress, fixture->card_a, KT_RATING_EASY, today - 10 * DAY + 6 * HOUR);
  kt_progress_record_review (fixture->progress, fixture->card_a, KT_RATING_AGAIN, today - 3 * DAY + 6 * HOUR);
  kt_progress_record_review (fixture->progress, fixture->card_a, KT_RATING_GOOD,
                             today - 3 * DAY + 6 * HOUR + 10 * MINUTE);
  kt_progress_record_review (fixture->progress, fixture->card_a, KT_RATING_GOOD, today);
  kt_progress_record_review (fixture->progress, fixture->card_b, KT_RATING_EASY, today - 5 * DAY + 6 * HOUR);
  kt_progress_record_review (fixture->progress, fixture->card_b, KT_RATING_GOOD, today - 2 * DAY + 6 * HOUR);
  kt_progress_record_review (fixture->progress, fixture->card_b, KT_RATING_HARD, today - DAY + 6 * HOUR);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->backend = g_memory_settings_backend_new ();
  fixture->settings = g_settings_new_with_backend (APP_ID, fixture->backend);
  g_settings_set_boolean (fixture->settings, "enable-fuzz", FALSE);
  fixture->progress = kt_progress_new (fixture->settings);

  fixture->library = kt_library_new ();
  kt_library_load_bundled (fixture->library);
  kt_test_wait_until (library_is_loaded, fixture->library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 2);
  fixture->first = g_list_model_get_item (G_LIST_MODEL (fixture->library), 0);
  fixture->second = g_list_model_get_item (G_LIST_MODEL (fixture->library), 1);
  fixture->card_a = g_strdup (card_id_at (fixture->first, 0));
  fixture->card_b = g_strdup (card_id_at (fixture->second, 0));
  seed (fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 1400);
  fixture->page = g_object_new (KT_TYPE_STATS_PAGE,
                                "progress", fixture->progress,
                                "library", fixture->library,
                                NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  kt_test_wait_until (widget_is_allocated, child (fixture->page, "heatmap"));
  kt_test_wait_until (widget_is_allocated, child (fixture->page, "forecast_chart"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_null (fixture->page);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_free (fixture->card_a);
  g_free (fixture->card_b);
  g_clear_object (&fixture->first);
  g_clear_object (&fixture->second);
  g_assert_finalize_object (fixture->library);
  g_assert_finalize_object (fixture->progress);
  /* Saves written on a worker report the change in this main context, and
   * until then the report holds the settings. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->settings);
  g_assert_finalize_object (fixture->backend);
}

/* ---------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------ */

/* All topics: the figures of the seeded log. */
static void
test_all_topics (Fixture       *fixture,
                 gconstpointer  data)
{
  guint n_cards = kt_library_get_n_cards (fixture->library);
  g_autofree char *n_new = g_strdup_printf ("%u", n_cards - 2);
  g_autoptr(GArray) forecast = kt_stats_forecast (fixture->progress,
                                                  G_LIST_MODEL (kt_library_get_all (fixture->library)),
                                                  g_get_real_time (), KT_STATS_FORECAST_DAYS);
  g_autofree char *forecast_text = NULL;
  guint n_due = 0;

  for (guint i = 0; i < forecast->len; i++)
    n_due += g_array_index (forecast, guint, i);
  forecast_text = g_strdup_printf ("%u %s due in the next 30 days; %u due today", n_due,
                                   n_due == 1 ? "card" : "cards", g_array_index (forecast, guint, 0));

  assert_label (fixture, "current_streak_label", "4 days");
  assert_label (fixture, "longest_streak_label", "4 days");
  assert_label (fixture, "retention_label", "75%");
  assert_label (fixture, "new_label", n_new);
  assert_label (fixture, "learning_label", "0");
  assert_label (fixture, "review_label", "2");
  assert_label (fixture, "relearning_label", "0");
  g_assert_cmpstr (label_text (fixture, "stability_label"), !=, "No data");
  g_assert_cmpstr (adw_preferences_group_get_description (child (fixture->page, "activity_group")),
                   ==, "7 reviews over the last year");

  gtk_test_accessible_assert_property (child (fixture->page, "heatmap"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Reviews per day over the last year");
  assert_accessible_description (child (fixture->page, "heatmap"),
                                 "7 reviews over the last year; longest streak 4 days");
  gtk_test_accessible_assert_property (child (fixture->page, "forecast_chart"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Cards due per day over the next 30 days");
  assert_accessible_description (child (fixture->page, "forecast_chart"), forecast_text);
  g_assert_cmpuint (n_due, ==, 2);
}

/* The topic table lists both bundled topics, the weaker (A's, at 50%)
 * before B's (100%). */
static void
test_topic_table (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkListBox *list = child (fixture->page, "topic_list");
  AdwActionRow *first = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0));
  AdwActionRow *second = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 1));
  g_autofree char *subtitle = g_strdup_printf ("%u cards, ",
                                               kt_topic_get_n_cards (fixture->first));
  GtkLabel *retention;

  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                   kt_topic_get_title (fixture->first));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (second)), ==,
                   kt_topic_get_title (fixture->second));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (first), subtitle));

  retention = find_numeric_label (GTK_WIDGET (first));
  g_assert_nonnull (retention);
  g_assert_cmpstr (gtk_label_get_text (retention), ==, "50%");
  retention = find_numeric_label (GTK_WIDGET (second));
  g_assert_nonnull (retention);
  g_assert_cmpstr (gtk_label_get_text (retention), ==, "100%");
}

/* One topic: only its answers and cards. */
static void
test_one_topic (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *n_new = g_strdup_printf ("%u", kt_topic_get_n_cards (fixture->first) - 1);

  kt_stats_page_set_topic (fixture->page, fixture->first);
  assert_label (fixture, "current_streak_label", "1 day");
  assert_label (fixture, "longest_streak_label", "1 day");
  assert_label (fixture, "retention_label", "50%");
  assert_label (fixture, "new_label", n_new);
  assert_label (fixture, "review_label", "1");
  assert_accessible_description (child (fixture->page, "heatmap"),
                                 "4 reviews over the last year; longest streak 1 day");

  /* "All Topics" is all again. */
  kt_stats_page_set_topic (fixture->page, kt_library_get_all (fixture->library));
  assert_label (fixture, "retention_label", "75%");
  assert_label (fixture, "current_streak_label", "4 days");
}

/* An answer shows up without anything else being done. */
static void
test_live_update (Fixture       *fixture,
                  gconstpointer  data)
{
  assert_label (fixture, "retention_label", "75%");

  kt_progress_record_review (fixture->progress, fixture->card_b, KT_RATING_GOOD, g_get_real_time ());
  assert_label (fixture, "retention_label", "80%");
  assert_accessible_description (child (fixture->page, "heatmap"),
                                 "8 reviews over the last year; longest streak 4 days");

  /* Undoing all of A's answers leaves B's, all recalled. */
  kt_progress_restore (fixture->progress, fixture->card_a, NULL);
  kt_progress_restore (fixture->progress, fixture->card_a, NULL);
  kt_progress_restore (fixture->progress, fixture->card_a, NULL);
  kt_progress_restore (fixture->progress, fixture->card_a, NULL);
  assert_label (fixture, "retention_label", "100%");
}

/* Both charts draw in a frame, and draw differently in dark. */
static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *charts[] = { "heatmap", "forecast_chart" };

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      GtkWidget *chart = child (fixture->page, charts[i]);
      g_autoptr(GBytes) light = NULL;
      g_autoptr(GBytes) dark = NULL;

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      light = render (chart);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      g_assert_true (adw_style_manager_get_dark (style));
      dark = render (chart);
      g_assert_false (g_bytes_equal (light, dark));
    }
}

int
main (int argc, char *argv[])
{
  kt_test_pin_utc ();
  /* The test backend keeps accessible properties where they can be read. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  kt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/stats-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("all-topics", test_all_topics);
  ADD ("topic-table", test_topic_table);
  ADD ("one-topic", test_one_topic);
  ADD ("live-update", test_live_update);
  ADD ("render", test_render);

#undef ADD

  return g_test_run ();
}
