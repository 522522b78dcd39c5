// Argo CD hooks in a direct-mode Sync, against both servers — syncline-devcluster and the
// real kube-apiserver — through the real client. Nothing runs Jobs here: the test plays
// the Job controller in the hook runner's pause between two reads, writing the Job's
// status through the status subresource with kubectl, as the controller would. What is
// checked is what a user notices: the order of hooks and objects on the server, the delete
// policies, a failed PreSync hook that stops the sync with nothing applied, SyncFail hooks,
// a dry run that creates nothing, and hooks that never enter the inventory.
#include "git/ObjectId.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/SyncResultText.h"
#include "reconcile/SyncRunner.h"
#include "support/ServerClients.h"
#include "support/ServerProcess.h"
#include "support/TestServers.h"

#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <map>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::TestServer;

namespace {

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : (result).error().toString()))

const char* kRevision = "1111111111111111111111111111111111111111";

nlohmann::json configMap(const std::string& name) {
    return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", {{"key", "value"}}}};
}

nlohmann::json deployment(const std::string& name) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", 1},
              {"selector", {{"matchLabels", {{"app", name}}}}},
              {"template",
               {{"metadata", {{"labels", {{"app", name}}}}},
                {"spec", {{"containers", {{{"name", "main"}, {"image", "shop/" + name + ":1.0"}}}}}}}}}}};
}

// `metadata` of a hook: a generateName ("db-migrate-") or a name ("smoke").
nlohmann::json hookMetadata(const std::string& name, const std::string& phase, const std::string& deletePolicy) {
    nlohmann::json annotations = {{"argocd.argoproj.io/hook", phase}};
    if (!deletePolicy.empty())
        annotations["argocd.argoproj.io/hook-delete-policy"] = deletePolicy;
    const bool generated = name.back() == '-';
    return {{generated ? "generateName" : "name", name}, {"annotations", annotations}};
}

nlohmann::json hookJob(const std::string& name, const std::string& phase, const std::string& deletePolicy = {}) {
    return {{"apiVersion", "batch/v1"},
            {"kind", "Job"},
            {"metadata", hookMetadata(name, phase, deletePolicy)},
            {"spec",
             {{"backoffLimit", 0},
              {"template",
               {{"spec", {{"restartPolicy", "Never"}, {"containers", {{{"name", "main"}, {"image", "shop/migrate:1.0"}}}}}}}}}}};
}

nlohmann::json hookConfigMap(const std::string& name, const std::string& phase, const std::string& deletePolicy = {}) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", hookMetadata(name, phase, deletePolicy)},
            {"data", {{"phase", phase}}}};
}

// As the renderers give them: a hook with only a generateName goes by it.
manifest::ManifestObject object(const nlohmann::json& body) {
    manifest::ManifestObject object{
        manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("app.yaml"), 1, 1}};
    if (object.key.name.isEmpty())
        object.key.name = QString::fromStdString(body["metadata"].value("generateName", std::string()));
    return object;
}

manifest::RenderResult rendered(const std::vector<nlohmann::json>& objects, const std::vector<nlohmann::json>& hooks) {
    manifest::RenderResult result;
    for (const auto& body : objects)
        result.objects.push_back(object(body));
    for (const auto& body : hooks)
        result.hooks.push_back(object(body));
    result.renderer = QStringLiteral("plain");
    return result;
}

// The writes a Sync sends, in order ("apply apps/Deployment hooks/api", "create batch/Job
// hooks/db-migrate-", "delete …"): dry runs and reads are not writes.
class RecordingClient : public kube::KubeClient {
public:
    explicit RecordingClient(kube::KubeClient& inner) : m_inner(inner) {}

    QStringList writes;

    int indexOf(const QString& prefix) const {
        for (int i = 0; i < writes.size(); ++i)
            if (writes[i].startsWith(prefix))
                return i;
        return -1;
    }

