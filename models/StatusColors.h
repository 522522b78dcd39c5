#pragma once

#include "diff/ResourceState.h"
#include "health/Health.h"
#include "health/SyncStatus.h"

#include <QColor>

namespace syncline::models {

// The colours the panes paint status dots and pills with. Every status is also written
// out as text next to its colour, so nothing depends on telling colours apart.
inline QColor syncStatusColor(health::SyncStatus status) {
    switch (status) {
    case health::SyncStatus::Synced:
        return QColor(0x2b, 0x8a, 0x3e);
    case health::SyncStatus::OutOfSync:
        return QColor(0xe0, 0x8a, 0x00);
    case health::SyncStatus::Unknown:
        break;
    }
    return QColor(0x86, 0x8e, 0x96);
}

inline QColor healthColor(health::Health health) {
    switch (health) {
    case health::Health::Healthy:
        return QColor(0x2b, 0x8a, 0x3e);
    case health::Health::Progressing:
        return QColor(0x22, 0x8b, 0xe6);
    case health::Health::Suspended:
        return QColor(0x86, 0x8e, 0x96);
    case health::Health::Degraded:
        return QColor(0xe0, 0x31, 0x31);
    case health::Health::Missing:
        return QColor(0xe0, 0x8a, 0x00);
    case health::Health::Unknown:
        break;
    }
    return QColor(0x86, 0x8e, 0x96);
}

inline QColor resourceStateColor(diff::ResourceState state) {
    switch (state) {
    case diff::ResourceState::Modified:
        return QColor(0xe0, 0x8a, 0x00);
    case diff::ResourceState::Missing:
        return QColor(0x22, 0x8b, 0xe6);
    case diff::ResourceState::Extra:
        return QColor(0xbe, 0x4b, 0xdb);
    case diff::ResourceState::Same:
        break;
    }
    return QColor(0x86, 0x8e, 0x96);
}

inline QColor errorColor() { return QColor(0xc9, 0x2a, 0x2a); }

} // namespace syncline::models
