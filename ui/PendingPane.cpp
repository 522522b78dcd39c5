#include "PendingPane.h"

#include "LocalChangesModel.h"
#include "PaneHeader.h"
#include "RepositoryController.h"
#include "ResourceDiffModel.h"
#include "SideBySideView.h"
#include "manifest/YamlWriter.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

using models::LocalChangesModel;

PendingPane::PendingPane(models::RepositoryController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_header(new PaneHeader(tr("Pending"), this)), m_status(new QLabel(this)),
      m_changes(new QTreeView(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_clusterTitle(new QLabel(this)),
      m_counts(new QLabel(this)), m_error(new QLabel(this)), m_clusterNote(new QLabel(this)), m_resourceView(new QTreeView(this)),
      m_showSame(new QCheckBox(tr("Show unchanged"), this)), m_syncSelected(new QPushButton(tr("Sync selected"), this)),
      m_diff(new SideBySideView(this)), m_resources(new models::ResourceDiffModel(this)) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addWidget(m_header);
    outer->addWidget(m_splitter, 1);
    auto* localPage = new QWidget(m_splitter);
    auto* layout = new QVBoxLayout(localPage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* localTitle = new QLabel(tr("Local changes"), this);
    QFont titleFont = localTitle->font();
    titleFont.setBold(true);
    localTitle->setFont(titleFont);
    localTitle->setContentsMargins(10, 8, 10, 0);
    layout->addWidget(localTitle);

    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setContentsMargins(10, 4, 10, 6);
    layout->addWidget(m_status);

    m_changes->setModel(controller->localChangesModel());
    m_changes->setAccessibleName(tr("Local changes"));
    m_changes->setUniformRowHeights(true);
    m_changes->setAllColumnsShowFocus(true);
    m_changes->setHeaderHidden(true);
    m_changes->setFrameShape(QFrame::NoFrame);
    m_changes->setIndentation(14);
    m_changes->header()->setStretchLastSection(true);
    // Wide enough for a short commit id; section titles span both columns.
    m_changes->header()->setSectionResizeMode(LocalChangesModel::StatusColumn, QHeaderView::Fixed);
    m_changes->header()->resizeSection(
        LocalChangesModel::StatusColumn,
        m_changes->indentation() +
            QFontMetrics(QFontDatabase::systemFont(QFontDatabase::FixedFont)).horizontalAdvance(QStringLiteral("00000000")) + 20);
    layout->addWidget(m_changes, 3);

    m_splitter->addWidget(localPage);
    buildClusterSection(titleFont);

    connect(controller->localChangesModel(), &QAbstractItemModel::modelReset, this, &PendingPane::showLocalChanges);
    connect(controller, &models::RepositoryController::openStarted, this, [this] { showMessage(tr("Reading working tree…")); });
    connect(controller, &models::RepositoryController::openFailed, this, [this] { showMessage(tr("No repository open.")); });
    connect(controller, &models::RepositoryController::closed, this, [this] { showMessage(tr("No repository open.")); });
    connect(controller, &models::RepositoryController::localChangesFailed, this,
            [this](const util::Error& error) { showMessage(tr("Cannot read the working tree: %1").arg(error.toString())); });
    showMessage(tr("No repository open."));
}

QString PendingPane::statusText() const { return m_status->text(); }

void PendingPane::buildClusterSection(const QFont& titleFont) {
    auto* page = new QWidget(m_splitter);
    m_resourcesPage = page;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* titleRow = new QHBoxLayout;
    titleRow->setContentsMargins(10, 8, 10, 2);
    titleRow->setSpacing(8);
    m_clusterTitle->setFont(titleFont);
    m_clusterTitle->setText(tr("Cluster diffs"));
    m_counts->setObjectName(QStringLiteral("clusterCounts"));
    m_counts->setTextFormat(Qt::PlainText);
    titleRow->addWidget(m_clusterTitle);
    titleRow->addWidget(m_counts, 1);
    layout->addLayout(titleRow);

    m_error->setObjectName(QStringLiteral("clusterError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel#clusterError { background: #fdecec; border: 1px solid #eeaaaa; "
                                          "color: #6b1414; border-radius: 3px; padding: 4px 6px; margin: 2px 8px; }"));
    m_error->hide();
    layout->addWidget(m_error);

    m_clusterNote->setWordWrap(true);
    m_clusterNote->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_clusterNote->setContentsMargins(10, 4, 10, 10);
    QPalette muted = m_clusterNote->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_clusterNote->setPalette(muted);
    m_counts->setPalette(muted);
    layout->addWidget(m_clusterNote);

    setUpResourceView();
    layout->addWidget(m_resourceView, 1);
    layout->addStretch(0); // takes the room when the list is hidden (an environment in sync)

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 6);
    m_showSame->setToolTip(tr("Also list the resources that match Git"));
    m_syncSelected->setToolTip(tr("Sync only the checked resources of this environment"));
    buttons->addWidget(m_showSame);
    buttons->addStretch(1);
    buttons->addWidget(m_syncSelected);
    layout->addLayout(buttons);
    m_splitter->addWidget(page);

    m_diff->setTitles(tr("Live (cluster)"), tr("Desired (Git)"));
    m_diff->setNotice(tr("Select a resource to see how the cluster differs from Git."));
    m_splitter->addWidget(buildDiffPanel());
    m_splitter->setChildrenCollapsible(false);
    // The diff is the main area; local changes and the resource list take what they need.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 3);

    connectClusterSection();
    showEnvironment(QString(), nullptr);
}

// Above the diff: Unified, Previous/Next change (Shift+F7/F7) and "change 1 of 3"; then
// the changed fields (path, live, desired) as Compare lists them; then the diff itself.
QWidget* PendingPane::buildDiffPanel() {
    m_diffPanel = new QWidget(m_splitter);
    m_unifiedButton = new QToolButton(m_diffPanel);
    m_unifiedButton->setText(tr("Unified"));
    m_unifiedButton->setCheckable(true);
    m_unifiedButton->setToolTip(tr("One column with - live and + desired lines, instead of side by side"));
    auto* previous = new QToolButton(m_diffPanel);
    previous->setText(tr("◀ Previous change"));
    previous->setToolTip(tr("Previous change (Shift+F7)"));
    auto* next = new QToolButton(m_diffPanel);
    next->setText(tr("Next change ▶"));
    next->setToolTip(tr("Next change (F7)"));
    m_changePosition = new QLabel(m_diffPanel);
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 4, 8, 2);
    controls->addWidget(m_unifiedButton);
    controls->addWidget(previous);
    controls->addWidget(next);
    controls->addWidget(m_changePosition, 1);
    m_fields = new QTreeWidget(m_diffPanel);
    m_fields->setHeaderLabels({tr("Changed field"), tr("Live (cluster)"), tr("Desired (Git)")});
    m_fields->setRootIsDecorated(false);
    m_fields->setUniformRowHeights(true);
    m_fields->setAccessibleName(tr("Changed fields"));
    m_fields->setMaximumHeight(fontMetrics().height() * 7);
    m_fields->hide();
    auto* layout = new QVBoxLayout(m_diffPanel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addWidget(m_fields);
    layout->addWidget(m_diff, 1);
    connect(m_unifiedButton, &QToolButton::toggled, m_diff, &SideBySideView::setUnified);
    connect(previous, &QToolButton::clicked, m_diff, &SideBySideView::previousChange);
    connect(next, &QToolButton::clicked, m_diff, &SideBySideView::nextChange);
    connect(new QShortcut(QKeySequence(Qt::Key_F7), this), &QShortcut::activated, m_diff, &SideBySideView::nextChange);
    connect(new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7), this), &QShortcut::activated, m_diff,
            &SideBySideView::previousChange);
    connect(m_diff, &SideBySideView::currentChangeChanged, this, &PendingPane::updateChangePosition);
    return m_diffPanel;
}

