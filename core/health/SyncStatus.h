#pragma once

#include <QString>

namespace syncline::health {

// Whether what runs matches what Git says, ordered best to worst like Health.
enum class SyncStatus { Synced, OutOfSync, Unknown };

inline bool isWorse(SyncStatus a, SyncStatus b) { return static_cast<int>(a) > static_cast<int>(b); }
inline SyncStatus worst(SyncStatus a, SyncStatus b) { return isWorse(a, b) ? a : b; }

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

// Argo CD's spelling ("Synced", "OutOfSync"); anything else is Unknown.
inline SyncStatus syncStatusFromName(const QString& name) {
    if (name == QLatin1String("Synced"))
        return SyncStatus::Synced;
    if (name == QLatin1String("OutOfSync"))
        return SyncStatus::OutOfSync;
    return SyncStatus::Unknown;
}

} // namespace syncline::health
