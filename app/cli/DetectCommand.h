#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline detect [--repo DIR] [--json]`: the applications found in the branch tip as
// Argo CD and Flux read it (whether or not there is a syncline.yaml), why each one was
// found, and what was not understood.
class DetectCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
