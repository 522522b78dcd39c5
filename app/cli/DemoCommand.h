#pragma once

namespace syncline::app {

// `syncline demo [DIR]`: creates (or reuses) the demo workspace, then opens the window on it.
class DemoCommand {
public:
    static int run(int& argc, char** argv);
};

} // namespace syncline::app
