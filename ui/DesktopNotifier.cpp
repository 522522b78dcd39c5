#include "DesktopNotifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace syncline::ui {

DesktopNotifier::DesktopNotifier(QWidget* window) : QObject(window), m_window(window) {}

// Asked on the first notice, not when the window starts: most sessions never need a tray.
QSystemTrayIcon* DesktopNotifier::tray() {
    if (!m_trayAsked) {
        m_trayAsked = true;
        if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(tr("Syncline"));
            connect(m_tray, &QSystemTrayIcon::messageClicked, m_window, [this] {
                m_window->show();
                m_window->raise();
                m_window->activateWindow();
            });
        }
    }
    return m_tray;
}

void DesktopNotifier::notify(const QString& title, const QString& text, bool problem) {
    ++m_count;
    m_lastTitle = title;
    m_lastText = text;
    m_lastShown = false;
    if (m_window->isActiveWindow()) {
        m_whyNot = tr("the window is active: the message bar and status bar say it");
        return;
    }
    if (!tray()) {
        m_whyNot = tr("the desktop has no system tray for notifications");
        return;
    }
    m_tray->show();
    m_tray->showMessage(title, text, problem ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
    m_lastShown = true;
    m_whyNot.clear();
}

} // namespace syncline::ui
