#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QStackedWidget;
class QTableView;

namespace syncline::ui {

class EnvironmentDelegate;
class PaneHeader;

// The Sync state pane: one row per environment/cluster. Until clusters are supported it
// lists the workspace's environments (name, path, renderer, namespace, mode, promotion)
// and says that cluster status is still to come; without environments it shows an
// honest empty state.
class SyncStatePane : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatePane(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model);
    QTableView* table() const { return m_table; }
    QString emptyText() const;
    QString noteText() const;
    bool showsTable() const;
    // Why there are no environments (syncline.yaml broken, HEAD detached); empty: the default.
    void setEmptyReason(const QString& reason);

private:
    void updatePage();

    PaneHeader* m_header;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QTableView* m_table;
    QLabel* m_note;
    QWidget* m_tablePage;
    EnvironmentDelegate* m_delegate;
    QAbstractItemModel* m_model = nullptr;
};

} // namespace syncline::ui
