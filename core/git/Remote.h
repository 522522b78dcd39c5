#pragma once

#include "git/KnownHosts.h"
#include "git/ObjectId.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

struct git_remote;

namespace syncline::util {
class ProgressSink;
}

namespace syncline::git {

class CredentialProvider;
class HostKeyPrompt;
class Repository;

struct FetchOptions {
    CredentialProvider* credentials = nullptr; // none: only anonymous remotes work
    util::ProgressSink* progress = nullptr;
    util::CancellationToken cancel;
    // OpenSSH known_hosts files checked for ssh remotes. Host-key checking cannot be
    // turned off: an unknown or changed key stops the fetch.
    QStringList knownHostsFiles = KnownHosts::defaultFiles();
    // Credentials offered before giving up; libgit2 itself would ask forever.
    int maxAuthAttempts = 5;
    // Unknown SSH host keys are asked about once through this (an approved key is appended
    // to knownHostsFiles.first()); none: an unknown host is refused.
    HostKeyPrompt* hostKeyPrompt = nullptr;
};

struct UpdatedRef {
    QString name;   // full name: refs/remotes/origin/main, refs/tags/v1
    ObjectId oldId; // null when the ref is new
    ObjectId newId;
};

struct FetchResult {
    std::uint64_t receivedObjects = 0;
    std::uint64_t totalObjects = 0;
    std::uint64_t receivedBytes = 0;
    std::vector<UpdatedRef> updatedRefs;
};

// A configured remote of a repository. Move-only; owns the libgit2 handle and must not
// outlive the Repository it came from. Used on the repository's thread only.
class Remote {
public:
    static util::Result<QStringList> list(const Repository& repository);
    static util::Result<Remote> lookup(const Repository& repository, const QString& name);
    // lookup(name) + fetch(options).
    static util::Result<FetchResult> fetch(const Repository& repository, const QString& name, const FetchOptions& options);

    Remote(Remote&&) noexcept;
    Remote& operator=(Remote&&) noexcept;
    ~Remote();

    QString name() const;
    QString url() const; // as configured, but any user-info in it (user, password, token) reads "***"
    // "host" or "host:port" of the URL and of the push URL (when set), without duplicates;
    // empty for local and scp-like remotes.
    QStringList hosts() const;

    // Downloads new objects and updates the remote-tracking refs of the configured
    // refspecs. Errors: Cancelled, Auth (credentials or host key refused), Network,
    // NotFound; messages keep libgit2's wording but never contain a secret.
    util::Result<FetchResult> fetch(const FetchOptions& options);

private:
    struct Deleter {
        void operator()(git_remote* remote) const noexcept;
    };
    explicit Remote(git_remote* remote);

    std::unique_ptr<git_remote, Deleter> m_remote;
};

} // namespace syncline::git
