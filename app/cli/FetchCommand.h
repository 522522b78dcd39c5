#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline fetch [--remote NAME]`: the window's Fetch, on the command line, with the app's
// credential chain (TerminalGitAccess): SYNCLINE_GIT_TOKEN goes only to SYNCLINE_GIT_HOST
// or, when that is unset, to the host of the remote named here.
class FetchCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
