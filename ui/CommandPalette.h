#pragma once

#include "PaletteCommands.h"

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QListView;

namespace syncline::models {
class PaletteModel;
}

namespace syncline::ui {

class MainWindow;

// Ctrl+K: every action of the window by name. Typing narrows the list (best match first);
// Up/Down move, Enter runs the command, Escape closes. The commands are gathered each time
// it opens (PaletteCommands), so they follow the environments and the selected commit.
class CommandPalette : public QDialog {
    Q_OBJECT
public:
    explicit CommandPalette(MainWindow* window);
    ~CommandPalette() override;

    // Gathers the commands, clears the query and shows the palette over the window.
    void showPalette();
    QLineEdit* queryEdit() const { return m_query; }
    QListView* list() const { return m_list; }
    models::PaletteModel* model() const { return m_model; }
    // "No command matches …" when nothing does; empty otherwise.
    QString emptyText() const;
    // Runs the command on `row` of the list (what Enter does on the current row).
    void runRow(int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onQueryChanged(const QString& text);
    void moveCurrent(int step);

    MainWindow* m_window;
    QLineEdit* m_query;
    QListView* m_list;
    QLabel* m_empty;
    models::PaletteModel* m_model;
    std::unique_ptr<PaletteCommands> m_source; // keeps the menus the commands come from
    std::vector<PaletteCommand> m_commands;
};

} // namespace syncline::ui
