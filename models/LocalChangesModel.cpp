#include "LocalChangesModel.h"

#include "TimeText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QFontDatabase>

namespace syncline::models {

namespace {

// Children carry their section in the internal id (section + 1); sections carry 0.
constexpr quintptr kSectionId = 0;

QString statusText(char letter) {
    switch (letter) {
    case 'M':
        return QCoreApplication::translate("LocalChangesModel", "modified");
    case 'A':
        return QCoreApplication::translate("LocalChangesModel", "added");
    case 'D':
        return QCoreApplication::translate("LocalChangesModel", "deleted");
    case 'R':
        return QCoreApplication::translate("LocalChangesModel", "renamed");
    case 'T':
        return QCoreApplication::translate("LocalChangesModel", "type changed");
    case '?':
        return QCoreApplication::translate("LocalChangesModel", "untracked");
    case 'U':
        return QCoreApplication::translate("LocalChangesModel", "unmerged (conflict)");
    default:
        return QCoreApplication::translate("LocalChangesModel", "unchanged");
    }
}

} // namespace

LocalChangesModel::LocalChangesModel(QObject* parent) : QAbstractItemModel(parent) {}

void LocalChangesModel::setChanges(git::LocalChanges changes) {
    beginResetModel();
    m_changes = std::move(changes);
    m_loaded = true;
    m_sections.clear();
    if (!m_changes.upstream.isEmpty() || !m_changes.unpushed.empty())
        m_sections.push_back(Section::Unpushed);
    if (!m_changes.bare)
        m_sections.push_back(Section::Files);
    endResetModel();
}

void LocalChangesModel::clear() {
    beginResetModel();
    m_changes = {};
    m_sections.clear();
    m_loaded = false;
    endResetModel();
}

int LocalChangesModel::childCount(Section section) const {
    return section == Section::Unpushed ? int(m_changes.unpushed.size()) : int(m_changes.files.size());
}

QModelIndex LocalChangesModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kSectionId);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex LocalChangesModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kSectionId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kSectionId);
}

int LocalChangesModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return int(m_sections.size());
    if (parent.internalId() != kSectionId || parent.column() != 0)
        return 0;
    return childCount(m_sections[std::size_t(parent.row())]);
}

int LocalChangesModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant LocalChangesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    if (index.internalId() == kSectionId) {
        if (role == IsSectionRole)
            return true;
        return sectionData(m_sections[std::size_t(index.row())], index.column(), role);
    }
    if (role == IsSectionRole)
        return false;
    const Section section = m_sections[std::size_t(index.internalId() - 1)];
    if (section == Section::Unpushed)
        return commitData(m_changes.unpushed[std::size_t(index.row())], index.column(), role);
    return fileData(m_changes.files[std::size_t(index.row())], index.column(), role);
}

QVariant LocalChangesModel::sectionData(Section section, int column, int role) const {
    if (role == Qt::FontRole) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role != Qt::DisplayRole || column != StatusColumn)
        return {};
    if (section == Section::Unpushed)
        return tr("Unpushed commits (%1)").arg(m_changes.ahead);
    return m_changes.filesTruncated ? tr("Changed files (%1+, list truncated)").arg(m_changes.files.size())
                                    : tr("Changed files (%1)").arg(m_changes.files.size());
}

QVariant LocalChangesModel::commitData(const git::CommitSummary& commit, int column, int role) const {
    if (role == CommitIdRole)
        return commit.id.toHex();
    if (column == StatusColumn) {
        if (role == Qt::DisplayRole)
            return commit.id.shortHex(8);
        if (role == Qt::FontRole)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (role == Qt::ToolTipRole)
            return commit.id.toHex();
        return {};
    }
    if (role == Qt::DisplayRole)
        return commit.summary;
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1\n%2 <%3>, %4")
            .arg(commit.summary, commit.author.name, commit.author.email,
                 fullTimeText(commit.author.time, commit.author.offsetMinutes));
    return {};
}

QVariant LocalChangesModel::fileData(const git::StatusEntry& entry, int column, int role) const {
    if (role == PathRole)
        return entry.path;
    if (column == StatusColumn) {
        if (role == Qt::DisplayRole)
            return QString(QString(QLatin1Char(entry.index)) + QLatin1Char(entry.workTree));
        if (role == Qt::FontRole)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (role == Qt::ToolTipRole)
            return tr("staged: %1\nworking tree: %2").arg(statusText(entry.index), statusText(entry.workTree));
        return {};
    }
    if (role == Qt::DisplayRole)
        return entry.oldPath.isEmpty() ? entry.path : QString(entry.oldPath + QStringLiteral(" → ") + entry.path);
    if (role == Qt::ToolTipRole)
        return entry.path;
    return {};
}

QVariant LocalChangesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == StatusColumn ? tr("Status") : tr("Path / summary");
}

} // namespace syncline::models
