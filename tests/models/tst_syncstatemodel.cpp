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
        QCOMPARE(cell(model, 2, 0, SyncStateModel::DetailRole),
                 QStringLiteral("overlays/prod · kustomize · ns shop-prod · direct"));
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
