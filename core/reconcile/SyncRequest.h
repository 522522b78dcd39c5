#pragma once

#include "manifest/ResourceKey.h"

#include <QString>

#include <vector>

namespace syncline::reconcile {

// What the user asked Sync to do.
struct SyncRequest {
    QString environment;
    QString revision;                        // empty: the environment's target revision
    std::vector<manifest::ResourceKey> only; // empty: every desired object
    bool prune = false;                      // delete owned objects no longer desired (confirmed)
    bool force = false;                      // take over fields other field managers own
    bool dryRun = false;                     // the server checks everything; nothing is stored, no hook runs
};

} // namespace syncline::reconcile
