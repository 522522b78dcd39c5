#pragma once

#include "ComparisonSnapshot.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace syncline::models {

// The Compare view's summary table: one row per paired resource (resource, left, right,
// state), fed a whole ComparisonSnapshot. "Hide Same" drops unchanged rows; the counts
// always cover every resource.
class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ResourceColumn, LeftColumn, RightColumn, StateColumn, ColumnCount };
    enum Role {
        StateRole = Qt::UserRole + 1, // diff::ResourceState as int
        ChangeCountRole,              // number of differing fields
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSnapshot(std::shared_ptr<const ComparisonSnapshot> snapshot);
    void clear();
    void setHideSame(bool hide);
    bool hidesSame() const { return m_hideSame; }

    const std::shared_ptr<const ComparisonSnapshot>& snapshot() const { return m_snapshot; }
    const diff::ResourceDiff* resourceAt(int row) const;
    int rowOf(const manifest::ResourceKey& key) const; // -1 when absent or hidden
    std::size_t count(diff::ResourceState state) const;
    // "2 modified · 1 only in dev · 5 same"; empty without a snapshot.
    QString countsText() const;
    // How a state reads for this comparison: Missing is "Only in dev", Extra "Only in prod".
    QString stateText(diff::ResourceState state) const;
    QString sideName(bool left) const; // "dev" or "dev @ HEAD~2"

private:
    void rebuildRows();

    std::shared_ptr<const ComparisonSnapshot> m_snapshot;
    std::vector<std::size_t> m_rows; // indexes into m_snapshot->result.resources
    bool m_hideSame = false;
};

} // namespace syncline::models
