#include "git/RawObjectReader.h"

#include "git/GitError.h"

#include <git2/sys/odb_backend.h>

namespace syncline::git {

using detail::toGitOid;

namespace {

RawObject::Kind kindOf(git_object_t type) {
    return type == GIT_OBJECT_COMMIT ? RawObject::Kind::Commit
           : type == GIT_OBJECT_TREE ? RawObject::Kind::Tree
                                     : RawObject::Kind::Other;
}

} // namespace

void RawObjectRelease::operator()(void* handle) const {
    if (backend)
        git_odb_backend_data_free(backend, handle);
    else
        git_odb_object_free(static_cast<git_odb_object*>(handle));
}

int RawObjectReader::read(const ObjectId& id, RawObject& out) const {
    const git_oid oid = toGitOid(id);
    const std::size_t backends = git_odb_num_backends(m_odb);
    for (std::size_t i = 0; i < backends; ++i) { // in the odb's priority order, as git_odb_read
        git_odb_backend* backend = nullptr;
        if (git_odb_get_backend(&backend, m_odb, i) != 0 || !backend->read)
            continue;
        void* data = nullptr;
        std::size_t size = 0;
        git_object_t type = GIT_OBJECT_INVALID;
        const int rc = backend->read(&data, &size, &type, backend, &oid);
        if (rc == GIT_ENOTFOUND || rc == GIT_PASSTHROUGH)
            continue;
        if (rc < 0)
            return rc;
        out.m_handle = std::unique_ptr<void, RawObjectRelease>(data, RawObjectRelease{backend});
        out.m_data = data;
        out.m_size = size;
        out.m_kind = kindOf(type);
        return 0;
    }
    git_odb_object* object = nullptr;
    if (const int rc = git_odb_read(&object, m_odb, &oid); rc < 0)
        return rc;
    out.m_handle = std::unique_ptr<void, RawObjectRelease>(object, RawObjectRelease{});
    out.m_data = git_odb_object_data(object);
    out.m_size = git_odb_object_size(object);
    out.m_kind = kindOf(git_odb_object_type(object));
    return 0;
}

} // namespace syncline::git
