// KubeconfigClientProvider with a token kept outside the kubeconfig (the UI keeps it in the
// OS keychain): a real syncline-devcluster that wants a bearer token, a kubeconfig that has
// none. Without the stored token the cluster says Unauthorized; with it the client lists
// objects. The stored token replaces the kubeconfig user's credentials (an exec plugin
// does not run), and it never appears in an error.
#include "kube/ExecApprovals.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "support/DevCluster.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using syncline::reconcile::KubeconfigClientProvider;
using syncline::test::DevCluster;

namespace {

const QString Secret = QStringLiteral("SECRET-stored-token-5c1d");

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

Listed listNamespaces(KubeconfigClientProvider& provider, const workspace::ClusterRef& ref) {
    auto client = provider.clientFor(ref);
    if (!client)
        return {false, client.error().code, client.error().toString()};
    util::CancellationToken cancel;
    auto listed = (*client)->list(QString(), QStringLiteral("Namespace"), {}, cancel);
    if (!listed)
        return {false, listed.error().code, listed.error().toString()};
    return {true, util::ErrorCode::Generic, {}};
}

} // namespace

class TestStoredToken : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<DevCluster> m_cluster;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<DevCluster>(test::DevClusterOptions{.token = Secret});
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_cluster.reset(); }

    void withoutStoredTokenUnauthorized() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        KubeconfigClientProvider provider(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>());
        const Listed listed = listNamespaces(provider, {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY(!listed.ok);
        QCOMPARE(listed.code, util::ErrorCode::Auth);
        QVERIFY2(!listed.text.contains(Secret), qPrintable(listed.text));
    }

    void storedTokenIsUsedForItsContext() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        QStringList asked;
        KubeconfigClientProvider provider(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>(), {},
                                          [&](const QString& file, const QString& context) -> std::optional<QString> {
                                              asked << file + QLatin1Char('#') + context;
                                              if (file == QDir::cleanPath(kubeconfig) && context == QLatin1String("dev"))
                                                  return Secret;
                                              return std::nullopt;
                                          });
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
        KubeconfigClientProvider withKubeconfigOnly(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>());
        QVERIFY(!listNamespaces(withKubeconfigOnly, {kubeconfig, QStringLiteral("dev"), false}).ok);

        KubeconfigClientProvider provider(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>(), {},
                                          [](const QString&, const QString&) { return std::optional<QString>(Secret); });
        const Listed listed = listNamespaces(provider, {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY2(listed.ok, qPrintable(listed.text));
    }

    void wrongStoredTokenNeverAppearsInErrors() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{}"));
        const QString wrong = QStringLiteral("WRONG-stored-token-9e2b");
        KubeconfigClientProvider provider(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>(), {},
                                          [&](const QString&, const QString&) { return std::optional<QString>(wrong); });
        const Listed listed = listNamespaces(provider, {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY(!listed.ok);
        QCOMPARE(listed.code, util::ErrorCode::Auth);
        QVERIFY2(!listed.text.contains(wrong) && !listed.text.contains(Secret), qPrintable(listed.text));
    }

    void emptyStoredTokenMeansNone() {
        const QString kubeconfig = writeKubeconfig(m_dir, m_cluster->url(), QStringLiteral("{token: %1}").arg(Secret));
        KubeconfigClientProvider provider(m_dir.path(), std::make_shared<kube::InMemoryExecApprovals>(), {},
                                          [](const QString&, const QString&) { return std::optional<QString>(QString()); });
        const Listed listed = listNamespaces(provider, {kubeconfig, QStringLiteral("dev"), false});
        QVERIFY2(listed.ok, qPrintable(listed.text)); // the kubeconfig's own token still works
    }
};

QTEST_GUILESS_MAIN(TestStoredToken)
#include "tst_storedtoken.moc"
