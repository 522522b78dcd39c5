// Revert: git revert as a new commit, built in memory; merges need a mainline; a conflict
// writes nothing.
#include "ActionsFixture.h"
#include "actions/ActionRunner.h"
#include "actions/RevertPlanner.h"

#include <QTest>

using namespace syncline;
using namespace syncline::test;

namespace {

util::Result<actions::ActionOutcome> revert(const GitFixture& repo, const QString& sha, int mainline = 0) {
    auto repository = openRepository(repo.path());
    actions::RevertPlanner planner(QStringLiteral("main"), *git::ObjectId::fromHex(sha), mainline);
    actions::ActionRunner runner(repository, loadConfig(repository));
    auto preview = runner.preview(planner);
    if (!preview)
        return util::fail(preview.error());
    return runner.run(planner, preview->plan, {});
}

QString head(const GitFixture& repo, const QString& rev = QStringLiteral("HEAD")) {
    return repo.git({QStringLiteral("rev-parse"), rev}).trimmed();
}

} // namespace

class TestRevertPlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void revertsACommit() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("base/api.yaml"), deploymentText("api", "registry.example.com/shop/api:bad"));
        const QString bad = repo.commitAll(QStringLiteral("api: the bad change"), 1700000200).trimmed();
        repo.writeFile(QStringLiteral("README.md"), "# shop\nlater\n");
        repo.commitAll(QStringLiteral("docs"), 1700000300);
        const QString before = head(repo);
        auto outcome = revert(repo, bad);
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QCOMPARE(head(repo, QStringLiteral("HEAD~1")), before);
        QCOMPARE(readFile(repo.filePath(QStringLiteral("base/api.yaml"))),
                 deploymentText("api", "registry.example.com/shop/api:1.0.0"));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("README.md"))), QByteArray("# shop\nlater\n"));
        QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")}).trimmed(),
                 QStringLiteral("Revert \"api: the bad change\"\n\nThis reverts commit %1.\n\nSyncline-Action: revert").arg(bad));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        QCOMPARE(RepoState::of(repo).fsck, QString());
    }

    void mergeCommitNeedsAMainline() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature")});
        repo.writeFile(QStringLiteral("base/web.yaml"), deploymentText("web", "registry.example.com/shop/web:feature"));
        repo.commitAll(QStringLiteral("web: feature"), 1700000200);
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
        repo.writeFile(QStringLiteral("README.md"), "# shop\nmain\n");
        repo.commitAll(QStringLiteral("docs"), 1700000250);
        repo.gitAt(1700000300, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                                QStringLiteral("Merge feature"), QStringLiteral("feature")});
        const QString merge = head(repo);
        const RepoState before = RepoState::of(repo);
        auto refused = revert(repo, merge);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::InvalidArgument);
        QVERIFY(refused.error().message.contains(QLatin1String("mainline")));
        QCOMPARE(RepoState::of(repo).refs, before.refs);

        auto outcome = revert(repo, merge, 1);
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("base/web.yaml"))),
                 deploymentText("web", "registry.example.com/shop/web:2.0.0"));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("README.md"))), QByteArray("# shop\nmain\n"));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")})
                    .contains(QStringLiteral("This reverts commit %1, reversing\nchanges made to %2.")
                                  .arg(merge, head(repo, merge + QStringLiteral("^1")))));
    }

    void conflictWritesNothing() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("base/api.yaml"), deploymentText("api", "registry.example.com/shop/api:bad"));
        const QString bad = repo.commitAll(QStringLiteral("api: the bad change"), 1700000200).trimmed();
        repo.writeFile(QStringLiteral("base/api.yaml"), deploymentText("api", "registry.example.com/shop/api:worse"));
        repo.commitAll(QStringLiteral("api: built on it"), 1700000300);
        repo.writeFile(QStringLiteral("README.md"), "uncommitted\n"); // the user's work in progress
        const RepoState before = RepoState::of(repo);
        auto outcome = revert(repo, bad);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, util::ErrorCode::Conflict);
        QVERIFY2(outcome.error().message.contains(QLatin1String("base/api.yaml")), qPrintable(outcome.error().message));
        const RepoState after = RepoState::of(repo);
        QCOMPARE(after.refs, before.refs);
        QCOMPARE(after.status, before.status);
        QCOMPARE(after.fsck, QString());
        QCOMPARE(readFile(repo.filePath(QStringLiteral("README.md"))), QByteArray("uncommitted\n"));
    }
};

QTEST_GUILESS_MAIN(TestRevertPlanner)
#include "tst_revertplanner.moc"
