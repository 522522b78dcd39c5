#include "git/CommitDetails.h"
#include "git/Repository.h"
#include "support/GitFixture.h"

#include <QFile>
#include <QTest>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

ObjectId idOf(const QString& hex) { return *ObjectId::fromHex(hex.trimmed()); }

// Lines of a patch from the first hunk header on: the part git and libgit2 must agree on.
QString hunks(const QString& patch) {
    const auto at = patch.indexOf(QStringLiteral("\n@@"));
    return at < 0 ? QString() : patch.mid(at + 1);
}

} // namespace

class TestCommitDetails : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filesAndPatchesMatchGitShow() {
        GitFixture repo;
        QByteArray config;
        for (int i = 0; i < 40; ++i)
            config += "key" + QByteArray::number(i) + ": value" + QByteArray::number(i) + "\n";
        repo.writeFile(QStringLiteral("base/config.yaml"), config);
        repo.writeFile(QStringLiteral("base/old-name.yaml"), config + "extra: 1\n");
        repo.writeFile(QStringLiteral("gone.txt"), "bye\n");
        repo.commitAll(QStringLiteral("first"), 1700000000);
        QByteArray changed = config;
        changed.replace("value7", "seven").replace("value30", "thirty");
        repo.writeFile(QStringLiteral("base/config.yaml"), changed);
        repo.git({QStringLiteral("mv"), QStringLiteral("base/old-name.yaml"), QStringLiteral("base/new-name.yaml")});
        repo.writeFile(QStringLiteral("base/new-name.yaml"), config + "extra: 2\n");
        repo.removeFile(QStringLiteral("gone.txt"));
        repo.writeFile(QStringLiteral("logo.png"), QByteArrayLiteral("\x89PNG\r\n\x1a\n\0\0\0binary"));
        const QString head = repo.commitAll(QStringLiteral("second\n\nwith a body"), 1700000100);

        auto details = CommitDetails::load(*syncline::test::openRepository(repo.path()), idOf(head));
        QVERIFY2(details, qPrintable(details ? QString() : details.error().toString()));
        QCOMPARE(details->message, QStringLiteral("second\n\nwith a body\n"));
        QCOMPARE(details->parents.size(), std::size_t(1));
        QCOMPARE(details->author.time, qint64(1700000100));

