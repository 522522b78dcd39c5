// The commit-graph file speeds up history and never changes it: the same commits, order
// and parents as `git log`, with the file, without it, when it is stale and when it is
// damaged or hostile.
#include "git/CommitGraph.h"
#include "git/HistoryWalker.h"
#include "git/Repository.h"
#include "support/GitFixture.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QtEndian>

#include <map>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

const QStringList kPaths = {QStringLiteral("overlays/prod"), QStringLiteral("overlays/dev/kustomization.yaml"),
                            QStringLiteral("base"),          QStringLiteral("README.md"),
                            QStringLiteral("missing/path"),  QStringLiteral("überall/app.yaml"),
                            QStringLiteral("side/b")};

struct Walk {
    QStringList lines; // "<id> <parents> <summary>", like git log --format='%H %P %s'
    std::size_t objectsRead = 0;
};

Walk walk(const std::shared_ptr<const Repository>& repository, const QString& path = {}) {
    HistoryQuery query;
    query.path = path;
    auto walker = HistoryWalker::start(repository, std::move(query));
    if (!walker)
        qFatal("walk failed: %s", qPrintable(walker.error().toString()));
    Walk result;
    while (!walker->atEnd()) {
        HistoryPage page = walker->next(7);
        if (page.error)
            qFatal("page failed: %s", qPrintable(page.error->toString()));
        for (const auto& commit : page.commits) {
            QStringList parents;
            for (const ObjectId& parent : commit.parents)
                parents << parent.toHex();
            result.lines << commit.id.toHex() + QLatin1Char(' ') + parents.join(QLatin1Char(' ')) + QLatin1Char(' ') +
                                commit.summary;
        }
    }
    result.objectsRead = walker->objectsRead();
    return result;
}

// What git shows, read without any commit-graph so a damaged one cannot sway it.
QStringList gitLog(const GitFixture& repo, const QString& path = {}) {
    QStringList args = {QStringLiteral("-c"), QStringLiteral("core.commitGraph=false"), QStringLiteral("log"),
                        QStringLiteral("--date-order"), QStringLiteral("--format=%H %P %s")};
    if (!path.isEmpty())
        args << QStringLiteral("--") << path;
    return repo.git(args).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void commitChange(GitFixture& repo, const QString& file, int n, qint64 when) {
    repo.writeFile(file, "n: " + QByteArray::number(n) + "\n");
    repo.commitAll(QStringLiteral("change %1 in %2").arg(n).arg(file), when);
}

// Branches, a two-parent merge, an octopus merge (its parents go to the EDGE chunk), a
// non-ASCII path and plenty of commits that leave each path alone.
void buildHistory(GitFixture& repo, qint64 base) {
    const QStringList files = {QStringLiteral("base/app.yaml"), QStringLiteral("overlays/prod/patch.yaml"),
                               QStringLiteral("overlays/dev/kustomization.yaml"), QStringLiteral("README.md"),
                               QStringLiteral("überall/app.yaml")};
    qint64 when = base;
    for (int n = 0; n < 30; ++n)
        commitChange(repo, files[n % files.size()], n, when += 60);
    for (const QString& branch : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), branch, QStringLiteral("main")});
        when += 60;
        commitChange(repo, branch == QLatin1String("a") ? files[1] : QStringLiteral("side/") + branch + QStringLiteral("/one"),
                     int(when), when);
        when += 60;
        commitChange(repo, QStringLiteral("side/") + branch + QStringLiteral("/two"), int(when), when);
    }
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    commitChange(repo, files[0], 100, when += 60);
    repo.gitAt(when += 60, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                            QStringLiteral("Merge a"), QStringLiteral("a")});
    repo.gitAt(when += 60, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("Octopus"),
                            QStringLiteral("b"), QStringLiteral("c")});
    for (int n = 200; n < 220; ++n)
        commitChange(repo, files[n % files.size()], n, when += 60);
}

void writeGraph(const GitFixture& repo) {
    repo.git({QStringLiteral("commit-graph"), QStringLiteral("write"), QStringLiteral("--reachable"),
              QStringLiteral("--changed-paths")});
}

