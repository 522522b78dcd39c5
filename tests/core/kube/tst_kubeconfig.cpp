// kubeconfig as kubectl reads it: merge order, relative paths, -data fields, errors.
#include "kube/ClusterConnection.h"
#include "kube/KubeConfig.h"
#include "support/IsolationGuard.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace syncline;
using namespace syncline::kube;

namespace {

void writeFile(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// Restores an environment variable on scope exit.
struct EnvGuard {
    QByteArray name;
    QByteArray old;
    bool had;
    explicit EnvGuard(const char* variable) : name(variable), old(qgetenv(variable)), had(qEnvironmentVariableIsSet(variable)) {}
    ~EnvGuard() {
        if (had)
            qputenv(name.constData(), old);
        else
            qunsetenv(name.constData());
    }
};

// Files a hostile kubeconfig or syncline.yaml can name: a FIFO nobody writes to, a device
// that never ends, a 100 MB sparse file, a directory.
struct Hostile {
    QString fifo;
    QString huge;
    QString folder;
    bool ready = false;
    explicit Hostile(const QTemporaryDir& dir)
        : fifo(dir.filePath(QStringLiteral("hostile.fifo"))), huge(dir.filePath(QStringLiteral("hostile.huge"))),
          folder(dir.filePath(QStringLiteral("hostile.dir"))) {
        QFile file(huge);
        ready = ::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0 && QDir().mkpath(folder) &&
                file.open(QIODevice::WriteOnly) && file.resize(qint64(100) * 1024 * 1024);
    }
    std::vector<std::pair<QString, QString>> cases(bool kubeconfig = false) const {
        return {{fifo, QStringLiteral("FIFO")},
                {QStringLiteral("/dev/zero"), QStringLiteral("character device")},
                {huge, kubeconfig ? QStringLiteral("larger than 4 MiB") : QStringLiteral("larger than 1 MiB")},
                {folder, QStringLiteral("directory")}};
    }
};

const QByteArray first = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://dev.example:6443
    certificate-authority: certs/ca.crt
    tls-server-name: api.dev.internal
- name: shared
  cluster:
    server: https://first.example
contexts:
- name: dev
  context: {cluster: dev-cluster, user: dev-user, namespace: shop-dev}
- name: shared
  context: {cluster: shared, user: token-user}
users:
- name: dev-user
  user:
    client-certificate: certs/client.crt
    client-key: /abs/never-read.key
    client-key-data: a2V5LWJ5dGVz
- name: token-user
  user:
    tokenFile: token.txt
)";

const QByteArray second = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: shared
  cluster:
    server: https://second.example
- name: prod-cluster
  cluster:
    server: https://prod.example
    certificate-authority-data: Q0EtUEVN
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context: {cluster: prod-cluster, user: exec-user}
- name: dev
  context: {cluster: shared, user: token-user}
users:
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: [--cluster, prod cluster]
      env:
      - name: REGION
        value: eu-1
      installHint: install get-token from example.com
      interactiveMode: Never
      provideClusterInfo: true
)";

} // namespace

class TestKubeConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesFilesInKubectlOrder() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        writeFile(dir.filePath(QStringLiteral("b/config")), second);
        auto config = KubeConfig::loadFiles({dir.filePath(QStringLiteral("a/config")), dir.filePath(QStringLiteral("b/config"))});
        QVERIFY2(config, qPrintable(config ? QString() : config.error().toString()));
        QCOMPARE(config->currentContext, QStringLiteral("dev")); // the first file that sets it
        QCOMPARE(config->clusters.at(QStringLiteral("shared")).server, QStringLiteral("https://first.example"));
        QCOMPARE(config->contexts.at(QStringLiteral("dev")).cluster, QStringLiteral("dev-cluster"));
        QVERIFY(config->contexts.count(QStringLiteral("prod")));
        QCOMPARE(config->files.size(), 2);

        // The other order: the second file's entries win.
        auto reversed =
            KubeConfig::loadFiles({dir.filePath(QStringLiteral("b/config")), dir.filePath(QStringLiteral("a/config"))});
        QVERIFY(reversed);
        QCOMPARE(reversed->currentContext, QStringLiteral("prod"));
        QCOMPARE(reversed->clusters.at(QStringLiteral("shared")).server, QStringLiteral("https://second.example"));
        QCOMPARE(reversed->contexts.at(QStringLiteral("dev")).cluster, QStringLiteral("shared"));
    }

    void kubeconfigVariableListsFilesAndSkipsMissingOnes() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        writeFile(dir.filePath(QStringLiteral("b/config")), second);
        EnvGuard guard("KUBECONFIG");
        qputenv("KUBECONFIG",
                (dir.filePath(QStringLiteral("missing")) + QLatin1Char(':') + dir.filePath(QStringLiteral("b/config")) +
                 QLatin1Char(':') + dir.filePath(QStringLiteral("a/config")))
                    .toUtf8());
        auto config = KubeConfig::load();
        QVERIFY(config);
        QCOMPARE(config->currentContext, QStringLiteral("prod"));
        QCOMPARE(config->files.size(), 2);

        qputenv("KUBECONFIG", dir.filePath(QStringLiteral("nothing-here")).toUtf8());
        auto none = KubeConfig::load();
        QVERIFY(!none);
        QCOMPARE(none.error().code, util::ErrorCode::NotFound);
        QVERIFY(none.error().toString().contains(QStringLiteral("nothing-here")));
    }

    void defaultsToHomeKubeConfig() {
        QTemporaryDir home;
        EnvGuard guardHome("HOME");
        EnvGuard guardKube("KUBECONFIG");
        qunsetenv("KUBECONFIG");
        qputenv("HOME", home.path().toUtf8());
        auto missing = KubeConfig::load();
        QVERIFY(!missing);
        QVERIFY(missing.error().toString().contains(QStringLiteral(".kube/config")));
        writeFile(home.filePath(QStringLiteral(".kube/config")), second);
        auto config = KubeConfig::load();
        QVERIFY(config);
        QCOMPARE(config->currentContext, QStringLiteral("prod"));
    }

    void relativePathsResolveAgainstTheFileFolder() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        auto config = KubeConfig::load(dir.filePath(QStringLiteral("a/config")));
        QVERIFY(config);
        const KubeCluster& cluster = config->clusters.at(QStringLiteral("dev-cluster"));
        QCOMPARE(cluster.certificateAuthority, QDir::cleanPath(dir.filePath(QStringLiteral("a/certs/ca.crt"))));
        QCOMPARE(cluster.tlsServerName, QStringLiteral("api.dev.internal"));
        const KubeUser& user = config->users.at(QStringLiteral("dev-user"));
        QCOMPARE(user.clientCertificate, QDir::cleanPath(dir.filePath(QStringLiteral("a/certs/client.crt"))));
        QCOMPARE(user.clientKey, QStringLiteral("/abs/never-read.key"));
        QCOMPARE(user.clientKeyData, QByteArray("key-bytes"));
        QCOMPARE(config->users.at(QStringLiteral("token-user")).tokenFile,
                 QDir::cleanPath(dir.filePath(QStringLiteral("a/token.txt"))));
    }

    void resolvesAConnectionWithFilesAndDataFields() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        writeFile(dir.filePath(QStringLiteral("a/certs/ca.crt")), "CA-FROM-FILE");
        writeFile(dir.filePath(QStringLiteral("a/certs/client.crt")), "CERT-FROM-FILE");
        auto connection = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QString(), false});
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        QCOMPARE(connection->contextName, QStringLiteral("dev"));
        QCOMPARE(connection->server, QUrl(QStringLiteral("https://dev.example:6443")));
        QCOMPARE(connection->caPem, QByteArray("CA-FROM-FILE"));
        QCOMPARE(connection->clientCertificatePem, QByteArray("CERT-FROM-FILE"));
        QCOMPARE(connection->clientKeyPem, QByteArray("key-bytes")); // -data wins over the file
        QCOMPARE(connection->defaultNamespace, QStringLiteral("shop-dev"));
        QCOMPARE(connection->tlsServerName, QStringLiteral("api.dev.internal"));
        QVERIFY(!connection->insecure);
        QCOMPARE(connection->clusterKey(), QStringLiteral("dev@https://dev.example:6443"));

        // The workspace's insecure override.
        auto insecure = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QStringLiteral("dev"), true});
        QVERIFY(insecure);
        QVERIFY(insecure->insecure);
    }

    void insecureFlagAndCaDataFromTheKubeconfig() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("b/config")), second);
        auto connection = ClusterConnection::resolve({dir.filePath(QStringLiteral("b/config")), QStringLiteral("prod"), false});
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        QVERIFY(connection->insecure);
        QCOMPARE(connection->caPem, QByteArray("CA-PEM"));
    }

    void tokenFileIsReadOnUseButMustExist() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        auto missing = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QStringLiteral("shared"), false});
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, util::ErrorCode::NotFound);
        QVERIFY(missing.error().message.contains(QStringLiteral("token.txt")));
        QVERIFY(missing.error().where.contains(QStringLiteral("context 'shared'")));
        writeFile(dir.filePath(QStringLiteral("a/token.txt")), "secret-token\n");
        auto connection = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QStringLiteral("shared"), false});
        QVERIFY(connection);
        QCOMPARE(connection->tokenFile, QDir::cleanPath(dir.filePath(QStringLiteral("a/token.txt"))));
        QVERIFY(connection->token.isEmpty());
    }

    void missingFilesAndContextsAreNamed() {
        QTemporaryDir dir;
        auto noFile = KubeConfig::load(dir.filePath(QStringLiteral("absent.yaml")));
        QVERIFY(!noFile);
        QCOMPARE(noFile.error().code, util::ErrorCode::NotFound);
        QVERIFY(noFile.error().toString().contains(QStringLiteral("absent.yaml")));

        writeFile(dir.filePath(QStringLiteral("a/config")), first);
        auto noContext = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QStringLiteral("staging"), false});
        QVERIFY(!noContext);
        QCOMPARE(noContext.error().code, util::ErrorCode::NotFound);
        QVERIFY(noContext.error().message.contains(QStringLiteral("'staging'")));
        QVERIFY(noContext.error().message.contains(QStringLiteral("dev, shared"))); // the contexts there are
        QVERIFY(noContext.error().where.contains(dir.filePath(QStringLiteral("a/config"))));

        // A CA file that is not there: named, with the context and file.
        auto noCa = ClusterConnection::resolve({dir.filePath(QStringLiteral("a/config")), QStringLiteral("dev"), false});
        QVERIFY(!noCa);
        QVERIFY(noCa.error().message.contains(QStringLiteral("certs/ca.crt")));
        QVERIFY(noCa.error().where.contains(QStringLiteral("context 'dev'")));

        writeFile(dir.filePath(QStringLiteral("c/config")),
                  "contexts:\n- name: x\n  context: {cluster: nowhere, user: nobody}\n");
        auto noCluster = ClusterConnection::resolve({dir.filePath(QStringLiteral("c/config")), QStringLiteral("x"), false});
        QVERIFY(!noCluster);
        QVERIFY(noCluster.error().message.contains(QStringLiteral("cluster 'nowhere'")));

        writeFile(dir.filePath(QStringLiteral("d/config")), "clusters: [unterminated\n");
        auto broken = KubeConfig::load(dir.filePath(QStringLiteral("d/config")));
        QVERIFY(!broken);
        QCOMPARE(broken.error().code, util::ErrorCode::Invalid);
        QVERIFY(broken.error().where.contains(QStringLiteral("d/config")));

        writeFile(dir.filePath(QStringLiteral("e/config")), "users:\n- name: u\n  user: {client-key-data: '!!not base64!!'}\n");
        auto badData = KubeConfig::load(dir.filePath(QStringLiteral("e/config")));
        QVERIFY(!badData);
        QVERIFY(badData.error().message.contains(QStringLiteral("client-key-data")));
    }

    void filesAKubeconfigNamesAreReadOnlyWhenRegularAndSmall() {
        QTemporaryDir dir;
        const Hostile hostile(dir);
        QVERIFY(hostile.ready);
        const char* keys[] = {"certificate-authority", "client-certificate", "client-key", "tokenFile"};
        for (const char* key : keys) {
            for (const auto& [path, why] : hostile.cases()) {
                const bool clusterKey = QByteArray(key) == "certificate-authority";
                const QByteArray entry = QByteArray(key) + ": '" + path.toUtf8() + "'";
                writeFile(dir.filePath(QStringLiteral("config")),
                          "clusters:\n- name: c\n  cluster: {server: 'https://x.example'" +
                              (clusterKey ? ", " + entry : QByteArray()) +
                              "}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                              "users:\n- name: u\n  user: {" +
                              (clusterKey ? QByteArray("token: t") : entry) + "}\n");
                auto refused = ClusterConnection::resolve({dir.filePath(QStringLiteral("config")), QStringLiteral("x"), false});
                QVERIFY2(!refused, key);
                QVERIFY2(refused.error().message.contains(path) && refused.error().message.contains(why),
                         qPrintable(refused.error().toString()));
                QVERIFY(refused.error().message.contains(QLatin1String(key)));
                QVERIFY(refused.error().where.contains(QStringLiteral("context 'x'")));
            }
        }
    }

    void kubeconfigFilesAreReadOnlyWhenRegularAndSmall() {
        QTemporaryDir dir;
        const Hostile hostile(dir);
        QVERIFY(hostile.ready);
        for (const auto& [path, why] : hostile.cases(/*kubeconfig=*/true)) {
            auto direct = KubeConfig::load(path);
            QVERIFY2(!direct, qPrintable(path));
            QVERIFY2(direct.error().message.contains(path) && direct.error().message.contains(why),
                     qPrintable(direct.error().toString()));
            // Named by syncline.yaml, relative to the workspace's root or absolute.
            const QString named = QFileInfo(path).isRelative() ? path : QDir(dir.path()).relativeFilePath(path);
            auto fromWorkspace = ClusterConnection::resolve({named, QStringLiteral("x"), false}, dir.path());
            QVERIFY2(!fromWorkspace, qPrintable(named));
            QVERIFY(fromWorkspace.error().message.contains(why));
        }
        // An entry of $KUBECONFIG.
        EnvGuard guard("KUBECONFIG");
        qputenv("KUBECONFIG", QFile::encodeName(dir.filePath(QStringLiteral("absent")) + QLatin1Char(':') + hostile.fifo));
        auto fromVariable = KubeConfig::load();
        QVERIFY(!fromVariable);
        QVERIFY(fromVariable.error().message.contains(hostile.fifo));
        QVERIFY(fromVariable.error().message.contains(QStringLiteral("FIFO")));
        // Under the cap: read as before.
        writeFile(dir.filePath(QStringLiteral("small")), first);
        QVERIFY(KubeConfig::load(dir.filePath(QStringLiteral("small"))));
    }

    void parsesExecSpecs() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("b/config")), second);
        auto config = KubeConfig::load(dir.filePath(QStringLiteral("b/config")));
        QVERIFY(config);
        const auto& exec = config->users.at(QStringLiteral("exec-user")).exec;
        QVERIFY(exec.has_value());
        QCOMPARE(exec->apiVersion, QStringLiteral("client.authentication.k8s.io/v1beta1"));
        QCOMPARE(exec->command, QStringLiteral("./bin/get-token"));
        QCOMPARE(exec->args, (QStringList{QStringLiteral("--cluster"), QStringLiteral("prod cluster")}));
        QCOMPARE(exec->env.size(), std::size_t(1));
        QCOMPARE(exec->env[0].first, QStringLiteral("REGION"));
        QCOMPARE(exec->env[0].second, QStringLiteral("eu-1"));
        QCOMPARE(exec->installHint, QStringLiteral("install get-token from example.com"));
        QCOMPARE(exec->interactiveMode, QStringLiteral("Never"));
        QVERIFY(exec->provideClusterInfo);
        QCOMPARE(exec->baseDir, QFileInfo(dir.filePath(QStringLiteral("b/config"))).absolutePath());
        QCOMPARE(exec->commandLine(), QStringLiteral("./bin/get-token --cluster 'prod cluster'"));

        writeFile(dir.filePath(QStringLiteral("f/config")),
                  "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}\n");
        auto old = KubeConfig::load(dir.filePath(QStringLiteral("f/config")));
        QVERIFY(!old);
        QVERIFY(old.error().message.contains(QStringLiteral("v1alpha1")));
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
