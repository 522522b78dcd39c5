// Push against real remotes on 127.0.0.1: a bare repository over file://, git daemon
// (git://, receive-pack enabled per repository), a private sshd (ssh://, ed25519 key) and
// git-http-backend behind a local HTTP server with Basic auth. Every result is checked
// with the git CLI (`git log`, `git rev-parse`, `git fsck`) on the server's repository.

#include "git/CommitWriter.h"
#include "git/HostKeyPrompt.h"
#include "git/Pusher.h"
#include "git/Repository.h"
#include "git/SshCredentialProvider.h"
#include "git/TokenCredentialProvider.h"
#include "support/GitDaemon.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"
#include "support/ServerProcess.h"
#include "support/SshServer.h"
#include "util/ProgressSink.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>
#include <memory>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

QString errorText(const util::Error& error) { return error.toString(); }

// A bare "origin.git" (served by the test servers from `root`), our clone "work" and
// another user's clone "other", all at the same first commit.
struct PushScenario {
    QTemporaryDir root;
    QString origin = root.filePath(QStringLiteral("origin.git"));
    QString work = root.filePath(QStringLiteral("work"));
    QString other = root.filePath(QStringLiteral("other"));
    QString first;

    GitFixture originRepo() const { return GitFixture(origin); }
    GitFixture workRepo() const { return GitFixture(work); }
    GitFixture otherRepo() const { return GitFixture(other); }

    void setUrl(const QString& url) const {
        workRepo().git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"), url});
    }
    QString originHead(const QString& branch = QStringLiteral("main")) const {
        return originRepo().git({QStringLiteral("rev-parse"), QStringLiteral("refs/heads/") + branch}).trimmed();
    }
    QString workRef(const QString& ref) const { return workRepo().git({QStringLiteral("rev-parse"), ref}).trimmed(); }
    int fsck(const QString& path, QString* output) const {
        return GitFixture(path).gitStatus({QStringLiteral("fsck"), QStringLiteral("--full"), QStringLiteral("--strict")}, output);
    }
    // Another user commits and pushes with the real git CLI.
    QString otherPushes(const QString& file, const QByteArray& content) const {
        GitFixture o = otherRepo();
        o.git({QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("--ff-only"), QStringLiteral("origin"),
               QStringLiteral("main")});
        o.writeFile(file, content);
        const QString id = o.commitAll(QStringLiteral("other: ") + file, 1700001000);
        o.git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("main")});
        return id;
    }
    void installPreReceive(const QByteArray& script) const {
        const QString path = origin + QStringLiteral("/hooks/pre-receive");
        QFile hook(path);
        QVERIFY(hook.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hook.write(script);
        hook.close();
        QVERIFY(hook.setPermissions(hook.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser));
    }

    static std::unique_ptr<PushScenario> create() {
        auto s = std::make_unique<PushScenario>();
        GitFixture upstream;
        upstream.writeFile(QStringLiteral("env/prod/app.yaml"), "image: app:1\n");
        s->first = upstream.commitAll(QStringLiteral("initial"), 1700000000);
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), upstream.path(), s->origin});
        GitFixture origin(s->origin);
        // git daemon accepts pushes per repository; git-http-backend does for authenticated users.
        origin.git({QStringLiteral("config"), QStringLiteral("daemon.receivepack"), QStringLiteral("true")});
        origin.git({QStringLiteral("config"), QStringLiteral("http.receivepack"), QStringLiteral("true")});
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), s->origin, s->work});
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), s->origin, s->other});
        for (const QString& clone : {s->work, s->other}) {
            GitFixture c(clone);
            c.git({QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Ada Lovelace")});
            c.git({QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("ada@example.com")});
        }
        return s;
    }
    static std::unique_ptr<PushScenario> copyOf(const PushScenario& source) {
        auto s = std::make_unique<PushScenario>();
        s->first = source.first;
        QString output;
        if (test::runProgram(QStringLiteral("cp"),
                             {QStringLiteral("-a"), source.root.path() + QStringLiteral("/."), s->root.path()}, &output) != 0)
            QTest::qFail(qPrintable(QStringLiteral("cp failed: ") + output), __FILE__, __LINE__);
        s->setUrl(s->origin);
        s->otherRepo().git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"), s->origin});
        return s;
    }
};

