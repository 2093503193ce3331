/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KtSearchModel is a GListModel of the KtCards of another model whose
 * question, title or answer contains the query, ignoring case and ё/е
 * (kt_text_fold_for_search()). It replaces a GtkFilterListModel because
 * at 100 000 cards both the test per card and GtkFilterListModel's own
 * per-item work exceed a frame: here the main thread only swaps in a
 * sorted array of positions and reports the changed middle.
 *
 * The cards' folded text is kept as an index of a few segments, each a
 * buffer of NUL-separated keys that one worker builds and, for a query,
 * scans in one substring search; the segments go to the cores at once.
 * Keys made only of ASCII, basic Cyrillic and the common punctuation
 * (nearly every card) are stored one byte a character (see
 * append_compact()), which halves the bytes of Russian text to scan;
 * other cards keep the folded UTF-8 and are tested with the UTF-8 query.
 * The index is built when first needed (or kt_search_model_prepare())
 * and again after the source model changes. A new query cancels the
 * one running.
 *
 * One file of over a thousand lines: the index, the scan and the
 * applying of results share the segment layout and the cancellation of
 * a running query; apart, each would need the others' internals.
 */
/* memmem() */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kt-card.h"
#include "kt-search-model.h"
#include "kt-text.h"

/* Cards per cancellation check, and the least a segment gets. */
#define BLOCK_CARDS  2048
#define MAX_SEGMENTS 8

/* The keys of a run of cards, built and searched by one worker. */
typedef struct
{
  guint    first;      /* the model position of its first card */
  guint    n_cards;
  guint32 *starts;     /* n_cards + 1 offsets into keys */
  char    *keys;       /* each card's key and a NUL */
  guint64 *is_wide;    /* a bit per card: the key is folded UTF-8 */
  guint32 *wide;       /* those cards (from 0 in the segment), ascending */
  guint    n_wide;
} Segment;

typedef struct
{
  guint    n_segments;
  Segment  segments[MAX_SEGMENTS];
} Index;

struct _KtSearchModel
{
  GObject       parent_instance;

  GListModel   *model;
  char         *query;       /* folded and stripped; "" shows every card */
  Index        *index;       /* NULL until built for the model as it is */
  GArray       *matches;     /* guint positions in model; NULL shows all */
  GCancellable *building;
  GCancellable *searching;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtSearchModel, kt_search_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_QUERY,
  PROP_SEARCHING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_search (KtSearchModel *self);

/* ---- the index ---------------------------------------------------------- */

static void
index_clear (gpointer data)
{
  Index *index = data;

  for (guint i = 0; i < index->n_segments; i++)
    {
      g_free (index->segments[i].starts);
      g_free (index->segments[i].keys);
      g_free (index->segments[i].is_wide);
      g_free (index->segments[i].wide);
    }
}

static void
index_release (Index *index)
{
  g_rc_box_release_full (index, index_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Index, index_release)

static gboolean
card_is_wide (const Segment *segment,
              guint          card)
{
  return (segment->is_wide[card / 64] >> (card % 64)) & 1;
}

/* Appends @text folded for search, one byte a character: ASCII as is
 * (lower case), U+0430–U+045F as 0x80–0xAF (upper case folded, ё as е),
 * U+00A0 « » as 0xB0–0xB2 and U+2010–U+2027 as 0xB3–0xCA, which is what
 * kt_text_fold_for_search() gives for them. Returns FALSE, leaving the
 * buffer's length as it was, at any other character. */
static gboolean
append_compact (GByteArray *buffer,
                const char *text)
{
  const guchar *p = (const guchar *) text;
  guint start = buffer->len;
  guchar *w;

  /* At most one byte a byte. */
  g_byte_array_set_size (buffer, start + strlen (text));
  w = buffer->data + start;

  while (*p != '\0')
    {
      if (p[0] < 0x80)
        {
          *w++ = g_ascii_tolower (p[0]);
          p++;
        }
      else if ((p[0] == 0xD0 || (p[0] == 0xD1 && p[1] <= 0x9F)) && (p[1] & 0xC0) == 0x80)
        {
          gunichar c = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);

          if (c < 0x0410)
            c += 0x50;                  /* Ѐ…Џ → ѐ…џ */
          else if (c < 0x0430)
            c += 0x20;                  /* А…Я → а…я */
          if (c == 0x0451)
            c = 0x0435;                 /* ё → е */
          *w++ = 0x80 + (c - 0x0430);
          p += 2;
        }
      else if (p[0] == 0xC2 && (p[1] == 0xA0 || p[1] == 0xAB || p[1] == 0xBB))
        {
          *w++ = p[1] == 0xA0 ? 0xB0 : p[1] == 0xAB ? 0xB1 : 0xB2;
          p += 2;
        }
      else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xA7)
        {
          *w++ = 0xB3 + (p[2] - 0x90);
          p += 3;
        }
      else
        {
          g_byte_array_set_size (buffer, start);
          return FALSE;
        }
    }

