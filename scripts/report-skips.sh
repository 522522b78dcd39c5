#!/usr/bin/env bash
# Prints the skipped test functions collected by run-isolated.sh and fails when one was
# skipped for want of a tool this machine's set-up provides (README: scripts/setup-deps.sh
# --with-tests): such a skip hides a broken install, not a missing optional tool.
# SYNCLINE_ALLOW_SKIPS=1 lists them without failing.
set -euo pipefail
log="${1:?usage: report-skips.sh SKIP_LOG}"
[ -s "$log" ] || { echo "skipped tests: none"; exit 0; }
echo "skipped tests ($(wc -l <"$log")):"
sed 's/^SKIP   : /  /' "$log"
# The tools the set-up installs, and the words their skip messages use.
expected=(gnupg openssh-server strace)
# Go builds the test tools (scripts/build-test-tools.sh); without it their skips are expected.
command -v go >/dev/null 2>&1 && expected+=("is not built in")
# kubectl is not installed by the set-up (Debian ships only a 1.20 kubernetes-client; the
# tests want 1.32, README "Tests"), so its skips are expected, but said as such: these tests
# make kubectl talk to a server and checked nothing here. kubectl kustomize's output is
# still checked, against tests/data/golden/.
kubectl_skips=$(grep -c -- "kubectl is not" "$log" || true)
if [ "$kubectl_skips" -gt 0 ]; then
  echo "not run for want of kubectl, which the set-up does not install: $kubectl_skips test function(s) above" \
    "(install kubectl 1.32 on PATH to run them)"
fi
unexpected=0
for tool in "${expected[@]}"; do
  if grep -q -- "$tool" "$log"; then
    echo "skipped although the set-up provides it: $tool" >&2
    unexpected=1
  fi
done
if [ "$unexpected" = 1 ] && [ "${SYNCLINE_ALLOW_SKIPS:-0}" != 1 ]; then
  echo "report-skips: fix the set-up, or set SYNCLINE_ALLOW_SKIPS=1 to accept these skips" >&2
  exit 1
fi
exit 0
