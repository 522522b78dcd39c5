#pragma once

#include <QString>

namespace syncline::app {

// The command line: `syncline history|demo|help ...`. Shares the core with the window.
class Cli {
public:
    static bool handles(const QString& command);
    static int run(int& argc, char** argv);

    enum ExitCode { Ok = 0, Failure = 1, Usage = 2 };
};

} // namespace syncline::app
