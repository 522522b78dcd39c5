#include "HistoryModel.h"
#include "support/SnapshotFixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace syncline;
using models::HistoryModel;
using test::fakeCommit;

namespace {

// c5 → c4 → c3 → c2 → c1 (c5 newest), plus a merge: c4 has a second parent s1 (a side branch).
std::vector<models::HistoryRow> chain() {
    std::vector<models::HistoryRow> rows;
    auto add = [&](const char* id, std::vector<git::ObjectId> parents, const char* summary) {
        models::HistoryRow row;
        row.commit.id = fakeCommit(id);
        row.commit.parents = std::move(parents);
        row.commit.summary = QString::fromLatin1(summary);
        row.commit.author.time = 1764326000;
        rows.push_back(std::move(row));
    };
    add("c5", {fakeCommit("c4")}, "bump web");
    add("c4", {fakeCommit("c3"), fakeCommit("s1")}, "Merge side");
    add("s1", {fakeCommit("c2")}, "side work");
    add("c3", {fakeCommit("c2")}, "promote(staging): from dev");
    add("c2", {fakeCommit("c1")}, "config change");
    add("c1", {}, "initial");
    return rows;
}

QStringList pending(const HistoryModel& model) {
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, 0).data(HistoryModel::InPendingRangeRole).toBool())
            rows << model.index(row, HistoryModel::SummaryColumn).data().toString();
    return rows;
}

} // namespace

class TestHistoryMarks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deployedCommitCarriesThePill() {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(false, QDateTime(QDate(2026, 11, 28), QTime(12, 0)).toSecsSinceEpoch());
        model.appendPage(chain(), true);

        auto staging = test::snapshot(QStringLiteral("staging"), 1);
        staging->deployed = reconcile::DeployedRevision{
            fakeCommit("c3"), QStringLiteral("promote(staging): from dev"), QDateTime(QDate(2026, 11, 28), QTime(10, 42)), {}};
        staging->targetRevision = fakeCommit("c3");
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applySnapshot(staging);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 3);
        QCOMPARE(model.index(3, HistoryModel::SummaryColumn).data(HistoryModel::EnvironmentsRole).toStringList(),
                 QStringList{QStringLiteral("staging ✓ since 10:42")});
        QVERIFY(model.index(0, 0).data(HistoryModel::EnvironmentsRole).toStringList().isEmpty());

        auto prod = test::snapshot(QStringLiteral("prod"), 1,
                                   {test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"),
                                                             QStringLiteral("shop-prod"), QStringLiteral("api")),
                                                   diff::ResourceState::Modified)});
        prod->deployed = reconcile::DeployedRevision{fakeCommit("c2"), {}, {}, {}};
        prod->targetRevision = fakeCommit("c5");
        model.applySnapshot(prod);
        QCOMPARE(model.index(4, HistoryModel::SummaryColumn).data(HistoryModel::EnvironmentsRole).toStringList(),
                 QStringList{QStringLiteral("prod")});
        const auto pills =
            model.index(4, 1).data(HistoryModel::EnvironmentPillsRole).value<std::vector<models::EnvironmentPill>>();
        QCOMPARE(pills.size(), std::size_t(1));
        QVERIFY(!pills[0].synced);
        QVERIFY(model.index(4, HistoryModel::SummaryColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("deployed to <b>prod</b>")));

        // Highlighting prod marks what it does not run yet: c5, c4, s1, c3 (not c2, c1).
        model.setHighlightedEnvironment(QStringLiteral("prod"));
        QCOMPARE(pending(model), (QStringList{QStringLiteral("bump web"), QStringLiteral("Merge side"),
                                              QStringLiteral("side work"), QStringLiteral("promote(staging): from dev")}));
        // staging runs its target: nothing pending.
        model.setHighlightedEnvironment(QStringLiteral("staging"));
        QVERIFY(pending(model).isEmpty());

        // prod moves on to c4: the pill moves, the range shrinks; marks survive a reload.
        model.setHighlightedEnvironment(QStringLiteral("prod"));
        prod = test::snapshot(QStringLiteral("prod"), 2);
        prod->deployed = reconcile::DeployedRevision{fakeCommit("c4"), {}, {}, {}};
        prod->targetRevision = fakeCommit("c5");
        model.applySnapshot(prod);
        QCOMPARE(model.index(1, 1).data(HistoryModel::EnvironmentsRole).toStringList(), QStringList{QStringLiteral("prod ✓")});
        QVERIFY(model.index(4, 1).data(HistoryModel::EnvironmentsRole).toStringList().isEmpty());
        QCOMPARE(pending(model), QStringList{QStringLiteral("bump web")});
        model.reset(false, QDateTime(QDate(2026, 11, 28), QTime(12, 0)).toSecsSinceEpoch());
        model.appendPage(chain(), true);
        QCOMPARE(model.index(1, 1).data(HistoryModel::EnvironmentsRole).toStringList(), QStringList{QStringLiteral("prod ✓")});
        QCOMPARE(pending(model), QStringList{QStringLiteral("bump web")});

        // Filtered lists have no parents to walk: the rows between target and deployed.
        model.reset(true, 0);
        auto rows = chain();
        rows.erase(rows.begin() + 2); // "side work" does not match the filter
        model.appendPage(std::move(rows), true);
        QCOMPARE(pending(model), QStringList{QStringLiteral("bump web")});
        model.clearEnvironmentMarks();
        QVERIFY(pending(model).isEmpty());
        QVERIFY(model.index(0, 1).data(HistoryModel::EnvironmentsRole).toStringList().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistoryMarks)
#include "tst_historymarks.moc"
