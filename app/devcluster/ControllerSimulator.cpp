#include "ControllerSimulator.h"

#include "JsonUtil.h"
#include "ObjectService.h"
#include "ResourceCatalog.h"

#include <QTimer>

#include <cstdio>

namespace syncline::devcluster {

namespace {

const std::string kDeployments = "apps/deployments";
const std::string kStatefulSets = "apps/statefulsets";
const std::string kDaemonSets = "apps/daemonsets";
const std::string kReplicaSets = "apps/replicasets";
const std::string kJobs = "batch/jobs";
const std::string kClaims = "/persistentvolumeclaims";
const std::string kServices = "/services";

qint64 generationOf(const Json& object) {
    const Json* meta = json::child(object, "metadata");
    const Json* generation = meta ? json::child(*meta, "generation") : nullptr;
    return generation && generation->is_number_integer() ? generation->get<qint64>() : 0;
}

qint64 replicasOf(const Json& object) {
    const Json* spec = json::child(object, "spec");
    const Json* replicas = spec ? json::child(*spec, "replicas") : nullptr;
    return replicas && replicas->is_number_integer() ? replicas->get<qint64>() : 1;
}

// A stored status field, or `fallback` when missing or of another type (a client may
// write any status; it must not stop the simulation).
qint64 integerOr(const Json& status, const char* key, qint64 fallback) {
    const Json* value = json::child(status, key);
    return value && value->is_number_integer() ? value->get<qint64>() : fallback;
}

Json statusOf(const Json& object) {
    const Json* status = json::child(object, "status");
    return status && status->is_object() ? *status : Json::object();
}

Json condition(const char* type, const char* reason, const char* message) {
    const std::string now = ObjectService::now();
    return Json{{"type", type},     {"status", "True"},  {"lastUpdateTime", now}, {"lastTransitionTime", now},
                {"reason", reason}, {"message", message}};
}

bool isWorkload(const std::string& storeId) {
    return storeId == kDeployments || storeId == kStatefulSets || storeId == kDaemonSets || storeId == kReplicaSets;
}

} // namespace

ControllerSimulator::ControllerSimulator(ObjectStore& store, ObjectService& service, ResourceCatalog& catalog, int delayMs,
                                         QObject* parent)
    : QObject(parent), m_store(store), m_service(service), m_catalog(catalog), m_delayMs(delayMs) {
    connect(&m_store, &ObjectStore::changed, this, &ControllerSimulator::onChanged);
    // Objects stored before a restart that never settled.
    for (const std::string& storeId : {kDeployments, kStatefulSets, kDaemonSets, kReplicaSets, kJobs, kClaims, kServices})
        if (const auto* bucket = m_store.bucket(storeId))
            for (const auto& [key, object] : *bucket)
                onChanged(WatchEvent{QByteArrayLiteral("ADDED"), storeId, object, 0});
}

bool ControllerSimulator::needsWork(const std::string& storeId, const Json& object) {
    const Json status = statusOf(object);
    if (isWorkload(storeId)) {
        const qint64 want = storeId == kDaemonSets ? 1 : replicasOf(object);
        const char* ready = storeId == kDaemonSets ? "numberReady" : "readyReplicas";
        return integerOr(status, "observedGeneration", -1) != generationOf(object) || integerOr(status, ready, -1) != want;
    }
    if (storeId == kJobs)
        return !status.contains("completionTime");
    if (storeId == kClaims)
        return json::text(status, "phase") != "Bound";
    if (storeId == kServices) {
        const Json* spec = json::child(object, "spec");
        if (!spec || json::text(*spec, "type") != "LoadBalancer")
            return false;
        return !status.contains("loadBalancer") || !status["loadBalancer"].contains("ingress");
    }
    return false;
}

void ControllerSimulator::onChanged(const WatchEvent& event) {
    if (event.type == "DELETED" || !needsWork(event.storeId, event.object))
        return;
    const std::string ns = json::metaText(event.object, "namespace");
    const std::string name = json::metaText(event.object, "name");
    const qint64 generation = generationOf(event.object);
    const QString key = QString::fromStdString(event.storeId + '|' + ns + '/' + name + '#' + std::to_string(generation));
    if (m_pending.contains(key))
        return;
    m_pending.insert(key);
    QTimer::singleShot(m_delayMs, this, [this, key, storeId = event.storeId, ns, name, generation] {
        m_pending.remove(key);
        settle(storeId, ns, name, generation);
    });
}

void ControllerSimulator::settle(const std::string& storeId, const std::string& ns, const std::string& name, qint64 generation) {
    const Json* object = m_store.find(storeId, ns, name);
    if (!object || generationOf(*object) != generation || !needsWork(storeId, *object))
        return; // gone, or changed again (a newer timer handles it)
    const ResourceType* type = m_catalog.findStoreId(storeId);
    if (!type)
        return;
    const Json copy = *object;
    // Runs from a timer: nothing may escape into the event loop.
    try {
        m_service.writeStatus(*type, copy, settledStatus(storeId, copy));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "syncline-devcluster: cannot settle %s %s/%s: %s\n", storeId.c_str(), ns.c_str(), name.c_str(),
                     e.what());
    }
}

Json ControllerSimulator::settledStatus(const std::string& storeId, const Json& object) {
    Json status = statusOf(object);
    const qint64 generation = generationOf(object);
    const qint64 replicas = replicasOf(object);
    if (storeId == kDeployments || storeId == kReplicaSets || storeId == kStatefulSets) {
        status["observedGeneration"] = generation;
        status["replicas"] = replicas;
        status["readyReplicas"] = replicas;
        status["availableReplicas"] = replicas;
        if (storeId != kReplicaSets)
            status["updatedReplicas"] = replicas;
        if (storeId == kDeployments) {
            status["conditions"] =
                Json::array({condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                             condition("Progressing", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.")});
        }
        if (storeId == kStatefulSets) {
            const std::string revision = json::metaText(object, "name") + "-" + std::to_string(generation);
            status["currentReplicas"] = replicas;
            status["currentRevision"] = revision;
            status["updateRevision"] = revision;
            status["collisionCount"] = 0;
        }
    } else if (storeId == kDaemonSets) {
        status["observedGeneration"] = generation;
        for (const char* key :
             {"desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable"})
            status[key] = 1;
        status["numberMisscheduled"] = 0;
    } else if (storeId == kJobs) {
        const Json* spec = json::child(object, "spec");
        const Json* completions = spec ? json::child(*spec, "completions") : nullptr;
        const std::string now = ObjectService::now();
        const std::string started = json::text(status, "startTime");
        status["startTime"] = started.empty() ? now : started;
        status["completionTime"] = now;
        status["succeeded"] = completions && completions->is_number_integer() ? completions->get<qint64>() : 1;
        status["conditions"] =
            Json::array({Json{{"type", "Complete"}, {"status", "True"}, {"lastProbeTime", now}, {"lastTransitionTime", now}}});
    } else if (storeId == kClaims) {
        status["phase"] = "Bound";
        status["accessModes"] = Json::array({"ReadWriteOnce"});
        const Json* spec = json::child(object, "spec");
        const Json* resources = spec ? json::child(*spec, "resources") : nullptr;
        const Json* requests = resources ? json::child(*resources, "requests") : nullptr;
        if (requests)
            status["capacity"] = *requests;
    } else if (storeId == kServices) {
        status["loadBalancer"] = Json{{"ingress", Json::array({Json{{"ip", "127.0.0.1"}, {"ipMode", "VIP"}}})}};
    }
    return status;
}

} // namespace syncline::devcluster
