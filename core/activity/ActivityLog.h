#pragma once

#include "activity/ActivityEntry.h"
#include "util/Result.h"

#include <QString>

#include <vector>

namespace syncline::activity {

// The user's activity, one JSON object per line in $XDG_DATA_HOME/syncline/activity.jsonl
// (~/.local/share/… when unset), shared by the window and the command line. Appends take a
// lock file so two processes never interleave a line; past its bound (kMaxBytes) the
// oldest half is dropped. Reading is bounded too and skips lines that are not entries (counted), so a
// damaged or hostile file costs a warning, never the window.
class ActivityLog {
public:
    static constexpr qint64 kMaxBytes = 4 * 1024 * 1024;

    // `maxBytes`: the bound (tests make it small).
    explicit ActivityLog(QString file = defaultFile(), qint64 maxBytes = kMaxBytes);
    static QString defaultFile();
    QString file() const { return m_file; }

    util::Result<void> append(const ActivityEntry& entry);
    // Appends to the default log; a log that cannot be written is a warning (qWarning),
    // never a failure of what was done.
    static void record(const ActivityEntry& entry);

    struct Read {
        std::vector<ActivityEntry> entries; // oldest first
        int skipped = 0;                    // lines that were not entries
    };
    // The newest `limit` entries (all of the last bound's bytes when limit <= 0).
    util::Result<Read> read(int limit = 0) const;

private:
    util::Result<void> dropOldestHalf();

    QString m_file;
    qint64 m_maxBytes;
};

} // namespace syncline::activity