QString graphPath(const GitFixture& repo) { return repo.path() + QStringLiteral("/.git/objects/info/commit-graph"); }

std::map<QByteArray, quint64> chunkOffsets(const QByteArray& file) {
    std::map<QByteArray, quint64> offsets;
    const auto* data = reinterpret_cast<const uchar*>(file.constData());
    for (int i = 0; i < uchar(file[6]); ++i)
        offsets[file.mid(8 + 12 * i, 4)] = qFromBigEndian<quint64>(data + 8 + 12 * i + 4);
    return offsets;
}

void putWord(QByteArray& file, quint64 offset, quint32 value) {
    qToBigEndian(value, reinterpret_cast<uchar*>(file.data()) + offset);
}

enum class Damage {
    Truncated,
    BadSignature,
    ChunkOffsetPastEnd,
    ChunkCountPastTable,
    HugeFanout,
    DescendingFanout,
    ParentPastTheEnd,
    EdgeListPastTheEnd,
    ParentIsItself,
    BloomIndexPastTheEnd,
    BloomWithoutHashes,
};

void damage(QByteArray& file, Damage kind) {
    const auto chunks = chunkOffsets(file);
    const quint64 fanout = chunks.at("OIDF"), commitData = chunks.at("CDAT"), bloomIndex = chunks.at("BIDX");
    const quint32 count = qFromBigEndian<quint32>(file.constData() + fanout + 255 * 4);
    switch (kind) {
    case Damage::Truncated:
        file.truncate(file.size() / 2);
        break;
    case Damage::BadSignature:
        file[0] = 'X';
        break;
    case Damage::ChunkOffsetPastEnd:
        qToBigEndian(quint64(file.size()) + 4096, reinterpret_cast<uchar*>(file.data()) + 8 + 4);
        break;
    case Damage::ChunkCountPastTable:
        file[6] = char(200);
        break;
    case Damage::HugeFanout:
        for (int i = 128; i < 256; ++i)
            putWord(file, fanout + 4 * quint64(i), 0x6fffffff);
        break;
    case Damage::DescendingFanout:
        putWord(file, fanout + 4 * 10, count);
        putWord(file, fanout + 4 * 11, 0);
        break;
    case Damage::ParentPastTheEnd:
        for (quint32 i = 0; i < count; ++i)
            putWord(file, commitData + 36 * quint64(i) + 20, count + 5);
        break;
    case Damage::EdgeListPastTheEnd:
        for (quint32 i = 0; i < count; ++i)
            if (qFromBigEndian<quint32>(file.constData() + commitData + 36 * quint64(i) + 24) & 0x80000000u)
                putWord(file, commitData + 36 * quint64(i) + 24, 0x80000000u | 0x0fffffffu);
        break;
    case Damage::ParentIsItself: // a loop, in bounds: only generation numbers tell
        for (quint32 i = 0; i < count; ++i)
            if (qFromBigEndian<quint32>(file.constData() + commitData + 36 * quint64(i) + 20) != 0x70000000u)
                putWord(file, commitData + 36 * quint64(i) + 20, i);
        break;
    case Damage::BloomIndexPastTheEnd:
        putWord(file, bloomIndex, 0xfffffff0u);
        break;
    case Damage::BloomWithoutHashes:
        putWord(file, chunks.at("BDAT") + 4, 0);
        break;
    }
}

