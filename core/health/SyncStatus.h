#pragma once

#include <QString>

namespace syncline::health {

// Whether a cluster runs what Git says, ordered best to worst.
enum class SyncStatus { Synced, OutOfSync, Unknown };

inline QString syncStatusName(SyncStatus status) {
    switch (status) {
    case SyncStatus::Synced:
        return QStringLiteral("Synced");
    case SyncStatus::OutOfSync:
        return QStringLiteral("OutOfSync");
    case SyncStatus::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

} // namespace syncline::health
