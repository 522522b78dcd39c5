// The agent modes against both servers — syncline-devcluster and the real kube-apiserver —
// with the agents' own CRDs (tests/data/crds): Flux's Kustomization CRD as Flux ships it, and
// Argo CD's Application CRD as Argo CD v2.14.11 ships it (no status
// subresource). The test writes each object's status the way its controller does (Flux
// through the status subresource, Argo CD through the main resource) and checks what a
// user sees — deployed revision, sync status, health and its message — and that a Sync in
// agent mode only asks the agent (Flux: the requestedAt annotation on the source and the
// Kustomization; Argo CD: a refresh and a sync operation) and applies nothing itself. Also:
// a Kustomization synced in direct mode against its CRD's schema. Helpers:
// AgentServersFixture.h.
#include "AgentServersFixture.h"

#include <QTest>

using namespace syncline;
using namespace syncline::reconcile;
using namespace syncline::test::agents;
using syncline::test::TestServer;

class TestAgentModesServers : public QObject, protected AgentServersFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    }

    void init() {
        m_repo = std::make_unique<test::GitFixture>();
        m_scratch = std::make_unique<QTemporaryDir>();
        m_consent = std::make_shared<ClusterConsentStore>(m_scratch->filePath(QStringLiteral("consent.conf")));
    }

    void cleanup() {
        m_repo.reset();
        m_scratch.reset();
    }

    // Flux applied the first commit: Syncline shows it deployed, Synced and Healthy with
    // Flux's message; a Sync only annotates (requestedAt) the Kustomization's GitRepository,
    // so that it fetches the new commit, then the Kustomization, and leaves their status and
    // the environment's namespace alone.

    void fluxModeShowsTheKustomizationAndSyncOnlyAsksFluxToReconcile() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("flux-shop"), agentNs = QStringLiteral("flux-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kFluxCrd, kGitRepositoryCrd}, agentNs, &output), qPrintable(output));
        QVERIFY2(apply(server,
                       {{"apiVersion", "source.toolkit.fluxcd.io/v1"},
                        {"kind", "GitRepository"},
                        {"metadata", {{"name", "shop"}, {"namespace", text(agentNs)}}},
                        {"spec", {{"interval", "10m"}, {"url", "https://git.example.com/platform/shop-gitops.git"}}}},
                       &output),
                 qPrintable(output));
        auto config = writeWorkspace(server, env, fluxMode(QStringLiteral("shop"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);

        QVERIFY2(apply(server, kustomization(QStringLiteral("shop"), agentNs, env), &output), qPrintable(output));
        nlohmann::json applied = fluxApplied(first, env);
        applied["notInTheSchema"] = "dropped"; // the server prunes what the CRD does not declare
        QVERIFY2(writeStatus(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("shop"), applied,
                             QStringLiteral("kustomize-controller"), true, &output),
                 qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        auto shown = waitFor(
            *engine, env, [](const EnvironmentSnapshot& s) { return s.deployed.has_value(); }, &last);
        QVERIFY2(shown, qPrintable(last));
        QVERIFY2(!shown->error, qPrintable(describe(*shown)));
        QCOMPARE(shown->deployed->commit.toHex(), first);
        QCOMPARE(shown->sync, health::SyncStatus::Synced);
        QCOMPARE(shown->health.health, health::Health::Healthy);
        QVERIFY2(shown->health.message.contains(QStringLiteral("Applied revision: main@sha1:") + first),
                 qPrintable(shown->health.message));

        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const SyncResult result = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY2(result.succeeded(), qPrintable(describe(result)));
        QCOMPARE(result.objects.size(), std::size_t(2));
        QCOMPARE(result.objects.front().key.kind, QStringLiteral("GitRepository"));
        QCOMPARE(result.objects.back().key.kind, QStringLiteral("Kustomization"));

        const nlohmann::json after = get(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("shop"), &output);
        QVERIFY2(!after.is_null(), qPrintable(output));
        const auto requested = after["metadata"]["annotations"].value("reconcile.fluxcd.io/requestedAt", std::string());
        const QDateTime requestedAt = QDateTime::fromString(QString::fromStdString(requested), Qt::ISODateWithMs);
        QVERIFY2(requestedAt.isValid() && requestedAt >= before, requested.c_str());
        const nlohmann::json source = get(server, QStringLiteral("gitrepository"), agentNs, QStringLiteral("shop"), &output);
        QVERIFY2(!source.is_null(), qPrintable(output));
        QCOMPARE(source["metadata"]["annotations"].value("reconcile.fluxcd.io/requestedAt", std::string()), requested);
        // A merge patch of the main resource: the controller's status stays as it wrote it.
        QCOMPARE(after["status"].value("lastAppliedRevision", std::string()), "main@sha1:" + text(first));
        QVERIFY(!after["status"].contains("notInTheSchema"));
        verifyNothingApplied(server, env);
    }

    // A Kustomization whose GitRepository is not there: the Sync fails naming the source,
    // and the Kustomization is not asked to build from an artifact that cannot be fetched.
    void fluxModeSyncFailsNamingAMissingSource() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRDs here");
        const QString env = QStringLiteral("flux-sourceless"), agentNs = QStringLiteral("flux-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kFluxCrd, kGitRepositoryCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, fluxMode(QStringLiteral("sourceless"), agentNs));
        writeSettings(env, "fast");
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        nlohmann::json sourceless = kustomization(QStringLiteral("sourceless"), agentNs, env);
        sourceless["spec"]["sourceRef"]["name"] = "nowhere";
        QVERIFY2(apply(server, sourceless, &output), qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        QVERIFY2(waitFor(
                     *engine, env, [](const EnvironmentSnapshot&) { return true; }, &last),
                 qPrintable(last));
        const SyncResult result = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY(!result.succeeded());
        QVERIFY2(result.error && result.error->code == util::ErrorCode::NotFound, qPrintable(describe(result)));
        QVERIFY2(describe(result).contains(QStringLiteral("GitRepository")) &&
                     describe(result).contains(QStringLiteral("nowhere")),
                 qPrintable(describe(result)));
        const nlohmann::json after = get(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("sourceless"), &output);
        QVERIFY(!after["metadata"].value("annotations", nlohmann::json::object()).contains("reconcile.fluxcd.io/requestedAt"));
    }

    // Live updates: the engine watches the Kustomization, so kustomize-controller reporting
    // a newer revision applied shows within two seconds, without a Refresh.
    void fluxModeShowsTheControllersNewStatusWithoutRefresh() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("flux-live"), agentNs = QStringLiteral("flux-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kFluxCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, fluxMode(QStringLiteral("live"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        writeSettings(env, "slow");
        const QString second = m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);
        QVERIFY2(apply(server, kustomization(QStringLiteral("live"), agentNs, env), &output), qPrintable(output));
        QVERIFY2(writeStatus(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("live"), fluxApplied(first, env),
                             QStringLiteral("kustomize-controller"), true, &output),
                 qPrintable(output));

        auto engine = startEngine(config, true);
        QSignalSpy spy(engine.get(), &ReconcileEngine::snapshotReady);
        QString last;
        QVERIFY2(waitFor(
                     *engine, env,
                     [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == first; }, &last),
                 qPrintable(last));
        // The watches' first lists ask for full reads; let them settle before the change.
        QElapsedTimer settle;
        settle.start();
        while (spy.wait(500) && settle.elapsed() < kTimeoutMs)
            spy.clear();
        spy.clear();

        QVERIFY2(writeStatus(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("live"), fluxApplied(second, env),
                             QStringLiteral("kustomize-controller"), true, &output),
                 qPrintable(output));
        QElapsedTimer clock;
        clock.start();
        SnapshotPtr shown;
        while (!shown && clock.elapsed() < kLiveMs && (!spy.isEmpty() || spy.wait(kLiveMs - int(clock.elapsed())))) {
            while (!shown && !spy.isEmpty()) {
                auto snapshot = spy.takeFirst().at(0).value<SnapshotPtr>();
                if (snapshot->environment == env && snapshot->deployed && snapshot->deployed->commit.toHex() == second)
                    shown = snapshot;
            }
        }
        QVERIFY2(shown, qPrintable(QStringLiteral("the new revision did not show within %1 ms").arg(kLiveMs)));
        QCOMPARE(shown->sync, health::SyncStatus::Synced);
        QCOMPARE(shown->health.health, health::Health::Healthy);
    }

    // Flux failed to build a newer commit (Ready=False): OutOfSync and Degraded with Flux's
    // reason, the applied commit still deployed; then reconciling (Ready=Unknown): Progressing.
    void fluxModeShowsAFailedThenAProgressingReconciliation() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("flux-failing"), agentNs = QStringLiteral("flux-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kFluxCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, fluxMode(QStringLiteral("failing"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        writeSettings(env, "slow");
        const QString second = m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);

        QVERIFY2(apply(server, kustomization(QStringLiteral("failing"), agentNs, env), &output), qPrintable(output));
        nlohmann::json failed = fluxApplied(first, env);
        failed["lastAttemptedRevision"] = text(QStringLiteral("main@sha1:") + second);
        failed["conditions"] = {{{"type", "Ready"},
                                 {"status", "False"},
                                 {"observedGeneration", 1},
                                 {"lastTransitionTime", text(timeAgo(10))},
                                 {"reason", "BuildFailed"},
                                 {"message", "kustomize build failed: accumulating resources: missing settings.yaml"}}};
        QVERIFY2(writeStatus(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("failing"), failed,
                             QStringLiteral("kustomize-controller"), true, &output),
                 qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        auto degraded = waitFor(
            *engine, env, [](const EnvironmentSnapshot& s) { return s.health.health == health::Health::Degraded; }, &last);
        QVERIFY2(degraded, qPrintable(last));
        QCOMPARE(degraded->sync, health::SyncStatus::OutOfSync);
        QVERIFY(degraded->deployed);
        QCOMPARE(degraded->deployed->commit.toHex(), first);
        QCOMPARE(degraded->targetRevision.toHex(), second);
        QVERIFY2(degraded->health.message.contains(QStringLiteral("BuildFailed")) &&
                     degraded->health.message.contains(QStringLiteral("missing settings.yaml")),
                 qPrintable(degraded->health.message));

        // kustomize-controller replaces the whole conditions list as it starts over.
        nlohmann::json reconciling = failed;
        reconciling["conditions"] = {{{"type", "Reconciling"},
                                      {"status", "True"},
                                      {"observedGeneration", 1},
                                      {"lastTransitionTime", text(timeAgo(1))},
                                      {"reason", "Progressing"},
                                      {"message", "Reconciliation in progress"}},
                                     {{"type", "Ready"},
                                      {"status", "Unknown"},
                                      {"observedGeneration", 1},
                                      {"lastTransitionTime", text(timeAgo(1))},
                                      {"reason", "Progressing"},
                                      {"message", "Reconciliation in progress"}}};
        QVERIFY2(writeStatus(server, QStringLiteral("kustomization"), agentNs, QStringLiteral("failing"), reconciling,
                             QStringLiteral("kustomize-controller"), true, &output),
                 qPrintable(output));
        engine->refresh(env);
        auto progressing = waitFor(
            *engine, env, [](const EnvironmentSnapshot& s) { return s.health.health == health::Health::Progressing; }, &last);
        QVERIFY2(progressing, qPrintable(last));
        QCOMPARE(progressing->sync, health::SyncStatus::Unknown);
        QVERIFY2(progressing->health.message.contains(QStringLiteral("Reconciliation in progress")),
                 qPrintable(progressing->health.message));
    }

    // Argo CD synced the first commit: Syncline shows it deployed (and the one before it),
    // Synced and Healthy. The Application has no status subresource. A Sync of the second
    // commit writes a refresh and a sync operation for that revision, and nothing else.
    void argoModeShowsTheApplicationAndSyncStartsAnOperation() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("argo-shop"), agentNs = QStringLiteral("argo-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kArgoCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, argoMode(QStringLiteral("shop"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);

        QVERIFY2(apply(server, application(QStringLiteral("shop"), agentNs, env), &output), qPrintable(output));
        // No status subresource: the server refuses it, and the controller writes status in place.
        QVERIFY2(!writeStatus(server, QStringLiteral("application"), agentNs, QStringLiteral("shop"), argoSynced(first, env),
                              QStringLiteral("argocd-application-controller"), true, &output),
                 qPrintable(QStringLiteral("the status subresource answered: ") + output));
        QVERIFY2(output.contains(QStringLiteral("NotFound")) || output.contains(QStringLiteral("not found")), qPrintable(output));
        QVERIFY2(writeStatus(server, QStringLiteral("application"), agentNs, QStringLiteral("shop"), argoSynced(first, env),
                             QStringLiteral("argocd-application-controller"), false, &output),
                 qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        auto shown = waitFor(
            *engine, env, [](const EnvironmentSnapshot& s) { return s.deployed.has_value(); }, &last);
        QVERIFY2(shown, qPrintable(last));
        QVERIFY2(!shown->error, qPrintable(describe(*shown)));
        QCOMPARE(shown->deployed->commit.toHex(), first);
        QVERIFY(shown->deployed->previous);
        QCOMPARE(shown->deployed->previous->toHex(), kOlderRevision);
        QCOMPARE(shown->sync, health::SyncStatus::Synced);
        QCOMPARE(shown->health.health, health::Health::Healthy);
        QCOMPARE(shown->health.message, QStringLiteral("Argo CD reports Healthy"));

        writeSettings(env, "slow");
        const QString second = m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);
        engine->refresh(env);
        QVERIFY2(waitFor(
                     *engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == second; }, &last),
                 qPrintable(last));
        const SyncResult result = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY2(result.succeeded(), qPrintable(describe(result)));
        QCOMPARE(result.objects.size(), std::size_t(1));
        QCOMPARE(result.objects.front().key.kind, QStringLiteral("Application"));

        const nlohmann::json after = get(server, QStringLiteral("application"), agentNs, QStringLiteral("shop"), &output);
        QVERIFY2(!after.is_null(), qPrintable(output));
        QCOMPARE(after["metadata"]["annotations"].value("argocd.argoproj.io/refresh", std::string()), std::string("normal"));
        QCOMPARE(after["operation"]["sync"].value("revision", std::string()), text(second));
        QCOMPARE(after["operation"]["initiatedBy"].value("username", std::string()), std::string("syncline"));
        QCOMPARE(after["status"]["sync"].value("revision", std::string()), text(first)); // Argo CD's to change
        QVERIFY2(!after["status"].contains("operationState"), after.dump().c_str());     // cleared, as Argo CD's own Sync does
        // No status subresource: every change but metadata counts (the status write, the operation).
        QCOMPARE(after["metadata"].value("generation", 0), 3);
        verifyNothingApplied(server, env);
    }

    // Argo CD's sync failed and the application is Degraded: Syncline shows OutOfSync and
    // Degraded with the failed operation's message (Argo CD leaves health's own out).
    void argoModeShowsAFailedSync() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("argo-failing"), agentNs = QStringLiteral("argo-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kArgoCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, argoMode(QStringLiteral("failing"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        writeSettings(env, "slow");
        const QString second = m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);

        QVERIFY2(apply(server, application(QStringLiteral("failing"), agentNs, env), &output), qPrintable(output));
        nlohmann::json status = argoSynced(first, env);
        status["sync"]["status"] = "OutOfSync";
        status["sync"]["revision"] = text(second);
        status["health"] = {{"status", "Degraded"}, {"lastTransitionTime", text(timeAgo(5))}};
        status["operationState"] = {
            {"phase", "Failed"},
            {"message", "one or more objects failed to apply, reason: ConfigMap \"settings\" is invalid"},
            {"startedAt", text(timeAgo(8))},
            {"finishedAt", text(timeAgo(5))},
            {"operation", {{"initiatedBy", {{"username", "jane"}}}, {"sync", {{"revision", text(second)}}}}},
            {"syncResult", {{"revision", text(second)}}}};
        QVERIFY2(writeStatus(server, QStringLiteral("application"), agentNs, QStringLiteral("failing"), status,
                             QStringLiteral("argocd-application-controller"), false, &output),
                 qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        auto degraded = waitFor(
            *engine, env, [](const EnvironmentSnapshot& s) { return s.health.health == health::Health::Degraded; }, &last);
        QVERIFY2(degraded, qPrintable(last));
        QCOMPARE(degraded->sync, health::SyncStatus::OutOfSync);
        QVERIFY2(degraded->health.message.contains(QStringLiteral("one or more objects failed to apply")),
                 qPrintable(degraded->health.message));
        // status.sync.revision is what Argo CD compared against (the failed target); the
        // cluster still runs the last revision in its deploy history.
        QVERIFY(degraded->deployed);
        QCOMPARE(degraded->deployed->commit.toHex(), first);
        QCOMPARE(degraded->targetRevision.toHex(), second);
    }
    // Argo CD runs one operation at a time: while the Application has one (its controller
    // clears .operation when done), a Sync is refused with Argo CD's own words, and the
    // running operation is left as it is.
    void argoModeRefusesASyncWhileAnOperationIsInProgress() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD and writes the controller's status here");
        const QString env = QStringLiteral("argo-busy"), agentNs = QStringLiteral("argo-agents");
        QString output;
        QVERIFY2(prepareAgent(server, {kArgoCrd}, agentNs, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, argoMode(QStringLiteral("busy"), agentNs));
        writeSettings(env, "fast");
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        writeSettings(env, "slow");
        const QString second = m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);

        nlohmann::json busy = application(QStringLiteral("busy"), agentNs, env);
        busy["operation"] = {{"initiatedBy", {{"username", "jane"}}}, {"sync", {{"revision", text(first)}}}};
        QVERIFY2(apply(server, busy, &output), qPrintable(output));
        nlohmann::json status = argoSynced(first, env);
        status["sync"]["status"] = "OutOfSync";
        status["operationState"] = {{"phase", "Running"},
                                    {"message", "waiting for completion of hook batch/Job/db-migrate"},
                                    {"startedAt", text(timeAgo(5))},
                                    {"operation", busy["operation"]}};
        QVERIFY2(writeStatus(server, QStringLiteral("application"), agentNs, QStringLiteral("busy"), status,
                             QStringLiteral("argocd-application-controller"), false, &output),
                 qPrintable(output));

        auto engine = startEngine(config);
        QString last;
        QVERIFY2(waitFor(
                     *engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == second; }, &last),
                 qPrintable(last));
        const SyncResult refused = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY(!refused.succeeded());
        QVERIFY2(refused.error && refused.error->code == util::ErrorCode::Conflict, qPrintable(describe(refused)));
        QVERIFY2(refused.error->message.contains(QStringLiteral("another operation is already in progress (Running)")),
                 qPrintable(describe(refused)));
        const nlohmann::json after = get(server, QStringLiteral("application"), agentNs, QStringLiteral("busy"), &output);
        QCOMPARE(after["operation"]["sync"].value("revision", std::string()), text(first));
        QCOMPARE(after["operation"]["initiatedBy"].value("username", std::string()), std::string("jane"));
        QCOMPARE(after["status"]["operationState"].value("phase", std::string()), std::string("Running"));
        QVERIFY(!after["metadata"].value("annotations", nlohmann::json::object()).contains("argocd.argoproj.io/refresh"));
    }

    // A Kustomization synced in direct mode, as a repository that installs Flux's own objects
    // does: the server's defaults from the CRD (spec.force, status.observedGeneration) are not
    // drift; a field the schema does not declare, or one it requires and is missing, fails
    // the Sync naming the field, and nothing is applied.
    void aKustomizationSyncedDirectlyFollowsItsCrdsSchema() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it installs the CRD here");
        const QString env = QStringLiteral("flux-direct");
        QString output;
        QVERIFY2(installCrd(server, kFluxCrd, &output), qPrintable(output));
        auto config = writeWorkspace(server, env, QString());
        const QByteArray head = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n"
                                "spec:\n  interval: 10m\n  path: ./apps\n  prune: true\n";
        const QByteArray sourceRef = "  sourceRef:\n    kind: GitRepository\n    name: shop\n";
        m_repo->writeFile(QStringLiteral("envs/%1/apps.yaml").arg(env), head + sourceRef);
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto engine = startEngine(config);
        QString last;
        QVERIFY2(waitFor(
                     *engine, env, [](const EnvironmentSnapshot&) { return true; }, &last),
                 qPrintable(last));
        const SyncResult synced = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY2(synced.succeeded(), qPrintable(describe(synced)));
        auto same = waitFor(
            *engine, env, [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == first; }, &last);
        QVERIFY2(same, qPrintable(last));
        QCOMPARE(same->count(diff::ResourceState::Same), std::size_t(1));
        QCOMPARE(same->sync, health::SyncStatus::Synced);
        const nlohmann::json live = get(server, QStringLiteral("kustomization"), env, QStringLiteral("apps"), &output);
        QVERIFY2(live.value("spec", nlohmann::json::object()).contains("force"), qPrintable(output)); // the CRD's default

        m_repo->writeFile(QStringLiteral("envs/%1/apps.yaml").arg(env), head + sourceRef + "  bogus: typo\n");
        const QString second = m_repo->commitAll(QStringLiteral("undeclared field"), kEpoch + 60);
        engine->refresh(env);
        QVERIFY2(waitFor(
                     *engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == second; }, &last),
                 qPrintable(last));
        const SyncResult undeclared = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY(!undeclared.succeeded());
        QVERIFY2(describe(undeclared).contains(QStringLiteral(".spec.bogus: field not declared in schema")),
                 qPrintable(describe(undeclared)));

        m_repo->writeFile(QStringLiteral("envs/%1/apps.yaml").arg(env), head);
        const QString third = m_repo->commitAll(QStringLiteral("no source"), kEpoch + 120);
        engine->refresh(env);
        QVERIFY2(waitFor(
                     *engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == third; }, &last),
                 qPrintable(last));
        const SyncResult required = test::waitForSync(engine->sync({.environment = env}), kTimeoutMs);
        QVERIFY(!required.succeeded());
        // Word for word: the Kustomization CRD has CEL rules, left unchecked on an invalid object.
        QVERIFY2(describe(required).contains(QStringLiteral(
                     "Kustomization.kustomize.toolkit.fluxcd.io \"apps\" is invalid: [spec.sourceRef: Required value, <nil>: "
                     "Invalid value: null: some validation rules were not checked because the object was invalid; correct the "
                     "existing errors to complete validation]")),
                 qPrintable(describe(required)));
        const nlohmann::json after = get(server, QStringLiteral("kustomization"), env, QStringLiteral("apps"), &output);
        QCOMPARE(after["spec"]["sourceRef"].value("name", std::string()), std::string("shop")); // nothing applied
        QVERIFY(!after["spec"].contains("bogus"));
    }
};

QTEST_GUILESS_MAIN(TestAgentModesServers)
#include "tst_agent_modes_servers.moc"
