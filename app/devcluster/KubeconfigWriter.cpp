#include "KubeconfigWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace syncline::devcluster {

namespace {
// Double-quoted YAML scalar.
QByteArray quoted(const QString& text) {
    QByteArray out = text.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + out + '"';
}
} // namespace

QByteArray KubeconfigWriter::render(const KubeconfigOptions& options) {
    const QByteArray name = quoted(options.contextName);
    QByteArray out;
    out += "apiVersion: v1\nkind: Config\nclusters:\n";
    out += "- name: " + name + "\n  cluster:\n    server: " + quoted(options.server) + "\n";
    if (!options.caPem.isEmpty())
        out += "    certificate-authority-data: " + options.caPem.toBase64() + "\n";
    out += "contexts:\n- name: " + name + "\n  context:\n    cluster: " + name + "\n    user: " + name + "\n";
    out += "current-context: " + name + "\npreferences: {}\nusers:\n- name: " + name + "\n";
    if (!options.token.isEmpty()) {
        out += "  user:\n    token: " + quoted(options.token) + "\n";
    } else if (!options.clientCertificatePem.isEmpty() && !options.clientKeyPem.isEmpty()) {
        out += "  user:\n    client-certificate-data: " + options.clientCertificatePem.toBase64() + "\n";
        out += "    client-key-data: " + options.clientKeyPem.toBase64() + "\n";
    } else {
        out += "  user: {}\n";
    }
    return out;
}

util::Result<void> KubeconfigWriter::write(const KubeconfigOptions& options) {
    QDir().mkpath(QFileInfo(options.path).absolutePath());
    QSaveFile file(options.path);
    if (!file.open(QIODevice::WriteOnly))
        return util::fail(util::ErrorCode::Generic, file.errorString(), options.path);
    // Before the first byte: it holds the token.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot make the kubeconfig private"), options.path);
    file.write(render(options));
    if (!file.commit())
        return util::fail(util::ErrorCode::Generic, file.errorString(), options.path);
    return {};
}

} // namespace syncline::devcluster
