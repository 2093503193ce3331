/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Human forms of durations. kt_format_interval() is the short form for
 * the answer buttons and chart ticks, where space is tight ("10 min",
 * "2 d", "3 mo", "1.2 y"); kt_format_duration() and kt_format_time_until()
 * spell the unit out for sentences and values ("6 days", "in 6 days"):
 * abbreviations are for the buttons only. Each unit is rounded to the
 * nearest whole number, and a value that rounds up to the next unit is
 * shown in that unit. Months are 30 days and years 365 days, as in Anki:
 * these are estimates anyway. Percentages are here too, for the one
 * translation of their sign.
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
 *   abbreviated and localised, with the locale's decimal separator for
 *   years
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

typedef enum
{
  UNIT_SECONDS,
  UNIT_MINUTES,
  UNIT_HOURS,
  UNIT_DAYS,
  UNIT_MONTHS,
  UNIT_YEARS,
} Unit;

/* The largest fitting unit for a sentence, and the count of it. Whole
 * units only: a sentence says "18 months", not "1.5 years", so months go
 * on up to two years. */
static Unit
whole_units (gint64  interval_us,
             guint  *count)
{
  double seconds = MAX (interval_us, 0) / (double) G_USEC_PER_SEC;
  double days = round (seconds / 86400.0);
  Unit unit;

  if (round (seconds) < 60)
    unit = UNIT_SECONDS, *count = (guint) round (seconds);
  else if (round (seconds / 60.0) < 60)
    unit = UNIT_MINUTES, *count = (guint) round (seconds / 60.0);
  else if (round (seconds / 3600.0) < 24)
    unit = UNIT_HOURS, *count = (guint) round (seconds / 3600.0);
  else if (days < 30)
    unit = UNIT_DAYS, *count = (guint) days;
  else if (round (days / 30.0) < 24)
    unit = UNIT_MONTHS, *count = (guint) round (days / 30.0);
  else
    unit = UNIT_YEARS, *count = (guint) round (days / 365.0);

  return unit;
}

/**
 * kt_format_duration:
 * @interval_us: a duration in microseconds; negative counts as 0
 *
 * Returns: (transfer full): the duration in words, as a value stands on
 *   its own: "6 days", "1 minute"
 */
char *
kt_format_duration (gint64 interval_us)
{
  guint n;

  switch (whole_units (interval_us, &n))
    {
    case UNIT_SECONDS: return g_strdup_printf (ngettext ("%u second", "%u seconds", n), n);
    case UNIT_MINUTES: return g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);
    case UNIT_HOURS:   return g_strdup_printf (ngettext ("%u hour", "%u hours", n), n);
    case UNIT_DAYS:    return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
    case UNIT_MONTHS:  return g_strdup_printf (ngettext ("%u month", "%u months", n), n);
    case UNIT_YEARS:
    default:           return g_strdup_printf (ngettext ("%u year", "%u years", n), n);
    }
}

/**
 * kt_format_time_until:
 * @interval_us: how far ahead something is, in microseconds
 *
 * A whole phrase rather than "in" and kt_format_duration(): languages
 * inflect the unit after their word for "in" (Russian "через 1 минуту").
 *
 * Returns: (transfer full): "in 6 days", "in 1 minute"
 */
char *
kt_format_time_until (gint64 interval_us)
{
  guint n;

  switch (whole_units (interval_us, &n))
    {
    case UNIT_SECONDS: return g_strdup_printf (ngettext ("in %u second", "in %u seconds", n), n);
    case UNIT_MINUTES: return g_strdup_printf (ngettext ("in %u minute", "in %u minutes", n), n);
    case UNIT_HOURS:   return g_strdup_printf (ngettext ("in %u hour", "in %u hours", n), n);
    case UNIT_DAYS:    return g_strdup_printf (ngettext ("in %u day", "in %u days", n), n);
    case UNIT_MONTHS:  return g_strdup_printf (ngettext ("in %u month", "in %u months", n), n);
    case UNIT_YEARS:
    default:           return g_strdup_printf (ngettext ("in %u year", "in %u years", n), n);
    }
}

/**
 * kt_format_percent:
 * @share: a share, 0 to 1
 *
 * Returns: (transfer full): @share in whole percent, "85%"
 */
char *
kt_format_percent (double share)
{
  /* Translators: a percentage, such as "85%"; put a no-break space
   * before the sign where your language has one. */
  return g_strdup_printf (_("%d%%"), (int) round (share * 100.0));
}
