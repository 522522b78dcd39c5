#!/usr/bin/env bash
# Writes syncline(1) from the program's own help: the usage lines of `syncline help`, then
# each command's --help, so the manual never says something the program does not.
# usage: manpage.sh SYNCLINE_BINARY VERSION OUT
set -euo pipefail
binary=$1 version=$2 out=$3
escape() { sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/" -e 's/-/\\-/g'; }
{
  echo ".TH SYNCLINE 1 \"\" \"syncline $version\" \"User Commands\""
  echo ".SH NAME"
  echo "syncline \\- GitOps control console: Git history, pending diffs and cluster sync state side by side"
  echo ".SH SYNOPSIS"
  echo ".nf"
  "$binary" help | escape
  echo ".fi"
  echo ".SH DESCRIPTION"
  echo "Without a command, \\fBsyncline\\fR opens the console window on a repository (or the last one opened)."
  echo "Every command below works without a display; \\fBsyncline COMMAND \\-\\-help\\fR says the same as this page."
  echo ".SH COMMANDS"
  for command in $("$binary" help | sed -n 's/^ *\(usage: \)\{0,1\}syncline \([a-z-]*\).*/\2/p' | sort -u); do
    [ "$command" = "help" ] && continue
    help=$("$binary" "$command" --help 2>/dev/null || true)
    [ -n "$help" ] || continue
    echo ".SS $command"
    echo ".nf"
    printf '%s\n' "$help" | sed "s|^Usage: [^ ]*|Usage: syncline $command|" | escape
    echo ".fi"
  done
  echo ".SH FILES"
  echo ".TP"
  echo "\\fI~/.local/share/syncline/activity.jsonl\\fR"
  echo "What was done from the window and the command line (\\fBsyncline activity\\fR)."
  echo ".TP"
  echo "\\fI~/.config/syncline/cluster-consent.conf\\fR"
  echo "The clusters each repository may use."
  echo ".SH SEE ALSO"
  echo "\\fBgit\\fR(1), \\fBkubectl\\fR(1), \\fBhelm\\fR(1)"
} >"$out"
