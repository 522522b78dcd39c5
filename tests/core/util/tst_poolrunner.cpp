// util::runOn and SerialExecutor: a job that throws hands back an error result (or, for a
// job without one, is logged); the worker goes on with the next job, the process lives.
#include "util/SerialExecutor.h"

#include <QTest>

#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

using namespace syncline;

namespace {

struct Page {
    std::vector<int> rows;
    std::optional<util::Error> error;
};

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
};

QTEST_GUILESS_MAIN(TestPoolRunner)
#include "tst_poolrunner.moc"
