// Marking the commits that changed an environment's rendered output
// (RenderedHistory::commitsChangingOutput) on a history with branches and merges: the walk
// spread over threads, in short runs, marks exactly the commits the walk on one thread
// marks, and those are the commits that changed the output (not the ones that only
// touched other files or reformatted an input).
#include "support/GitFixture.h"
#include "workspace/RenderedHistory.h"

#include <QTest>

#include <set>

using namespace syncline;
using namespace syncline::workspace;
using syncline::test::GitFixture;

namespace {

constexpr qint64 t0 = 1'700'000'000;

QByteArray configMap(const QByteArray& value, const QByteArray& comment = {}) {
    return comment + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  value: \"" + value + "\"\n";
}

Environment prod() {
    Environment environment;
    environment.name = QStringLiteral("prod");
    environment.path = QStringLiteral("overlays/prod");
    environment.renderer = RendererChoice::Kustomize;
    return environment;
}

std::set<QString> hexes(const std::unordered_set<git::ObjectId>& ids) {
    std::set<QString> out;
    for (const git::ObjectId& id : ids)
        out.insert(id.toHex());
    return out;
}

// The history, and the commits that changed prod's output as the test made them.
struct History {
    GitFixture repo;
    std::set<QString> changing;
    qint64 time = t0;

    void commit(const QString& message, bool changesOutput) {
        const QString id = repo.commitAll(message, time += 60);
        if (changesOutput)
            changing.insert(id);
    }
    void notes(int n) {
        repo.writeFile(QStringLiteral("docs/note-%1.md").arg(n), "note " + QByteArray::number(n) + "\n");
        commit(QStringLiteral("notes %1").arg(n), false);
    }
    void merge(const QString& branch, bool changesOutput) {
        repo.gitAt(time += 60, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"), QStringLiteral("-m"),
                                QStringLiteral("merge ") + branch, branch});
        const QString id = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        if (changesOutput)
            changing.insert(id);
    }
};

// A base and a prod overlay; value bumps, comment-only edits and notes on main; a feature
// branch that bumps the value, merged after main moved on, and a notes-only branch merged.
void writeHistory(History& history) {
    GitFixture& repo = history.repo;
    repo.writeFile(QStringLiteral("base/kustomization.yaml"), "resources:\n- config.yaml\n");
    repo.writeFile(QStringLiteral("base/config.yaml"), configMap("0"));
    repo.writeFile(QStringLiteral("overlays/prod/kustomization.yaml"), "namespace: prod\nresources:\n- ../../base\n");
    history.commit(QStringLiteral("base and prod"), true);
    for (int n = 1; n <= 24; ++n) {
        if (n % 4 == 0) {
            repo.writeFile(QStringLiteral("base/config.yaml"), configMap(QByteArray::number(n)));
            history.commit(QStringLiteral("value %1").arg(n), true);
        } else if (n % 7 == 0) {
            repo.writeFile(QStringLiteral("base/config.yaml"), configMap(QByteArray::number(n / 4 * 4), "# reviewed\n"));
            history.commit(QStringLiteral("comment %1").arg(n), false);
        } else {
            history.notes(n);
        }
    }
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature")});
    repo.writeFile(QStringLiteral("base/config.yaml"), configMap("feature"));
    history.commit(QStringLiteral("feature value"), true);
    history.notes(100);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    history.notes(25);
    history.notes(26);
    history.merge(QStringLiteral("feature"), true); // main's first parent still had value 24
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("docs")});
    history.notes(200);
    repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    history.merge(QStringLiteral("docs"), false);
    for (int n = 27; n <= 34; ++n) {
        if (n % 4 == 0) {
            repo.writeFile(QStringLiteral("base/config.yaml"), configMap(QByteArray::number(n)));
            history.commit(QStringLiteral("value %1").arg(n), true);
        } else {
            history.notes(n);
        }
    }
}

} // namespace

class TestRenderedHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parallelWalkMarksWhatTheSerialWalkMarks();
    void cancelledWalkReportsCancelled();
};

void TestRenderedHistory::parallelWalkMarksWhatTheSerialWalkMarks() {
    History history;
    writeHistory(history);
    auto repository = test::openRepository(history.repo.path());
    const git::ObjectId tip = *repository->resolveCommit(QStringLiteral("HEAD"));

    EnvironmentRenderer serialRenderer(repository);
    auto serial = RenderedHistory::commitsChangingOutput(serialRenderer, prod(), tip, 10'000, {},
                                                         MarkingParallelism{.threads = 1, .commitsPerRun = 0});
    QVERIFY2(serial, qPrintable(serial ? QString() : serial.error().toString()));
    QVERIFY(serial->complete);
    QCOMPARE(hexes(serial->commits), history.changing);

    // Runs of three commits cut across the branches and put parents in other threads' runs.
    EnvironmentRenderer parallelRenderer(repository);
    auto parallel = RenderedHistory::commitsChangingOutput(parallelRenderer, prod(), tip, 10'000, {},
                                                           MarkingParallelism{.threads = 4, .commitsPerRun = 3});
    QVERIFY2(parallel, qPrintable(parallel ? QString() : parallel.error().toString()));
    QCOMPARE(parallel->examined, serial->examined);
    QCOMPARE(hexes(parallel->commits), hexes(serial->commits));
    QVERIFY(parallel->renders >= serial->renders); // each run may render its first commit again
}

void TestRenderedHistory::cancelledWalkReportsCancelled() {
    History history;
    writeHistory(history);
    auto repository = test::openRepository(history.repo.path());
    EnvironmentRenderer renderer(repository);
    util::CancellationToken cancel;
    cancel.cancel();
    auto changes = RenderedHistory::commitsChangingOutput(renderer, prod(), *repository->resolveCommit(QStringLiteral("HEAD")),
                                                          10'000, cancel, MarkingParallelism{.threads = 4, .commitsPerRun = 3});
    QVERIFY(!changes);
    QCOMPARE(changes.error().code, util::ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestRenderedHistory)
#include "tst_renderedhistory.moc"