    QString clusterName() const override { return m_inner.clusterName(); }
    QString serverUrl() const override { return m_inner.serverUrl(); }
    util::Result<std::vector<kube::ApiResource>> discover(const util::CancellationToken& c, bool r) override {
        return m_inner.discover(c, r);
    }
    util::Result<kube::ApiResource> resourceFor(const QString& g, const QString& k, const util::CancellationToken& c) override {
        return m_inner.resourceFor(g, k, c);
    }
    util::Result<nlohmann::json> get(const manifest::ResourceKey& key, const util::CancellationToken& c) override {
        return m_inner.get(key, c);
    }
    util::Result<std::vector<nlohmann::json>> list(const QString& g, const QString& k, const kube::ListOptions& o,
                                                   const util::CancellationToken& c) override {
        return m_inner.list(g, k, o, c);
    }
    util::Result<nlohmann::json> apply(const nlohmann::json& body, const kube::ApplyOptions& o,
                                       const util::CancellationToken& c) override {
        if (!o.dryRun)
            writes << QStringLiteral("apply ") + manifest::ResourceKey::of(body).toString();
        return m_inner.apply(body, o, c);
    }
    util::Result<nlohmann::json> create(const nlohmann::json& body, const kube::CreateOptions& o,
                                        const util::CancellationToken& c) override {
        if (!o.dryRun)
            writes << QStringLiteral("create ") + manifest::ResourceKey::of(body).toString() +
                          QString::fromStdString(body["metadata"].value("generateName", std::string()));
        return m_inner.create(body, o, c);
    }
    util::Result<nlohmann::json> mergePatch(const manifest::ResourceKey& key, const nlohmann::json& patch,
                                            const util::CancellationToken& c) override {
        writes << QStringLiteral("patch ") + key.toString();
        return m_inner.mergePatch(key, patch, c);
    }
    util::Result<void> remove(const manifest::ResourceKey& key, const kube::DeleteOptions& o,
                              const util::CancellationToken& c) override {
        if (!o.dryRun)
            writes << QStringLiteral("delete ") + key.toString();
        return m_inner.remove(key, o, c);
    }

private:
    kube::KubeClient& m_inner;
};

const ObjectResult* resultFor(const SyncResult& result, const QString& name) {
    for (const auto& object : result.objects)
        if (object.key.name == name)
            return &object;
    return nullptr;
}

QString outcomes(const SyncResult& result) { return SyncResultText::report(result); }

const HookResult* hookNamed(const SyncResult& result, const QString& prefix) {
    for (const auto& hook : result.hooks)
        if (hook.key.name.startsWith(prefix))
            return &hook;
    return nullptr;
}

} // namespace

class TestSyncHooksServers : public QObject {
    Q_OBJECT

private:
    test::TestServers m_servers;
    test::ServerClients m_clients;
    util::CancellationToken m_cancel;
    QString m_kubectl;

    kube::HttpKubeClient* clientFor(const TestServer& server) { return m_clients.clientFor(server); }

    static workspace::Environment environment(const TestServer& server, const QString& name) {
        return test::ServerClients::plainEnvironment(server, name);
    }

    // What a controller or kubelet does: a merge patch of the status subresource.
    void writeStatus(const TestServer& server, const QString& resource, const QString& namespaceName, const QString& name,
                     const nlohmann::json& status) {
        QString output;
        const int exit = test::runProgram(m_kubectl,
                                          {QStringLiteral("--kubeconfig"), server.kubeconfig, QStringLiteral("patch"), resource,
                                           name, QStringLiteral("-n"), namespaceName, QStringLiteral("--subresource=status"),
                                           QStringLiteral("--type=merge"), QStringLiteral("-p"),
                                           QString::fromStdString(nlohmann::json{{"status", status}}.dump())},
                                          &output);
        QVERIFY2(exit == 0, qPrintable(output));
    }

