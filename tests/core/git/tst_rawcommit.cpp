#include "git/RawCommit.h"

#include <QTest>

using namespace syncline::git;

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

    void rejectsGarbage() {
        const QByteArray raw = "not a commit at all";
        QVERIFY(!RawCommit::parse(raw.constData(), std::size_t(raw.size())));
        const QByteArray badParent = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent xyz\n\nmsg";
        QVERIFY(!RawCommit::parse(badParent.constData(), std::size_t(badParent.size())));
    }
};

QTEST_GUILESS_MAIN(TestRawCommit)
#include "tst_rawcommit.moc"
