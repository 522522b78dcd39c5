#pragma once

#include "util/Result.h"

#include <QString>

#include <functional>
#include <memory>

namespace syncline::app {

// Runs once the application object exists and before the window opens (the demo starts
// its clusters here); what it returns is kept alive until the window closes.
using GuiSetUp = std::function<util::Result<std::shared_ptr<void>>()>;

// Starts the console window; `repositoryPath` (may be empty: last or none) is opened first.
int runGui(int& argc, char** argv, const QString& repositoryPath, const GuiSetUp& setUp = {});

} // namespace syncline::app
