#!/usr/bin/env bash
# Screenshots of the demo window for the docs, taken under Xvfb from the real demo (its
# repository, its clusters, the engine reading them) — nothing staged.
#
#   bash scripts/screenshots.sh [OUT_DIR]        (default: docs/)
#
#   screenshot-demo.png     the main window on staging: History, Pending, Sync state
#   screenshot-matrix.png   the window after Ctrl+M: the environment matrix under the panes
#   screenshot-compare.png  the Compare window (Ctrl+D): staging against prod
#
# Needs xvfb-run, ImageMagick's import and libXtst (keys are typed through XTEST). A fresh
# HOME: no saved window layout, no recent repositories, the demo in its own folder.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SYNCLINE_BUILD_DIR:-$root/build}"
out=$(cd "${1:-$root/docs}" && pwd)

if [ -z "${SYNCLINE_SCREENSHOTS_INSIDE:-}" ]; then
  for tool in xvfb-run import xwininfo python3; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 1; }
  done
  [ -x "$build/bin/syncline" ] || { echo "screenshots: build first (scripts/build.sh)" >&2; exit 1; }
  export SYNCLINE_SCREENSHOTS_INSIDE=1
  exec xvfb-run -a -s "-screen 0 1440x900x24" bash "$0" "$out"
fi

work=$(mktemp -d -t syncline-shots.XXXXXX)
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"
# The demo (window, clusters) in a process group of its own, ended by its id on exit.
setsid "$build/bin/syncline" demo "$work/demo" >"$work/demo.log" 2>&1 &
demo=$!
cleanup() {
  kill -TERM -- "-$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# press WINDOW KEYSYM [MODIFIER_KEYSYM]: one key to the window WINDOW (hex id) through XTEST,
# as a user would type it.
press() {
  python3 - "$@" <<'PY'
import ctypes, sys, time
x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XStringToKeysym.restype = ctypes.c_ulong
display = ctypes.c_void_p(x11.XOpenDisplay(None))
def code(name):
    return x11.XKeysymToKeycode(display, ctypes.c_ulong(x11.XStringToKeysym(name.encode())))
keys = [code(name) for name in reversed(sys.argv[2:])]  # modifier first
# No window manager gives the window the keyboard: give it the focus as one would.
window = int(sys.argv[1], 16)
xtst.XTestFakeMotionEvent(display, -1, 700, 450, 0)
x11.XSetInputFocus(display, ctypes.c_ulong(window), 2, ctypes.c_ulong(0))  # RevertToParent, CurrentTime
x11.XFlush(display)
time.sleep(0.5)
for key in keys:
    xtst.XTestFakeKeyEvent(display, key, True, 0)
for key in reversed(keys):
    xtst.XTestFakeKeyEvent(display, key, False, 0)
x11.XFlush(display)
time.sleep(0.2)
x11.XCloseDisplay(display)
PY
}

# The window is up once it has its title; the clusters are read a few seconds later.
for _ in $(seq 120); do
  xwininfo -root -tree 2>/dev/null | grep -q '— Syncline' && break
  kill -0 "$demo" 2>/dev/null || { cat "$work/demo.log" >&2; exit 1; }
  sleep 0.5
done
xwininfo -root -tree | grep -q '— Syncline' || { echo "screenshots: no window" >&2; cat "$work/demo.log" >&2; exit 1; }
sleep "${SYNCLINE_SCREENSHOT_SETTLE:-12}"

window=$(xwininfo -root -tree | grep '— Syncline' | head -1 | awk '{print $1}')
# type WINDOW TEXT: each character a key press (letters and spaces).
type_text() {
  local target=$1 text=$2 i c
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    [ "$c" = " " ] && c=space
    press "$target" "$c"
  done
}
shot() { # shot WINDOW NAME
  import -window "$1" "$out/$2.png"
  echo "screenshots: wrote $out/$2.png" >&2
}

# Staging, which lags dev: Pending has differences to show. Ctrl+K, "switch stag", Enter.
press "$window" k Control_L
sleep 1
# The palette is a window of its own: the keys go to it.
palette=$(xwininfo -root -tree | grep 'Command Palette' | head -1 | awk '{print $1}')
[ -n "$palette" ] || { echo "screenshots: no Command Palette" >&2; exit 1; }
type_text "$palette" "switch stag"
press "$palette" Return
sleep 3
shot root screenshot-demo

press "$window" m Control_L
sleep 2
shot root screenshot-matrix
press "$window" m Control_L # the matrix had the keyboard: Ctrl+M hides it again

# Compare starts from the selected environment (staging) against the next one (prod).
press "$window" d Control_L
for _ in $(seq 40); do
  xwininfo -root -tree 2>/dev/null | grep -q 'Compare Environments' && break
  sleep 0.5
done
sleep 4
compare=$(xwininfo -root -tree | grep 'Compare Environments' | head -1 | awk '{print $1}')
[ -n "$compare" ] || { echo "screenshots: no Compare window" >&2; exit 1; }
shot "$compare" screenshot-compare