// Our change, made the way Syncline makes it: in memory on top of the tip, the branch
// moved compare-and-swap.
util::Result<ObjectId> commitChange(const Repository& repository, const QString& content) {
    const auto tip = repository.resolveCommit(QStringLiteral("refs/heads/main"));
    if (!tip)
        return util::fail(tip.error());
    CommitRequest request;
    request.branch = QStringLiteral("main");
    request.expectedTip = *tip;
    request.edits = {FileEdit{QStringLiteral("env/prod/app.yaml"), content.toUtf8()}};
    request.message = QStringLiteral("promote(prod): ") + content.trimmed();
    return CommitWriter::commit(repository, request);
}

// What an action's `rebuild` does: the same change on top of `remoteTip` (built on a
// scratch branch that starts there), then main moved there compare-and-swap.
util::Result<ObjectId> redoChangeOn(const PushScenario& s, const Repository& repository, const QString& content,
                                    const ObjectId& remoteTip) {
    const auto tip = repository.resolveCommit(QStringLiteral("refs/heads/main"));
    if (!tip)
        return util::fail(tip.error());
    CommitRequest request;
    request.branch = QStringLiteral("syncline-rebuild");
    request.startPoint = remoteTip;
    request.edits = {FileEdit{QStringLiteral("env/prod/app.yaml"), content.toUtf8()}};
    request.message = QStringLiteral("promote(prod): ") + content.trimmed();
    const auto rebuilt = CommitWriter::commit(repository, request);
    if (!rebuilt)
        return rebuilt;
    const GitFixture work = s.workRepo();
    if (work.gitStatus({QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), rebuilt->toHex(), tip->toHex()}) != 0)
        return util::fail(util::ErrorCode::Conflict, QStringLiteral("main moved"));
    work.git({QStringLiteral("update-ref"), QStringLiteral("-d"), QStringLiteral("refs/heads/syncline-rebuild")});
    return rebuilt;
}

struct RecordingSink final : util::ProgressSink {
    QStringList stages;
    std::function<void(const QString&)> onEvent;
    void progress(const QString& stage, std::uint64_t, std::uint64_t) override {
        stages.append(stage);
        if (onEvent)
            onEvent(stage);
    }
};

struct FakeHostKeyPrompt final : HostKeyPrompt {
    bool answer = true;
    int asked = 0;
    UnknownHostKey last;
    bool trustUnknownHost(const UnknownHostKey& key) override {
        ++asked;
        last = key;
        return answer;
    }
};

struct CountingTokenProvider final : CredentialProvider {
    TokenCredentialProvider inner;
    int accepted = 0;
    int rejected = 0;
    CountingTokenProvider(QString user, QString token, quint16 port)
        : inner(std::move(user), std::move(token), {QStringLiteral("127.0.0.1:%1").arg(port)}) {}
    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override {
        return inner.credential(request, attempt);
    }
    void reportOutcome(const CredentialRequest&, const Credential&, bool ok) override { ++(ok ? accepted : rejected); }
};

} // namespace

class TestPush : public QObject {
    Q_OBJECT

    std::unique_ptr<PushScenario> m_template;
    std::unique_ptr<test::SshServer> m_sshd;
    QTemporaryDir m_keys;
    bool m_sshTried = false;
    QString m_sshError;

    std::unique_ptr<PushScenario> scenario() const { return PushScenario::copyOf(*m_template); }
    QString key(const QString& name) const { return m_keys.filePath(name); }
    bool ensureSsh(QString* error);
    // Our commit on main, pushed with `request` (branch filled in); checks the result with git.
    void pushAndVerify(const PushScenario& s, PushRequest request);

private Q_SLOTS:
    void initTestCase();

