#!/usr/bin/env bash
# Runs a command the way the tests need it: a temporary HOME, a private D-Bus session
# bus with an unlocked gnome-keyring (the Secret Service QtKeychain talks to), and the
# offscreen Qt platform. Nothing of the user's own session or keychain is touched.
set -euo pipefail
scratch=$(mktemp -d -t syncline-test-home.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/home/.local/share" \
       XDG_CONFIG_HOME="$scratch/home/.config" XDG_CACHE_HOME="$scratch/home/.cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export SYNCLINE_TEST_ISOLATED=1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
unset SSH_AUTH_SOCK
run() {
  dbus-run-session -- bash -c '
    # The password only unlocks this throwaway login keyring; the daemon lives as long as the bus.
    eval "$(printf "syncline-tests" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
    exec "$@"' syncline-test "$@"
}
if [ -z "${SYNCLINE_SKIP_LOG:-}" ]; then
  run "$@"
  exit $?
fi
# scripts/test.sh collects every skipped test function (Qt Test's "SKIP   :" lines) and
# lists them at the end: a skip is never a silent pass.
set +e
run "$@" 2>&1 | tee "$scratch/output"
status=${PIPESTATUS[0]}
set -e
grep -E '^SKIP   : ' "$scratch/output" | grep -v 'child mode' >>"$SYNCLINE_SKIP_LOG" || true
exit "$status"
