/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading progress JSON (docs/progress-format.md, written by
 * kt-progress-json.c) and merging it into a KtProgress.
 *
 * The file is read as a stream of tokens from KtJsonReader, and only what
 * the merge needs is kept: a record and the answers per card, never the
 * questions. Memory follows the number of cards and answers, not the
 * bytes, which is why the limits are counts (KT_PROGRESS_JSON_MAX_CARDS
 * and _ANSWERS), and why every export imports again.
 *
 * Reading validates the whole file into a KtProgressImport before
 * anything touches a KtProgress, so a bad file changes nothing and the
 * user can be shown what an import would do before it is done. The file
 * may come from anywhere: it must be strict JSON (KtJsonReader), and
 * every value is checked, with a message saying where; a card must agree
 * with itself and with its answers, and no time may lie more than a day
 * in the future, or a card could never come up again.
 *
 * It is over 1,000 lines, and one file, because it is one reader of one
 * format: the checks of a card need its members as read, and the merge
 * the cards as checked.
 */
#define G_LOG_DOMAIN "kt-progress-json"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kt-file.h"
#include "kt-json-reader.h"
#include "kt-progress-json-private.h"

/* The scheduler's longest interval, plus its learning steps. */
#define MAX_DUE_AFTER_US  ((gint64) 36501 * G_TIME_SPAN_DAY)


struct _KtProgressImport
{
  GArray *cards;       /* ImportCard, in file order, each id once */
  GArray *log;         /* KtReviewLogEntry, their ids shared with the cards */
  GArray *tombstones;  /* KtAnswerId */
  GPtrArray *suspended; /* card ids (GRefString) */
  gint64  machine;     /* the machine that wrote the file, or 0 */
  char   *host;        /* its host name, or NULL */
};

typedef struct
{
  char             *card_id;     /* GRefString */
  gboolean          has_record;  /* FALSE: a card never studied */
  KtProgressRecord  record;
  gint64            answered_us; /* when it was last answered, for the merge */
} ImportCard;

typedef enum
{
  CHANGE_NONE,
  CHANGE_ADD,
  CHANGE_UPDATE,
} Change;

/* ---- reading ----------------------------------------------------------- */

typedef struct
{
  KtJsonReader     *json;
  GString          *path;        /* where in the file: "topics[0].cards[3]" */
  GHashTable       *card_ids;    /* ids seen so far, borrowed from the cards */
  KtProgressImport *import;
  gint64            latest_us;   /* later times are refused */
  GError          **error;

  /* The file's identity, which an error elsewhere must not hide. */
  gboolean          has_format;
  gboolean          has_version;
} Reader;

typedef enum
{
  TEXT_ANY,
  TEXT_NON_EMPTY,
  TEXT_OR_NULL,
} TextKind;

/* Appends ".name" to the path; returns the length to go back to. */
static gsize
enter_member (Reader     *r,
              const char *name)
{
  gsize mark = r->path->len;

  if (mark > 0)
    g_string_append_c (r->path, '.');
  g_string_append (r->path, name);

  return mark;
}

static gsize
enter_index (Reader *r,
             guint   index)
{
  gsize mark = r->path->len;

  g_string_append_printf (r->path, "[%u]", index);

  return mark;
}

static void
leave (Reader *r,
       gsize   mark)
{
  g_string_truncate (r->path, mark);
}

/* Always returns FALSE, so that callers can return its result. */
static gboolean
invalid (Reader     *r,
         const char *problem)
{
  g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_INVALID,
               /* Translators: where in a progress file, then what is wrong
                * there, as in "topics[0].cards[3].stability: must be null or
                * a number of at least 0.001". */
               _("%s: %s"), r->path->str, problem);
  return FALSE;
}

static KtJsonToken
next (Reader *r)
{
  return kt_json_reader_next (r->json, r->error);
}

/* The value of a member that is not needed, or not known: checked as
 * JSON, not kept. */
static gboolean
skip_value (Reader *r)
{
  return kt_json_reader_skip (r->json, next (r), r->error);
}

/* A value that is not what it should be: it is skipped first, so that
 * reading can go on after the error (see find_identity()), then @problem
 * is the error. Always returns FALSE. */
static gboolean
wrong_value (Reader      *r,
             KtJsonToken  token,
             const char  *problem)
{
  return kt_json_reader_skip (r->json, token, r->error) && invalid (r, problem);
}

/* Reads the value after a member name and fails unless it is @expected.
 * @problem is untranslated (N_()): most values are right, and gettext
 * is not free. */
static gboolean
expect (Reader      *r,
        KtJsonToken  expected,
        const char  *problem)
{
  KtJsonToken token = next (r);

  return token == expected || wrong_value (r, token, _(problem));
}

/* Reads one known member's value: @member indexes the names given to
 * read_members(). */
typedef gboolean (*ReadMember) (Reader   *r,
                                int       member,
                                gpointer  data);

/* Reads the members of the object whose '{' was just read, each known
 * one with @read_member (unknown ones are checked as JSON and skipped),
 * and sets @seen to those it found: bit i for @names[i]. A member given
 * twice is an error. */
static gboolean
read_members (Reader             *r,
              const char * const *names,
              guint               n_names,
              ReadMember          read_member,
              gpointer            data,
              guint              *seen)
{
  KtJsonToken token;

  *seen = 0;
  while ((token = next (r)) == KT_JSON_MEMBER)
    {
      const char *name = kt_json_reader_get_string (r->json, NULL);
      guint member;
      gsize mark;

      for (member = 0; member < n_names && !g_str_equal (name, names[member]); member++)
        ;
      if (member == n_names)
        {
          if (!skip_value (r))
            return FALSE;
          continue;
        }

      mark = enter_member (r, names[member]);
      if ((*seen & (1u << member)) != 0)
        return wrong_value (r, next (r), _("this member appears more than once"));
      *seen |= 1u << member;
      if (!read_member (r, member, data))
        return FALSE;
      leave (r, mark);
    }

  return token == KT_JSON_END_OBJECT;
}

/* After an object ended: the first of its members that is missing. */
static gboolean
check_members (Reader             *r,
               const char * const *names,
               guint               n_names,
               guint               required,
               guint               seen)
{
  for (guint i = 0; i < n_names; i++)
    if ((required & (1u << i)) != 0 && (seen & (1u << i)) == 0)
      {
        enter_member (r, names[i]);
        return invalid (r, _("this member is missing"));
      }

  return TRUE;
}