// A diff shown again after an environment in sync gets the larger part of the pane back.
void PendingPane::giveTheDiffRoom() {
    const QList<int> sizes = m_splitter->sizes();
    int total = 0;
    for (int size : sizes)
        total += size;
    if (sizes.size() == 3 && sizes[2] < total / 3)
        m_splitter->setSizes({total / 4, total / 4, total - 2 * (total / 4)});
}

void PendingPane::updateChangePosition(int index, int count) {
    m_changePosition->setText(count == 0 ? QString() : tr("change %1 of %2").arg(index + 1).arg(count));
}

QString PendingPane::changePositionText() const { return m_changePosition->text(); }

bool PendingPane::showsClusterDetails() const { return !m_diffPanel->isHidden(); }

void PendingPane::showChangedFields(const reconcile::ResourceStatus* status) {
    m_fields->clear();
    const bool any = status && !status->diff.changes.empty();
    m_fields->setVisible(any);
    if (!any)
        return;
    // The diff's left is Git, its right the cluster.
    for (const diff::FieldChange& change : status->diff.changes)
        new QTreeWidgetItem(m_fields, {change.path, change.right, change.left});
    m_fields->resizeColumnToContents(0);
}

// The environment's resources that differ from Git: name stretches, state and health fit.
void PendingPane::setUpResourceView() {
    m_resourceView->setModel(m_resources);
    m_resourceView->setObjectName(QStringLiteral("clusterResources"));
    m_resourceView->setAccessibleName(tr("Cluster resources"));
    m_resourceView->setRootIsDecorated(false);
    m_resourceView->setUniformRowHeights(true);
    m_resourceView->setAllColumnsShowFocus(true);
    m_resourceView->setFrameShape(QFrame::NoFrame);
    m_resourceView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_resourceView->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* header = m_resourceView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(models::ResourceDiffModel::ResourceColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(models::ResourceDiffModel::StateColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(models::ResourceDiffModel::HealthColumn, QHeaderView::ResizeToContents);
}

// "Show same" filters the list; checked resources enable "Sync selected", which asks for a
// sync of only those; the diff follows the current resource as its data changes.
void PendingPane::connectClusterSection() {
    connect(m_showSame, &QCheckBox::toggled, m_resources, &models::ResourceDiffModel::setShowSame);
    connect(m_showSame, &QCheckBox::toggled, this, [this] {
        updateClusterHeader();
        selectFirstResource();
    });
    connect(m_resources, &models::ResourceDiffModel::checkedChanged, this, &PendingPane::updateSyncButton);
    connect(m_resources, &QAbstractItemModel::modelReset, this, &PendingPane::updateSyncButton);
    connect(m_resources, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& first, const QModelIndex& last) {
        const int current = m_resourceView->currentIndex().row();
        if (current >= first.row() && current <= last.row())
            showResource();
    });
    connect(m_resources, &QAbstractItemModel::rowsRemoved, this, &PendingPane::showResource);
    connect(m_resourceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PendingPane::showResource);
    connect(m_syncSelected, &QPushButton::clicked, this, [this] {
        const auto keys = m_resources->checkedKeys();
        if (m_environment.isEmpty() || keys.empty())
            return;
        reconcile::SyncRequest request;
        request.environment = m_environment;
        request.only = keys;
        Q_EMIT syncRequested(request);
    });
}

void PendingPane::showEnvironment(const QString& environment, const reconcile::SnapshotPtr& snapshot, const QString& label) {
    m_environment = environment;
    m_label = label.isEmpty() ? environment : label;
    m_resources->setSnapshot(snapshot && snapshot->environment == environment ? snapshot : nullptr);
    updateClusterHeader();
    selectFirstResource();
    showResource();
}

// Diff first: with nothing selected, the first resource that differs is shown.
void PendingPane::selectFirstResource() {
    if (!m_resourceView->currentIndex().isValid() && m_resources->rowCount() > 0)
        m_resourceView->setCurrentIndex(m_resources->index(0, 0));
}

void PendingPane::applySnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot || snapshot->environment != m_environment)
        return;
    m_resources->setSnapshot(snapshot);
    updateClusterHeader();
    selectFirstResource();
}

