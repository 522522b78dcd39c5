#pragma once

#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QTableView;

namespace syncline::models {
class MatrixModel;
}

namespace syncline::ui {

class PaneHeader;

// The environment matrix: applications down, environments across in promotion order, each
// cell what that environment's cluster runs (MatrixCellDelegate). Clicking a cell (or Enter)
// asks for that unit in the panes; two selected cells can be compared (the header's button
// or the context menu); the context menu also carries what others add for the cell
// (cellMenuAboutToShow: Promote → the next environment). Tooltips give the full revision and
// images.
class MatrixView : public QWidget {
    Q_OBJECT
public:
    explicit MatrixView(models::MatrixModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QPushButton* compareButton() const { return m_compare; }
    models::MatrixModel* model() const { return m_model; }
    // The selected cells' units, left to right (then top to bottom).
    QStringList selectedUnits() const;
    // The height that shows every row (the header and the column titles included).
    int preferredHeight() const;
    // Makes `unit`'s cell current and selected, without asking for it again.
    void selectUnit(const QString& unit);
    // The context menu of `index`'s cell (the caller owns it): what the user gets on a
    // right click.
    QMenu* cellMenu(const QModelIndex& index);

Q_SIGNALS:
    void unitActivated(const QString& unit);
    void compareRequested(const QString& left, const QString& right);
    // Add entries for `unit` to its context menu before it shows.
    void cellMenuAboutToShow(QMenu* menu, const QString& unit);

protected:
    // The table's viewport resized: the columns share its new width.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setUpTable();
    void updateHeader();
    void updateCompare();
    void compareSelected();
    void showCellMenu(const QPoint& position);
    void fitColumns();

    models::MatrixModel* m_model;
    PaneHeader* m_header;
    QPushButton* m_compare;
    QTableView* m_table;
    QLabel* m_empty;
    bool m_selecting = false; // selectUnit is moving the selection: no unitActivated
};

} // namespace syncline::ui
