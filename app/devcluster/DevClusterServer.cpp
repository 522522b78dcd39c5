#include "DevClusterServer.h"

#include "ApiRouter.h"
#include "ControllerSimulator.h"
#include "HttpServer.h"
#include "KubeconfigWriter.h"
#include "ObjectService.h"
#include "ObjectStore.h"
#include "Persistence.h"
#include "ResourceCatalog.h"
#include "ResourceHandler.h"
#include "RotatingToken.h"
#include "SelfSignedCertificate.h"
#include "WatchHub.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <cstdio>

namespace syncline::devcluster {

DevClusterServer::DevClusterServer(ServerOptions options, QObject* parent) : QObject(parent), m_options(std::move(options)) {}

DevClusterServer::~DevClusterServer() = default;

util::Result<void> DevClusterServer::prepareDataDirectory() const {
    // Created private; an existing folder is the user's to set up.
    const bool existed = QFileInfo(m_options.dataDir).isDir();
    if (!QDir().mkpath(m_options.dataDir))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the data directory"), m_options.dataDir);
    if (!existed)
        QFile::setPermissions(m_options.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

util::Result<void> DevClusterServer::loadState() {
    auto loaded = m_persistence->load();
    if (!loaded)
        return util::fail(loaded.error());
    for (const QString& problem : std::as_const(loaded->problems))
        std::fprintf(stderr, "syncline-devcluster: %s\n", qPrintable(problem));
    if (!loaded->problems.isEmpty()) {
        // The compaction below drops the skipped lines: keep the file as it was.
        auto copy = m_persistence->keepDamagedCopy();
        std::fprintf(stderr, "syncline-devcluster: %s\n",
                     qPrintable(copy ? QStringLiteral("the log as found is kept in %1").arg(*copy) : copy.error().toString()));
    }
    for (auto& [storeId, object] : loaded->objects)
        m_store->restore(storeId, std::move(object));
    m_store->restoreResourceVersion(loaded->resourceVersion);
    // A clean log from here on (drops a torn last line a SIGKILL may have left).
    return compactLog();
}

util::Result<std::optional<QSslConfiguration>> DevClusterServer::tlsConfiguration(KubeconfigOptions& kubeconfig) const {
    if (!m_options.tls)
        return std::optional<QSslConfiguration>();
    auto certificate = SelfSignedCertificate::loadOrCreate(QDir(m_options.dataDir).filePath(QStringLiteral("tls")));
    if (!certificate)
        return util::fail(certificate.error());
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certificate->certificatePem(), QSsl::Pem));
    config.setPrivateKey(QSslKey(certificate->keyPem(), QSsl::Ec, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (config.privateKey().isNull() || config.localCertificate().isNull())
        return util::fail(util::ErrorCode::Generic, QStringLiteral("the TLS key or certificate could not be read"));
    kubeconfig.caPem = certificate->caPem();
    kubeconfig.clientCertificatePem = certificate->clientCertificatePem();
    kubeconfig.clientKeyPem = certificate->clientKeyPem();
    return std::optional<QSslConfiguration>(config);
}

util::Result<QString> DevClusterServer::start() {
    if (auto ok = prepareDataDirectory(); !ok)
        return util::fail(ok.error());
    m_persistence = std::make_unique<Persistence>(m_options.dataDir);
    m_catalog = std::make_unique<ResourceCatalog>();
    m_store = std::make_unique<ObjectStore>(m_persistence.get());
    m_service = std::make_unique<ObjectService>(*m_store, *m_catalog);
    if (auto ok = loadState(); !ok)
        return util::fail(ok.error());
    m_service->registerStoredDefinitions();
    m_service->bootstrap();

    KubeconfigOptions kubeconfig{m_options.kubeconfigPath, {}, m_options.contextName, {}, m_options.token, {}, {}};
    auto tls = tlsConfiguration(kubeconfig);
    if (!tls)
        return util::fail(tls.error());

    m_watches = std::make_unique<WatchHub>(*m_store);
    m_resources = std::make_unique<ResourceHandler>(*m_store, *m_service, *m_watches);
    m_resources->setExitAfterListBytes(m_options.exitAfterListBytes);
    m_router = std::make_unique<ApiRouter>(*m_catalog, *m_resources, RotatingToken(m_options.token, m_options.tokenFile));
    m_http = std::make_unique<HttpServer>(
        [router = m_router.get()](const HttpRequest& request, HttpConnection& connection) {
            router->handle(request, connection);
        },
        *tls, m_options.limits);
    QString error;
    if (!m_http->listen(m_options.port, &error))
        return util::fail(util::ErrorCode::Network,
                          QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(m_options.port).arg(error));
    const QString hostPort = QStringLiteral("127.0.0.1:%1").arg(m_http->port());
    m_router->setServerAddress(hostPort);
    const QString url = (m_options.tls ? QStringLiteral("https://") : QStringLiteral("http://")) + hostPort;
    if (m_options.simulateControllers)
        m_simulator = std::make_unique<ControllerSimulator>(*m_store, *m_service, *m_catalog, m_options.simulateDelayMs);
    kubeconfig.server = url;
    if (auto ok = KubeconfigWriter::write(kubeconfig); !ok)
        return util::fail(ok.error());
    return url;
}

util::Result<void> DevClusterServer::compactLog() {
    const auto forEach = [this](const Persistence::ObjectVisitor& visit) {
        for (const std::string& storeId : m_store->storeIds())
            for (const auto& [key, object] : *m_store->bucket(storeId))
                visit(storeId, object);
    };
    return m_persistence->compact(forEach, m_store->resourceVersion());
}

util::Result<void> DevClusterServer::shutdown() {
    if (m_watches)
        m_watches->closeAll();
    if (!m_persistence || !m_store)
        return {};
    return compactLog();
}

} // namespace syncline::devcluster
