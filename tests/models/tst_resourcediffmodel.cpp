#include "ResourceDiffModel.h"
#include "support/SnapshotFixtures.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace syncline;
using diff::ResourceState;
using models::ResourceDiffModel;
using test::key;
using test::resource;

namespace {

manifest::ResourceKey deployment(const QString& name) {
    return key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-dev"), name);
}
manifest::ResourceKey service(const QString& name) {
    return key(QString(), QStringLiteral("Service"), QStringLiteral("shop-dev"), name);
}

QStringList keys(const ResourceDiffModel& model) {
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.index(row, 0).data().toString();
    return list;
}

std::vector<reconcile::ResourceStatus> firstResources() {
    return {resource(deployment(QStringLiteral("api")), ResourceState::Modified, health::Health::Degraded),
            resource(deployment(QStringLiteral("web")), ResourceState::Modified),
            resource(deployment(QStringLiteral("worker")), ResourceState::Same),
            resource(service(QStringLiteral("api")), ResourceState::Missing, health::Health::Missing),
            resource(service(QStringLiteral("old")), ResourceState::Extra, health::Health::Healthy, true)};
}

} // namespace

class TestResourceDiffModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsWhatDiffers() {
        ResourceDiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(test::snapshot(QStringLiteral("dev"), 1, firstResources()));
        QCOMPARE(keys(model),
                 (QStringList{QStringLiteral("Service shop-dev/api"), QStringLiteral("Service shop-dev/old"),
                              QStringLiteral("apps/Deployment shop-dev/api"), QStringLiteral("apps/Deployment shop-dev/web")}));
        QCOMPARE(model.countsText(), QStringLiteral("2 Modified · 1 Missing · 1 Extra"));
        const int api = model.rowOf(deployment(QStringLiteral("api")));
        QCOMPARE(model.index(api, ResourceDiffModel::StateColumn).data().toString(), QStringLiteral("Modified"));
        QCOMPARE(model.index(api, ResourceDiffModel::HealthColumn).data().toString(), QStringLiteral("Degraded"));
        QCOMPARE(model.index(api, 0).data(ResourceDiffModel::StateRole).toInt(), int(ResourceState::Modified));
        QCOMPARE(model.index(model.rowOf(service(QStringLiteral("old"))), ResourceDiffModel::StateColumn).data().toString(),
                 QStringLiteral("Extra (prune)"));
        QVERIFY(model.index(0, 0).flags() & Qt::ItemIsUserCheckable);

        model.setShowSame(true);
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(model.rowOf(deployment(QStringLiteral("worker"))) >= 0);
        model.setShowSame(false);
        QCOMPARE(model.rowCount(), 4);
    }

    void newerSnapshotUpdatesInPlace() {
        ResourceDiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(test::snapshot(QStringLiteral("dev"), 1, firstResources()));
        QItemSelectionModel selection(&model);
        const QModelIndex web = model.index(model.rowOf(deployment(QStringLiteral("web"))), 0);
        selection.setCurrentIndex(web, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QPersistentModelIndex webKept(web);
        const QPersistentModelIndex apiKept(model.index(model.rowOf(deployment(QStringLiteral("api"))), 0));
        QVERIFY(model.setData(webKept, Qt::Checked, Qt::CheckStateRole));
        model.setChecked(service(QStringLiteral("old")), true);
        QCOMPARE(model.checkedKeys().size(), std::size_t(2));

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // api synced (now Same, hidden), old pruned (gone), a new ConfigMap Missing, web healthier.
        model.setSnapshot(test::snapshot(
            QStringLiteral("dev"), 2,
            {resource(deployment(QStringLiteral("api")), ResourceState::Same),
             resource(deployment(QStringLiteral("web")), ResourceState::Modified, health::Health::Progressing),
             resource(deployment(QStringLiteral("worker")), ResourceState::Same),
             resource(key(QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("cfg")),
                      ResourceState::Missing, health::Health::Missing),
             resource(service(QStringLiteral("api")), ResourceState::Missing, health::Health::Missing)}));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1); // Service old and Deployment api are neighbours: one run
        QCOMPARE(changed.count(), 1); // web; Service api reads the same
        QCOMPARE(keys(model), (QStringList{QStringLiteral("ConfigMap shop-dev/cfg"), QStringLiteral("Service shop-dev/api"),
                                           QStringLiteral("apps/Deployment shop-dev/web")}));
        QVERIFY(webKept.isValid());
        QCOMPARE(webKept.row(), 2);
        QVERIFY(!apiKept.isValid());
        QVERIFY(selection.isRowSelected(2, {}));
        QCOMPARE(selection.currentIndex().row(), 2);
        QCOMPARE(model.index(2, ResourceDiffModel::HealthColumn).data().toString(), QStringLiteral("Progressing"));
        // The checked key that is still listed survives; the pruned one is gone.
        QCOMPARE(model.checkedKeys(), std::vector<manifest::ResourceKey>{deployment(QStringLiteral("web"))});
        QCOMPARE(webKept.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.countsText(), QStringLiteral("1 Modified · 2 Missing"));

        // Another environment starts over.
        model.setSnapshot(test::snapshot(QStringLiteral("prod"), 1, firstResources()));
        QCOMPARE(reset.count(), 1);
        QVERIFY(model.checkedKeys().empty());
        model.setAllChecked(true);
        QCOMPARE(model.checkedKeys().size(), std::size_t(4));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void inSyncSaysSo() {
        auto snap = test::snapshot(QStringLiteral("dev"), 1, {resource(deployment(QStringLiteral("api")), ResourceState::Same)});
        QCOMPARE(ResourceDiffModel::countsText(*snap), QStringLiteral("In sync: 1 resource(s) match Git"));
    }
};

QTEST_GUILESS_MAIN(TestResourceDiffModel)
#include "tst_resourcediffmodel.moc"
