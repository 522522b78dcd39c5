#pragma once

#include "manifest/ManifestObject.h"
#include "reconcile/MatrixCell.h"
#include "workspace/WorkspaceConfig.h"

#include <QHash>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace syncline::reconcile {

// Applications × environments: one row per application (workspace order), one column per
// environment in promotion order (then the others in display order). A version-1
// workspace has no applications: its environments are one application promoted along
// them, so it is one row (named `oneRowName`: the repository's name). A cell holds the
// latest snapshot of the unit that runs the application in that environment; where the
// application does not run, there is no cell. `syncline matrix` and the window's matrix
// both read it.
class EnvironmentMatrix {
public:
    // A unit's rendered objects by key: the snapshot keeps no bodies for objects that are
    // the same on both sides, so what those run is read from Git's side.
    using DesiredObjects = std::map<manifest::ResourceKey, const manifest::ManifestObject*>;

    struct Position {
        int row = -1;
        int column = -1;
    };
    // The cells a snapshot changed: [firstColumn, lastColumn] of `row` (its cell and the
    // right neighbour whose "differs from left" follows it), or the whole row when the
    // row's "all the same" flipped.
    struct Change {
        int row = -1;
        int firstColumn = -1;
        int lastColumn = -1;
        bool wholeRow = false;
    };

    // Limits on what one cell keeps from a cluster's objects (they are hostile input).
    static constexpr int kMaxImagesPerCell = 64;
    static constexpr int kMaxNameLength = 512;
    static constexpr int kMaxJsonDepth = 32;

    EnvironmentMatrix() = default;
    explicit EnvironmentMatrix(const workspace::WorkspaceConfig& config, const QString& oneRowName = {});

    // The promotion order first, then the other environments in display order.
    static QStringList environmentsInPromotionOrder(const workspace::WorkspaceConfig& config);
    // What `snapshot`'s workloads run: live objects, and for objects the same as in Git the
    // `desired` ones (none given: only what the snapshot holds).
    static RunningWorkloads runningOf(const EnvironmentSnapshot& snapshot, const DesiredObjects* desired);
    // The cell of `unit` from its snapshot (differsFromLeft is the matrix's to set); what
    // runs comes from snapshot->running when the engine read it, else runningOf.
    static MatrixCell cellOf(const QString& unit, const SnapshotPtr& snapshot, const DesiredObjects* desired = nullptr);

    const QStringList& applications() const { return m_applications; }
    const QStringList& environments() const { return m_environments; }
    int rowCount() const { return int(m_applications.size()); }
    int columnCount() const { return int(m_environments.size()); }
    const MatrixCell* cell(int row, int column) const; // null: the application does not run there
    const MatrixCell* cell(const QString& unit) const;
    std::optional<Position> positionOf(const QString& unit) const;
    // Every cell of the row has been read and none differs from its left: nothing to look at.
    bool rowAllSame(int row) const;

    // Takes `snapshot` into its unit's cell. Nothing changes (nullopt) for a unit not in
    // the matrix or a snapshot older than the one held (EnvironmentSnapshot::isNewerThan).
    std::optional<Change> apply(const SnapshotPtr& snapshot, const DesiredObjects* desired = nullptr);

private:
    std::optional<MatrixCell>& slot(int row, int column) { return m_cells[std::size_t(row * columnCount() + column)]; }
    const std::optional<MatrixCell>& slot(int row, int column) const {
        return m_cells[std::size_t(row * columnCount() + column)];
    }
    int leftNeighbour(int row, int column) const;  // -1: none
    int rightNeighbour(int row, int column) const; // -1: none
    void updateDiffers(int row, int column);
    bool computeRowAllSame(int row) const;

    QStringList m_applications;
    QStringList m_environments;
    std::vector<std::optional<MatrixCell>> m_cells; // row-major
    std::vector<char> m_rowAllSame;
    QHash<QString, Position> m_positions; // unit name → cell
};

} // namespace syncline::reconcile
