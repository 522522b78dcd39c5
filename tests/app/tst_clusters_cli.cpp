// `syncline clusters` run as a user would: the real binary, a workspace whose environments
// point at a devcluster (TLS + token), at a kubeconfig that is not there, and at a cluster
// reached through an exec credential plugin that must be approved first.
#include "support/CliRun.h"
#include "support/DevCluster.h"
#include "support/GitFixture.h"
#include "support/IsolationGuard.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::DevCluster;
using syncline::test::GitFixture;

namespace {

using Run = syncline::test::CliRun;

class TestClustersCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home; // HOME and XDG_CONFIG_HOME: approvals are remembered here

    Run syncline(const QStringList& args) {
        QProcessEnvironment environment = GitFixture::gitEnvironment();
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        environment.remove(QStringLiteral("KUBECONFIG"));
        return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = environment});
    }

    // The command on a terminal (a pty from script(1)), `answer` typed into it.
    Run onTerminal(const QStringList& args, const QByteArray& answer) {
        QStringList words{QStringLiteral(SYNCLINE_BINARY)};
        for (const QString& arg : args)
            words << QLatin1Char('\'') + arg + QLatin1Char('\'');
        QProcessEnvironment environment = GitFixture::gitEnvironment();
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        environment.remove(QStringLiteral("KUBECONFIG"));
        return syncline::test::runCli(QStringLiteral("script"),
                                      {QStringLiteral("-qec"), words.join(QLatin1Char(' ')), QStringLiteral("/dev/null")},
                                      {.environment = environment, .input = answer});
    }

    // A workspace with one environment, prod (a ConfigMap), on `kubeconfig`'s current
    // context, and that cluster trusted as `syncline clusters trust prod` does.
    void trustProdOn(GitFixture& repo, const QString& kubeconfig) {
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n  - name: prod\n    path: prod\n    cluster:\n      kubeconfig: " +
                           kubeconfig.toUtf8() + "\n");
        repo.writeFile(QStringLiteral("prod/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.commitAll(QStringLiteral("environments"), 1700000000);
        QCOMPARE(syncline({QStringLiteral("clusters"), QStringLiteral("trust"), QStringLiteral("prod"), QStringLiteral("--repo"),
                           repo.path()})
                     .exitCode,
                 0);
    }

    static QHash<QString, QJsonObject> byName(const QString& jsonLines) {
        QHash<QString, QJsonObject> result;
        for (const QString& line : jsonLines.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
            result.insert(object.value(QStringLiteral("name")).toString(), object);
        }
        return result;
    }

private Q_SLOTS:
    void listsReachabilityAndApprovesExecPlugins() {
        DevCluster cluster({.tls = true, .token = QStringLiteral("cli-token-0042")});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));

        // A kubeconfig whose user gets the token from an exec plugin (insecure on purpose).
        QTemporaryDir dir;
        const QString plugin = dir.filePath(QStringLiteral("get-token.sh"));
        const QString marker = dir.filePath(QStringLiteral("plugin-ran"));
        {
            QFile file(plugin);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\necho ran >> '" + marker.toUtf8() +
                       "'\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                       "\"status\":{\"token\":\"cli-token-0042\"}}'\n");
            file.close();
            file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        const QString execConfig = dir.filePath(QStringLiteral("exec.kubeconfig"));
        {
            QFile file(execConfig);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("apiVersion: v1\nkind: Config\ncurrent-context: plugged\n"
                       "clusters:\n- name: c\n  cluster:\n    server: " +
                       cluster.url().toString().toUtf8() +
                       "\n    insecure-skip-tls-verify: true\n"
                       "contexts:\n- name: plugged\n  context: {cluster: c, user: u}\n"
                       "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                       "      command: ./get-token.sh\n      args: [--for, dev]\n      interactiveMode: Never\n");
        }

        GitFixture repo;
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n"
                       "  - name: dev\n    path: dev\n    cluster:\n      kubeconfig: " +
                           cluster.kubeconfigPath().toUtf8() +
                           "\n      context: devcluster\n"
                           "  - name: broken\n    path: broken\n    cluster:\n      kubeconfig: missing.kubeconfig\n"
                           "  - name: plugged\n    path: plugged\n    cluster:\n      kubeconfig: " +
                           execConfig.toUtf8() + "\n");
        repo.writeFile(QStringLiteral("dev/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.commitAll(QStringLiteral("environments"), 1700000000);
        for (const char* env : {"dev", "plugged"}) // the user's consent: these clusters may be contacted
            QCOMPARE(syncline({QStringLiteral("clusters"), QStringLiteral("trust"), QLatin1String(env), QStringLiteral("--repo"),
                               repo.path()})
                         .exitCode,
                     0);

        Run first = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 1); // not every cluster is reachable
        auto rows = byName(first.out);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[QStringLiteral("dev")].value(QStringLiteral("status")).toString(), QStringLiteral("reachable"));
        QCOMPARE(rows[QStringLiteral("dev")].value(QStringLiteral("context")).toString(), QStringLiteral("devcluster"));
        QCOMPARE(rows[QStringLiteral("dev")].value(QStringLiteral("server")).toString(), cluster.url().toString());
        QVERIFY(rows[QStringLiteral("dev")].value(QStringLiteral("resourceTypes")).toInt() > 5);
        QVERIFY(!rows[QStringLiteral("dev")].value(QStringLiteral("insecure")).toBool());
        QCOMPARE(rows[QStringLiteral("broken")].value(QStringLiteral("status")).toString(), QStringLiteral("config-error"));
        QVERIFY(rows[QStringLiteral("broken")]
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("missing.kubeconfig")));
        QCOMPARE(rows[QStringLiteral("plugged")].value(QStringLiteral("status")).toString(), QStringLiteral("needs-approval"));
        QCOMPARE(rows[QStringLiteral("plugged")].value(QStringLiteral("execCommand")).toString(),
                 QStringLiteral("./get-token.sh --for dev"));
        QVERIFY(rows[QStringLiteral("plugged")].value(QStringLiteral("insecure")).toBool());

        Run text = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path()});
        QVERIFY(text.out.contains(QStringLiteral("WARNING: TLS verification is off")));
        QVERIFY(text.out.contains(QStringLiteral("approve-exec plugged")));
        QVERIFY(!text.out.contains(QStringLiteral("cli-token-0042")));

        QVERIFY(!QFile::exists(marker)); // listed, never run

        // Without a terminal and without --yes: everything shown, nothing approved.
        const QStringList approveExec{QStringLiteral("clusters"), QStringLiteral("approve-exec"), QStringLiteral("plugged"),
                                      QStringLiteral("--repo"), repo.path()};
        Run shown = syncline(approveExec);
        QCOMPARE(shown.exitCode, 1);
        for (const QString& line :
             QStringList{QStringLiteral("Program: ") + plugin, QStringLiteral("Written as: ./get-token.sh"),
                         QStringLiteral("Arguments: --for dev"), QStringLiteral("SHA-256: "),
                         QStringLiteral("Working directory: ") + dir.path(), QStringLiteral("Kubeconfig: ") + execConfig,
                         QStringLiteral("Cluster: plugged@") + cluster.url().toString()})
            QVERIFY2(shown.out.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + shown.out));
        QVERIFY2(shown.err.contains(QStringLiteral("--yes")), qPrintable(shown.err));
        Run still = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(byName(still.out)[QStringLiteral("plugged")].value(QStringLiteral("status")).toString(),
                 QStringLiteral("needs-approval"));

        // On a terminal: asked after everything is shown; "n" approves nothing, "y" approves.
        Run declined = onTerminal(approveExec, "n\n");
        QCOMPARE(declined.exitCode, 1);
        QVERIFY2(declined.out.contains(QStringLiteral("Allow exactly this to run for this cluster? [y/N]")),
                 qPrintable(declined.out));
        QVERIFY(declined.out.indexOf(QStringLiteral("SHA-256: ")) < declined.out.indexOf(QStringLiteral("[y/N]")));
        Run approve = onTerminal(approveExec, "y\n");
        QCOMPARE(approve.exitCode, 0);
        QVERIFY2(approve.out.contains(QStringLiteral("Program: ") + plugin), qPrintable(approve.out));
        QVERIFY(approve.out.contains(QStringLiteral("approved: exactly this may now run")));

        Run second = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        rows = byName(second.out);
        QCOMPARE(rows[QStringLiteral("plugged")].value(QStringLiteral("status")).toString(), QStringLiteral("reachable"));
        QVERIFY(rows[QStringLiteral("plugged")].value(QStringLiteral("execApproved")).toBool());
        QVERIFY(!second.out.contains(QStringLiteral("cli-token-0042")));

        QVERIFY(QFile::exists(marker)); // the approved plugin ran

        // The kubeconfig gains an env entry after approval: not run, asked again.
        QVERIFY(QFile::remove(marker));
        {
            QFile file(execConfig);
            QVERIFY(file.open(QIODevice::Append));
            file.write("      env:\n      - {name: LD_PRELOAD, value: /tmp/evil.so}\n");
        }
        Run third = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(byName(third.out)[QStringLiteral("plugged")].value(QStringLiteral("status")).toString(),
                 QStringLiteral("needs-approval"));
        QVERIFY(!QFile::exists(marker));
        Run again = syncline(approveExec);
        QVERIFY2(again.out.contains(QStringLiteral("Environment: LD_PRELOAD=/tmp/evil.so")), qPrintable(again.out));
        QCOMPARE(again.exitCode, 1);
        // A script that read it approves with --yes.
        Run scripted = syncline(approveExec + QStringList{QStringLiteral("--yes")});
        QCOMPARE(scripted.exitCode, 0);
        QVERIFY(scripted.out.contains(QStringLiteral("approved: exactly this may now run")));
        Run fourth = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(byName(fourth.out)[QStringLiteral("plugged")].value(QStringLiteral("status")).toString(),
                 QStringLiteral("reachable"));

        Run noExec = syncline({QStringLiteral("clusters"), QStringLiteral("approve-exec"), QStringLiteral("dev"),
                               QStringLiteral("--repo"), repo.path()});
        QCOMPARE(noExec.exitCode, 1);
        QVERIFY(noExec.err.contains(QStringLiteral("no exec credential plugin")));
    }

    void unreachableClusterIsReported() {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("k"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("current-context: gone\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:9'}\n"
                   "contexts:\n- name: gone\n  context: {cluster: c}\n");
        file.close();
        GitFixture repo;
        trustProdOn(repo, config);
        if (QTest::currentTestFailed())
            return;
        Run run = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const auto rows = byName(run.out);
        QCOMPARE(rows[QStringLiteral("prod")].value(QStringLiteral("status")).toString(), QStringLiteral("unreachable"));
        QVERIFY(rows[QStringLiteral("prod")].value(QStringLiteral("message")).toString().contains(QStringLiteral("refused")));
    }

    // The cluster refuses the kubeconfig's token (401): `syncline status` names the cluster
    // and says what to do (log in, a new token in the kubeconfig, or the window's Token…),
    // and never prints the token.
    void aRefusedTokenIsNamedWithWhatToDo() {
        syncline::test::DevCluster cluster({.token = QStringLiteral("SECRET-current-token-61")});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("k"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("current-context: shop\nclusters:\n- name: c\n  cluster: {server: '%1'}\n"
                                  "contexts:\n- name: shop\n  context: {cluster: c, user: u}\n"
                                  "users:\n- name: u\n  user: {token: SECRET-expired-token-60}\n")
                       .arg(cluster.url().toString())
                       .toUtf8());
        file.close();
        GitFixture repo;
        trustProdOn(repo, config);
        if (QTest::currentTestFailed())
            return;
        Run run = syncline({QStringLiteral("status"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("what to do: cluster shop refused the credentials (401): its token expired "
                                                 "or was revoked. Log in again or put a new token in the kubeconfig, or "
                                                 "enter one in the window (the card's Token… button")),
                 qPrintable(run.out + run.err));
        QVERIFY(!QString(run.out + run.err).contains(QLatin1String("SECRET-")));
    }

    // On a terminal the engine-backed commands ask before the first request: "n" sends
    // nothing and records nothing; "y" records exactly the cluster shown.
    void aTerminalAsksBeforeTheFirstRequest() {
        QTcpServer attacker;
        QVERIFY(attacker.listen(QHostAddress::LocalHost));
        const QString server = QStringLiteral("http://127.0.0.1:%1").arg(attacker.serverPort());
        GitFixture repo;
        repo.writeFile(QStringLiteral("kube.yaml"), "current-context: theirs\nclusters:\n- name: c\n  cluster: {server: '" +
                                                        server.toUtf8() +
                                                        "'}\ncontexts:\n- name: theirs\n  context: {cluster: c}\n");
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n  - name: qa\n    path: qa\n    cluster:\n      kubeconfig: kube.yaml\n");
        repo.writeFile(QStringLiteral("qa/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.commitAll(QStringLiteral("asks"), 1700000000);
        const QStringList status{QStringLiteral("status"), QStringLiteral("--repo"), repo.path()};

        const Run declined = onTerminal(status, "n\n");
        QCOMPARE(declined.exitCode, 1);
        const QString shown = declined.out + declined.err; // a pty merges both
        QVERIFY2(shown.contains(QStringLiteral("asks Syncline to use this cluster for 'qa'")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("server:     ") + server), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Trust this cluster for this repository? [y/N]")), qPrintable(shown));
        QVERIFY2(!attacker.waitForNewConnection(0), "declined: nothing may connect");
        auto consentOf = [&] {
            const Run listed = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(),
                                         QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("300")});
            return byName(listed.out)[QStringLiteral("qa")].value(QStringLiteral("consent")).toString();
        };
        QCOMPARE(consentOf(), QStringLiteral("not-trusted"));
        QVERIFY2(!attacker.waitForNewConnection(0), "listing an untrusted cluster contacts nothing");

        attacker.close(); // from here on a connection is refused at once instead of hanging
        const Run accepted = onTerminal(status, "y\n");
        QVERIFY2(QString(accepted.out + accepted.err).contains(QStringLiteral("Trust this cluster")), qPrintable(accepted.out));
        QCOMPARE(consentOf(), QStringLiteral("trusted"));
    }

    void anUntrustedClusterIsNeverContacted() {
        // The repository brings its own kubeconfig, pointing at "its" server (a listening
        // socket that only counts connections), and asks for auto-sync with prune.
        QTcpServer attacker;
        QVERIFY(attacker.listen(QHostAddress::LocalHost));
        const QString server = QStringLiteral("http://127.0.0.1:%1").arg(attacker.serverPort());
        GitFixture repo;
        auto writeKubeconfig = [&repo](const QString& url) {
            repo.writeFile(QStringLiteral("kube.yaml"), "current-context: attacker\nclusters:\n- name: c\n  cluster: {server: '" +
                                                            url.toUtf8() +
                                                            "'}\ncontexts:\n- name: attacker\n  context: {cluster: c}\n");
        };
        writeKubeconfig(server);
        repo.writeFile(
            QStringLiteral("syncline.yaml"),
            "version: 1\nenvironments:\n  - name: prod\n    path: prod\n    sync:\n      auto: true\n      prune: true\n"
            "    cluster:\n      kubeconfig: kube.yaml\n");
        repo.writeFile(QStringLiteral("prod/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.commitAll(QStringLiteral("hostile"), 1700000000);
        const QString kubeconfig = QDir(repo.path()).filePath(QStringLiteral("kube.yaml"));

        Run listed = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 1);
        QJsonObject row = byName(listed.out)[QStringLiteral("prod")];
        QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("untrusted"));
        QCOMPARE(row.value(QStringLiteral("consent")).toString(), QStringLiteral("not-trusted"));
        QCOMPARE(row.value(QStringLiteral("server")).toString(), server);
        QCOMPARE(row.value(QStringLiteral("kubeconfig")).toString(), kubeconfig);
        QCOMPARE(row.value(QStringLiteral("caFingerprint")).toString(), QStringLiteral("system CA store"));
        QVERIFY(row.value(QStringLiteral("autoSyncWanted")).toBool());
        QVERIFY(!row.value(QStringLiteral("allowAutoSync")).toBool());
        const QString expected =
            QStringLiteral("cluster for 'prod' not trusted yet: kubeconfig %1, context attacker, server %2, "
                           "CA system CA store; run `syncline clusters trust prod` or use Trust in the window")
                .arg(kubeconfig, server);
        QCOMPARE(row.value(QStringLiteral("message")).toString(), expected);

        // The engine-backed commands refuse without a terminal, each with its exit code.
        const Run status = syncline({QStringLiteral("status"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.err.contains(expected), qPrintable(status.err));
        QCOMPARE(syncline({QStringLiteral("diff"), QStringLiteral("prod"), QStringLiteral("--repo"), repo.path()}).exitCode, 3);
        QCOMPARE(syncline({QStringLiteral("sync"), QStringLiteral("prod"), QStringLiteral("--repo"), repo.path()}).exitCode, 1);
        QVERIFY2(!attacker.waitForNewConnection(0), "nothing may connect before consent");

        Run trust = syncline(
            {QStringLiteral("clusters"), QStringLiteral("trust"), QStringLiteral("prod"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(trust.exitCode, 0);
        for (const QString& line :
             QStringList{QStringLiteral("kubeconfig: ") + kubeconfig, QStringLiteral("context:    attacker"),
                         QStringLiteral("server:     ") + server, QStringLiteral("CA:         system CA store"),
                         QStringLiteral("auto-sync:  not allowed (syncline.yaml asks for it)"),
                         QStringLiteral("prune:      not allowed (syncline.yaml asks for it)")})
            QVERIFY2(trust.out.contains(line + QLatin1Char('\n')), qPrintable(trust.out));
        QVERIFY2(!attacker.waitForNewConnection(0), "trusting contacts nothing either");

        listed = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json"),
                           QStringLiteral("--timeout"), QStringLiteral("300")});
        row = byName(listed.out)[QStringLiteral("prod")];
        QCOMPARE(row.value(QStringLiteral("consent")).toString(), QStringLiteral("trusted"));
        QVERIFY(attacker.waitForNewConnection(0)); // trusted: now it is asked

        trust = syncline({QStringLiteral("clusters"), QStringLiteral("trust"), QStringLiteral("prod"),
                          QStringLiteral("--auto-sync"), QStringLiteral("--prune"), QStringLiteral("--repo"), repo.path()});
        QVERIFY(trust.out.contains(QLatin1String("auto-sync:  allowed")));
        QTcpServer elsewhere;
        QVERIFY(elsewhere.listen(QHostAddress::LocalHost));
        writeKubeconfig(QStringLiteral("http://127.0.0.1:%1").arg(elsewhere.serverPort()));
        listed = syncline({QStringLiteral("clusters"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        row = byName(listed.out)[QStringLiteral("prod")];
        QCOMPARE(row.value(QStringLiteral("consent")).toString(), QStringLiteral("changed"));
        QVERIFY2(row.value(QStringLiteral("message")).toString().contains(QStringLiteral("server %1 → ").arg(server)),
                 qPrintable(row.value(QStringLiteral("message")).toString()));
        QVERIFY(!row.value(QStringLiteral("allowAutoSync")).toBool());
        QVERIFY(!elsewhere.waitForNewConnection(0));
    }
};

} // namespace

QTEST_GUILESS_MAIN(TestClustersCli)
#include "tst_clusters_cli.moc"
