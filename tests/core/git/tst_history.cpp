#include "git/GraphLayout.h"
#include "git/HistoryWalker.h"
#include "git/Repository.h"
#include "support/GitFixture.h"

#include <QDir>
#include <QTest>

#include <unordered_map>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

QStringList walkRepository(std::shared_ptr<const Repository> repository, HistoryQuery query = {},
                           HistoryOrder order = HistoryOrder::Streaming, std::size_t pageSize = 1000) {
    auto walker = HistoryWalker::start(std::move(repository), std::move(query), order);
    if (!walker)
        qFatal("walk failed: %s", qPrintable(walker.error().toString()));
    QStringList ids;
    while (!walker->atEnd()) {
        HistoryPage page = walker->next(pageSize);
        if (page.error)
            qFatal("page failed: %s", qPrintable(page.error->toString()));
        for (const auto& c : page.commits)
            ids << c.id.toHex();
    }
    return ids;
}

QStringList walkAll(const QString& path, HistoryQuery query = {}, HistoryOrder order = HistoryOrder::Streaming,
                    std::size_t pageSize = 1000) {
    return walkRepository(syncline::test::openRepository(path), std::move(query), order, pageSize);
}

QStringList gitLines(const GitFixture& repo, const QStringList& args) {
    return repo.git(args).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Builds a history with two feature branches merged back, each commit at its own time.
void buildBranchyHistory(GitFixture& repo, qint64 base, bool sameSecond) {
    auto t = [&](int i) { return sameSecond ? base : base + i * 60; };
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 1\n");
    repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), "resources: [../../base]\n");
    repo.commitAll(QStringLiteral("initial layout"), t(0));
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("base/app.yaml"), "replicas: 2\n");
    repo.commitAll(QStringLiteral("feature: scale app"), t(1), QStringLiteral("Grace Hopper <grace@example.com>"));
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 5\n");
    repo.commitAll(QStringLiteral("feature: prod patch"), t(3), QStringLiteral("Grace Hopper <grace@example.com>"));
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    repo.writeFile(QStringLiteral("README.md"), "docs\n");
    repo.commitAll(QStringLiteral("docs only"), t(2));
    repo.writeFile(QStringLiteral("overlays/dev/kustomization.yaml"), "resources: [../../base]\n");
    repo.commitAll(QStringLiteral("add dev overlay"), t(4));
    repo.gitAt(t(5), {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                      QStringLiteral("Merge feature"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 6\n");
    repo.commitAll(QStringLiteral("prod: six replicas"), t(6));
    repo.writeFile(QStringLiteral("base/other.yaml"), "x: 1\n");
    repo.commitAll(QStringLiteral("unrelated base change"), t(7));
}

bool streamingIsExact(const QString& path) {
    auto walker = HistoryWalker::start(syncline::test::openRepository(path), {});
    while (!walker->atEnd())
        walker->next(100);
    return walker->orderWasExact();
}

bool isTopological(const QStringList& order, const GitFixture& repo) {
    std::unordered_map<QString, int> position;
    for (int i = 0; i < order.size(); ++i)
        position[order[i]] = i;
    for (const QString& line :
         gitLines(repo, {QStringLiteral("rev-list"), QStringLiteral("--parents"), QStringLiteral("HEAD")})) {
        const QStringList ids = line.split(QLatin1Char(' '));
        for (int p = 1; p < ids.size(); ++p)
            if (position.at(ids[0]) > position.at(ids[p]))
                return false;
    }
    return true;
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linearHistoryMatchesGitLog() {
        GitFixture repo;
        for (int i = 0; i < 25; ++i) {
            repo.writeFile(QStringLiteral("file.txt"), QByteArray::number(i));
            repo.commitAll(QStringLiteral("commit %1").arg(i), 1700000000 + i);
        }
        QCOMPARE(walkAll(repo.path()), gitLines(repo, {QStringLiteral("log"), QStringLiteral("--format=%H")}));
    }

    void branchyHistoryMatchesGitDateOrder() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        const QStringList expected =
            gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H")});
        QCOMPARE(walkAll(repo.path()), expected);
        QCOMPARE(walkAll(repo.path(), {}, HistoryOrder::Exact), expected);
        QCOMPARE(walkAll(repo.path(), {}, HistoryOrder::Streaming, 2), expected); // paging changes nothing
    }

    void sameSecondCommitsStayTopological() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, true);
        const QStringList streamed = walkAll(repo.path());
        QStringList expected = gitLines(repo, {QStringLiteral("rev-list"), QStringLiteral("HEAD")});
        QCOMPARE(streamed.size(), expected.size());
        QVERIFY2(isTopological(streamed, repo), "a commit was listed after one of its parents");
        QVERIFY(isTopological(walkAll(repo.path(), {}, HistoryOrder::Exact), repo));
        QStringList sortedStreamed = streamed;
        sortedStreamed.sort();
        expected.sort();
        QCOMPARE(sortedStreamed, expected);
    }

    void clockSkewIsDetectedAndExactOrderFixesIt() {
        // P's clock ran ahead; its child X is only reached through an older side branch,
        // after P was already placed: a streamed walk cannot know, but must say so.
        GitFixture repo;
        repo.writeFile(QStringLiteral("a"), "1");
        repo.commitAll(QStringLiteral("R"), 1700000100);
        repo.writeFile(QStringLiteral("a"), "2");
        repo.commitAll(QStringLiteral("P, clock far ahead"), 1700001000);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("side")});
        repo.writeFile(QStringLiteral("b"), "1");
        repo.commitAll(QStringLiteral("X"), 1700000140);
        repo.writeFile(QStringLiteral("b"), "2");
        repo.commitAll(QStringLiteral("X'"), 1700000150);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        repo.writeFile(QStringLiteral("c"), "1");
        repo.commitAll(QStringLiteral("Y"), 1700000400);
        repo.gitAt(1700000500, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                                QStringLiteral("M"), QStringLiteral("side")});
        QVERIFY(!streamingIsExact(repo.path()));
        const QStringList exact = walkAll(repo.path(), {}, HistoryOrder::Exact);
        QVERIFY(isTopological(exact, repo));
        QCOMPARE(exact, gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H")}));
    }

    void pathFilterMatchesGitLogSimplification() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        for (const QString& path :
             {QStringLiteral("overlays/prod"), QStringLiteral("base"), QStringLiteral("base/app.yaml"),
              QStringLiteral("overlays/dev"), QStringLiteral("README.md"), QStringLiteral("missing/path")}) {
            HistoryQuery query;
            query.path = path;
            QCOMPARE(walkAll(repo.path(), query), gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"),
                                                                  QStringLiteral("--format=%H"), QStringLiteral("--"), path}));
        }
    }

    void textAndAuthorFiltersMatchGit() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        HistoryQuery byText;
        byText.text = QStringLiteral("PROD");
        QCOMPARE(walkAll(repo.path(), byText), gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"),
                                                               QStringLiteral("-i"), QStringLiteral("--fixed-strings"),
                                                               QStringLiteral("--grep=PROD"), QStringLiteral("--format=%H")}));
        HistoryQuery byAuthor;
        byAuthor.author = QStringLiteral("grace");
        QCOMPARE(walkAll(repo.path(), byAuthor),
                 gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("-i"),
                                 QStringLiteral("--author=grace"), QStringLiteral("--format=%H")}));
        HistoryQuery both;
        both.author = QStringLiteral("grace");
        both.path = QStringLiteral("overlays/prod");
        QCOMPARE(walkAll(repo.path(), both),
                 gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("-i"),
                                 QStringLiteral("--author=grace"), QStringLiteral("--format=%H"), QStringLiteral("--"),
                                 QStringLiteral("overlays/prod")}));
    }

    void allRefsIncludesOtherBranches() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("hotfix"),
                  QStringLiteral("HEAD~2")});
        repo.writeFile(QStringLiteral("hot"), "fix");
        repo.commitAll(QStringLiteral("hotfix"), 1700009999);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        HistoryQuery all;
        all.allRefs = true;
        QCOMPARE(walkAll(repo.path(), all), gitLines(repo, {QStringLiteral("log"), QStringLiteral("--date-order"),
                                                            QStringLiteral("--all"), QStringLiteral("--format=%H")}));
    }

    // The window keeps the repository open while the user commits and repacks in a
    // terminal: the next walk finds the objects in a pack written after it was opened.
    void objectsPackedAfterOpeningAreFound() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        repo.git({QStringLiteral("repack"), QStringLiteral("-q"), QStringLiteral("-a"), QStringLiteral("-d")});
        auto repository = syncline::test::openRepository(repo.path());
        const QStringList logArgs = {QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H")};
        QCOMPARE(walkRepository(repository), gitLines(repo, logArgs));

        repo.writeFile(QStringLiteral("overlays/prod/patch.yaml"), "replicas: 7\n");
        repo.commitAll(QStringLiteral("prod: seven replicas"), 1700001000);
        repo.git({QStringLiteral("repack"), QStringLiteral("-q"), QStringLiteral("-d")}); // a second pack, no loose objects
        QCOMPARE(walkRepository(repository), gitLines(repo, logArgs));
        HistoryQuery byPath;
        byPath.path = QStringLiteral("overlays/prod");
        QCOMPARE(walkRepository(repository, byPath),
                 gitLines(repo, logArgs + QStringList{QStringLiteral("--"), QStringLiteral("overlays/prod")}));
    }

    void graphLanesConnectRowToRow() {
        GitFixture repo;
        buildBranchyHistory(repo, 1700000000, false);
        auto walker = HistoryWalker::start(syncline::test::openRepository(repo.path()), {});
        QVERIFY(walker);
        auto page = walker->next(100);
        GraphLayout layout;
        const auto rows = layout.add(page.commits);
        QCOMPARE(rows.size(), page.commits.size());
        for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
            QSet<int> below, above;
            for (const auto& s : rows[i].lower)
                below.insert(s.to);
            for (const auto& s : rows[i + 1].upper)
                above.insert(s.from);
            QCOMPARE(below, above);
        }
        int merges = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].isMerge) {
                ++merges;
                QVERIFY(rows[i].lower.size() >= 2);
            }
        }
        QCOMPARE(merges, 1);
        QCOMPARE(rows.back().lower.size(), std::size_t(0)); // the root ends every lane
        int maxWidth = 0;
        for (const auto& row : rows)
            maxWidth = std::max(maxWidth, row.width);
        QCOMPARE(maxWidth, 2); // main and the feature branch side by side
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
