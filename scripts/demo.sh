#!/usr/bin/env bash
# Installs what is missing, builds Syncline and opens it on the demo workspace.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup-deps.sh"
bash "$root/scripts/build.sh"
build="${SYNCLINE_BUILD_DIR:-$root/build}"
exec "$build/bin/syncline" demo "$@"
