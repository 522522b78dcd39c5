#pragma once

#include "DevClusterLauncher.h"

#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace syncline::test {

struct DevClusterOptions {
    bool tls = false;
    QString token;     // empty: the server's random one (see token())
    QString tokenFile; // instead of `token`: the server reads it again whenever it changes
    bool simulateControllers = false;
    int simulateDelayMs = 300; // --simulate-delay, with simulateControllers
    QString dataDir;           // empty: a temporary directory owned by the DevCluster
    int idleTimeoutMs = -1;    // --idle-timeout; -1: the server's default
    int maxConnections = -1;   // --max-connections; -1: the server's default
};

// A syncline-devcluster process started by a test on a free loopback port (port 0).
// start() returns once the server listens and its kubeconfig is written (it reads the
// "listening on <url>" line the server prints; no sleeps).
class DevCluster {
public:
    explicit DevCluster(DevClusterOptions options = {});
    ~DevCluster(); // stops the server

    bool start(QString* error = nullptr);
    void stop(); // SIGTERM and wait: state is persisted
    void kill(); // SIGKILL: the cluster goes away mid-whatever
    bool isRunning() const;

    QUrl url() const; // http(s)://127.0.0.1:<port>
    int port() const;
    QString kubeconfigPath() const; // written by the server, context "devcluster"
    QString dataDir() const;
    // The bearer token the server requires: the one given, else the random one the
    // server wrote into its kubeconfig (it changes with every start).
    QString token() const;
    qint64 processId() const;

private:
    DevClusterOptions m_options;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::unique_ptr<app::DevClusterLauncher> m_launcher;
    QUrl m_url;
    QString m_token;
};

} // namespace syncline::test
