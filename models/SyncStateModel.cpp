#include "SyncStateModel.h"

#include "EnvironmentListModel.h"
#include "StatusColors.h"
#include "TimeText.h"
#include "kube/ApiStatus.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>
#include <QSet>

#include <map>

namespace syncline::models {

using reconcile::ClusterReachability;

namespace {

QString environmentDetail(const workspace::Environment& env) {
    QStringList parts{env.path.isEmpty() ? QStringLiteral(".") : env.path, workspace::rendererName(env.renderer)};
    if (!env.defaultNamespace.isEmpty())
        parts << QCoreApplication::translate("SyncStateModel", "ns %1").arg(env.defaultNamespace);
    // Not the mode: the card's cluster line ends with it, and a narrow pane needs the room.
    return parts.join(QStringLiteral(" · "));
}

// Cut at a word boundary when there is one in the second half, so no word is cut in two.
QString elided(const QString& text, int chars) {
    if (text.size() <= chars)
        return text;
    QString cut = text.left(std::max(1, chars - 1));
    if (const qsizetype space = cut.lastIndexOf(QLatin1Char(' ')); space > cut.size() / 2)
        cut.truncate(space);
    return cut.trimmed() + QStringLiteral("…");
}

} // namespace

SyncStateModel::SyncStateModel(QObject* parent) : QAbstractTableModel(parent) {}

int SyncStateModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int SyncStateModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString SyncStateModel::reachabilityText(ClusterReachability reachability) {
    switch (reachability) {
    case ClusterReachability::Reachable:
        return tr("reachable");
    case ClusterReachability::Unauthorized:
        return tr("not authorized");
    case ClusterReachability::Unreachable:
        return tr("unreachable");
    case ClusterReachability::NotConfigured:
        return tr("not configured");
    case ClusterReachability::Unknown:
        break;
    }
    return tr("not read yet");
}

QString SyncStateModel::deployedText(const reconcile::DeployedRevision& deployed, const QDateTime& now, int summaryChars) {
    QString text = deployed.commit.isNull() ? tr("unknown revision") : deployed.commit.shortHex();
    if (!deployed.summary.isEmpty())
        text += QLatin1Char(' ') + elided(deployed.summary, summaryChars);
    if (deployed.since.isValid())
        text += tr(" since ") + sinceTimeText(deployed.since, now);
    return text;
}

QDateTime SyncStateModel::now() const { return m_now.isValid() ? m_now : QDateTime::currentDateTime(); }

void SyncStateModel::setNow(const QDateTime& now) {
    m_now = now;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QVariant SyncStateModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (row.group)
        return index.column() == EnvironmentColumn || role >= EnvironmentRole ? groupData(row, role) : QVariant();
    if (role >= EnvironmentRole)
        return roleData(row, role);
    const reconcile::EnvironmentSnapshot* snap = row.snapshot.get();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case Qt::ForegroundRole:
        if (!snap)
            return index.column() == EnvironmentColumn ? QVariant()
                                                       : QVariant(QGuiApplication::palette().color(QPalette::PlaceholderText));
        if (index.column() == SyncColumn)
            return syncStatusColor(snap->sync);
        if (index.column() == HealthColumn)
            return healthColor(snap->health.health);
        if (index.column() == ErrorColumn || (index.column() == ClusterColumn && snap->cluster.insecure))
            return errorColor();
        return {};
    case Qt::FontRole:
        if (index.column() == EnvironmentColumn) {
            QFont bold = QGuiApplication::font();
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant SyncStateModel::displayData(const Row& row, int column) const {
    const reconcile::EnvironmentSnapshot* snap = row.snapshot.get();
    switch (column) {
    case EnvironmentColumn:
        // Under its environment's header a unit is its application ("web", not "web-staging").
        return m_grouped ? row.environment.applicationName() : row.environment.name;
    case ModeColumn:
        return workspace::modeName(row.environment.mode);
    case ClusterColumn: {
        QString name = snap ? snap->cluster.name : row.environment.cluster.context;
        if (name.isEmpty())
            name = snap && !snap->cluster.server.isEmpty() ? snap->cluster.server : tr("current context");
        if (snap && snap->cluster.reachability != ClusterReachability::Reachable &&
            snap->cluster.reachability != ClusterReachability::Unknown)
            name += QStringLiteral(" · ") + reachabilityText(snap->cluster.reachability);
        if ((snap && snap->cluster.insecure) || row.environment.cluster.insecure)
            name += tr(" ⚠ insecure");
        return name;
    }
    default:
        break;
    }
    if (!snap)
        return column == SyncColumn ? tr("not read yet") : QString();
    switch (column) {
    case SyncColumn:
        return row.syncing || snap->syncing ? tr("Syncing…") : health::syncStatusName(snap->sync);
    case HealthColumn:
        return health::healthName(snap->health.health);
    case DeployedColumn:
        return snap->deployed ? deployedText(*snap->deployed, now()) : tr("not deployed by Syncline");
    case BehindColumn:
        if (snap->commitsBehind < 0)
            return QString();
        return snap->commitsBehind == 0 ? tr("up to date") : tr("%1 behind").arg(snap->commitsBehind);
    case ErrorColumn: {
        const QString error = snap->error ? snap->error->toString() : QString();
        if (!snap->stale)
            return error;
        return error.isEmpty() ? tr("Stale: showing the last known state")
                               : tr("%1 (stale: showing the last known state)").arg(error);
    }
    default:
        return {};
    }
}

QVariant SyncStateModel::toolTip(const Row& row, int column) const {
    const reconcile::EnvironmentSnapshot* snap = row.snapshot.get();
    switch (column) {
    case EnvironmentColumn:
        return QString(environmentDetail(row.environment) + QStringLiteral(" · ") + workspace::modeName(row.environment.mode));
    case ClusterColumn: {
        QStringList lines;
        const QString server = snap ? snap->cluster.server : QString();
        lines << (server.isEmpty() ? tr("Server not known yet") : server);
        const QString kubeconfig = row.environment.cluster.kubeconfig;
        lines << tr("kubeconfig: %1, context: %2")
                     .arg(kubeconfig.isEmpty() ? tr("$KUBECONFIG or ~/.kube/config") : kubeconfig,
                          row.environment.cluster.context.isEmpty() ? tr("current") : row.environment.cluster.context);
        if (snap)
            lines << tr("Cluster: %1").arg(reachabilityText(snap->cluster.reachability));
        if ((snap && snap->cluster.insecure) || row.environment.cluster.insecure)
            lines << tr("⚠ TLS verification is off for this cluster: anyone between you and the "
                        "server can read and change what Syncline sends and sees.");
        return lines.join(QLatin1Char('\n'));
    }
    case HealthColumn:
        if (snap && !snap->health.message.isEmpty())
            return snap->health.message;
        return {};
    case DeployedColumn:
        if (snap && snap->deployed) {
            const auto& d = *snap->deployed;
            QString tip = d.commit.toHex();
            if (!d.summary.isEmpty())
                tip += QLatin1Char('\n') + d.summary;
            if (d.since.isValid())
                tip += tr("\napplied %1").arg(d.since.toLocalTime().toString(Qt::ISODate));
            if (!d.user.isEmpty())
                tip += tr(" by %1").arg(d.user);
            if (!snap->targetRevision.isNull())
                tip += tr("\ntarget: %1 %2").arg(snap->targetRevision.shortHex(), snap->targetSummary);
            return tip;
        }
        return {};
    case ErrorColumn: {
        QStringList lines;
        if (snap && snap->error)
            lines << snap->error->toString();
        if (snap)
            for (const QString& warning : snap->warnings)
                lines << QStringLiteral("⚠ ") + warning;
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    default:
        return {};
    }
}

QVariant SyncStateModel::roleData(const Row& row, int role) const {
    const reconcile::EnvironmentSnapshot* snap = row.snapshot.get();
    switch (role) {
    case EnvironmentRole:
        return row.environment.name;
    case SnapshotRole:
        return QVariant::fromValue(row.snapshot);
    case HasSnapshotRole:
        return snap != nullptr;
    case ModeRole:
        return workspace::modeName(row.environment.mode);
    case DetailRole:
        return environmentDetail(row.environment);
    case SyncingRole:
        return row.syncing || (snap && snap->syncing);
    case ClusterNameRole:
        return displayData(row, ClusterColumn);
    case InsecureRole:
        return row.environment.cluster.insecure || (snap && snap->cluster.insecure);
    case DeployedTextRole:
        return displayData(row, DeployedColumn);
    case ErrorRole:
        return displayData(row, ErrorColumn);
    case IsGroupRole:
        return false;
    case GroupRollupRole:
        return QString();
    case PlaceRole:
        return row.environment.environmentName();
    case ApplicationRole:
        return row.environment.applicationName();
    case StatusTextRole: {
        if (!snap)
            return row.syncing ? tr("Syncing…") : QString();
        const QString sync = displayData(row, SyncColumn).toString();
        return QString(sync + QStringLiteral(" · ") + health::healthName(snap->health.health));
    }
    default:
        break;
    }
    if (!snap)
        return role == CommitsBehindRole ? QVariant(-1) : QVariant();
    switch (role) {
    case SyncStatusRole:
        return int(snap->sync);
    case HealthRole:
        return int(snap->health.health);
    case HealthMessageRole:
        return snap->health.message;
    case ReachabilityRole:
        return int(snap->cluster.reachability);
    case ClusterServerRole:
        return snap->cluster.server;
    case DeployedCommitRole:
        return snap->deployed ? snap->deployed->commit.toHex() : QString();
    case DeployedSinceRole:
        return snap->deployed ? snap->deployed->since : QDateTime();
    case TargetCommitRole:
        return snap->targetRevision.isNull() ? QString() : snap->targetRevision.toHex();
    case CommitsBehindRole:
        return snap->commitsBehind;
    case StaleRole:
        return snap->stale;
    case NeedsTrustRole:
        return snap->error && snap->error->code == util::ErrorCode::ConsentRequired;
    case NeedsTokenRole:
        return snap->error && kube::refusedCredentials(*snap->error);
    case WarningsRole:
        return QStringList(snap->warnings.begin(), snap->warnings.end());
    case AutomationHeldRole:
        if (snap->autoSyncHeld)
            return tr("auto-sync off until you allow it");
        if (snap->pruneHeld)
            return tr("prune off until you allow it");
        return QString();
    default:
        return {};
    }
}

// A header row: the environment's roll-up, and nothing a unit has.
QVariant SyncStateModel::groupData(const Row& row, int role) const {
    const QString& place = row.environment.place;
    switch (role) {
    case Qt::DisplayRole:
    case GroupRollupRole:
        return rollupText(place);
    case Qt::ToolTipRole: {
        QStringList applications;
        for (const Row& unit : m_rows)
            if (!unit.group && unit.environment.environmentName() == place)
                applications << unit.environment.applicationName();
        return tr("%1\nApplications: %2").arg(rollupText(place), applications.join(QStringLiteral(", ")));
    }
    case Qt::FontRole: {
        QFont bold = QGuiApplication::font();
        bold.setBold(true);
        return bold;
    }
    case IsGroupRole:
        return true;
    case PlaceRole:
        return place;
    case EnvironmentRole:
    case ApplicationRole:
        return QString();
    case HealthRole: { // the worst of its applications that were read
        const Rollup rollup = rollupOf(place);
        return rollup.unread == rollup.units ? QVariant() : QVariant(int(rollup.worstHealth));
    }
    case HasSnapshotRole:
    case SyncingRole:
        return false;
    case CommitsBehindRole:
        return -1;
    default:
        return {};
    }
}

SyncStateModel::Rollup SyncStateModel::rollupOf(const QString& place) const {
    Rollup rollup;
    for (const Row& row : m_rows) {
        if (row.group || row.environment.environmentName() != place)
            continue;
        ++rollup.units;
        if (row.syncing || (row.snapshot && row.snapshot->syncing))
            ++rollup.syncing;
        if (!row.snapshot) {
            ++rollup.unread;
            continue;
        }
        ++rollup.statuses[row.snapshot->sync];
        rollup.worstHealth = health::worst(rollup.worstHealth, row.snapshot->health.health);
    }
    return rollup;
}

QString SyncStateModel::rollupText(const QString& place) const {
    const Rollup rollup = rollupOf(place);
    QStringList parts{place, rollup.units == 1 ? tr("1 application") : tr("%1 applications").arg(rollup.units)};
    if (rollup.unread == rollup.units) {
        parts << tr("not read yet");
    } else {
        QStringList counts;
        for (const auto& [status, count] : rollup.statuses)
            counts << QStringLiteral("%1 %2").arg(count).arg(health::syncStatusName(status));
        if (rollup.unread > 0)
            counts << tr("%1 not read yet").arg(rollup.unread);
        parts << counts.join(QStringLiteral(", ")) << health::healthName(rollup.worstHealth);
    }
    if (rollup.syncing > 0)
        parts << tr("%1 syncing…").arg(rollup.syncing);
    return parts.join(QStringLiteral(" · "));
}

Qt::ItemFlags SyncStateModel::flags(const QModelIndex& index) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    // A header is never current or selected as if it were a unit: views pass over it with the
    // keyboard and the mouse (its ⋯ menu is the delegate's).
    return m_rows[std::size_t(index.row())].group ? Qt::NoItemFlags : QAbstractTableModel::flags(index);
}

QVariant SyncStateModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EnvironmentColumn:
        return tr("Environment");
    case ClusterColumn:
        return tr("Cluster");
    case ModeColumn:
        return tr("Mode");
    case SyncColumn:
        return tr("Sync");
    case HealthColumn:
        return tr("Health");
    case DeployedColumn:
        return tr("Deployed");
    case BehindColumn:
        return tr("Behind");
    case ErrorColumn:
        return tr("Last error");
    default:
        return {};
    }
}

// v2: each environment's header, then its applications; v1: the environments.
std::vector<SyncStateModel::Row> SyncStateModel::rowsOf(const workspace::WorkspaceConfig& config) {
    std::vector<Row> rows;
    if (!config.hasApplications()) {
        for (const workspace::Environment& env : config.environments)
            rows.push_back(Row{env, {}, false, false});
        return rows;
    }
    QSet<QString> placed;
    for (const QString& place : config.environmentNames()) {
        workspace::Environment header;
        header.place = place;
        rows.push_back(Row{header, {}, false, true});
        for (const workspace::Environment* env : config.unitsOf(place)) {
            rows.push_back(Row{*env, {}, false, false});
            placed.insert(env->name);
        }
    }
    for (const workspace::Environment& env : config.environments) // a unit of no known place is still shown
        if (!placed.contains(env.name))
            rows.push_back(Row{env, {}, false, false});
    return rows;
}

bool SyncStateModel::sameShape(const std::vector<Row>& a, const std::vector<Row>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Row& x, const Row& y) {
        return x.group == y.group && x.environment.name == y.environment.name && x.environment.place == y.environment.place;
    });
}

