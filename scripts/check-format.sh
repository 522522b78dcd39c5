#!/usr/bin/env bash
# Fails when a tracked C++ file differs from .clang-format (what `clang-format -i` would change).
# Usage: scripts/check-format.sh [--fix]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
formatter=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$formatter" ]; then
  echo "check-format: clang-format is not installed (bash scripts/setup-deps.sh --with-tests installs it)" >&2
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
else # an exported tree: every C++ file outside the build folders
  mapfile -t files < <(find . -path ./build -prune -o -path './build-*' -prune -o \( -name '*.cpp' -o -name '*.h' \) -print)
fi
if [ "${1:-}" = "--fix" ]; then
  "$formatter" -i "${files[@]}"
  echo "check-format: ${#files[@]} files formatted"
  exit 0
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! "$formatter" --dry-run --Werror "${files[@]}" 2>"$report"; then
  grep -E "^[^ ].*: error:" "$report" | cut -d: -f1 | sort -u | sed 's/^/  unformatted: /' >&2
  echo "check-format: run 'bash scripts/check-format.sh --fix' and commit the result" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files match .clang-format"
