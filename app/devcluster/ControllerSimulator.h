#pragma once

#include "Json.h"
#include "ObjectStore.h"

#include <QObject>
#include <QSet>
#include <QString>

namespace syncline::devcluster {

class ObjectService;
class ResourceCatalog;

// --simulate-controllers: what kube-controller-manager would do, after a delay. Workloads
// (Deployment, StatefulSet, DaemonSet, ReplicaSet) report all replicas ready for their
// current generation, Jobs complete, PersistentVolumeClaims bind, LoadBalancer Services
// get an ingress IP. Until the delay passes the status still shows the previous
// generation (or none), so a change reads as Progressing first.
class ControllerSimulator : public QObject {
    Q_OBJECT
public:
    ControllerSimulator(ObjectStore& store, ObjectService& service, ResourceCatalog& catalog, int delayMs,
                        QObject* parent = nullptr);

private:
    void onChanged(const WatchEvent& event);
    void settle(const std::string& storeId, const std::string& ns, const std::string& name, qint64 generation);
    static bool needsWork(const std::string& storeId, const Json& object);
    static Json settledStatus(const std::string& storeId, const Json& object);

    ObjectStore& m_store;
    ObjectService& m_service;
    ResourceCatalog& m_catalog;
    int m_delayMs;
    QSet<QString> m_pending;
};

} // namespace syncline::devcluster
