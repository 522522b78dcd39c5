#include "ClusterSettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
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
      command: aws
      args: [eks, get-token, --cluster-name, prod]
)";

QStringList items(const QComboBox* combo) {
    QStringList list;
    for (int i = 0; i < combo->count(); ++i)
        list << combo->itemText(i);
    return list;
}

// The test kubeconfig in `dir`; empty when it cannot be written.
QString writeKubeconfig(const QTemporaryDir& dir) {
    const QString file = dir.filePath(QStringLiteral("config"));
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(kubeconfig) < 0)
        return {};
    return file;
}

} // namespace

class TestClusterSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsContextInsecureAndExecApproval() {
        QTemporaryDir dir;
        const QString file = writeKubeconfig(dir);
        QVERIFY(!file.isEmpty());

        QString askedKey, askedCommand;
        ClusterSettingsDialog dialog(QStringLiteral("prod"), workspace::ClusterRef{file, QStringLiteral("kind-dev"), false},
                                     [&](const QString& key, const QString& command) {
                                         askedKey = key;
                                         askedCommand = command;
                                         return false;
                                     });
        dialog.show();
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Cluster of prod"));
        QCOMPARE(items(dialog.contextCombo()),
                 (QStringList{QStringLiteral("(current context: kind-dev)"), QStringLiteral("kind-dev"), QStringLiteral("prod-eks")}));
        QCOMPARE(dialog.contextCombo()->currentText(), QStringLiteral("kind-dev"));
        QCOMPARE(dialog.serverText(), QStringLiteral("https://127.0.0.1:6443"));
        QVERIFY(dialog.problemLabel()->isHidden());
        QVERIFY(!dialog.insecureWarning()->isVisible());
        QVERIFY(!dialog.allowExecBox()->isVisible()); // a token, no exec plugin

        // The exec context shows the exact command; approval is the user's choice.
        dialog.contextCombo()->setCurrentIndex(2);
        QVERIFY(dialog.allowExecBox()->isVisible());
        QCOMPARE(dialog.execCommandView()->toPlainText(), QStringLiteral("aws eks get-token --cluster-name prod"));
        QCOMPARE(askedCommand, QStringLiteral("aws eks get-token --cluster-name prod"));
        QCOMPARE(askedKey, QStringLiteral("prod-eks@https://prod.example.com:6443"));
        QVERIFY(!dialog.allowExecBox()->isChecked());
        dialog.allowExecBox()->setChecked(true);

        // Insecure: a permanent red warning while checked.
        dialog.insecureBox()->setChecked(true);
        QVERIFY(dialog.insecureWarning()->isVisible());
        QVERIFY(dialog.insecureWarning()->text().contains(QStringLiteral("TLS verification is off")));

        const ui::ClusterSettings settings = dialog.settings();
        QCOMPARE(settings.cluster, (workspace::ClusterRef{file, QStringLiteral("prod-eks"), true}));
        QVERIFY(settings.execApproved);
        QCOMPARE(settings.execCommandLine, QStringLiteral("aws eks get-token --cluster-name prod"));
        QCOMPARE(settings.clusterKey, QStringLiteral("prod-eks@https://prod.example.com:6443"));

        // "(current context)" stores an empty context.
        dialog.contextCombo()->setCurrentIndex(0);
        QVERIFY(dialog.settings().cluster.context.isEmpty());
        QVERIFY(!dialog.settings().execApproved);
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
        ClusterSettingsDialog dialog(QStringLiteral("dev"),
                                     workspace::ClusterRef{QStringLiteral("/nonexistent/kubeconfig"), QStringLiteral("kind-dev"), true});
        dialog.show();
        QVERIFY(dialog.problemLabel()->isVisible());
        QVERIFY(dialog.problemLabel()->text().startsWith(QStringLiteral("Cannot read the kubeconfig")));
        QCOMPARE(dialog.contextCombo()->currentText(), QStringLiteral("kind-dev"));
        QVERIFY(dialog.insecureWarning()->isVisible());
        QCOMPARE(dialog.settings().cluster, (workspace::ClusterRef{QStringLiteral("/nonexistent/kubeconfig"), QStringLiteral("kind-dev"), true}));
        QVERIFY(!ClusterSettingsDialog::defaultKubeconfigText().isEmpty());
    }
};

QTEST_MAIN(TestClusterSettings)
#include "tst_clustersettings.moc"
