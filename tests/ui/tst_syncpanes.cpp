// The cluster panes as a user reads them: snapshots fed to the window (no engine, no
// cluster) show up in the Sync state cards, the Pending pane's cluster diffs and the
// History's environment pills; the buttons emit the requests the engine will serve.

#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "ClusterConsentDialog.h"
#include "ClusterSettingsDialog.h"
#include "DemoRepository.h"
#include "EnvironmentSectionDelegate.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "PendingPane.h"
#include "RepositoryController.h"
#include "ResourceDiffModel.h"
#include "SideBySideView.h"
#include "SyncStateDelegate.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "TimeText.h"
#include "support/GitFixture.h"
#include "support/SnapshotFixtures.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace syncline;
using diff::ResourceState;
using syncline::test::GitFixture;
using ui::MainWindow;

namespace {

manifest::ResourceKey stagingDeployment(const QString& name) {
    return test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-staging"), name);
}

// Saves the window to $SYNCLINE_SCREENSHOT_DIR/<name>.png when that is set.
void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// A version-2 repository: web and api, each in staging and prod, promotable version.yaml.
void commitApplications(GitFixture& repo) {
    repo.writeFile(QStringLiteral("syncline.yaml"), R"(version: 2
environments:
  - name: staging
    cluster:
      context: kind-staging
  - name: prod
    cluster:
      context: kind-prod
applications:
  - name: web
    renderer: plain
    promotable: [version.yaml]
    environments:
      staging:
        path: apps/web/staging
      prod:
        path: apps/web/prod
  - name: api
    renderer: plain
    promotable: [version.yaml]
    environments:
      staging:
        path: apps/api/staging
      prod:
        path: apps/api/prod
promotion: [staging, prod]
)");
    for (const char* app : {"web", "api"}) {
        for (const auto& [place, version] : {std::pair{"staging", "2"}, std::pair{"prod", "1"}}) {
            repo.writeFile(QStringLiteral("apps/%1/%2/version.yaml").arg(QLatin1String(app), QLatin1String(place)),
                           QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1-version\n  namespace: "
                                          "shop\ndata:\n  version: \"%2\"\n")
                               .arg(QLatin1String(app), QLatin1String(version))
                               .toUtf8());
        }
    }
    repo.commitAll(QStringLiteral("web and api in staging and prod"), 1'700'000'000);
}

QStringList actionTexts(QMenu* menu) {
    QStringList texts;
    for (QAction* action : menu->actions())
        if (!action->isSeparator())
            texts << action->text();
    return texts;
}

// The menu's entry named `text`; a missing one stops the test naming it (not a null dereference).
QAction* actionNamed(QMenu* menu, const QString& text) {
    for (QAction* action : menu->actions())
        if (action->text() == text)
            return action;
    qFatal("no menu entry '%s'", qPrintable(text));
}

void clickAt(QWidget* widget, const QPoint& pos) {
    QTest::mousePress(widget, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
}

} // namespace

class TestSyncPanes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_syncpanes"), m_settingsDir.path());
        QVERIFY(m_demoRoot.isValid());
        auto demo = workspace::DemoRepository::ensure(m_demoRoot.path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        GitFixture repo(m_demo);
        m_head = *git::ObjectId::fromHex(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed());
        m_deployed = *git::ObjectId::fromHex(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~2")}).trimmed());
        m_deployedSummary =
            repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), QStringLiteral("HEAD~2")})
                .trimmed();
    }

    void init() { QSettings().clear(); }

    void snapshotsReachTheThreePanes() {
        MainWindow window;
        window.resize(1500, 900);
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTRY_VERIFY(window.controller()->historyModel()->rowCount() > 3);
        ui::SyncStatePane* sync = window.syncStatePane();
        ui::PendingPane* pending = window.pendingPane();
        QVERIFY(sync->showsTable());
        QCOMPARE(sync->table()->model(), window.syncStateModel());
        QCOMPARE(sync->rowLines(QStringLiteral("prod")).value(1), QStringLiteral("Cluster status: not read yet"));
        QCOMPARE(pending->clusterNoteText(), QStringLiteral("No cluster reading for dev yet."));

        // staging runs HEAD~2 and is behind, with one degraded Deployment.
        const QDateTime since = QDateTime::currentDateTime().addSecs(-60);
        auto staging = test::snapshot(
            QStringLiteral("staging"), 1,
            {test::resource(stagingDeployment(QStringLiteral("api")), ResourceState::Modified, health::Health::Degraded),
             test::resource(stagingDeployment(QStringLiteral("web")), ResourceState::Modified),
             test::resource(stagingDeployment(QStringLiteral("worker")), ResourceState::Same),
             test::resource(
                 test::key(QString(), QStringLiteral("Service"), QStringLiteral("shop-staging"), QStringLiteral("api")),
                 ResourceState::Missing, health::Health::Missing),
             test::resource(
                 test::key(QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-staging"), QStringLiteral("old")),
                 ResourceState::Extra, health::Health::Healthy, true)});
        staging->deployed = reconcile::DeployedRevision{m_deployed, m_deployedSummary, since, QStringLiteral("ada")};
        staging->targetRevision = m_head;
        staging->commitsBehind = 2;
        window.applySnapshot(staging);

        const QStringList lines = sync->rowLines(QStringLiteral("staging"));
        QCOMPARE(lines.value(0), QStringLiteral("staging"));
        QCOMPARE(lines.value(1), QStringLiteral("OutOfSync · Missing · 2 behind"));
        QVERIFY2(lines.value(2).startsWith(m_deployed.shortHex() + QLatin1Char(' ') + m_deployedSummary.left(10)),
                 qPrintable(lines.value(2)));
        QVERIFY2(lines.value(2).endsWith(QStringLiteral(" since ") + models::sinceTimeText(since, QDateTime::currentDateTime())),
                 qPrintable(lines.value(2)));
        QCOMPARE(lines.value(3), QStringLiteral("kind-staging · direct"));
        QCOMPARE(lines.size(), 4); // no error line
        QVERIFY(!sync->findChild<QWidget*>(QStringLiteral("noteHolder"))->isVisible());

        // prod cannot be reached: its card says so, in words.
        auto prod = test::snapshot(QStringLiteral("prod"), 1);
        prod->sync = health::SyncStatus::Unknown;
        prod->health = {health::Health::Unknown, {}};
        prod->cluster.reachability = reconcile::ClusterReachability::Unreachable;
        prod->error =
            util::makeError(util::ErrorCode::Network, QStringLiteral("connection refused"), QStringLiteral("kind-prod"));
        window.applySnapshot(prod);
        const QStringList prodLines = sync->rowLines(QStringLiteral("prod"));
        QCOMPARE(prodLines.value(1), QStringLiteral("Unknown · Unknown"));
        QCOMPARE(prodLines.value(3), QStringLiteral("kind-prod · unreachable · direct"));
        QCOMPARE(prodLines.value(4), QStringLiteral("kind-prod: connection refused"));

        // History: the deployed commit carries staging's pill.
        models::HistoryModel* history = window.controller()->historyModel();
        const int deployedRow = history->rowOf(m_deployed);
        QVERIFY(deployedRow >= 0);
        QCOMPARE(history->index(deployedRow, models::HistoryModel::SummaryColumn)
                     .data(models::HistoryModel::EnvironmentsRole)
                     .toStringList(),
                 QStringList{QStringLiteral("staging since ") + models::sinceTimeText(since, QDateTime::currentDateTime())});

        // Selecting staging (in the Sync state pane) moves the selector, the Pending pane and the History's range.
        const QModelIndex stagingRow = window.syncStateModel()->index(1, 0);
        sync->table()->setCurrentIndex(stagingRow);
        QCOMPARE(window.environmentSelector()->currentEnvironment(), QStringLiteral("staging"));
        QCOMPARE(pending->environment(), QStringLiteral("staging"));
        QCOMPARE(pending->clusterCountsText(), QStringLiteral("2 Modified · 1 Missing · 1 Extra"));
        QVERIFY(pending->clusterErrorText().isEmpty());
        QCOMPARE(pending->resourceModel()->rowCount(), 4);
        const int headRow = history->rowOf(m_head);
        QVERIFY(history->index(headRow, 0).data(models::HistoryModel::InPendingRangeRole).toBool());
        QVERIFY(!history->index(deployedRow, 0).data(models::HistoryModel::InPendingRangeRole).toBool());

        // Clicking a resource shows its live and desired YAML side by side.
        QTreeView* resources = pending->resourceView();
        const QModelIndex api =
            resources->model()->index(pending->resourceModel()->rowOf(stagingDeployment(QStringLiteral("api"))), 1);
        clickAt(resources->viewport(), resources->visualRect(api).center());
        QCOMPARE(resources->currentIndex().row(), api.row());
        QVERIFY(pending->resourceDiffView()->changedRows() > 0);
        QVERIFY(pending->resourceDiffView()->leftEdit()->toPlainText().contains(QStringLiteral("replicas: 2")));
        QVERIFY(pending->resourceDiffView()->rightEdit()->toPlainText().contains(QStringLiteral("replicas: 3")));

        // Sync selected: the checked keys only.
        QSignalSpy syncs(&window, &MainWindow::syncRequested);
        QVERIFY(!pending->syncSelectedButton()->isEnabled());
        pending->resourceModel()->setData(pending->resourceModel()->index(api.row(), 0), Qt::Checked, Qt::CheckStateRole);
        QCOMPARE(pending->syncSelectedButton()->text(), QStringLiteral("Sync 1 selected"));
        screenshot(window, QStringLiteral("syncpanes"));
        QTest::mouseClick(pending->syncSelectedButton(), Qt::LeftButton);
        QCOMPARE(syncs.count(), 1);
        auto request = syncs[0][0].value<reconcile::SyncRequest>();
        QCOMPARE(request.environment, QStringLiteral("staging"));
        QCOMPARE(request.only, std::vector<manifest::ResourceKey>{stagingDeployment(QStringLiteral("api"))});

        // A newer snapshot: web got synced; the selection and the check on api stay.
        auto staging2 = test::snapshot(
            QStringLiteral("staging"), 2,
            {test::resource(stagingDeployment(QStringLiteral("api")), ResourceState::Modified, health::Health::Progressing),
             test::resource(stagingDeployment(QStringLiteral("web")), ResourceState::Same),
             test::resource(
                 test::key(QString(), QStringLiteral("Service"), QStringLiteral("shop-staging"), QStringLiteral("api")),
                 ResourceState::Missing, health::Health::Missing)});
        staging2->deployed = staging->deployed;
        staging2->targetRevision = m_head;
        staging2->commitsBehind = 2;
        staging2->error = util::makeError(util::ErrorCode::Invalid, QStringLiteral("kustomize: patch target not found"),
                                          QStringLiteral("overlays/staging"));
        window.applySnapshot(staging2);
        QCOMPARE(pending->clusterCountsText(), QStringLiteral("1 Modified · 1 Missing"));
        QCOMPARE(pending->clusterErrorText(), QStringLiteral("⚠ overlays/staging: kustomize: patch target not found"));
        QCOMPARE(resources->currentIndex().data(models::ResourceDiffModel::KeyTextRole).toString(),
                 QStringLiteral("apps/Deployment shop-staging/api"));
        QCOMPARE(pending->resourceModel()->checkedKeys().size(), std::size_t(1));
        QCOMPARE(sync->rowLines(QStringLiteral("staging")).value(1), QStringLiteral("OutOfSync · Missing · 2 behind"));
        QCOMPARE(sync->rowLines(QStringLiteral("staging")).value(4),
                 QStringLiteral("overlays/staging: kustomize: patch target not found"));
        QCOMPARE(sync->currentEnvironment(), QStringLiteral("staging"));

        // The card's buttons.
        QSignalSpy refreshes(&window, &MainWindow::refreshRequested);
        QTableView* table = sync->table();
        const QRect card = table->visualRect(stagingRow);
        clickAt(table->viewport(),
                ui::SyncStateDelegate::buttonRect(card, table->fontMetrics(), ui::SyncStateDelegate::Button::Sync).center());
        QCOMPARE(syncs.count(), 2);
        request = syncs[1][0].value<reconcile::SyncRequest>();
        QCOMPARE(request.environment, QStringLiteral("staging"));
        QVERIFY(request.only.empty());
        QVERIFY(!request.prune);
        clickAt(table->viewport(),
                ui::SyncStateDelegate::buttonRect(card, table->fontMetrics(), ui::SyncStateDelegate::Button::Refresh).center());
        QCOMPARE(refreshes.count(), 1);
        QCOMPARE(refreshes[0][0].toString(), QStringLiteral("staging"));
        QSignalSpy all(&window, &MainWindow::syncAllRequested);
        QSignalSpy refreshAll(&window, &MainWindow::refreshAllRequested);
        sync->syncAllButton()->click();
        sync->refreshAllButton()->click();
        QCOMPARE(all.count(), 1);
        QCOMPARE(refreshAll.count(), 1);

        // The row menu: prune asks first; Edit cluster… goes out as a request.
        QSignalSpy edits(&window, &MainWindow::clusterEditRequested);
        sync->confirmPrune = [](const QString&) { return true; };
        QMenu* menu = sync->environmentMenu(QStringLiteral("staging"));
        const QList<QAction*> actions = menu->actions();
        QStringList texts;
        for (QAction* action : actions)
            texts << action->text();
        QVERIFY2(texts.contains(QStringLiteral("Edit cluster…")), qPrintable(texts.join(QLatin1Char('|'))));
        for (QAction* action : actions) {
            if (action->text() == QStringLiteral("Sync staging with prune…") || action->text() == QStringLiteral("Edit cluster…"))
                action->trigger();
        }
        delete menu;
        QCOMPARE(syncs.count(), 3);
        QVERIFY(syncs[2][0].value<reconcile::SyncRequest>().prune);
        QCOMPARE(edits.count(), 1);
        QCOMPARE(edits[0][0].toString(), QStringLiteral("staging"));
        // …and opens the cluster settings dialog; OK hands the edit back to the caller.
        auto* dialog = window.findChild<ui::ClusterSettingsDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QSignalSpy accepted(&window, &MainWindow::clusterSettingsAccepted);
        dialog->insecureBox()->setChecked(true);
        dialog->accept();
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(accepted[0][0].toString(), QStringLiteral("staging"));
        const workspace::ClusterRef before = window.syncStateModel()->environment(QStringLiteral("staging"))->cluster;
        QCOMPARE(accepted[0][1].value<ui::ClusterSettings>().cluster.kubeconfig, before.kubeconfig);
        QCOMPARE(accepted[0][1].value<ui::ClusterSettings>().cluster.context, before.context);
        QVERIFY(accepted[0][1].value<ui::ClusterSettings>().cluster.insecure);

        // A sync that fails on one object of ten says which and why.
        window.applySyncStarted(QStringLiteral("staging"));
        QCOMPARE(sync->rowLines(QStringLiteral("staging")).value(1), QStringLiteral("Syncing… · Missing · 2 behind"));
        reconcile::SyncResult result;
        result.environment = QStringLiteral("staging");
        result.revision = m_head;
        for (int i = 0; i < 10; ++i)
            result.objects.push_back({stagingDeployment(QStringLiteral("svc%1").arg(i)), reconcile::ObjectOutcome::Applied, {}});
        result.objects[2] = {
            stagingDeployment(QStringLiteral("api")), reconcile::ObjectOutcome::Failed,
            util::makeError(util::ErrorCode::Invalid, QStringLiteral("422 Invalid: spec.replicas: must be >= 0"))};
        result.error = result.objects[2].error;
        window.applySyncResult(result);
        QVERIFY(window.messageBar()->isVisible());
        QCOMPARE(window.messageBar()->text(),
                 QStringLiteral("Sync of staging failed on 1 of 10 objects; the deployed revision was not recorded.\n"
                                "apps/Deployment shop-staging/api: 422 Invalid: spec.replicas: must be >= 0"));
        QVERIFY(!window.syncStateModel()->index(1, 0).data(models::SyncStateModel::SyncingRole).toBool());
        screenshot(window, QStringLiteral("syncpanes-error"));

        // Success goes to the status bar.
        reconcile::SyncResult ok;
        ok.environment = QStringLiteral("dev");
        ok.revision = m_head;
        ok.recordedDeployed = true;
        ok.objects = {{stagingDeployment(QStringLiteral("a")), reconcile::ObjectOutcome::Applied, {}},
                      {stagingDeployment(QStringLiteral("b")), reconcile::ObjectOutcome::Unchanged, {}}};
        window.applySyncResult(ok);
        QCOMPARE(window.lastSyncResultText(), QStringLiteral("Synced dev to %1: 1 applied, 1 unchanged").arg(m_head.shortHex()));
    }

    // Pending is diff first: the first differing resource opens at its first change, F7 and
    // Shift+F7 move between changes, Unified shows one column, the changed fields are
    // listed; an environment in sync is one calm line. The choices are remembered.
    void pendingOpensTheDiffAtTheFirstChange() {
        MainWindow window;
        window.resize(1500, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        window.environmentSelector()->selectEnvironment(QStringLiteral("staging"));
        ui::PendingPane* pending = window.pendingPane();

        // Two changes 60 lines apart: the image near the top, the replicas far below.
        nlohmann::ordered_json desired = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}};
        desired["metadata"] = {{"name", "api"}, {"namespace", "shop-staging"}};
        desired["spec"]["image"] = "registry.example.com/shop/api:1.3.0";
        for (int i = 0; i < 60; ++i)
            desired["spec"]["labels"]["label-" + std::to_string(100 + i)] = "same";
        desired["spec"]["replicas"] = 3;
        nlohmann::ordered_json live = desired;
        live["spec"]["image"] = "registry.example.com/shop/api:1.2.0";
        live["spec"]["replicas"] = 2;
        reconcile::ResourceStatus api = test::resource(stagingDeployment(QStringLiteral("api")), ResourceState::Modified);
        api.diff.left = desired;
        api.diff.right = live;
        api.diff.changes = {
            {QStringLiteral("spec.image"), diff::FieldChangeKind::Changed, QStringLiteral("registry.example.com/shop/api:1.3.0"),
             QStringLiteral("registry.example.com/shop/api:1.2.0")},
            {QStringLiteral("spec.replicas"), diff::FieldChangeKind::Changed, QStringLiteral("3"), QStringLiteral("2")}};
        auto staging = test::snapshot(QStringLiteral("staging"), 1, {api});
        staging->targetRevision = m_head;
        window.applySnapshot(staging);

        QTRY_COMPARE(pending->changePositionText(), QStringLiteral("change 1 of 2"));
        QVERIFY(pending->showsClusterDetails());
        QCOMPARE(pending->resourceView()->currentIndex().row(), 0); // opened without a click
        QTreeWidget* fields = pending->changedFields();
        QVERIFY(fields->isVisible());
        QCOMPARE(fields->topLevelItemCount(), 2);
        QCOMPARE(fields->topLevelItem(0)->text(0), QStringLiteral("spec.image"));
        QCOMPARE(fields->topLevelItem(0)->text(1), QStringLiteral("registry.example.com/shop/api:1.2.0")); // live
        QCOMPARE(fields->topLevelItem(0)->text(2), QStringLiteral("registry.example.com/shop/api:1.3.0")); // desired
        QPlainTextEdit* left = pending->resourceDiffView()->leftEdit();
        QVERIFY2(left->textCursor().block().text().contains(QLatin1String("image")),
                 qPrintable(left->textCursor().block().text()));

        QTest::keyClick(&window, Qt::Key_F7);
        QCOMPARE(pending->changePositionText(), QStringLiteral("change 2 of 2"));
        QVERIFY2(left->textCursor().block().text().contains(QLatin1String("replicas: 2")),
                 qPrintable(left->textCursor().block().text()));
        // The change in view: the scroll moved down to it.
        QVERIFY(left->verticalScrollBar()->value() > 0);
        screenshot(window, QStringLiteral("pending-diff-first"));
        QTest::keyClick(&window, Qt::Key_F7); // stays at the last change
        QCOMPARE(pending->changePositionText(), QStringLiteral("change 2 of 2"));
        QTest::keyClick(&window, Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(pending->changePositionText(), QStringLiteral("change 1 of 2"));

        // Unified: one column, "-" live and "+" desired.
        pending->unifiedButton()->click();
        QPlainTextEdit* unified = pending->resourceDiffView()->unifiedEdit();
        QVERIFY(unified->isVisible() && !left->isVisible());
        QVERIFY(unified->toPlainText().contains(QLatin1String("-  image: registry.example.com/shop/api:1.2.0")));
        QVERIFY(unified->toPlainText().contains(QLatin1String("+  image: registry.example.com/shop/api:1.3.0")));
        QTest::keyClick(&window, Qt::Key_F7);
        QCOMPARE(pending->changePositionText(), QStringLiteral("change 2 of 2"));
        QVERIFY2(unified->textCursor().block().text().startsWith(QLatin1String("-  replicas: 2")),
                 qPrintable(unified->textCursor().block().text()));
        // Remembered with the window's layout: a new window opens unified.
        window.saveSettings();
        {
            MainWindow again;
            QVERIFY(again.pendingPane()->unifiedButton()->isChecked());
            QVERIFY(again.pendingPane()->resourceDiffView()->isUnified());
        }

        // In sync: one calm line, no empty list or diff boxes.
        auto synced = test::snapshot(QStringLiteral("staging"), 2,
                                     {test::resource(stagingDeployment(QStringLiteral("api")), ResourceState::Same),
                                      test::resource(stagingDeployment(QStringLiteral("web")), ResourceState::Same)});
        synced->targetRevision = m_head;
        window.applySnapshot(synced);
        QCOMPARE(pending->clusterCountsText(), QStringLiteral("In sync: 2 resource(s) match Git"));
        QCOMPARE(pending->clusterNoteText(), QString()); // one line, not two saying the same
        QVERIFY(!pending->showsClusterDetails());
        QVERIFY(!pending->resourceView()->isVisible());
        // Show unchanged brings the list back.
        pending->showSameBox()->setChecked(true);
        QVERIFY(pending->showsClusterDetails());
    }

    void anUntrustedClusterOffersTrustInsteadOfSync() {
        MainWindow window;
        window.resize(1500, 900);
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        ui::SyncStatePane* sync = window.syncStatePane();

        auto prod = test::snapshot(QStringLiteral("prod"), 1);
        prod->sync = health::SyncStatus::Unknown;
        prod->health = {health::Health::Unknown, {}};
        prod->cluster.reachability = reconcile::ClusterReachability::NotConfigured;
        prod->error = util::makeError(util::ErrorCode::ConsentRequired,
                                      QStringLiteral("cluster for 'prod' not trusted yet: kubeconfig /r/kube.yaml, context x, "
                                                     "server https://evil.example:6443, CA system CA store; run `syncline "
                                                     "clusters trust prod` or use Trust in the window"));
        window.applySnapshot(prod);
        QVERIFY(sync->rowLines(QStringLiteral("prod")).value(4).startsWith(QLatin1String("cluster for 'prod' not trusted yet")));
        const int row = window.syncStateModel()->rowOf(QStringLiteral("prod"));
        QVERIFY(window.syncStateModel()->index(row, 0).data(models::SyncStateModel::NeedsTrustRole).toBool());

        // The card's Sync reads Trust… and asks for trust; it never requests a sync.
        QSignalSpy syncs(&window, &MainWindow::syncRequested);
        QSignalSpy trusts(&window, &MainWindow::clusterTrustRequested);
        QTableView* table = sync->table();
        const QRect card = table->visualRect(window.syncStateModel()->index(row, 0));
        clickAt(table->viewport(),
                ui::SyncStateDelegate::buttonRect(card, table->fontMetrics(), ui::SyncStateDelegate::Button::Sync).center());
        QCOMPARE(syncs.count(), 0);
        QCOMPARE(trusts.count(), 1);
        QCOMPARE(trusts[0][0].toString(), QStringLiteral("prod"));
        QMenu* menu = sync->environmentMenu(QStringLiteral("prod"));
        QAction* trust = nullptr;
        for (QAction* action : menu->actions())
            if (action->text() == QStringLiteral("Trust cluster…"))
                trust = action;
        QVERIFY(trust);
        trust->trigger();
        menu->close();
        QCOMPARE(trusts.count(), 2);
        screenshot(window, QStringLiteral("sync-state-trust-button"));

        // Trusted for reading, auto-sync from syncline.yaml held back: the card says so.
        auto held = test::snapshot(QStringLiteral("prod"), 2);
        held->autoSyncHeld = true;
        window.applySnapshot(held);
        QCOMPARE(sync->rowLines(QStringLiteral("prod")).value(3),
                 QStringLiteral("kind-prod · direct · auto-sync off until you allow it"));
        QVERIFY(!window.syncStateModel()->index(row, 0).data(models::SyncStateModel::NeedsTrustRole).toBool());
    }

    void theConsentDialogShowsWhatChanged() {
        reconcile::ClusterConsent before;
        before.kubeconfigFile = QStringLiteral("/home/ada/gitops/kube/config.yaml");
        before.context = QStringLiteral("prod");
        before.server = QStringLiteral("https://prod.example:6443");
        before.caFingerprint = QStringLiteral("sha256:00ff");
        before.allowAutoSync = true;
        reconcile::ClusterConsent now = before;
        now.server = QStringLiteral("https://evil.example:6443");
        now.caFingerprint = reconcile::ClusterConsent::kTlsOff;
        ui::ClusterConsentDialog dialog(QStringLiteral("prod"),
                                        QStringLiteral("https://git.example.com/gitops.git /home/ada/gitops"), now, before,
                                        {.autoSync = true, .prune = false});
        dialog.show();
        QCOMPARE(dialog.fieldText(QStringLiteral("server")), now.server);
        QVERIFY(dialog.fieldText(QStringLiteral("ca")).contains(QLatin1String("TLS verification off")));
        QVERIFY2(dialog.fieldText(QStringLiteral("changes"))
                     .contains(QStringLiteral("server https://prod.example:6443 → https://evil.example:6443")),
                 qPrintable(dialog.fieldText(QStringLiteral("changes"))));
        // A changed cluster starts from nothing allowed, whatever was allowed before.
        QVERIFY(dialog.autoSyncBox()->isEnabled() && !dialog.autoSyncBox()->isChecked());
        QVERIFY(!dialog.pruneBox()->isEnabled());
        QVERIFY(!dialog.trustButton()->isDefault()); // Enter never trusts by accident
        dialog.autoSyncBox()->setChecked(true);
        const reconcile::ClusterConsent answered = dialog.consent();
        QVERIFY(answered.sameCluster(now));
        QVERIFY(answered.allowAutoSync && !answered.allowPrune);
        screenshot(dialog, QStringLiteral("cluster-consent-changed"));
    }

    // Applications × environments: each environment's header rolls its applications up, the
    // cards under it are the applications, the selector reads "web · staging", and the
    // header's menu acts on every application of the environment.
    void applicationsAreGroupedUnderTheirEnvironment() {
        GitFixture repo;
        commitApplications(repo);
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        QTRY_VERIFY2(sync->showsTable(), qPrintable(window.messageBar()->text()));
        // Both applications of staging are in the pane before its menus are read (each
        // arrives with its own snapshot; under load one may come well after the other).
        QTRY_COMPARE(window.syncStateModel()->unitsOf(QStringLiteral("staging")).size(), 2);
        QCOMPARE(sync->table()->model()->rowCount(), 6);
        QCOMPARE(sync->headerLines(QStringLiteral("staging")),
                 QStringList{QStringLiteral("staging · 2 applications · not read yet")});
        QCOMPARE(sync->rowLines(QStringLiteral("web-staging")).value(0), QStringLiteral("web"));
        QCOMPARE(sync->rowLines(QStringLiteral("api-prod")).value(0), QStringLiteral("api"));
        QVERIFY2(sync->noteText().startsWith(QStringLiteral("No cluster read yet for 2 applications in 2 environments")),
                 qPrintable(sync->noteText()));
        ui::EnvironmentSelector* selector = window.environmentSelector();
        QTRY_COMPARE(selector->count(), 4);
        QCOMPARE(selector->itemText(0), QStringLiteral("web · staging"));
        QCOMPARE(selector->itemText(3), QStringLiteral("api · prod"));
        // Its list has a section per environment: a heading above each environment's first application.
        QStringList sections;
        for (int row = 0; row < selector->count(); ++row)
            sections << ui::EnvironmentSectionDelegate::sectionAbove(selector->model()->index(row, selector->modelColumn()));
        QCOMPARE(sections, (QStringList{QStringLiteral("staging"), QString(), QStringLiteral("prod"), QString()}));
        if (!qEnvironmentVariableIsEmpty("SYNCLINE_SCREENSHOT_DIR")) {
            selector->showPopup();
            QTRY_VERIFY(selector->view()->isVisible());
            screenshot(*selector->view()->window(), QStringLiteral("syncpanes-selector"));
            selector->hidePopup();
        }

        // A snapshot of one application changes its card and its environment's header.
        auto api = test::snapshot(
            QStringLiteral("api-staging"), 1,
            {test::resource(stagingDeployment(QStringLiteral("api")), ResourceState::Modified, health::Health::Degraded)});
        window.applySnapshot(api);
        QCOMPARE(sync->headerLines(QStringLiteral("staging")),
                 QStringList{QStringLiteral("staging · 2 applications · 1 OutOfSync, 1 not read yet · Degraded")});
        QCOMPARE(sync->rowLines(QStringLiteral("api-staging")).value(1), QStringLiteral("OutOfSync · Degraded"));
        QCOMPARE(sync->headerLines(QStringLiteral("prod")), QStringList{QStringLiteral("prod · 2 applications · not read yet")});

        // Choosing an application's card chooses it for History and Pending; a header is not a unit.
        sync->selectEnvironment(QStringLiteral("web-prod"));
        QCOMPARE(window.pendingPane()->clusterNoteText(), QStringLiteral("No cluster reading for web · prod yet."));
        sync->selectEnvironment(QStringLiteral("api-staging"));
        QCOMPARE(selector->currentEnvironment(), QStringLiteral("api-staging"));
        QCOMPARE(selector->currentText(), QStringLiteral("api · staging"));
        QCOMPARE(window.pendingPane()->clusterCountsText(), QStringLiteral("1 Modified"));
        QTableView* table = sync->table();
        const QRect header = table->visualRect(table->model()->index(0, 0));
        clickAt(table->viewport(), header.center());
        QCOMPARE(selector->currentEnvironment(), QStringLiteral("api-staging"));
        QVERIFY(!table->selectionModel()->isRowSelected(0, {}));
        QVERIFY(table->selectionModel()->isRowSelected(window.syncStateModel()->rowOf(QStringLiteral("api-staging")), {}));
        // Down from staging's last application passes over prod's header.
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(selector->currentEnvironment(), QStringLiteral("web-prod"));
        QTest::keyClick(table, Qt::Key_Up);
        QCOMPARE(selector->currentEnvironment(), QStringLiteral("api-staging"));
        screenshot(window, QStringLiteral("syncpanes-applications"));
        // The header's ⋯ opens its menu.
        clickAt(table->viewport(),
                ui::SyncStateDelegate::buttonRect(header, table->fontMetrics(), ui::SyncStateDelegate::Button::More).center());
        QTRY_VERIFY(qobject_cast<QMenu*>(QApplication::activePopupWidget()));
        auto* popup = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY2(actionTexts(popup).contains(QStringLiteral("Sync all 2 applications of staging")),
                 qPrintable(actionTexts(popup).join(QLatin1Char('|'))));
        popup->close();
        // So does a right click on it (prod's header here).
        Q_EMIT table->customContextMenuRequested(table->visualRect(table->model()->index(3, 0)).center());
        QTRY_VERIFY(qobject_cast<QMenu*>(QApplication::activePopupWidget()));
        popup = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY2(actionTexts(popup).contains(QStringLiteral("Refresh all 2 applications of prod")),
                 qPrintable(actionTexts(popup).join(QLatin1Char('|'))));
        popup->close();

        // The header's menu: every application of staging, one request each.
        QSignalSpy syncs(&window, &MainWindow::syncRequested);
        QSignalSpy refreshes(&window, &MainWindow::refreshRequested);
        QStringList asked;
        sync->confirmPrune = [&asked](const QString& what) {
            asked << what;
            return true;
        };
        QMenu* menu = sync->placeMenu(QStringLiteral("staging"));
        const QStringList texts = actionTexts(menu);
        for (const QString& expected :
             {QStringLiteral("Refresh all 2 applications of staging"), QStringLiteral("Sync all 2 applications of staging"),
              QStringLiteral("Sync all 2 applications of staging with prune…"), QStringLiteral("Promote all of staging → prod…")})
            QVERIFY2(texts.contains(expected), qPrintable(texts.join(QLatin1Char('|'))));
        actionNamed(menu, QStringLiteral("Refresh all 2 applications of staging"))->trigger();
        actionNamed(menu, QStringLiteral("Sync all 2 applications of staging"))->trigger();
        actionNamed(menu, QStringLiteral("Sync all 2 applications of staging with prune…"))->trigger();
        delete menu;
        QCOMPARE(refreshes.count(), 2);
        QCOMPARE(refreshes[0][0].toString(), QStringLiteral("web-staging"));
        QCOMPARE(refreshes[1][0].toString(), QStringLiteral("api-staging"));
        QCOMPARE(syncs.count(), 4);
        QStringList synced;
        for (const auto& call : syncs) {
            const auto request = call[0].value<reconcile::SyncRequest>();
            synced << request.environment + (request.prune ? QStringLiteral(" prune") : QString());
        }
        QCOMPARE(synced, (QStringList{QStringLiteral("web-staging"), QStringLiteral("api-staging"),
                                      QStringLiteral("web-staging prune"), QStringLiteral("api-staging prune")}));
        QCOMPARE(asked, QStringList{QStringLiteral("all 2 applications of staging")}); // asked once

        // One card's Sync with prune asks about the application as its card names it.
        menu = sync->environmentMenu(QStringLiteral("web-staging"));
        actionNamed(menu, QStringLiteral("Sync web · staging with prune…"))->trigger();
        delete menu;
        QCOMPARE(asked.last(), QStringLiteral("web · staging"));

        // The last environment has nothing to promote to.
        menu = sync->placeMenu(QStringLiteral("prod"));
        QVERIFY2(actionTexts(menu).contains(QStringLiteral("Promote all of prod (nothing comes after it)")),
                 qPrintable(actionTexts(menu).join(QLatin1Char('|'))));
        delete menu;
    }

    // Promote names the application and its environments; "Promote each application …
    // on its own" previews each application in turn and commits what the user confirms.
    void promoteOneOrAllApplicationsOfAnEnvironment() {
        GitFixture repo;
        commitApplications(repo);
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        QTRY_VERIFY2(sync->showsTable(), qPrintable(window.messageBar()->text()));
        // Both applications of staging are in the pane before its menus are read (each
        // arrives with its own snapshot; under load one may come well after the other).
        QTRY_COMPARE(window.syncStateModel()->unitsOf(QStringLiteral("staging")).size(), 2);

        QMenu* menu = sync->environmentMenu(QStringLiteral("web-staging"));
        QVERIFY2(actionTexts(menu).contains(QStringLiteral("Promote web: staging → prod…")),
                 qPrintable(actionTexts(menu).join(QLatin1Char('|'))));
        delete menu;
        window.environmentSelector()->selectEnvironment(QStringLiteral("api-staging"));
        QTRY_COMPARE(window.actionLauncher()->promoteAction()->text(), QStringLiteral("Promote api: staging → prod"));
        // The Actions menu offers each application's promotion and the whole environment's.
        QMenu* actions = nullptr;
        for (QAction* entry : window.menuBar()->actions())
            if (entry->text() == QStringLiteral("&Actions"))
                actions = entry->menu();
        QVERIFY(actions);
        Q_EMIT actions->aboutToShow();
        for (const QString& expected :
             {QStringLiteral("Promote web: staging → prod"), QStringLiteral("Promote api: staging → prod"),
              QStringLiteral("Promote all of staging → prod…"),
              QStringLiteral("Promote each application of staging → prod on its own…")})
            QVERIFY2(actionTexts(actions).contains(expected), qPrintable(actionTexts(actions).join(QLatin1Char('|'))));

        menu = sync->placeMenu(QStringLiteral("staging"));
        actionNamed(menu, QStringLiteral("Promote each application of staging → prod on its own…"))->trigger();
        delete menu;
        QPointer<ui::ActionPreviewDialog> first = window.actionLauncher()->currentDialog();
        QVERIFY(first);
        QCOMPARE(first->titleText(), QStringLiteral("Promote web: staging → prod (1 of 2)"));
        QTRY_VERIFY_WITH_TIMEOUT(first->commitButton()->isEnabled(), 20000);
        QCOMPARE(first->fileNames(), QStringList{QStringLiteral("apps/web/prod/version.yaml")});
        QTest::mouseClick(first->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(first->isFinished(), 20000);
        first->close();

        // The next application's preview follows; cancelling it commits nothing for it.
        QTRY_VERIFY(window.actionLauncher()->currentDialog() && window.actionLauncher()->currentDialog() != first);
        QPointer<ui::ActionPreviewDialog> second = window.actionLauncher()->currentDialog();
        QCOMPARE(second->titleText(), QStringLiteral("Promote api: staging → prod (2 of 2)"));
        QTRY_VERIFY_WITH_TIMEOUT(second->commitButton()->isEnabled(), 20000);
        QCOMPARE(second->fileNames(), QStringList{QStringLiteral("apps/api/prod/version.yaml")});
        second->cancelButton()->click();
        QTRY_VERIFY(!second); // closed and gone

        // Cancelling one preview stops the series: nothing else pops up unasked.
        menu = sync->placeMenu(QStringLiteral("staging"));
        actionNamed(menu, QStringLiteral("Promote each application of staging → prod on its own…"))->trigger();
        delete menu;
        QPointer<ui::ActionPreviewDialog> again = window.actionLauncher()->currentDialog();
        QVERIFY(again);
        QCOMPARE(again->titleText(), QStringLiteral("Promote web: staging → prod (1 of 2)"));
        again->cancelButton()->click();
        QTRY_COMPARE(window.statusBar()->currentMessage(),
                     QStringLiteral("Promote each application of staging → prod stopped: 1 application not previewed"));
        QTRY_VERIFY(!again);
        QVERIFY(!window.actionLauncher()->currentDialog());

        QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:apps/web/prod/version.yaml")})
                    .contains(QLatin1String("version: \"2\"")));
        QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:apps/api/prod/version.yaml")})
                    .contains(QLatin1String("version: \"1\"")));
    }

    // "Promote all of staging → prod" is one preview of every application's change and one
    // commit, which the engine is then asked to sync for each application.
    void promoteAllIsOnePreviewAndOneCommit() {
        GitFixture repo;
        commitApplications(repo);
        const QString before = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        ui::SyncStatePane* sync = window.syncStatePane();
        QTRY_VERIFY2(sync->showsTable(), qPrintable(window.messageBar()->text()));
        // Both applications of staging are in the pane before its menus are read (each
        // arrives with its own snapshot; under load one may come well after the other).
        QTRY_COMPARE(window.syncStateModel()->unitsOf(QStringLiteral("staging")).size(), 2);
        QMenu* menu = sync->placeMenu(QStringLiteral("staging"));
        actionNamed(menu, QStringLiteral("Promote all of staging → prod…"))->trigger();
        delete menu;
        QPointer<ui::ActionPreviewDialog> dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->titleText(), QStringLiteral("Promote all of staging → prod (2 applications)"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->commitButton()->isEnabled(), 20000);
        QCOMPARE(dialog->fileNames(),
                 (QStringList{QStringLiteral("apps/api/prod/version.yaml"), QStringLiteral("apps/web/prod/version.yaml")}));
        QCOMPARE(dialog->syncAfterBox()->text(), QStringLiteral("Sync web-prod, api-prod afterwards"));
        QTest::mouseClick(dialog->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        dialog->close();
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed(), before);
        QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")}).trimmed(),
                 QStringLiteral("promote(prod): 2 applications from staging"));
        for (const char* app : {"web", "api"})
            QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:apps/%1/prod/version.yaml").arg(QLatin1String(app))})
                        .contains(QLatin1String("version: \"2\"")));
    }

    // "Changed web · staging" keeps the commits that changed what web renders in staging,
    // not those of another application of the same environment.
    void historyFiltersToTheApplicationsOwnPaths() {
        GitFixture repo;
        commitApplications(repo);
        const QString first = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        repo.writeFile(QStringLiteral("apps/api/staging/version.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-version\n  namespace: shop\ndata:\n"
                       "  version: \"3\"\n");
        const QString apiBump = repo.commitAll(QStringLiteral("api: 3 in staging"), 1'700'000'100);
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.environmentSelector()->count(), 4);
        auto* history = window.controller()->historyModel();
        QTRY_VERIFY(history->atEnd());
        QCOMPARE(history->rowCount(), 2);
        auto shownAfterChanged = [&](const QString& unit) {
            QSignalSpy marked(window.controller(), &models::RepositoryController::environmentChangesMarked);
            window.environmentSelector()->selectEnvironment(unit);
            QToolButton* changed = window.historyPane()->changedButton();
            if (!changed->isChecked())
                changed->click();
            QStringList shown;
            if (!QTest::qWaitFor(
                    [&] {
                        return !marked.isEmpty() && window.controller()->markedEnvironment() == unit && history->isFiltered() &&
                               history->atEnd();
                    },
                    20000))
                return QStringList{QStringLiteral("<not filtered>")};
            for (int row = 0; row < history->rowCount(); ++row)
                shown << history->rowAt(row)->commit.id.toHex();
            return shown;
        };
        QCOMPARE(shownAfterChanged(QStringLiteral("web-staging")), QStringList{first});
        QCOMPARE(window.historyPane()->changedButton()->text(), QStringLiteral("Changed web · staging"));
        QCOMPARE(shownAfterChanged(QStringLiteral("api-staging")), (QStringList{apiBump, first}));
        QCOMPARE(shownAfterChanged(QStringLiteral("api-prod")), QStringList{first});
    }

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_demoRoot;
    QString m_demo;
    git::ObjectId m_head;
    git::ObjectId m_deployed;
    QString m_deployedSummary;
};

QTEST_MAIN(TestSyncPanes)
#include "tst_syncpanes.moc"
