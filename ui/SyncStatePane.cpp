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
    m_empty->setContentsMargins(24, 24, 24, 24);
    QPalette muted = m_empty->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_empty->setPalette(muted);

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setFrameShape(QFrame::NoFrame);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_table);
}

void SyncStatePane::setModel(QAbstractItemModel* model) {
    m_table->setModel(model);
    m_stack->setCurrentWidget(model ? static_cast<QWidget*>(m_table) : m_empty);
}

QString SyncStatePane::emptyText() const { return m_empty->text(); }

} // namespace syncline::ui
