// Fetch against real remotes on 127.0.0.1: a bare repository over file://, git daemon
// (git://), a private sshd (ssh://, key files, ssh-agent, host-key checking) and
// git-http-backend behind a local HTTP server with Basic auth. Results are checked with
// the git CLI.

#include "git/Remote.h"
#include "git/Repository.h"
#include "git/SshCredentialProvider.h"
#include "git/TokenCredentialProvider.h"
#include "support/FetchScenario.h"
#include "support/GitDaemon.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"
#include "support/IsolationGuard.h"
#include "support/ServerProcess.h"
#include "support/SshAgent.h"
#include "support/SshServer.h"
#include "util/ProgressSink.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace syncline;
using namespace syncline::git;
using syncline::test::FetchScenario;

namespace {

struct RecordingSink final : util::ProgressSink {
    struct Event {
        QString stage;
        std::uint64_t done;
        std::uint64_t total;
    };
    std::vector<Event> events;
    std::function<void(const Event&)> onEvent;

    void progress(const QString& stage, std::uint64_t done, std::uint64_t total) override {
        events.push_back({stage, done, total});
        if (onEvent)
            onEvent(events.back());
    }
    QString text() const {
        QString all;
        for (const Event& e : events)
            all += e.stage + QLatin1Char('\n');
        return all;
    }
    bool sawReceiving() const {
        for (const Event& e : events)
            if (e.stage == QLatin1String("Receiving objects") && e.total > 0)
                return true;
        return false;
    }
};

bool hasUpdatedRef(const FetchResult& result, const QString& name, const QString& oldHex, const QString& newHex) {
    for (const UpdatedRef& ref : result.updatedRefs)
        if (ref.name == name && ref.oldId.toHex() == oldHex && ref.newId.toHex() == newHex)
            return true;
    return false;
}

QString writeKnownHosts(const QTemporaryDir& dir, const QString& content) {
    const QString path = dir.filePath(QStringLiteral("known_hosts"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content.toUtf8());
    return path;
}

// Restores an environment variable when the test leaves the scope.
struct EnvGuard {
    QByteArray name;
    QByteArray saved;
    bool had;
    explicit EnvGuard(const char* variable)
        : name(variable), saved(qgetenv(variable)), had(qEnvironmentVariableIsSet(variable)) {}
    ~EnvGuard() {
        if (had)
            qputenv(name.constData(), saved);
        else
            qunsetenv(name.constData());
    }
};

QString errorText(const util::Error& error) { return error.toString(); }

} // namespace

class TestFetch : public QObject {
    Q_OBJECT

private:
    // One sshd and a set of client keys shared by the ssh tests, started on first use.
    bool ensureSsh(QString* error);

    std::unique_ptr<FetchScenario> m_template;
    std::unique_ptr<test::SshServer> m_sshd;
    QTemporaryDir m_keys;
    QString m_sshError;
    bool m_sshTried = false;

    QString key(const QString& name) const { return m_keys.filePath(name); }

private Q_SLOTS:
    void initTestCase();

    void listsAndLooksUpRemotes();
    void fileFetchBringsNewCommits();
    void fileFetchCancelledMidwayKeepsRepositoryConsistent();
    void fetchCancelledBeforeStart();
    void missingRepositoryIsAnError();
    void gitDaemonFetch();

    void sshFetchWithKeyFile();
    void sshFetchWithAgent();
    void sshUnknownHostKeyRefusedWithFingerprint();
    void sshChangedHostKeyRefused();
    void sshWrongKeyIsAuthError();
    void sshRsaOnlyExplainsLibssh2Limit();
    void sshEncryptedKeyPassphraseNeverInErrors();

