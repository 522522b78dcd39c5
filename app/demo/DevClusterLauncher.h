#pragma once

#include "util/Result.h"

#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

namespace syncline::app {

struct DevClusterLaunch {
    QString binary; // empty: DevClusterLauncher::defaultBinary()
    QString dataDir;
    QString kubeconfig;
    QString context = QStringLiteral("devcluster");
    bool tls = false;
    QString token;     // empty: the server makes a random one (it lands in the kubeconfig)
    QString tokenFile; // instead of `token`: --token-file, read again when it changes
    bool simulateControllers = false;
    int simulateDelayMs = -1; // -1: the server's default
    int idleTimeoutMs = -1;   // -1: the server's default
    int maxConnections = -1;  // -1: the server's default
};

// Starts a syncline-devcluster on a free loopback port and stops it again. start() blocks
// until the server reports "listening on <url>" (its kubeconfig is written by then): call
// it at start-up or from a worker, never while a window is up. A token goes to the server
// in its environment, never on its command line (which every user can read in ps).
class DevClusterLauncher {
public:
    explicit DevClusterLauncher(DevClusterLaunch launch);
    ~DevClusterLauncher(); // stops the server (SIGTERM: it persists its state)

    util::Result<QUrl> start(int timeoutMs = 30'000);
    void stop();
    void kill();
    bool isRunning() const;
    qint64 processId() const;
    QUrl url() const { return m_url; }
    const DevClusterLaunch& launch() const { return m_launch; }

    // syncline-devcluster next to the running executable, else the one on PATH.
    static QString defaultBinary();

private:
    DevClusterLaunch m_launch;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
};

} // namespace syncline::app
