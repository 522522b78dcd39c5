#include "CommandPalette.h"

#include "MainWindow.h"
#include "PaletteItemDelegate.h"
#include "PaletteModel.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>

namespace syncline::ui {

CommandPalette::CommandPalette(MainWindow* window)
    : QDialog(window), m_window(window), m_query(new QLineEdit(this)), m_list(new QListView(this)), m_empty(new QLabel(this)),
      m_model(new models::PaletteModel(this)) {
    setWindowTitle(tr("Command Palette"));
    setAccessibleName(tr("Command palette"));
    m_query->setPlaceholderText(tr("Type a command: sync, promote, revert, switch…"));
    m_query->setAccessibleName(tr("Command"));
    m_query->setClearButtonEnabled(true);
    m_query->installEventFilter(this);
    m_list->setModel(m_model);
    m_list->setItemDelegate(new PaletteItemDelegate(m_list));
    m_list->setAccessibleName(tr("Matching commands"));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setFocusPolicy(Qt::NoFocus); // typing stays in the query; Up/Down move here
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText); // paths, errors and typed words: shown, never rendered
    m_empty->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_empty);
    layout->addWidget(m_list);
    connect(m_query, &QLineEdit::textChanged, this, &CommandPalette::onQueryChanged);
    connect(m_query, &QLineEdit::returnPressed, this, [this] { runRow(m_list->currentIndex().row()); });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex& index) { runRow(index.row()); });
}

CommandPalette::~CommandPalette() = default;

void CommandPalette::showPalette() {
    m_source = std::make_unique<PaletteCommands>(*m_window);
    m_commands = m_source->take();
    std::vector<models::PaletteEntry> entries;
    entries.reserve(m_commands.size());
    for (const PaletteCommand& command : m_commands)
        entries.push_back({command.title, command.hint});
    m_model->setEntries(std::move(entries));
    m_query->clear();
    onQueryChanged(QString());
    const QRect area = m_window->geometry();
    resize(std::min(640, area.width() - 40), std::min(420, area.height() - 80));
    move(area.center().x() - width() / 2, area.top() + 60);
    show();
    raise();
    activateWindow();
    m_query->setFocus();
}

QString CommandPalette::emptyText() const { return m_empty->isHidden() ? QString() : m_empty->text(); }

void CommandPalette::onQueryChanged(const QString& text) {
    m_model->setQuery(text);
    const bool none = m_model->rowCount() == 0;
    m_empty->setText(none ? tr("No command matches “%1”.").arg(text.trimmed()) : QString());
    m_empty->setVisible(none);
    if (!none)
        m_list->setCurrentIndex(m_model->index(0));
}

void CommandPalette::moveCurrent(int step) {
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int row = std::clamp(m_list->currentIndex().row() + step, 0, rows - 1);
    m_list->setCurrentIndex(m_model->index(row));
}

void CommandPalette::runRow(int row) {
    const int entry = m_model->entryAt(row);
    if (entry < 0)
        return;
    std::function<void()> run = m_commands[std::size_t(entry)].run;
    hide();
    // After the palette is gone, so a dialog the command opens gets the focus; the menus the
    // command came from go with the next event loop turn, after it ran.
    QTimer::singleShot(0, this, [this, run] {
        run();
        m_source.reset();
    });
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            moveCurrent(key == Qt::Key_Down ? 1 : -1);
            return true;
        }
        if (key == Qt::Key_PageDown || key == Qt::Key_PageUp) {
            moveCurrent(key == Qt::Key_PageDown ? 10 : -10);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace syncline::ui
