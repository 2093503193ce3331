/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtStatsPage shows where the user stands, for the chosen topic or for
 * all: a year of reviews per day as a heatmap (weeks as columns, Monday
 * on top), the current and longest streak, a 30-day forecast of due cards
 * as bars, the cards by state, true retention, average stability, and
 * every topic weakest first. The figures come from kt-stats, which the
 * progress export uses too. For "All Topics" the review history is the
 * whole log, decks no longer loaded included: a streak is the person's,
 * not a deck's.
 *
 * The charts are GtkDrawingAreas drawn with cairo in the colours of the
 * current style (accent and foreground), redrawn when dark mode changes;
 * each carries an accessible description with its main figures, and a
 * tooltip per day. Answers elsewhere mark the figures stale; they are
 * computed again at idle while the page is on screen, or when it next
 * is, so studying on the Study page costs nothing here.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "kt-format.h"
#include "kt-library.h"
#include "kt-progress.h"
#include "kt-stats.h"
#include "kt-stats-page.h"

/* Heatmap: one square per day, month names above, a legend below. */
#define CELL_SIZE         11
#define CELL_PITCH        14
#define MONTH_ROW_HEIGHT  20
#define LEGEND_ROW_HEIGHT 24
#define N_LEVELS          4

/* Forecast: counts above the bars, day labels below. */
#define BARS_HEIGHT       110
#define COUNT_ROW_HEIGHT  18
#define DAY_ROW_HEIGHT    20

struct _KtStatsPage
{
  GtkWidget            parent_instance;

  /* Owned References */
  KtProgress          *progress;
  KtLibrary           *library;
  KtTopic             *topic;
  GSignalGroup        *progress_signals;
  GSignalGroup        *library_signals;
  GSignalGroup        *topic_signals;
  GListStore          *table_topics;   /* KtTopic, in the order of table */
  GArray              *table;          /* KtStatsTopic, weakest first */
  GArray              *days;           /* KtStatsDay, oldest first; NULL without progress */
  GArray              *forecast;       /* guint per day, today first; NULL without progress */
  gint64               time_us;        /* the time the figures are for; 0 for now */
  guint                max_per_day;
  guint                refresh_id;
  gboolean             stale;

  /* Template Widgets */
  GtkWidget           *scrolled_window;  /* bound so dispose_template unparents it */
  AdwPreferencesGroup *activity_group;
  AdwPreferencesGroup *forecast_group;
  AdwPreferencesGroup *topics_group;
  GtkDrawingArea      *heatmap;
  GtkDrawingArea      *forecast_chart;
  GtkLabel            *current_streak_label;
  GtkLabel            *longest_streak_label;
  GtkLabel            *new_label;
  GtkLabel            *learning_label;
  GtkLabel            *review_label;
  GtkLabel            *relearning_label;
  AdwActionRow        *retention_row;
  GtkLabel            *retention_label;
  GtkLabel            *stability_label;
  GtkListBox          *topic_list;
};

G_DEFINE_FINAL_TYPE (KtStatsPage, kt_stats_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_LIBRARY,
  PROP_TOPIC,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------ */

static GDateTime *
date_time_of (const GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 12, 0, 0);
}

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) dt = date_time_of (date);

  /* Translators: a day in the charts' tooltips, in g_date_time_format()
   * notation: "%B %-d, %Y" is "May 1, 2024"; %B is the month name as
   * it stands in a date (genitive where a language has one). */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

static char *
format_days (guint n)
{
  return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
}

static void
set_label_uint (GtkLabel *label,
                guint     value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  gtk_label_set_text (label, text);
}

/* ---------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------ */

/* The style's colours, so the charts follow dark mode and the accent. */
static void
get_colors (GtkWidget *widget,
            GdkRGBA   *foreground,
            GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2.0);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Chart labels are in small type. */
static PangoLayout *
small_layout (GtkWidget  *widget,
              const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);

  return layout;
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws @layout with its top at @y and @align of its width left of @x
 * (0 starts there, 0.5 centres it, 1 ends there). Returns its width. */
static int
show_layout (cairo_t       *cr,
             PangoLayout   *layout,
             double         x,
             double         y,
             double         align,
             const GdkRGBA *color)
{
  int width = layout_width (layout);

  cairo_move_to (cr, round (x - align * width), round (y));
  set_source (cr, color, 0.7);
  pango_cairo_show_layout (cr, layout);

  return width;
}

