#include "reconcile/ClusterWatches.h"

#include <QLoggingCategory>

namespace syncline::reconcile {

namespace {
Q_LOGGING_CATEGORY(watchLog, "syncline.watch")
}

ClusterWatches::ClusterWatches(QObject* context, ChangeHandler onChange, ResyncHandler onResync, kube::WatchPolicy policy)
    : m_context(context), m_onChange(std::move(onChange)), m_onResync(std::move(onResync)), m_policy(policy) {}

ClusterWatches::~ClusterWatches() { stopAll(); }

void ClusterWatches::stopAll() { m_watches.clear(); }

void ClusterWatches::watch(const std::shared_ptr<kube::KubeClient>& client, const std::set<kube::WatchTarget>& targets) {
    for (const auto& target : targets) {
        auto& slot = m_watches[{client.get(), target}];
        if (!slot)
            slot = std::make_unique<kube::ResourceWatch>(client, target, callbacksFor(client.get(), target), m_policy);
    }
}

// On the watch's thread: each callback queues its handler to the context's thread.
kube::ResourceWatch::Callbacks ClusterWatches::callbacksFor(const kube::KubeClient* cluster,
                                                            const kube::WatchTarget& target) const {
    kube::ResourceWatch::Callbacks callbacks;
    QPointer<QObject> context = m_context;
    callbacks.onEvent = [context, cluster, handler = m_onChange](const kube::WatchEvent& event) {
        LiveChange change{manifest::ResourceKey::of(event.object), std::nullopt};
        if (event.type != kube::WatchEvent::Type::Deleted)
            change.object = event.object;
        if (context)
            QMetaObject::invokeMethod(
                context, [handler, cluster, change] { handler(cluster, change); }, Qt::QueuedConnection);
    };
    callbacks.onResync = [context, cluster, target, handler = m_onResync] {
        if (context)
            QMetaObject::invokeMethod(
                context, [handler, cluster, target] { handler(cluster, target); }, Qt::QueuedConnection);
    };
    callbacks.onProblem = [cluster, target](const util::Error& error) {
        // Errors are scrubbed of tokens by the client; the watch tries again by itself.
        qCInfo(watchLog, "watch of %s on %s: %s (retrying)", qPrintable(target.toString()), qPrintable(cluster->clusterName()),
               qPrintable(error.toString()));
    };
    return callbacks;
}

} // namespace syncline::reconcile
