#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace syncline::ui {

// A strip above the panes for what the user must know about the open repository: why it
// could not be opened, where history stops, that it is empty or shallow. Messages stack
// until cleared; the worst level colours the strip.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void addMessage(Level level, const QString& text);
    // One button beside the messages (e.g. "Write a commit-graph"); it runs `action`
    // once and goes away, as it does when the messages are cleared.
    void setAction(const QString& label, std::function<void()> action);
    QPushButton* actionButton() const { return m_action; }
    void clearMessages();
    QString text() const; // all messages, one per line
    bool hasMessages() const { return !m_lines.isEmpty(); }

private:
    void updateLook();

    QLabel* m_icon;
    QLabel* m_label;
    QPushButton* m_action;
    QToolButton* m_close;
    std::function<void()> m_onAction;
    QStringList m_lines;
    Level m_level = Level::Info;
};

} // namespace syncline::ui
