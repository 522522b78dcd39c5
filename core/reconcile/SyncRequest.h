#pragma once

#include "manifest/ResourceKey.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace syncline::reconcile {

// What Sync(env) is asked to do: the panes build it, the engine runs it.
struct SyncRequest {
    QString environment;
    QString revision;                        // empty: the environment's target revision
    std::vector<manifest::ResourceKey> only; // empty: every desired object
    bool prune = false;                      // delete owned objects no longer desired (confirmed)
    bool force = false;                      // take over fields other field managers own
};

} // namespace syncline::reconcile

Q_DECLARE_METATYPE(syncline::reconcile::SyncRequest)
