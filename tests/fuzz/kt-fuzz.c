/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kt-fuzz: runs arbitrary bytes through one parser. kt_fuzz_deck() forces
 * a format: it cleans the bytes the way kt_formats_parse_bytes() promises the
 * parsers (valid UTF-8, '\n' line ends, no NUL bytes) and calls that
 * format's parser directly, so the fuzzer never spends its time on inputs
 * the format detection would send elsewhere.
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "kt-cloze.h"
#include "kt-formats.h"
#include "kt-html.h"
#include "kt-markdown.h"
#include "kt-notes-chunks.h"
#include "kt-progress-file.h"
#include "kt-progress-json.h"
#include "kt-topic.h"

#include "kt-fuzz.h"

static char *
clean_for_parser (const guint8 *data,
                  gsize         size,
                  gsize        *out_len)
{
  char *text = g_utf8_make_valid ((const char *) data, size);
  gsize len = strlen (text);
  char *w = text;

  /* g_utf8_make_valid() replaces NUL bytes too, so strlen() is the whole
   * text. CRLF and lone CR become LF. */
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r')
        {
          *w++ = '\n';
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
        }
      else
        *w++ = text[i];
    }
  *w = '\0';

  *out_len = w - text;
  return text;
}

void
kt_fuzz_deck (KtDeckFormat  format,
              const guint8 *data,
              gsize         size)
{
  g_autoptr(KtDeck) deck = kt_deck_new ("fuzz");
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  gsize len;

  text = clean_for_parser (data, size, &len);
  deck->format = format;
  kt_formats_run_parser (deck, text, len, "fuzz");

  /* What was read must also write back. */
  json = kt_deck_to_json (deck);
  g_assert (json != NULL);
}

void
kt_fuzz_deck_any (const guint8 *data,
                  gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(KtDeck) deck = kt_formats_parse_bytes (bytes, "fuzz");

  g_assert (deck != NULL);
}

/* Whether @markup parses as Pango would wrap it: tags balanced, text
 * escaped. */
static gboolean
parses_as_markup (const char *markup)
{
  static const GMarkupParser parser = { NULL };
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);

  return g_markup_parse_context_parse (context, wrapped, -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

void
kt_fuzz_markdown (const guint8 *data,
                  gsize         size)
{
  g_autofree char *markdown = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) blocks = kt_markdown_render (markdown, NULL);
  g_autofree char *plain = kt_markdown_to_plain (markdown);
  g_autofree char *markup = kt_markdown_to_markup (markdown, NULL);
  g_autofree char *preview = kt_markdown_to_preview (markdown, 80);

  g_assert (blocks->len <= KT_MARKDOWN_MAX_BLOCKS);
  for (guint i = 0; i < blocks->len; i++)
    {
      const KtBlock *block = g_ptr_array_index (blocks, i);

      g_assert (block->markup == NULL || parses_as_markup (block->markup));
      g_assert ((block->url != NULL) == (block->kind == KT_BLOCK_IMAGE));
      g_assert (block->url == NULL || g_utf8_validate (block->url, -1, NULL));
      g_assert (block->kind != KT_BLOCK_CALLOUT || block->callout != NULL);
      g_assert (block->list_depth <= KT_MARKDOWN_MAX_DEPTH);
      g_assert (block->quote_depth <= KT_MARKDOWN_MAX_DEPTH);
    }
  g_assert (g_utf8_validate (plain, -1, NULL));
  g_assert (parses_as_markup (markup));
  g_assert (g_utf8_strlen (preview, -1) <= 80);
}

void
kt_fuzz_html (const guint8 *data,
              gsize         size)
{
  KtHtmlDropped dropped = KT_HTML_DROPPED_NONE;
  g_autofree char *markdown = kt_html_to_markdown ((const char *) data, size, &dropped);
  g_autofree char *answer = kt_html_answer_to_markdown ((const char *) data, size, markdown, NULL);
  g_autofree char *unsounded = NULL;

  /* Rendering the markdown is the markdown target's job. */
  g_assert (g_utf8_validate (markdown, -1, NULL));
  g_assert (g_utf8_validate (answer, -1, NULL));
  g_assert (dropped <= (KT_HTML_DROPPED_SOUND | KT_HTML_DROPPED_SCRIPT |
                        KT_HTML_DROPPED_MEDIA | KT_HTML_DROPPED_DEEP));

  unsounded = kt_html_drop_sound_tags (markdown, NULL);
  g_assert (strlen (unsounded) <= strlen (markdown));
}

