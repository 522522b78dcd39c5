#!/usr/bin/env bash
# Installs what is missing, builds Syncline and runs the whole test suite, then lists every
# test that was skipped and why. A skip for want of something the set-up installs (gpg,
# sshd, helm when Go is there) fails the run unless SYNCLINE_ALLOW_SKIPS=1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup-deps.sh" --with-tests
bash "$root/scripts/build.sh"
build="${SYNCLINE_BUILD_DIR:-$root/build}"
export SYNCLINE_SKIP_LOG="$build/skipped-tests.log"
: >"$SYNCLINE_SKIP_LOG"
# Each test isolates itself (tests/support/run-isolated.sh, registered in tests/CMakeLists.txt).
status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=$?
if ! bash "$root/scripts/report-skips.sh" "$SYNCLINE_SKIP_LOG" && [ "$status" -eq 0 ]; then status=1; fi
exit "$status"