    void filePushUpdatesRemoteAndTrackingRef();
    void gitDaemonPush();
    void sshPushWithKeyFile();
    void sshUnknownHostAskedOnceThenRemembered();
    void sshUnknownHostDeclinedPushesNothing();
    void sshChangedHostKeyRefusedWithoutAsking();
    void httpPushWithToken();
    void httpWrongTokenIsAuthErrorWithoutToken();
    void httpTokenAsUserNameNeverInPushErrors();

    void hookRejectionKeepsCommitAndOffersNewBranch();
    void nonFastForwardWithoutRebuildIsRejected();
    void raceRebuildsAndRetries();
    void rebuildConflictStopsCleanly();
    void maxAttemptsExhausted();
    void cancelledBeforeStart();
    void cancelledDuringPush();
    void missingBranchOrRemote();
    void killedAtRandomPointsLeavesRepositoriesConsistent();
};

void TestPush::initTestCase() {
    qunsetenv("SSH_AUTH_SOCK");
    m_template = PushScenario::create();
    QVERIFY(!m_template->first.isEmpty());
}

bool TestPush::ensureSsh(QString* error) {
    if (!m_sshTried) {
        m_sshTried = true;
        m_sshd = std::make_unique<test::SshServer>();
        const bool ok =
            m_sshd->start(&m_sshError) &&
            test::SshServer::createKey(key(QStringLiteral("id_ed25519")), QStringLiteral("ed25519"), {}, &m_sshError) &&
            m_sshd->authorize(key(QStringLiteral("id_ed25519.pub")));
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
            QSKIP("/usr/sbin/sshd is not installed (Debian package openssh-server): ssh push tests skipped");                    \
        QString sshError;                                                                                                        \
        QVERIFY2(ensureSsh(&sshError), qPrintable(sshError));                                                                    \
    } while (false)

void TestPush::pushAndVerify(const PushScenario& s, PushRequest request) {
    const auto repository = test::openRepository(s.work);
    const auto ours = commitChange(*repository, QStringLiteral("image: app:2\n"));
    QVERIFY2(ours, qPrintable(ours ? QString() : errorText(ours.error())));
    request.branch = QStringLiteral("main");
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY2(outcome, qPrintable(outcome ? QString() : errorText(outcome.error())));
    QCOMPARE(outcome->pushedCommit, *ours);
    QCOMPARE(outcome->attempts, 1);
    QCOMPARE(s.originHead(), ours->toHex());
    QCOMPARE(s.workRef(QStringLiteral("refs/remotes/origin/main")), ours->toHex());
    const QString log = s.originRepo().git({QStringLiteral("log"), QStringLiteral("--format=%s"), QStringLiteral("main")});
    QVERIFY2(log.startsWith(QLatin1String("promote(prod): image: app:2\ninitial")), qPrintable(log));
    QString fsck;
    QVERIFY2(s.fsck(s.origin, &fsck) == 0, qPrintable(fsck));
}

void TestPush::filePushUpdatesRemoteAndTrackingRef() {
    const auto s = scenario();
    s->setUrl(QStringLiteral("file://") + s->origin);
    RecordingSink sink;
    pushAndVerify(*s, PushRequest{.progress = &sink});
    QVERIFY(sink.stages.contains(QStringLiteral("Pushing main")));
}

void TestPush::gitDaemonPush() {
    const auto s = scenario();
    test::GitDaemon daemon(s->root.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    s->setUrl(daemon.url(QStringLiteral("origin.git")));
    pushAndVerify(*s, PushRequest{});
}

void TestPush::sshPushWithKeyFile() {
    REQUIRE_SSHD();
    const auto s = scenario();
    s->setUrl(m_sshd->url(s->origin));
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_sshd->knownHostsLine().toUtf8() + '\n');
    file.close();
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    pushAndVerify(*s, PushRequest{.credentials = &credentials, .knownHostsFiles = {knownHosts}});
}

void TestPush::sshUnknownHostAskedOnceThenRemembered() {
    REQUIRE_SSHD();
    const auto s = scenario();
    s->setUrl(m_sshd->url(s->origin));
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("ssh/known_hosts")); // folder created on demand
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    FakeHostKeyPrompt prompt;
    pushAndVerify(*s, PushRequest{.credentials = &credentials, .knownHostsFiles = {knownHosts}, .hostKeyPrompt = &prompt});
    QCOMPARE(prompt.asked, 1);
    QCOMPARE(prompt.last.keyType, QStringLiteral("ssh-ed25519"));
    QVERIFY2(prompt.last.fingerprint.startsWith(QLatin1String("SHA256:")), qPrintable(prompt.last.fingerprint));
    QCOMPARE(prompt.last.lookupName, QStringLiteral("[127.0.0.1]:%1").arg(m_sshd->port()));
    // OpenSSH agrees with what was written.
    QString output;
    QCOMPARE(test::runProgram(QStringLiteral("ssh-keygen"),
                              {QStringLiteral("-F"), prompt.last.lookupName, QStringLiteral("-f"), knownHosts}, &output),
             0);
    QVERIFY2(output.contains(QLatin1String("ssh-ed25519")), qPrintable(output));

    // Asked once: the next push finds the key.
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:3\n")));
    const auto again = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main"),
                                                             .credentials = &credentials,
                                                             .knownHostsFiles = {knownHosts},
                                                             .hostKeyPrompt = &prompt});
    QVERIFY2(again, qPrintable(again ? QString() : errorText(again.error())));
    QCOMPARE(prompt.asked, 1);
}

