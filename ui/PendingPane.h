#pragma once

#include <QWidget>

class QLabel;
class QTreeView;

namespace syncline::models {
class RepositoryController;
struct RepositoryInfo;
}

namespace syncline::ui {

class PaneHeader;

// The Pending pane. For now its local half: the branch against its upstream (ahead /
// behind), unpushed commits and changed files. Cluster diffs join it with environments.
class PendingPane : public QWidget {
    Q_OBJECT
public:
    explicit PendingPane(models::RepositoryController* controller, QWidget* parent = nullptr);

    QString statusText() const; // the branch ↔ upstream line, or why there is none
    QTreeView* changesView() const { return m_changes; }

private:
    void showLocalChanges();
    void showMessage(const QString& text);

    models::RepositoryController* m_controller;
    PaneHeader* m_header;
    QLabel* m_status;
    QTreeView* m_changes;
};

} // namespace syncline::ui