typedef struct
{
  guint  offset;        /* the weekday row of the first day */
  guint  first_column;  /* the first week shown: the oldest drop out when narrow */
  guint  n_columns;
  double x0;
  double y0;
} HeatmapLayout;

static void
heatmap_layout (KtStatsPage   *self,
                int            width,
                HeatmapLayout *layout)
{
  const GDate *first = &g_array_index (self->days, KtStatsDay, 0).date;
  guint all_columns, fits;

  layout->offset = g_date_get_weekday (first) - G_DATE_MONDAY;
  all_columns = (layout->offset + self->days->len + 6) / 7;
  fits = MAX (width + CELL_PITCH - CELL_SIZE, 0) / CELL_PITCH;
  layout->n_columns = MIN (all_columns, fits);
  layout->first_column = all_columns - layout->n_columns;
  layout->x0 = floor ((width - ((double) layout->n_columns * CELL_PITCH - (CELL_PITCH - CELL_SIZE))) / 2);
  layout->y0 = MONTH_ROW_HEIGHT;
}

/* The day at a column and row of @layout, or -1 where there is none. */
static int
heatmap_day_at (KtStatsPage         *self,
                const HeatmapLayout *layout,
                guint                column,
                guint                row)
{
  gint64 index = (gint64) (layout->first_column + column) * 7 + row - layout->offset;

  if (column >= layout->n_columns || row >= 7 || index < 0 || index >= self->days->len)
    return -1;

  return (int) index;
}

/* Level 0 is a day without reviews, in the foreground colour; the others
 * are the accent colour, stronger for busier days. */
static const double level_alpha[N_LEVELS + 1] = { 0.1, 0.35, 0.55, 0.78, 1.0 };

static void
draw_cell (cairo_t       *cr,
           double         x,
           double         y,
           guint          level,
           const GdkRGBA *foreground,
           const GdkRGBA *accent)
{
  rounded_rectangle (cr, x, y, CELL_SIZE, CELL_SIZE, 2.5);
  set_source (cr, level == 0 ? foreground : accent, level_alpha[level]);
  cairo_fill (cr);
}

/* "Less ■■■■■ More", ending where the grid ends. */
static void
draw_legend (cairo_t             *cr,
             GtkWidget           *widget,
             const HeatmapLayout *layout,
             const GdkRGBA       *foreground,
             const GdkRGBA       *accent)
{
  g_autoptr(PangoLayout) less = small_layout (widget, C_("heatmap legend", "Less"));
  g_autoptr(PangoLayout) more = small_layout (widget, C_("heatmap legend", "More"));
  double top = layout->y0 + 7 * CELL_PITCH + (LEGEND_ROW_HEIGHT - CELL_SIZE) / 2.0;
  double x = layout->x0 + layout->n_columns * CELL_PITCH - (CELL_PITCH - CELL_SIZE);
  int text_height;

  pango_layout_get_pixel_size (more, NULL, &text_height);
  x -= show_layout (cr, more, x, top + (CELL_SIZE - text_height) / 2.0, 1.0, foreground) + 6;
  for (int level = N_LEVELS; level >= 0; level--)
    {
      x -= CELL_SIZE;
      draw_cell (cr, x, top, level, foreground, accent);
      x -= CELL_PITCH - CELL_SIZE;
    }
  show_layout (cr, less, x - 3, top + (CELL_SIZE - text_height) / 2.0, 1.0, foreground);
}