  g_byte_array_set_size (buffer, w - buffer->data);
  return TRUE;
}

/* Appends @card's key (question, title and answer, a newline between
 * them, as one folded text) and its NUL. Returns whether it is compact. */
static gboolean
append_key (GByteArray *buffer,
            KtCard     *card)
{
  const char *title = kt_card_get_title (card);
  static const guint8 newline = '\n', nul = '\0';
  guint start = buffer->len;
  g_autofree char *joined = NULL;
  g_autofree char *folded = NULL;

  if (append_compact (buffer, kt_card_get_question (card)) &&
      g_byte_array_append (buffer, &newline, 1) &&
      (title == NULL || append_compact (buffer, title)) &&
      g_byte_array_append (buffer, &newline, 1) &&
      append_compact (buffer, kt_card_get_answer (card)))
    {
      g_byte_array_append (buffer, &nul, 1);
      return TRUE;
    }

  g_byte_array_set_size (buffer, start);
  joined = g_strjoin ("\n", kt_card_get_question (card), title != NULL ? title : "",
                      kt_card_get_answer (card), NULL);
  folded = kt_text_fold_for_search (joined);
  g_byte_array_append (buffer, (const guint8 *) folded, strlen (folded) + 1);
  return FALSE;
}

/* What one worker builds: @segment from its run of @cards. */
typedef struct
{
  Segment   *segment;
  GPtrArray *cards;      /* every card; this worker's are its to unref */
} BuildPiece;

static void
build_segment (GTask      *task,
               BuildPiece *piece)
{
  Segment *segment = piece->segment;
  KtCard **cards = (KtCard **) piece->cards->pdata + segment->first;
  g_autoptr(GByteArray) keys = NULL;
  g_autoptr(GArray) wide = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize guess = 0;

  /* Compact keys are at most as long as the text: one allocation. */
  for (guint i = 0; i < segment->n_cards; i++)
    {
      const char *title = kt_card_get_title (cards[i]);

      guess += strlen (kt_card_get_question (cards[i])) + strlen (kt_card_get_answer (cards[i])) +
               (title != NULL ? strlen (title) : 0) + 3;
    }
  /* Offsets are 32-bit; folding outside the compact set may grow text. */
  if (guess > G_MAXUINT32 / 2)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               "Too much text to search");
      return;
    }
  keys = g_byte_array_sized_new (guess);

  segment->starts = g_new (guint32, segment->n_cards + 1);
  segment->is_wide = g_new0 (guint64, segment->n_cards / 64 + 1);
  for (guint i = 0; i < segment->n_cards; i++)
    {
      if (i % BLOCK_CARDS == 0 && g_task_return_error_if_cancelled (task))
        return;

      segment->starts[i] = keys->len;
      if (!append_key (keys, cards[i]))
        {
          segment->is_wide[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
          g_array_append_val (wide, i);
        }
    }
  segment->starts[segment->n_cards] = keys->len;
  segment->n_wide = wide->len;
  segment->wide = (guint32 *) g_array_free (g_steal_pointer (&wide), FALSE);
  /* Kept for as long as the cards are searched: no spare room. */
  segment->keys = g_realloc (g_byte_array_free (g_steal_pointer (&keys), FALSE),
                             MAX (segment->starts[segment->n_cards], 1));

  g_task_return_boolean (task, TRUE);
}

