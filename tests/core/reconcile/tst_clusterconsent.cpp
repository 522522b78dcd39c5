// Cluster consent against hostile repositories: syncline.yaml names a kubeconfig kept in the
// repository whose server is the attacker's (a FaultyApiServer that records every request).
// Nothing reaches it before the user trusts exactly that cluster for this repository; a
// changed server, CA or context is asked about again; consent given for one environment or
// one clone does not cover another; the record never holds the origin URL's credentials.
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/FaultyApiServer.h"
#include "support/GitFixture.h"
#include "workspace/WorkspaceConfig.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

constexpr int kTimeoutMs = 30'000;
const QString kVaultToken = QStringLiteral("VAULT-TOKEN-of-the-user-77a1");
const QString kOrigin = QStringLiteral("https://ci-bot:s3cr3t-push-token@git.example.com/team/gitops.git");

test::FaultResponse answer(const test::FaultRequest& request) {
    if (auto discovery = test::FaultyApiServer::discovery(request))
        return *discovery;
    return test::FaultResponse::json(
        {{"kind", "List"}, {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()}, {"items", nlohmann::json::array()}});
}

workspace::Environment environmentNamed(const workspace::WorkspaceConfig& config, const QString& name) {
    const workspace::Environment* found = config.find(name);
    if (!found)
        qFatal("no environment %s", qPrintable(name));
    return *found;
}

} // namespace

