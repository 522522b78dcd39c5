#include "CommitFilesModel.h"

#include "util/Text.h"

#include <QColor>
#include <QCoreApplication>
#include <QFontDatabase>

namespace syncline::models {

namespace {

QString kindName(git::FileChangeKind kind) {
    switch (kind) {
    case git::FileChangeKind::Added:
        return QCoreApplication::translate("CommitFilesModel", "added");
    case git::FileChangeKind::Deleted:
        return QCoreApplication::translate("CommitFilesModel", "deleted");
    case git::FileChangeKind::Modified:
        return QCoreApplication::translate("CommitFilesModel", "modified");
    case git::FileChangeKind::Renamed:
        return QCoreApplication::translate("CommitFilesModel", "renamed");
    case git::FileChangeKind::Copied:
        return QCoreApplication::translate("CommitFilesModel", "copied");
    case git::FileChangeKind::TypeChanged:
        return QCoreApplication::translate("CommitFilesModel", "type changed");
    }
    return {};
}

QColor kindColor(git::FileChangeKind kind) {
    switch (kind) {
    case git::FileChangeKind::Added:
        return QColor(0x2e, 0x9e, 0x4f);
    case git::FileChangeKind::Deleted:
        return QColor(0xcf, 0x3b, 0x3b);
    case git::FileChangeKind::Renamed:
    case git::FileChangeKind::Copied:
        return QColor(0x7a, 0x5c, 0xd6);
    default:
        return QColor(0xc7, 0x8a, 0x12);
    }
}

} // namespace

CommitFilesModel::CommitFilesModel(QObject* parent) : QAbstractTableModel(parent) {}

void CommitFilesModel::setChanges(std::shared_ptr<const git::TreeDiffResult> changes) {
    beginResetModel();
    m_changes = std::move(changes);
    endResetModel();
}

const git::FileChange* CommitFilesModel::fileAt(int row) const {
    if (!m_changes || row < 0 || row >= int(m_changes->files.size()))
        return nullptr;
    return &m_changes->files[std::size_t(row)];
}

QString CommitFilesModel::kindLetter(git::FileChangeKind kind) {
    switch (kind) {
    case git::FileChangeKind::Added:
        return QStringLiteral("A");
    case git::FileChangeKind::Deleted:
        return QStringLiteral("D");
    case git::FileChangeKind::Modified:
        return QStringLiteral("M");
    case git::FileChangeKind::Renamed:
        return QStringLiteral("R");
    case git::FileChangeKind::Copied:
        return QStringLiteral("C");
    case git::FileChangeKind::TypeChanged:
        return QStringLiteral("T");
    }
    return QStringLiteral("?");
}

QString CommitFilesModel::statsText(const git::FileChange& change) {
    if (change.tooLarge)
        return tr("too large (%1) — not shown").arg(util::formatByteSize(std::max(change.oldSize, change.newSize)));
    if (change.binary)
        return tr("binary");
    if (change.additions == 0 && change.deletions == 0)
        return {};
    return QStringLiteral("+%1 −%2").arg(change.additions).arg(change.deletions);
}

int CommitFilesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_changes ? 0 : int(m_changes->files.size());
}

int CommitFilesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CommitFilesModel::data(const QModelIndex& index, int role) const {
    const git::FileChange* change = index.isValid() ? fileAt(index.row()) : nullptr;
    if (!change)
        return {};
    const bool renamed = change->kind == git::FileChangeKind::Renamed || change->kind == git::FileChangeKind::Copied;
    const QString path = change->kind == git::FileChangeKind::Deleted ? change->oldPath : change->newPath;
    if (role == PathRole)
        return path;
    if (role == KindLetterRole)
        return kindLetter(change->kind);
    if (role == Qt::ToolTipRole) {
        QString tip = kindName(change->kind) + QLatin1Char(' ') +
                      (renamed ? QString(change->oldPath + QStringLiteral(" → ") + change->newPath) : path);
        if (renamed)
            tip += tr(" (%1% similar)").arg(change->similarity);
        const QString stats = statsText(*change);
        return stats.isEmpty() ? tip : QString(tip + QLatin1Char('\n') + stats);
    }
    switch (index.column()) {
    case KindColumn:
        if (role == Qt::DisplayRole)
            return kindLetter(change->kind);
        if (role == Qt::ForegroundRole)
            return kindColor(change->kind);
        if (role == Qt::FontRole)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        break;
    case PathColumn:
        if (role == Qt::DisplayRole)
            return renamed ? QString(change->oldPath + QStringLiteral(" → ") + change->newPath) : path;
        break;
    case StatsColumn:
        if (role == Qt::DisplayRole)
            return statsText(*change);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant CommitFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return QString();
    case PathColumn:
        return tr("File");
    case StatsColumn:
        return tr("Changes");
    default:
        return {};
    }
}

} // namespace syncline::models
