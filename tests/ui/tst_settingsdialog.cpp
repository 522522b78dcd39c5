// Settings (Ctrl+,) as a user changes them, offscreen: the intervals and live updates are
// saved and restart the engine's reading, out-of-range values in the settings file are
// clamped, a cluster consent is forgotten and the cards are read again, an exec-plugin
// approval is revoked, diff options are checked, saved and applied, a chart repository a
// HelmRelease asked for is allowed from its card, and the font size follows the Appearance
// tab. The palette offers it.
#include "AppearanceSettings.h"
#include "ChartRepositoriesPage.h"
#include "CommandPalette.h"
#include "CompareView.h"
#include "ComparisonModel.h"
#include "DiffOptionsPage.h"
#include "EngineSettings.h"
#include "EnvironmentListModel.h"
#include "MainWindow.h"
#include "PaletteModel.h"
#include "PendingPane.h"
#include "RepositoryController.h"
#include "SettingsDialog.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "charts/ChartRepositoryAccess.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "support/GitFixture.h"
#include "support/RemoteChartWorkspace.h"
#include "support/TestTools.h"
#include "support/TrustWorkspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

QStringList column(QTableWidget* table, int column) {
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts << (table->item(row, column) ? table->item(row, column)->text() : QString());
    return texts;
}

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

    // A repository with dev and prod on a kubeconfig's cluster (nothing is contacted).
    void writeWorkspace(test::GitFixture& repo, const QString& kubeconfig) {
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Config\ncurrent-context: lab\nclusters:\n- name: lab\n  cluster:\n"
                   "    server: https://127.0.0.1:1\ncontexts:\n- name: lab\n  context: {cluster: lab, user: me}\n"
                   "users:\n- name: me\n  user: {token: not-a-real-token}\n");
        file.close();
        QString yaml = QStringLiteral("version: 1\nenvironments:\n");
        for (const char* name : {"dev", "prod"})
            yaml += QStringLiteral("  - name: %1\n    path: envs/%1\n    renderer: plain\n    namespace: shop-%1\n"
                                   "    cluster:\n      kubeconfig: %2\n")
                        .arg(QLatin1String(name), kubeconfig);
        repo.writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        repo.writeFile(QStringLiteral("envs/dev/a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        repo.writeFile(QStringLiteral("envs/prod/a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        test::useScratchSettings(QStringLiteral("tst_settingsdialog"), m_settingsDir.path());
    }

    void init() { QSettings().clear(); }

    void intervalsAndLiveUpdatesAreSavedAndRestartTheEngine() {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy restarted(&window, &ui::MainWindow::engineSettingsChanged);
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog* dialog = window.settingsDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->refreshInterval()->value(), 30);
        QCOMPARE(dialog->fetchInterval()->value(), 180);
        QVERIFY(dialog->liveUpdates()->isChecked());

        dialog->refreshInterval()->setValue(0);
        dialog->fetchInterval()->setValue(60);
        dialog->liveUpdates()->setChecked(false);
        QCOMPARE(dialog->refreshInterval()->text(), QStringLiteral("Only on Refresh"));
        dialog->accept();
        QCOMPARE(restarted.count(), 1);
        const models::EngineSettings saved = models::EngineSettings::load();
        QCOMPARE(saved.refreshIntervalSeconds, 0);
        QCOMPARE(saved.fetchIntervalSeconds, 60);
        QVERIFY(!saved.liveUpdates);

        // Opened again it shows what was saved; OK without a change restarts nothing.
        QTRY_VERIFY(!window.settingsDialog());
        dialog = window.showSettings();
        QCOMPARE(dialog->fetchInterval()->value(), 60);
        QVERIFY(!dialog->liveUpdates()->isChecked());
        dialog->accept();
        QCOMPARE(restarted.count(), 1);
    }

    void valuesOutOfRangeInTheSettingsFileAreClamped() {
        QSettings settings;
        settings.setValue(QStringLiteral("engine/refreshIntervalSeconds"), -5);
        settings.setValue(QStringLiteral("engine/fetchIntervalSeconds"), QStringLiteral("soon"));
        settings.sync();
        models::EngineSettings loaded = models::EngineSettings::load();
        QCOMPARE(loaded.refreshIntervalSeconds, 0);
        QCOMPARE(loaded.fetchIntervalSeconds, 180); // not a number: the default
        settings.setValue(QStringLiteral("engine/refreshIntervalSeconds"), 1'000'000'000);
        settings.setValue(QStringLiteral("appearance/fontPointSize"), 500);
        settings.sync();
        QCOMPARE(models::EngineSettings::load().refreshIntervalSeconds, models::EngineSettings::kMaxIntervalSeconds);
        QCOMPARE(ui::AppearanceSettings::load().fontPointSize, ui::AppearanceSettings::kMaxPointSize);
    }

    void aForgottenConsentIsAskedAgainAndTheCardsAreReadAgain() {
        test::GitFixture repo;
        QTemporaryDir dir;
        writeWorkspace(repo, dir.filePath(QStringLiteral("kubeconfig")));
        const QString untrusted = test::trustWorkspace(repo.path());
        QVERIFY2(untrusted.isEmpty(), qPrintable(untrusted));
        ui::MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.syncStateModel()->environments(), (QStringList{QStringLiteral("dev"), QStringLiteral("prod")}));
        QSignalSpy refreshAll(&window, &ui::MainWindow::refreshAllRequested);

        ui::SettingsDialog* dialog = window.showSettings();
        QTableWidget* consents = dialog->consents();
        QCOMPARE(column(consents, 0), (QStringList{QStringLiteral("dev"), QStringLiteral("prod")}));
        QCOMPARE(column(consents, 1), (QStringList{QStringLiteral("lab"), QStringLiteral("lab")}));
        QCOMPARE(column(consents, 2),
                 (QStringList{QStringLiteral("https://127.0.0.1:1"), QStringLiteral("https://127.0.0.1:1")}));
        dialog->tabs()->setCurrentIndex(1);
        screenshot(*dialog, QStringLiteral("settings-clusters"));
        consents->setCurrentCell(1, 0);
        QTest::mouseClick(dialog->forgetConsentButton(), Qt::LeftButton);
        QCOMPARE(column(consents, 1), (QStringList{QStringLiteral("lab"), QStringLiteral("not trusted")}));
        const QString key = reconcile::ClusterConsentStore::repositoryKeyOf(repo.path());
        QVERIFY(!reconcile::ClusterConsentStore().recorded(key, QStringLiteral("prod")));
        QVERIFY(reconcile::ClusterConsentStore().recorded(key, QStringLiteral("dev")));
        QCOMPARE(refreshAll.count(), 1);
    }

    void anApprovedExecPluginIsListedAndRevoked() {
        const QString file = m_settingsDir.filePath(QStringLiteral("approvals.ini"));
        auto approvals = std::make_shared<kube::SettingsExecApprovals>(file);
        kube::ExecFingerprint fingerprint;
        fingerprint.cluster = QStringLiteral("lab@https://127.0.0.1:1");
        fingerprint.program = QStringLiteral("/usr/bin/true");
        fingerprint.args = {QStringLiteral("--secret-arg-never-shown")};
        approvals->approve(fingerprint);
        ui::MainWindow window;
        window.setExecApprovals(approvals);
        ui::SettingsDialog* dialog = window.showSettings();
        QCOMPARE(column(dialog->approvals(), 0), QStringList{fingerprint.cluster});
        QCOMPARE(column(dialog->approvals(), 1), QStringList{fingerprint.program});
        dialog->approvals()->setCurrentCell(0, 0);
        QTest::mouseClick(dialog->revokeApprovalButton(), Qt::LeftButton);
        QCOMPARE(dialog->approvals()->rowCount(), 0);
        QVERIFY(!approvals->isApproved(fingerprint));
    }

    // A chart from a Helm repository nobody allowed: its card's menu leads to Settings ▸
    // Charts, where the host it asked for is allowed with one click, and forgotten again.
    void aChartRepositoryIsAllowedFromTheCardThatNeedsIt() {
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(helm.whyMissing));
        qputenv("PATH", (QFileInfo(helm.path).path() + QLatin1Char(':') + qEnvironmentVariable("PATH")).toLocal8Bit());
        const QString url = QStringLiteral("http://127.0.0.1:1/charts");
        test::GitFixture repo;
        test::commitRemoteChartWorkspace(repo, url);
        ui::MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.syncStateModel()->environments(), QStringList{QStringLiteral("hello")});
        // As a render of it records (tst_remotecharts, tst_charts_cli check that a render does).
        charts::ChartRepositoryAccess().noteAsked(url);
        QSignalSpy refreshAll(&window, &ui::MainWindow::refreshAllRequested);

        QMenu* menu = window.syncStatePane()->environmentMenu(QStringLiteral("hello"));
        QAction* allow = nullptr;
        for (QAction* action : menu->actions())
            if (action->text() == QStringLiteral("Allow chart repository %1…").arg(url))
                allow = action;
        QVERIFY(allow);
        allow->trigger();
        menu->deleteLater();
        ui::SettingsDialog* dialog = window.settingsDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->tabs()->currentWidget(), dialog->chartRepositories());
        QTableWidget* table = dialog->chartRepositories()->repositories();
        QCOMPARE(column(table, 0), QStringList{url});
        QCOMPARE(column(table, 1), QStringList{QStringLiteral("not allowed yet (asked for)")});
        screenshot(*dialog, QStringLiteral("settings-charts"));
        QTest::mouseClick(dialog->chartRepositories()->allowButton(), Qt::LeftButton);
        QVERIFY(charts::ChartRepositoryAccess().isAllowed(url));
        QCOMPARE(column(table, 1), QStringList{QStringLiteral("allowed")});
        QCOMPARE(refreshAll.count(), 1);

        QTest::mouseClick(dialog->chartRepositories()->forgetButton(), Qt::LeftButton);
        QVERIFY(!charts::ChartRepositoryAccess().isAllowed(url));
        QCOMPARE(table->rowCount(), 0);
    }

    void theFontSizeFollowsTheAppearanceTab() {
        const int system = QFontDatabase::systemFont(QFontDatabase::GeneralFont).pointSize();
        const int wanted = system == 15 ? 16 : 15;
        ui::MainWindow window;
        ui::SettingsDialog* dialog = window.showSettings();
        QCOMPARE(dialog->fontSize()->text(), QStringLiteral("System size"));
        dialog->fontSize()->setValue(wanted);
        dialog->accept();
        QCOMPARE(QApplication::font().pointSize(), wanted);
        QCOMPARE(ui::AppearanceSettings::load().fontPointSize, wanted);
        QTRY_VERIFY(!window.settingsDialog());
        dialog = window.showSettings();
        dialog->fontSize()->setValue(dialog->fontSize()->minimum()); // back to the system's size
        dialog->accept();
        QCOMPARE(QApplication::font().pointSize(), system);
    }

    // Diff options: rules that do not parse are not saved; good ones hide the difference
    // they name in every environment's diffs, and Hide unchanged governs the lists.
    void diffOptionsAreCheckedSavedAndApplied() {
        test::GitFixture repo;
        repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\nenvironments:\n"
                                                        "  - name: dev\n    path: envs/dev\n    renderer: plain\n"
                                                        "  - name: prod\n    path: envs/prod\n    renderer: plain\n");
        // The stamps differ by more than the environment's name (an expected difference).
        repo.writeFile(QStringLiteral("envs/dev/a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                                                          "data:\n  stamp: \"1700000000\"\n");
        repo.writeFile(QStringLiteral("envs/prod/a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                                                           "data:\n  stamp: \"1700000042\"\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        ui::MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.controller()->environmentModel()->rowCount(), 2);
        QVERIFY(!window.pendingPane()->showSameBox()->isChecked()); // Hide unchanged is on by default
        ui::CompareView* compare = window.compareView();
        QVERIFY(compare->hideSameBox()->isChecked());
        compare->compareEnvironments(QStringLiteral("dev"), QStringLiteral("prod"));
        QTRY_VERIFY(!compare->isBusy() && compare->model()->snapshot());
        QCOMPARE(compare->model()->rowCount(), 1);
        QCOMPARE(compare->model()->resourceAt(0)->state, diff::ResourceState::Modified);

        QSignalSpy applied(window.showSettings(), &ui::SettingsDialog::diffSettingsChanged);
        ui::SettingsDialog* dialog = window.settingsDialog();
        ui::DiffOptionsPage* page = dialog->diffOptions();
        dialog->tabs()->setCurrentWidget(page);
        page->rulesEdit()->setPlainText(QStringLiteral("- kind: ConfigMap\n  jsonPointers: [data/stamp]\n"));
        QVERIFY(page->problemLabel()->isVisibleTo(dialog));
        QVERIFY2(page->problemLabel()->text().contains(QStringLiteral("2:")), qPrintable(page->problemLabel()->text()));
        dialog->accept();
        QVERIFY(dialog->isVisible()); // not saved, the page stays to be fixed
        QCOMPARE(dialog->tabs()->currentWidget(), static_cast<QWidget*>(page));
        QVERIFY(QSettings().value(QStringLiteral("diff/ignoreRules")).toString().isEmpty());

        page->rulesEdit()->setPlainText(QStringLiteral("- kind: ConfigMap\n  jsonPointers: [/data/stamp]\n"));
        QVERIFY(!page->problemLabel()->isVisibleTo(dialog));
        page->hideUnchangedBox()->setChecked(false);
        screenshot(*dialog, QStringLiteral("settings-diff-options"));
        dialog->accept();
        QCOMPARE(applied.count(), 1);
        QVERIFY(window.pendingPane()->showSameBox()->isChecked());
        QVERIFY(!compare->hideSameBox()->isChecked());
        // The workspace is read again with the rule: dev and prod now compare the same.
        QTRY_VERIFY(window.controller()->workspace() &&
                    window.controller()->workspace()->config.find(QStringLiteral("dev"))->ignore.size() == 1);
        compare->compareEnvironments(QStringLiteral("dev"), QStringLiteral("prod"));
        QTRY_VERIFY(!compare->isBusy() && compare->model()->snapshot() &&
                    compare->model()->snapshot()->request.rightEnvironment == QStringLiteral("prod"));
        QTRY_VERIFY(compare->model()->rowCount() == 1 && compare->model()->resourceAt(0)->state == diff::ResourceState::Same);

        // Opened again it shows what was saved.
        QTRY_VERIFY(!window.settingsDialog());
        QVERIFY(window.showSettings()->diffOptions()->rulesEdit()->toPlainText().contains(QStringLiteral("/data/stamp")));
        QVERIFY(!window.settingsDialog()->diffOptions()->hideUnchangedBox()->isChecked());
    }

    void thePaletteOpensSettings() {
        ui::MainWindow window;
        window.show();
        window.showCommandPalette();
        QTest::keyClicks(window.commandPalette()->queryEdit(), QStringLiteral("settings"));
        QCOMPARE(window.commandPalette()->model()->titles().value(0), QStringLiteral("Settings…"));
        QCOMPARE(window.commandPalette()->model()->index(0).data(models::PaletteModel::HintRole).toString(),
                 QKeySequence(Qt::CTRL | Qt::Key_Comma).toString(QKeySequence::NativeText));
        QTest::keyClick(window.commandPalette()->queryEdit(), Qt::Key_Return);
        QTRY_VERIFY(window.settingsDialog() && window.settingsDialog()->isVisible());
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
