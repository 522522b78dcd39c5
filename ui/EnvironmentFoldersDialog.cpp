#include "EnvironmentFoldersDialog.h"

#include "RepositoryController.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncline::ui {

EnvironmentFoldersDialog::EnvironmentFoldersDialog(models::RepositoryController* controller, QWidget* parent)
    : QDialog(parent), m_controller(controller), m_folders(new QListWidget(this)), m_preview(new QPlainTextEdit(this)),
      m_status(new QLabel(tr("Reading the branch's folders…"), this)) {
    setWindowTitle(tr("Choose Environment Folders"));
    auto* intro = new QLabel(tr("Nothing in this repository says which folders are environments. Check the folders that "
                                "are; Syncline commits them as syncline.yaml, promoted in the order listed (its "
                                "promotion: list can change that later)."),
                             this);
    intro->setWordWrap(true);
    m_folders->setAccessibleName(tr("Folders"));
    m_preview->setReadOnly(true);
    m_preview->setAccessibleName(tr("syncline.yaml preview"));
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText); // paths, errors and typed words: shown, never rendered
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_commit = buttons->addButton(tr("&Commit syncline.yaml"), QDialogButtonBox::AcceptRole);
    m_commit->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_commit, &QPushButton::clicked, this, &EnvironmentFoldersDialog::commit);
    connect(m_folders, &QListWidget::itemChanged, this, &EnvironmentFoldersDialog::updatePreview);
    connect(controller, &models::RepositoryController::environmentFoldersListed, this, &EnvironmentFoldersDialog::showFolders);
    connect(controller, &models::RepositoryController::environmentFoldersFailed, this,
            [this](const util::Error& error) { m_status->setText(error.toString()); });
    connect(controller, &models::RepositoryController::workspaceWritten, this, &QDialog::accept);
    connect(controller, &models::RepositoryController::workspaceWriteFailed, this, [this](const util::Error& error) {
        m_status->setText(tr("Not committed: %1").arg(error.toString()));
        m_commit->setEnabled(true);
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_folders, 1);
    layout->addWidget(new QLabel(tr("syncline.yaml:"), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(640, 560);
    controller->listEnvironmentFolders();
}

QString EnvironmentFoldersDialog::previewText() const { return m_preview->toPlainText(); }

QString EnvironmentFoldersDialog::statusText() const { return m_status->text(); }

void EnvironmentFoldersDialog::showFolders(const std::vector<workspace::FolderEnvironments::Folder>& folders) {
    m_candidates = folders;
    m_folders->clear();
    for (const auto& folder : folders) {
        auto* item =
            new QListWidgetItem(QStringLiteral("%1  (%2)").arg(folder.path, workspace::rendererName(folder.renderer)), m_folders);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_status->setText(folders.empty() ? tr("No folder on this branch holds Kubernetes YAML, a kustomization or a chart.")
                                      : QString());
    updatePreview();
}

std::vector<workspace::FolderEnvironments::Folder> EnvironmentFoldersDialog::chosen() const {
    std::vector<workspace::FolderEnvironments::Folder> picked;
    for (int row = 0; row < m_folders->count() && row < int(m_candidates.size()); ++row)
        if (m_folders->item(row)->checkState() == Qt::Checked)
            picked.push_back(m_candidates[std::size_t(row)]);
    return picked;
}

void EnvironmentFoldersDialog::updatePreview() {
    const auto picked = chosen();
    m_commit->setEnabled(!picked.empty());
    m_preview->setPlainText(picked.empty() ? QString()
                                           : QString::fromUtf8(workspace::FolderEnvironments::configFor(picked).toYaml()));
}

void EnvironmentFoldersDialog::commit() {
    const auto picked = chosen();
    if (picked.empty())
        return;
    m_commit->setEnabled(false);
    m_status->setText(tr("Committing syncline.yaml…"));
    m_controller->writeWorkspaceConfig(workspace::FolderEnvironments::configFor(picked));
}

} // namespace syncline::ui
