// The command line, run as a user would: the real `syncline` binary against repositories
// checked with the real git CLI.
#include "support/ArgoDestinationFixture.h"
#include "support/CliRun.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitFixture;

namespace {

using Run = syncline::test::CliRun;

Run runSyncline(const QStringList& args, const QString& workDir = {}) {
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args,
                                  {.workDir = workDir, .environment = GitFixture::gitEnvironment()});
}

// The shared libraries `syncline ARGS` loads, by file name, as the dynamic loader reports
// them (LD_DEBUG=libs: "calling init: /usr/lib/.../libQt6Core.so.6").
QStringList librariesLoadedBy(const QStringList& args) {
    QProcessEnvironment env = GitFixture::gitEnvironment();
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
    const Run run = syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = env});
    if (run.exitCode != 0)
        return {QStringLiteral("(syncline %1 failed: %2)").arg(args.join(QLatin1Char(' ')), run.err)};
    QStringList loaded;
    const QLatin1String marker("calling init: ");
    for (const QString& line : run.err.split(QLatin1Char('\n'))) {
        const qsizetype at = line.indexOf(marker);
        if (at >= 0)
            loaded << QFileInfo(line.mid(at + marker.size()).trimmed()).fileName();
    }
    return loaded;
}

// `syncline fetch --repo DIR [--remote NAME]` with SYNCLINE_GIT_TOKEN (and more) set.
Run fetchWithToken(const QString& repo, const QString& remote, const QHash<QString, QString>& variables) {
    QProcessEnvironment env = GitFixture::gitEnvironment();
    for (const QString& name :
         {QStringLiteral("SYNCLINE_GIT_TOKEN"), QStringLiteral("SYNCLINE_GIT_USER"), QStringLiteral("SYNCLINE_GIT_HOST")})
        env.remove(name);
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        env.insert(it.key(), it.value());
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY),
                                  {QStringLiteral("fetch"), QStringLiteral("--repo"), repo, QStringLiteral("--remote"), remote},
                                  {.environment = env});
}

