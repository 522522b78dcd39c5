// The bounded YAML loader on any bytes, and the writer on whatever it loads: the text
// kubectl's format gives must read back as the same value (Flux substitution relies on it).
#include "FuzzInput.h"
#include "FuzzTargets.h"
#include "JsonSameValue.h"
#include "manifest/YamlParser.h"
#include "manifest/YamlWriter.h"

#include <cstdio>
#include <cstdlib>

namespace syncline::fuzz {

int fuzzYamlParser(const std::uint8_t* data, std::size_t size) {
    auto documents = manifest::parseYamlStream(asText(data, size), QStringLiteral("fuzz.yaml"));
    if (!documents)
        return 0;
    for (const manifest::YamlDocument& document : *documents) {
        const std::string written = manifest::writeYaml(document.value);
        auto reread = manifest::parseYamlStream(written, QStringLiteral("written.yaml"));
        if (!reread || reread->size() > 1 ||
            !sameValue(document.value, reread->empty() ? nullptr : reread->front().value, true)) {
            std::fprintf(stderr, "writeYaml output does not read back as the same value:\n%s\n", written.c_str());
            std::abort();
        }
    }
    return 0;
}

} // namespace syncline::fuzz
