#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace syncline::devcluster {

// A private CA and a server certificate it signs for 127.0.0.1 and localhost (ECDSA P-256,
// SAN entries, serverAuth), generated with OpenSSL and kept in <dir>/ca.crt, server.crt and
// server.key so a restart serves the same certificate a kubeconfig already trusts. Also a
// client certificate (client.crt/client.key, clientAuth) for the kubeconfig's user when no
// token is set: kubectl prompts for a user name against an HTTPS server unless the user
// has some credential.
class SelfSignedCertificate {
public:
    static util::Result<SelfSignedCertificate> loadOrCreate(const QString& dir);

    QByteArray caPem() const { return m_caPem; }
    QByteArray certificatePem() const { return m_certificatePem; }
    QByteArray keyPem() const { return m_keyPem; }
    QByteArray clientCertificatePem() const { return m_clientCertificatePem; }
    QByteArray clientKeyPem() const { return m_clientKeyPem; }

private:
    QByteArray m_caPem;
    QByteArray m_certificatePem;
    QByteArray m_keyPem;
    QByteArray m_clientCertificatePem;
    QByteArray m_clientKeyPem;
};

} // namespace syncline::devcluster
