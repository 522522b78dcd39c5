#include "DemoCommand.h"

#include "Cli.h"
#include "GuiMain.h"

#include "workspace/DemoRepository.h"

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
    const QString base = dataHome.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share") : QString::fromLocal8Bit(dataHome);
    return base + QStringLiteral("/syncline/demo");
}

} // namespace

int DemoCommand::run(int& argc, char** argv) {
    QString root = defaultDemoRoot();
    bool openWindow = true;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-window") == 0)
            openWindow = false;
        else if (argv[i][0] == '-') {
            std::fprintf(stderr, "syncline demo: unknown option %s\nusage: syncline demo [DIR] [--no-window]\n", argv[i]);
            return Cli::Usage;
        } else
            root = QDir(QString::fromLocal8Bit(argv[i])).absolutePath();
    }
    auto workspace = workspace::DemoRepository::ensure(root);
    if (!workspace) {
        std::fprintf(stderr, "syncline demo: %s\n", qPrintable(workspace.error().toString()));
        return Cli::Failure;
    }
    std::fprintf(stdout, "demo workspace: %s\n", qPrintable(*workspace));
    std::fflush(stdout);
    if (!openWindow)
        return Cli::Ok;
    return runGui(argc, argv, *workspace);
}

} // namespace syncline::app
