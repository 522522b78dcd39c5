#include "ActivityModel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace syncline::models {

namespace {

constexpr int kShownEntries = 5'000;

// "staging · 1a2b3c4 · https://…": what the entry touched.
QString targetOf(const activity::ActivityEntry& entry) {
    QStringList parts;
    if (!entry.environment.isEmpty())
        parts << entry.environment;
    if (!entry.commit.isEmpty())
        parts << entry.commit.left(7);
    if (!entry.cluster.isEmpty())
        parts << entry.cluster;
    return parts.join(QStringLiteral(" · "));
}

} // namespace

ActivityModel::ActivityModel(QString logFile, QObject* parent) : QAbstractTableModel(parent), m_log(std::move(logFile)) {}

void ActivityModel::reload() {
    beginResetModel();
    m_entries.clear();
    m_skipped = 0;
    m_error.clear();
    if (auto read = m_log.read(kShownEntries)) {
        m_entries = std::move(read->entries);
        std::reverse(m_entries.begin(), m_entries.end());
        m_skipped = read->skipped;
    } else {
        m_error = read.error().toString();
    }
    endResetModel();
}

QByteArray ActivityModel::toJsonLines() const {
    QByteArray lines;
    for (auto entry = m_entries.rbegin(); entry != m_entries.rend(); ++entry)
        lines += QByteArray::fromStdString(entry->toJson().dump()) + '\n';
    return lines;
}

int ActivityModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }

int ActivityModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ActivityModel::text(const activity::ActivityEntry& entry, int column) const {
    switch (column) {
    case TimeColumn:
        return entry.time.toLocalTime().toString(tr("yyyy-MM-dd HH:mm:ss"));
    case UserColumn:
        return entry.user;
    case WhatColumn:
        return entry.what;
    case ResultColumn:
        // Not by colour alone: a failure says so in words.
        return entry.succeeded ? entry.result : tr("Failed: %1").arg(entry.result);
    case TargetColumn:
        return targetOf(entry);
    default:
        return {};
    }
}

QVariant ActivityModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return {};
    const activity::ActivityEntry& entry = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return text(entry, index.column());
    case Qt::ForegroundRole:
        return index.column() == ResultColumn && !entry.succeeded ? QVariant(QBrush(QColor(0xb0, 0x20, 0x20))) : QVariant();
    case SucceededRole:
        return entry.succeeded;
    default:
        return {};
    }
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case UserColumn:
        return tr("User");
    case WhatColumn:
        return tr("What");
    case ResultColumn:
        return tr("Result");
    case TargetColumn:
        return tr("Environment · commit · cluster");
    default:
        return {};
    }
}

} // namespace syncline::models
