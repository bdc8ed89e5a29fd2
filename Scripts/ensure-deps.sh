#!/usr/bin/env bash
# Installs the system packages the build needs when they are missing (Debian/Ubuntu).
# Usage: Scripts/ensure-deps.sh [extra apt packages...]
set -euo pipefail
need=()
for pkg in libxml2-dev libzip-dev zlib1g-dev libsqlite3-dev pkg-config "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "roster: please install: ${need[*]} (no apt-get on this machine)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "roster: need root or sudo to install: ${need[*]}" >&2; exit 1; fi
fi
echo "roster: installing ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
