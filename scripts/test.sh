#!/usr/bin/env bash
# Installs what is missing, builds Syncline and runs the whole test suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup-deps.sh" --with-tests
bash "$root/scripts/build.sh"
build="${SYNCLINE_BUILD_DIR:-$root/build}"
# Each test isolates itself (tests/support/run-isolated.sh, registered in tests/CMakeLists.txt).
exec ctest --test-dir "$build" --output-on-failure -j2 "$@"
