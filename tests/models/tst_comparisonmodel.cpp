#include "ComparisonModel.h"
#include "DemoRepository.h"
#include "EnvironmentListModel.h"
#include "SideBySideDiff.h"
#include "WorkspaceJobs.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::models;
using diff::ResourceState;

namespace {

const diff::FieldChange* changeAt(const diff::ResourceDiff& resource, const QString& path) {
    for (const diff::FieldChange& change : resource.changes)
        if (change.path == path)
            return &change;
    return nullptr;
}

int rowOfKind(const ComparisonModel& model, const QString& kind, const QString& name) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const diff::ResourceDiff* resource = model.resourceAt(row);
        if (resource->key.kind == kind && resource->key.name == name)
            return row;
    }
    return -1;
}

} // namespace

class TestComparisonModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        auto workspacePath = workspace::DemoRepository::ensure(m_root.path());
        QVERIFY2(workspacePath, workspacePath ? "" : qPrintable(workspacePath.error().toString()));
        auto repository = git::Repository::open(*workspacePath);
        QVERIFY(repository);
        m_repository = std::make_shared<git::Repository>(std::move(*repository));
        auto loaded = WorkspaceJobs::load(m_repository);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        m_loaded = std::move(*loaded);
    }

    void environmentListShowsTheDemosEnvironments() {
        EnvironmentListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(m_loaded.workspace);
        QCOMPARE(model.names(), (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QVERIFY(!model.isDetected());
        const int prod = model.rowOf(QStringLiteral("prod"));
        QCOMPARE(model.index(prod, EnvironmentListModel::PathColumn).data().toString(), QStringLiteral("overlays/prod"));
        QCOMPARE(model.index(prod, EnvironmentListModel::RendererColumn).data().toString(), QStringLiteral("kustomize"));
        QCOMPARE(model.index(prod, EnvironmentListModel::NamespaceColumn).data().toString(), QStringLiteral("shop-prod"));
        QCOMPARE(model.index(prod, EnvironmentListModel::ModeColumn).data().toString(), QStringLiteral("direct"));
        QCOMPARE(model.index(prod, EnvironmentListModel::PromotionColumn).data().toString(), QStringLiteral("3 of 3"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void devVersusProdShowsImageAndReplicaDifferences() {
        auto snapshot = compare({.leftEnvironment = QStringLiteral("dev"), .rightEnvironment = QStringLiteral("prod")});
        QVERIFY(snapshot);
        ComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot);
        const auto& result = snapshot->result;
        QCOMPARE(model.rowCount(), int(result.resources.size()));
        QVERIFY(model.rowCount() >= 6); // 3 deployments, 2 services, 1 config map
        // Namespaces are ignored: every resource pairs, nothing is only on one side.
        QCOMPARE(model.count(ResourceState::Missing), std::size_t(0));
        QCOMPARE(model.count(ResourceState::Extra), std::size_t(0));
        std::size_t sum = 0;
        for (int state = 0; state < diff::kResourceStateCount; ++state)
            sum += model.count(ResourceState(state));
        QCOMPARE(sum, result.resources.size());

        // Hand-checked facts of the demo at HEAD: dev runs api 1.3.0 with 2 replicas (the
        // unpushed "try two api replicas"), prod api 1.1.0 with 3; web 2.1.0 vs 2.0.0.
        const int api = rowOfKind(model, QStringLiteral("Deployment"), QStringLiteral("api"));
        QVERIFY(api >= 0);
        const diff::ResourceDiff* apiDiff = model.resourceAt(api);
        QCOMPARE(apiDiff->state, ResourceState::Modified);
        QCOMPARE(model.index(api, ComparisonModel::StateColumn).data(ComparisonModel::StateRole).toInt(),
                 int(ResourceState::Modified));
        QCOMPARE(model.index(api, ComparisonModel::LeftColumn).data().toString(), QStringLiteral("shop-dev/api"));
        QCOMPARE(model.index(api, ComparisonModel::RightColumn).data().toString(), QStringLiteral("shop-prod/api"));
        const auto* image = changeAt(*apiDiff, QStringLiteral("/spec/template/spec/containers/name=api/image"));
        QVERIFY(image);
        QVERIFY2(image->left.contains(QStringLiteral("api:1.3.0")), qPrintable(image->left));
        QVERIFY2(image->right.contains(QStringLiteral("api:1.1.0")), qPrintable(image->right));
        const auto* replicas = changeAt(*apiDiff, QStringLiteral("/spec/replicas"));
        QVERIFY(replicas);
        QCOMPARE(replicas->left, QStringLiteral("2"));
        QCOMPARE(replicas->right, QStringLiteral("3"));
        for (const auto& resource : result.resources)
            QVERIFY2(!changeAt(resource, QStringLiteral("/metadata/namespace")), qPrintable(resource.key.toString()));
        const int web = rowOfKind(model, QStringLiteral("Deployment"), QStringLiteral("web"));
        QVERIFY(changeAt(*model.resourceAt(web), QStringLiteral("/spec/template/spec/containers/name=web/image")));
        QVERIFY(model.countsText().contains(QStringLiteral("%1 modified").arg(model.count(ResourceState::Modified))));
        QCOMPARE(model.headerData(ComparisonModel::LeftColumn, Qt::Horizontal).toString(), QStringLiteral("dev"));

        // Hide Same: only the differing rows stay; counts still cover everything.
        model.setHideSame(true);
        QCOMPARE(model.rowCount(), int(result.resources.size() - model.count(ResourceState::Same)));
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.resourceAt(row)->state != ResourceState::Same);
        QCOMPARE(model.rowOf(apiDiff->key), rowOfKind(model, QStringLiteral("Deployment"), QStringLiteral("api")));
        QVERIFY(model.rowOf(apiDiff->key) >= 0);
        model.setHideSame(false);
        QCOMPARE(model.rowCount(), int(result.resources.size()));
    }

    void revisionsAreRenderedAsAsked() {
        // origin/main is before the unpushed commit: dev had one api replica there.
        auto snapshot = compare({.leftEnvironment = QStringLiteral("dev"),
                                 .leftRevision = QStringLiteral("origin/main"),
                                 .rightEnvironment = QStringLiteral("prod")});
        QVERIFY(snapshot);
        QCOMPARE(snapshot->leftCommit, *m_repository->resolveCommit(QStringLiteral("origin/main")));
        QCOMPARE(snapshot->rightCommit, *m_repository->resolveCommit(QStringLiteral("HEAD")));
        ComparisonModel model;
        model.setSnapshot(snapshot);
        QCOMPARE(model.headerData(ComparisonModel::LeftColumn, Qt::Horizontal).toString(), QStringLiteral("dev @ origin/main"));
        const auto* replicas = changeAt(*model.resourceAt(rowOfKind(model, QStringLiteral("Deployment"), QStringLiteral("api"))),
                                        QStringLiteral("/spec/replicas"));
        QVERIFY(replicas);
        QCOMPARE(replicas->left, QStringLiteral("1"));

        auto missing = compare({.leftEnvironment = QStringLiteral("dev"),
                                .leftRevision = QStringLiteral("no-such-rev"),
                                .rightEnvironment = QStringLiteral("prod")});
        QVERIFY(!missing);
    }

    void keepingNamespacesLeavesNothingPaired() {
        auto snapshot = compare(
            {.leftEnvironment = QStringLiteral("dev"), .rightEnvironment = QStringLiteral("prod"), .ignoreNamespace = false});
        QVERIFY(snapshot);
        ComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot);
        const std::size_t onlyDev = model.count(ResourceState::Missing);
        QVERIFY(onlyDev >= 6);
        QCOMPARE(model.count(ResourceState::Extra), onlyDev);
        QCOMPARE(model.count(ResourceState::Modified) + model.count(ResourceState::Same), std::size_t(0));
        QCOMPARE(model.stateText(ResourceState::Missing), QStringLiteral("Only in dev"));
        QVERIFY(model.countsText().contains(QStringLiteral("%1 only in prod").arg(onlyDev)));
        model.setHideSame(true);
        QCOMPARE(model.rowCount(), int(2 * onlyDev));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.countsText().isEmpty());
    }

    void sideBySideAlignsChangedBlocks() {
        const SideBySideDiff same = SideBySideDiff::make(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"));
        QCOMPARE(same.rows.size(), std::size_t(2));
        QCOMPARE(same.changedRows, 0);

        const SideBySideDiff diff = SideBySideDiff::make(QStringLiteral("a\nb\nc\n"), QStringLiteral("a\nB\nB2\nc\nd\n"));
        using K = SideBySideDiff::Kind;
        QCOMPARE(diff.rows.size(), std::size_t(5));
        QCOMPARE(diff.rows[0].kind, K::Same);
        QCOMPARE(diff.rows[1].kind, K::Changed);
        QCOMPARE(*diff.rows[1].left, QStringLiteral("b"));
        QCOMPARE(*diff.rows[1].right, QStringLiteral("B"));
        QCOMPARE(diff.rows[2].kind, K::OnlyRight); // the shorter side gets a filler row
        QVERIFY(!diff.rows[2].left);
        QCOMPARE(diff.rows[3].kind, K::Same);
        QCOMPARE(*diff.rows[3].left, QStringLiteral("c"));
        QCOMPARE(diff.rows[4].kind, K::OnlyRight);
        QCOMPARE(diff.changedRows, 3);

        // Pairs the caller expects to differ are marked, and not counted as changes.
        const SideBySideDiff expected = SideBySideDiff::make(
            QStringLiteral("env: dev\nn: 1\n"), QStringLiteral("env: prod\nn: 2\n"), [](const QString& l, const QString& r) {
                return QString(l).replace(QStringLiteral("dev"), QStringLiteral("prod")) == r;
            });
        QCOMPARE(expected.rows.size(), std::size_t(2));
        QCOMPARE(expected.rows[0].kind, K::Expected);
        QCOMPARE(expected.rows[1].kind, K::Changed);
        QCOMPARE(expected.changedRows, 1);

        const SideBySideDiff onlyLeft = SideBySideDiff::make(QStringLiteral("x\n"), QString());
        QCOMPARE(onlyLeft.rows.size(), std::size_t(1));
        QCOMPARE(onlyLeft.rows[0].kind, K::OnlyLeft);
    }

private:
    std::shared_ptr<const ComparisonSnapshot> compare(const ComparisonRequest& request) {
        auto result = WorkspaceJobs::compare(*m_loaded.renderer, m_loaded.workspace.config, request, {});
        return result ? *result : nullptr;
    }

    QTemporaryDir m_root;
    std::shared_ptr<git::Repository> m_repository;
    WorkspaceJobs::Loaded m_loaded;
};

QTEST_GUILESS_MAIN(TestComparisonModel)
#include "tst_comparisonmodel.moc"
