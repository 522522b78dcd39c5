#include "DemoCommand.h"

#include "Cli.h"
#include "DemoClusters.h"
#include "DemoRepository.h"
#include "DemoSeeder.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>
#include <cstring>

namespace syncline::app {

namespace {

QString defaultDemoRoot() {
    // Not QStandardPaths: there is no application object yet, and the demo must land in
    // the same place every run so that re-running reuses it.
    const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
    const QString base =
        dataHome.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share") : QString::fromLocal8Bit(dataHome);
    return base + QStringLiteral("/syncline/demo");
}

} // namespace

int DemoCommand::run(int& argc, char** argv, OpenWindow openWindow) {
    QString root = defaultDemoRoot();
    bool withWindow = true;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-window") == 0)
            withWindow = false;
        else if (argv[i][0] == '-') {
            std::fprintf(stderr, "syncline demo: unknown option %s\nusage: syncline demo [DIR] [--no-window]\n", argv[i]);
            return Cli::Usage;
        } else
            root = QDir(QString::fromLocal8Bit(argv[i])).absolutePath();
    }
    if (withWindow && !openWindow) {
        std::fprintf(stderr, "syncline demo: this program has no window (run syncline-window demo)\n");
        return Cli::Failure;
    }
    auto workspace = workspace::DemoRepository::ensure(root);
    if (!workspace) {
        std::fprintf(stderr, "syncline demo: %s\n", qPrintable(workspace.error().toString()));
        return Cli::Failure;
    }
    std::fprintf(stdout, "demo workspace: %s\n", qPrintable(*workspace));
    std::fflush(stdout);
    // The clusters run as long as Syncline does: through the window, or just long enough to
    // deploy the first revisions with --no-window.
    auto startClusters = [root, workspace = *workspace]() -> util::Result<std::shared_ptr<void>> {
        auto clusters = std::make_shared<DemoClusters>(root);
        if (auto started = clusters->start(); !started)
            return util::fail(started.error());
        if (auto trusted = DemoSeeder::trustClusters(root, workspace); !trusted)
            return util::fail(trusted.error());
        auto seeded = DemoSeeder::seed(root, workspace);
        if (!seeded)
            return util::fail(seeded.error().code, QStringLiteral("deploying the demo: ") + seeded.error().message,
                              seeded.error().where);
        for (const QString& line : *seeded)
            std::fprintf(stdout, "%s\n", qPrintable(line));
        std::fflush(stdout);
        return std::shared_ptr<void>(clusters);
    };
    if (withWindow)
        return openWindow(argc, argv, *workspace, startClusters);
    QCoreApplication app(argc, argv);
    auto clusters = startClusters();
    if (!clusters) {
        std::fprintf(stderr, "syncline demo: %s\n", qPrintable(clusters.error().toString()));
        return Cli::Failure;
    }
    return Cli::Ok;
}

} // namespace syncline::app
