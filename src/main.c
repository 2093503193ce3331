/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <malloc.h>
#include <gio/gio.h>

#include "kt-application.h"
#include "kt-i18n.h"
#include "kt-settings.h"

/* The language chosen in Preferences, if the schema is installed. */
static char *
chosen_language (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  settings = kt_settings_new ();
  return g_settings_get_string (settings, "language");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KtApplication) app = NULL;
  g_autofree char *language = NULL;

  /* Every thread that parses a deck would get a malloc arena of its own
   * (up to eight per core), each keeping some of what its parse freed. */
  mallopt (M_ARENA_MAX, 2);

  kt_i18n_init ();
  language = chosen_language ();
  kt_i18n_apply_language (language);

  app = kt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
