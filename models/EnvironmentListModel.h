#pragma once

#include "workspace/WorkspaceLoader.h"

#include <QAbstractTableModel>
#include <QHash>

namespace syncline::models {

// The units of the open workspace, in syncline.yaml order (applications × environments:
// grouped by environment). Each is labelled as users say it, "web · staging" (a version-1
// environment: its name); NameRole is the unit's name ("web-staging"). Replaced as a whole
// when the workspace is (re)loaded; no incremental updates yet.
class EnvironmentListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, PathColumn, RendererColumn, NamespaceColumn, ModeColumn, PromotionColumn, ColumnCount };
    enum Role {
        NameRole = Qt::UserRole + 1, // QString: the unit's name
        PlaceRole,                   // QString: the environment it runs in (v1: its name)
    };

    explicit EnvironmentListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setWorkspace(const workspace::Workspace& workspace);
    void clear();

    // "web · staging"; a version-1 environment: its name.
    static QString label(const workspace::Environment& env);

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