static void
draw_heatmap (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  KtStatsPage *self = user_data;
  HeatmapLayout layout;
  GdkRGBA foreground, accent;
  double label_end = -G_MAXDOUBLE;
  double grid_end;

  if (self->days == NULL || self->days->len == 0)
    return;

  get_colors (GTK_WIDGET (area), &foreground, &accent);
  heatmap_layout (self, width, &layout);
  grid_end = layout.x0 + layout.n_columns * CELL_PITCH - (CELL_PITCH - CELL_SIZE);

  for (guint column = 0; column < layout.n_columns; column++)
    {
      double x = layout.x0 + column * CELL_PITCH;

      for (guint row = 0; row < 7; row++)
        {
          int index = heatmap_day_at (self, &layout, column, row);
          const KtStatsDay *day;
          guint level;

          if (index < 0)
            continue;
          day = &g_array_index (self->days, KtStatsDay, index);
          /* Each level is a quarter of the busiest day; a single answer
           * still shows as the first. */
          level = day->n_reviews == 0 ? 0
                  : MAX (1, (day->n_reviews * N_LEVELS + self->max_per_day - 1) / self->max_per_day);
          draw_cell (cr, x, layout.y0 + row * CELL_PITCH, level, &foreground, &accent);

          /* A month's name over the week it begins in, where it fits: the
           * last one ends with the grid rather than being cut off. */
          if (g_date_get_day (&day->date) == 1 && x >= label_end)
            {
              g_autoptr(GDateTime) dt = date_time_of (&day->date);
              g_autofree char *month = g_date_time_format (dt, "%Ob");
              g_autoptr(PangoLayout) label = small_layout (GTK_WIDGET (area), month);
              double left = MIN (x, grid_end - layout_width (label));

              if (left >= label_end)
                label_end = left + show_layout (cr, label, left, 0, 0, &foreground) + CELL_PITCH;
            }
        }
    }

  draw_legend (cr, GTK_WIDGET (area), &layout, &foreground, &accent);
}

static gboolean
on_heatmap_query_tooltip_cb (KtStatsPage *self,
                             int          x,
                             int          y,
                             gboolean     keyboard_mode,
                             GtkTooltip  *tooltip,
                             GtkWidget   *widget)
{
  HeatmapLayout layout;
  const KtStatsDay *day;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  double column, row;
  int index;

  if (keyboard_mode || self->days == NULL || self->days->len == 0)
    return FALSE;

  heatmap_layout (self, gtk_widget_get_width (widget), &layout);
  column = floor ((x - layout.x0) / CELL_PITCH);
  row = floor ((y - layout.y0) / CELL_PITCH);
  if (column < 0 || row < 0)
    return FALSE;
  index = heatmap_day_at (self, &layout, (guint) column, (guint) row);
  if (index < 0)
    return FALSE;

  day = &g_array_index (self->days, KtStatsDay, index);
  date = format_date (&day->date);
  text = g_strdup_printf (ngettext ("%u review on %s", "%u reviews on %s", day->n_reviews),
                          day->n_reviews, date);
  gtk_tooltip_set_text (tooltip, text);
  /* Asked again once the pointer leaves this day. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) (layout.x0 + column * CELL_PITCH),
                              (int) (layout.y0 + row * CELL_PITCH),
                              CELL_PITCH, CELL_PITCH });

  return TRUE;
}

static guint
forecast_max (KtStatsPage *self)
{
  guint max = 1;

  for (guint i = 0; i < self->forecast->len; i++)
    max = MAX (max, g_array_index (self->forecast, guint, i));

  return max;
}

static void
draw_forecast (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  KtStatsPage *self = user_data;
  GdkRGBA foreground, accent;
  double pitch, bar_width, base;
  double label_end = -G_MAXDOUBLE;
  guint max;

  if (self->forecast == NULL || self->forecast->len == 0)
    return;

  get_colors (GTK_WIDGET (area), &foreground, &accent);
  pitch = (double) width / self->forecast->len;
  bar_width = MAX (floor (pitch * 0.7), 1.0);
  base = COUNT_ROW_HEIGHT + BARS_HEIGHT;
  max = forecast_max (self);

  /* The baseline, so that days with nothing due still read as days. */
  set_source (cr, &foreground, 0.15);
  cairo_rectangle (cr, 0, base, width, 1);
  cairo_fill (cr);

  for (guint i = 0; i < self->forecast->len; i++)
    {
      guint n = g_array_index (self->forecast, guint, i);
      double x = i * pitch + (pitch - bar_width) / 2;
      double bar_height = n == 0 ? 0 : MAX (round ((double) n / max * BARS_HEIGHT), 2.0);

      if (n > 0)
        {
          g_autofree char *text = g_strdup_printf ("%u", n);
          g_autoptr(PangoLayout) count = small_layout (GTK_WIDGET (area), text);

          rounded_rectangle (cr, x, base - bar_height, bar_width, bar_height + 1, 3);
          set_source (cr, &accent, 1.0);
          cairo_fill (cr);
          /* Where bars are too narrow for their counts, the tooltips
           * still have them. */
          if (layout_width (count) <= pitch)
            show_layout (cr, count, x + bar_width / 2, base - bar_height - COUNT_ROW_HEIGHT + 2,
                         0.5, &foreground);
        }

      /* Today, then each week ahead: within the chart, and where there
       * is room after the one before. */
      if (i % 7 == 0)
        {
          g_autofree char *day = i == 0 ? g_strdup (C_("forecast", "Today"))
                                        : kt_format_duration (i * G_TIME_SPAN_DAY);
          g_autoptr(PangoLayout) label = small_layout (GTK_WIDGET (area), day);
          double left = i == 0 ? x : x + bar_width / 2 - layout_width (label) / 2.0;

          left = CLAMP (left, 0, width - layout_width (label));
          if (left >= label_end)
            label_end = left + show_layout (cr, label, left, base + 4, 0, &foreground) + pitch;
        }
    }
}

