// KeychainStore against a real Secret Service (gnome-keyring on the private D-Bus session
// that tests/support/run-isolated.sh starts), the no-keychain path (a child process whose
// D-Bus address points nowhere keeps secrets in memory and says why), and
// KeychainCredentialProvider against a local git-http-backend; GitCredentialChain's order.

#include "GitCredentialChain.h"
#include "KeychainCredentialProvider.h"
#include "KeychainStore.h"
#include "support/IsolationGuard.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <future>

using namespace syncline;
using namespace syncline::app;

namespace {

// Runs `work` on a worker thread (the store's calls block; never on the GUI thread).
template <typename F> auto onWorker(F work) {
    std::packaged_task<decltype(work())()> task(std::move(work));
    auto future = task.get_future();
    std::unique_ptr<QThread> thread(QThread::create([&task] { task(); }));
    thread->start();
    thread->wait();
    return future.get();
}

struct FakePrompt final : git::CredentialPrompt {
    int tokenQuestions = 0;
    int passphraseQuestions = 0;
    QString token = QStringLiteral("typed-token-8d1e");
    QString username = QStringLiteral("ada");
    bool remember = true;
    QString shown; // everything the questions showed
    std::optional<TokenAnswer> askToken(const QString& host, const QString& hint, const QString& reason) override {
        ++tokenQuestions;
        shown += host + hint + reason;
        return TokenAnswer{username, token, remember};
    }
    std::optional<PassphraseAnswer> askPassphrase(const QString&, const QString&) override {
        ++passphraseQuestions;
        return PassphraseAnswer{QStringLiteral("typed-passphrase"), remember};
    }
};

} // namespace

class TestKeychain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writeReadDeleteInTheKeychain();
    void clusterTokensByKubeconfigAndContext();
    void withoutKeychainSecretsStayInMemoryAndSayWhy();
    void providerAsksOnceAndRemembersOnlyAccepted();
    void providerForgetsRefusedStoredToken();
    void chainOffersEnvironmentTokenBeforeAsking();
    void environmentTokenOnlyForItsHost();
    void tokenAsUserNameNeverInKeyOrQuestion();
    void noKeychainChild(); // run by withoutKeychain... in a child process only
};

void TestKeychain::initTestCase() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        return;
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test through tests/support/run-isolated.sh");
}

void TestKeychain::writeReadDeleteInTheKeychain() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    KeychainStore store(QStringLiteral("syncline-test"));
    const QString key = QStringLiteral("git-token:example.com/ada");
    const auto written = onWorker([&] { return store.write(key, QStringLiteral("s3cret-token")); });
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    QVERIFY2(*written == SecretStorage::Keychain, qPrintable(store.unavailableReason()));
    QVERIFY(store.keychainAvailable());

    // A second store (as after a restart) reads it back from the keychain, not from memory.
    KeychainStore again(QStringLiteral("syncline-test"));
    auto read = onWorker([&] { return again.read(key); });
    QVERIFY(read && *read);
    QCOMPARE(**read, QStringLiteral("s3cret-token"));

    QVERIFY(onWorker([&] { return again.remove(key); }));
    read = onWorker([&] { return again.read(key); });
    QVERIFY(read);
    QVERIFY(!*read);
    QVERIFY(onWorker([&] { return again.remove(key); })); // not stored: still fine
}

