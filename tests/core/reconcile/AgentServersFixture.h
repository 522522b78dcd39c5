#pragma once

// What the agent-mode tests against both servers share (tst_agent_modes_servers): the
// agents' CRDs installed with kubectl, their objects, the status each controller writes,
// and an engine on a scratch repository.
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ReconcileEngine.h"
#include "support/GitFixture.h"
#include "support/ServerProcess.h"
#include "support/SyncWait.h"
#include "support/TestServers.h"
#include "support/TrustedClients.h"
#include "workspace/WorkspaceConfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace syncline::test::agents {

using reconcile::ClusterConsentStore;
using reconcile::EngineOptions;
using reconcile::EnvironmentSnapshot;
using reconcile::ReconcileEngine;
using reconcile::SnapshotPtr;
using reconcile::SyncResult;

constexpr qint64 kEpoch = 1'700'000'000;
constexpr int kTimeoutMs = 30'000;
constexpr int kLiveMs = 2'000; // issue 14: a change on the cluster shows within two seconds
// A revision the agent ran before the repository's first commit here (Argo CD's history).
inline const QString kOlderRevision = QStringLiteral("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d");

struct AgentCrd {
    const char* file; // under tests/data/crds; null: gitRepositoryStandIn()
    const char* name; // metadata.name
};
constexpr AgentCrd kFluxCrd{"kustomize.toolkit.fluxcd.io_kustomizations.yaml", "kustomizations.kustomize.toolkit.fluxcd.io"};
constexpr AgentCrd kArgoCrd{"application-crd.yaml", "applications.argoproj.io"};
constexpr AgentCrd kGitRepositoryCrd{nullptr, "gitrepositories.source.toolkit.fluxcd.io"};

