#include "ResourceDiffModel.h"

#include "StatusColors.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>

namespace syncline::models {

using diff::ResourceState;
using reconcile::ResourceStatus;

namespace {

// Whether two statuses of the same key read differently.
bool differs(const ResourceStatus& a, const ResourceStatus& b) {
    return a.diff.state != b.diff.state || a.health != b.health || a.owned != b.owned ||
           a.diff.unifiedDiff != b.diff.unifiedDiff || a.diff.left != b.diff.left || a.diff.right != b.diff.right;
}

QString stateDescription(const ResourceStatus& status) {
    switch (status.diff.state) {
    case ResourceState::Modified:
        return QCoreApplication::translate("ResourceDiffModel", "Live differs from Git: Sync applies the desired fields.");
    case ResourceState::Missing:
        return QCoreApplication::translate("ResourceDiffModel", "In Git, not on the cluster: Sync creates it.");
    case ResourceState::Extra:
        return status.owned
                   ? QCoreApplication::translate("ResourceDiffModel",
                                                 "On the cluster, no longer in Git: a prune candidate (Syncline applied it).")
                   : QCoreApplication::translate("ResourceDiffModel",
                                                 "On the cluster, not in Git, not applied by Syncline: never pruned.");
    case ResourceState::Same:
        break;
    }
    return QCoreApplication::translate("ResourceDiffModel", "Live matches Git.");
}

} // namespace

ResourceDiffModel::ResourceDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

int ResourceDiffModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ResourceDiffModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const ResourceStatus* ResourceDiffModel::resourceAt(int row) const {
    return row >= 0 && row < rowCount() ? m_rows[std::size_t(row)] : nullptr;
}

int ResourceDiffModel::rowOf(const manifest::ResourceKey& key) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), key,
                               [](const ResourceStatus* status, const manifest::ResourceKey& k) { return status->diff.key < k; });
    return it != m_rows.end() && (*it)->diff.key == key ? int(it - m_rows.begin()) : -1;
}

QVariant ResourceDiffModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResourceStatus& status = *m_rows[std::size_t(index.row())];
    const manifest::ResourceKey& key = status.diff.key;
    switch (role) {
    case KeyTextRole:
        return key.toString();
    case StateRole:
        return int(status.diff.state);
    case HealthRole:
        return int(status.health.health);
    case HealthMessageRole:
        return status.health.message;
    case OwnedRole:
        return status.owned;
    case KindRole:
        return key.kind;
    case NamespaceRole:
        return key.namespaceName;
    case NameRole:
        return key.name;
    default:
        break;
    }
    switch (index.column()) {
    case ResourceColumn:
        if (role == Qt::DisplayRole)
            return key.toString();
        if (role == Qt::CheckStateRole)
            return m_checked.count(key) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return QString(key.toString() + QLatin1Char('\n') + stateDescription(status));
        break;
    case StateColumn:
        if (role == Qt::DisplayRole) {
            if (status.diff.state == ResourceState::Extra && status.owned)
                return tr("Extra (prune)");
            return diff::stateName(status.diff.state);
        }
        if (role == Qt::ForegroundRole)
            return resourceStateColor(status.diff.state);
        if (role == Qt::ToolTipRole)
            return stateDescription(status);
        break;
    case HealthColumn:
        if (role == Qt::DisplayRole)
            return health::healthName(status.health.health);
        if (role == Qt::ForegroundRole)
            return healthColor(status.health.health);
        if (role == Qt::ToolTipRole && !status.health.message.isEmpty())
            return status.health.message;
        break;
    default:
        break;
    }
    return {};
}

bool ResourceDiffModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || index.column() != ResourceColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    setChecked(m_rows[std::size_t(index.row())]->diff.key, value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags ResourceDiffModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ResourceColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant ResourceDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceColumn:
        return tr("Resource");
    case StateColumn:
        return tr("State");
    case HealthColumn:
        return tr("Health");
    default:
        return {};
    }
}

bool ResourceDiffModel::listed(const ResourceStatus& status) const {
    return m_showSame || status.diff.state != ResourceState::Same;
}

void ResourceDiffModel::setSnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (snapshot && m_snapshot && snapshot->environment == m_snapshot->environment)
        merge(snapshot);
    else
        rebuild(snapshot);
}

void ResourceDiffModel::setShowSame(bool show) {
    if (show == m_showSame)
        return;
    m_showSame = show;
    // Same rows come and go; the others stay and keep their selection.
    if (m_snapshot)
        merge(m_snapshot);
}

