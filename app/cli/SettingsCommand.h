#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline settings [--json]`: the user's own options the command line shares with the
// window (Settings ▸ Diff options): the ignore rules every diff, status and compare applies
// on top of syncline.yaml's, Hide unchanged, and the file they are kept in.
class SettingsCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
