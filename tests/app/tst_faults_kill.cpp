// `kill -9` of the real `syncline` while `promote --yes --push` commits and pushes to a
// git daemon. Kill points: random delays from a seeded generator (SYNCLINE_FAULT_SEED
// replays them), and deterministic ones made by real programs the action runs: the commit
// signer (gpg.program) and the remote's pre-receive hook. After every kill both
// repositories pass `git fsck --strict`, every ref is at its old or its new value, `git
// status` works, and running the same command again publishes the promotion.
#include "core/actions/ActionsFixture.h"
#include "support/GitDaemon.h"
#include "support/ScriptFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <limits>

using syncline::test::GitFixture;

namespace {

const QStringList promoteArgs{QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"),
                              QStringLiteral("--yes"), QStringLiteral("--push")};

QString rev(const GitFixture& repo, const QString& what) {
    return repo.git({QStringLiteral("rev-parse"), QStringLiteral("-q"), QStringLiteral("--verify"), what}).trimmed();
}

// Every ref of a repository with the commit it names.
QMap<QString, QString> refs(const GitFixture& repo) {
    QMap<QString, QString> result;
    const QStringList lines = repo.git({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname) %(objectname)")})
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines)
        result.insert(line.section(QLatin1Char(' '), 0, 0), line.section(QLatin1Char(' '), 1, 1));
    return result;
}

QString fsckProblems(const GitFixture& repo) {
    QString output;
    const int rc = repo.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict"), QStringLiteral("--no-dangling")}, &output);
    return rc == 0 ? QString() : QStringLiteral("git fsck --strict in %1 failed: %2").arg(repo.path(), output);
}

// A GitOps repository whose dev is one bump ahead of staging, and its bare origin served
// by a git daemon, main tracking origin/main: a copy (cp -a) of one template per kill, as
// building it with git each time would take most of the test's time.
struct Scenario {
    GitFixture work;
    GitFixture origin;
    QString oldTip;
    QStringList workRefNames, originRefNames;

    static void buildTemplate(const QString& root, const syncline::test::GitDaemon& daemon) {
        GitFixture built;
        syncline::test::buildGitOpsRepository(built);
        QVERIFY(QDir().mkpath(root + QStringLiteral("/template")));
        const GitFixture template_(root + QStringLiteral("/template"));
        template_.git({QStringLiteral("clone"), QStringLiteral("-q"), built.path(), QStringLiteral("work")});
        template_.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), built.path(),
                       QStringLiteral("origin.git")});
        const GitFixture work(root + QStringLiteral("/template/work"));
        work.git({QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Ada Lovelace")});
        work.git({QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("ada@example.com")});
        work.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                  daemon.url(QStringLiteral("template/origin.git"))});
        work.git({QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
        GitFixture(root + QStringLiteral("/template/origin.git"))
            .git({QStringLiteral("config"), QStringLiteral("daemon.receivepack"), QStringLiteral("true")});
    }

    Scenario(const QString& root, const QString& name, const syncline::test::GitDaemon& daemon)
        : work(copyOf(root + QStringLiteral("/template/work"), root + QLatin1Char('/') + name)),
          origin(copyOf(root + QStringLiteral("/template/origin.git"), root + QLatin1Char('/') + name + QStringLiteral(".git"))) {
        work.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                  daemon.url(name + QStringLiteral(".git"))});
        oldTip = rev(work, QStringLiteral("main"));
        workRefNames = refs(work).keys();
        originRefNames = refs(origin).keys();
    }

    static QString copyOf(const QString& from, const QString& to) {
        QProcess copy;
        copy.start(QStringLiteral("cp"), {QStringLiteral("-a"), from, to});
        if (!copy.waitForFinished(60000) || copy.exitCode() != 0)
            QTest::qFail(qPrintable(QStringLiteral("cp -a %1 %2 failed").arg(from, to)), __FILE__, __LINE__);
        return to;
    }

    // The promotion commit: a child of the old tip that copies dev's version to staging.
    bool isPromotion(const QString& commit) const {
        return work.gitStatus({QStringLiteral("rev-parse"), QStringLiteral("-q"), QStringLiteral("--verify"),
                               commit + QStringLiteral("^{commit}")}) == 0 &&
               rev(work, commit + QStringLiteral("~1")) == oldTip &&
               work.git({QStringLiteral("show"), commit + QStringLiteral(":overlays/staging/version.yaml")})
                   .contains(QLatin1String("\"1.1\""));
    }
};

QProcess* startSyncline(const QString& repo, QObject* parent) {
    auto* process = new QProcess(parent);
    process->setProcessEnvironment(GitFixture::gitEnvironment());
    QStringList args = promoteArgs;
    args << QStringLiteral("--repo") << repo;
    process->start(QStringLiteral(SYNCLINE_BINARY), args);
    return process;
}

} // namespace

