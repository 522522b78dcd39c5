#pragma once

#include "reconcile/EnvironmentSnapshot.h"

#include <QString>

#include <map>
#include <optional>

namespace syncline::models {

// Notices drift appearing on a cluster: an environment that matched Git now differs from
// it while Git did not move (same target revision) — someone changed the cluster. Fed every
// snapshot in order; says so once per appearance, not on every snapshot while it lasts, and
// not for a first read, a new commit, or an error.
class DriftNotices {
public:
    // "Drift on staging: 1 Modified, 1 Missing — changed on the cluster, not in Git", or none.
    std::optional<QString> feed(const reconcile::SnapshotPtr& snapshot);
    void clear() { m_last.clear(); }

private:
    struct Seen {
        git::ObjectId target;
        int drifted = 0;
    };
    std::map<QString, Seen> m_last;
};

} // namespace syncline::models