// origin.git under `root` (served by the test servers) and a repository to fetch into.
QString serveOrigin(const QTemporaryDir& root, GitFixture& work) {
    work.writeFile(QStringLiteral("README"), "r\n");
    work.commitAll(QStringLiteral("first"), 1700000000);
    const QString origin = root.filePath(QStringLiteral("origin.git"));
    work.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), work.path(), origin});
    return origin;
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
    repo.gitAt(1700000240, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                            QStringLiteral("merge side"), QStringLiteral("side")});
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fetchNeverShowsATokenUsedAsUserName();
    void fetchTokenGoesOnlyToItsHost();

    // `syncline <command>` loads no GUI library (a command that does little starts in a few
    // milliseconds); the window is syncline-window beside it, which links them.
    void theCommandLineLoadsNoGuiLibrary() {
        auto libraries = [](const QString& program) { return syncline::test::runCli(QStringLiteral("ldd"), {program}).out; };
        const QString cli = libraries(QStringLiteral(SYNCLINE_BINARY));
        QVERIFY2(cli.contains(QLatin1String("libQt6Core")), qPrintable(cli));
        for (const char* gui : {"libQt6Gui", "libQt6Widgets", "libGL", "libEGL"})
            QVERIFY2(!cli.contains(QLatin1String(gui)), gui);
        const QString window =
            libraries(QFileInfo(QStringLiteral(SYNCLINE_BINARY)).absolutePath() + QStringLiteral("/syncline-window"));
        QVERIFY2(window.contains(QLatin1String("libQt6Widgets")), qPrintable(window));
        QCOMPARE(runSyncline({QStringLiteral("--version")}).exitCode, 0);
    }

    // `syncline --version` and `syncline history` load neither the keychain, D-Bus nor the
    // network (issue 15: a command that does little starts within 2x git): what the dynamic
    // loader reports loading, not what the build meant to link.
    void aLocalCommandLoadsNoKeychainNetworkOrDBus() {
        GitFixture repo;
        buildHistory(repo);
        const QStringList history{QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--limit"),
                                  QStringLiteral("1")};
        for (const QStringList& args : {QStringList{QStringLiteral("--version")}, history}) {
            const QStringList loaded = librariesLoadedBy(args);
            QVERIFY2(loaded.contains(QLatin1String("libQt6Core.so.6")), qPrintable(loaded.join(QLatin1Char(' '))));
            for (const char* unwanted : {"libqt6keychain", "libQt6Network", "libQt6DBus", "libdbus-1", "libproxy", "libsystemd",
                                         "libgcrypt", "libQt6Gui"})
                for (const QString& library : loaded)
                    QVERIFY2(!library.startsWith(QLatin1String(unwanted)),
                             qPrintable(QStringLiteral("syncline %1 loads %2").arg(args.first(), library)));
        }
        // The commands that connect still run, in syncline-connected beside it.
        const Run fetch = runSyncline({QStringLiteral("fetch"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(fetch.exitCode, 1);
        QVERIFY2(fetch.err.contains(QLatin1String("origin")), qPrintable(fetch.err));
    }

    // The programs syncline hands a command to are the ones installed beside it: one planted
    // in the folder the user stands in, or earlier on PATH, never runs.
    void aCommandThatConnectsRunsTheProgramBesideSyncline() {
        GitFixture repo;
        buildHistory(repo);
        QTemporaryDir hostile;
        const QString marker = hostile.filePath(QStringLiteral("planted-ran"));
        for (const char* name : {"syncline-connected", "syncline-window"}) {
            QFile planted(hostile.filePath(QLatin1String(name)));
            QVERIFY(planted.open(QIODevice::WriteOnly));
            planted.write("#!/bin/sh\ntouch '" + marker.toUtf8() + "'\n");
            planted.close();
            planted.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        QProcessEnvironment env = GitFixture::gitEnvironment();
        env.insert(QStringLiteral("PATH"), hostile.path() + QStringLiteral(":.:") + env.value(QStringLiteral("PATH")));
        const Run fetch = syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY),
                                                 {QStringLiteral("fetch"), QStringLiteral("--repo"), repo.path()},
                                                 {.workDir = hostile.path(), .environment = env});
        QVERIFY2(!QFileInfo::exists(marker), "a planted syncline-connected ran");
        QCOMPARE(fetch.exitCode, 1);
        QVERIFY2(fetch.err.contains(QLatin1String("origin")), qPrintable(fetch.err));
    }

    // libgit2 (built with mbedTLS) parses the system's CA bundle when it starts, a third of
    // `syncline history --limit 1`; syncline makes no TLS connection and skips it, while
    // syncline-connected (fetch) reads it as before.
    void aLocalCommandReadsNoCertificateBundle() {
        const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
        if (strace.isEmpty())
            QSKIP("strace is not installed (apt-get install strace)");
        GitFixture repo;
        buildHistory(repo);
        auto filesOpenedBy = [&](const QStringList& args) {
            QTemporaryDir scratch;
            const QString log = scratch.filePath(QStringLiteral("strace.log"));
            syncline::test::runCli(strace,
                                   QStringList{QStringLiteral("-f"), QStringLiteral("-e"), QStringLiteral("trace=open,openat"),
                                               QStringLiteral("-o"), log, QStringLiteral(SYNCLINE_BINARY)} +
                                       args,
                                   {.environment = GitFixture::gitEnvironment()});
            QFile file(log);
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        const QLatin1String bundle("/etc/ssl/certs/");
        const QString fetch = filesOpenedBy({QStringLiteral("fetch"), QStringLiteral("--repo"), repo.path()});
        if (!fetch.contains(bundle))
            QSKIP("libgit2 here reads no CA bundle from /etc/ssl/certs when it starts (not built with mbedTLS)");
        const QString history = filesOpenedBy(
            {QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--limit"), QStringLiteral("1")});
        QVERIFY2(history.contains(QLatin1String("HEAD")), qPrintable(history)); // strace saw the repository read
        QVERIFY2(!history.contains(bundle), qPrintable(history));
    }

    void historyJsonMatchesGitLog() {
        GitFixture repo;
        buildHistory(repo);
        for (const QStringList& extra : {QStringList{}, QStringList{QStringLiteral("--path"), QStringLiteral("overlays/prod")},
                                         QStringList{QStringLiteral("--limit"), QStringLiteral("2")}}) {
            Run run = runSyncline(
                QStringList{QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")} + extra);
            QCOMPARE(run.exitCode, 0);
            QStringList gitArgs{QStringLiteral("log"), QStringLiteral("--date-order"),
                                QStringLiteral("--format=%H%x09%P%x09%an%x09%at%x09%s")};
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

    // --json is read by scripts: quotes, backslashes, control characters and non-ASCII in
    // names and summaries stay intact, and each date keeps its author's time zone.
    void historyJsonKeepsTextAndTimeZones() {
        GitFixture repo;
        const QStringList authors = {QStringLiteral("Quote \"q\" \\ back <q@example.com>"),
                                     QStringLiteral("Tab\tand\x01control <t@example.com>"),
                                     QStringLiteral("Zo\u00eb \u65e5\u672c <z@example.com>")};
        const QStringList zones = {QStringLiteral("-0130"), QStringLiteral("+0000"), QStringLiteral("+0545"),
                                   QStringLiteral("+1400"), QStringLiteral("-1200")};
        for (int i = 0; i < zones.size() * authors.size(); ++i)
            repo.git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                      QStringLiteral("--author=") + authors[i % authors.size()],
                      QStringLiteral("--date=@%1 %2").arg(1600000000 + 86400 * 45 * i).arg(zones[i % zones.size()]),
                      QStringLiteral("-m"), QStringLiteral("change %1: \"quoted\" \\ tab\there \x02 \u00e9").arg(i)});
        const Run run = runSyncline({QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QStringList expected =
            repo.git({QStringLiteral("log"), QStringLiteral("--date-order"), QStringLiteral("--format=%an%x1e%aI%x1e%s")})
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), expected.size());
        for (int i = 0; i < lines.size(); ++i) {
            QJsonParseError error;
            const QJsonObject o = QJsonDocument::fromJson(lines[i].toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(lines[i]));
            const QString date = o.value(QStringLiteral("date")).toString();
            const QString ours = QStringList{o.value(QStringLiteral("author")).toString(),
                                             date.endsWith(QLatin1Char('Z')) ? date.chopped(1) + QStringLiteral("+00:00") : date,
                                             o.value(QStringLiteral("summary")).toString()}
                                     .join(QChar(0x1e));
            QCOMPARE(ours, expected[i]);
        }
    }

    // The user asks for a commit-graph; git writes it (with changed-path filters, which
    // git itself verifies) and history reads the same afterwards.
    void writeCommitGraphKeepsHistoryTheSame() {
        GitFixture repo;
        buildHistory(repo);
        const QStringList byPath = {QStringLiteral("history"), QStringLiteral("--repo"), repo.path(),
                                    QStringLiteral("--json"),  QStringLiteral("--path"), QStringLiteral("overlays/prod")};
        const Run before = runSyncline(byPath);
        QCOMPARE(before.exitCode, 0);
        QVERIFY(!QFile::exists(repo.path() + QStringLiteral("/.git/objects/info/commit-graph")));

        const Run write = runSyncline(
            {QStringLiteral("history"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--write-commit-graph")});
        QCOMPARE(write.exitCode, 0);
        QVERIFY2(write.out.contains(QStringLiteral("5 commits, with changed-path filters")), qPrintable(write.out + write.err));
        repo.git({QStringLiteral("commit-graph"), QStringLiteral("verify")});
        const Run after = runSyncline(byPath);
        QCOMPARE(after.exitCode, 0);
        QCOMPARE(after.out, before.out);
        QCOMPARE(after.err, QString());
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

    void environmentsRenderAndCompareOnTheDemo() {
        QTemporaryDir dir;
        QCOMPARE(runSyncline({QStringLiteral("demo"), dir.path(), QStringLiteral("--no-window")}).exitCode, 0);
        const QString workspace = dir.path() + QStringLiteral("/workspace");
        GitFixture repo(workspace);

        Run environments = runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), workspace});
        QCOMPARE(environments.exitCode, 0);
        QVERIFY(environments.out.contains(QStringLiteral("promotion: dev -> staging -> prod")));
        QCOMPARE(environments.out.count(QStringLiteral("kustomize")), 3);

        // Rendered from Git, byte for byte what kubectl kustomize prints for the same tree.
        Run rendered = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), workspace, QStringLiteral("--env"), QStringLiteral("prod")});
        QCOMPARE(rendered.exitCode, 0);
        if (QFile::exists(QStringLiteral("/usr/bin/kubectl"))) {
            QProcess kubectl;
            kubectl.start(QStringLiteral("/usr/bin/kubectl"),
                          {QStringLiteral("kustomize"), workspace + QStringLiteral("/overlays/prod")});
            kubectl.waitForFinished(-1);
            QCOMPARE(rendered.out, QString::fromUtf8(kubectl.readAllStandardOutput()));
        } else {
            qWarning("kubectl is not installed: render output was not compared with kubectl kustomize");
        }
        // At an older revision: prod ran api 1.0.0 before its promotion.
        Run older = runSyncline({QStringLiteral("render"), QStringLiteral("--repo"), workspace, QStringLiteral("--env"),
                                 QStringLiteral("prod"), QStringLiteral("--rev"), QStringLiteral("v1.0.0~1")});
        QCOMPARE(older.exitCode, 0);
        QVERIFY(older.out.contains(QStringLiteral("shop/api:1.0.0")));
        QVERIFY(rendered.out.contains(QStringLiteral("shop/api:1.1.0")));

        // Environment vs environment: only the real differences (images, replicas).
        Run compared = runSyncline({QStringLiteral("compare"), QStringLiteral("--repo"), workspace, QStringLiteral("dev"),
                                    QStringLiteral("prod"), QStringLiteral("--json")});
        QCOMPARE(compared.exitCode, 1); // differences, like `diff`
        const QJsonObject document = QJsonDocument::fromJson(compared.out.toUtf8()).object();
        QCOMPARE(document.value(QStringLiteral("counts")).toObject().value(QStringLiteral("modified")).toInt(), 2);
        QStringList paths;
        for (const auto& resource : document.value(QStringLiteral("resources")).toArray())
            for (const auto& change : resource.toObject().value(QStringLiteral("changes")).toArray())
                paths << resource.toObject().value(QStringLiteral("name")).toString() + QLatin1Char(' ') +
                             change.toObject().value(QStringLiteral("path")).toString();
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("api /spec/replicas"),
                                     QStringLiteral("api /spec/template/spec/containers/name=api/image"),
                                     QStringLiteral("web /spec/template/spec/containers/name=web/image")}));

        // Commit vs commit for one environment: what did the promotion change in prod?
        Run promotion = runSyncline({QStringLiteral("compare"), QStringLiteral("--repo"), workspace,
                                     QStringLiteral("prod@v1.0.0"), QStringLiteral("prod@v1.0.0~1")});
        QCOMPARE(promotion.exitCode, 1);
        QVERIFY2(promotion.out.contains(
                     QStringLiteral("\"registry.example.com/shop/api:1.1.0\" | \"registry.example.com/shop/api:1.0.0\"")),
                 qPrintable(promotion.out));
        Run same = runSyncline({QStringLiteral("compare"), QStringLiteral("--repo"), workspace, QStringLiteral("prod@v1.0.0"),
                                QStringLiteral("prod@v1.0.0")});
        QCOMPARE(same.exitCode, 0);

        Run unknown = runSyncline(
            {QStringLiteral("compare"), QStringLiteral("--repo"), workspace, QStringLiteral("dev"), QStringLiteral("qa")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("no such environment (there are: dev, staging, prod)")));
        Run noEnv = runSyncline({QStringLiteral("render"), QStringLiteral("--repo"), workspace});
        QCOMPARE(noEnv.exitCode, 2);
    }

    void detectedEnvironmentsAreWrittenOnlyWhenConfirmed() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("overlays/dev/kustomization.yaml"), "resources: []\n");
        repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), "resources: []\n");
        const QString tip = repo.commitAll(QStringLiteral("overlays"), 1700000000);
        Run listed = runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains(QStringLiteral("environments detected")));
        // Without --yes it asks; no answer on stdin means no.
        Run refused =
            runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--write")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.out.contains(QStringLiteral("nothing written")));
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), tip);
        Run written = runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), repo.path(),
                                   QStringLiteral("--write"), QStringLiteral("--yes")});
        QCOMPARE(written.exitCode, 0);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed(), tip);
        QVERIFY(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:syncline.yaml")})
                    .contains(QStringLiteral("path: overlays/prod")));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        Run again = runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--write"),
                                 QStringLiteral("--yes")});
        QCOMPARE(again.exitCode, 1); // it exists now: edit it instead
    }

    // An Argo CD destination server that no kubeconfig context uses: `environments --write`
    // asks once which context it is, and syncline.yaml says it from then on (nothing is
    // detected, so nothing is asked, once the file exists).
    void argoDestinationContextIsAskedOnceAndWritten() {
        GitFixture repo;
        syncline::test::commitArgoApplicationOnAnUnknownServer(repo);
        QTemporaryDir home;
        const QString kubeconfig = home.filePath(QStringLiteral("config"));
        QVERIFY(syncline::test::writeKubeconfigWithTwoContexts(kubeconfig));
        QProcessEnvironment environment = GitFixture::gitEnvironment();
        environment.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
        const Run written = syncline::test::runCli(
            QStringLiteral(SYNCLINE_BINARY),
            {QStringLiteral("environments"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--write")},
            {.environment = environment, .input = "2\ny\n"});
        QVERIFY2(written.exitCode == 0, qPrintable(written.out + written.err));
        QVERIFY2(written.out.contains(QStringLiteral("deploys to the Argo CD destination https://10.9.9.9:6443: no kubeconfig "
                                                     "cluster has the server https://10.9.9.9:6443.")),
                 qPrintable(written.out));
        QVERIFY2(written.out.contains(QStringLiteral("  2) bravo")), qPrintable(written.out));
        const QString yaml = repo.git({QStringLiteral("show"), QStringLiteral("HEAD:syncline.yaml")});
        QVERIFY2(yaml.contains(QStringLiteral("context: bravo")), qPrintable(yaml));
        const Run again = syncline::test::runCli(
            QStringLiteral(SYNCLINE_BINARY),
            {QStringLiteral("environments"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--write")},
            {.environment = environment, .input = "1\ny\n"});
        QCOMPARE(again.exitCode, 1); // syncline.yaml exists: nothing detected, nothing asked
        QVERIFY(!again.out.contains(QStringLiteral("Which kubeconfig context")));
    }

    void renderReportsBrokenFilesAndKeepsTheRest() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("apps/good.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n");
        repo.writeFile(QStringLiteral("apps/bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n  - name: only\n    path: apps\n    renderer: plain\n");
        repo.commitAll(QStringLiteral("apps"), 1700000000);
        Run run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--env"), QStringLiteral("only")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("name: good")));
        QVERIFY2(run.err.contains(QStringLiteral("apps/bad.yaml:")), qPrintable(run.err));
        // A broken syncline.yaml names its line and column.
        repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\nenvironments:\n  - name: only\n    pathh: apps\n");
        repo.commitAll(QStringLiteral("typo"), 1700000100);
        Run broken = runSyncline({QStringLiteral("environments"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(QStringLiteral("syncline.yaml:4:5")), qPrintable(broken.err));
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
        QVERIFY(repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("HEAD")}).trimmed().toInt() >=
                12);
        QCOMPARE(repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("@{u}..HEAD")}).trimmed(),
                 QStringLiteral("1"));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}).trimmed(),
                 QStringLiteral("M overlays/staging/kustomization.yaml"));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("--merges"), QStringLiteral("--format=%s")})
                    .contains(QStringLiteral("Merge branch")));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("--format=%s")}).contains(QStringLiteral("Revert \"")));
        QCOMPARE(repo.git({QStringLiteral("tag")}).trimmed(), QStringLiteral("v1.0.0"));
        const QString head = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        Run again = runSyncline({QStringLiteral("demo"), dir.path(), QStringLiteral("--no-window")});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), head); // reused, not rebuilt
    }
};