static void
build_segment_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  BuildPiece *piece = task_data;
  KtCard **cards = (KtCard **) piece->cards->pdata + piece->segment->first;

  build_segment (task, piece);

  /* Here, not on the main thread: 100 000 unrefs take milliseconds. */
  for (guint i = 0; i < piece->segment->n_cards; i++)
    g_object_unref (cards[i]);
}

/* ---- searching ---------------------------------------------------------- */

/* One piece of a search: one segment of the index. */
typedef struct
{
  Index  *index;
  guint   segment;
  char   *compact;      /* the query in the compact encoding, or NULL */
  char   *utf8;         /* the folded query */
} Piece;

static void
piece_free (Piece *piece)
{
  index_release (piece->index);
  g_free (piece->compact);
  g_free (piece->utf8);
  g_free (piece);
}

/* The card whose key holds byte @offset, at or after @card. Hits come in
 * order, so one search walks the offsets once: O(cards) in all, and
 * mostly one step for a common query. */
static guint
card_at (const Segment *segment,
         guint          card,
         gsize          offset)
{
  while (segment->starts[card + 1] <= offset)
    card++;

  return card;
}

/* memmem() for the short needles typed into a search box. glibc's
 * memmem() goes about a byte at a time; this tests 16 positions at once
 * for the needle's first and last byte and compares only there
 * (Muła's "SIMD-friendly" substring search): twice as fast here. */
static const char *
find (const char *haystack,
      gsize       haystack_len,
      const char *needle,
      gsize       len)
{
#ifdef __SSE2__
  if (len >= 2 && haystack_len >= len + 15)
    {
      const __m128i first = _mm_set1_epi8 (needle[0]);
      const __m128i last = _mm_set1_epi8 (needle[len - 1]);
      gsize i;

      for (i = 0; i + len + 15 <= haystack_len; i += 16)
        {
          __m128i a = _mm_loadu_si128 ((const __m128i *) (haystack + i));
          __m128i b = _mm_loadu_si128 ((const __m128i *) (haystack + i + len - 1));
          guint mask = _mm_movemask_epi8 (_mm_and_si128 (_mm_cmpeq_epi8 (a, first),
                                                         _mm_cmpeq_epi8 (b, last)));

          for (; mask != 0; mask &= mask - 1)
            {
              const char *at = haystack + i + __builtin_ctz (mask);

              if (memcmp (at + 1, needle + 1, len - 2) == 0)
                return at;
            }
        }

      return memmem (haystack + i, haystack_len - i, needle, len);
    }
#endif

  return memmem (haystack, haystack_len, needle, len);
}

/* Appends to @out the model positions of the compact cards of
 * [first, last) in @segment holding @needle. */
static void
search_compact (const Segment *segment,
                const char    *needle,
                guint          first,
                guint          last,
                GArray        *out)
{
  gsize len = strlen (needle);
  gsize pos = segment->starts[first];
  gsize end = segment->starts[last];
  guint card = first;

  while (pos < end)
    {
      const char *hit = find (segment->keys + pos, end - pos, needle, len);
      guint position;

      if (hit == NULL)
        break;
      card = card_at (segment, card, hit - segment->keys);
      position = segment->first + card;
      if (!card_is_wide (segment, card))
        g_array_append_val (out, position);
      pos = segment->starts[card + 1];
    }
}

/* Appends to @out the model positions of the wide cards of @segment
 * holding @needle. */
