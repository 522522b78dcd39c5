#include "CommitDetailsView.h"
#include "CommitFilesModel.h"
#include "DestinationQuestion.h"
#include "HistoryFilter.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "PendingPane.h"
#include "RecentRepositories.h"
#include "RepositoryController.h"
#include "SyncStatePane.h"
#include "support/ArgoDestinationFixture.h"
#include "support/GitFixture.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolButton>
#include <QTreeView>

using namespace syncline;
using syncline::models::HistoryModel;
using syncline::test::GitFixture;
using syncline::ui::MainWindow;

namespace {

const QString grace = QStringLiteral("Grace Hopper <grace@example.com>");

QStringList lines(const QString& text) { return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

void buildBranchyHistory(GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 1\n");
    repo.commitAll(QStringLiteral("initial layout"), 1700000000);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 2\n");
    repo.commitAll(QStringLiteral("feature: scale app"), 1700000060, grace);
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 5\n");
    repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), "patches: [patch.yaml]\n");
    repo.commitAll(QStringLiteral("feature: prod patch\n\nExplains why prod needs five."), 1700000180, grace);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    repo.writeFile(QStringLiteral("README.md"), "docs\n");
    repo.commitAll(QStringLiteral("docs only"), 1700000120);
    repo.gitAt(1700000240, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                            QStringLiteral("Merge feature"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 6\n");
    repo.commitAll(QStringLiteral("prod: six replicas"), 1700000300);
}

// `count` linear commits through fast-import: thousands in well under a second.
void buildLongHistory(GitFixture& repo, int count) {
    QByteArray stream;
    for (int i = 1; i <= count; ++i) {
        const QByteArray message = "commit " + QByteArray::number(i) + "\n";
        stream += "commit refs/heads/main\nmark :" + QByteArray::number(i) + "\n";
        stream += "author Ada <ada@example.com> " + QByteArray::number(1700000000 + i) + " +0000\n";
        stream += "committer Ada <ada@example.com> " + QByteArray::number(1700000000 + i) + " +0000\n";
        stream += "data " + QByteArray::number(message.size()) + "\n" + message;
        if (i > 1)
            stream += "from :" + QByteArray::number(i - 1) + "\n";
        stream += "\n";
    }
    repo.git({QStringLiteral("fast-import"), QStringLiteral("--quiet")}, stream);
}

HistoryModel* historyOf(const MainWindow& window) { return window.controller()->historyModel(); }

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_mainwindow"), m_settingsDir.path());
        QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));
    }

    void init() { QSettings().clear(); }

    void opensBranchyRepositoryAndShowsDetails() {
        GitFixture repo;
        buildBranchyHistory(repo);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(repo.path());
        const int total =
            repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("HEAD")}).trimmed().toInt();
        QTRY_COMPARE(historyOf(window)->rowCount(), total);
        QVERIFY(historyOf(window)->atEnd());
        QVERIFY(window.windowTitle().contains(QStringLiteral("main")));
        QCOMPARE(ui::RecentRepositories().entries().value(0), QDir::cleanPath(repo.path()));

        // Select the feature commit: its message and files show as git reports them.
        const QString sha = repo.git({QStringLiteral("rev-parse"), QStringLiteral("feature")}).trimmed();
        const int row = historyOf(window)->rowOf(*git::ObjectId::fromHex(sha));
        QVERIFY(row >= 0);
        QTreeView* list = window.historyPane()->commitList();
        list->setCurrentIndex(historyOf(window)->index(row, HistoryModel::SummaryColumn));
        ui::CommitDetailsView* details = window.historyPane()->detailsView();
        QTRY_VERIFY(details->details() && details->details()->id.toHex() == sha);
        QVERIFY(details->headerText().contains(QStringLiteral("feature: prod patch")));
        QVERIFY(details->headerText().contains(QStringLiteral("Explains why prod needs five.")));
        QVERIFY(details->headerText().contains(sha));
        QStringList shown;
        for (int r = 0; r < details->filesModel()->rowCount(); ++r)
            shown << details->filesModel()->index(r, models::CommitFilesModel::KindColumn).data().toString() + QLatin1Char('\t') +
                         details->filesModel()->index(r, models::CommitFilesModel::PathColumn).data().toString();
        QCOMPARE(shown,
                 lines(repo.git({QStringLiteral("show"), QStringLiteral("--name-status"), QStringLiteral("--format="), sha})));

        // Keyboard: Down moves to the next commit and shows it.
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(list->currentIndex().row(), row + 1);
        const QString next = historyOf(window)->rowAt(row + 1)->commit.id.toHex();
        QTRY_VERIFY(details->details() && details->details()->id.toHex() == next);
        QTest::keyClick(list, Qt::Key_Home);
        QCOMPARE(list->currentIndex().row(), 0);
        QTest::keyClick(list, Qt::Key_End);
        QCOMPARE(list->currentIndex().row(), total - 1);

        // Clicking a parent link selects the parent.
        const QString parent = historyOf(window)->rowAt(total - 1)->commit.id.toHex();
        QTest::keyClick(list, Qt::Key_Up);
        const QString child = historyOf(window)->rowAt(total - 2)->commit.id.toHex();
        QTRY_VERIFY(details->details() && details->details()->id.toHex() == child);
        QCOMPARE(details->details()->parents.size(), std::size_t(1));
        Q_EMIT details->parentActivated(details->details()->parents.front());
        QCOMPARE(list->currentIndex().row(), total - 1);
        QCOMPARE(window.historyPane()->currentCommit()->toHex(), parent);
    }

    void filterShrinksToGitsCount() {
        GitFixture repo;
        buildBranchyHistory(repo);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openRepository(repo.path());
        const int total =
            repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("HEAD")}).trimmed().toInt();
        QTRY_COMPARE(historyOf(window)->rowCount(), total);

        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QLineEdit* filter = window.historyPane()->filterEdit();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, QStringLiteral("author:grace"));
        QTest::keyClick(filter, Qt::Key_Return);
        const int graces = lines(repo.git({QStringLiteral("log"), QStringLiteral("-i"), QStringLiteral("--author=grace"),
                                           QStringLiteral("--format=%H")}))
                               .size();
        QVERIFY(graces > 0 && graces < total);
        QTRY_VERIFY(historyOf(window)->isFiltered() && historyOf(window)->atEnd());
        QCOMPARE(historyOf(window)->rowCount(), graces);

        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QTRY_VERIFY(!historyOf(window)->isFiltered() && historyOf(window)->atEnd());
        QCOMPARE(historyOf(window)->rowCount(), total);

        window.historyPane()->allBranchesButton()->setChecked(true);
        const int all =
            repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("--all")}).trimmed().toInt();
        QTRY_VERIFY(window.controller()->allBranches() && historyOf(window)->atEnd());
        QCOMPARE(historyOf(window)->rowCount(), all);
    }

    void historyPagesFollowScrolling() {
        GitFixture repo;
        buildLongHistory(repo, 1500);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy requests(historyOf(window), &HistoryModel::moreRequested);
        window.openRepository(repo.path());
        const int firstPage = int(models::RepositoryController::kFirstPageSize);
        QTRY_COMPARE(historyOf(window)->rowCount(), firstPage);
        QTreeView* list = window.historyPane()->commitList();
        QTRY_VERIFY(list->currentIndex().isValid());
        // Relayouts (a QTreeView asks for more rows on each) must not read further pages:
        // nothing requested, nothing in flight.
        list->doItemsLayout();
        list->viewport()->repaint();
        QCOMPARE(requests.count(), 0);
        QVERIFY(historyOf(window)->canFetchMore({}));
        QCOMPARE(historyOf(window)->rowCount(), firstPage);
        // Scrolling to the end asks for the next page, and only that one.
        list->scrollToBottom();
        QTRY_VERIFY(historyOf(window)->rowCount() > firstPage);
        QCOMPARE(historyOf(window)->rowCount(), firstPage + int(models::RepositoryController::kPageSize));
        QCOMPARE(requests.count(), 1);
    }

    void fetchBringsNewCommitsWithoutBlockingAndReportsFailures() {
        GitFixture upstream;
        buildLongHistory(upstream, 3);
        QTemporaryDir dir;
        const QString clonePath = dir.path() + QStringLiteral("/clone");
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("file://") + upstream.path(), clonePath});
        upstream.writeFile(QStringLiteral("new.txt"), "new");
        const QString newTip = upstream.commitAll(QStringLiteral("pushed by a colleague"), 1800000000);

        MainWindow window;
        window.show();
        QSignalSpy opened(window.controller(), &models::RepositoryController::opened);
        window.openRepository(clonePath);
        QTRY_COMPARE(opened.count(), 1);
        QTRY_VERIFY(window.fetchAction()->isEnabled());
        QSignalSpy finished(window.controller(), &models::RepositoryController::fetchFinished);
        window.fetchAction()->trigger();
        // (The result may arrive before trigger() returns: a finished job's continuation runs at once.)
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(finished.first().at(1).toInt(), 1);
        GitFixture clone(clonePath);
        QCOMPARE(clone.git({QStringLiteral("rev-parse"), QStringLiteral("origin/main")}).trimmed(), newTip);
        // New remote refs: the window re-reads the repository (decorations, ahead/behind).
        QTRY_COMPARE(opened.count(), 2);
        QTRY_VERIFY(window.fetchAction()->isEnabled());

        // A remote that does not exist: a clear message, nothing changed, still usable.
        clone.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                   dir.path() + QStringLiteral("/gone.git")});
        QSignalSpy failed(window.controller(), &models::RepositoryController::fetchFailed);
        window.fetchAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QTRY_VERIFY2(window.messageBar()->text().contains(QStringLiteral("Fetch from origin failed")),
                     qPrintable(window.messageBar()->text()));
        QTRY_VERIFY(window.fetchAction()->isEnabled());
    }

    // Filtering a long history by a path reads every commit: without a commit-graph the
    // bar offers to write one; the button writes it (git verifies it) and history reloads.
    void largeHistoryOffersToWriteACommitGraph() {
        GitFixture repo;
        buildLongHistory(repo, int(models::RepositoryController::kCommitGraphSuggestion) + 50);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(repo.path());
        QTRY_VERIFY(historyOf(window)->rowCount() > 0);
        QVERIFY(!window.messageBar()->actionButton()->isVisible()); // a first page reads too little to ask
        models::HistoryFilter filter;
        filter.path = QStringLiteral("overlays/nowhere");
        window.controller()->setFilter(filter, false);
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->actionButton()->isVisible(), 60000);
        QVERIFY2(window.messageBar()->actionButton()->text().contains(QStringLiteral("commit-graph")),
                 qPrintable(window.messageBar()->actionButton()->text()));
        QVERIFY(!QFile::exists(repo.path() + QStringLiteral("/.git/objects/info/commit-graph")));

        QSignalSpy restarted(window.controller(), &models::RepositoryController::historyStarted);
        QTest::mouseClick(window.messageBar()->actionButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->text().contains(QStringLiteral("Commit-graph written")), 60000);
        QVERIFY(!window.messageBar()->actionButton()->isVisible());
        repo.git({QStringLiteral("commit-graph"), QStringLiteral("verify")});
        QTRY_VERIFY_WITH_TIMEOUT(restarted.count() >= 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(historyOf(window)->atEnd(), 60000);
        QCOMPARE(historyOf(window)->rowCount(), 0); // the path never existed, with or without the graph
    }

    void notARepositoryShowsTheError() {
        QTemporaryDir plain;
        MainWindow window;
        window.show();
        window.openRepository(plain.path());
        QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("not a Git repository")));
        QVERIFY(window.messageBar()->isVisible());
        QCOMPARE(historyOf(window)->rowCount(), 0);
        QVERIFY(!window.controller()->isOpen());
        QVERIFY(ui::RecentRepositories().entries().isEmpty()); // failures are not remembered
    }

    void emptyRepositorySaysSo() {
        GitFixture empty;
        MainWindow window;
        window.show();
        window.openRepository(empty.path());
        QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("no commits yet")));
        QTRY_VERIFY(window.historyPane()->detailsView()->headerText().contains(QStringLiteral("no commits yet")));
        QCOMPARE(historyOf(window)->rowCount(), 0);
    }

    void detachedAndBareRepositoriesAreExplained() {
        GitFixture repo;
        buildBranchyHistory(repo);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach"), QStringLiteral("HEAD~1")});
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY(window.windowTitle().contains(QStringLiteral("detached at")));
        QTRY_VERIFY(window.pendingPane()->statusText().contains(QStringLiteral("detached")));
        // Environments are read from a branch: the sync pane says why it has none.
        QTRY_VERIFY(window.syncStatePane()->emptyText().contains(QStringLiteral("HEAD is detached")));
        QVERIFY(!window.syncStatePane()->showsTable());

        QTemporaryDir bareDir;
        GitFixture(bareDir.path())
            .git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), repo.path(),
                  QStringLiteral("bare.git")});
        window.openRepository(bareDir.path() + QStringLiteral("/bare.git"));
        QTRY_VERIFY(window.pendingPane()->statusText().contains(QStringLiteral("bare repository: no working tree")));
        QTRY_VERIFY(historyOf(window)->rowCount() > 0);
        // The bare clone's HEAD is detached as well: no environments, and the reason.
        QTRY_VERIFY(window.syncStatePane()->emptyText().contains(QStringLiteral("HEAD is detached")));
        QVERIFY(!window.syncStatePane()->showsTable());

        // On a branch, overlays/prod without a syncline.yaml is detected, listed, and said so.
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        window.openRepository(repo.path());
        QTRY_VERIFY2(window.syncStatePane()->showsTable(), qPrintable(window.messageBar()->text()));
        const QAbstractItemModel* rows = window.syncStatePane()->table()->model();
        QCOMPARE(rows->rowCount(), 2); // prod's header, then its one application
        QCOMPARE(rows->index(0, 0).data().toString(), QStringLiteral("prod · 1 application · not read yet"));
        QCOMPARE(rows->index(1, 0).data().toString(), QStringLiteral("app"));
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("1 application in 1 environment detected")),
                 qPrintable(window.messageBar()->text()));

        // Writing the detected map: one commit with only syncline.yaml, the work tree as it was.
        QTRY_VERIFY(window.writeWorkspaceAction()->isEnabled());
        repo.writeFile(QStringLiteral("README.md"), "an uncommitted edit\n");
        const QString statusBefore = repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
        QSignalSpy written(window.controller(), &models::RepositoryController::workspaceWritten);
        window.controller()->writeDetectedWorkspace(); // what "Yes" in the preview dialog calls
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 30000);
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format=%s"),
                           QStringLiteral("HEAD")})
                     .trimmed(),
                 QStringLiteral("syncline: describe environments in syncline.yaml\n\nsyncline.yaml"));
        QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:syncline.yaml")})
                    .contains(QStringLiteral("path: overlays/prod")));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), statusBefore);
        QTRY_VERIFY(!window.writeWorkspaceAction()->isEnabled()); // read from the file now, not detected
    }

    // Write syncline.yaml… on detected Argo CD Applications whose destination no kubeconfig
    // context has: the window asks which context it is (as `environments --write` does),
    // previews the file with the answer in it and commits just that file.
    void writingDetectedArgoApplicationsAsksForTheirCluster() {
        GitFixture repo;
        syncline::test::commitArgoApplicationOnAnUnknownServer(repo);
        QTemporaryDir home;
        const QString kubeconfig = home.filePath(QStringLiteral("config"));
        QVERIFY(syncline::test::writeKubeconfigWithTwoContexts(kubeconfig));
        const QByteArray previousKubeconfig = qgetenv("KUBECONFIG");
        qputenv("KUBECONFIG", kubeconfig.toUtf8());

        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY_WITH_TIMEOUT(window.writeWorkspaceAction()->isEnabled(), 30000);
        QStringList asked;
        window.askDestination = [&](const workspace::Place&, const QString& destination,
                                    const workspace::DestinationContexts::Match& match) -> std::optional<QString> {
            asked << destination + QStringLiteral(": ") + match.candidates.join(QLatin1Char(','));
            return QStringLiteral("bravo");
        };
        QString previewed;
        window.confirmWrite = [&](const QString&, const QString& yaml, const QString&) {
            previewed = yaml;
            return true;
        };
        QSignalSpy written(window.controller(), &models::RepositoryController::workspaceWritten);
        window.writeWorkspaceAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 30000);
        qputenv("KUBECONFIG", previousKubeconfig);
        QCOMPARE(asked, QStringList{QStringLiteral("https://10.9.9.9:6443: alpha,bravo")});
        QVERIFY2(previewed.contains(QLatin1String("context: bravo")), qPrintable(previewed));
        const QString yaml = repo.git({QStringLiteral("show"), QStringLiteral("HEAD:syncline.yaml")});
        QVERIFY2(yaml.contains(QLatin1String("context: bravo")), qPrintable(yaml));
        QCOMPARE(
            repo.git({QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format="), QStringLiteral("HEAD")})
                .trimmed(),
            QStringLiteral("syncline.yaml"));
    }

    // The question shows what the repository wrote as written: markup in a destination or an
    // environment name is escaped, never rendered (no image loaded, no link, no fake line).
    void theDestinationQuestionShowsHostileMarkupAsText() {
        workspace::Place place;
        place.name = QStringLiteral("prod<b>!</b>");
        const QString destination = QStringLiteral("<img src=\"file:///etc/passwd\"><a href=\"https://evil\">x</a>");
        workspace::DestinationContexts::Match match;
        match.why = QStringLiteral("no kubeconfig cluster has the server <script>");
        QTextDocument shown;
        shown.setHtml(ui::DestinationQuestion::question(place, destination, match));
        const QString text = shown.toPlainText();
        QVERIFY2(text.contains(destination) && text.contains(place.name) && text.contains(match.why), qPrintable(text));
        // Nothing rendered: no link and no image anywhere in what the label shows.
        for (QTextBlock block = shown.begin(); block.isValid(); block = block.next())
            for (auto fragment = block.begin(); !fragment.atEnd(); ++fragment) {
                const QTextCharFormat format = fragment.fragment().charFormat();
                QVERIFY2(!format.isAnchor(), qPrintable(fragment.fragment().text()));
                QVERIFY2(!format.isImageFormat(), qPrintable(fragment.fragment().text()));
            }
    }

    void corruptObjectIsReportedNotFatal() {
        GitFixture repo;
        QStringList ids;
        for (int i = 0; i < 4; ++i) {
            repo.writeFile(QStringLiteral("f"), QByteArray::number(i));
            ids.prepend(repo.commitAll(QStringLiteral("c%1").arg(i), 1700000000 + i));
        }
        QVERIFY(
            QFile::remove(repo.path() + QStringLiteral("/.git/objects/") + ids[2].left(2) + QLatin1Char('/') + ids[2].mid(2)));
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("history stops at commit ") + ids[2]));
        QCOMPARE(historyOf(window)->rowCount(), 2);
    }

    void layoutIsRestoredOnNextStart() {
        QList<int> saved;
        {
            MainWindow window;
            window.resize(1200, 800);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.paneSplitter()->setSizes({400, 500, 300});
            saved = window.paneSplitter()->sizes();
            window.close();
        }
        MainWindow fresh;
        QCOMPARE(fresh.size(), QSize(1200, 800));
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        QCOMPARE(fresh.paneSplitter()->sizes(), saved);

        // Without saved state the default proportions (45/30/25) are something else.
        QSettings().clear();
        MainWindow defaults;
        defaults.resize(1200, 800);
        defaults.show();
        QVERIFY(QTest::qWaitForWindowExposed(&defaults));
        QVERIFY(defaults.paneSplitter()->sizes() != saved);
    }

    void recentListDropsMissingEntries() {
        GitFixture repo;
        ui::RecentRepositories recent;
        recent.add(QStringLiteral("/nonexistent/syncline-test"));
        for (int i = 0; i < 12; ++i)
            recent.add(repo.path() + QStringLiteral("/sub%1").arg(i));
        QCOMPARE(recent.entries().size(), ui::RecentRepositories::kMaxEntries);
        recent.add(repo.path());
        recent.add(QStringLiteral("/nonexistent/syncline-test"));
        recent.removeMissing();
        QCOMPARE(recent.entries(), QStringList{QDir::cleanPath(repo.path())});
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
