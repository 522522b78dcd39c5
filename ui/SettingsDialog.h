#pragma once

#include "AppearanceSettings.h"
#include "EngineSettings.h"
#include "charts/ChartRepositoryAccess.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace syncline::kube {
class ExecApprovals;
}

namespace syncline::ui {

class DiffOptionsPage;
class MainWindow;

// Settings (Ctrl+,): General — how often clusters are read and the remote fetched, and
// live updates; Clusters — the consents this repository's environments were given (forget
// one) and the approved exec plugins (revoke one), with Edit cluster… for an environment's
// kubeconfig, context and stored token; Diff options — ignore rules for every environment
// and Hide unchanged (DiffOptionsPage); Charts — the chart repositories Flux HelmReleases
// may be pulled from (ChartRepositoriesPage); Appearance — the font size (colours follow the
// system). QSettings in the standard per-user location. Consents and approvals change at
// once (they are the user's decisions about trust); the rest on OK.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(MainWindow* window, std::shared_ptr<kube::ExecApprovals> approvals);

    QTabWidget* tabs() const { return m_tabs; }
    QSpinBox* refreshInterval() const { return m_refresh; }
    QSpinBox* fetchInterval() const { return m_fetch; }
    QCheckBox* liveUpdates() const { return m_live; }
    QSpinBox* fontSize() const { return m_fontSize; }
    DiffOptionsPage* diffOptions() const { return m_diffOptions; }
    QTableWidget* consents() const { return m_consents; }
    QTableWidget* approvals() const { return m_approvals; }
    QPushButton* forgetConsentButton() const { return m_forgetConsent; }
    QPushButton* revokeApprovalButton() const { return m_revoke; }
    class ChartRepositoriesPage* chartRepositories() const {
        return m_charts;
    }
    // Brings the Charts page forward (an application whose chart host is not allowed yet).
    void showCharts();

    void accept() override;

Q_SIGNALS:
    // OK changed how the engine reads clusters: whoever runs it starts it again.
    void engineSettingsChanged();
    // A consent was forgotten or a chart repository allowed: the cards should be read
    // again (and now ask, or render).
    void consentsChanged();
    // OK changed the diff options: the window reads the workspace again and shows lists anew.
    void diffSettingsChanged();

private:
    QWidget* buildGeneral();
    QWidget* buildClusters();
    QWidget* buildAppearance();
    void fillConsents();
    void fillApprovals();
    void forgetSelectedConsent();
    void revokeSelectedApproval();
    void editSelectedCluster();
    QString selectedEnvironment() const;

    MainWindow* m_window;
    std::shared_ptr<kube::ExecApprovals> m_approvalStore;
    QString m_repositoryKey;
    QTabWidget* m_tabs;
    QSpinBox* m_refresh = nullptr;
    QSpinBox* m_fetch = nullptr;
    QCheckBox* m_live = nullptr;
    QSpinBox* m_fontSize = nullptr;
    DiffOptionsPage* m_diffOptions = nullptr;
    QTableWidget* m_consents = nullptr;
    QTableWidget* m_approvals = nullptr;
    QPushButton* m_forgetConsent = nullptr;
    QPushButton* m_editCluster = nullptr;
    QPushButton* m_revoke = nullptr;
    std::unique_ptr<charts::ChartRepositoryAccess> m_chartAccess;
    class ChartRepositoriesPage* m_charts = nullptr;
};

} // namespace syncline::ui
