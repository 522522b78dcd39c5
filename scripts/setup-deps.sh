#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Syncline needs to build, run and test.
# Only what is missing is installed; re-running is a no-op. Needs root or sudo.
set -euo pipefail

BUILD_PACKAGES=(g++ cmake ninja-build pkg-config git
  qt6-base-dev qt6-svg-dev libgit2-dev libyaml-cpp-dev libyaml-dev libre2-dev
  qtkeychain-qt6-dev nlohmann-json3-dev libexpected-dev libsecret-1-0 libgl-dev libssl-dev)
TEST_PACKAGES=(xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick x11-apps
  libgtest-dev libbenchmark-dev openssh-server openssh-client apache2-utils
  python3 procps clang-format gnupg ccache openssl docker-registry
  clang-14 libclang-rt-14-dev desktop-file-utils appstream man-db strace)

want=("${BUILD_PACKAGES[@]}")
if [ "${1:-}" = "--with-tests" ]; then want+=("${TEST_PACKAGES[@]}"); fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
install_missing() {
  echo "syncline setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "syncline setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
[ ${#missing[@]} -eq 0 ] || install_missing
# The real helm (and, for the real-server tier, etcd, kube-apiserver and kube-controller-manager)
# as test oracles, from Go modules.
if [ "${1:-}" = "--with-tests" ]; then bash "$(dirname "${BASH_SOURCE[0]}")/build-test-tools.sh"; fi
