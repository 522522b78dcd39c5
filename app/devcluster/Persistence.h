#pragma once

#include "Json.h"
#include "util/Result.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <functional>
#include <string>

namespace syncline::devcluster {

// The store on disk: an append-only log of JSON lines in <data>/objects.log, one write()
// per change, so a SIGKILL at any moment leaves every completed request on disk and at
// most one torn last line. compact() rewrites the log as a snapshot through a temporary
// file and an atomic rename. Every file is created readable by its owner only (0600):
// Secrets are stored in it.
//
// load() is tolerant: a record that is not JSON, or whose fields have the wrong types, is
// reported ("objects.log:12: ...") and skipped, a torn last line is reported and
// ignored, and the good records load.
class Persistence {
public:
    explicit Persistence(QString dataDir);
    ~Persistence();

    struct Loaded {
        std::vector<std::pair<std::string, Json>> objects; // storeId, object
        quint64 resourceVersion = 0;
        QStringList problems; // "<file>:<line>: what", one per skipped line
    };
    util::Result<Loaded> load() const;
    QString logPath() const;
    // Keeps a copy of the log as it is now next to it (objects.log.damaged, 0600), before a
    // compaction drops the lines load() skipped.
    util::Result<QString> keepDamagedCopy() const;

    // Rewrites the log from `forEach` (which calls its argument once per object) and opens
    // it for appending.
    using ObjectVisitor = std::function<void(const std::string& storeId, const Json& object)>;
    util::Result<void> compact(const std::function<void(const ObjectVisitor&)>& forEach, quint64 resourceVersion);

    // False when the record could not be written whole (disk full, I/O error): see writeError().
    bool recordPut(const std::string& storeId, const Json& object);
    void recordDelete(const std::string& storeId, const std::string& key, quint64 resourceVersion);
    qint64 recordsSinceCompaction() const { return m_records; }
    QString writeError() const { return m_log.errorString(); }

private:
    bool append(const Json& record);

    QString m_dataDir;
    QFile m_log;
    qint64 m_records = 0;
};

} // namespace syncline::devcluster
