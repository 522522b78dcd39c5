#pragma once

#include "git/CommitDetails.h"

#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;
class QTextBrowser;
class QTreeView;

namespace syncline::models {
class CommitFilesModel;
}

namespace syncline::ui {

class DiffView;

// One commit: header (id, author, committer, dates, clickable parents, full message), the
// files it changed (kind, path, +/- counts) and the unified diff of the selected file.
class CommitDetailsView : public QWidget {
    Q_OBJECT
public:
    explicit CommitDetailsView(QWidget* parent = nullptr);

    void showDetails(std::shared_ptr<const git::CommitDetails> details);
    void showPlaceholder(const QString& text); // nothing selected, empty repository, ...
    void showError(const QString& text);

    const git::CommitDetails* details() const { return m_details.get(); }
    QString headerText() const; // the header as plain text
    models::CommitFilesModel* filesModel() const { return m_files; }
    QTreeView* fileList() const { return m_fileList; }
    DiffView* diffView() const { return m_diff; }
    QSplitter* splitter() const { return m_splitter; }

Q_SIGNALS:
    void parentActivated(const syncline::git::ObjectId& commit);

private:
    void showFile(int row);
    QString headerHtml(const git::CommitDetails& details) const;

    std::shared_ptr<const git::CommitDetails> m_details;
    models::CommitFilesModel* m_files;
    QSplitter* m_splitter;
    QTextBrowser* m_header;
    QTreeView* m_fileList;
    QLabel* m_filesNote;
    DiffView* m_diff;
};

} // namespace syncline::ui
