#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace syncline::test {

// The real Kubernetes API server (v1.34, built by scripts/build-test-tools.sh) on loopback,
// with its own etcd: free ports, a temporary data directory, a static bearer token in group
// system:masters, RBAC on, its own serving certificate. start() returns once /readyz answers
// 200 to the token (it polls /readyz: no fixed sleeps); the destructor stops both processes.
// Start-up takes seconds: share one per test program (initTestCase).
//
// With `controllerManager`, the real kube-controller-manager runs beside it (when it is
// built): the garbage collector, the Deployment and ReplicaSet controllers and the namespace
// controller, so owned objects are collected, Deployments get ReplicaSets and Pods, and a
// deleted namespace empties and goes. It is off by default: it writes workload status, which
// tests that play the controllers themselves must not race with. There is never a kubelet
// (nor a scheduler): no Pod runs, and a test writes status through the status subresource.
struct KubeApiServerOptions {
    bool controllerManager = false;
};

class KubeApiServer {
public:
    explicit KubeApiServer(KubeApiServerOptions options = {});
    ~KubeApiServer(); // SIGTERM, then SIGKILL; the data goes with the temporary directory

    // Empty when etcd, kube-apiserver and openssl are all there; else why not (for QSKIP).
    static QString whyUnavailable();
    // Empty when kube-controller-manager is built; else why not (for QSKIP).
    static QString whyNoControllerManager();
    // The controllers run here (asked for, built, and healthy at start).
    bool hasControllerManager() const;

    bool start(QString* error = nullptr);
    void stop();
    // Stops the API server and starts it again on the same port, with the same etcd (the
    // objects and resourceVersions survive), as a control-plane upgrade does. The
    // controller-manager keeps running and reconnects, as it does on a real cluster.
    bool restartApiServer(QString* error = nullptr);
    bool isRunning() const;

    QUrl url() const;               // https://127.0.0.1:<port>
    QString kubeconfigPath() const; // context "kube-apiserver", the admin token, the serving CA
    static QString contextName();
    QString token() const;
    QByteArray caPem() const; // the serving certificate, self-signed

    // The last lines each process wrote, for a failure message.
    QString logTail() const;

private:
    bool writeCredentials(QString* error);
    bool startEtcd(QString* error);
    bool startApiServer(QString* error);
    bool waitUntilReady(QString* error);
    bool writeKubeconfig(QString* error);
    bool startControllerManager(QString* error);
    bool waitUntilControllersStarted(QString* error);
    QString path(const QString& name) const;

    KubeApiServerOptions m_options;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::unique_ptr<QProcess> m_etcd;
    std::unique_ptr<QProcess> m_apiServer;
    std::unique_ptr<QProcess> m_controllerManager;
    quint16 m_etcdClientPort = 0;
    quint16 m_port = 0;
    quint16 m_controllerManagerPort = 0;
    QString m_token;
    QByteArray m_caPem;
};

} // namespace syncline::test
