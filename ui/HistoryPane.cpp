#include "HistoryPane.h"

#include "CommitDetailsView.h"
#include "EnvironmentListModel.h"
#include "GraphDelegate.h"
#include "HistoryModel.h"
#include "HistoryView.h"
#include "PaneHeader.h"
#include "RepositoryController.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace syncline::ui {

using models::HistoryModel;

namespace {
constexpr int kMaxPagesToFindCommit = 20;
}

HistoryPane::HistoryPane(models::RepositoryController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_header(new PaneHeader(tr("History"), this)), m_filter(new QLineEdit(this)),
      m_allBranches(new QToolButton(this)), m_changed(new QToolButton(this)), m_count(new QLabel(this)),
      m_list(new HistoryView(this)), m_details(new CommitDetailsView(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_filterDelay(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(buildFilterBar());
    setUpCommitList();
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_details);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({420, 380});
    layout->addWidget(m_splitter, 1);

    connectFilter();
    connectEnvironmentChanges();
    connectHistory();
}

// The filter line, the "All branches" and environment toggles; the commit count goes to
// the pane header.
QWidget* HistoryPane::buildFilterBar() {
    auto* filterBar = new QWidget(this);
    auto* filterLayout = new QHBoxLayout(filterBar);
    filterLayout->setContentsMargins(6, 5, 6, 5);
    filterLayout->setSpacing(6);
    m_filter->setPlaceholderText(tr("Filter: text   author:NAME   path:PATH      (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter history"));
    m_filter->setToolTip(tr("Free text matches messages and commit ids; author:NAME matches name or e-mail; "
                            "path:PATH lists commits that changed that file or folder. "
                            "Quote values with spaces: author:\"Grace Hopper\". Esc clears."));
    m_allBranches->setText(tr("All branches"));
    m_allBranches->setCheckable(true);
    m_allBranches->setToolTip(tr("Show commits of every branch, remote branch and tag, not only HEAD's"));
    m_allBranches->setToolButtonStyle(Qt::ToolButtonTextOnly);
    filterLayout->addWidget(m_filter, 1);
    filterLayout->addWidget(m_allBranches);
    m_changed->setCheckable(true);
    m_changed->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_changed->setObjectName(QStringLiteral("changedEnvironmentButton"));
    filterLayout->addWidget(m_changed);
    updateChangedButton();
    m_count->setMinimumWidth(90);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_header->addTool(m_count);
    return filterBar;
}

// Columns sized for the graph, a stretching summary and a short id; right click offers
// the commit's actions.
void HistoryPane::setUpCommitList() {
    m_list->setModel(m_controller->historyModel());
    m_list->setItemDelegate(new GraphDelegate(m_list));
    m_list->setUniformRowHeights(true);
    m_list->setRootIsDecorated(false);
    m_list->setItemsExpandable(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setAccessibleName(tr("History"));
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_list->indexAt(pos);
        const auto* row = m_controller->historyModel()->rowAt(index.row());
        if (!row)
            return;
        m_list->setCurrentIndex(index);
        commitMenu(row->commit.id, int(row->commit.parents.size()))->popup(m_list->viewport()->mapToGlobal(pos));
    });
    QHeaderView* header = m_list->header();
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(24);
    header->setSectionResizeMode(HistoryModel::GraphColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryModel::SummaryColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(HistoryModel::AuthorColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryModel::DateColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryModel::IdColumn, QHeaderView::Interactive);
    header->resizeSection(HistoryModel::GraphColumn, GraphDelegate::graphWidth(3));
    header->resizeSection(HistoryModel::AuthorColumn, 130);
    header->resizeSection(HistoryModel::DateColumn, 90);
    header->resizeSection(HistoryModel::IdColumn, fontMetrics().horizontalAdvance(QStringLiteral("00000000")) + 24);
}

void HistoryPane::connectFilter() {
    // Typing restarts the query after a short pause; Enter applies at once.
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(250);
    connect(m_filterDelay, &QTimer::timeout, this, &HistoryPane::applyFilter);
    connect(m_filter, &QLineEdit::textEdited, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, &HistoryPane::applyFilter);
    connect(m_allBranches, &QToolButton::toggled, this, &HistoryPane::applyFilter);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_filter, nullptr, nullptr, Qt::WidgetShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_filter->text().isEmpty())
            m_changed->setChecked(false); // nothing typed: Esc drops the environment restriction
        m_filter->clear();
        applyFilter();
        m_list->setFocus();
    });
    auto* listEscape = new QShortcut(QKeySequence(Qt::Key_Escape), m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(listEscape, &QShortcut::activated, this, [this] { m_changed->setChecked(false); });
    connect(m_changed, &QToolButton::toggled, this, &HistoryPane::onChangedToggled);
}