void TestPush::sshUnknownHostDeclinedPushesNothing() {
    REQUIRE_SSHD();
    const auto s = scenario();
    s->setUrl(m_sshd->url(s->origin));
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    FakeHostKeyPrompt prompt;
    prompt.answer = false;
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main"),
                                                               .credentials = &credentials,
                                                               .knownHostsFiles = {knownHosts},
                                                               .hostKeyPrompt = &prompt});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Auth);
    QVERIFY2(outcome.error().message.contains(QLatin1String("not trusted")), qPrintable(errorText(outcome.error())));
    QCOMPARE(prompt.asked, 1);
    QVERIFY(!QFile::exists(knownHosts));
    QCOMPARE(s->originHead(), s->first);
}

void TestPush::sshChangedHostKeyRefusedWithoutAsking() {
    REQUIRE_SSHD();
    const auto s = scenario();
    s->setUrl(m_sshd->url(s->origin));
    QTemporaryDir dir;
    // The same host name with a different ed25519 key: a changed key.
    QString error;
    QVERIFY2(test::SshServer::createKey(dir.filePath(QStringLiteral("impostor")), QStringLiteral("ed25519"), {}, &error),
             qPrintable(error));
    QFile pub(dir.filePath(QStringLiteral("impostor.pub")));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    const QList<QByteArray> parts = pub.readAll().split(' ');
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("[127.0.0.1]:%1 ").arg(m_sshd->port()).toUtf8() + parts[0] + ' ' + parts[1] + '\n');
    file.close();
    SshCredentialProvider credentials({.useAgent = false, .keyFiles = {{key(QStringLiteral("id_ed25519")), {}}}});
    FakeHostKeyPrompt prompt;
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main"),
                                                               .credentials = &credentials,
                                                               .knownHostsFiles = {knownHosts},
                                                               .hostKeyPrompt = &prompt});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Auth);
    QVERIFY2(outcome.error().message.contains(QLatin1String("REFUSED")), qPrintable(errorText(outcome.error())));
    QCOMPARE(prompt.asked, 0);
    QCOMPARE(s->originHead(), s->first);
}

