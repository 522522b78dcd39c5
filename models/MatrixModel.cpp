#include "MatrixModel.h"

namespace syncline::models {

using reconcile::MatrixCell;

MatrixModel::MatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

int MatrixModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_matrix.rowCount(); }

int MatrixModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_matrix.columnCount(); }

QVariant MatrixModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    switch (role) {
    case ApplicationRole:
        return m_matrix.applications()[index.row()];
    case EnvironmentRole:
        return m_matrix.environments()[index.column()];
    case RowQuietRole:
        return m_matrix.rowAllSame(index.row());
    default:
        break;
    }
    const MatrixCell* cell = m_matrix.cell(index.row(), index.column());
    if (!cell) {
        if (role == PresentRole)
            return false;
        if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
            return tr("%1 does not run in %2").arg(m_matrix.applications()[index.row()], m_matrix.environments()[index.column()]);
        return {};
    }
    return cellData(*cell, index, role);
}

QVariant MatrixModel::cellData(const MatrixCell& cell, const QModelIndex& index, int role) const {
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return cellText(cell);
    case Qt::ToolTipRole:
        return cellToolTip(cell, m_matrix.applications()[index.row()], m_matrix.environments()[index.column()]);
    case UnitRole:
        return cell.unit;
    case PresentRole:
        return true;
    case KnownRole:
        return cell.known();
    case RevisionRole:
        return cell.deployed();
    case ShortRevisionRole:
        return cell.deployed().left(7);
    case RevisionSummaryRole:
        return cell.snapshot && cell.snapshot->deployed ? cell.snapshot->deployed->summary : QString();
    case ImagesRole:
        return cell.images;
    case ChartsRole:
        return cell.charts;
    case DriftedRole:
        return cell.drifted;
    case DiffersFromLeftRole:
        return cell.differsFromLeft;
    default:
        return statusData(cell, role);
    }
}

// Sync, health and error: Unknown while the unit is unread.
QVariant MatrixModel::statusData(const MatrixCell& cell, int role) {
    const auto sync = cell.snapshot ? cell.snapshot->sync : health::SyncStatus::Unknown;
    const auto health = cell.snapshot ? cell.snapshot->health.health : health::Health::Unknown;
    switch (role) {
    case SyncStatusRole:
        return int(sync);
    case SyncTextRole:
        return health::syncStatusName(sync);
    case HealthRole:
        return int(health);
    case HealthTextRole:
        return health::healthName(health);
    case HealthMessageRole:
        return cell.snapshot ? cell.snapshot->health.message : QString();
    case ErrorRole:
        return cell.snapshot && cell.snapshot->error ? cell.snapshot->error->toString() : QString();
    default:
        return {};
    }
}

QString MatrixModel::cellText(const MatrixCell& cell) {
    if (!cell.known())
        return tr("not read yet");
    QStringList parts{health::syncStatusName(cell.snapshot->sync), health::healthName(cell.snapshot->health.health),
                      cell.deployed().isEmpty() ? tr("no deployed revision") : cell.deployed().left(7)};
    parts += cell.images;
    parts += cell.charts;
    if (cell.drifted > 0)
        parts << tr("%n drifted", nullptr, cell.drifted);
    if (cell.differsFromLeft)
        parts << tr("differs from the environment on its left");
    return parts.join(QStringLiteral(" · "));
}

QString MatrixModel::cellToolTip(const MatrixCell& cell, const QString& application, const QString& environment) {
    QStringList lines{tr("%1 in %2 (%3)").arg(application, environment, cell.unit)};
    if (!cell.known())
        return (lines << tr("Not read from the cluster yet.")).join(QLatin1Char('\n'));
    const auto& snapshot = *cell.snapshot;
    if (snapshot.deployed)
        lines << tr("Deployed: %1 %2").arg(cell.deployed(), snapshot.deployed->summary).trimmed();
    else
        lines << tr("Deployed: unknown (the cluster records no revision)");
    for (const QString& image : cell.images)
        lines << tr("Image: %1").arg(image);
    for (const QString& chart : cell.charts)
        lines << tr("Chart: %1").arg(chart);
    lines << tr("%1 · %2").arg(health::syncStatusName(snapshot.sync), health::healthName(snapshot.health.health));
    if (!snapshot.health.message.isEmpty())
        lines << snapshot.health.message;
    if (cell.drifted > 0)
        lines << (cell.drifted == 1 ? tr("1 object drifted from Git") : tr("%1 objects drifted from Git").arg(cell.drifted));
    if (cell.differsFromLeft)
        lines << tr("Differs from the environment on its left (revision or images).");
    if (snapshot.error)
        lines << tr("Error: %1").arg(snapshot.error->toString());
    return lines.join(QLatin1Char('\n'));
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (orientation == Qt::Horizontal && section >= 0 && section < columnCount())
        return m_matrix.environments()[section];
    if (orientation == Qt::Vertical && section >= 0 && section < rowCount())
        return m_matrix.applications()[section];
    return {};
}

Qt::ItemFlags MatrixModel::flags(const QModelIndex& index) const {
    if (!index.isValid() || !m_matrix.cell(index.row(), index.column()))
        return Qt::NoItemFlags; // the application does not run there: nothing to select
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

void MatrixModel::setEnvironments(const workspace::WorkspaceConfig& config, const QString& oneRowName) {
    reconcile::EnvironmentMatrix matrix(config, oneRowName);
    if (sameShape(matrix, m_matrix))
        return;
    beginResetModel();
    m_matrix = std::move(matrix);
    endResetModel();
}

void MatrixModel::clear() {
    if (m_matrix.rowCount() == 0 && m_matrix.columnCount() == 0)
        return;
    beginResetModel();
    m_matrix = {};
    endResetModel();
}

void MatrixModel::applySnapshot(const reconcile::SnapshotPtr& snapshot) {
    const auto change = m_matrix.apply(snapshot);
    if (!change)
        return;
    Q_EMIT dataChanged(index(change->row, change->firstColumn), index(change->row, change->lastColumn));
}

QModelIndex MatrixModel::indexOf(const QString& unit) const {
    const auto position = m_matrix.positionOf(unit);
    return position ? index(position->row, position->column) : QModelIndex();
}

QString MatrixModel::unitAt(const QModelIndex& index) const {
    const MatrixCell* cell = index.isValid() ? m_matrix.cell(index.row(), index.column()) : nullptr;
    return cell ? cell->unit : QString();
}

bool MatrixModel::sameShape(const reconcile::EnvironmentMatrix& a, const reconcile::EnvironmentMatrix& b) {
    if (a.applications() != b.applications() || a.environments() != b.environments())
        return false;
    for (int row = 0; row < a.rowCount(); ++row)
        for (int column = 0; column < a.columnCount(); ++column) {
            const MatrixCell* left = a.cell(row, column);
            const MatrixCell* right = b.cell(row, column);
            if (bool(left) != bool(right) || (left && left->unit != right->unit))
                return false;
        }
    return true;
}

} // namespace syncline::models
