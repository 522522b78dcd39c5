#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline matrix [--repo DIR] [--json] [--yes]`: applications × environments side by side —
// one row per application, one column per environment in promotion order; each cell the
// sync status, health, deployed revision, the images the live objects run and how many
// objects drifted, marked "*" where it differs from the environment on its left.
struct MatrixCommand {
    static int run(const QStringList& args);
};

} // namespace syncline::app