void TestKeychain::clusterTokensByKubeconfigAndContext() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    KeychainStore store(QStringLiteral("syncline-test"));
    const QString kubeconfig = QStringLiteral("/home/ada/.kube/config");
    const QString ca = QStringLiteral("sha256:0f0f");
    const reconcile::StoredTokenScope prod{kubeconfig, QStringLiteral("prod"), QStringLiteral("https://prod:6443"), ca};
    const reconcile::StoredTokenScope dev{kubeconfig, QStringLiteral("dev"), QStringLiteral("https://dev:6443"), ca};
    QCOMPARE(onWorker([&] {
                 return store.storeClusterToken(prod, QStringLiteral("tok-prod"));
             }).value_or(SecretStorage::SessionMemory),
             SecretStorage::Keychain);
    QVERIFY(onWorker([&] { return store.storeClusterToken(dev, QStringLiteral("tok-dev")); }));
    KeychainStore other(QStringLiteral("syncline-test"));
    QCOMPARE(onWorker([&] { return other.clusterToken(prod); })->value_or(QString()), QStringLiteral("tok-prod"));
    QCOMPARE(onWorker([&] { return other.clusterToken(dev); })->value_or(QString()), QStringLiteral("tok-dev"));
    reconcile::StoredTokenScope elsewhere = prod;
    elsewhere.kubeconfigFile = QStringLiteral("/other/config");
    QVERIFY(!*onWorker([&] { return other.clusterToken(elsewhere); }));
    // The same context repointed at another server, or vouched for by another CA: no token.
    elsewhere = prod;
    elsewhere.server = QStringLiteral("https://attacker.example:6443");
    QVERIFY(!*onWorker([&] { return other.clusterToken(elsewhere); }));
    elsewhere = prod;
    elsewhere.caFingerprint = QStringLiteral("TLS verification off");
    QVERIFY(!*onWorker([&] { return other.clusterToken(elsewhere); }));
    QVERIFY(onWorker([&] { return other.forgetClusterToken(prod); }));
    QVERIFY(!*onWorker([&] { return other.clusterToken(prod); }));
    QVERIFY(onWorker([&] { return other.forgetClusterToken(dev); }));
}

void TestKeychain::withoutKeychainSecretsStayInMemoryAndSayWhy() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    QTemporaryDir home;
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SYNCLINE_KEYCHAIN_CHILD"), QStringLiteral("1"));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + home.filePath(QStringLiteral("nobus")));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.remove(QStringLiteral("DISPLAY"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("noKeychainChild")});
    QVERIFY(child.waitForFinished(120000));
    const QString output = QString::fromUtf8(child.readAll());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("PASS   : TestKeychain::noKeychainChild")), qPrintable(output));
    // Nothing written to disk in the child's home (no plaintext fallback).
    QProcess find;
    find.start(QStringLiteral("grep"),
               {QStringLiteral("-r"), QStringLiteral("-l"), QStringLiteral("memory-only-secret"), home.path()});
    find.waitForFinished(-1);
    QVERIFY2(find.readAll().isEmpty(), "the secret was written to a file");
}

void TestKeychain::chainOffersEnvironmentTokenBeforeAsking() {
    KeychainStore store(QStringLiteral("syncline-test-chain"));
    FakePrompt prompt;
    const git::CredentialRequest request{
        QStringLiteral("https://git.example.com/shop.git"), {}, git::CredentialKind::UserPassword};
    const auto password = [](const std::optional<git::Credential>& credential) {
        const auto* token = credential ? std::get_if<git::UserPasswordCredential>(&*credential) : nullptr;
        return token ? token->password : QString();
    };
    qputenv("SYNCLINE_GIT_TOKEN", "env-token-51c0");
    qputenv("SYNCLINE_GIT_USER", "ci");
    GitCredentialChain chain(store, &prompt, {}, {QStringLiteral("git.example.com")});
    qunsetenv("SYNCLINE_GIT_TOKEN");
    qunsetenv("SYNCLINE_GIT_USER");
    // The token given for this run first, without a question...
    QCOMPARE(password(onWorker([&] { return chain.provider()->credential(request, 1); })), QStringLiteral("env-token-51c0"));
    QCOMPARE(prompt.tokenQuestions, 0);
    // ...once refused, the keychain side asks; then the git credential helper (none here).
    QCOMPARE(password(onWorker([&] { return chain.provider()->credential(request, 2); })), prompt.token);
    QCOMPARE(prompt.tokenQuestions, 1);
    QVERIFY(!onWorker([&] { return chain.provider()->credential(request, 3); }));
    QCOMPARE(prompt.tokenQuestions, 1);
}