QString PendingPane::clusterCountsText() const { return m_counts->text(); }

QString PendingPane::clusterErrorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

QString PendingPane::clusterNoteText() const { return m_clusterNote->isHidden() ? QString() : m_clusterNote->text(); }

void PendingPane::updateClusterHeader() {
    const reconcile::SnapshotPtr& snapshot = m_resources->snapshot();
    m_clusterTitle->setText(m_environment.isEmpty() ? tr("Cluster diffs") : tr("Cluster diffs · %1").arg(m_label));
    m_counts->setText(snapshot ? m_resources->countsText() : QString());
    QString error;
    if (snapshot && snapshot->error)
        error = QStringLiteral("⚠ ") + snapshot->error->toString();
    if (snapshot && snapshot->stale)
        error += (error.isEmpty() ? QStringLiteral("⚠ ") : QStringLiteral("\n")) +
                 tr("Stale: this is the last known state, not this cycle's.");
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    QString note;
    if (m_environment.isEmpty())
        note = tr("Select an environment to see what differs between Git and its cluster. "
                  "Compare (Ctrl+D) shows environment vs environment and commit vs commit.");
    else if (!snapshot)
        note = tr("No cluster reading for %1 yet.").arg(m_label);
    m_clusterNote->setText(note);
    m_clusterNote->setVisible(!note.isEmpty());
    // In sync (or nothing to show): one calm line — the header's "In sync: 6 resource(s)
    // match Git" — not an empty list over two empty boxes.
    const bool details = m_resources->rowCount() > 0 || m_showSame->isChecked();
    m_resourceView->setVisible(details);
    const bool wasHidden = m_diffPanel->isHidden();
    m_diffPanel->setVisible(details);
    if (details && wasHidden)
        giveTheDiffRoom();
    updateSyncButton();
}

