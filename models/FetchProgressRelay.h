#pragma once

#include "util/ProgressSink.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <mutex>

namespace syncline::models {

// Carries a fetch's progress from the worker thread to the GUI thread: queued calls on
// `context`, at most one every 50 ms so a fast transfer cannot flood the event loop.
class FetchProgressRelay final : public util::ProgressSink {
public:
    using Handler = std::function<void(const QString& stage, quint64 done, quint64 total)>;
    FetchProgressRelay(QObject* context, Handler handler);

    void progress(const QString& stage, std::uint64_t done, std::uint64_t total) override;

private:
    QPointer<QObject> m_context;
    Handler m_handler;
    std::mutex m_mutex;
    QElapsedTimer m_sinceLast;
};

} // namespace syncline::models
