// `syncline promote|revert|rollback`, run as a user would: the real binary, checked with
// the real git CLI.
#include "core/actions/ActionsFixture.h"
#include "support/CliRun.h"
#include "support/DevCluster.h"
#include "support/GitDaemon.h"
#include "support/GitHooks.h"
#include "support/HttpGitServer.h"
#include "support/IsolationGuard.h"
#include "support/ScriptFile.h"

#include <QDir>
#include <QDirIterator>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using syncline::test::GitFixture;

namespace {

using Run = syncline::test::CliRun;

Run runSyncline(const QStringList& args, const QByteArray& input = {},
                const QProcessEnvironment& environment = GitFixture::gitEnvironment()) {
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = environment, .input = input});
}

void writeText(const QString& path, const QByteArray& content) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
}

// A bare clone of `repo` in `dir` as repo's "origin" (at `url`, default the bare repository's path).
QString addOrigin(const GitFixture& repo, const QTemporaryDir& dir, const QString& url = {}) {
    const QString origin = dir.filePath(QStringLiteral("origin.git"));
    repo.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), repo.path(), origin});
    const GitFixture bare(origin);
    bare.git({QStringLiteral("config"), QStringLiteral("http.receivepack"), QStringLiteral("true")});
    bare.git({QStringLiteral("config"), QStringLiteral("daemon.receivepack"), QStringLiteral("true")});
    repo.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
              url.isEmpty() ? QUrl::fromLocalFile(origin).toString() : url});
    return origin;
}

// A bare clone of `repo` served by git daemon as repo's origin, its main protected by a
// pre-receive hook (libgit2's file:// transport runs no hooks, a daemon does).
struct ProtectedRemote {
    QTemporaryDir dir;
    syncline::test::GitDaemon daemon{dir.path()};
    QString origin;

    void serve(const GitFixture& repo) {
        QString error;
        QVERIFY2(daemon.start(&error), qPrintable(error));
        origin = addOrigin(repo, dir, daemon.url(QStringLiteral("origin.git")));
        QVERIFY(syncline::test::protectBranch(origin));
    }
};

QString rev(const GitFixture& repo, const QString& what) { return repo.git({QStringLiteral("rev-parse"), what}).trimmed(); }

QString state(const GitFixture& repo) {
    return repo.git({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname) %(objectname)")}) +
           repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
}

// Every file of the work tree (outside .git) with its bytes.
QMap<QString, QByteArray> workTree(const GitFixture& repo) {
    QMap<QString, QByteArray> files;
    QDirIterator it(repo.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(repo.path()).relativeFilePath(path);
        if (!relative.startsWith(QLatin1String(".git/")))
            files.insert(relative, syncline::test::readFile(path));
    }
    return files;
}

// A teammate's commit pushed to `origin` from a clone in `dir`; returns its id.
QString teammatePushes(const QTemporaryDir& dir, const QString& origin) {
    GitFixture teammate(dir.filePath(QStringLiteral("teammate")));
    QDir().mkpath(teammate.path());
    teammate.git({QStringLiteral("clone"), QStringLiteral("-q"), origin, QStringLiteral(".")});
    teammate.writeFile(QStringLiteral("README.md"), "# shop, by a teammate\n");
    const QString theirs = teammate.commitAll(QStringLiteral("teammate: readme"), 1700000500).trimmed();
    teammate.git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("main")});
    return theirs;
}

