// The environment matrix at 1,000 applications × 5 environments, as the window shows it:
// the model and its view (MatrixView, offscreen), 5,000 snapshot updates to random cells,
// each followed at once by a paint of what it invalidated on screen (nothing when the cell
// is scrolled away), 1,000 to cells on screen, and 1,000 each followed by a repaint of
// every visible cell (the worst case), then a scroll
// through every row, one row at a time, each step painted. Per step: median, p99 and max;
// a step over 16 ms is a dropped frame. --plain: the same with Qt's own delegate (the peer).
//
//   build/bench/bench_matrix [--applications N] [--updates N]
#include "BenchTiming.h"
#include "MatrixModel.h"
#include "MatrixView.h"
#include "support/SnapshotFixtures.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QRegion>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTableView>

#include <cstdio>
#include <ctime>
#include <numeric>

using namespace syncline;
using bench::Clock;

namespace {

const QStringList kPlaces{QStringLiteral("dev"), QStringLiteral("qa"), QStringLiteral("staging"), QStringLiteral("preprod"),
                          QStringLiteral("prod")};

workspace::WorkspaceConfig fleet(int applications) {
    workspace::WorkspaceConfig config;
    for (const QString& place : kPlaces) {
        workspace::Place entry;
        entry.name = place;
        config.places.push_back(entry);
    }
    config.promotionOrder = kPlaces;
    for (int i = 0; i < applications; ++i)
        for (const QString& place : kPlaces) {
            workspace::Environment unit;
            unit.application = QStringLiteral("app%1").arg(i, 4, 10, QLatin1Char('0'));
            unit.place = place;
            unit.name = unit.application + QLatin1Char('-') + place;
            unit.path = QStringLiteral("apps/%1/%2").arg(unit.application, place);
            config.environments.push_back(unit);
        }
    config.arrangeApplications();
    return config;
}

// What a cycle of the engine publishes for `unit`: three objects, one drifted Deployment
// running `version`.
reconcile::SnapshotPtr snapshotOf(const QString& unit, quint64 sequence, int version) {
    auto deployment =
        test::resource(test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"), unit),
                       diff::ResourceState::Modified);
    (*deployment.diff.right)["spec"]["template"]["spec"]["containers"] = nlohmann::ordered_json::array(
        {{{"name", "main"}, {"image", QStringLiteral("registry.example/shop/%1:1.%2").arg(unit).arg(version).toStdString()}}});
    auto snap = test::snapshot(
        unit, sequence,
        {deployment,
         test::resource(test::key({}, QStringLiteral("Service"), QStringLiteral("shop"), unit), diff::ResourceState::Same),
         test::resource(test::key({}, QStringLiteral("ConfigMap"), QStringLiteral("shop"), unit), diff::ResourceState::Same)});
    snap->deployed = reconcile::DeployedRevision{test::fakeCommit(QByteArray::number(version)), QStringLiteral("release"),
                                                 snap->takenAt, QStringLiteral("ci"), std::nullopt};
    return snap;
}

// The GUI thread's own CPU time: what a step costs whatever else the machine runs (wall
// time also counts the time the thread waited for a core).
double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

struct Figures {
    std::vector<double> samples; // wall
    std::vector<double> cpu;
    Clock::time_point started;
    double startedCpu = 0;

