#pragma once

// Private to core/git: turns a libgit2 return code into an error value, capturing
// libgit2's thread-local message at the call site.

#include "git/ObjectId.h"
#include "util/Error.h"

#include <git2.h>

namespace syncline::git::detail {

util::Error gitError(int code, const QString& where);

inline git_oid toGitOid(const ObjectId& id) {
    git_oid oid;
    git_oid_fromraw(&oid, id.data());
    return oid;
}

inline ObjectId fromGitOid(const git_oid* oid) { return ObjectId::fromRaw(oid->id); }

// Makes sure git_libgit2_init() ran once in this process.
void ensureLibgit2();

} // namespace syncline::git::detail
