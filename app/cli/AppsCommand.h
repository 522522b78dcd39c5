#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline apps [--repo DIR] [--json]`: the applications × environments of a workspace —
// one line per application with where it runs in each environment (promotion order
// first), or one JSON object per application and line.
struct AppsCommand {
    static int run(const QStringList& args);
};

} // namespace syncline::app
