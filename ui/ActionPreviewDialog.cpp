#include "ActionPreviewDialog.h"

#include "ActionController.h"
#include "DiffView.h"
#include "diff/DiffEngine.h"
#include "git/Pusher.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QString fileLine(const git::FileChange& file) {
    const QString path = file.newPath.isEmpty() ? file.oldPath : file.newPath;
    return QStringLiteral("%1   +%2 −%3").arg(path).arg(file.additions).arg(file.deletions);
}

// One environment's rendered change as a patch: each changed object, before → after.
QString renderedPatch(const actions::EnvironmentChange& change) {
    QString patch;
    for (const QString& error : change.renderErrors)
        patch += QCoreApplication::translate("ActionPreviewDialog", "# render error: %1").arg(error) + QLatin1Char('\n');
    for (const diff::ResourceDiff& resource : change.diff.resources) {
        if (resource.state == diff::ResourceState::Same)
            continue;
        const QString verb =
            resource.state == diff::ResourceState::Missing ? QCoreApplication::translate("ActionPreviewDialog", "added")
            : resource.state == diff::ResourceState::Extra ? QCoreApplication::translate("ActionPreviewDialog", "removed")
                                                           : QCoreApplication::translate("ActionPreviewDialog", "modified");
        patch += QStringLiteral("# %1 (%2)\n").arg(resource.key.toString(), verb);
        patch += resource.unifiedDiff.isEmpty() ? diff::DiffEngine::unifiedDiff(resource) : resource.unifiedDiff;
        if (!patch.endsWith(QLatin1Char('\n')))
            patch += QLatin1Char('\n');
    }
    return patch;
}

QListWidget* makeList() {
    auto* list = new QListWidget;
    list->setMinimumWidth(220);
    return list;
}

} // namespace

ActionPreviewDialog::ActionPreviewDialog(models::ActionController* controller, const models::ActionRequest& request,
                                         QWidget* parent)
    : QDialog(parent), m_controller(controller), m_request(request) {
    setWindowTitle(request.title());
    setAttribute(Qt::WA_DeleteOnClose);
    resize(980, 680);

    m_title = new QLabel(QStringLiteral("<b>%1</b>").arg(request.title().toHtmlEscaped()));
    m_summary = new QLabel(tr("Preparing the preview…"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    buildTabs();
    buildRunControls();
    auto* buttons = buildButtons();

    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_syncAfter);
    progressRow->addStretch(1);
    progressRow->addWidget(m_status);
    progressRow->addWidget(m_progress);
    progressRow->addWidget(m_newBranch);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_outcome);
    layout->addLayout(progressRow);
    layout->addWidget(buttons);

    connectButtons();
    connectController();
}

// "Commit": the message and the changed files with their diffs; "Rendered manifests": each
// affected environment's rendered change.
void ActionPreviewDialog::buildTabs() {
    m_message = new QPlainTextEdit;
    m_message->setReadOnly(true);
    m_message->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_message->setMaximumHeight(110);
    m_files = makeList();
    m_fileDiff = new DiffView;
    auto* fileSplit = new QSplitter;
    fileSplit->addWidget(m_files);
    fileSplit->addWidget(m_fileDiff);
    fileSplit->setStretchFactor(1, 3);
    auto* commitPage = new QWidget;
    auto* commitLayout = new QVBoxLayout(commitPage);
    commitLayout->addWidget(new QLabel(tr("Commit message")));
    commitLayout->addWidget(m_message);
    commitLayout->addWidget(fileSplit, 1);

    m_environments = makeList();
    m_renderedDiff = new DiffView;
    auto* renderedSplit = new QSplitter;
    renderedSplit->addWidget(m_environments);
    renderedSplit->addWidget(m_renderedDiff);
    renderedSplit->setStretchFactor(1, 3);

    m_tabs = new QTabWidget;
    m_tabs->addTab(commitPage, tr("Commit"));
    m_tabs->addTab(renderedSplit, tr("Rendered manifests"));
}

