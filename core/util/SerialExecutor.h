#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <type_traits>

namespace syncline::util {

// Runs jobs one at a time, in submission order, on a worker thread. One per repository:
// libgit2 objects are never used by two threads at once. Results come back as QFuture;
// callers continue on their own thread with QFuture::then(context, ...).
class SerialExecutor {
public:
    SerialExecutor() { m_pool.setMaxThreadCount(1); }
    ~SerialExecutor() { m_pool.waitForDone(); }

    SerialExecutor(const SerialExecutor&) = delete;
    SerialExecutor& operator=(const SerialExecutor&) = delete;

    template <typename F, typename R = std::invoke_result_t<F>>
    QFuture<R> submit(F job) {
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        m_pool.start([promise, job = std::move(job)]() mutable {
            if constexpr (std::is_void_v<R>) {
                job();
            } else {
                promise->addResult(job());
            }
            promise->finish();
        });
        return future;
    }

    // Blocks until every submitted job has run. For shutdown and tests only.
    void waitForIdle() { m_pool.waitForDone(); }

private:
    QThreadPool m_pool;
};

} // namespace syncline::util