void TestPush::httpPushWithToken() {
    const auto s = scenario();
    const QString token = QStringLiteral("glpat-push-token-51c2e0");
    test::HttpGitServer server(s->root.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    s->setUrl(server.url(QStringLiteral("origin.git")));
    CountingTokenProvider credentials(QStringLiteral("ada"), token, server.port());
    pushAndVerify(*s, PushRequest{.credentials = &credentials});
    QVERIFY(server.authorizedRequests() >= 2);
    QVERIFY(credentials.accepted >= 1);
    QCOMPARE(credentials.rejected, 0);
}

void TestPush::httpWrongTokenIsAuthErrorWithoutToken() {
    const auto s = scenario();
    test::HttpGitServer server(s->root.path(), QStringLiteral("ada"), QStringLiteral("the-right-one"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    s->setUrl(server.url(QStringLiteral("origin.git")));
    const QString wrong = QStringLiteral("glpat-wrong-token-0b7d11");
    CountingTokenProvider credentials(QStringLiteral("ada"), wrong, server.port());
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main"), .credentials = &credentials});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Auth);
    QVERIFY2(!errorText(outcome.error()).contains(wrong), qPrintable(errorText(outcome.error())));
    QVERIFY(credentials.rejected >= 1);
    QCOMPARE(s->originHead(), s->first);
}

// https://TOKEN@host: neither the refused push's error nor the remote's URL shows the token.
void TestPush::httpTokenAsUserNameNeverInPushErrors() {
    const auto s = scenario();
    const QString secret = QStringLiteral("SECRET123");
    test::HttpGitServer server(s->root.path(), secret, QStringLiteral("the-right-one"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    s->setUrl(QStringLiteral("http://%1@127.0.0.1:%2/origin.git").arg(secret).arg(server.port()));
    CountingTokenProvider credentials(QString(), QStringLiteral("not-it"), server.port());
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main"), .credentials = &credentials});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Auth);
    const QString text = errorText(outcome.error());
    QVERIFY2(!text.contains(secret) && text.contains(QLatin1String("http://***@127.0.0.1")), qPrintable(text));
    QVERIFY(server.receivedAuthorization(secret)); // it was used as the user name
    QCOMPARE(s->originHead(), s->first);
}

void TestPush::hookRejectionKeepsCommitAndOffersNewBranch() {
    const auto s = scenario();
    // A protected branch: main refuses every update, other branches are fine.
    s->installPreReceive("#!/bin/sh\n"
                         "while read old new ref; do\n"
                         "  if [ \"$ref\" = refs/heads/main ]; then\n"
                         "    echo \"GL-HOOK-ERR: You are not allowed to push code to protected branches on this project.\" >&2\n"
                         "    exit 1\n"
                         "  fi\n"
                         "done\n"
                         "exit 0\n");
    test::GitDaemon daemon(s->root.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    s->setUrl(daemon.url(QStringLiteral("origin.git")));

    const auto repository = test::openRepository(s->work);
    const auto ours = commitChange(*repository, QStringLiteral("image: app:2\n"));
    QVERIFY(ours);
    int rebuilds = 0;
    PushRequest request{.branch = QStringLiteral("main"), .rebuild = [&](const ObjectId&) -> util::Result<ObjectId> {
                            ++rebuilds;
                            return util::fail(util::ErrorCode::Generic, QStringLiteral("must not be called"));
                        }};
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Rejected);
    const QString message = outcome.error().message;
    QVERIFY2(message.contains(QLatin1String("not allowed to push code to protected branches")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("pushed to a new branch for review")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("hook declined")), qPrintable(message));
    QCOMPARE(rebuilds, 0);
    // Nothing lost locally, nothing changed remotely.
    QCOMPARE(s->workRef(QStringLiteral("refs/heads/main")), ours->toHex());
    QCOMPARE(s->originHead(), s->first);
    QCOMPARE(s->workRef(QStringLiteral("refs/remotes/origin/main")), s->first);

    const QString branch = Pusher::suggestedBranchName(QStringLiteral("promote"), *ours);
    QCOMPARE(branch, QStringLiteral("syncline/promote-") + ours->toHex().left(7));
    const auto fallback = Pusher::pushToNewBranch(*repository, request, branch);
    QVERIFY2(fallback, qPrintable(fallback ? QString() : errorText(fallback.error())));
    QCOMPARE(fallback->pushedCommit, *ours);
    QCOMPARE(s->originHead(branch), ours->toHex());
    QCOMPARE(s->originHead(), s->first); // main untouched
    QCOMPARE(s->workRef(QStringLiteral("refs/remotes/origin/") + branch), ours->toHex());
    QString fsck;
    QVERIFY2(s->fsck(s->origin, &fsck) == 0, qPrintable(fsck));

    // The same name again from a commit that does not contain the first: refused, not forced.
    const auto unrelated = redoChangeOn(*s, *repository, QStringLiteral("image: app:9\n"), *ObjectId::fromHex(s->first));
    QVERIFY(unrelated);
    const auto again = Pusher::pushToNewBranch(*repository, request, branch);
    QVERIFY(!again);
    QCOMPARE(again.error().code, util::ErrorCode::Rejected);
    QCOMPARE(s->originHead(branch), ours->toHex());
}

void TestPush::nonFastForwardWithoutRebuildIsRejected() {
    const auto s = scenario();
    const QString theirs = s->otherPushes(QStringLiteral("env/dev/app.yaml"), "image: app:5\n");
    const auto repository = test::openRepository(s->work);
    const auto ours = commitChange(*repository, QStringLiteral("image: app:2\n"));
    QVERIFY(ours);
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main")});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Rejected);
    QVERIFY2(outcome.error().message.contains(QLatin1String("non-fast-forward")), qPrintable(errorText(outcome.error())));
    QCOMPARE(s->originHead(), theirs);
    QCOMPARE(s->workRef(QStringLiteral("refs/heads/main")), ours->toHex());
}

void TestPush::raceRebuildsAndRetries() {
    const auto s = scenario();
    test::GitDaemon daemon(s->root.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    s->setUrl(daemon.url(QStringLiteral("origin.git")));
    s->otherRepo().git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                        daemon.url(QStringLiteral("origin.git"))});

    // Someone pushed before us; and again between our fetch and our second push.
    const QString theirs1 = s->otherPushes(QStringLiteral("env/dev/app.yaml"), "image: app:5\n");
    const auto repository = test::openRepository(s->work);
    const auto ours = commitChange(*repository, QStringLiteral("image: app:2\n"));
    QVERIFY(ours);
    QStringList seenTips;
    QString theirs2;
    PushRequest request{.branch = QStringLiteral("main"), .rebuild = [&](const ObjectId& remoteTip) -> util::Result<ObjectId> {
                            seenTips.append(remoteTip.toHex());
                            if (seenTips.size() == 1)
                                theirs2 = s->otherPushes(QStringLiteral("env/staging/app.yaml"), "image: app:4\n");
                            return redoChangeOn(*s, *repository, QStringLiteral("image: app:2\n"), remoteTip);
                        }};
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY2(outcome, qPrintable(outcome ? QString() : errorText(outcome.error())));
    QCOMPARE(outcome->attempts, 3);
    QCOMPARE(seenTips, (QStringList{theirs1, theirs2}));
    QCOMPARE(s->originHead(), outcome->pushedCommit.toHex());
    QCOMPARE(s->workRef(QStringLiteral("refs/heads/main")), outcome->pushedCommit.toHex());
    // Both users' changes are in the history, ours on top; nothing was forced.
    const QString log = s->originRepo().git({QStringLiteral("log"), QStringLiteral("--format=%s"), QStringLiteral("main")});
    QCOMPARE(log, QStringLiteral("promote(prod): image: app:2\nother: env/staging/app.yaml\nother: env/dev/app.yaml\ninitial\n"));
    QCOMPARE(s->originRepo().git({QStringLiteral("show"), QStringLiteral("main:env/prod/app.yaml")}),
             QStringLiteral("image: app:2\n"));
    QString fsck;
    QVERIFY2(s->fsck(s->origin, &fsck) == 0, qPrintable(fsck));
    QVERIFY2(s->fsck(s->work, &fsck) == 0, qPrintable(fsck));
}

void TestPush::rebuildConflictStopsCleanly() {
    const auto s = scenario();
    const QString theirs = s->otherPushes(QStringLiteral("env/prod/app.yaml"), "image: app:7\n");
    const auto repository = test::openRepository(s->work);
    const auto ours = commitChange(*repository, QStringLiteral("image: app:2\n"));
    QVERIFY(ours);
    int calls = 0;
    PushRequest request{.branch = QStringLiteral("main"), .rebuild = [&](const ObjectId&) -> util::Result<ObjectId> {
                            ++calls;
                            return util::fail(util::ErrorCode::Conflict,
                                              QStringLiteral("env/prod/app.yaml changed on both sides"));
                        }};
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Conflict);
    QCOMPARE(calls, 1);
    QCOMPARE(s->originHead(), theirs);
    QCOMPARE(s->workRef(QStringLiteral("refs/heads/main")), ours->toHex());
    QCOMPARE(s->workRef(QStringLiteral("refs/remotes/origin/main")), theirs); // fetched
    QString fsck;
    QVERIFY2(s->fsck(s->work, &fsck) == 0, qPrintable(fsck));
}

void TestPush::maxAttemptsExhausted() {
    const auto s = scenario();
    const auto repository = test::openRepository(s->work);
    s->otherPushes(QStringLiteral("race/0"), "0\n");
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    int calls = 0;
    PushRequest request{
        .branch = QStringLiteral("main"), .maxAttempts = 3, .rebuild = [&](const ObjectId& remoteTip) -> util::Result<ObjectId> {
            ++calls;
            auto rebuilt = redoChangeOn(*s, *repository, QStringLiteral("image: app:2\n"), remoteTip);
            s->otherPushes(QStringLiteral("race/%1").arg(calls), "n\n"); // always one step ahead
            return rebuilt;
        }};
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Rejected);
    QVERIFY2(outcome.error().message.contains(QLatin1String("gave up after 3 attempts")), qPrintable(errorText(outcome.error())));
    QCOMPARE(calls, 2);
    const QString log = s->originRepo().git({QStringLiteral("log"), QStringLiteral("--format=%s"), QStringLiteral("main")});
    QVERIFY2(!log.contains(QLatin1String("promote")), qPrintable(log));
}

void TestPush::cancelledBeforeStart() {
    const auto s = scenario();
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    PushRequest request{.branch = QStringLiteral("main")};
    request.cancel.cancel();
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Cancelled);
    QCOMPARE(s->originHead(), s->first);
}

void TestPush::cancelledDuringPush() {
    const auto s = scenario();
    test::GitDaemon daemon(s->root.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    s->setUrl(daemon.url(QStringLiteral("origin.git")));
    const auto repository = test::openRepository(s->work);
    QVERIFY(commitChange(*repository, QStringLiteral("image: app:2\n")));
    RecordingSink sink;
    PushRequest request{.branch = QStringLiteral("main"), .progress = &sink};
    // Cancel once the push started, before anything was sent.
    sink.onEvent = [&](const QString& stage) {
        if (stage.startsWith(QLatin1String("Pushing")))
            request.cancel.cancel();
    };
    const auto outcome = Pusher::push(*repository, request);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::Cancelled);
    QCOMPARE(s->originHead(), s->first);
    // Cancelled while objects are being written: whatever is reported matches the remote.
    RecordingSink late;
    PushRequest lateRequest{.branch = QStringLiteral("main"), .progress = &late};
    late.onEvent = [&](const QString& stage) {
        if (stage == QLatin1String("Writing objects"))
            lateRequest.cancel.cancel();
    };
    const auto lateOutcome = Pusher::push(*repository, lateRequest);
    QVERIFY(late.stages.contains(QStringLiteral("Writing objects")));
    if (lateOutcome)
        QCOMPARE(s->originHead(), lateOutcome->pushedCommit.toHex());
    else
        QCOMPARE(lateOutcome.error().code, util::ErrorCode::Cancelled);
    QString fsck;
    QVERIFY2(s->fsck(s->origin, &fsck) == 0, qPrintable(fsck));
}

void TestPush::missingBranchOrRemote() {
    const auto s = scenario();
    const auto repository = test::openRepository(s->work);
    auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("nope")});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::NotFound);
    outcome = Pusher::push(*repository, PushRequest{.remote = QStringLiteral("upstream"), .branch = QStringLiteral("main")});
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::NotFound);
    outcome = Pusher::pushToNewBranch(*repository, PushRequest{.branch = QStringLiteral("main")}, QStringLiteral("bad..name"));
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, util::ErrorCode::InvalidArgument);
}

