#!/usr/bin/env bash
# Makes a repository whose history is generated but whose tree is real: the first commit is
# a real source tree (default: the Kubernetes sources the test tools were built from, in Go's
# module cache), then COMMITS-1 commits of a few changed files each, a fifth of them on short
# side branches merged back, as a project's history looks. Generated repositories elsewhere
# have small trees; git's own history (82k commits, ~4,500 files) is the fair input but is not
# reachable from this machine. Deterministic: the same arguments make the same commits.
#
#   bash scripts/real-tree-history.sh OUT [COMMITS] [SOURCE_DIR]     (default 100000 commits)
#
# Prints the repository's path, then "busy folder: F": a folder to filter history by (bench.sh).
set -euo pipefail
out="${1:?usage: real-tree-history.sh OUT [COMMITS] [SOURCE_DIR]}"
commits="${2:-100000}"
source_dir="${3:-}"
if [ -z "$source_dir" ]; then
  modcache=$(go env GOMODCACHE 2>/dev/null || true)
  source_dir=$(ls -d "${modcache:-/nonexistent}"/k8s.io/kubernetes@v* 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$source_dir" ] || { echo "real-tree-history: no SOURCE_DIR given and no k8s.io/kubernetes in Go's module cache" >&2; exit 2; }
fi
command -v python3 >/dev/null || { echo "real-tree-history: needs python3" >&2; exit 2; }
[ ! -e "$out" ] || { echo "real-tree-history: $out exists" >&2; exit 2; }
git init -q -b main "$out"
python3 - "$source_dir" "$commits" "$out/.git/busy-folder" <<'PY' | git -C "$out" fast-import --quiet
import os, random, sys
source, commits, busy_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = sys.stdout.buffer
files = []
for root, dirs, names in os.walk(source):
    dirs[:] = sorted(d for d in dirs if d != ".git")
    for name in sorted(names):
        path = os.path.join(root, name)
        if os.path.isfile(path) and not os.path.islink(path):
            files.append(os.path.relpath(path, source))
rng = random.Random(1)
# Real projects change some folders far more than others: weight each folder by a Pareto draw.
folders = sorted({os.path.dirname(f) for f in files})
weight = {d: rng.paretovariate(1.2) for d in folders}
weights = [weight[os.path.dirname(f)] for f in files]
edits = {}
def blob(data):
    out.write(b"data %d\n" % len(data)); out.write(data); out.write(b"\n")
def commit(ref, n, message, parents, changes):
    t = 1_600_000_000 + n * 600
    out.write(b"commit %s\nmark :%d\n" % (ref, n))
    out.write(b"author Dev %d <dev%d@example.com> %d +0000\n" % (n % 97, n % 97, t))
    out.write(b"committer Dev %d <dev%d@example.com> %d +0000\n" % (n % 97, n % 97, t))
    blob(message)
    for i, p in enumerate(parents):
        out.write(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
    for path, data in changes:
        out.write(b"M 100644 inline %s\n" % path.encode()); blob(data)
first = []
for f in files:
    with open(os.path.join(source, f), "rb") as fh:
        first.append((f, fh.read()))
commit(b"refs/heads/main", 1, b"import the tree", [], first)
main_tip, n = 1, 1
while n < commits:
    side = rng.random() < 0.2 and commits - n > 3
    length = rng.randint(1, 4) if side else 1
    base, tip = main_tip, main_tip
    for _ in range(length):
        n += 1
        changed = []
        for f in set(rng.choices(files, weights, k=rng.randint(1, 4))):
            edits[f] = edits.get(f, 0) + 1
            # Only trees matter to a history walk or a path filter (blob ids are compared, never
            # read), so a change writes a short new content: full copies of real files would
            # make a pack of gigabytes, since fast-import does not delta a blob by path.
            changed.append((f, b"change %d of %s\n" % (n, f.encode())))
        commit(b"refs/heads/side" if side else b"refs/heads/main", n, b"change %d: %s\n" % (n, changed[0][0].encode()), [tip], changed)
        tip = n
    if side:
        n += 1
        commit(b"refs/heads/main", n, b"Merge branch side (%d)\n" % n, [base, tip], [])
        tip = n
    main_tip = tip
out.write(b"reset refs/heads/side\nfrom 0000000000000000000000000000000000000000\n")
busiest = max(folders, key=lambda d: sum(v for f, v in edits.items() if os.path.dirname(f) == d))
with open(busy_file, "w") as fh:
    fh.write(busiest + "\n")
PY
git -C "$out" checkout -q main
echo "$out"
echo "busy folder: $(cat "$out/.git/busy-folder")"
