// Strategic merge patch (and RFC 7386 merge for other kinds) of a patch onto an object.
#include "FuzzTargets.h"
#include "PatchDocuments.h"
#include "manifest/StrategicMergePatch.h"
#include "manifest/YamlWriter.h"

namespace syncline::fuzz {

int fuzzStrategicMerge(const std::uint8_t* data, std::size_t size) {
    auto documents = patchDocuments(asText(data, size));
    if (!documents)
        return 0;
    if (manifest::StrategicMergePatch::apply(documents->target, documents->patch))
        (void)manifest::writeYaml(documents->target);
    return 0;
}

} // namespace syncline::fuzz
