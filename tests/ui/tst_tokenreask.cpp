// A cluster that refuses the token Syncline sends (401: it expired or was revoked), in the
// window with the real engine, the real keychain store (gnome-keyring on run-isolated.sh's
// private D-Bus session) and a devcluster: the card says "not authorized", its Sync button
// reads "Token…" and its menu offers "Enter a new token for dev…"; the token typed there
// goes to the keychain, the environment is read again with it, and the token never shows.
#include "ClusterTokenDialog.h"
#include "EngineController.h"
#include "EngineWiring.h"
#include "KeychainStore.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "SyncStateDelegate.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "support/DevCluster.h"
#include "support/DevWorkspace.h"
#include "support/GitFixture.h"
#include "support/TrustWorkspace.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace syncline;

namespace {

constexpr int kTimeoutMs = 30'000;
const QString kService = QStringLiteral("syncline-tst-tokenreask");
const QString kNewToken = QStringLiteral("SECRET-new-token-4d2e");
const QString kStaleToken = QStringLiteral("SECRET-stale-token-9f01");

// The keychain blocks until it answered: asked from a worker thread, as the app does.
template <typename Call> auto offGuiThread(Call call) { return std::async(std::launch::async, std::move(call)).get(); }

QString writeKubeconfig(const QTemporaryDir& dir, const QUrl& server) {
    const QString path = dir.filePath(QStringLiteral("kubeconfig"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: dev\nclusters:\n- name: dev\n"
                              "  cluster:\n    server: %1\ncontexts:\n- name: dev\n  context: {cluster: dev, user: me}\n"
                              "users:\n- name: me\n  user: {token: %2}\n")
                   .arg(server.toString(), kStaleToken)
                   .toUtf8());
    return path;
}

QAction* actionNamed(QMenu* menu, const QString& text) {
    for (QAction* action : menu->actions())
        if (action->text() == text)
            return action;
    return nullptr;
}

} // namespace

class TestTokenReask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settings.isValid());
        test::useScratchSettings(QStringLiteral("tst_tokenreask"), m_settings.path());
    }

    void cleanup() {
        if (m_scope)
            offGuiThread([scope = *m_scope] { return bool(app::KeychainStore(kService).forgetToken(scope)); });
        m_scope.reset();
    }

    void aRefusedTokenIsAskedForAgainAndKeptInTheKeychain() {
        test::DevCluster cluster({.token = kNewToken});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString kubeconfig = writeKubeconfig(dir, cluster.url());
        QVERIFY(!kubeconfig.isEmpty());
        test::GitFixture repo;
        test::commitDevWorkspace(repo, kubeconfig);
        const QString untrusted = test::trustWorkspace(repo.path());
        QVERIFY2(untrusted.isEmpty(), qPrintable(untrusted));
        auto scope = reconcile::KubeconfigClientProvider::tokenScope({kubeconfig, QStringLiteral("dev"), false}, {});
        QVERIFY2(scope, scope ? "" : qPrintable(scope.error().toString()));
        m_scope = *scope;

        auto keychain = std::make_shared<app::KeychainStore>(kService);
        ui::MainWindow window;
        models::EngineController binding(window.controller(), keychain);
        ui::connectEngine(&window, &binding);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* pane = window.syncStatePane();
        const auto lines = [&] { return pane->rowLines(QStringLiteral("dev")).join(QLatin1String(" | ")); };
        const auto card = [&] {
            return window.syncStateModel()->index(window.syncStateModel()->rowOf(QStringLiteral("dev")), 0);
        };

        // The stale token is refused: the card says so, and its Sync button asks for a token.
        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QLatin1String("not authorized")), qPrintable(lines()), kTimeoutMs);
        QCOMPARE(ui::SyncStateDelegate::syncButtonText(card()), QStringLiteral("Token…"));
        QMenu* menu = pane->environmentMenu(QStringLiteral("dev"));
        QAction* enter = actionNamed(menu, QStringLiteral("Enter a new token for dev…"));
        QVERIFY(enter);
        enter->trigger();
        menu->close();

        ui::ClusterTokenDialog* dialog = window.clusterTokenDialog();
        QVERIFY(dialog && dialog->isVisible());
        const QString said = dialog->explanation()->text();
        QVERIFY2(said.contains(QStringLiteral("Cluster dev (%1) refused the credentials").arg(cluster.url().toString())),
                 qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("kept in the system keychain")), qPrintable(said));
        QVERIFY(!dialog->okButton()->isEnabled());
        QTest::keyClicks(dialog->tokenEdit(), kNewToken);
        QCOMPARE(dialog->tokenEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(dialog->okButton()->isEnabled());
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);

        // Read again with the new token: the cluster answers, the button is Sync again.
        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QStringLiteral("OutOfSync · Missing")), qPrintable(lines()), kTimeoutMs);
        QCOMPARE(ui::SyncStateDelegate::syncButtonText(card()), QStringLiteral("Sync"));
        QVERIFY(!actionNamed(pane->environmentMenu(QStringLiteral("dev")), QStringLiteral("Enter a new token for dev…")));
        // In the keychain itself, not kept for this session only.
        const auto stored = offGuiThread([scope = *m_scope] { return app::KeychainStore(kService).token(scope); });
        QVERIFY2(stored, stored ? "" : qPrintable(stored.error().toString()));
        QCOMPARE(*stored, std::optional<QString>(kNewToken));
        QVERIFY2(keychain->keychainAvailable(), qPrintable(keychain->unavailableReason()));
        for (const QString& secret : {kNewToken, kStaleToken}) {
            QVERIFY(!window.messageBar()->text().contains(secret));
            QVERIFY(!lines().contains(secret));
        }
    }

private:
    QTemporaryDir m_settings;
    std::optional<reconcile::StoredTokenScope> m_scope;
};

QTEST_MAIN(TestTokenReask)
#include "tst_tokenreask.moc"
