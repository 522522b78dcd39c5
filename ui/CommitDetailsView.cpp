#include "CommitDetailsView.h"

#include "CommitFilesModel.h"
#include "DiffView.h"
#include "TimeText.h"
#include "util/Text.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace syncline::ui {

using models::CommitFilesModel;

namespace {

QString person(const git::Signature& signature) {
    return QCoreApplication::translate("CommitDetailsView", "%1 &lt;%2&gt;")
        .arg(signature.name.toHtmlEscaped(), signature.email.toHtmlEscaped());
}

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><td style=\"color:#6a737d; padding-right:10px\">%1</td><td>%2</td></tr>").arg(label, value);
}

} // namespace

CommitDetailsView::CommitDetailsView(QWidget* parent)
    : QWidget(parent), m_files(new CommitFilesModel(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_header(new QTextBrowser(this)), m_fileList(new QTreeView(this)), m_filesNote(new QLabel(this)),
      m_diff(new DiffView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_header->setOpenLinks(false);
    m_header->setAccessibleName(tr("Commit details"));
    m_header->setFrameShape(QFrame::NoFrame);
    m_header->document()->setDocumentMargin(8);
    connect(m_header, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() != QLatin1String("commit"))
            return;
        if (auto id = git::ObjectId::fromHex(url.path()))
            Q_EMIT parentActivated(*id);
    });

    auto* filesBox = new QWidget(this);
    auto* filesLayout = new QVBoxLayout(filesBox);
    filesLayout->setContentsMargins(0, 0, 0, 0);
    filesLayout->setSpacing(0);
    filesLayout->addWidget(m_fileList);
    filesLayout->addWidget(m_filesNote);
    m_filesNote->setContentsMargins(8, 2, 8, 2);
    m_filesNote->hide();

    m_fileList->setModel(m_files);
    m_fileList->setAccessibleName(tr("Changed files"));
    m_fileList->setRootIsDecorated(false);
    m_fileList->setUniformRowHeights(true);
    m_fileList->setAllColumnsShowFocus(true);
    m_fileList->setFrameShape(QFrame::NoFrame);
    m_fileList->header()->setStretchLastSection(false);
    m_fileList->header()->setSectionResizeMode(CommitFilesModel::KindColumn, QHeaderView::Fixed);
    m_fileList->header()->setSectionResizeMode(CommitFilesModel::PathColumn, QHeaderView::Stretch);
    m_fileList->header()->setSectionResizeMode(CommitFilesModel::StatsColumn, QHeaderView::ResizeToContents);
    m_fileList->header()->resizeSection(CommitFilesModel::KindColumn, 28);
    connect(m_fileList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showFile(current.row()); });

    m_splitter->addWidget(m_header);
    m_splitter->addWidget(filesBox);
    m_splitter->addWidget(m_diff);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 5);
    m_splitter->setSizes({130, 110, 300});
    showPlaceholder(tr("Select a commit to see its details."));
}

QString CommitDetailsView::headerText() const { return m_header->toPlainText(); }

QString CommitDetailsView::headerHtml(const git::CommitDetails& details) const {
    const int split = details.message.indexOf(QLatin1Char('\n'));
    const QString summary = split < 0 ? details.message : details.message.left(split);
    const QString body = split < 0 ? QString() : details.message.mid(split + 1).trimmed();

    QString html = QStringLiteral("<div style=\"font-size:large; font-weight:600\">%1</div>").arg(summary.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" style=\"margin-top:6px\">");
    html += row(tr("Commit"), QStringLiteral("<code>%1</code>").arg(details.id.toHex()));
    html += row(tr("Author"), person(details.author) + QStringLiteral(" · ") +
                                  models::fullTimeText(details.author.time, details.author.offsetMinutes));
    if (details.committer.name != details.author.name || details.committer.email != details.author.email ||
        details.committer.time != details.author.time)
        html += row(tr("Committer"), person(details.committer) + QStringLiteral(" · ") +
                                         models::fullTimeText(details.committer.time, details.committer.offsetMinutes));
    QStringList parents;
    for (const git::ObjectId& parent : details.parents)
        parents << QStringLiteral("<a href=\"commit:%1\"><code>%2</code></a>").arg(parent.toHex(), parent.shortHex(10));
    html += row(details.parents.size() > 1 ? tr("Parents") : tr("Parent"),
                parents.isEmpty() ? tr("none (root commit)") : parents.join(QStringLiteral(", ")));
    html += QStringLiteral("</table>");
    if (!body.isEmpty())
        html += QStringLiteral("<pre style=\"white-space:pre-wrap; margin-top:8px\">%1</pre>").arg(body.toHtmlEscaped());
    return html;
}

void CommitDetailsView::showDetails(std::shared_ptr<const git::CommitDetails> details) {
    m_details = std::move(details);
    if (!m_details)
        return showPlaceholder({});
    m_header->setHtml(headerHtml(*m_details));
    // Shares the details' own file list instead of copying patches.
    m_files->setChanges(std::shared_ptr<const git::TreeDiffResult>(m_details, &m_details->changes));
    QString note;
    if (m_details->changes.omittedFiles > 0)
        note = tr("… and %1 more changed files not listed").arg(m_details->changes.omittedFiles);
    else if (m_details->changes.files.empty())
        note = m_details->parents.size() > 1 ? tr("No changes against the first parent") : tr("No file changes");
    m_filesNote->setText(note);
    m_filesNote->setVisible(!note.isEmpty());
    if (m_files->rowCount() > 0)
        m_fileList->setCurrentIndex(m_files->index(0, 0));
    else
        m_diff->setNotice(QString());
}

void CommitDetailsView::showPlaceholder(const QString& text) {
    m_details.reset();
    m_files->clear();
    m_filesNote->hide();
    m_header->setHtml(QStringLiteral("<p style=\"color:#6a737d\">%1</p>").arg(text.toHtmlEscaped()));
    m_diff->setNotice(QString());
}

void CommitDetailsView::showError(const QString& text) {
    showPlaceholder(QString());
    m_header->setHtml(QStringLiteral("<p style=\"color:#b42318\">%1</p>").arg(text.toHtmlEscaped()));
}

void CommitDetailsView::showFile(int row) {
    const git::FileChange* change = m_files->fileAt(row);
    if (!change)
        return m_diff->setNotice(QString());
    if (change->tooLarge)
        return m_diff->setNotice(
            tr("File too large (%1) — diff not shown.").arg(util::formatByteSize(std::max(change->oldSize, change->newSize))));
    if (change->binary)
        return m_diff->setNotice(tr("Binary file — no text diff."));
    if (change->patch.isEmpty())
        return m_diff->setNotice(change->kind == git::FileChangeKind::Renamed ? tr("Renamed without content changes.")
                                                                              : tr("No content changes (mode or type change)."));
    m_diff->setPatch(change->patch);
}

} // namespace syncline::ui
