#include "WatchHub.h"

#include "ApiError.h"
#include "HttpConnection.h"
#include "JsonText.h"
#include "JsonUtil.h"

#include <QTimer>

namespace syncline::devcluster {

namespace {
constexpr int kBookmarkEveryMs = 60'000; // the real server's watch cache: "roughly every minute"
} // namespace

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

void WatchHub::start(HttpConnection& connection, WatchFilter filter, const WatchRequest& request) {
    connection.beginStream(200, QByteArrayLiteral("application/json"));
    const auto sent = sendBacklog(connection, filter, request.fromVersion);
    if (!sent)
        return;
    m_watches.push_back(Watch{&connection, std::move(filter), *sent});
    auto it = std::prev(m_watches.end());
    connect(&connection, &HttpConnection::closed, this, [this, it] { m_watches.erase(it); });
    scheduleEnd(connection, request);
    scheduleBookmarks(it, request);
}

// The objects as ADDED, or the events since `fromVersion`, and the version the client has
// then seen; none when that version is too old and the stream ended with 410 Gone.
std::optional<quint64> WatchHub::sendBacklog(HttpConnection& connection, const WatchFilter& filter,
                                             std::optional<quint64> fromVersion) {
    if (!fromVersion) {
        if (const auto* bucket = m_store.bucket(filter.storeId))
            for (const auto& [key, object] : *bucket)
                if (filter.matches(object))
                    connection.writeChunk(line(QByteArrayLiteral("ADDED"), object));
        return m_store.resourceVersion();
    }
    bool tooOld = false;
    const auto events = m_store.eventsSince(*fromVersion, &tooOld);
    if (tooOld) {
        const ApiError gone =
            ApiError::gone(QStringLiteral("too old resource version: %1 (%2)").arg(*fromVersion).arg(m_store.resourceVersion()));
        connection.writeChunk(line(QByteArrayLiteral("ERROR"), gone.toStatus()));
        connection.endStream();
        return std::nullopt;
    }
    quint64 sent = *fromVersion;
    for (const WatchEvent* event : events)
        if (event->storeId == filter.storeId && filter.matches(event->object)) {
            connection.writeChunk(line(event->type, event->object));
            sent = std::max(sent, event->resourceVersion);
        }
    return sent;
}

void WatchHub::scheduleEnd(HttpConnection& connection, const WatchRequest& request) {
    if (request.timeoutSeconds <= 0)
        return;
    QPointer<HttpConnection> guard(&connection);
    QTimer::singleShot(request.timeoutSeconds * 1000, this, [guard] {
        if (guard)
            guard->endStream();
    });
}

// As the real server's watch cache: a bookmark only when the server has moved past what
// the watch last told its client (changes it did not match), so the client can start again
// from there.
void WatchHub::scheduleBookmarks(std::list<Watch>::iterator watch, const WatchRequest& request) {
    if (!request.bookmarks)
        return;
    Json bookmark = Json::object();
    bookmark["apiVersion"] = request.apiVersion.toStdString();
    bookmark["kind"] = request.kind.toStdString();
    QPointer<HttpConnection> guard(watch->connection);
    auto send = [this, guard, bookmark]() mutable {
        // Looked up again: the watch is forgotten when its connection closes.
        const auto open = std::find_if(m_watches.begin(), m_watches.end(),
                                       [&](const Watch& candidate) { return guard && candidate.connection == guard; });
        if (open == m_watches.end() || m_store.resourceVersion() <= open->sentVersion)
            return;
        open->sentVersion = m_store.resourceVersion();
        bookmark["metadata"]["resourceVersion"] = std::to_string(open->sentVersion);
        guard->writeChunk(line(QByteArrayLiteral("BOOKMARK"), bookmark));
    };
    auto* every = new QTimer(guard.data());
    connect(every, &QTimer::timeout, this, send);
    every->start(kBookmarkEveryMs);
    if (request.timeoutSeconds > 2)
        QTimer::singleShot((request.timeoutSeconds - 2) * 1000, guard.data(), send);
}

void WatchHub::onChanged(const WatchEvent& event) {
    for (auto& watch : m_watches)
        if (watch.connection && watch.filter.storeId == event.storeId && watch.filter.matches(event.object)) {
            watch.connection->writeChunk(line(event.type, event.object));
            watch.sentVersion = std::max(watch.sentVersion, event.resourceVersion);
        }
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
