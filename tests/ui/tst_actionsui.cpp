// Promote / Revert / Rollback as a user does them in the window: the History commit menu,
// the toolbar's Promote button and the Sync state row menu open the preview dialog; its
// buttons commit (and push) to the demo's real repository and bare origin; the git CLI
// checks every result. No cluster: sync requests are observed as the window's signal.

#include "ActionController.h"
#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "DemoRepository.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "RepositoryController.h"
#include "SyncStatePane.h"
#include "support/GitDaemon.h"
#include "support/GitFixture.h"
#include "support/GitHooks.h"
#include "support/SnapshotFixtures.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using syncline::test::GitFixture;
using ui::MainWindow;

namespace {

const QString badCommitSubject = QStringLiteral("worker: cut the memory request to 16Mi");

QAction* findAction(QMenu* menu, const QString& prefix) {
    for (QAction* action : menu->actions())
        if (action->text().startsWith(prefix))
            return action;
    return nullptr;
}

QByteArray readFileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestActionsUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_actionsui"), m_settingsDir.path());
    }

    // A fresh demo for each case: the cases write to it.
    void init() {
        QSettings().clear();
        m_root = std::make_unique<QTemporaryDir>();
        QVERIFY(m_root->isValid());
        auto demo = workspace::DemoRepository::ensure(m_root->path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        m_origin = QDir(m_root->path()).filePath(QStringLiteral("origin.git"));
    }

    void revertFromTheHistoryMenuCommitsAndPushes() {
        GitFixture repo(m_demo);
        const QString bad = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                      QStringLiteral("--grep=") + badCommitSubject})
                                .trimmed();
        QVERIFY(!bad.isEmpty());
        const QString statusBefore = repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
        QVERIFY(statusBefore.contains(QLatin1String("overlays/staging/kustomization.yaml"))); // the demo's own edit

        MainWindow window;
        window.resize(1400, 850);
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTRY_VERIFY(window.controller()->historyModel()->rowCount() > 5);

        QMenu* menu = window.historyPane()->commitMenu(*git::ObjectId::fromHex(bad), 1);
        QAction* revert = findAction(menu, QStringLiteral("Revert this commit"));
        QVERIFY(revert);
        QVERIFY(findAction(menu, QStringLiteral("Roll prod back to here")));
        revert->trigger();
        menu->close();

        ui::ActionPreviewDialog* dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->titleText(), QStringLiteral("Revert %1").arg(bad.left(7)));
        QTRY_VERIFY(dialog->commitPushButton()->isEnabled());
        QVERIFY2(dialog->messageText().startsWith(QStringLiteral("Revert \"%1\"").arg(badCommitSubject)),
                 qPrintable(dialog->messageText()));
        QVERIFY(dialog->messageText().contains(QStringLiteral("This reverts commit %1.").arg(bad)));
        QCOMPARE(dialog->fileNames(), QStringList{QStringLiteral("base/worker/deployment.yaml")});
        // The base is in every overlay: all three environments' worker changes back.
        QCOMPARE(dialog->environmentNames(),
                 (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        const QString prodPatch = dialog->environmentPatch(QStringLiteral("prod"));
        QVERIFY2(prodPatch.contains(QLatin1String("apps/Deployment shop-prod/worker (modified)")), qPrintable(prodPatch));
        QVERIFY2(
            prodPatch.contains(QRegularExpression(QStringLiteral("^-\\s+memory: 16Mi$"), QRegularExpression::MultilineOption)) &&
                prodPatch.contains(
                    QRegularExpression(QStringLiteral("^\\+\\s+memory: 128Mi$"), QRegularExpression::MultilineOption)),
            qPrintable(prodPatch));
        QVERIFY(!dialog->newBranchButton()->isVisible()); // offered only after a rejection
        screenshot(*dialog, QStringLiteral("action-preview-revert"));
        if (auto* tabs = dialog->findChild<QTabWidget*>()) {
            tabs->setCurrentIndex(1);
            screenshot(*dialog, QStringLiteral("action-preview-revert-rendered"));
            tabs->setCurrentIndex(0);
        }
        // Nothing is written before a button.
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(),
                 repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed());
        const QString tipBefore = repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();

        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("Committed")) &&
                     dialog->outcomeText().contains(QLatin1String("Pushed")),
                 qPrintable(dialog->outcomeText()));

        // The git CLI sees one new commit on main, pushed, parented on the old tip.
        const QString tip = repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("main~1")}).trimmed(), tipBefore);
        QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), tip}).trimmed(),
                 QStringLiteral("Revert \"%1\"").arg(badCommitSubject));
        GitFixture origin(m_origin);
        QCOMPARE(origin.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), tip);
        QVERIFY(repo.git({QStringLiteral("show"), tip + QStringLiteral(":base/worker/deployment.yaml")})
                    .contains(QLatin1String("memory: 128Mi")));
        repo.git({QStringLiteral("fsck"), QStringLiteral("--strict")});
        // The user's uncommitted edit is still there, untouched.
        QVERIFY(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")})
                    .contains(QLatin1String(" M overlays/staging/kustomization.yaml")));
        // History shows the new commit on top.
        QTRY_VERIFY(window.controller()->historyModel()->rowAt(0) &&
                    window.controller()->historyModel()->rowAt(0)->commit.id.toHex() == tip);
    }

    void promoteFromTheToolbarCommitsTheImageTags() {
        GitFixture repo(m_demo);
        MainWindow window;
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        window.environmentSelector()->selectEnvironment(QStringLiteral("dev"));
        QAction* promote = window.actionLauncher()->promoteAction();
        QTRY_VERIFY(promote->isEnabled());
        QCOMPARE(promote->text(), QStringLiteral("Promote dev → staging"));
        promote->trigger();
        ui::ActionPreviewDialog* dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->commitButton()->isEnabled());
        QVERIFY2(dialog->messageText().startsWith(QLatin1String("promote(staging): from dev@")),
                 qPrintable(dialog->messageText()));
        QVERIFY(dialog->messageText().contains(QLatin1String("Syncline-Action: promote")));
        QCOMPARE(dialog->fileNames(), QStringList{QStringLiteral("overlays/staging/kustomization.yaml")});
        QCOMPARE(dialog->environmentNames(), QStringList{QStringLiteral("staging")});

        QTest::mouseClick(dialog->commitButton(), Qt::LeftButton); // commit only, no push
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("Committed")), qPrintable(dialog->outcomeText()));
        QVERIFY(!dialog->outcomeText().contains(QLatin1String("Pushed")));
        const QString staging = repo.git({QStringLiteral("show"), QStringLiteral("main:overlays/staging/kustomization.yaml")});
        QVERIFY2(staging.contains(QLatin1String("newTag: 1.3.0")) && staging.contains(QLatin1String("newTag: 2.1.0")),
                 qPrintable(staging));
        QVERIFY(staging.contains(QLatin1String("count: 2"))); // staging keeps its own replicas
        // origin is untouched, the working copy keeps the user's edit.
        GitFixture origin(m_origin);
        QVERIFY(origin.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), QStringLiteral("main")})
                    .startsWith(badCommitSubject));
        QFile edited(repo.filePath(QStringLiteral("overlays/staging/kustomization.yaml")));
        QVERIFY(edited.open(QIODevice::ReadOnly));
        QVERIFY(edited.readAll().contains("# TODO: staging gets 3 api replicas"));
    }

    void rollbackToThePreviouslyDeployedRevisionFromTheSyncPane() {
        GitFixture repo(m_demo);
        const QString before = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                         QStringLiteral("--grep=prod: run 3 api replicas")})
                                   .trimmed();
        const QString release = repo.git({QStringLiteral("rev-parse"), QStringLiteral("v1.0.0^{commit}")}).trimmed();
        MainWindow window;
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QSignalSpy syncs(&window, &MainWindow::syncRequested);

        // Before the cluster recorded an earlier revision, the entry says why it is off.
        QMenu* menu = window.syncStatePane()->environmentMenu(QStringLiteral("prod"));
        QAction* unavailable = findAction(menu, QStringLiteral("Roll back to the previously deployed revision"));
        QVERIFY(unavailable && !unavailable->isEnabled());
        menu->close();

        auto prod = test::snapshot(QStringLiteral("prod"), 1, {});
        prod->deployed =
            reconcile::DeployedRevision{*git::ObjectId::fromHex(release), QStringLiteral("promote(prod)"),
                                        QDateTime::currentDateTime(), QStringLiteral("ada"), *git::ObjectId::fromHex(before)};
        window.applySnapshot(prod);
        menu = window.syncStatePane()->environmentMenu(QStringLiteral("prod"));
        QAction* rollback = findAction(menu, QStringLiteral("Roll prod back to the previously deployed %1").arg(before.left(7)));
        QVERIFY(rollback && rollback->isEnabled());
        rollback->trigger();
        menu->close();

        ui::ActionPreviewDialog* dialog = window.actionLauncher()->currentDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->commitPushButton()->isEnabled());
        QCOMPARE(dialog->fileNames(), QStringList{QStringLiteral("overlays/prod/kustomization.yaml")});
        const QString patch = dialog->environmentPatch(QStringLiteral("prod"));
        QVERIFY2(patch.contains(QRegularExpression(QStringLiteral("^\\+\\s+image: registry.example.com/shop/api:1.0.0$"),
                                                   QRegularExpression::MultilineOption)),
                 qPrintable(patch));
        dialog->syncAfterBox()->setChecked(true);
        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("Sync requested")), qPrintable(dialog->outcomeText()));

        // prod's folder is what it was at `before`; nothing else changed.
        QCOMPARE(
            repo.git({QStringLiteral("diff"), QStringLiteral("--name-only"), QStringLiteral("main~1"), QStringLiteral("main")})
                .trimmed(),
            QStringLiteral("overlays/prod/kustomization.yaml"));
        QCOMPARE(repo.git({QStringLiteral("diff"), before, QStringLiteral("main"), QStringLiteral("--"),
                           QStringLiteral("overlays/prod")}),
                 QString());
        GitFixture origin(m_origin);
        QCOMPARE(origin.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(),
                 repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed());
        // The window asked the engine to sync prod once the commit was pushed.
        QTRY_COMPARE(syncs.count(), 1);
        QCOMPARE(syncs.at(0).at(0).value<reconcile::SyncRequest>().environment, QStringLiteral("prod"));
    }

    // A local commit of the user's that origin does not have, and origin moved meanwhile:
    // the preview says the commit would be published too; the push retry refuses to
    // rebuild over it, and everything stays on the local branch.
    void aPushRetryKeepsTheUsersUnpushedCommit() {
        GitFixture repo(m_demo);
        const QString bad = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                      QStringLiteral("--grep=") + badCommitSubject})
                                .trimmed();
        QTemporaryDir teammateDir;
        GitFixture teammate(teammateDir.path());
        teammate.git({QStringLiteral("clone"), QStringLiteral("-q"), m_origin, QStringLiteral(".")});
        teammate.writeFile(QStringLiteral("README.md"), "by a teammate\n");
        const QString theirs = teammate.commitAll(QStringLiteral("teammate: readme"), 1900000000).trimmed();
        teammate.git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("main")});
        repo.writeFile(QStringLiteral("notes/local.txt"), "mine, not pushed\n");
        repo.git({QStringLiteral("add"), QStringLiteral("notes/local.txt")});
        repo.gitAt(1900000100,
                   {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("local: notes")});
        const QString local = repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();

        MainWindow window;
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        ui::ActionPreviewDialog* dialog =
            window.actionLauncher()->open(models::ActionRequest::revert(*git::ObjectId::fromHex(bad)));
        QTRY_VERIFY(dialog->commitPushButton()->isEnabled());
        // The demo's own unpushed commit and the user's.
        const QString unpushed =
            repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("origin/main..main")}).trimmed();
        QCOMPARE(unpushed, QStringLiteral("2"));
        QVERIFY2(dialog->summaryText().contains(
                     QLatin1String("2 unpushed commits on 'main' not yet on origin/main will be published too")),
                 qPrintable(dialog->summaryText()));
        screenshot(*dialog, QStringLiteral("action-preview-unpushed"));
        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("Push failed")) &&
                     dialog->outcomeText().contains(QLatin1String("nothing was pushed")),
                 qPrintable(dialog->outcomeText()));
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("main~1")}).trimmed(), local);
        QCOMPARE(GitFixture(m_origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), theirs);
        QCOMPARE(readFileBytes(repo.filePath(QStringLiteral("notes/local.txt"))), QByteArray("mine, not pushed\n"));
    }

    void aRejectedPushOffersANewBranch() {
        GitFixture repo(m_demo);
        QVERIFY(test::protectBranch(m_origin));
        GitFixture origin(m_origin);
        const QString originMain = origin.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
        // libgit2 pushes to a local path without running hooks: serve origin over git://.
        origin.git({QStringLiteral("config"), QStringLiteral("daemon.receivepack"), QStringLiteral("true")});
        test::GitDaemon daemon(m_root->path());
        QString error;
        QVERIFY2(daemon.start(&error), qPrintable(error));
        repo.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                  daemon.url(QStringLiteral("origin.git"))});

        MainWindow window;
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        const QString bad = repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                                      QStringLiteral("--grep=") + badCommitSubject})
                                .trimmed();
        ui::ActionPreviewDialog* dialog =
            window.actionLauncher()->open(models::ActionRequest::revert(*git::ObjectId::fromHex(bad)));
        QTRY_VERIFY(dialog->commitPushButton()->isEnabled());
        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("Push failed")) &&
                     dialog->outcomeText().contains(QLatin1String("declined")),
                 qPrintable(dialog->outcomeText()));
        QVERIFY(dialog->newBranchButton()->isVisible());
        const QString local = repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
        const QString suggested = QStringLiteral("syncline/revert-") + local.left(7);
        QCOMPARE(dialog->newBranchButton()->text(), QStringLiteral("Push to ") + suggested);
        QTest::mouseClick(dialog->newBranchButton(), Qt::LeftButton);
        QVERIFY(!dialog->newBranchButton()->isEnabled()); // pushing
        QTRY_VERIFY_WITH_TIMEOUT(dialog->newBranchButton()->isEnabled() || !dialog->newBranchButton()->isVisible(), 20000);
        QVERIFY2(dialog->outcomeText().contains(QLatin1String("to the new branch")), qPrintable(dialog->outcomeText()));
        QCOMPARE(origin.git({QStringLiteral("rev-parse"), suggested}).trimmed(), local);
        QCOMPARE(origin.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(),
                 originMain); // protected branch untouched
        origin.git({QStringLiteral("fsck"), QStringLiteral("--strict")});
    }

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_demo;
    QString m_origin;
};

QTEST_MAIN(TestActionsUi)
#include "tst_actionsui.moc"