static gboolean
read_text (Reader      *r,
           TextKind     kind,
           char       **value)
{
  KtJsonToken token = next (r);
  const char *text;
  gsize length;

  if (token == KT_JSON_NULL && kind == TEXT_OR_NULL)
    return TRUE;
  if (token != KT_JSON_STRING)
    return wrong_value (r, token, kind == TEXT_OR_NULL ? _("must be a string or null")
                                  : kind == TEXT_NON_EMPTY ? _("must be a non-empty string")
                                  : _("must be a string"));

  text = kt_json_reader_get_string (r->json, &length);
  if (kind == TEXT_NON_EMPTY && length == 0)
    return invalid (r, _("must be a non-empty string"));
  /* json-glib cut such text short: an id "a\u0000b" became "a". */
  if (strlen (text) != length)
    return invalid (r, _("must not hold the character U+0000 (\\u0000)"));

  if (value != NULL)
    *value = g_ref_string_new_len (text, length);
  return TRUE;
}

/* A number of the file: nullable ones read NAN for null. @problem is
 * untranslated, as for expect(). */
static gboolean
read_number (Reader     *r,
             gboolean    nullable,
             double      min,
             double      max,
             const char *problem,
             double     *value)
{
  KtJsonToken token = next (r);
  double d;

  if (token == KT_JSON_NULL && nullable)
    {
      *value = NAN;
      return TRUE;
    }
  if (token != KT_JSON_NUMBER)
    return wrong_value (r, token, _(problem));

  /* 1e999 reads as infinity; NaN cannot be written in JSON at all. */
  d = kt_json_reader_get_double (r->json);
  if (!isfinite (d) || d < min || d > max)
    return invalid (r, _(problem));

  *value = d;
  return TRUE;
}

/* Whole numbers may come as 3 or as 3.0. */
static gboolean
get_whole_number (KtJsonReader *json,
                  gint64        min,
                  gint64        max,
                  gint64       *value)
{
  double d;

  if (kt_json_reader_get_int64 (json, value))
    return *value >= min && *value <= max;

  /* Beyond 2^53 doubles skip whole numbers, and the cast would overflow. */
  d = kt_json_reader_get_double (json);
  if (!isfinite (d) || d != floor (d) || fabs (d) > 9007199254740992.0 ||
      d < (double) min || d > (double) max)
    return FALSE;
  *value = (gint64) d;

  return TRUE;
}

static gboolean
read_count (Reader *r,
            guint   max,
            guint  *value)
{
  KtJsonToken token = next (r);
  gint64 n;

  if (token != KT_JSON_NUMBER || !get_whole_number (r->json, 0, max, &n))
    {
      g_autofree char *problem = g_strdup_printf (_("must be a whole number from 0 to %u"), max);

      return wrong_value (r, token, problem);
    }

  *value = n;
  return TRUE;
}

static gboolean
read_name (Reader             *r,
           const char * const *names,
           guint               n_names,
           int                *value)
{
  KtJsonToken token = next (r);
  g_autoptr(GString) choices = NULL;
  g_autofree char *problem = NULL;

  if (token == KT_JSON_STRING)
    for (guint i = 0; i < n_names; i++)
      if (g_str_equal (kt_json_reader_get_string (r->json, NULL), names[i]))
        {
          *value = i;
          return TRUE;
        }

  choices = g_string_new (NULL);
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (choices, "%s“%s”", i > 0 ? ", " : "", names[i]);
  /* Translators: %s lists the words allowed, as in "“new”, “learning”". */
  problem = g_strdup_printf (_("must be one of %s"), choices->str);

  return wrong_value (r, token, problem);
}

static gboolean
read_state (Reader *r,
            int    *state)
{
  return read_name (r, kt_progress_json_state_names, KT_N_CARD_STATES, state);
}

static gboolean
read_rating (Reader *r,
             int    *rating)
{
  return read_name (r, kt_progress_json_rating_names,
                    G_N_ELEMENTS (kt_progress_json_rating_names), rating);
}

/* Any ISO 8601 date and time with an offset is read; -1 stands for null.
 * Times more than a day after now are refused when @future is FALSE. */
static gboolean
read_time (Reader   *r,
           gboolean  nullable,
           gboolean  future,
           gint64   *value)
{
  KtJsonToken token = next (r);
  g_autoptr(GDateTime) time = NULL;

  if (nullable && token == KT_JSON_NULL)
    {
      *value = -1;
      return TRUE;
    }

  if (token == KT_JSON_STRING)
    time = g_date_time_new_from_iso8601 (kt_json_reader_get_string (r->json, NULL), NULL);
  if (time == NULL || g_date_time_to_unix (time) < 0)
    return wrong_value (r, token,
                        nullable
                        ? _("must be null or a date and time such as “2025-03-01T09:30:00Z”, "
                            "not before 1970")
                        : _("must be a date and time such as “2025-03-01T09:30:00Z”, "
                            "not before 1970"));

  *value = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  if (!future && *value > r->latest_us)
    return invalid (r, _("lies more than a day in the future: is a clock wrong?"));

  return TRUE;
}

/* Reads the elements of an array, each with @read_element, which gets
 * the element's first token. */
static gboolean
read_array (Reader      *r,
            gboolean   (*read_element) (Reader *r, KtJsonToken token, gpointer data),
            gpointer     data)
{
  KtJsonToken token;

  if (!expect (r, KT_JSON_BEGIN_ARRAY, N_("must be an array")))
    return FALSE;

  for (guint i = 0; (token = next (r)) != KT_JSON_END_ARRAY; i++)
    {
      gsize mark;

      if (token == KT_JSON_ERROR)
        return FALSE;
      mark = enter_index (r, i);
      if (!read_element (r, token, data))
        return FALSE;
      leave (r, mark);
    }

  return TRUE;
}

static gboolean
element_is_object (Reader      *r,
                   KtJsonToken  token)
{
  return token == KT_JSON_BEGIN_OBJECT || wrong_value (r, token, _("must be an object"));
}

/* ---- cards ------------------------------------------------------------- */

enum
{
  REVIEW_TIME,
  REVIEW_RATING,
  REVIEW_STATE,
  REVIEW_ELAPSED_DAYS,
  REVIEW_MACHINE,
  REVIEW_SEQ,
  N_REVIEW_MEMBERS
};

static const char * const review_members[] = {
  "time", "rating", "state", "elapsed_days", "machine", "seq",
};

/* Files of older versions have answers without ids */
#define REQUIRED_REVIEW_MEMBERS ((1u << REVIEW_MACHINE) - 1)

static gboolean
read_machine (Reader *r,
              gint64 *machine)
{
  KtJsonToken token = next (r);

  if (token == KT_JSON_STRING)
    *machine = kt_progress_parse_machine (kt_json_reader_get_string (r->json, NULL));
  if (token != KT_JSON_STRING || *machine == 0)
    return wrong_value (r, token, _("must be a machine id of 16 hexadecimal digits"));

  return TRUE;
}

typedef struct
{
  KtReviewLogEntry entry;
  int              rating;
  int              state;
} Review;

