#include "kube/ExecCredentialPlugin.h"

#include "kube/ClusterConnection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

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
    if (!document.is_object() || document.value("kind", std::string()) != "ExecCredential")
        return util::fail(util::ErrorCode::Auth, QStringLiteral("the plugin's output is not an ExecCredential"), where);
    const QString version = QString::fromStdString(document.value("apiVersion", std::string()));
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
    : m_config(std::move(config)), m_clusterKey(std::move(clusterKey)), m_approvals(std::move(approvals)),
      m_timeout(timeout) {}

bool ExecCredentialPlugin::isApproved() const {
    return m_approvals && m_approvals->isApproved(m_clusterKey, m_config.commandLine());
}

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
    const QString commandLine = m_config.commandLine();
    if (!isApproved())
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("the exec credential plugin is not approved for this cluster; approve this "
                                         "command to run it: %1")
                              .arg(commandLine),
                          where);
    QString program = m_config.command;
    if (program.contains(QLatin1Char('/'))) {
        program = QDir(m_config.baseDir).absoluteFilePath(program);
    } else {
        const QString found = QStandardPaths::findExecutable(program);
        if (found.isEmpty())
            return util::fail(util::ErrorCode::Auth,
                              QStringLiteral("the exec credential plugin '%1' is not installed%2")
                                  .arg(program, m_config.installHint.isEmpty()
                                                    ? QString()
                                                    : QStringLiteral(": ") + m_config.installHint.trimmed()),
                              where);
        program = found;
    }
    nlohmann::json info = {{"apiVersion", m_config.apiVersion.toStdString()},
                           {"kind", "ExecCredential"},
                           {"spec", {{"interactive", false}}}};
    if (m_config.provideClusterInfo) {
        nlohmann::json cluster = {{"server", connection.server.toString().toStdString()}};
        if (!connection.tlsServerName.isEmpty())
            cluster["tls-server-name"] = connection.tlsServerName.toStdString();
        if (connection.insecure)
            cluster["insecure-skip-tls-verify"] = true;
        if (!connection.caPem.isEmpty())
            cluster["certificate-authority-data"] = connection.caPem.toBase64().toStdString();
        info["spec"]["cluster"] = cluster;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : m_config.env)
        environment.insert(name, value);
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromStdString(info.dump()));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_config.baseDir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, m_config.args);
    if (!process.waitForStarted(10000))
        return util::fail(util::ErrorCode::Auth,
                          QStringLiteral("cannot start the exec credential plugin %1: %2").arg(program, process.errorString()),
                          where);
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
            return util::fail(util::ErrorCode::Timeout,
                              QStringLiteral("the exec credential plugin did not answer within %1 s").arg(m_timeout.count() / 1000),
                              where);
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
    auto credential = parseExecCredential(process.readAllStandardOutput(), m_config.apiVersion);
    if (!credential)
        return util::fail(util::ErrorCode::Auth, credential.error().message, where);
    return credential;
}

} // namespace syncline::kube
