// util::runOn and SerialExecutor: a job that throws hands back an error result (or, for a
// job without one, is logged); the worker goes on with the next job, the process lives.
#include "util/SerialExecutor.h"
#include "util/WorkerPriority.h"

#include <QFile>
#include <QTest>

#include <climits>
#include <memory>
#include <new>
#include <stdexcept>
#include <unistd.h>
#include <vector>

using namespace syncline;

namespace {

struct Page {
    std::vector<int> rows;
    std::optional<util::Error> error;
};

// The calling thread's nice value as the kernel schedules it: field 19 of its stat line
// (counted after the command name, which may hold spaces).
int ownNice() {
    QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(gettid()));
    if (!stat.open(QIODevice::ReadOnly))
        return INT_MIN;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 16 ? fields.at(16).toInt() : INT_MIN; // fields[0] is field 3
}

// The nice value of the pool thread that runs a job.
int niceOfAJobOn(QThreadPool& pool) {
    return util::runOn(
               pool, [] { return ownNice(); }, QStringLiteral("reading the nice value"),
               [](const util::Error&) { return INT_MIN; })
        .result();
}

} // namespace

class TestPoolRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aThrowingJobBecomesAnErrorResultAndTheNextJobRuns() {
        util::SerialExecutor executor;
        auto failed = executor.submit([]() -> util::Result<int> { throw std::bad_alloc(); }, QStringLiteral("counting"));
        auto next = executor.submit([]() -> util::Result<int> { return 7; });
        failed.waitForFinished();
        QVERIFY(!failed.result());
        QCOMPARE(failed.result().error().message, QStringLiteral("internal error while counting: std::bad_alloc"));
        QCOMPARE(failed.result().error().code, util::ErrorCode::Generic);
        next.waitForFinished();
        QCOMPARE(*next.result(), 7);
    }

    void everyResultShapeCarriesTheError() {
        util::SerialExecutor executor;
        QTest::ignoreMessage(QtWarningMsg, "internal error: void job"); // fails the test if not logged
        auto page = executor.submit([]() -> Page { throw std::out_of_range("row 9"); });
        auto shared = executor.submit([]() -> std::shared_ptr<Page> { throw std::runtime_error("walk"); });
        auto optional = executor.submit([]() -> std::optional<util::Error> { throw 42; }, QStringLiteral("fetching"));
        auto nothing = executor.submit([] { throw std::logic_error("void job"); });
        executor.waitForIdle();
        QCOMPARE(page.result().error->message, QStringLiteral("internal error: row 9"));
        QCOMPARE(shared.result()->error->message, QStringLiteral("internal error: walk"));
        QCOMPARE(optional.result()->message, QStringLiteral("internal error while fetching: unknown exception"));
        QVERIFY(nothing.isFinished()); // logged (above); nobody waits for a result
    }

    void aRecoverThatThrowsLeavesTheExceptionInTheFuture() {
        QThreadPool pool;
        auto future = util::runOn(
            pool, []() -> int { throw std::runtime_error("job"); }, QStringLiteral("x"),
            [](const util::Error&) -> int { throw std::runtime_error("recover"); });
        bool rethrown = false;
        try {
            future.waitForFinished();
        } catch (const std::runtime_error& e) {
            rethrown = QByteArray(e.what()) == "recover";
        }
        QVERIFY(rethrown);
    }

    // The window's case: a fleet refresh's jobs yield a core to the GUI thread.
    void aJobRunsNicerThanTheThreadThatLoweredTheWorkers() {
#ifndef Q_OS_LINUX
        QSKIP("per-thread nice values are Linux's");
#endif
        const int gui = ownNice();
        if (gui + util::WorkerPriority::kNiceOffset > 19)
            QSKIP("the test runs too nice already to go lower");
        util::WorkerPriority::lowerWorkers();
        QThreadPool pool; // fresh threads, whatever earlier tests ran
        const int inJob = niceOfAJobOn(pool);
        util::WorkerPriority::leaveWorkers();
        QCOMPARE(inJob, gui + util::WorkerPriority::kNiceOffset);
        QCOMPARE(ownNice(), gui); // the caller keeps its own priority
    }

    // The command line's case: nothing asked, the workers keep the caller's priority.
    void aJobKeepsTheCallersPriorityUnlessAsked() {
        QThreadPool pool;
        QCOMPARE(niceOfAJobOn(pool), ownNice());
    }
};

QTEST_GUILESS_MAIN(TestPoolRunner)
#include "tst_poolrunner.moc"