    void httpFetchWithToken();
    void httpWrongTokenIsAuthErrorWithoutToken();
    void httpWithoutCredentialsIsAuthError();
    void httpTokenGoesOnlyToItsHostAndPort();
    void httpTokenAsUserNameNeverShown();
    void httpRedirectToAnotherHostGetsNoToken();
};

void TestFetch::initTestCase() {
    // Keep the developer's own agent out of the tests; the agent test starts its own.
    qunsetenv("SSH_AUTH_SOCK");
    m_template = FetchScenario::create(3);
    QCOMPARE(m_template->trackingHead(), m_template->oldHead);
}

bool TestFetch::ensureSsh(QString* error) {
    if (!m_sshTried) {
        m_sshTried = true;
        m_sshd = std::make_unique<test::SshServer>();
        const bool ok =
            m_sshd->start(&m_sshError) &&
            test::SshServer::createKey(key(QStringLiteral("id_ed25519")), QStringLiteral("ed25519"), {}, &m_sshError) &&
            test::SshServer::createKey(key(QStringLiteral("other_ed25519")), QStringLiteral("ed25519"), {}, &m_sshError) &&
            test::SshServer::createKey(key(QStringLiteral("id_rsa")), QStringLiteral("rsa"), {}, &m_sshError) &&
            test::SshServer::createKey(key(QStringLiteral("locked_ed25519")), QStringLiteral("ed25519"),
                                       QStringLiteral("open sesame 42"), &m_sshError) &&
            m_sshd->authorize(key(QStringLiteral("id_ed25519.pub"))) && m_sshd->authorize(key(QStringLiteral("id_rsa.pub"))) &&
            m_sshd->authorize(key(QStringLiteral("locked_ed25519.pub")));
        if (!ok && m_sshError.isEmpty())
            m_sshError = QStringLiteral("cannot set up sshd keys");
        if (!ok)
            m_sshd.reset();
    }
    if (error)
        *error = m_sshError;
    return m_sshd != nullptr;
}

#define REQUIRE_SSHD()                                                                                                           \
    do {                                                                                                                         \
        if (!test::SshServer::isAvailable())                                                                                     \
            QSKIP("/usr/sbin/sshd is not installed (Debian package openssh-server): ssh tests skipped");                         \
        QString sshError;                                                                                                        \
        QVERIFY2(ensureSsh(&sshError), qPrintable(sshError));                                                                    \
    } while (false)

void TestFetch::listsAndLooksUpRemotes() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    auto repository = Repository::open(scenario.clone);
    QVERIFY(repository);
    const auto names = Remote::list(*repository);
    QVERIFY(names);
    QCOMPARE(*names, QStringList{QStringLiteral("origin")});
    const auto origin = Remote::lookup(*repository, QStringLiteral("origin"));
    QVERIFY(origin);
    QCOMPARE(origin->name(), QStringLiteral("origin"));
    QCOMPARE(origin->url(), scenario.origin);
    const auto missing = Remote::lookup(*repository, QStringLiteral("upstream"));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, util::ErrorCode::NotFound);
}

void TestFetch::fileFetchBringsNewCommits() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(QStringLiteral("file://") + scenario.origin);
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);

    RecordingSink sink;
    const auto result = scenario.fetch(FetchOptions{.progress = &sink});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY(hasUpdatedRef(*result, QStringLiteral("refs/remotes/origin/main"), scenario.oldHead, scenario.newHead));
    QVERIFY(result->receivedObjects > 0);
    QCOMPARE(result->receivedObjects, result->totalObjects);
    QVERIFY(sink.sawReceiving());
    QString fsck;
    QVERIFY2(scenario.fsck(&fsck) == 0, qPrintable(fsck));
}

void TestFetch::fileFetchCancelledMidwayKeepsRepositoryConsistent() {
    const auto owned = FetchScenario::create(200);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(QStringLiteral("file://") + scenario.origin);

    util::CancellationToken cancel;
    RecordingSink sink;
    std::optional<RecordingSink::Event> cancelledAt;
    sink.onEvent = [&](const RecordingSink::Event& e) {
        // Cancel once objects are arriving but before the pack is complete.
        if (!cancelledAt && e.stage == QLatin1String("Receiving objects") && e.done > 0 && e.done < e.total) {
            cancelledAt = e;
            cancel.cancel();
        }
    };
    const auto cancelled = scenario.fetch(FetchOptions{.progress = &sink, .cancel = cancel});
    QVERIFY2(cancelledAt, "the fetch never reported partial progress, so it could not be cancelled midway");
    QVERIFY(!cancelled);
    QCOMPARE(cancelled.error().code, util::ErrorCode::Cancelled);
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
    QString fsck;
    QVERIFY2(scenario.fsck(&fsck) == 0, qPrintable(fsck));

    // The repository is still usable: a fetch without cancelling completes.
    const auto again = scenario.fetch(FetchOptions{});
    QVERIFY2(again, qPrintable(again ? QString() : errorText(again.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY2(scenario.fsck(&fsck) == 0, qPrintable(fsck));
}

void TestFetch::fetchCancelledBeforeStart() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    util::CancellationToken cancel;
    cancel.cancel();
    const auto result = scenario.fetch(FetchOptions{.cancel = cancel});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Cancelled);
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
}

void TestFetch::missingRepositoryIsAnError() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(QStringLiteral("file://") + scenario.servedRoot.filePath(QStringLiteral("no-such.git")));
    const auto result = scenario.fetch(FetchOptions{});
    QVERIFY(!result);
    QVERIFY2(result.error().code == util::ErrorCode::NotFound, qPrintable(errorText(result.error())));
    QVERIFY(result.error().where.contains(QLatin1String("origin")));
}

