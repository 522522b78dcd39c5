#pragma once

#include "util/Result.h"

#include <QString>

#include <functional>
#include <memory>

namespace syncline::app {

// Runs once the application object exists and before the window opens (the demo starts
// its clusters here); what it returns is kept alive until the window closes.
using GuiSetUp = std::function<util::Result<std::shared_ptr<void>>()>;

// Opens the console window on `repositoryPath` (may be empty: last or none). Given to the
// command line only by `syncline-window`: `syncline` itself links no GUI library, so a
// command that does little starts as fast as git does.
using OpenWindow = int (*)(int& argc, char** argv, const QString& repositoryPath, const GuiSetUp& setUp);

} // namespace syncline::app
