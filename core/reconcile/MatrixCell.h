#pragma once

#include "reconcile/EnvironmentSnapshot.h"

#include <QString>
#include <QStringList>

namespace syncline::reconcile {

// One application in one environment as the environment matrix shows it: what the cluster
// runs there (deployed revision, images, Helm charts), how it compares with Git (sync,
// health, drifted objects) and whether it differs from the environment on its left.
struct MatrixCell {
    QString unit;         // the unit's name ("web-staging")
    SnapshotPtr snapshot; // null until the engine has read the unit once
    QStringList images;   // what the live containers run, sorted, each once
    QStringList charts;   // "helm.sh/chart" labels ("web-1.4.2"), sorted, each once
    int drifted = 0;      // Modified, Missing and owned Extra objects
    // The deployed revision or the images differ from those of the nearest environment on
    // the left that runs the application (false while either side is unread).
    bool differsFromLeft = false;

    bool known() const { return snapshot != nullptr; }
    QString deployed() const { return snapshot && snapshot->deployed ? snapshot->deployed->commit.toHex() : QString(); }
    // "Synced Healthy 1a2b3c4 registry/web:1.4 (2 drifted)", led by "* " when it differs
    // from its left: `syncline matrix`'s cell.
    QString text() const {
        const QString marker = differsFromLeft ? QStringLiteral("* ") : QString();
        if (!snapshot || snapshot->error)
            return marker + QStringLiteral("unknown");
        QString out = health::syncStatusName(snapshot->sync) + QLatin1Char(' ') + health::healthName(snapshot->health.health) +
                      QLatin1Char(' ') + (deployed().isEmpty() ? QStringLiteral("-") : deployed().left(7));
        if (!images.isEmpty())
            out += QLatin1Char(' ') + images.join(QLatin1Char(','));
        if (drifted > 0)
            out += QStringLiteral(" (%1 drifted)").arg(drifted);
        return marker + out;
    }
};

} // namespace syncline::reconcile
