/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place that binds the gettext domain, used by main() and by tests so
 * both see the same catalogue. KARTOTEKA_LOCALEDIR points an uninstalled
 * build (build-aux/run, the tests) at the catalogues meson built.
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "kt-i18n.h"

void
kt_i18n_init (void)
{
  const char *localedir = g_getenv ("KARTOTEKA_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * kt_i18n_apply_language:
 * @language: "" to follow the system, or a language code ("en", "ru")
 *
 * Makes the interface use @language from now on; call it before any
 * string is translated (the app does so in main(), from the "language"
 * setting). gettext ignores LANGUAGE under the C locale, so for a chosen
 * language the message locale is switched too when the system has one.
 */
void
kt_i18n_apply_language (const char *language)
{
  static const struct { const char *code, *locale; } locales[] = {
    { "en", "en_US.UTF-8" },
    { "ru", "ru_RU.UTF-8" },
  };

  if (language == NULL || *language == '\0')
    return;

  g_setenv ("LANGUAGE", language, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    if (g_str_equal (language, locales[i].code))
      setlocale (LC_MESSAGES, locales[i].locale);
  textdomain (GETTEXT_PACKAGE);
}
