#include "kube/ExecCredentialPlugin.h"

#include "kube/ClusterConnection.h"
#include "manifest/JsonFields.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace syncline::kube {

namespace {

QString firstLine(const QByteArray& bytes) {
    QString text = QString::fromUtf8(bytes).trimmed();
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    if (newline >= 0)
        text.truncate(newline);
    if (text.size() > 300)
        text = text.left(300) + QStringLiteral("…");
    return text;
}

bool sameFile(const struct stat& now, const util::BoundedFile::Identity& hashed) {
    return std::uint64_t(now.st_dev) == hashed.device && std::uint64_t(now.st_ino) == hashed.inode &&
           qint64(now.st_size) == hashed.size &&
           qint64(now.st_mtim.tv_sec) * 1'000'000'000 + now.st_mtim.tv_nsec == hashed.modifiedNs &&
           qint64(now.st_ctim.tv_sec) * 1'000'000'000 + now.st_ctim.tv_nsec == hashed.changedNs;
}

// What runs is what was hashed: in the child, right before execve, the approved path must
// still name the very file that was hashed, unwritten since (device, inode, size, mtime,
// ctime; a write always moves ctime). Still open, and accepted: a swap between this stat
// and execve (microseconds, by someone who can already write that file), and whatever a
// script's interpreter or the program itself loads later. Only async-signal-safe calls
// here: the child of a threaded process.
void refuseIfChanged(QProcess& process, const ExecFingerprint& approved) {
    process.setChildProcessModifier([path = QFile::encodeName(approved.program), hashed = approved.programIdentity] {
        struct stat now {};
        if (::stat(path.constData(), &now) == 0 && sameFile(now, hashed))
            return;
        static const char message[] = "syncline: the plugin's program changed after it was checked; it was not run\n";
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
        ::_exit(126);
    });
}

} // namespace

util::Result<ExecCredential> parseExecCredential(const QByteArray& output, const QString& apiVersion) {
    const QString where = QStringLiteral("exec credential plugin");
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(output.constData(), output.constData() + output.size());
    } catch (const nlohmann::json::exception&) {
        return util::fail(util::ErrorCode::Auth, QStringLiteral("the plugin's output is not an ExecCredential (not JSON)"),
                          where);
    }
    if (!document.is_object() || manifest::stringField(document, "kind") != "ExecCredential")
        return util::fail(util::ErrorCode::Auth, QStringLiteral("the plugin's output is not an ExecCredential"), where);
    const QString version = QString::fromStdString(manifest::stringField(document, "apiVersion"));
    if (version != apiVersion)
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("the plugin answered apiVersion '%1', expected '%2'").arg(version, apiVersion), where);
    const auto status = document.find("status");
    if (status == document.end() || !status->is_object())
        return util::fail(util::ErrorCode::Auth, QStringLiteral("the plugin's ExecCredential has no status"), where);
    ExecCredential credential;
    auto text = [&](const char* key) {
        auto found = status->find(key);
        return found != status->end() && found->is_string() ? QString::fromStdString(found->get<std::string>()) : QString();
    };
    credential.token = text("token");
    credential.clientCertificatePem = text("clientCertificateData").toUtf8();
    credential.clientKeyPem = text("clientKeyData").toUtf8();
    if (credential.token.isEmpty() && (credential.clientCertificatePem.isEmpty() || credential.clientKeyPem.isEmpty()))
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("the plugin's ExecCredential has neither a token nor a client certificate and key"),
                          where);
    if (const QString expiry = text("expirationTimestamp"); !expiry.isEmpty()) {
        QDateTime at = QDateTime::fromString(expiry, Qt::ISODate);
        if (!at.isValid())
            at = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        if (!at.isValid())
            return util::fail(util::ErrorCode::Auth,
                              QStringLiteral("the plugin's expirationTimestamp '%1' is not RFC 3339").arg(expiry), where);
        credential.expiry = at;
    }
    return credential;
}

ExecCredentialPlugin::ExecCredentialPlugin(ExecConfig config, QString clusterKey, std::shared_ptr<ExecApprovals> approvals,
                                           std::chrono::milliseconds timeout)
    : m_config(std::move(config)), m_clusterKey(std::move(clusterKey)), m_approvals(std::move(approvals)), m_timeout(timeout) {}

