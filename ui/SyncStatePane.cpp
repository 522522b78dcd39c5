#include "SyncStatePane.h"

#include "EnvironmentDelegate.h"
#include "PaneHeader.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace syncline::ui {

SyncStatePane::SyncStatePane(QWidget* parent)
    : QWidget(parent)
    , m_header(new PaneHeader(QStringLiteral("Sync state"), this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
    , m_note(new QLabel(this))
    , m_tablePage(new QWidget(this))
    , m_delegate(new EnvironmentDelegate(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    setEmptyReason(QString());
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    QPalette muted = m_empty->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_empty->setPalette(muted);

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_note->setText(
        QStringLiteral("Cluster status (sync, health, deployed revision) arrives with cluster support."));
    m_note->setWordWrap(true);
    m_note->setPalette(muted);
    auto* tableLayout = new QVBoxLayout(m_tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_table, 1);
    auto* noteHolder = new QWidget(m_tablePage);
    auto* noteLayout = new QVBoxLayout(noteHolder);
    noteLayout->setContentsMargins(12, 8, 12, 10);
    noteLayout->addWidget(m_note);
    tableLayout->addWidget(noteHolder);

    // The margins live on a holder: a word-wrapped QLabel lays out to its full width.
    auto* emptyHolder = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(emptyHolder);
    emptyLayout->setContentsMargins(24, 24, 24, 24);
    emptyLayout->addWidget(m_empty);
    m_stack->addWidget(emptyHolder);
    m_stack->addWidget(m_tablePage);
}

void SyncStatePane::setModel(QAbstractItemModel* model) {
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_table->setModel(model);
    // Until cluster columns arrive, one two-line cell per environment fits a narrow pane.
    m_table->setItemDelegateForColumn(0, m_delegate);
    for (int column = 1; model && column < model->columnCount(); ++column)
        m_table->setColumnHidden(column, true);
    m_table->horizontalHeader()->hide();
    if (model) {
        connect(model, &QAbstractItemModel::modelReset, this, &SyncStatePane::updatePage);
        connect(model, &QAbstractItemModel::rowsInserted, this, &SyncStatePane::updatePage);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &SyncStatePane::updatePage);
    }
    updatePage();
}

void SyncStatePane::updatePage() {
    const bool rows = m_model && m_model->rowCount() > 0;
    m_stack->setCurrentWidget(rows ? m_tablePage : m_stack->widget(0));
    if (rows) {
        m_table->resizeRowsToContents();
        setEmptyReason(QString()); // a later empty workspace starts from the default text again
    }
}

void SyncStatePane::setEmptyReason(const QString& reason) {
    m_empty->setText(reason.isEmpty()
                         ? QStringLiteral("No environments yet — they are read from syncline.yaml, or "
                                          "detected from overlays/<env>, clusters/<env>, Argo CD and Flux "
                                          "files. Cluster status arrives with cluster support.")
                         : reason);
}

bool SyncStatePane::showsTable() const {
    return m_stack->currentWidget() == m_tablePage;
}

QString SyncStatePane::emptyText() const { return m_empty->text(); }

QString SyncStatePane::noteText() const {
    return m_note->text();
}

} // namespace syncline::ui
