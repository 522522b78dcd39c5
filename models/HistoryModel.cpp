#include "HistoryModel.h"

#include "TimeText.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

#include <unordered_set>

namespace syncline::models {

namespace {

QString labelKindText(git::RefKind kind) {
    switch (kind) {
    case git::RefKind::Head:
        return QCoreApplication::translate("HistoryModel", "detached HEAD");
    case git::RefKind::LocalBranch:
        return QCoreApplication::translate("HistoryModel", "branch");
    case git::RefKind::RemoteBranch:
        return QCoreApplication::translate("HistoryModel", "remote branch");
    case git::RefKind::Tag:
        return QCoreApplication::translate("HistoryModel", "tag");
    case git::RefKind::Other:
        break;
    }
    return QCoreApplication::translate("HistoryModel", "ref");
}

} // namespace

HistoryModel::HistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

int HistoryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int HistoryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const HistoryRow* HistoryModel::rowAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)] : nullptr;
}

int HistoryModel::rowOf(const git::ObjectId& id) const {
    auto it = m_rowOf.find(id);
    return it == m_rowOf.end() ? -1 : it->second;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    const HistoryRow* row = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!row || index.column() >= ColumnCount)
        return {};
    const git::CommitSummary& commit = row->commit;
    switch (role) {
    case CommitIdRole:
        return commit.id.toHex();
    case GraphRole:
        return QVariant::fromValue(row->graph);
    case LabelsRole:
        return QVariant::fromValue(row->labels);
    case IsMergeRole:
        return commit.parents.size() > 1;
    case FilteredRole:
        return m_filtered;
    case TimeRole:
        return commit.author.time;
    case EnvironmentPillsRole:
        return QVariant::fromValue(m_marks.pillsFor(commit.id, QDateTime::fromSecsSinceEpoch(m_now)));
    case EnvironmentsRole: {
        QStringList texts;
        for (const EnvironmentPill& pill : m_marks.pillsFor(commit.id, QDateTime::fromSecsSinceEpoch(m_now)))
            texts << pill.text;
        return texts;
    }
    case InPendingRangeRole:
        return std::size_t(index.row()) < m_inPendingRange.size() && m_inPendingRange[std::size_t(index.row())];
    default:
        break;
    }
    switch (index.column()) {
    case GraphColumn:
        if (role == Qt::ToolTipRole)
            return m_filtered ? tr("A filter is active: only matching commits are listed, so the graph "
                                   "shows dots without lanes.")
                              : (commit.parents.size() > 1 ? tr("Merge commit") : QVariant());
        break;
    case SummaryColumn:
        if (role == Qt::DisplayRole)
            return commit.summary;
        if (role == Qt::ToolTipRole) {
            QString tip = commit.summary.toHtmlEscaped();
            for (const git::RefLabel& label : row->labels)
                tip += QStringLiteral("<br/>%1 <b>%2</b>").arg(labelKindText(label.kind), label.name.toHtmlEscaped());
            for (const EnvironmentPill& pill : m_marks.pillsFor(commit.id, QDateTime::fromSecsSinceEpoch(m_now)))
                tip += tr("<br/>deployed to <b>%1</b>").arg(pill.text.toHtmlEscaped());
            if (std::size_t(index.row()) < m_inPendingRange.size() && m_inPendingRange[std::size_t(index.row())])
                tip += tr("<br/><i>not yet on %1</i>").arg(m_highlighted.toHtmlEscaped());
            return tip;
        }
        break;
    case AuthorColumn:
        if (role == Qt::DisplayRole)
            return commit.author.name;
        if (role == Qt::ToolTipRole)
            return QStringLiteral("%1 <%2>").arg(commit.author.name, commit.author.email);
        break;
    case DateColumn:
        if (role == Qt::DisplayRole)
            return relativeTimeText(commit.author.time, m_now);
        if (role == Qt::ToolTipRole)
            return fullTimeText(commit.author.time, commit.author.offsetMinutes);
        break;
    case IdColumn:
        if (role == Qt::DisplayRole)
            return commit.id.shortHex(8);
        if (role == Qt::ToolTipRole)
            return commit.id.toHex();
        if (role == Qt::FontRole)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    default:
        break;
    }
    if (role == Qt::ForegroundRole && (index.column() == DateColumn || index.column() == IdColumn))
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GraphColumn:
        return tr("Graph");
    case SummaryColumn:
        return tr("Summary");
    case AuthorColumn:
        return tr("Author");
    case DateColumn:
        return tr("Date");
    case IdColumn:
        return tr("Commit");
    default:
        return {};
    }
}

