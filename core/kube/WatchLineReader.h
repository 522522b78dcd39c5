#pragma once

#include "kube/WatchEvent.h"
#include "util/Error.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace syncline::kube {

// Turns a watch response's bytes (one JSON event per line, as the API server streams them)
// into WatchEvents. Hostile input is bounded: a line longer than `maxLineBytes` or nested
// deeper than `maxJsonDepth` ends the watch with an error, as does an event that is not
// {"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": {...}}. An ERROR event carries
// the server's Status (410 Expired when the version is too old) and ends the watch too.
class WatchLineReader {
public:
    WatchLineReader(qint64 maxLineBytes, int maxJsonDepth, QString where);

    // Hands every complete line to `onEvent`; an error means: stop reading.
    std::optional<util::Error> feed(const QByteArray& bytes, const WatchHandler& onEvent);
    // The stream ended: a partial last line means the connection was cut mid-event.
    std::optional<util::Error> finish() const;

    // The newest resourceVersion any event carried (bookmarks included).
    const QString& lastResourceVersion() const { return m_lastVersion; }
    int eventCount() const { return m_events; }

private:
    std::optional<util::Error> line(const QByteArray& text, const WatchHandler& onEvent);
    util::Error problem(util::ErrorCode code, const QString& message) const;

    qint64 m_maxLineBytes;
    int m_maxJsonDepth;
    QString m_where;
    QByteArray m_pending;
    QString m_lastVersion;
    int m_events = 0;
};

} // namespace syncline::kube
