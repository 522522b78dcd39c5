#pragma once

#include "reconcile/SyncRequest.h"

#include <QWidget>

#include <functional>

class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace syncline::models {
class SyncStateModel;
}

namespace syncline::ui {

class PaneHeader;
class SyncStateDelegate;

// The Sync state pane: one card per unit (models::SyncStateModel) — sync status,
// health, deployed revision, commits behind, cluster, last error — with Refresh, Sync and
// a ⋯ menu (Sync with prune…, Trust cluster…, Edit cluster…) per row, and Refresh all / Sync all in the
// header. Workspaces with applications group the cards under a header per environment
// (its roll-up, and a ⋯ menu: Refresh / Sync / Sync with prune… every application of it).
// It only emits requests; whoever owns the reconcile engine acts on them.
// Without environments it shows an honest empty state.
class SyncStatePane : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatePane(QWidget* parent = nullptr);

    void setModel(models::SyncStateModel* model);
    QTableView* table() const { return m_table; }
    QString emptyText() const;
    QString noteText() const; // shown until the first cluster reading arrives
    bool showsTable() const;
    // Why there are no environments (syncline.yaml broken, HEAD detached); empty: the default.
    void setEmptyReason(const QString& reason);
    // The empty page's way forward: "Choose environment folders…" (offered when a
    // repository is open and nothing was detected) and "Open the demo" (always).
    void setCanChooseFolders(bool can);
    QPushButton* chooseFoldersButton() const { return m_chooseFolders; }
    QPushButton* openDemoButton() const { return m_openDemo; }

    QString currentEnvironment() const;
    // Selects the environment's row (no signal when it already is the current one).
    void selectEnvironment(const QString& environment);
    // The row's card text, one line each, as painted (tests, accessibility).
    QStringList rowLines(const QString& environment) const;
    // An environment's header as painted ("staging · 3 applications · …"); empty: none.
    QStringList headerLines(const QString& place) const;
    QToolButton* refreshAllButton() const { return m_refreshAll; }
    QToolButton* syncAllButton() const { return m_syncAll; }
    // The per-row menu (⋯ button, right click): Refresh, Sync, Sync with prune…, Edit
    // cluster…; environmentMenuAboutToShow lets others add their actions (Promote).
    QMenu* environmentMenu(const QString& environment);
    // A header's menu (⋯ button, right click): Refresh, Sync, Sync with prune… of every
    // application of `place`; placeMenuAboutToShow lets others add theirs (Promote all).
    QMenu* placeMenu(const QString& place);
    // "6 applications in 2 environments".
    static QString applicationsInEnvironments(int applications, int environments);
    // Asks before a pruning sync (true: the user agreed). Replaceable in tests.
    std::function<bool(const QString& environment)> confirmPrune;

Q_SIGNALS:
    void environmentSelected(const QString& environment);
    void refreshRequested(const QString& environment);
    void refreshAllRequested();
    void syncRequested(const syncline::reconcile::SyncRequest& request);
    void syncAllRequested();
    void clusterEditRequested(const QString& environment);
    // "Trust…" on a card whose cluster is not trusted yet, or "Trust cluster…" in its menu.
    void trustRequested(const QString& environment);
    // "Token…" on a card whose cluster refused the credentials (401), or "Enter a new token
    // for <cluster>…" in its menu.
    void tokenRequested(const QString& environment);
    void chooseFoldersRequested();
    // "Allow chart repository…" on a card whose Helm chart comes from a Helm or OCI repository.
    void chartRepositoriesRequested();
    void demoRequested();
    void environmentMenuAboutToShow(QMenu* menu, const QString& environment);
    void placeMenuAboutToShow(QMenu* menu, const QString& place);

private:
    void buildHeaderTools();
    QPalette setUpEmptyLabel();
    void setUpTable();
    void buildTablePage(const QPalette& muted);
    QWidget* buildEmptyPage();
    void updatePage();
    void onRowsChanged(const QModelIndex& first, const QModelIndex& last);
    void showMenu(const QString& environment, const QPoint& globalPos);
    void addTokenAction(QMenu* menu, const QString& environment);
    void requestSync(const QString& environment, bool prune);
    void requestSyncOf(const QStringList& units, const QString& what, bool prune);
    QString extentText() const;
    void updateNote();

    PaneHeader* m_header;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QPushButton* m_chooseFolders = nullptr;
    QPushButton* m_openDemo = nullptr;
    QTableView* m_table;
    QLabel* m_note;
    QWidget* m_tablePage;
    QToolButton* m_refreshAll;
    QToolButton* m_syncAll;
    SyncStateDelegate* m_delegate;
    models::SyncStateModel* m_model = nullptr;
};

} // namespace syncline::ui
