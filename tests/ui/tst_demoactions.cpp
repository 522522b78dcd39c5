// The demo's three one-click actions end to end, as a user does them in the window: the
// real demo (seeded by the real binary), its three devclusters, the real reconcile engine
// (models::EngineController). Revert the bad commit, Promote dev → staging, Roll prod back to the
// previously deployed revision — each with Commit & Push and "Sync afterwards" — and read
// the result in History (the new commit on top), Sync state (the cluster runs it) and
// Pending (nothing left to deploy).
#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "EngineController.h"
#include "EngineWiring.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "PendingPane.h"
#include "RepositoryController.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "support/CliRun.h"
#include "support/DemoClusterProcesses.h"
#include "support/GitFixture.h"
#include "support/TrustWorkspace.h"

#include <QAction>
#include <QCheckBox>
#include <QMenu>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 30'000;

QAction* findAction(QMenu* menu, const QString& prefix) {
    for (QAction* action : menu->actions())
        if (action->text().startsWith(prefix))
            return action;
    return nullptr;
}

} // namespace

class TestDemoActions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_root;
    std::vector<std::unique_ptr<app::DevClusterLauncher>> m_clusters;

    QString workspace() const { return m_root.filePath(QStringLiteral("workspace")); }

    // The deployed revision the Sync state pane has for `environment` (empty before any).
    QString deployed(MainWindow* window, const QString& environment) {
        const auto snapshot = window->syncStateModel()->snapshot(environment);
        return snapshot && snapshot->deployed ? snapshot->deployed->commit.toHex() : QString();
    }

    // Opens the action's dialog result: Commit & Push with Sync afterwards; returns the new tip.
    QString commitPushAndSync(ui::ActionPreviewDialog* dialog) {
        if (!QTest::qWaitFor([&] { return dialog->commitPushButton()->isEnabled(); }, kTimeoutMs))
            return QStringLiteral("no preview: ") + dialog->outcomeText();
        dialog->syncAfterBox()->setChecked(true);
        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return dialog->isFinished(); }, kTimeoutMs))
            return QStringLiteral("did not finish");
        if (!dialog->outcomeText().contains(QLatin1String("Pushed")))
            return QStringLiteral("not pushed: ") + dialog->outcomeText();
        return test::GitFixture(workspace()).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
    }

    // History shows `tip` on top; Sync state says `environment` runs it, Synced; Pending
    // has nothing left for it.
    void verifyAllThreePanes(MainWindow& window, const QString& environment, const QString& tip) {
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->historyModel()->rowAt(0) &&
                                     window.controller()->historyModel()->rowAt(0)->commit.id.toHex() == tip,
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(deployed(&window, environment), tip, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(window.syncStatePane()->rowLines(environment).value(1).startsWith(QLatin1String("Synced")),
                                 kTimeoutMs);
        window.environmentSelector()->selectEnvironment(environment);
        QTRY_COMPARE(window.pendingPane()->environment(), environment);
        QTRY_VERIFY_WITH_TIMEOUT(!window.pendingPane()->clusterCountsText().isEmpty() &&
                                     !window.pendingPane()->clusterCountsText().contains(QLatin1String("Modified")) &&
                                     !window.pendingPane()->clusterCountsText().contains(QLatin1String("Missing")),
                                 kTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settings.isValid());
        test::useScratchSettings(QStringLiteral("tst_demoactions"), m_settings.path());
        const auto demo =
            test::runCli(QStringLiteral(SYNCLINE_BINARY), {QStringLiteral("demo"), m_root.path(), QStringLiteral("--no-window")});
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.out + demo.err));
        const QString error = test::startDemoClusters(m_root.path(), QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY), m_clusters);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The clusters came back on new ports: trusted again, as the demo itself would.
        const QString untrusted = test::trustWorkspace(workspace(), true);
        QVERIFY2(untrusted.isEmpty(), qPrintable(untrusted));
    }

    void revertPromoteAndRollbackShowInAllThreePanes() {
        test::GitFixture repo(workspace());
        MainWindow window;
        window.resize(1500, 900);
        // No stored cluster tokens: the demo's kubeconfig carries what its clusters want.
        models::EngineController engine(window.controller(), nullptr);
        ui::connectEngine(&window, &engine);
        window.show();
        window.openRepository(workspace());
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(!deployed(&window, QStringLiteral("prod")).isEmpty(), kTimeoutMs);

        // 1. Revert the bad commit from the History menu, looking at dev: "Sync dev afterwards".
        window.environmentSelector()->selectEnvironment(QStringLiteral("dev"));
        const QString bad = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                      QStringLiteral("--grep=worker: cut the memory request")})
                                .trimmed();
        QMenu* menu = window.historyPane()->commitMenu(*git::ObjectId::fromHex(bad), 1);
        findAction(menu, QStringLiteral("Revert this commit"))->trigger();
        menu->close();
        QTRY_COMPARE(window.actionLauncher()->currentDialog()->syncAfterBox()->text(), QStringLiteral("Sync dev afterwards"));
        const QString reverted = commitPushAndSync(window.actionLauncher()->currentDialog());
        QCOMPARE(reverted.size(), 40);
        verifyAllThreePanes(window, QStringLiteral("dev"), reverted);

        // 2. Promote dev → staging from the toolbar.
        window.environmentSelector()->selectEnvironment(QStringLiteral("dev"));
        QTRY_COMPARE(window.actionLauncher()->promoteAction()->text(), QStringLiteral("Promote dev → staging"));
        window.actionLauncher()->promoteAction()->trigger();
        const QString promoted = commitPushAndSync(window.actionLauncher()->currentDialog());
        QCOMPARE(promoted.size(), 40);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), promoted})
                    .startsWith(QLatin1String("promote(staging): from dev@")));
        verifyAllThreePanes(window, QStringLiteral("staging"), promoted);

        // 3. Roll prod back to what ran before v1.0.0, from the Sync state row menu.
        const QString previous = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                           QStringLiteral("--grep=prod: run 3 api replicas")})
                                     .trimmed();
        // Right away: the cards keep prod's last snapshot while the repository is re-read
        // after the two actions above (they used to blink empty and lose it).
        menu = window.syncStatePane()->environmentMenu(QStringLiteral("prod"));
        QAction* rollback = findAction(menu, QStringLiteral("Roll prod back to the previously deployed ") + previous.left(7));
        QStringList texts;
        for (QAction* action : menu->actions())
            texts << action->text();
        QVERIFY2(rollback, qPrintable(texts.join(QLatin1String(" | ")) + QStringLiteral(" previous=") + previous));
        rollback->trigger();
        menu->close();
        const QString rolledBack = commitPushAndSync(window.actionLauncher()->currentDialog());
        QCOMPARE(rolledBack.size(), 40);
        verifyAllThreePanes(window, QStringLiteral("prod"), rolledBack);
        QCOMPARE(repo.git({QStringLiteral("diff"), previous, rolledBack, QStringLiteral("--"), QStringLiteral("overlays/prod")}),
                 QString());
        repo.git({QStringLiteral("fsck"), QStringLiteral("--strict")});
    }

    void cleanupTestCase() { m_clusters.clear(); }
};

QTEST_MAIN(TestDemoActions)
#include "tst_demoactions.moc"
