#pragma once

#include "WindowOpener.h"

namespace syncline::app {

// `syncline demo [DIR]`: creates (or reuses) the demo workspace, then opens the window on it
// (`--no-window`: only deploys the first revisions). `openWindow` is null in `syncline`,
// which hands a demo with a window to `syncline-window`.
class DemoCommand {
public:
    static int run(int& argc, char** argv, OpenWindow openWindow);
};

} // namespace syncline::app
