#!/usr/bin/env bash
# The package's desktop integration as desktop-file-validate and appstreamcli read it, and
# syncline(1) as packaging/manpage.sh writes it from the program's help: a section per
# command the help lists, and man renders it. usage: tst_packaging.sh SOURCE_DIR SYNCLINE
set -euo pipefail
source_dir=$1 syncline=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
desktop-file-validate "$source_dir/packaging/io.syncline.Syncline.desktop" || fail "the .desktop file is not valid"
appstreamcli validate --no-net "$source_dir/packaging/io.syncline.Syncline.metainfo.xml" || fail "the metainfo is not valid"
grep -q '<content_rating type="oars-1.1"' "$source_dir/packaging/io.syncline.Syncline.metainfo.xml" || fail "no content rating"
grep -q '<screenshot type="default">' "$source_dir/packaging/io.syncline.Syncline.metainfo.xml" || fail "no screenshot"
page=$(mktemp)
trap 'rm -f "$page"' EXIT
bash "$source_dir/packaging/manpage.sh" "$syncline" 0.0-test "$page"
for command in history environments apps matrix detect render compare fetch promote revert rollback status diff sync activity clusters; do
  grep -q "^\.SS $command\$" "$page" || fail "syncline(1) has no section for $command"
done
rendered=$(MANWIDTH=100 man -l "$page" 2>/dev/null) || fail "man cannot render syncline(1)"
grep -q "syncline activity \[--limit N\] \[--json\]" <<<"$rendered" || fail "the synopsis lacks syncline activity"
echo "packaging: the .desktop file, the metainfo and syncline(1) are valid"
