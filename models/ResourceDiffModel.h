#pragma once

#include "reconcile/EnvironmentSnapshot.h"

#include <QAbstractTableModel>

#include <set>
#include <vector>

namespace syncline::models {

// The Pending pane's cluster diffs: the resources of one environment's latest snapshot
// that are not where Git says they should be (Modified, Missing, Extra; Same only when
// asked). A newer snapshot of the same environment updates the list in place — rows are
// matched by ResourceKey and inserted, removed or changed, never reset — so selection,
// scroll and the checked rows (for selective sync) survive. Another environment resets.
class ResourceDiffModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ResourceColumn, StateColumn, HealthColumn, ColumnCount };
    enum Role {
        KeyTextRole = Qt::UserRole + 1, // "apps/Deployment shop-dev/api"
        StateRole,                      // int (diff::ResourceState)
        HealthRole,                     // int (health::Health)
        HealthMessageRole,              // QString
        OwnedRole,                      // bool: in the environment's inventory
        KindRole,                       // QString
        NamespaceRole,                  // QString
        NameRole,                       // QString
    };

    explicit ResourceDiffModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A snapshot of the same environment updates rows in place; another one (or null)
    // starts over.
    void setSnapshot(const reconcile::SnapshotPtr& snapshot);
    void clear() { setSnapshot(nullptr); }
    const reconcile::SnapshotPtr& snapshot() const { return m_snapshot; }
    QString environment() const { return m_snapshot ? m_snapshot->environment : QString(); }

    // Same resources are hidden by default.
    void setShowSame(bool show);
    bool showsSame() const { return m_showSame; }

    const reconcile::ResourceStatus* resourceAt(int row) const;
    int rowOf(const manifest::ResourceKey& key) const; // -1 when not listed

    // Checked rows, in list order (only rows still listed).
    std::vector<manifest::ResourceKey> checkedKeys() const;
    void setChecked(const manifest::ResourceKey& key, bool checked);
    void setAllChecked(bool checked);

    // "3 Modified · 1 Missing · 1 Extra"; "In sync: 12 resources" when nothing differs.
    static QString countsText(const reconcile::EnvironmentSnapshot& snapshot);
    QString countsText() const;

Q_SIGNALS:
    void checkedChanged();

private:
    bool listed(const reconcile::ResourceStatus& status) const;
    void rebuild(const reconcile::SnapshotPtr& snapshot);
    void merge(const reconcile::SnapshotPtr& snapshot);

    reconcile::SnapshotPtr m_snapshot;
    std::vector<const reconcile::ResourceStatus*> m_rows; // into m_snapshot->resources, by key
    std::set<manifest::ResourceKey> m_checked;
    bool m_showSame = false;
};

} // namespace syncline::models
