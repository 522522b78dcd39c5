#include "manifest/Kustomization.h"

#include "manifest/GitTreeFileSource.h"
#include "manifest/KustomizeFieldReader.h"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string_view>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;
using Reader = KustomizeFieldReader;

#define TRY_ASSIGN(target, expr)                                                                                                 \
    do {                                                                                                                         \
        auto value_ = (expr);                                                                                                    \
        if (!value_)                                                                                                             \
            return util::fail(std::move(value_.error()));                                                                        \
        target = std::move(*value_);                                                                                             \
    } while (false)

util::Result<KustomizeTarget> parseTarget(const Json& object, const QString& file, const QString& field) {
    Reader r(file, field);
    if (auto ok = r.checkKeys(object, {"group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"});
        !ok)
        return util::fail(ok.error());
    KustomizeTarget target;
    TRY_ASSIGN(target.group, r.string(object, "group"));
    TRY_ASSIGN(target.version, r.string(object, "version"));
    TRY_ASSIGN(target.kind, r.string(object, "kind"));
    TRY_ASSIGN(target.name, r.string(object, "name"));
    TRY_ASSIGN(target.namespaceName, r.string(object, "namespace"));
    TRY_ASSIGN(target.labelSelector, r.string(object, "labelSelector"));
    TRY_ASSIGN(target.annotationSelector, r.string(object, "annotationSelector"));
    return target;
}

util::Result<KustomizePatch> parsePatch(const Json& item, const QString& file, const QString& field) {
    Reader r(file, field);
    if (auto ok = r.checkKeys(item, {"path", "patch", "target"}); !ok)
        return util::fail(ok.error());
    KustomizePatch patch;
    std::string path;
    TRY_ASSIGN(path, r.string(item, "path"));
    patch.path = QString::fromStdString(path);
    TRY_ASSIGN(patch.inlinePatch, r.string(item, "patch"));
    if (patch.path.isEmpty() == patch.inlinePatch.empty())
        return r.invalid("", "either `path` or `patch`");
    if (auto target = item.find("target"); target != item.end() && !target->is_null()) {
        auto parsed = parseTarget(*target, file, field + QStringLiteral(".target"));
        if (!parsed)
            return util::fail(parsed.error());
        patch.target = std::move(*parsed);
    }
    return patch;
}

util::Result<KustomizeGeneratorOptions> parseGeneratorOptions(const Json& object, const QString& file, const QString& field) {
    Reader r(file, field);
    if (auto ok = r.checkKeys(object, {"labels", "annotations", "disableNameSuffixHash", "immutable"}); !ok)
        return util::fail(ok.error());
    KustomizeGeneratorOptions options;
    TRY_ASSIGN(options.labels, r.pairs(object, "labels"));
    TRY_ASSIGN(options.annotations, r.pairs(object, "annotations"));
    TRY_ASSIGN(options.disableNameSuffixHash, r.boolean(object, "disableNameSuffixHash"));
    TRY_ASSIGN(options.immutable, r.boolean(object, "immutable"));
    return options;
}

util::Result<KustomizeGenerator> parseGenerator(const Json& item, bool secret, const QString& file, const QString& field) {
    Reader r(file, field);
    if (auto ok =
            secret ? r.checkKeys(item, {"name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type"})
                   : r.checkKeys(item, {"name", "namespace", "behavior", "literals", "files", "envs", "env", "options"});
        !ok)
        return util::fail(ok.error());
    KustomizeGenerator generator;
    generator.secret = secret;
    TRY_ASSIGN(generator.name, r.string(item, "name"));
    if (generator.name.empty())
        return r.invalid("name", "set");
    TRY_ASSIGN(generator.namespaceName, r.string(item, "namespace"));
    std::string behavior;
    TRY_ASSIGN(behavior, r.string(item, "behavior"));
    if (behavior == "merge")
        generator.behavior = KustomizeGenerator::Behavior::Merge;
    else if (behavior == "replace")
        generator.behavior = KustomizeGenerator::Behavior::Replace;
    else if (!behavior.empty() && behavior != "create")
        return r.invalid("behavior", "create, merge or replace");
    TRY_ASSIGN(generator.type, r.string(item, "type"));
    TRY_ASSIGN(generator.literals, r.strings(item, "literals"));
    TRY_ASSIGN(generator.files, r.strings(item, "files"));
    TRY_ASSIGN(generator.envs, r.strings(item, "envs"));
    std::string env;
    TRY_ASSIGN(env, r.string(item, "env"));
    if (!env.empty())
        generator.envs << QString::fromStdString(env);
    if (auto options = item.find("options"); options != item.end() && !options->is_null())
        TRY_ASSIGN(generator.options, parseGeneratorOptions(*options, file, field + QStringLiteral(".options")));
    return generator;
}

