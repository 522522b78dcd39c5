#include "SyncStateModel.h"
#include "reconcile/ClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/GitFixture.h"
#include "support/SnapshotFixtures.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace syncline;
using models::SyncStateModel;
using test::fakeCommit;

namespace {

QString cell(const SyncStateModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.index(row, column).data(role).toString();
}

// Every environment's cluster fails with `reason`: each cycle publishes a snapshot that
// names it, without any cluster.
class FailingClients : public reconcile::ClientProvider {
public:
    explicit FailingClients(QString reason) : m_reason(std::move(reason)) {}
    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::Environment&) override {
        return util::fail(util::ErrorCode::NotFound, m_reason);
    }
    reconcile::AllowedAutomation allowedAutomation(const workspace::Environment&) override { return {}; }

private:
    QString m_reason;
};

// Runs `cycles` cycles of `engine`'s environment `env`, applying each snapshot to `model`.
bool runCycles(reconcile::ReconcileEngine& engine, SyncStateModel& model, const QString& env, int cycles) {
    QSignalSpy ready(&engine, &reconcile::ReconcileEngine::snapshotReady);
    for (int i = 0; i < cycles; ++i) {
        if (i == 0)
            engine.start();
        else
            engine.refresh(env);
        if (ready.isEmpty() && !ready.wait(30'000))
            return false;
        model.applySnapshot(ready.takeFirst().at(0).value<reconcile::SnapshotPtr>());
    }
    return true;
}

// Version 2: web, api and worker in staging, web in prod (applications × environments).
workspace::WorkspaceConfig applicationsInEnvironments() {
    workspace::WorkspaceConfig config;
    for (const char* place : {"staging", "prod"}) {
        workspace::Place entry;
        entry.name = QString::fromLatin1(place);
        entry.cluster.context = QStringLiteral("kind-") + entry.name;
        config.places.push_back(entry);
        config.promotionOrder << entry.name;
    }
    const std::pair<const char*, const char*> units[] = {
        {"web", "staging"}, {"api", "staging"}, {"worker", "staging"}, {"web", "prod"}};
    for (const auto& [application, place] : units) {
        workspace::Environment env;
        env.application = QString::fromLatin1(application);
        env.place = QString::fromLatin1(place);
        env.name = env.application + QLatin1Char('-') + env.place;
        env.path = QStringLiteral("apps/%1/overlays/%2").arg(env.application, env.place);
        env.cluster.context = QStringLiteral("kind-") + env.place;
        config.environments.push_back(env);
    }
    return config;
}

reconcile::SnapshotPtr snapshotOf(const QString& unit, quint64 sequence, health::SyncStatus sync, health::Health health) {
    auto snap = test::snapshot(unit, sequence);
    snap->sync = sync;
    snap->health = {health, {}};
    return snap;
}

} // namespace

class TestSyncStateModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsFollowTheWorkspace() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(test::threeEnvironments());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.environments(), (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(cell(model, 2, SyncStateModel::EnvironmentColumn), QStringLiteral("prod"));
        QCOMPARE(cell(model, 2, SyncStateModel::ClusterColumn), QStringLiteral("kind-prod"));
        QCOMPARE(cell(model, 2, SyncStateModel::ModeColumn), QStringLiteral("direct"));
        QCOMPARE(cell(model, 2, SyncStateModel::SyncColumn), QStringLiteral("not read yet"));
        QCOMPARE(cell(model, 2, 0, SyncStateModel::DetailRole), QStringLiteral("overlays/prod · kustomize · ns shop-prod"));
        QVERIFY(!model.index(2, 0).data(SyncStateModel::HasSnapshotRole).toBool());
        QCOMPARE(model.index(2, 0).data(SyncStateModel::CommitsBehindRole).toInt(), -1);
        QVERIFY(!model.hasSnapshots());
    }

    void snapshotUpdatesOneRowInPlace() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(test::threeEnvironments());
        model.setNow(QDateTime(QDate(2026, 11, 28), QTime(12, 0)));
        QItemSelectionModel selection(&model);
        selection.select(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QPersistentModelIndex kept(model.index(1, SyncStateModel::HealthColumn));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        auto snap = test::snapshot(QStringLiteral("staging"), 1,
                                   {test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"),
                                                             QStringLiteral("shop-staging"), QStringLiteral("api")),
                                                   diff::ResourceState::Modified, health::Health::Degraded)});
        snap->deployed = reconcile::DeployedRevision{fakeCommit("deployed"),
                                                     QStringLiteral("promote(staging): from dev@9f8e7d6 with a long tail"),
                                                     QDateTime(QDate(2026, 11, 28), QTime(10, 42)), QStringLiteral("ada")};
        snap->targetRevision = fakeCommit("target");
        snap->commitsBehind = 3;
        model.applySnapshot(snap);

        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].toModelIndex(), model.index(1, 0));
        QCOMPARE(changed[0][1].toModelIndex(), model.index(1, SyncStateModel::ColumnCount - 1));
        QVERIFY(kept.isValid());
        QVERIFY(selection.isRowSelected(1, {}));

        QCOMPARE(cell(model, 1, SyncStateModel::SyncColumn), QStringLiteral("OutOfSync"));
        QCOMPARE(cell(model, 1, SyncStateModel::HealthColumn), QStringLiteral("Degraded"));
        QCOMPARE(cell(model, 1, SyncStateModel::HealthColumn, Qt::ToolTipRole), QStringLiteral("1 of 3 replicas available"));
        const QString deployed = cell(model, 1, SyncStateModel::DeployedColumn);
        QVERIFY2(deployed.startsWith(fakeCommit("deployed").shortHex() + QStringLiteral(" promote(staging): from dev@")),
                 qPrintable(deployed));
        QVERIFY2(deployed.contains(QStringLiteral("… since 10:42")), qPrintable(deployed));
        QCOMPARE(cell(model, 1, SyncStateModel::BehindColumn), QStringLiteral("3 behind"));
        QCOMPARE(cell(model, 1, 0, SyncStateModel::StatusTextRole), QStringLiteral("OutOfSync · Degraded"));
        QCOMPARE(cell(model, 1, 0, SyncStateModel::DeployedCommitRole), fakeCommit("deployed").toHex());
        QCOMPARE(cell(model, 1, 0, SyncStateModel::TargetCommitRole), fakeCommit("target").toHex());
        QCOMPARE(model.index(1, 0).data(SyncStateModel::SyncStatusRole).toInt(), int(health::SyncStatus::OutOfSync));
        QCOMPARE(model.index(1, 0).data(SyncStateModel::HealthRole).toInt(), int(health::Health::Degraded));
        QCOMPARE(model.index(1, 0).data(SyncStateModel::SnapshotRole).value<reconcile::SnapshotPtr>(),
                 reconcile::SnapshotPtr(snap));
        QCOMPARE(model.snapshot(QStringLiteral("staging")), reconcile::SnapshotPtr(snap));
        QCOMPARE(cell(model, 0, SyncStateModel::SyncColumn), QStringLiteral("not read yet")); // others untouched

        // A late, older snapshot does not replace a newer one; unknown environments are ignored.
        model.applySnapshot(test::snapshot(QStringLiteral("staging"), 0));
        QCOMPARE(cell(model, 1, SyncStateModel::SyncColumn), QStringLiteral("OutOfSync"));
        model.applySnapshot(test::snapshot(QStringLiteral("qa"), 5));
        QCOMPARE(changed.count(), 1);
    }

    void errorsStaleAndInsecureAreSpelledOut() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(test::threeEnvironments());
        auto snap = test::snapshot(QStringLiteral("prod"), 4);
        snap->sync = health::SyncStatus::Unknown;
        snap->health = {health::Health::Unknown, {}};
        snap->cluster.reachability = reconcile::ClusterReachability::Unreachable;
        snap->cluster.insecure = true;
        snap->error = util::makeError(util::ErrorCode::Network, QStringLiteral("connection refused"),
                                      QStringLiteral("https://127.0.0.1:6443"));
        snap->stale = true;
        model.applySnapshot(snap);
        QCOMPARE(cell(model, 2, SyncStateModel::SyncColumn), QStringLiteral("Unknown"));
        QCOMPARE(cell(model, 2, SyncStateModel::ClusterColumn), QStringLiteral("kind-prod · unreachable ⚠ insecure"));
        QVERIFY(
            cell(model, 2, SyncStateModel::ClusterColumn, Qt::ToolTipRole).contains(QStringLiteral("TLS verification is off")));
        QVERIFY(model.index(2, 0).data(SyncStateModel::InsecureRole).toBool());
        QCOMPARE(cell(model, 2, SyncStateModel::ErrorColumn),
                 QStringLiteral("https://127.0.0.1:6443: connection refused (stale: showing the last known state)"));
        QVERIFY(model.index(2, 0).data(SyncStateModel::StaleRole).toBool());
        QCOMPARE(cell(model, 2, SyncStateModel::DeployedColumn), QStringLiteral("not deployed by Syncline"));

        model.setSyncing(QStringLiteral("prod"), true);
        QCOMPARE(cell(model, 2, SyncStateModel::SyncColumn), QStringLiteral("Syncing…"));
        QVERIFY(model.index(2, 0).data(SyncStateModel::SyncingRole).toBool());
    }

    void reloadingTheWorkspaceKeepsSnapshots() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        workspace::WorkspaceConfig config = test::threeEnvironments();
        model.setEnvironments(config);
        model.applySnapshot(test::snapshot(QStringLiteral("dev"), 1));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // Same names: rows change in place.
        config.environments[0].cluster.insecure = true;
        model.setEnvironments(config);
        QCOMPARE(reset.count(), 0);
        QVERIFY(model.index(0, 0).data(SyncStateModel::InsecureRole).toBool());

        // Another list: reset, snapshots of the environments that stay are kept.
        config.environments.erase(config.environments.begin() + 1);
        model.setEnvironments(config);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, SyncStateModel::SyncColumn), QStringLiteral("Synced"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void applicationsAreGroupedUnderTheirEnvironment() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(applicationsInEnvironments());
        QVERIFY(model.hasGroups());
        // staging's header, its three applications, prod's header, its one.
        QCOMPARE(model.rowCount(), 6);
        QStringList shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown << cell(model, row, SyncStateModel::EnvironmentColumn);
        QCOMPARE(shown, (QStringList{QStringLiteral("staging · 3 applications · not read yet"), QStringLiteral("web"),
                                     QStringLiteral("api"), QStringLiteral("worker"),
                                     QStringLiteral("prod · 1 application · not read yet"), QStringLiteral("web")}));
        QVERIFY(model.isGroupRow(0));
        QVERIFY(model.index(4, 0).data(SyncStateModel::IsGroupRole).toBool());
        QVERIFY(!model.index(1, 0).data(SyncStateModel::IsGroupRole).toBool());
        // A header is not a unit: not selectable, no unit name; units keep their names.
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsSelectable));
        QVERIFY(model.flags(model.index(1, 0)) & Qt::ItemIsSelectable);
        QCOMPARE(model.environmentAt(0), QString());
        QCOMPARE(cell(model, 0, 0, SyncStateModel::EnvironmentRole), QString());
        QCOMPARE(cell(model, 5, 0, SyncStateModel::EnvironmentRole), QStringLiteral("web-prod"));
        QCOMPARE(cell(model, 5, 0, SyncStateModel::ApplicationRole), QStringLiteral("web"));
        QCOMPARE(cell(model, 5, 0, SyncStateModel::PlaceRole), QStringLiteral("prod"));
        QCOMPARE(model.rowOf(QStringLiteral("worker-staging")), 3);
        QCOMPARE(model.groupRowOf(QStringLiteral("prod")), 4);
        QCOMPARE(model.unitsOf(QStringLiteral("staging")),
                 (QStringList{QStringLiteral("web-staging"), QStringLiteral("api-staging"), QStringLiteral("worker-staging")}));
        QCOMPARE(model.environments(), (QStringList{QStringLiteral("web-staging"), QStringLiteral("api-staging"),
                                                    QStringLiteral("worker-staging"), QStringLiteral("web-prod")}));
    }

    void theHeaderRollsUpItsApplicationsAsSnapshotsArrive() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEnvironments(applicationsInEnvironments());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!model.index(0, 0).data(SyncStateModel::HealthRole).isValid()); // nothing read, no health

        model.applySnapshot(snapshotOf(QStringLiteral("api-staging"), 1, health::SyncStatus::Synced, health::Health::Healthy));
        // The application's row and its environment's header, nothing else, never a reset.
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed[0][0].toModelIndex(), model.index(2, 0));
        QCOMPARE(changed[1][0].toModelIndex(), model.index(0, 0));
        QCOMPARE(changed[1][1].toModelIndex(), model.index(0, SyncStateModel::ColumnCount - 1));
        QCOMPARE(cell(model, 0, 0), QStringLiteral("staging · 3 applications · 1 Synced, 2 not read yet · Healthy"));
        QCOMPARE(cell(model, 4, 0), QStringLiteral("prod · 1 application · not read yet")); // untouched

        model.applySnapshot(
            snapshotOf(QStringLiteral("worker-staging"), 1, health::SyncStatus::OutOfSync, health::Health::Degraded));
        model.applySnapshot(
            snapshotOf(QStringLiteral("web-staging"), 1, health::SyncStatus::Synced, health::Health::Progressing));
        QCOMPARE(cell(model, 0, 0), QStringLiteral("staging · 3 applications · 2 Synced, 1 OutOfSync · Degraded"));
        QCOMPARE(cell(model, 0, 0, SyncStateModel::GroupRollupRole), cell(model, 0, 0));
        QCOMPARE(model.index(0, 0).data(SyncStateModel::HealthRole).toInt(), int(health::Health::Degraded));
        QCOMPARE(cell(model, 3, SyncStateModel::SyncColumn), QStringLiteral("OutOfSync"));

        // A sync in progress changes the header along with its application.
        changed.clear();
        model.setSyncing(QStringLiteral("web-prod"), true);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed[1][0].toModelIndex(), model.index(4, 0));
        QCOMPARE(cell(model, 4, 0), QStringLiteral("prod · 1 application · not read yet · 1 syncing…"));
        QCOMPARE(reset.count(), 0);
    }

    void versionOneWorkspacesHaveNoHeaders() {
        SyncStateModel model;
        model.setEnvironments(test::threeEnvironments());
        QVERIFY(!model.hasGroups());
        QCOMPARE(model.rowCount(), 3);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(!model.isGroupRow(row));
        QCOMPARE(cell(model, 0, SyncStateModel::EnvironmentColumn), QStringLiteral("dev"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applySnapshot(test::snapshot(QStringLiteral("dev"), 1));
        QCOMPARE(changed.count(), 1);
    }

    void reloadingAnApplicationWorkspaceKeepsHeadersAndSnapshots() {
        SyncStateModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        workspace::WorkspaceConfig config = applicationsInEnvironments();
        model.setEnvironments(config);
        model.applySnapshot(snapshotOf(QStringLiteral("web-prod"), 1, health::SyncStatus::Synced, health::Health::Healthy));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        config.environments[3].cluster.insecure = true;
        model.setEnvironments(config);
        QCOMPARE(reset.count(), 0);
        QVERIFY(model.index(5, 0).data(SyncStateModel::InsecureRole).toBool());

        config.environments.erase(config.environments.begin() + 1); // api leaves staging
        model.setEnvironments(config);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(cell(model, 0, 0), QStringLiteral("staging · 2 applications · not read yet"));
        QCOMPARE(cell(model, 3, 0), QStringLiteral("prod · 1 application · 1 Synced · Healthy"));
    }

    // The window keeps its model across engine restarts (cluster dialog, token saved,
    // syncline.yaml edited): a new engine's first snapshot replaces the old engine's last.
    void aRestartedEnginesFirstSnapshotReplacesTheOldOnes() {
        test::GitFixture repo;
        const QByteArray yaml = "version: 1\nenvironments:\n  - name: dev\n    path: envs/dev\n    renderer: plain\n";
        repo.writeFile(QStringLiteral("syncline.yaml"), yaml);
        repo.writeFile(QStringLiteral("envs/dev/config.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  a: \"1\"\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        QVERIFY(config);
        reconcile::EngineOptions options;
        options.refreshIntervalMs = 0;
        options.retryBaseMs = 600'000; // no retries: cycles only when the test asks

        SyncStateModel model;
        model.setEnvironments(*config);
        {
            reconcile::ReconcileEngine old(repo.path(), *config, std::make_shared<FailingClients>(QStringLiteral("old cluster")),
                                           options);
            QVERIFY(runCycles(old, model, QStringLiteral("dev"), 3));
        }
        QVERIFY2(cell(model, 0, SyncStateModel::ErrorColumn).contains(QLatin1String("old cluster")),
                 qPrintable(cell(model, 0, SyncStateModel::ErrorColumn)));

        reconcile::ReconcileEngine restarted(repo.path(), *config,
                                             std::make_shared<FailingClients>(QStringLiteral("new cluster")), options);
        QVERIFY(runCycles(restarted, model, QStringLiteral("dev"), 1));
        QVERIFY2(cell(model, 0, SyncStateModel::ErrorColumn).contains(QLatin1String("new cluster")),
                 qPrintable(cell(model, 0, SyncStateModel::ErrorColumn)));
    }
};

QTEST_GUILESS_MAIN(TestSyncStateModel)
#include "tst_syncstatemodel.moc"
