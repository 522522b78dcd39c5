#include "MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace syncline::ui {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_label(new QLabel(this)), m_action(new QPushButton(this)),
      m_close(new QToolButton(this)) {
    setObjectName(QStringLiteral("messageBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    m_action->setObjectName(QStringLiteral("messageBarAction"));
    m_action->hide();
    connect(m_action, &QPushButton::clicked, this, [this] {
        auto action = std::exchange(m_onAction, {});
        m_action->hide();
        if (action)
            action();
    });
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setTextFormat(Qt::PlainText);
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss"));
    connect(m_close, &QToolButton::clicked, this, &MessageBar::clearMessages);
    hide();
}

void MessageBar::addMessage(Level level, const QString& text) {
    if (m_lines.contains(text))
        return;
    if (m_lines.isEmpty() || int(level) > int(m_level))
        m_level = level;
    m_lines << text;
    updateLook();
    show();
}

void MessageBar::setAction(const QString& label, std::function<void()> action) {
    m_onAction = std::move(action);
    m_action->setText(label);
    m_action->setVisible(bool(m_onAction));
}

void MessageBar::clearMessages() {
    m_onAction = {};
    m_action->hide();
    m_lines.clear();
    m_level = Level::Info;
    hide();
}

QString MessageBar::text() const { return m_lines.join(QLatin1Char('\n')); }

void MessageBar::updateLook() {
    m_label->setText(text());
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colors = QStringLiteral("background: #e7f1fd; border: 1px solid #a9c8f0; color: #1b3a5c;");
    if (m_level == Level::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        colors = QStringLiteral("background: #fff6dd; border: 1px solid #ecd08a; color: #5c4500;");
    } else if (m_level == Level::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        colors = QStringLiteral("background: #fdecec; border: 1px solid #eeaaaa; color: #6b1414;");
    }
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(16, 16));
    setStyleSheet(
        QStringLiteral("#messageBar { %1 border-radius: 4px; } #messageBar QLabel { border: none; background: transparent; }")
            .arg(colors));
}

} // namespace syncline::ui
