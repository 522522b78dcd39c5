#include "ActivityDock.h"

#include "ActivityModel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace syncline::ui {

ActivityDock::ActivityDock(QWidget* parent, const QString& logFile)
    : QDockWidget(tr("Activity"), parent),
      m_model(logFile.isEmpty() ? new models::ActivityModel(activity::ActivityLog::defaultFile(), this)
                                : new models::ActivityModel(logFile, this)),
      m_table(new QTableView(this)), m_note(new QLabel(this)), m_export(new QPushButton(tr("&Export…"), this)),
      m_watcher(new QFileSystemWatcher(this)), m_reloadDelay(new QTimer(this)) {
    setObjectName(QStringLiteral("activityDock"));
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Activity"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_export->setToolTip(tr("Save the activity as JSON lines"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText); // paths, errors and typed words: shown, never rendered
    m_note->hide();
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_note, 1);
    bottom->addWidget(m_export);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table);
    layout->addLayout(bottom);
    setWidget(body);
    // Writes come in bursts (a sync and its consent); one read after them.
    m_reloadDelay->setSingleShot(true);
    m_reloadDelay->setInterval(100);
    connect(m_reloadDelay, &QTimer::timeout, this, &ActivityDock::reload);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_reloadDelay, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_reloadDelay, qOverload<>(&QTimer::start));
    connect(m_export, &QPushButton::clicked, this, &ActivityDock::chooseExportFile);
    reload();
}

QString ActivityDock::noteText() const { return m_note->isHidden() ? QString() : m_note->text(); }

void ActivityDock::reload() {
    m_model->reload();
    m_table->resizeColumnsToContents();
    QString note = m_model->error();
    if (note.isEmpty() && m_model->skipped() > 0)
        note = tr("%n line(s) of the activity log are not entries and were skipped.", nullptr, m_model->skipped());
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    watch();
}

// The file (rewritten when it is shortened) and its folder (the file may not exist yet).
void ActivityDock::watch() {
    const QString file = m_model->logFile();
    const QString folder = QFileInfo(file).absolutePath();
    QDir().mkpath(folder);
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
        m_watcher->addPath(file);
}

bool ActivityDock::exportTo(const QString& path) {
    QSaveFile file(path);
    const QByteArray lines = m_model->toJsonLines();
    if (file.open(QIODevice::WriteOnly) && file.write(lines) == lines.size() && file.commit())
        return true;
    m_note->setText(tr("Could not export to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    m_note->show();
    return false;
}

void ActivityDock::chooseExportFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Activity"),
                                                      QDir::home().filePath(QStringLiteral("syncline-activity.jsonl")),
                                                      tr("JSON lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path);
}

} // namespace syncline::ui
