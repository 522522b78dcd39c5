#include "FetchProgressRelay.h"

#include <QMetaObject>

namespace syncline::models {

FetchProgressRelay::FetchProgressRelay(QObject* context, Handler handler) : m_context(context), m_handler(std::move(handler)) {}

void FetchProgressRelay::progress(const QString& stage, std::uint64_t done, std::uint64_t total) {
    {
        std::lock_guard lock(m_mutex);
        const bool last = total > 0 && done >= total;
        if (m_sinceLast.isValid() && m_sinceLast.elapsed() < 50 && !last)
            return;
        m_sinceLast.restart();
    }
    QObject* context = m_context.data();
    if (!context)
        return;
    QMetaObject::invokeMethod(
        context, [handler = m_handler, stage, done, total] { handler(stage, quint64(done), quint64(total)); },
        Qt::QueuedConnection);
}

} // namespace syncline::models
