#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <type_traits>

namespace syncline::util {

// Runs `job` on `pool` and hands its result back as a QFuture (continue on your own thread
// with QFuture::then(context, ...)). Qt Concurrent's run() without linking Qt Concurrent.
template <typename F, typename R = std::invoke_result_t<F>>
QFuture<R> runOn(QThreadPool& pool, F job) {
    auto promise = std::make_shared<QPromise<R>>();
    QFuture<R> future = promise->future();
    promise->start();
    pool.start([promise, job = std::move(job)]() mutable {
        if constexpr (std::is_void_v<R>) {
            job();
        } else {
            promise->addResult(job());
        }
        promise->finish();
    });
    return future;
}

} // namespace syncline::util