bool HistoryModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_atEnd && !m_fetching && !m_fetchPaused;
}

void HistoryModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    Q_EMIT moreRequested();
}

void HistoryModel::reset(bool filtered, qint64 nowSeconds) {
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    m_filtered = filtered;
    m_now = nowSeconds;
    m_maxGraphWidth = 1;
    m_atEnd = false;
    m_fetching = true;
    m_inPendingRange.clear();
    endResetModel();
}

void HistoryModel::appendPage(std::vector<HistoryRow> rows, bool atEnd) {
    m_fetching = false;
    m_atEnd = atEnd;
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    m_rows.reserve(m_rows.size() + rows.size());
    for (HistoryRow& row : rows) {
        m_rowOf.emplace(row.commit.id, int(m_rows.size()));
        m_maxGraphWidth = std::max(m_maxGraphWidth, row.graph.width);
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
    updatePendingRange();
}

void HistoryModel::stop() {
    m_fetching = false;
    m_atEnd = true;
}

void HistoryModel::rowsChanged(int first, int last) {
    if (first <= last)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void HistoryModel::applySnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot)
        return;
    for (const git::ObjectId& commit : m_marks.update(*snapshot))
        if (const int row = rowOf(commit); row >= 0)
            rowsChanged(row, row);
    if (snapshot->environment == m_highlighted)
        updatePendingRange();
}

void HistoryModel::clearEnvironmentMarks() {
    m_marks.clear();
    m_highlighted.clear();
    updatePendingRange();
    rowsChanged(0, rowCount() - 1);
}

void HistoryModel::setHighlightedEnvironment(const QString& environment) {
    if (environment == m_highlighted)
        return;
    m_highlighted = environment;
    updatePendingRange();
}

void HistoryModel::updatePendingRange() {
    std::vector<bool> range;
    const EnvironmentMarks::Mark* mark = m_highlighted.isEmpty() ? nullptr : m_marks.find(m_highlighted);
    const int targetRow = mark && mark->target != mark->deployed ? rowOf(mark->target) : -1;
    if (targetRow >= 0) {
        range.assign(m_rows.size(), false);
        if (m_filtered) {
            // A filtered list does not hold the parents: take the rows in between.
            const int deployedRow = mark->deployed.isNull() ? -1 : rowOf(mark->deployed);
            const int end = deployedRow > targetRow ? deployedRow : int(m_rows.size());
            for (int row = targetRow; row < end; ++row)
                range[std::size_t(row)] = true;
        } else {
            // Rows come in topological order: one pass carries "reachable from target" and
            // "reachable from deployed" down to the parents; the range is the difference.
            std::unordered_set<git::ObjectId> fromTarget{mark->target};
            std::unordered_set<git::ObjectId> fromDeployed;
            if (!mark->deployed.isNull())
                fromDeployed.insert(mark->deployed);
            for (std::size_t row = std::size_t(targetRow); row < m_rows.size(); ++row) {
                const git::CommitSummary& commit = m_rows[row].commit;
                const bool target = fromTarget.count(commit.id) > 0;
                const bool deployed = fromDeployed.count(commit.id) > 0;
                if (!target && !deployed)
                    continue;
                for (const git::ObjectId& parent : commit.parents)
                    (deployed ? fromDeployed : fromTarget).insert(parent);
                range[row] = target && !deployed;
            }
        }
    }
    // Repaint the rows whose flag changed.
    const std::size_t rows = std::max(range.size(), m_inPendingRange.size());
    int first = -1, last = -1;
    for (std::size_t row = 0; row < rows && row < m_rows.size(); ++row) {
        const bool was = row < m_inPendingRange.size() && m_inPendingRange[row];
        const bool now = row < range.size() && range[row];
        if (was != now) {
            if (first < 0)
                first = int(row);
            last = int(row);
        }
    }
    m_inPendingRange = std::move(range);
    if (first >= 0)
        rowsChanged(first, last);
}

} // namespace syncline::models
