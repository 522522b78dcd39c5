#!/usr/bin/env bash
# Builds the real components the tests use as oracles from pinned Go modules (tools/*/go.mod)
# into the project-local, git-ignored folder .tools/bin. Each tool is rebuilt only when its
# go.mod or go.sum changed (the stamp beside it records their digest), so re-running is cheap.
# Without Go 1.26 or newer, nothing is built and the tests that need these tools say they
# were skipped and why. Users bring their own helm: these are for tests only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="${SYNCLINE_TOOLS_DIR:-$root/.tools/bin}"
mkdir -p "$bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build-test-tools: no Go on PATH: helm and the real-server tests will be skipped" >&2
  exit 0
fi
minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${minor:-0}" -lt 26 ]; then
  echo "build-test-tools: $(go env GOVERSION) is older than go1.26: helm and the real-server tests will be skipped" >&2
  exit 0
fi

# build_tool <module folder under tools/> <output name> <package>
build_tool() {
  local dir="$root/tools/$1" out="$bin/$2" package="$3"
  local stamp="$bin/.$2.stamp" digest
  digest=$(cat "$dir/go.mod" "$dir/go.sum" | sha256sum | cut -d' ' -f1)
  if [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
    return 0
  fi
  echo "build-test-tools: building $2 from tools/$1 (pinned in its go.mod)"
  # nice: the machines that run this are often shared; Go's build cache makes rebuilds quick.
  (cd "$dir" && CGO_ENABLED=0 nice go build -trimpath -o "$out.tmp" "$package")
  mv "$out.tmp" "$out"
  echo "$digest" >"$stamp"
}

build_tool helm helm helm.sh/helm/v4/cmd/helm
echo "build-test-tools: $("$bin/helm" version --short 2>/dev/null || echo 'helm: not runnable')"

# The real-server tier (tests/support/KubeApiServer.h): etcd 3.6 (Debian's 3.4 is too old for
# Kubernetes 1.34) and the kube-apiserver of Kubernetes 1.34.
build_tool etcd etcd syncline/tools/etcd
echo "build-test-tools: $("$bin/etcd" --version 2>/dev/null | sed -n 1p || echo 'etcd: not runnable')"
build_tool kube kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
# (Built outside its repository, the binary does not know its own version: the module does.)
"$bin/kube-apiserver" --version >/dev/null 2>&1 || echo "build-test-tools: kube-apiserver is not runnable" >&2
echo "build-test-tools: kube-apiserver from $(grep -m1 -o 'k8s.io/kubernetes v[0-9.]*' "$root/tools/kube/go.mod")"
# Its controller-manager, from the same module (so it shares kube-apiserver's build cache): the
# garbage collector, Deployments' ReplicaSets and namespace deletion run for real in that tier.
build_tool kube kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
"$bin/kube-controller-manager" --version >/dev/null 2>&1 || echo "build-test-tools: kube-controller-manager is not runnable" >&2
