// The window with the real reconcile engine (EngineBinding) against a devcluster: open a
// workspace, read the Sync state card, press the card's Sync and Refresh buttons and read
// what the panes say afterwards — offscreen, as a user would see it.
#include "EngineBinding.h"
#include "MainWindow.h"
#include "PendingPane.h"
#include "SyncStateDelegate.h"
#include "SyncStatePane.h"
#include "support/DevCluster.h"
#include "support/GitFixture.h"

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"

#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       QStringLiteral("version: 1\nenvironments:\n  - name: dev\n    path: envs/dev\n    renderer: plain\n"
                                      "    namespace: shop-dev\n    cluster:\n      kubeconfig: %1\n")
                           .arg(cluster.kubeconfigPath())
                           .toUtf8());
        repo.writeFile(QStringLiteral("envs/dev/config.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-flags\ndata:\n  checkout: \"v1\"\n");
        repo.commitAll(QStringLiteral("dev: first flags"), 1'700'000'000);

        ui::MainWindow window;
        app::EngineBinding binding(&window);
        window.resize(1500, 900);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();

        // The first cycle: nothing on the cluster yet.
        QTRY_VERIFY2_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QStringLiteral("OutOfSync · Missing")),
                                  qPrintable(sync->rowLines(QStringLiteral("dev")).join(QLatin1String(" | "))), kTimeoutMs);
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
        auto patched = (*client)->mergePatch({QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"),
                                              QStringLiteral("web-flags")},
                                             nlohmann::json{{"data", {{"checkout", "v2"}}}}, {});
        QVERIFY(patched);
        clickCardButton(sync, 0, ui::SyncStateDelegate::Button::Refresh);
        QTRY_VERIFY_WITH_TIMEOUT(sync->rowLines(QStringLiteral("dev")).value(1).startsWith(QLatin1String("OutOfSync")), kTimeoutMs);
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
        auto live = (*client)->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("web-flags")}, {});
        QVERIFY(live);
        QCOMPARE((*live)["data"]["checkout"].get<std::string>(), std::string("v1"));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestEngineWindow)
#include "tst_enginewindow.moc"
