// Drift notices as the window raises them (message bar, desktop notification): once when
// an environment that matched Git starts to differ while Git stayed where it was — never
// for a first read, a new commit, an error, or again while the drift lasts.
#include "DriftNotices.h"
#include "support/SnapshotFixtures.h"

#include <QTest>

using namespace syncline;
using diff::ResourceState;

namespace {

std::shared_ptr<reconcile::EnvironmentSnapshot> read(const QString& target, quint64 sequence, std::vector<ResourceState> states) {
    std::vector<reconcile::ResourceStatus> resources;
    int n = 0;
    for (ResourceState state : states)
        resources.push_back(test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"),
                                                     QStringLiteral("d%1").arg(n++)),
                                           state));
    auto snapshot = test::snapshot(QStringLiteral("staging"), sequence, std::move(resources));
    snapshot->targetRevision = test::fakeCommit(target.toUtf8());
    return snapshot;
}

} // namespace

class TestDriftNotices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void driftIsNoticedOnceWhenTheClusterMovesAwayFromGit() {
        models::DriftNotices notices;
        QVERIFY(!notices.feed(read(QStringLiteral("a"), 1, {ResourceState::Same, ResourceState::Same})));
        const auto drift = notices.feed(read(QStringLiteral("a"), 2, {ResourceState::Modified, ResourceState::Same}));
        QVERIFY(drift);
        QCOMPARE(*drift, QStringLiteral("Drift on staging: 1 Modified — changed on the cluster, not in Git"));
        // Still drifted, or more of it: said once.
        QVERIFY(!notices.feed(read(QStringLiteral("a"), 3, {ResourceState::Modified, ResourceState::Missing})));
        // Back in sync, then drifted again: said again.
        QVERIFY(!notices.feed(read(QStringLiteral("a"), 4, {ResourceState::Same, ResourceState::Same})));
        QVERIFY(notices.feed(read(QStringLiteral("a"), 5, {ResourceState::Same, ResourceState::Missing})));
    }

    void aFirstReadANewCommitOrAnErrorIsNotDrift() {
        models::DriftNotices notices;
        QVERIFY(!notices.feed(read(QStringLiteral("a"), 1, {ResourceState::Modified}))); // first read
        QVERIFY(!notices.feed(read(QStringLiteral("a"), 2, {ResourceState::Same})));
        QVERIFY(!notices.feed(read(QStringLiteral("b"), 3, {ResourceState::Modified}))); // Git moved: pending, not drift
        auto failed = read(QStringLiteral("b"), 4, {ResourceState::Missing});
        failed->error = util::makeError(util::ErrorCode::Network, QStringLiteral("connection refused"));
        QVERIFY(!notices.feed(failed));
        // An Extra object Syncline does not own is not drift either.
        auto extra = read(QStringLiteral("c"), 5, {});
        QVERIFY(!notices.feed(extra));
        auto foreign = read(QStringLiteral("c"), 6, {});
        auto resources = foreign->resources;
        resources.push_back(
            test::resource(test::key(QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop"), QStringLiteral("theirs")),
                           ResourceState::Extra, health::Health::Healthy, false));
        auto withForeign = test::snapshot(QStringLiteral("staging"), 7, resources);
        withForeign->targetRevision = test::fakeCommit("c");
        QCOMPARE(withForeign->sync, health::SyncStatus::OutOfSync); // it shows, but is not drift
        QVERIFY(!notices.feed(withForeign));
    }
};

QTEST_GUILESS_MAIN(TestDriftNotices)
#include "tst_driftnotices.moc"
