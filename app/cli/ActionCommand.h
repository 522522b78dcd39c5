#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline promote FROM TO`, `syncline revert SHA [--mainline N]`, `syncline rollback ENV SHA`:
// print the preview (the commit and the rendered-manifest diff per environment), ask
// (unless --yes), commit, optionally push (a rejected push may go to a new branch for
// review) and sync. --dry-run prints the preview and changes nothing.
// Exit codes (Cli::ExitCode): 0 done (or nothing to do, or published on a new branch after a rejection),
// 1 failure, declined, or a requested sync that failed or could not run, 2 usage,
// 3 conflict, 4 push rejected and nothing published (the commit is kept locally).
class ActionCommand {
public:
    static int promote(const QStringList& args);
    static int revert(const QStringList& args);
    static int rollback(const QStringList& args);
};

} // namespace syncline::app
