/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kt-imported.h"

KtImported *
kt_imported_new (void)
{
  KtImported *imported = g_new0 (KtImported, 1);

  imported->files = g_ptr_array_new_with_free_func (g_object_unref);
  imported->warnings = g_ptr_array_new_with_free_func (g_free);

  return imported;
}

void
kt_imported_free (KtImported *imported)
{
  if (imported == NULL)
    return;

  g_ptr_array_unref (imported->files);
  g_ptr_array_unref (imported->warnings);
  g_clear_pointer (&imported->deck, kt_deck_free);
  g_free (imported);
}