static gboolean
on_forecast_chart_query_tooltip_cb (KtStatsPage *self,
                                    int          x,
                                    int          y,
                                    gboolean     keyboard_mode,
                                    GtkTooltip  *tooltip,
                                    GtkWidget   *widget)
{
  double pitch;
  guint i, n;
  g_autofree char *text = NULL;

  if (keyboard_mode || self->forecast == NULL || self->forecast->len == 0 || self->days == NULL)
    return FALSE;

  pitch = (double) gtk_widget_get_width (widget) / self->forecast->len;
  if (x < 0 || pitch <= 0)
    return FALSE;
  i = MIN ((guint) (x / pitch), self->forecast->len - 1);
  n = g_array_index (self->forecast, guint, i);

  if (i == 0)
    text = g_strdup_printf (ngettext ("%u card due today, overdue ones included",
                                      "%u cards due today, overdue ones included", n), n);
  else
    {
      GDate date = g_array_index (self->days, KtStatsDay, self->days->len - 1).date;
      g_autofree char *day = NULL;

      g_date_add_days (&date, i);
      day = format_date (&date);
      text = g_strdup_printf (ngettext ("%u card due on %s", "%u cards due on %s", n), n, day);
    }

  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) (i * pitch), 0, (int) ceil (pitch),
                              gtk_widget_get_height (widget) });

  return TRUE;
}

/* ---------------------------------------------------------------------
 * Topic table
 * ------------------------------------------------------------------ */

static GtkWidget *
create_topic_row (gpointer item,
                  gpointer user_data)
{
  KtStatsPage *self = user_data;
  const KtStatsTopic *stats = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *retention_label;
  g_autofree char *cards = NULL;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *retention_text = NULL;
  double retention;

  for (guint i = 0; i < self->table->len && stats == NULL; i++)
    if (g_array_index (self->table, KtStatsTopic, i).topic == item)
      stats = &g_array_index (self->table, KtStatsTopic, i);
  g_assert (stats != NULL);

  cards = g_strdup_printf (ngettext ("%u card", "%u cards", stats->n_cards), stats->n_cards);
  due = g_strdup_printf (ngettext ("%u due", "%u due", stats->n_due), stats->n_due);
  /* Translators: a topic's counts in the statistics, "10 cards, 2 due". */
  subtitle = g_strdup_printf (_("%s, %s"), cards, due);

  if (kt_stats_get_retention (&stats->retention, &retention))
    retention_text = kt_format_percent (retention);
  else
    retention_text = g_strdup (C_("statistic", "Not yet"));

  /* Deck titles are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_topic_get_title (stats->topic));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  retention_label = gtk_label_new (retention_text);
  gtk_widget_add_css_class (retention_label, "numeric");
  if (stats->retention.n_reviews == 0)
    gtk_widget_add_css_class (retention_label, "dim-label");
  gtk_widget_set_tooltip_text (retention_label, _("True retention over the last 30 days"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), retention_label);

  return row;
}

/* ---------------------------------------------------------------------
 * Refresh
 * ------------------------------------------------------------------ */

/* The topic shown: the one set, else all cards of the library. */
static KtTopic *
shown_topic (KtStatsPage *self)
{
  if (self->topic != NULL)
    return self->topic;
  if (self->library != NULL)
    return kt_library_get_all (self->library);

  return NULL;
}

static void
update_activity (KtStatsPage *self,
                 GListModel  *answered,
                 gint64       now_us)
{
  g_autofree char *reviews = NULL;
  g_autofree char *streak = NULL;
  g_autofree char *description = NULL;
  g_autofree char *current_text = NULL;
  g_autofree char *longest_text = NULL;
  guint total = 0, current = 0, longest = 0;

  g_clear_pointer (&self->days, g_array_unref);
  self->max_per_day = 0;
  if (self->progress != NULL)
    {
      self->days = kt_stats_reviews_per_day (self->progress, answered, now_us,
                                             KT_STATS_HISTORY_DAYS);
      kt_stats_get_streaks (self->progress, answered, now_us, &current, &longest);
      for (guint i = 0; i < self->days->len; i++)
        {
          guint n = g_array_index (self->days, KtStatsDay, i).n_reviews;

          total += n;
          self->max_per_day = MAX (self->max_per_day, n);
        }
    }

  reviews = g_strdup_printf (ngettext ("%u review over the last year",
                                       "%u reviews over the last year", total), total);
  streak = g_strdup_printf (ngettext ("longest streak %u day", "longest streak %u days", longest),
                            longest);
  /* Translators: two parts of a chart's description, such as
   * "412 reviews over the last year; longest streak 9 days". */
  description = g_strdup_printf (_("%s; %s"), reviews, streak);

  adw_preferences_group_set_description (self->activity_group, reviews);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heatmap),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  current_text = format_days (current);
  longest_text = format_days (longest);
  gtk_label_set_text (self->current_streak_label, current_text);
  gtk_label_set_text (self->longest_streak_label, longest_text);
  gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
}

