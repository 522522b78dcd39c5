#pragma once

#include <QString>

namespace syncline::health {

// Ordered from best to worst, like Argo CD: a set of objects is as healthy as its worst.
// Missing (desired, not on the cluster) and Unknown (cannot tell) rank after Degraded.
enum class Health { Healthy, Progressing, Suspended, Degraded, Missing, Unknown };

inline bool isWorse(Health a, Health b) { return static_cast<int>(a) > static_cast<int>(b); }
inline Health worst(Health a, Health b) { return isWorse(a, b) ? a : b; }

inline QString healthName(Health health) {
    switch (health) {
    case Health::Healthy:
        return QStringLiteral("Healthy");
    case Health::Progressing:
        return QStringLiteral("Progressing");
    case Health::Suspended:
        return QStringLiteral("Suspended");
    case Health::Degraded:
        return QStringLiteral("Degraded");
    case Health::Missing:
        return QStringLiteral("Missing");
    case Health::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

// The verdict on one object, with the reason a user reads ("1 of 3 replicas available").
struct HealthStatus {
    Health health = Health::Unknown;
    QString message;

    bool operator==(const HealthStatus&) const = default;
};

} // namespace syncline::health