void TestCli::fetchNeverShowsATokenUsedAsUserName() {
    const QString secret = QStringLiteral("SECRET123");
    QTemporaryDir root;
    GitFixture work;
    serveOrigin(root, work);
    syncline::test::HttpGitServer server(root.path(), secret, QStringLiteral("the-password"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    work.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
              QStringLiteral("http://%1@127.0.0.1:%2/origin.git").arg(secret).arg(server.port())});

    const Run refused =
        fetchWithToken(work.path(), QStringLiteral("origin"), {{QStringLiteral("SYNCLINE_GIT_TOKEN"), QStringLiteral("wrong")}});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QLatin1String("origin (http://***@127.0.0.1:")), qPrintable(refused.err));
    QVERIFY2(!QString(refused.out + refused.err).contains(secret), qPrintable(refused.out + refused.err));

    const Run fetched = fetchWithToken(work.path(), QStringLiteral("origin"),
                                       {{QStringLiteral("SYNCLINE_GIT_TOKEN"), QStringLiteral("the-password")}});
    QVERIFY2(fetched.exitCode == 0, qPrintable(fetched.out + fetched.err));
    QVERIFY(fetched.out.contains(QLatin1String("refs/remotes/origin/main")));
    QVERIFY2(!QString(fetched.out + fetched.err).contains(secret), qPrintable(fetched.out + fetched.err));
    QVERIFY(server.receivedAuthorization(secret)); // it was the user name sent
}