void SyncStateModel::setEnvironments(const workspace::WorkspaceConfig& config) {
    std::vector<Row> rows = rowsOf(config);
    m_grouped = config.hasApplications();
    if (sameShape(rows, m_rows)) {
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].group || m_rows[i].environment == rows[i].environment)
                continue;
            m_rows[i].environment = rows[i].environment;
            unitChanged(int(i));
        }
        return;
    }
    beginResetModel();
    for (Row& row : rows) {
        if (const int old = row.group ? -1 : rowOf(row.environment.name); old >= 0) {
            row.snapshot = m_rows[std::size_t(old)].snapshot;
            row.syncing = m_rows[std::size_t(old)].syncing;
        }
    }
    m_rows = std::move(rows);
    endResetModel();
}

void SyncStateModel::clear() {
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    m_grouped = false;
    endResetModel();
}

void SyncStateModel::applySnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot)
        return;
    const int row = rowOf(snapshot->environment);
    if (row < 0)
        return;
    Row& entry = m_rows[std::size_t(row)];
    if (entry.snapshot && entry.snapshot->isNewerThan(*snapshot))
        return; // a late delivery of an older cycle (or of an engine replaced since)
    entry.snapshot = snapshot;
    entry.syncing = snapshot->syncing;
    unitChanged(row);
    Q_EMIT environmentUpdated(snapshot->environment);
}

