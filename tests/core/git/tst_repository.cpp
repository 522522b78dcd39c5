// Bad input: each case gives a clear message or is shown correctly, never a crash.
#include "git/HistoryWalker.h"
#include "git/LocalChanges.h"
#include "git/Repository.h"
#include "support/GitFixture.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

int countCommits(const QString& path, std::optional<util::Error>* error = nullptr) {
    auto walker = HistoryWalker::start(syncline::test::openRepository(path), {});
    if (!walker)
        qFatal("start failed: %s", qPrintable(walker.error().toString()));
    int n = 0;
    while (!walker->atEnd()) {
        auto page = walker->next(100);
        n += int(page.commits.size());
        if (page.error) {
            if (error)
                *error = page.error;
            break;
        }
    }
    return n;
}

void makeHistory(GitFixture& repo, int count) {
    for (int i = 0; i < count; ++i) {
        repo.writeFile(QStringLiteral("f.txt"), QByteArray::number(i));
        repo.commitAll(QStringLiteral("c%1").arg(i), 1700000000 + i * 10);
    }
}

} // namespace

class TestRepository : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void notARepositoryNamesThePath() {
        QTemporaryDir dir;
        auto repo = Repository::open(dir.path());
        QVERIFY(!repo);
        QCOMPARE(repo.error().code, util::ErrorCode::NotARepository);
        QVERIFY(repo.error().toString().contains(dir.path()));
        QVERIFY(repo.error().toString().contains(QStringLiteral("not a Git repository")));
        auto missing = Repository::open(dir.path() + QStringLiteral("/nope"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, util::ErrorCode::NotFound);
    }

    void opensFromASubfolder() {
        GitFixture repo;
        makeHistory(repo, 2);
        QDir().mkpath(repo.filePath(QStringLiteral("deep/er")));
        auto opened = Repository::open(repo.filePath(QStringLiteral("deep/er")));
        QVERIFY(opened);
        QCOMPARE(QDir(opened->workDir()).canonicalPath(), QDir(repo.path()).canonicalPath());
    }

    void emptyRepositoryHasNoCommitsAndNoError() {
        GitFixture repo;
        auto shared = syncline::test::openRepository(repo.path());
        QVERIFY(shared->isEmpty());
        auto head = shared->head();
        QVERIFY(head);
        QVERIFY(head->unborn);
        QCOMPARE(head->branch, QStringLiteral("main"));
        QCOMPARE(countCommits(repo.path()), 0);
        auto local = LocalChanges::load(*shared);
        QVERIFY(local);
    }

