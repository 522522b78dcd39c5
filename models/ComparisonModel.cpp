#include "ComparisonModel.h"

#include <QColor>
#include <QStringList>

namespace syncline::models {

namespace {

using diff::ResourceState;

QString sideText(const std::optional<manifest::ResourceKey>& key) {
    if (!key)
        return QStringLiteral("—");
    return key->namespaceName.isEmpty() ? key->name : key->namespaceName + QLatin1Char('/') + key->name;
}

QString resourceText(const manifest::ResourceKey& key) {
    const QString kind = key.group.isEmpty() ? key.kind : key.kind + QLatin1Char('.') + key.group;
    return kind + QLatin1Char(' ') + key.name;
}

} // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

int ComparisonModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ComparisonModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const diff::ResourceDiff* ComparisonModel::resourceAt(int row) const {
    if (!m_snapshot || row < 0 || std::size_t(row) >= m_rows.size())
        return nullptr;
    return &m_snapshot->result.resources[m_rows[std::size_t(row)]];
}

int ComparisonModel::rowOf(const manifest::ResourceKey& key) const {
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        if (m_snapshot->result.resources[m_rows[row]].key == key)
            return int(row);
    return -1;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
    const diff::ResourceDiff* resource = resourceAt(index.row());
    if (!resource || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case StateRole:
        return int(resource->state);
    case ChangeCountRole:
        return int(resource->changes.size());
    case Qt::DisplayRole:
        switch (index.column()) {
        case ResourceColumn:
            return resourceText(resource->key);
        case LeftColumn:
            return sideText(resource->leftKey);
        case RightColumn:
            return sideText(resource->rightKey);
        case StateColumn:
            if (resource->state == ResourceState::Modified)
                return tr("Modified (%1)").arg(resource->changes.size());
            return stateText(resource->state);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ResourceColumn)
            return resource->key.toString();
        if (index.column() == StateColumn && resource->state == ResourceState::Modified)
            return tr("%n field(s) differ", nullptr, int(resource->changes.size()));
        return {};
    case Qt::ForegroundRole:
        if (index.column() != StateColumn)
            return {};
        switch (resource->state) {
        case ResourceState::Same:
            return QColor(0x6e, 0x77, 0x81);
        case ResourceState::Modified:
            return QColor(0x9a, 0x67, 0x00);
        case ResourceState::Missing:
            return QColor(0xcf, 0x22, 0x2e); // left's colour in the side-by-side view
        case ResourceState::Extra:
            return QColor(0x1a, 0x7f, 0x37); // right's colour
        }
        return {};
    default:
        return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceColumn:
        return tr("Resource");
    case LeftColumn:
        return m_snapshot ? sideName(true) : tr("Left");
    case RightColumn:
        return m_snapshot ? sideName(false) : tr("Right");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

QString ComparisonModel::sideName(bool left) const {
    if (!m_snapshot)
        return left ? tr("left") : tr("right");
    const ComparisonRequest& request = m_snapshot->request;
    const QString env = left ? request.leftEnvironment : request.rightEnvironment;
    const QString revision = left ? request.leftRevision : request.rightRevision;
    return revision.isEmpty() ? env : env + QStringLiteral(" @ ") + revision;
}

QString ComparisonModel::stateText(diff::ResourceState state) const {
    switch (state) {
    case ResourceState::Missing:
        return tr("Only in %1").arg(sideName(true));
    case ResourceState::Extra:
        return tr("Only in %1").arg(sideName(false));
    case ResourceState::Same:
    case ResourceState::Modified:
        break;
    }
    return diff::stateName(state);
}

void ComparisonModel::setSnapshot(std::shared_ptr<const ComparisonSnapshot> snapshot) {
    beginResetModel();
    m_snapshot = std::move(snapshot);
    rebuildRows();
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ComparisonModel::clear() { setSnapshot(nullptr); }

void ComparisonModel::setHideSame(bool hide) {
    if (hide == m_hideSame)
        return;
    beginResetModel();
    m_hideSame = hide;
    rebuildRows();
    endResetModel();
}

void ComparisonModel::rebuildRows() {
    m_rows.clear();
    if (!m_snapshot)
        return;
    const auto& resources = m_snapshot->result.resources;
    m_rows.reserve(resources.size());
    for (std::size_t i = 0; i < resources.size(); ++i)
        if (!m_hideSame || resources[i].state != ResourceState::Same)
            m_rows.push_back(i);
}

std::size_t ComparisonModel::count(diff::ResourceState state) const { return m_snapshot ? m_snapshot->result.count(state) : 0; }

QString ComparisonModel::countsText() const {
    if (!m_snapshot)
        return {};
    QStringList parts;
    for (ResourceState state : {ResourceState::Modified, ResourceState::Missing, ResourceState::Extra, ResourceState::Same}) {
        const std::size_t n = count(state);
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(state == ResourceState::Modified || state == ResourceState::Same
                                                            ? stateText(state).toLower()
                                                            : stateText(state).replace(0, 1, QLatin1Char('o')));
    }
    if (parts.isEmpty())
        return tr("no resources on either side");
    return parts.join(QStringLiteral(" · "));
}

} // namespace syncline::models