void TestFetch::gitDaemonFetch() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    test::GitDaemon daemon(scenario.servedRoot.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    scenario.setOriginUrl(daemon.url(QStringLiteral("origin.git")));

    RecordingSink sink;
    const auto result = scenario.fetch(FetchOptions{.progress = &sink});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY(hasUpdatedRef(*result, QStringLiteral("refs/remotes/origin/main"), scenario.oldHead, scenario.newHead));
    QVERIFY(sink.sawReceiving());
}

void TestFetch::sshFetchWithKeyFile() {
    REQUIRE_SSHD();
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    // A hashed known_hosts entry, made by OpenSSH's own tool: "|1|salt|hash ssh-ed25519 ...".
    // (The agent test uses the plain "[127.0.0.1]:port" form.)
    QTemporaryDir dir;
    const QString knownHosts = writeKnownHosts(dir, m_sshd->knownHostsLine() + QLatin1Char('\n'));
    QString output;
    QCOMPARE(test::runProgram(QStringLiteral("ssh-keygen"), {QStringLiteral("-H"), QStringLiteral("-f"), knownHosts}, &output),
             0);
    QFile hashed(knownHosts);
    QVERIFY(hashed.open(QIODevice::ReadOnly));
    const QByteArray content = hashed.readAll();
    QVERIFY2(content.startsWith("|1|") && !content.contains("127.0.0.1"), content.constData());

    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    RecordingSink sink;
    const auto result =
        scenario.fetch(FetchOptions{.credentials = &credentials, .progress = &sink, .knownHostsFiles = {knownHosts}});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY(hasUpdatedRef(*result, QStringLiteral("refs/remotes/origin/main"), scenario.oldHead, scenario.newHead));
    QVERIFY(sink.sawReceiving());
}

void TestFetch::sshFetchWithAgent() {
    REQUIRE_SSHD();
    test::SshAgent agent;
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    QVERIFY2(agent.add(key(QStringLiteral("id_ed25519")), &error), qPrintable(error));
    EnvGuard guard("SSH_AUTH_SOCK");
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(agent.socketPath()));

    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    // No usable key file: only the agent can succeed.
    SshCredentialProvider credentials({.useAgent = true, .keyFiles = {{dir.filePath(QStringLiteral("absent")), {}}}});
    const auto result = scenario.fetch(
        FetchOptions{.credentials = &credentials, .knownHostsFiles = {writeKnownHosts(dir, m_sshd->knownHostsLine())}});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
}

void TestFetch::sshUnknownHostKeyRefusedWithFingerprint() {
    REQUIRE_SSHD();
    // OpenSSH's fingerprint of the server key, to compare with ours.
    QString keygen;
    QCOMPARE(test::runProgram(QStringLiteral("ssh-keygen"),
                              {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"),
                               m_sshd->hostPublicKeyFile()},
                              &keygen),
             0);
    const QString fingerprint = keygen.split(QLatin1Char(' ')).value(1);
    QVERIFY2(fingerprint.startsWith(QLatin1String("SHA256:")), qPrintable(keygen));

    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    const auto result = scenario.fetch(
        FetchOptions{.credentials = &credentials,
                     .knownHostsFiles = {writeKnownHosts(
                         dir, QStringLiteral("other.example ssh-ed25519 "
                                             "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"))}});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    const QString message = errorText(result.error());
    QVERIFY2(message.contains(QLatin1String("not known")), qPrintable(message));
    QVERIFY2(message.contains(fingerprint), qPrintable(message + QStringLiteral(" / expected ") + fingerprint));
    QVERIFY2(message.contains(QStringLiteral("ssh-keyscan -p %1 127.0.0.1 >> ~/.ssh/known_hosts").arg(m_sshd->port())),
             qPrintable(message));
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
}

