// The console's responsiveness during a full refresh of a fleet, with the real window on
// screen (offscreen): MainWindow with its Sync state pane, matrix dock, History and Pending
// panes fed by a ReconcileEngine, as syncline-window wires them. `environments` units
// (applications × places) of `resources` objects on devclusters (one per place, one
// namespace per application), every unit deployed first so the refresh reads, pairs and
// judges real live objects. A 1 ms timer on the GUI thread measures the stall a user would
// feel; then the Sync state pane and the matrix are scrolled a row at a time, each step painted.
//
// The engine's workers run below the GUI thread, as in syncline-window (util::WorkerPriority);
// `--lower-workers 0` leaves them at its priority, the console before that change.
//
//   build/bench/bench_reconcile [--environments N] [--resources N] [--clusters N] [--runs N]
//                               [--lower-workers 0|1]
#include "BenchTiming.h"
#include "FleetFixture.h"
#include "HistoryModel.h"
#include "MainWindow.h"
#include "MatrixView.h"
#include "RepositoryController.h"
#include "SyncStatePane.h"
#include "kube/ExecApprovals.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "util/WorkerPriority.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QScrollBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <numeric>

using namespace syncline;

namespace {

struct Options {
    bench::FleetSizes sizes;
    int runs = 3; // warm refreshes after the first (cold) one
    bool lowerWorkers = true;
};

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QByteArray flag = argv[i];
        const int value = QByteArray(argv[i + 1]).toInt();
        if (flag == "--environments")
            options.sizes.environments = value;
        else if (flag == "--resources")
            options.sizes.resources = value;
        else if (flag == "--clusters")
            options.sizes.clusters = value;
        else if (flag == "--runs")
            options.runs = value;
        else if (flag == "--lower-workers")
            options.lowerWorkers = value != 0;
    }
    return options;
}

long rssKiB(const char* field) {
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toLong();
    }
    return -1;
}

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2)
                                          : QStringLiteral("unknown");
}

// The GUI thread's own CPU time: what a step costs whatever else the machine runs.
double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// This process's CPU time (every thread, user and system): what a refresh costs on a
// machine whose cores are shared with other work.
double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// How late a 1 ms timer on the GUI thread fires: each interval beyond 1 ms is a stall.
// Also the GUI thread's CPU time in each interval: the part of a stall that is its own
// work, not waiting for a core on a loaded machine.
struct Stalls {
    std::vector<double> wall, cpu;
};

class StallProbe {
public:
    StallProbe() {
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double cpu = threadCpuMs();
            m_stalls.wall.push_back(std::max(0.0, double(m_clock.nsecsElapsed()) / 1e6 - 1.0));
            m_stalls.cpu.push_back(cpu - m_cpu);
            m_clock.restart();
            m_cpu = cpu;
        });
    }
    void start() {
        m_clock.start();
        m_cpu = threadCpuMs();
        m_timer.start();
    }
    Stalls stop() {
        m_timer.stop();
        return std::exchange(m_stalls, {});
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_cpu = 0;
    Stalls m_stalls;
};

// One row a step through `table`, each step painted: wall and GUI-thread CPU per step.
struct ScrollFigures {
    std::vector<double> wall, cpu;
};

ScrollFigures scrollThrough(QTableView* table) {
    ScrollFigures figures;
    QScrollBar* bar = table->verticalScrollBar();
    // Both panes scroll per pixel; a step is the first row's height (the cards differ a little).
    const int step = std::max(1, table->rowHeight(0));
    for (int value = 0; value <= bar->maximum(); value += step) {
        const double cpu = threadCpuMs();
        const auto started = bench::Clock::now();
        bar->setValue(value);
        table->viewport()->repaint();
        figures.wall.push_back(bench::ms(bench::Clock::now() - started));
        figures.cpu.push_back(threadCpuMs() - cpu);
    }
    return figures;
}

double maxOf(const std::vector<double>& values) { return values.empty() ? 0 : *std::max_element(values.begin(), values.end()); }