    void begin() {
        startedCpu = threadCpuMs();
        started = Clock::now();
    }
    void end() {
        samples.push_back(bench::ms(Clock::now() - started));
        cpu.push_back(threadCpuMs() - startedCpu);
    }
    static double p99(const std::vector<double>& sorted) {
        return sorted[std::min(sorted.size() - 1, std::size_t(double(sorted.size()) * 0.99))];
    }
    void report(const char* what) {
        std::sort(samples.begin(), samples.end());
        std::sort(cpu.begin(), cpu.end());
        const double total = std::accumulate(samples.begin(), samples.end(), 0.0);
        std::printf("  %s: %zu steps, total %.0f ms\n", what, samples.size(), total);
        std::printf("    wall per step: median %.2f ms, p99 %.2f ms, max %.2f ms (%s 16 ms)\n", samples[samples.size() / 2],
                    p99(samples), samples.back(), samples.back() < 16 ? "every step under" : "NOT every step under");
        std::printf("    GUI thread CPU per step: median %.2f ms, p99 %.2f ms, max %.2f ms (%s 16 ms)\n", cpu[cpu.size() / 2],
                    p99(cpu), cpu.back(), cpu.back() < 16 ? "every step under" : "NOT every step under");
    }
};

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2)
                                          : QStringLiteral("unknown");
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("applications"), QStringLiteral("Rows."), QStringLiteral("N"), QStringLiteral("1000")},
         {QStringLiteral("updates"), QStringLiteral("Snapshot updates."), QStringLiteral("N"), QStringLiteral("5000")},
         {QStringLiteral("plain"), QStringLiteral("The peer: Qt's own delegate painting each cell's text.")}});
    parser.process(app);
    const int applications = parser.value(QStringLiteral("applications")).toInt();
    const int updates = parser.value(QStringLiteral("updates")).toInt();

    const workspace::WorkspaceConfig config = fleet(applications);
    models::MatrixModel model;
    ui::MatrixView view(&model);
    view.resize(1400, 700);
    view.show();
    QTableView* table = view.table();
    const bool plain = parser.isSet(QStringLiteral("plain"));
    if (plain)
        table->setItemDelegate(new QStyledItemDelegate(table));
    QApplication::processEvents();

    auto start = Clock::now();
    model.setEnvironments(config);
    QApplication::processEvents();
    const double shape = bench::ms(Clock::now() - start);

    // Every unit read once (the first cycle of each), then the updates, all built up front:
    // the engine builds them on its workers, the GUI thread only applies them.
    std::vector<reconcile::SnapshotPtr> first, later;
    quint64 sequence = 0;
    for (const auto& unit : config.environments)
        first.push_back(snapshotOf(unit.name, ++sequence, 0));
    auto* random = QRandomGenerator::global();
    for (int i = 0; i < updates; ++i) {
        const auto& unit = config.environments[std::size_t(random->bounded(int(config.environments.size())))];
        later.push_back(snapshotOf(unit.name, ++sequence, random->bounded(4)));
    }

    start = Clock::now();
    for (const auto& snapshot : first)
        model.applySnapshot(snapshot);
    table->viewport()->repaint();
    const double firstLoad = bench::ms(Clock::now() - start);

    // What each update invalidates (its cell and the right neighbour, or its row), painted
    // right away: the update as the user sees it, when it is on screen.
    QRegion dirty;
    QObject::connect(&model, &QAbstractItemModel::dataChanged, [&](const QModelIndex& first, const QModelIndex& last) {
        dirty += table->visualRect(first).united(table->visualRect(last));
    });
    auto applyAndPaint = [&](const reconcile::SnapshotPtr& snapshot) {
        dirty = QRegion();
        model.applySnapshot(snapshot);
        dirty &= table->viewport()->rect();
        if (!dirty.isEmpty())
            table->viewport()->repaint(dirty);
    };
    Figures updateFigures;
    for (const auto& snapshot : later) {
        updateFigures.begin();
        applyAndPaint(snapshot);
        updateFigures.end();
    }
    // Updates to the cells on screen only: each one is painted; and the worst case, every
    // other time: the update repaints every visible cell.
    const int visibleRows = table->rowAt(table->viewport()->height() - 1) + 1;
    Figures visibleFigures, repaintFigures;
    for (int i = 0; i < 2000; ++i) {
        const QString unit = model.unitAt(model.index(random->bounded(visibleRows), random->bounded(int(kPlaces.size()))));
        const auto snapshot = snapshotOf(unit, ++sequence, i % 4);
        Figures& figures = i % 2 ? repaintFigures : visibleFigures;
        figures.begin();
        if (i % 2) {
            model.applySnapshot(snapshot);
            table->viewport()->repaint();
        } else {
            applyAndPaint(snapshot);
        }
        figures.end();
    }

    // Scrolling: one row a step, the whole visible table repainted each time.
    Figures scrollFigures;
    QScrollBar* bar = table->verticalScrollBar();
    const int step = table->verticalHeader()->defaultSectionSize();
    for (int value = 0; value <= bar->maximum(); value += step) {
        scrollFigures.begin();
        bar->setValue(value);
        table->viewport()->repaint();
        scrollFigures.end();
    }

    std::printf("environment matrix: %d applications × %zu environments (models::MatrixModel + ui::MatrixView%s, offscreen "
                "%dx%d, %d rows visible)\n",
                applications, std::size_t(kPlaces.size()), plain ? " with Qt's QStyledItemDelegate" : "", view.width(),
                view.height(), table->viewport()->height() / std::max(1, step));
    std::printf("  workspace shape loaded: %.1f ms; first snapshot of every cell (%zu) applied and painted: %.1f ms\n", shape,
                first.size(), firstLoad);
    updateFigures.report("snapshot update anywhere + paint of what it changed");
    visibleFigures.report("snapshot update on screen + paint of what it changed");
    repaintFigures.report("snapshot update + repaint of every visible cell (worst case)");
    scrollFigures.report("scroll one row + repaint of every visible cell");
    std::printf("  model resets after the first load: none (dataChanged only; tst_matrixmodel checks it)\n");
    std::printf("  load average while measuring: %s\n", qPrintable(loadAverage()));
    return 0;
}
