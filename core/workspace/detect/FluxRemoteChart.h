#pragma once

#include "manifest/RemoteChart.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/FluxSourceResolver.h"

#include <optional>

namespace syncline::workspace::detect {

// The chart of a Flux HelmRelease that comes from a Helm or OCI repository: a
// spec.chart.spec.sourceRef to a HelmRepository (HTTP index, or type oci) or a
// spec.chartRef to an OCIRepository, both defined in this repository. Every field is
// checked (manifest::remoteChartProblem). Credentials (secretRef, provider) are not
// followed: secrets are not in Git, so charts are pulled anonymously.
class FluxRemoteChart {
public:
    struct Resolved {
        std::optional<manifest::RemoteChart> chart;
        QString how;     // "HelmRepository podinfo (https://…)"
        QString refusal; // set: not rendered, and why
    };

    // Whether the release's chart is remote at all: a HelmRepository or OCIRepository source.
    static bool isRemote(const RepositoryObject& release);
    static Resolved resolve(const RepositoryObject& release, const FluxSourceResolver& sources, const QString& namespace_,
                            const QString& cluster);

private:
    static Resolved fromHelmRepository(const RepositoryObject& release, const FluxSourceResolver& sources,
                                       const QString& namespace_, const QString& cluster);
    static Resolved fromOciRepository(const RepositoryObject& release, const FluxSourceResolver& sources,
                                      const QString& namespace_, const QString& cluster);
};

} // namespace syncline::workspace::detect
