#include "reconcile/KubeconfigClientProvider.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

namespace syncline::reconcile {

KubeconfigClientProvider::KubeconfigClientProvider(QString workspaceRoot,
                                                   std::shared_ptr<kube::ExecApprovals> approvals,
                                                   kube::HttpClientOptions options)
    : m_root(std::move(workspaceRoot)), m_approvals(std::move(approvals)), m_options(options) {}

workspace::ClusterRef KubeconfigClientProvider::resolved(const workspace::ClusterRef& cluster) const {
    workspace::ClusterRef absolute = cluster;
    if (absolute.kubeconfig.startsWith(QLatin1String("~/")))
        absolute.kubeconfig = QDir::homePath() + absolute.kubeconfig.mid(1);
    if (!absolute.kubeconfig.isEmpty() && QFileInfo(absolute.kubeconfig).isRelative())
        absolute.kubeconfig = QDir::cleanPath(QDir(m_root).absoluteFilePath(absolute.kubeconfig));
    return absolute;
}

util::Result<std::shared_ptr<kube::KubeClient>> KubeconfigClientProvider::clientFor(
    const workspace::ClusterRef& cluster) {
    const workspace::ClusterRef absolute = resolved(cluster);
    // A rewritten kubeconfig (new server, new token) gets a new client.
    const QFileInfo file(absolute.kubeconfig.isEmpty() ? QDir::homePath() + QStringLiteral("/.kube/config")
                                                       : absolute.kubeconfig);
    const QString version = QString::number(file.lastModified().toMSecsSinceEpoch()) + QLatin1Char(':') +
                            QString::number(file.size());
    const auto key = std::make_tuple(absolute.kubeconfig, absolute.context, absolute.insecure);
    QMutexLocker lock(&m_mutex);
    if (auto found = m_clients.find(key); found != m_clients.end() && found->second.version == version)
        return found->second.client;
    auto created = kube::HttpKubeClient::create(absolute, m_approvals, m_options);
    if (!created)
        return util::fail(created.error());
    std::shared_ptr<kube::KubeClient> client(std::move(*created));
    m_clients[key] = Entry{version, client};
    return client;
}

} // namespace syncline::reconcile
