#!/usr/bin/env bash
# Builds and runs every benchmark and writes docs/benchmarks.md: the machine, the commit,
# and each program's figures next to the peer doing the same work in the same run (git,
# kubectl, yaml-cpp...), with the ratio. Nothing here is a test: no figure passes or fails.
#
#   bash scripts/bench.sh [--repo PATH [--path P]] [--real-tree DIR] [--quick] [--out FILE] [PROGRAM...]
#     --repo PATH   also measure history on a real repository (e.g. a local clone of git's
#                   own history); generated repositories have small trees and flatter us
#     --path P      with --repo: also the history of P (a busy folder of that repository)
#     --real-tree D the source tree for the real-tree history (scripts/real-tree-history.sh;
#                   default: the Kubernetes sources in Go's module cache, when present)
#     --quick       small inputs, one run each: checks that the script works, not figures
#     PROGRAM...    only these benchmarks (e.g. bench_kube bench_watch): builds just them and
#                   replaces their sections in FILE, each saying the commit and load it ran at
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SYNCLINE_BUILD_DIR:-$root/build}"
out="$root/docs/benchmarks.md"
repo="" repo_path="" real_tree="" quick=0 only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo=$(cd "$2" && pwd); shift 2 ;;
    --path) repo_path="$2"; shift 2 ;;
    --real-tree) real_tree=$(cd "$2" && pwd); shift 2 ;;
    --quick) quick=1; shift ;;
    --out) out="$2"; shift 2 ;;
    bench_*) only+=("$1"); shift ;;
    *) echo "usage: bench.sh [--repo PATH [--path P]] [--real-tree DIR] [--quick] [--out FILE] [bench_PROGRAM...]" >&2; exit 2 ;;
  esac