static gboolean
read_review_member (Reader   *r,
                    int       member,
                    gpointer  data)
{
  Review *review = data;

  switch (member)
    {
    case REVIEW_TIME:
      return read_time (r, FALSE, FALSE, &review->entry.time_us);
    case REVIEW_RATING:
      return read_rating (r, &review->rating);
    case REVIEW_STATE:
      return read_state (r, &review->state);
    case REVIEW_ELAPSED_DAYS:
      return read_number (r, FALSE, 0.0, G_MAXDOUBLE, N_("must be a number of days, 0 or more"),
                          &review->entry.elapsed_days);
    case REVIEW_MACHINE:
      return read_machine (r, &review->entry.machine);
    case REVIEW_SEQ:
      return read_count (r, G_MAXUINT32, &review->entry.seq);
    default:
      g_assert_not_reached ();
    }
}

/* An answer of the card being read, its id not known yet. */
static gboolean
read_review (Reader      *r,
             KtJsonToken  token,
             gpointer     data)
{
  GArray *reviews = data;
  Review review = { { 0 } };
  guint seen;

  if (!element_is_object (r, token) ||
      !read_members (r, review_members, N_REVIEW_MEMBERS, read_review_member, &review, &seen) ||
      !check_members (r, review_members, N_REVIEW_MEMBERS, REQUIRED_REVIEW_MEMBERS, seen))
    return FALSE;
  /* An id is both, or neither: a seq alone names no answer */
  if ((seen & (1u << REVIEW_SEQ)) != 0 && (seen & (1u << REVIEW_MACHINE)) == 0)
    return check_members (r, review_members, N_REVIEW_MEMBERS, 1u << REVIEW_MACHINE, seen);

  if (r->import->log->len + reviews->len >= KT_PROGRESS_JSON_MAX_ANSWERS)
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
                   _("The file holds more than %u answers, more than Kartoteka keeps"),
                   KT_PROGRESS_JSON_MAX_ANSWERS);
      return FALSE;
    }

  review.entry.rating = KT_RATING_AGAIN + review.rating;
  review.entry.state_before = review.state;
  g_array_append_val (reviews, review.entry);

  return TRUE;
}

enum
{
  CARD_ID,
  CARD_QUESTION,
  CARD_STATE,
  CARD_STEP,
  CARD_DUE,
  CARD_STABILITY,
  CARD_DIFFICULTY,
  CARD_REPS,
  CARD_LAPSES,
  CARD_LAST_REVIEW,
  CARD_REVIEWS,
  N_CARD_MEMBERS
};

static const char * const card_members[] = {
  "id", "question", "state", "step", "due", "stability", "difficulty", "reps", "lapses",
  "last_review", "reviews",
};

typedef struct
{
  char     *card_id;     /* GRefString */
  int       state;
  guint     step;
  gint64    due_us;      /* -1 for null */
  double    stability;   /* NAN for null */
  double    difficulty;
  guint     reps;
  guint     lapses;
  gint64    last_review_us;
  GArray   *reviews;     /* KtReviewLogEntry without a card id */
  gint64    answered_us; /* the last answer, by its answers if it has any */
} CardMembers;

static gboolean
read_card_member (Reader   *r,
                  int       member,
                  gpointer  data)
{
  CardMembers *card = data;

  switch (member)
    {
    case CARD_ID:
      return read_text (r, TEXT_NON_EMPTY, &card->card_id);
    case CARD_QUESTION:
      return read_text (r, TEXT_ANY, NULL);
    case CARD_STATE:
      return read_state (r, &card->state);
    case CARD_STEP:
      return read_count (r, KT_FSRS_MAX_STEPS - 1, &card->step);
    case CARD_DUE:
      return read_time (r, TRUE, TRUE, &card->due_us);
    case CARD_STABILITY:
      return read_number (r, TRUE, 0.001, G_MAXDOUBLE,
                          N_("must be null or a number of at least 0.001"), &card->stability);
    case CARD_DIFFICULTY:
      return read_number (r, TRUE, 1.0, 10.0, N_("must be null or a number from 1 to 10"),
                          &card->difficulty);
    case CARD_REPS:
      return read_count (r, G_MAXUINT32, &card->reps);
    case CARD_LAPSES:
      return read_count (r, G_MAXUINT32, &card->lapses);
    case CARD_LAST_REVIEW:
      return read_time (r, TRUE, FALSE, &card->last_review_us);
    case CARD_REVIEWS:
      return read_array (r, read_review, card->reviews);
    default:
      g_assert_not_reached ();
    }
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (exact);
}

/* An error about one member of the card. */
static gboolean
invalid_member (Reader     *r,
                const char *name,
                const char *problem)
{
  gsize mark = enter_member (r, name);

  invalid (r, problem);
  leave (r, mark);
  return FALSE;
}

/* What the members say must agree, with each other and with the answers:
 * the same rules as KtProgress applies to the records it loads, and
 * those that keep a record from lying about its time. */
static gboolean
check_card (Reader      *r,
            CardMembers *card)
{
  gboolean has_memory = !isnan (card->stability);
  gboolean studied = card->due_us >= 0;
  gint64 last_answer_us = -1;

  if (isnan (card->stability) != isnan (card->difficulty))
    return invalid (r, _("stability and difficulty must both be numbers or both be null"));
  if (!has_memory && (card->state == KT_CARD_REVIEW || card->state == KT_CARD_RELEARNING))
    return invalid (r, _("a card in review or relearning needs stability and difficulty"));

  /* No due time: never studied, so there is no record to import. */
  if (!studied &&
      (card->state != KT_CARD_NEW || card->step != 0 || has_memory ||
       card->reps != 0 || card->lapses != 0 || card->last_review_us >= 0))
    return invalid (r, _("a card without a due time must be new, with no other progress"));
  if (studied && card->state == KT_CARD_NEW)
    return invalid (r, _("a card in state “new” was never answered: its due, stability, "
                         "difficulty and last_review must be null, its step, reps and lapses 0"));
  if (studied && card->last_review_us < 0)
    return invalid (r, _("a card that was answered needs its last_review"));
  if (!studied)
    return TRUE;

  /* A last_review after every answer would win every merge with a time
   * no answer had. One before the last answer is no lie (an answer given
   * after the clock was set back leaves one): then the answers, not the
   * record, say when the card was last studied. */
  for (guint i = 0; i < card->reviews->len; i++)
    last_answer_us = MAX (last_answer_us,
                          g_array_index (card->reviews, KtReviewLogEntry, i).time_us);
  if (last_answer_us >= 0 && card->last_review_us > last_answer_us)
    {
      g_autofree char *expected = format_time (last_answer_us);
      g_autofree char *problem =
        /* Translators: %s is a time such as 2025-03-01T09:30:00Z */
        g_strdup_printf (_("must not be later than the card’s last answer in “reviews”, %s"),
                         expected);

      return invalid_member (r, "last_review", problem);
    }
  card->answered_us = MAX (card->last_review_us, last_answer_us);
  if (card->due_us < card->last_review_us || card->due_us - card->last_review_us > MAX_DUE_AFTER_US)
    return invalid_member (r, "due", _("must be after last_review, by no more than 36 501 days"));

  return TRUE;
}

