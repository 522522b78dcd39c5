// A kubeconfig file's text: parsed (paths resolved, never read), merged, its contexts looked up.
#include "FuzzTargets.h"
#include "kube/KubeConfig.h"

namespace syncline::fuzz {

int fuzzKubeConfig(const std::uint8_t* data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    auto config = kube::KubeConfig::parse(text, QStringLiteral("/nonexistent/fuzz/kubeconfig"));
    if (!config)
        return 0;
    kube::KubeConfig merged;
    merged.mergeFrom(*config);
    merged.mergeFrom(*config);
    (void)merged.context();
    for (const auto& [name, context] : merged.contexts)
        (void)merged.context(name);
    for (const auto& [name, user] : merged.users)
        if (user.exec)
            (void)user.exec->commandLine();
    (void)merged.describeFiles();
    return 0;
}

} // namespace syncline::fuzz
