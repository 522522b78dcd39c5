#!/usr/bin/env bash
# Builds the core, devcluster and model tests with a sanitizer (gcc) in their own build
# folder and runs them with ctest. Too slow for .ci/run on two cores; run it by hand or
# nightly (docs/testing.md).
#
#   bash scripts/sanitize.sh address [test...]   ASan + UBSan (build-asan), UB stops the test
#   bash scripts/sanitize.sh thread  [test...]   TSan (build-tsan)
#
# Without test names: every test whose source is under tests/core, tests/devcluster or
# tests/models. Suppressions (Qt and system-library internals only, each with its reason)
# are in scripts/sanitizers/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kind="${1:-}"
case "$kind" in
  address) build="${SYNCLINE_ASAN_BUILD_DIR:-$root/build-asan}" ;;
  thread) build="${SYNCLINE_TSAN_BUILD_DIR:-$root/build-tsan}" ;;
  *) echo "usage: $0 address|thread [test...]" >&2; exit 2 ;;
esac
shift
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  mapfile -t tests < <(tr '\n' ' ' <"$root/tests/CMakeLists.txt" |
    grep -oE 'syncline_add_test\(tst_[a-z0-9_]+ +SOURCES +(core|devcluster|models)/' | sed -E 's/^syncline_add_test\(([a-z0-9_]+) .*/\1/')
fi

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # No -Werror: the sanitizers make gcc warn about code it otherwise proves fine. -O1 and
  # line tables only: reports need file:line, and the build is much faster on two cores.
  cmake -S "$root" -B "$build" -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
    -DSYNCLINE_SANITIZE="$kind" -DSYNCLINE_BUILD_BENCH=OFF >/dev/null
fi
started=$SECONDS
nice cmake --build "$build" --parallel "$(nproc)" --target "${tests[@]}"
echo "sanitize: built ${#tests[@]} test(s) in $((SECONDS - started)) s"

supp="$root/scripts/sanitizers"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$supp/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# die_after_fork=0: the tests start git, kubectl and servers with QProcess while other threads
# run; the child execs at once, so the deadlock TSan guards against cannot happen there.
export TSAN_OPTIONS="${TSAN_OPTIONS:-suppressions=$supp/tsan.supp:halt_on_error=0:exitcode=66:second_deadlock_stack=1:die_after_fork=0}"
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
started=$SECONDS
status=0
# One test at a time: the sanitizers multiply memory and time, and the machine has two cores.
ctest --test-dir "$build" --output-on-failure --timeout 1200 -R "$regex" || status=$?
echo "sanitize ($kind): ran in $((SECONDS - started)) s"
exit "$status"
