#!/usr/bin/env bash
# Installs what is missing, builds Syncline and runs the whole test suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup-deps.sh" --with-tests
bash "$root/scripts/build.sh"
build="${SYNCLINE_BUILD_DIR:-$root/build}"
exec bash "$root/tests/support/run-isolated.sh" ctest --test-dir "$build" --output-on-failure -j2 "$@"
