#include "PendingPane.h"

#include "PaneHeader.h"

#include "LocalChangesModel.h"
#include "RepositoryController.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace syncline::ui {

using models::LocalChangesModel;

PendingPane::PendingPane(models::RepositoryController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_header(new PaneHeader(QStringLiteral("Pending"), this))
    , m_status(new QLabel(this))
    , m_changes(new QTreeView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);

    auto* localTitle = new QLabel(QStringLiteral("Local changes"), this);
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
    m_changes->setUniformRowHeights(true);
    m_changes->setAllColumnsShowFocus(true);
    m_changes->setHeaderHidden(true);
    m_changes->setFrameShape(QFrame::NoFrame);
    m_changes->setIndentation(14);
    m_changes->header()->setStretchLastSection(true);
    // Wide enough for a short commit id; section titles span both columns.
    m_changes->header()->setSectionResizeMode(LocalChangesModel::StatusColumn, QHeaderView::Fixed);
    m_changes->header()->resizeSection(LocalChangesModel::StatusColumn,
                                       m_changes->indentation() + QFontMetrics(QFontDatabase::systemFont(QFontDatabase::FixedFont))
                                                                          .horizontalAdvance(QStringLiteral("00000000")) + 20);
    layout->addWidget(m_changes, 3);

    auto* clusterTitle = new QLabel(QStringLiteral("Cluster diffs"), this);
    clusterTitle->setFont(titleFont);
    clusterTitle->setContentsMargins(10, 8, 10, 0);
    auto* clusterNote = new QLabel(QStringLiteral("Desired vs live differences per environment arrive with cluster "
                                                  "support. Until then, Compare (Ctrl+D) shows environment vs "
                                                  "environment and commit vs commit."),
                                   this);
    clusterNote->setWordWrap(true);
    clusterNote->setContentsMargins(10, 4, 10, 10);
    QPalette muted = clusterNote->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    clusterNote->setPalette(muted);
    layout->addWidget(clusterTitle);
    layout->addWidget(clusterNote);
    layout->addStretch(1);

    connect(controller->localChangesModel(), &QAbstractItemModel::modelReset, this, &PendingPane::showLocalChanges);
    connect(controller, &models::RepositoryController::openStarted, this,
            [this] { showMessage(QStringLiteral("Reading working tree…")); });
    connect(controller, &models::RepositoryController::openFailed, this,
            [this] { showMessage(QStringLiteral("No repository open.")); });
    connect(controller, &models::RepositoryController::closed, this,
            [this] { showMessage(QStringLiteral("No repository open.")); });
    connect(controller, &models::RepositoryController::localChangesFailed, this, [this](const util::Error& error) {
        showMessage(QStringLiteral("Cannot read the working tree: ") + error.toString());
    });
    showMessage(QStringLiteral("No repository open."));
}

QString PendingPane::statusText() const { return m_status->text(); }

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
        lines << QStringLiteral("bare repository: no working tree");
    }
    if (changes.detached) {
        const auto& head = m_controller->info().head;
        lines << QStringLiteral("HEAD is detached%1 — not on a branch, so there is nothing to push.")
                     .arg(head.commit ? QStringLiteral(" at ") + head.commit->shortHex() : QString());
    } else if (changes.upstream.isEmpty()) {
        lines << QStringLiteral("%1 has no upstream branch — unpushed commits are not tracked.").arg(changes.branch);
    } else {
        QString sync = QStringLiteral("%1 ↔ %2   ↑%3 ahead   ↓%4 behind")
                           .arg(changes.branch, changes.upstream)
                           .arg(changes.ahead)
                           .arg(changes.behind);
        if (changes.ahead == 0 && changes.behind == 0)
            sync = QStringLiteral("%1 ↔ %2   up to date").arg(changes.branch, changes.upstream);
        lines << sync;
    }
    if (!changes.bare && changes.files.empty())
        lines << QStringLiteral("Working tree clean.");
    m_status->setText(lines.join(QLatin1Char('\n')));
    const int files = int(changes.files.size());
    m_header->setDetail(changes.bare ? QString()
                                     : QStringLiteral("%1 changed · %2 unpushed").arg(files).arg(changes.ahead));
    for (int row = 0; row < model->rowCount(); ++row)
        m_changes->setFirstColumnSpanned(row, {}, true);
    m_changes->expandAll();
}

} // namespace syncline::ui
