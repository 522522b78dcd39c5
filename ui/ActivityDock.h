#pragma once

#include <QDockWidget>

class QFileSystemWatcher;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace syncline::models {
class ActivityModel;
}

namespace syncline::ui {

// View ▸ Activity (Ctrl+Shift+A): every promotion, revert, rollback, sync and cluster
// consent, from the window and the command line, newest first — time, user, what, result
// and what it touched. Kept across restarts (the activity log); it follows the log file as
// any process writes it. Export… saves the entries as JSON lines.
class ActivityDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ActivityDock(QWidget* parent = nullptr, const QString& logFile = {});

    models::ActivityModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* exportButton() const { return m_export; }
    // What the note under the table says: lines skipped, or why the log could not be read.
    QString noteText() const;
    // Writes the entries as JSON lines to `path`; false with the reason in noteText().
    bool exportTo(const QString& path);

private:
    void reload();
    void watch();
    void chooseExportFile();

    models::ActivityModel* m_model;
    QTableView* m_table;
    QLabel* m_note;
    QPushButton* m_export;
    QFileSystemWatcher* m_watcher;
    QTimer* m_reloadDelay;
};

} // namespace syncline::ui