/* A card of a topic, or an orphan (@data is NULL): it needs no question. */
static gboolean
read_card (Reader      *r,
           KtJsonToken  token,
           gpointer     data)
{
  g_autoptr(GArray) reviews = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));
  CardMembers card = { .due_us = -1, .last_review_us = -1, .stability = NAN, .difficulty = NAN,
                       .reviews = reviews };
  g_autoptr(GRefString) card_id = NULL;
  ImportCard imported = { 0 };
  KtFsrsCard *fsrs = &imported.record.fsrs;
  guint seen, required;
  gboolean ok;

  if (!element_is_object (r, token))
    return FALSE;

  ok = read_members (r, card_members, N_CARD_MEMBERS, read_card_member, &card, &seen);
  card_id = card.card_id;
  required = ((1u << N_CARD_MEMBERS) - 1) & ~(data != NULL ? 0 : 1u << CARD_QUESTION);
  if (!ok || !check_members (r, card_members, N_CARD_MEMBERS, required, seen) ||
      !check_card (r, &card))
    return FALSE;

  if (!g_hash_table_add (r->card_ids, card_id))
    {
      g_autofree char *problem =
        g_strdup_printf (_("“%s” appears more than once in the file"), card_id);

      return invalid_member (r, "id", problem);
    }
  if (r->import->cards->len >= KT_PROGRESS_JSON_MAX_CARDS)
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
                   _("The file holds more than %u cards, more than Kartoteka keeps"),
                   KT_PROGRESS_JSON_MAX_CARDS);
      return FALSE;
    }

  fsrs->state = card.state;
  fsrs->step = card.step;
  fsrs->has_memory = !isnan (card.stability);
  fsrs->stability = fsrs->has_memory ? card.stability : 0.0;
  fsrs->difficulty = fsrs->has_memory ? card.difficulty : 0.0;
  fsrs->due_us = card.due_us;
  fsrs->last_review_us = MAX (card.last_review_us, 0);
  imported.record.reps = card.reps;
  imported.record.lapses = card.lapses;
  imported.has_record = card.due_us >= 0;
  imported.answered_us = card.answered_us;

  for (guint i = 0; i < reviews->len; i++)
    g_array_index (reviews, KtReviewLogEntry, i).card_id = g_ref_string_acquire (card_id);
  g_array_append_vals (r->import->log, reviews->data, reviews->len);
  imported.card_id = g_steal_pointer (&card_id);
  g_array_append_val (r->import->cards, imported);

  return TRUE;
}

/* ---- the document ------------------------------------------------------ */

/* Objects whose members are checked for their shape only: the merge needs
 * none of them. Each member is read by the function of its index. */
typedef gboolean (*ReadValue) (Reader *r);

static gboolean
read_value_member (Reader   *r,
                   int       member,
                   gpointer  data)
{
  const ReadValue *readers = data;

  return readers[member] (r);
}

static gboolean
read_object (Reader             *r,
             const char * const *names,
             const ReadValue    *readers,
             guint               n_names)
{
  guint seen;

  return expect (r, KT_JSON_BEGIN_OBJECT, N_("must be an object")) &&
         read_members (r, names, n_names, read_value_member, (gpointer) readers, &seen) &&
         check_members (r, names, n_names, (1u << n_names) - 1, seen);
}

static gboolean
read_any_text (Reader *r)
{
  return read_text (r, TEXT_ANY, NULL);
}

static gboolean
read_text_or_null (Reader *r)
{
  return read_text (r, TEXT_OR_NULL, NULL);
}

static gboolean
read_any_count (Reader *r)
{
  guint count;

  return read_count (r, G_MAXUINT32, &count);
}

static gboolean
read_share (Reader *r)
{
  double share;

  return read_number (r, TRUE, 0.0, 1.0, N_("must be null or a number from 0 to 1"), &share);
}

static gboolean
read_retention (Reader *r)
{
  double retention;

  return read_number (r, FALSE, 0.0, 1.0, N_("must be a number from 0 to 1"), &retention);
}

static gboolean
read_parameter (Reader      *r,
                KtJsonToken  token,
                gpointer     data)
{
  guint *n_parameters = data;

  (*n_parameters)++;
  if (token != KT_JSON_NUMBER || !isfinite (kt_json_reader_get_double (r->json)))
    return wrong_value (r, token, _("must be a finite number"));

  return TRUE;
}

static gboolean
read_parameters (Reader *r)
{
  guint n_parameters = 0;

  if (!read_array (r, read_parameter, &n_parameters))
    return FALSE;
  if (n_parameters != KT_FSRS_N_PARAMS)
    {
      g_autofree char *problem =
        g_strdup_printf (ngettext ("must hold exactly %d number", "must hold exactly %d numbers",
                                   KT_FSRS_N_PARAMS), KT_FSRS_N_PARAMS);

      return invalid (r, problem);
    }

  return TRUE;
}

static gboolean
read_application (Reader *r)
{
  static const char * const names[] = { "id", "version" };
  static const ReadValue readers[] = { read_any_text, read_any_text };

  return read_object (r, names, readers, G_N_ELEMENTS (names));
}

static gboolean
read_scheduler (Reader *r)
{
  static const char * const names[] = { "algorithm", "parameters", "desired_retention" };
  static const ReadValue readers[] = { read_any_text, read_parameters, read_retention };

  return read_object (r, names, readers, G_N_ELEMENTS (names));
}

static gboolean
read_summary (Reader *r)
{
  static const char * const names[] = {
    "cards", "new", "learning", "review", "relearning", "due_today", "reviews", "retention_30d",
  };
  static const ReadValue readers[] = {
    read_any_count, read_any_count, read_any_count, read_any_count, read_any_count,
    read_any_count, read_any_count, read_share,
  };

  return read_object (r, names, readers, G_N_ELEMENTS (names));
}

static gboolean
read_topic_cards (Reader *r)
{
  return read_array (r, read_card, GINT_TO_POINTER (TRUE));
}

static gboolean
read_topic (Reader      *r,
            KtJsonToken  token,
            gpointer     data)
{
  static const char * const names[] = { "id", "title", "source", "cards" };
  static const ReadValue readers[] = {
    read_any_text, read_any_text, read_text_or_null, read_topic_cards,
  };
  guint seen;

  return element_is_object (r, token) &&
         read_members (r, names, G_N_ELEMENTS (names), read_value_member, (gpointer) readers,
                       &seen) &&
         check_members (r, names, G_N_ELEMENTS (names), (1u << G_N_ELEMENTS (names)) - 1, seen);
}

static gboolean
set_not_progress (Reader *r)
{
  g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT,
               _("This is not a Kartoteka progress file: its “format” is not “%s”"),
               KT_PROGRESS_JSON_FORMAT);
  return FALSE;
}