// Below the tabs: sync afterwards, the run's stage and progress, and its outcome.
void ActionPreviewDialog::buildRunControls() {
    m_syncAfter = new QCheckBox(tr("Sync the affected environments afterwards"));
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_progress->setMaximumWidth(220);
    m_status = new QLabel;
    m_outcome = new QLabel;
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->setVisible(false);
}

// Commit, Commit && Push and Cancel, disabled until the preview is ready.
QDialogButtonBox* ActionPreviewDialog::buildButtons() {
    auto* buttons = new QDialogButtonBox;
    // Outside the button box: the box shows every button it lays out.
    m_newBranch = new QPushButton(tr("Push to a new branch"));
    m_newBranch->setVisible(false);
    m_commit = buttons->addButton(tr("Commit"), QDialogButtonBox::ActionRole);
    m_commitPush = buttons->addButton(tr("Commit && Push"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_commit->setEnabled(false);
    m_commitPush->setEnabled(false);
    m_syncAfter->setEnabled(false);
    return buttons;
}

void ActionPreviewDialog::connectButtons() {
    connect(m_files, &QListWidget::currentRowChanged, this, &ActionPreviewDialog::showFile);
    connect(m_environments, &QListWidget::currentRowChanged, this, &ActionPreviewDialog::showEnvironment);
    connect(m_commit, &QPushButton::clicked, this, [this] { startRun(false); });
    connect(m_commitPush, &QPushButton::clicked, this, [this] { startRun(true); });
    connect(m_newBranch, &QPushButton::clicked, this, [this] {
        setRunning(true, tr("Pushing to %1…").arg(m_newBranch->property("branch").toString()));
        m_controller->pushToNewBranch();
    });
    connect(m_cancel, &QPushButton::clicked, this, &ActionPreviewDialog::reject);
}

// The controller's answers: the preview, the run's progress and outcome, the push to a
// new branch offered after a rejection.
void ActionPreviewDialog::connectController() {
    connect(m_controller, &models::ActionController::previewReady, this, &ActionPreviewDialog::onPreviewReady);
    connect(m_controller, &models::ActionController::previewFailed, this,
            [this](const models::ActionRequest&, const util::Error& error) { onPreviewFailed(error); });
    connect(m_controller, &models::ActionController::runProgress, this,
            [this](const QString& stage, quint64 done, quint64 total) {
                m_status->setText(stage);
                m_progress->setRange(0, total > 0 ? 100 : 0);
                if (total > 0)
                    m_progress->setValue(int(done * 100 / total));
            });
    connect(m_controller, &models::ActionController::runFinished, this,
            [this](const std::shared_ptr<const actions::ActionOutcome>& outcome) { onRunFinished(*outcome); });
    connect(m_controller, &models::ActionController::runFailed, this, &ActionPreviewDialog::onRunFailed);
    connect(m_controller, &models::ActionController::newBranchPushed, this,
            [this](const QString& branch, const git::ObjectId& commit) {
                setRunning(false);
                m_newBranch->setVisible(false);
                showOutcome(m_outcome->text() + tr("<br>Pushed %1 to the new branch <b>%2</b> for review; the target "
                                                   "branch was not changed.")
                                                    .arg(commit.shortHex(), branch.toHtmlEscaped()),
                            false);
                Q_EMIT actionFinished(tr("Pushed %1 to %2").arg(commit.shortHex(), branch));
            });
    connect(m_controller, &models::ActionController::newBranchFailed, this, [this](const util::Error& error) {
        setRunning(false);
        showOutcome(m_outcome->text() + tr("<br>Pushing to a new branch failed: %1").arg(error.toString().toHtmlEscaped()), true);
    });
}

void ActionPreviewDialog::start() { m_controller->preview(m_request); }

void ActionPreviewDialog::onPreviewReady(const std::shared_ptr<const models::PreparedAction>& prepared) {
    m_prepared = prepared;
    const actions::ActionPreview& preview = *prepared->preview;
    const actions::ActionPlan& plan = preview.plan;
    QStringList lines;
    if (preview.isEmpty()) {
        lines << tr("Nothing to do: the branch %1 already has this change.").arg(plan.branch);
    } else if (plan.fastForwardTo) {
        lines << tr("Fast-forward %1 from %2 to %3 (no new commit).")
                     .arg(plan.branch, plan.expectedTip.shortHex(), plan.fastForwardTo->shortHex());
    } else {
        lines << tr("A new commit on %1 (now at %2); your working tree and index are not touched.")
                     .arg(plan.branch, plan.expectedTip.shortHex());
    }
    const QString upstream = prepared->upstream.mid(QStringLiteral("refs/remotes/").size());
    if (!upstream.isEmpty())
        lines << tr("Commit & Push publishes it to %1 (never forced); the clusters deploy %1.").arg(upstream);
    for (const QString& warning : plan.warnings)
        lines << QStringLiteral("⚠ ") + warning;
    if (const QString note = preview.unpublished.note(plan.branch); !note.isEmpty())
        lines << tr("⚠ %1 (Commit alone keeps them local)").arg(note);
    m_summary->setText(lines.join(QLatin1Char('\n')));

    m_message->setPlainText(plan.fastForwardTo ? QString() : plan.message);
    m_files->clear();
    for (const git::FileChange& file : preview.files)
        m_files->addItem(fileLine(file));
    m_environments->clear();
    for (const actions::EnvironmentChange& change : preview.environments)
        m_environments->addItem(tr("%1   %2 changed").arg(change.environment).arg(change.changedResources()));
    if (preview.environments.empty())
        m_renderedDiff->setNotice(tr("No environment's rendered manifests change."));
    if (m_files->count() > 0)
        m_files->setCurrentRow(0);
    if (m_environments->count() > 0)
        m_environments->setCurrentRow(0);

    const bool canWrite = !preview.isEmpty();
    m_commit->setEnabled(canWrite);
    m_commitPush->setEnabled(canWrite);
    m_commitPush->setDefault(canWrite);
    const QStringList syncs = m_controller->syncEnvironments();
    m_syncAfter->setText(syncs.isEmpty() ? tr("Sync afterwards")
                                         : tr("Sync %1 afterwards").arg(syncs.join(QStringLiteral(", "))));
    // With an upstream the engine deploys what was pushed: Sync follows Commit & Push only.
    m_syncAfter->setEnabled(canWrite && !syncs.isEmpty());
    m_syncAfter->setToolTip(upstream.isEmpty() ? QString()
                                               : tr("Clusters deploy %1: the sync runs after Commit & Push").arg(upstream));
    m_commit->setToolTip(upstream.isEmpty() ? QString() : tr("Commit locally; clusters keep running %1").arg(upstream));
}

void ActionPreviewDialog::onPreviewFailed(const util::Error& error) {
    m_summary->setText(QString());
    showOutcome(tr("Nothing was written. %1").arg(error.toString().toHtmlEscaped()), true);
    m_finished = true;
    m_cancel->setText(tr("Close"));
}

void ActionPreviewDialog::startRun(bool push) {
    if (!m_prepared)
        return;
    setRunning(true, push ? tr("Committing and pushing…") : tr("Committing…"));
    m_controller->run(push, m_syncAfter->isChecked());
}

void ActionPreviewDialog::setRunning(bool running, const QString& status) {
    m_running = running;
    m_progress->setVisible(running);
    m_progress->setRange(0, 0);
    m_status->setText(status);
    m_commit->setEnabled(false);
    m_commitPush->setEnabled(false);
    m_syncAfter->setEnabled(false);
    m_newBranch->setEnabled(!running);
    m_cancel->setText(running ? tr("Cancel") : tr("Close"));
}

void ActionPreviewDialog::onRunFinished(const actions::ActionOutcome& outcome) {
    setRunning(false);
    m_finished = true;
    QStringList lines;
    if (!outcome.newTip)
        lines << tr("Nothing to commit.");
    else if (outcome.fastForward)
        lines << tr("Fast-forwarded <b>%1</b> to %2.").arg(outcome.branch, outcome.newTip->shortHex());
    else
        lines << tr("Committed <b>%1</b> on %2.").arg(outcome.newTip->shortHex(), outcome.branch);
    bool error = false;
    if (outcome.push) {
        lines << tr("Pushed %1 (%n attempt(s)).", nullptr, outcome.push->attempts).arg(outcome.push->pushedCommit.shortHex());
        if (!outcome.push->remoteMessage.isEmpty())
            lines << tr("remote: %1").arg(outcome.push->remoteMessage.toHtmlEscaped());
    } else if (outcome.pushError) {
        error = true;
        lines << tr("Push failed; the commit is kept locally: ") + outcome.pushError->toString().toHtmlEscaped();
        if (!outcome.suggestedBranch.isEmpty()) {
            m_newBranch->setText(tr("Push to %1").arg(outcome.suggestedBranch));
            m_newBranch->setProperty("branch", outcome.suggestedBranch);
            m_newBranch->setVisible(true);
            m_newBranch->setEnabled(true);
        }
    }
    if (outcome.workTreeUpdated)
        lines << tr("The working tree was clean and now shows the new commit.");
    for (const QString& warning : outcome.warnings)
        lines << QStringLiteral("⚠ ") + warning.toHtmlEscaped();
    if (m_syncAfter->isChecked()) {
        const bool deploys = m_prepared && (m_prepared->upstream.isEmpty() || outcome.push);
        lines << (deploys ? tr("Sync requested; the Sync state pane shows its progress.")
                          : tr("Not synced: the clusters deploy the upstream, which does not have this commit."));
    }
    showOutcome(lines.join(QStringLiteral("<br>")), error);
    if (outcome.newTip)
        Q_EMIT actionFinished(tr("%1: %2 %3 on %4")
                                  .arg(m_request.title(), outcome.fastForward ? tr("fast-forwarded to") : tr("committed"),
                                       outcome.newTip->shortHex(), outcome.branch));
}

void ActionPreviewDialog::onRunFailed(const util::Error& error) {
    setRunning(false);
    m_finished = true;
    showOutcome(tr("Nothing was written. %1").arg(error.toString().toHtmlEscaped()), true);
}

void ActionPreviewDialog::showOutcome(const QString& text, bool error) {
    m_outcome->setText(text);
    m_outcome->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    m_outcome->setVisible(true);
}

void ActionPreviewDialog::showFile(int row) {
    if (!m_prepared || row < 0 || std::size_t(row) >= m_prepared->preview->files.size())
        return;
    const git::FileChange& file = m_prepared->preview->files[std::size_t(row)];
    if (file.binary)
        m_fileDiff->setNotice(tr("Binary file"));
    else
        m_fileDiff->setPatch(file.patch);
}

void ActionPreviewDialog::showEnvironment(int row) {
    if (!m_prepared || row < 0 || std::size_t(row) >= m_prepared->preview->environments.size())
        return;
    m_renderedDiff->setPatch(renderedPatch(m_prepared->preview->environments[std::size_t(row)]));
}

void ActionPreviewDialog::reject() {
    if (m_running) {
        m_controller->cancel(); // the run stops at its next step; the outcome still arrives
        m_status->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

QString ActionPreviewDialog::titleText() const { return m_request.title(); }
QString ActionPreviewDialog::messageText() const { return m_message->toPlainText(); }
QString ActionPreviewDialog::summaryText() const { return m_summary->text(); }

QString ActionPreviewDialog::outcomeText() const { return m_outcome->isVisible() ? m_outcome->text() : QString(); }

QStringList ActionPreviewDialog::fileNames() const {
    QStringList names;
    if (m_prepared)
        for (const git::FileChange& file : m_prepared->preview->files)
            names << (file.newPath.isEmpty() ? file.oldPath : file.newPath);
    return names;
}

QStringList ActionPreviewDialog::environmentNames() const {
    QStringList names;
    if (m_prepared)
        for (const auto& change : m_prepared->preview->environments)
            names << change.environment;
    return names;
}

QString ActionPreviewDialog::environmentPatch(const QString& environment) const {
    if (m_prepared)
        for (const auto& change : m_prepared->preview->environments)
            if (change.environment == environment)
                return renderedPatch(change);
    return {};
}

} // namespace syncline::ui
