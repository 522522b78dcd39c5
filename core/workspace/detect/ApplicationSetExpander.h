#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/DetectorOptions.h"

#include <map>
#include <vector>

namespace syncline::workspace::detect {

// Expands an Argo CD ApplicationSet as its controller would, from this revision alone:
// list, git directories (with exclude) and git files (JSON/YAML) generators, and a matrix
// of two of them; each parameter set fills the template ({{path.basename}}, {{path[1]}},
// or {{.path.basename}} with goTemplate) and the Application is read like a written one.
// Generators that need the cluster or a server (clusters, scmProvider, pullRequest, …) are
// listed with the reason.
class ApplicationSetExpander {
public:
    using Parameters = std::map<QString, QString>; // flat: "path", "path.basename", "path[0]", "cluster.name"

    static void expand(const RepositoryObject& applicationSet, const QStringList& directories, const manifest::FileSource& files,
                       const DetectorOptions& options, DetectionResult& out);

    // Fills `{{ key }}` (fasttemplate) or `{{ .key }}` (goTemplate) in every string of
    // `value`; an expression it cannot evaluate is returned in `unknown`.
    static Json fillTemplate(const Json& value, const Parameters& parameters, bool goTemplate, QStringList& unknown);
};

} // namespace syncline::workspace::detect
