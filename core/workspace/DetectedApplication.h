#pragma once

#include "manifest/HelmSource.h"
#include "workspace/Environment.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace syncline::workspace {

// One application found by reading the repository as Argo CD or Flux would (or by its
// folder layout). The same `application` across environments is one row users compare and
// promote.
struct DetectedApplication {
    QString application; // "podinfo"
    QString environment; // "staging"; "default" for an application with no environments
    QString branch;      // empty: the branch HEAD is on
    QString path;        // repository-relative source folder
    RendererChoice renderer = RendererChoice::Auto;
    std::optional<manifest::HelmSource> helm; // set: rendered by helm
    QString defaultNamespace;
    Mode mode = Mode::Direct;
    ArgoCDAgent argocd;                       // mode ArgoCD: the Application that deploys it
    FluxAgent flux;                           // mode Flux: the Kustomization or HelmRelease that deploys it
    QString clusterHint;                      // Argo CD destination name or server; Flux: the cluster folder
    QStringList dependsOn;                    // applications of the same environment applied first (Flux dependsOn)
    std::map<QString, QString> substitutions; // Flux postBuild.substitute, substituteFrom folded in
    SyncPolicy sync;
    QString reason; // why: "Argo CD Application apps/guestbook.yaml: spec.source.path"

    bool operator==(const DetectedApplication&) const = default;
};

// Something that looked like a source of applications but was not understood: listed with
// the reason, never silently dropped.
struct UnrecognizedSource {
    QString what;   // "ApplicationSet guestbook"
    QString where;  // repository-relative file
    QString reason; // "the cluster generator needs Argo CD's cluster secrets"

    bool operator==(const UnrecognizedSource&) const = default;
};

struct DetectionResult {
    std::vector<DetectedApplication> applications;
    std::vector<UnrecognizedSource> unrecognized;
};

} // namespace syncline::workspace
