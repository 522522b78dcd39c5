#include "kube/KubeconfigContexts.h"

#include "kube/KubeConfig.h"

namespace syncline::kube {

std::vector<workspace::KubeconfigContext> KubeconfigContexts::read() {
    std::vector<workspace::KubeconfigContext> contexts;
    auto config = KubeConfig::load();
    if (!config)
        return contexts;
    for (const auto& [name, context] : config->contexts) {
        auto cluster = config->clusters.find(context.cluster);
        contexts.push_back({name, cluster == config->clusters.end() ? QString() : cluster->second.server});
    }
    return contexts;
}

} // namespace syncline::kube
