#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline promote FROM TO`, `syncline revert SHA [--mainline N]`, `syncline rollback ENV SHA`:
// print the preview (the commit and the rendered-manifest diff per environment), ask
// (unless --yes), commit, optionally push. --dry-run prints the preview and changes nothing.
// Exit codes: 0 done (or nothing to do), 1 failure or declined, 2 usage, 3 conflict,
// 4 push rejected (the commit is kept locally).
class ActionCommand {
public:
    enum Exit { Done = 0, Failed = 1, Usage = 2, Conflict = 3, PushRejected = 4 };

    static int promote(const QStringList& args);
    static int revert(const QStringList& args);
    static int rollback(const QStringList& args);
};

} // namespace syncline::app
