// Promote: images: tags and promotable files between folders, fast-forward/merge between
// branches; checked with the real git CLI.
#include "ActionsFixture.h"
#include "actions/ActionRunner.h"
#include "actions/PromotePlanner.h"

#include <QTest>

using namespace syncline;
using namespace syncline::test;
using actions::ActionRunner;
using actions::PromotePlanner;

namespace {

// Preview + commit, as the UI and the CLI do.
util::Result<actions::ActionOutcome> promote(const GitFixture& repo, const QString& from, const QString& to,
                                             std::optional<git::ObjectId> source = std::nullopt,
                                             actions::ActionPreview* previewOut = nullptr) {
    auto repository = openRepository(repo.path());
    const auto config = loadConfig(repository);
    auto planner = PromotePlanner::create(*repository, config, from, to, source);
    if (!planner)
        return util::fail(planner.error());
    ActionRunner runner(repository, config);
    auto preview = runner.preview(*planner);
    if (!preview)
        return util::fail(preview.error());
    if (previewOut)
        *previewOut = *preview;
    return runner.run(*planner, preview->plan, {});
}

} // namespace

class TestPromotePlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void promotesTagsAndPromotableFilesOnly() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const QString devTip = trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        actions::ActionPreview preview;
        auto outcome = promote(repo, QStringLiteral("dev"), QStringLiteral("staging"), std::nullopt, &preview);
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QVERIFY(outcome->newTip);

        // The staging kustomization: only the two tag values changed; comments, quoting,
        // the other keys and entries are as they were.
        QByteArray expected = overlayText("staging", "1.1.0", "2.1.0");
        QCOMPARE(readFile(repo.filePath(QStringLiteral("overlays/staging/kustomization.yaml"))), expected);
        QCOMPARE(trimmed(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:overlays/staging/kustomization.yaml")})),
                 QString::fromUtf8(expected).trimmed());
        QCOMPARE(trimmed(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:overlays/staging/version.yaml")})),
                 QString::fromUtf8(versionText("1.1")).trimmed());
        const QString files = repo.git(
            {QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format="), QStringLiteral("HEAD")});
        QCOMPARE(files.trimmed().split(QLatin1Char('\n')), (QStringList{QStringLiteral("overlays/staging/kustomization.yaml"),
                                                                        QStringLiteral("overlays/staging/version.yaml")}));
        const QString message = repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")});
        QVERIFY2(message.startsWith(QStringLiteral("promote(staging): from dev@") + devTip.left(7) + QLatin1Char('\n')),
                 qPrintable(message));
        const QString trailers =
            repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%(trailers:only,unfold)")});
        QCOMPARE(trailers.trimmed(), QStringLiteral("Syncline-Action: promote\nSyncline-Source: dev@") + devTip);
        // The working tree was clean, so it came along: git status reads clean.
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        QCOMPARE(
            repo.git({QStringLiteral("reflog"), QStringLiteral("-1"), QStringLiteral("--format=%gs"), QStringLiteral("main")})
                .trimmed(),
            QStringLiteral("syncline: promote"));

        // The preview showed the commit and the staging rendered diff (image tags).
        QCOMPARE(preview.files.size(), std::size_t(2));
        QCOMPARE(preview.environments.size(), std::size_t(1));
        QCOMPARE(preview.environments.front().environment, QStringLiteral("staging"));
        QCOMPARE(preview.environments.front().diff.count(diff::ResourceState::Modified), std::size_t(3));
        QVERIFY(preview.toText().contains(QLatin1String("registry.example.com/shop/api: newTag 1.0.0 -> 1.1.0")));
    }

    void promotesTheGivenSourceRevision() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const QString deployed = trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        repo.writeFile(QStringLiteral("overlays/dev/kustomization.yaml"), overlayText("dev", "1.5.0", "2.5.0"));
        repo.commitAll(QStringLiteral("dev: newer, not deployed yet"), 1700000200);
        auto outcome = promote(repo, QStringLiteral("dev"), QStringLiteral("staging"), git::ObjectId::fromHex(deployed));
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("overlays/staging/kustomization.yaml"))),
                 overlayText("staging", "1.1.0", "2.1.0"));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")})
                    .contains(QStringLiteral("Syncline-Source: dev@") + deployed));
    }

    void nothingToPromoteWritesNothing() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        QVERIFY(promote(repo, QStringLiteral("dev"), QStringLiteral("staging")));
        const RepoState before = RepoState::of(repo);
        auto again = promote(repo, QStringLiteral("dev"), QStringLiteral("staging"));
        QVERIFY(again);
        QVERIFY(!again->newTip);
        QCOMPARE(RepoState::of(repo).refs, before.refs);
    }

    void nextEnvironmentFollowsThePromotionOrder() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const auto config = loadConfig(openRepository(repo.path()));
        QCOMPARE(PromotePlanner::nextEnvironment(config, QStringLiteral("dev")),
                 std::optional<QString>(QStringLiteral("staging")));
        QCOMPARE(PromotePlanner::nextEnvironment(config, QStringLiteral("staging")),
                 std::optional<QString>(QStringLiteral("prod")));
        QVERIFY(!PromotePlanner::nextEnvironment(config, QStringLiteral("prod")));
    }

    // Branch per environment: same path, one branch each.
    void branchesFastForward() {
        GitFixture repo;
        writeBranchLayout(repo);
        repo.git({QStringLiteral("branch"), QStringLiteral("env/prod")});
        repo.writeFile(QStringLiteral("app/config.yaml"), "v: 2\n");
        repo.commitAll(QStringLiteral("staging: v2"), 1700000100);
        const QString stagingTip = trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        auto outcome = promote(repo, QStringLiteral("staging"), QStringLiteral("prod"));
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QVERIFY(outcome->fastForward);
        QCOMPARE(trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("env/prod")})), stagingTip);
        QCOMPARE(
            repo.git({QStringLiteral("reflog"), QStringLiteral("-1"), QStringLiteral("--format=%gs"), QStringLiteral("env/prod")})
                .trimmed(),
            QStringLiteral("syncline: promote"));
    }

    void branchesMerge() {
        GitFixture repo;
        writeBranchLayout(repo);
        repo.git({QStringLiteral("branch"), QStringLiteral("env/prod")});
        repo.writeFile(QStringLiteral("app/config.yaml"), "v: 2\n");
        repo.commitAll(QStringLiteral("staging: v2"), 1700000100);
        const QString stagingTip = trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("env/prod")});
        repo.writeFile(QStringLiteral("app/prod-only.yaml"), "p: 1\n");
        repo.commitAll(QStringLiteral("prod: hotfix"), 1700000200);
        const QString prodTip = trimmed(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}));
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        auto outcome = promote(repo, QStringLiteral("staging"), QStringLiteral("prod"));
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QVERIFY(!outcome->fastForward);
        QCOMPARE(trimmed(repo.git(
                     {QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%P"), QStringLiteral("env/prod")})),
                 prodTip + QLatin1Char(' ') + stagingTip);
        QCOMPARE(trimmed(repo.git({QStringLiteral("show"), QStringLiteral("env/prod:app/config.yaml")})), QStringLiteral("v: 2"));
        QCOMPARE(trimmed(repo.git({QStringLiteral("show"), QStringLiteral("env/prod:app/prod-only.yaml")})),
                 QStringLiteral("p: 1"));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), QStringLiteral("env/prod")})
                    .startsWith(QStringLiteral("promote(prod): from staging@") + stagingTip.left(7)));
        QCOMPARE(RepoState::of(repo).fsck, QString());
    }

    void branchesConflictWritesNothing() {
        GitFixture repo;
        writeBranchLayout(repo);
        repo.git({QStringLiteral("branch"), QStringLiteral("env/prod")});
        repo.writeFile(QStringLiteral("app/config.yaml"), "v: 2\n");
        repo.commitAll(QStringLiteral("staging: v2"), 1700000100);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("env/prod")});
        repo.writeFile(QStringLiteral("app/config.yaml"), "v: 3\n");
        repo.commitAll(QStringLiteral("prod: v3"), 1700000200);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        const RepoState before = RepoState::of(repo);
        auto outcome = promote(repo, QStringLiteral("staging"), QStringLiteral("prod"));
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, util::ErrorCode::Conflict);
        QVERIFY2(outcome.error().message.contains(QLatin1String("app/config.yaml")), qPrintable(outcome.error().message));
        const RepoState after = RepoState::of(repo);
        QCOMPARE(after.refs, before.refs);
        QCOMPARE(after.status, before.status);
        QCOMPARE(after.fsck, QString());
    }

private:
    static void writeBranchLayout(GitFixture& repo) {
        repo.writeFile(QStringLiteral("app/config.yaml"), "v: 1\n");
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n"
                       "  - name: staging\n    branch: main\n    path: app\n    renderer: plain\n"
                       "  - name: prod\n    branch: env/prod\n    path: app\n    renderer: plain\n"
                       "promotion: [staging, prod]\n");
        repo.commitAll(QStringLiteral("layout"), 1700000000);
    }
};

QTEST_GUILESS_MAIN(TestPromotePlanner)
#include "tst_promoteplanner.moc"
