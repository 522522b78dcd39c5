#include "reconcile/ClusterConsent.h"

#include "kube/ClusterConnection.h"
#include "kube/KubeConfig.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace syncline::reconcile {

bool ClusterConsent::sameCluster(const ClusterConsent& other) const {
    return kubeconfigFile == other.kubeconfigFile && context == other.context && server == other.server &&
           caFingerprint == other.caFingerprint;
}

QStringList ClusterConsent::changesFrom(const ClusterConsent& before) const {
    QStringList changes;
    auto compare = [&](const char* label, const QString& was, const QString& now) {
        if (was != now)
            changes << QStringLiteral("%1 %2 → %3").arg(QLatin1String(label), was, now);
    };
    compare("kubeconfig", before.kubeconfigFile, kubeconfigFile);
    compare("context", before.context, context);
    compare("server", before.server, server);
    compare("CA", before.caFingerprint, caFingerprint);
    return changes;
}

QString ClusterConsent::describe() const {
    return QStringLiteral("kubeconfig %1, context %2, server %3, CA %4").arg(kubeconfigFile, context, server, caFingerprint);
}

QStringList ClusterConsent::lines() const {
    return {QStringLiteral("kubeconfig: ") + kubeconfigFile, QStringLiteral("context:    ") + context,
            QStringLiteral("server:     ") + server, QStringLiteral("CA:         ") + caFingerprint};
}

QString ClusterConsent::caFingerprintOf(const kube::ClusterConnection& connection) {
    if (connection.insecure)
        return kTlsOff;
    if (connection.caPem.isEmpty())
        return kSystemCa;
    return QStringLiteral("sha256:") +
           QString::fromLatin1(QCryptographicHash::hash(connection.caPem, QCryptographicHash::Sha256).toHex());
}

ClusterConsent ClusterConsent::of(const kube::ClusterConnection& connection) {
    ClusterConsent consent;
    consent.kubeconfigFile = QDir::cleanPath(QFileInfo(connection.kubeconfigFile).absoluteFilePath());
    consent.context = connection.contextName;
    // User-info is a credential, not the server's identity; it never goes into a record.
    consent.server = connection.server.toString(QUrl::RemoveUserInfo);
    consent.caFingerprint = caFingerprintOf(connection);
    return consent;
}

util::Result<ClusterConsent> ClusterConsent::resolve(const kube::KubeConfig& config, const QString& contextName, bool insecure) {
    auto context = config.context(contextName);
    if (!context)
        return util::fail(context.error());
    // The cluster side only: a blank user, so no credential file is read for the question.
    kube::KubeConfig clusterOnly = config;
    kube::KubeUser blank;
    blank.name = QStringLiteral("syncline-consent:") + context->name;
    blank.sourceFile = context->sourceFile;
    clusterOnly.users[blank.name] = blank;
    clusterOnly.contexts[context->name].user = blank.name;
    auto connection = kube::ClusterConnection::fromConfig(clusterOnly, context->name, insecure);
    if (!connection)
        return util::fail(connection.error());
    return of(*connection);
}

util::Result<ClusterConsent> ClusterConsent::resolve(const workspace::ClusterRef& cluster, const QString& workspaceRoot) {
    auto config = kube::KubeConfig::load(kube::ClusterConnection::kubeconfigPath(cluster, workspaceRoot));
    if (!config)
        return util::fail(config.error());
    return resolve(*config, cluster.context, cluster.insecure);
}

util::Error ClusterConsent::required(const QString& environment, const ClusterConsent& current,
                                     const std::optional<ClusterConsent>& recorded) {
    const QString how = QStringLiteral("run `syncline clusters trust %1` or use Trust in the window").arg(environment);
    if (recorded && !recorded->sameCluster(current))
        return util::makeError(
            util::ErrorCode::ConsentRequired,
            QStringLiteral("cluster for '%1' changed since you trusted it (%2): %3; %4")
                .arg(environment, current.changesFrom(*recorded).join(QStringLiteral(", ")), current.describe(), how));
    return util::makeError(util::ErrorCode::ConsentRequired,
                           QStringLiteral("cluster for '%1' not trusted yet: %2; %3").arg(environment, current.describe(), how));
}

} // namespace syncline::reconcile
