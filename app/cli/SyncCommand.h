#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline sync ENV [--revision REV] [--prune] [--force] [--only KEY]... [--json]`:
// Sync on the command line — dry run, apply in dependency order, record the deployed
// revision — with per-object results. Exit 0 when every object applied, 1 otherwise,
// 2 usage.
class SyncCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