// SYNCLINE_GIT_TOKEN goes to SYNCLINE_GIT_HOST when set, else to the hosts the chain was
// made for (the remote named on the command line) — never to another host.
void TestKeychain::environmentTokenOnlyForItsHost() {
    KeychainStore store(QStringLiteral("syncline-test-chain"));
    const auto password = [](const std::optional<git::Credential>& credential) {
        const auto* token = credential ? std::get_if<git::UserPasswordCredential>(&*credential) : nullptr;
        return token ? token->password : QString();
    };
    const git::CredentialRequest other{QStringLiteral("https://evil.example/shop.git"), {}, git::CredentialKind::UserPassword};
    const git::CredentialRequest ours{
        QStringLiteral("https://git.example.com:8443/shop.git"), {}, git::CredentialKind::UserPassword};
    qputenv("SYNCLINE_GIT_TOKEN", "env-token-51c0");
    GitCredentialChain byRemote(store, nullptr, {}, {QStringLiteral("git.example.com:8443")});
    qputenv("SYNCLINE_GIT_HOST", "evil.example");
    GitCredentialChain byHost(store, nullptr, {}, {QStringLiteral("git.example.com:8443")});
    qunsetenv("SYNCLINE_GIT_HOST");
    GitCredentialChain noHost(store, nullptr);
    qunsetenv("SYNCLINE_GIT_TOKEN");
    QCOMPARE(password(onWorker([&] { return byRemote.provider()->credential(ours, 1); })), QStringLiteral("env-token-51c0"));
    QCOMPARE(password(onWorker([&] { return byRemote.provider()->credential(other, 1); })), QString());
    QCOMPARE(password(onWorker([&] { return byHost.provider()->credential(other, 1); })), QStringLiteral("env-token-51c0"));
    QCOMPARE(password(onWorker([&] { return byHost.provider()->credential(ours, 1); })), QString());
    QCOMPARE(password(onWorker([&] { return noHost.provider()->credential(ours, 1); })), QString());
}

// https://TOKEN@host: the user name from the URL is used, but neither shown in the question
// nor written into the keychain's key names.
void TestKeychain::tokenAsUserNameNeverInKeyOrQuestion() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    const QString secret = QStringLiteral("SECRET123");
    const QString host = QStringLiteral("127.0.0.1:8080");
    KeychainStore store(QStringLiteral("syncline-test"));
    FakePrompt prompt;
    prompt.username.clear(); // the user leaves the name as the URL has it
    const git::CredentialRequest request{QStringLiteral("http://%1@%2/origin.git").arg(secret, host), secret,
                                         git::CredentialKind::UserPassword};
    const QString key = KeychainStore::httpsTokenKey(host, secret);
    QVERIFY2(!key.contains(secret) && key.contains(host), qPrintable(key));
    onWorker([&] {
        KeychainCredentialProvider provider(store, &prompt, {});
        const auto typed = provider.credential(request, 1);
        QVERIFY(typed);
        QCOMPARE(std::get<git::UserPasswordCredential>(*typed).username, secret);
        provider.reportOutcome(request, *typed, true);
    });
    QCOMPARE(prompt.tokenQuestions, 1);
    QVERIFY2(!prompt.shown.contains(secret), qPrintable(prompt.shown));
    QVERIFY2(prompt.shown.contains(QLatin1String("remote URL")), qPrintable(prompt.shown));
    QCOMPARE(onWorker([&] { return store.read(key); })->value_or(QString()), prompt.token);
    onWorker([&] { // the next session finds it under the same key, nobody asked
        KeychainCredentialProvider provider(store, &prompt, {});
        QVERIFY(provider.credential(request, 1));
    });
    QCOMPARE(prompt.tokenQuestions, 1);
    (void)onWorker([&] { return store.remove(key); });
    (void)onWorker([&] { return store.remove(KeychainStore::httpsUserKey(host)); });
}

void TestKeychain::noKeychainChild() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") != QLatin1String("1"))
        QSKIP("runs only in the child process of withoutKeychainSecretsStayInMemoryAndSayWhy");
    KeychainStore store(QStringLiteral("syncline-test"));
    const auto written = onWorker([&] { return store.write(QStringLiteral("k"), QStringLiteral("memory-only-secret")); });
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    QCOMPARE(*written, SecretStorage::SessionMemory);
    QVERIFY(!store.keychainAvailable());
    const QString why = store.unavailableReason();
    QVERIFY2(why.contains(QLatin1String("not available")) && why.contains(QLatin1String("memory")), qPrintable(why));
    QVERIFY(!why.contains(QLatin1String("memory-only-secret")));
    const auto read = onWorker([&] { return store.read(QStringLiteral("k")); });
    QVERIFY(read && *read);
    QCOMPARE(**read, QStringLiteral("memory-only-secret"));
    QVERIFY(onWorker([&] { return store.remove(QStringLiteral("k")); }));
    QVERIFY(!*onWorker([&] { return store.read(QStringLiteral("k")); }));
}

