#include "WatchHub.h"

#include "ApiError.h"
#include "HttpConnection.h"
#include "JsonText.h"
#include "JsonUtil.h"

#include <QTimer>

namespace syncline::devcluster {

bool WatchFilter::matches(const Json& object) const {
    if (!ns.empty() && json::metaText(object, "namespace") != ns)
        return false;
    const Json* meta = json::child(object, "metadata");
    const Json* labelMap = meta ? json::child(*meta, "labels") : nullptr;
    return labels.matches(labelMap ? *labelMap : Json()) && fields.matches(object);
}

WatchHub::WatchHub(ObjectStore& store, QObject* parent) : QObject(parent), m_store(store) {
    connect(&m_store, &ObjectStore::changed, this, &WatchHub::onChanged);
}

QByteArray WatchHub::line(const QByteArray& type, const Json& object) {
    Json event = Json::object();
    event["type"] = type.toStdString();
    event["object"] = object;
    return QByteArray::fromStdString(json::dump(event)) + '\n';
}

void WatchHub::start(HttpConnection& connection, WatchFilter filter, std::optional<quint64> fromVersion, int timeoutSeconds) {
    connection.beginStream(200, QByteArrayLiteral("application/json"));
    if (!fromVersion) {
        if (const auto* bucket = m_store.bucket(filter.storeId))
            for (const auto& [key, object] : *bucket)
                if (filter.matches(object))
                    connection.writeChunk(line(QByteArrayLiteral("ADDED"), object));
    } else {
        bool tooOld = false;
        const auto events = m_store.eventsSince(*fromVersion, &tooOld);
        if (tooOld) {
            const ApiError gone = ApiError::gone(
                QStringLiteral("too old resource version: %1 (%2)").arg(*fromVersion).arg(m_store.resourceVersion()));
            connection.writeChunk(line(QByteArrayLiteral("ERROR"), gone.toStatus()));
            connection.endStream();
            return;
        }
        for (const WatchEvent* event : events)
            if (event->storeId == filter.storeId && filter.matches(event->object))
                connection.writeChunk(line(event->type, event->object));
    }
    m_watches.push_back(Watch{&connection, std::move(filter)});
    auto it = std::prev(m_watches.end());
    connect(&connection, &HttpConnection::closed, this, [this, it] { m_watches.erase(it); });
    if (timeoutSeconds > 0) {
        QPointer<HttpConnection> guard(&connection);
        QTimer::singleShot(timeoutSeconds * 1000, this, [guard] {
            if (guard)
                guard->endStream();
        });
    }
}

void WatchHub::onChanged(const WatchEvent& event) {
    for (auto& watch : m_watches)
        if (watch.connection && watch.filter.storeId == event.storeId && watch.filter.matches(event.object))
            watch.connection->writeChunk(line(event.type, event.object));
}

void WatchHub::closeAll() {
    std::vector<QPointer<HttpConnection>> open;
    for (auto& watch : m_watches)
        open.push_back(watch.connection);
    for (auto& connection : open)
        if (connection)
            connection->endStream();
}

} // namespace syncline::devcluster
