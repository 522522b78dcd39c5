#pragma once

#include "FieldSelector.h"
#include "LabelSelector.h"
#include "ObjectStore.h"

#include <QObject>
#include <QPointer>

#include <list>
#include <optional>

namespace syncline::devcluster {

class HttpConnection;

struct WatchFilter {
    std::string storeId;
    std::string ns; // empty: all namespaces
    LabelSelector labels;
    FieldSelector fields;
    bool matches(const Json& object) const;
};

// What a watch asked for besides its filter.
struct WatchRequest {
    std::optional<quint64> fromVersion; // none: the current objects first, as ADDED
    int timeoutSeconds = 0;             // 0: until the client or the server goes
    // allowWatchBookmarks: BOOKMARK events carrying only the current resourceVersion, typed
    // as this kind, sent as the real server's watch cache sends them.
    bool bookmarks = false;
    QString apiVersion;
    QString kind;
};

// Open watches (?watch=1): each streams {"type":…,"object":…} lines, chunked, from a
// resourceVersion (or the current objects as ADDED first when none is given) until the
// client goes away, timeoutSeconds pass, or the server stops. With bookmarks, as the real
// server: one 2 s before the timeout and one about every minute.
class WatchHub : public QObject {
    Q_OBJECT
public:
    explicit WatchHub(ObjectStore& store, QObject* parent = nullptr);

    void start(HttpConnection& connection, WatchFilter filter, const WatchRequest& request);
    void closeAll();

private:
    struct Watch {
        QPointer<HttpConnection> connection;
        WatchFilter filter;
        quint64 sentVersion = 0; // the newest version this watch has told its client
    };
    void onChanged(const WatchEvent& event);
    std::optional<quint64> sendBacklog(HttpConnection& connection, const WatchFilter& filter, std::optional<quint64> fromVersion);
    void scheduleEnd(HttpConnection& connection, const WatchRequest& request);
    void scheduleBookmarks(std::list<Watch>::iterator watch, const WatchRequest& request);
    static QByteArray line(const QByteArray& type, const Json& object);

    ObjectStore& m_store;
    std::list<Watch> m_watches;
};

} // namespace syncline::devcluster
