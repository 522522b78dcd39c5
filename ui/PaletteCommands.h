#pragma once

#include <QPointer>
#include <QString>

#include <functional>
#include <vector>

class QAction;
class QMenu;
class QWidget;

namespace syncline::ui {

class MainWindow;

// One command of the palette: its name, a hint (shortcut or where it lives), what it does.
struct PaletteCommand {
    QString title;
    QString hint;
    std::function<void()> run;
};

// Every action the window offers, by name, for the command palette: the menu bar and the
// toolbar, each environment's and application's card menu (Refresh, Sync, Sync with prune…,
// Promote A → B, Trust cluster…), each environment header's menu, the selected commit's
// menu (Revert, Roll back), and "Switch to" each environment. Commands come from the same
// QActions the menus show, so the palette can never offer something the menus would not;
// disabled actions are left out.
class PaletteCommands {
public:
    explicit PaletteCommands(MainWindow& window);
    ~PaletteCommands(); // deletes the menus it built (never shown)

    PaletteCommands(const PaletteCommands&) = delete;
    PaletteCommands& operator=(const PaletteCommands&) = delete;

    std::vector<PaletteCommand> take() { return std::move(m_commands); }

private:
    void addWidgetActions(QWidget* widget, const QString& where);
    void addMenu(QMenu* menu, const QString& where, const QString& prefix);
    void addAction(QAction* action, const QString& where, const QString& prefix);
    void addClusterMenus();
    void addSelectedCommit();
    void addSwitches();
    QMenu* keep(QMenu* menu);

    MainWindow& m_window;
    std::vector<PaletteCommand> m_commands;
    std::vector<QPointer<QMenu>> m_built;
    std::vector<QAction*> m_seen;
};

} // namespace syncline::ui
