/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Short human forms of durations for the answer buttons ("10 min", "2 d",
 * "3 mo", "1.2 y"). Each unit is rounded to the nearest whole number, and
 * a value that rounds up to the next unit is shown in that unit. Months
 * are 30 days and years 365 days, as in Anki: these are estimates anyway.
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "kt-format.h"

/**
 * kt_format_interval:
 * @interval_us: a duration in microseconds; negative counts as 0
 *
 * Returns: (transfer full): the duration in its largest fitting unit,
 *   localised, with the locale's decimal separator for years
 */
char *
kt_format_interval (gint64 interval_us)
{
  double seconds = MAX (interval_us, 0) / (double) G_USEC_PER_SEC;
  double days = round (seconds / 86400.0);
  double tenths_of_years;

  if (round (seconds) < 60)
    /* Translators: a short duration on an answer button */
    return g_strdup_printf (C_("interval", "%u s"), (guint) round (seconds));
  if (round (seconds / 60.0) < 60)
    /* Translators: a short duration on an answer button, minutes */
    return g_strdup_printf (C_("interval", "%u min"), (guint) round (seconds / 60.0));
  if (round (seconds / 3600.0) < 24)
    /* Translators: a short duration on an answer button, hours */
    return g_strdup_printf (C_("interval", "%u h"), (guint) round (seconds / 3600.0));
  if (days < 30)
    /* Translators: a short duration on an answer button, days */
    return g_strdup_printf (C_("interval", "%u d"), (guint) days);
  if (days < 365)
    /* Translators: a short duration on an answer button, months */
    return g_strdup_printf (C_("interval", "%u mo"), (guint) round (days / 30.0));

  tenths_of_years = round (days / 36.5);
  if (fmod (tenths_of_years, 10.0) == 0.0)
    /* Translators: a short duration on an answer button, whole years */
    return g_strdup_printf (C_("interval", "%u y"), (guint) (tenths_of_years / 10.0));

  /* Translators: a short duration on an answer button, years such as 1.2 */
  return g_strdup_printf (C_("interval", "%.1f y"), tenths_of_years / 10.0);
}