    static nlohmann::json jobStatus(bool fails) {
        // What Kubernetes 1.34 requires of a finished Job's status comes with it.
        if (fails)
            return {{"startTime", "2026-01-01T00:00:00Z"},
                    {"failed", 1},
                    {"conditions",
                     {{{"type", "FailureTarget"},
                       {"status", "True"},
                       {"reason", "BackoffLimitExceeded"},
                       {"message", "Job has reached the specified backoff limit"}},
                      {{"type", "Failed"},
                       {"status", "True"},
                       {"reason", "BackoffLimitExceeded"},
                       {"message", "Job has reached the specified backoff limit"}}}}};
        return {
            {"startTime", "2026-01-01T00:00:00Z"},
            {"completionTime", "2026-01-01T00:00:05Z"},
            {"succeeded", 1},
            {"conditions", {{{"type", "SuccessCriteriaMet"}, {"status", "True"}}, {{"type", "Complete"}, {"status", "True"}}}}};
    }

    static nlohmann::json podStatus(bool fails) {
        if (fails)
            return {{"phase", "Failed"}, {"reason", "Error"}, {"message", "smoke test: 2 of 5 checks failed"}};
        return {{"phase", "Succeeded"}};
    }

    // The Job controller and the kubelet: every Job or Pod in `namespaceName` that has not
    // finished finishes — failing when its name starts with a prefix in `failing`.
    void finishWorkloads(const TestServer& server, kube::KubeClient& client, const QString& namespaceName,
                         const QStringList& failing, QStringList* seen) {
        for (const bool job : {true, false}) {
            auto items =
                client.list(job ? QStringLiteral("batch") : QString(), job ? QStringLiteral("Job") : QStringLiteral("Pod"),
                            {.namespaceName = namespaceName}, m_cancel);
            QVERIFY2(items, qPrintable(items ? QString() : items.error().toString()));
            for (const auto& item : *items) {
                const bool finished = job ? item.contains("status") && item["status"].contains("conditions")
                                          : item.contains("status") && item["status"].value("phase", "") != "Pending" &&
                                                item["status"].value("phase", "") != "";
                if (finished)
                    continue;
                const QString name = QString::fromStdString(item["metadata"]["name"].get<std::string>());
                const bool fails =
                    std::any_of(failing.begin(), failing.end(), [&](const QString& p) { return name.startsWith(p); });
                writeStatus(server, job ? QStringLiteral("job") : QStringLiteral("pod"), namespaceName, name,
                            job ? jobStatus(fails) : podStatus(fails));
                *seen << name;
            }
        }
    }

    // Hook timing whose pause is the Job controller and the kubelet (no sleeping): the
    // runner reads a Job once, finds it running, pauses — and the controller finishes it.
    HookTiming controllerTiming(const TestServer& server, kube::KubeClient& client, const QString& namespaceName,
                                const QStringList& failing, QStringList* seen) {
        HookTiming timing;
        timing.pause = [=, this, &client] { finishWorkloads(server, client, namespaceName, failing, seen); };
        return timing;
    }

