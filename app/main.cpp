// syncline: the command line, linked without any GUI library so that a command that does
// little starts as fast as git does; the window (no command, a folder, `demo`) is
// `syncline-window` beside this program, which it replaces itself with.
#include "Cli.h"

#include <QFileInfo>
#include <QString>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

// syncline-window in the folder of this very program (not PATH: the pair is one install).
std::string windowProgram(const char* argv0) {
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string path = length > 0 ? std::string(self, std::size_t(length)) : std::string(argv0);
    const std::size_t slash = path.rfind('/');
    return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "syncline-window";
}

int openWindow(char** argv) {
    const std::string program = windowProgram(argv[0]);
    argv[0] = const_cast<char*>(program.c_str());
    execv(program.c_str(), argv);
    std::fprintf(stderr, "syncline: cannot start the window %s: %s\n", program.c_str(), std::strerror(errno));
    return syncline::app::Cli::Failure;
}

} // namespace

int main(int argc, char** argv) {
    using syncline::app::Cli;
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (Cli::handles(first))
        return Cli::opensWindow(argc, argv) ? openWindow(argv) : Cli::run(argc, argv);
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-')) && !QFileInfo(first).isDir()) {
        std::fprintf(stderr, "syncline: '%s' is neither a command nor a folder (see 'syncline help')\n", argv[1]);
        return Cli::Usage;
    }
    return openWindow(argv);
}