void replaceFile(const QString& path, const QByteArray& content) {
    QFile::remove(path); // git writes it read-only
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

Q_DECLARE_METATYPE(Damage)

class TestCommitGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void historyIsTheSameWithAndWithoutTheGraph() {
        GitFixture repo;
        buildHistory(repo, 1700000000);
        auto plain = syncline::test::openRepository(repo.path());
        QVERIFY(!plain->commitGraph());
        const Walk before = walk(plain);
        QCOMPARE(before.lines, gitLog(repo));

        writeGraph(repo);
        auto withGraph = syncline::test::openRepository(repo.path());
        QVERIFY2(withGraph->commitGraph(), "git's commit-graph was not accepted");
        QCOMPARE(walk(withGraph).lines, gitLog(repo));
        for (const QString& path : kPaths) {
            const QStringList expected = gitLog(repo, path);
            QCOMPARE(walk(plain, path).lines, expected);
            QCOMPARE(walk(withGraph, path).lines, expected);
        }
    }

    void changedPathFiltersSpareReadingUnrelatedCommits() {
        GitFixture repo;
        buildHistory(repo, 1700000000);
        const QString path = QStringLiteral("side/b"); // two commits of about sixty
        const Walk without = walk(syncline::test::openRepository(repo.path()), path);
        writeGraph(repo);
        const Walk with = walk(syncline::test::openRepository(repo.path()), path);
        QCOMPARE(with.lines, without.lines);
        // Without the graph every commit and its trees are read; with it, mostly the
        // commits shown and their trees (the filters answer "maybe" now and then).
        QVERIFY2(
            with.objectsRead * 4 < without.objectsRead,
            qPrintable(
                QStringLiteral("%1 objects read with the graph, %2 without").arg(with.objectsRead).arg(without.objectsRead)));
    }

    void staleGraphStillGivesTheWholeHistory() {
        GitFixture repo;
        buildHistory(repo, 1700000000);
        writeGraph(repo);
        qint64 when = 1800000000;
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("late")});
        commitChange(repo, QStringLiteral("overlays/prod/patch.yaml"), 900, when += 60);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        commitChange(repo, QStringLiteral("base/app.yaml"), 901, when += 60);
        repo.gitAt(when += 60, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                                QStringLiteral("Merge late"), QStringLiteral("late")});
        commitChange(repo, QStringLiteral("overlays/prod/patch.yaml"), 902, when += 60);

        auto repository = syncline::test::openRepository(repo.path());
        QVERIFY(repository->commitGraph());
        QCOMPARE(walk(repository).lines, gitLog(repo));
        for (const QString& path : kPaths)
            QCOMPARE(walk(repository, path).lines, gitLog(repo, path));
    }

    void damagedGraphIsIgnored_data() {
        QTest::addColumn<Damage>("kind");
        QTest::newRow("truncated") << Damage::Truncated;
        QTest::newRow("bad signature") << Damage::BadSignature;
        QTest::newRow("chunk offset past the end") << Damage::ChunkOffsetPastEnd;
        QTest::newRow("chunk count past the table") << Damage::ChunkCountPastTable;
        QTest::newRow("huge fanout") << Damage::HugeFanout;
        QTest::newRow("descending fanout") << Damage::DescendingFanout;
        QTest::newRow("parent past the end") << Damage::ParentPastTheEnd;
        QTest::newRow("octopus edge list past the end") << Damage::EdgeListPastTheEnd;
        QTest::newRow("commit is its own parent") << Damage::ParentIsItself;
        QTest::newRow("changed-path index past the end") << Damage::BloomIndexPastTheEnd;
        QTest::newRow("changed-path filters without hashes") << Damage::BloomWithoutHashes;
    }

    void damagedGraphIsIgnored() {
        QFETCH(Damage, kind);
        GitFixture repo;
        buildHistory(repo, 1700000000);
        std::map<QString, QStringList> expected;
        expected[QString()] = gitLog(repo);
        for (const QString& path : kPaths)
            expected[path] = gitLog(repo, path);
        writeGraph(repo);
        QFile file(graphPath(repo));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        file.close();
        damage(bytes, kind);
        replaceFile(graphPath(repo), bytes);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("commit-graph")));
        auto repository = syncline::test::openRepository(repo.path());
        for (const auto& [path, lines] : expected)
            QCOMPARE(walk(repository, path).lines, lines);
        QVERIFY2(!repository->commitGraph(), "a damaged commit-graph is still in use");
    }
};

QTEST_GUILESS_MAIN(TestCommitGraph)
#include "tst_commitgraph.moc"
