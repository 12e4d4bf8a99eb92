#!/usr/bin/env bash
# Install the Debian/Ubuntu packages KVP Desktop needs, if they are missing.
#   tools/system_deps.sh run    the system libraries PySide6's wheels load
#   tools/system_deps.sh test   also poppler-utils (PDF checks), Xvfb, PostgreSQL (shared-office suite)
# Installs with apt-get as root or through passwordless sudo; otherwise prints the command to run.
set -euo pipefail
profile="${1:-test}"

qt_libs="libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxrender1 libxi6"
test_tools="make poppler-utils xvfb xauth postgresql postgresql-contrib"
wanted="$qt_libs"
[ "$profile" = "test" ] && wanted="$qt_libs $test_tools"

command -v dpkg-query >/dev/null 2>&1 || { echo "Ikke Debian/Ubuntu: installer tilsvarende pakker selv."; exit 0; }
missing=""
for package in $wanted; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "Mangler systempakker:$missing"
    echo "Installer dem med: sudo apt-get install -y$missing"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing > /dev/null