static void
update_forecast (KtStatsPage *self,
                 GListModel  *cards,
                 gint64       now_us)
{
  g_autofree char *due = NULL;
  g_autofree char *today = NULL;
  g_autofree char *description = NULL;
  guint total = 0, n_today = 0;

  g_clear_pointer (&self->forecast, g_array_unref);
  if (self->progress != NULL && cards != NULL)
    {
      self->forecast = kt_stats_forecast (self->progress, cards, now_us, KT_STATS_FORECAST_DAYS);
      n_today = g_array_index (self->forecast, guint, 0);
      for (guint i = 0; i < self->forecast->len; i++)
        total += g_array_index (self->forecast, guint, i);
    }

  due = g_strdup_printf (ngettext ("%u card due in the next 30 days",
                                   "%u cards due in the next 30 days", total), total);
  today = g_strdup_printf (ngettext ("%u due today", "%u due today", n_today), n_today);
  description = g_strdup_printf (_("%s; %s"), due, today);

  adw_preferences_group_set_description (self->forecast_group, due);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->forecast_chart),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->forecast_chart));
}

static void
update_cards (KtStatsPage *self,
              GListModel  *cards,
              GListModel  *answered,
              gint64       now_us)
{
  KtStatsCounts counts = { 0 };
  KtStatsRetention retention = { 0 };
  g_autofree char *retention_text = NULL;
  g_autofree char *stability_text = NULL;
  double value;

  if (self->progress != NULL && cards != NULL)
    kt_stats_count_cards (self->progress, cards, now_us, &counts);
  if (self->progress != NULL)
    kt_stats_count_retention (self->progress, answered, now_us, &retention);

  set_label_uint (self->new_label, counts.n_by_state[KT_CARD_NEW]);
  set_label_uint (self->learning_label, counts.n_by_state[KT_CARD_LEARNING]);
  set_label_uint (self->review_label, counts.n_by_state[KT_CARD_REVIEW]);
  set_label_uint (self->relearning_label, counts.n_by_state[KT_CARD_RELEARNING]);

  /* Without figures, the rows say what they need rather than "No data". */
  if (kt_stats_get_retention (&retention, &value))
    {
      retention_text = kt_format_percent (value);
      adw_action_row_set_subtitle (self->retention_row,
                                   _("Reviews of learned cards in the last 30 days not answered “Again”"));
    }
  else
    {
      retention_text = g_strdup (C_("statistic", "Not yet"));
      adw_action_row_set_subtitle (self->retention_row,
                                   _("Appears after your first reviews of learned cards, over the last 30 days"));
    }
  gtk_label_set_text (self->retention_label, retention_text);

  if (kt_stats_get_average_stability (&counts, &value))
    stability_text = kt_format_duration ((gint64) round (value * G_TIME_SPAN_DAY));
  else
    stability_text = g_strdup (C_("statistic", "Not yet"));
  gtk_label_set_text (self->stability_label, stability_text);
}

