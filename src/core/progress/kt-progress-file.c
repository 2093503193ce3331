/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * progress.gvariant, where the Writer keeps progress when the settings
 * are on a keyfile (see kt-progress-writer.c): the values the Writer
 * would store in the settings, by key ("cards", "answers", "tombstones",
 * "suspended", "buried"; "review-log" in files of versions before answer
 * ids; files of versions before suspension lack the last two), as one
 * GVariant of type a{sv} in GVariant's own binary form, after a header:
 *
 *   bytes 0-6   "KTPROGV"
 *   byte  7     the version of this layout, 1
 *   bytes 8-15  the length of the GVariant that follows, in bytes, as an
 *               unsigned 64-bit little-endian number
 *   bytes 16-   the a{sv}, in normal form, little-endian
 *
 * Nothing here knows the types of the values: the schema has them, and
 * the Writer checks each against it. The file is read mapped, never
 * parsed; what it holds is checked whole (the length, then
 * g_variant_is_normal_form()), so a cut or damaged file is refused as
 * such rather than read as whatever its bytes say.
 *
 * progress.ini, the text form older versions wrote, is read once with
 * GKeyFile and g_variant_parse() and then kept as progress.ini.migrated.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-progress-file.h"

#define MAGIC       "KTPROGV"
#define VERSION     1
#define HEADER_SIZE 16

/**
 * kt_progress_file_read_variant:
 * @value: a stored "cards", "review-log", "answers", "tombstones",
 *   "suspended" or "buried" value
 *
 * Passes each record, answer, tombstone, suspended or buried card of
 * @value to @funcs.
 */
void
kt_progress_file_read_variant (GVariant            *value,
                               const KtStoredFuncs *funcs)
{
  GVariantIter iter;
  KtStoredCard card;
  KtStoredAnswer answer = { 0 };
  KtAnswerId id;
  const char *card_id;
  gint64 until_us;

  g_variant_iter_init (&iter, value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_CARDS_TYPE)))
    while (g_variant_iter_next (&iter, "{&s(iiddxxuu)}", &card.card_id, &card.state, &card.step,
                                &card.stability, &card.difficulty, &card.due_us,
                                &card.last_review_us, &card.reps, &card.lapses))
      funcs->card (&card, funcs->user_data);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_LOG_TYPE)))
    while (g_variant_iter_next (&iter, "(&sxiid)", &answer.card_id, &answer.time_us,
                                &answer.rating, &answer.state_before, &answer.elapsed_days))
      funcs->answer (&answer, funcs->user_data);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_ANSWERS_TYPE)))
    while (g_variant_iter_next (&iter, "(&sxiidxu)", &answer.card_id, &answer.time_us,
                                &answer.rating, &answer.state_before, &answer.elapsed_days,
                                &answer.machine, &answer.seq))
      funcs->answer (&answer, funcs->user_data);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_SUSPENDED_TYPE)))
    while (g_variant_iter_next (&iter, "&s", &card_id))
      funcs->suspended (card_id, funcs->user_data);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE (KT_PROGRESS_BURIED_TYPE)))
    while (g_variant_iter_next (&iter, "{&sx}", &card_id, &until_us))
      funcs->buried (card_id, until_us, funcs->user_data);
  else
    while (g_variant_iter_next (&iter, "(xxu)", &id.machine, &id.time_us, &id.seq))
      funcs->tombstone (&id, funcs->user_data);
}

static GVariant *
byteswap_if_big_endian (GVariant *value)
{
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    return g_variant_byteswap (value);

  return g_variant_ref (value);
}

/**
 * kt_progress_file_load_bytes:
 * @bytes: the contents of a progress.gvariant
 *
 * Returns: (transfer full): the stored values by key, a{sv}; or %NULL with
 *   @error set
 */
GVariant *
kt_progress_file_load_bytes (GBytes  *bytes,
                             GError **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GVariant) value = NULL;
  const guint8 *data;
  guint64 length;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE || memcmp (data, MAGIC, strlen (MAGIC)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("this is not a Kartoteka progress file"));
      return NULL;
    }
  if (data[7] != VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %u is a number such as 2 */
                   _("the file is in version %u, which this version of Kartoteka does not read"),
                   data[7]);
      return NULL;
    }
  memcpy (&length, data + 8, sizeof length);
  length = GUINT64_FROM_LE (length);
  if (length != size - HEADER_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the file is incomplete"));
      return NULL;
    }

  body = g_bytes_new_from_bytes (bytes, HEADER_SIZE, length);
  value = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, body, FALSE));
  if (!g_variant_is_normal_form (value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("the file is damaged"));
      return NULL;
    }

  return byteswap_if_big_endian (value);
}

