#pragma once

#include "kube/KubeConfig.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace syncline::kube {

// Everything needed to reach one cluster, resolved from (kubeconfig, context, insecure):
// files are read, -data fields decoded. Holds credentials: never print it.
struct ClusterConnection {
    QString contextName;
    QString clusterName;
    QString userName;
    QString kubeconfigFile; // the file that defined the context
    QString defaultNamespace;

    QUrl server;
    QByteArray caPem; // empty: the system's CA store
    QString tlsServerName;
    bool insecure = false; // TLS verification off (kubeconfig or the workspace's override)

    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QString token;
    QString tokenFile; // re-read on use (rotated service-account tokens)
    std::optional<ExecConfig> exec;

    // A file the kubeconfig names is read only when it is a regular file of at most this.
    static constexpr qint64 kMaxCredentialFileBytes = 1024 * 1024;

    // The name for messages: the context, or the server.
    QString displayName() const { return contextName.isEmpty() ? server.toString() : contextName; }
    // What exec approvals are keyed by: the context and the server it points to.
    QString clusterKey() const { return contextName + QLatin1Char('@') + server.toString(); }

    // From a workspace's ClusterRef (empty kubeconfig: $KUBECONFIG / ~/.kube/config). A
    // relative kubeconfig path resolves against `workspaceRoot` (syncline.yaml's folder)
    // when given, "~/" against the home folder.
    static util::Result<ClusterConnection> resolve(const workspace::ClusterRef& ref, const QString& workspaceRoot = {});
    static QString kubeconfigPath(const workspace::ClusterRef& ref, const QString& workspaceRoot = {});
    static util::Result<ClusterConnection> fromConfig(const KubeConfig& config, const QString& context,
                                                      bool insecureOverride = false);
};

} // namespace syncline::kube
