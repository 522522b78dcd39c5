// The window's pushes ask for what they need in dialogs, as a user sees it: an HTTPS remote
// (git-http-backend with Basic auth) asks for a username and token once, "Remember in the
// system keychain" keeps it in gnome-keyring (run-isolated.sh's private session) so the next
// push does not ask; an unknown SSH host (a private sshd) shows its SHA256 fingerprint once,
// and trusting it writes known_hosts. The test answers the dialogs like a user would.
#include "ActionLauncher.h"
#include "ActionPreviewDialog.h"
#include "DemoRepository.h"
#include "MainWindow.h"
#include "RepositoryController.h"
#include "WindowGitAccess.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"
#include "support/IsolationGuard.h"
#include "support/SshServer.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace syncline;
using syncline::test::GitFixture;
using ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 30'000;

// Answers modal dialogs as they open (they run their own event loop, so a timer does it).
class DialogAnswerer : public QObject {
public:
    std::function<void(QWidget*)> answer;
    QStringList seen; // window titles, in order

    DialogAnswerer() {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QWidget* modal = QApplication::activeModalWidget();
            if (!modal || modal == m_last)
                return;
            m_last = modal;
            seen << modal->windowTitle();
            answer(modal);
        });
        m_timer.start();
    }

private:
    QTimer m_timer;
    QPointer<QWidget> m_last;
};

} // namespace

