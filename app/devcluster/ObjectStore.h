#pragma once

#include "Json.h"

#include <QByteArray>
#include <QObject>

#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace syncline::devcluster {

class Persistence;

// A change, as watches report it.
struct WatchEvent {
    QByteArray type; // ADDED, MODIFIED, DELETED
    std::string storeId;
    Json object;
    quint64 resourceVersion = 0;
};

// Every object, per resource (group/plural), ordered by "namespace/name" so lists and
// pagination are stable. One global resourceVersion counter; each write bumps it, is
// appended to the persistence log and is kept in a bounded history for watches.
class ObjectStore : public QObject {
    Q_OBJECT
public:
    using Bucket = std::map<std::string, Json>;

    explicit ObjectStore(Persistence* persistence, QObject* parent = nullptr);

    static std::string key(const std::string& ns, const std::string& name) { return ns + '/' + name; }

    const Json* find(const std::string& storeId, const std::string& ns, const std::string& name) const;
    const Bucket* bucket(const std::string& storeId) const;
    std::vector<std::string> storeIds() const;
    quint64 resourceVersion() const { return m_resourceVersion; }

    // Stores an object (assigning metadata.resourceVersion) and returns the stored copy.
    const Json& put(const std::string& storeId, Json object);
    // The same, but written to the log first: when the log cannot take it (disk full) nothing
    // changes and the reason is in `error` (nullptr returned), so no write is acknowledged
    // that a restart would lose.
    const Json* tryPut(const std::string& storeId, Json object, QString* error);
    // Removes an object; the DELETED event carries it with a new resourceVersion.
    void remove(const std::string& storeId, const std::string& ns, const std::string& name);

    // Loading from disk: no events, no log records.
    void restore(const std::string& storeId, Json object);
    void restoreResourceVersion(quint64 resourceVersion);

    // Events after `resourceVersion`; `tooOld` when the history no longer reaches back.
    std::vector<const WatchEvent*> eventsSince(quint64 resourceVersion, bool* tooOld) const;

Q_SIGNALS:
    void changed(const WatchEvent& event);

private:
    void remember(WatchEvent event);
    const Json& keep(const std::string& storeId, Json object);

    Persistence* m_persistence;
    std::unordered_map<std::string, Bucket> m_buckets;
    quint64 m_resourceVersion = 0;
    std::deque<WatchEvent> m_history;
};

} // namespace syncline::devcluster
