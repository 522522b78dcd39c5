// PersistentVolumeClaim: by phase (gitops-engine health_pvc.go).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

HealthStatus persistentVolumeClaimHealth(const nlohmann::json& object) {
    const QString phase = f::string(object, {"status", "phase"});
    const QString volume = f::string(object, {"spec", "volumeName"});
    if (phase == QLatin1String("Bound"))
        return {Health::Healthy, volume.isEmpty() ? QStringLiteral("Bound") : QStringLiteral("Bound to volume %1").arg(volume)};
    if (phase == QLatin1String("Pending")) {
        QString message = QStringLiteral("Waiting for a volume to be bound");
        if (const QString storageClass = f::string(object, {"spec", "storageClassName"}); !storageClass.isEmpty())
            message += QStringLiteral(" (storage class %1)").arg(storageClass);
        return {Health::Progressing, message};
    }
    if (phase == QLatin1String("Lost"))
        return {Health::Degraded, volume.isEmpty() ? QStringLiteral("The bound volume is lost")
                                                   : QStringLiteral("The bound volume %1 is lost").arg(volume)};
    if (phase.isEmpty())
        return {Health::Unknown, QStringLiteral("Claim phase not reported yet")};
    return {Health::Unknown, QStringLiteral("Claim phase is %1").arg(phase)};
}

} // namespace syncline::health::rules
