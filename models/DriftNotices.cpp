#include "DriftNotices.h"

#include "ResourceDiffModel.h"

#include <QCoreApplication>

namespace syncline::models {

std::optional<QString> DriftNotices::feed(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot || snapshot->error || snapshot->targetRevision.isNull())
        return std::nullopt; // nothing reliable to compare
    const Seen now{snapshot->targetRevision, snapshot->drifted()};
    const auto last = m_last.find(snapshot->environment);
    const bool appeared =
        last != m_last.end() && last->second.target == now.target && last->second.drifted == 0 && now.drifted > 0;
    m_last[snapshot->environment] = now;
    if (!appeared)
        return std::nullopt;
    return QCoreApplication::translate("DriftNotices", "Drift on %1: %2 — changed on the cluster, not in Git")
        .arg(snapshot->environment, ResourceDiffModel::countsText(*snapshot));
}

} // namespace syncline::models
