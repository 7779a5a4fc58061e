#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages the app needs are installed.
# Usage: scripts/system-deps.sh run|test
# Installs through apt when run as root or with password-less sudo; otherwise prints the command.
set -euo pipefail

RUNTIME="python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk nginx-light"
TEST="chromium poppler-utils libreoffice-calc"

wanted=$RUNTIME
[ "${1:-run}" = "test" ] && wanted="$RUNTIME $TEST"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: $wanted" >&2
  exit 0
fi

missing=""
for pkg in $wanted; do
  # python3-venv is only needed when the interpreter cannot make a venv by itself.
  if [ "$pkg" = python3-venv ] && python3 -c 'import ensurepip' 2>/dev/null; then continue; fi
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
  echo "system-deps: installing$missing"
  sh -c "$cmd"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "system-deps: installing$missing (sudo)"
  sudo sh -c "$cmd"
else
  echo "system-deps: these system packages are missing:$missing" >&2
  echo "Run this once, then run make again:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
