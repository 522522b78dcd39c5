#!/usr/bin/env bash
# Installs the .deb in a fresh Debian 12 root (debootstrap minbase: nothing but the base
# system) the way a user would — apt resolves its dependencies from Debian — then runs
# `syncline --version`, `syncline help`, finds the man page, and starts the window headless
# on a small repository for a few seconds. Needs root, debootstrap and Debian's mirror.
#   scripts/package-check.sh [--deb FILE] [--root DIR]   (default: build the package; a new root)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deb="" root=""
while [ $# -gt 0 ]; do
  case $1 in
    --deb) deb=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    *) sed -n '2,7p' "$0"; exit 2 ;;
  esac
done
if [ -z "$deb" ]; then
  cmake --build "$here/build" --target package >/dev/null
  deb=$(ls "$here"/build/syncline_*_amd64.deb | head -1)
fi
[ -n "$root" ] || root=$(mktemp -d /tmp/syncline-package-root.XXXXXX)
if [ ! -x "$root/bin/bash" ]; then
  command -v debootstrap >/dev/null || { echo "package-check: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  echo "package-check: a fresh Debian 12 root in $root"
  debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >"$root.log" 2>&1 ||
    { tail -5 "$root.log"; exit 1; }
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
fi
cp "$deb" "$root/tmp/"
for m in proc sys dev dev/pts; do mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"; done
trap 'for m in dev/pts dev sys proc; do umount "$root/$m" 2>/dev/null || true; done' EXIT
chroot "$root" bash -euo pipefail -c "
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb") git man-db >/dev/null
  echo '--- syncline --version'; syncline --version
  echo '--- syncline help (first lines)'; syncline help | head -3
  echo '--- man page'; man -w syncline
  echo '--- desktop file and icons'; ls /usr/share/applications/io.syncline.Syncline.desktop /usr/share/icons/hicolor/*/apps/io.syncline.Syncline.*
  rm -rf /tmp/repo && git init -q /tmp/repo && cd /tmp/repo
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' > a.yaml
  git add a.yaml && git -c user.email=a@b -c user.name=a commit -qm first
  echo '--- syncline history, and status (run by syncline-connected beside it)'
  syncline history --repo /tmp/repo --limit 1
  ls /usr/bin/syncline-connected && syncline status --repo /tmp/repo
  echo '--- the window, headless, for 8 s'
  set +e
  HOME=/tmp QT_QPA_PLATFORM=offscreen timeout 8 syncline-window /tmp/repo >/tmp/window.log 2>&1; rc=\$?
  set -e
  grep -v 'propagateSizeHints' /tmp/window.log | head -5 || true
  if [ \$rc -eq 124 ]; then echo 'window: started and was still running after 8 s'; else echo \"window: exited with \$rc\"; exit 1; fi
"
echo "package-check: $(basename "$deb") installs and runs in a fresh Debian 12 root"
