#pragma once

#include "HttpLimits.h"
#include "util/Result.h"

#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <memory>
#include <optional>

namespace syncline::devcluster {

class ApiRouter;
class ControllerSimulator;
class HttpServer;
struct KubeconfigOptions;
class ObjectService;
class ObjectStore;
class Persistence;
class ResourceCatalog;
class ResourceHandler;
class WatchHub;

struct ServerOptions {
    quint16 port = 0;
    QString dataDir;
    QString kubeconfigPath;
    bool tls = false;
    QString token;     // the bearer token required (main.cpp always sets one; empty: none required)
    QString tokenFile; // where `token` came from: read again when it changes (see RotatingToken)
    bool simulateControllers = false;
    int simulateDelayMs = 2000;
    QString contextName = QStringLiteral("devcluster");
    HttpLimits limits;
    // Test-only, off (-1) unless $SYNCLINE_DEVCLUSTER_TEST_EXIT_AFTER_LIST_BYTES is set: the
    // process ends after writing this many bytes of its first list answer's body (the
    // fault suite's "cluster killed while sending a list", at a chosen byte, not a time).
    qint64 exitAfterListBytes = -1;
};

// The whole devcluster: loads the state from the data directory, listens on loopback,
// writes the kubeconfig, and persists on shutdown.
class DevClusterServer : public QObject {
    Q_OBJECT
public:
    explicit DevClusterServer(ServerOptions options, QObject* parent = nullptr);
    ~DevClusterServer() override;

    // Loads, listens and writes the kubeconfig; returns the URL it serves.
    util::Result<QString> start();
    // Compacts the log into a snapshot and closes watches.
    util::Result<void> shutdown();

private:
    util::Result<void> prepareDataDirectory() const;
    util::Result<void> loadState();
    util::Result<void> compactLog();
    util::Result<std::optional<QSslConfiguration>> tlsConfiguration(KubeconfigOptions& kubeconfig) const;

    ServerOptions m_options;
    std::unique_ptr<Persistence> m_persistence;
    std::unique_ptr<ResourceCatalog> m_catalog;
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ObjectService> m_service;
    std::unique_ptr<WatchHub> m_watches;
    std::unique_ptr<ResourceHandler> m_resources;
    std::unique_ptr<ApiRouter> m_router;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<ControllerSimulator> m_simulator;
};

} // namespace syncline::devcluster