/* Every top-level block of @doc, its type and lines, as text. */
static void
describe_blocks (GString    *out,
                 cmark_node *doc,
                 int         first_line)
{
  for (cmark_node *node = cmark_node_first_child (doc); node != NULL; node = cmark_node_next (node))
    g_string_append_printf (out, "%d %d-%d\n", cmark_node_get_type (node),
                            cmark_node_get_start_line (node) + first_line - 1,
                            cmark_node_get_end_line (node) + first_line - 1);
}

void
kt_fuzz_notes_chunks (const guint8 *data,
                      gsize         size)
{
  gsize len;
  g_autofree char *text = clean_for_parser (data, size, &len);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) chunked = g_string_new (NULL);
  cmark_node *doc = cmark_parse_document (text, len, CMARK_OPT_DEFAULT);
  KtNotesChunk chunk;
  gsize zero = 0;

  describe_blocks (whole, doc, 1);
  cmark_node_free (doc);

  g_array_append_val (starts, zero);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      {
        gsize start = i + 1;

        g_array_append_val (starts, start);
      }
  g_array_append_val (starts, len);

  /* Tiny chunks: every section heading is a place to end one. */
  kt_notes_chunk_init (&chunk, text, len, (gsize *) starts->data, starts->len - 1, 1);
  while (kt_notes_chunk_next (&chunk))
    describe_blocks (chunked, chunk.doc, chunk.first_line);
  kt_notes_chunk_clear (&chunk);

  g_assert (g_str_equal (whole->str, chunked->str));
}

/* Progress on settings of its own, in memory. */
static KtProgress *
new_progress (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);

  return kt_progress_new (settings);
}

/* What an import accepts, KtProgress takes (its checks would be
 * critical), and exports to a file that imports again to the same. */
static void
round_trip (KtProgressImport *import)
{
  g_autoptr(GListStore) topics = g_list_store_new (KT_TYPE_TOPIC);
  g_autoptr(KtProgress) first = new_progress ();
  g_autoptr(KtProgress) second = new_progress ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) again = g_string_new (NULL);
  g_autoptr(KtProgressImport) reimport = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  kt_progress_import_apply (import, first, NULL);
  kt_progress_json_export (first, G_LIST_MODEL (topics), now, KT_PROGRESS_JSON_COMPACT, text);
  reimport = kt_progress_json_read_data (text->str, text->len, &error);
  g_assert (reimport != NULL);
  kt_progress_import_apply (reimport, second, NULL);
  kt_progress_json_export (second, G_LIST_MODEL (topics), now, KT_PROGRESS_JSON_COMPACT, again);
  g_assert (g_string_equal (text, again));
}

void
kt_fuzz_cloze (const guint8 *data,
               gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GArray) numbers = kt_cloze_numbers (text);

  /* Every cloze is at least 8 bytes ("{{c1::" and "}}") and becomes at
   * most 5 ("[…]") or 4 ("**" twice): no card is longer than its text,
   * and cutting only at ASCII marks keeps UTF-8 whole. */
  for (guint i = 0; i < numbers->len; i++)
    {
      guint number = g_array_index (numbers, guint, i);
      g_autofree char *question = kt_cloze_question (text, number);
      g_autofree char *answer = kt_cloze_answer (text, number);

      g_assert (number >= 1 && number <= KT_CLOZE_MAX_NUMBER);
      g_assert (i == 0 || number > g_array_index (numbers, guint, i - 1));
      g_assert (strlen (question) <= strlen (text));
      g_assert (strlen (answer) <= strlen (text));
      if (g_utf8_validate (text, -1, NULL))
        g_assert (g_utf8_validate (question, -1, NULL) && g_utf8_validate (answer, -1, NULL));
    }
}

