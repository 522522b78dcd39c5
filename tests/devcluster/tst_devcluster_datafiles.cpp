// What syncline-devcluster keeps and shows on a user's machine (issue 11 §6): a damaged
// log still starts the server, the bearer token is random by default and never on a
// command line, and every file it writes is readable by its owner only.
#include "devcluster/DevClusterProcess.h"
#include "devcluster/RawHttp.h"
#include "support/DevCluster.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using syncline::test::DevCluster;
using syncline::test::DevClusterOptions;
using syncline::test::DevClusterProcess;
using syncline::test::RawHttp;

namespace {

const QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                         QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

QByteArray commandLineOf(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray configMapRecord(const char* name, int version) {
    return QByteArray(R"({"op":"put","r":"/configmaps","o":{"apiVersion":"v1","kind":"ConfigMap","metadata":)"
                      R"({"name":")") +
           name + R"(","namespace":"default","resourceVersion":")" + QByteArray::number(version) + R"("},"data":{"k":"v"}}})" +
           '\n';
}

int getStatus(int port, const QString& token, const QByteArray& path) {
    QTcpSocket socket;
    if (!RawHttp::connect(socket, port))
        return 0;
    socket.write(RawHttp::request("GET", path, token));
    return RawHttp::readResponse(socket).status;
}

} // namespace

class TestDevClusterDataFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void damagedLogIsReportedAndTheGoodRecordsLoad() {
        DevClusterProcess server;
        const QString log = QDir(server.dataDir()).filePath(QStringLiteral("objects.log"));
        QByteArray text = R"({"op":"rv","rv":7})"
                          "\n";
        text += configMapRecord("before", 5); // line 2
        text += R"({"op":"put","r":"/configmaps","o":{"metadata":"not an object"}})"
                "\n"; // line 3
        text += R"({"op":"del","r":"/configmaps","k":5,"rv":"x"})"
                "\n"; // line 4
        text += R"({"op":"rv","rv":"seven"})"
                "\n";                                                              // line 5
        text += "not json at all\n";                                               // line 6
        text += configMapRecord("after", 6);                                       // line 7
        text += R"({"op":"put","r":"/configmaps","o":{"metadata":{"name":"torn")"; // line 8, no '\n'
        QVERIFY(writeFile(log, text));
        QString error;
        QVERIFY2(server.start({.arguments = {}}, &error), qPrintable(error));
        for (const char* name : {"before", "after"})
            QCOMPARE(getStatus(server.port(), server.token(), QByteArray("/api/v1/namespaces/default/configmaps/") + name), 200);
        const QString errors = QString::fromUtf8(server.stop());
        for (int line : {3, 4, 5, 6})
            QVERIFY2(errors.contains(QStringLiteral("objects.log:%1: ").arg(line)), qPrintable(errors));
        QVERIFY2(errors.contains(QStringLiteral("objects.log:8: torn last line")), qPrintable(errors));
        QVERIFY2(!errors.contains(QStringLiteral("objects.log:2:")) && !errors.contains(QStringLiteral("objects.log:7:")),
                 qPrintable(errors));
        // The log as found is kept, private; the log itself is clean again.
        QFile damaged(log + QStringLiteral(".damaged"));
        QVERIFY(damaged.open(QIODevice::ReadOnly));
        QCOMPARE(damaged.readAll(), text);
        QCOMPARE(QFileInfo(damaged).permissions() & kOthers, QFileDevice::Permissions());
        DevClusterProcess::Launch again;
        DevClusterProcess restarted; // a second server on the cleaned log: nothing to report
        QVERIFY(writeFile(QDir(restarted.dataDir()).filePath(QStringLiteral("objects.log")), [&] {
            QFile file(log);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }()));
        QVERIFY2(restarted.start(again, &error), qPrintable(error));
        QCOMPARE(getStatus(restarted.port(), restarted.token(), "/api/v1/namespaces/default/configmaps/after"), 200);
        QVERIFY2(!restarted.stop().contains("objects.log"), restarted.stderrSoFar().constData());
    }

    void randomTokenByDefaultInTheKubeconfig() {
        DevClusterProcess first;
        DevClusterProcess second;
        QString error;
        QVERIFY2(first.start({}, &error), qPrintable(error));
        QVERIFY2(second.start({}, &error), qPrintable(error));
        const QString token = first.token();
        // 256 bits, base64url.
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(token).hasMatch(), qPrintable(token));
        QVERIFY(second.token() != token);
        QCOMPARE(getStatus(first.port(), {}, "/api/v1/namespaces"), 401);
        QCOMPARE(getStatus(first.port(), second.token(), "/api/v1/namespaces"), 401);
        QCOMPARE(getStatus(first.port(), token, "/api/v1/namespaces"), 200);
        QVERIFY(!commandLineOf(first.processId()).isEmpty());
        QVERIFY(!commandLineOf(first.processId()).contains(token.toUtf8()));
        QVERIFY(!first.stop().contains(token.toUtf8()));
    }

    void givenTokenTravelsOutsideTheCommandLine() {
        // The launcher Syncline and the tests use: the token reaches the server, and no
        // other user can read it from `ps`.
        const QString secret = QStringLiteral("given-token-7f3e9a1c");
        DevCluster cluster(DevClusterOptions{.token = secret});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        const QByteArray commandLine = commandLineOf(cluster.processId());
        QVERIFY(commandLine.contains("syncline-devcluster"));
        QVERIFY2(!commandLine.contains(secret.toUtf8()), commandLine.constData());
        QCOMPARE(getStatus(cluster.port(), secret, "/api/v1/namespaces"), 200);
        QCOMPARE(getStatus(cluster.port(), QStringLiteral("given-token-0000"), "/api/v1/namespaces"), 401);
        // A token file works the same way.
        DevClusterProcess fromFile;
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("token"));
        QVERIFY(writeFile(tokenFile, "file-token-42abc\n"));
        QVERIFY2(fromFile.start({.arguments = {QStringLiteral("--token-file"), tokenFile}}, &error), qPrintable(error));
        QCOMPARE(fromFile.token(), QStringLiteral("file-token-42abc"));
        QCOMPARE(getStatus(fromFile.port(), QStringLiteral("file-token-42abc"), "/api/v1/namespaces"), 200);
    }

    void thereIsNoWayAroundTheToken() {
        for (const char* option : {"--no-auth", "--token"}) {
            QTemporaryDir dir;
            QProcess process;
            process.start(QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY),
                          {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"),
                           dir.filePath(QStringLiteral("d")), QStringLiteral("--kubeconfig"), dir.filePath(QStringLiteral("k")),
                           QLatin1String(option), QStringLiteral("x")});
            QVERIFY(process.waitForFinished(RawHttp::kWaitMs));
            QVERIFY2(process.exitCode() != 0, option);
            QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("k"))), option);
        }
        // Two sources of a token are one too many.
        DevClusterProcess both;
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("token")), "from-file-1\n"));
        DevClusterProcess::Launch launch{.arguments = {QStringLiteral("--token-file"), dir.filePath(QStringLiteral("token"))}};
        launch.environment.insert(QStringLiteral("SYNCLINE_DEVCLUSTER_TOKEN"), QStringLiteral("from-env-1"));
        QString error;
        QVERIFY(!both.start(launch, &error));
        QVERIFY2(error.contains(QLatin1String("both")), qPrintable(error));
    }

    void everyFileItWritesIsPrivate() {
        DevCluster cluster(DevClusterOptions{.tls = true});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        // Start wrote the log (a compaction); stop and start again rewrite it and the kubeconfig.
        cluster.stop();
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QStringList files{cluster.kubeconfigPath()};
        QDirIterator it(cluster.dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        for (const char* expected : {"objects.log", "server.key", "client.key", "ca.crt", "server.crt", "client.crt"})
            QVERIFY2(
                std::any_of(files.cbegin(), files.cend(), [&](const QString& f) { return f.endsWith(QLatin1String(expected)); }),
                expected);
        for (const QString& file : std::as_const(files)) {
            const QFileDevice::Permissions permissions = QFileInfo(file).permissions();
            QVERIFY2((permissions & kOthers) == QFileDevice::Permissions(), qPrintable(file));
            QVERIFY2(permissions.testFlag(QFileDevice::ReadOwner) && permissions.testFlag(QFileDevice::WriteOwner),
                     qPrintable(file));
        }
        // The folders the server made are the owner's alone too.
        for (const QString& dir : {cluster.dataDir(), QDir(cluster.dataDir()).filePath(QStringLiteral("tls"))})
            QCOMPARE(QFileInfo(dir).permissions() & kOthers, QFileDevice::Permissions());
    }
};

QTEST_GUILESS_MAIN(TestDevClusterDataFiles)
#include "tst_devcluster_datafiles.moc"
