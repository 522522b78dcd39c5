// syncline-connected: every command of the command line, with the keychain (QtKeychain,
// over D-Bus) and Qt Network. `syncline` hands it the commands that reach a cluster, a git
// remote or the keychain (app/main.cpp); without a window of its own.
#include "Cli.h"

#include <QString>

#include <cstdio>

int main(int argc, char** argv) {
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (syncline::app::Cli::handles(first))
        return syncline::app::Cli::run(argc, argv);
    std::fprintf(stderr, "syncline-connected: runs the commands of syncline (see 'syncline help')\n");
    return syncline::app::Cli::Usage;
}
