#include "FuzzTargets.h"

#include <array>

namespace syncline::fuzz {

std::span<const FuzzTarget> fuzzTargets() {
    static constexpr std::array<FuzzTarget, 10> targets{{
        {"yaml_parser", fuzzYamlParser},
        {"kustomize", fuzzKustomize},
        {"strategic_merge", fuzzStrategicMerge},
        {"json_patch", fuzzJsonPatch},
        {"kubeconfig", fuzzKubeConfig},
        {"kube_responses", fuzzKubeResponses},
        {"workspace_config", fuzzWorkspaceConfig},
        {"http_request", fuzzHttpRequest},
        {"commit_graph", fuzzCommitGraph},
        {"raw_commit", fuzzRawCommit},
    }};
    return targets;
}

} // namespace syncline::fuzz
