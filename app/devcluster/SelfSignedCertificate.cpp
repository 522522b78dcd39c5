#include "SelfSignedCertificate.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace syncline::devcluster {

namespace {

template <typename T, void (*F)(T*)> struct Deleter {
    void operator()(T* p) const { F(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Key newKey() { return Key(EVP_EC_gen("P-256")); }

bool addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

enum class Role { Authority, Server, Client };

Cert newCertificate(EVP_PKEY* key, const char* commonName, X509* issuer, EVP_PKEY* issuerKey, Role role) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("syncline-devcluster"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(commonName), -1, -1, 0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    bool ok = true;
    if (role == Role::Authority) {
        ok = ok && addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        ok = ok && addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
        ok = ok && addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    } else if (role == Role::Client) {
        ok = ok && addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        ok = ok && addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        ok = ok && addExtension(cert.get(), signer, NID_ext_key_usage, "clientAuth");
        ok = ok && addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    } else {
        ok = ok && addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        ok = ok && addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        ok = ok && addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        ok = ok && addExtension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
        ok = ok && addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    }
    if (!ok || X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return nullptr;
    return cert;
}

QByteArray pemOf(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

QByteArray pemOf(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

// Every file owner-only (0600), set before the first byte: keys and certificates alike.
util::Result<void> writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return util::fail(util::ErrorCode::Generic, file.errorString(), path);
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot make the file private"), path);
    file.write(bytes);
    if (!file.commit())
        return util::fail(util::ErrorCode::Generic, file.errorString(), path);
    return {};
}

} // namespace

util::Result<SelfSignedCertificate> SelfSignedCertificate::loadOrCreate(const QString& dir) {
    QDir d(dir);
    SelfSignedCertificate out;
    const auto read = [&](const char* name) {
        QFile file(d.filePath(QLatin1String(name)));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    out.m_caPem = read("ca.crt");
    out.m_certificatePem = read("server.crt");
    out.m_keyPem = read("server.key");
    out.m_clientCertificatePem = read("client.crt");
    out.m_clientKeyPem = read("client.key");
    if (!out.m_caPem.isEmpty() && !out.m_certificatePem.isEmpty() && !out.m_keyPem.isEmpty() &&
        !out.m_clientCertificatePem.isEmpty() && !out.m_clientKeyPem.isEmpty())
        return out;
    const bool existed = d.exists();
    if (!d.mkpath(QStringLiteral(".")))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the directory"), dir);
    if (!existed)
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    Key caKey = newKey();
    Key serverKey = newKey();
    Key clientKey = newKey();
    if (!caKey || !serverKey || !clientKey)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("OpenSSL could not generate a key"));
    Cert caCert = newCertificate(caKey.get(), "syncline-devcluster CA", nullptr, caKey.get(), Role::Authority);
    if (!caCert)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("OpenSSL could not create the CA certificate"));
    Cert serverCert = newCertificate(serverKey.get(), "127.0.0.1", caCert.get(), caKey.get(), Role::Server);
    Cert clientCert = newCertificate(clientKey.get(), "devcluster-admin", caCert.get(), caKey.get(), Role::Client);
    if (!serverCert || !clientCert)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("OpenSSL could not create the server certificate"));
    out.m_caPem = pemOf(caCert.get());
    out.m_certificatePem = pemOf(serverCert.get());
    out.m_keyPem = pemOf(serverKey.get());
    out.m_clientCertificatePem = pemOf(clientCert.get());
    out.m_clientKeyPem = pemOf(clientKey.get());
    // The key first: a crash in between leaves no certificate without its key.
    if (auto ok = writeFile(d.filePath(QStringLiteral("server.key")), out.m_keyPem); !ok)
        return util::fail(ok.error());
    if (auto ok = writeFile(d.filePath(QStringLiteral("client.key")), out.m_clientKeyPem); !ok)
        return util::fail(ok.error());
    if (auto ok = writeFile(d.filePath(QStringLiteral("client.crt")), out.m_clientCertificatePem); !ok)
        return util::fail(ok.error());
    if (auto ok = writeFile(d.filePath(QStringLiteral("server.crt")), out.m_certificatePem); !ok)
        return util::fail(ok.error());
    if (auto ok = writeFile(d.filePath(QStringLiteral("ca.crt")), out.m_caPem); !ok)
        return util::fail(ok.error());
    return out;
}

} // namespace syncline::devcluster
