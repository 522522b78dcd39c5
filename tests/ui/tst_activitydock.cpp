// The Activity dock (View ▸ Activity, Ctrl+Shift+A) on the demo, offscreen: a promotion
// committed in the window shows as a row with its result; an entry another process writes
// (the command line) appears without a reload; damaged lines are counted, not shown; a
// failure says so in words; Export… writes the entries as JSON lines.
#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "ActivityDock.h"
#include "ActivityModel.h"
#include "DemoRepository.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "MainWindow.h"
#include "RepositoryController.h"
#include "activity/ActivityLog.h"
#include "support/GitFixture.h"

#include <QAction>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

QString cellText(ui::ActivityDock* dock, int row, int column) { return dock->model()->index(row, column).data().toString(); }

} // namespace

class TestActivityDock : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        test::useScratchSettings(QStringLiteral("tst_activitydock"), m_settingsDir.path());
        QFile::remove(activity::ActivityLog::defaultFile());
    }

    void aPromotionInTheWindowAndAnEntryFromElsewhereShowUp() {
        QTemporaryDir root;
        auto demo = workspace::DemoRepository::ensure(root.path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        test::GitFixture repo(*demo);
        ui::MainWindow window;
        window.resize(1400, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(*demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTest::keyClick(&window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        ui::ActivityDock* dock = window.activityDock();
        QVERIFY(dock->isVisible());
        QVERIFY(window.activityAction()->isChecked());
        QTRY_VERIFY2(dock->width() >= window.width() / 4, qPrintable(QString::number(dock->width()))); // not squeezed
        QCOMPARE(dock->model()->rowCount(), 0);

        // Promote dev → staging, commit only.
        window.environmentSelector()->selectEnvironment(QStringLiteral("dev"));
        QTRY_VERIFY(window.actionLauncher()->promoteAction()->isEnabled());
        window.actionLauncher()->promoteAction()->trigger();
        ui::ActionPreviewDialog* dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->commitButton()->isEnabled());
        QTest::mouseClick(dialog->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        const QString tip = repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();

        QTRY_COMPARE_WITH_TIMEOUT(dock->model()->rowCount(), 1, 10000);
        QVERIFY2(cellText(dock, 0, models::ActivityModel::WhatColumn).startsWith(QLatin1String("promote(staging): from dev@")),
                 qPrintable(cellText(dock, 0, models::ActivityModel::WhatColumn)));
        QCOMPARE(cellText(dock, 0, models::ActivityModel::ResultColumn), QStringLiteral("Committed %1 on main").arg(tip.left(7)));
        QCOMPARE(cellText(dock, 0, models::ActivityModel::TargetColumn), tip.left(7));
        QCOMPARE(cellText(dock, 0, models::ActivityModel::UserColumn), activity::ActivityEntry::currentUser());

        // Another process (the command line) writes a failed sync: it shows on top, in words.
        activity::ActivityEntry failed = activity::ActivityEntry::now(QStringLiteral("sync"), QStringLiteral("Sync prod"));
        failed.result = QStringLiteral("Sync of prod failed.");
        failed.environment = QStringLiteral("prod");
        QVERIFY(activity::ActivityLog().append(failed));
        QTRY_COMPARE_WITH_TIMEOUT(dock->model()->rowCount(), 2, 10000);
        QCOMPARE(cellText(dock, 0, models::ActivityModel::WhatColumn), QStringLiteral("Sync prod"));
        QCOMPARE(cellText(dock, 0, models::ActivityModel::ResultColumn), QStringLiteral("Failed: Sync of prod failed."));

        // A damaged line is counted, not shown.
        QFile log(activity::ActivityLog::defaultFile());
        QVERIFY(log.open(QIODevice::Append));
        log.write("{not an entry\n");
        log.close();
        QTRY_COMPARE_WITH_TIMEOUT(dock->noteText(),
                                  QStringLiteral("1 line(s) of the activity log are not entries and were skipped."), 10000);
        QCOMPARE(dock->model()->rowCount(), 2);

        // Export: the entries as JSON lines, oldest first.
        const QString exported = root.filePath(QStringLiteral("activity-export.jsonl"));
        QVERIFY(dock->exportTo(exported));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains("\"kind\":\"promote\""));
        QVERIFY(lines[1].contains("\"what\":\"Sync prod\""));
        QVERIFY(!lines[1].contains("\"succeeded\":true"));
    }
};

QTEST_MAIN(TestActivityDock)
#include "tst_activitydock.moc"
