#include "reconcile/KubeconfigClientProvider.h"

#include "kube/ClusterConnection.h"
#include "kube/KubeConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

namespace syncline::reconcile {

namespace {

// The kubeconfig with `contextName`'s user replaced by one that holds only `token`.
// A fresh user entry, so credentials of a user shared with other contexts never mix in.
void useStoredToken(kube::KubeConfig& config, const QString& contextName, const QString& token) {
    kube::KubeContext& context = config.contexts[contextName];
    kube::KubeUser user;
    user.name = QStringLiteral("syncline-stored-token:") + contextName;
    user.token = token;
    user.sourceFile = context.sourceFile;
    context.user = user.name;
    config.users[user.name] = user;
}

} // namespace

KubeconfigClientProvider::KubeconfigClientProvider(QString workspaceRoot,
                                                   std::shared_ptr<kube::ExecApprovals> approvals,
                                                   kube::HttpClientOptions options, TokenLookup tokenLookup)
    : m_root(std::move(workspaceRoot))
    , m_approvals(std::move(approvals))
    , m_options(options)
    , m_tokenLookup(std::move(tokenLookup)) {}

workspace::ClusterRef KubeconfigClientProvider::resolved(const workspace::ClusterRef& cluster) const {
    workspace::ClusterRef absolute = cluster;
    if (absolute.kubeconfig.startsWith(QLatin1String("~/")))
        absolute.kubeconfig = QDir::homePath() + absolute.kubeconfig.mid(1);
    if (!absolute.kubeconfig.isEmpty() && QFileInfo(absolute.kubeconfig).isRelative())
        absolute.kubeconfig = QDir::cleanPath(QDir(m_root).absoluteFilePath(absolute.kubeconfig));
    return absolute;
}

util::Result<StoredTokenScope> KubeconfigClientProvider::tokenScope(const workspace::ClusterRef& cluster,
                                                                    const QString& workspaceRoot) {
    auto config = kube::KubeConfig::load(kube::ClusterConnection::kubeconfigPath(cluster, workspaceRoot));
    if (!config)
        return util::fail(config.error());
    auto context = config->context(cluster.context);
    if (!context)
        return util::fail(context.error());
    return StoredTokenScope{QDir::cleanPath(QFileInfo(context->sourceFile).absoluteFilePath()), context->name};
}

util::Result<std::shared_ptr<kube::KubeClient>> KubeconfigClientProvider::makeClient(const workspace::ClusterRef& absolute) {
    auto config = kube::KubeConfig::load(kube::ClusterConnection::kubeconfigPath(absolute));
    if (!config)
        return util::fail(config.error());
    auto context = config->context(absolute.context);
    if (!context)
        return util::fail(context.error());
    if (m_tokenLookup) {
        const QString file = QDir::cleanPath(QFileInfo(context->sourceFile).absoluteFilePath());
        if (const std::optional<QString> token = m_tokenLookup(file, context->name); token && !token->isEmpty())
            useStoredToken(*config, context->name, *token);
    }
    // The token only ever goes into the connection; HttpKubeClient scrubs it from errors.
    auto connection = kube::ClusterConnection::fromConfig(*config, context->name, absolute.insecure);
    if (!connection)
        return util::fail(connection.error());
    return std::shared_ptr<kube::KubeClient>(
        std::make_shared<kube::HttpKubeClient>(std::move(*connection), m_approvals, m_options));
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
    {
        QMutexLocker lock(&m_mutex);
        if (auto found = m_clients.find(key); found != m_clients.end() && found->second.version == version)
            return found->second.client;
    }
    // Made without the lock: the token lookup may wait for the keychain, and other
    // clusters' threads must not wait with it.
    auto created = makeClient(absolute);
    if (!created)
        return util::fail(created.error());
    QMutexLocker lock(&m_mutex);
    if (auto found = m_clients.find(key); found != m_clients.end() && found->second.version == version)
        return found->second.client; // another thread made one meanwhile: everyone shares it
    m_clients[key] = Entry{version, *created};
    return *created;
}

} // namespace syncline::reconcile
