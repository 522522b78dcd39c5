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

// Open watches (?watch=1): each streams {"type":…,"object":…} lines, chunked, from a
// resourceVersion (or the current objects as ADDED first when none is given) until the
// client goes away, timeoutSeconds pass, or the server stops.
class WatchHub : public QObject {
    Q_OBJECT
public:
    explicit WatchHub(ObjectStore& store, QObject* parent = nullptr);

    void start(HttpConnection& connection, WatchFilter filter, std::optional<quint64> fromVersion, int timeoutSeconds);
    void closeAll();

private:
    struct Watch {
        QPointer<HttpConnection> connection;
        WatchFilter filter;
    };
    void onChanged(const WatchEvent& event);
    static QByteArray line(const QByteArray& type, const Json& object);

    ObjectStore& m_store;
    std::list<Watch> m_watches;
};

} // namespace syncline::devcluster
