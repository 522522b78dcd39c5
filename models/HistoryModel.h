#pragma once

#include "EnvironmentMarks.h"
#include "HistoryRow.h"

#include <QAbstractTableModel>

#include <unordered_map>
#include <vector>

namespace syncline::models {

// The commit list. Rows arrive in pages (appendPage); the view's fetchMore asks for the
// next page through moreRequested(), which RepositoryController serves. data() only reads
// the rows it was given.
class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { GraphColumn, SummaryColumn, AuthorColumn, DateColumn, IdColumn, ColumnCount };
    enum Role {
        CommitIdRole = Qt::UserRole + 1, // full hex id
        GraphRole,                       // git::GraphRow
        LabelsRole,                      // std::vector<git::RefLabel>
        IsMergeRole,
        FilteredRole,         // the list is filtered: lanes do not connect, show dots only
        TimeRole,             // author time, seconds since the epoch
        EnvironmentPillsRole, // std::vector<EnvironmentPill>: environments that run this commit
        EnvironmentsRole,     // QStringList: the pills' texts ("staging ✓ since 10:42")
        InPendingRangeRole,   // bool: between the highlighted environment's deployed and target
    };

    explicit HistoryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Starts a new list; the first page is already on its way (no fetch request needed).
    void reset(bool filtered, qint64 nowSeconds);
    void appendPage(std::vector<HistoryRow> rows, bool atEnd);
    // No more pages will come (the walk failed or was cancelled).
    void stop();
    // A page is on its way; no further requests until it arrives.
    void markFetching() { m_fetching = true; }
    // While paused, canFetchMore() is false (see ui::HistoryView: QTreeView's relayout
    // would otherwise page through all of history).
    void setFetchPaused(bool paused) { m_fetchPaused = paused; }

    const HistoryRow* rowAt(int row) const;
    int rowOf(const git::ObjectId& id) const; // -1 when not loaded (yet)
    bool isFiltered() const { return m_filtered; }
    bool atEnd() const { return m_atEnd; }
    int maxGraphWidth() const { return m_maxGraphWidth; }

    // Environment decorations, fed from reconcile snapshots; they outlive reset() (a
    // refresh or a filter change) and apply to whichever rows are loaded.
    void applySnapshot(const reconcile::SnapshotPtr& snapshot);
    void clearEnvironmentMarks();
    const EnvironmentMarks& environmentMarks() const { return m_marks; }
    // Rows between this environment's target revision (included) and its deployed one
    // (excluded) get InPendingRangeRole — among the loaded rows only. Empty: none.
    void setHighlightedEnvironment(const QString& environment);
    QString highlightedEnvironment() const { return m_highlighted; }

Q_SIGNALS:
    void moreRequested();

private:
    void updatePendingRange();
    void rowsChanged(int first, int last);

    std::vector<HistoryRow> m_rows;
    std::unordered_map<git::ObjectId, int> m_rowOf;
    qint64 m_now = 0;
    int m_maxGraphWidth = 1;
    bool m_filtered = false;
    bool m_atEnd = true;
    bool m_fetching = false;
    bool m_fetchPaused = false;
    EnvironmentMarks m_marks;
    QString m_highlighted;
    std::vector<bool> m_inPendingRange; // per row; empty: nothing highlighted
};

} // namespace syncline::models
