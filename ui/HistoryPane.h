#pragma once

#include "git/ObjectId.h"

#include <QWidget>

#include <optional>

class QLabel;
class QMenu;
class QLineEdit;
class QSplitter;
class QTimer;
class QToolButton;
class QTreeView;

namespace syncline::models {
class RepositoryController;
}

namespace syncline::ui {

class CommitDetailsView;
class PaneHeader;

// The History pane: filter box (`author:NAME path:PATH free text`) with an "All branches"
// toggle and a "Changed <env>" toggle (only commits that changed the selected
// environment's rendered output), the lazily paged commit list with its graph, and the
// selected commit's details.
class HistoryPane : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPane(models::RepositoryController* controller, QWidget* parent = nullptr);

    QTreeView* commitList() const { return m_list; }
    QLineEdit* filterEdit() const { return m_filter; }
    QToolButton* allBranchesButton() const { return m_allBranches; }
    QToolButton* changedButton() const { return m_changed; }
    CommitDetailsView* detailsView() const { return m_details; }
    QSplitter* splitter() const { return m_splitter; }

    void focusFilter();
    // Empties the filter box without starting a query (a new repository is opening).
    void resetFilter();
    std::optional<git::ObjectId> currentCommit() const;
    // Selects a commit, loading more pages when it is further down (bounded).
    void selectCommit(const git::ObjectId& commit);
    // The environment "Changed <env>" is about; when the toggle is on it follows.
    void setEnvironment(const QString& environment);
    // The right-click menu of a commit row: Copy commit id; commitMenuAboutToShow lets
    // others add theirs (Revert this commit, Roll <env> back to here). Deletes itself on close.
    QMenu* commitMenu(const git::ObjectId& commit, int parentCount);
    // The same menu for the selected commit; null when none is selected.
    QMenu* currentCommitMenu();

Q_SIGNALS:
    void commitMenuAboutToShow(QMenu* menu, const syncline::git::ObjectId& commit, int parentCount);

private:
    QWidget* buildFilterBar();
    void setUpCommitList();
    void connectFilter();
    void connectEnvironmentChanges();
    void connectHistory();
    void applyFilter();
    void onCurrentChanged();
    void onHistoryStarted();
    void onPageLoaded(bool atEnd);
    void updateCount();
    void fitGraphColumn();
    bool trySelect(const git::ObjectId& commit);
    void onChangedToggled(bool on);
    void updateChangedButton();

    models::RepositoryController* m_controller;
    PaneHeader* m_header;
    QLineEdit* m_filter;
    QToolButton* m_allBranches;
    QToolButton* m_changed;
    QString m_environment;
    QString m_changedNote; // "of the last 10,000 commits" when the search stopped early
    QLabel* m_count;
    QTreeView* m_list;
    CommitDetailsView* m_details;
    QSplitter* m_splitter;
    QTimer* m_filterDelay;
    std::optional<git::ObjectId> m_selected;
    std::optional<git::ObjectId> m_wanted; // to select once its page arrives
    bool m_chase = false;                  // keep loading pages until m_wanted shows up
    int m_wantedPages = 0;
    bool m_firstPage = true;
};

} // namespace syncline::ui
