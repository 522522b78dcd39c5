#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang++-14, ASan and UBSan in their own build
# folder and runs each for a while on a copy of its seed corpus (fuzz/corpus/<target>) and
# kept crashes (fuzz/regressions/<target>): the repository's corpus is never written.
#
#   bash scripts/fuzz.sh [--seconds N] [--build-only] [target...]   (default: 20 s, every target)
#
# A crash, leak, sanitizer report or a slow input (over 10 s) fails the run; the input is
# kept in <build>/fuzz-artifacts/<target>/ with the log. Fix the bug, then keep the input
# as fuzz/regressions/<target>/<name> (tests/core/tst_fuzzregressions.cpp replays it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SYNCLINE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
all=(yaml_parser kustomize strategic_merge json_patch kubeconfig kube_responses workspace_config http_request commit_graph raw_commit)
seconds=20
build_only=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [ -d "$root/fuzz/corpus/$t" ] || { echo "fuzz: no target '$t' (known: ${all[*]})" >&2; exit 2; }
done
command -v clang++-14 >/dev/null || { echo "fuzz: clang++-14 is not installed (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [ ! -f "$build/CMakeCache.txt" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # -O1 and line tables only: instrumented code compiles much faster, and fuzzing needs
  # coverage and stack traces rather than speed of each run.
  cmake -S "$root" -B "$build" -G Ninja "${launcher[@]}" -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
    -DSYNCLINE_FUZZ=ON -DSYNCLINE_BUILD_TESTS=OFF -DSYNCLINE_BUILD_BENCH=OFF >/dev/null
fi
started=$SECONDS
nice cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"
echo "fuzz: built ${#targets[@]} target(s) in $((SECONDS - started)) s"
[ "$build_only" -eq 0 ] || exit 0

# Leaks count; UBSan stops at the first report (the build has -fno-sanitize-recover).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
work=$(mktemp -d "${TMPDIR:-/tmp}/syncline-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=()
for t in "${targets[@]}"; do
  corpus="$work/$t"
  mkdir -p "$corpus" "$build/fuzz-artifacts/$t"
  cp -r "$root/fuzz/corpus/$t/." "$corpus/"
  if [ -d "$root/fuzz/regressions/$t" ]; then cp -r "$root/fuzz/regressions/$t/." "$corpus/"; fi
  log="$build/fuzz-artifacts/$t/fuzz.log"
  if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$t/" "$corpus" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $t: ok, $runs runs in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    failed+=("$t")
    echo "fuzz: $t: FAILED (log and input in $build/fuzz-artifacts/$t/)"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|terminate|abort' "$log" | head -n 12 | sed 's/^/    /'
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: every target ran ${seconds} s without a finding"
