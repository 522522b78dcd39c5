// RepositoryController's Fetch against a server that never sends the pack: switching to
// another repository cancels it and Fetch works there at once; closing (destroying the
// controller) cancels it instead of waiting for the server.
#include "RepositoryController.h"
#include "support/GitFixture.h"
#include "support/StallingGitServer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace syncline;
using models::RepositoryController;

namespace {

constexpr int kTimeoutMs = 15'000;

bool openAndWait(RepositoryController& controller, const QString& path) {
    QSignalSpy opened(&controller, &RepositoryController::opened);
    controller.open(path);
    return !opened.isEmpty() || opened.wait(kTimeoutMs); // may already have arrived
}

} // namespace

class TestFetchCancel : public QObject {
    Q_OBJECT

    // A repository whose origin is the stalling server, with a fetch of it under way (the
    // server counts it among the clients waiting for their pack).
    void startHeldFetch(RepositoryController& controller, test::StallingGitServer& server, test::GitFixture& repo) {
        repo.writeFile(QStringLiteral("a.txt"), "a\n");
        repo.commitAll(QStringLiteral("first"), 1'700'000'000);
        repo.git(
            {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), server.url(QStringLiteral("held.git"))});
        QVERIFY(openAndWait(controller, repo.path()));
        QSignalSpy started(&controller, &RepositoryController::fetchStarted);
        controller.fetch();
        QCOMPARE(started.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(server.waitingClients(), 1, kTimeoutMs);
    }

private Q_SLOTS:
    void switchingRepositoriesCancelsTheFetchAndFetchWorksAtOnce() {
        test::StallingGitServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        RepositoryController controller;
        test::GitFixture held;
        startHeldFetch(controller, server, held);
        if (QTest::currentTestFailed())
            return;

        // Another repository, whose origin is a plain folder with one new commit.
        test::GitFixture upstream;
        upstream.writeFile(QStringLiteral("b.txt"), "b\n");
        upstream.commitAll(QStringLiteral("upstream"), 1'700'000'100);
        test::GitFixture other;
        other.writeFile(QStringLiteral("c.txt"), "c\n");
        other.commitAll(QStringLiteral("local"), 1'700'000'000);
        other.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), upstream.path()});
        QVERIFY(openAndWait(controller, other.path()));

        QSignalSpy finished(&controller, &RepositoryController::fetchFinished);
        QSignalSpy failed(&controller, &RepositoryController::fetchFailed);
        controller.fetch();
        QVERIFY2(!finished.isEmpty() || finished.wait(kTimeoutMs), failed.isEmpty() ? "Fetch did nothing" : "Fetch failed");
        QCOMPARE(finished.first().at(1).toInt(), 1); // origin/main (or master) arrived
        QVERIFY(failed.isEmpty());                   // the old repository's fetch says nothing here
        // The old repository's fetch was cancelled: it no longer waits on the server.
        QTRY_COMPARE_WITH_TIMEOUT(server.waitingClients(), 0, kTimeoutMs);
    }

    void closingDuringAFetchCancelsIt() {
        test::StallingGitServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        auto controller = std::make_unique<RepositoryController>();
        test::GitFixture held;
        startHeldFetch(*controller, server, held);
        if (QTest::currentTestFailed())
            return;

        QElapsedTimer clock;
        clock.start();
        controller.reset(); // the window closes
        QVERIFY2(clock.elapsed() < 5'000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(server.waitingClients(), 0, kTimeoutMs); // it hung up
    }
};

QTEST_GUILESS_MAIN(TestFetchCancel)
#include "tst_fetchcancel.moc"
