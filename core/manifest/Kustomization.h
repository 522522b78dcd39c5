#pragma once

#include "manifest/FileSource.h"
#include "manifest/KustomizeReplacement.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace syncline::manifest {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// Which objects a patch applies to; empty fields match anything, `name` and `namespace`
// are anchored regular expressions, as in kustomize.
struct KustomizeTarget {
    std::string group;
    std::string version;
    std::string kind;
    std::string name;
    std::string namespaceName;
    std::string labelSelector;
    std::string annotationSelector;
};

struct KustomizePatch {
    QString path;            // file relative to the kustomization, or
    std::string inlinePatch; // the patch text itself
    std::optional<KustomizeTarget> target;
};

struct KustomizeImage {
    std::string name;
    std::string newName;
    std::string newTag;
    std::string digest;
};

struct KustomizeReplica {
    std::string name;
    std::int64_t count = 0;
};

struct KustomizeLabels {
    StringPairs pairs;
    bool includeSelectors = false;
    bool includeTemplates = false;
};

struct KustomizeGeneratorOptions {
    StringPairs labels;
    StringPairs annotations;
    std::optional<bool> disableNameSuffixHash;
    std::optional<bool> immutable;
};

struct KustomizeGenerator {
    // create: a new object; merge/replace: onto the object of the same name from a base
    // (its data merged with, or replaced by, this generator's).
    enum class Behavior { Create, Merge, Replace };

    bool secret = false;
    Behavior behavior = Behavior::Create;
    std::string name;
    std::string namespaceName;
    std::string type; // secrets only
    QStringList literals;
    QStringList files;
    QStringList envs;
    KustomizeGeneratorOptions options;
};

// The subset of kustomization.yaml Syncline renders natively. Parsing refuses anything
// else with "kustomize field <field> is not built in" (ErrorCode::Unsupported) so an
// environment never renders half-understood.
struct Kustomization {
    QString file; // repository path of the kustomization file
    QString directory;
    bool component = false; // kind: Component
    QStringList resources;  // `bases` are appended, as kustomize does
    QStringList components; // folders holding a kind: Component
    std::string namespaceName;
    std::string namePrefix;
    std::string nameSuffix;
    StringPairs commonLabels;
    std::vector<KustomizeLabels> labels;
    StringPairs commonAnnotations;
    std::vector<KustomizeImage> images;
    std::vector<KustomizeReplica> replicas;
    std::vector<KustomizePatch> patches;
    std::vector<KustomizePatch> patchesStrategicMerge;
    std::vector<KustomizePatch> patchesJson6902;
    std::vector<KustomizeGenerator> generators; // configMapGenerator, then secretGenerator
    KustomizeGeneratorOptions generatorOptions;
    std::vector<KustomizeReplacement> replacements; // inline, or `path:` files read when built

    static util::Result<Kustomization> parse(const nlohmann::ordered_json& document, const QString& file);
};

// A resource, base or component that names another repository or a URL: never fetched
// (no network while rendering).
bool isRemoteReference(const QString& entry);

// A file a kustomization names (patch, generator input, resource file): relative to its
// directory and, as kustomize's default load restrictions demand, inside it. Absolute
// paths and "../" escapes are errors.
util::Result<QString> kustomizationFilePath(const QString& directory, const QString& relative, const QString& file);

// The same, and then for where the file really is: a path that resolves through a
// symlink to outside the kustomization's folder is refused like kustomize's default
// LoadRestrictionsRootOnly, naming the path and what it resolves to.
util::Result<QString> loadableFilePath(const FileSource& source, const QString& directory, const QString& relative,
                                       const QString& file);

} // namespace syncline::manifest
