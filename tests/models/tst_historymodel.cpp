#include "CommitFilesModel.h"
#include "HistoryFilter.h"
#include "HistoryModel.h"
#include "LocalChangesModel.h"
#include "RepositoryController.h"
#include "support/GitFixture.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace syncline;
using namespace syncline::models;
using syncline::test::GitFixture;

namespace {

const QString grace = QStringLiteral("Grace Hopper <grace@example.com>");

QStringList lines(const QString& text) { return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

// main and a feature branch merged back, then one more commit on main.
void buildBranchyHistory(GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 1\n");
    repo.commitAll(QStringLiteral("initial layout"), 1700000000);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 2\n");
    repo.commitAll(QStringLiteral("feature: scale app"), 1700000060, grace);
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 5\n");
    repo.commitAll(QStringLiteral("feature: prod patch"), 1700000180, grace);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    repo.writeFile(QStringLiteral("README.md"), "docs\n");
    repo.commitAll(QStringLiteral("docs only"), 1700000120);
    repo.gitAt(1700000240, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                            QStringLiteral("Merge feature"), QStringLiteral("feature")});
    repo.git({QStringLiteral("tag"), QStringLiteral("v1.0")});
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 6\n");
    repo.commitAll(QStringLiteral("prod: six replicas"), 1700000300);
}

// `count` linear commits through fast-import: thousands in well under a second.
void buildLongHistory(GitFixture& repo, int count) {
    QByteArray stream;
    for (int i = 1; i <= count; ++i) {
        const QByteArray message = "commit " + QByteArray::number(i) + "\n";
        const QByteArray content = QByteArray::number(i) + "\n";
        stream += "commit refs/heads/main\nmark :" + QByteArray::number(i) + "\n";
        stream += "author Ada <ada@example.com> " + QByteArray::number(1700000000 + i) + " +0000\n";
        stream += "committer Ada <ada@example.com> " + QByteArray::number(1700000000 + i) + " +0000\n";
        stream += "data " + QByteArray::number(message.size()) + "\n" + message;
        if (i > 1)
            stream += "from :" + QByteArray::number(i - 1) + "\n";
        stream += "M 644 inline file.txt\ndata " + QByteArray::number(content.size()) + "\n" + content + "\n";
    }
    repo.git({QStringLiteral("fast-import"), QStringLiteral("--quiet")}, stream);
    repo.git({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"), QStringLiteral("main")});
}

QStringList modelIds(const HistoryModel* model) {
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids << model->index(row, 0).data(HistoryModel::CommitIdRole).toString();
    return ids;
}

// Opens and waits until the first page (and the status) arrived.
bool openAndWait(RepositoryController& controller, const QString& path) {
    QSignalSpy pages(&controller, &RepositoryController::pageLoaded);
    QSignalSpy status(&controller, &RepositoryController::localChangesReady);
    controller.open(path);
    return (pages.count() > 0 || pages.wait(10000)) && (status.count() > 0 || status.wait(10000));
}

// Fetches pages the way a view does until the model says there are no more.
void fetchAll(HistoryModel* model) {
    while (!model->atEnd()) {
        if (model->canFetchMore({}))
            model->fetchMore({});
        QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
        QVERIFY(model->atEnd() || inserted.wait(10000));
    }
}

} // namespace

class TestHistoryModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filterSyntax() {
        const HistoryFilter f = HistoryFilter::parse(QStringLiteral("  fix author:\"Grace Hopper\" probe path:base/app.yaml "));
        QCOMPARE(f.text, QStringLiteral("fix probe"));
        QCOMPARE(f.author, QStringLiteral("Grace Hopper"));
        QCOMPARE(f.path, QStringLiteral("base/app.yaml"));
        QVERIFY(HistoryFilter::parse(QStringLiteral("   ")).isEmpty());
        QCOMPARE(HistoryFilter::parse(QStringLiteral("AUTHOR:grace")).author, QStringLiteral("grace"));
    }

    void fileStatsSayWhyThereIsNoDiff() {
        git::FileChange huge;
        huge.tooLarge = true;
        huge.newSize = qint64(1) << 30;
        QCOMPARE(CommitFilesModel::statsText(huge), QStringLiteral("too large (1.0 GiB) — not shown"));
        git::FileChange binary;
        binary.binary = true;
        QCOMPARE(CommitFilesModel::statsText(binary), QStringLiteral("binary"));
        git::FileChange text;
        text.additions = 12;
        text.deletions = 3;
        QCOMPARE(CommitFilesModel::statsText(text), QStringLiteral("+12 −3"));
        QCOMPARE(CommitFilesModel::kindLetter(git::FileChangeKind::Renamed), QStringLiteral("R"));
    }

    void rowsMatchGitLogWithGraphAndDecorations() {
        GitFixture repo;
        buildBranchyHistory(repo);
        RepositoryController controller;
        QAbstractItemModelTester tester(controller.historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(controller, repo.path()));
        HistoryModel* model = controller.historyModel();
        QVERIFY(model->atEnd());
        QCOMPARE(modelIds(model),
                 lines(repo.git({QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H")})));
        QVERIFY(!model->isFiltered());
        QCOMPARE(model->maxGraphWidth(), 2);

        const int mergeRow =
            model->rowOf(*git::ObjectId::fromHex(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed()));
        QVERIFY(mergeRow > 0);
        QVERIFY(model->index(mergeRow, 0).data(HistoryModel::IsMergeRole).toBool());
        const auto graph = model->index(mergeRow, 0).data(HistoryModel::GraphRole).value<git::GraphRow>();
        QVERIFY(graph.isMerge);
        QCOMPARE(graph.lower.size(), std::size_t(2));
        const auto tagLabels = model->index(mergeRow, 0).data(HistoryModel::LabelsRole).value<std::vector<git::RefLabel>>();
        QCOMPARE(tagLabels.size(), std::size_t(1));
        QCOMPARE(tagLabels.front().name, QStringLiteral("v1.0"));
        QCOMPARE(tagLabels.front().kind, git::RefKind::Tag);
        const auto headLabels = model->rowAt(0)->labels;
        QCOMPARE(headLabels.size(), std::size_t(1));
        QVERIFY(headLabels.front().isCurrent);
        QCOMPARE(model->index(0, HistoryModel::SummaryColumn).data().toString(), QStringLiteral("prod: six replicas"));
        QCOMPARE(model->index(0, HistoryModel::AuthorColumn).data().toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(model->index(0, HistoryModel::DateColumn).data().toString(), QStringLiteral("2023-11-14"));
        QCOMPARE(model->index(0, HistoryModel::DateColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("2023-11-14 22:18:20 +0000"));
    }

    void pagesArriveThroughFetchMore() {
        GitFixture repo;
        buildLongHistory(repo, 1500);
        RepositoryController controller;
        QVERIFY(openAndWait(controller, repo.path()));
        HistoryModel* model = controller.historyModel();
        QCOMPARE(model->rowCount(), int(RepositoryController::kFirstPageSize)); // only the first screen is read
        QVERIFY(model->canFetchMore({}));
        QSignalSpy requests(model, &HistoryModel::moreRequested);
        model->fetchMore({});
        QVERIFY(!model->canFetchMore({})); // one request at a time
        model->fetchMore({});
        QCOMPARE(requests.count(), 1);
        // The tester itself calls fetchMore while checking, like a view scrolling down.
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fetchAll(model);
        QCOMPARE(model->rowCount(), 1500);
        QCOMPARE(modelIds(model), lines(repo.git({QStringLiteral("log"), QStringLiteral("--format=%H")})));
        QVERIFY(!model->canFetchMore({}));
    }

    void filterMatchesGitAndReplacesTheRunningQuery() {
        GitFixture repo;
        buildBranchyHistory(repo);
        RepositoryController controller;
        QAbstractItemModelTester tester(controller.historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(controller, repo.path()));
        HistoryModel* model = controller.historyModel();
        QSignalSpy pages(&controller, &RepositoryController::pageLoaded);
        // The second filter replaces the first before its page arrives: only its rows count.
        controller.setFilter(HistoryFilter::parse(QStringLiteral("docs")), false);
        controller.setFilter(HistoryFilter::parse(QStringLiteral("author:grace")), false);
        QTRY_VERIFY(model->atEnd());
        // A page of the first filter, had it been delivered, would add its rows after the
        // reset: the rows below would then not be git's. (How many pages the second filter
        // takes depends on the machine's load, so the count is not checked.)
        QVERIFY(pages.count() >= 1);
        QVERIFY(model->isFiltered());
        QCOMPARE(modelIds(model), lines(repo.git({QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("-i"),
                                                  QStringLiteral("--author=grace"), QStringLiteral("--format=%H")})));
        controller.setFilter(HistoryFilter::parse(QStringLiteral("path:overlays/prod")), false);
        QTRY_VERIFY(model->atEnd());
        QCOMPARE(modelIds(model),
                 lines(repo.git({QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H"),
                                 QStringLiteral("--"), QStringLiteral("overlays/prod")})));
    }

    void detailsFeedTheFilesModel() {
        GitFixture repo;
        buildBranchyHistory(repo);
        repo.git({QStringLiteral("mv"), QStringLiteral("README.md"), QStringLiteral("docs.md")});
        repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 7\nimage: app:2\n");
        repo.removeFile(QStringLiteral("overlays/prod/patch.yaml"));
        repo.writeFile(QStringLiteral("new.txt"), "hello\n");
        const QString head = repo.commitAll(QStringLiteral("mixed change\n\nwith a body"), 1700000400);
        RepositoryController controller;
        QVERIFY(openAndWait(controller, repo.path()));
        QSignalSpy ready(&controller, &RepositoryController::detailsReady);
        controller.requestDetails(*git::ObjectId::fromHex(head));
        QVERIFY(ready.count() > 0 || ready.wait(10000)); // may already have arrived
        auto details = ready.first().first().value<std::shared_ptr<const git::CommitDetails>>();
        QCOMPARE(details->message.trimmed(), QStringLiteral("mixed change\n\nwith a body"));

        CommitFilesModel files;
        QAbstractItemModelTester tester(&files, QAbstractItemModelTester::FailureReportingMode::QtTest);
        files.setChanges(std::shared_ptr<const git::TreeDiffResult>(details, &details->changes));
        QStringList shown;
        for (int row = 0; row < files.rowCount(); ++row)
            shown << files.index(row, 0).data(CommitFilesModel::KindLetterRole).toString() + QLatin1Char('\t') +
                         files.index(row, 0).data(CommitFilesModel::PathRole).toString();
        QStringList expected;
        for (const QString& line :
             lines(repo.git({QStringLiteral("show"), QStringLiteral("--name-status"), QStringLiteral("--format="), head}))) {
            const QStringList parts = line.split(QLatin1Char('\t'));
            expected << parts.first().left(1) + QLatin1Char('\t') + parts.last();
        }
        shown.sort();
        expected.sort();
        QCOMPARE(shown, expected);
        files.clear();
        QCOMPARE(files.rowCount(), 0);
    }

    void localChangesModelShowsStatusAndUnpushed() {
        GitFixture origin;
        buildBranchyHistory(origin);
        QTemporaryDir cloneDir;
        GitFixture(cloneDir.path()).git({QStringLiteral("clone"), QStringLiteral("-q"), origin.path(), QStringLiteral("clone")});
        GitFixture clone(cloneDir.path() + QStringLiteral("/clone"));
        clone.writeFile(QStringLiteral("a.txt"), "1");
        clone.commitAll(QStringLiteral("local one"), 1700001000);
        clone.writeFile(QStringLiteral("a.txt"), "2");
        clone.commitAll(QStringLiteral("local two"), 1700001060);
        clone.writeFile(QStringLiteral("base/app.yaml"), "dirty\n");
        clone.writeFile(QStringLiteral("untracked.txt"), "?");

        RepositoryController controller;
        QAbstractItemModelTester tester(controller.localChangesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(controller, clone.path()));
        const LocalChangesModel* model = controller.localChangesModel();
        QCOMPARE(model->changes().upstream, QStringLiteral("origin/main"));
        QCOMPARE(model->changes().ahead, 2);
        QCOMPARE(model->rowCount(), 2);
        const QModelIndex unpushed = model->index(0, 0);
        QCOMPARE(unpushed.data().toString(), QStringLiteral("Unpushed commits (2)"));
        QCOMPARE(model->rowCount(unpushed), 2);
        QCOMPARE(model->index(0, LocalChangesModel::TextColumn, unpushed).data().toString(), QStringLiteral("local two"));
        const QModelIndex files = model->index(1, 0);
        QStringList shown;
        for (int row = 0; row < model->rowCount(files); ++row)
            shown << model->index(row, LocalChangesModel::StatusColumn, files).data().toString() + QLatin1Char(' ') +
                         model->index(row, 0, files).data(LocalChangesModel::PathRole).toString();
        QStringList expected = lines(clone.git({QStringLiteral("status"), QStringLiteral("--porcelain")}));
        shown.sort();
        expected.sort();
        QCOMPARE(shown, expected);
    }

    void badRepositoriesGiveClearAnswers() {
        RepositoryController controller;
        QTemporaryDir plain;
        QSignalSpy failed(&controller, &RepositoryController::openFailed);
        controller.open(plain.path());
        QVERIFY(failed.count() > 0 || failed.wait(10000)); // may already have arrived
        QCOMPARE(failed.first().at(1).value<util::Error>().code, util::ErrorCode::NotARepository);
        QVERIFY(!controller.isOpen());

        GitFixture empty;
        QSignalSpy opened(&controller, &RepositoryController::opened);
        QVERIFY(openAndWait(controller, empty.path()));
        QVERIFY(opened.first().first().value<RepositoryInfo>().empty);
        QCOMPARE(controller.historyModel()->rowCount(), 0);
        QVERIFY(controller.historyModel()->atEnd());
    }

    void corruptObjectStopsHistoryWithItsId() {
        GitFixture repo;
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            repo.writeFile(QStringLiteral("f"), QByteArray::number(i));
            ids.prepend(repo.commitAll(QStringLiteral("c%1").arg(i), 1700000000 + i));
        }
        const QString missing = ids[2];
        QVERIFY(
            QFile::remove(repo.path() + QStringLiteral("/.git/objects/") + missing.left(2) + QLatin1Char('/') + missing.mid(2)));
        RepositoryController controller;
        QSignalSpy stopped(&controller, &RepositoryController::historyStopped);
        QVERIFY(openAndWait(controller, repo.path()));
        QTRY_COMPARE(stopped.count(), 1);
        QVERIFY2(stopped.first().first().value<util::Error>().toString().contains(missing),
                 qPrintable(stopped.first().first().value<util::Error>().toString()));
        QCOMPARE(modelIds(controller.historyModel()), ids.mid(0, 2));
        QVERIFY(!controller.historyModel()->canFetchMore({}));
    }

    void shallowCloneEndsAtTheBoundary() {
        GitFixture origin;
        buildLongHistory(origin, 10);
        QTemporaryDir cloneDir;
        GitFixture(cloneDir.path())
            .git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--depth"), QStringLiteral("3"),
                  QStringLiteral("file://") + origin.path(), QStringLiteral("shallow")});
        RepositoryController controller;
        QSignalSpy boundary(&controller, &RepositoryController::shallowBoundaryReached);
        QVERIFY(openAndWait(controller, cloneDir.path() + QStringLiteral("/shallow")));
        QVERIFY(controller.info().shallow);
        QTRY_COMPARE(boundary.count(), 1);
        QCOMPARE(controller.historyModel()->rowCount(), 3);
    }
};

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
