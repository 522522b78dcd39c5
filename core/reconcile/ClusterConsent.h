#pragma once

#include "util/Error.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace syncline::kube {
class KubeConfig;
struct ClusterConnection;
} // namespace syncline::kube

namespace syncline::reconcile {

// What the user trusts for one environment of one repository before Syncline sends that
// environment's cluster anything: the kubeconfig file, the context, the server and the CA
// that vouches for it. syncline.yaml is repository input; it may name a kubeconfig whose
// server is someone else's, or another context of the user's own kubeconfig. Any change
// of these four fields is a different cluster and asks again.
//
// Auto-sync and prune switched on by syncline.yaml are allowed separately: trusting a
// cluster to be read does not let the repository deploy to it (or delete from it) by itself.
struct ClusterConsent {
    QString kubeconfigFile; // absolute: the file that defines the context
    QString context;        // the context's real name (current-context resolved)
    QString server;         // without user-info
    QString caFingerprint;  // "sha256:<hex of the CA PEM>", kSystemCa or kTlsOff
    bool allowAutoSync = false;
    bool allowPrune = false;

    static inline const QString kSystemCa = QStringLiteral("system CA store");
    static inline const QString kTlsOff = QStringLiteral("TLS verification off");

    // The four fields that name the cluster are equal (the automation flags may differ).
    bool sameCluster(const ClusterConsent& other) const;
    // "server: https://a → https://b" for each field that differs from `before`.
    QStringList changesFrom(const ClusterConsent& before) const;
    // "kubeconfig /home/u/.kube/config, context prod, server https://…, CA sha256:…".
    QString describe() const;
    // One "label: value" line per field, for prompts.
    QStringList lines() const;

    // The cluster side of a resolved connection.
    static ClusterConsent of(const kube::ClusterConnection& connection);
    static QString caFingerprintOf(const kube::ClusterConnection& connection);
    // What `context` of `config` points at. Reads the kubeconfig's cluster entry and its CA
    // file only: no user credential file is read, no exec plugin runs, nothing is sent.
    static util::Result<ClusterConsent> resolve(const kube::KubeConfig& config, const QString& context, bool insecure);
    // The same from a workspace's ClusterRef (relative kubeconfig: against workspaceRoot).
    static util::Result<ClusterConsent> resolve(const workspace::ClusterRef& cluster, const QString& workspaceRoot);

    // The error the engine reports while `current` is not trusted for `environment`
    // (`recorded`: what was trusted before, when the cluster changed since).
    static util::Error required(const QString& environment, const ClusterConsent& current,
                                const std::optional<ClusterConsent>& recorded);
};

} // namespace syncline::reconcile

Q_DECLARE_METATYPE(syncline::reconcile::ClusterConsent)
