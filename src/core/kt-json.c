/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What json-glib leaves to its callers.
 */
#include "config.h"

#include "kt-json.h"

/* json-glib (1.6) parses recursively, without a limit: a file of a
 * million '[' overflows the stack, so callers check the depth first.
 * Strings, single-quoted strings and comments (json-glib accepts those)
 * are skipped: a bracket or a quote in one must not count. */
gboolean
kt_json_nests_deeper_than (const char *data,
                           gsize       length,
                           guint       max_depth)
{
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      switch (data[i])
        {
        case '"':
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          break;

        case '\'':
          for (i++; i < length && data[i] != '\''; i++)
            ;
          break;

        case '/':
          if (i + 1 < length && data[i + 1] == '*')
            for (i += 2; i + 1 < length && !(data[i] == '*' && data[i + 1] == '/'); i++)
              ;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return TRUE;
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }

  return FALSE;
}
