#pragma once

// Private to core/git: writes a commit object, signed when the repository's configuration
// asks for it (see CommitSigner). Never writes an unsigned commit where signing is configured,
// except with `allowSigning` false: previews' dangling commits that no ref will ever point at.

#include "git/Repository.h"
#include "util/Result.h"

#include <QByteArray>

#include <git2.h>

namespace syncline::git::detail {

util::Result<git_oid> createCommit(const Repository& repository, const git_signature* author, const git_signature* committer,
                                   const QByteArray& message, const git_tree* tree, size_t parentCount,
                                   const git_commit** parents, bool allowSigning = true);

} // namespace syncline::git::detail
