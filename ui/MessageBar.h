#pragma once

#include <QFrame>

class QLabel;
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
    void clearMessages();
    QString text() const; // all messages, one per line
    bool hasMessages() const { return !m_lines.isEmpty(); }

private:
    void updateLook();

    QLabel* m_icon;
    QLabel* m_label;
    QToolButton* m_close;
    QStringList m_lines;
    Level m_level = Level::Info;
};

} // namespace syncline::ui
