#!/usr/bin/env bash
# scripts/report-skips.sh fails on a skip the set-up should have prevented, and only then.
set -euo pipefail
report="$(dirname "${BASH_SOURCE[0]}")/../../scripts/report-skips.sh"
log=$(mktemp); trap 'rm -f "$log"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

: >"$log"
bash "$report" "$log" | grep -q "skipped tests: none" || fail "an empty log is not reported as none"

echo 'SKIP   : TestX::diff() kubectl is not installed at /usr/bin/kubectl: the corpus was NOT checked' >"$log"
out=$(bash "$report" "$log") || fail "a kubectl skip (not installable by the set-up) failed the run"
grep -q "kubectl is not installed" <<<"$out" || fail "the kubectl skip is not listed"
grep -q "not run for want of kubectl, which the set-up does not install: 1 test" <<<"$out" ||
  fail "the kubectl skips are not counted as a tool the set-up leaves out"
echo 'SKIP   : TestY::apply() kubectl is not on PATH: the hand-over was NOT checked' >>"$log"
out=$(bash "$report" "$log") || fail "two kubectl skips failed the run"
grep -q "want of kubectl, which the set-up does not install: 2 test" <<<"$out" || fail "the second kubectl skip is not counted"

echo 'SKIP   : TestSigning::gpg() gpg is not installed (Debian package gnupg): OpenPGP signing not tested' >>"$log"
if bash "$report" "$log" >/dev/null 2>&1; then fail "a gnupg skip passed although the set-up installs gnupg"; fi
SYNCLINE_ALLOW_SKIPS=1 bash "$report" "$log" >/dev/null 2>&1 || fail "SYNCLINE_ALLOW_SKIPS=1 did not accept the skip"
echo "PASS: report-skips lists skips and fails only on tools the set-up provides"
