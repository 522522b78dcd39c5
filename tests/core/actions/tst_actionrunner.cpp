// Write-back safety of ActionRunner: the user's working tree, index and uncommitted
// changes are never touched; refs move compare-and-swap; refusals write nothing.
#include "ActionsFixture.h"
#include "actions/ActionRunner.h"
#include "actions/PromotePlanner.h"
#include "actions/RevertPlanner.h"
#include "git/CommitWriter.h"

#include <QDir>
#include <QTest>

using namespace syncline;
using namespace syncline::test;

namespace {

struct Prepared {
    std::shared_ptr<const git::Repository> repository;
    workspace::WorkspaceConfig config;
    actions::PromotePlanner planner;
    actions::ActionPreview preview;
};

Prepared preparePromote(const GitFixture& repo) {
    auto repository = openRepository(repo.path());
    auto config = loadConfig(repository);
    auto planner = actions::PromotePlanner::create(*repository, config, QStringLiteral("dev"), QStringLiteral("staging"));
    if (!planner)
        qFatal("planner: %s", qPrintable(planner.error().toString()));
    actions::ActionRunner runner(repository, config);
    auto preview = runner.preview(*planner);
    if (!preview)
        qFatal("preview: %s", qPrintable(preview.error().toString()));
    return {repository, config, *planner, *preview};
}

util::Result<actions::ActionOutcome> runPrepared(const Prepared& prepared, const actions::ActionRunOptions& options = {}) {
    actions::ActionRunner runner(prepared.repository, prepared.config);
    return runner.run(prepared.planner, prepared.preview.plan, options);
}

} // namespace

class TestActionRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dirtyWorkTreeIsLeftAlone() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        // Uncommitted work: a change in the file promote edits, a staged file, an untracked one.
        repo.writeFile(QStringLiteral("overlays/staging/kustomization.yaml"),
                       overlayText("staging", "1.0.0", "2.0.0") + "# my note\n");
        repo.writeFile(QStringLiteral("notes.txt"), "staged\n");
        repo.git({QStringLiteral("add"), QStringLiteral("notes.txt")});
        repo.writeFile(QStringLiteral("scratch.txt"), "untracked\n");
        const QString statusBefore = repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
        const QString indexBefore = repo.git({QStringLiteral("ls-files"), QStringLiteral("-s")});
        const QString oldTip = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();

        auto outcome = runPrepared(preparePromote(repo));
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QVERIFY(outcome->newTip);
        QVERIFY(!outcome->workTreeUpdated);
        QVERIFY(!outcome->warnings.isEmpty());
        QVERIFY(outcome->warnings.join(QLatin1Char('\n')).contains(QLatin1String("uncommitted changes")));
        // The branch moved; the files and the index did not.
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed(), oldTip);
        QCOMPARE(readFile(repo.filePath(QStringLiteral("overlays/staging/kustomization.yaml"))),
                 overlayText("staging", "1.0.0", "2.0.0") + "# my note\n");
        QCOMPARE(readFile(repo.filePath(QStringLiteral("notes.txt"))), QByteArray("staged\n"));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("scratch.txt"))), QByteArray("untracked\n"));
        QCOMPARE(repo.git({QStringLiteral("ls-files"), QStringLiteral("-s")}), indexBefore);
        QVERIFY(!statusBefore.isEmpty());
        QCOMPARE(RepoState::of(repo).fsck, QString());
    }

    void cleanWorkTreeComesAlongWithUntrackedFilesKept() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("scratch.txt"), "untracked\n");
        auto outcome = runPrepared(preparePromote(repo));
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QVERIFY(outcome->workTreeUpdated);
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QStringLiteral("?? scratch.txt\n"));
        QCOMPARE(readFile(repo.filePath(QStringLiteral("overlays/staging/kustomization.yaml"))),
                 overlayText("staging", "1.1.0", "2.1.0"));
    }

    void branchMovedSincePreviewAborts() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const Prepared prepared = preparePromote(repo);
        repo.writeFile(QStringLiteral("README.md"), "# shop\nconcurrent\n");
        repo.commitAll(QStringLiteral("someone else"), 1700000300);
        const RepoState before = RepoState::of(repo);
        auto outcome = runPrepared(prepared);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, util::ErrorCode::Conflict);
        QVERIFY2(outcome.error().message.contains(QLatin1String("moved")), qPrintable(outcome.error().message));
        QCOMPARE(RepoState::of(repo).refs, before.refs);
    }

    void commitWriterCasRefusesAMovedBranch() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const Prepared prepared = preparePromote(repo);
        repo.writeFile(QStringLiteral("README.md"), "# shop\nconcurrent\n");
        repo.commitAll(QStringLiteral("someone else"), 1700000300);
        const QString tip = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        auto written = git::CommitWriter::commit(*prepared.repository, prepared.preview.plan.commitRequest());
        QVERIFY(!written);
        QCOMPARE(written.error().code, util::ErrorCode::Conflict);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), tip);
    }

    void refusesDetachedHead() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const auto config = loadConfig(openRepository(repo.path()));
        repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")});
        auto repository = openRepository(repo.path());
        auto planner = actions::PromotePlanner::create(*repository, config, QStringLiteral("dev"), QStringLiteral("staging"));
        QVERIFY(!planner);
        QVERIFY2(planner.error().message.contains(QLatin1String("detached")), qPrintable(planner.error().message));
    }

    void refusesMergeInProgress() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const Prepared prepared = preparePromote(repo);
        const QString head = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        QFile mergeHead(repo.filePath(QStringLiteral(".git/MERGE_HEAD")));
        QVERIFY(mergeHead.open(QIODevice::WriteOnly));
        mergeHead.write(head.toUtf8() + '\n');
        mergeHead.close();
        const RepoState before = RepoState::of(repo);
        auto outcome = runPrepared(prepared);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().message.contains(QLatin1String("merge is in progress")), qPrintable(outcome.error().message));
        QCOMPARE(RepoState::of(repo).refs, before.refs);
    }

    void refusesIndexLockWhereACheckoutIsNeeded() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const Prepared prepared = preparePromote(repo);
        QFile lock(repo.filePath(QStringLiteral(".git/index.lock")));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.close();
        const QString refs = repo.git({QStringLiteral("for-each-ref")});
        auto outcome = runPrepared(prepared);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().message.contains(QLatin1String("index.lock")), qPrintable(outcome.error().message));
        QCOMPARE(repo.git({QStringLiteral("for-each-ref")}), refs);
        QFile::remove(repo.filePath(QStringLiteral(".git/index.lock")));
    }

    void cancelledBeforeCommitWritesNothing() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        const Prepared prepared = preparePromote(repo);
        actions::ActionRunOptions options;
        options.cancel.cancel();
        const QString refs = repo.git({QStringLiteral("for-each-ref")});
        auto outcome = runPrepared(prepared, options);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, util::ErrorCode::Cancelled);
        QCOMPARE(repo.git({QStringLiteral("for-each-ref")}), refs);
    }

    // A push rejected as non-fast-forward re-plans on the remote tip: the rebuilt commit
    // has the remote tip as parent and the same change.
    void pushRebuildsOnTheRemoteTip() {
        GitFixture repo;
        buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("README.md"), "# shop\nremote\n");
        const QString remoteTip = repo.commitAll(QStringLiteral("pushed by someone else"), 1700000200).trimmed();
        repo.git({QStringLiteral("branch"), QStringLiteral("remote-copy")});
        repo.git({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"), QStringLiteral("HEAD~1")});
        const Prepared prepared = preparePromote(repo);
        actions::ActionRunOptions options;
        options.push = true;
        int calls = 0;
        options.pushFunction = [&](const git::Repository&, const git::PushRequest& request) -> util::Result<git::PushOutcome> {
            ++calls;
            auto rebuilt = request.rebuild(*git::ObjectId::fromHex(remoteTip));
            if (!rebuilt)
                return util::fail(rebuilt.error());
            return git::PushOutcome{*rebuilt, 2, {}};
        };
        auto outcome = runPrepared(prepared, options);
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().toString()));
        QCOMPARE(calls, 1);
        QVERIFY(outcome->push);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed(), remoteTip);
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:overlays/staging/kustomization.yaml")}),
                 QString::fromUtf8(overlayText("staging", "1.1.0", "2.1.0")));
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:README.md")}), QStringLiteral("# shop\nremote\n"));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        QCOMPARE(RepoState::of(repo).fsck, QString());
    }
};

QTEST_GUILESS_MAIN(TestActionRunner)
#include "tst_actionrunner.moc"
