#include "DevClusterProcess.h"

#include "RawHttp.h"
#include "kube/KubeConfig.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QUrl>

#include <sys/resource.h>

namespace syncline::test {

DevClusterProcess::DevClusterProcess() = default;

DevClusterProcess::~DevClusterProcess() { stop(); }

bool DevClusterProcess::start(const Launch& launch, QString* error) {
    m_process.setProgram(QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY));
    m_process.setArguments(QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), dataDir(),
                                       QStringLiteral("--kubeconfig"), kubeconfig()} +
                           launch.arguments);
    m_process.setProcessEnvironment(launch.environment);
    if (launch.maxOpenFiles > 0) {
        const rlim_t limit = rlim_t(launch.maxOpenFiles);
        m_process.setChildProcessModifier([limit] {
            rlimit current{};
            ::getrlimit(RLIMIT_NOFILE, &current);
            current.rlim_cur = limit;
            ::setrlimit(RLIMIT_NOFILE, &current);
        });
    }
    m_stderr.clear();
    m_process.start();
    const QDeadlineTimer deadline(RawHttp::kWaitMs);
    while (!m_process.canReadLine() && m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    const QByteArray line = m_process.readLine().trimmed();
    m_port = QUrl(QString::fromUtf8(line.mid(13))).port();
    if (!line.startsWith("listening on ") || m_port <= 0) {
        m_process.waitForFinished(RawHttp::kWaitMs);
        m_stderr += m_process.readAllStandardError();
        if (error)
            *error =
                QStringLiteral("no \"listening on\" (exit %1): %2").arg(m_process.exitCode()).arg(QString::fromUtf8(m_stderr));
        return false;
    }
    return true;
}

QByteArray DevClusterProcess::stop() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(RawHttp::kWaitMs))
            m_process.kill();
        m_process.waitForFinished(RawHttp::kWaitMs);
    }
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

bool DevClusterProcess::waitForStderr(const QByteArray& needle) {
    const QDeadlineTimer deadline(RawHttp::kWaitMs);
    m_process.setReadChannel(QProcess::StandardError);
    while (!m_stderr.contains(needle)) {
        m_stderr += m_process.readAllStandardError();
        if (m_stderr.contains(needle))
            break;
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            break;
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    m_process.setReadChannel(QProcess::StandardOutput);
    return m_stderr.contains(needle);
}

QByteArray DevClusterProcess::kubeconfigText() const {
    QFile file(kubeconfig());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString DevClusterProcess::token() const {
    auto config = kube::KubeConfig::load(kubeconfig());
    if (!config || config->users.empty())
        return {};
    return config->users.begin()->second.token;
}

} // namespace syncline::test