// The "changed in this environment" toggle follows the controller's marking: it shows the
// search's progress and unchecks when the marking fails, is cleared, or a repository opens.
void HistoryPane::connectEnvironmentChanges() {
    models::RepositoryController* controller = m_controller;
    connect(controller, &models::RepositoryController::environmentChangesStarted, this, [this] {
        m_changedNote.clear();
        m_count->setText(QStringLiteral("…"));
        updateChangedButton();
    });
    connect(controller, &models::RepositoryController::environmentChangesMarked, this,
            [this](const QString&, int, int examined, bool complete) {
                m_changedNote = complete ? QString() : tr("searched the last %1 commits only").arg(QLocale().toString(examined));
                updateChangedButton();
            });
    auto uncheck = [this] {
        const QSignalBlocker blocker(m_changed);
        m_changed->setChecked(false);
        m_changedNote.clear();
        updateChangedButton();
    };
    connect(controller, &models::RepositoryController::environmentChangesFailed, this, uncheck);
    connect(controller, &models::RepositoryController::environmentChangesCleared, this, uncheck);
    connect(controller, &models::RepositoryController::openStarted, this, [this, uncheck] {
        if (m_controller->markedEnvironment().isEmpty())
            uncheck();
    });
}

// Pages of history, the selected commit's details, and the placeholders while opening.
void HistoryPane::connectHistory() {
    models::RepositoryController* controller = m_controller;
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryPane::onCurrentChanged);
    connect(m_details, &CommitDetailsView::parentActivated, this, &HistoryPane::selectCommit);
    connect(controller, &models::RepositoryController::historyStarted, this, &HistoryPane::onHistoryStarted);
    connect(controller, &models::RepositoryController::pageLoaded, this, [this](int, bool atEnd) { onPageLoaded(atEnd); });
    connect(controller, &models::RepositoryController::detailsReady, m_details, &CommitDetailsView::showDetails);
    connect(controller, &models::RepositoryController::detailsFailed, this,
            [this](const git::ObjectId& id, const util::Error& error) {
                m_details->showError(tr("Cannot read commit %1: %2").arg(id.shortHex(), error.toString()));
            });
    connect(controller, &models::RepositoryController::openFailed, this,
            [this] { m_details->showPlaceholder(tr("No repository open.")); });
    connect(controller, &models::RepositoryController::openStarted, this, [this] {
        m_count->clear();
        m_details->showPlaceholder(tr("Opening…"));
    });
}

