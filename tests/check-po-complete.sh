#!/usr/bin/env bash
# Every string in the sources must be translated in every po file, and none
# may be fuzzy: extract a fresh template the way the i18n target does and
# merge each catalogue against it without touching the source tree.
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
xgettext --package-name=kartoteka -f <(grep -v '^#' po/POTFILES.in | sed '/^$/d') \
  -o "$tmp/kartoteka.pot" --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format
fail=0
for lang in $(cat po/LINGUAS); do
  msgmerge -q --no-fuzzy-matching "po/$lang.po" "$tmp/kartoteka.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt -c --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in *untranslated*|*fuzzy*) fail=1 ;; esac
  if [ "$fail" -ne 0 ]; then
    msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | head -40 || true
    msgattrib --untranslated "$tmp/$lang.po" | grep '^msgid' | head -40
  fi
done
exit $fail
