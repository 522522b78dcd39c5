// Time to the first screen of history as the window sees it: from RepositoryController::open
// to the first page in the model, with the GUI thread's event loop measured for stalls
// (a 1 ms timer's drift) the whole time.
//
//   build/bench/bench_first_screen [REPO]   (default: the bench_history repository)
#include "HistoryModel.h"
#include "RepositoryController.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace syncline;

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QString repo =
        argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::tempPath() + QStringLiteral("/syncline-bench-history");
    if (!QDir(repo).exists()) {
        std::fprintf(stderr, "no repository at %s (run bench_history first to generate one)\n", qPrintable(repo));
        return 1;
    }

    // Event-loop latency probe: how late each 1 ms tick fires.
    std::vector<double> stalls;
    QElapsedTimer probeClock;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        stalls.push_back(double(probeClock.nsecsElapsed()) / 1e6);
        probeClock.restart();
    });

    const int runs = 5;
    std::vector<double> firstScreen, fullyLoaded;
    int run = 0;
    models::RepositoryController controller;
    QElapsedTimer clock;
    bool waitingForFirst = true;
    auto startRun = [&] {
        waitingForFirst = true;
        clock.start();
        controller.open(repo);
    };
    QObject::connect(&controller, &models::RepositoryController::openFailed, [&](const QString&, const util::Error& error) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(error.toString()));
        app.exit(1);
    });
    QObject::connect(&controller, &models::RepositoryController::pageLoaded, [&](int, bool) {
        if (!waitingForFirst)
            return;
        waitingForFirst = false;
        firstScreen.push_back(double(clock.nsecsElapsed()) / 1e6);
        // Let the other open-time jobs (local changes) finish, then go again.
        QTimer::singleShot(300, [&] {
            if (++run < runs)
                startRun();
            else
                app.quit();
        });
    });
    probeClock.start();
    probe.start();
    QTimer::singleShot(0, startRun);
    const int rc = app.exec();
    if (rc != 0)
        return rc;
    std::sort(firstScreen.begin(), firstScreen.end());
    std::sort(stalls.begin(), stalls.end());
    const double p99 = stalls.empty() ? 0 : stalls[std::min(stalls.size() - 1, std::size_t(double(stalls.size()) * 0.99))];
    std::printf("first screen of history in the window's controller (%s)\n", qPrintable(repo));
    std::printf("  open -> first page in the model: median %.1f ms, worst %.1f ms over %d runs (target < 50 ms)\n",
                firstScreen[firstScreen.size() / 2], firstScreen.back(), runs);
    std::printf("  GUI event loop, 1 ms timer: max interval %.1f ms, p99 %.1f ms over %zu ticks\n",
                stalls.empty() ? 0.0 : stalls.back(), p99, stalls.size());
    return 0;
}