void
kt_fuzz_progress_json (const guint8 *data,
                       gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtProgressImport) import = NULL;

  import = kt_progress_json_read_data ((const char *) data, size, &error);
  g_assert ((import == NULL) != (error == NULL));
  if (import != NULL)
    round_trip (import);
}

static void
stored_card_cb (const KtStoredCard *card,
                gpointer            user_data)
{
  g_assert (g_utf8_validate (card->card_id, -1, NULL));
}

static void
stored_answer_cb (const KtStoredAnswer *answer,
                  gpointer              user_data)
{
  g_assert (g_utf8_validate (answer->card_id, -1, NULL));
}

static void
stored_tombstone_cb (const KtAnswerId *id,
                     gpointer          user_data)
{
}

static void
stored_suspended_cb (const char *card_id,
                     gpointer    user_data)
{
  g_assert (g_utf8_validate (card_id, -1, NULL));
}

static void
stored_buried_cb (const char *card_id,
                  gint64      until_us,
                  gpointer    user_data)
{
  g_assert (g_utf8_validate (card_id, -1, NULL));
}

static const char * const stored_keys[] = {
  "cards", "review-log", "answers", "tombstones", "suspended", "buried"
};
static const char * const stored_types[] = {
  KT_PROGRESS_CARDS_TYPE, KT_PROGRESS_LOG_TYPE, KT_PROGRESS_ANSWERS_TYPE,
  KT_PROGRESS_TOMBSTONES_TYPE, KT_PROGRESS_SUSPENDED_TYPE, KT_PROGRESS_BURIED_TYPE,
};

/* What the Writer passes on of stored values: those of the right type. */
static void
read_stored (GVariant *values)
{
  KtStoredFuncs funcs = {
    stored_card_cb, stored_answer_cb, stored_tombstone_cb, stored_suspended_cb, stored_buried_cb,
    NULL
  };

  for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
    {
      g_autoptr(GVariant) value = g_variant_lookup_value (values, stored_keys[i],
                                                          G_VARIANT_TYPE (stored_types[i]));

      if (value != NULL)
        kt_progress_file_read_variant (value, &funcs);
    }
}

/* The progress files as the Writer reads them: progress.gvariant, the
 * bytes as they are and after a header that fits them, and progress.ini:
 * records and answers, or an error. */
void
kt_fuzz_progress_file (const guint8 *data,
                       gsize         size)
{
  static const char * const header = "KTPROGV\001";
  const GVariantType *types[] = {
    G_VARIANT_TYPE (stored_types[0]), G_VARIANT_TYPE (stored_types[1]),
    G_VARIANT_TYPE (stored_types[2]), G_VARIANT_TYPE (stored_types[3]),
    G_VARIANT_TYPE (stored_types[4]), G_VARIANT_TYPE (stored_types[5]),
  };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GByteArray) headed = g_byte_array_sized_new (16 + size);
  g_autoptr(GBytes) headed_bytes = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GVariant) headed_values = NULL;
  g_autoptr(GVariant) ini_values = NULL;
  g_autoptr(GError) error = NULL;
  guint64 length = GUINT64_TO_LE (size);

  values = kt_progress_file_load_bytes (bytes, &error);
  g_assert ((values == NULL) != (error == NULL));
  if (values != NULL)
    read_stored (values);
  g_clear_error (&error);

  g_byte_array_append (headed, (const guint8 *) header, 8);
  g_byte_array_append (headed, (const guint8 *) &length, sizeof length);
  g_byte_array_append (headed, data, size);
  headed_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&headed));
  headed_values = kt_progress_file_load_bytes (headed_bytes, &error);
  g_assert ((headed_values == NULL) != (error == NULL));
  if (headed_values != NULL)
    read_stored (headed_values);
  g_clear_error (&error);

  ini_values = kt_progress_file_parse_ini ((const char *) data, size,
                                           "io/github/kartoteka/Kartoteka", stored_keys, types,
                                           G_N_ELEMENTS (stored_keys), &error);
  read_stored (ini_values);
}