static gboolean
read_format (Reader *r)
{
  KtJsonToken token = next (r);

  if (token != KT_JSON_STRING ||
      !g_str_equal (kt_json_reader_get_string (r->json, NULL), KT_PROGRESS_JSON_FORMAT))
    return kt_json_reader_skip (r->json, token, r->error) && set_not_progress (r);

  r->has_format = TRUE;
  return TRUE;
}

/* The version as the file writes it, so that the message shows it as it
 * is: json-glib turned 10000000000000000000 into -8446744073709551616. */
static gboolean
read_version (Reader *r)
{
  KtJsonToken token = next (r);
  gint64 version;

  if (token != KT_JSON_NUMBER)
    return wrong_value (r, token, _("must be a whole number"));

  if (!get_whole_number (r->json, KT_PROGRESS_JSON_VERSION, KT_PROGRESS_JSON_VERSION, &version))
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_VERSION,
                   _("The file is in version %s of the progress format, "
                     "but this version of Kartoteka reads only version %d"),
                   kt_json_reader_get_number_text (r->json), KT_PROGRESS_JSON_VERSION);
      return FALSE;
    }

  r->has_version = TRUE;
  return TRUE;
}

static gboolean
read_exported (Reader *r)
{
  gint64 exported;

  return read_time (r, FALSE, FALSE, &exported);
}

static gboolean
read_topics (Reader *r)
{
  return read_array (r, read_topic, NULL);
}

static gboolean
read_orphans (Reader *r)
{
  return read_array (r, read_card, NULL);
}

enum
{
  TOMBSTONE_MACHINE,
  TOMBSTONE_TIME,
  TOMBSTONE_SEQ,
  N_TOMBSTONE_MEMBERS
};

static const char * const tombstone_members[] = { "machine", "time", "seq" };

static gboolean
read_tombstone_member (Reader   *r,
                       int       member,
                       gpointer  data)
{
  KtAnswerId *id = data;

  switch (member)
    {
    case TOMBSTONE_MACHINE:
      return read_machine (r, &id->machine);
    case TOMBSTONE_TIME:
      return read_time (r, FALSE, FALSE, &id->time_us);
    case TOMBSTONE_SEQ:
      return read_count (r, G_MAXUINT32, &id->seq);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_tombstone (Reader      *r,
                KtJsonToken  token,
                gpointer     data)
{
  KtAnswerId id = { 0 };
  guint seen;

  if (!element_is_object (r, token) ||
      !read_members (r, tombstone_members, N_TOMBSTONE_MEMBERS, read_tombstone_member, &id, &seen) ||
      !check_members (r, tombstone_members, N_TOMBSTONE_MEMBERS,
                      (1u << N_TOMBSTONE_MEMBERS) - 1, seen))
    return FALSE;

  if (r->import->tombstones->len >= KT_PROGRESS_JSON_MAX_ANSWERS)
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
                   _("The file holds more than %u answers, more than Kartoteka keeps"),
                   KT_PROGRESS_JSON_MAX_ANSWERS);
      return FALSE;
    }
  g_array_append_val (r->import->tombstones, id);

  return TRUE;
}

static gboolean
read_tombstones (Reader *r)
{
  return read_array (r, read_tombstone, NULL);
}

static gboolean
read_suspended_id (Reader      *r,
                   KtJsonToken  token,
                   gpointer     data)
{
  const char *text;
  gsize length;

  if (token != KT_JSON_STRING)
    return wrong_value (r, token, _("must be a non-empty string"));

  text = kt_json_reader_get_string (r->json, &length);
  if (length == 0)
    return invalid (r, _("must be a non-empty string"));
  if (strlen (text) != length)
    return invalid (r, _("must not hold the character U+0000 (\\u0000)"));
  if (r->import->suspended->len >= KT_PROGRESS_JSON_MAX_CARDS)
    {
      g_set_error (r->error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
                   _("The file holds more than %u cards, more than Kartoteka keeps"),
                   KT_PROGRESS_JSON_MAX_CARDS);
      return FALSE;
    }
  g_ptr_array_add (r->import->suspended, g_ref_string_new_len (text, length));

  return TRUE;
}

static gboolean
read_suspended (Reader *r)
{
  return read_array (r, read_suspended_id, NULL);
}

static gboolean
read_file_machine (Reader *r)
{
  return read_machine (r, &r->import->machine);
}

static gboolean
read_host (Reader *r)
{
  return read_text (r, TEXT_ANY, &r->import->host);
}

/* In the order their absence is told; the last four are optional, as
 * files of older versions lack them. */
static const char * const root_members[] = {
  "format", "version", "exported", "application", "scheduler", "summary", "topics", "orphans",
  "tombstones", "suspended", "machine", "host",
};
static const ReadValue root_readers[] = {
  read_format, read_version, read_exported, read_application, read_scheduler, read_summary,
  read_topics, read_orphans, read_tombstones, read_suspended, read_file_machine, read_host,
};

#define N_OPTIONAL_ROOT_MEMBERS 4

/* After an error, what the file is tells more than what is wrong in it:
 * the rest of the root object is searched for a "format" or "version"
 * not read yet, and a wrong one replaces the error. */
static void
find_identity (Reader *r)
{
  g_autoptr(GError) first = g_steal_pointer (r->error);
  gboolean ended = FALSE;

  while (kt_json_reader_get_depth (r->json) > 1)
    if (next (r) == KT_JSON_ERROR)
      break;

  while (*r->error == NULL && kt_json_reader_get_depth (r->json) == 1)
    {
      const char *name;

      if (next (r) != KT_JSON_MEMBER)
        {
          ended = *r->error == NULL;
          break;
        }
      name = kt_json_reader_get_string (r->json, NULL);
      if (!r->has_format && g_str_equal (name, "format"))
        read_format (r);
      else if (!r->has_version && g_str_equal (name, "version"))
        read_version (r);
      else
        skip_value (r);
    }

  /* A document that ends without its "format" is not a progress file. */
  if (ended && !r->has_format)
    set_not_progress (r);
  if (*r->error == NULL || (*r->error)->domain != KT_PROGRESS_JSON_ERROR ||
      ((*r->error)->code != KT_PROGRESS_JSON_ERROR_FORMAT &&
       (*r->error)->code != KT_PROGRESS_JSON_ERROR_VERSION))
    {
      g_clear_error (r->error);
      g_propagate_error (r->error, g_steal_pointer (&first));
    }
}

