#!/usr/bin/env bash
# Builds and runs every benchmark and writes docs/benchmarks.md: the machine, the commit,
# and each program's figures next to the peer doing the same work in the same run (git,
# kubectl, yaml-cpp...), with the ratio. Nothing here is a test: no figure passes or fails.
#
#   bash scripts/bench.sh [--repo PATH] [--quick] [--out FILE]
#     --repo PATH   also measure history on a real repository (e.g. a local clone of git's
#                   own history); generated repositories have small trees and flatter us
#     --quick       small inputs, one run each: checks that the script works, not figures
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SYNCLINE_BUILD_DIR:-$root/build}"
out="$root/docs/benchmarks.md"
repo="" quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo=$(cd "$2" && pwd); shift 2 ;;
    --quick) quick=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench.sh [--repo PATH] [--quick] [--out FILE]" >&2; exit 2 ;;
  esac
done
bash "$root/scripts/build.sh" >/dev/null
syncline="$build/bin/syncline"
[ -x "$syncline" ] || { echo "bench: no $syncline" >&2; exit 1; }
# helm for the monorepo figures: the pinned one the tests use (scripts/setup-deps.sh
# --with-tests), else the user's.
helm="$root/.tools/bin/helm"
[ -x "$helm" ] || helm=$(command -v helm || true)
work=$(mktemp -d -t syncline-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen HOME="$work/home"
mkdir -p "$HOME"

# median_ms RUNS CMD...: the median wall time of a command, process to process. A command
# that fails is no figure: the script stops and shows why.
median_ms() {
  local runs=$1; shift
  local samples=() start end
  "$@" >/dev/null 2>"$work/last-error" || { echo "bench: failed: $*" >&2; cat "$work/last-error" >&2; exit 1; }
  for _ in $(seq "$runs"); do
    start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }

section() { printf '\n## %s\n```\n$ %s\n' "$1" "$2" >>"$out.tmp"; }
endsection() { printf '```\n' >>"$out.tmp"; }
run_bench() { # run_bench TITLE PROGRAM ARGS...
  local title=$1 program=$2; shift 2
  section "$title" "build/bench/$program $*"
  (cd "$work" && "$build/bench/$program" "$@" 2>&1) >>"$out.tmp" || echo "(exit $?)" >>"$out.tmp"
  endsection
  echo "bench: $program done" >&2
}

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bash scripts/bench.sh$([ $quick = 1 ] && echo ' --quick')$([ -n "$repo" ] && echo " --repo $repo")\`; rerun it to refresh."
  echo "Every figure is a median over several runs; each peer does the same work in the same run."
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with local changes)')"
  echo "- peers: $(git --version), kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p' || echo 'not installed'), helm $([ -n "$helm" ] && "$helm" version --template '{{.Version}}' 2>/dev/null || echo 'not installed')"
} >"$out.tmp"

commits=100000 runs=3
[ $quick = 1 ] && commits=2000 runs=1
history_repo="$work/history"
run_bench "History: walk, first page, path filter (generated, $commits commits) vs git log" bench_history --commits "$commits" --runs "$runs" --repo "$history_repo"

# Start-up of a command that does little, process to process.
n=$([ $quick = 1 ] && echo 3 || echo 15)
ours=$(median_ms "$n" "$syncline" history --repo "$history_repo" --limit 1)
peer=$(median_ms "$n" git -C "$history_repo" log -1 --format='%H %s')
version=$(median_ms "$n" "$syncline" --version)
{
  section "Start-up: a command that does little" "syncline history --limit 1 vs git log -1 (median of $n)"
  echo "syncline history --limit 1: $ours ms; git log -1: $peer ms; ratio $(ratio "$ours" "$peer")"
  echo "syncline --version: $version ms"
  endsection
} >>"$out.tmp"
if [ -n "$repo" ]; then
  ours=$(median_ms 3 "$syncline" history --repo "$repo" --json)
  peer=$(median_ms 3 git -C "$repo" log --format='%H %s')
  {
    section "History on a real repository ($repo)" "syncline history --json vs git log --format='%H %s' (median of 3)"
    echo "full walk: syncline $ours ms; git log $peer ms; ratio $(ratio "$ours" "$peer")"
    endsection
  } >>"$out.tmp"
fi

# 40 applications x 3 environments (20 Helm charts, 20 kustomize): detection, cold and warm
# renders, helm runs counted, against helm template / kubectl kustomize per application.
monorepo() {
  local title="Monorepo: 40 applications × 3 environments, Helm and kustomize, vs helm template / kubectl kustomize"
  if [ -z "$helm" ] || ! command -v kubectl >/dev/null; then
    { section "$title" "build/bench/bench_monorepo"; echo "not measured: needs helm (scripts/setup-deps.sh --with-tests) and kubectl"; endsection; } >>"$out.tmp"
    return
  fi
  run_bench "$title" bench_monorepo --runs "$1" --helm "$helm" --repo "$work/monorepo"
}

if [ $quick = 1 ]; then
  monorepo 1
  run_bench "YAML: parse and write vs yaml-cpp" bench_yaml 500
  run_bench "Diff: desired vs live with 10% drift" bench_diff 500 1
  run_bench "Environment matrix: 200 applications × 5 environments, updates and scrolling" bench_matrix --applications 200 --updates 500
else
  run_bench "YAML: parse and write vs yaml-cpp" bench_yaml
  run_bench "Render: native kustomize vs kubectl kustomize" bench_render
  run_bench "Diff: 5,000 desired vs live objects with 10% drift" bench_diff
  run_bench "Environment: render+diff, and the commits that changed it" bench_environment
  monorepo "$runs"
  run_bench "Cluster client vs kubectl against a devcluster" bench_kube
  run_bench "Live updates: a change to the updated snapshot vs kubectl get --watch, both servers" bench_watch
  run_bench "Fleet refresh: GUI-thread stall" bench_reconcile
  run_bench "Actions: preview, commit, push vs git" bench_actions
  run_bench "First screen through the window's controller" bench_first_screen "$history_repo"
  run_bench "Environment matrix: 1,000 applications × 5 environments, updates and scrolling" bench_matrix
  run_bench "Environment matrix, the peer: the same view with Qt's own delegate" bench_matrix --plain
fi
mv "$out.tmp" "$out"
echo "bench: wrote $out" >&2
