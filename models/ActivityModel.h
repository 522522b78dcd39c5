#pragma once

#include "activity/ActivityLog.h"

#include <QAbstractTableModel>

#include <vector>

namespace syncline::models {

// The Activity dock's rows: the activity log, newest first. reload() reads the log again
// (the dock calls it when the file changes, whichever process wrote it).
class ActivityModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, UserColumn, WhatColumn, ResultColumn, TargetColumn, ColumnCount };
    enum Role { SucceededRole = Qt::UserRole + 1 };

    explicit ActivityModel(QString logFile = activity::ActivityLog::defaultFile(), QObject* parent = nullptr);

    QString logFile() const { return m_log.file(); }
    void reload();
    const std::vector<activity::ActivityEntry>& entries() const { return m_entries; } // newest first
    int skipped() const { return m_skipped; }
    QString error() const { return m_error; }
    // The entries as the log's JSON lines, oldest first (Export…).
    QByteArray toJsonLines() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant text(const activity::ActivityEntry& entry, int column) const;

    activity::ActivityLog m_log;
    std::vector<activity::ActivityEntry> m_entries;
    int m_skipped = 0;
    QString m_error;
};

} // namespace syncline::models
