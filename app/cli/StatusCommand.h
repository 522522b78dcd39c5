#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline status [ENV...] [--json]`: the Sync state pane on the command line — per
// environment its cluster, sync status, health, deployed revision, commits behind and
// last error. Exit 0, or 1 when an environment could not be read.
// `syncline diff ENV [--json]`: the Pending pane's desired-vs-live diff of one
// environment. Exit 0 no differences, 1 differences, 2 usage, 3 error (like compare).
class StatusCommand {
public:
    static int runStatus(const QStringList& args);
    static int runDiff(const QStringList& args);
};

} // namespace syncline::app