// SYNCLINE_GIT_TOKEN goes to SYNCLINE_GIT_HOST, or else to the host of the remote named on
// the command line; a second server on another port that accepts the same token never gets it.
void TestCli::fetchTokenGoesOnlyToItsHost() {
    const QString token = QStringLiteral("glpat-cli-token-1f0e");
    QTemporaryDir root;
    GitFixture work;
    serveOrigin(root, work);
    syncline::test::HttpGitServer ours(root.path(), QStringLiteral("ada"), token);
    syncline::test::HttpGitServer other(root.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(ours.start(&error) && other.start(&error), qPrintable(error));
    work.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), ours.url(QStringLiteral("origin.git"))});
    work.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("other"), other.url(QStringLiteral("origin.git"))});
    const QString ourHost = QStringLiteral("127.0.0.1:%1").arg(ours.port());
    const QHash<QString, QString> forOurs{{QStringLiteral("SYNCLINE_GIT_TOKEN"), token},
                                          {QStringLiteral("SYNCLINE_GIT_USER"), QStringLiteral("ada")},
                                          {QStringLiteral("SYNCLINE_GIT_HOST"), ourHost}};

    const Run toOurs = fetchWithToken(work.path(), QStringLiteral("origin"), forOurs);
    QVERIFY2(toOurs.exitCode == 0, qPrintable(toOurs.out + toOurs.err));
    QVERIFY(ours.receivedAuthorization(token));

    const Run toOther = fetchWithToken(work.path(), QStringLiteral("other"), forOurs);
    QCOMPARE(toOther.exitCode, 1);
    QVERIFY2(toOther.err.contains(QStringLiteral("only sent to ") + ourHost), qPrintable(toOther.err));
    QVERIFY(other.rejectedRequests() >= 1);
    QVERIFY(!other.receivedAuthorization(token));
    QVERIFY(!QString(toOther.out + toOther.err).contains(token));

    // Without SYNCLINE_GIT_HOST: the host of the remote named here.
    QHash<QString, QString> byRemote = forOurs;
    byRemote.remove(QStringLiteral("SYNCLINE_GIT_HOST"));
    const Run named = fetchWithToken(work.path(), QStringLiteral("other"), byRemote);
    QVERIFY2(named.exitCode == 0, qPrintable(named.out + named.err));
    QVERIFY(other.receivedAuthorization(token));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