static void
search_wide (const Segment *segment,
             const char    *needle,
             GArray        *out)
{
  gsize len = strlen (needle);

  for (guint w = 0; w < segment->n_wide; w++)
    {
      guint card = segment->wide[w];
      guint position = segment->first + card;

      if (find (segment->keys + segment->starts[card],
                segment->starts[card + 1] - segment->starts[card] - 1, needle, len) != NULL)
        g_array_append_val (out, position);
    }
}

static void
search_piece_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Piece *piece = task_data;
  const Segment *segment = &piece->index->segments[piece->segment];
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) wide = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint block = 0; block < segment->n_cards; block += BLOCK_CARDS)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      if (piece->compact != NULL)
        search_compact (segment, piece->compact, block,
                        MIN (block + BLOCK_CARDS, segment->n_cards), found);
    }
  search_wide (segment, piece->utf8, wide);

  /* Both ascending: merge. */
  if (wide->len > 0)
    {
      g_autoptr(GArray) merged = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                                    found->len + wide->len);
      guint i = 0, j = 0;

      while (i < found->len || j < wide->len)
        {
          gboolean take_found = j == wide->len ||
                                (i < found->len &&
                                 g_array_index (found, guint, i) < g_array_index (wide, guint, j));
          guint card = take_found ? g_array_index (found, guint, i++)
                                  : g_array_index (wide, guint, j++);

          g_array_append_val (merged, card);
        }
      g_array_unref (found);
      found = g_steal_pointer (&merged);
    }

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_array_unref);
}

/* A search split into pieces that run on worker threads at once. */
typedef struct
{
  KtSearchModel *self;
  GCancellable  *cancellable;
  GArray        *parts[MAX_SEGMENTS];
  guint          n_parts;
  guint          pending;
} Search;

static void
search_free (Search *search)
{
  for (guint i = 0; i < search->n_parts; i++)
    g_clear_pointer (&search->parts[i], g_array_unref);
  g_object_unref (search->cancellable);
  g_free (search);
}

/* ---- applying results --------------------------------------------------- */

static guint
shown_position (GArray *matches,
                guint   i)
{
  return matches != NULL ? g_array_index (matches, guint, i) : i;
}

/* Swaps in @matches (NULL: every card) and reports only the middle that
 * differs, so the list keeps its rows and selection around it. */
static void
set_matches (KtSearchModel *self,
             GArray        *matches)
{
  guint n_model = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint old_n = self->matches != NULL ? self->matches->len : n_model;
  guint new_n = matches != NULL ? matches->len : n_model;
  guint prefix = 0, suffix = 0;
  g_autoptr(GArray) old = g_steal_pointer (&self->matches);

  self->matches = matches;

  while (prefix < old_n && prefix < new_n &&
         shown_position (old, prefix) == shown_position (matches, prefix))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         shown_position (old, old_n - 1 - suffix) ==
         shown_position (matches, new_n - 1 - suffix))
    suffix++;

  if (old_n - prefix - suffix == 0 && new_n - prefix - suffix == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_searching (KtSearchModel *self,
               GCancellable  *cancellable)
{
  gboolean was = kt_search_model_get_searching (self);

  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_set_object (&self->searching, cancellable);
  if (was != kt_search_model_get_searching (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
search_piece_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Search *search = user_data;
  Piece *piece = g_task_get_task_data (G_TASK (result));
  GArray *all;
  guint n = 0;

  search->parts[piece->segment] = g_task_propagate_pointer (G_TASK (result), NULL);
  if (--search->pending > 0)
    return;

  /* Stale: a newer query, model or index took over. */
  if (g_cancellable_is_cancelled (search->cancellable))
    {
      search_free (search);
      return;
    }

  for (guint i = 0; i < search->n_parts; i++)
    n += search->parts[i]->len;
  all = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint i = 0; i < search->n_parts; i++)
    g_array_append_vals (all, search->parts[i]->data, search->parts[i]->len);

  set_searching (search->self, NULL);
  set_matches (search->self, all);
  search_free (search);
}

/* An index built by one worker per segment at once. */
typedef struct
{
  KtSearchModel *self;
  GCancellable  *cancellable;
  Index         *index;
  GPtrArray     *cards;         /* references, each worker unrefs its own */
  guint          snapshot_id;
  guint          pending;
  gboolean       failed;
} Build;

static void
build_free (Build *build)
{
  g_clear_pointer (&build->index, index_release);
  g_clear_handle_id (&build->snapshot_id, g_source_remove);
  g_ptr_array_unref (build->cards);
  g_object_unref (build->cancellable);
  g_free (build);
}

static void
build_segment_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Build *build = user_data;
  KtSearchModel *self = build->self;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("Cannot search the cards: %s", error->message);
      build->failed = TRUE;
    }
  if (--build->pending > 0)
    return;

  /* Stale: the model changed meanwhile, and a newer build took over. */
  if (g_cancellable_is_cancelled (build->cancellable))
    {
      build_free (build);
      return;
    }

  g_clear_object (&self->building);
  if (build->failed)
    set_searching (self, NULL);
  else
    {
      self->index = g_steal_pointer (&build->index);
      if (*self->query != '\0')
        start_search (self);
    }
  build_free (build);
}