void ResourceDiffModel::rebuild(const reconcile::SnapshotPtr& snapshot) {
    beginResetModel();
    m_snapshot = snapshot;
    m_rows.clear();
    const bool hadChecked = !m_checked.empty();
    m_checked.clear();
    if (snapshot)
        for (const ResourceStatus& status : snapshot->resources)
            if (listed(status))
                m_rows.push_back(&status);
    std::sort(m_rows.begin(), m_rows.end(),
              [](const ResourceStatus* a, const ResourceStatus* b) { return a->diff.key < b->diff.key; });
    endResetModel();
    if (hadChecked)
        Q_EMIT checkedChanged();
}

void ResourceDiffModel::merge(const reconcile::SnapshotPtr& snapshot) {
    std::vector<const ResourceStatus*> wanted;
    for (const ResourceStatus& status : snapshot->resources)
        if (listed(status))
            wanted.push_back(&status);
    std::sort(wanted.begin(), wanted.end(),
              [](const ResourceStatus* a, const ResourceStatus* b) { return a->diff.key < b->diff.key; });
    const reconcile::SnapshotPtr keepAlive = m_snapshot; // old rows point into it until replaced
    m_snapshot = snapshot;

    // Both lists are sorted by key: walk them together. Rows only in the old list go,
    // rows only in the new one come, rows in both are replaced (and announced when they
    // read differently).
    bool checkedDropped = false;
    std::size_t row = 0, next = 0;
    while (row < m_rows.size() || next < wanted.size()) {
        const bool oldOnly = next == wanted.size() || (row < m_rows.size() && m_rows[row]->diff.key < wanted[next]->diff.key);
        const bool newOnly = row == m_rows.size() || (next < wanted.size() && wanted[next]->diff.key < m_rows[row]->diff.key);
        if (oldOnly) {
            std::size_t end = row + 1; // a run of removed rows in one go
            while (end < m_rows.size() && (next == wanted.size() || m_rows[end]->diff.key < wanted[next]->diff.key))
                ++end;
            beginRemoveRows({}, int(row), int(end) - 1);
            for (std::size_t i = row; i < end; ++i)
                checkedDropped |= m_checked.erase(m_rows[i]->diff.key) > 0;
            m_rows.erase(m_rows.begin() + qsizetype(row), m_rows.begin() + qsizetype(end));
            endRemoveRows();
        } else if (newOnly) {
            std::size_t end = next + 1;
            while (end < wanted.size() && (row == m_rows.size() || wanted[end]->diff.key < m_rows[row]->diff.key))
                ++end;
            beginInsertRows({}, int(row), int(row + (end - next)) - 1);
            m_rows.insert(m_rows.begin() + qsizetype(row), wanted.begin() + qsizetype(next), wanted.begin() + qsizetype(end));
            endInsertRows();
            row += end - next;
            next = end;
        } else {
            const bool changed = differs(*m_rows[row], *wanted[next]);
            m_rows[row] = wanted[next];
            if (changed)
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            ++row;
            ++next;
        }
    }
    if (checkedDropped)
        Q_EMIT checkedChanged();
}

std::vector<manifest::ResourceKey> ResourceDiffModel::checkedKeys() const {
    std::vector<manifest::ResourceKey> keys;
    for (const ResourceStatus* status : m_rows)
        if (m_checked.count(status->diff.key))
            keys.push_back(status->diff.key);
    return keys;
}

void ResourceDiffModel::setChecked(const manifest::ResourceKey& key, bool checked) {
    const int row = rowOf(key);
    if (row < 0)
        return;
    const bool changed = checked ? m_checked.insert(key).second : m_checked.erase(key) > 0;
    if (!changed)
        return;
    const QModelIndex cell = index(row, ResourceColumn);
    Q_EMIT dataChanged(cell, cell, {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
}

void ResourceDiffModel::setAllChecked(bool checked) {
    if (m_rows.empty())
        return;
    bool changed = false;
    for (const ResourceStatus* status : m_rows)
        changed |= checked ? m_checked.insert(status->diff.key).second : m_checked.erase(status->diff.key) > 0;
    if (!changed)
        return;
    Q_EMIT dataChanged(index(0, ResourceColumn), index(rowCount() - 1, ResourceColumn), {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
}

QString ResourceDiffModel::countsText(const reconcile::EnvironmentSnapshot& snapshot) {
    QStringList parts;
    for (ResourceState state : {ResourceState::Modified, ResourceState::Missing, ResourceState::Extra})
        if (const std::size_t n = snapshot.count(state))
            parts << QStringLiteral("%1 %2").arg(n).arg(diff::stateName(state));
    if (parts.isEmpty())
        return tr("In sync: %n resource(s) match Git", nullptr, int(snapshot.count(ResourceState::Same)));
    return parts.join(QStringLiteral(" · "));
}

QString ResourceDiffModel::countsText() const { return m_snapshot ? countsText(*m_snapshot) : QString(); }

} // namespace syncline::models
