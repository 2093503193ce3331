/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The few protobuf fields Anki packages need read. See kt-anki-proto.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_PROTO_VARINT = 0,
  KT_PROTO_FIXED64 = 1,
  KT_PROTO_BYTES = 2,
  KT_PROTO_FIXED32 = 5,
} KtProtoWire;

typedef struct {
  const guint8 *p;
  const guint8 *end;
  gboolean      broken;   /* stopped on bytes that are not protobuf */
} KtProtoReader;

typedef struct {
  guint32       number;   /* the field number */
  KtProtoWire   wire;
  guint64       value;    /* varint and fixed fields */
  const guint8 *data;     /* length-delimited fields: bytes, strings, messages */
  gsize         len;
} KtProtoField;

void     kt_proto_reader_init (KtProtoReader *reader,
                               const void    *data,
                               gsize          len);
gboolean kt_proto_next        (KtProtoReader *reader,
                               KtProtoField  *field);
char    *kt_proto_dup_string  (const KtProtoField *field);

G_END_DECLS
