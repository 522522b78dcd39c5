#pragma once

#include "reconcile/EnvironmentMatrix.h"
#include "workspace/WorkspaceConfig.h"

#include <QAbstractTableModel>

namespace syncline::models {

// The environment matrix: one row per application, one column per environment in
// promotion order (reconcile::EnvironmentMatrix). A snapshot changes its cell and its right
// neighbour (whose "differs from left" follows it) with dataChanged — the whole row when
// the row turns quiet or stops being quiet — and never resets the model once the
// workspace's shape is loaded, so selection and scroll survive the stream of updates.
// An application that does not run in an environment has an empty cell that cannot be
// selected. data() reads only the stored cells.
class MatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        UnitRole = Qt::UserRole + 1, // QString: the unit's name ("web-staging"); empty: no cell
        PresentRole,                 // bool: the application runs in this environment
        KnownRole,                   // bool: the unit has a snapshot
        RevisionRole,                // QString: the deployed revision, full hex; empty: unknown
        ShortRevisionRole,           // QString: its first 7 digits
        RevisionSummaryRole,         // QString: the deployed commit's subject, when known
        ImagesRole,                  // QStringList: what the live containers run, sorted
        ChartsRole,                  // QStringList: Helm chart labels ("web-1.4.2")
        SyncStatusRole,              // int (health::SyncStatus)
        SyncTextRole,                // QString: "Synced", "OutOfSync", "Unknown"
        HealthRole,                  // int (health::Health)
        HealthTextRole,              // QString: "Healthy", "Degraded", …
        HealthMessageRole,           // QString: why, when not Healthy
        DriftedRole,                 // int: Modified, Missing and owned Extra objects
        DiffersFromLeftRole,         // bool: revision or images differ from the environment on the left
        RowQuietRole,                // bool: every environment of the row matches: nothing to look at
        ErrorRole,                   // QString: what went wrong reading it; empty: nothing
        ApplicationRole,             // QString: the row's application
        EnvironmentRole,             // QString: the column's environment
    };

    explicit MatrixModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // The workspace's applications and environments. The same shape (applications,
    // environments and units) keeps the cells and changes nothing; another one resets.
    // `oneRowName` names a version-1 workspace's single row (the repository's name).
    void setEnvironments(const workspace::WorkspaceConfig& config, const QString& oneRowName = {});
    void clear();
    // Takes one unit's snapshot (ignored when the unit is not in the matrix or the snapshot
    // is older than the one held).
    void applySnapshot(const reconcile::SnapshotPtr& snapshot);

    QModelIndex indexOf(const QString& unit) const; // invalid when absent
    QString unitAt(const QModelIndex& index) const; // empty: no cell there
    const reconcile::EnvironmentMatrix& matrix() const { return m_matrix; }

    // "Synced · Healthy · 1a2b3c4 · web:1.4.2 · 2 drifted": a cell in one line (screen readers).
    static QString cellText(const reconcile::MatrixCell& cell);
    // The full revision, its subject, every image and chart, and any error.
    static QString cellToolTip(const reconcile::MatrixCell& cell, const QString& application, const QString& environment);

private:
    QVariant cellData(const reconcile::MatrixCell& cell, const QModelIndex& index, int role) const;
    static QVariant statusData(const reconcile::MatrixCell& cell, int role);
    static bool sameShape(const reconcile::EnvironmentMatrix& a, const reconcile::EnvironmentMatrix& b);

    reconcile::EnvironmentMatrix m_matrix;
};

} // namespace syncline::models