QStringList revList(const GitFixture& repo, const QString& what) {
    return repo.git({QStringLiteral("rev-list"), what}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestActionsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dryRunChangesNothing() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--dry-run"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("promote(staging): from dev@")), qPrintable(run.out));
        QVERIFY(run.out.contains(QLatin1String("+  newTag: \"1.1.0\"")));
        QVERIFY(run.out.contains(QLatin1String("staging: 3 modified")));
        QVERIFY(run.out.contains(QLatin1String("dry run: nothing was changed")));
        QCOMPARE(state(repo), before);
    }

    void promptDeclinedByEndOfInput() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString before = state(repo);
        Run run = runSyncline(
            {QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(state(repo), before);
        run = runSyncline(
            {QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--repo"), repo.path()},
            "y\n");
        QCOMPARE(run.exitCode, 0);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")})
                    .startsWith(QLatin1String("promote(staging)")));
    }

    void yesCommitsEachAction() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString first = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed();
        const QString devBump = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("committed ")));
        run = runSyncline({QStringLiteral("revert"), devBump, QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")})
                    .contains(QLatin1String("Syncline-Action: revert")));
        run = runSyncline({QStringLiteral("rollback"), QStringLiteral("staging"), first, QStringLiteral("--yes"),
                           QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")})
                    .contains(QStringLiteral("Syncline-Rollback-To: ") + first));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }

    void conflictExitsWithThree() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("base/api.yaml"), syncline::test::deploymentText("api", "x:bad"));
        const QString bad = repo.commitAll(QStringLiteral("bad"), 1700000200).trimmed();
        repo.writeFile(QStringLiteral("base/api.yaml"), syncline::test::deploymentText("api", "x:worse"));
        repo.commitAll(QStringLiteral("worse"), 1700000300);
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("revert"), bad, QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(QLatin1String("base/api.yaml")), qPrintable(run.err));
        QCOMPARE(state(repo), before);
    }

    // The branch moves while the commit is being made, raced for real: the signer (the last
    // program run before the ref update) commits a teammate's change onto main first. The
    // ref moves compare-and-swap, so the action refuses and the teammate's commit stays.
    void branchMovedWhileSigningIsNeverOverwritten() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString before = rev(repo, QStringLiteral("main"));
        repo.writeFile(QStringLiteral("README.md"), "# shop, by a teammate\n");
        const QString theirs = repo.commitAll(QStringLiteral("teammate: readme"), 1700000500).trimmed();
        repo.git({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"), before});
        QTemporaryDir dir;
        const QString signer = syncline::test::writeScript(
            dir.filePath(QStringLiteral("racing-gpg")),
            QStringLiteral("#!/bin/sh\ngit -C '%1' update-ref refs/heads/main %2 %3 || exit 1\ncat >/dev/null\n"
                           "echo '[GNUPG:] SIG_CREATED D 1 8 00 1700000600 FINGERPRINT' >&2\n"
                           "printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nwsBcBAABCAAQ\\n-----END PGP SIGNATURE-----\\n'\n")
                .arg(repo.path(), theirs, before)
                .toUtf8());
        QVERIFY(!signer.isEmpty());
        repo.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
        repo.git({QStringLiteral("config"), QStringLiteral("gpg.program"), signer});

        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(rev(repo, QStringLiteral("main")), theirs);
        QVERIFY2(run.exitCode == 3 && run.err.contains(QLatin1String("moved")), qPrintable(run.out + run.err));
        QCOMPARE(repo.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict"), QStringLiteral("--no-dangling")}), 0);
    }

    // An unpushed local commit L, and origin moved ahead meanwhile: the push is rejected as
    // non-fast-forward, and rebuilding the revert on origin's tip would drop L. Refused:
    // nothing pushed, L and its file kept, the revert kept locally on top of L.
    void pushRetryNeverDropsAnUnpushedLocalCommit() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString devBump = rev(repo, QStringLiteral("HEAD"));
        QTemporaryDir dir;
        const QString origin = addOrigin(repo, dir);
        repo.git({QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
        repo.git({QStringLiteral("branch"), QStringLiteral("-q"), QStringLiteral("-u"), QStringLiteral("origin/main")});
        const QString theirs = teammatePushes(dir, origin);
        repo.writeFile(QStringLiteral("notes/local.txt"), "work in progress, not pushed\n");
        const QString local = repo.commitAll(QStringLiteral("local: notes"), 1700000600).trimmed();

        Run preview =
            runSyncline({QStringLiteral("revert"), devBump, QStringLiteral("--dry-run"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(preview.exitCode, 0);
        QVERIFY2(preview.out.contains(QLatin1String("1 unpushed commit on 'main' not yet on origin/main will be published too")),
                 qPrintable(preview.out));

        const QStringList before = revList(repo, QStringLiteral("main"));
        const QMap<QString, QByteArray> filesBefore = workTree(repo);
        Run run = runSyncline({QStringLiteral("revert"), devBump, QStringLiteral("--push"), QStringLiteral("--yes"),
                               QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains(QLatin1String("1 commit of your local 'main'")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("nothing was pushed")), qPrintable(run.err));
        const QStringList after = revList(repo, QStringLiteral("main"));
        for (const QString& commit : before)
            QVERIFY2(after.contains(commit), qPrintable(QStringLiteral("%1 is no longer on main").arg(commit)));
        QCOMPARE(rev(repo, QStringLiteral("main~1")), local);
        QCOMPARE(GitFixture(origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), theirs);
        const QMap<QString, QByteArray> filesAfter = workTree(repo);
        QCOMPARE(filesAfter.value(QStringLiteral("notes/local.txt")), QByteArray("work in progress, not pushed\n"));
        for (auto it = filesBefore.begin(); it != filesBefore.end(); ++it)
            if (!it.key().startsWith(QLatin1String("overlays/dev/")))
                QVERIFY2(filesAfter.value(it.key()) == it.value(), qPrintable(it.key()));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }

    // The same race without a local commit of the user's: the revert is rebuilt on the
    // teammate's commit and pushed, the teammate's work kept.
    void pushRetryRebuildsOnlyTheActionsOwnCommit() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString devBump = rev(repo, QStringLiteral("HEAD"));
        QTemporaryDir dir;
        const QString origin = addOrigin(repo, dir);
        repo.git({QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
        const QString theirs = teammatePushes(dir, origin);
        const QStringList before = revList(repo, QStringLiteral("main"));

        Run run = runSyncline({QStringLiteral("revert"), devBump, QStringLiteral("--push"), QStringLiteral("--yes"),
                               QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("rebuilt on the remote tip")), qPrintable(run.out));
        QCOMPARE(rev(repo, QStringLiteral("main~1")), theirs);
        const QStringList after = revList(repo, QStringLiteral("main"));
        for (const QString& commit : before)
            QVERIFY(after.contains(commit));
        QCOMPARE(GitFixture(origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(),
                 rev(repo, QStringLiteral("main")));
    }

    void rejectedPushGoesToNewBranchOnRequest() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        ProtectedRemote served;
        served.serve(repo);
        if (QTest::currentTestFailed())
            return;
        const GitFixture remote(served.origin);
        const QString remoteMain = rev(remote, QStringLiteral("main"));
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--push"), QStringLiteral("--new-branch-on-reject"),
                               QStringLiteral("--repo"), repo.path()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QString ours = rev(repo, QStringLiteral("main"));
        const QString branch = QStringLiteral("syncline/promote-") + ours.left(7);
        QVERIFY2(run.err.contains(QLatin1String("main is protected")), qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("to the new branch %1").arg(branch)) &&
                     run.out.contains(QLatin1String("NOT updated")),
                 qPrintable(run.out));
        // Checked with git itself: the commit is on the new branch, main is untouched.
        QCOMPARE(rev(remote, QStringLiteral("refs/heads/") + branch), ours);
        QCOMPARE(rev(remote, QStringLiteral("main")), remoteMain);
        QVERIFY(remote.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), branch})
                    .startsWith(QLatin1String("promote(staging)")));
        QCOMPARE(remote.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict")}), 0);
    }

    void rejectedPushWithoutConsentPublishesNothing() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        ProtectedRemote served;
        served.serve(repo);
        if (QTest::currentTestFailed())
            return;
        const GitFixture remote(served.origin);
        const QString before = remote.git({QStringLiteral("for-each-ref")});
        // No terminal (stdin is a pipe) and no --new-branch-on-reject: nothing is asked or pushed.
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--push"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains(QStringLiteral("git push origin main:syncline/promote-") +
                                  rev(repo, QStringLiteral("main")).left(7)),
                 qPrintable(run.err));
        QCOMPARE(remote.git({QStringLiteral("for-each-ref")}), before);
    }

    void syncAfterPromoteDeploysStaging() {
        // HTTPS: the cluster wants its random token, which kubectl sends only over HTTPS.
        syncline::test::DevCluster cluster({.tls = true});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        QByteArray config = "version: 1\nenvironments:\n";
        for (const char* env : {"dev", "staging", "prod"})
            config += QByteArray("  - name: ") + env + "\n    path: overlays/" + env +
                      "\n    renderer: kustomize\n    namespace: shop-" + env +
                      "\n    promotable: [version.yaml]\n    cluster:\n      kubeconfig: " + cluster.kubeconfigPath().toUtf8() +
                      "\n";
        repo.writeFile(QStringLiteral("syncline.yaml"), config + "promotion: [dev, staging, prod]\n");
        repo.commitAll(QStringLiteral("clusters"), 1700000200);
        // Without --yes and without a terminal, the untrusted cluster stops --sync before
        // anything is written (a "y" on a pipe answers the commit question, not this one).
        const QString before = state(repo);
        const Run refused = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                                         QStringLiteral("--sync"), QStringLiteral("--repo"), repo.path()},
                                        "y\n");
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QLatin1String("cluster for 'staging' not trusted yet")) &&
                     refused.err.contains(QLatin1String("Nothing was changed")),
                 qPrintable(refused.err));
        QCOMPARE(state(repo), before);

        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--sync"), QStringLiteral("--repo"), repo.path()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        // --yes trusted exactly the cluster it syncs, and said so.
        QVERIFY2(run.err.contains(QLatin1String("trusting the cluster of 'staging' for this repository (--yes):")),
                 qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("server:     ") + cluster.url().toString()));
        QVERIFY(!run.err.contains(QLatin1String("'dev'")));
        const QString ours = rev(repo, QStringLiteral("main"));
        QVERIFY2(run.out.contains(QStringLiteral("Synced staging to ") + ours.left(7)), qPrintable(run.out));
        QVERIFY(!run.out.contains(QLatin1String("Synced dev"))); // only what the commit changes
        // `syncline activity` has the consent, the promotion and the sync, in that order.
        const Run activity =
            runSyncline({QStringLiteral("activity"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("3")});
        QCOMPARE(activity.exitCode, 0);
        const QStringList entries = activity.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(entries.size(), 3);
        QVERIFY2(entries[0].contains(QLatin1String("\"kind\":\"consent\"")) &&
                     entries[0].contains(QLatin1String("\"environment\":\"staging\"")) &&
                     entries[0].contains(cluster.url().toString()),
                 qPrintable(entries[0]));
        QVERIFY2(entries[1].contains(QLatin1String("\"kind\":\"promote\"")) &&
                     entries[1].contains(QStringLiteral("\"commit\":\"%1\"").arg(ours)),
                 qPrintable(entries[1]));
        QVERIFY2(entries[2].contains(QLatin1String("\"what\":\"Sync staging\"")) &&
                     entries[2].contains(QLatin1String("\"succeeded\":true")),
                 qPrintable(entries[2]));
        QVERIFY(!activity.out.contains(cluster.token())); // never a secret
        // A fresh read of the cluster says staging runs the new commit, in sync.
        const Run status = runSyncline({QStringLiteral("status"), QStringLiteral("staging"), QStringLiteral("--json"),
                                        QStringLiteral("--repo"), repo.path()});
        QVERIFY2(status.out.contains(QStringLiteral("\"commit\":\"%1\"").arg(ours)) &&
                     status.out.contains(QLatin1String("\"sync\":\"Synced\"")),
                 qPrintable(status.out + status.err));
        // And kubectl, the independent reader, where it is installed (it is not a Debian package).
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty()) {
            qWarning("kubectl is not installed: the kubectl read-back of staging's images did not run");
            return;
        }
        QTemporaryDir kubeHome;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), kubeHome.path());
        const Run images = syncline::test::runCli(
            QStringLiteral("kubectl"),
            {QStringLiteral("--kubeconfig"), cluster.kubeconfigPath(), QStringLiteral("get"), QStringLiteral("deployments"),
             QStringLiteral("-n"), QStringLiteral("shop-staging"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}{\"\\n\"}{end}")},
            {.environment = env});
        QVERIFY2(images.exitCode == 0, qPrintable(images.err));
        QCOMPARE(images.out, QStringLiteral("registry.example.com/shop/api:1.1.0\nregistry.example.com/shop/web:2.1.0\n"));
    }

    void syncWithoutPushRefusedWhenBranchHasUpstream() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        QTemporaryDir remoteDir;
        addOrigin(repo, remoteDir);
        repo.git({QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
        repo.git({QStringLiteral("branch"), QStringLiteral("--set-upstream-to=origin/main")});
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--sync"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("origin/main")) && run.err.contains(QLatin1String("--push")),
                 qPrintable(run.err));
        QCOMPARE(state(repo), before);
    }

    void missingIdentityIsAFailure() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        repo.git({QStringLiteral("config"), QStringLiteral("--unset"), QStringLiteral("user.name")});
        repo.git({QStringLiteral("config"), QStringLiteral("--unset"), QStringLiteral("user.email")});
        const QString before = state(repo);
        QTemporaryDir home; // no ~/.gitconfig naming anyone either
        QProcessEnvironment env = GitFixture::gitEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        for (const char* name : {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"})
            env.remove(QString::fromLatin1(name));
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()},
                              {}, env);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("set user.name and user.email")), qPrintable(run.err));
        QCOMPARE(state(repo), before);
    }

    // The credential chain's last fallback: the user's git credential helper (store) answers
    // the http-backend's Basic authentication, for syncline fetch and for a push.
    void httpPushUsesGitCredentialHelper() {
        const QString token = QStringLiteral("helper-token-7c1e");
        QTemporaryDir root;
        syncline::test::HttpGitServer server(root.path(), QStringLiteral("ada"), token);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString origin = addOrigin(repo, root, server.url(QStringLiteral("origin.git")));
        QTemporaryDir home;
        writeText(home.filePath(QStringLiteral(".gitconfig")), "[credential]\n\thelper = store\n");
        writeText(home.filePath(QStringLiteral(".git-credentials")),
                  QStringLiteral("http://ada:%1@127.0.0.1:%2\n").arg(token).arg(server.port()).toUtf8());
        QProcessEnvironment env = GitFixture::gitEnvironment();
        env.remove(QStringLiteral("GIT_CONFIG_GLOBAL")); // the helper is configured in this HOME
        env.remove(QStringLiteral("SYNCLINE_GIT_TOKEN"));
        env.insert(QStringLiteral("HOME"), home.path());
        QCOMPARE(server.authorizedRequests(), 0);
        const Run fetch = runSyncline({QStringLiteral("fetch"), QStringLiteral("--repo"), repo.path()}, {}, env);
        QVERIFY2(fetch.exitCode == 0, qPrintable(fetch.out + fetch.err));
        const int afterFetch = server.authorizedRequests();
        QVERIFY(afterFetch > 0);
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                               QStringLiteral("--yes"), QStringLiteral("--push"), QStringLiteral("--repo"), repo.path()},
                              {}, env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QLatin1String("pushed main to origin")), qPrintable(run.out));
        QCOMPARE(rev(GitFixture(origin), QStringLiteral("main")), rev(repo, QStringLiteral("main")));
        QVERIFY(server.authorizedRequests() > afterFetch); // the push itself authenticated
        QVERIFY(!run.out.contains(token) && !run.err.contains(token));
    }

    void usageErrorsExitWithTwo() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        QCOMPARE(runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("--repo"), repo.path()}).exitCode,
                 2);
        QCOMPARE(runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("nope"), QStringLiteral("--repo"),
                              repo.path()})
                     .exitCode,
                 2);
        Run help = runSyncline({QStringLiteral("revert"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QLatin1String("4 push rejected")));
        QVERIFY(help.out.contains(QLatin1String("--new-branch-on-reject")));
    }
};

QTEST_GUILESS_MAIN(TestActionsCli)
#include "tst_actions_cli.moc"
