#include "TerminalHostKeyPrompt.h"

#include "Terminal.h"

namespace syncline::app {

bool TerminalHostKeyPrompt::trustUnknownHost(const git::UnknownHostKey& key) {
    auto terminal = Terminal::open();
    if (!terminal)
        return false;
    terminal->write(QStringLiteral("\nThe SSH host %1 is not in your known_hosts.\n%2 key fingerprint is %3.\n")
                        .arg(key.lookupName, key.keyType, key.fingerprint));
    return terminal->confirm(QStringLiteral("Trust this host and add it to known_hosts?"));
}

} // namespace syncline::app
