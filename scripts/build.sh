#!/usr/bin/env bash
# Configures (once) and builds Syncline incrementally; Ninja when present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# ccache keyed on paths relative to the checkout, so a fresh clone elsewhere (CI) reuses
# the objects of an earlier build of the same sources.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
build="${SYNCLINE_BUILD_DIR:-$root/build}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSYNCLINE_WERROR=ON
fi
cmake --build "$build" --parallel "$(nproc)"