static gboolean
read_root (Reader *r)
{
  KtJsonToken token = next (r);
  guint seen;

  if (token == KT_JSON_ERROR)
    return FALSE;
  if (token != KT_JSON_BEGIN_OBJECT)
    return set_not_progress (r);

  if (!read_members (r, root_members, G_N_ELEMENTS (root_members), read_value_member,
                     (gpointer) root_readers, &seen))
    {
      /* Not after an error of the JSON itself, where reading stops. */
      if ((!r->has_format || !r->has_version) && (*r->error)->domain == KT_PROGRESS_JSON_ERROR)
        find_identity (r);
      return FALSE;
    }

  if (!r->has_format)
    return set_not_progress (r);

  return check_members (r, root_members, G_N_ELEMENTS (root_members),
                        (1u << (G_N_ELEMENTS (root_members) - N_OPTIONAL_ROOT_MEMBERS)) - 1, seen) &&
         next (r) == KT_JSON_END;
}

static void
import_card_clear (gpointer data)
{
  ImportCard *card = data;

  g_ref_string_release (card->card_id);
}

static void
log_entry_clear (gpointer data)
{
  KtReviewLogEntry *entry = data;

  g_ref_string_release (entry->card_id);
}

/* The reader's own errors, in the words of a progress file. */
static void
set_json_error (GError **error,
                GError  *json_error)
{
  switch (json_error->code)
    {
    case KT_JSON_READER_ERROR_EMPTY:
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT,
                   _("This is not a Kartoteka progress file: it is empty"));
      break;
    case KT_JSON_READER_ERROR_DEPTH:
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_FORMAT,
                   _("This is not a Kartoteka progress file: it nests more than %d levels deep"),
                   KT_PROGRESS_JSON_MAX_DEPTH);
      break;
    case KT_JSON_READER_ERROR_TOO_LONG:
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_TOO_BIG,
                   _("The file is too big to be a progress file: %s"), json_error->message);
      break;
    case KT_JSON_READER_ERROR_SYNTAX:
    default:
      g_set_error (error, KT_PROGRESS_JSON_ERROR, KT_PROGRESS_JSON_ERROR_NOT_JSON,
                   _("The file is not valid JSON: %s"), json_error->message);
      break;
    }
}

static KtProgressImport *
read_document (KtJsonReader  *json,
               GError       **error)
{
  g_autoptr(KtProgressImport) import = g_new0 (KtProgressImport, 1);
  g_autoptr(GHashTable) card_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  Reader reader = {
    .json = json,
    .path = path,
    .card_ids = card_ids,
    .import = import,
    .latest_us = g_get_real_time () + KT_PROGRESS_JSON_FUTURE_SLACK_US,
    .error = &local_error,
  };

  import->cards = g_array_new (FALSE, FALSE, sizeof (ImportCard));
  g_array_set_clear_func (import->cards, import_card_clear);
  import->log = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));
  import->tombstones = g_array_new (FALSE, FALSE, sizeof (KtAnswerId));
  import->suspended = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  g_array_set_clear_func (import->log, log_entry_clear);

  if (read_root (&reader))
    return g_steal_pointer (&import);

  if (local_error->domain == KT_JSON_READER_ERROR)
    set_json_error (error, local_error);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * kt_progress_json_read_data:
 * @data: (array length=length): the text of a progress file
 *
 * Validates @data completely; see kt_progress_json_read().
 *
 * Returns: (transfer full): the import, or %NULL with @error set in the
 *   #KT_PROGRESS_JSON_ERROR domain
 */
KtProgressImport *
kt_progress_json_read_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(KtJsonReader) json = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json = kt_json_reader_new_for_data (data, length, KT_PROGRESS_JSON_MAX_DEPTH);
  return read_document (json, error);
}

/**
 * kt_progress_json_read:
 * @cancellable: (nullable): to stop reading
 *
 * Reads and validates a progress file completely: it must be strict JSON
 * and every member of the format must be there with a value of the right
 * type and range, or the error says which one is not, as in
 * "topics[0].cards[3].stability: must be null or a number of at least
 * 0.001". The file is read as a stream, so its size does not matter;
 * more than %KT_PROGRESS_JSON_MAX_CARDS cards or
 * %KT_PROGRESS_JSON_MAX_ANSWERS answers are refused. Safe to call on a
 * worker thread.
 *
 * Returns: (transfer full): the import, or %NULL with @error set (in the
 *   #G_IO_ERROR domain when the file cannot be read)
 */
KtProgressImport *
kt_progress_json_read (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(KtJsonReader) json = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A FIFO would block the read until someone writes to it. */
  if (!kt_file_check_regular (file, cancellable, error))
    return NULL;
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  json = kt_json_reader_new_for_stream (G_INPUT_STREAM (stream), cancellable,
                                        KT_PROGRESS_JSON_MAX_DEPTH);
  return read_document (json, error);
}

/* ---- merge ------------------------------------------------------------- */

/* When each card was last answered here, for the merge: the review log
 * has the last word, not the record's last_review, and a time more than
 * a day in the future counts for nothing (a file imported before such
 * times were refused may have left one, which would win every merge). */
typedef struct
{
  GHashTable *index;  /* card id → 1 + index in times */
  GArray     *times;  /* gint64 */
  gint64      latest_us;
} Answered;

static void
answered_init (Answered   *answered,
               KtProgress *progress)
{
  guint n_log = kt_progress_get_n_log_entries (progress);

  answered->index = g_hash_table_new (g_str_hash, g_str_equal);
  answered->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  answered->latest_us = g_get_real_time () + KT_PROGRESS_JSON_FUTURE_SLACK_US;

  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (answered->index, entry->card_id));

      if (entry->time_us > answered->latest_us)
        continue;
      if (slot == 0)
        {
          g_array_append_val (answered->times, entry->time_us);
          g_hash_table_insert (answered->index, entry->card_id,
                               GUINT_TO_POINTER (answered->times->len));
        }
      else
        g_array_index (answered->times, gint64, slot - 1) =
          MAX (g_array_index (answered->times, gint64, slot - 1), entry->time_us);
    }
}

static void
answered_clear (Answered *answered)
{
  g_hash_table_unref (answered->index);
  g_array_unref (answered->times);
}

static gint64
answered_last (Answered               *answered,
               const char             *card_id,
               const KtProgressRecord *record)
{
  guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (answered->index, card_id));

  if (slot > 0)
    return g_array_index (answered->times, gint64, slot - 1);
  if (record->fsrs.last_review_us > answered->latest_us)
    return 0;

  return record->fsrs.last_review_us;
}

/* For a card the file has no answer with an id for: the newer last
 * answer wins; on a tie what is there stays. */
static Change
plan_card (const ImportCard *card,
           KtProgress       *progress,
           Answered         *answered)
{
  const KtProgressRecord *current;

  if (!card->has_record)
    return CHANGE_NONE;

  current = kt_progress_lookup (progress, card->card_id);
  if (current == NULL)
    return CHANGE_ADD;

  return card->answered_us > answered_last (answered, card->card_id, current)
         ? CHANGE_UPDATE : CHANGE_NONE;
}

/* What an import does, worked out without changing anything, so that
 * kt_progress_import_plan() says what kt_progress_import_apply() does. */