void printStalls(const char* what, const Stalls& stalls) {
    std::printf("%-44s max %.1f ms, p99 %.1f ms, median %.2f ms over %zu ticks (%s 16 ms)\n", what, maxOf(stalls.wall),
                bench::percentile(stalls.wall, 0.99), bench::median(stalls.wall), stalls.wall.size(),
                maxOf(stalls.wall) < 16 ? "under" : "NOT under");
    std::printf("%-44s max %.1f ms, p99 %.1f ms (%s 16 ms)\n", "  of it the GUI thread's own CPU per tick", maxOf(stalls.cpu),
                bench::percentile(stalls.cpu, 0.99), maxOf(stalls.cpu) < 16 ? "under" : "NOT under");
}

void printScroll(const char* what, const QTableView* table, const ScrollFigures& figures) {
    std::printf("%-44s %zu steps over %d rows; wall median %.2f ms, p99 %.2f ms, max %.2f ms; GUI CPU median %.2f ms, p99 "
                "%.2f ms, max %.2f ms\n",
                what, figures.wall.size(), table->model() ? table->model()->rowCount() : 0, bench::median(figures.wall),
                bench::percentile(figures.wall, 0.99), maxOf(figures.wall), bench::median(figures.cpu),
                bench::percentile(figures.cpu, 0.99), maxOf(figures.cpu));
}

// The refreshes, on the window's event loop: the first when the engine starts (cold
// render cache), then `runs` more with refreshAll. Each ends with the last unit's snapshot.
struct RefreshFigures {
    std::vector<double> seconds;
    Stalls coldStalls, warmStalls;
    int errors = 0;
    std::size_t paired = 0;
    int synced = 0;
    int snapshots = 0;
};

RefreshFigures measureRefreshes(ui::MainWindow& window, reconcile::ReconcileEngine& engine, const bench::FleetFixture& fleet,
                                int units, int runs) {
    RefreshFigures figures;
    QEventLoop loop; // not QApplication::quit(), which closes the window
    StallProbe probe;
    QElapsedTimer clock;
    double cpuAtStart = 0, clustersAtStart = 0;
    int arrived = 0;
    auto begin = [&](bool cold) {
        arrived = 0;
        cpuAtStart = processCpuSeconds();
        clustersAtStart = fleet.clusterCpuSeconds();
        clock.start();
        probe.start();
        cold ? engine.start() : engine.refreshAll();
    };
    QObject::connect(&engine, &reconcile::ReconcileEngine::snapshotReady, &window, &ui::MainWindow::applySnapshot);
    QObject::connect(&engine, &reconcile::ReconcileEngine::snapshotReady, [&](const reconcile::SnapshotPtr& snapshot) {
        ++figures.snapshots;
        figures.errors += snapshot->error ? 1 : 0;
        figures.paired += snapshot->resources.size();
        figures.synced += snapshot->sync == health::SyncStatus::Synced ? 1 : 0;
        if (snapshot->error && figures.errors <= 5)
            std::fprintf(stderr, "%s: %s\n", qPrintable(snapshot->environment), qPrintable(snapshot->error->toString()));
        if (++arrived < units)
            return;
        figures.seconds.push_back(double(clock.nsecsElapsed()) / 1e9);
        auto stalls = probe.stop();
        std::printf("refresh %zu: %.2f s; CPU: this process %.2f s (the GUI thread %.2f s), the devclusters %.2f s; "
                    "GUI-thread stall max %.1f ms (its CPU %.1f ms); RSS %ld MiB; load %s\n",
                    figures.seconds.size(), figures.seconds.back(), processCpuSeconds() - cpuAtStart,
                    std::accumulate(stalls.cpu.begin(), stalls.cpu.end(), 0.0) / 1e3, fleet.clusterCpuSeconds() - clustersAtStart,
                    maxOf(stalls.wall), maxOf(stalls.cpu), rssKiB("VmRSS:") / 1024, qPrintable(loadAverage()));
        std::fflush(stdout);
        Stalls& into = figures.seconds.size() == 1 ? figures.coldStalls : figures.warmStalls;
        into.wall.insert(into.wall.end(), stalls.wall.begin(), stalls.wall.end());
        into.cpu.insert(into.cpu.end(), stalls.cpu.begin(), stalls.cpu.end());
        if (int(figures.seconds.size()) > runs)
            loop.quit();
        else
            QTimer::singleShot(0, [&] { begin(false); });
    });
    QTimer::singleShot(0, [&] { begin(true); });
    loop.exec();
    return figures;
}

