#pragma once

#include "manifest/Kustomization.h"
#include "manifest/KustomizeResource.h"
#include "util/Result.h"

#include <memory>

namespace syncline::manifest {

// Which objects a patch `target:` selects, as kustomize decides it: group, version,
// kind, name and namespace are Go (RE2) regular expressions wrapped as "^(?:pattern)$";
// a name matches the object's original or current name, a namespace its original or
// current one ("default" when unset); label and annotation selectors take key=value
// terms. Patterns run on RE2, linear in the subject whatever the pattern ("(a*)*b" does
// not backtrack, ".*" on a long name does not recurse), and both are capped in length:
// repository input never costs more than a bounded scan.
class PatchTargetMatcher {
public:
    static constexpr std::size_t kMaxPatternLength = 4096;
    static constexpr std::size_t kMaxSubjectLength = 4096;

    // Compiles the target's patterns; an invalid or too long pattern is an error naming it.
    static util::Result<PatchTargetMatcher> compile(const KustomizeTarget& target);

    util::Result<bool> matches(const KustomizeResource& resource) const;

    PatchTargetMatcher(PatchTargetMatcher&&) noexcept;
    PatchTargetMatcher& operator=(PatchTargetMatcher&&) noexcept;
    ~PatchTargetMatcher();

private:
    struct Patterns;
    explicit PatchTargetMatcher(std::unique_ptr<Patterns> patterns);

    std::unique_ptr<Patterns> m_patterns;
};

} // namespace syncline::manifest
