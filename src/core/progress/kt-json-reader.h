/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The longest string kept whole, decoded: longer is refused. */
#define KT_JSON_READER_MAX_STRING (512 * 1024 * 1024)

#define KT_JSON_READER_ERROR (kt_json_reader_error_quark ())

typedef enum
{
  KT_JSON_READER_ERROR_EMPTY,     /* nothing but white space */
  KT_JSON_READER_ERROR_SYNTAX,    /* not JSON as RFC 8259 defines it */
  KT_JSON_READER_ERROR_DEPTH,     /* nested deeper than allowed */
  KT_JSON_READER_ERROR_TOO_LONG,  /* a string or number beyond the limits */
} KtJsonReaderError;

typedef enum
{
  KT_JSON_BEGIN_OBJECT,
  KT_JSON_END_OBJECT,
  KT_JSON_BEGIN_ARRAY,
  KT_JSON_END_ARRAY,
  KT_JSON_MEMBER,   /* a member name: kt_json_reader_get_string() */
  KT_JSON_STRING,
  KT_JSON_NUMBER,
  KT_JSON_TRUE,
  KT_JSON_FALSE,
  KT_JSON_NULL,
  KT_JSON_END,      /* the document is over, and nothing but white space follows */
  KT_JSON_ERROR,
} KtJsonToken;

typedef struct _KtJsonReader KtJsonReader;

GQuark        kt_json_reader_error_quark      (void);

KtJsonReader *kt_json_reader_new_for_data     (const char    *data,
                                               gsize          length,
                                               guint          max_depth);
KtJsonReader *kt_json_reader_new_for_stream   (GInputStream  *stream,
                                               GCancellable  *cancellable,
                                               guint          max_depth);
void          kt_json_reader_free             (KtJsonReader  *reader);

KtJsonToken   kt_json_reader_next             (KtJsonReader  *reader,
                                               GError       **error);
gboolean      kt_json_reader_skip             (KtJsonReader  *reader,
                                               KtJsonToken    token,
                                               GError       **error);

const char   *kt_json_reader_get_string       (KtJsonReader  *reader,
                                               gsize         *length);
const char   *kt_json_reader_get_number_text  (KtJsonReader  *reader);
double        kt_json_reader_get_double       (KtJsonReader  *reader);
gboolean      kt_json_reader_get_int64        (KtJsonReader  *reader,
                                               gint64        *value);
guint         kt_json_reader_get_depth        (KtJsonReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtJsonReader, kt_json_reader_free)

G_END_DECLS
