#pragma once

#include "manifest/FileSource.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/DetectorOptions.h"

#include <QString>

#include <map>
#include <vector>

namespace syncline::workspace::detect {

// Where a Flux object's source puts a path in this repository: a GitRepository of this
// repository, or an ExternalArtifact produced by an ArtifactGenerator (Flux 2.7,
// source.extensions.fluxcd.io) whose copy rules `@alias/path/**` -> `@artifact/dest/` are
// mapped back to this repository's paths. Anything else is named, not guessed.
class FluxSourceResolver {
public:
    struct Resolved {
        QString path;    // repository-relative, cleaned ("" for the root)
        QString branch;  // the GitRepository's spec.ref.branch, or the current branch
        QString how;     // "GitRepository flux-system", "ExternalArtifact apps (ArtifactGenerator …)"
        QString refusal; // set: not a path of this repository, and why
    };

    FluxSourceResolver(const std::vector<RepositoryObject>& objects, const DetectorOptions& options);

    // `sourceRef` as Kustomizations and HelmRelease charts write it; `defaultNamespace` is
    // the referring object's namespace; `path` is the path inside that source.
    // Objects in the referrer's cluster folder (`cluster`) are preferred: every cluster
    // folder usually defines its own flux-system GitRepository and cluster-vars.
    Resolved resolve(const Json& sourceRef, const QString& defaultNamespace, const QString& path,
                     const QString& cluster = {}) const;

    // The ConfigMap or Secret `name` in `namespace_` as defined in this repository
    // (Secret data decoded), or nullopt.
    std::optional<std::map<QString, QString>> variables(const QString& kind, const QString& namespace_, const QString& name,
                                                        const QString& cluster = {}) const;

    // The object of that kind and name defined in this repository, preferring the cluster
    // folder `cluster`; null when there is none.
    const RepositoryObject* find(const char* group, const char* kind, const QString& namespace_, const QString& name,
                                 const QString& cluster) const;

private:
    Resolved gitRepository(const QString& namespace_, const QString& name, const QString& path, const QString& cluster) const;
    Resolved externalArtifact(const QString& namespace_, const QString& name, const QString& path, const QString& cluster) const;

    const std::vector<RepositoryObject>& m_objects;
    const DetectorOptions& m_options;
};

} // namespace syncline::workspace::detect
