// Job and CronJob: gitops-engine health_job.go and Argo CD's batch/CronJob check;
// suspension as kstatus reports it.
#include "health/KindHealth.h"
#include "health/StatusFields.h"

#include <QDateTime>

namespace syncline::health::rules {

namespace f = fields;

HealthStatus jobHealth(const nlohmann::json& object) {
    for (const auto& condition : f::conditions(object)) {
        if (!condition.isTrue())
            continue;
        if (condition.type == QLatin1String("Failed"))
            return {Health::Degraded, QStringLiteral("Job failed: ") + f::reasonAndMessage(condition.reason, condition.message)};
    }
    for (const auto& condition : f::conditions(object)) {
        if (!condition.isTrue())
            continue;
        if (condition.type == QLatin1String("Complete"))
            return {Health::Healthy,
                    QStringLiteral("Job completed: %1 succeeded").arg(f::integer(object, {"status", "succeeded"}, 0))};
        if (condition.type == QLatin1String("Suspended"))
            return {Health::Suspended, QStringLiteral("Job is suspended")};
    }
    if (f::boolean(object, {"spec", "suspend"}))
        return {Health::Suspended, QStringLiteral("Job is suspended")};
    const qint64 active = f::integer(object, {"status", "active"}, 0);
    const qint64 succeeded = f::integer(object, {"status", "succeeded"}, 0);
    const qint64 failed = f::integer(object, {"status", "failed"}, 0);
    if (f::string(object, {"status", "startTime"}).isEmpty() && active == 0)
        return {Health::Progressing, QStringLiteral("Job has not started yet")};
    return {Health::Progressing,
            QStringLiteral("Job is running: %1 active, %2 succeeded, %3 failed").arg(active).arg(succeeded).arg(failed)};
}

HealthStatus cronJobHealth(const nlohmann::json& object) {
    if (f::boolean(object, {"spec", "suspend"}))
        return {Health::Suspended, QStringLiteral("CronJob is suspended")};
    const QString schedule = f::string(object, {"spec", "schedule"});
    const std::size_t active = f::arraySize(object, {"status", "active"});
    if (active > 0)
        return {Health::Progressing, QStringLiteral("%1 job(s) running (schedule \"%2\")").arg(active).arg(schedule)};

    // The last run failed when it was scheduled after the last success (or there was none)
    // and nothing is still running.
    const QString lastSchedule = f::string(object, {"status", "lastScheduleTime"});
    const QString lastSuccess = f::string(object, {"status", "lastSuccessfulTime"});
    if (!lastSchedule.isEmpty()) {
        const QDateTime scheduled = QDateTime::fromString(lastSchedule, Qt::ISODate);
        const QDateTime succeeded = QDateTime::fromString(lastSuccess, Qt::ISODate);
        if (!succeeded.isValid() || (scheduled.isValid() && succeeded < scheduled))
            return {Health::Degraded, QStringLiteral("The job scheduled at %1 did not succeed (last success: %2)")
                                          .arg(lastSchedule, lastSuccess.isEmpty() ? QStringLiteral("never") : lastSuccess)};
        return {Health::Healthy, QStringLiteral("Last run succeeded at %1 (schedule \"%2\")").arg(lastSuccess, schedule)};
    }
    return {Health::Healthy, QStringLiteral("Not run yet (schedule \"%1\")").arg(schedule)};
}

} // namespace syncline::health::rules
