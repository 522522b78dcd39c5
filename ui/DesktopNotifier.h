#pragma once

#include <QObject>
#include <QString>

class QSystemTrayIcon;
class QWidget;

namespace syncline::ui {

// Desktop notifications (the system tray's balloon) for what finishes or goes wrong while
// the user looks elsewhere: a sync or auto-sync, a promotion, drift on a cluster. Shown
// only when the window is not the active one; without a system tray (or offscreen) it
// says why it did not show. Every notice is remembered, for tests and the status bar.
class DesktopNotifier : public QObject {
    Q_OBJECT
public:
    explicit DesktopNotifier(QWidget* window);

    void notify(const QString& title, const QString& text, bool problem);

    QString lastTitle() const { return m_lastTitle; }
    QString lastText() const { return m_lastText; }
    // Whether the last notice reached the desktop; if not, why ("the window is active").
    bool lastShown() const { return m_lastShown; }
    QString whyNotShown() const { return m_whyNot; }
    int count() const { return m_count; }

private:
    QSystemTrayIcon* tray(); // null where the desktop has no tray for messages

    QWidget* m_window;
    QSystemTrayIcon* m_tray = nullptr;
    bool m_trayAsked = false;
    QString m_lastTitle;
    QString m_lastText;
    QString m_whyNot;
    bool m_lastShown = false;
    int m_count = 0;
};

} // namespace syncline::ui
