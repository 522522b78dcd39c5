#pragma once

// RAII owners for libgit2 handles. Private to core/git: no header outside core/git
// includes this file, so no libgit2 type leaks out of the git layer.

#include <git2.h>
#include <memory>

namespace syncline::git::detail {

template <typename T, void (*Free)(T*)> struct GitDeleter {
    void operator()(T* handle) const noexcept {
        if (handle)
            Free(handle);
    }
};

template <typename T, void (*Free)(T*)> using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepositoryPtr = GitPtr<git_repository, git_repository_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;
using PatchPtr = GitPtr<git_patch, git_patch_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
using ReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;
using RemotePtr = GitPtr<git_remote, git_remote_free>;
using OdbPtr = GitPtr<git_odb, git_odb_free>;
using OdbObjectPtr = GitPtr<git_odb_object, git_odb_object_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using StatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using ConfigPtr = GitPtr<git_config, git_config_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using TreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;

} // namespace syncline::git::detail
