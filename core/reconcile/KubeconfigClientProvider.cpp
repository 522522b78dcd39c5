#include "reconcile/KubeconfigClientProvider.h"

#include "kube/ClusterConnection.h"
#include "kube/KubeConfig.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
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

// What the kubeconfig files say now: their content's hash. Time and size are not enough —
// a repository's kubeconfig rewritten with another server of the same length in the same
// millisecond must not find the old client. Only regular files under the cap are read;
// anything else is left to KubeConfig::load, which refuses it.
QString kubeconfigVersion(const QString& kubeconfig) {
    QStringList files;
    if (!kubeconfig.isEmpty())
        files << kubeconfig;
    else if (const QString list = qEnvironmentVariable("KUBECONFIG"); !list.isEmpty())
        files = list.split(QLatin1Char(':'), Qt::SkipEmptyParts);
    else
        files << QDir::homePath() + QStringLiteral("/.kube/config");
    constexpr qint64 kMaxHashedBytes = 16 * 1024 * 1024;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& path : files) {
        const QFileInfo info(path);
        hash.addData(path.toUtf8());
        hash.addData(
            QByteArray(QByteArray::number(info.size()) + ':' + QByteArray::number(info.lastModified().toMSecsSinceEpoch())));
        QFile file(path);
        if (info.isFile() && info.size() <= kMaxHashedBytes && file.open(QIODevice::ReadOnly))
            hash.addData(file.read(kMaxHashedBytes));
    }
    return QString::fromLatin1(hash.result().toHex());
}

StoredTokenScope scopeOf(const ClusterConsent& cluster) {
    return StoredTokenScope{cluster.kubeconfigFile, cluster.context, cluster.server, cluster.caFingerprint};
}

} // namespace

KubeconfigClientProvider::KubeconfigClientProvider(QString workspaceRoot, std::shared_ptr<kube::ExecApprovals> approvals,
                                                   std::shared_ptr<ClusterConsentStore> consent, kube::HttpClientOptions options,
                                                   TokenLookup tokenLookup)
    : m_root(std::move(workspaceRoot)), m_repositoryKey(ClusterConsentStore::repositoryKeyOf(m_root)),
      m_approvals(std::move(approvals)), m_consent(std::move(consent)), m_options(options),
      m_tokenLookup(std::move(tokenLookup)) {}

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
    auto resolvedCluster = ClusterConsent::resolve(cluster, workspaceRoot);
    if (!resolvedCluster)
        return util::fail(resolvedCluster.error());
    return scopeOf(*resolvedCluster);
}

std::optional<util::Error> KubeconfigClientProvider::untrusted(const QString& environment, const ClusterConsent& cluster) const {
    const auto recorded = m_consent ? m_consent->recorded(m_repositoryKey, environment) : std::nullopt;
    if (recorded && recorded->sameCluster(cluster))
        return std::nullopt;
    return ClusterConsent::required(environment, cluster, recorded);
}

util::Result<KubeconfigClientProvider::Entry> KubeconfigClientProvider::makeClient(const workspace::Environment& environment,
                                                                                   const workspace::ClusterRef& absolute) {
    auto config = kube::KubeConfig::load(kube::ClusterConnection::kubeconfigPath(absolute));
    if (!config)
        return util::fail(config.error());
    auto cluster = ClusterConsent::resolve(*config, absolute.context, absolute.insecure);
    if (!cluster)
        return util::fail(cluster.error());
    // Before any credential is read or looked up: an untrusted cluster gets nothing.
    if (auto refused = untrusted(environment.name, *cluster))
        return util::fail(*refused);
    if (m_tokenLookup) {
        if (const std::optional<QString> token = m_tokenLookup(scopeOf(*cluster)); token && !token->isEmpty())
            useStoredToken(*config, cluster->context, *token);
    }
    // The token only ever goes into the connection; HttpKubeClient scrubs it from errors.
    auto connection = kube::ClusterConnection::fromConfig(*config, cluster->context, absolute.insecure);
    if (!connection)
        return util::fail(connection.error());
    if (!ClusterConsent::of(*connection).sameCluster(*cluster))
        return util::fail(ClusterConsent::required(environment.name, ClusterConsent::of(*connection), *cluster));
    auto client = std::make_shared<kube::HttpKubeClient>(std::move(*connection), m_approvals, m_options);
    return Entry{{}, *cluster, client};
}

util::Result<std::shared_ptr<kube::KubeClient>> KubeconfigClientProvider::clientFor(const workspace::Environment& environment) {
    const workspace::ClusterRef absolute = resolved(environment.cluster);
    // A rewritten kubeconfig (new server, new token) gets a new client, and is asked about.
    const QString version = kubeconfigVersion(absolute.kubeconfig);
    const auto key = std::make_tuple(absolute.kubeconfig, absolute.context, absolute.insecure);
    std::optional<Entry> cached;
    {
        QMutexLocker lock(&m_mutex);
        m_lastCluster.erase(environment.name); // set again only when the cluster is trusted
        if (auto found = m_clients.find(key); found != m_clients.end() && found->second.version == version)
            cached = found->second;
    }
    if (cached) {
        // Asked every time: consent may have been withdrawn, or given to another environment only.
        if (auto refused = untrusted(environment.name, cached->cluster))
            return util::fail(*refused);
        QMutexLocker lock(&m_mutex);
        m_lastCluster[environment.name] = cached->cluster;
        return cached->client;
    }
    // Made without the lock: the token lookup may wait for the keychain, and other
    // clusters' threads must not wait with it.
    auto created = makeClient(environment, absolute);
    if (!created)
        return util::fail(created.error());
    created->version = version;
    QMutexLocker lock(&m_mutex);
    m_lastCluster[environment.name] = created->cluster;
    if (auto found = m_clients.find(key); found != m_clients.end() && found->second.version == version)
        return found->second.client; // another thread made one meanwhile: everyone shares it
    m_clients[key] = *created;
    return created->client;
}

AllowedAutomation KubeconfigClientProvider::allowedAutomation(const workspace::Environment& environment) {
    std::optional<ClusterConsent> cluster;
    {
        QMutexLocker lock(&m_mutex);
        if (auto found = m_lastCluster.find(environment.name); found != m_lastCluster.end())
            cluster = found->second;
    }
    if (!cluster || !m_consent)
        return {};
    const auto recorded = m_consent->recorded(m_repositoryKey, environment.name);
    if (!recorded || !recorded->sameCluster(*cluster))
        return {};
    return {recorded->allowAutoSync, recorded->allowPrune};
}

} // namespace syncline::reconcile
