#pragma once

#include "reconcile/SyncResult.h"

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTimer>

namespace syncline::test {

// The result of a Sync the engine runs, waiting on the event loop (snapshots keep arriving
// meanwhile) at most `timeoutMs`; a Timeout error when it did not finish by then.
inline reconcile::SyncResult waitForSync(QFuture<reconcile::SyncResult> future, int timeoutMs) {
    if (!future.isFinished()) {
        QFutureWatcher<reconcile::SyncResult> watcher;
        QEventLoop loop;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        loop.exec();
    }
    if (!future.isFinished()) {
        reconcile::SyncResult timedOut;
        timedOut.error = util::makeError(util::ErrorCode::Timeout, QStringLiteral("the sync did not finish"));
        return timedOut;
    }
    return future.result();
}

} // namespace syncline::test