// Opens the repository in the window and waits for its workspace, as syncline-window does.
bool openInWindow(ui::MainWindow& window, const QString& repo) {
    bool loaded = false;
    QEventLoop loop;
    QObject::connect(window.controller(), &models::RepositoryController::workspaceLoaded, &loop, [&] {
        loaded = true;
        loop.quit();
    });
    QObject::connect(window.controller(), &models::RepositoryController::workspaceFailed, &loop, [&](const util::Error& error) {
        std::fprintf(stderr, "workspace: %s\n", qPrintable(error.toString()));
        loop.quit();
    });
    window.openRepository(repo);
    loop.exec();
    return loaded;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    const Options options = parseOptions(argc, argv);

    bench::FleetFixture fleet(options.sizes);
    if (QString error; !fleet.prepare(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const int units = int(fleet.config().environments.size());
    std::printf("pid %lld; deployed %d units (%d applications x %d places, one devcluster each) x %d resources in %.1f s\n",
                QCoreApplication::applicationPid(), units, fleet.applications(), options.sizes.clusters, options.sizes.resources,
                fleet.deploySeconds());
    std::fflush(stdout);

    if (options.lowerWorkers)
        util::WorkerPriority::lowerWorkers(); // as runGui does; the deployment above ran unlowered
    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!openInWindow(window, fleet.repository()))
        return 1;
    window.toggleMatrix();

    reconcile::EngineOptions engineOptions;
    engineOptions.refreshIntervalMs = 0;
    reconcile::ReconcileEngine engine(fleet.repository(), fleet.config(),
                                      std::make_shared<reconcile::KubeconfigClientProvider>(
                                          fleet.repository(), std::make_shared<kube::InMemoryExecApprovals>(), fleet.consent()),
                                      engineOptions);
    const long rssBefore = rssKiB("VmRSS:");
    const RefreshFigures refresh = measureRefreshes(window, engine, fleet, units, options.runs);
    const long rssAfter = rssKiB("VmRSS:");
    QApplication::processEvents();
    const ScrollFigures syncScroll = scrollThrough(window.syncStatePane()->table());
    const ScrollFigures matrixScroll = scrollThrough(window.matrixView()->table());
    engine.shutdown();

    std::printf("\n%-44s %s\n", "measurement", "result");
    std::printf("%-44s %.2f s (cold render cache)\n", "full refresh, first", refresh.seconds.front());
    if (refresh.seconds.size() > 1) {
        const std::vector<double> warm(refresh.seconds.begin() + 1, refresh.seconds.end());
        std::printf("%-44s %.2f s (median of %zu; max %.2f s)\n", "full refresh, warm", bench::median(warm), warm.size(),
                    maxOf(warm));
    }
    printStalls("GUI-thread stall, first refresh", refresh.coldStalls);
    printStalls("GUI-thread stall, warm refreshes", refresh.warmStalls);
    printScroll("scroll Sync state pane, a row a step", window.syncStatePane()->table(), syncScroll);
    printScroll("scroll matrix, a row a step", window.matrixView()->table(), matrixScroll);
    std::printf("%-44s %ld MiB with the window open, %ld MiB after the refreshes\n", "RSS", rssBefore / 1024, rssAfter / 1024);
    std::printf("%-44s %ld MiB\n", "RSS peak (whole run, window included)", rssKiB("VmHWM:") / 1024);
    std::printf("%-44s %d of %d\n", "snapshots with errors", refresh.errors, refresh.snapshots);
    std::printf("%-44s %zu in %zu refreshes; %d of the snapshots Synced\n", "resources paired", refresh.paired,
                refresh.seconds.size(), refresh.synced);
    const QString workers = options.lowerWorkers
                                ? QStringLiteral("nice +%1 over the GUI thread").arg(util::WorkerPriority::kNiceOffset)
                                : QStringLiteral("at the GUI thread's priority (--lower-workers 0)");
    std::printf("%-44s %s\n", "engine's worker threads", qPrintable(workers));
    std::printf("%-44s %s\n", "load average at the end", qPrintable(loadAverage()));
    return refresh.errors == 0 ? 0 : 1;
}