class TestWindowGitAccess : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_demo, m_origin;

    QString badCommit() const {
        return GitFixture(m_demo)
            .git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("-1"),
                  QStringLiteral("--grep=worker: cut the memory request")})
            .trimmed();
    }

    // Opens the action's dialog, presses Commit & Push and returns the outcome text.
    QString commitAndPush(MainWindow& window, const models::ActionRequest& request) {
        ui::ActionPreviewDialog* dialog = window.actionLauncher()->open(request);
        if (!QTest::qWaitFor([&] { return dialog->commitPushButton()->isEnabled(); }, kTimeoutMs))
            return QStringLiteral("no preview: ") + dialog->outcomeText();
        QTest::mouseClick(dialog->commitPushButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return dialog->isFinished(); }, kTimeoutMs))
            return QStringLiteral("did not finish");
        return dialog->outcomeText();
    }

    // The demo's origin served by git-http-backend (Basic auth: ada / tok-3f9a).
    void serveOverHttp(test::HttpGitServer& server) {
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        GitFixture(m_demo).git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"),
                                server.url(QStringLiteral("origin.git"))});
    }

    void openDemo(MainWindow& window) {
        window.show();
        window.openRepository(m_demo);
        QTRY_VERIFY(window.controller()->workspace() != nullptr);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settings.isValid());
        test::useScratchSettings(QStringLiteral("tst_windowgitaccess"), m_settings.path());
    }

    void init() {
        m_root = std::make_unique<QTemporaryDir>();
        auto demo = workspace::DemoRepository::ensure(m_root->path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        m_origin = QDir(m_root->path()).filePath(QStringLiteral("origin.git"));
        GitFixture(m_origin).git({QStringLiteral("config"), QStringLiteral("http.receivepack"), QStringLiteral("true")});
    }

    void httpsTokenIsAskedOnceAndRemembered() {
        test::HttpGitServer server(m_root->path(), QStringLiteral("ada"), QStringLiteral("tok-3f9a"));
        serveOverHttp(server);
        GitFixture repo(m_demo);

        MainWindow window;
        app::WindowGitAccess access(&window);
        openDemo(window);

        DialogAnswerer answerer;
        answerer.answer = [](QWidget* dialog) {
            const auto fields = dialog->findChildren<QLineEdit*>();
            for (QLineEdit* field : fields)
                field->setText(field->echoMode() == QLineEdit::Password ? QStringLiteral("tok-3f9a") : QStringLiteral("ada"));
            dialog->findChild<QCheckBox*>()->setChecked(true);
            static_cast<QDialog*>(dialog)->accept();
        };
        const QString first = commitAndPush(window, models::ActionRequest::revert(*git::ObjectId::fromHex(badCommit())));
        QVERIFY2(first.contains(QLatin1String("Pushed")), qPrintable(first));
        QVERIFY2(!first.contains(QLatin1String("tok-3f9a")), qPrintable(first));
        QCOMPARE(answerer.seen, QStringList{QStringLiteral("Sign in to 127.0.0.1:%1").arg(server.port())});

        // A second action pushes with the remembered token: no question.
        const QString second =
            commitAndPush(window, models::ActionRequest::promote(QStringLiteral("dev"), QStringLiteral("staging")));
        QVERIFY2(second.contains(QLatin1String("Pushed")), qPrintable(second));
        QCOMPARE(answerer.seen.size(), 1);
        GitFixture origin(m_origin);
        QCOMPARE(origin.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(),
                 repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed());

        // Even a new window (a new session's chain) takes it from the keychain.
        MainWindow again;
        app::WindowGitAccess againAccess(&again);
        openDemo(again);
        const QString third =
            commitAndPush(again, models::ActionRequest::promote(QStringLiteral("staging"), QStringLiteral("prod")));
        QVERIFY2(third.contains(QLatin1String("Pushed")), qPrintable(third));
        QCOMPARE(answerer.seen.size(), 1);
    }

    void cancellingTheSignInKeepsTheCommitLocally() {
        test::HttpGitServer server(m_root->path(), QStringLiteral("ada"), QStringLiteral("tok-3f9a"));
        serveOverHttp(server);
        GitFixture repo(m_demo);
        const QString originBefore = GitFixture(m_origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();

        MainWindow window;
        app::WindowGitAccess access(&window);
        openDemo(window);
        DialogAnswerer answerer;
        answerer.answer = [](QWidget* dialog) { static_cast<QDialog*>(dialog)->reject(); };
        const QString outcome = commitAndPush(window, models::ActionRequest::revert(*git::ObjectId::fromHex(badCommit())));
        QCOMPARE(answerer.seen.size(), 1);
        QVERIFY2(outcome.contains(QLatin1String("Committed")) &&
                     outcome.contains(QLatin1String("Push failed; the commit is kept locally")),
                 qPrintable(outcome));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), QStringLiteral("main")})
                    .startsWith(QLatin1String("Revert \"worker: cut the memory request")));
        QCOMPARE(GitFixture(m_origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), originBefore);
    }

    void unknownSshHostIsAskedOnceWithItsFingerprint() {
        if (!test::SshServer::isAvailable())
            QSKIP("openssh-server is not installed (apt-get install openssh-server)");
        // The user's own key, where ssh and Syncline look for it.
        const QString sshDir = QDir::home().filePath(QStringLiteral(".ssh"));
        QDir().mkpath(sshDir);
        const QString key = sshDir + QStringLiteral("/id_ed25519");
        QString error;
        if (!QFile::exists(key))
            QVERIFY2(test::SshServer::createKey(key, QStringLiteral("ed25519"), {}, &error), qPrintable(error));
        test::SshServer sshd;
        QVERIFY2(sshd.start(&error), qPrintable(error));
        QVERIFY(sshd.authorize(key + QStringLiteral(".pub")));
        QFile::remove(sshDir + QStringLiteral("/known_hosts"));
        GitFixture repo(m_demo);
        repo.git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"), sshd.url(m_origin)});

        MainWindow window;
        app::WindowGitAccess access(&window);
        openDemo(window);

        QString question;
        DialogAnswerer answerer;
        answerer.answer = [&](QWidget* dialog) {
            auto* box = qobject_cast<QMessageBox*>(dialog);
            QVERIFY(box);
            question = box->text();
            for (QAbstractButton* button : box->buttons())
                if (button->text() == QLatin1String("Trust and continue"))
                    button->click();
        };
        const QString first = commitAndPush(window, models::ActionRequest::revert(*git::ObjectId::fromHex(badCommit())));
        QVERIFY2(first.contains(QLatin1String("Pushed")), qPrintable(first));
        QCOMPARE(answerer.seen, QStringList{QStringLiteral("Unknown SSH host")});
        QVERIFY2(question.contains(QStringLiteral("[127.0.0.1]:%1").arg(sshd.port())) &&
                     question.contains(QLatin1String("SHA256:")),
                 qPrintable(question));
        // The fingerprint shown is the server's, as ssh-keygen computes it.
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-lf"), sshd.hostPublicKeyFile()});
        QVERIFY(keygen.waitForFinished());
        const QString fingerprint = QString::fromUtf8(keygen.readAllStandardOutput()).section(QLatin1Char(' '), 1, 1);
        QVERIFY2(question.contains(fingerprint), qPrintable(fingerprint + QStringLiteral(" / ") + question));
        // Trusted once: written to known_hosts, not asked again.
        QFile knownHosts(sshDir + QStringLiteral("/known_hosts"));
        QVERIFY(knownHosts.open(QIODevice::ReadOnly));
        QVERIFY(knownHosts.readAll().contains(QStringLiteral("[127.0.0.1]:%1").arg(sshd.port()).toUtf8()));
        const QString second =
            commitAndPush(window, models::ActionRequest::promote(QStringLiteral("dev"), QStringLiteral("staging")));
        QVERIFY2(second.contains(QLatin1String("Pushed")), qPrintable(second));
        QCOMPARE(answerer.seen.size(), 1);
    }
};

QTEST_MAIN(TestWindowGitAccess)
#include "tst_windowgitaccess.moc"