        // git's view: status letters with rename detection, and numstat.
        QStringList ours, theirs;
        for (const FileChange& f : details->changes.files) {
            const char letter = "ADMRCT"[int(f.kind)];
            ours << (f.kind == FileChangeKind::Renamed ? QStringLiteral("R %1 %2").arg(f.oldPath, f.newPath)
                                                       : QStringLiteral("%1 %2").arg(QString(QLatin1Char(letter)), f.newPath));
            if (!f.binary) {
                QString numstat;
                repo.gitStatus({QStringLiteral("diff"), QStringLiteral("--numstat"), QStringLiteral("-M"),
                                QStringLiteral("HEAD~1"), QStringLiteral("HEAD"), QStringLiteral("--"), f.oldPath, f.newPath},
                               &numstat);
                QVERIFY2(numstat.startsWith(QStringLiteral("%1\t%2\t").arg(f.additions).arg(f.deletions)), qPrintable(numstat));
                QString gitPatch;
                repo.gitStatus({QStringLiteral("diff"), QStringLiteral("-M"), QStringLiteral("HEAD~1"), QStringLiteral("HEAD"),
                                QStringLiteral("--"), f.oldPath, f.newPath},
                               &gitPatch);
                QCOMPARE(hunks(f.patch), hunks(gitPatch));
            } else {
                QVERIFY(f.patch.isEmpty());
            }
        }
        for (const QString& line : repo.git({QStringLiteral("show"), QStringLiteral("-M"), QStringLiteral("--name-status"),
                                             QStringLiteral("--format=")})
                                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            QStringList parts = line.split(QLatin1Char('\t'));
            theirs << (parts[0].startsWith(QLatin1Char('R')) ? QStringLiteral("R %1 %2").arg(parts[1], parts[2])
                                                             : parts[0] + QLatin1Char(' ') + parts[1]);
        }
        ours.sort();
        theirs.sort();
        QCOMPARE(ours, theirs);
        bool sawBinary = false;
        for (const FileChange& f : details->changes.files)
            sawBinary |= f.newPath == QLatin1String("logo.png") && f.binary;
        QVERIFY(sawBinary);
    }

    void rootAndMergeCommits() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("a.txt"), "a\n");
        const QString root = repo.commitAll(QStringLiteral("root"), 1700000000);
        auto rootDetails = CommitDetails::load(*syncline::test::openRepository(repo.path()), idOf(root));
        QVERIFY(rootDetails);
        QCOMPARE(rootDetails->changes.files.size(), std::size_t(1));
        QCOMPARE(rootDetails->changes.files[0].kind, FileChangeKind::Added);

        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("side")});
        repo.writeFile(QStringLiteral("b.txt"), "b\n");
        repo.commitAll(QStringLiteral("side"), 1700000100);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        repo.writeFile(QStringLiteral("c.txt"), "c\n");
        repo.commitAll(QStringLiteral("main"), 1700000200);
        repo.gitAt(1700000300, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                                QStringLiteral("merge"), QStringLiteral("side")});
        const QString merge = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        auto mergeDetails = CommitDetails::load(*syncline::test::openRepository(repo.path()), idOf(merge));
        QVERIFY(mergeDetails);
        QCOMPARE(mergeDetails->parents.size(), std::size_t(2));
        // Against the first parent, like `git diff HEAD^1 HEAD`.
        QCOMPARE(mergeDetails->changes.files.size(), std::size_t(1));
        QCOMPARE(mergeDetails->changes.files[0].newPath, QStringLiteral("b.txt"));
    }

    void nonUtf8PathsAndMessagesAreShown() {
        GitFixture repo;
        const QString latinName = QString::fromLatin1("caf\xe9.txt");
        QFile file(repo.path() + QStringLiteral("/") + QString::fromLatin1("x"));
        // Write a file whose name is the Latin-1 byte 0xE9, not UTF-8.
        const QByteArray rawName = repo.path().toUtf8() + "/caf\xe9.txt";
        FILE* f = std::fopen(rawName.constData(), "wb");
        QVERIFY(f);
        std::fputs("menu\n", f);
        std::fclose(f);
        repo.git({QStringLiteral("add"), QStringLiteral("-A")});
        repo.git({QStringLiteral("-c"), QStringLiteral("i18n.commitEncoding=ISO-8859-1"), QStringLiteral("commit"),
                  QStringLiteral("-q"), QStringLiteral("-F"), QStringLiteral("-")},
                 QByteArray("Caf\xe9 au lait\n"));
        const QString head = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        auto details = CommitDetails::load(*syncline::test::openRepository(repo.path()), idOf(head));
        QVERIFY(details);
        QCOMPARE(details->message, QStringLiteral("Caf\u00e9 au lait\n"));
        QCOMPARE(details->changes.files.size(), std::size_t(1));
        QCOMPARE(details->changes.files[0].newPath, latinName); // every byte visible, nothing lost
    }

    void oneGigabyteBlobIsListedNotLoaded() {
        GitFixture repo;
        repo.git({QStringLiteral("config"), QStringLiteral("core.compression"), QStringLiteral("1")});
        repo.writeFile(QStringLiteral("small.txt"), "x\n");
        repo.commitAll(QStringLiteral("before"), 1700000000);
        {
            QFile big(repo.filePath(QStringLiteral("disk.img")));
            QVERIFY(big.open(QIODevice::WriteOnly));
            QVERIFY(big.resize(qint64(1) << 30)); // sparse: 1 GiB of zeros
        }
        repo.removeFile(QStringLiteral("small.txt"));
        const QString head = repo.commitAll(QStringLiteral("add a disk image"), 1700000100);
        QFile::remove(repo.filePath(QStringLiteral("disk.img")));
        auto details = CommitDetails::load(*syncline::test::openRepository(repo.path()), idOf(head));
        QVERIFY2(details, qPrintable(details ? QString() : details.error().toString()));
        const FileChange* image = nullptr;
        for (const FileChange& f : details->changes.files)
            if (f.newPath == QLatin1String("disk.img"))
                image = &f;
        QVERIFY(image);
        QVERIFY(image->tooLarge);
        QVERIFY(image->binary);
        QCOMPARE(image->newSize, qint64(1) << 30);
        QVERIFY(image->patch.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCommitDetails)
#include "tst_commitdetails.moc"