void PendingPane::updateSyncButton() {
    const std::size_t checked = m_resources->checkedKeys().size();
    m_syncSelected->setEnabled(checked > 0);
    m_syncSelected->setText(checked > 0 ? tr("Sync %1 selected").arg(checked) : tr("Sync selected"));
}

void PendingPane::showResource() {
    const reconcile::ResourceStatus* status = m_resources->resourceAt(m_resourceView->currentIndex().row());
    showChangedFields(status);
    if (!status) {
        m_diff->setTitles(tr("Live (cluster)"), tr("Desired (Git)"));
        m_diff->setNotice(m_resources->rowCount() > 0 ? tr("Select a resource to see how the cluster differs from Git.")
                                                      : QString());
        return;
    }
    const auto yaml = [](const std::optional<nlohmann::ordered_json>& object) -> QString {
        return object ? QString::fromStdString(manifest::writeYaml(*object)) : QString();
    };
    const QString name = status->diff.key.toString();
    switch (status->diff.state) {
    case diff::ResourceState::Missing:
        m_diff->setTitles(tr("Live: not on the cluster"), tr("Desired (Git): %1").arg(name));
        break;
    case diff::ResourceState::Extra:
        m_diff->setTitles(tr("Live (cluster): %1").arg(name),
                          status->owned ? tr("Desired: gone from Git (prune candidate)") : tr("Desired: not in Git"));
        break;
    default:
        m_diff->setTitles(tr("Live (cluster)"), tr("Desired (Git)"));
        break;
    }
    if (!status->diff.left && !status->diff.right) {
        m_diff->setNotice(status->diff.state == diff::ResourceState::Same ? tr("%1 matches Git.").arg(name)
                                                                          : status->diff.unifiedDiff);
        return;
    }
    // Live on the left, desired on the right: read as "what Sync changes", like kubectl diff.
    m_diff->setTexts(yaml(status->diff.right), yaml(status->diff.left));
}

void PendingPane::showMessage(const QString& text) {
    m_status->setText(text);
    m_header->setDetail(QString());
}

void PendingPane::showLocalChanges() {
    const LocalChangesModel* model = m_controller->localChangesModel();
    if (!model->hasChanges())
        return;
    const git::LocalChanges& changes = model->changes();
    QStringList lines;
    if (changes.bare) {
        lines << tr("bare repository: no working tree");
    }
    if (changes.detached) {
        const auto& head = m_controller->info().head;
        lines << tr("HEAD is detached%1 — not on a branch, so there is nothing to push.")
                     .arg(head.commit ? tr(" at %1").arg(head.commit->shortHex()) : QString());
    } else if (changes.upstream.isEmpty()) {
        lines << tr("%1 has no upstream branch — unpushed commits are not tracked.").arg(changes.branch);
    } else {
        QString sync =
            tr("%1 ↔ %2   ↑%3 ahead   ↓%4 behind").arg(changes.branch, changes.upstream).arg(changes.ahead).arg(changes.behind);
        if (changes.ahead == 0 && changes.behind == 0)
            sync = tr("%1 ↔ %2   up to date").arg(changes.branch, changes.upstream);
        lines << sync;
    }
    if (!changes.bare && changes.files.empty())
        lines << tr("Working tree clean.");
    m_status->setText(lines.join(QLatin1Char('\n')));
    const int files = int(changes.files.size());
    m_header->setDetail(changes.bare ? QString() : tr("%1 changed · %2 unpushed").arg(files).arg(changes.ahead));
    for (int row = 0; row < model->rowCount(); ++row)
        m_changes->setFirstColumnSpanned(row, {}, true);
    m_changes->expandAll();
}

} // namespace syncline::ui