typedef struct
{
  KtProgressImportPlan counts;
  GPtrArray *ids;           /* cards whose record the file's replaces (newer wins) */
  GArray    *records;       /* KtProgressRecord, theirs */
  GArray    *unidentified;  /* KtReviewLogEntry: answers without an id, new here */
  gboolean   merges;        /* whether the file has answers or tombstones new here */
} Plan;

static KtAnswerId
answer_id (const KtReviewLogEntry *entry)
{
  return (KtAnswerId) { entry->machine, entry->time_us, entry->seq };
}

/* A card whose answers the merge changes: how many it keeps here */
typedef struct
{
  guint n_kept;
  guint n_new;
} Touched;

static Touched *
touch (GHashTable *touched,
       const char *card_id)
{
  Touched *card = g_hash_table_lookup (touched, card_id);

  if (card == NULL)
    {
      card = g_new0 (Touched, 1);
      g_hash_table_insert (touched, (gpointer) card_id, card);
    }

  return card;
}

/* Works out what merging @import into @progress does: the answers by id
 * (kt_progress_merge()), replaying the cards whose answers change, and
 * the records of the other cards of the file, newer winning. */
static void
plan_init (Plan             *plan,
           KtProgressImport *import,
           KtProgress       *progress)
{
  guint n_log = kt_progress_get_n_log_entries (progress);
  /* The ids of the log and then of the file, in one array sized at once:
   * the hash tables point into it */
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (KtAnswerId),
                                             n_log + import->log->len);
  g_autoptr(GHashTable) logged = g_hash_table_new (kt_progress_answer_id_hash,
                                                   kt_progress_answer_id_equal);
  g_autoptr(GHashTable) logged_times = NULL;
  g_autoptr(GHashTable) undone = g_hash_table_new (kt_progress_answer_id_hash,
                                                   kt_progress_answer_id_equal);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) identified = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  Answered answered;

  *plan = (Plan) { { 0 } };
  plan->ids = g_ptr_array_new ();
  plan->records = g_array_new (FALSE, FALSE, sizeof (KtProgressRecord));
  plan->unidentified = g_array_new (FALSE, FALSE, sizeof (KtReviewLogEntry));

  for (guint i = 0; i < n_log; i++)
    {
      KtAnswerId id = answer_id (kt_progress_get_log_entry (progress, i));

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < import->log->len; i++)
    {
      KtAnswerId id = answer_id (&g_array_index (import->log, KtReviewLogEntry, i));

      g_array_append_val (ids, id);
    }

  /* The file's tombstones that are new here */
  for (guint i = 0; i < import->tombstones->len; i++)
    {
      const KtAnswerId *id = &g_array_index (import->tombstones, KtAnswerId, i);

      if (id->machine > 0 && !kt_progress_is_tombstone (progress, id))
        g_hash_table_add (undone, (gpointer) id);
    }

  /* The answers here, and those the tombstones take away */
  for (guint i = 0; i < n_log; i++)
    {
      const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
      KtAnswerId *id = &g_array_index (ids, KtAnswerId, i);

      g_hash_table_add (logged, id);
      if (g_hash_table_contains (undone, id))
        {
          plan->counts.n_undone++;
          touch (touched, entry->card_id);
        }
    }

  /* The file's answers that are new here: by id, or by card and time for
   * those without one (from versions before ids) */
  for (guint i = 0; i < import->log->len; i++)
    {
      KtReviewLogEntry *entry = &g_array_index (import->log, KtReviewLogEntry, i);
      KtAnswerId *id = &g_array_index (ids, KtAnswerId, n_log + i);

      if (entry->machine == 0)
        {
          /* Only old files have them: the log here is hashed once */
          if (logged_times == NULL)
            {
              logged_times = g_hash_table_new (kt_progress_card_time_hash,
                                               kt_progress_card_time_equal);
              for (guint j = 0; j < n_log; j++)
                g_hash_table_add (logged_times, (gpointer) kt_progress_get_log_entry (progress, j));
            }
          if (g_hash_table_add (logged_times, entry))
            {
              g_array_append_val (plan->unidentified, *entry);
              plan->counts.n_answers++;
            }
          continue;
        }

      g_hash_table_add (identified, entry->card_id);
      if (g_hash_table_contains (undone, id) || kt_progress_is_tombstone (progress, id) ||
          !g_hash_table_add (logged, id))
        continue;
      plan->counts.n_answers++;
      touch (touched, entry->card_id)->n_new++;
    }

  plan->merges = g_hash_table_size (undone) > 0 || g_hash_table_size (touched) > 0;

  /* What the touched cards keep here */
  if (g_hash_table_size (touched) > 0)
    for (guint i = 0; i < n_log; i++)
      {
        const KtReviewLogEntry *entry = kt_progress_get_log_entry (progress, i);
        Touched *card = g_hash_table_lookup (touched, entry->card_id);

        if (card != NULL && !g_hash_table_contains (undone, &g_array_index (ids, KtAnswerId, i)))
          card->n_kept++;
      }

  /* Touched cards are replayed from their answers: updated when they had
   * a record, added when they get their first */
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Touched *card = value;

      if (kt_progress_lookup (progress, key) != NULL)
        plan->counts.n_updated++;
      else if (card->n_kept + card->n_new > 0)
        plan->counts.n_added++;
    }

  /* The file's other cards cannot be replayed from it: newer wins */
  answered_init (&answered, progress);
  for (guint i = 0; i < import->cards->len; i++)
    {
      const ImportCard *card = &g_array_index (import->cards, ImportCard, i);
      Change change;

      if (g_hash_table_contains (touched, card->card_id))
        continue;
      change = g_hash_table_contains (identified, card->card_id)
               ? CHANGE_NONE : plan_card (card, progress, &answered);
      if (change == CHANGE_NONE)
        {
          plan->counts.n_skipped++;
          continue;
        }
      if (change == CHANGE_ADD)
        plan->counts.n_added++;
      else
        plan->counts.n_updated++;
      g_ptr_array_add (plan->ids, card->card_id);
      g_array_append_val (plan->records, card->record);
    }
  answered_clear (&answered);
}

static void
plan_clear (Plan *plan)
{
  g_ptr_array_unref (plan->ids);
  g_array_unref (plan->records);
  g_array_unref (plan->unidentified);
}

/**
 * kt_progress_import_plan:
 * @plan: (out): what an import would do
 *
 * Says what kt_progress_import_apply() would do, without doing it. Every
 * card of the file is counted once, whether it is loaded now or not, as
 * updated, added or skipped; so is a card not in the file whose answers
 * its tombstones take away.
 */
void
kt_progress_import_plan (KtProgressImport     *import,
                         KtProgress           *progress,
                         KtProgressImportPlan *plan)
{
  Plan worked_out;

  g_return_if_fail (import != NULL);
  g_return_if_fail (KT_IS_PROGRESS (progress));
  g_return_if_fail (plan != NULL);

  plan_init (&worked_out, import, progress);
  *plan = worked_out.counts;
  plan_clear (&worked_out);
}

