#pragma once

#include "kube/ExecApprovals.h"
#include "kube/KubeConfig.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

namespace syncline::kube {

struct ClusterConnection;

// What an exec plugin answered (ExecCredential status). Holds secrets: never print it.
struct ExecCredential {
    QString token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    std::optional<QDateTime> expiry; // none: valid until the server says 401
};

// Runs a kubeconfig exec credential plugin (client.authentication.k8s.io/v1, v1beta1)
// for one cluster, only when its ExecFingerprint (resolved program and content hash,
// args, env, working directory, kubeconfig file, cluster) is approved, and caches its
// answer until it expires. Each run resolves and hashes the program anew and launches
// exactly the value it checked. Thread-safe; one plugin run at a time (others wait).
class ExecCredentialPlugin {
public:
    ExecCredentialPlugin(ExecConfig config, QString clusterKey, std::shared_ptr<ExecApprovals> approvals,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

    // The cached credential, or a fresh one from the plugin. Unapproved (or changed since
    // it was approved): an Auth error showing the command line, and nothing runs.
    util::Result<ExecCredential> credential(const ClusterConnection& connection, const util::CancellationToken& cancel);
    // Forget the cached credential (the server answered 401).
    void invalidate();

    const ExecConfig& config() const { return m_config; }
    // What would run now (the program resolved and hashed now).
    util::Result<ExecFingerprint> fingerprint() const;
    bool isApproved() const;

private:
    util::Result<ExecCredential> run(const ClusterConnection& connection, const util::CancellationToken& cancel);
    util::Result<ExecCredential> launch(const ExecFingerprint& approved, const ClusterConnection& connection,
                                        const util::CancellationToken& cancel);

    ExecConfig m_config;
    QString m_clusterKey;
    std::shared_ptr<ExecApprovals> m_approvals;
    std::chrono::milliseconds m_timeout;
    QMutex m_mutex;
    std::optional<ExecCredential> m_cached;
};

// Parses a plugin's stdout: an ExecCredential of `apiVersion` with a token or a client
// certificate and key.
util::Result<ExecCredential> parseExecCredential(const QByteArray& output, const QString& apiVersion);

} // namespace syncline::kube
