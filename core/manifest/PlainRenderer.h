#pragma once

#include "manifest/BudgetedFileSource.h"
#include "manifest/RenderResult.h"
#include "manifest/YamlParser.h"

namespace syncline::manifest {

// Turns parsed YAML documents into objects: `List` kinds (kind ending in "List" with an
// `items` array) are flattened; a document that is not an object with apiVersion, kind
// and metadata.name is an error at its position. Appends to `objects` / `errors`.
void appendManifestObjects(std::vector<YamlDocument>&& documents, std::vector<ManifestObject>& objects,
                           std::vector<util::Error>& errors);

// Renders a folder of plain manifests: every .yaml/.yml/.json file below it (recursive,
// in path order; symlinked files are read while they stay in the tree, symlinked folders
// are not descended, like `kubectl apply -R`), multi-document, `List`s flattened. A bad
// file is an error for that file and the others still render; a ResourceKey defined twice
// is an error naming both places (the first one is kept). Every folder listed, file read
// and object made is charged to the source's RenderBudget; once it is exhausted the walk
// stops with that one error.
class PlainRenderer {
public:
    explicit PlainRenderer(const BudgetedFileSource& source, YamlLimits limits = {});

    RenderResult render(const QString& directory) const;

private:
    void walk(const QString& directory, int depth, RenderResult& result) const;
    void renderFile(const QString& path, RenderResult& result) const;

    const FileSource& m_source;
    RenderBudget& m_budget;
    YamlLimits m_limits;
};

} // namespace syncline::manifest
