#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace syncline::test {

// syncline-devcluster started directly, for what test::DevCluster hides: its stderr, its
// exact command line and environment, and resource limits of its own.
class DevClusterProcess {
public:
    DevClusterProcess();
    ~DevClusterProcess();

    struct Launch {
        QStringList arguments; // after --port 0 --data <dataDir> --kubeconfig <kubeconfig>
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        int maxOpenFiles = -1; // RLIMIT_NOFILE of the server, -1: inherited
    };
    // Waits for "listening on"; false (and *error, with stderr) when the server did not.
    bool start(const Launch& launch, QString* error);
    // SIGTERM, wait; everything the server wrote to stderr since start().
    QByteArray stop();
    // Reads stderr until it holds `needle`; false after RawHttp::kWaitMs.
    bool waitForStderr(const QByteArray& needle);

    int port() const { return m_port; }
    qint64 processId() const { return m_process.processId(); }
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    QString kubeconfig() const { return m_dir.filePath(QStringLiteral("kubeconfig")); }
    QByteArray kubeconfigText() const;
    QString token() const; // the users[0].user.token of the kubeconfig
    QByteArray stderrSoFar() const { return m_stderr; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_stderr;
    int m_port = 0;
};

} // namespace syncline::test
