// Rollback: the environment's folder becomes what it was at a commit; nothing else moves.
#include "ActionsFixture.h"
#include "actions/ActionRunner.h"
#include "actions/RollbackPlanner.h"

#include <QTest>

using namespace syncline;
using namespace syncline::test;

class TestRollbackPlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replacesExactlyTheEnvironmentPath() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const QString good = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), overlayText("prod", "9.9.9", "9.9.9"));
        repo.writeFile(QStringLiteral("overlays/prod/extra.yaml"), "added later\n");
        repo.removeFile(QStringLiteral("overlays/prod/version.yaml"));
        repo.writeFile(QStringLiteral("overlays/prod-eu/kustomization.yaml"),
                       "resources: []\n"); // a sibling with a shared prefix
        repo.writeFile(QStringLiteral("base/api.yaml"), deploymentText("api", "registry.example.com/shop/api:2.0.0"));
        repo.writeFile(QStringLiteral("overlays/staging/version.yaml"), versionText("2.0"));
        repo.commitAll(QStringLiteral("prod: risky"), 1700000200);

        auto repository = openRepository(repo.path());
        const auto config = loadConfig(repository);
        auto planner =
            actions::RollbackPlanner::create(*repository, *config.find(QStringLiteral("prod")), *git::ObjectId::fromHex(good));
        QVERIFY(planner);
        actions::ActionRunner runner(repository, config);
        auto preview = runner.preview(*planner);
        QVERIFY2(preview, preview ? "" : qPrintable(preview.error().toString()));
        QCOMPARE(preview->files.size(), std::size_t(3));
        auto outcome = runner.run(*planner, preview->plan, {});
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));

        // The prod folder equals what it was at `good`, file for file.
        QCOMPARE(repo.git({QStringLiteral("diff"), QStringLiteral("--stat"), good, QStringLiteral("HEAD"), QStringLiteral("--"),
                           QStringLiteral("overlays/prod")}),
                 QString());
        QCOMPARE(repo.git({QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("--name-only"), QStringLiteral("HEAD"),
                           QStringLiteral("overlays/prod")}),
                 repo.git({QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("--name-only"), good,
                           QStringLiteral("overlays/prod")}));
        // Everything else is as the tip had it.
        const QString changed =
            repo.git({QStringLiteral("diff"), QStringLiteral("--name-only"), QStringLiteral("HEAD~1"), QStringLiteral("HEAD")});
        QCOMPARE(changed.trimmed().split(QLatin1Char('\n')),
                 (QStringList{QStringLiteral("overlays/prod/extra.yaml"), QStringLiteral("overlays/prod/kustomization.yaml"),
                              QStringLiteral("overlays/prod/version.yaml")}));
        QVERIFY(QFile::exists(repo.filePath(QStringLiteral("overlays/prod-eu/kustomization.yaml"))));
        const QString trailers =
            repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%(trailers:only,unfold)")});
        QCOMPARE(trailers.trimmed(), QStringLiteral("Syncline-Action: rollback\nSyncline-Rollback-To: ") + good);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")})
                    .startsWith(QStringLiteral("rollback(prod): to ") + good.left(7)));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        // prod's rendered manifests changed (the preview said so).
        QCOMPARE(preview->environments.size(), std::size_t(1));
        QCOMPARE(preview->environments.front().environment, QStringLiteral("prod"));
    }
};

QTEST_GUILESS_MAIN(TestRollbackPlanner)
#include "tst_rollbackplanner.moc"
