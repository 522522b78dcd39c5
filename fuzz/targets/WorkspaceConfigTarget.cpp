// syncline.yaml: parsed and validated; what parses must be written back (toYaml) to text
// that parses to an equal config, as WorkspaceConfig promises.
#include "FuzzInput.h"
#include "FuzzTargets.h"
#include "workspace/WorkspaceConfig.h"

#include <cstdio>
#include <cstdlib>

namespace syncline::fuzz {

int fuzzWorkspaceConfig(const std::uint8_t* data, std::size_t size) {
    auto config = workspace::WorkspaceConfig::parse(asText(data, size));
    if (!config)
        return 0;
    (void)config->validate();
    (void)config->dependencyOrder(config->applicationNames());
    for (const QString& environment : config->environmentNames())
        (void)config->unitsOf(environment);
    const QByteArray written = config->toYaml();
    auto reread = workspace::WorkspaceConfig::parse(std::string_view(written.constData(), std::size_t(written.size())));
    if (!reread || !(*reread == *config)) {
        std::fprintf(stderr, "toYaml() does not parse back to the same config:\n%s\n%s\n", written.constData(),
                     reread ? "(parsed, but different)" : qPrintable(reread.error().message));
        std::abort();
    }
    return 0;
}

} // namespace syncline::fuzz
