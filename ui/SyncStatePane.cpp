#include "SyncStatePane.h"

#include "PaneHeader.h"
#include "SyncStateDelegate.h"
#include "SyncStateModel.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace syncline::ui {

using models::SyncStateModel;

SyncStatePane::SyncStatePane(QWidget* parent)
    : QWidget(parent), m_header(new PaneHeader(tr("Sync state"), this)), m_stack(new QStackedWidget(this)),
      m_empty(new QLabel(this)), m_table(new QTableView(this)), m_note(new QLabel(this)), m_tablePage(new QWidget(this)),
      m_refreshAll(new QToolButton(this)), m_syncAll(new QToolButton(this)), m_delegate(new SyncStateDelegate(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    buildHeaderTools();
    confirmPrune = [this](const QString& environment) {
        return QMessageBox::question(this, tr("Sync with prune"),
                                     tr("Sync %1 and delete the objects Syncline applied there that are no longer in Git?\n\n"
                                        "Objects Syncline did not apply are never deleted.")
                                         .arg(environment),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };

    setEmptyReason(QString());
    const QPalette muted = setUpEmptyLabel();
    setUpTable();
    buildTablePage(muted);
    m_stack->addWidget(buildEmptyPage());
    m_stack->addWidget(m_tablePage);
}

// "Refresh all" and "Sync all" in the pane header, enabled once there are environments.
void SyncStatePane::buildHeaderTools() {
    m_refreshAll->setText(tr("Refresh all"));
    m_refreshAll->setToolTip(tr("Read every environment's cluster again now"));
    m_refreshAll->setObjectName(QStringLiteral("refreshAllButton"));
    m_syncAll->setText(tr("Sync all"));
    m_syncAll->setToolTip(tr("Apply what Git says to every environment's cluster (dry run first)"));
    m_syncAll->setObjectName(QStringLiteral("syncAllButton"));
    m_table->setAccessibleName(tr("Environments and their clusters"));
    for (QToolButton* button : {m_refreshAll, m_syncAll}) {
        button->setAutoRaise(true);
        button->setEnabled(false);
        m_header->addTool(button);
    }
    connect(m_refreshAll, &QToolButton::clicked, this, &SyncStatePane::refreshAllRequested);
    connect(m_syncAll, &QToolButton::clicked, this, &SyncStatePane::syncAllRequested);
}

// The empty page's text, muted; returns the muted palette for the table page's note.
QPalette SyncStatePane::setUpEmptyLabel() {
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    QPalette muted = m_empty->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_empty->setPalette(muted);

    return muted;
}

// One card per environment, drawn by the delegate; its buttons and the context menu act on
// that environment.
void SyncStatePane::setUpTable() {
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setMouseTracking(true);
    m_table->setItemDelegateForColumn(SyncStateModel::EnvironmentColumn, m_delegate);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setStyleSheet(QStringLiteral("QTableView::item { border-bottom: 1px solid palette(midlight); }"));
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (!index.isValid())
            return;
        if (index.data(SyncStateModel::IsGroupRole).toBool())
            placeMenu(index.data(SyncStateModel::PlaceRole).toString())->popup(m_table->viewport()->mapToGlobal(pos));
        else
            showMenu(index.data(SyncStateModel::EnvironmentRole).toString(), m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_delegate, &SyncStateDelegate::buttonClicked, this,
            [this](const QModelIndex& index, SyncStateDelegate::Button button) {
                const QString env = index.data(SyncStateModel::EnvironmentRole).toString();
                switch (button) {
                case SyncStateDelegate::Button::Refresh:
                    Q_EMIT refreshRequested(env);
                    break;
                case SyncStateDelegate::Button::Sync:
                    if (index.data(SyncStateModel::NeedsTrustRole).toBool())
                        Q_EMIT trustRequested(env); // the button reads "Trust…": nothing is sent before that
                    else if (index.data(SyncStateModel::NeedsTokenRole).toBool())
                        Q_EMIT tokenRequested(env); // the button reads "Token…": a Sync would be refused
                    else
                        requestSync(env, false);
                    break;
                case SyncStateDelegate::Button::More: {
                    const QRect rect = SyncStateDelegate::buttonRect(m_table->visualRect(index), m_table->fontMetrics(),
                                                                     SyncStateDelegate::Button::More);
                    const QPoint where = m_table->viewport()->mapToGlobal(rect.bottomLeft());
                    if (index.data(SyncStateModel::IsGroupRole).toBool())
                        placeMenu(index.data(SyncStateModel::PlaceRole).toString())->popup(where);
                    else
                        showMenu(env, where);
                    break;
                }
                }
            });
}

// The table with a note below it.
void SyncStatePane::buildTablePage(const QPalette& muted) {
    m_note->setText(tr("No cluster read yet: Refresh reads each environment's cluster (sync, health, "
                       "deployed revision); its ⋯ menu sets which cluster that is."));
    m_note->setWordWrap(true);
    m_note->setPalette(muted);
    auto* tableLayout = new QVBoxLayout(m_tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_table, 1);
    auto* noteHolder = new QWidget(m_tablePage);
    noteHolder->setObjectName(QStringLiteral("noteHolder"));
    auto* noteLayout = new QVBoxLayout(noteHolder);
    noteLayout->setContentsMargins(12, 8, 12, 10);
    noteLayout->addWidget(m_note);
    tableLayout->addWidget(noteHolder);
}

QWidget* SyncStatePane::buildEmptyPage() {
    // The margins live on a holder: a word-wrapped QLabel lays out to its full width.
    auto* emptyHolder = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(emptyHolder);
    emptyLayout->setContentsMargins(24, 24, 24, 24);
    emptyLayout->addWidget(m_empty);
    m_chooseFolders = new QPushButton(tr("Choose environment folders…"), emptyHolder);
    m_chooseFolders->setToolTip(tr("Pick the folders that are environments and commit them as syncline.yaml"));
    m_chooseFolders->hide();
    m_openDemo = new QPushButton(tr("Open the demo"), emptyHolder);
    m_openDemo->setToolTip(tr("A sample GitOps repository with three local clusters, in a window of its own"));
    connect(m_chooseFolders, &QPushButton::clicked, this, &SyncStatePane::chooseFoldersRequested);
    connect(m_openDemo, &QPushButton::clicked, this, &SyncStatePane::demoRequested);
    emptyLayout->addWidget(m_chooseFolders, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(m_openDemo, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();
    return emptyHolder;
}

void SyncStatePane::setModel(SyncStateModel* model) {
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_table->setModel(model);
    for (int column = 1; model && column < model->columnCount(); ++column)
        m_table->setColumnHidden(column, true);
    if (model) {
        connect(model, &QAbstractItemModel::modelReset, this, &SyncStatePane::updatePage);
        connect(model, &QAbstractItemModel::rowsInserted, this, &SyncStatePane::updatePage);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &SyncStatePane::updatePage);
        connect(model, &QAbstractItemModel::dataChanged, this, &SyncStatePane::onRowsChanged);
        connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (current.isValid() && !current.data(SyncStateModel::IsGroupRole).toBool())
                Q_EMIT environmentSelected(current.data(SyncStateModel::EnvironmentRole).toString());
        });
    }
    updatePage();
}

void SyncStatePane::onRowsChanged(const QModelIndex& first, const QModelIndex& last) {
    // A row grows a line for an error and loses it again; the others keep their place.
    for (int row = first.row(); row <= last.row(); ++row)
        m_table->resizeRowToContents(row);
    m_note->parentWidget()->setVisible(!m_model->hasSnapshots());
}

void SyncStatePane::updatePage() {
    const bool rows = m_model && m_model->rowCount() > 0;
    m_stack->setCurrentWidget(rows ? m_tablePage : m_stack->widget(0));
    m_refreshAll->setEnabled(rows);
    m_syncAll->setEnabled(rows);
    if (rows) {
        updateNote();
        m_table->resizeRowsToContents();
        m_note->parentWidget()->setVisible(!m_model->hasSnapshots());
        setEmptyReason(QString()); // a later empty workspace starts from the default text again
    }
}

// How much there is to read, in the words of the workspace: "6 applications in 2
// environments", or "3 environments" for a version-1 file.
QString SyncStatePane::extentText() const {
    if (!m_model)
        return {};
    const int units = int(m_model->environments().size());
    if (!m_model->hasGroups())
        return units == 1 ? tr("1 environment") : tr("%1 environments").arg(units);
    return applicationsInEnvironments(int(m_model->applications().size()), int(m_model->places().size()));
}

QString SyncStatePane::applicationsInEnvironments(int applications, int environments) {
    return tr("%1 in %2")
        .arg(applications == 1 ? tr("1 application") : tr("%1 applications").arg(applications),
             environments == 1 ? tr("1 environment") : tr("%1 environments").arg(environments));
}

void SyncStatePane::updateNote() {
    m_note->setText(tr("No cluster read yet for %1: Refresh reads each one's cluster (sync, health, "
                       "deployed revision); its ⋯ menu sets which cluster that is.")
                        .arg(extentText()));
}

void SyncStatePane::setEmptyReason(const QString& reason) {
    m_empty->setText(reason.isEmpty() ? tr("No applications or environments yet — they are read from syncline.yaml, or "
                                           "detected from Argo CD Applications, Flux Kustomizations and "
                                           "folders such as overlays/<env> (`syncline detect` shows what "
                                           "was found and why).")
                                      : reason);
}

void SyncStatePane::setCanChooseFolders(bool can) { m_chooseFolders->setVisible(can); }

bool SyncStatePane::showsTable() const { return m_stack->currentWidget() == m_tablePage; }

QString SyncStatePane::emptyText() const { return m_empty->text(); }

QString SyncStatePane::noteText() const { return m_note->text(); }

QString SyncStatePane::currentEnvironment() const {
    return m_table->currentIndex().data(SyncStateModel::EnvironmentRole).toString();
}

void SyncStatePane::selectEnvironment(const QString& environment) {
    if (!m_model || environment == currentEnvironment())
        return;
    const int row = m_model->rowOf(environment);
    if (row < 0)
        return;
    m_table->setCurrentIndex(m_model->index(row, 0));
    m_table->scrollTo(m_model->index(row, 0));
}

QStringList SyncStatePane::rowLines(const QString& environment) const {
    const int row = m_model ? m_model->rowOf(environment) : -1;
    return row < 0 ? QStringList() : SyncStateDelegate::lines(m_model->index(row, 0));
}

void SyncStatePane::requestSync(const QString& environment, bool prune) {
    // Asked about "web · staging", as the card reads, not the unit's name.
    const workspace::Environment* unit = m_model ? m_model->environment(environment) : nullptr;
    const QString label = unit && !unit->application.isEmpty()
                              ? unit->applicationName() + QStringLiteral(" · ") + unit->environmentName()
                              : environment;
    if (prune && !(confirmPrune && confirmPrune(label)))
        return;
    reconcile::SyncRequest request;
    request.environment = environment;
    request.prune = prune;
    Q_EMIT syncRequested(request);
}

QMenu* SyncStatePane::environmentMenu(const QString& environment) {
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    // As users say it: "web · staging" for an application, the name for a version-1 environment.
    const QString shown = m_model ? m_model->labelOf(environment) : environment;
    addTokenAction(menu, environment);
    menu->addAction(tr("Refresh %1").arg(shown), this, [this, environment] { Q_EMIT refreshRequested(environment); });
    menu->addAction(tr("Sync %1").arg(shown), this, [this, environment] { requestSync(environment, false); });
    QAction* prune =
        menu->addAction(tr("Sync %1 with prune…").arg(shown), this, [this, environment] { requestSync(environment, true); });
    prune->setToolTip(tr("Also delete objects Syncline applied that are no longer in Git"));
    // Server-side apply refuses to change fields another field manager (kubectl edit, a
    // controller) set last; taking them over is the user's explicit choice.
    QAction* force = menu->addAction(tr("Sync %1, taking over conflicting fields").arg(shown), this, [this, environment] {
        reconcile::SyncRequest request;
        request.environment = environment;
        request.force = true;
        Q_EMIT syncRequested(request);
    });
    force->setToolTip(tr("Server-side apply with force: Git's values win over fields other managers changed"));
    menu->addSeparator();
    menu->addAction(tr("Trust cluster…"), this, [this, environment] { Q_EMIT trustRequested(environment); })
        ->setToolTip(tr("What this repository's cluster for %1 is, and whether Syncline may use it").arg(shown));
    menu->addAction(tr("Edit cluster…"), this, [this, environment] { Q_EMIT clusterEditRequested(environment); });
    const workspace::Environment* unit = m_model ? m_model->environment(environment) : nullptr;
    if (unit && unit->helm && unit->helm->remoteChart)
        menu->addAction(tr("Allow chart repository %1…").arg(unit->helm->remoteChart->repositoryUrl), this,
                        [this] { Q_EMIT chartRepositoriesRequested(); })
            ->setToolTip(tr("Settings ▸ Charts: the chart hosts Syncline may pull charts from"));
    Q_EMIT environmentMenuAboutToShow(menu, environment);
    return menu;
}

// First in the menu when the cluster refused the credentials: nothing else would work.
void SyncStatePane::addTokenAction(QMenu* menu, const QString& environment) {
    const int row = m_model ? m_model->rowOf(environment) : -1;
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    if (!index.data(SyncStateModel::NeedsTokenRole).toBool())
        return;
    const auto snapshot = m_model->snapshot(environment);
    const QString cluster = snapshot && !snapshot->cluster.name.isEmpty() ? snapshot->cluster.name : environment;
    menu->addAction(tr("Enter a new token for %1…").arg(cluster), this,
                    [this, environment] { Q_EMIT tokenRequested(environment); })
        ->setToolTip(tr("The cluster refused the credentials Syncline sent (401): the token expired or was revoked"));
    menu->addSeparator();
}

QStringList SyncStatePane::headerLines(const QString& place) const {
    const int row = m_model ? m_model->groupRowOf(place) : -1;
    return row < 0 ? QStringList() : SyncStateDelegate::lines(m_model->index(row, 0));
}

// Every application of `place`: one request each, as if each card's button were clicked.
QMenu* SyncStatePane::placeMenu(const QString& place) {
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QStringList units = m_model ? m_model->unitsOf(place) : QStringList();
    const QString all = units.size() == 1 ? tr("the application") : tr("all %1 applications").arg(units.size());
    menu->addAction(tr("Refresh %1 of %2").arg(all, place), this, [this, units] {
        for (const QString& unit : units)
            Q_EMIT refreshRequested(unit);
    });
    menu->addAction(tr("Sync %1 of %2").arg(all, place), this, [this, units] { requestSyncOf(units, {}, false); });
    menu->addAction(tr("Sync %1 of %2 with prune…").arg(all, place), this,
                    [this, units, all, place] { requestSyncOf(units, tr("%1 of %2").arg(all, place), true); })
        ->setToolTip(tr("Also delete objects Syncline applied that are no longer in Git"));
    Q_EMIT placeMenuAboutToShow(menu, place);
    return menu;
}

void SyncStatePane::requestSyncOf(const QStringList& units, const QString& what, bool prune) {
    if (prune && !(confirmPrune && confirmPrune(what)))
        return; // asked once for the whole environment
    for (const QString& unit : units) {
        reconcile::SyncRequest request;
        request.environment = unit;
        request.prune = prune;
        Q_EMIT syncRequested(request);
    }
}

void SyncStatePane::showMenu(const QString& environment, const QPoint& globalPos) {
    environmentMenu(environment)->popup(globalPos);
}

} // namespace syncline::ui
