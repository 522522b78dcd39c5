#include "EnvironmentListModel.h"

namespace syncline::models {

EnvironmentListModel::EnvironmentListModel(QObject* parent) : QAbstractTableModel(parent) {}

int EnvironmentListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_environments.size()); }

int EnvironmentListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EnvironmentListModel::data(const QModelIndex& index, int role) const {
    const workspace::Environment* env = environmentAt(index.row());
    if (!env || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    if (role == NameRole)
        return env->name;
    if (role == PlaceRole)
        return env->environmentName();
    if (role == Qt::ToolTipRole) {
        const QString why = m_why.value(env->name);
        return why.isEmpty() ? QVariant() : QVariant(tr("Detected: %1").arg(why));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return label(*env);
    case PathColumn:
        return env->path.isEmpty() ? QStringLiteral(".") : env->path;
    case RendererColumn:
        return workspace::rendererName(env->renderer);
    case NamespaceColumn:
        return env->defaultNamespace.isEmpty() ? QStringLiteral("—") : env->defaultNamespace;
    case ModeColumn:
        return workspace::modeName(env->mode);
    case PromotionColumn: {
        const qsizetype stage = m_promotion.indexOf(env->name);
        return stage < 0 ? QStringLiteral("—") : tr("%1 of %2").arg(stage + 1).arg(m_promotion.size());
    }
    default:
        return {};
    }
}

QString EnvironmentListModel::label(const workspace::Environment& env) {
    if (env.application.isEmpty() || env.place.isEmpty())
        return env.name;
    return env.application + QStringLiteral(" · ") + env.place;
}

QVariant EnvironmentListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Environment");
    case PathColumn:
        return tr("Path");
    case RendererColumn:
        return tr("Renderer");
    case NamespaceColumn:
        return tr("Namespace");
    case ModeColumn:
        return tr("Mode");
    case PromotionColumn:
        return tr("Promotion");
    default:
        return {};
    }
}

void EnvironmentListModel::setWorkspace(const workspace::Workspace& workspace) {
    beginResetModel();
    m_environments = workspace.config.environments;
    m_promotion = workspace.config.promotionOrder;
    m_detected = workspace.detected;
    m_why.clear();
    if (m_detected) {
        for (const auto& found : workspace.detection.environments)
            m_why.insert(found.environment.name, found.why);
    }
    endResetModel();
}

void EnvironmentListModel::clear() {
    beginResetModel();
    m_environments.clear();
    m_why.clear();
    m_promotion.clear();
    m_detected = false;
    endResetModel();
}

const workspace::Environment* EnvironmentListModel::environmentAt(int row) const {
    return row >= 0 && std::size_t(row) < m_environments.size() ? &m_environments[std::size_t(row)] : nullptr;
}

int EnvironmentListModel::rowOf(const QString& name) const {
    for (std::size_t i = 0; i < m_environments.size(); ++i)
        if (m_environments[i].name == name)
            return int(i);
    return -1;
}

QStringList EnvironmentListModel::names() const {
    QStringList names;
    for (const auto& env : m_environments)
        names << env.name;
    return names;
}

} // namespace syncline::models
