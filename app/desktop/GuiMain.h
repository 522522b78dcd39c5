#pragma once

#include "WindowOpener.h"

#include <QString>

namespace syncline::app {

// Starts the console window; `repositoryPath` (may be empty: last or none) is opened first.
int runGui(int& argc, char** argv, const QString& repositoryPath, const GuiSetUp& setUp = {});

} // namespace syncline::app
