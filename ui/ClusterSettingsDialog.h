#pragma once

#include "ClusterSettings.h"
#include "kube/ExecFingerprint.h"
#include "workspace/Environment.h"

#include <QDialog>
#include <QMetaType>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace syncline::ui {

// What the dialog returns (the controller applies it; the dialog writes nothing).
using ClusterSettings = models::ClusterSettings;

// Edits one environment's cluster: the kubeconfig file (default $KUBECONFIG or
// ~/.kube/config), the context (read from that kubeconfig), TLS verification off (a
// permanent red warning while checked) and, when the context's user runs an exec
// credential plugin, exactly what would run (kube::ExecFingerprint: cluster, kubeconfig
// file, resolved program and its SHA-256, arguments, environment, working directory) with
// an "Allow exactly this to run for this cluster" box.
// A bearer token can be typed (hidden) or a stored one forgotten; the dialog never shows
// a stored token, it only returns what was typed.
class ClusterSettingsDialog : public QDialog {
    Q_OBJECT
public:
    using ApprovalLookup = std::function<bool(const kube::ExecFingerprint& fingerprint)>;

    ClusterSettingsDialog(const QString& environment, const workspace::ClusterRef& cluster, ApprovalLookup isApproved = {},
                          QWidget* parent = nullptr);

    ClusterSettings settings() const;
    // Relative kubeconfig paths are read from here (the workspace's root); they are
    // returned as typed.
    void setBaseDirectory(const QString& directory);

    QLineEdit* kubeconfigEdit() const { return m_kubeconfig; }
    QComboBox* contextCombo() const { return m_context; }
    QCheckBox* insecureBox() const { return m_insecure; }
    QLabel* insecureWarning() const { return m_insecureWarning; }
    QWidget* execSection() const { return m_execSection; }
    QPlainTextEdit* execDetailsView() const { return m_execDetails; }
    QLabel* execProblemLabel() const { return m_execProblem; }
    QCheckBox* allowExecBox() const { return m_allowExec; }
    QLabel* problemLabel() const { return m_problem; }
    QLineEdit* tokenEdit() const { return m_token; }
    QPushButton* forgetTokenButton() const { return m_forgetToken; }
    QLabel* tokenNote() const { return m_tokenNote; }
    QString serverText() const;

    // "$KUBECONFIG (a.yaml:b.yaml)" or "~/.kube/config": what an empty file field means.
    static QString defaultKubeconfigText();

private:
    QFormLayout* buildForm(const workspace::ClusterRef& cluster);
    void buildExecSection();
    void connectSignals();
    void chooseFile();
    void reload();
    void updateContext();
    void showExec(const kube::KubeConfig& config, const kube::KubeContext& context);
    QString resolvedKubeconfig() const;

    ApprovalLookup m_isApproved;
    QLineEdit* m_kubeconfig;
    QToolButton* m_browse;
    QComboBox* m_context;
    QLabel* m_server;
    QCheckBox* m_insecure;
    QLabel* m_insecureWarning;
    QWidget* m_execSection;
    QPlainTextEdit* m_execDetails;
    QLabel* m_execProblem;
    QCheckBox* m_allowExec;
    QLineEdit* m_token;
    QPushButton* m_forgetToken;
    QLabel* m_tokenNote;
    bool m_forgetRequested = false;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    QString m_wantedContext;
    QString m_baseDirectory;
    std::optional<kube::ExecFingerprint> m_exec;
};

} // namespace syncline::ui
