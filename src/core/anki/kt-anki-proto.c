/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A minimal protobuf reader: Anki keeps a few things we need in protobuf
 * (the package's "meta", the newer media map, a note type's kind and a
 * card template's two formats), and a packaged protobuf library would
 * need their .proto files compiled in for four fields. This walks the
 * wire format (https://protobuf.dev/programming-guides/encoding/): each
 * field is a varint key, field number << 3 | wire type, then a varint, 8
 * or 4 fixed bytes, or a varint length and that many bytes (strings,
 * bytes and nested messages alike). The caller picks the fields it knows
 * by number and skips the rest, which is what protobuf's own readers do
 * with unknown fields. Groups (wire types 3 and 4, long deprecated) and
 * anything running past the end stop the walk and mark it broken.
 */
#include "config.h"

#include "kt-anki-proto.h"

void
kt_proto_reader_init (KtProtoReader *reader,
                      const void    *data,
                      gsize          len)
{
  reader->p = data;
  reader->end = reader->p + len;
  reader->broken = FALSE;
}

static gboolean
read_varint (KtProtoReader *reader,
             guint64       *value)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (reader->p >= reader->end)
        return FALSE;
      byte = *reader->p++;
      v |= (guint64) (byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
read_fixed (KtProtoReader *reader,
            guint          size,
            guint64       *value)
{
  guint64 v = 0;

  if ((gsize) (reader->end - reader->p) < size)
    return FALSE;
  for (guint i = 0; i < size; i++)
    v |= (guint64) reader->p[i] << (8 * i);
  reader->p += size;
  *value = v;

  return TRUE;
}

/**
 * kt_proto_next:
 * @field: (out): the next field
 *
 * Reads the next field of the message. Its data points into the reader's
 * bytes; a nested message is read with a reader of its own over them.
 *
 * Returns: %FALSE at the end of the message, or when the bytes are not
 *   protobuf (then @reader->broken is set)
 */
gboolean
kt_proto_next (KtProtoReader *reader,
               KtProtoField  *field)
{
  guint64 key;
  guint64 len;
  gboolean ok = FALSE;

  if (reader->broken || reader->p >= reader->end)
    return FALSE;

  *field = (KtProtoField) { 0 };
  if (read_varint (reader, &key) && key >> 3 > 0 && key >> 3 <= G_MAXUINT32)
    {
      field->number = key >> 3;
      field->wire = key & 7;
      switch (key & 7)
        {
        case KT_PROTO_VARINT:
          ok = read_varint (reader, &field->value);
          break;
        case KT_PROTO_FIXED64:
          ok = read_fixed (reader, 8, &field->value);
          break;
        case KT_PROTO_FIXED32:
          ok = read_fixed (reader, 4, &field->value);
          break;
        case KT_PROTO_BYTES:
          ok = read_varint (reader, &len) && len <= (guint64) (reader->end - reader->p);
          if (ok)
            {
              field->data = reader->p;
              field->len = len;
              reader->p += len;
            }
          break;
        default:
          break;
        }
    }

  if (!ok)
    reader->broken = TRUE;
  return ok;
}

/**
 * kt_proto_dup_string:
 *
 * A length-delimited field as a string, its invalid UTF-8 replaced.
 *
 * Returns: (transfer full): the string ("" for other wire types)
 */
char *
kt_proto_dup_string (const KtProtoField *field)
{
  if (field->wire != KT_PROTO_BYTES)
    return g_strdup ("");

  return g_utf8_make_valid ((const char *) field->data, field->len);
}
