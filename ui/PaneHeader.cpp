#include "PaneHeader.h"

#include <QHBoxLayout>
#include <QLabel>

namespace syncline::ui {

PaneHeader::PaneHeader(const QString& title, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(title, this)), m_detail(new QLabel(this)), m_layout(new QHBoxLayout(this)) {
    setObjectName(QStringLiteral("paneHeader"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QStringLiteral("#paneHeader { background: palette(window); border-bottom: 1px solid palette(mid); }"));
    m_layout->setContentsMargins(10, 5, 6, 5);
    m_layout->setSpacing(8);
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    QPalette muted = m_detail->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_detail->setPalette(muted);
    m_detail->setTextFormat(Qt::PlainText);
    m_layout->addWidget(m_title);
    m_layout->addWidget(m_detail, 1);
}

void PaneHeader::setDetail(const QString& detail) { m_detail->setText(detail); }

void PaneHeader::addTool(QWidget* tool) { m_layout->addWidget(tool); }

} // namespace syncline::ui
