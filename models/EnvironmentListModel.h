#pragma once

#include "workspace/WorkspaceLoader.h"

#include <QAbstractTableModel>
#include <QHash>

namespace syncline::models {

// The environments of the open workspace, in syncline.yaml order. Replaced as a whole
// when the workspace is (re)loaded; no incremental updates yet.
class EnvironmentListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, PathColumn, RendererColumn, NamespaceColumn, ModeColumn, PromotionColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1 };

    explicit EnvironmentListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setWorkspace(const workspace::Workspace& workspace);
    void clear();

    const workspace::Environment* environmentAt(int row) const;
    int rowOf(const QString& name) const; // -1 when absent
    QStringList names() const;
    bool isDetected() const { return m_detected; }

private:
    std::vector<workspace::Environment> m_environments;
    QHash<QString, QString> m_why; // detected workspaces: why each environment was found
    QStringList m_promotion;
    bool m_detected = false;
};

} // namespace syncline::models