// A child process commits and pushes in a loop (tst_push_child); it is SIGKILLed at a
// random point. Afterwards both repositories pass `git fsck` and every ref is at a value
// it legitimately had: the remote's main is an ancestor of (or equal to) our main.
void TestPush::killedAtRandomPointsLeavesRepositoriesConsistent() {
    const QString child = QCoreApplication::applicationDirPath() + QStringLiteral("/tst_push_child");
    QVERIFY2(QFile::exists(child), qPrintable(child));
    const auto s = scenario();
    test::GitDaemon daemon(s->root.path());
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    s->setUrl(daemon.url(QStringLiteral("origin.git")));
    // The kill points are random; the seed is printed so a failure can be replayed with
    // SYNCLINE_KILL_SEED=<seed>.
    const quint32 seed = qEnvironmentVariableIsSet("SYNCLINE_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("SYNCLINE_KILL_SEED"))
                             : QRandomGenerator::system()->generate() & 0x7fffffff;
    qInfo("kill points: SYNCLINE_KILL_SEED=%u", seed);
    QRandomGenerator random(seed);
    for (int round = 0; round < 6; ++round) {
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(child, {s->work, QStringLiteral("50")});
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        // Wait for a random number of completed steps, then kill somewhere inside the next one.
        const int steps = int(random.bounded(1, 6));
        int seen = 0;
        while (seen < steps && process.state() == QProcess::Running) {
            if (!process.canReadLine() && !process.waitForReadyRead(30000))
                break;
            while (process.canReadLine())
                if (process.readLine().startsWith("step"))
                    ++seen;
        }
        QVERIFY2(seen == steps, qPrintable(QStringLiteral("the child stopped early (SYNCLINE_KILL_SEED=%1)").arg(seed)));
        QThread::usleep(random.bounded(0, 30000)); // a random kill point, not synchronisation
        process.kill();
        process.waitForFinished(-1);
        // The daemon's receive-pack outlives the killed client for a moment and may still be
        // moving objects and the ref into place: check the remote once it has ended.
        // Only this daemon's descendants count: other tests run their own daemons in parallel.
        QTRY_VERIFY_WITH_TIMEOUT(!daemon.servingConnection(), 20000);

        QString output;
        QVERIFY2(s->fsck(s->work, &output) == 0, qPrintable(output));
        QVERIFY2(s->fsck(s->origin, &output) == 0, qPrintable(output));
        const QString local = s->workRef(QStringLiteral("refs/heads/main"));
        const QString remote = s->originHead();
        QCOMPARE(
            s->workRepo().gitStatus({QStringLiteral("cat-file"), QStringLiteral("-e"), remote + QStringLiteral("^{commit}")}), 0);
        QCOMPARE(s->workRepo().gitStatus({QStringLiteral("merge-base"), QStringLiteral("--is-ancestor"), remote, local}), 0);
        // No lock file left that would block the next writer for good... except git's own
        // stale-lock case, which the next push reports; remove it as a user would.
        QFile::remove(s->work + QStringLiteral("/.git/refs/heads/main.lock"));
        QFile::remove(s->origin + QStringLiteral("/refs/heads/main.lock"));
    }
    // After all that, a normal push still works and brings the remote up to date.
    const auto repository = test::openRepository(s->work);
    const auto outcome = Pusher::push(*repository, PushRequest{.branch = QStringLiteral("main")});
    QVERIFY2(outcome, qPrintable(outcome ? QString() : errorText(outcome.error())));
    QCOMPARE(s->originHead(), s->workRef(QStringLiteral("refs/heads/main")));
}

QTEST_GUILESS_MAIN(TestPush)
#include "tst_push.moc"