void TestFetch::sshChangedHostKeyRefused() {
    REQUIRE_SSHD();
    // known_hosts names this server with a different ed25519 key.
    QFile otherKey(key(QStringLiteral("other_ed25519.pub")));
    QVERIFY(otherKey.open(QIODevice::ReadOnly));
    const QList<QByteArray> parts = otherKey.readAll().split(' ');
    const QString staleLine = QStringLiteral("[127.0.0.1]:%1 %2 %3\n")
                                  .arg(m_sshd->port())
                                  .arg(QString::fromLatin1(parts.value(0)), QString::fromLatin1(parts.value(1)));

    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    const auto result =
        scenario.fetch(FetchOptions{.credentials = &credentials, .knownHostsFiles = {writeKnownHosts(dir, staleLine)}});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    const QString message = errorText(result.error());
    QVERIFY2(message.contains(QLatin1String("REFUSED")) && message.contains(QLatin1String("has changed")), qPrintable(message));
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
}

void TestFetch::sshWrongKeyIsAuthError() {
    REQUIRE_SSHD();
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("other_ed25519")), {}}}});
    const auto result = scenario.fetch(
        FetchOptions{.credentials = &credentials, .knownHostsFiles = {writeKnownHosts(dir, m_sshd->knownHostsLine())}});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    const QString message = errorText(result.error());
    QVERIFY2(message.contains(QLatin1String("authentication failed")) && message.contains(key(QStringLiteral("other_ed25519"))),
             qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("RSA")), qPrintable(message));
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
}

void TestFetch::sshRsaOnlyExplainsLibssh2Limit() {
    REQUIRE_SSHD();
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    // The RSA key is authorized, yet libssh2 1.10 only signs with ssh-rsa (SHA-1), which
    // OpenSSH 9 refuses.
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_rsa")), {}}}});
    QVERIFY(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("id_rsa"))).isRsa());
    const auto result = scenario.fetch(
        FetchOptions{.credentials = &credentials, .knownHostsFiles = {writeKnownHosts(dir, m_sshd->knownHostsLine())}});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    const QString message = errorText(result.error());
    QVERIFY2(message.contains(QLatin1String("libssh2 1.10")) && message.contains(QLatin1String("ed25519")), qPrintable(message));
}

void TestFetch::sshEncryptedKeyPassphraseNeverInErrors() {
    REQUIRE_SSHD();
    const QString locked = key(QStringLiteral("locked_ed25519"));
    const SshKeyFileInfo info = SshCredentialProvider::inspectKeyFile(locked);
    QVERIFY(info.encrypted);
    QCOMPARE(info.keyType, QStringLiteral("ssh-ed25519"));
    QVERIFY(!SshCredentialProvider::inspectKeyFile(key(QStringLiteral("id_ed25519"))).encrypted);

    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    scenario.setOriginUrl(m_sshd->url(scenario.origin));
    QTemporaryDir dir;
    const QStringList knownHosts{writeKnownHosts(dir, m_sshd->knownHostsLine())};

    // Without its passphrase the key is skipped up front, and the error says why.
    SshCredentialProvider noPassphrase({.useAgent = false, .keyFiles = {{locked, {}}}});
    auto result = scenario.fetch(FetchOptions{.credentials = &noPassphrase, .knownHostsFiles = knownHosts});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    QVERIFY2(errorText(result.error()).contains(QLatin1String("without a passphrase")), qPrintable(errorText(result.error())));

    const QString wrongPassphrase = QStringLiteral("hunter2-wrong-passphrase");
    SshCredentialProvider wrong({.useAgent = false, .keyFiles = {{locked, wrongPassphrase}}});
    result = scenario.fetch(FetchOptions{.credentials = &wrong, .knownHostsFiles = knownHosts});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    QVERIFY2(!errorText(result.error()).contains(wrongPassphrase), qPrintable(errorText(result.error())));

    SshCredentialProvider right({.useAgent = false, .keyFiles = {{locked, QStringLiteral("open sesame 42")}}});
    result = scenario.fetch(FetchOptions{.credentials = &right, .knownHostsFiles = knownHosts});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
}

