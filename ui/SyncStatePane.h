#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QStackedWidget;
class QTableView;

namespace syncline::ui {

class PaneHeader;

// The Sync state pane: one row per environment/cluster. Until environments exist it shows
// an honest empty state; setModel() switches it to the table.
class SyncStatePane : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatePane(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model);
    QTableView* table() const { return m_table; }
    QString emptyText() const;

private:
    PaneHeader* m_header;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QTableView* m_table;
};

} // namespace syncline::ui
