#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline environments [--json]`: the environment map, from syncline.yaml or detected.
class EnvironmentsCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