static void
update_topics (KtStatsPage *self,
               gint64       now_us)
{
  g_autoptr(GPtrArray) topics = g_ptr_array_new ();

  /* The rows read the table as they are made, so it is set first. */
  g_clear_pointer (&self->table, g_array_unref);
  if (self->progress != NULL && self->library != NULL)
    self->table = kt_stats_topic_table (self->progress, G_LIST_MODEL (self->library), now_us);
  else
    self->table = g_array_new (FALSE, TRUE, sizeof (KtStatsTopic));

  for (guint i = 0; i < self->table->len; i++)
    g_ptr_array_add (topics, g_array_index (self->table, KtStatsTopic, i).topic);
  g_list_store_splice (self->table_topics, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->table_topics)),
                       topics->pdata, topics->len);
  gtk_widget_set_visible (GTK_WIDGET (self->topics_group), topics->len > 0);
}

static void
refresh (KtStatsPage *self)
{
  KtTopic *topic = shown_topic (self);
  GListModel *cards = topic != NULL ? G_LIST_MODEL (topic) : NULL;
  gint64 now_us = self->time_us != 0 ? self->time_us : g_get_real_time ();
  GListModel *answered = cards;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  /* All topics: every answer ever logged (see the top of the file). */
  if (topic == NULL || g_strcmp0 (kt_topic_get_id (topic), "*") == 0)
    answered = NULL;

  update_activity (self, answered, now_us);
  update_forecast (self, cards, now_us);
  update_cards (self, cards, answered, now_us);
  update_topics (self, now_us);
}

static void
refresh_idle_cb (gpointer data)
{
  KtStatsPage *self = data;

  self->refresh_id = 0;
  refresh (self);
}

/* Answers come one at a time and a library loads deck by deck: one
 * refresh at idle covers them all. */
static void
schedule_refresh (KtStatsPage *self)
{
  self->stale = TRUE;
  if (self->refresh_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_id = g_idle_add_once (refresh_idle_cb, self);
}

static void
on_dark_changed_cb (KtStatsPage *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
  gtk_widget_queue_draw (GTK_WIDGET (self->forecast_chart));
}

/* ---------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------ */

static void
kt_stats_page_map (GtkWidget *widget)
{
  KtStatsPage *self = KT_STATS_PAGE (widget);

  /* Before the first frame, so stale figures are never shown. */
  if (self->stale)
    refresh (self);

  GTK_WIDGET_CLASS (kt_stats_page_parent_class)->map (widget);
}

static void
kt_stats_page_dispose (GObject *object)
{
  KtStatsPage *self = KT_STATS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STATS_PAGE);
  g_clear_object (&self->progress_signals);
  g_clear_object (&self->library_signals);
  g_clear_object (&self->topic_signals);
  g_clear_object (&self->table_topics);
  g_clear_object (&self->topic);
  g_clear_object (&self->library);
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (kt_stats_page_parent_class)->dispose (object);
}

static void
kt_stats_page_finalize (GObject *object)
{
  KtStatsPage *self = KT_STATS_PAGE (object);

  g_clear_pointer (&self->table, g_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->forecast, g_array_unref);

  G_OBJECT_CLASS (kt_stats_page_parent_class)->finalize (object);
}

