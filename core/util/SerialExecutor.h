#pragma once

#include "util/PoolRunner.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>

#include <type_traits>

namespace syncline::util {

// Runs jobs one at a time, in submission order, on a worker thread. One per repository:
// libgit2 objects are never used by two threads at once. Results come back as QFuture;
// callers continue on their own thread with QFuture::then(context, ...). A job that throws
// hands back an error result instead (see runOn).
class SerialExecutor {
public:
    SerialExecutor() { m_pool.setMaxThreadCount(1); }
    ~SerialExecutor() { m_pool.waitForDone(); }

    SerialExecutor(const SerialExecutor&) = delete;
    SerialExecutor& operator=(const SerialExecutor&) = delete;

    template <typename F, typename R = std::invoke_result_t<F&>> QFuture<R> submit(F job, QString doing = {}) {
        return runOn(m_pool, std::move(job), std::move(doing));
    }

    template <typename F, typename Recover, typename R = std::invoke_result_t<F&>>
    QFuture<R> submit(F job, QString doing, Recover recover) {
        return runOn(m_pool, std::move(job), std::move(doing), std::move(recover));
    }

    // Blocks until every submitted job has run. For shutdown and tests only.
    void waitForIdle() { m_pool.waitForDone(); }

private:
    QThreadPool m_pool;
};

} // namespace syncline::util