static void
start_build_workers (Build *build)
{
  KtSearchModel *self = build->self;
  guint n = build->cards->len;

  build->index = g_rc_box_new0 (Index);
  build->index->n_segments = CLAMP (n / BLOCK_CARDS, 1,
                                    MIN (4 * g_get_num_processors (), MAX_SEGMENTS));
  build->pending = build->index->n_segments;

  for (guint i = 0; i < build->index->n_segments; i++)
    {
      g_autoptr(GTask) task = g_task_new (self, build->cancellable, build_segment_done_cb, build);
      BuildPiece *piece = g_new (BuildPiece, 1);
      Segment *segment = &build->index->segments[i];

      segment->first = (guint64) n * i / build->index->n_segments;
      segment->n_cards = (guint64) n * (i + 1) / build->index->n_segments - segment->first;
      piece->segment = segment;
      piece->cards = build->cards;
      g_task_set_source_tag (task, start_build_workers);
      g_task_set_task_data (task, piece, g_free);
      g_task_run_in_thread (task, build_segment_thread);
    }
}

/* Takes references to the cards (the model may drop them while the
 * workers read them) a slice at a time, so that 100 000 cards do not
 * hold up the main loop for a frame. Cancelled when the model changes. */
static gboolean
take_snapshot_cb (gpointer user_data)
{
  Build *build = user_data;
  GListModel *model;
  guint n, end;

  /* First: the model itself may be gone then. */
  if (g_cancellable_is_cancelled (build->cancellable))
    {
      for (guint i = 0; i < build->cards->len; i++)
        g_object_unref (g_ptr_array_index (build->cards, i));
      build->snapshot_id = 0;
      build_free (build);
      return G_SOURCE_REMOVE;
    }

  model = build->self->model;
  n = g_list_model_get_n_items (model);
  end = MIN (build->cards->len + 2 * BLOCK_CARDS, n);

  for (guint i = build->cards->len; i < end; i++)
    g_ptr_array_add (build->cards, g_list_model_get_item (model, i));
  if (build->cards->len < n)
    return G_SOURCE_CONTINUE;

  build->snapshot_id = 0;
  start_build_workers (build);
  return G_SOURCE_REMOVE;
}

/* Builds the index of the cards as they are now, in segments on as many
 * workers as there are cores (more, for a busy core not to hold it up). */
