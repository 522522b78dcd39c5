// Cold start of the window, process to process: `syncline-window REPO` on a generated
// 100,000-commit repository (bench_history's generator), timed from just before the process
// is started to the first paint of its history list (the window's first frame) and to the
// first paint showing commits (SYNCLINE_REPORT_FIRST_PAINT makes the window print both on
// the monotonic clock and exit). The peer, in the same run: this program started again as
// a bare Qt window with a list of 100 rows, the floor Qt itself sets for the same paint.
// A warm-up run of each is not counted; the platform is QT_QPA_PLATFORM's (default offscreen).
//
//   build/bench/bench_window_start [--repo DIR] [--commits N] [--runs N] [--window PATH]
#include "BenchTiming.h"
#include "HistoryRepository.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMainWindow>
#include <QProcess>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTreeView>

#include <cstdio>
#include <ctime>
#include <optional>

using namespace syncline;

namespace {

long long monotonicNs() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

// The peer's window: a list of 100 rows; prints the time its first paint ends, then exits.
class PaintTimer : public QObject {
public:
    explicit PaintTimer(QWidget* viewport) : QObject(viewport) { viewport->installEventFilter(this); }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Paint)
            return false;
        watched->removeEventFilter(this);
        QCoreApplication::sendEvent(watched, event);
        const long long paintedAt = monotonicNs();
        std::printf("first-paint %lld\nhistory-paint %lld 100\n", paintedAt, paintedAt);
        std::fflush(stdout);
        QCoreApplication::exit(0);
        return true;
    }
};

int runPeerWindow(int argc, char** argv) {
    QApplication app(argc, argv);
    QMainWindow window;
    auto* model = new QStandardItemModel(&window);
    for (int i = 0; i < 100; ++i)
        model->appendRow(new QStandardItem(QStringLiteral("change %1 in overlays/env%2/kustomization.yaml").arg(i).arg(i % 20)));
    auto* list = new QTreeView(&window);
    list->setModel(model);
    window.setCentralWidget(list);
    new PaintTimer(list->viewport());
    window.resize(1400, 900);
    window.show();
    return QApplication::exec();
}

struct Start {
    double frameMs = 0;   // process start -> first frame
    double historyMs = 0; // process start -> first paint with commits
    int rows = 0;
};

std::optional<Start> startOnce(const QString& program, const QStringList& args, const QProcessEnvironment& environment) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    const long long startedAt = monotonicNs();
    process.start(program, args);
    if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(program), process.readAllStandardError().constData());
        process.kill();
        return std::nullopt;
    }
    Start start;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() >= 2 && words[0] == "first-paint")
            start.frameMs = double(words[1].toLongLong() - startedAt) / 1e6;
        else if (words.size() >= 3 && words[0] == "history-paint") {
            start.historyMs = double(words[1].toLongLong() - startedAt) / 1e6;
            start.rows = words[2].toInt();
        }
    }
    if (start.historyMs <= 0)
        return std::nullopt;
    return start;
}

struct Samples {
    std::vector<double> frame, history;
    int rows = 0;
};

std::optional<Samples> measure(const QString& program, const QStringList& args, const QProcessEnvironment& environment,
                               int runs) {
    Samples samples;
    for (int i = 0; i <= runs; ++i) { // the first is the warm-up
        const auto start = startOnce(program, args, environment);
        if (!start)
            return std::nullopt;
        if (i == 0)
            continue;
        samples.frame.push_back(start->frameMs);
        samples.history.push_back(start->historyMs);
        samples.rows = start->rows;
    }
    return samples;
}

void printRow(const char* what, const std::vector<double>& ours, const std::vector<double>& peer) {
    const double median = bench::median(ours), peerMedian = bench::median(peer);
    std::printf("  %-40s median %6.1f ms  min %6.1f  max %6.1f   peer median %6.1f ms   ratio %.2fx\n", what, median,
                *std::min_element(ours.begin(), ours.end()), *std::max_element(ours.begin(), ours.end()), peerMedian,
                peerMedian > 0 ? median / peerMedian : 0.0);
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && QByteArray(argv[1]) == "--peer-window")
        return runPeerWindow(argc, argv);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("repo"), QStringLiteral("The generated repository (made when missing)."), QStringLiteral("DIR"),
          QDir::tempPath() + QStringLiteral("/syncline-bench-history")},
         {QStringLiteral("commits"), QStringLiteral("Its commits."), QStringLiteral("N"), QStringLiteral("100000")},
         {QStringLiteral("runs"), QStringLiteral("Measured starts of each."), QStringLiteral("N"), QStringLiteral("9")},
         {QStringLiteral("window"), QStringLiteral("syncline-window to start."), QStringLiteral("PATH"),
          QStringLiteral(SYNCLINE_WINDOW_BINARY)}});
    parser.process(app);
    const QString repo = parser.value(QStringLiteral("repo"));
    const int commits = parser.value(QStringLiteral("commits")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    if (!bench::ensureHistoryRepository(repo, commits))
        return 1;

    // A first start: no settings, no recent repositories (a scratch HOME and XDG folders).
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("SYNCLINE_REPORT_FIRST_PAINT"), QStringLiteral("1"));

    const auto ours = measure(parser.value(QStringLiteral("window")), {repo}, environment, runs);
    const auto peer = measure(QCoreApplication::applicationFilePath(), {QStringLiteral("--peer-window")}, environment, runs);
    if (!ours || !peer)
        return 1;
    std::printf("window cold start, process to paint: syncline-window on %d commits (%s), platform %s, %d runs after a "
                "warm-up; peer: a bare Qt window with a 100-row list\n",
                commits, qPrintable(repo), qPrintable(environment.value(QStringLiteral("QT_QPA_PLATFORM"))), runs);
    printRow("first frame (history list painted)", ours->frame, peer->frame);
    printRow("first paint showing commits", ours->history, peer->history);
    std::printf("  commits in the list at that paint: %d (target: first painted window < 300 ms)\n", ours->rows);
    return 0;
}
