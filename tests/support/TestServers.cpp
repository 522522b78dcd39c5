#include "support/TestServers.h"

#include <QTest>

namespace syncline::test {

namespace {
const QString kDevClusterRow = QStringLiteral("devcluster");
const QString kKubeApiServerRow = QStringLiteral("kube-apiserver");
} // namespace

TestServers::TestServers() = default;

TestServers::~TestServers() = default;

void TestServers::addRows() {
    QTest::addColumn<QString>("serverRow");
    QTest::newRow("devcluster") << kDevClusterRow;
    QTest::newRow("kube-apiserver") << kKubeApiServerRow;
}

bool TestServers::start(QString* error, TestServersOptions options) {
    const QString token = QStringLiteral("devcluster-test-token");
    m_devCluster = std::make_unique<DevCluster>(DevClusterOptions{.tls = true, .token = token});
    if (!m_devCluster->start(error))
        return false;
    // The devcluster does the garbage collector's and the namespace controller's work
    // itself, at once; it makes no ReplicaSets (the tests that need them say so).
    m_dev = {kDevClusterRow,
             m_devCluster->kubeconfigPath(),
             QStringLiteral("devcluster"),
             token,
             m_devCluster->url(),
             QByteArray(),
             false,
             {}};
    m_whyNoRealServer = KubeApiServer::whyUnavailable();
    if (!m_whyNoRealServer.isEmpty()) {
        qWarning("the real-server rows are skipped: %s", qPrintable(m_whyNoRealServer));
        return true;
    }
    m_kubeApiServer = std::make_unique<KubeApiServer>(KubeApiServerOptions{.controllerManager = options.controllerManager});
    if (!m_kubeApiServer->start(error))
        return false;
    m_real = {kKubeApiServerRow,
              m_kubeApiServer->kubeconfigPath(),
              KubeApiServer::contextName(),
              m_kubeApiServer->token(),
              m_kubeApiServer->url(),
              m_kubeApiServer->caPem(),
              true,
              {}};
    if (!m_kubeApiServer->hasControllerManager())
        m_real.whyNoControllers =
            options.controllerManager
                ? QStringLiteral("no real kube-controller-manager: ") + KubeApiServer::whyNoControllerManager()
                : QStringLiteral("this test program runs the real server without its controller-manager");
    return true;
}

const TestServer* TestServers::server(const QString& row, QString* whySkipped) const {
    if (row == kDevClusterRow && m_devCluster)
        return &m_dev;
    if (row == kKubeApiServerRow && m_kubeApiServer)
        return &m_real;
    if (whySkipped)
        *whySkipped = m_whyNoRealServer.isEmpty() ? QStringLiteral("the %1 server was not started").arg(row)
                                                  : QStringLiteral("no real kube-apiserver: %1").arg(m_whyNoRealServer);
    return nullptr;
}

bool TestServers::restartRealServer(QString* error) {
    if (!m_kubeApiServer) {
        if (error)
            *error = QStringLiteral("the real server is not running here");
        return false;
    }
    return m_kubeApiServer->restartApiServer(error);
}

} // namespace syncline::test
