#pragma once

#include "DevClusterLauncher.h"

#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace syncline::test {

struct DevClusterOptions {
    bool tls = false;
    QString token;                   // empty: no authentication
    bool simulateControllers = false;
    int simulateDelayMs = 300;       // --simulate-delay, with simulateControllers
    QString dataDir;                 // empty: a temporary directory owned by the DevCluster
};

// A syncline-devcluster process started by a test on a free loopback port (port 0).
// start() returns once the server listens and its kubeconfig is written (it reads the
// "listening on <url>" line the server prints; no sleeps).
class DevCluster {
public:
    explicit DevCluster(DevClusterOptions options = {});
    ~DevCluster(); // stops the server

    bool start(QString* error = nullptr);
    void stop();  // SIGTERM and wait: state is persisted
    void kill();  // SIGKILL: the cluster goes away mid-whatever
    bool isRunning() const;

    QUrl url() const;            // http(s)://127.0.0.1:<port>
    int port() const;
    QString kubeconfigPath() const; // written by the server, context "devcluster"
    QString dataDir() const;
    QString token() const;

private:
    DevClusterOptions m_options;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::unique_ptr<app::DevClusterLauncher> m_launcher;
    QUrl m_url;
};

} // namespace syncline::test
