#include "SyncStatePane.h"

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
    , m_table(new QTableView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    m_empty->setText(QStringLiteral("No environments yet — environments are read from syncline.yaml (coming next)."));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    QPalette muted = m_empty->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_empty->setPalette(muted);

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setFrameShape(QFrame::NoFrame);

    // The margins live on a holder: a word-wrapped QLabel lays out to its full width.
    auto* emptyHolder = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(emptyHolder);
    emptyLayout->setContentsMargins(24, 24, 24, 24);
    emptyLayout->addWidget(m_empty);
    m_stack->addWidget(emptyHolder);
    m_stack->addWidget(m_table);
}

void SyncStatePane::setModel(QAbstractItemModel* model) {
    m_table->setModel(model);
    m_stack->setCurrentIndex(model ? m_stack->indexOf(m_table) : 0);
}

QString SyncStatePane::emptyText() const { return m_empty->text(); }

} // namespace syncline::ui
