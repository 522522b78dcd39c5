#pragma once

#include "kube/KubeClient.h"
#include "manifest/ClusterCapabilities.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

namespace syncline::reconcile {

// What helm is told about an environment's cluster (manifest::ClusterCapabilities): the
// API group/versions and group/version/kinds from discovery, and the version from GET
// /version (HTTP clients only; other clients leave it to helm's default). The server's
// answers are hostile input: at most kMaxApiVersions entries, each a plain
// "group/version[/Kind]", and a version like "v1.32.0+k3s1", else an error naming it.
class ClusterCapabilitiesReader {
public:
    static constexpr int kMaxApiVersions = 10000;

    static util::Result<manifest::ClusterCapabilities> read(kube::KubeClient& client, const util::CancellationToken& cancel);

    // Checks a /version answer's gitVersion; the text helm gets.
    static util::Result<QString> kubeVersionFrom(const nlohmann::json& versionInfo);
};

} // namespace syncline::reconcile
