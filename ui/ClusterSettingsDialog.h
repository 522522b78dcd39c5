#pragma once

#include "workspace/Environment.h"

#include <QDialog>
#include <QMetaType>

#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace syncline::ui {

// What the cluster settings dialog returns. The caller stores the ClusterRef (in
// syncline.yaml) and the exec approval (kube::ExecApprovals) — the dialog writes nothing.
struct ClusterSettings {
    workspace::ClusterRef cluster;
    QString execCommandLine;   // the exec credential plugin the context uses; empty: none
    bool execApproved = false; // "Allow this command for this cluster" is checked
    QString clusterKey;        // what approvals are keyed by (kube::ClusterConnection::clusterKey())
};

// Edits one environment's cluster: the kubeconfig file (default $KUBECONFIG or
// ~/.kube/config), the context (read from that kubeconfig), TLS verification off (a
// permanent red warning while checked) and, when the context's user runs an exec
// credential plugin, the exact command with an "Allow this command for this cluster" box.
class ClusterSettingsDialog : public QDialog {
    Q_OBJECT
public:
    using ApprovalLookup = std::function<bool(const QString& clusterKey, const QString& commandLine)>;

    ClusterSettingsDialog(const QString& environment, const workspace::ClusterRef& cluster,
                          ApprovalLookup isApproved = {}, QWidget* parent = nullptr);

    ClusterSettings settings() const;
    // Relative kubeconfig paths are read from here (the workspace's root); they are
    // returned as typed.
    void setBaseDirectory(const QString& directory);

    QLineEdit* kubeconfigEdit() const { return m_kubeconfig; }
    QComboBox* contextCombo() const { return m_context; }
    QCheckBox* insecureBox() const { return m_insecure; }
    QLabel* insecureWarning() const { return m_insecureWarning; }
    QPlainTextEdit* execCommandView() const { return m_execCommand; }
    QCheckBox* allowExecBox() const { return m_allowExec; }
    QLabel* problemLabel() const { return m_problem; }
    QString serverText() const;

    // "$KUBECONFIG (a.yaml:b.yaml)" or "~/.kube/config": what an empty file field means.
    static QString defaultKubeconfigText();

private:
    void chooseFile();
    void reload();
    void updateContext();
    QString resolvedKubeconfig() const;

    ApprovalLookup m_isApproved;
    QLineEdit* m_kubeconfig;
    QToolButton* m_browse;
    QComboBox* m_context;
    QLabel* m_server;
    QCheckBox* m_insecure;
    QLabel* m_insecureWarning;
    QWidget* m_execSection;
    QPlainTextEdit* m_execCommand;
    QCheckBox* m_allowExec;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    QString m_wantedContext;
    QString m_baseDirectory;
    QString m_execCommandLine;
    QString m_clusterKey;
};

} // namespace syncline::ui

Q_DECLARE_METATYPE(syncline::ui::ClusterSettings)
