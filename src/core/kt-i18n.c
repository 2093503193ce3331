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
