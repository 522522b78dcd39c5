// KubeconfigClientProvider with a token kept outside the kubeconfig (the UI keeps it in the
// OS keychain): a real syncline-devcluster that wants a bearer token, a kubeconfig that has
// none. Without the stored token the cluster says Unauthorized; with it the client lists
// objects. The stored token replaces the kubeconfig user's credentials (an exec plugin
// does not run), and it never appears in an error.
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "support/DevCluster.h"
#include "support/FaultyApiServer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using syncline::reconcile::ClusterConsentStore;
using syncline::reconcile::KubeconfigClientProvider;
using syncline::reconcile::StoredTokenScope;
using syncline::test::DevCluster;

namespace {

const QString kSecret = QStringLiteral("SECRET-stored-token-5c1d");

// A kubeconfig for `server` whose user is `userYaml` (no token unless the caller adds one).
QString writeKubeconfig(const QTemporaryDir& dir, const QUrl& server, const QString& userYaml) {
    const QString path = dir.filePath(QStringLiteral("kubeconfig"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: dev\n"
                              "clusters:\n- name: dev\n  cluster:\n    server: %1\n"
                              "contexts:\n- name: dev\n  context: {cluster: dev, user: dev-user}\n"
                              "users:\n- name: dev-user\n  user: %2\n")
                   .arg(server.toString(), userYaml)
                   .toUtf8());
    return path;
}

struct Listed {
    bool ok = false;
    util::ErrorCode code = util::ErrorCode::Generic;
    QString text; // the whole error as the UI would show it
};

// A keychain stand-in filed like KeychainStore: by every field of the scope.
QString keyOf(const StoredTokenScope& scope) {
    return scope.kubeconfigFile + QLatin1Char('#') + scope.context + QLatin1Char(' ') + scope.server + QLatin1Char(' ') +
           scope.caFingerprint;
}

} // namespace

