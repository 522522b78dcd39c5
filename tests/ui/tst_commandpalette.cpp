// The command palette (Ctrl+K) on the demo repository, offscreen, as a user drives it:
// the keyboard opens it, typing narrows the commands, Up/Down and Enter run one — a
// promotion opens its preview, a switch changes the environment the panes follow, a Sync
// reaches the window's sync request, the selected commit's Revert opens its preview —
// and a query nothing matches says so.
#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "CommandPalette.h"
#include "DemoRepository.h"
#include "EnvironmentSelector.h"
#include "FuzzyMatch.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "PaletteModel.h"
#include "RepositoryController.h"
#include "support/GitFixture.h"

#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

// The palette's rows as the user reads them.
QStringList rows(ui::CommandPalette* palette) { return palette->model()->titles(); }

int rowOf(ui::CommandPalette* palette, const QString& title) { return int(rows(palette).indexOf(title)); }

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestCommandPalette : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_demo;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::CommandPalette* openPalette() {
        QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
        ui::CommandPalette* palette = m_window->commandPalette();
        return palette->isVisible() ? palette : nullptr;
    }

    void type(ui::CommandPalette* palette, const QString& text) { QTest::keyClicks(palette->queryEdit(), text); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        test::useScratchSettings(QStringLiteral("tst_commandpalette"), m_settingsDir.path());
    }

    void init() {
        QSettings().clear();
        m_root = std::make_unique<QTemporaryDir>();
        auto demo = workspace::DemoRepository::ensure(m_root->path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        m_window = std::make_unique<ui::MainWindow>();
        m_window->resize(1400, 850);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openRepository(m_demo);
        QTRY_COMPARE(m_window->environmentSelector()->count(), 3);
        QTRY_VERIFY(m_window->controller()->historyModel()->rowCount() > 5);
        m_window->environmentSelector()->selectEnvironment(QStringLiteral("dev"));
    }

    void cleanup() { m_window.reset(); }

    void ctrlKListsEveryActionByNameWithItsShortcut() {
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        QTRY_VERIFY(palette->queryEdit()->hasFocus());
        const QStringList all = rows(palette);
        for (const char* wanted : {"Open Repository…", "Refresh", "Compare…", "Environment Matrix", "Refresh dev", "Sync dev",
                                   "Sync dev with prune…", "Promote dev → staging", "Switch to staging", "Switch to prod"}) {
            const QString expected = QString::fromUtf8(wanted);
            QVERIFY2(all.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + all.join(QLatin1String(" | "))));
        }
        QVERIFY2(!all.contains(QStringLiteral("Switch to dev")), "the current environment is not offered");
        // Open Recent is filled as it opens: the palette fills it too.
        QVERIFY2(all.contains(QStringLiteral("Open Recent: ") + QDir::toNativeSeparators(m_demo)),
                 qPrintable(all.join(QLatin1String(" | "))));
        screenshot(*palette, QStringLiteral("command-palette-all"));
        // Each environment's cluster menu is named after it.
        QVERIFY(all.contains(QStringLiteral("prod: Trust cluster…")));
        // The hint is the shortcut, as in the menus.
        const int refresh = rowOf(palette, QStringLiteral("Refresh"));
        QCOMPARE(palette->model()->index(refresh).data(models::PaletteModel::HintRole).toString(), QStringLiteral("F5"));
        QTest::keyClick(palette->queryEdit(), Qt::Key_Escape);
        QVERIFY(!palette->isVisible());
    }

    void typingNarrowsAndEnterOpensThePromotionPreview() {
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        type(palette, QStringLiteral("prom dev"));
        QCOMPARE(rows(palette).value(0), QStringLiteral("Promote dev → staging"));
        screenshot(*palette, QStringLiteral("command-palette"));
        QTest::keyClick(palette->queryEdit(), Qt::Key_Return);
        QTRY_VERIFY(m_window->actionLauncher()->currentDialog());
        QVERIFY(!palette->isVisible());
        ui::ActionPreviewDialog* dialog = m_window->actionLauncher()->currentDialog();
        QTRY_VERIFY(dialog->commitButton()->isEnabled());
        QCOMPARE(dialog->environmentNames(), QStringList{QStringLiteral("staging")});
        dialog->close();
    }

    void downMovesToTheNextMatchAndSwitchChangesTheEnvironment() {
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        type(palette, QStringLiteral("switch"));
        QCOMPARE(rows(palette), (QStringList{QStringLiteral("Switch to prod"), QStringLiteral("Switch to staging")}));
        QTest::keyClick(palette->queryEdit(), Qt::Key_Down);
        QCOMPARE(palette->list()->currentIndex().row(), 1);
        QTest::keyClick(palette->queryEdit(), Qt::Key_Return);
        QTRY_COMPARE(m_window->environmentSelector()->currentEnvironment(), QStringLiteral("staging"));
        QCOMPARE(m_window->currentEnvironment(), QStringLiteral("staging"));
    }

    void syncFromThePaletteIsTheCardsSync() {
        QSignalSpy requested(m_window.get(), &ui::MainWindow::syncRequested);
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        type(palette, QStringLiteral("sync prod"));
        QCOMPARE(rows(palette).value(0), QStringLiteral("Sync prod")); // before "Sync prod with prune…"
        QTest::keyClick(palette->queryEdit(), Qt::Key_Return);
        QTRY_COMPARE(requested.count(), 1);
        const auto request = requested.at(0).at(0).value<reconcile::SyncRequest>();
        QCOMPARE(request.environment, QStringLiteral("prod"));
        QVERIFY(!request.prune && !request.force);
    }

    void theSelectedCommitsRevertOpensItsPreview() {
        const models::HistoryRow* second = m_window->controller()->historyModel()->rowAt(1);
        QVERIFY(second);
        const git::ObjectId commit = second->commit.id;
        m_window->historyPane()->selectCommit(commit);
        QTRY_VERIFY(m_window->historyPane()->currentCommit() == commit);
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        type(palette, QStringLiteral("revert"));
        const QString title = QStringLiteral("Commit %1: Revert this commit…").arg(commit.toHex().left(7));
        QVERIFY2(rows(palette).contains(title), qPrintable(rows(palette).join(QLatin1String(" | "))));
        palette->runRow(rowOf(palette, title));
        QTRY_VERIFY(m_window->actionLauncher()->currentDialog());
        QCOMPARE(m_window->actionLauncher()->currentDialog()->titleText(),
                 QStringLiteral("Revert %1").arg(commit.toHex().left(7)));
        m_window->actionLauncher()->currentDialog()->close();
    }

    void aQueryNothingMatchesSaysSo() {
        ui::CommandPalette* palette = openPalette();
        QVERIFY(palette);
        type(palette, QStringLiteral("qqzz"));
        QCOMPARE(palette->model()->rowCount(), 0);
        QCOMPARE(palette->emptyText(), QStringLiteral("No command matches “qqzz”."));
        QTest::keyClick(palette->queryEdit(), Qt::Key_Return); // nothing to run: nothing happens
        QVERIFY(palette->isVisible());
    }

    void wordsMatchInAnyOrderAndWordStartsRankFirst() {
        using models::FuzzyMatch;
        QVERIFY(FuzzyMatch::score(QStringLiteral("staging promote"), QStringLiteral("Promote dev → staging")) > 0);
        QCOMPARE(FuzzyMatch::score(QStringLiteral("prod x"), QStringLiteral("Sync prod")), FuzzyMatch::kNoMatch);
        QVERIFY(FuzzyMatch::score(QStringLiteral("sync"), QStringLiteral("Sync dev")) >
                FuzzyMatch::score(QStringLiteral("sync"), QStringLiteral("Resync dev")));
        QVERIFY(FuzzyMatch::score(QStringLiteral("prm"), QStringLiteral("Promote")) > 0); // letters in order
        QVERIFY(FuzzyMatch::score(QStringLiteral("sync"), QStringLiteral("Sync dev")) >
                FuzzyMatch::score(QStringLiteral("sync"), QStringLiteral("Sync dev with prune…")));
    }
};

QTEST_MAIN(TestCommandPalette)
#include "tst_commandpalette.moc"
