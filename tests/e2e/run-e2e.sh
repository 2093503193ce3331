#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end test of the user's path on the INSTALLED app:
#
#   run-e2e.sh LANG BUILD_ROOT [SHOTS_DIR]      LANG is en or ru
#
# Installs BUILD_ROOT (already built) into a temporary directory with
# meson install --destdir, gives the app a fresh HOME and XDG dirs, and runs
# user_path.py in a private D-Bus session; user_path.py starts Xvfb and the
# accessibility bus, launches the app through its installed .desktop file
# and drives it over AT-SPI. Screenshots of each step (and the logs) are
# kept in SHOTS_DIR (default BUILD_ROOT/meson-logs/e2e-LANG) on failure,
# and on success too with KARTOTEKA_E2E_KEEP_SHOTS=1.
set -euo pipefail

lang=${1:?usage: run-e2e.sh en|ru BUILD_ROOT [SHOTS_DIR]}
build=$(cd "${2:?usage: run-e2e.sh en|ru BUILD_ROOT [SHOTS_DIR]}" && pwd)
shots=${3:-$build/meson-logs/e2e-$lang}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3   # Debian's, the one with python3-pyatspi

case "$lang" in
  en) locale=C.UTF-8 language= ;;
  ru) locale=ru_RU.UTF-8 language=ru ;;
  *) echo "unknown language $lang" >&2; exit 2 ;;
esac

for tool in Xvfb dbus-run-session gtk4-launch gdbus glib-compile-schemas import \
            /usr/libexec/at-spi-bus-launcher "$python"; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run build-aux/test to install it" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kartoteka-e2e-$lang.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Install. With DESTDIR set meson skips the post-install steps, so the
# schemas are compiled here (as a package's postinst would).
dest=$tmp/dest
meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log" >&2; echo "meson install failed; is $build built?" >&2; exit 1; }
read -r bindir datadir localedir < <(meson introspect --buildoptions "$build" | "$python" -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(*(os.path.join(o["prefix"], o[k]) for k in ("bindir", "datadir", "localedir")))')
glib-compile-schemas --strict "$dest$datadir/glib-2.0/schemas"
for f in "$dest$bindir/kartoteka" "$dest$datadir/applications/io.github.kartoteka.Kartoteka.desktop" \
         "$dest$localedir/ru/LC_MESSAGES/kartoteka.mo"; do
  [ -e "$f" ] || { echo "not installed: ${f#"$dest"}" >&2; exit 1; }
done

# A fresh user: nothing of the caller's session or settings leaks in.
mkdir -p "$tmp/home/.config" "$tmp/home/.local/share" "$tmp/home/.cache" \
         "$tmp/home/.local/state" "$tmp/runtime"
chmod 700 "$tmp/runtime"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS \
      GSETTINGS_BACKEND GSETTINGS_SCHEMA_DIR NO_AT_BRIDGE KARTOTEKA_LOCALEDIR \
      G_DEBUG G_ENABLE_DIAGNOSTIC MALLOC_CHECK_ MALLOC_PERTURB_ GIO_USE_VFS GTK_THEME GDK_BACKEND \
      XDG_SESSION_TYPE XDG_CURRENT_DESKTOP SESSION_MANAGER LC_ALL LC_MESSAGES LANG LANGUAGE
export HOME=$tmp/home
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share \
       XDG_CACHE_HOME=$HOME/.cache XDG_STATE_HOME=$HOME/.local/state \
       XDG_RUNTIME_DIR=$tmp/runtime
# The desktop file, the schema and the icons come from the prefix.
export XDG_DATA_DIRS=$dest$datadir:/usr/share
export XDG_CONFIG_DIRS=/etc/xdg
export PATH=$dest$bindir:/usr/bin:/bin
# The binary looks for its catalogues under the real prefix, not DESTDIR.
export KARTOTEKA_LOCALEDIR=$dest$localedir
export GTK_A11Y=atspi
export GSK_RENDERER=cairo        # no GPU under Xvfb
export LC_ALL=$locale
[ -z "$language" ] || export LANGUAGE=$language

status=0
dbus-run-session -- "$python" "$here/user_path.py" --lang "$lang" \
  --workdir "$tmp" --shots "$shots" || status=$?

# What the app printed (warnings, criticals) is worth seeing either way.
if [ -s "$tmp/app.log" ]; then
  echo "--- the app's output:"
  cat "$tmp/app.log"
fi
if [ "$status" -ne 0 ]; then
  mkdir -p "$shots"
  cp "$tmp"/*.log "$tmp"/a11y-tree.txt "$shots"/ 2>/dev/null || true
  echo "logs and screenshots: $shots"
fi
exit "$status"
