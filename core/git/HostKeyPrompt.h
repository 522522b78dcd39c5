#pragma once

#include <QString>

namespace syncline::git {

// What the user is shown when an SSH server's host key is not in any known_hosts file.
struct UnknownHostKey {
    QString host; // as in the URL
    int port = 22;
    QString lookupName;  // "host" or "[host]:port", the known_hosts spelling
    QString keyType;     // "ssh-ed25519"
    QString fingerprint; // "SHA256:..." (OpenSSH format)
};

// Asks the user once whether to trust an unknown SSH host key ("ask once": an approved key
// is written to a known_hosts file and never asked again). Core defines it; the UI adapts
// it to a dialog, the CLI to a prompt. Called on the worker thread doing the network
// operation; implementations block until the user answered. A *changed* or revoked key is
// never asked about: it is always refused.
class HostKeyPrompt {
public:
    virtual ~HostKeyPrompt() = default;
    // true: trust the key (it is appended to the writable known_hosts file).
    virtual bool trustUnknownHost(const UnknownHostKey& key) = 0;
};

} // namespace syncline::git
