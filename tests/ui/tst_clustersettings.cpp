#include "ClusterSettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using ui::ClusterSettingsDialog;

namespace {

const char* kubeconfig = R"(apiVersion: v1
kind: Config
current-context: kind-dev
clusters:
- name: dev
  cluster:
    server: https://127.0.0.1:6443
- name: prod
  cluster:
    server: https://prod.example.com:6443
contexts:
- name: kind-dev
  context: {cluster: dev, user: dev-admin}
- name: prod-eks
  context: {cluster: prod, user: prod-sso}
users:
- name: dev-admin
  user: {token: not-a-real-token}
- name: prod-sso
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [eks, get-token, --cluster-name, prod]
      env:
      - {name: AWS_PROFILE, value: prod-admin}
)";

const QByteArray plugin = "#!/bin/sh\necho '{}'\n";

QStringList items(const QComboBox* combo) {
    QStringList list;
    for (int i = 0; i < combo->count(); ++i)
        list << combo->itemText(i);
    return list;
}

// The test kubeconfig in `dir` (its exec plugin in bin/), `extra` appended to the exec
// entry; empty when it cannot be written.
QString writeKubeconfig(const QTemporaryDir& dir, const QByteArray& extra = {}) {
    QDir(dir.path()).mkpath(QStringLiteral("bin"));
    QFile program(dir.filePath(QStringLiteral("bin/get-token")));
    if (!program.open(QIODevice::WriteOnly) || program.write(plugin) < 0)
        return {};
    program.close();
    program.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString file = dir.filePath(QStringLiteral("config"));
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(kubeconfig + extra) < 0)
        return {};
    return file;
}

