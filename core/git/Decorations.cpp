#include "git/Decorations.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "util/Text.h"

#include <algorithm>

namespace syncline::git {

using namespace detail;

util::Result<Decorations> Decorations::load(const Repository& repository) {
    Decorations decorations;
    auto head = repository.head();
    git_reference_iterator* rawIterator = nullptr;
    if (int rc = git_reference_iterator_new(&rawIterator, repository.raw()); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("references")));
    ReferenceIteratorPtr iterator(rawIterator);
    git_reference* rawRef = nullptr;
    while (git_reference_next(&rawRef, iterator.get()) == 0) {
        ReferencePtr ref(rawRef);
        git_object* peeled = nullptr;
        if (git_reference_peel(&peeled, rawRef, GIT_OBJECT_COMMIT) < 0)
            continue; // a tag of a tree or blob, or a dangling ref: nothing to decorate
        ObjectPtr target(peeled);
        RefLabel label;
        label.fullName = util::decodeGitText(QByteArray(git_reference_name(rawRef)));
        label.name = util::decodeGitText(QByteArray(git_reference_shorthand(rawRef)));
        if (git_reference_is_branch(rawRef)) {
            label.kind = RefKind::LocalBranch;
            label.isCurrent = head && !head->detached && head->branch == label.name;
        } else if (git_reference_is_remote(rawRef)) {
            if (label.fullName.endsWith(QLatin1String("/HEAD")))
                continue; // origin/HEAD only repeats origin/main
            label.kind = RefKind::RemoteBranch;
        } else if (git_reference_is_tag(rawRef)) {
            label.kind = RefKind::Tag;
        } else if (label.fullName.startsWith(QLatin1String("refs/stash"))) {
            continue;
        }
        decorations.m_byCommit[fromGitOid(git_object_id(peeled))].push_back(std::move(label));
    }
    if (head && head->detached && head->commit)
        decorations.m_byCommit[*head->commit].push_back(
            RefLabel{QStringLiteral("HEAD"), QStringLiteral("HEAD"), RefKind::Head, true});
    for (auto& [id, labels] : decorations.m_byCommit)
        std::stable_sort(labels.begin(), labels.end(), [](const RefLabel& a, const RefLabel& b) {
            if (a.isCurrent != b.isCurrent)
                return a.isCurrent;
            return int(a.kind) < int(b.kind);
        });
    return decorations;
}

std::vector<RefLabel> Decorations::branches() const {
    std::vector<RefLabel> result;
    for (const auto& [id, labels] : m_byCommit)
        for (const RefLabel& label : labels)
            if (label.kind == RefKind::LocalBranch)
                result.push_back(label);
    std::sort(result.begin(), result.end(),
              [](const RefLabel& a, const RefLabel& b) { return a.isCurrent != b.isCurrent ? a.isCurrent : a.name < b.name; });
    return result;
}

} // namespace syncline::git
