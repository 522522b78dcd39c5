#pragma once

#include "workspace/FolderEnvironments.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace syncline::models {
class RepositoryController;
}

namespace syncline::ui {

// For a repository where nothing was detected: the folders that could be environments,
// with checkboxes; the syncline.yaml the checked ones make, previewed as it will be
// committed; "Commit syncline.yaml" commits just that file on the branch (your working
// tree is left alone), and the workspace is read again.
class EnvironmentFoldersDialog : public QDialog {
    Q_OBJECT
public:
    EnvironmentFoldersDialog(models::RepositoryController* controller, QWidget* parent = nullptr);

    QListWidget* folders() const { return m_folders; }
    QString previewText() const;
    QPushButton* commitButton() const { return m_commit; }
    QString statusText() const;
    // The checked folders, in the list's order.
    std::vector<workspace::FolderEnvironments::Folder> chosen() const;

private:
    void showFolders(const std::vector<workspace::FolderEnvironments::Folder>& folders);
    void updatePreview();
    void commit();

    models::RepositoryController* m_controller;
    std::vector<workspace::FolderEnvironments::Folder> m_candidates;
    QListWidget* m_folders;
    QPlainTextEdit* m_preview;
    QLabel* m_status;
    QPushButton* m_commit;
};

} // namespace syncline::ui
