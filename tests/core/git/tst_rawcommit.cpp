#include "git/RawCommit.h"
#include "support/GitFixture.h"

#include <QStandardPaths>
#include <QTest>

using namespace syncline::git;

namespace {

// git's raw date ("1700000000 +0130") as seconds and a zone in minutes.
std::pair<qint64, int> gitRawDate(const QString& raw) {
    const QStringList parts = raw.split(QLatin1Char(' '));
    const int hhmm = parts.value(1).mid(1).toInt();
    const int minutes = hhmm / 100 * 60 + hhmm % 100;
    return {parts.value(0).toLongLong(), parts.value(1).startsWith(QLatin1Char('-')) ? -minutes : minutes};
}

} // namespace

class TestRawCommit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesHeadersAndMessage() {
        const QByteArray raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                               "parent 1111111111111111111111111111111111111111\n"
                               "parent 2222222222222222222222222222222222222222\n"
                               "author Ada Lovelace <ada@example.com> 1700000000 +0130\n"
                               "committer Grace Hopper <grace@example.com> 1700000100 -0500\n"
                               "gpgsig -----BEGIN PGP SIGNATURE-----\n"
                               " abc\n"
                               " -----END PGP SIGNATURE-----\n"
                               "\n"
                               "Bump api image to 1.4.2\n\nLonger body.\n";
        auto commit = RawCommit::parse(raw.constData(), std::size_t(raw.size()));
        QVERIFY(commit);
        QCOMPARE(commit->tree.toHex(), QStringLiteral("4b825dc642cb6eb9a060e54bf8d69288fbee4904"));
        QCOMPARE(commit->parents.size(), std::size_t(2));
        QCOMPARE(commit->parents[1].toHex(), QStringLiteral("2222222222222222222222222222222222222222"));
        QCOMPARE(commit->author.name, QStringLiteral("Ada Lovelace"));
        QCOMPARE(commit->author.email, QStringLiteral("ada@example.com"));
        QCOMPARE(commit->author.time, qint64(1700000000));
        QCOMPARE(commit->author.offsetMinutes, 90);
        QCOMPARE(commit->committer.offsetMinutes, -300);
        QCOMPARE(commit->committer.time, qint64(1700000100));
        QCOMPARE(commit->summary(), QStringLiteral("Bump api image to 1.4.2"));
        QCOMPARE(commit->fullMessage(), QStringLiteral("Bump api image to 1.4.2\n\nLonger body.\n"));
    }

    void decodesDeclaredEncoding() {
        QByteArray raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
                         "author Ren\xe9 <r@example.com> 1 +0000\n"
                         "committer Ren\xe9 <r@example.com> 1 +0000\n"
                         "encoding ISO-8859-1\n\n"
                         "Caf\xe9 menu\n";
        auto commit = RawCommit::parse(raw.constData(), std::size_t(raw.size()));
        QVERIFY(commit);
        QCOMPARE(commit->summary(), QStringLiteral("Caf\u00e9 menu"));
        QCOMPARE(commit->author.name, QStringLiteral("Ren\u00e9"));
    }

    // A hostile commit's date: what the history shows must be what `git log` shows, and
    // no digit count overflows (30 digits used to be signed overflow).
    void readsHostileDatesAsGitDoes_data() {
        QTest::addColumn<QByteArray>("date");
        QTest::newRow("ordinary") << QByteArray("1700000000 -0230");
        QTest::newRow("30 digits: the epoch") << QByteArray("999999999999999999999999999999 +0130");
        QTest::newRow("past time_t: the epoch") << QByteArray("9223372036854775808 +0100");
        QTest::newRow("year 5138") << QByteArray("99999999999 +0100");
        QTest::newRow("zone with letters") << QByteArray("1700000000 +01ab");
        QTest::newRow("zone without digits") << QByteArray("1700000000 +ab");
        QTest::newRow("zone without sign") << QByteArray("1700000000 0100");
        QTest::newRow("no zone") << QByteArray("1700000000");
        QTest::newRow("no date") << QByteArray("abc +0100");
        QTest::newRow("five-digit zone") << QByteArray("1700000000 +12345");
        QTest::newRow("one-digit zone") << QByteArray("1700000000 -7");
        QTest::newRow("overflowing zone") << QByteArray("1700000000 +99999999999999999999");
        QTest::newRow("tab before zone") << QByteArray("1700000000 \t+0100");
    }

    void readsHostileDatesAsGitDoes() {
        QFETCH(QByteArray, date);
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
            QSKIP("git is not installed: it is the reference for hostile dates");
        syncline::test::GitFixture repo;
        const QByteArray raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor Eve <eve@example.com> " + date +
                               "\ncommitter Eve <eve@example.com> " + date + "\n\nhostile date\n";
        const QString id = repo.git({QStringLiteral("hash-object"), QStringLiteral("-t"), QStringLiteral("commit"),
                                     QStringLiteral("--literally"), QStringLiteral("-w"), QStringLiteral("--stdin")},
                                    raw)
                               .trimmed();
        // `git log`'s Date line (show_ident_date), in raw form: seconds and zone.
        const QString shown = repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--date=raw"), id})
                                  .section(QStringLiteral("Date:"), 1)
                                  .section(QLatin1Char('\n'), 0, 0)
                                  .trimmed();
        const auto [seconds, minutes] = gitRawDate(shown);
        const auto commit = RawCommit::parse(raw.constData(), std::size_t(raw.size()));
        QVERIFY(commit);
        QCOMPARE(commit->author.time, seconds);
        QCOMPARE(commit->author.offsetMinutes, minutes);
        QCOMPARE(commit->committer.time, seconds);
    }

    void rejectsGarbage() {
        const QByteArray raw = "not a commit at all";
        QVERIFY(!RawCommit::parse(raw.constData(), std::size_t(raw.size())));
        const QByteArray badParent = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent xyz\n\nmsg";
        QVERIFY(!RawCommit::parse(badParent.constData(), std::size_t(badParent.size())));
    }
};

QTEST_GUILESS_MAIN(TestRawCommit)
#include "tst_rawcommit.moc"
