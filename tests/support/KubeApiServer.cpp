#include "support/KubeApiServer.h"

#include "support/ServerProcess.h"
#include "support/TestTools.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

namespace syncline::test {

namespace {

constexpr int kReadyTimeoutMs = 180'000; // a cold start on a busy two-core machine
constexpr int kPollIntervalMs = 100;

QString openssl() { return QStandardPaths::findExecutable(QStringLiteral("openssl")); }

bool writeFile(const QString& path, const QByteArray& content, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QString lastLines(const QString& path, int count) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    return lines.mid(qMax(0, int(lines.size()) - count)).join(QLatin1Char('\n'));
}

// The controllers the real tier runs (kube-controller-manager's names, cmd/kube-controller-manager/names).
const QStringList& controllerNames() {
    static const QStringList names = {QStringLiteral("garbage-collector-controller"), QStringLiteral("deployment-controller"),
                                      QStringLiteral("replicaset-controller"), QStringLiteral("namespace-controller")};
    return names;
}

struct HttpAnswer {
    int status = 0; // 0 when nothing answered
    QByteArray body;
};

// One GET of `path` on a server whose certificate `caPem` is, with the token when given.
HttpAnswer httpsGet(const QUrl& base, const QString& path, const QString& token, const QByteArray& caPem) {
    QNetworkAccessManager network;
    QNetworkRequest request(base.resolved(QUrl(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(caPem));
    request.setSslConfiguration(tls);
    request.setTransferTimeout(10'000);
    QNetworkReply* reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return answer;
}

// The controller-manager lists each controller it started in /healthz, once they all
// started (before that /healthz answers 200 with only its own ping).
bool allControllersStarted(const HttpAnswer& healthz) {
    if (healthz.status != 200)
        return false;
    for (const QString& name : controllerNames())
        if (!healthz.body.contains(QByteArray(QByteArray("[+]") + name.toUtf8() + " ok")))
            return false;
    return true;
}

} // namespace

KubeApiServer::KubeApiServer(KubeApiServerOptions options) : m_options(options) {}

KubeApiServer::~KubeApiServer() { stop(); }

QString KubeApiServer::whyUnavailable() {
    for (const QString& name : {QStringLiteral("etcd"), QStringLiteral("kube-apiserver")}) {
        const TestTool tool = testTool(name);
        if (!tool.found())
            return tool.whyMissing;
    }
    if (openssl().isEmpty())
        return QStringLiteral("openssl is not installed (scripts/setup-deps.sh --with-tests installs it): the real "
                              "kube-apiserver needs a serving certificate and a service-account key");
    return {};
}

QString KubeApiServer::whyNoControllerManager() { return testTool(QStringLiteral("kube-controller-manager")).whyMissing; }

bool KubeApiServer::hasControllerManager() const {
    return m_controllerManager && m_controllerManager->state() == QProcess::Running;
}

bool KubeApiServer::start(QString* error) {
    if (isRunning())
        return true;
    if (const QString missing = whyUnavailable(); !missing.isEmpty()) {
        if (error)
            *error = missing;
        return false;
    }
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid()) {
        if (error)
            *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_port = 0; // a fresh start takes a fresh port (restartApiServer keeps it)
    m_token = QStringLiteral("syncline-admin-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    bool started =
        writeCredentials(error) && startEtcd(error) && startApiServer(error) && waitUntilReady(error) && writeKubeconfig(error);
    // Without its binary the server runs alone, and the tests that need controllers skip.
    if (started && m_options.controllerManager && whyNoControllerManager().isEmpty())
        started = startControllerManager(error) && waitUntilControllersStarted(error);
    if (!started)
        stop();
    return started;
}

// The serving certificate (self-signed, for 127.0.0.1), the service-account signing key,
// and the static token file (token,user,uid,"groups").
bool KubeApiServer::writeCredentials(QString* error) {
    const QString p256 = QStringLiteral("ec_paramgen_curve:P-256");
    const QList<QStringList> steps = {
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
         QStringLiteral("-pkeyopt"), p256, QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
         QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
         QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"), QStringLiteral("-keyout"),
         path(QStringLiteral("serving.key")), QStringLiteral("-out"), path(QStringLiteral("serving.crt"))},
        {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"), p256,
         QStringLiteral("-out"), path(QStringLiteral("service-account.key"))},
        // The API server verifies service-account tokens with the public half.
        {QStringLiteral("pkey"), QStringLiteral("-in"), path(QStringLiteral("service-account.key")), QStringLiteral("-pubout"),
         QStringLiteral("-out"), path(QStringLiteral("service-account.pub"))},
    };
    for (const QStringList& step : steps) {
        QString output;
        if (runProgram(openssl(), step, &output) != 0) {
            if (error)
                *error = QStringLiteral("openssl %1 could not make the server's keys: %2").arg(step.first(), output);
            return false;
        }
    }
    QFile certificateFile(path(QStringLiteral("serving.crt")));
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("openssl wrote no serving certificate");
        return false;
    }
    m_caPem = certificateFile.readAll();
    return writeFile(path(QStringLiteral("tokens.csv")), m_token.toUtf8() + ",syncline-admin,1000,\"system:masters\"\n", error);
}

bool KubeApiServer::startEtcd(QString* error) {
    m_etcdClientPort = freeLocalPort();
    const quint16 peerPort = freeLocalPort();
    const QString client = QStringLiteral("http://127.0.0.1:%1").arg(m_etcdClientPort);
    const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(peerPort);
    m_etcd = std::make_unique<QProcess>();
    m_etcd->setStandardOutputFile(path(QStringLiteral("etcd.log")));
    m_etcd->setStandardErrorFile(path(QStringLiteral("etcd.log")), QIODevice::Append);
    // No fsync: the data is thrown away with the test, and fsync is most of etcd's latency.
    m_etcd->start(testTool(QStringLiteral("etcd")).path,
                  {QStringLiteral("--name=test"), QStringLiteral("--data-dir=") + path(QStringLiteral("etcd")),
                   QStringLiteral("--listen-client-urls=") + client, QStringLiteral("--advertise-client-urls=") + client,
                   QStringLiteral("--listen-peer-urls=") + peer, QStringLiteral("--initial-advertise-peer-urls=") + peer,
                   QStringLiteral("--initial-cluster=test=") + peer, QStringLiteral("--unsafe-no-fsync"),
                   QStringLiteral("--log-level=warn")});
    if (!m_etcd->waitForStarted() || !waitUntilListening(m_etcdClientPort, *m_etcd, 30'000)) {
        if (error)
            *error = QStringLiteral("etcd did not start: %1").arg(lastLines(path(QStringLiteral("etcd.log")), 20));
        return false;
    }
    return true;
}

bool KubeApiServer::startApiServer(QString* error) {
    if (m_port == 0)
        m_port = freeLocalPort();
    const QString signingKey = path(QStringLiteral("service-account.key"));
    m_apiServer = std::make_unique<QProcess>();
    m_apiServer->setStandardOutputFile(path(QStringLiteral("kube-apiserver.log")));
    m_apiServer->setStandardErrorFile(path(QStringLiteral("kube-apiserver.log")), QIODevice::Append);
    // The endpoint reconciler would publish 127.0.0.1 as the "kubernetes" Service's
    // endpoint, which the API refuses (loopback): nothing here needs it.
    m_apiServer->start(
        testTool(QStringLiteral("kube-apiserver")).path,
        {QStringLiteral("--etcd-servers=http://127.0.0.1:%1").arg(m_etcdClientPort), QStringLiteral("--bind-address=127.0.0.1"),
         QStringLiteral("--advertise-address=127.0.0.1"), QStringLiteral("--secure-port=%1").arg(m_port),
         QStringLiteral("--cert-dir=") + path(QStringLiteral("certs")),
         QStringLiteral("--tls-cert-file=") + path(QStringLiteral("serving.crt")),
         QStringLiteral("--tls-private-key-file=") + path(QStringLiteral("serving.key")),
         QStringLiteral("--token-auth-file=") + path(QStringLiteral("tokens.csv")), QStringLiteral("--authorization-mode=RBAC"),
         QStringLiteral("--service-account-key-file=") + path(QStringLiteral("service-account.pub")),
         QStringLiteral("--service-account-signing-key-file=") + signingKey,
         QStringLiteral("--service-account-issuer=https://kubernetes.default.svc"),
         QStringLiteral("--service-cluster-ip-range=10.96.0.0/16"), QStringLiteral("--endpoint-reconciler-type=none"),
         QStringLiteral("--disable-admission-plugins=ServiceAccount"), QStringLiteral("--profiling=false"),
         QStringLiteral("--v=0")});
    if (!m_apiServer->waitForStarted()) {
        if (error)
            *error = QStringLiteral("kube-apiserver did not start: %1").arg(m_apiServer->errorString());
        return false;
    }
    return true;
}

// Polls /readyz with the token until it answers 200 (every post-start hook has run: the
// RBAC bootstrap roles exist, the built-in kinds are served).
bool KubeApiServer::waitUntilReady(QString* error) {
    const QDeadlineTimer deadline(kReadyTimeoutMs);
    int status = 0;
    while (!deadline.hasExpired()) {
        if (m_apiServer->state() == QProcess::NotRunning || m_etcd->state() == QProcess::NotRunning)
            break;
        status = httpsGet(url(), QStringLiteral("/readyz"), m_token, m_caPem).status;
        if (status == 200)
            return true;
        QTest::qWait(kPollIntervalMs);
    }
    if (error)
        *error = QStringLiteral("kube-apiserver was not ready (last /readyz status %1):\n%2").arg(status).arg(logTail());
    return false;
}

bool KubeApiServer::writeKubeconfig(QString* error) {
    const QByteArray name = contextName().toUtf8();
    QByteArray text = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + name +
                      "\n  cluster:\n    server: " + url().toString().toUtf8() +
                      "\n    certificate-authority-data: " + m_caPem.toBase64() + "\ncontexts:\n- name: " + name +
                      "\n  context:\n    cluster: " + name + "\n    user: " + name + "\ncurrent-context: " + name +
                      "\nusers:\n- name: " + name + "\n  user:\n    token: \"" + m_token.toUtf8() + "\"\n";
    return writeFile(kubeconfigPath(), text, error);
}

// The admin kubeconfig, no leader election (it is alone), only the controllers that matter
// here; the serviceaccount-token controller stays off (no Pod mounts a token: the
// ServiceAccount admission plugin is off). It serves /healthz with the API server's own
// certificate on a loopback port of its own.
bool KubeApiServer::startControllerManager(QString* error) {
    m_controllerManagerPort = freeLocalPort();
    m_controllerManager = std::make_unique<QProcess>();
    m_controllerManager->setStandardOutputFile(path(QStringLiteral("kube-controller-manager.log")));
    m_controllerManager->setStandardErrorFile(path(QStringLiteral("kube-controller-manager.log")), QIODevice::Append);
    m_controllerManager->start(testTool(QStringLiteral("kube-controller-manager")).path,
                               {QStringLiteral("--kubeconfig=") + kubeconfigPath(), QStringLiteral("--leader-elect=false"),
                                QStringLiteral("--controllers=") + controllerNames().join(QLatin1Char(',')),
                                QStringLiteral("--bind-address=127.0.0.1"),
                                QStringLiteral("--secure-port=%1").arg(m_controllerManagerPort),
                                QStringLiteral("--tls-cert-file=") + path(QStringLiteral("serving.crt")),
                                QStringLiteral("--tls-private-key-file=") + path(QStringLiteral("serving.key")),
                                QStringLiteral("--profiling=false"), QStringLiteral("--v=0")});
    if (!m_controllerManager->waitForStarted()) {
        if (error)
            *error = QStringLiteral("kube-controller-manager did not start: %1").arg(m_controllerManager->errorString());
        return false;
    }
    return true;
}

// Polls the controller-manager's /healthz until every controller asked for has started.
bool KubeApiServer::waitUntilControllersStarted(QString* error) {
    const QUrl base(QStringLiteral("https://127.0.0.1:%1").arg(m_controllerManagerPort));
    const QDeadlineTimer deadline(kReadyTimeoutMs);
    QElapsedTimer took;
    took.start();
    HttpAnswer healthz;
    while (!deadline.hasExpired() && m_controllerManager->state() == QProcess::Running) {
        healthz = httpsGet(base, QStringLiteral("/healthz?verbose"), {}, m_caPem);
        if (allControllersStarted(healthz)) {
            qInfo("kube-controller-manager started its controllers in %lld ms", took.elapsed());
            return true;
        }
        QTest::qWait(kPollIntervalMs);
    }
    if (error)
        *error = QStringLiteral("kube-controller-manager did not start its controllers (last /healthz: %1 %2):\n%3")
                     .arg(healthz.status)
                     .arg(QString::fromUtf8(healthz.body), logTail());
    return false;
}

bool KubeApiServer::restartApiServer(QString* error) {
    if (!m_apiServer || !m_etcd)
        return start(error);
    stopProcess(*m_apiServer);
    m_apiServer.reset();
    return startApiServer(error) && waitUntilReady(error);
}

void KubeApiServer::stop() {
    if (m_controllerManager)
        stopProcess(*m_controllerManager);
    m_controllerManager.reset();
    if (m_apiServer)
        stopProcess(*m_apiServer);
    if (m_etcd)
        stopProcess(*m_etcd);
    m_apiServer.reset();
    m_etcd.reset();
}

bool KubeApiServer::isRunning() const { return m_apiServer && m_apiServer->state() == QProcess::Running; }

QUrl KubeApiServer::url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_port)); }

QString KubeApiServer::kubeconfigPath() const { return path(QStringLiteral("kubeconfig")); }

QString KubeApiServer::contextName() { return QStringLiteral("kube-apiserver"); }

QString KubeApiServer::token() const { return m_token; }

QByteArray KubeApiServer::caPem() const { return m_caPem; }

QString KubeApiServer::logTail() const {
    QString tail =
        QStringLiteral("--- kube-apiserver:\n%1\n--- etcd:\n%2")
            .arg(lastLines(path(QStringLiteral("kube-apiserver.log")), 30), lastLines(path(QStringLiteral("etcd.log")), 10));
    if (m_controllerManager)
        tail += QStringLiteral("\n--- kube-controller-manager:\n") +
                lastLines(path(QStringLiteral("kube-controller-manager.log")), 30);
    return tail;
}

QString KubeApiServer::path(const QString& name) const { return m_scratch ? QDir(m_scratch->path()).filePath(name) : QString(); }

} // namespace syncline::test
