#pragma once

#include "git/Remote.h"
#include "support/GitFixture.h"
#include "util/Result.h"

#include <QTemporaryDir>

#include <memory>

namespace syncline::test {

// A bare "origin" and a clone of it that is one push (two commits) behind, side by side
// in `servedRoot` so test servers can export origin.git. Building one takes a dozen git
// commands, so tests copy a template made once (copyOf) instead.
struct FetchScenario {
    QTemporaryDir servedRoot;
    QString origin = servedRoot.filePath(QStringLiteral("origin.git"));
    QString clone = servedRoot.filePath(QStringLiteral("clone"));
    QString oldHead; // origin/main in the clone before fetching
    QString newHead; // main in origin

    static std::unique_ptr<FetchScenario> create(int filesInNewCommit);
    // Copies the folders; the clone's origin URL is pointed at the copy's origin.git.
    static std::unique_ptr<FetchScenario> copyOf(const FetchScenario& source);

    GitFixture cloneRepo() const { return GitFixture(clone); }
    void setOriginUrl(const QString& url) const;
    // `git rev-parse origin/main` in the clone.
    QString trackingHead() const;
    // `git fsck --full --strict` in the clone; returns its exit code.
    int fsck(QString* output) const;
    // Opens the clone and fetches "origin" with Syncline's Remote.
    util::Result<git::FetchResult> fetch(const git::FetchOptions& options) const;
};

} // namespace syncline::test
