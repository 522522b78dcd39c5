// syncline-window: the console window, and every command of the command line. `syncline`
// hands over to it whatever needs the window (app/main.cpp).
#include "Cli.h"
#include "GuiMain.h"

#include <QFileInfo>
#include <QString>

#include <cstdio>

int main(int argc, char** argv) {
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (syncline::app::Cli::handles(first))
        return syncline::app::Cli::run(argc, argv, &syncline::app::runGui);
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-')) && !QFileInfo(first).isDir()) {
        std::fprintf(stderr, "syncline: '%s' is neither a command nor a folder (see 'syncline help')\n", argv[1]);
        return syncline::app::Cli::Usage;
    }
    // `syncline [REPOSITORY]` opens the window on a repository.
    return syncline::app::runGui(argc, argv, first.startsWith(QLatin1Char('-')) ? QString() : first);
}