class TestFaultsKill : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_root;
    std::unique_ptr<syncline::test::GitDaemon> m_daemon;
    int m_scenarios = 0;

    std::unique_ptr<Scenario> scenario() {
        return std::make_unique<Scenario>(m_root.path(), QStringLiteral("scenario%1").arg(++m_scenarios), *m_daemon);
    }

    // Kills the process and waits until the daemon's receive-pack for it has ended too (it
    // may still be moving objects and the ref into place).
    void killAndSettle(QProcess& process) {
        process.kill();
        QVERIFY(process.waitForFinished(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!m_daemon->servingConnection(), 30000);
    }

    // Runs the command again. A lock file the kill left behind stops it; the error must name
    // the file, which is then deleted as the message tells the user to, and it runs again.
    bool rerunRemovingNamedLocks(const Scenario& s, QString* output) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            QProcess* again = startSyncline(s.work.path(), this);
            if (!again->waitForFinished(60000))
                return false;
            const QString err = QString::fromUtf8(again->readAllStandardError());
            *output = QStringLiteral("exit %1; ").arg(again->exitCode()) +
                      QString::fromUtf8(again->readAllStandardOutput()).right(300) + QStringLiteral("; stderr: ") + err;
            if (again->exitStatus() == QProcess::NormalExit && again->exitCode() == 0)
                return true;
            const QRegularExpression lockPath(QStringLiteral("(/\\S+\\.lock)\\b"));
            const QString named = lockPath.match(err).captured(1);
            if (named.isEmpty() || !named.startsWith(s.work.path() + QStringLiteral("/.git/")) || !QFile::remove(named))
                return false;
        }
        return false;
    }

    // What a user would check after the crash, then the same command run again.
    void verifyAfterKill(const Scenario& s, const QString& where) {
        QCOMPARE(fsckProblems(s.work), QString());
        QCOMPARE(fsckProblems(s.origin), QString());
        const QString local = rev(s.work, QStringLiteral("refs/heads/main"));
        QVERIFY2(local == s.oldTip || s.isPromotion(local), qPrintable(where + QStringLiteral(": local main is ") + local));
        const QString remote = rev(s.origin, QStringLiteral("refs/heads/main"));
        QVERIFY2(remote == s.oldTip || remote == local, qPrintable(where + QStringLiteral(": origin's main is ") + remote));
        const QString tracking = rev(s.work, QStringLiteral("refs/remotes/origin/main"));
        QVERIFY2(tracking == s.oldTip || tracking == remote, qPrintable(where + QStringLiteral(": origin/main is ") + tracking));
        // No ref appeared or vanished anywhere.
        QCOMPARE(refs(s.work).keys(), s.workRefNames);
        QCOMPARE(refs(s.origin).keys(), s.originRefNames);
        // The index and the work tree are readable; at most the promoted files differ (the
        // branch moved before the work tree and index were brought along).
        QString status;
        QVERIFY2(s.work.gitStatus({QStringLiteral("status"), QStringLiteral("--porcelain")}, &status) == 0, qPrintable(status));
        const QStringList changed = status.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& line : changed)
            QVERIFY2(line.mid(3).startsWith(QLatin1String("overlays/staging/")) && !line.startsWith(QLatin1String("??")),
                     qPrintable(where + QStringLiteral(": git status says ") + status));

        QString output;
        QVERIFY2(rerunRemovingNamedLocks(s, &output), qPrintable(where + QStringLiteral(": the rerun failed: ") + output));
        const QString published = rev(s.origin, QStringLiteral("refs/heads/main"));
        QVERIFY2(s.isPromotion(published), qPrintable(where + QStringLiteral(": after the rerun origin's main is ") + published +
                                                      QStringLiteral("; the rerun said: ") + output));
        QCOMPARE(rev(s.work, QStringLiteral("refs/heads/main")), published);
        QCOMPARE(fsckProblems(s.origin), QString());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        m_daemon = std::make_unique<syncline::test::GitDaemon>(m_root.path());
        QString error;
        QVERIFY2(m_daemon->start(&error), qPrintable(error));
        Scenario::buildTemplate(m_root.path(), *m_daemon);
    }

    // SIGKILL after a random delay within the time an uninterrupted run takes.
    void killedAtRandomPoints() {
        // The fastest of a few uninterrupted runs (the first one warms caches up).
        qint64 runMicroseconds = std::numeric_limits<qint64>::max();
        for (int run = 0; run < 3; ++run) {
            auto s = scenario();
            QElapsedTimer clock;
            clock.start();
            QProcess* whole = startSyncline(s->work.path(), this);
            QVERIFY(whole->waitForFinished(60000));
            QCOMPARE(whole->exitCode(), 0);
            runMicroseconds = qMin(runMicroseconds, clock.nsecsElapsed() / 1000);
        }
        const quint32 seed = qEnvironmentVariableIsSet("SYNCLINE_FAULT_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("SYNCLINE_FAULT_SEED"))
                                 : QRandomGenerator::system()->generate() & 0x7fffffff;
        qInfo("kill points: SYNCLINE_FAULT_SEED=%u (an uninterrupted run took %lld us)", seed, runMicroseconds);
        QRandomGenerator random(seed);
        const int rounds =
            qEnvironmentVariableIsSet("SYNCLINE_FAULT_ROUNDS") ? qEnvironmentVariableIntValue("SYNCLINE_FAULT_ROUNDS") : 24;
        for (int round = 0; round < rounds; ++round) {
            auto s = scenario();
            const auto delay = qint64(random.bounded(quint32(runMicroseconds * 12 / 10)));
            QProcess* process = startSyncline(s->work.path(), this);
            QVERIFY2(process->waitForStarted(), qPrintable(process->errorString()));
            QThread::usleep(delay); // the kill point itself, not synchronisation
            killAndSettle(*process);
            verifyAfterKill(
                *s, QStringLiteral("round %1, killed after %2 us (SYNCLINE_FAULT_SEED=%3)").arg(round).arg(delay).arg(seed));
            if (QTest::currentTestFailed())
                return;
        }
    }

    // The signer is the last program run before the branch moves: the commit object exists,
    // no ref points at it yet.
    void killedWhileTheCommitIsSigned() {
        auto s = scenario();
        const QString signer = syncline::test::writeScript(m_root.filePath(QStringLiteral("kill-parent-gpg")),
                                                           "#!/bin/sh\nkill -9 $PPID\nsleep 30\n");
        QVERIFY(!signer.isEmpty());
        s->work.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
        s->work.git({QStringLiteral("config"), QStringLiteral("gpg.program"), signer});
        QProcess* process = startSyncline(s->work.path(), this);
        QVERIFY(process->waitForFinished(60000));
        QCOMPARE(process->exitStatus(), QProcess::CrashExit);
        QTRY_VERIFY_WITH_TIMEOUT(!m_daemon->servingConnection(), 30000);
        QCOMPARE(rev(s->work, QStringLiteral("main")), s->oldTip);
        s->work.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("false")});
        verifyAfterKill(*s, QStringLiteral("killed by the signer"));
    }

    // A kill between taking the branch's lock and renaming it into place leaves
    // refs/heads/main.lock behind (git never removes it on its own): the next run names the
    // file and what to do, moves nothing, and runs once it is deleted.
    void aStaleBranchLockIsNamed() {
        auto s = scenario();
        const QString lock = s->work.filePath(QStringLiteral(".git/refs/heads/main.lock"));
        QFile file(lock);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QProcess* process = startSyncline(s->work.path(), this);
        QVERIFY(process->waitForFinished(60000));
        const QString err = QString::fromUtf8(process->readAllStandardError());
        QCOMPARE(process->exitCode(), 3);
        QVERIFY2(err.contains(lock) && err.contains(QLatin1String("delete that file")), qPrintable(err));
        QCOMPARE(rev(s->work, QStringLiteral("main")), s->oldTip);
        verifyAfterKill(*s, QStringLiteral("a stale lock"));
    }

    // The remote's pre-receive hook kills syncline, then accepts (the remote moves while
    // the client is dead) or refuses the update.
    void killedWhileTheRemoteReceives_data() {
        QTest::addColumn<int>("hookExit");
        QTest::newRow("remote accepts") << 0;
        QTest::newRow("remote refuses") << 1;
    }
    void killedWhileTheRemoteReceives() {
        QFETCH(int, hookExit);
        auto s = scenario();
        const QString pidFile = s->origin.filePath(QStringLiteral("client.pid"));
        QVERIFY(
            !syncline::test::writeScript(s->origin.filePath(QStringLiteral("hooks/pre-receive")),
                                         QStringLiteral("#!/bin/sh\ncat >/dev/null\nwhile [ ! -s '%1' ]; do sleep 0.05; done\n"
                                                        "kill -9 \"$(cat '%1')\"\n"
                                                        "while kill -0 \"$(cat '%1')\" 2>/dev/null; do sleep 0.05; done\n"
                                                        "exit %2\n")
                                             .arg(pidFile)
                                             .arg(hookExit)
                                             .toUtf8())
                 .isEmpty());
        QProcess* process = startSyncline(s->work.path(), this);
        QVERIFY2(process->waitForStarted(), qPrintable(process->errorString()));
        QFile pid(pidFile);
        QVERIFY(pid.open(QIODevice::WriteOnly));
        pid.write(QByteArray::number(process->processId()));
        pid.close();
        QVERIFY(process->waitForFinished(60000));
        QCOMPARE(process->exitStatus(), QProcess::CrashExit);
        QTRY_VERIFY_WITH_TIMEOUT(!m_daemon->servingConnection(), 30000);
        const QString local = rev(s->work, QStringLiteral("main"));
        QVERIFY(s->isPromotion(local));
        QCOMPARE(rev(s->origin, QStringLiteral("main")), hookExit == 0 ? local : s->oldTip);
        QFile::remove(s->origin.filePath(QStringLiteral("hooks/pre-receive")));
        verifyAfterKill(*s, QStringLiteral("killed during the push"));
    }
};

QTEST_GUILESS_MAIN(TestFaultsKill)
#include "tst_faults_kill.moc"