void SyncStateModel::setSyncing(const QString& environment, bool syncing) {
    const int row = rowOf(environment);
    if (row < 0 || m_rows[std::size_t(row)].syncing == syncing)
        return;
    m_rows[std::size_t(row)].syncing = syncing;
    unitChanged(row);
}

void SyncStateModel::rowChanged(int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); }

void SyncStateModel::unitChanged(int row) {
    rowChanged(row);
    if (const int header = groupRowOf(placeAt(row)); header >= 0)
        rowChanged(header);
}

int SyncStateModel::rowOf(const QString& environment) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (!m_rows[i].group && m_rows[i].environment.name == environment)
            return int(i);
    return -1;
}

QString SyncStateModel::environmentAt(int row) const {
    return row >= 0 && row < rowCount() && !m_rows[std::size_t(row)].group ? m_rows[std::size_t(row)].environment.name
                                                                           : QString();
}

bool SyncStateModel::isGroupRow(int row) const { return row >= 0 && row < rowCount() && m_rows[std::size_t(row)].group; }

int SyncStateModel::groupRowOf(const QString& place) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].group && m_rows[i].environment.place == place)
            return int(i);
    return -1;
}

QString SyncStateModel::placeAt(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    const Row& entry = m_rows[std::size_t(row)];
    return entry.group ? entry.environment.place : entry.environment.environmentName();
}

