#pragma once

#include "git/LocalChanges.h"

#include <QAbstractItemModel>

#include <vector>

namespace syncline::models {

// The local half of the Pending pane as a two-level tree: a section for unpushed commits
// (when the branch has an upstream or commits to push) and one for changed files (when
// there is a working tree). Takes a whole LocalChanges snapshot at a time.
class LocalChangesModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Section { Unpushed, Files };
    enum Column { StatusColumn, TextColumn, ColumnCount };
    enum Role {
        CommitIdRole = Qt::UserRole + 1, // unpushed commit rows: full hex id
        PathRole,                        // file rows: the path
        IsSectionRole,
    };

    explicit LocalChangesModel(QObject* parent = nullptr);

    void setChanges(git::LocalChanges changes);
    void clear();
    const git::LocalChanges& changes() const { return m_changes; }
    bool hasChanges() const { return m_loaded; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int childCount(Section section) const;
    QVariant sectionData(Section section, int column, int role) const;
    QVariant commitData(const git::CommitSummary& commit, int column, int role) const;
    QVariant fileData(const git::StatusEntry& entry, int column, int role) const;

    git::LocalChanges m_changes;
    std::vector<Section> m_sections;
    bool m_loaded = false;
};

} // namespace syncline::models
