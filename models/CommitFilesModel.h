#pragma once

#include "git/TreeDiff.h"

#include <QAbstractTableModel>

#include <memory>

namespace syncline::models {

// The files a commit changed, for the details view. Takes the whole diff result (shared,
// immutable: patches can be large and are not copied).
class CommitFilesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KindColumn, PathColumn, StatsColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1, KindLetterRole };

    explicit CommitFilesModel(QObject* parent = nullptr);

    void setChanges(std::shared_ptr<const git::TreeDiffResult> changes);
    void clear() { setChanges(nullptr); }
    const git::FileChange* fileAt(int row) const;
    std::size_t omittedFiles() const { return m_changes ? m_changes->omittedFiles : 0; }

    static QString kindLetter(git::FileChangeKind kind);
    // "+12 −3", "binary", "too large (1.0 GiB) — not shown".
    static QString statsText(const git::FileChange& change);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const git::TreeDiffResult> m_changes;
};

} // namespace syncline::models
