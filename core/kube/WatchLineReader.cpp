#include "kube/WatchLineReader.h"

#include "kube/ApiStatus.h"
#include "util/JsonDepth.h"

namespace syncline::kube {

namespace {

std::optional<WatchEvent::Type> eventType(const std::string& text) {
    if (text == "ADDED")
        return WatchEvent::Type::Added;
    if (text == "MODIFIED")
        return WatchEvent::Type::Modified;
    if (text == "DELETED")
        return WatchEvent::Type::Deleted;
    if (text == "BOOKMARK")
        return WatchEvent::Type::Bookmark;
    return std::nullopt;
}

// An ERROR event's Status: "410 Expired: too old resource version: 5 (90)".
util::Error statusEvent(const nlohmann::json& status, const QString& where) {
    const int code = status.value("code", 500);
    const QByteArray body = QByteArray::fromStdString(status.dump());
    return statusError(code > 0 ? code : 500, body, where);
}

} // namespace

WatchLineReader::WatchLineReader(qint64 maxLineBytes, int maxJsonDepth, QString where)
    : m_maxLineBytes(maxLineBytes), m_maxJsonDepth(maxJsonDepth), m_where(std::move(where)) {}

util::Error WatchLineReader::problem(util::ErrorCode code, const QString& message) const {
    return util::makeError(code, message, m_where);
}

std::optional<util::Error> WatchLineReader::feed(const QByteArray& bytes, const WatchHandler& onEvent) {
    m_pending += bytes;
    qsizetype start = 0;
    for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n', start)) {
        const QByteArray text = m_pending.mid(start, end - start).trimmed();
        start = end + 1;
        if (text.isEmpty())
            continue;
        if (auto error = line(text, onEvent))
            return error;
    }
    m_pending.remove(0, start);
    if (m_pending.size() > m_maxLineBytes)
        return problem(util::ErrorCode::Server,
                       QStringLiteral("a watch event is longer than the limit of %1 bytes; refused").arg(m_maxLineBytes));
    return std::nullopt;
}

std::optional<util::Error> WatchLineReader::finish() const {
    if (m_pending.trimmed().isEmpty())
        return std::nullopt;
    return problem(util::ErrorCode::Network, QStringLiteral("the watch stream ended in the middle of an event"));
}

std::optional<util::Error> WatchLineReader::line(const QByteArray& text, const WatchHandler& onEvent) {
    if (text.size() > m_maxLineBytes)
        return problem(util::ErrorCode::Server,
                       QStringLiteral("a watch event is longer than the limit of %1 bytes; refused").arg(m_maxLineBytes));
    const std::string_view view(text.constData(), std::size_t(text.size()));
    if (util::jsonDepthExceeds(view, m_maxJsonDepth))
        return problem(
            util::ErrorCode::Server,
            QStringLiteral("a watch event nests deeper than %1 levels, more than Syncline reads; refused").arg(m_maxJsonDepth));
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(view);
    } catch (const nlohmann::json::exception&) {
        return problem(util::ErrorCode::Server, QStringLiteral("a watch event is not valid JSON (%1 bytes)").arg(text.size()));
    }
    const auto type = document.is_object() ? document.find("type") : document.end();
    const auto object = document.is_object() ? document.find("object") : document.end();
    if (type == document.end() || !type->is_string() || object == document.end() || !object->is_object())
        return problem(util::ErrorCode::Server, QStringLiteral("a watch event has no type or object"));
    if (type->get<std::string>() == "ERROR")
        return statusEvent(*object, m_where);
    const auto known = eventType(type->get<std::string>());
    if (!known)
        return problem(
            util::ErrorCode::Server,
            QStringLiteral("a watch event of unknown type %1").arg(QString::fromStdString(type->get<std::string>()).left(40)));
    WatchEvent event{*known, std::move(*object)};
    if (const QString version = event.resourceVersion(); !version.isEmpty())
        m_lastVersion = version;
    ++m_events;
    onEvent(std::move(event));
    return std::nullopt;
}

} // namespace syncline::kube
