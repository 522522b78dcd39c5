#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace syncline::git {

class Repository;

enum class SigningFormat { OpenPgp, Ssh, X509 };

// What the repository's configuration asks for: commit.gpgsign, gpg.format,
// user.signingkey, gpg.program / gpg.ssh.program / gpg.x509.program.
struct SigningPolicy {
    bool sign = false;
    SigningFormat format = SigningFormat::OpenPgp;
    QString key;     // user.signingkey; empty: gpg picks the committer's key
    QString program; // the configured program, else gpg / ssh-keygen / gpgsm

    static SigningPolicy fromConfig(const Repository& repository);
};

// Signs commit objects the way `git commit -S` does, by running the configured program:
// `gpg --status-fd=2 -bsau <key>` or `ssh-keygen -Y sign -n git -f <key>`. Used by
// CommitWriter for every commit Syncline makes when signing is configured. A failure is an
// error, never an unsigned commit. Messages name the program and key, never key material.
class CommitSigner {
public:
    // The detached, armored signature of `commitBuffer` (the raw commit object text).
    // `committerIdent` ("Name <email>") picks the gpg key when user.signingkey is unset.
    static util::Result<QByteArray> sign(const SigningPolicy& policy, const QByteArray& commitBuffer,
                                         const QString& committerIdent);
};

} // namespace syncline::git
