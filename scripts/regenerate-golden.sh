#!/usr/bin/env bash
# Rewrites tests/data/golden/ with what the kubectl on PATH prints today, then runs the tests
# that read those files: Syncline's output must still match byte for byte. Review the
# difference (git diff tests/data/golden) before committing it.
#
#   bash scripts/regenerate-golden.sh      # builds the three tests in build/ (SYNCLINE_BUILD_DIR)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
golden="$root/tests/data/golden"
build="${SYNCLINE_BUILD_DIR:-$root/build}"
tests=(tst_kustomize_kubectl tst_kustomize_replacements tst_yamlwriter)
folders=(kustomize kustomize-replacements yamlwriter)

command -v kubectl >/dev/null || { echo "regenerate-golden: kubectl is not on PATH" >&2; exit 1; }
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
[ -f "$build/CMakeCache.txt" ] || bash "$root/scripts/build.sh"
nice cmake --build "$build" --parallel "$(nproc)" --target "${tests[@]}"

# A case renamed or removed leaves no file behind: every golden file is written afresh.
for folder in "${folders[@]}"; do
  mkdir -p "$golden/$folder"
  find "$golden/$folder" -maxdepth 1 -name '*.yaml' -type f -delete
done
kubectl version --client >"$golden/kubectl-version.txt"
status=0
SYNCLINE_REGENERATE_GOLDEN=1 ctest --test-dir "$build" --output-on-failure -R "^($(IFS='|'; echo "${tests[*]}"))\$" || status=$?
echo "regenerate-golden: made by $(head -n1 "$golden/kubectl-version.txt"); changes:"
git -C "$root" status --short -- tests/data/golden
exit "$status"
