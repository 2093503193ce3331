# Sourced by build-aux/run and build-aux/test: installs the Debian packages
# named in "$@" that are missing, or says how to when we are not root.
kt_ensure_packages () {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    echo "Kartoteka needs these packages; install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

KT_BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libcmark-dev libyaml-dev libyajl-dev libxml2-dev libgtksourceview-5-dev nettle-dev gettext
  libarchive-dev libsqlite3-dev libzstd-dev
  desktop-file-utils appstream libx11-dev libxtst-dev
)
KT_TEST_PACKAGES=(
  xvfb xauth locales dbus dbus-x11 at-spi2-core
  python3 python3-dogtail python3-pyatspi gir1.2-atspi-2.0 python3-jsonschema
  fonts-cantarell adwaita-icon-theme xdotool
  imagemagick libgtk-4-bin
  sqlite3 zstd
)
