#pragma once

#include "git/ObjectId.h"

#include <cstddef>
#include <memory>

struct git_odb;
struct git_odb_backend;

namespace syncline::git {

// Frees what a backend read (or, with no backend, a git_odb_object).
struct RawObjectRelease {
    git_odb_backend* backend = nullptr;
    void operator()(void* handle) const;
};

// One object's inflated bytes, owned; empty until a read fills it.
class RawObject {
public:
    enum class Kind { Commit, Tree, Other };

    const char* data() const { return static_cast<const char*>(m_data); }
    std::size_t size() const { return m_size; }
    Kind kind() const { return m_kind; }

private:
    friend class RawObjectReader;
    std::unique_ptr<void, RawObjectRelease> m_handle;
    const void* m_data = nullptr;
    std::size_t m_size = 0;
    Kind m_kind = Kind::Other;
};

// Reads objects straight from the object database's backends (packs, loose objects,
// alternates), as git itself reads them: not copied into libgit2's object cache, and not
// hashed again on every read (git checks ids on fsck and on fetch, not on log). A history
// walk reads each object once: the cache cost time, memory and a long teardown, and the
// hash a tenth of the walk. When no backend has the object, git_odb_read looks again
// (it rereads the pack list, which a fetch or gc may have changed).
class RawObjectReader {
public:
    explicit RawObjectReader(git_odb* odb) : m_odb(odb) {}

    // 0, or libgit2's error code (GIT_ENOTFOUND when no backend has it; the message is
    // in git_error_last()).
    int read(const ObjectId& id, RawObject& out) const;

private:
    git_odb* m_odb;
};

} // namespace syncline::git
