#pragma once

#include "util/JobFailure.h"
#include "util/TsanHandOver.h"
#include "util/WorkerPriority.h"

#include <QFuture>
#include <QPromise>
#include <QString>
#include <QThreadPool>

#include <exception>
#include <memory>
#include <type_traits>

namespace syncline::util {

namespace detail {

// Runs `job` into `promise`. Nothing escapes to the pool's thread (an exception there would
// abort the process): a throwing job's result is `recover(error)`; should even that throw,
// the future carries the exception.
template <typename R, typename F, typename Recover>
void deliver(QPromise<R>& promise, F& job, const QString& doing, Recover& recover) noexcept {
    std::exception_ptr thrown;
    try {
        if constexpr (std::is_void_v<R>) {
            job();
        } else {
            promise.addResult(job());
        }
        return;
    } catch (...) {
        thrown = std::current_exception();
    }
    try {
        if constexpr (std::is_void_v<R>) {
            recover(jobFailure(thrown, doing));
        } else {
            promise.addResult(recover(jobFailure(thrown, doing)));
        }
    } catch (...) {
        try {
            promise.setException(std::current_exception());
        } catch (...) {
        }
    }
}

// Frees a finished job with its promise. Never inlined, so that a ThreadSanitizer report
// names it: the promise may drop the last reference to the future's state that another
// thread read under Qt's mutex, which TSan does not see (scripts/sanitizers/tsan.supp).
template <typename Task> [[gnu::noinline]] void destroyFinishedTask(Task* task) { delete task; }

} // namespace detail

// Runs `job` on `pool` and hands its result back as a QFuture (continue on your own thread
// with QFuture::then(context, ...)). Qt Concurrent's run() without linking Qt Concurrent.
//
// The one place where a job's exception (std::bad_alloc, nlohmann::json, yaml-cpp,
// std::out_of_range...) is caught: it becomes `recover(error)`, the error saying
// "internal error while <doing>: <what>".
//
// In the window's process the job's thread runs at a lower priority than the GUI thread
// (WorkerPriority).
template <typename F, typename Recover, typename R = std::invoke_result_t<F&>>
QFuture<R> runOn(QThreadPool& pool, F job, QString doing, Recover recover) {
    struct Task {
        QPromise<R> promise;
        F job;
        QString doing;
        Recover recover;
    };
    // Owned by the pool's job, which always runs (no pool of ours is cleared) and frees it.
    auto* task = new Task{QPromise<R>(), std::move(job), std::move(doing), std::move(recover)};
    QFuture<R> future = task->promise.future();
    task->promise.start();
    // The pool's queue is a hand-over ThreadSanitizer cannot see (TsanHandOver.h): all the job
    // uses is in `task`, written before this line, and the pool carries only the pointer,
    // which std::function holds in place (a heap copy made here would be unannounced).
    tsanHandOver(task);
    pool.start([task] {
        WorkerPriority::applyToCurrentThread(); // below the GUI thread in the window's process
        tsanTakeOver(task);
        detail::deliver(task->promise, task->job, task->doing, task->recover);
        task->promise.finish();
        detail::destroyFinishedTask(task);
    });
    return future;
}

// As above; a throwing job's result is failedResult<R>(error) (see JobFailure.h).
template <typename F, typename R = std::invoke_result_t<F&>> QFuture<R> runOn(QThreadPool& pool, F job, QString doing = {}) {
    return runOn(pool, std::move(job), std::move(doing), [](Error error) { return failedResult<R>(std::move(error)); });
}

} // namespace syncline::util