// Flux's GitRepository kind with an open schema: Syncline only annotates it (its real CRD,
// source-controller's, is not among tests/data/crds).
inline QByteArray gitRepositoryStandIn() {
    const nlohmann::json schema = {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
    const nlohmann::json crd = {{"apiVersion", "apiextensions.k8s.io/v1"},
                                {"kind", "CustomResourceDefinition"},
                                {"metadata", {{"name", kGitRepositoryCrd.name}}},
                                {"spec",
                                 {{"group", "source.toolkit.fluxcd.io"},
                                  {"scope", "Namespaced"},
                                  {"names",
                                   {{"plural", "gitrepositories"},
                                    {"singular", "gitrepository"},
                                    {"kind", "GitRepository"},
                                    {"listKind", "GitRepositoryList"}}},
                                  {"versions",
                                   {{{"name", "v1"},
                                     {"served", true},
                                     {"storage", true},
                                     {"subresources", {{"status", nlohmann::json::object()}}},
                                     {"schema", {{"openAPIV3Schema", schema}}}}}}}}};
    return QByteArray::fromStdString(crd.dump());
}

inline QString describe(const SyncResult& result) {
    QStringList lines;
    for (const auto& object : result.objects)
        lines << object.key.toString() + (object.error ? QStringLiteral(": ") + object.error->toString() : QString());
    if (result.error)
        lines << result.error->toString();
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const EnvironmentSnapshot& snapshot) {
    return QStringLiteral("sync %1, health %2 (%3), deployed %4%5")
        .arg(int(snapshot.sync))
        .arg(int(snapshot.health.health))
        .arg(snapshot.health.message, snapshot.deployed ? snapshot.deployed->commit.toHex() : QStringLiteral("none"),
             snapshot.error ? QStringLiteral(", error ") + snapshot.error->toString() : QString());
}

inline std::string text(const QString& value) { return value.toStdString(); }

inline QString timeAgo(int seconds) { return QDateTime::currentDateTimeUtc().addSecs(-seconds).toString(Qt::ISODate); }

class AgentServersFixture {
protected:
    test::TestServers m_servers;
    QString m_kubectl;
    std::set<QString> m_installed; // "<row>/<crd>" already established
    std::unique_ptr<test::GitFixture> m_repo;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::shared_ptr<ClusterConsentStore> m_consent;

    int kubectl(const TestServer& server, const QStringList& args, QString* output = nullptr) {
        QString ignored;
        return test::runProgram(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), server.kubeconfig} + args,
                                output ? output : &ignored);
    }

    // Server-side applies `document` (JSON is YAML) as the test's setup manager.
    bool apply(const TestServer& server, const nlohmann::json& document, QString* output) {
        const QString file = m_scratch->filePath(QStringLiteral("document.json"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        out.write(QByteArray::fromStdString(document.dump()));
        out.close();
        return kubectl(server,
                       {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--field-manager=test-setup"),
                        QStringLiteral("-f"), file},
                       output) == 0;
    }

    // The agent's CRD, applied as its installer does and waited on until Established.
    bool installCrd(const TestServer& server, const AgentCrd& crd, QString* output) {
        const QString key = server.name + QLatin1Char('/') + QLatin1String(crd.name);
        if (m_installed.count(key))
            return true;
        QString file = m_scratch->filePath(QStringLiteral("crd.json"));
        if (crd.file)
            file = qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/crds/") + QLatin1String(crd.file);
        else if (QFile out(file); !out.open(QIODevice::WriteOnly) || out.write(gitRepositoryStandIn()) < 0)
            return false;
        if (kubectl(server, {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), file}, output) != 0)
            return false;
        // The real server's CRD controller sets status.conditions a moment after the create;
        // until then `kubectl wait` fails ("accessor error") instead of waiting: ask again.
        QElapsedTimer clock;
        clock.start();
        while (kubectl(server,
                       {QStringLiteral("wait"), QStringLiteral("--for=condition=Established"), QStringLiteral("--timeout=30s"),
                        QStringLiteral("crd/") + QLatin1String(crd.name)},
                       output) != 0) {
            if (!output->contains(QStringLiteral("accessor error")) || clock.elapsed() > kTimeoutMs)
                return false;
        }
        m_installed.insert(key);
        return true;
    }

    // What every agent-mode case starts with: the agent's CRDs and the namespace its object lives in.
    bool prepareAgent(const TestServer& server, std::initializer_list<AgentCrd> crds, const QString& agentNs, QString* output) {
        for (const AgentCrd& crd : crds)
            if (!installCrd(server, crd, output))
                return false;
        return createNamespaces(server, {agentNs}, output);
    }

    // syncline.yaml's agent block for a Flux Kustomization / an Argo CD Application.
    static QString fluxMode(const QString& kustomization, const QString& agentNs) {
        return QStringLiteral("    mode: flux\n    flux:\n      kustomization: %1\n      namespace: %2\n")
            .arg(kustomization, agentNs);
    }
    static QString argoMode(const QString& application, const QString& agentNs) {
        return QStringLiteral("    mode: argocd\n    argocd:\n      application: %1\n      namespace: %2\n")
            .arg(application, agentNs);
    }

    bool createNamespaces(const TestServer& server, const QStringList& names, QString* output) {
        for (const QString& name : names) {
            if (!apply(server, {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", text(name)}}}}, output))
                return false;
        }
        return true;
    }

    // The object as JSON (null when kubectl cannot get it; `output` says why).
    nlohmann::json get(const TestServer& server, const QString& resource, const QString& ns, const QString& name,
                       QString* output) {
        QString json;
        const int code = kubectl(
            server,
            {QStringLiteral("get"), resource, name, QStringLiteral("-n"), ns, QStringLiteral("-o"), QStringLiteral("json")},
            &json);
        if (output)
            *output = json;
        return code == 0 ? nlohmann::json::parse(json.toStdString(), nullptr, false) : nlohmann::json();
    }

    // Writes `status` as `manager` does: through the status subresource, or (Argo CD's
    // Application has none) through the main resource.
    bool writeStatus(const TestServer& server, const QString& resource, const QString& ns, const QString& name,
                     const nlohmann::json& status, const QString& manager, bool subresource, QString* output) {
        QStringList args{QStringLiteral("patch"),
                         resource,
                         name,
                         QStringLiteral("-n"),
                         ns,
                         QStringLiteral("--type=merge"),
                         QStringLiteral("--field-manager=") + manager,
                         QStringLiteral("-p"),
                         QString::fromStdString(nlohmann::json{{"status", status}}.dump())};
        if (subresource)
            args << QStringLiteral("--subresource=status");
        return kubectl(server, args, output) == 0;
    }

    workspace::WorkspaceConfig writeWorkspace(const TestServer& server, const QString& env, const QString& agentBlock) {
        const QString yaml = QStringLiteral("version: 1\nenvironments:\n"
                                            "  - name: %1\n    path: envs/%1\n    renderer: plain\n    namespace: %1\n"
                                            "%2"
                                            "    cluster:\n      kubeconfig: %3\n      context: %4\n")
                                 .arg(env, agentBlock, server.kubeconfig, server.context);
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        if (!config)
            qFatal("bad test workspace: %s", qPrintable(config.error().toString()));
        return *config;
    }

    void writeSettings(const QString& env, const char* mode) {
        m_repo->writeFile(QStringLiteral("envs/%1/settings.yaml").arg(env),
                          QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: ") + mode +
                              "\n");
    }

    // Live updates off: a cycle only when the test asks (refresh); on: watches too.
    std::unique_ptr<ReconcileEngine> startEngine(const workspace::WorkspaceConfig& config, bool liveUpdates = false) {
        EngineOptions options;
        options.refreshIntervalMs = 0;
        options.retryBaseMs = 200;
        options.liveUpdates = liveUpdates;
        options.watchPolicy.backoffBase = std::chrono::milliseconds(100);
        options.watchPolicy.backoffMax = std::chrono::milliseconds(1000);
        auto engine = std::make_unique<ReconcileEngine>(m_repo->path(), config,
                                                        test::trustedClients(m_consent, m_repo->path(), config), options);
        engine->start();
        return engine;
    }

    // The first snapshot of `env` that `wanted` accepts, asking for a cycle after each miss.
    static SnapshotPtr waitFor(ReconcileEngine& engine, const QString& env,
                               const std::function<bool(const EnvironmentSnapshot&)>& wanted, QString* last) {
        QSignalSpy spy(&engine, &ReconcileEngine::snapshotReady);
        if (auto current = engine.snapshot(env); current && wanted(*current))
            return current;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < kTimeoutMs) {
            if (spy.isEmpty() && !spy.wait(kTimeoutMs - int(clock.elapsed())))
                break;
            while (!spy.isEmpty()) {
                auto snapshot = spy.takeFirst().at(0).value<SnapshotPtr>();
                if (snapshot->environment != env)
                    continue;
                *last = describe(*snapshot);
                if (wanted(*snapshot))
                    return snapshot;
            }
            engine.refresh(env);
        }
        return nullptr;
    }

    // Nothing of the environment's own: Syncline applied nothing in agent mode.
    void verifyNothingApplied(const TestServer& server, const QString& env) {
        QString output;
        QVERIFY2(get(server, QStringLiteral("configmap"), env, QStringLiteral("settings"), &output).is_null(),
                 qPrintable(QStringLiteral("Syncline applied the environment itself: ") + output));
        QVERIFY2(output.contains(QStringLiteral("NotFound")), qPrintable(output));
    }

    // --- Flux -----------------------------------------------------------------------

    nlohmann::json kustomization(const QString& name, const QString& ns, const QString& env) {
        return {{"apiVersion", "kustomize.toolkit.fluxcd.io/v1"},
                {"kind", "Kustomization"},
                {"metadata", {{"name", text(name)}, {"namespace", text(ns)}}},
                {"spec",
                 {{"interval", "10m"},
                  {"path", text(QStringLiteral("./envs/") + env)},
                  {"prune", true},
                  {"sourceRef", {{"kind", "GitRepository"}, {"name", "shop"}}},
                  {"targetNamespace", text(env)}}}};
    }

    // kustomize-controller's status after applying `revision` (Ready=True).
    static nlohmann::json fluxApplied(const QString& revision, const QString& env) {
        const std::string source = text(QStringLiteral("main@sha1:") + revision);
        return {{"observedGeneration", 1},
                {"lastAppliedRevision", source},
                {"lastAttemptedRevision", source},
                {"conditions",
                 {{{"type", "Ready"},
                   {"status", "True"},
                   {"observedGeneration", 1},
                   {"lastTransitionTime", text(timeAgo(60))},
                   {"reason", "ReconciliationSucceeded"},
                   {"message", "Applied revision: " + source}}}},
                {"history",
                 {{{"digest", "sha256:43ad78c94b2655429d84f21488f29d7cca9cd45b7f54d2b27e16bbec8eff9228"},
                   {"firstReconciled", text(timeAgo(65))},
                   {"lastReconciled", text(timeAgo(60))},
                   {"lastReconciledDuration", "5.118s"},
                   {"lastReconciledStatus", "ReconciliationSucceeded"},
                   {"totalReconciliations", 1},
                   {"metadata", {{"revision", source}}}}}},
                {"inventory", {{"entries", {{{"id", text(env + QStringLiteral("_settings__ConfigMap"))}, {"v", "v1"}}}}}}};
    }

    // --- Argo CD --------------------------------------------------------------------

    nlohmann::json application(const QString& name, const QString& ns, const QString& env) {
        return {{"apiVersion", "argoproj.io/v1alpha1"},
                {"kind", "Application"},
                {"metadata", {{"name", text(name)}, {"namespace", text(ns)}}},
                {"spec",
                 {{"project", "default"},
                  {"destination", {{"server", "https://kubernetes.default.svc"}, {"namespace", text(env)}}},
                  {"source",
                   {{"repoURL", "https://git.example.com/platform/shop-gitops.git"},
                    {"path", text(QStringLiteral("envs/") + env)},
                    {"targetRevision", "main"}}}}}};
    }

    // The application controller's status after syncing `revision` (history: kOlderRevision, then it).
    static nlohmann::json argoSynced(const QString& revision, const QString& env) {
        const nlohmann::json source = {{"repoURL", "https://git.example.com/platform/shop-gitops.git"},
                                       {"path", text(QStringLiteral("envs/") + env)},
                                       {"targetRevision", "main"}};
        return {
            {"sync",
             {{"status", "Synced"},
              {"revision", text(revision)},
              {"comparedTo",
               {{"source", source}, {"destination", {{"server", "https://kubernetes.default.svc"}, {"namespace", text(env)}}}}}}},
            {"health", {{"status", "Healthy"}, {"lastTransitionTime", text(timeAgo(50))}}},
            {"reconciledAt", text(timeAgo(30))},
            {"sourceType", "Directory"},
            {"resources",
             {{{"version", "v1"}, {"kind", "ConfigMap"}, {"namespace", text(env)}, {"name", "settings"}, {"status", "Synced"}}}},
            {"history",
             {{{"id", 1}, {"revision", text(kOlderRevision)}, {"deployedAt", text(timeAgo(3600))}, {"source", source}},
              {{"id", 2},
               {"revision", text(revision)},
               {"deployStartedAt", text(timeAgo(62))},
               {"deployedAt", text(timeAgo(60))},
               {"initiatedBy", {{"username", "jane"}}},
               {"source", source}}}},
            {"operationState",
             {{"phase", "Succeeded"},
              {"message", "successfully synced (all tasks run)"},
              {"startedAt", text(timeAgo(62))},
              {"finishedAt", text(timeAgo(60))},
              {"operation", {{"initiatedBy", {{"username", "jane"}}}, {"sync", {{"revision", text(revision)}}}}},
              {"syncResult", {{"revision", text(revision)}, {"source", source}}}}}};
    }
};

} // namespace syncline::test::agents
