#include "PaletteCommands.h"

#include "EnvironmentSelector.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include <algorithm>

namespace syncline::ui {

namespace {

QString plainText(QString text) {
    // "&Open Repository…" → "Open Repository…"; "&&" stays one ampersand.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text;
}

QString withoutEllipsis(const QString& title) { return title.endsWith(QChar(0x2026)) ? title.chopped(1) : title; }

} // namespace

PaletteCommands::PaletteCommands(MainWindow& window) : m_window(window) {
    addWidgetActions(window.menuBar(), QString());
    for (QToolBar* toolbar : window.findChildren<QToolBar*>())
        addWidgetActions(toolbar, QObject::tr("Toolbar"));
    addClusterMenus();
    addSelectedCommit();
    addSwitches();
}

PaletteCommands::~PaletteCommands() {
    for (const QPointer<QMenu>& menu : m_built)
        if (menu)
            menu->deleteLater();
}

QMenu* PaletteCommands::keep(QMenu* menu) {
    if (menu)
        m_built.emplace_back(menu);
    return menu;
}

void PaletteCommands::addWidgetActions(QWidget* widget, const QString& where) {
    for (QAction* action : widget->actions()) {
        if (QMenu* menu = action->menu())
            addMenu(menu, where.isEmpty() ? plainText(action->text()) : where, QString());
        else
            addAction(action, where, QString());
    }
}

void PaletteCommands::addMenu(QMenu* menu, const QString& where, const QString& prefix) {
    // Menus filled as they open (Open Recent, Actions) are filled now, as if opened.
    Q_EMIT menu->aboutToShow();
    for (QAction* action : menu->actions()) {
        if (QMenu* sub = action->menu())
            addMenu(sub, where, plainText(action->text()) + QStringLiteral(": "));
        else
            addAction(action, where, prefix);
    }
}

void PaletteCommands::addAction(QAction* action, const QString& where, const QString& prefix) {
    if (action->isSeparator() || !action->isEnabled() || !action->isVisible() || action->text().isEmpty())
        return;
    if (std::find(m_seen.begin(), m_seen.end(), action) != m_seen.end())
        return;
    m_seen.push_back(action);
    const QString title = prefix + plainText(action->text());
    // The toolbar's "Promote dev → staging" and the card's "Promote dev → staging…" are one command.
    const bool duplicate = std::any_of(m_commands.begin(), m_commands.end(), [&](const PaletteCommand& command) {
        return withoutEllipsis(command.title) == withoutEllipsis(title);
    });
    if (duplicate)
        return;
    const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
    QPointer<QAction> target(action);
    m_commands.push_back({title, shortcut.isEmpty() ? where : shortcut, [target] {
                              if (target)
                                  target->trigger();
                          }});
}

// The cards' and headers' menus, as right-clicking each would show them.
void PaletteCommands::addClusterMenus() {
    SyncStatePane* pane = m_window.syncStatePane();
    const models::SyncStateModel* model = m_window.syncStateModel();
    for (const QString& place : model->places())
        addMenu(keep(pane->placeMenu(place)), place, QString());
    for (const QString& unit : model->environments()) {
        const QString label = model->labelOf(unit);
        // "Trust cluster…" alone would not say whose: name the unit unless the text does.
        QMenu* menu = keep(pane->environmentMenu(unit));
        for (QAction* action : menu->actions()) {
            const bool named = plainText(action->text()).contains(label);
            addAction(action, label, named ? QString() : label + QStringLiteral(": "));
        }
    }
}

void PaletteCommands::addSelectedCommit() {
    const auto commit = m_window.historyPane()->currentCommit();
    if (QMenu* menu = commit ? keep(m_window.historyPane()->currentCommitMenu()) : nullptr)
        addMenu(menu, QObject::tr("Selected commit"), QObject::tr("Commit %1: ").arg(commit->toHex().left(7)));
}

void PaletteCommands::addSwitches() {
    const models::SyncStateModel* model = m_window.syncStateModel();
    EnvironmentSelector* selector = m_window.environmentSelector();
    for (const QString& unit : model->environments()) {
        if (unit == selector->currentEnvironment())
            continue;
        const QString label = model->labelOf(unit);
        QPointer<EnvironmentSelector> target(selector);
        m_commands.push_back({QObject::tr("Switch to %1").arg(label), QObject::tr("Environment"), [target, unit] {
                                  if (target)
                                      target->selectEnvironment(unit);
                              }});
    }
}

} // namespace syncline::ui
