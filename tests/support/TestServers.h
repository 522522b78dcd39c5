#pragma once

#include "support/DevCluster.h"
#include "support/KubeApiServer.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <memory>

namespace syncline::test {

// One API server a test runs against, as a client sees it.
struct TestServer {
    QString name;       // the row: "devcluster" or "kube-apiserver"
    QString kubeconfig; // a kubeconfig whose current context reaches it with an admin token
    QString context;
    QString token;
    QUrl url;
    QByteArray caPem;
    bool real = false; // the real kube-apiserver (no kubelet; controllers only with TestServersOptions)
    // Empty when something collects garbage and finishes namespace deletions here: the real
    // kube-controller-manager beside the real server (also making ReplicaSets for
    // Deployments), or the devcluster itself, at once. Else why not (for QSKIP).
    QString whyNoControllers;
};

struct TestServersOptions {
    // Run the real kube-controller-manager beside the real server (KubeApiServerOptions).
    // Only where a test needs it: it writes workload status, which the tests that play the
    // controllers themselves would race with.
    bool controllerManager = false;
};

// The same tests against both servers: the devcluster and the real kube-apiserver, started
// once per test program. A test class declares
//     void initTestCase_data() { test::TestServers::addRows(); }
// starts them in initTestCase with start(), and begins each test function with
// SYNCLINE_FETCH_SERVER(server): its row's server, or a QSKIP saying why the real server
// is missing (Go, or the tools scripts/build-test-tools.sh builds).
class TestServers {
public:
    TestServers();
    ~TestServers();

    static void addRows(); // the global column "serverRow": "devcluster", "kube-apiserver"

    // Starts the devcluster (TLS, a fixed token) and, when it is built, the real server.
    // False only when a server that should start did not.
    bool start(QString* error, TestServersOptions options = {});
    // The server for `row`; null with `whySkipped` when it is not available here.
    const TestServer* server(const QString& row, QString* whySkipped) const;
    // The real server stops and starts again on the same address with the same etcd.
    bool restartRealServer(QString* error);

private:
    std::unique_ptr<DevCluster> m_devCluster;
    std::unique_ptr<KubeApiServer> m_kubeApiServer;
    TestServer m_dev;
    TestServer m_real;
    QString m_whyNoRealServer;
};

} // namespace syncline::test

// In a test function of a class with TestServers rows: `name` is the row's TestServer.
#define SYNCLINE_FETCH_SERVER(servers, name)                                                                                     \
    QFETCH_GLOBAL(QString, serverRow);                                                                                           \
    QString name##WhySkipped;                                                                                                    \
    const syncline::test::TestServer* name##Pointer = (servers).server(serverRow, &name##WhySkipped);                            \
    if (!name##Pointer)                                                                                                          \
        QSKIP(qPrintable(name##WhySkipped));                                                                                     \
    const syncline::test::TestServer& name = *name##Pointer
