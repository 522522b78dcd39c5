#pragma once

#include "kube/ResourceWatch.h"
#include "reconcile/LiveChange.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <set>

namespace syncline::reconcile {

// The engine's watches: one per kind and namespace per cluster, shared by every
// environment on that cluster (ten applications in one namespace make one Deployment
// watch, not ten). Used on the engine's thread; the handlers run there too (queued to
// `context`, so nothing arrives after the context is gone).
class ClusterWatches {
public:
    using ChangeHandler = std::function<void(const kube::KubeClient* cluster, const LiveChange& change)>;
    using ResyncHandler = std::function<void(const kube::KubeClient* cluster, const kube::WatchTarget& target)>;

    ClusterWatches(QObject* context, ChangeHandler onChange, ResyncHandler onResync, kube::WatchPolicy policy = {});
    ~ClusterWatches(); // stops every watch and waits for their threads

    // Starts a watch for each of `targets` on the client's cluster that has none yet.
    void watch(const std::shared_ptr<kube::KubeClient>& client, const std::set<kube::WatchTarget>& targets);
    void stopAll();
    std::size_t count() const { return m_watches.size(); }

private:
    kube::ResourceWatch::Callbacks callbacksFor(const kube::KubeClient* cluster, const kube::WatchTarget& target) const;

    QPointer<QObject> m_context;
    ChangeHandler m_onChange;
    ResyncHandler m_onResync;
    kube::WatchPolicy m_policy;
    std::map<std::pair<const kube::KubeClient*, kube::WatchTarget>, std::unique_ptr<kube::ResourceWatch>> m_watches;
};

} // namespace syncline::reconcile