    std::vector<nlohmann::json> configMapsNamed(kube::KubeClient& client, const QString& namespaceName, const QString& prefix) {
        std::vector<nlohmann::json> found;
        auto all = client.list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = namespaceName}, m_cancel);
        if (all)
            for (const auto& item : *all)
                if (QString::fromStdString(item["metadata"]["name"].get<std::string>()).startsWith(prefix))
                    found.push_back(item);
        return found;
    }

    bool exists(kube::KubeClient& client, const manifest::ResourceKey& key) { return bool(client.get(key, m_cancel)); }

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    }

    void cleanupTestCase() { m_clients.clear(); }

    // A PreSync Job (generateName, HookSucceeded) runs and finishes before any object is
    // applied, then is deleted, between PreSync hooks of the waves before and after it; a
    // named Sync hook runs after the apply; a PostSync
    // ConfigMap (generateName) is created last. A second Sync replaces the named hook
    // (BeforeHookCreation) and adds another PostSync ConfigMap; a pruning Sync leaves the
    // hooks alone, because the inventory never names them.
    void hooksRunInTheirPhasesAroundTheApply() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the Job controller here");
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        RecordingClient client(*http);
        const auto env = environment(server, QStringLiteral("hooks"));
        nlohmann::json early = hookConfigMap("early", "PreSync");
        early["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] = "-1";
        nlohmann::json late = hookConfigMap("late", "PreSync");
        late["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] = "1";
        const auto desired =
            rendered({configMap("settings"), deployment("api")},
                     {hookConfigMap("notify-", "PostSync"), late, hookJob("db-migrate-", "PreSync", "HookSucceeded"),
                      hookConfigMap("smoke", "Sync"), early});
        QStringList jobsSeen;
        const HookTiming timing = controllerTiming(server, *http, env.defaultNamespace, {}, &jobsSeen);
        const git::ObjectId revision = *git::ObjectId::fromHex(QString::fromLatin1(kRevision));
        const SyncResult first =
            SyncRunner::run(client, env, desired, revision, SyncRequest{.environment = env.name}, {}, m_cancel, timing);
        QVERIFY2(first.succeeded(), qPrintable(outcomes(first)));
        QCOMPARE(jobsSeen.size(), 1);

        // The order on the server: PreSync wave by wave (the Job finished and deleted before
        // the next wave), the objects, Sync, PostSync.
        const int earlyWave = client.indexOf(QStringLiteral("apply ConfigMap hooks/early"));
        const int preSync = client.indexOf(QStringLiteral("create batch/Job hooks/db-migrate-"));
        const int preSyncDeleted = client.indexOf(QStringLiteral("delete batch/Job hooks/db-migrate-"));
        const int lateWave = client.indexOf(QStringLiteral("apply ConfigMap hooks/late"));
        const int applied = client.indexOf(QStringLiteral("apply apps/Deployment hooks/api"));
        const int syncHook = client.indexOf(QStringLiteral("apply ConfigMap hooks/smoke"));
        const int postSync = client.indexOf(QStringLiteral("create ConfigMap hooks/notify-"));
        QVERIFY2(earlyWave >= 0 && earlyWave < preSync && preSync < preSyncDeleted && preSyncDeleted < lateWave &&
                     lateWave < applied && applied < syncHook && syncHook < postSync,
                 qPrintable(client.writes.join(QLatin1Char('\n'))));

        // Per-hook results, with the names the server gave.
        QCOMPARE(first.hooks.size(), std::size_t(5));
        const HookResult* migrate = hookNamed(first, QStringLiteral("db-migrate-"));
        QVERIFY(migrate);
        QCOMPARE(migrate->key.name, jobsSeen.front());
        QVERIFY(migrate->key.name.size() > QStringLiteral("db-migrate-").size());
        QCOMPARE(migrate->phase, manifest::HookPhase::PreSync);
        QCOMPARE(migrate->outcome, HookOutcome::Succeeded);
        QVERIFY(!exists(*http, migrate->key)); // HookSucceeded
        const QString report = SyncResultText::report(first);
        QVERIFY2(
            report.contains(
                QStringLiteral("hook PreSync batch/Job hooks/%1: succeeded; deleted (HookSucceeded)").arg(migrate->key.name)),
            qPrintable(report));
        const HookResult* notify = hookNamed(first, QStringLiteral("notify-"));
        QVERIFY(notify);
        QCOMPARE(notify->phase, manifest::HookPhase::PostSync);
        QVERIFY(exists(*http, notify->key)); // no policy but BeforeHookCreation: it stays
        auto smoke =
            http->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("hooks"), QStringLiteral("smoke")}, m_cancel);
        REQUIRE_OK(smoke);
        const std::string firstSmoke = (*smoke)["metadata"]["uid"].get<std::string>();

        // Again, pruning: the named hook is a new object, the PostSync hook a second one,
        // and nothing of a hook is pruned or owned.
        const SyncResult second = SyncRunner::run(client, env, desired, revision,
                                                  SyncRequest{.environment = env.name, .prune = true}, {}, m_cancel, timing);
        QVERIFY2(second.succeeded(), qPrintable(outcomes(second)));
        smoke = http->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("hooks"), QStringLiteral("smoke")}, m_cancel);
        REQUIRE_OK(smoke);
        QVERIFY((*smoke)["metadata"]["uid"].get<std::string>() != firstSmoke); // BeforeHookCreation
        QCOMPARE(configMapsNamed(*http, env.defaultNamespace, QStringLiteral("notify-")).size(), std::size_t(2));
        QVERIFY(std::none_of(second.objects.begin(), second.objects.end(),
                             [](const ObjectResult& o) { return o.outcome == ObjectOutcome::Pruned; }));
        auto inventory = kube::fromConfigMap(*http->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel));
        REQUIRE_OK(inventory);
        QCOMPARE(inventory->resources.size(), std::size_t(2));
        for (const auto& owned : inventory->resources)
            QVERIFY2(owned.name == QLatin1String("settings") || owned.name == QLatin1String("api"), qPrintable(owned.toString()));
    }

    // A PreSync Job that fails stops the sync before any object is applied; the SyncFail
    // hook runs, the PostSync hook does not, the failed Job stays for the user to read, and
    // nothing is recorded as deployed.
    void aFailingPreSyncHookStopsTheSyncAndRunsSyncFail() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the Job controller here");
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-fail"));
        const auto desired = rendered(
            {configMap("settings"), deployment("api")},
            {hookJob("check-", "PreSync"), hookConfigMap("after-", "PostSync"), hookConfigMap("sync-failed-", "SyncFail")});
        QStringList jobsSeen;
        const HookTiming timing = controllerTiming(server, *http, env.defaultNamespace, {QStringLiteral("check-")}, &jobsSeen);
        const SyncResult result = SyncRunner::run(*http, env, desired, *git::ObjectId::fromHex(QString::fromLatin1(kRevision)),
                                                  SyncRequest{.environment = env.name}, {}, m_cancel, timing);
        QVERIFY(!result.succeeded());
        QCOMPARE(SyncResultText::headline(result),
                 QStringLiteral("Sync of hooks-fail stopped at a PreSync hook: nothing was applied."));
        const HookResult* check = hookNamed(result, QStringLiteral("check-"));
        QVERIFY(check);
        QCOMPARE(check->outcome, HookOutcome::Failed);
        QVERIFY2(check->message.contains(QStringLiteral("BackoffLimitExceeded")), qPrintable(check->message));
        QVERIFY(exists(*http, check->key));
        QVERIFY2(SyncResultText::summary(result).contains(
                     QStringLiteral("hook PreSync batch/Job hooks-fail/%1: failed: BackoffLimitExceeded").arg(check->key.name)),
                 qPrintable(SyncResultText::summary(result)));

        for (const auto& object : result.objects)
            QCOMPARE(object.outcome, ObjectOutcome::Skipped);
        QVERIFY(!exists(
            *http, {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("hooks-fail"), QStringLiteral("api")}));
        QVERIFY(
            !exists(*http, {QString(), QStringLiteral("ConfigMap"), QStringLiteral("hooks-fail"), QStringLiteral("settings")}));
        QVERIFY(!exists(*http, kube::inventoryKey(env.name, env.defaultNamespace)));

        const HookResult* syncFail = hookNamed(result, QStringLiteral("sync-failed-"));
        QVERIFY2(syncFail, qPrintable(outcomes(result)));
        QCOMPARE(syncFail->outcome, HookOutcome::Succeeded);
        QCOMPARE(configMapsNamed(*http, env.defaultNamespace, QStringLiteral("sync-failed-")).size(), std::size_t(1));
        QVERIFY(!hookNamed(result, QStringLiteral("after-")));
        QVERIFY(configMapsNamed(*http, env.defaultNamespace, QStringLiteral("after-")).empty());
    }

    // Objects applied, then a PostSync Job fails: the sync failed (the revision is not
    // recorded as deployed), the Job is deleted (HookFailed) and the SyncFail hook runs.
    void aFailingPostSyncHookFailsTheSyncAndRunsSyncFail() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the Job controller here");
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-post"));
        const auto desired =
            rendered({deployment("api")}, {hookJob("verify-", "PostSync", "HookFailed"), hookConfigMap("page-", "SyncFail")});
        QStringList jobsSeen;
        const HookTiming timing = controllerTiming(server, *http, env.defaultNamespace, {QStringLiteral("verify-")}, &jobsSeen);
        const SyncResult result = SyncRunner::run(*http, env, desired, *git::ObjectId::fromHex(QString::fromLatin1(kRevision)),
                                                  SyncRequest{.environment = env.name}, {}, m_cancel, timing);
        QVERIFY(!result.succeeded());
        QVERIFY(!result.recordedDeployed);
        QCOMPARE(SyncResultText::headline(result),
                 QStringLiteral("Sync of hooks-post failed at a PostSync hook; the deployed revision was not recorded."));
        QCOMPARE(result.objects.front().outcome, ObjectOutcome::Applied);
        QVERIFY(exists(
            *http, {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("hooks-post"), QStringLiteral("api")}));
        const HookResult* verify = hookNamed(result, QStringLiteral("verify-"));
        QVERIFY(verify);
        QCOMPARE(verify->outcome, HookOutcome::Failed);
        QVERIFY2(verify->message.endsWith(QStringLiteral("; deleted (HookFailed)")), qPrintable(verify->message));
        QVERIFY(!exists(*http, verify->key));
        const HookResult* page = hookNamed(result, QStringLiteral("page-"));
        QVERIFY2(page && page->outcome == HookOutcome::Succeeded, qPrintable(outcomes(result)));
        QVERIFY(exists(*http, page->key));
    }

    // A Sync-phase Pod hook is done when its phase says so; a failed one fails the sync with
    // the kubelet's reason, after every object applied.
    void aPodHookIsDoneWhenItsPhaseSaysSo() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the kubelet here");
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-pod"));
        const nlohmann::json smoke = {
            {"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", hookMetadata("smoke-", "Sync", "")},
            {"spec", {{"restartPolicy", "Never"}, {"containers", {{{"name", "main"}, {"image", "shop/smoke:1.0"}}}}}}};
        QStringList seen;
        const HookTiming timing = controllerTiming(server, *http, env.defaultNamespace, {QStringLiteral("smoke-")}, &seen);
        const SyncResult result = SyncRunner::run(*http, env, rendered({configMap("settings")}, {smoke}),
                                                  *git::ObjectId::fromHex(QString::fromLatin1(kRevision)),
                                                  SyncRequest{.environment = env.name}, {}, m_cancel, timing);
        QVERIFY(!result.succeeded());
        QCOMPARE(seen.size(), 1);
        QCOMPARE(result.objects.front().outcome, ObjectOutcome::Applied);
        const HookResult* pod = hookNamed(result, QStringLiteral("smoke-"));
        QVERIFY(pod);
        QCOMPARE(pod->phase, manifest::HookPhase::Sync);
        QCOMPARE(pod->outcome, HookOutcome::Failed);
        QCOMPARE(pod->message, QStringLiteral("Error: smoke test: 2 of 5 checks failed"));
        QCOMPARE(SyncResultText::headline(result),
                 QStringLiteral("Sync of hooks-pod failed at a Sync hook; the deployed revision was not recorded."));
    }

    // Cancelling while a hook runs stops the wait at once: the hook is left running (not
    // deleted by its policy), nothing more is applied, and no SyncFail hook runs.
    void aCancelWhileAHookRunsStopsTheSync() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-cancel"));
        util::CancellationToken cancel;
        HookTiming timing;
        timing.pause = [cancel] { cancel.cancel(); }; // the user presses Cancel while the Job runs
        const SyncResult result = SyncRunner::run(
            *http, env,
            rendered({configMap("settings")}, {hookJob("long-", "PreSync", "HookFailed"), hookConfigMap("page-", "SyncFail")}),
            *git::ObjectId::fromHex(QString::fromLatin1(kRevision)), SyncRequest{.environment = env.name}, {}, cancel, timing);
        QVERIFY(!result.succeeded());
        QCOMPARE(result.error->code, util::ErrorCode::Cancelled);
        const HookResult* job = hookNamed(result, QStringLiteral("long-"));
        QVERIFY(job);
        QCOMPARE(job->outcome, HookOutcome::Failed);
        QVERIFY2(job->message.contains(QStringLiteral("cancelled")), qPrintable(job->message));
        QVERIFY(exists(*http, job->key));
        QVERIFY(!hookNamed(result, QStringLiteral("page-")));
        QVERIFY(
            !exists(*http, {QString(), QStringLiteral("ConfigMap"), QStringLiteral("hooks-cancel"), QStringLiteral("settings")}));
    }

    // The server names a generateName hook as kube-apiserver does: a long prefix is cut to
    // 58 characters before its 5-character suffix; a prefix that makes no valid name is
    // refused (422) and the PreSync hook's failure stops the sync.
    void generatedNamesFollowTheServersRules() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-names"));
        const std::string longPrefix = std::string(70, 'a') + "-";
        const auto run = [&](const nlohmann::json& hook) {
            return SyncRunner::run(*http, env, rendered({configMap("settings")}, {hook}),
                                   *git::ObjectId::fromHex(QString::fromLatin1(kRevision)), SyncRequest{.environment = env.name},
                                   {}, m_cancel);
        };
        const SyncResult cut = run(hookConfigMap(longPrefix, "PreSync"));
        QVERIFY2(cut.succeeded(), qPrintable(outcomes(cut)));
        QCOMPARE(cut.hooks.size(), std::size_t(1));
        QCOMPARE(cut.hooks.front().key.name.size(), 63);
        QVERIFY(cut.hooks.front().key.name.startsWith(QString::fromStdString(longPrefix.substr(0, 58))));

        const SyncResult refused = run(hookConfigMap("Db_Migrate-", "PreSync"));
        QVERIFY(!refused.succeeded());
        QCOMPARE(refused.hooks.size(), std::size_t(1));
        QCOMPARE(refused.hooks.front().outcome, HookOutcome::Failed);
        QCOMPARE(refused.error->code, util::ErrorCode::Invalid);
        const QString message = refused.hooks.front().message;
        QVERIFY2(message.startsWith(QStringLiteral("422 Invalid: ConfigMap \"Db_Migrate-")) &&
                     message.contains(QStringLiteral("[metadata.generateName: Invalid value: \"Db_Migrate-\": a lowercase RFC "
                                                     "1123 subdomain")) &&
                     message.contains(QStringLiteral(", metadata.name: Invalid value: \"Db_Migrate-")),
                 qPrintable(message));
        QCOMPARE(resultFor(refused, QStringLiteral("settings"))->outcome, ObjectOutcome::Skipped);
    }

    // A Job nobody finishes: the wave waits until its time is up, then the hook fails with
    // the reason and is left running.
    void aHookThatDoesNotFinishInTimeFailsTheSync() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        const auto env = environment(server, QStringLiteral("hooks-slow"));
        int pauses = 0;
        HookTiming timing{.timeout = std::chrono::milliseconds(0)};
        timing.pause = [&pauses] { ++pauses; };
        const SyncResult result = SyncRunner::run(*http, env, rendered({configMap("settings")}, {hookJob("slow-", "PreSync")}),
                                                  *git::ObjectId::fromHex(QString::fromLatin1(kRevision)),
                                                  SyncRequest{.environment = env.name}, {}, m_cancel, timing);
        QVERIFY(!result.succeeded());
        QCOMPARE(pauses, 0);
        const HookResult* slow = hookNamed(result, QStringLiteral("slow-"));
        QVERIFY(slow);
        QCOMPARE(slow->outcome, HookOutcome::Failed);
        QVERIFY2(slow->message.contains(QStringLiteral("did not finish within")), qPrintable(slow->message));
        QCOMPARE(result.error->code, util::ErrorCode::Timeout);
        QVERIFY(exists(*http, slow->key));
        QVERIFY(
            !exists(*http, {QString(), QStringLiteral("ConfigMap"), QStringLiteral("hooks-slow"), QStringLiteral("settings")}));
    }

    // A dry run lists the hooks that would run and creates nothing at all, not even the
    // environment's namespace.
    void aDryRunListsTheHooksAndCreatesNothing() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        RecordingClient client(*http);
        const auto env = environment(server, QStringLiteral("hooks-dry"));
        const SyncResult result = SyncRunner::run(
            client, env,
            rendered({configMap("settings")}, {hookJob("db-migrate-", "PreSync"), hookConfigMap("notify-", "PostSync")}),
            *git::ObjectId::fromHex(QString::fromLatin1(kRevision)), SyncRequest{.environment = env.name, .dryRun = true}, {},
            m_cancel);
        QVERIFY2(result.succeeded(), qPrintable(outcomes(result)));
        QVERIFY2(client.writes.isEmpty(), qPrintable(client.writes.join(QLatin1Char('\n'))));
        QCOMPARE(result.hooks.size(), std::size_t(2));
        for (const auto& hook : result.hooks)
            QCOMPARE(hook.outcome, HookOutcome::WouldRun);
        const QString report = SyncResultText::report(result);
        QVERIFY2(report.contains(QStringLiteral("hook PreSync batch/Job hooks-dry/db-migrate-: would run")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("nothing was changed")), qPrintable(report));
        QVERIFY(!exists(*http, {QString(), QStringLiteral("Namespace"), QString(), QStringLiteral("hooks-dry")}));
        // What the dry run could not check, it says.
        QVERIFY2(report.contains(QStringLiteral("skipped   ConfigMap hooks-dry/settings: hooks-dry: not checked: its namespace "
                                                "does not exist yet")),
                 qPrintable(report));
    }

    // A delete policy Argo CD does not know stops the sync before anything is sent, and the
    // error names the hook, its file and the value.
    void anUnknownDeletePolicyIsRefusedBeforeAnythingRuns() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* http = clientFor(server);
        QVERIFY(http);
        RecordingClient client(*http);
        const auto env = environment(server, QStringLiteral("hooks-bad"));
        const SyncResult result = SyncRunner::run(
            client, env, rendered({configMap("settings")}, {hookJob("db-migrate-", "PreSync", "HookSucceeded,Sometimes")}),
            *git::ObjectId::fromHex(QString::fromLatin1(kRevision)), SyncRequest{.environment = env.name}, {}, m_cancel);
        QVERIFY(!result.succeeded());
        QVERIFY2(client.writes.isEmpty(), qPrintable(client.writes.join(QLatin1Char('\n'))));
        QCOMPARE(result.error->code, util::ErrorCode::Invalid);
        QVERIFY2(result.error->toString().contains(QStringLiteral("app.yaml:1:1")) &&
                     result.error->toString().contains(QStringLiteral("batch/Job hooks-bad/db-migrate-")) &&
                     result.error->message.contains(QStringLiteral("unknown delete policy \"Sometimes\"")),
                 qPrintable(result.error->toString()));
    }
};

QTEST_GUILESS_MAIN(TestSyncHooksServers)
#include "tst_sync_hooks_servers.moc"
