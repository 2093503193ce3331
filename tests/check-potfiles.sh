#!/usr/bin/env bash
# POTFILES.in must be sorted and list every file holding translatable text.
set -eu
top=$1
cd "$top"
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
fail=0
if [ "$listed" != "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "po/POTFILES.in is not sorted"; fail=1
fi
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; fail=1; }
done <<< "$listed"
found=$( { grep -lE '\b(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(' -r src --include='*.c' || true
           grep -l 'translatable="yes"' -r resources --include='*.ui' || true
           ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml; } | LC_ALL=C sort -u)
while read -r f; do
  [ -n "$f" ] || continue
  grep -qxF "$f" <<< "$listed" || { echo "po/POTFILES.in misses $f"; fail=1; }
done <<< "$found"
[ $fail -eq 0 ] && echo "ok"
exit $fail
