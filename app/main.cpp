// syncline: the command line, linked with Qt Core, libgit2 and the YAML libraries only, so
// that a command that does little loads only what it needs. It replaces itself with a
// program beside it for the rest: `syncline-window` for the window (no command, a folder,
// `demo`), `syncline-connected` for the commands that reach a cluster, a git remote or the
// keychain (status, diff, sync, fetch, promote...: QtKeychain, D-Bus and Qt Network).
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

// The folder of this very program, with its final '/'. Never PATH nor the current folder:
// the programs are one install, and a folder the user stands in must not be able to plant
// one. Empty when it cannot be known (no /proc and a bare name in argv[0]).
std::string ownFolder(const char* argv0) {
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string path = length > 0 ? std::string(self, std::size_t(length)) : std::string(argv0);
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Replaces this process with `name` from this program's folder, same arguments.
int execSibling(const char* name, char** argv) {
    const std::string folder = ownFolder(argv[0]);
    if (folder.empty()) {
        std::fprintf(stderr, "syncline: cannot find the folder of this program to start %s\n", name);
        return syncline::app::Cli::Failure;
    }
    const std::string program = folder + name;
    argv[0] = const_cast<char*>(program.c_str());
    execv(program.c_str(), argv);
    std::fprintf(stderr, "syncline: cannot start %s: %s\n", program.c_str(), std::strerror(errno));
    return syncline::app::Cli::Failure;
}

} // namespace

int main(int argc, char** argv) {
    using syncline::app::Cli;
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (Cli::handles(first)) {
        if (Cli::opensWindow(argc, argv))
            return execSibling("syncline-window", argv);
        return Cli::connects(first) ? execSibling("syncline-connected", argv) : Cli::run(argc, argv);
    }
    if (!first.isEmpty() && !first.startsWith(QLatin1Char('-')) && !QFileInfo(first).isDir()) {
        std::fprintf(stderr, "syncline: '%s' is neither a command nor a folder (see 'syncline help')\n", argv[1]);
        return Cli::Usage;
    }
    return execSibling("syncline-window", argv);
}
