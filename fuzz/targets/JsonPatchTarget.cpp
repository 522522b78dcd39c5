// An RFC 6902 JSON patch onto an object: all operations or none.
#include "FuzzTargets.h"
#include "PatchDocuments.h"
#include "manifest/JsonPatch.h"
#include "manifest/YamlWriter.h"

#include <cstdio>
#include <cstdlib>

namespace syncline::fuzz {

int fuzzJsonPatch(const std::uint8_t* data, std::size_t size) {
    auto documents = patchDocuments(asText(data, size));
    if (!documents)
        return 0;
    auto patch = manifest::JsonPatch::parse(documents->patch);
    if (!patch)
        return 0;
    const nlohmann::ordered_json before = documents->target;
    if (patch->apply(documents->target)) {
        (void)manifest::writeYaml(documents->target);
    } else if (documents->target.dump() != before.dump()) { // dump: NaN is not equal to itself
        std::fprintf(stderr, "a JSON patch that failed changed the document\n");
        std::abort(); // JsonPatch::apply promises all or nothing
    }
    return 0;
}

} // namespace syncline::fuzz
