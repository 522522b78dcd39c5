// util::LatestJob: a newer job supersedes the older (cancelled, result dropped); the result
// arrives on the owner's thread; abandon() drops it; the destructor cancels and waits.
#include "util/LatestJob.h"
#include "util/PoolRunner.h"

#include <QPromise>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

using namespace syncline;

namespace {

// A job the test finishes by hand.
struct HeldJob {
    std::shared_ptr<QPromise<int>> promise = std::make_shared<QPromise<int>>();
    util::CancellationToken token;

    QFuture<int> launch(const util::CancellationToken& cancel) {
        token = cancel;
        promise->start();
        return promise->future();
    }
    void finish(int value) {
        promise->addResult(value);
        promise->finish();
    }
};

} // namespace

class TestLatestJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onlyTheLatestResultIsDelivered() {
        util::LatestJob job;
        std::vector<int> delivered;
        HeldJob first;
        HeldJob second;
        job.start(
            this, [&](const auto& cancel) { return first.launch(cancel); }, [&](int v) { delivered.push_back(v); });
        QVERIFY(job.isRunning());
        job.start(
            this, [&](const auto& cancel) { return second.launch(cancel); }, [&](int v) { delivered.push_back(v); });
        QVERIFY(first.token.isCancelled());
        QVERIFY(!second.token.isCancelled());

        second.finish(2);
        first.finish(1);
        QTRY_COMPARE(delivered, std::vector<int>{2});
        QVERIFY(!job.isRunning());
        QCoreApplication::processEvents(); // the older result's continuation runs too — and is dropped
        QCOMPARE(delivered, std::vector<int>{2});
    }

    void cancelStillDeliversAbandonDoesNot() {
        util::LatestJob job;
        std::vector<int> delivered;
        HeldJob cancelled;
        job.start(
            this, [&](const auto& cancel) { return cancelled.launch(cancel); }, [&](int v) { delivered.push_back(v); });
        job.cancel();
        QVERIFY(cancelled.token.isCancelled());
        cancelled.finish(-1); // what a job says when it stopped early
        QTRY_COMPARE(delivered, std::vector<int>{-1});

        HeldJob abandoned;
        job.start(
            this, [&](const auto& cancel) { return abandoned.launch(cancel); }, [&](int v) { delivered.push_back(v); });
        job.abandon();
        QVERIFY(abandoned.token.isCancelled());
        QVERIFY(!job.isRunning());
        abandoned.finish(3);
        QCoreApplication::processEvents();
        QCOMPARE(delivered, std::vector<int>{-1});
    }

    void theResultArrivesOnTheOwnersThread() {
        QThreadPool pool;
        util::LatestJob job;
        QThread* deliveredOn = nullptr;
        QThread* ranOn = nullptr;
        job.start(
            this,
            [&](const util::CancellationToken&) {
                return util::runOn(
                    pool,
                    [&] {
                        ranOn = QThread::currentThread();
                        return 1;
                    },
                    QStringLiteral("counting"), [](util::Error) { return -1; });
            },
            [&](int) { deliveredOn = QThread::currentThread(); });
        QTRY_VERIFY(deliveredOn != nullptr);
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(ranOn != QThread::currentThread());
    }

    void destroyingTheOwnerCancelsAndWaits() {
        QThreadPool pool;
        std::atomic<bool> started = false;
        std::atomic<bool> finished = false;
        bool delivered = false;
        {
            util::LatestJob job;
            job.start(
                this,
                [&](const util::CancellationToken& cancel) {
                    return util::runOn(
                        pool,
                        [&, cancel] {
                            started = true;
                            while (!cancel.isCancelled()) // a long loop that checks its token
                                QThread::yieldCurrentThread();
                            finished = true;
                            return 0;
                        },
                        QStringLiteral("looping"), [](util::Error) { return -1; });
                },
                [&](int) { delivered = true; });
            QTRY_VERIFY(started);
        }
        QVERIFY(finished); // the job was cancelled and had ended when the destructor returned
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestLatestJob)
#include "tst_latestjob.moc"