done
# wanted PROGRAM: true when every benchmark runs, or PROGRAM was named.
wanted() { [ ${#only[@]} = 0 ] || [[ " ${only[*]} " == *" $1 "* ]]; }
if [ ${#only[@]} = 0 ]; then
  bash "$root/scripts/build.sh" >/dev/null
else
  [ -f "$build/CMakeCache.txt" ] || bash "$root/scripts/build.sh" >/dev/null
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
  cmake --build "$build" --target "${only[@]}" --parallel "$(nproc)" >/dev/null
  [ -f "$out" ] || { echo "bench: $out does not exist yet: run every benchmark first" >&2; exit 1; }
fi
syncline="$build/bin/syncline"
wanted bench_history && { [ -x "$syncline" ] || { echo "bench: no $syncline" >&2; exit 1; }; }
# The real kube-apiserver for bench_kube and bench_watch (scripts/setup-deps.sh --with-tests).
export SYNCLINE_TOOLS_DIR="${SYNCLINE_TOOLS_DIR:-$root/.tools/bin}"
# helm for the monorepo figures: the pinned one the tests use (scripts/setup-deps.sh
# --with-tests), else the user's.
helm="$root/.tools/bin/helm"
[ -x "$helm" ] || helm=$(command -v helm || true)
# The real tree's default, found before HOME moves (Go's module cache is under the user's).
if [ -z "$real_tree" ] && command -v go >/dev/null; then
  real_tree=$(ls -d "$(go env GOMODCACHE)"/k8s.io/kubernetes@v* 2>/dev/null | sort -V | tail -1 || true)
fi
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
# cpu_ms RUNS CMD...: a command's CPU time (user + system) per run, the mean over RUNS. On a
# shared machine a command of a few milliseconds spends most of its wall time waiting for
# a core (the longer it runs, the likelier it is put off); its CPU time does not.
cpu_ms() {
  local runs=$1; shift
  (for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1; done; times) |
    awk -v n="$runs" 'function seconds(t, p) { split(t, p, "m"); sub("s", "", p[2]); return p[1] * 60 + p[2] }
      NR == 2 { printf "%.1f", (seconds($1) + seconds($2)) * 1000 / n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "n/a" }'; }

# A section run on its own says when and where, since the file's header is another run's.
partial_note() {
  [ ${#only[@]} = 0 ] && return
  echo "Run on its own (\`bash scripts/bench.sh$([ $quick = 1 ] && echo ' --quick') ${only[*]}\`) at $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' with local changes'), $(date -u '+%Y-%m-%d %H:%M UTC'); load average before it: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores$(awk '$1 >= 1 {printf " shared with other work"}' /proc/loadavg)."
}
# What a benchmark measures, above its figures.
about() {
  case "$1" in
    bench_kube) cat <<'EOF'
Both servers in one run, started as the tests start them (HTTPS, a bearer token): syncline-devcluster and the
real kube-apiserver with etcd (no fsync). On each: a list of the same 5,000 ConfigMaps and server-side apply of
1,000 new ConfigMaps per run (one at a time, and with the client's concurrency), next to kubectl on the same
server doing the same list (`kubectl get configmaps -o json`) and apply (`kubectl apply --server-side -f` of one
1,000-document file; kubectl applies one object after another, so its figure compares with "one at a time").
kubectl is a process per call: its start, its discovery cache and, on the real server, reading the OpenAPI v3
schema it fetches before applying (seconds of its own CPU on this machine) are in its time. The full refresh: 20
environments × 500 resources (80% ConfigMaps, 10% Deployments, 10% Services) deployed by SyncRunner first, then a
new ReconcileEngine per run, timed from start() to the first snapshot of every environment (render, cluster read,
pairing, diff, health). Render+diff: one of those environments (500 resources) with every eighth ConfigMap
changed on the server (10% of its objects), `syncline diff ENV --json` next to `kubectl diff --server-side
--force-conflicts -f` of the same files, process to process; each side's count of changed objects is printed to
show they found the same drift. Live updates: the engine watches one environment of 20 ConfigMaps (EngineOptions::
liveUpdates, no periodic cycle); 100 changes, one at a time (a merge patch, as `kubectl patch` sends), each timed
from the request to the engine's snapshot showing it and to `kubectl get --watch` printing it in the same run:
median and p99 (the 99th of 100); Syncline's ~20 ms over kubectl's is mostly the 20 ms the engine waits to apply
a burst of changes at once. Medians over 3 runs; a warm-up run before them (the list, 10 applies on each
side, a refresh, two changes) is not counted. The real server has no controllers: its Deployments have no status.
Syncline speaks HTTP/1.1: over Qt 6.4's HTTP/2 every apply to the real server took ~40 ms more.
EOF
    ;;
    bench_watch) echo "The live-update figures of bench_kube alone (WatchLatencyBench on both servers)." ;;
    bench_reconcile) cat <<'EOF'
The fleet target: a full refresh of 200 environments × 500 resources (100,000 objects) with the window on screen
(MainWindow offscreen: Sync state pane, matrix dock, History and Pending panes fed by the engine, as
syncline-window wires them). A version-2 workspace of 50 applications × 4 places, one devcluster per place and a
namespace per application, deployed first (not timed); then the engine's first refresh (cold render cache) and
warm ones (refreshAll), each timed to the last unit's snapshot. A 1 ms timer on the GUI thread gives the stall
(how late it fires; its own CPU per tick separates work from waiting for a core), then both panes are scrolled a
row a step, each step painted. No peer: nothing else refreshes this fleet in one process. Target: < 5 s, stall
max < 16 ms, RSS < 1 GiB. On a shared machine wall times count time spent waiting for a core: each refresh line
gives this process's CPU time and the load average.
EOF
    ;;
    startup) cat <<'EOF'
`syncline` links Qt Core, libgit2 and the YAML libraries only: the commands that reach a cluster, a git remote or
the keychain run in syncline-connected, which it execs, so these two load neither QtKeychain, D-Bus nor Qt Network.
What is left is mostly loading 34 shared libraries with their dependencies (git: 4): libgit2 brings Kerberos,
OpenSSL's libcrypto, mbedTLS and libssh2, Qt Core brings ICU and GLib; the dynamic loader and the kernel mapping them
take about four fifths of the CPU time (perf record). Target: ≤ 2× git log -1. On a shared machine the wall times
are mostly waiting for a core; the CPU line is the one to compare between runs.
EOF
    ;;
    bench_window_start) cat <<'EOF'
Cold start of the window, process to process: `syncline-window REPO` on the generated 100,000-commit repository
(bench_history's; made if missing), with SYNCLINE_REPORT_FIRST_PAINT set so the window prints the monotonic time of
its history list's first paint (the first frame) and of the first paint showing commits, then exits. The peer, in
the same run: a bare Qt window with a 100-row list, the floor Qt sets. A fresh HOME per run set (no settings, no
recent repositories); offscreen platform. Target: the first painted window < 300 ms.
EOF
    ;;
  esac
}
section() { printf '\n## %s\n```\n$ %s\n' "$1" "$2" >>"$out.tmp"; }
endsection() { printf '```\n' >>"$out.tmp"; }
run_bench() { # run_bench TITLE PROGRAM ARGS...
  local title=$1 program=$2; shift 2
  wanted "$program" || return 0
  printf '\n## %s\n' "$title" >>"$out.tmp"
  { partial_note; about "$program"; } >>"$out.tmp"
  printf '```\n$ %s\n' "build/bench/$program $*" >>"$out.tmp"
  # The offscreen platform's "does not support propagateSizeHints()" is noise, not a figure.
  (cd "$work" && "$build/bench/$program" "$@" 2>&1 | grep -v 'does not support propagateSizeHints') >>"$out.tmp" ||
    echo "(exit $?)" >>"$out.tmp"
  endsection
  echo "bench: $program done" >&2
}

[ ${#only[@]} = 0 ] && {
  echo "# Benchmarks"
  echo
  echo "Written by \`bash scripts/bench.sh$([ $quick = 1 ] && echo ' --quick')$([ -n "$repo" ] && echo " --repo $repo")\`; rerun it to refresh."
  echo "Every figure is a median over several runs; each peer does the same work in the same run."
  echo
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with local changes)')"
  echo "- peers: $(git --version), kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p' || echo 'not installed'), helm $([ -n "$helm" ] && "$helm" version --template '{{.Version}}' 2>/dev/null || echo 'not installed')"
  echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes wall times noisy)"
} >"$out.tmp"
touch "$out.tmp"

commits=100000 runs=3
[ $quick = 1 ] && commits=2000 runs=1
history_repo="$work/history"
run_bench "History: walk, first page, path filter (generated, $commits commits) vs git log" bench_history --commits "$commits" --runs "$runs" --repo "$history_repo"

# history_figures REPO PATH [graph]: the full walk, and the history of PATH (when given), next
# to git log on the same repository, process to process; with "graph", again after writing a
# commit-graph file (changed-path filters) as `git commit-graph write` does, when it has none
# (only for repositories made here: the user's own --repo is never written to).
history_figures() {
  local r=$1 p=${2:-} graph=${3:-} n=3 ours peer label
  for label in "as it is" "with a commit-graph (--changed-paths)"; do
    if [ "$label" != "as it is" ]; then
      [ "$graph" = graph ] && [ ! -e "$r/.git/objects/info/commit-graph" ] && [ ! -d "$r/.git/objects/info/commit-graphs" ] || break
      git -C "$r" commit-graph write --reachable --changed-paths
    fi
    ours=$(median_ms "$n" "$syncline" history --repo "$r" --json)
    peer=$(median_ms "$n" git -C "$r" log --format='%H %s')
    echo "$label: full walk: syncline history --json $ours ms; git log --format='%H %s' $peer ms; ratio $(ratio "$ours" "$peer")"
    [ -n "$p" ] || continue
    ours=$(median_ms "$n" "$syncline" history --repo "$r" --path "$p" --json)
    peer=$(median_ms "$n" git -C "$r" log --format='%H %s' -- "$p")
    echo "$label: history of $p: syncline $ours ms; git log -- PATH $peer ms; ratio $(ratio "$ours" "$peer")"
  done
}

# A generated history over a real source tree (scripts/real-tree-history.sh: the Kubernetes
# sources in Go's module cache when no --real-tree is given): real trees are larger and
# deeper than generated ones, which is where a tree diff per commit costs.
real_tree_history() {
  local title="History on a real tree: $commits generated commits over a real source tree vs git log"
  local made="$work/real-tree.out"
  if ! bash "$root/scripts/real-tree-history.sh" "$work/real-tree" "$commits" ${real_tree:+"$real_tree"} >"$made" 2>&1; then
    { section "$title" "bash scripts/real-tree-history.sh"; echo "not measured: $(tail -1 "$made")"; endsection; } >>"$out.tmp"
    return
  fi
  local busy files
  busy=$(sed -n 's/^busy folder: //p' "$made")
  files=$(git -C "$work/real-tree" ls-files | wc -l)
  {
    section "$title" "syncline history vs git log on $files files, history of the busiest folder (median of 3)"
    history_figures "$work/real-tree" "$busy" graph
    endsection
  } >>"$out.tmp"
}

# Start-up of a command that does little, process to process (it needs the history above).
wanted bench_history && {
n=$([ $quick = 1 ] && echo 3 || echo 15)
ours=$(median_ms "$n" "$syncline" history --repo "$history_repo" --limit 1)
peer=$(median_ms "$n" git -C "$history_repo" log -1 --format='%H %s')
version=$(median_ms "$n" "$syncline" --version)
ours_cpu=$(cpu_ms "$n" "$syncline" history --repo "$history_repo" --limit 1)
peer_cpu=$(cpu_ms "$n" git -C "$history_repo" log -1 --format='%H %s')
version_cpu=$(cpu_ms "$n" "$syncline" --version)
{
  printf '\n## Start-up: a command that does little\n'
  partial_note # the section has no program of its own: it says when it ran
  about startup
  printf '```\n$ syncline history --limit 1 vs git log -1 (median of %s)\n' "$n"
  echo "syncline history --limit 1: $ours ms; git log -1: $peer ms; ratio $(ratio "$ours" "$peer")"
  echo "syncline --version: $version ms"
  echo "CPU time (user + system, mean of $n): history --limit 1 $ours_cpu ms; git log -1 $peer_cpu ms; ratio $(ratio "$ours_cpu" "$peer_cpu"); --version $version_cpu ms"
  endsection
} >>"$out.tmp"
if [ -n "$repo" ]; then
  {
    section "History on a real repository ($repo)" "syncline history --json vs git log --format='%H %s' (median of 3)"
    history_figures "$repo" "$repo_path"
    endsection
  } >>"$out.tmp"
fi
real_tree_history
}

# 40 applications x 3 environments (20 Helm charts, 20 kustomize): detection, cold and warm
# renders, helm runs counted, against helm template / kubectl kustomize per application.
monorepo() {
  local title="Monorepo: 40 applications × 3 environments, Helm and kustomize, vs helm template / kubectl kustomize"
  wanted bench_monorepo || return 0
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
  run_bench "Kubernetes: list, apply, full refresh, live updates on both servers vs kubectl" bench_kube --runs 1 --list 500 --apply 100 --environments 4 --resources 50 --changes 10
  run_bench "Fleet refresh with the window on screen: 8 environments × 50 resources" bench_reconcile --environments 8 --resources 50 --clusters 2 --runs 1
  run_bench "Window cold start to first paint ($commits commits) vs a bare Qt window" bench_window_start --repo "$history_repo" --commits "$commits" --runs 2
else
  run_bench "YAML: parse and write vs yaml-cpp" bench_yaml
  run_bench "Render: native kustomize vs kubectl kustomize" bench_render
  run_bench "Diff: 5,000 desired vs live objects with 10% drift" bench_diff
  run_bench "Environment: render+diff, and the commits that changed it" bench_environment
  monorepo "$runs"
  run_bench "Kubernetes: list, apply, full refresh, live updates on both servers vs kubectl" bench_kube
  run_bench "Fleet refresh with the window on screen: 200 environments × 500 resources" bench_reconcile --environments 200 --resources 500 --clusters 4 --runs 3
  run_bench "Actions: preview, commit, push vs git" bench_actions
  run_bench "First screen through the window's controller" bench_first_screen "$history_repo"
  run_bench "Window cold start to first paint ($commits commits) vs a bare Qt window" bench_window_start --repo "$history_repo" --commits "$commits" --runs 9
  run_bench "Environment matrix: 1,000 applications × 5 environments, updates and scrolling" bench_matrix
  run_bench "Environment matrix, the peer: the same view with Qt's own delegate" bench_matrix --plain
fi

# merge_sections OLD NEW: OLD with each section that ran again replaced by NEW's, in order;
# sections new to OLD at the end. A section is known by its program ("$ build/bench/<program>"
# line) or, for one with no program (Start-up), by its heading.
merge_sections() {
  awk -v newfile="$2" '
    function trimmed(block) { sub(/\n+$/, "\n", block); return block }
    function emit(block) { printf "%s%s", (printed++ ? "\n" : ""), trimmed(block) }
    function keyOf(program, heading) { return program != "" ? program : heading }
    function flush(  key) {
      if (text == "") return
      key = keyOf(prog, title)
      if (key != "" && used[key] < count[key]) emit(newtext[key, ++used[key]])
      else emit(text)
      text = ""; prog = ""; title = ""
    }
    function keep(  key) {
      key = keyOf(cur, heading)
      if (key != "") { count[key]++; newtext[key, count[key]] = block }
    }
    BEGIN {
      while ((getline line < newfile) > 0) {
        if (line ~ /^## /) { if (block != "") keep(); block = ""; cur = ""; heading = line }
        if (line ~ /^\$ build\/bench\// && cur == "") { split(line, w, " "); cur = substr(w[2], 13) }
        block = block line "\n"
      }
      if (block != "") keep()
    }
    /^## / { flush(); title = $0 }
    /^\$ build\/bench\// && prog == "" { split($0, w, " "); prog = substr(w[2], 13) }
    { text = text $0 "\n" }
    END {
      flush()
      for (key in newtext) { split(key, k, SUBSEP); if (k[2] > used[k[1]]) emit(newtext[key]) }
    }' "$1"
}
if [ ${#only[@]} = 0 ]; then
  mv "$out.tmp" "$out"
else
  merge_sections "$out" "$out.tmp" >"$out.merged" && mv "$out.merged" "$out" && rm -f "$out.tmp"
fi
echo "bench: wrote $out" >&2
