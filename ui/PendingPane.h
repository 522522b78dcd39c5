#pragma once

#include "reconcile/EnvironmentSnapshot.h"
#include "reconcile/SyncRequest.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSplitter;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace syncline::models {
class RepositoryController;
class ResourceDiffModel;
struct RepositoryInfo;
} // namespace syncline::models

namespace syncline::ui {

class PaneHeader;
class SideBySideView;

// The Pending pane: local changes (the branch against its upstream, unpushed commits,
// changed files) and the selected environment's cluster diffs — per resource, desired
// (Git) vs live (cluster) from the latest snapshot, with counts, the snapshot's error, a
// side-by-side diff of the selected resource and "Sync selected" for the checked rows.
class PendingPane : public QWidget {
    Q_OBJECT
public:
    explicit PendingPane(models::RepositoryController* controller, QWidget* parent = nullptr);

    QString statusText() const; // the branch ↔ upstream line, or why there is none
    QTreeView* changesView() const { return m_changes; }

    // The environment whose cluster diffs are shown and its latest snapshot (null: none yet).
    // `label`: what users call the unit ("web · staging"); empty: its name.
    void showEnvironment(const QString& environment, const reconcile::SnapshotPtr& snapshot, const QString& label = {});
    // A newer snapshot: applied when it is the shown environment's (rows update in place).
    void applySnapshot(const reconcile::SnapshotPtr& snapshot);
    QString environment() const { return m_environment; }

    models::ResourceDiffModel* resourceModel() const { return m_resources; }
    QTreeView* resourceView() const { return m_resourceView; }
    SideBySideView* resourceDiffView() const { return m_diff; }
    QPushButton* syncSelectedButton() const { return m_syncSelected; }
    QCheckBox* showSameBox() const { return m_showSame; }
    QString clusterCountsText() const; // "3 Modified · 1 Missing · 1 Extra"
    QString clusterErrorText() const;  // the snapshot's error, empty when none
    QString clusterNoteText() const;   // what the cluster section says when it has no list
    // The diff of the selected resource is the main area: "change 2 of 3", F7 / Shift+F7
    // move between changes, the Unified button switches from side by side; the changed
    // fields are listed above it. The window remembers the splitter and the unified choice.
    QString changePositionText() const;
    QToolButton* unifiedButton() const { return m_unifiedButton; }
    QSplitter* splitter() const { return m_splitter; }
    QTreeWidget* changedFields() const { return m_fields; }
    // Whether the resource list and diff are shown (not for an environment in sync).
    bool showsClusterDetails() const;

Q_SIGNALS:
    void syncRequested(const syncline::reconcile::SyncRequest& request);

private:
    void buildClusterSection(const QFont& titleFont);
    void setUpResourceView();
    void connectClusterSection();
    void showLocalChanges();
    void showMessage(const QString& text);
    void updateClusterHeader();
    void showResource();
    void updateSyncButton();
    QWidget* buildDiffPanel();
    void showChangedFields(const reconcile::ResourceStatus* status);
    void selectFirstResource();
    void updateChangePosition(int index, int count);
    void giveTheDiffRoom();

    models::RepositoryController* m_controller;
    PaneHeader* m_header;
    QLabel* m_status;
    QTreeView* m_changes;
    QSplitter* m_splitter;
    QLabel* m_clusterTitle;
    QLabel* m_counts;
    QLabel* m_error;
    QLabel* m_clusterNote;
    QTreeView* m_resourceView;
    QCheckBox* m_showSame;
    QPushButton* m_syncSelected;
    SideBySideView* m_diff;
    QWidget* m_resourcesPage = nullptr;
    QWidget* m_diffPanel = nullptr;
    QToolButton* m_unifiedButton = nullptr;
    QLabel* m_changePosition = nullptr;
    QTreeWidget* m_fields = nullptr;
    models::ResourceDiffModel* m_resources;
    QString m_environment;
    QString m_label; // "web · staging", or the environment's name
};

} // namespace syncline::ui
