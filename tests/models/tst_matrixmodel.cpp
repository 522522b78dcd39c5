// The environment matrix as the window reads it: applications down, environments across in
// promotion order, each cell what a cluster runs; snapshots change cells in place.

#include "MatrixModel.h"
#include "support/SnapshotFixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace syncline;
using models::MatrixModel;

namespace {

// `applications` in `places` (listed prod first: the columns must follow the promotion
// order, not the listing), with "sandbox" outside the promotion order; `skip` is one
// application/place pair that is not deployed.
workspace::WorkspaceConfig applicationsIn(const QStringList& applications, const QStringList& places,
                                          const QStringList& promotion, const QString& skip = {}) {
    workspace::WorkspaceConfig config;
    for (const QString& place : places) {
        workspace::Place entry;
        entry.name = place;
        entry.cluster.context = QStringLiteral("kind-") + place;
        config.places.push_back(entry);
    }
    config.promotionOrder = promotion;
    for (const QString& application : applications)
        for (const QString& place : places) {
            workspace::Environment unit;
            unit.application = application;
            unit.place = place;
            unit.name = application + QLatin1Char('-') + place;
            if (unit.name == skip)
                continue;
            unit.path = QStringLiteral("apps/%1/%2").arg(application, place);
            unit.cluster.context = QStringLiteral("kind-") + place;
            config.environments.push_back(unit);
        }
    config.arrangeApplications();
    return config;
}

workspace::WorkspaceConfig webAndApi() {
    return applicationsIn({QStringLiteral("web"), QStringLiteral("api")},
                          {QStringLiteral("prod"), QStringLiteral("sandbox"), QStringLiteral("dev"), QStringLiteral("staging")},
                          {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}, QStringLiteral("api-dev"));
}

// A Deployment whose live object runs `image` (Modified: the snapshot keeps its body).
reconcile::ResourceStatus deploymentRunning(const QString& name, const QString& image) {
    auto status = test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"), name),
                                 diff::ResourceState::Modified);
    auto& live = *status.diff.right;
    live["metadata"]["labels"]["helm.sh/chart"] = "shop-1.4.2";
    live["spec"]["template"]["spec"]["containers"] =
        nlohmann::ordered_json::array({{{"name", name.toStdString()}, {"image", image.toStdString()}}});
    return status;
}

// `unit` running revision `seed` (and `image`, when given).
reconcile::SnapshotPtr running(const QString& unit, quint64 sequence, const QByteArray& seed, const QString& image = {}) {
    std::vector<reconcile::ResourceStatus> resources;
    if (!image.isEmpty())
        resources.push_back(deploymentRunning(unit, image));
    auto snap = test::snapshot(unit, sequence, std::move(resources));
    snap->deployed = reconcile::DeployedRevision{test::fakeCommit(seed), QStringLiteral("release ") + QString::fromLatin1(seed),
                                                 snap->takenAt, QStringLiteral("ci"), std::nullopt};
    return snap;
}

QVariant at(const MatrixModel& model, const QString& unit, int role) { return model.indexOf(unit).data(role); }

} // namespace

class TestMatrixModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAreApplicationsAndColumnsFollowThePromotionOrder() {
        MatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(webAndApi());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 4);
        QStringList columns;
        for (int column = 0; column < model.columnCount(); ++column)
            columns << model.headerData(column, Qt::Horizontal).toString();
        QCOMPARE(columns, (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod"),
                                       QStringLiteral("sandbox")}));
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("web"));
        QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QStringLiteral("api"));
        QCOMPARE(model.indexOf(QStringLiteral("web-staging")), model.index(0, 1));
        QCOMPARE(model.unitAt(model.index(1, 2)), QStringLiteral("api-prod"));
        // api is not deployed to dev: an empty cell nobody can select.
        const QModelIndex missing = model.index(1, 0);
        QVERIFY(!missing.data(MatrixModel::PresentRole).toBool());
        QVERIFY(missing.data(Qt::DisplayRole).toString().isEmpty());
        QCOMPARE(model.flags(missing), Qt::NoItemFlags);
        QVERIFY(!model.indexOf(QStringLiteral("api-dev")).isValid());
        // Before any snapshot, a cell says so instead of claiming anything.
        QCOMPARE(at(model, QStringLiteral("web-dev"), Qt::DisplayRole).toString(), QStringLiteral("not read yet"));
        QCOMPARE(at(model, QStringLiteral("web-dev"), MatrixModel::SyncTextRole).toString(), QStringLiteral("Unknown"));
    }

    // Version 1 has no applications: its environments are one application promoted along
    // them, one row named after the repository — so "staging lags dev" shows in it.
    void aVersion1WorkspaceIsOneRow() {
        MatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(test::threeEnvironments(), QStringLiteral("shop"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("shop"));
        QCOMPARE(model.indexOf(QStringLiteral("prod")), model.index(0, 2));
        model.applySnapshot(running(QStringLiteral("dev"), 1, "new"));
        model.applySnapshot(running(QStringLiteral("staging"), 1, "old"));
        model.applySnapshot(running(QStringLiteral("prod"), 1, "old"));
        QVERIFY(at(model, QStringLiteral("staging"), MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(!at(model, QStringLiteral("prod"), MatrixModel::DiffersFromLeftRole).toBool());
    }

    void aCellShowsWhatItsClusterRuns() {
        MatrixModel model;
        model.setEnvironments(webAndApi());
        model.applySnapshot(running(QStringLiteral("web-staging"), 1, "b", QStringLiteral("registry.example/web:1.4.2")));
        const QString unit = QStringLiteral("web-staging");
        const QString full = test::fakeCommit("b").toHex();
        QCOMPARE(at(model, unit, MatrixModel::UnitRole).toString(), unit);
        QCOMPARE(at(model, unit, MatrixModel::RevisionRole).toString(), full);
        QCOMPARE(at(model, unit, MatrixModel::ShortRevisionRole).toString(), full.left(7));
        QCOMPARE(at(model, unit, MatrixModel::ImagesRole).toStringList(),
                 QStringList{QStringLiteral("registry.example/web:1.4.2")});
        QCOMPARE(at(model, unit, MatrixModel::ChartsRole).toStringList(), QStringList{QStringLiteral("shop-1.4.2")});
        QCOMPARE(at(model, unit, MatrixModel::SyncTextRole).toString(), QStringLiteral("OutOfSync"));
        QCOMPARE(at(model, unit, MatrixModel::HealthTextRole).toString(), QStringLiteral("Healthy"));
        QCOMPARE(at(model, unit, MatrixModel::DriftedRole).toInt(), 1);
        const QString text = at(model, unit, Qt::DisplayRole).toString();
        QVERIFY2(text.contains(QStringLiteral("OutOfSync")) && text.contains(QStringLiteral("1 drifted")), qPrintable(text));
        const QString tip = at(model, unit, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(full) && tip.contains(QStringLiteral("registry.example/web:1.4.2")) &&
                     tip.contains(QStringLiteral("release b")),
                 qPrintable(tip));
    }

    // A cluster's objects are hostile: thousands of containers, huge image strings, deep
    // nesting. A cell keeps a bounded, readable list and never recurses without end.
    void whatRunsIsBoundedAgainstHostileObjects() {
        auto status = deploymentRunning(QStringLiteral("web-prod"), QStringLiteral("web:1"));
        auto& containers = (*status.diff.right)["spec"]["template"]["spec"]["containers"];
        for (int i = 0; i < 500; ++i)
            containers.push_back({{"name", "c" + std::to_string(i)}, {"image", "img:" + std::to_string(i)}});
        containers.push_back({{"name", "long"}, {"image", std::string(100'000, 'x')}});
        containers.push_back({{"name", "number"}, {"image", 42}});
        nlohmann::ordered_json deep = {{"containers", nlohmann::ordered_json::array({{{"image", "too-deep:1"}}})}};
        for (int i = 0; i < 500; ++i)
            deep = {{"nested", deep}};
        (*status.diff.right)["spec"]["deep"] = deep;
        auto snap = test::snapshot(QStringLiteral("web-prod"), 1, {status});
        MatrixModel model;
        model.setEnvironments(webAndApi());
        model.applySnapshot(snap);
        const QStringList images = at(model, QStringLiteral("web-prod"), MatrixModel::ImagesRole).toStringList();
        QCOMPARE(images.size(), reconcile::EnvironmentMatrix::kMaxImagesPerCell);
        for (const QString& image : images)
            QVERIFY(image.size() <= reconcile::EnvironmentMatrix::kMaxNameLength);
        QVERIFY(!images.contains(QStringLiteral("too-deep:1")));
    }

    void aSnapshotChangesItsCellAndItsRightNeighbourOnly() {
        MatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(webAndApi());
        for (const char* unit : {"web-dev", "web-staging", "web-prod", "web-sandbox"})
            model.applySnapshot(running(QString::fromLatin1(unit), 1, QByteArray(unit)));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.applySnapshot(running(QStringLiteral("web-staging"), 2, "new"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, 1));
        QCOMPARE(changed.first().at(1).toModelIndex(), model.index(0, 2)); // prod compares with staging
        // The last column has no right neighbour: its cell alone.
        changed.clear();
        model.applySnapshot(running(QStringLiteral("web-sandbox"), 2, "newer"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, 3));
        QCOMPARE(changed.first().at(1).toModelIndex(), model.index(0, 3));
        // An older snapshot (a late cycle) changes nothing.
        changed.clear();
        model.applySnapshot(running(QStringLiteral("web-staging"), 1, "old"));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(at(model, QStringLiteral("web-staging"), MatrixModel::RevisionRole).toString(), test::fakeCommit("new").toHex());
        QCOMPARE(reset.size(), 0);
    }

    void cellsThatDifferFromTheirLeftAreMarkedAndMatchingRowsAreQuiet() {
        MatrixModel model;
        model.setEnvironments(webAndApi());
        for (const char* unit : {"api-staging", "api-prod", "api-sandbox"})
            model.applySnapshot(running(QString::fromLatin1(unit), 1, "same", QStringLiteral("api:2")));
        // api skips dev: staging has nothing on its left, and every cell matches.
        QVERIFY(model.index(1, 1).data(MatrixModel::RowQuietRole).toBool());
        QVERIFY(!at(model, QStringLiteral("api-staging"), MatrixModel::DiffersFromLeftRole).toBool());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applySnapshot(running(QStringLiteral("api-prod"), 2, "same", QStringLiteral("api:3")));
        QVERIFY(at(model, QStringLiteral("api-prod"), MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(at(model, QStringLiteral("api-sandbox"), MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(!at(model, QStringLiteral("api-staging"), MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(!model.index(1, 1).data(MatrixModel::RowQuietRole).toBool());
        // The row stopped being quiet: every cell of it repaints.
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex(), model.index(1, 0));
        QCOMPARE(changed.first().at(1).toModelIndex(), model.index(1, 3));
        // A different revision alone differs too.
        model.applySnapshot(running(QStringLiteral("api-prod"), 3, "other", QStringLiteral("api:2")));
        QVERIFY(at(model, QStringLiteral("api-prod"), MatrixModel::DiffersFromLeftRole).toBool());
        QVERIFY(at(model, QStringLiteral("api-prod"), Qt::DisplayRole).toString().contains(QStringLiteral("differs")));
        // A row with an unread cell is not quiet: nobody knows yet that it matches.
        QVERIFY(!model.index(0, 0).data(MatrixModel::RowQuietRole).toBool());
    }

    void theSameWorkspaceAgainKeepsTheCells() {
        MatrixModel model;
        model.setEnvironments(webAndApi());
        model.applySnapshot(running(QStringLiteral("web-prod"), 1, "p"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setEnvironments(webAndApi());
        QCOMPARE(reset.size(), 0);
        QCOMPARE(at(model, QStringLiteral("web-prod"), MatrixModel::RevisionRole).toString(), test::fakeCommit("p").toHex());
        // Another shape (api now runs in dev) is a new matrix.
        model.setEnvironments(applicationsIn({QStringLiteral("web"), QStringLiteral("api")},
                                             {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")},
                                             {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(reset.size(), 1);
        QVERIFY(model.indexOf(QStringLiteral("api-dev")).isValid());
    }

    void aThousandApplicationsInFiveEnvironmentsUpdateWithoutAReset() {
        QStringList applications;
        for (int i = 0; i < 1000; ++i)
            applications << QStringLiteral("app%1").arg(i, 4, 10, QLatin1Char('0'));
        const QStringList places{QStringLiteral("dev"), QStringLiteral("qa"), QStringLiteral("staging"),
                                 QStringLiteral("preprod"), QStringLiteral("prod")};
        MatrixModel model;
        model.setEnvironments(applicationsIn(applications, places, places));
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.columnCount(), 5);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        quint64 sequence = 0;
        for (int round = 0; round < 2; ++round)
            for (const QString& application : applications)
                for (const QString& place : places)
                    model.applySnapshot(running(application + QLatin1Char('-') + place, ++sequence, QByteArray::number(round),
                                                QStringLiteral("%1:%2").arg(application).arg(round)));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(layout.size(), 0);
        QCOMPARE(changed.size(), 10'000);
        for (const auto& signal : changed) {
            const QModelIndex first = signal.at(0).toModelIndex();
            const QModelIndex last = signal.at(1).toModelIndex();
            QVERIFY(first.row() == last.row() && first.column() <= last.column());
        }
        QCOMPARE(model.index(999, 4).data(MatrixModel::ImagesRole).toStringList(), QStringList{QStringLiteral("app0999:1")});
        QVERIFY(model.index(999, 4).data(MatrixModel::RowQuietRole).toBool());
    }
};

QTEST_GUILESS_MAIN(TestMatrixModel)
#include "tst_matrixmodel.moc"