static void
build_index (KtSearchModel *self)
{
  Build *build;

  if (self->building != NULL || self->index != NULL || self->model == NULL)
    return;

  self->building = g_cancellable_new ();
  build = g_new0 (Build, 1);
  build->self = self;
  build->cancellable = g_object_ref (self->building);
  build->cards = g_ptr_array_sized_new (g_list_model_get_n_items (self->model));
  build->snapshot_id = g_idle_add_full (G_PRIORITY_DEFAULT, take_snapshot_cb, build, NULL);
}

static void
drop_index (KtSearchModel *self)
{
  g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
  g_clear_pointer (&self->index, index_release);
}

/* Runs the query over the index (built first if need be), a worker per
 * segment; the current matches stay shown meanwhile. */
static void
start_search (KtSearchModel *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GByteArray) compact = g_byte_array_new ();
  gboolean has_compact;
  Search *search;

  g_assert (*self->query != '\0');

  set_searching (self, cancellable);
  if (self->index == NULL)
    {
      build_index (self);
      return;
    }

  /* Compact keys cannot hold a query with other characters. */
  has_compact = append_compact (compact, self->query);
  g_byte_array_append (compact, (const guint8 *) "", 1);

  search = g_new0 (Search, 1);
  search->self = self;
  search->cancellable = g_object_ref (cancellable);
  search->n_parts = search->pending = self->index->n_segments;

  for (guint i = 0; i < search->n_parts; i++)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, search_piece_done_cb, search);
      Piece *piece = g_new0 (Piece, 1);

      piece->index = g_rc_box_acquire (self->index);
      piece->segment = i;
      piece->compact = has_compact ? g_strdup ((const char *) compact->data) : NULL;
      piece->utf8 = g_strdup (self->query);
      g_task_set_source_tag (task, start_search);
      g_task_set_task_data (task, piece, (GDestroyNotify) piece_free);
      g_task_run_in_thread (task, search_piece_thread);
    }
}

/* ---- callbacks ---------------------------------------------------------- */

/* The first match at or after model position @position. */
static guint
lower_bound (GArray *matches,
             guint   position)
{
  guint lo = 0, hi = matches->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (matches, guint, mid) < position)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The index no longer fits the cards: cards gone leave the list at once,
 * cards added show up when the new index has been searched. An index
 * that was there is built again at once, so that the next query after a
 * deck is reloaded need not wait for it. */
static void
model_items_changed_cb (KtSearchModel *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *model)
{
  gboolean had_index = self->index != NULL || self->building != NULL;

  drop_index (self);

  if (self->matches == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      if (removed != added)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else
    {
      guint first = lower_bound (self->matches, position);
      guint last = lower_bound (self->matches, position + removed);

      g_array_remove_range (self->matches, first, last - first);
      for (guint i = first; i < self->matches->len; i++)
        g_array_index (self->matches, guint, i) += added - removed;
      if (last > first)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), first, last - first, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
    }

  if (*self->query != '\0')
    start_search (self);
  else if (had_index)
    build_index (self);
}

/* ---- GListModel --------------------------------------------------------- */

static GType
kt_search_model_get_item_type (GListModel *model)
{
  return KT_TYPE_CARD;
}

