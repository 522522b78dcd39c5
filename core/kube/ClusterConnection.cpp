#include "kube/ClusterConnection.h"

#include "util/BoundedFile.h"

#include <QDir>

namespace syncline::kube {

namespace {

// Files a kubeconfig names (CA, client certificate and key, tokenFile): regular files of
// at most 1 MiB, never a device, a FIFO or a directory.
util::Result<QByteArray> readSmallFile(const QString& path, const QString& what, const QString& where) {
    return util::BoundedFile::read(path, ClusterConnection::kMaxCredentialFileBytes, what, where);
}

} // namespace

QString ClusterConnection::kubeconfigPath(const workspace::ClusterRef& ref, const QString& workspaceRoot) {
    QString path = ref.kubeconfig;
    if (path.isEmpty())
        return path;
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        path = QDir::homePath() + path.mid(1);
    if (QDir::isRelativePath(path) && !workspaceRoot.isEmpty())
        path = QDir(workspaceRoot).absoluteFilePath(path);
    return QDir::cleanPath(path);
}

util::Result<ClusterConnection> ClusterConnection::resolve(const workspace::ClusterRef& ref, const QString& workspaceRoot) {
    auto config = KubeConfig::load(kubeconfigPath(ref, workspaceRoot));
    if (!config)
        return util::fail(config.error());
    return fromConfig(*config, ref.context, ref.insecure);
}

util::Result<ClusterConnection> ClusterConnection::fromConfig(const KubeConfig& config, const QString& contextName,
                                                              bool insecureOverride) {
    auto context = config.context(contextName);
    if (!context)
        return util::fail(context.error());
    const QString where = QStringLiteral("context '%1' in %2").arg(context->name, context->sourceFile);
    ClusterConnection connection;
    connection.contextName = context->name;
    connection.clusterName = context->cluster;
    connection.userName = context->user;
    connection.kubeconfigFile = context->sourceFile;
    connection.defaultNamespace = context->namespaceName;

    auto cluster = config.clusters.find(context->cluster);
    if (context->cluster.isEmpty() || cluster == config.clusters.end())
        return util::fail(util::ErrorCode::NotFound,
                          QStringLiteral("cluster '%1' is not defined in %2").arg(context->cluster, config.describeFiles()),
                          where);
    const KubeCluster& c = cluster->second;
    if (c.server.isEmpty())
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("cluster '%1' has no server").arg(c.name), where);
    connection.server = QUrl(c.server);
    if (!connection.server.isValid() || connection.server.host().isEmpty() ||
        (connection.server.scheme() != QLatin1String("https") && connection.server.scheme() != QLatin1String("http")))
        return util::fail(util::ErrorCode::Invalid,
                          QStringLiteral("cluster '%1' has a server that is not an http(s) URL: %2").arg(c.name, c.server),
                          where);
    if (!c.certificateAuthorityData.isEmpty()) {
        connection.caPem = c.certificateAuthorityData;
    } else if (!c.certificateAuthority.isEmpty()) {
        auto ca = readSmallFile(c.certificateAuthority, QStringLiteral("certificate-authority"), where);
        if (!ca)
            return util::fail(ca.error());
        connection.caPem = *ca;
    }
    connection.tlsServerName = c.tlsServerName;
    connection.insecure = c.insecureSkipTlsVerify || insecureOverride;

    if (!context->user.isEmpty()) {
        auto user = config.users.find(context->user);
        if (user == config.users.end())
            return util::fail(util::ErrorCode::NotFound,
                              QStringLiteral("user '%1' is not defined in %2").arg(context->user, config.describeFiles()), where);
        const KubeUser& u = user->second;
        if (!u.clientCertificateData.isEmpty()) {
            connection.clientCertificatePem = u.clientCertificateData;
        } else if (!u.clientCertificate.isEmpty()) {
            auto cert = readSmallFile(u.clientCertificate, QStringLiteral("client-certificate"), where);
            if (!cert)
                return util::fail(cert.error());
            connection.clientCertificatePem = *cert;
        }
        if (!u.clientKeyData.isEmpty()) {
            connection.clientKeyPem = u.clientKeyData;
        } else if (!u.clientKey.isEmpty()) {
            auto key = readSmallFile(u.clientKey, QStringLiteral("client-key"), where);
            if (!key)
                return util::fail(key.error());
            connection.clientKeyPem = *key;
        }
        if (connection.clientCertificatePem.isEmpty() != connection.clientKeyPem.isEmpty())
            return util::fail(
                util::ErrorCode::Invalid,
                QStringLiteral("user '%1' has a client certificate without a key (or a key without a certificate)").arg(u.name),
                where);
        connection.token = u.token;
        if (connection.token.isEmpty() && !u.tokenFile.isEmpty()) {
            // Read once now so a missing file is reported up front; re-read on use.
            auto token = readSmallFile(u.tokenFile, QStringLiteral("tokenFile"), where);
            if (!token)
                return util::fail(token.error());
            connection.tokenFile = u.tokenFile;
        }
        connection.exec = u.exec;
    }
    return connection;
}

} // namespace syncline::kube
