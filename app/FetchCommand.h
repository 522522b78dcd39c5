#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline fetch [--remote NAME]`: the window's Fetch, on the command line. Credentials:
// ssh-agent and ~/.ssh keys for ssh remotes; for https, a token from the environment
// (SYNCLINE_GIT_TOKEN, user SYNCLINE_GIT_USER) until the keychain provider lands.
class FetchCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
