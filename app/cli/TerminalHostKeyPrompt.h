#pragma once

#include "git/HostKeyPrompt.h"

namespace syncline::app {

// Shows an unknown SSH host's key type and SHA256 fingerprint on the terminal and asks
// whether to trust it (then it is added to known_hosts). Without an interactive terminal
// it refuses; the command line then passes no prompt at all, so the user gets the error
// that names the fingerprint and how to add the key.
class TerminalHostKeyPrompt final : public git::HostKeyPrompt {
public:
    bool trustUnknownHost(const git::UnknownHostKey& key) override;
};

} // namespace syncline::app
