#include "support/DevCluster.h"

#include <QDeadlineTimer>
#include <QDir>

namespace syncline::test {

DevCluster::DevCluster(DevClusterOptions options) : m_options(std::move(options)) {}

DevCluster::~DevCluster() { stop(); }

bool DevCluster::start(QString* error) {
    const auto failWith = [&](const QString& message) {
        if (error)
            *error = message;
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
        m_process.reset();
        return false;
    };
    if (isRunning())
        return true;
    if (!m_scratch) {
        m_scratch = std::make_unique<QTemporaryDir>();
        if (!m_scratch->isValid())
            return failWith(QStringLiteral("cannot create a temporary directory"));
    }
    QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), dataDir(),
                     QStringLiteral("--kubeconfig"), kubeconfigPath()};
    if (m_options.tls)
        args << QStringLiteral("--tls");
    if (!m_options.token.isEmpty())
        args << QStringLiteral("--token") << m_options.token;
    if (m_options.simulateControllers)
        args << QStringLiteral("--simulate-controllers") << QStringLiteral("--simulate-delay")
             << QString::number(m_options.simulateDelayMs);

    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY), args);
    if (!m_process->waitForStarted(10000))
        return failWith(QStringLiteral("cannot start %1: %2")
                            .arg(QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY), m_process->errorString()));

    // The server prints exactly one line once it listens and the kubeconfig is written.
    const QDeadlineTimer deadline(30000);
    while (!m_process->canReadLine()) {
        if (m_process->state() == QProcess::NotRunning || deadline.hasExpired())
            return failWith(QStringLiteral("syncline-devcluster did not report listening (exit code %1, output: %2)")
                                .arg(m_process->exitCode())
                                .arg(QString::fromUtf8(m_process->readAllStandardOutput())));
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    const QByteArray line = m_process->readLine().trimmed();
    static const QByteArray prefix = QByteArrayLiteral("listening on ");
    if (!line.startsWith(prefix))
        return failWith(QStringLiteral("unexpected first line from syncline-devcluster: %1").arg(QString::fromUtf8(line)));
    m_url = QUrl(QString::fromUtf8(line.mid(prefix.size())));
    if (!m_url.isValid() || m_url.port() <= 0)
        return failWith(QStringLiteral("syncline-devcluster reported a bad URL: %1").arg(QString::fromUtf8(line)));
    return true;
}

void DevCluster::stop() {
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

void DevCluster::kill() {
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

bool DevCluster::isRunning() const { return m_process && m_process->state() == QProcess::Running; }

QUrl DevCluster::url() const { return m_url; }

int DevCluster::port() const { return m_url.port(); }

QString DevCluster::kubeconfigPath() const {
    return m_scratch ? QDir(m_scratch->path()).filePath(QStringLiteral("kubeconfig")) : QString();
}

QString DevCluster::dataDir() const {
    if (!m_options.dataDir.isEmpty())
        return m_options.dataDir;
    return m_scratch ? QDir(m_scratch->path()).filePath(QStringLiteral("data")) : QString();
}

QString DevCluster::token() const { return m_options.token; }

} // namespace syncline::test