// Each item of the list under `key` (absent or null: none), parsed by `parseItem`.
template <typename T, typename ParseItem>
util::Result<std::vector<T>> parseList(const Reader& r, const Json& document, const char* key, ParseItem parseItem) {
    const Json* items = nullptr;
    TRY_ASSIGN(items, r.list(document, key));
    std::vector<T> parsed;
    for (const Json& item : *items)
        TRY_ASSIGN(parsed.emplace_back(), parseItem(item));
    return parsed;
}

util::Result<KustomizeLabels> parseLabels(const Json& item, const QString& file) {
    Reader r(file, QStringLiteral("labels[]"));
    if (auto ok = r.checkKeys(item, {"pairs", "includeSelectors", "includeTemplates"}); !ok)
        return util::fail(ok.error());
    KustomizeLabels labels;
    TRY_ASSIGN(labels.pairs, r.pairs(item, "pairs"));
    std::optional<bool> flag;
    TRY_ASSIGN(flag, r.boolean(item, "includeSelectors"));
    labels.includeSelectors = flag.value_or(false);
    TRY_ASSIGN(flag, r.boolean(item, "includeTemplates"));
    labels.includeTemplates = flag.value_or(false);
    return labels;
}

util::Result<KustomizeImage> parseImage(const Json& item, const QString& file) {
    Reader r(file, QStringLiteral("images[]"));
    if (auto ok = r.checkKeys(item, {"name", "newName", "newTag", "digest"}); !ok)
        return util::fail(ok.error());
    KustomizeImage image;
    TRY_ASSIGN(image.name, r.string(item, "name"));
    TRY_ASSIGN(image.newName, r.string(item, "newName"));
    if (auto tag = item.find("newTag"); tag != item.end() && tag->is_number_integer())
        image.newTag = tag->dump(); // `newTag: 2` is common and kustomize accepts it
    else
        TRY_ASSIGN(image.newTag, r.string(item, "newTag"));
    TRY_ASSIGN(image.digest, r.string(item, "digest"));
    if (image.name.empty())
        return r.invalid("name", "set");
    return image;
}

util::Result<KustomizeReplica> parseReplica(const Json& item, const QString& file) {
    Reader r(file, QStringLiteral("replicas[]"));
    if (auto ok = r.checkKeys(item, {"name", "count"}); !ok)
        return util::fail(ok.error());
    KustomizeReplica replica;
    TRY_ASSIGN(replica.name, r.string(item, "name"));
    auto count = item.find("count");
    if (count == item.end() || !count->is_number_integer())
        return r.invalid("count", "an integer");
    replica.count = count->get<std::int64_t>();
    return replica;
}

util::Result<KustomizePatch> parseStrategicMergePatch(const Json& item, const Reader& r) {
    if (!item.is_string())
        return r.invalid("patchesStrategicMerge", "a list of paths or inline patches");
    KustomizePatch patch;
    const std::string text = item.get<std::string>();
    // kustomize: a value with a newline is an inline patch, otherwise a file.
    if (text.find('\n') != std::string::npos)
        patch.inlinePatch = text;
    else
        patch.path = QString::fromStdString(text);
    return patch;
}

util::Result<KustomizePatch> parseJson6902Patch(const Json& item, const QString& file) {
    KustomizePatch patch;
    TRY_ASSIGN(patch, parsePatch(item, file, QStringLiteral("patchesJson6902[]")));
    if (!patch.target)
        return Reader(file, QStringLiteral("patchesJson6902[]")).invalid("target", "set");
    return patch;
}

// The scalar fields: kind, resources (with the older `bases` appended), namespace, name
// prefix and suffix, common labels and annotations.
util::Result<void> parseScalars(const Json& document, const Reader& r, Kustomization& k) {
    std::string kind;
    TRY_ASSIGN(kind, r.string(document, "kind"));
    if (kind == "Component")
        k.component = true;
    else if (!kind.empty() && kind != "Kustomization")
        return r.unsupported("kind: " + kind);
    TRY_ASSIGN(k.resources, r.strings(document, "resources"));
    TRY_ASSIGN(k.components, r.strings(document, "components"));
    QStringList bases;
    TRY_ASSIGN(bases, r.strings(document, "bases"));
    k.resources += bases;
    TRY_ASSIGN(k.namespaceName, r.string(document, "namespace"));
    TRY_ASSIGN(k.namePrefix, r.string(document, "namePrefix"));
    TRY_ASSIGN(k.nameSuffix, r.string(document, "nameSuffix"));
    TRY_ASSIGN(k.commonLabels, r.pairs(document, "commonLabels"));
    TRY_ASSIGN(k.commonAnnotations, r.pairs(document, "commonAnnotations"));
    return {};
}

