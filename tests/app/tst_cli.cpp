// The command line, run as a user would: the real `syncline` binary against repositories
// checked with the real git CLI.
#include "support/GitFixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitFixture;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runSyncline(const QStringList& args, const QString& workDir = {}) {
    QProcess process;
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.setProcessEnvironment(GitFixture::gitEnvironment());
    process.start(QStringLiteral(SYNCLINE_BINARY), args);
    process.waitForFinished(-1);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void buildHistory(GitFixture& repo) {
    repo.writeFile(QStringLiteral("overlays/prod/k.yaml"), "a");
    repo.commitAll(QStringLiteral("prod: first"), 1700000000);
    repo.writeFile(QStringLiteral("overlays/dev/k.yaml"), "a");
    repo.commitAll(QStringLiteral("dev: first"), 1700000060, QStringLiteral("Grace Hopper <grace@example.com>"));
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("side")});
    repo.writeFile(QStringLiteral("overlays/prod/k.yaml"), "b");
    repo.commitAll(QStringLiteral("prod: side change \xe2\x9c\x93"), 1700000120);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    repo.writeFile(QStringLiteral("README"), "r");
    repo.commitAll(QStringLiteral("docs"), 1700000180);
    repo.gitAt(1700000240, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"), QStringLiteral("merge side"), QStringLiteral("side")});
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void historyJsonMatchesGitLog() {
        GitFixture repo;
        buildHistory(repo);
        for (const QStringList& extra : {QStringList{}, QStringList{QStringLiteral("--path"), QStringLiteral("overlays/prod")},
                                         QStringList{QStringLiteral("--limit"), QStringLiteral("2")}}) {
            Run run = runSyncline(QStringList{QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")} + extra);
            QCOMPARE(run.exitCode, 0);
            QStringList gitArgs{QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%H%x09%P%x09%an%x09%at%x09%s")};
            if (extra.value(0) == QLatin1String("--limit"))
                gitArgs << QStringLiteral("-n") << extra[1];
            if (extra.value(0) == QLatin1String("--path"))
                gitArgs << QStringLiteral("--") << extra[1];
            const QStringList expected = repo.git(gitArgs).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QCOMPARE(lines.size(), expected.size());
            for (int i = 0; i < lines.size(); ++i) {
                const QJsonObject o = QJsonDocument::fromJson(lines[i].toUtf8()).object();
                QStringList parents;
                for (const auto& p : o.value(QStringLiteral("parents")).toArray())
                    parents << p.toString();
                const QString ours = QStringList{o.value(QStringLiteral("id")).toString(), parents.join(QLatin1Char(' ')),
                                                 o.value(QStringLiteral("author")).toString(),
                                                 QString::number(o.value(QStringLiteral("time")).toInteger()),
                                                 o.value(QStringLiteral("summary")).toString()}
                                         .join(QLatin1Char('\t'));
                QCOMPARE(ours, expected[i]);
            }
        }
    }

    void badInputExitsNonZeroWithAClearMessage() {
        QTemporaryDir empty;
        Run notRepo = runSyncline({QStringLiteral("history"), QStringLiteral("--repo"), empty.path()});
        QCOMPARE(notRepo.exitCode, 1);
        QVERIFY2(notRepo.err.contains(QStringLiteral("not a Git repository")), qPrintable(notRepo.err));
        QVERIFY(notRepo.err.contains(empty.path()));
        Run badLimit = runSyncline({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("lots")});
        QCOMPARE(badLimit.exitCode, 2);
        QVERIFY(badLimit.err.contains(QStringLiteral("--limit")));
        GitFixture repo;
        Run emptyRepo = runSyncline({QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(emptyRepo.exitCode, 0);
        QCOMPARE(emptyRepo.out, QString());
        Run unknown = runSyncline({QStringLiteral("frobnicate")}, repo.path());
        QCOMPARE(unknown.exitCode, 2); // neither a command nor a folder: the window must not open
        QVERIFY(unknown.err.contains(QStringLiteral("neither a command nor a folder")));
    }

    void demoCreatesAConsistentWorkspaceAndReusesIt() {
        QTemporaryDir dir;
        Run first = runSyncline({QStringLiteral("demo"), dir.path(), QStringLiteral("--no-window")});
        QCOMPARE(first.exitCode, 0);
        const QString workspace = dir.path() + QStringLiteral("/workspace");
        QVERIFY(first.out.contains(workspace));
        GitFixture repo(workspace);
        QString fsck;
        QCOMPARE(repo.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict")}, &fsck), 0);
        QVERIFY(repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("HEAD")}).trimmed().toInt() >= 12);
        QCOMPARE(repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("@{u}..HEAD")}).trimmed(), QStringLiteral("1"));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).trimmed(), QStringLiteral("M overlays/staging/kustomization.yaml"));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("--merges"), QStringLiteral("--format=%s")}).contains(QStringLiteral("Merge branch")));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("--format=%s")}).contains(QStringLiteral("Revert \"")));
        QCOMPARE(repo.git({QStringLiteral("tag")}).trimmed(), QStringLiteral("v1.0.0"));
        const QString head = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        Run again = runSyncline({QStringLiteral("demo"), dir.path(), QStringLiteral("--no-window")});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), head); // reused, not rebuilt
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
