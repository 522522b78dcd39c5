#!/usr/bin/env bash
# Installs what is missing, builds Syncline and runs the whole test suite, then lists every
# test that was skipped and why. A skip for want of something the set-up installs (gpg,
# sshd, helm when Go is there) fails the run unless SYNCLINE_ALLOW_SKIPS=1. Then every fuzz
# target runs briefly (scripts/fuzz.sh, SYNCLINE_FUZZ_SECONDS each, default 20; 0 skips it;
# skipped too when ctest is given arguments): a finding fails the run.
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
fuzz_seconds="${SYNCLINE_FUZZ_SECONDS:-20}"
if [ $# -gt 0 ] || [ "$fuzz_seconds" = 0 ]; then
  echo "fuzzing: skipped (ctest arguments given, or SYNCLINE_FUZZ_SECONDS=0)"
elif ! command -v clang++-14 >/dev/null; then
  echo "fuzzing: SKIPPED, clang++-14 is not installed (bash scripts/setup-deps.sh --with-tests installs it)"
else
  fuzz_started=$SECONDS
  bash "$root/scripts/fuzz.sh" --seconds "$fuzz_seconds" || status=1
  echo "fuzzing: build and runs took $((SECONDS - fuzz_started)) s"
fi
exit "$status"
