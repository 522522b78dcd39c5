#pragma once

#include "manifest/BudgetedFileSource.h"
#include "manifest/Kustomization.h"
#include "manifest/KustomizeResource.h"
#include "manifest/RenderResult.h"
#include "manifest/Renderer.h"
#include "manifest/YamlLimits.h"
#include "manifest/YamlParser.h"

#include <QHash>

#include <optional>

namespace syncline::manifest {

// Native kustomize for what real overlays use (see Kustomization for the fields), with
// `kubectl kustomize`'s output: the same objects, names, hash suffixes and order.
//
// Each kustomization is built like kustomize does: resources (files, and folders holding
// a kustomization) in order, then configMapGenerator/secretGenerator (behavior create,
// or merge/replace onto the object of that name from the resources), then components
// (kind: Component folders, each applied to what is accumulated so far), then
// patchesStrategicMerge, patches, namespace, namePrefix, nameSuffix, commonLabels/labels,
// commonAnnotations, patchesJson6902, replicas, images, replacements (ReplacementTransformer;
// what it does not reproduce exactly goes to the external kustomize). At the top: hash suffixes on
// generated names, references fixed, legacy kind order.
//
// A field outside that subset ("kustomize field replacements is not built in"): the
// folder is rendered by `kubectl kustomize` (or `kustomize build`) when one is on PATH,
// over the folders it reaches copied out of the Git tree, in a clean environment with
// the tool timeout, and the result carries a warning saying so; without one, that is
// the error, naming the field and the file.
//
// Refused with a clear error: remote bases (no network while rendering), absolute
// paths, "../" files outside a kustomization's folder, paths or symlinks leaving the
// repository, a kustomization that includes itself, a file reached through a symlink
// that leaves the kustomization's folder (kustomize's LoadRestrictionsRootOnly). A
// resource file that does not parse is an error naming file:line:column while the
// other files still render.
//
// Every build, object, read and alias is charged to the source's RenderBudget; each
// folder is built once per render and its result reused wherever it is included.
class KustomizeRenderer {
public:
    explicit KustomizeRenderer(const BudgetedFileSource& source, RenderOptions options = {});

    RenderResult render(const QString& directory) const;

    // The kustomization file in `directory` (kustomization.yaml, .yml or Kustomization).
    static std::optional<QString> kustomizationFile(const FileSource& source, const QString& directory);

private:
    struct Context {
        QStringList stack; // folders being built, for cycle detection
        std::vector<util::Error> errors;
        QHash<QString, std::vector<KustomizeResource>> built; // folder -> its finished build
        std::optional<util::Error> notBuiltIn;                // the first field the native build does not know
    };

    util::Result<std::vector<KustomizeResource>> build(const QString& directory, Context& context) const;
    util::Result<void> enter(const QString& directory, const Context& context) const;
    util::Result<Kustomization> load(const QString& directory, Context& context) const;
    util::Result<void> accumulate(const Kustomization& k, std::vector<KustomizeResource>& resources, Context& context) const;
    util::Result<void> addComponent(const Kustomization& k, const QString& entry, std::vector<KustomizeResource>& resources,
                                    Context& context) const;
    util::Result<void> absorb(const Kustomization& k, const KustomizeGenerator& generator, KustomizeResource generated,
                              std::vector<KustomizeResource>& resources) const;
    util::Result<void> addResource(const Kustomization& k, const QString& entry, std::vector<KustomizeResource>& out,
                                   Context& context) const;
    util::Result<void> readResourceFile(const QString& path, std::vector<KustomizeResource>& out, Context& context) const;
    util::Result<std::vector<YamlDocument>> readPatch(const Kustomization& k, const KustomizePatch& patch) const;
    util::Result<void> applyPatch(const Kustomization& k, const KustomizePatch& patch, bool json6902Only,
                                  std::vector<KustomizeResource>& resources) const;
    util::Result<void> applyTransformers(const Kustomization& k, std::vector<KustomizeResource>& resources) const;
    util::Result<void> applyReplacements(const Kustomization& k, std::vector<KustomizeResource>& resources,
                                         Context& context) const;
    util::Result<std::vector<KustomizeReplacement>> readReplacements(const Kustomization& k,
                                                                     const KustomizeReplacement& entry) const;

    const BudgetedFileSource& m_source;
    RenderBudget& m_budget;
    RenderOptions m_options; // the kubectl to hand fields not built in to (ExternalKustomize)
    YamlLimits m_limits;
};

} // namespace syncline::manifest