bool ExecCredentialPlugin::isApproved() const {
    if (!m_approvals)
        return false;
    auto current = fingerprint();
    return current && m_approvals->isApproved(*current);
}

util::Result<ExecFingerprint> ExecCredentialPlugin::fingerprint() const { return ExecFingerprint::of(m_config, m_clusterKey); }

void ExecCredentialPlugin::invalidate() {
    QMutexLocker lock(&m_mutex);
    m_cached.reset();
}

util::Result<ExecCredential> ExecCredentialPlugin::credential(const ClusterConnection& connection,
                                                              const util::CancellationToken& cancel) {
    QMutexLocker lock(&m_mutex);
    if (m_cached && (!m_cached->expiry || QDateTime::currentDateTimeUtc().addSecs(10) < *m_cached->expiry))
        return *m_cached;
    m_cached.reset();
    auto fresh = run(connection, cancel);
    if (fresh)
        m_cached = *fresh;
    return fresh;
}

util::Result<ExecCredential> ExecCredentialPlugin::run(const ClusterConnection& connection,
                                                       const util::CancellationToken& cancel) {
    const QString where = QStringLiteral("%1: exec credential plugin").arg(connection.displayName());
    // Resolved and hashed once; this very value is checked and then launched.
    auto current = fingerprint();
    if (!current)
        return util::fail(util::ErrorCode::Auth, current.error().message, where);
    if (!m_approvals || !m_approvals->isApproved(*current))
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("the exec credential plugin is not approved for this cluster, or it changed since "
                                         "it was approved (program, its content, arguments, environment, folder or "
                                         "kubeconfig file); review exactly what runs and approve it with 'syncline "
                                         "clusters approve-exec' or in the window's cluster settings: %1")
                              .arg(current->commandLine()),
                          where);
    return launch(*current, connection, cancel);
}

util::Result<ExecCredential> ExecCredentialPlugin::launch(const ExecFingerprint& approved, const ClusterConnection& connection,
                                                          const util::CancellationToken& cancel) {
    const QString where = QStringLiteral("%1: exec credential plugin").arg(connection.displayName());
    nlohmann::json info = {
        {"apiVersion", approved.apiVersion.toStdString()}, {"kind", "ExecCredential"}, {"spec", {{"interactive", false}}}};
    if (approved.provideClusterInfo) {
        nlohmann::json cluster = {{"server", connection.server.toString().toStdString()}};
        if (!connection.tlsServerName.isEmpty())
            cluster["tls-server-name"] = connection.tlsServerName.toStdString();
        if (connection.insecure)
            cluster["insecure-skip-tls-verify"] = true;
        if (!connection.caPem.isEmpty())
            cluster["certificate-authority-data"] = connection.caPem.toBase64().toStdString();
        info["spec"]["cluster"] = cluster;
    }
    // As kubectl: the user's own environment, with the approved entries over it.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : approved.env)
        environment.insert(name, value);
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromStdString(info.dump()));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(approved.workingDirectory);
    process.setStandardInputFile(QProcess::nullDevice());
    refuseIfChanged(process, approved);
    process.start(approved.program, approved.args);
    if (!process.waitForStarted(10000))
        return util::fail(
            util::ErrorCode::Auth,
            QStringLiteral("cannot start the exec credential plugin %1: %2").arg(approved.program, process.errorString()), where);
    QElapsedTimer clock;
    clock.start();
    while (!process.waitForFinished(50)) {
        if (process.state() == QProcess::NotRunning)
            break;
        if (cancel.isCancelled() || clock.elapsed() > m_timeout.count()) {
            process.kill();
            process.waitForFinished(5000);
            if (cancel.isCancelled())
                return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled while the exec credential plugin ran"),
                                  where);
            return util::fail(
                util::ErrorCode::Timeout,
                QStringLiteral("the exec credential plugin did not answer within %1 s").arg(m_timeout.count() / 1000), where);
        }
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString said = firstLine(process.readAllStandardError());
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("the exec credential plugin failed (exit code %1)%2")
                              .arg(process.exitCode())
                              .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said),
                          where);
    }
    auto credential = parseExecCredential(process.readAllStandardOutput(), approved.apiVersion);
    if (!credential)
        return util::fail(util::ErrorCode::Auth, credential.error().message, where);
    return credential;
}

} // namespace syncline::kube
