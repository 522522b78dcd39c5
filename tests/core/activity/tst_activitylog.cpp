// The activity log as the window and the command line share it: entries round-trip, the
// newest are kept when the file outgrows its bound, and a damaged or hostile file costs
// skipped lines, never the reader.
#include "activity/ActivityLog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::activity;

namespace {

ActivityEntry entry(int n, bool succeeded = true) {
    ActivityEntry made = ActivityEntry::now(QStringLiteral("sync"), QStringLiteral("Sync staging #%1").arg(n));
    made.succeeded = succeeded;
    made.result = QStringLiteral("Synced staging to 1a2b3c4: 3 applied");
    made.environment = QStringLiteral("staging");
    made.commit = QStringLiteral("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    made.cluster = QStringLiteral("https://127.0.0.1:6443");
    made.repository = QStringLiteral("/work/shop");
    return made;
}

void appendRaw(const QString& file, const QByteArray& bytes) {
    QFile out(file);
    QVERIFY(out.open(QIODevice::Append));
    out.write(bytes);
}

} // namespace

class TestActivityLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void entriesRoundTripInOrder() {
        QTemporaryDir dir;
        ActivityLog log(dir.filePath(QStringLiteral("sub/activity.jsonl")));
        QVERIFY(log.append(entry(1)));
        QVERIFY(log.append(entry(2, false)));
        auto read = log.read();
        QVERIFY(read);
        QCOMPARE(read->entries.size(), std::size_t(2));
        QCOMPARE(read->skipped, 0);
        const ActivityEntry& second = read->entries[1];
        QCOMPARE(second.what, QStringLiteral("Sync staging #2"));
        QVERIFY(!second.succeeded);
        QCOMPARE(second.kind, QStringLiteral("sync"));
        QCOMPARE(second.commit, entry(2).commit);
        QCOMPARE(second.cluster, entry(2).cluster);
        QCOMPARE(second.user, ActivityEntry::currentUser());
        QVERIFY(qAbs(second.time.secsTo(QDateTime::currentDateTimeUtc())) < 3600);
        auto newest = log.read(1);
        QVERIFY(newest);
        QCOMPARE(newest->entries.size(), std::size_t(1));
        QCOMPARE(newest->entries[0].what, QStringLiteral("Sync staging #2"));
    }

    void aMissingLogIsEmpty() {
        QTemporaryDir dir;
        auto read = ActivityLog(dir.filePath(QStringLiteral("none.jsonl"))).read();
        QVERIFY(read);
        QVERIFY(read->entries.empty());
    }

    void linesThatAreNotEntriesAreSkippedAndCounted() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("activity.jsonl"));
        ActivityLog log(file);
        QVERIFY(log.append(entry(1)));
        appendRaw(file, "not json\n");
        appendRaw(file, "{\"time\":\"yesterday\",\"kind\":\"sync\"}\n");
        appendRaw(file, "{\"time\":\"2026-12-04T10:00:00.000Z\",\"kind\":[\"sync\"]}\n");
        appendRaw(file, "{\"time\":\"2026-12-04T10:00:00.000Z\"}\n"); // no kind
        appendRaw(file, "[1,2,3]\n");
        const QByteArray huge(100'000, 'x');
        appendRaw(file, "{\"time\":\"2026-12-04T10:00:00.000Z\",\"kind\":\"sync\",\"what\":\"" + huge + "\"}\n");
        appendRaw(file, QByteArray(200'000, '[') + QByteArray(200'000, ']') + "\n"); // deep: skipped unparsed
        QVERIFY(log.append(entry(2)));
        auto read = log.read();
        QVERIFY(read);
        QCOMPARE(read->skipped, 6);
        QCOMPARE(read->entries.size(), std::size_t(3));
        QCOMPARE(read->entries[1].what.size(), qsizetype(ActivityEntry::kMaxFieldChars)); // cut, not refused
        QCOMPARE(read->entries[2].what, QStringLiteral("Sync staging #2"));
    }

    void pastItsBoundTheOldestHalfIsDropped() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("activity.jsonl"));
        constexpr qint64 kBound = 64 * 1024;
        ActivityLog log(file, kBound);
        const qint64 lineBytes = qint64(entry(0).toJson().dump().size()) + 1;
        const int count = int(kBound / lineBytes) + 10;
        for (int n = 0; n < count; ++n)
            QVERIFY(log.append(entry(n)));
        QVERIFY(QFile(file).size() <= kBound);
        auto read = log.read();
        QVERIFY(read);
        QCOMPARE(read->skipped, 0); // the cut happened at a line
        QVERIFY(read->entries.size() < std::size_t(count));
        QVERIFY(read->entries.size() > std::size_t(count / 3));
        QCOMPARE(read->entries.back().what, QStringLiteral("Sync staging #%1").arg(count - 1));
    }
};

QTEST_GUILESS_MAIN(TestActivityLog)
#include "tst_activitylog.moc"