void TestFetch::httpFetchWithToken() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    const QString token = QStringLiteral("glpat-right-token-7f3a9c");
    test::HttpGitServer server(scenario.servedRoot.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    scenario.setOriginUrl(server.url(QStringLiteral("origin.git")));

    TokenCredentialProvider credentials(QStringLiteral("ada"), token, {QStringLiteral("127.0.0.1:%1").arg(server.port())});
    RecordingSink sink;
    const auto result = scenario.fetch(FetchOptions{.credentials = &credentials, .progress = &sink});
    QVERIFY2(result, qPrintable(result ? QString() : errorText(result.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY(hasUpdatedRef(*result, QStringLiteral("refs/remotes/origin/main"), scenario.oldHead, scenario.newHead));
    QVERIFY(sink.sawReceiving());
    QVERIFY(server.rejectedRequests() >= 1);   // the first request goes without credentials
    QVERIFY(server.authorizedRequests() >= 2); // ref advertisement + upload-pack
}

void TestFetch::httpWrongTokenIsAuthErrorWithoutToken() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    test::HttpGitServer server(scenario.servedRoot.path(), QStringLiteral("ada"), QStringLiteral("the-real-token"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    scenario.setOriginUrl(server.url(QStringLiteral("origin.git")));

    const QString wrongToken = QStringLiteral("ghp_wrongTokenValue12345");
    TokenCredentialProvider credentials(QStringLiteral("ada"), wrongToken, {QStringLiteral("127.0.0.1:%1").arg(server.port())});
    const auto result = scenario.fetch(FetchOptions{.credentials = &credentials});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
    const QString message = errorText(result.error());
    QVERIFY2(!message.contains(wrongToken), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("rejected")), qPrintable(message));
    QVERIFY(server.authorizedRequests() == 0);
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);

    // A token written into the URL itself is redacted as well.
    scenario.setOriginUrl(server.url(QStringLiteral("origin.git"))
                              .replace(QLatin1String("http://"), QStringLiteral("http://ada:") + wrongToken + QLatin1Char('@')));
    {
        auto repository = Repository::open(scenario.clone);
        QVERIFY(repository);
        const auto origin = Remote::lookup(*repository, QStringLiteral("origin"));
        QVERIFY(origin);
        QVERIFY2(!origin->url().contains(wrongToken) && !origin->url().contains(QLatin1String("ada")) &&
                     origin->url().contains(QLatin1String("http://***@127.0.0.1")),
                 qPrintable(origin->url()));
    }
    const auto inUrl = scenario.fetch(FetchOptions{});
    QVERIFY(!inUrl);
    QVERIFY2(!errorText(inUrl.error()).contains(wrongToken), qPrintable(errorText(inUrl.error())));
}

void TestFetch::httpWithoutCredentialsIsAuthError() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    test::HttpGitServer server(scenario.servedRoot.path(), QStringLiteral("ada"), QStringLiteral("token"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    scenario.setOriginUrl(server.url(QStringLiteral("origin.git")));
    const auto result = scenario.fetch(FetchOptions{});
    QVERIFY(!result);
    QCOMPARE(result.error().code, util::ErrorCode::Auth);
}

// Two git-http-backends on 127.0.0.1 that both accept the token, on different ports: the
// token given for the first is never offered to the second.
void TestFetch::httpTokenGoesOnlyToItsHostAndPort() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    const QString token = QStringLiteral("glpat-scoped-token-4e1d");
    test::HttpGitServer ours(scenario.servedRoot.path(), QStringLiteral("ada"), token);
    test::HttpGitServer other(scenario.servedRoot.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(ours.start(&error) && other.start(&error), qPrintable(error));
    scenario.setOriginUrl(ours.url(QStringLiteral("origin.git")));
    scenario.cloneRepo().git(
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("other"), other.url(QStringLiteral("origin.git"))});
    const QString ourHost = QStringLiteral("127.0.0.1:%1").arg(ours.port());
    TokenCredentialProvider credentials(QStringLiteral("ada"), token, {ourHost});

    const auto fetched = scenario.fetch(FetchOptions{.credentials = &credentials});
    QVERIFY2(fetched, qPrintable(fetched ? QString() : errorText(fetched.error())));
    QVERIFY(ours.authorizedRequests() >= 1);
    QVERIFY(ours.receivedAuthorization(token));

    auto repository = Repository::open(scenario.clone);
    QVERIFY(repository);
    const auto refused = Remote::fetch(*repository, QStringLiteral("other"), FetchOptions{.credentials = &credentials});
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, util::ErrorCode::Auth);
    QVERIFY2(errorText(refused.error()).contains(QStringLiteral("only sent to ") + ourHost),
             qPrintable(errorText(refused.error())));
    QVERIFY(other.rejectedRequests() >= 1); // it was asked, and got no token
    QCOMPARE(other.authorizedRequests(), 0);
    QVERIFY(!other.receivedAuthorization(token));
}

// https://TOKEN@host: the token in the user-name place is used, and shown nowhere.
void TestFetch::httpTokenAsUserNameNeverShown() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    const QString secret = QStringLiteral("SECRET123");
    test::HttpGitServer server(scenario.servedRoot.path(), secret, QStringLiteral("x-oauth-basic"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    scenario.setOriginUrl(QStringLiteral("http://%1@127.0.0.1:%2/origin.git").arg(secret).arg(server.port()));
    RecordingSink sink;
    TokenCredentialProvider wrong(QString(), QStringLiteral("not-the-password"),
                                  {QStringLiteral("127.0.0.1:%1").arg(server.port())});
    const auto failed = scenario.fetch(FetchOptions{.credentials = &wrong, .progress = &sink});
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, util::ErrorCode::Auth);
    QVERIFY2(!errorText(failed.error()).contains(secret), qPrintable(errorText(failed.error())));
    QVERIFY2(errorText(failed.error()).contains(QLatin1String("http://***@127.0.0.1")), qPrintable(errorText(failed.error())));

    TokenCredentialProvider right(QString(), QStringLiteral("x-oauth-basic"),
                                  {QStringLiteral("127.0.0.1:%1").arg(server.port())});
    const auto fetched = scenario.fetch(FetchOptions{.credentials = &right, .progress = &sink});
    QVERIFY2(fetched, qPrintable(fetched ? QString() : errorText(fetched.error())));
    QCOMPARE(scenario.trackingHead(), scenario.newHead);
    QVERIFY2(!sink.text().contains(secret), qPrintable(sink.text()));
    auto repository = Repository::open(scenario.clone);
    QVERIFY(repository);
    const auto origin = Remote::lookup(*repository, QStringLiteral("origin"));
    QVERIFY(origin && !origin->url().contains(secret));
}

// Our server sends the client to another host: the redirect is refused and the other host
// hears nothing (were it followed, the token's host check would still keep the token back).
void TestFetch::httpRedirectToAnotherHostGetsNoToken() {
    const auto owned = FetchScenario::copyOf(*m_template);
    const FetchScenario& scenario = *owned;
    const QString token = QStringLiteral("glpat-redirected-token-90aa");
    test::HttpGitServer elsewhere(scenario.servedRoot.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(elsewhere.start(&error), qPrintable(error));
    test::HttpGitServer ours(scenario.servedRoot.path(), QStringLiteral("ada"), token);
    ours.redirectTo(QStringLiteral("http://localhost:%1").arg(elsewhere.port()));
    QVERIFY2(ours.start(&error), qPrintable(error));
    scenario.setOriginUrl(ours.url(QStringLiteral("origin.git")));
    TokenCredentialProvider credentials(QStringLiteral("ada"), token, {QStringLiteral("127.0.0.1:%1").arg(ours.port())});

    const auto result = scenario.fetch(FetchOptions{.credentials = &credentials});
    QVERIFY(!result);
    QVERIFY2(errorText(result.error()).contains(QLatin1String("redirect")), qPrintable(errorText(result.error())));
    QVERIFY(ours.requests() >= 1);
    QCOMPARE(elsewhere.requests(), 0);
    QVERIFY(!elsewhere.receivedAuthorization(token));
    QCOMPARE(scenario.trackingHead(), scenario.oldHead);
}

QTEST_GUILESS_MAIN(TestFetch)
#include "tst_fetch.moc"