/**
 * kt_progress_import_apply:
 * @plan: (out) (optional): what it did, as kt_progress_import_plan()
 *   says it beforehand
 *
 * Merges @import into @progress as kt_progress_import_plan() describes.
 * The answers of the file are merged with those here by answer id, less
 * every answer undone here or in the file (kt_progress_merge(), as the
 * sync folder does), and every card whose answers change is computed
 * again from all of them: no answer given on either side is lost, and
 * importing the same file again changes nothing. A card the file has
 * no answer with an id for (a file of a version before ids, or one whose
 * answers were left out) cannot be computed so: its record in the file
 * replaces the one here when it was answered later there, and its
 * answers without ids are logged with ids of this machine. The cards the
 * file lists as suspended are suspended (it never unsuspends one). Cards
 * that are not loaded keep their progress all the same, as orphans.
 * Saving follows the usual delay of @progress; call kt_progress_flush()
 * to write at once.
 */
void
kt_progress_import_apply (KtProgressImport     *import,
                          KtProgress           *progress,
                          KtProgressImportPlan *done)
{
  Plan plan;

  g_return_if_fail (import != NULL);
  g_return_if_fail (KT_IS_PROGRESS (progress));

  plan_init (&plan, import, progress);
  if (done != NULL)
    *done = plan.counts;
  kt_progress_set_records (progress, (const char * const *) plan.ids->pdata,
                           (const KtProgressRecord *) plan.records->data, plan.ids->len);
  /* Before the merge, which replays the cards it touches with them */
  kt_progress_add_log_entries (progress, (const KtReviewLogEntry *) plan.unidentified->data,
                               plan.unidentified->len);
  /* Which hashes the whole log again: not for a file imported already */
  if (plan.merges)
    kt_progress_import_merge_log (import, progress, NULL);
  kt_progress_set_suspended (progress, (const char * const *) import->suspended->pdata,
                             import->suspended->len, TRUE);
  plan_clear (&plan);
}

/**
 * kt_progress_import_get_n_suspended:
 *
 * Returns: how many cards the file lists as suspended
 */
guint
kt_progress_import_get_n_suspended (KtProgressImport *import)
{
  g_return_val_if_fail (import != NULL, 0);

  return import->suspended->len;
}

/**
 * kt_progress_import_merge_log:
 * @n_removed: (out) (optional): answers the file's tombstones took away
 *
 * Merges the answers and tombstones of @import into @progress by answer
 * id (kt_progress_merge()), as the sync folder does: records are
 * computed from the answers, never taken from the file. Answers without
 * an id, which only files of older versions have, are left out.
 *
 * Returns: how many answers were added
 */
guint
kt_progress_import_merge_log (KtProgressImport *import,
                              KtProgress       *progress,
                              guint            *n_removed)
{
  g_autoptr(GArray) answers = NULL;

  g_return_val_if_fail (import != NULL, 0);
  g_return_val_if_fail (KT_IS_PROGRESS (progress), 0);

  answers = g_array_sized_new (FALSE, FALSE, sizeof (KtReviewLogEntry), import->log->len);
  for (guint i = 0; i < import->log->len; i++)
    {
      const KtReviewLogEntry *entry = &g_array_index (import->log, KtReviewLogEntry, i);

      if (entry->machine != 0)
        g_array_append_val (answers, *entry);
    }

  return kt_progress_merge (progress, (const KtReviewLogEntry *) answers->data, answers->len,
                            (const KtAnswerId *) import->tombstones->data,
                            import->tombstones->len, n_removed);
}

/**
 * kt_progress_import_get_machine:
 *
 * Returns: the id of the machine that wrote the file, or 0 when it does
 *   not say
 */
gint64
kt_progress_import_get_machine (KtProgressImport *import)
{
  g_return_val_if_fail (import != NULL, 0);

  return import->machine;
}

/**
 * kt_progress_import_get_host:
 *
 * Returns: (nullable): the host name of the machine that wrote the file
 */
const char *
kt_progress_import_get_host (KtProgressImport *import)
{
  g_return_val_if_fail (import != NULL, NULL);

  return import->host;
}

/**
 * kt_progress_import_describe:
 *
 * Returns: (transfer full): @plan in words, as in "3 cards updated,
 *   2 added, 0 skipped; 12 new answers", and "; 1 answer undone" after
 *   it when the file's tombstones take answers away
 */
char *
kt_progress_import_describe (const KtProgressImportPlan *plan)
{
  g_autofree char *updated = NULL;
  g_autofree char *added = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *cards = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  /* Translators: the first part of "3 cards updated, 2 added, 0 skipped":
   * cards whose progress an import changes. */
  updated = g_strdup_printf (ngettext ("%u card updated", "%u cards updated", plan->n_updated),
                             plan->n_updated);
  /* Translators: the second part of "3 cards updated, 2 added, 0 skipped":
   * cards that had no progress before the import. */
  added = g_strdup_printf (ngettext ("%u added", "%u added", plan->n_added), plan->n_added);
  /* Translators: the last part of "3 cards updated, 2 added, 0 skipped":
   * cards left as they were. */
  skipped = g_strdup_printf (ngettext ("%u skipped", "%u skipped", plan->n_skipped),
                             plan->n_skipped);
  /* Translators: "3 cards updated, 2 added, 0 skipped", from the parts above. */
  cards = g_strdup_printf (_("%s, %s, %s"), updated, added, skipped);
  /* Translators: after "3 cards updated, 2 added, 0 skipped; ": answers
   * in an imported file that were not here yet. */
  answers = g_strdup_printf (ngettext ("%u new answer", "%u new answers", plan->n_answers),
                             plan->n_answers);
  if (plan->n_undone == 0)
    /* Translators: "3 cards updated, 2 added, 0 skipped; 12 new answers",
     * from the parts above. */
    return g_strdup_printf (_("%s; %s"), cards, answers);

  /* Translators: after "…; 12 new answers; ": answers here that were
   * undone on the machine that wrote the imported file. */
  undone = g_strdup_printf (ngettext ("%u answer undone", "%u answers undone", plan->n_undone),
                            plan->n_undone);
  /* Translators: "3 cards updated, 2 added, 0 skipped; 12 new answers;
   * 1 answer undone", from the parts above. */
  return g_strdup_printf (_("%s; %s; %s"), cards, answers, undone);
}

void
kt_progress_import_free (KtProgressImport *import)
{
  if (import == NULL)
    return;

  g_array_unref (import->cards);
  g_array_unref (import->log);
  g_array_unref (import->tombstones);
  g_ptr_array_unref (import->suspended);
  g_clear_pointer (&import->host, g_ref_string_release);
  g_free (import);
}