void HistoryPane::focusFilter() {
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void HistoryPane::resetFilter() {
    m_filterDelay->stop();
    const QSignalBlocker blocker(m_allBranches);
    m_filter->clear();
    m_allBranches->setChecked(false);
    const QSignalBlocker changedBlocker(m_changed);
    m_changed->setChecked(false);
    m_changedNote.clear();
    updateChangedButton();
}

void HistoryPane::setEnvironment(const QString& environment) {
    if (environment == m_environment)
        return;
    m_environment = environment;
    if (m_changed->isChecked()) {
        if (m_environment.isEmpty())
            m_changed->setChecked(false);
        else
            m_controller->markEnvironmentChanges(m_environment);
    }
    updateChangedButton();
}

void HistoryPane::onChangedToggled(bool on) {
    if (on && !m_environment.isEmpty())
        m_controller->markEnvironmentChanges(m_environment);
    else
        m_controller->clearEnvironmentChanges();
    updateChangedButton();
}

void HistoryPane::updateChangedButton() {
    QString env = m_environment.isEmpty() ? tr("environment") : m_environment;
    if (const auto& workspace = m_controller->workspace())
        if (const workspace::Environment* unit = workspace->config.find(m_environment))
            env = models::EnvironmentListModel::label(*unit); // "web · staging", as the selector says
    const bool computing = m_changed->isChecked() && m_controller->markedEnvironment() != m_environment;
    m_changed->setEnabled(!m_environment.isEmpty());
    m_changed->setText(computing ? tr("Changed %1…").arg(env) : tr("Changed %1").arg(env));
    QString tip = tr("Only commits that changed what %1 renders to (its manifests), not merely its "
                     "files. Esc or unchecking shows every commit again.")
                      .arg(env);
    if (!m_changedNote.isEmpty())
        tip += QStringLiteral("\n") + m_changedNote.left(1).toUpper() + m_changedNote.mid(1) + QLatin1Char('.');
    m_changed->setToolTip(tip);
}

void HistoryPane::applyFilter() {
    m_filterDelay->stop();
    m_controller->setFilter(models::HistoryFilter::parse(m_filter->text()), m_allBranches->isChecked());
}

std::optional<git::ObjectId> HistoryPane::currentCommit() const {
    const auto* row = m_controller->historyModel()->rowAt(m_list->currentIndex().row());
    return row ? std::optional(row->commit.id) : std::nullopt;
}

QMenu* HistoryPane::currentCommitMenu() {
    const auto* row = m_controller->historyModel()->rowAt(m_list->currentIndex().row());
    return row ? commitMenu(row->commit.id, int(row->commit.parents.size())) : nullptr;
}

QMenu* HistoryPane::commitMenu(const git::ObjectId& commit, int parentCount) {
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Copy commit id"), this, [commit] { QGuiApplication::clipboard()->setText(commit.toHex()); });
    Q_EMIT commitMenuAboutToShow(menu, commit, parentCount);
    return menu;
}

void HistoryPane::onCurrentChanged() {
    // A model reset clears the current row; m_selected remembers it for onHistoryStarted.
    if (auto current = currentCommit()) {
        m_selected = current;
        m_controller->requestDetails(*current);
    }
}

void HistoryPane::onHistoryStarted() {
    // The model was just reset: keep the selection across refreshes and filter changes
    // when the commit is on the first page again.
    m_wanted = m_selected;
    m_chase = false;
    m_wantedPages = 0;
    m_firstPage = true;
    m_count->setText(QStringLiteral("…"));
    const bool filtered = m_controller->historyFiltered();
    m_list->header()->setToolTip(filtered ? tr("Filter active: the graph shows dots only, since the listed "
                                               "commits are not connected to each other.")
                                          : QString());
}

bool HistoryPane::trySelect(const git::ObjectId& commit) {
    const int row = m_controller->historyModel()->rowOf(commit);
    if (row < 0)
        return false;
    const QModelIndex index = m_list->model()->index(row, HistoryModel::SummaryColumn);
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
    return true;
}

void HistoryPane::selectCommit(const git::ObjectId& commit) {
    if (trySelect(commit)) {
        m_wanted.reset();
        return;
    }
    auto* model = m_controller->historyModel();
    m_wanted = commit;
    m_chase = true;
    m_wantedPages = 0;
    if (model->canFetchMore({}))
        model->fetchMore({});
}

void HistoryPane::onPageLoaded(bool atEnd) {
    auto* model = m_controller->historyModel();
    updateCount();
    fitGraphColumn();
    if (m_wanted) {
        if (trySelect(*m_wanted)) {
            m_wanted.reset();
        } else if (m_chase && !atEnd && ++m_wantedPages < kMaxPagesToFindCommit && model->canFetchMore({})) {
            model->fetchMore({});
        } else {
            m_wanted.reset();
        }
    }
    if (m_firstPage) {
        m_firstPage = false;
        if (!m_list->currentIndex().isValid() && model->rowCount() > 0)
            m_list->setCurrentIndex(model->index(0, HistoryModel::SummaryColumn));
        if (model->rowCount() == 0) {
            const bool empty = m_controller->info().empty && !m_controller->historyFiltered();
            m_details->showPlaceholder(empty ? tr("This repository has no commits yet.") : tr("No commits match the filter."));
        }
    }
}

void HistoryPane::updateCount() {
    auto* model = m_controller->historyModel();
    const QString number = QLocale().toString(model->rowCount());
    const QString noun = !m_controller->historyFiltered() ? tr("commits") : tr("matches");
    QString text = model->atEnd() ? QStringLiteral("%1 %2").arg(number, noun) : QStringLiteral("%1+ %2").arg(number, noun);
    if (!m_changedNote.isEmpty() && !m_controller->markedEnvironment().isEmpty())
        text += QStringLiteral(" (%1)").arg(m_changedNote);
    m_count->setText(text);
}

void HistoryPane::fitGraphColumn() {
    // Grow (never shrink while paging) up to a third of the list, so wide graphs stay readable.
    const int lanes = m_controller->historyModel()->isFiltered() ? 1 : m_controller->historyModel()->maxGraphWidth();
    const int title = m_list->header()->fontMetrics().horizontalAdvance(tr("Graph")) + 16;
    const int wanted =
        std::min(std::max(title, GraphDelegate::graphWidth(std::max(lanes, 1))), std::max(60, m_list->width() / 3));
    QHeaderView* header = m_list->header();
    if (m_firstPage || wanted > header->sectionSize(HistoryModel::GraphColumn))
        header->resizeSection(HistoryModel::GraphColumn, wanted);
}

} // namespace syncline::ui
