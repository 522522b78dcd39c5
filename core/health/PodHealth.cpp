// Pod: gitops-engine health_pod.go. A long-running pod (restartPolicy Always) whose
// container waits with an Err*/…Error/…BackOff reason (CrashLoopBackOff, ImagePullBackOff,
// ErrImagePull, CreateContainerConfigError) is Degraded; otherwise the phase decides.
// Unlike Argo CD, init containers are looked at too: an init container in
// CrashLoopBackOff keeps the pod from ever starting.
#include "health/KindHealth.h"
#include "health/StatusFields.h"

#include <QStringList>

namespace syncline::health::rules {

namespace f = fields;

namespace {

bool isFailingWaitReason(const QString& reason) {
    return reason.startsWith(QLatin1String("Err")) || reason.endsWith(QLatin1String("Error")) ||
           reason.endsWith(QLatin1String("BackOff"));
}

// "container "api" is waiting: CrashLoopBackOff (back-off 5m0s restarting …)" for each
// container that waits for a failing reason.
QStringList failingContainers(const nlohmann::json& object) {
    QStringList messages;
    for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
        const nlohmann::json* statuses = f::find(object, {"status", list});
        if (!statuses || !statuses->is_array())
            continue;
        for (const auto& container : *statuses) {
            const QString reason = f::string(container, {"state", "waiting", "reason"});
            if (!isFailingWaitReason(reason))
                continue;
            QString message = QStringLiteral("container \"%1\" is waiting: %2").arg(f::string(container, {"name"}), reason);
            if (const QString detail = f::string(container, {"state", "waiting", "message"}); !detail.isEmpty())
                message += QStringLiteral(" (") + detail + QLatin1Char(')');
            messages << message;
        }
    }
    return messages;
}

// Why a failed pod failed: a terminated container's message, OOMKilled or exit code.
QString terminationMessage(const nlohmann::json& object) {
    for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
        const nlohmann::json* statuses = f::find(object, {"status", list});
        if (!statuses || !statuses->is_array())
            continue;
        for (const auto& container : *statuses) {
            const nlohmann::json* terminated = f::find(container, {"state", "terminated"});
            if (!terminated)
                continue;
            if (const QString message = f::string(*terminated, {"message"}); !message.isEmpty())
                return message;
            const QString name = f::string(container, {"name"});
            if (f::string(*terminated, {"reason"}) == QLatin1String("OOMKilled"))
                return QStringLiteral("container \"%1\" was OOMKilled").arg(name);
            if (const qint64 exitCode = f::integer(*terminated, {"exitCode"}, 0); exitCode != 0)
                return QStringLiteral("container \"%1\" failed with exit code %2").arg(name).arg(exitCode);
        }
    }
    return {};
}

// "container "api" restarted: OOMKilled (exit code 137)" for the first container whose
// previous run terminated, or empty.
QString lastTermination(const nlohmann::json& object) {
    const nlohmann::json* statuses = f::find(object, {"status", "containerStatuses"});
    if (!statuses || !statuses->is_array())
        return {};
    for (const auto& container : *statuses) {
        const nlohmann::json* terminated = f::find(container, {"lastState", "terminated"});
        if (!terminated || !terminated->is_object())
            continue;
        return QStringLiteral("container \"%1\" restarted: %2 (exit code %3)")
            .arg(f::string(container, {"name"}), f::string(*terminated, {"reason"}, QStringLiteral("terminated")))
            .arg(f::integer(*terminated, {"exitCode"}, 0));
    }
    return {};
}

QString orDefault(const QString& message, const QString& fallback) { return message.isEmpty() ? fallback : message; }

} // namespace

HealthStatus podHealth(const nlohmann::json& object) {
    const QString restartPolicy = f::string(object, {"spec", "restartPolicy"}, QStringLiteral("Always"));
    const bool longRunning = restartPolicy == QLatin1String("Always");
    // Hook-like pods (OnFailure/Never) are not judged by waiting reasons: an image that
    // appears later would still run them (the reason Argo CD gives).
    if (longRunning) {
        if (const QStringList failing = failingContainers(object); !failing.isEmpty())
            return {Health::Degraded, failing.join(QStringLiteral(", "))};
    }

    const QString phase = f::string(object, {"status", "phase"});
    const QString statusMessage = f::string(object, {"status", "message"});
    if (phase == QLatin1String("Pending")) {
        if (auto scheduled = f::condition(object, "PodScheduled"); scheduled && scheduled->isFalse())
            return {Health::Progressing,
                    QStringLiteral("Pod is pending: ") + f::reasonAndMessage(scheduled->reason, scheduled->message)};
        return {Health::Progressing, orDefault(statusMessage, QStringLiteral("Pod is pending"))};
    }
    if (phase == QLatin1String("Succeeded"))
        return {Health::Healthy, orDefault(statusMessage, QStringLiteral("Pod has completed successfully"))};
    if (phase == QLatin1String("Failed")) {
        if (!statusMessage.isEmpty())
            return {Health::Degraded, statusMessage};
        return {Health::Degraded, orDefault(terminationMessage(object), QStringLiteral("Pod failed"))};
    }
    if (phase == QLatin1String("Running")) {
        if (!longRunning)
            return {Health::Progressing, orDefault(statusMessage, QStringLiteral("Pod is running to completion"))};
        if (auto ready = f::condition(object, "Ready"); ready && ready->isTrue())
            return {Health::Healthy, orDefault(statusMessage, QStringLiteral("Pod is running and ready"))};
        if (const QString restarted = lastTermination(object); !restarted.isEmpty())
            return {Health::Degraded, orDefault(statusMessage, QStringLiteral("Pod is not ready; ") + restarted)};
        return {Health::Progressing, orDefault(statusMessage, QStringLiteral("Pod is running but not ready yet"))};
    }
    if (phase.isEmpty())
        return {Health::Progressing, QStringLiteral("Pod phase not reported yet")};
    return {Health::Unknown, orDefault(statusMessage, QStringLiteral("Pod phase is %1").arg(phase))};
}

} // namespace syncline::health::rules
