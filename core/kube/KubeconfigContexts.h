#pragma once

#include "workspace/detect/DestinationContexts.h"

#include <vector>

namespace syncline::kube {

// The user's kubeconfig ($KUBECONFIG or ~/.kube/config) as contexts and their servers, for
// matching Argo CD destinations (workspace::DestinationContexts); none when there is no
// readable kubeconfig (then nothing is matched, and every destination is asked about).
class KubeconfigContexts {
public:
    static std::vector<workspace::KubeconfigContext> read();
};

} // namespace syncline::kube
