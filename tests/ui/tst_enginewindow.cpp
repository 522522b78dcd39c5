// The window with the real reconcile engine (models::EngineController, wired by
// ui::connectEngine) against a devcluster: open a workspace, read the Sync state card, press
// the card's Sync and Refresh buttons and read what the panes say afterwards — offscreen, as
// a user would see it. A cluster token accepted in the cluster dialog goes to the token store
// (here one in memory; the app's keychain store has its own tests in tst_keychain) and the
// engine reaches the cluster with it.
#include "ClusterConsentDialog.h"
#include "DesktopNotifier.h"
#include "EngineController.h"
#include "EngineSettings.h"
#include "EngineWiring.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "PendingPane.h"
#include "SyncStateDelegate.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "git/Repository.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ClusterTokenStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "support/DevCluster.h"
#include "support/DevWorkspace.h"
#include "support/GitFixture.h"
#include "support/TrustWorkspace.h"
#include "workspace/WorkspaceLoader.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <map>
#include <mutex>

using namespace syncline;

namespace {

constexpr int kTimeoutMs = 30'000;

void clickAt(QWidget* widget, const QPoint& pos) {
    QTest::mousePress(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
}

void clickCardButton(ui::SyncStatePane* pane, int row, ui::SyncStateDelegate::Button button) {
    QTableView* table = pane->table();
    const QRect card = table->visualRect(table->model()->index(row, 0));
    clickAt(table->viewport(), ui::SyncStateDelegate::buttonRect(card, table->fontMetrics(), button).center());
}

// Cluster tokens kept in memory, as the app keeps them in the keychain; counts its calls
// so the test sees they happen off the GUI thread.
class MemoryTokenStore final : public reconcile::ClusterTokenStore {
public:
    util::Result<Kept> storeToken(const reconcile::StoredTokenScope& scope, const QString& token) override {
        const std::lock_guard lock(m_mutex);
        noteThread();
        m_tokens[keyOf(scope)] = token;
        return Kept::Stored;
    }
    util::Result<std::optional<QString>> token(const reconcile::StoredTokenScope& scope) override {
        const std::lock_guard lock(m_mutex);
        noteThread();
        const auto found = m_tokens.find(keyOf(scope));
        return found == m_tokens.end() ? std::nullopt : std::optional<QString>(found->second);
    }
    util::Result<void> forgetToken(const reconcile::StoredTokenScope& scope) override {
        const std::lock_guard lock(m_mutex);
        noteThread();
        m_tokens.erase(keyOf(scope));
        return {};
    }
    QString unavailableReason() const override { return {}; }

    // What is stored for the kubeconfig's context, whatever server and CA it was filed under.
    std::optional<QString> storedFor(const QString& kubeconfig, const QString& context) {
        auto scope = reconcile::KubeconfigClientProvider::tokenScope({kubeconfig, context, false}, {});
        if (!scope)
            return std::nullopt;
        const std::lock_guard lock(m_mutex);
        const auto found = m_tokens.find(keyOf(*scope));
        return found == m_tokens.end() ? std::nullopt : std::optional<QString>(found->second);
    }
    bool calledOnGuiThread() const { return m_onGuiThread; }

private:
    static QString keyOf(const reconcile::StoredTokenScope& scope) {
        return scope.kubeconfigFile + QLatin1Char('#') + scope.context + QLatin1Char(' ') + scope.server + QLatin1Char(' ') +
               scope.caFingerprint;
    }
    void noteThread() {
        if (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread())
            m_onGuiThread = true;
    }

    std::mutex m_mutex;
    std::map<QString, QString> m_tokens;
    std::atomic<bool> m_onGuiThread = false;
};

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestEngineWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settings.isValid());
        test::useScratchSettings(QStringLiteral("tst_enginewindow"), m_settings.path());
    }

    void refreshAndSyncFromTheSyncStatePane() {
        test::DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        test::GitFixture repo;
        test::commitDevWorkspace(repo, cluster.kubeconfigPath());

        ui::MainWindow window;
        models::EngineController binding(window.controller(), std::make_shared<MemoryTokenStore>());
        ui::connectEngine(&window, &binding);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();

        // The repository's cluster is not trusted yet: the card says so and the window asks,
        // showing exactly what would be contacted.
        QTRY_VERIFY2_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev"))
                                      .join(QLatin1Char('\n'))
                                      .contains(QLatin1String("cluster for 'dev' not trusted yet")),
                                  qPrintable(sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | "))), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.clusterConsentDialog() && window.clusterConsentDialog()->isVisible(), kTimeoutMs);
        ui::ClusterConsentDialog* dialog = window.clusterConsentDialog();
        QCOMPARE(dialog->environment(), QStringLiteral("dev"));
        QCOMPARE(dialog->fieldText(QStringLiteral("kubeconfig")), QDir::cleanPath(cluster.kubeconfigPath()));
        QCOMPARE(dialog->fieldText(QStringLiteral("context")), QStringLiteral("devcluster"));
        QCOMPARE(dialog->fieldText(QStringLiteral("server")), cluster.url().toString());
        QCOMPARE(dialog->fieldText(QStringLiteral("ca")), QStringLiteral("system CA store"));
        QVERIFY(!dialog->autoSyncBox()->isEnabled()); // syncline.yaml asks for no auto-sync here
        screenshot(window, QStringLiteral("sync-state-untrusted"));
        dialog->trustButton()->click();

        // The first cycle: nothing on the cluster yet.
        QTRY_VERIFY2_WITH_TIMEOUT(
            sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QStringLiteral("OutOfSync · Missing")),
            qPrintable(sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | "))), kTimeoutMs);
        // The card's tooltip names the cluster's server.
        const QString clusterTip =
            sync->table()->model()->index(0, models::SyncStateModel::ClusterColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(clusterTip.startsWith(cluster.url().toString()), qPrintable(clusterTip));
        QVERIFY(binding.engine());

        // Sync on the card: applied, then the card says Synced with the deployed commit.
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Sync);
        QTRY_VERIFY_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QStringLiteral("Synced · Healthy")),
                                 kTimeoutMs);
        QVERIFY2(sync->rowLines(QStringLiteral("dev")).join(QLatin1Char('\n')).contains(QLatin1String("dev: first flags")),
                 qPrintable(sync->rowLines(QStringLiteral("dev")).join(QLatin1Char('\n'))));

        // Someone changes the cluster behind Syncline's back; Refresh shows the drift in the
        // Sync state card and in the Pending pane's cluster diffs.
        auto client = [&] {
            workspace::ClusterRef ref;
            ref.kubeconfig = cluster.kubeconfigPath();
            return kube::HttpKubeClient::create(ref, std::make_shared<kube::InMemoryExecApprovals>());
        }();
        QVERIFY(client);
        auto patched = (*client)->mergePatch(
            {QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("web-flags")},
            nlohmann::json{{"data", {{"checkout", "v2"}}}}, {});
        QVERIFY(patched);
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Refresh);
        QTRY_VERIFY_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QLatin1String("OutOfSync")),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.pendingPane()->clusterCountsText(), QStringLiteral("1 Modified"), kTimeoutMs);

        // A plain Sync does not take the field back from the other field manager (server-side
        // apply without force): the window says so and nothing is recorded as deployed anew.
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Sync);
        QTRY_VERIFY2_WITH_TIMEOUT(window.lastSyncResultText().contains(QLatin1String("onflict")),
                                  qPrintable(window.lastSyncResultText()), kTimeoutMs);

        // "Sync, taking over conflicting fields" from the card's menu puts Git's value back.
        QMenu* menu = sync->environmentMenu(QStringLiteral("dev"));
        QAction* force = nullptr;
        for (QAction* action : menu->actions()) {
            if (action->text() == QStringLiteral("Sync dev, taking over conflicting fields"))
                force = action;
        }
        QVERIFY(force);
        force->trigger();
        menu->close();
        QTRY_VERIFY_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QLatin1String("Synced")), kTimeoutMs);
        auto live =
            (*client)->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("web-flags")}, {});
        QVERIFY(live);
        QCOMPARE((*live)["data"]["checkout"].get<std::string>(), std::string("v1"));

        // A broken inventory ConfigMap: the card warns about it.
        QVERIFY((*client)->mergePatch(kube::inventoryKey(QStringLiteral("dev"), QStringLiteral("shop-dev")),
                                      nlohmann::json{{"data", {{"revision", "not-a-commit"}}}}, {}));
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Refresh);
        QTRY_VERIFY2_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev"))
                                      .join(QLatin1Char('\n'))
                                      .contains(QLatin1String("data.revision \"not-a-commit\" is not a full commit id")),
                                  qPrintable(sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | "))), kTimeoutMs);
    }

    void clusterTokenFromTheDialogGoesToTheTokenStore() {
        const QString secret = QStringLiteral("SECRET-dialog-token-41ab");
        test::DevCluster cluster(test::DevClusterOptions{.token = secret});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        // A kubeconfig of our own, without the token the devcluster wants.
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: dev\nclusters:\n- name: dev\n"
                                  "  cluster:\n    server: %1\ncontexts:\n- name: dev\n  context: {cluster: dev, user: me}\n"
                                  "users:\n- name: me\n  user: {}\n")
                       .arg(cluster.url().toString())
                       .toUtf8());
        file.close();
        test::GitFixture repo;
        test::commitDevWorkspace(repo, kubeconfig);
        const QString untrusted = test::trustWorkspace(repo.path());
        QVERIFY2(untrusted.isEmpty(), qPrintable(untrusted));

        auto tokens = std::make_shared<MemoryTokenStore>();
        ui::MainWindow window;
        models::EngineController binding(window.controller(), tokens);
        ui::connectEngine(&window, &binding);
        QSignalSpy applied(&binding, &models::EngineController::clusterSettingsApplied);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        const auto lines = [&] { return sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | ")); };
        // No token yet: the cluster refuses, and the card says so.
        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QLatin1String("nauthorized")), qPrintable(lines()), kTimeoutMs);

        // OK in the dialog with a typed token: stored (off the GUI thread), the engine restarted.
        ui::ClusterSettings settings;
        settings.cluster = workspace::ClusterRef{kubeconfig, QStringLiteral("dev"), false};
        settings.token = secret;
        Q_EMIT window.clusterSettingsAccepted(QStringLiteral("dev"), settings);
        // The store's answer may arrive before the signal is waited for (a finished job's
        // continuation runs at once): count it instead of waiting for a new one.
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, kTimeoutMs);
        QCOMPARE(tokens->storedFor(kubeconfig, QStringLiteral("dev")), std::optional<QString>(secret));
        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QStringLiteral("OutOfSync · Missing")), qPrintable(lines()), kTimeoutMs);
        QVERIFY(!window.messageBar()->text().contains(secret));
        QVERIFY(!window.messageBar()->text().contains(QLatin1String("session only")));

        // "Forget stored token": gone from the store, and the cluster refuses again.
        settings.token = QString();
        Q_EMIT window.clusterSettingsAccepted(QStringLiteral("dev"), settings);
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 2, kTimeoutMs);
        QCOMPARE(tokens->storedFor(kubeconfig, QStringLiteral("dev")), std::optional<QString>());
        QVERIFY(!tokens->calledOnGuiThread()); // the store may block, as the keychain does
        QVERIFY(window.messageBar()->text().contains(QLatin1String("The stored token of dev is forgotten")));
        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QLatin1String("nauthorized")), qPrintable(lines()), kTimeoutMs);
        QVERIFY(!lines().contains(secret));
    }

    void autoSyncFromTheRepositoryIsAskedSeparately() {
        // syncline.yaml asks for auto-sync with prune. "Not now" leaves the cluster alone
        // (no dialog again on later cycles); the card's Trust… asks again; allowing auto-sync
        // without prune deploys by itself and the card says prune stays off.
        test::DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        test::GitFixture repo;
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       QStringLiteral("version: 1\nenvironments:\n  - name: dev\n    path: envs/dev\n    renderer: plain\n"
                                      "    namespace: shop-dev\n    sync:\n      auto: true\n      prune: true\n"
                                      "    cluster:\n      kubeconfig: %1\n")
                           .arg(cluster.kubeconfigPath())
                           .toUtf8());
        repo.writeFile(QStringLiteral("envs/dev/config.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-flags\ndata:\n  checkout: \"v1\"\n");
        repo.commitAll(QStringLiteral("dev: first flags"), 1'700'000'000);

        ui::MainWindow window;
        models::EngineController binding(window.controller(), std::make_shared<MemoryTokenStore>());
        ui::connectEngine(&window, &binding);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        const auto lines = [&] { return sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | ")); };
        QTRY_VERIFY_WITH_TIMEOUT(window.clusterConsentDialog() && window.clusterConsentDialog()->isVisible(), kTimeoutMs);
        ui::ClusterConsentDialog* dialog = window.clusterConsentDialog();
        QVERIFY(dialog->autoSyncBox()->isEnabled() && !dialog->autoSyncBox()->isChecked());
        QVERIFY(dialog->pruneBox()->isEnabled() && !dialog->pruneBox()->isChecked());
        screenshot(*dialog, QStringLiteral("cluster-consent-dialog"));
        dialog->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!window.clusterConsentDialog(), kTimeoutMs);

        // A later cycle still refuses, and does not ask again by itself.
        const quint64 seen = binding.engine()->snapshot(QStringLiteral("dev"))->sequence;
        Q_EMIT window.refreshAllRequested();
        QTRY_VERIFY_WITH_TIMEOUT(binding.engine()->snapshot(QStringLiteral("dev"))->sequence > seen, kTimeoutMs);
        QVERIFY2(lines().contains(QLatin1String("not trusted yet")), qPrintable(lines()));
        QVERIFY(!window.clusterConsentDialog());

        // The card's button reads Trust… and asks.
        QTableView* table = sync->table();
        QVERIFY(table->model()->index(0, 0).data(models::SyncStateModel::NeedsTrustRole).toBool());
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Sync);
        QTRY_VERIFY_WITH_TIMEOUT(window.clusterConsentDialog() && window.clusterConsentDialog()->isVisible(), kTimeoutMs);
        dialog = window.clusterConsentDialog();
        dialog->autoSyncBox()->setChecked(true);
        dialog->trustButton()->click();

        QTRY_VERIFY2_WITH_TIMEOUT(lines().contains(QLatin1String("Synced")), qPrintable(lines()), kTimeoutMs);
        QVERIFY2(lines().contains(QLatin1String("prune off until you allow it")), qPrintable(lines()));
        const auto recorded = reconcile::ClusterConsentStore().recorded(
            reconcile::ClusterConsentStore::repositoryKeyOf(repo.path()), QStringLiteral("dev"));
        QVERIFY(recorded && recorded->allowAutoSync && !recorded->allowPrune);
        screenshot(window, QStringLiteral("sync-state-trusted-auto-sync"));
    }

    // With the periodic read off (Settings: refresh interval 0), a change someone makes on
    // the cluster reaches the card and the Pending pane through the engine's watches alone.
    void aChangeOnTheClusterShowsOnTheCardAndInPendingWithoutRefresh() {
        models::EngineSettings settings;
        settings.refreshIntervalSeconds = 0;
        settings.fetchIntervalSeconds = 0;
        settings.save();
        test::DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        test::GitFixture repo;
        test::commitDevWorkspace(repo, cluster.kubeconfigPath());
        const QString untrusted = test::trustWorkspace(repo.path());
        QVERIFY2(untrusted.isEmpty(), qPrintable(untrusted));

        ui::MainWindow window;
        models::EngineController binding(window.controller(), std::make_shared<MemoryTokenStore>());
        ui::connectEngine(&window, &binding);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        auto card = [&] { return sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | ")); };
        QTRY_VERIFY2_WITH_TIMEOUT(card().contains(QStringLiteral("OutOfSync · Missing")), qPrintable(card()), kTimeoutMs);
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Sync);
        QTRY_VERIFY2_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QStringLiteral("Synced · Healthy")),
                                  qPrintable(card()), kTimeoutMs);
        QCOMPARE(window.notifier()->lastTitle(), QStringLiteral("Sync of dev finished"));
        QTRY_COMPARE_WITH_TIMEOUT(window.pendingPane()->clusterCountsText(), QStringLiteral("In sync: 1 resource(s) match Git"),
                                  kTimeoutMs);

        // kubectl edit, as another user would: no Refresh, no periodic read.
        auto client = kube::HttpKubeClient::create({cluster.kubeconfigPath(), QString(), false},
                                                   std::make_shared<kube::InMemoryExecApprovals>());
        QVERIFY(client);
        const manifest::ResourceKey flags{QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"),
                                          QStringLiteral("web-flags")};
        QElapsedTimer shown;
        shown.start();
        QVERIFY((*client)->mergePatch(flags, nlohmann::json{{"data", {{"checkout", "v2"}}}}, {}));
        QTRY_VERIFY2_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QLatin1String("OutOfSync")),
                                  qPrintable(card()), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.pendingPane()->clusterCountsText(), QStringLiteral("1 Modified"), kTimeoutMs);
        qInfo("an edit on the cluster reached the card and Pending in %lld ms", shown.elapsed());
        // Drift: a banner in the window, and a desktop notification when the user looks elsewhere.
        QTRY_VERIFY2_WITH_TIMEOUT(
            window.messageBar()->text().contains(QStringLiteral("Drift on dev: 1 Modified — changed on the cluster, not in Git")),
            qPrintable(window.messageBar()->text()), kTimeoutMs);
        QCOMPARE(window.notifier()->lastTitle(), QStringLiteral("Drift on dev"));

        // kubectl delete: Missing.
        shown.restart();
        QVERIFY((*client)->remove(flags, {}, {}));
        QTRY_COMPARE_WITH_TIMEOUT(window.pendingPane()->clusterCountsText(), QStringLiteral("1 Missing"), kTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(card().contains(QStringLiteral("OutOfSync · Missing")), qPrintable(card()), kTimeoutMs);
        qInfo("a deletion on the cluster reached the card and Pending in %lld ms", shown.elapsed());
        models::EngineSettings().save();
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestEngineWindow)
#include "tst_enginewindow.moc"