static guint
kt_search_model_get_n_items (GListModel *model)
{
  KtSearchModel *self = KT_SEARCH_MODEL (model);

  if (self->matches != NULL)
    return self->matches->len;
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
kt_search_model_get_item (GListModel *model,
                          guint       position)
{
  KtSearchModel *self = KT_SEARCH_MODEL (model);

  if (position >= kt_search_model_get_n_items (model))
    return NULL;

  return g_list_model_get_item (self->model, shown_position (self->matches, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kt_search_model_get_item_type;
  iface->get_n_items = kt_search_model_get_n_items;
  iface->get_item = kt_search_model_get_item;
}

/* ---- GObject ------------------------------------------------------------ */

static void
kt_search_model_dispose (GObject *object)
{
  KtSearchModel *self = KT_SEARCH_MODEL (object);

  drop_index (self);
  if (self->searching != NULL)
    g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kt_search_model_parent_class)->dispose (object);
}

static void
kt_search_model_finalize (GObject *object)
{
  KtSearchModel *self = KT_SEARCH_MODEL (object);

  g_free (self->query);
  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (kt_search_model_parent_class)->finalize (object);
}

static void
kt_search_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KtSearchModel *self = KT_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:     g_value_set_object (value, self->model); break;
    case PROP_QUERY:     g_value_set_string (value, self->query); break;
    case PROP_SEARCHING: g_value_set_boolean (value, kt_search_model_get_searching (self)); break;
    case PROP_N_ITEMS:   g_value_set_uint (value, kt_search_model_get_n_items (G_LIST_MODEL (self))); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_search_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KtSearchModel *self = KT_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL: kt_search_model_set_model (self, g_value_get_object (value)); break;
    case PROP_QUERY: kt_search_model_set_query (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_search_model_class_init (KtSearchModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kt_search_model_dispose;
  object_class->finalize = kt_search_model_finalize;
  object_class->get_property = kt_search_model_get_property;
  object_class->set_property = kt_search_model_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_QUERY] = g_param_spec_string ("query", NULL, NULL, "", rw);
  properties[PROP_SEARCHING] = g_param_spec_boolean ("searching", NULL, NULL, FALSE, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kt_search_model_init (KtSearchModel *self)
{
  self->query = g_strdup ("");
}

/* ---- public API --------------------------------------------------------- */

KtSearchModel *
kt_search_model_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (KT_TYPE_SEARCH_MODEL, "model", model, NULL);
}

GListModel *
kt_search_model_get_model (KtSearchModel *self)
{
  g_return_val_if_fail (KT_IS_SEARCH_MODEL (self), NULL);
  return self->model;
}

/**
 * kt_search_model_set_model:
 *
 * Searches @model's cards from now on. With a query, the list is empty
 * until the new cards have been searched.
 */
void
kt_search_model_set_model (KtSearchModel *self,
                           GListModel    *model)
{
  guint old_n, new_n;

  g_return_if_fail (KT_IS_SEARCH_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  old_n = kt_search_model_get_n_items (G_LIST_MODEL (self));
  drop_index (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (model_items_changed_cb),
                             self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->matches, g_array_unref);
  if (*self->query != '\0')
    {
      self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
      start_search (self);
    }

  new_n = kt_search_model_get_n_items (G_LIST_MODEL (self));
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
kt_search_model_get_query (KtSearchModel *self)
{
  g_return_val_if_fail (KT_IS_SEARCH_MODEL (self), NULL);
  return self->query;
}

/**
 * kt_search_model_set_query:
 *
 * Shows only the cards holding @query, folded with
 * kt_text_fold_for_search() and stripped; an empty query shows every
 * card at once. Otherwise the search runs on worker threads, the cards
 * shown so far stay until it is done (#KtSearchModel:searching), and a
 * newer query cancels it.
 */
void
kt_search_model_set_query (KtSearchModel *self,
                           const char    *query)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (KT_IS_SEARCH_MODEL (self));

  folded = kt_text_fold_for_search (query);
  g_strstrip (folded);
  if (g_str_equal (folded, self->query))
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&folded);
  if (*self->query != '\0')
    start_search (self);
  else
    {
      set_searching (self, NULL);
      set_matches (self, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * kt_search_model_get_searching:
 *
 * Whether a search (or the index it needs) is under way, so the cards
 * shown may not match the query yet.
 */
gboolean
kt_search_model_get_searching (KtSearchModel *self)
{
  g_return_val_if_fail (KT_IS_SEARCH_MODEL (self), FALSE);
  return self->searching != NULL;
}

/**
 * kt_search_model_prepare:
 *
 * Starts building the index on a worker, so that the first query need
 * not wait for it; for when a search is likely soon.
 */
void
kt_search_model_prepare (KtSearchModel *self)
{
  g_return_if_fail (KT_IS_SEARCH_MODEL (self));
  build_index (self);
}