class TestStoredToken : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<DevCluster> m_cluster;
    QTemporaryDir m_dir;
    std::shared_ptr<ClusterConsentStore> m_consent;

    std::unique_ptr<KubeconfigClientProvider> provider(KubeconfigClientProvider::TokenLookup lookup = {}) {
        return std::make_unique<KubeconfigClientProvider>(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>(),
                                                          m_consent, kube::HttpClientOptions{}, std::move(lookup));
    }

    // Lists namespaces as environment "dev" on `ref`, after the user trusted that cluster.
    Listed listNamespaces(KubeconfigClientProvider& provider, const workspace::ClusterRef& ref) {
        workspace::Environment environment;
        environment.name = QStringLiteral("dev");
        environment.cluster = ref;
        if (auto trusted = m_consent->trust(provider.repositoryKey(), environment, m_dir.path()); !trusted)
            return {false, trusted.error().code, trusted.error().toString()};
        auto client = provider.clientFor(environment);
        if (!client)
            return {false, client.error().code, client.error().toString()};
        util::CancellationToken cancel;
        auto listed = (*client)->list(QString(), QStringLiteral("Namespace"), {}, cancel);
        if (!listed)
            return {false, listed.error().code, listed.error().toString()};
        return {true, util::ErrorCode::Generic, {}};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_consent = std::make_shared<ClusterConsentStore>(m_dir.filePath(QStringLiteral("consent.conf")));
        m_cluster = std::make_unique<DevCluster>(test::DevClusterOptions{.token = kSecret});
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_cluster.reset(); }

    void withoutStoredTokenUnauthorized() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        const Listed listed = listNamespaces(*provider(), {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY(!listed.ok);
        QCOMPARE(listed.code, util::ErrorCode::Auth);
        QVERIFY2(!listed.text.contains(kSecret), qPrintable(listed.text));
    }

    void storedTokenIsUsedForItsContext() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        QStringList asked;
        auto made = provider([&](const StoredTokenScope& scope) -> std::optional<QString> {
            asked << scope.kubeconfigFile + QLatin1Char('#') + scope.context;
            if (scope.kubeconfigFile == QDir::cleanPath(kubeconfig) && scope.context == QLatin1String("dev") &&
                scope.server == m_cluster->url().toString() && scope.caFingerprint == QLatin1String("system CA store"))
                return kSecret;
            return std::nullopt;
        });
        KubeconfigClientProvider& provider = *made;
        // A relative path and "(current context)": the lookup still gets the file and the
        // context's real name, the same scope tokenScope() gives whoever stores the token.
        const workspace::ClusterRef ref{QStringLiteral("kubeconfig"), QString(), false};
        const Listed listed = listNamespaces(provider, ref);
        QVERIFY2(listed.ok, qPrintable(listed.text));
        QCOMPARE(asked, QStringList{QDir::cleanPath(kubeconfig) + QStringLiteral("#dev")});
        auto scope = KubeconfigClientProvider::tokenScope(ref, m_dir.path());
        QVERIFY(scope);
        QCOMPARE(scope->kubeconfigFile, QDir::cleanPath(kubeconfig));
        QCOMPARE(scope->context, QStringLiteral("dev"));
        QCOMPARE(scope->server, m_cluster->url().toString());

        // The client is reused: no second keychain lookup for the same cluster.
        QVERIFY(listNamespaces(provider, ref).ok);
        QCOMPARE(asked.size(), 1);
    }

    void storedTokenWinsOverKubeconfigCredentials() {
        // The kubeconfig's user has a wrong token and an exec plugin that is not approved
        // (and does not exist): neither is used while a stored token exists.
        const QString kubeconfig = writeKubeconfig(
            m_dir, m_cluster->url(),
            QStringLiteral("\n    token: kubeconfig-token-wrong\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                           "      command: /nonexistent/credential-plugin\n"));
        QVERIFY(!listNamespaces(*provider(), {kubeconfig, QStringLiteral("dev"), false}).ok);

        const Listed listed = listNamespaces(*provider([](const StoredTokenScope&) { return std::optional<QString>(kSecret); }),
                                             {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY2(listed.ok, qPrintable(listed.text));
    }

    void wrongStoredTokenNeverAppearsInErrors() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        const QString wrong = QStringLiteral("WRONG-stored-token-9e2b");
        const Listed listed = listNamespaces(*provider([&](const StoredTokenScope&) { return std::optional<QString>(wrong); }),
                                             {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY(!listed.ok);
        QCOMPARE(listed.code, util::ErrorCode::Auth);
        QVERIFY2(!listed.text.contains(wrong) && !listed.text.contains(kSecret), qPrintable(listed.text));
    }

    void emptyStoredTokenMeansNone() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{token: %1}").arg(kSecret));
        const Listed listed = listNamespaces(*provider([](const StoredTokenScope&) { return std::optional<QString>(QString()); }),
                                             {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY2(listed.ok, qPrintable(listed.text)); // the kubeconfig's own token still works
    }

    void storedTokenNeverGoesToAnotherServer() {
        // The token was typed for context dev at server A. Then the kubeconfig (a
        // repository's, or the user's own after a careless edit) points dev at server B, and
        // the user even trusts B: B still never sees the token.
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        const workspace::ClusterRef ref{kubeconfig, QStringLiteral("dev"), false};
        auto scope = KubeconfigClientProvider::tokenScope(ref, m_dir.path());
        QVERIFY(scope);
        const QHash<QString, QString> keychain{{keyOf(*scope), kSecret}};
        auto lookup = [&keychain](const StoredTokenScope& asked) -> std::optional<QString> {
            if (auto found = keychain.constFind(keyOf(asked)); found != keychain.cend())
                return *found;
            return std::nullopt;
        };
        QVERIFY2(listNamespaces(*provider(lookup), ref).ok, "server A accepts the stored token");

        test::FaultyApiServer serverB;
        QVERIFY(serverB.start([](const test::FaultRequest& request) {
            if (auto answer = test::FaultyApiServer::discovery(request))
                return *answer;
            return test::FaultResponse::json(
                {{"kind", "NamespaceList"}, {"apiVersion", "v1"}, {"items", nlohmann::json::array()}});
        }));
        writeKubeconfig(m_dir, serverB.url(), QStringLiteral("{}   # repointed"));
        const Listed listed = listNamespaces(*provider(lookup), ref);
        QVERIFY2(listed.ok, qPrintable(listed.text));
        QVERIFY(serverB.requestCount() > 0);
        for (const test::FaultRequest& request : serverB.requests()) {
            QVERIFY2(!request.headers.value("authorization").contains(kSecret.toUtf8()), request.target.constData());
            QVERIFY(!request.headers.contains("authorization"));
        }
    }
};

QTEST_GUILESS_MAIN(TestStoredToken)
#include "tst_storedtoken.moc"