    void bareRepositoryWalksAndHasNoWorkTree() {
        GitFixture repo;
        makeHistory(repo, 5);
        QTemporaryDir bare;
        repo.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), repo.path(),
                  bare.path() + QStringLiteral("/b.git")});
        auto shared = syncline::test::openRepository(bare.path() + QStringLiteral("/b.git"));
        QVERIFY(shared->isBare());
        QVERIFY(shared->workDir().isEmpty());
        QCOMPARE(countCommits(bare.path() + QStringLiteral("/b.git")), 5);
        auto local = LocalChanges::load(*shared);
        QVERIFY(local);
        QVERIFY(local->bare);
        QVERIFY(local->files.empty());
    }

    void shallowCloneStopsAtTheBoundary() {
        GitFixture repo;
        makeHistory(repo, 10);
        QTemporaryDir dir;
        const QString clone = dir.path() + QStringLiteral("/shallow");
        repo.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--depth"), QStringLiteral("3"),
                  QStringLiteral("file://") + repo.path(), clone});
        auto shared = syncline::test::openRepository(clone);
        QVERIFY(shared->isShallow());
        auto walker = HistoryWalker::start(shared, {});
        QVERIFY(walker);
        auto page = walker->next(100);
        QVERIFY(!page.error);
        QCOMPARE(page.commits.size(), std::size_t(3));
        QVERIFY(walker->reachedShallowBoundary());
        QVERIFY(walker->atEnd());
    }

    void detachedHeadIsReported() {
        GitFixture repo;
        makeHistory(repo, 4);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach"), QStringLiteral("HEAD~1")});
        auto shared = syncline::test::openRepository(repo.path());
        auto head = shared->head();
        QVERIFY(head);
        QVERIFY(head->detached);
        QVERIFY(head->branch.isEmpty());
        QCOMPARE(head->commit->toHex(), repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed());
        QCOMPARE(countCommits(repo.path()), 3);
        auto local = LocalChanges::load(*shared);
        QVERIFY(local);
        QVERIFY(local->detached);
        QVERIFY(local->upstream.isEmpty());
    }

    void corruptObjectStopsTheWalkWithItsId() {
        GitFixture repo;
        makeHistory(repo, 6);
        const QString victim = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~3")}).trimmed();
        const QString objectFile = repo.filePath(QStringLiteral(".git/objects/%1/%2").arg(victim.left(2), victim.mid(2)));
        QFile file(objectFile);
        QVERIFY(file.exists());
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("this is not zlib data");
        file.close();
        std::optional<util::Error> error;
        const int seen = countCommits(repo.path(), &error);
        QVERIFY(error.has_value());
        QVERIFY2(error->toString().contains(victim), qPrintable(error->toString()));
        QCOMPARE(seen, 3); // everything newer than the broken commit is still listed
    }

    void unknownRevisionIsAClearError() {
        GitFixture repo;
        makeHistory(repo, 1);
        HistoryQuery query;
        query.revisions = {QStringLiteral("no-such-branch")};
        auto walker = HistoryWalker::start(syncline::test::openRepository(repo.path()), query);
        QVERIFY(!walker);
        QVERIFY(walker.error().toString().contains(QStringLiteral("no-such-branch")));
    }

    void localChangesMatchGitStatus() {
        GitFixture upstream;
        makeHistory(upstream, 3);
        QTemporaryDir dir;
        const QString clonePath = dir.path() + QStringLiteral("/clone");
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), upstream.path(), clonePath});
        GitFixture clone(clonePath);
        clone.writeFile(QStringLiteral("f.txt"), "local edit");
        clone.commitAll(QStringLiteral("unpushed one"), 1700001000);
        clone.writeFile(QStringLiteral("g.txt"), "g");
        clone.commitAll(QStringLiteral("unpushed two"), 1700001010);
        clone.writeFile(QStringLiteral("f.txt"), "uncommitted");
        clone.writeFile(QStringLiteral("new.txt"), "untracked");
        clone.writeFile(QStringLiteral("staged.txt"), "staged");
        clone.git({QStringLiteral("add"), QStringLiteral("staged.txt")});
        clone.git({QStringLiteral("rm"), QStringLiteral("-q"), QStringLiteral("g.txt")});

        auto local = LocalChanges::load(*syncline::test::openRepository(clonePath));
        QVERIFY(local);
        QCOMPARE(local->branch, QStringLiteral("main"));
        QCOMPARE(local->upstream, QStringLiteral("origin/main"));
        QCOMPARE(
            local->ahead,
            clone.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("@{u}..HEAD")}).trimmed().toInt());
        QCOMPARE(local->behind, 0);
        QCOMPARE(local->unpushed.size(), std::size_t(2));
        QCOMPARE(local->unpushed[0].summary, QStringLiteral("unpushed two"));

        QStringList ours, theirs;
        for (const StatusEntry& e : local->files)
            ours << QStringLiteral("%1%2 %3").arg(QString(QLatin1Char(e.index)), QString(QLatin1Char(e.workTree)), e.path);
        for (const QString& line :
             clone.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            theirs << (line.startsWith(QStringLiteral("??")) ? QStringLiteral("?? ") + line.mid(3) : line);
        ours.sort();
        theirs.sort();
        QCOMPARE(ours, theirs);
    }
};

QTEST_GUILESS_MAIN(TestRepository)
#include "tst_repository.moc"
