#pragma once

#include "WindowOpener.h"

#include <QString>

namespace syncline::app {

// The command line: `syncline <command> ...` (see the command table in Cli.cpp). Shares the
// core with the window.
class Cli {
public:
    static bool handles(const QString& command);
    // True when the command line asks for the window (`demo` without --no-window).
    static bool opensWindow(int argc, char** argv);
    // True when the command reaches a cluster, a git remote or the keychain: `syncline`
    // hands it to syncline-connected, which links them.
    static bool connects(const QString& command);
    static int run(int& argc, char** argv, OpenWindow openWindow = nullptr);

    // Every command's exit codes (scripts depend on the values, never change one):
    //   all commands: 0 done, 1 failure, 2 usage;
    //   promote / revert / rollback: 3 conflict (nothing written), 4 push rejected;
    //   diff / compare: 0 no differences, 1 differences, 3 error (like diff(1)).
    enum ExitCode {
        Ok = 0,
        Failure = 1,
        Usage = 2,
        Conflict = 3,
        PushRejected = 4,
        Differences = 1,
        DiffFailed = 3,
    };
};

} // namespace syncline::app