static void
kt_stats_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KtStatsPage *self = KT_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS: g_value_set_object (value, self->progress); break;
    case PROP_LIBRARY:  g_value_set_object (value, self->library); break;
    case PROP_TOPIC:    g_value_set_object (value, self->topic); break;
    case PROP_TIME:     g_value_set_int64 (value, self->time_us); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_stats_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KtStatsPage *self = KT_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      if (g_set_object (&self->progress, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->progress_signals, self->progress);
          schedule_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_LIBRARY:
      if (g_set_object (&self->library, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->library_signals, self->library);
          /* With no topic set, the library's "All Topics" is shown. */
          if (self->topic == NULL)
            g_signal_group_set_target (self->topic_signals, shown_topic (self));
          schedule_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TOPIC:
      kt_stats_page_set_topic (self, g_value_get_object (value));
      break;

    case PROP_TIME:
      if (self->time_us != g_value_get_int64 (value))
        {
          self->time_us = g_value_get_int64 (value);
          schedule_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_stats_page_class_init (KtStatsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kt_stats_page_dispose;
  object_class->finalize = kt_stats_page_finalize;
  object_class->get_property = kt_stats_page_get_property;
  object_class->set_property = kt_stats_page_set_property;

  widget_class->map = kt_stats_page_map;

  properties[PROP_PROGRESS] = g_param_spec_object ("progress", NULL, NULL, KT_TYPE_PROGRESS, flags);
  properties[PROP_LIBRARY] = g_param_spec_object ("library", NULL, NULL, KT_TYPE_LIBRARY, flags);
  /* The topic chosen in the sidebar; "All Topics" (id "*") or NULL shows
   * everything. */
  properties[PROP_TOPIC] = g_param_spec_object ("topic", NULL, NULL, KT_TYPE_TOPIC, flags);
  /* The time the figures are for, in µs since the epoch; 0, the default,
   * is always now. Tests and screenshots pin it, for the same charts on
   * every run. */
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/kt-stats-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, activity_group);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, forecast_group);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, topics_group);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, heatmap);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, forecast_chart);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, current_streak_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, longest_streak_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, new_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, learning_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, review_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, relearning_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, retention_row);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, retention_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, stability_label);
  gtk_widget_class_bind_template_child (widget_class, KtStatsPage, topic_list);
  gtk_widget_class_bind_template_callback (widget_class, on_heatmap_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_forecast_chart_query_tooltip_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kt_stats_page_init (KtStatsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress_signals = g_signal_group_new (KT_TYPE_PROGRESS);
  g_signal_group_connect_swapped (self->progress_signals, "changed",
                                  G_CALLBACK (schedule_refresh), self);
  self->library_signals = g_signal_group_new (KT_TYPE_LIBRARY);
  g_signal_group_connect_swapped (self->library_signals, "items-changed",
                                  G_CALLBACK (schedule_refresh), self);
  /* A topic's cards change when its deck is edited, and "All Topics" is
   * filled in at idle after the library loads. */
  self->topic_signals = g_signal_group_new (KT_TYPE_TOPIC);
  g_signal_group_connect_swapped (self->topic_signals, "items-changed",
                                  G_CALLBACK (schedule_refresh), self);

  self->table_topics = g_list_store_new (KT_TYPE_TOPIC);
  gtk_list_box_bind_model (self->topic_list, G_LIST_MODEL (self->table_topics),
                           create_topic_row, self, NULL);

  gtk_drawing_area_set_content_height (self->heatmap,
                                       MONTH_ROW_HEIGHT + 7 * CELL_PITCH + LEGEND_ROW_HEIGHT);
  gtk_drawing_area_set_draw_func (self->heatmap, draw_heatmap, self, NULL);
  gtk_drawing_area_set_content_height (self->forecast_chart,
                                       COUNT_ROW_HEIGHT + BARS_HEIGHT + DAY_ROW_HEIGHT);
  gtk_drawing_area_set_draw_func (self->forecast_chart, draw_forecast, self, NULL);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);

  refresh (self);
}

/**
 * kt_stats_page_set_topic:
 * @topic: (nullable): the topic to show; "All Topics" or %NULL shows
 *   every card
 */
void
kt_stats_page_set_topic (KtStatsPage *self,
                         KtTopic     *topic)
{
  g_return_if_fail (KT_IS_STATS_PAGE (self));
  g_return_if_fail (topic == NULL || KT_IS_TOPIC (topic));

  if (!g_set_object (&self->topic, topic))
    return;

  g_signal_group_set_target (self->topic_signals, shown_topic (self));
  schedule_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

/**
 * kt_stats_page_focus_main:
 *
 * Moves the focus to the page itself, for the scrolling keys: nothing on
 * it is a control.
 */
void
kt_stats_page_focus_main (KtStatsPage *self)
{
  g_return_if_fail (KT_IS_STATS_PAGE (self));

  gtk_widget_grab_focus (self->scrolled_window);
}
