#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace syncline::devcluster {

struct KubeconfigOptions {
    QString path;
    QString server;                  // https://127.0.0.1:<port>
    QString contextName;             // cluster, user and context share it
    QByteArray caPem;                // embedded as certificate-authority-data when not empty
    QString token;                   // the user's bearer token when not empty
    QByteArray clientCertificatePem; // else a client certificate (TLS), when not empty
    QByteArray clientKeyPem;
};

// Writes a kubeconfig for the devcluster (atomically, readable only by the owner since it
// may hold a token).
class KubeconfigWriter {
public:
    static QByteArray render(const KubeconfigOptions& options);
    static util::Result<void> write(const KubeconfigOptions& options);
};

} // namespace syncline::devcluster
