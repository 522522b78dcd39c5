#include "support/DevCluster.h"

#include "kube/KubeConfig.h"

#include <QDir>

namespace syncline::test {

namespace {
// The random token the server made for itself, as its kubeconfig (context "devcluster") holds it.
QString kubeconfigToken(const QString& path) {
    auto config = kube::KubeConfig::load(path);
    if (!config)
        return {};
    const auto user = config->users.find(QStringLiteral("devcluster"));
    return user == config->users.end() ? QString() : user->second.token;
}
} // namespace

DevCluster::DevCluster(DevClusterOptions options) : m_options(std::move(options)) {}

DevCluster::~DevCluster() { stop(); }

bool DevCluster::start(QString* error) {
    if (isRunning())
        return true;
    if (!m_scratch) {
        m_scratch = std::make_unique<QTemporaryDir>();
        if (!m_scratch->isValid()) {
            if (error)
                *error = QStringLiteral("cannot create a temporary directory");
            return false;
        }
    }
    // The same launcher the demo uses: it waits for the "listening on" line, no sleeps.
    app::DevClusterLaunch launch;
    launch.binary = QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY);
    launch.dataDir = dataDir();
    launch.kubeconfig = kubeconfigPath();
    launch.tls = m_options.tls;
    launch.token = m_options.token;
    launch.tokenFile = m_options.tokenFile;
    launch.simulateControllers = m_options.simulateControllers;
    launch.simulateDelayMs = m_options.simulateDelayMs;
    launch.idleTimeoutMs = m_options.idleTimeoutMs;
    launch.maxConnections = m_options.maxConnections;
    m_launcher = std::make_unique<app::DevClusterLauncher>(launch);
    auto started = m_launcher->start();
    if (!started) {
        if (error)
            *error = started.error().toString();
        m_launcher.reset();
        return false;
    }
    m_url = *started;
    m_token = m_options.token;
    if (m_token.isEmpty()) {
        m_token = kubeconfigToken(kubeconfigPath());
        if (m_token.isEmpty()) {
            if (error)
                *error = QStringLiteral("no token in the devcluster's kubeconfig %1").arg(kubeconfigPath());
            stop();
            return false;
        }
    }
    return true;
}

void DevCluster::stop() {
    if (m_launcher)
        m_launcher->stop();
    m_launcher.reset();
}

void DevCluster::kill() {
    if (m_launcher)
        m_launcher->kill();
    m_launcher.reset();
}

bool DevCluster::isRunning() const { return m_launcher && m_launcher->isRunning(); }

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

QString DevCluster::token() const { return m_token; }

qint64 DevCluster::processId() const { return m_launcher ? m_launcher->processId() : 0; }

} // namespace syncline::test
