#pragma once

#include "manifest/HelmSource.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace syncline::workspace {

// How an environment's source folder becomes objects. Maps one to one onto
// manifest::RendererKind. Helm: `helm template` over the chart at `path` (or helm->chartPath)
// with the `helm` inputs.
enum class RendererChoice { Plain, Kustomize, Helm, Auto };

// Who applies the desired state: Syncline itself, or an in-cluster agent that Syncline
// reads the status of and asks to reconcile.
enum class Mode { Direct, ArgoCD, Flux };

// Which cluster an environment runs on, reached through kubeconfig (one client path).
struct ClusterRef {
    QString kubeconfig; // empty: $KUBECONFIG or ~/.kube/config
    QString context;    // empty: the kubeconfig's current-context
    // TLS verification off for this cluster: an explicit, always-visible choice.
    bool insecure = false;

    bool operator==(const ClusterRef&) const = default;
};

// The Argo CD Application that deploys the environment (mode ArgoCD).
struct ArgoCDAgent {
    QString application;                             // metadata.name
    QString appNamespace = QStringLiteral("argocd"); // metadata.namespace

    bool operator==(const ArgoCDAgent&) const = default;
};

// The Flux Kustomization that deploys the environment (mode Flux).
struct FluxAgent {
    QString kustomization;                                          // metadata.name
    QString kustomizationNamespace = QStringLiteral("flux-system"); // metadata.namespace

    bool operator==(const FluxAgent&) const = default;
};

struct SyncPolicy {
    bool autoSync = false; // sync whenever the branch moves
    bool prune = false;    // delete owned objects that are no longer desired
    bool selfHeal = false; // re-apply when the live state drifts

    bool operator==(const SyncPolicy&) const = default;
};

// Differences to ignore on matching objects, like Argo CD's ignoreDifferences.
// An empty group is the core API group ("" matches v1 objects only).
struct IgnoreRule {
    QString group;
    QString kind;
    std::optional<QString> name;       // nullopt: every object of the kind
    std::optional<QString> namespace_; // nullopt: every namespace
    QStringList jsonPointers;          // RFC 6901, each starting with '/'

    bool operator==(const IgnoreRule&) const = default;
};

// What Syncline renders, diffs, syncs and shows as one card: one application in one
// environment — where its desired state lives in Git and where it runs. In a version-1
// syncline.yaml each environment is an application of its own (`application` and `place`
// empty). In version 2 (applications × environments) `name` is "<application>-<place>".
struct Environment {
    QString name;
    QString application; // v2: the application ("web"), one row of what users compare and promote
    QString place;       // v2: the environment it runs in ("staging"), a workspace::Place
    QString branch;      // empty: the branch HEAD is on
    QString path;        // repository-relative folder, "" or "." for the root
    RendererChoice renderer = RendererChoice::Auto;
    ClusterRef cluster;
    QString defaultNamespace; // for objects that name none
    Mode mode = Mode::Direct;
    ArgoCDAgent argocd; // meaningful when mode == ArgoCD
    FluxAgent flux;     // meaningful when mode == Flux
    SyncPolicy sync;
    std::vector<IgnoreRule> ignore;
    // Files Promote copies from one environment to the next, relative to `path`
    // ("version.yaml"); kustomize images: tags are promoted regardless.
    QStringList promotable;
    // Set when the source is a Helm chart (renderer Helm, or Auto finding Chart.yaml): what
    // `helm template` is given. Detected from Argo CD / Flux, or written in syncline.yaml.
    std::optional<manifest::HelmSource> helm;
    // Applications of the same environment applied first (Flux dependsOn); names.
    QStringList dependsOn;
    // Flux postBuild variables substituted into the rendered objects (${var}, ${var:=default});
    // empty: no substitution. Never values from Secrets (they would reach diffs).
    std::map<QString, QString> substitute;
    // v2: the version-1 environment whose inventory this application takes over while it has
    // none of its own (the first application of each environment), so upgrading the file
    // keeps what was deployed and owned. Empty: none.
    QString inheritsInventoryOf;

    // The application's name ("web"); a v1 environment is its own application.
    QString applicationName() const { return application.isEmpty() ? name : application; }
    // The environment (place) it runs in; a v1 environment is its own place.
    QString environmentName() const { return place.isEmpty() ? name : place; }

    bool operator==(const Environment&) const = default;
};

// Named so, not toString(): QTest finds toString() by argument lookup and wants char*.
inline QString rendererName(RendererChoice renderer) {
    switch (renderer) {
    case RendererChoice::Plain:
        return QStringLiteral("plain");
    case RendererChoice::Kustomize:
        return QStringLiteral("kustomize");
    case RendererChoice::Helm:
        return QStringLiteral("helm");
    case RendererChoice::Auto:
        break;
    }
    return QStringLiteral("auto");
}

inline std::optional<RendererChoice> rendererFromString(const QString& text) {
    if (text == QLatin1String("plain"))
        return RendererChoice::Plain;
    if (text == QLatin1String("kustomize"))
        return RendererChoice::Kustomize;
    if (text == QLatin1String("helm"))
        return RendererChoice::Helm;
    if (text == QLatin1String("auto"))
        return RendererChoice::Auto;
    return std::nullopt;
}

inline QString modeName(Mode mode) {
    switch (mode) {
    case Mode::ArgoCD:
        return QStringLiteral("argocd");
    case Mode::Flux:
        return QStringLiteral("flux");
    case Mode::Direct:
        break;
    }
    return QStringLiteral("direct");
}

inline std::optional<Mode> modeFromString(const QString& text) {
    if (text == QLatin1String("direct"))
        return Mode::Direct;
    if (text == QLatin1String("argocd"))
        return Mode::ArgoCD;
    if (text == QLatin1String("flux"))
        return Mode::Flux;
    return std::nullopt;
}

} // namespace syncline::workspace
