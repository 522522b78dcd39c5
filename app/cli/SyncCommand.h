#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline sync ENV [--revision REV] [--prune] [--force] [--only KEY]... [--dry-run] [--json]`:
// Sync on the command line — dry run, Argo CD hooks in their phases, apply in dependency
// order, record the deployed revision — with per-object and per-hook results. `--dry-run`
// stops after the server's dry run and lists the hooks that would run. Exit 0 when every
// object applied (or the dry run passed), 1 otherwise, 2 usage.
class SyncCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
