// StatefulSet: kubectl's rollout status rules (gitops-engine health_statefulset.go, kstatus
// stsConditions): the spec observed, every replica ready, the partitioned or full rolling
// update done (updateRevision == currentRevision once nothing is held back by a partition).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

HealthStatus statefulSetHealth(const nlohmann::json& object) {
    const qint64 generation = f::integer(object, {"metadata", "generation"}, 0);
    const qint64 observed = f::integer(object, {"status", "observedGeneration"}, 0);
    if (observed == 0 || generation > observed)
        return {Health::Progressing,
                QStringLiteral("Waiting for the StatefulSet spec update to be observed (observed generation %1, "
                               "generation %2)")
                    .arg(observed)
                    .arg(generation)};

    const qint64 replicas = f::integer(object, {"spec", "replicas"}, 1);
    const qint64 ready = f::integer(object, {"status", "readyReplicas"}, 0);
    const qint64 updated = f::integer(object, {"status", "updatedReplicas"}, 0);
    if (ready < replicas)
        return {
            Health::Progressing,
            QStringLiteral("Waiting for %1 pods to be ready (%2 of %3 ready)").arg(replicas - ready).arg(ready).arg(replicas)};

    if (f::string(object, {"spec", "updateStrategy", "type"}) == QLatin1String("OnDelete"))
        return {
            Health::Healthy,
            QStringLiteral("%1 of %2 pods ready (OnDelete update strategy: pods update when deleted)").arg(ready).arg(replicas)};

    const qint64 partition = f::integer(object, {"spec", "updateStrategy", "rollingUpdate", "partition"}, 0);
    const QString updateRevision = f::string(object, {"status", "updateRevision"});
    const QString currentRevision = f::string(object, {"status", "currentRevision"});
    if (partition > 0) {
        const qint64 target = std::max<qint64>(replicas - partition, 0);
        if (updated < target)
            return {Health::Progressing,
                    QStringLiteral("Waiting for partitioned roll out to finish: %1 out of %2 new pods have been updated")
                        .arg(updated)
                        .arg(target)};
        return {Health::Healthy, QStringLiteral("Partitioned roll out complete: %1 new pods have been updated (partition %2)")
                                     .arg(updated)
                                     .arg(partition)};
    }
    if (updated < replicas || updateRevision != currentRevision)
        return {Health::Progressing, QStringLiteral("Waiting for rolling update to complete: %1 of %2 pods at revision %3")
                                         .arg(updated)
                                         .arg(replicas)
                                         .arg(updateRevision)};
    return {Health::Healthy, QStringLiteral("%1 of %2 pods ready at revision %3").arg(ready).arg(replicas).arg(currentRevision)};
}

} // namespace syncline::health::rules
