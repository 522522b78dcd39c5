#include "DevClusterLauncher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>

namespace syncline::app {

namespace {
constexpr const char* kTokenVariable = "SYNCLINE_DEVCLUSTER_TOKEN"; // devcluster/BearerToken.h
} // namespace

DevClusterLauncher::DevClusterLauncher(DevClusterLaunch launch) : m_launch(std::move(launch)) {}

DevClusterLauncher::~DevClusterLauncher() { stop(); }

QString DevClusterLauncher::defaultBinary() {
    const QString name = QStringLiteral("syncline-devcluster");
    if (QCoreApplication::instance()) {
        const QString sibling = QDir(QCoreApplication::applicationDirPath()).filePath(name);
        if (QFileInfo(sibling).isExecutable())
            return sibling;
    }
    const QString onPath = QStandardPaths::findExecutable(name);
    return onPath.isEmpty() ? name : onPath;
}

util::Result<QUrl> DevClusterLauncher::start(int timeoutMs) {
    if (isRunning())
        return m_url;
    const QString binary = m_launch.binary.isEmpty() ? defaultBinary() : m_launch.binary;
    QStringList args{QStringLiteral("--port"),       QStringLiteral("0"), QStringLiteral("--data"),    m_launch.dataDir,
                     QStringLiteral("--kubeconfig"), m_launch.kubeconfig, QStringLiteral("--context"), m_launch.context};
    if (m_launch.tls)
        args << QStringLiteral("--tls");
    if (!m_launch.tokenFile.isEmpty())
        args << QStringLiteral("--token-file") << m_launch.tokenFile;
    if (m_launch.idleTimeoutMs > 0)
        args << QStringLiteral("--idle-timeout") << QString::number(m_launch.idleTimeoutMs);
    if (m_launch.maxConnections > 0)
        args << QStringLiteral("--max-connections") << QString::number(m_launch.maxConnections);
    if (m_launch.simulateControllers) {
        args << QStringLiteral("--simulate-controllers");
        if (m_launch.simulateDelayMs >= 0)
            args << QStringLiteral("--simulate-delay") << QString::number(m_launch.simulateDelayMs);
    }
    const QString where = QStringLiteral("devcluster %1").arg(m_launch.context);
    auto failWith = [this, &where](const QString& message) {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
        m_process.reset();
        return util::fail(util::ErrorCode::Generic, message, where);
    };
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // The server reads (and unsets) this variable; ours never holds it.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QLatin1String(kTokenVariable));
    if (!m_launch.token.isEmpty())
        environment.insert(QLatin1String(kTokenVariable), m_launch.token);
    m_process->setProcessEnvironment(environment);
    // If Syncline dies without stopping it (a crash, SIGKILL), the cluster follows and
    // persists its state instead of lingering on its port.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process->start(binary, args);
    if (!m_process->waitForStarted(timeoutMs))
        return failWith(QStringLiteral("cannot start %1: %2").arg(binary, m_process->errorString()));
    // The server prints one line once it listens and its kubeconfig is written.
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_process->canReadLine()) {
        if (m_process->state() == QProcess::NotRunning || deadline.hasExpired())
            return failWith(QStringLiteral("%1 did not report listening (exit code %2)").arg(binary).arg(m_process->exitCode()));
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    const QByteArray line = m_process->readLine().trimmed();
    const QByteArray prefix = QByteArrayLiteral("listening on ");
    const QUrl url(QString::fromUtf8(line.mid(prefix.size())));
    if (!line.startsWith(prefix) || !url.isValid() || url.port() <= 0)
        return failWith(QStringLiteral("unexpected first line from %1: %2").arg(binary, QString::fromUtf8(line)));
    m_url = url;
    return m_url;
}

void DevClusterLauncher::stop() {
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15'000)) {
            m_process->kill();
            m_process->waitForFinished(5'000);
        }
    }
    m_process.reset();
}

void DevClusterLauncher::kill() {
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5'000);
    }
    m_process.reset();
}

qint64 DevClusterLauncher::processId() const { return m_process ? m_process->processId() : 0; }

bool DevClusterLauncher::isRunning() const { return m_process && m_process->state() == QProcess::Running; }

} // namespace syncline::app
