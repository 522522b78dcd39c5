#include "MatrixView.h"

#include "MatrixCellDelegate.h"
#include "MatrixModel.h"
#include "PaneHeader.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace syncline::ui {

using models::MatrixModel;

MatrixView::MatrixView(MatrixModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_header(new PaneHeader(tr("Environment matrix"), this)),
      m_compare(new QPushButton(tr("Compare"), this)), m_table(new QTableView(this)), m_empty(new QLabel(this)) {
    setObjectName(QStringLiteral("matrixView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    m_compare->setToolTip(tr("Compare the two selected cells side by side (select two with Ctrl+click)"));
    m_compare->setAccessibleName(tr("Compare the selected cells"));
    m_compare->setEnabled(false);
    m_header->addTool(m_compare);
    m_empty->setText(tr("Open a repository with environments to see what each one runs."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setContentsMargins(12, 24, 12, 24);
    m_empty->setWordWrap(true);
    setUpTable();
    connect(m_compare, &QPushButton::clicked, this, &MatrixView::compareSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MatrixView::updateHeader);
    updateHeader();
}

void MatrixView::setUpTable() {
    m_table->setObjectName(QStringLiteral("matrixTable"));
    m_table->setAccessibleName(tr("Environment matrix"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new MatrixCellDelegate(m_table));
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setWordWrap(false);
    m_table->setShowGrid(true);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights: the view never asks 1,000 rows for their size.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(MatrixCellDelegate::cellHeight(m_table->font()));
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (const QString unit = m_model->unitAt(index); !unit.isEmpty() && !m_selecting)
            Q_EMIT unitActivated(unit);
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (const QString unit = m_model->unitAt(index); !unit.isEmpty() && !m_selecting)
            Q_EMIT unitActivated(unit);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MatrixView::updateCompare);
    connect(m_table, &QWidget::customContextMenuRequested, this, &MatrixView::showCellMenu);
    m_table->viewport()->installEventFilter(this);
}

// "12 applications × 3 environments", and the table only when there is something in it.
void MatrixView::updateHeader() {
    const int rows = m_model->rowCount();
    const int columns = m_model->columnCount();
    m_empty->setVisible(rows == 0);
    m_table->setVisible(rows > 0);
    const QString applications = rows == 1 ? tr("1 application") : tr("%1 applications").arg(rows);
    const QString environments = columns == 1 ? tr("1 environment") : tr("%1 environments").arg(columns);
    m_header->setDetail(rows == 0 ? QString()
                                  : tr("%1 × %2 · ≠ differs from the environment on its left").arg(applications, environments));
    fitColumns();
    updateCompare();
}

// Columns share the width (each at least wide enough for a revision and two chips).
void MatrixView::fitColumns() {
    const int columns = m_model->columnCount();
    if (columns == 0)
        return;
    const int minimum = QFontMetrics(m_table->font()).averageCharWidth() * 26;
    const int available = m_table->viewport()->width() - 2;
    const int each = std::max(minimum, available / columns);
    for (int column = 0; column < columns; ++column)
        m_table->setColumnWidth(column, each);
}

bool MatrixView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

int MatrixView::preferredHeight() const {
    if (m_model->rowCount() == 0)
        return m_header->sizeHint().height() + m_empty->sizeHint().height();
    return m_header->sizeHint().height() + m_table->horizontalHeader()->sizeHint().height() +
           m_model->rowCount() * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth() +
           m_table->horizontalScrollBar()->sizeHint().height();
}

QStringList MatrixView::selectedUnits() const {
    QModelIndexList indexes = m_table->selectionModel()->selectedIndexes();
    std::sort(indexes.begin(), indexes.end(), [](const QModelIndex& a, const QModelIndex& b) {
        return a.column() != b.column() ? a.column() < b.column() : a.row() < b.row();
    });
    QStringList units;
    for (const QModelIndex& index : indexes)
        if (const QString unit = m_model->unitAt(index); !unit.isEmpty())
            units << unit;
    return units;
}

void MatrixView::selectUnit(const QString& unit) {
    const QModelIndex index = m_model->indexOf(unit);
    if (!index.isValid() || m_table->currentIndex() == index)
        return;
    m_selecting = true;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_table->scrollTo(index);
    m_selecting = false;
}

void MatrixView::updateCompare() {
    const QStringList units = selectedUnits();
    m_compare->setEnabled(units.size() == 2);
    m_compare->setToolTip(units.size() == 2 ? tr("Compare %1 with %2").arg(units[0], units[1])
                                            : tr("Compare the two selected cells side by side (select two with Ctrl+click)"));
}

void MatrixView::compareSelected() {
    const QStringList units = selectedUnits();
    if (units.size() == 2)
        Q_EMIT compareRequested(units[0], units[1]);
}

QMenu* MatrixView::cellMenu(const QModelIndex& index) {
    const QString unit = m_model->unitAt(index);
    if (unit.isEmpty())
        return nullptr;
    auto* menu = new QMenu(this);
    const QString application = index.data(MatrixModel::ApplicationRole).toString();
    const QString environment = index.data(MatrixModel::EnvironmentRole).toString();
    connect(menu->addAction(tr("Show Pending for %1 · %2").arg(application, environment)), &QAction::triggered, this,
            [this, unit] { Q_EMIT unitActivated(unit); });
    const QStringList units = selectedUnits();
    QAction* compare =
        menu->addAction(units.size() == 2 ? tr("Compare %1 with %2").arg(units[0], units[1]) : tr("Compare (select two cells)"));
    compare->setEnabled(units.size() == 2);
    connect(compare, &QAction::triggered, this, &MatrixView::compareSelected);
    menu->addSeparator();
    Q_EMIT cellMenuAboutToShow(menu, unit);
    return menu;
}

void MatrixView::showCellMenu(const QPoint& position) {
    const QModelIndex index = m_table->indexAt(position);
    // A right click on a cell outside the selection selects that cell alone.
    if (index.isValid() && !m_table->selectionModel()->isSelected(index))
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    QMenu* menu = cellMenu(index);
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_table->viewport()->mapToGlobal(position));
}

} // namespace syncline::ui