void TestKeychain::providerAsksOnceAndRemembersOnlyAccepted() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    KeychainStore store(QStringLiteral("syncline-test"));
    FakePrompt prompt;
    const git::CredentialRequest request{
        QStringLiteral("https://git.example.com/team/repo.git"), {}, git::CredentialKind::UserPassword};
    onWorker([&] {
        KeychainCredentialProvider provider(store, &prompt, {});
        // The chain may ask the same attempt twice: the user is asked once.
        const auto first = provider.credential(request, 1);
        const auto same = provider.credential(request, 1);
        QVERIFY(first && same);
        QCOMPARE(prompt.tokenQuestions, 1);
        QCOMPARE(std::get<git::UserPasswordCredential>(*first).password, prompt.token);
        QVERIFY(!provider.credential(request, 2)); // nothing more to offer
        // Not stored before the remote accepted it.
        QVERIFY(!*store.read(KeychainStore::httpsTokenKey(QStringLiteral("git.example.com"), QStringLiteral("ada"))));
        provider.reportOutcome(request, *first, true);
        QCOMPARE(store.read(KeychainStore::httpsTokenKey(QStringLiteral("git.example.com"), QStringLiteral("ada")))
                     ->value_or(QString()),
                 prompt.token);
    });
    // Next session: offered from the keychain, nobody asked.
    onWorker([&] {
        KeychainCredentialProvider provider(store, &prompt, {});
        const auto stored = provider.credential(request, 1);
        QVERIFY(stored);
        QCOMPARE(std::get<git::UserPasswordCredential>(*stored).username, QStringLiteral("ada"));
        QCOMPARE(prompt.tokenQuestions, 1);
    });
    // Plain http to a non-loopback host never gets the token.
    onWorker([&] {
        KeychainCredentialProvider provider(store, &prompt, {});
        QVERIFY(!provider.credential({QStringLiteral("http://git.example.com/r.git"), {}, git::CredentialKind::UserPassword}, 1));
    });
    (void)onWorker(
        [&] { return store.remove(KeychainStore::httpsTokenKey(QStringLiteral("git.example.com"), QStringLiteral("ada"))); });
}

void TestKeychain::providerForgetsRefusedStoredToken() {
    if (qEnvironmentVariable("SYNCLINE_KEYCHAIN_CHILD") == QLatin1String("1"))
        QSKIP("child mode");
    KeychainStore store(QStringLiteral("syncline-test"));
    const QString host = QStringLiteral("git.example.org");
    const QString tokenKey = KeychainStore::httpsTokenKey(host, QStringLiteral("ada"));
    QVERIFY(onWorker([&] { return store.write(tokenKey, QStringLiteral("old-token")); }));
    QVERIFY(onWorker([&] { return store.write(KeychainStore::httpsUserKey(host), QStringLiteral("ada")); }));
    FakePrompt prompt;
    prompt.remember = false;
    const git::CredentialRequest request{
        QStringLiteral("https://git.example.org/repo.git"), {}, git::CredentialKind::UserPassword};
    onWorker([&] {
        KeychainCredentialProvider provider(store, &prompt, {});
        const auto stored = provider.credential(request, 1);
        QVERIFY(stored);
        QCOMPARE(std::get<git::UserPasswordCredential>(*stored).password, QStringLiteral("old-token"));
        QCOMPARE(prompt.tokenQuestions, 0);
        provider.reportOutcome(request, *stored, false); // refused by the remote
        const auto typed = provider.credential(request, 2);
        QVERIFY(typed);
        QCOMPARE(prompt.tokenQuestions, 1);
        provider.reportOutcome(request, *typed, true); // accepted, but "remember" was not ticked
        QVERIFY(!*store.read(tokenKey));
        QVERIFY(provider.exhaustedHint(request).isEmpty() || !provider.exhaustedHint(request).contains(prompt.token));
    });
    (void)onWorker([&] { return store.remove(KeychainStore::httpsUserKey(host)); });
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