class TestClusterConsent : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::GitFixture> m_repo;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<test::FaultyApiServer> m_attacker;
    std::shared_ptr<ClusterConsentStore> m_consent;

    // The repository's own kubeconfig: context `context` → `server`; its user reads a token
    // file in the user's home (the vault token the repository is after).
    void writeRepoKubeconfig(const QUrl& server, const QString& context = QStringLiteral("attacker"),
                             const QString& clusterExtra = {}) {
        m_repo->writeFile(QStringLiteral("kube/config.yaml"),
                          QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: %2\n"
                                         "clusters:\n- name: c\n  cluster:\n    server: %1\n%3"
                                         "contexts:\n- name: %2\n  context: {cluster: c, user: u}\n"
                                         "users:\n- name: u\n  user:\n    tokenFile: %4\n")
                              .arg(server.toString(), context, clusterExtra, m_home->filePath(QStringLiteral("vault-token")))
                              .toUtf8());
    }

    workspace::WorkspaceConfig writeWorkspace() {
        const QByteArray yaml = "version: 1\nenvironments:\n"
                                "  - name: prod\n    path: envs/prod\n    renderer: plain\n    namespace: shop\n"
                                "    cluster:\n      kubeconfig: kube/config.yaml\n"
                                "  - name: staging\n    path: envs/prod\n    renderer: plain\n    namespace: shop\n"
                                "    cluster:\n      kubeconfig: kube/config.yaml\n";
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml);
        m_repo->writeFile(QStringLiteral("envs/prod/cm.yaml"),
                          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  a: \"1\"\n");
        m_repo->commitAll(QStringLiteral("hostile workspace"), 1'700'000'000);
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        if (!config)
            qFatal("bad workspace: %s", qPrintable(config.error().toString()));
        return *config;
    }

    std::shared_ptr<KubeconfigClientProvider> provider(const QString& root) {
        return std::make_shared<KubeconfigClientProvider>(root, std::make_shared<kube::InMemoryExecApprovals>(), m_consent);
    }

    int requestsWithVaultToken() const {
        int count = 0;
        for (const auto& request : m_attacker->requests())
            count += request.headers.value("authorization").contains(kVaultToken.toUtf8()) ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void init() {
        m_repo = std::make_unique<test::GitFixture>();
        m_repo->git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), kOrigin});
        m_home = std::make_unique<QTemporaryDir>();
        QFile vault(m_home->filePath(QStringLiteral("vault-token")));
        QVERIFY(vault.open(QIODevice::WriteOnly));
        vault.write(kVaultToken.toUtf8());
        vault.close();
        m_consent = std::make_shared<ClusterConsentStore>(m_home->filePath(QStringLiteral("consent.conf")));
        m_attacker = std::make_unique<test::FaultyApiServer>();
        QVERIFY(m_attacker->start(answer));
    }

    void cleanup() {
        m_attacker.reset();
        m_repo.reset();
        m_home.reset();
    }

    void nothingIsSentBeforeConsent() {
        writeRepoKubeconfig(m_attacker->url());
        const auto config = writeWorkspace();
        auto clients = provider(m_repo->path());

        auto refused = clients->clientFor(environmentNamed(config, QStringLiteral("prod")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::ConsentRequired);
        const QString message = refused.error().toString();
        QVERIFY2(message.startsWith(QLatin1String("cluster for 'prod' not trusted yet: ")), qPrintable(message));
        QVERIFY2(message.contains(QDir::cleanPath(m_repo->filePath(QStringLiteral("kube/config.yaml")))), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("context attacker")), qPrintable(message));
        QVERIFY2(message.contains(m_attacker->url().toString()), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("CA system CA store")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("syncline clusters trust prod")), qPrintable(message));
        QVERIFY2(!message.contains(kVaultToken), qPrintable(message));

        // The engine shows it on the environment's snapshot, and still sends nothing.
        EngineOptions options;
        options.refreshIntervalMs = 0;
        ReconcileEngine engine(m_repo->path(), config, clients, options);
        QSignalSpy snapshots(&engine, &ReconcileEngine::snapshotReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(engine.snapshot(QStringLiteral("prod")) && engine.snapshot(QStringLiteral("staging")),
                                 kTimeoutMs);
        auto prod = engine.snapshot(QStringLiteral("prod"));
        QVERIFY(prod->error);
        QCOMPARE(prod->error->code, util::ErrorCode::ConsentRequired);
        QCOMPARE(prod->cluster.reachability, ClusterReachability::NotConfigured);
        QCOMPARE(m_attacker->requestCount(), 0);

        // Trusted (prod only): prod's cycle reaches the server; staging still refuses.
        QVERIFY(m_consent->trust(clients->repositoryKey(), environmentNamed(config, QStringLiteral("prod")), m_repo->path()));
        const quint64 seen = prod->sequence;
        engine.refresh(QStringLiteral("prod"));
        QTRY_VERIFY_WITH_TIMEOUT(engine.snapshot(QStringLiteral("prod"))->sequence > seen, kTimeoutMs);
        prod = engine.snapshot(QStringLiteral("prod"));
        QVERIFY(!prod->error || prod->error->code != util::ErrorCode::ConsentRequired);
        QVERIFY(m_attacker->requestCount() > 0);
        QCOMPARE(engine.snapshot(QStringLiteral("staging"))->error->code, util::ErrorCode::ConsentRequired);
    }

    void aChangedClusterIsAskedAboutAgain() {
        writeRepoKubeconfig(m_attacker->url());
        const auto config = writeWorkspace();
        const workspace::Environment prod = environmentNamed(config, QStringLiteral("prod"));
        auto first = provider(m_repo->path());
        auto trusted = m_consent->trust(first->repositoryKey(), prod, m_repo->path());
        QVERIFY(trusted);
        QVERIFY(first->clientFor(prod));

        test::FaultyApiServer elsewhere;
        QVERIFY(elsewhere.start(answer));
        const QByteArray fakeCa = QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toBase64();
        struct Change {
            QUrl server;
            QString context;
            QString clusterExtra;
            QString expected; // in the message
        };
        const std::vector<Change> changes = {
            {elsewhere.url(),
             QStringLiteral("attacker"),
             {},
             QStringLiteral("server %1 → %2").arg(m_attacker->url().toString(), elsewhere.url().toString())},
            {m_attacker->url(), QStringLiteral("attacker"),
             QStringLiteral("    certificate-authority-data: %1\n").arg(QString::fromLatin1(fakeCa)),
             QStringLiteral("CA system CA store → sha256:")},
            {m_attacker->url(), QStringLiteral("attacker"), QStringLiteral("    insecure-skip-tls-verify: true\n"),
             QStringLiteral("CA system CA store → TLS verification off")},
            {m_attacker->url(), QStringLiteral("renamed"), {}, QStringLiteral("context attacker → renamed")},
        };
        for (const Change& change : changes) {
            writeRepoKubeconfig(change.server, change.context, change.clusterExtra);
            // A new engine (a new window, the next command) and the running one both ask again.
            for (auto clients : {provider(m_repo->path()), first}) {
                auto refused = clients->clientFor(prod);
                QVERIFY2(!refused, qPrintable(change.expected));
                QCOMPARE(refused.error().code, util::ErrorCode::ConsentRequired);
                QVERIFY2(refused.error().message.contains(QLatin1String("changed since you trusted it")),
                         qPrintable(refused.error().message));
                QVERIFY2(refused.error().message.contains(change.expected), qPrintable(refused.error().message));
            }
        }
        QCOMPARE(elsewhere.requestCount(), 0);
        QCOMPARE(requestsWithVaultToken(), 0);
    }

    void consentBelongsToOneCloneOfOneRepository() {
        writeRepoKubeconfig(m_attacker->url());
        const auto config = writeWorkspace();
        auto clients = provider(m_repo->path());
        QVERIFY(m_consent->trust(clients->repositoryKey(), environmentNamed(config, QStringLiteral("prod")), m_repo->path()));
        QVERIFY(clients->clientFor(environmentNamed(config, QStringLiteral("prod"))));

        // The same origin cloned elsewhere (say, a colleague's fork checked out under a new
        // name) is another repository: asked again.
        QTemporaryDir other;
        const QString clone = other.filePath(QStringLiteral("clone"));
        m_repo->git({QStringLiteral("clone"), QStringLiteral("-q"), m_repo->path(), clone});
        test::GitFixture cloned(clone);
        cloned.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"), kOrigin});
        auto refused = provider(clone)->clientFor(environmentNamed(config, QStringLiteral("prod")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::ConsentRequired);

        // The key names the origin without its user-info, and so does the file.
        QVERIFY2(!clients->repositoryKey().contains(QLatin1String("s3cr3t")) &&
                     !clients->repositoryKey().contains(QLatin1String("ci-bot")),
                 qPrintable(clients->repositoryKey()));
        QVERIFY(clients->repositoryKey().startsWith(QLatin1String("https://git.example.com/team/gitops.git ")));
        QFile stored(m_home->filePath(QStringLiteral("consent.conf")));
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QByteArray text = stored.readAll();
        QVERIFY(text.contains("git.example.com"));
        QVERIFY2(!text.contains("s3cr3t") && !text.contains("ci-bot"), text.constData());
        QCOMPARE(ClusterConsentStore::withoutUserInfo(QStringLiteral("deploy@git.example.com:team/gitops.git")),
                 QStringLiteral("git.example.com:team/gitops.git"));
        QCOMPARE(requestsWithVaultToken(), m_attacker->requestCount()); // only what the user trusted got it
    }

    void withdrawnConsentStopsTheNextRequest() {
        writeRepoKubeconfig(m_attacker->url());
        const auto config = writeWorkspace();
        const workspace::Environment prod = environmentNamed(config, QStringLiteral("prod"));
        auto clients = provider(m_repo->path());
        QVERIFY(m_consent->trust(clients->repositoryKey(), prod, m_repo->path()));
        QVERIFY(clients->clientFor(prod));
        m_consent->forget(clients->repositoryKey(), QStringLiteral("prod"));
        auto refused = clients->clientFor(prod); // the cached client is not handed out any more
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::ConsentRequired);
        QCOMPARE(clients->allowedAutomation(prod).autoSync, false);
    }

    // The command line is another process with a store of its own on the same file: what it
    // withdraws or gives counts at once for the window's clients, though they read it before.
    void consentChangedByAnotherProcessCountsAtOnce() {
        writeRepoKubeconfig(m_attacker->url());
        const auto config = writeWorkspace();
        const workspace::Environment prod = environmentNamed(config, QStringLiteral("prod"));
        auto clients = provider(m_repo->path());
        QVERIFY(m_consent->trust(clients->repositoryKey(), prod, m_repo->path()));
        QVERIFY(clients->clientFor(prod));
        ClusterConsentStore commandLine(m_home->filePath(QStringLiteral("consent.conf")));
        commandLine.forget(clients->repositoryKey(), QStringLiteral("prod"));
        auto refused = clients->clientFor(prod);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::ConsentRequired);
        QVERIFY(commandLine.trust(clients->repositoryKey(), prod, m_repo->path()));
        QVERIFY(clients->clientFor(prod));
    }
};

QTEST_GUILESS_MAIN(TestClusterConsent)
#include "tst_clusterconsent.moc"