/**
 * kt_progress_file_load:
 * @path: a progress.gvariant
 *
 * Reads @path mapped; see kt_progress_file_load_bytes().
 *
 * Returns: (transfer full): the stored values by key, a{sv}; or %NULL with
 *   @error set, %G_FILE_ERROR_NOENT when there is no such file
 */
GVariant *
kt_progress_file_load (const char  *path,
                       GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GBytes) bytes = NULL;

  if (mapped == NULL)
    return NULL;

  bytes = g_mapped_file_get_bytes (mapped);
  return kt_progress_file_load_bytes (bytes, error);
}

/**
 * kt_progress_file_save:
 * @values: the values to store by key, a{sv}
 *
 * Writes @values to @path safely: a new file beside it, every write
 * checked, synced and renamed over it, readable by the user only. A
 * failed write leaves the old file as it was.
 */
gboolean
kt_progress_file_save (const char  *path,
                       GVariant    *values,
                       GError     **error)
{
  g_autoptr(GVariant) normal = g_variant_get_normal_form (values);
  g_autoptr(GVariant) stored = byteswap_if_big_endian (normal);
  gsize size = g_variant_get_size (stored);
  guint64 length = GUINT64_TO_LE (size);
  g_autofree guint8 *contents = g_malloc (HEADER_SIZE + size);

  g_return_val_if_fail (g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT), FALSE);

  memcpy (contents, MAGIC, strlen (MAGIC));
  contents[7] = VERSION;
  memcpy (contents + 8, &length, sizeof length);
  /* g_malloc()'s alignment holds 16 bytes on: GVariant's data is aligned */
  g_variant_store (stored, contents + HEADER_SIZE);

  return g_file_set_contents_full (path, (const char *) contents, HEADER_SIZE + size,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* GLib 2.74's g_variant_parse() makes invalid UTF-8 of a \u escape of a
 * surrogate, or beyond U+10FFFF, and hands it to g_variant_new_string(),
 * which fails with a critical: such escapes are refused first. */
static gboolean
has_bad_escape (const char *text)
{
  for (const char *p = strchr (text, '\\'); p != NULL && p[1] != '\0'; p = strchr (p + 2, '\\'))
    {
      guint n_digits = p[1] == 'u' ? 4 : p[1] == 'U' ? 8 : 0;
      gunichar code = 0;

      for (guint i = 0; i < n_digits && g_ascii_isxdigit (p[2 + i]); i++)
        code = code * 16 + g_ascii_xdigit_value (p[2 + i]);
      if (n_digits > 0 && !g_unichar_validate (code))
        return TRUE;
    }

  return FALSE;
}

/**
 * kt_progress_file_parse_ini:
 * @contents: (array length=length): a progress.ini, as older versions
 *   (and GLib's keyfile backend) wrote it
 * @group: the keyfile group: the schema path without its outer slashes
 * @keys: (array length=n_keys): the keys to read
 * @types: (array length=n_keys): the type of each
 *
 * Returns: (transfer full): the values of @keys that could be read, a{sv};
 *   @error is set if the file, or any of them, could not
 */
GVariant *
kt_progress_file_parse_ini (const char                *contents,
                            gsize                      length,
                            const char                *group,
                            const char * const        *keys,
                            const GVariantType * const *types,
                            guint                      n_keys,
                            GError                   **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  GVariantDict values;

  g_variant_dict_init (&values, NULL);
  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, error))
    return g_variant_ref_sink (g_variant_dict_end (&values));

  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *text = g_key_file_get_value (keyfile, group, keys[i], NULL);
      g_autoptr(GVariant) value = NULL;

      if (text == NULL)
        continue;
      if (!g_utf8_validate (text, -1, NULL) || has_bad_escape (text))
        g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("the text is not valid UTF-8"));
      else
        value = g_variant_parse (types[i], text, NULL, NULL, &local_error);

      if (value != NULL)
        g_variant_dict_insert_value (&values, keys[i], value);
      else if (error != NULL && *error == NULL)
        /* Translators: a key of the progress file, then what is wrong with its value */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s”: %s"),
                     keys[i], local_error->message);
      g_clear_error (&local_error);
    }

  return g_variant_ref_sink (g_variant_dict_end (&values));
}