// configMapGenerator then secretGenerator, into one list, and the generatorOptions.
util::Result<void> parseGenerators(const Json& document, const Reader& r, const QString& file, Kustomization& k) {
    for (const bool secret : {false, true}) {
        const char* key = secret ? "secretGenerator" : "configMapGenerator";
        const QString field = QLatin1String(key) + QStringLiteral("[]");
        std::vector<KustomizeGenerator> generators;
        TRY_ASSIGN(generators, parseList<KustomizeGenerator>(r, document, key, [&](const Json& item) {
                       return parseGenerator(item, secret, file, field);
                   }));
        std::move(generators.begin(), generators.end(), std::back_inserter(k.generators));
    }
    if (auto options = document.find("generatorOptions"); options != document.end() && !options->is_null())
        TRY_ASSIGN(k.generatorOptions, parseGeneratorOptions(*options, file, QStringLiteral("generatorOptions")));
    return {};
}

} // namespace

bool isRemoteReference(const QString& entry) {
    return entry.contains(QLatin1String("://")) || entry.startsWith(QLatin1String("git@")) ||
           entry.startsWith(QLatin1String("github.com/")) || entry.startsWith(QLatin1String("gitlab.com/")) ||
           entry.startsWith(QLatin1String("bitbucket.org/")) || entry.contains(QLatin1String("?ref=")) ||
           entry.contains(QLatin1String("//")) || entry.startsWith(QLatin1String("ssh:"));
}

util::Result<QString> kustomizationFilePath(const QString& directory, const QString& relative, const QString& file) {
    if (relative.startsWith(QLatin1Char('/')))
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("absolute paths are not allowed: %1").arg(relative),
                          file);
    auto cleaned = cleanRepositoryPath(directory.isEmpty() ? relative : directory + QLatin1Char('/') + relative);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository: %1").arg(relative), file);
    if (!directory.isEmpty() && !cleaned->startsWith(directory + QLatin1Char('/')))
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("file %1 is not in or below %2 (kustomize load restrictions)").arg(relative, directory),
                          file);
    return *cleaned;
}

util::Result<QString> loadableFilePath(const FileSource& source, const QString& directory, const QString& relative,
                                       const QString& file) {
    auto path = kustomizationFilePath(directory, relative, file);
    if (!path || directory.isEmpty())
        return path;
    auto real = source.resolvedPath(*path);
    if (!real)
        return util::fail(real.error());
    if (*real == *path)
        return path;
    // The folder may itself be reached through a symlink (a linked base): compare real paths.
    auto root = source.resolvedPath(directory);
    if (!root)
        return util::fail(root.error());
    if (!root->isEmpty() && !real->startsWith(*root + QLatin1Char('/')))
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("%1 resolves through a symlink to %2, which is not in or below %3 "
                                         "(kustomize load restrictions)")
                              .arg(*path, *real, directory),
                          file);
    return path;
}

util::Result<Kustomization> Kustomization::parse(const nlohmann::ordered_json& document, const QString& file) {
    Reader r(file, QString());
    if (auto ok = r.checkKeys(document, {"apiVersion",
                                         "kind",
                                         "metadata",
                                         "resources",
                                         "bases",
                                         "namespace",
                                         "namePrefix",
                                         "nameSuffix",
                                         "commonLabels",
                                         "labels",
                                         "commonAnnotations",
                                         "images",
                                         "replicas",
                                         "patches",
                                         "patchesStrategicMerge",
                                         "patchesJson6902",
                                         "configMapGenerator",
                                         "secretGenerator",
                                         "generatorOptions",
                                         "components",
                                         "replacements"});
        !ok)
        return util::fail(ok.error());
    Kustomization k;
    k.file = file;
    k.directory = file.contains(QLatin1Char('/')) ? file.section(QLatin1Char('/'), 0, -2) : QString();
    if (auto ok = parseScalars(document, r, k); !ok)
        return util::fail(ok.error());
    TRY_ASSIGN(k.labels,
               parseList<KustomizeLabels>(r, document, "labels", [&](const Json& item) { return parseLabels(item, file); }));
    TRY_ASSIGN(k.images,
               parseList<KustomizeImage>(r, document, "images", [&](const Json& item) { return parseImage(item, file); }));
    TRY_ASSIGN(k.replicas,
               parseList<KustomizeReplica>(r, document, "replicas", [&](const Json& item) { return parseReplica(item, file); }));
    TRY_ASSIGN(k.patches, parseList<KustomizePatch>(r, document, "patches", [&](const Json& item) {
                   return parsePatch(item, file, QStringLiteral("patches[]"));
               }));
    TRY_ASSIGN(k.patchesStrategicMerge, parseList<KustomizePatch>(r, document, "patchesStrategicMerge", [&](const Json& item) {
                   return parseStrategicMergePatch(item, r);
               }));
    TRY_ASSIGN(k.patchesJson6902, parseList<KustomizePatch>(r, document, "patchesJson6902",
                                                            [&](const Json& item) { return parseJson6902Patch(item, file); }));
    if (auto ok = parseGenerators(document, r, file, k); !ok)
        return util::fail(ok.error());
    TRY_ASSIGN(k.replacements, parseList<KustomizeReplacement>(r, document, "replacements", [&](const Json& item) {
                   return KustomizeReplacement::parse(item, file);
               }));
    return k;
}

} // namespace syncline::manifest
