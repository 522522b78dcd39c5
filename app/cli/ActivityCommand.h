#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline activity [--limit N] [--json]`: what was done from the window and the command
// line (promotions, reverts, rollbacks, syncs, cluster consents), oldest first, as the
// Activity dock shows it; --json prints the log's own JSON lines.
class ActivityCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
