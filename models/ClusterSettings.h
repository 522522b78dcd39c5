#pragma once

#include "kube/ExecFingerprint.h"
#include "workspace/Environment.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace syncline::models {

// What the cluster settings dialog returns. The caller (EngineController) keeps the
// ClusterRef for the session, the exec approval (kube::ExecApprovals) and the token (the
// ClusterTokenStore: the OS keychain, never syncline.yaml or the kubeconfig) — the dialog
// writes nothing.
struct ClusterSettings {
    workspace::ClusterRef cluster;
    // The exec credential plugin run the context makes, exactly as it was shown (program
    // resolved and hashed when the dialog read it). nullopt: none, or it cannot run.
    std::optional<kube::ExecFingerprint> exec;
    bool execApproved = false; // "Allow exactly this to run for this cluster" is checked
    // A bearer token typed for this cluster. std::nullopt: leave the stored one as it is;
    // an empty string: forget the stored one. A secret: never log or show it.
    std::optional<QString> token;
};

} // namespace syncline::models

Q_DECLARE_METATYPE(syncline::models::ClusterSettings)