void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("SYNCLINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace

class TestClusterSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsContextInsecureAndExecApproval() {
        QTemporaryDir dir;
        const QString file = writeKubeconfig(dir);
        QVERIFY(!file.isEmpty());

        std::optional<kube::ExecFingerprint> asked;
        ClusterSettingsDialog dialog(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("kind-dev"), false},
                                     [&](const kube::ExecFingerprint& fingerprint) {
                                         asked = fingerprint;
                                         return false;
                                     });
        dialog.show();
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Cluster of prod"));
        QCOMPARE(items(dialog.contextCombo()), (QStringList{QStringLiteral("(current context: kind-dev)"),
                                                            QStringLiteral("kind-dev"), QStringLiteral("prod-eks")}));
        QCOMPARE(dialog.contextCombo()->currentText(), QStringLiteral("kind-dev"));
        QCOMPARE(dialog.serverText(), QStringLiteral("https://127.0.0.1:6443"));
        QVERIFY(dialog.problemLabel()->isHidden());
        QVERIFY(!dialog.insecureWarning()->isVisible());
        QVERIFY(!dialog.allowExecBox()->isVisible()); // a token, no exec plugin

        // The exec context shows exactly what runs; approval is the user's choice.
        dialog.contextCombo()->setCurrentIndex(2);
        QVERIFY(dialog.allowExecBox()->isVisible());
        QVERIFY(dialog.allowExecBox()->isEnabled());
        QVERIFY(asked.has_value());
        QCOMPARE(asked->cluster, QStringLiteral("prod-eks@https://prod.example.com:6443"));
        const QString program = dir.filePath(QStringLiteral("bin/get-token"));
        QCOMPARE(asked->program, program);
        const QString shown = dialog.execDetailsView()->toPlainText();
        for (const QString& line :
             QStringList{QStringLiteral("Program: ") + program,
                         QStringLiteral("SHA-256: ") +
                             QString::fromLatin1(QCryptographicHash::hash(plugin, QCryptographicHash::Sha256).toHex()),
                         QStringLiteral("Arguments: eks get-token --cluster-name prod"),
                         QStringLiteral("Environment: AWS_PROFILE=prod-admin"),
                         QStringLiteral("Working directory: ") + dir.path(), QStringLiteral("Kubeconfig: ") + file})
            QVERIFY2(shown.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + shown));
        QVERIFY(!dialog.allowExecBox()->isChecked());
        dialog.allowExecBox()->setChecked(true);

        // Insecure: a permanent red warning while checked.
        dialog.insecureBox()->setChecked(true);
        QVERIFY(dialog.insecureWarning()->isVisible());
        QVERIFY(dialog.insecureWarning()->text().contains(QStringLiteral("TLS verification is off")));

        const ui::ClusterSettings settings = dialog.settings();
        QCOMPARE(settings.cluster, (workspace::ClusterRef{file, QStringLiteral("prod-eks"), true}));
        QVERIFY(settings.execApproved);
        QVERIFY(settings.exec.has_value());
        QCOMPARE(settings.exec->digest(), asked->digest()); // what was shown is what is approved

        // "(current context)" stores an empty context.
        dialog.contextCombo()->setCurrentIndex(0);
        QVERIFY(dialog.settings().cluster.context.isEmpty());
        QVERIFY(!dialog.settings().execApproved);
    }

    void execPluginChangedAfterApprovalAsksAgain() {
        QTemporaryDir dir;
        const QString file = writeKubeconfig(dir);
        QVERIFY(!file.isEmpty());
        QSet<QString> approved;
        auto lookup = [&](const kube::ExecFingerprint& fingerprint) { return approved.contains(fingerprint.digest()); };
        {
            ClusterSettingsDialog dialog(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("prod-eks"), false},
                                         lookup);
            dialog.show();
            dialog.allowExecBox()->setChecked(true);
            const ui::ClusterSettings settings = dialog.settings();
            QVERIFY(settings.execApproved && settings.exec);
            approved.insert(settings.exec->digest());
        }
        ClusterSettingsDialog same(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("prod-eks"), false},
                                   lookup);
        QVERIFY(same.allowExecBox()->isChecked()); // nothing changed: still approved

        // The repository adds LD_PRELOAD to the plugin's environment: shown, not approved.
        QVERIFY(!writeKubeconfig(dir, "      - {name: LD_PRELOAD, value: /tmp/evil.so}\n").isEmpty());
        ClusterSettingsDialog changed(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("prod-eks"), false},
                                      lookup);
        changed.show();
        QVERIFY(changed.allowExecBox()->isVisible());
        QVERIFY(!changed.allowExecBox()->isChecked());
        QVERIFY(changed.execDetailsView()->toPlainText().contains(QStringLiteral("LD_PRELOAD=/tmp/evil.so")));
        screenshot(changed, QStringLiteral("cluster-settings-exec-approval"));
    }

    void pluginThatCannotRunCannotBeApproved() {
        QTemporaryDir dir;
        const QString file = writeKubeconfig(dir);
        QVERIFY(!file.isEmpty());
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("bin/get-token"))));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("bin/get-token"))));
        ClusterSettingsDialog dialog(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("prod-eks"), false},
                                     [](const kube::ExecFingerprint&) { return true; });
        dialog.show();
        QVERIFY(dialog.execProblemLabel()->isVisible());
        QVERIFY2(dialog.execProblemLabel()->text().contains(QStringLiteral("character device")),
                 qPrintable(dialog.execProblemLabel()->text()));
        QVERIFY(!dialog.allowExecBox()->isEnabled());
        QVERIFY(!dialog.settings().execApproved);
        QVERIFY(!dialog.settings().exec.has_value());
    }

    void tokenIsTypedHiddenAndReturned() {
        QTemporaryDir dir;
        const QString file = writeKubeconfig(dir);
        QVERIFY(!file.isEmpty());
        ClusterSettingsDialog dialog(QStringLiteral("dev"), workspace::ClusterRef{file, QStringLiteral("kind-dev"), false});
        dialog.show();
        QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(dialog.tokenEdit()->text().isEmpty()); // a stored token is never shown
        QVERIFY(dialog.tokenNote()->isVisible());
        QVERIFY(dialog.tokenNote()->text().contains(
            QStringLiteral("Stored in the system keychain, never in syncline.yaml or the kubeconfig")));
        QVERIFY(!dialog.settings().token.has_value()); // nothing typed: leave the stored one

        QTest::keyClicks(dialog.tokenEdit(), QStringLiteral("typed-bearer-token"));
        QCOMPARE(dialog.settings().token, std::optional<QString>(QStringLiteral("typed-bearer-token")));
        QVERIFY(dialog.tokenEdit()->displayText() != QStringLiteral("typed-bearer-token"));

        // Forget: an empty token, the field cleared; typing again replaces instead.
        QTest::mouseClick(dialog.forgetTokenButton(), Qt::LeftButton);
        QVERIFY(dialog.tokenEdit()->text().isEmpty());
        QCOMPARE(dialog.settings().token, std::optional<QString>(QString()));
        QTest::keyClicks(dialog.tokenEdit(), QStringLiteral("another"));
        QCOMPARE(dialog.settings().token, std::optional<QString>(QStringLiteral("another")));
        QCOMPARE(dialog.settings().cluster, (workspace::ClusterRef{file, QStringLiteral("kind-dev"), false}));
    }

    void missingKubeconfigIsSaidAndKeepsTheContext() {
        ClusterSettingsDialog dialog(QStringLiteral("dev"), workspace::ClusterRef{QStringLiteral("/nonexistent/kubeconfig"),
                                                                                  QStringLiteral("kind-dev"), true});
        dialog.show();
        QVERIFY(dialog.problemLabel()->isVisible());
        QVERIFY(dialog.problemLabel()->text().startsWith(QStringLiteral("Cannot read the kubeconfig")));
        QCOMPARE(dialog.contextCombo()->currentText(), QStringLiteral("kind-dev"));
        QVERIFY(dialog.insecureWarning()->isVisible());
        QCOMPARE(dialog.settings().cluster,
                 (workspace::ClusterRef{QStringLiteral("/nonexistent/kubeconfig"), QStringLiteral("kind-dev"), true}));
        QVERIFY(!ClusterSettingsDialog::defaultKubeconfigText().isEmpty());
    }
};

QTEST_MAIN(TestClusterSettings)
#include "tst_clustersettings.moc"