QStringList SyncStateModel::unitsOf(const QString& place) const {
    QStringList names;
    for (const Row& row : m_rows)
        if (!row.group && row.environment.environmentName() == place)
            names << row.environment.name;
    return names;
}

bool SyncStateModel::hasGroups() const { return m_grouped; }

QStringList SyncStateModel::places() const {
    QStringList names;
    for (const Row& row : m_rows)
        if (row.group)
            names << row.environment.place;
    return names;
}

QStringList SyncStateModel::applications() const {
    QStringList names;
    for (const Row& row : m_rows)
        if (!row.group && !names.contains(row.environment.applicationName()))
            names << row.environment.applicationName();
    return names;
}

const workspace::Environment* SyncStateModel::environment(const QString& name) const {
    const int row = rowOf(name);
    return row < 0 ? nullptr : &m_rows[std::size_t(row)].environment;
}

QString SyncStateModel::labelOf(const QString& name) const {
    const workspace::Environment* unit = environment(name);
    return unit ? EnvironmentListModel::label(*unit) : name;
}

reconcile::SnapshotPtr SyncStateModel::snapshot(const QString& environment) const {
    const int row = rowOf(environment);
    return row < 0 ? nullptr : m_rows[std::size_t(row)].snapshot;
}

QStringList SyncStateModel::environments() const {
    QStringList names;
    for (const Row& row : m_rows)
        if (!row.group)
            names << row.environment.name;
    return names;
}

bool SyncStateModel::hasSnapshots() const {
    return std::any_of(m_rows.begin(), m_rows.end(), [](const Row& row) { return row.snapshot != nullptr; });
}

} // namespace syncline::models
