#pragma once

#include "reconcile/EnvironmentSnapshot.h"
#include "workspace/WorkspaceConfig.h"

#include <QAbstractTableModel>
#include <QDateTime>

#include <map>
#include <vector>

namespace syncline::models {

// The Sync state pane's rows: one per unit of the workspace (syncline.yaml order), each
// showing the latest Snapshot the reconcile engine published for it. A snapshot updates
// its row with dataChanged (never a reset), so selection and scroll survive the stream of
// updates. data() reads only the stored snapshots.
// A workspace with applications (version 2, detected) groups them under their environment:
// each environment gets a header row first (IsGroupRole, not selectable) whose text rolls
// its applications up ("staging · 3 applications · 2 Synced, 1 OutOfSync · Degraded"),
// changed together with the application's row. Version-1 workspaces have no header rows.
// Everything that names a row by unit (rowOf, environmentAt, snapshot) skips the headers.
class SyncStateModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        EnvironmentColumn, // the unit's application name; a header row: its roll-up text
        ClusterColumn,     // context (tooltip: server; "⚠ insecure" when TLS is off)
        ModeColumn,        // direct / argocd / flux
        SyncColumn,        // Synced / OutOfSync / Unknown (+ "Syncing…")
        HealthColumn,      // Healthy / Degraded ... (tooltip: the reason)
        DeployedColumn,    // "1a2b3c4 promote(staging): … since 10:42"
        BehindColumn,      // commits on the branch since the deployed revision
        ErrorColumn,       // what went wrong this cycle; "(stale)" when the data is old
        ColumnCount
    };
    enum Role {
        EnvironmentRole = Qt::UserRole + 1, // QString
        SnapshotRole,                       // reconcile::SnapshotPtr (null before the first)
        HasSnapshotRole,                    // bool
        SyncStatusRole,                     // int (health::SyncStatus)
        HealthRole,                         // int (health::Health); a header: the worst of its applications read
        HealthMessageRole,                  // QString
        ReachabilityRole,                   // int (reconcile::ClusterReachability)
        ClusterNameRole,                    // QString
        ClusterServerRole,                  // QString
        InsecureRole,                       // bool: TLS verification off
        ModeRole,                           // QString
        DeployedCommitRole,                 // QString, full hex; empty: unknown
        DeployedTextRole,                   // QString, as DeployedColumn shows it
        DeployedSinceRole,                  // QDateTime
        TargetCommitRole,                   // QString, full hex
        CommitsBehindRole,                  // int, -1 unknown
        ErrorRole,                          // QString, empty: none
        StaleRole,                          // bool
        SyncingRole,                        // bool
        DetailRole,                         // QString: "overlays/prod · kustomize · ns shop" (the mode is on the cluster line)
        StatusTextRole,                     // QString: "OutOfSync · Degraded" or "Syncing…"
        NeedsTrustRole,                     // bool: the cluster is not trusted for this repository yet
        AutomationHeldRole,                 // QString: "auto-sync off until you allow it" / "prune off …"; empty: nothing held
        WarningsRole,                       // QStringList: what the cluster answered but could not be read whole
        IsGroupRole,                        // bool: an environment's header row
        GroupRollupRole,                    // QString: a header's "staging · 3 applications · …"; empty on units
        PlaceRole,                          // QString: the environment the row belongs to (a header: its own)
        ApplicationRole,                    // QString: the unit's application; empty on headers
        NeedsTokenRole,                     // bool: the cluster refused the credentials (401): a new token may help
    };

    explicit SyncStateModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // The workspace's environments. Snapshots of environments that stay are kept; the
    // same list of names updates rows in place, another list resets the model.
    void setEnvironments(const workspace::WorkspaceConfig& config);
    void clear();
    // Replaces one environment's snapshot (ignored when unknown, or older than the one
    // held — see EnvironmentSnapshot::isNewerThan; kept across engine restarts). Emits
    // dataChanged for that row only.
    void applySnapshot(const reconcile::SnapshotPtr& snapshot);
    // The engine started/finished a Sync (the next snapshot says so too).
    void setSyncing(const QString& environment, bool syncing);
    // The clock for "since" texts; invalid: the current time (tests pin it).
    void setNow(const QDateTime& now);

    int rowOf(const QString& environment) const; // -1 when absent (a unit's row, never a header)
    QString environmentAt(int row) const;        // the unit's name; empty on a header row
    // Header rows (workspaces with applications).
    bool isGroupRow(int row) const;
    int groupRowOf(const QString& place) const; // -1 when absent
    QString placeAt(int row) const;             // the environment a header or unit row belongs to
    QStringList unitsOf(const QString& place) const;
    bool hasGroups() const;
    QStringList places() const;       // the headers' environments, in order
    QStringList applications() const; // distinct application names, first seen first
    // "staging · 3 applications · 2 Synced, 1 OutOfSync · Degraded" for `place`'s header.
    QString rollupText(const QString& place) const;
    const workspace::Environment* environment(const QString& name) const;
    // What users call the unit: "web · staging", a version-1 environment's name, or `name`
    // itself when the model does not hold it.
    QString labelOf(const QString& name) const;
    reconcile::SnapshotPtr snapshot(const QString& environment) const;
    QStringList environments() const;
    bool hasSnapshots() const;

    // "1a2b3c4 promote(staging): bump api… since 10:42" (summary elided at `summaryChars`).
    static QString deployedText(const reconcile::DeployedRevision& deployed, const QDateTime& now, int summaryChars = 40);
    static QString reachabilityText(reconcile::ClusterReachability reachability);

Q_SIGNALS:
    // A snapshot changed this environment's row.
    void environmentUpdated(const QString& environment);

private:
    struct Row {
        workspace::Environment environment; // a header row: empty but for `place`
        reconcile::SnapshotPtr snapshot;
        bool syncing = false; // between syncStarted and the result
        bool group = false;   // an environment's header row
    };

    QVariant roleData(const Row& row, int role) const;
    QVariant displayData(const Row& row, int column) const;
    QVariant toolTip(const Row& row, int column) const;
    struct Rollup {
        int units = 0;
        int unread = 0; // no snapshot yet
        int syncing = 0;
        std::map<health::SyncStatus, int> statuses; // in the enum's order: Synced, OutOfSync, Unknown
        health::Health worstHealth = health::Health::Healthy;
    };
    Rollup rollupOf(const QString& place) const;
    QVariant groupData(const Row& row, int role) const;
    QDateTime now() const;
    void rowChanged(int row);
    void unitChanged(int row); // the unit's row and its environment's header
    static std::vector<Row> rowsOf(const workspace::WorkspaceConfig& config);
    static bool sameShape(const std::vector<Row>& a, const std::vector<Row>& b);

    std::vector<Row> m_rows;
    QDateTime m_now;
    bool m_grouped = false; // header rows: the workspace has applications
};

} // namespace syncline::models
