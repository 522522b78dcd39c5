#include "manifest/KustomizeRenderer.h"

#include "manifest/ConfigMapGenerator.h"
#include "manifest/ExternalKustomize.h"
#include "manifest/FieldTransformers.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/ImageTransformer.h"
#include "manifest/JsonFields.h"
#include "manifest/JsonPatch.h"
#include "manifest/NameReferenceRewriter.h"
#include "manifest/PatchTargetMatcher.h"
#include "manifest/PlainRenderer.h"
#include "manifest/ReplacementTransformer.h"
#include "manifest/StrategicMergePatch.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kMaxDepth = 32;

util::Unexpected failAt(util::ErrorCode code, const QString& message, const QString& where) {
    return util::fail(code, message, where);
}

// kustomize's legacy order: some kinds first, webhooks last, the rest by group/version/
// kind; then namespace and name.
int kindOrder(const std::string& kind) {
    static constexpr std::array<std::string_view, 22> first{"Namespace",
                                                            "ResourceQuota",
                                                            "StorageClass",
                                                            "CustomResourceDefinition",
                                                            "ServiceAccount",
                                                            "PodSecurityPolicy",
                                                            "Role",
                                                            "ClusterRole",
                                                            "RoleBinding",
                                                            "ClusterRoleBinding",
                                                            "ConfigMap",
                                                            "Secret",
                                                            "Endpoints",
                                                            "Service",
                                                            "LimitRange",
                                                            "PriorityClass",
                                                            "PersistentVolume",
                                                            "PersistentVolumeClaim",
                                                            "Deployment",
                                                            "StatefulSet",
                                                            "CronJob",
                                                            "PodDisruptionBudget"};
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i] == kind)
            return -int(first.size()) + int(i);
    }
    if (kind == "MutatingWebhookConfiguration")
        return 1;
    if (kind == "ValidatingWebhookConfiguration")
        return 2;
    return 0;
}

struct SortKey {
    int order;
    std::string gvk;
    std::string rest;
};

SortKey sortKeyOf(const KustomizeResource& resource) {
    const std::string apiVersion = resource.apiVersion();
    const auto slash = apiVersion.find('/');
    std::string group = slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
    std::string version = slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
    std::string kind = resource.kind();
    const int order = kindOrder(kind);
    std::string gvk =
        (group.empty() ? "~G" : group) + "_" + (version.empty() ? "~V" : version) + "_" + (kind.empty() ? "~K" : kind);
    std::string ns = resource.namespaceName();
    return {order, std::move(gvk), (ns.empty() ? std::string("default") : ns) + "|" + resource.name()};
}

// The target of a patch given without `target`: its own kind, name (and namespace).
KustomizeTarget targetOfPatch(const Json& patch) {
    KustomizeTarget target;
    const std::string apiVersion = stringField(patch, "apiVersion");
    const auto slash = apiVersion.find('/');
    target.group = slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
    target.kind = stringField(patch, "kind");
    if (auto metadata = patch.find("metadata"); metadata != patch.end() && metadata->is_object()) {
        target.name = stringField(*metadata, "name");
        target.namespaceName = stringField(*metadata, "namespace");
    }
    return target;
}

bool matchesOwnTarget(const KustomizeTarget& target, const KustomizeResource& resource) {
    if (target.kind != resource.kind() || (!target.group.empty() && target.group != resource.group()))
        return false;
    if (target.name != resource.name() && !resource.hadName(target.name))
        return false;
    if (target.namespaceName.empty())
        return true;
    if (target.namespaceName == resource.namespaceName())
        return true;
    return std::find(resource.previousNamespaces.begin(), resource.previousNamespaces.end(), target.namespaceName) !=
           resource.previousNamespaces.end();
}

// The mapping under `key`, or an empty one.
Json objectAt(const Json& parent, const char* key) {
    if (!parent.is_object())
        return Json::object();
    auto it = parent.find(key);
    return it != parent.end() && it->is_object() ? *it : Json::object();
}

// kustomize's mergeStringMaps: `top`'s entries over `base`'s.
void overlay(Json& base, const Json& top) {
    for (auto it = top.begin(); it != top.end(); ++it)
        base[it.key()] = *it;
}

// kustomize's ResId.Equals over every id an object had: same kind, a name it had, a
// namespace it had ("" and "default" alike).
bool sameGeneratedId(const KustomizeResource& resource, const KustomizeResource& generated) {
    if (resource.apiVersion() != generated.apiVersion() || resource.kind() != generated.kind())
        return false;
    const std::string name = generated.name();
    if (resource.name() != name && !resource.hadName(name))
        return false;
    auto normalized = [](const std::string& ns) { return ns.empty() ? std::string("default") : ns; };
    const std::string ns = normalized(generated.namespaceName());
    if (normalized(resource.namespaceName()) == ns)
        return true;
    for (const std::string& previous : resource.previousNamespaces)
        if (normalized(previous) == ns)
            return true;
    return false;
}

} // namespace

KustomizeRenderer::KustomizeRenderer(const BudgetedFileSource& source, RenderOptions options)
    : m_source(source), m_budget(source.budget()), m_options(std::move(options)), m_limits(m_options.limits) {}

std::optional<QString> KustomizeRenderer::kustomizationFile(const FileSource& source, const QString& directory) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        const QString path = directory.isEmpty() ? QString::fromLatin1(name) : directory + QLatin1Char('/') + QLatin1String(name);
        if (source.typeOf(path) == EntryType::File)
            return path;
    }
    return std::nullopt;
}

RenderResult KustomizeRenderer::render(const QString& directory) const {
    RenderResult result;
    result.renderer = QStringLiteral("kustomize (native)");
    auto cleaned = cleanRepositoryPath(directory);
    if (!cleaned) {
        result.errors.push_back(
            util::makeError(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), directory));
        return result;
    }
    Context context;
    auto built = build(*cleaned, context);
    if (!built && context.notBuiltIn && built.error().message == context.notBuiltIn->message && !m_budget.exhausted())
        return ExternalKustomize(m_source, m_options).render(*cleaned, *context.notBuiltIn);
    result.errors = std::move(context.errors);
    if (!built) {
        result.errors.push_back(std::move(built.error()));
        return result;
    }
    std::vector<KustomizeResource>& resources = *built;

    // Hash suffixes on generated names, then references to renamed objects.
    for (KustomizeResource& resource : resources) {
        if (!resource.hashSuffix)
            continue;
        resource.setName(resource.name() + "-" + ConfigMapGenerator::nameHash(resource.body));
    }
    for (util::Error& error : NameReferenceRewriter(resources).run())
        result.errors.push_back(std::move(error));

    std::vector<std::pair<SortKey, std::size_t>> order;
    order.reserve(resources.size());
    for (std::size_t i = 0; i < resources.size(); ++i)
        order.emplace_back(sortKeyOf(resources[i]), i);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.first.order != b.first.order)
            return a.first.order < b.first.order;
        if (a.first.gvk != b.first.gvk)
            return a.first.gvk < b.first.gvk;
        return a.first.rest < b.first.rest;
    });
    result.objects.reserve(resources.size());
    for (const auto& [key, index] : order) {
        (void)key;
        ManifestObject object;
        object.key = ResourceKey::of(resources[index].body);
        object.body = std::move(resources[index].body);
        object.source = std::move(resources[index].source);
        result.objects.push_back(std::move(object));
    }
    return result;
}

util::Result<std::vector<KustomizeResource>> KustomizeRenderer::build(const QString& directory, Context& context) const {
    if (auto ok = enter(directory, context); !ok)
        return util::fail(ok.error());
    // A folder's build depends on nothing but the folder: a diamond of kustomizations
    // builds each folder once, however many paths lead to it.
    if (auto memo = context.built.constFind(directory); memo != context.built.constEnd())
        return *memo;
    auto k = load(directory, context);
    if (!k)
        return util::fail(k.error());
    if (k->component)
        return failAt(util::ErrorCode::InvalidArgument,
                      QStringLiteral("%1 is a kind: Component; list it under components, not resources").arg(directory), k->file);
    context.stack << directory;
    std::vector<KustomizeResource> resources;
    auto ok = accumulate(*k, resources, context);
    context.stack.removeLast();
    if (!ok)
        return util::fail(ok.error());
    if (!context.stack.isEmpty()) // the top folder is built once anyway
        context.built.insert(directory, resources);
    return resources;
}

util::Result<void> KustomizeRenderer::enter(const QString& directory, const Context& context) const {
    if (context.stack.contains(directory)) {
        const QString chain = (context.stack.mid(context.stack.indexOf(directory)) << directory).join(QStringLiteral(" -> "));
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("kustomization includes itself: ") + chain, directory);
    }
    if (context.stack.size() >= kMaxDepth)
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("kustomizations nested too deeply"), directory);
    return {};
}

util::Result<Kustomization> KustomizeRenderer::load(const QString& directory, Context& context) const {
    if (auto ok = m_budget.chargeKustomizeBuild(directory); !ok)
        return util::fail(ok.error());
    const auto file = kustomizationFile(m_source, directory);
    if (!file)
        return failAt(util::ErrorCode::NotFound,
                      QStringLiteral("no kustomization.yaml, kustomization.yml or Kustomization in this folder"),
                      directory.isEmpty() ? QStringLiteral("/") : directory);
    auto bytes = m_source.readFile(*file);
    if (!bytes)
        return util::fail(bytes.error());
    auto documents =
        parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), *file, m_limits, &m_budget);
    if (!documents)
        return util::fail(documents.error());
    if (documents->size() != 1)
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("expected exactly one YAML document"), *file);
    auto k = Kustomization::parse(documents->front().value, *file);
    if (!k && k.error().code == util::ErrorCode::Unsupported && !context.notBuiltIn)
        context.notBuiltIn = k.error(); // kubectl kustomize may render it
    return k;
}

// kustomize's accumulateTarget (5.1 and later): resources, then generators, then
// components (each applied to what is accumulated so far), then this kustomization's
// transformers.
util::Result<void> KustomizeRenderer::accumulate(const Kustomization& k, std::vector<KustomizeResource>& resources,
                                                 Context& context) const {
    for (const QString& entry : k.resources) {
        if (auto ok = addResource(k, entry, resources, context); !ok)
            return ok;
    }
    for (const KustomizeGenerator& generator : k.generators) {
        auto generated = ConfigMapGenerator::generate(generator, k.generatorOptions, m_source, k);
        if (!generated)
            return util::fail(generated.error());
        if (auto ok = m_budget.chargeObjects(1, k.file); !ok)
            return util::fail(ok.error());
        KustomizeResource resource;
        resource.body = std::move(generated->body);
        resource.source = SourceLocation{k.file, 0, 0};
        resource.hashSuffix = generated->hashSuffix;
        if (auto ok = absorb(k, generator, std::move(resource), resources); !ok)
            return ok;
    }
    for (const QString& entry : k.components) {
        if (auto ok = addComponent(k, entry, resources, context); !ok)
            return ok;
    }
    // One object per identity, as kustomize insists.
    QHash<QString, const KustomizeResource*> seen;
    for (const KustomizeResource& resource : resources) {
        const QString id = QString::fromStdString(resource.id());
        if (auto it = seen.constFind(id); it != seen.constEnd())
            return failAt(util::ErrorCode::Conflict,
                          QStringLiteral("duplicate resource %1 (also defined at %2)")
                              .arg(ResourceKey::of(resource.body).toString(), (*it)->source.toString()),
                          resource.source.toString());
        seen.insert(id, &resource);
    }
    if (auto ok = applyTransformers(k, resources); !ok)
        return ok;
    return applyReplacements(k, resources, context);
}

// kustomize's ReplacementTransformer, the last of a kustomization's transformers. A case
// it does not reproduce exactly (Unsupported) hands the folder to the external kustomize.
util::Result<void> KustomizeRenderer::applyReplacements(const Kustomization& k, std::vector<KustomizeResource>& resources,
                                                        Context& context) const {
    for (const KustomizeReplacement& entry : k.replacements) {
        auto replacements = readReplacements(k, entry);
        if (!replacements)
            return util::fail(replacements.error());
        const QString where =
            entry.path.isEmpty() ? k.file : kustomizationFilePath(k.directory, entry.path, k.file).value_or(k.file);
        for (const KustomizeReplacement& replacement : *replacements) {
            auto ok = ReplacementTransformer::apply(replacement, resources, where);
            if (!ok && ok.error().code == util::ErrorCode::Unsupported && !context.notBuiltIn)
                context.notBuiltIn = ok.error();
            if (!ok)
                return ok;
        }
    }
    return {};
}

// An inline replacement as it is, or the ones its `path:` file holds.
util::Result<std::vector<KustomizeReplacement>> KustomizeRenderer::readReplacements(const Kustomization& k,
                                                                                    const KustomizeReplacement& entry) const {
    if (entry.path.isEmpty())
        return std::vector<KustomizeReplacement>{entry};
    auto path = loadableFilePath(m_source, k.directory, entry.path, k.file);
    if (!path)
        return util::fail(path.error());
    auto bytes = m_source.readFile(*path);
    if (!bytes)
        return util::fail(bytes.error());
    auto documents =
        parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), *path, m_limits, &m_budget);
    if (!documents)
        return util::fail(documents.error());
    if (documents->size() != 1)
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("a replacements file must be one YAML document"), *path);
    return KustomizeReplacement::parseFile(documents->front().value, *path);
}

util::Result<void> KustomizeRenderer::addComponent(const Kustomization& k, const QString& entry,
                                                   std::vector<KustomizeResource>& resources, Context& context) const {
    if (isRemoteReference(entry))
        return failAt(util::ErrorCode::Unsupported,
                      QStringLiteral("remote components are not allowed (no network while rendering): %1").arg(entry), k.file);
    auto path = cleanRepositoryPath(k.directory.isEmpty() ? entry : k.directory + QLatin1Char('/') + entry);
    if (!path || entry.startsWith(QLatin1Char('/')))
        return failAt(util::ErrorCode::InvalidArgument,
                      QStringLiteral("component %1 is not a folder inside the repository").arg(entry), k.file);
    if (m_source.typeOf(*path) != EntryType::Directory)
        return failAt(util::ErrorCode::NotFound, QStringLiteral("component %1 is not a folder").arg(entry), k.file);
    if (auto ok = enter(*path, context); !ok)
        return ok;
    auto component = load(*path, context);
    if (!component)
        return util::fail(component.error());
    if (!component->component)
        return failAt(
            util::ErrorCode::InvalidArgument,
            QStringLiteral("component %1 must be a kind: Component (apiVersion kustomize.config.k8s.io/v1alpha1)").arg(entry),
            component->file);
    context.stack << *path;
    auto ok = accumulate(*component, resources, context);
    context.stack.removeLast();
    return ok;
}

util::Result<void> KustomizeRenderer::addResource(const Kustomization& k, const QString& entry,
                                                  std::vector<KustomizeResource>& out, Context& context) const {
    if (isRemoteReference(entry))
        return failAt(util::ErrorCode::Unsupported,
                      QStringLiteral("remote bases are not allowed (no network while rendering): %1").arg(entry), k.file);
    if (entry.startsWith(QLatin1Char('/')))
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("absolute paths are not allowed: %1").arg(entry), k.file);
    auto path = cleanRepositoryPath(k.directory.isEmpty() ? entry : k.directory + QLatin1Char('/') + entry);
    if (!path)
        return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository: %1").arg(entry), k.file);
    const auto type = m_source.typeOf(*path);
    if (type == EntryType::Directory) {
        auto built = build(*path, context);
        if (!built)
            return util::fail(built.error());
        // Charged at every inclusion: copies of a memoized build cost what they hold.
        if (auto ok = m_budget.chargeObjects(built->size(), *path); !ok)
            return util::fail(ok.error());
        for (KustomizeResource& resource : *built)
            out.push_back(std::move(resource));
        return {};
    }
    if (type == EntryType::File) {
        auto inside = loadableFilePath(m_source, k.directory, entry, k.file);
        if (!inside)
            return util::fail(inside.error());
        return readResourceFile(*path, out, context);
    }
    // Absent, or a symlink that leaves the tree: let readFile say which.
    auto bytes = m_source.readFile(*path);
    return failAt(
        bytes ? util::ErrorCode::InvalidArgument : bytes.error().code,
        QStringLiteral("resource %1: %2").arg(entry, bytes ? QStringLiteral("not a file or folder") : bytes.error().message),
        k.file);
}

util::Result<void> KustomizeRenderer::readResourceFile(const QString& path, std::vector<KustomizeResource>& out,
                                                       Context& context) const {
    auto bytes = m_source.readFile(path);
    if (!bytes)
        return util::fail(bytes.error());
    auto documents = parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), path, m_limits, &m_budget);
    if (!documents) {
        if (m_budget.exhausted())
            return util::fail(std::move(documents.error()));
        // The other files still render; the environment carries the error.
        context.errors.push_back(std::move(documents.error()));
        return {};
    }
    std::vector<ManifestObject> objects;
    appendManifestObjects(std::move(*documents), objects, context.errors);
    if (auto ok = m_budget.chargeObjects(objects.size(), path); !ok)
        return util::fail(ok.error());
    for (ManifestObject& object : objects) {
        KustomizeResource resource;
        resource.body = std::move(object.body);
        resource.source = std::move(object.source);
        out.push_back(std::move(resource));
    }
    return {};
}

// kustomize's appendReplaceOrMerge: merge and replace land on the one object of the same
// kind, name and namespace (as it was named before any prefix or hash), keeping its
// name, namespace and whether it gets a hash suffix, its labels and annotations under
// the generator's; merge keeps its data under the generator's, replace drops it.
util::Result<void> KustomizeRenderer::absorb(const Kustomization& k, const KustomizeGenerator& generator,
                                             KustomizeResource generated, std::vector<KustomizeResource>& resources) const {
    const QString what =
        QStringLiteral("%1 %2").arg(generator.secret ? QStringLiteral("secretGenerator") : QStringLiteral("configMapGenerator"),
                                    QString::fromStdString(generator.name));
    if (generator.behavior == KustomizeGenerator::Behavior::Create) {
        resources.push_back(std::move(generated));
        return {};
    }
    std::vector<std::size_t> matches;
    for (std::size_t i = 0; i < resources.size(); ++i)
        if (sameGeneratedId(resources[i], generated))
            matches.push_back(i);
    if (matches.size() != 1)
        return failAt(util::ErrorCode::NotFound,
                      matches.empty()
                          ? QStringLiteral("%1 has behavior %2, but no %3 of that name comes from the resources")
                                .arg(what,
                                     generator.behavior == KustomizeGenerator::Behavior::Merge ? QStringLiteral("merge")
                                                                                               : QStringLiteral("replace"),
                                     QString::fromStdString(generated.kind()))
                          : QStringLiteral("%1: more than one object could take its data").arg(what),
                      k.file);
    KustomizeResource& old = resources[matches.front()];
    Json body = std::move(generated.body);
    Json& metadata = body["metadata"];
    for (const char* field : {"labels", "annotations"}) {
        Json merged = objectAt(objectAt(old.body, "metadata"), field);
        overlay(merged, objectAt(metadata, field));
        if (merged.empty())
            metadata.erase(field);
        else
            metadata[field] = std::move(merged);
    }
    metadata["name"] = old.name();
    if (old.namespaceName().empty())
        metadata.erase("namespace");
    else
        metadata["namespace"] = old.namespaceName();
    if (generator.behavior == KustomizeGenerator::Behavior::Merge) {
        for (const char* field : {"data", "binaryData"}) {
            Json merged = objectAt(old.body, field);
            overlay(merged, objectAt(body, field));
            if (!merged.empty())
                body[field] = std::move(merged);
        }
    }
    old.body = std::move(body); // keeps its name history and hash suffix choice
    old.source = generated.source;
    return {};
}

util::Result<std::vector<YamlDocument>> KustomizeRenderer::readPatch(const Kustomization& k, const KustomizePatch& patch) const {
    if (!patch.inlinePatch.empty())
        return parseYamlStream(patch.inlinePatch, k.file + QStringLiteral(" (inline patch)"), m_limits, &m_budget);
    auto path = loadableFilePath(m_source, k.directory, patch.path, k.file);
    if (!path)
        return util::fail(path.error());
    auto bytes = m_source.readFile(*path);
    if (!bytes)
        return util::fail(bytes.error());
    return parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), *path, m_limits, &m_budget);
}

util::Result<void> KustomizeRenderer::applyPatch(const Kustomization& k, const KustomizePatch& patch, bool json6902Only,
                                                 std::vector<KustomizeResource>& resources) const {
    auto documents = readPatch(k, patch);
    if (!documents)
        return util::fail(documents.error());
    const QString where = patch.path.isEmpty() ? k.file : patch.path;
    std::optional<PatchTargetMatcher> matcher;
    if (patch.target) {
        auto compiled = PatchTargetMatcher::compile(*patch.target);
        if (!compiled)
            return failAt(compiled.error().code, compiled.error().message, where);
        matcher = std::move(*compiled);
    }
    const bool json6902 = json6902Only || (documents->size() == 1 && documents->front().value.is_array());
    if (json6902) {
        if (documents->size() != 1)
            return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("a JSON patch must be one document"), where);
        if (!patch.target)
            return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("a JSON patch needs a target"), where);
        auto operations = JsonPatch::parse(documents->front().value);
        if (!operations)
            return failAt(operations.error().code, operations.error().message, where);
        for (KustomizeResource& resource : resources) {
            auto selected = matcher->matches(resource);
            if (!selected)
                return failAt(selected.error().code, selected.error().message, where);
            if (!*selected)
                continue;
            if (auto ok = operations->apply(resource.body); !ok)
                return failAt(ok.error().code,
                              ok.error().message + QStringLiteral(" on ") + ResourceKey::of(resource.body).toString(), where);
        }
        return {};
    }
    for (const YamlDocument& document : *documents) {
        if (!document.value.is_object())
            return failAt(util::ErrorCode::InvalidArgument, QStringLiteral("a strategic merge patch must be a mapping"),
                          SourceLocation{document.fileName, document.line, document.column}.toString());
        const KustomizeTarget target = patch.target ? *patch.target : targetOfPatch(document.value);
        Json body = document.value;
        if (patch.target) {
            // The patch's own identity does not rename the objects it applies to.
            body.erase("apiVersion");
            body.erase("kind");
            if (auto metadata = body.find("metadata"); metadata != body.end() && metadata->is_object()) {
                metadata->erase("name");
                metadata->erase("namespace");
            }
        }
        bool matched = false;
        for (KustomizeResource& resource : resources) {
            bool selected = false;
            if (matcher) {
                auto matches = matcher->matches(resource);
                if (!matches)
                    return failAt(matches.error().code, matches.error().message, where);
                selected = *matches;
            } else {
                selected = matchesOwnTarget(target, resource);
            }
            if (!selected)
                continue;
            matched = true;
            if (auto ok = StrategicMergePatch::apply(resource.body, body); !ok)
                return failAt(ok.error().code, ok.error().message,
                              SourceLocation{document.fileName, document.line, document.column}.toString());
        }
        if (!matched && !patch.target)
            return failAt(util::ErrorCode::NotFound,
                          QStringLiteral("no resource matches the strategic merge patch %1 %2")
                              .arg(QString::fromStdString(target.kind), QString::fromStdString(target.name)),
                          SourceLocation{document.fileName, document.line, document.column}.toString());
    }
    return {};
}

util::Result<void> KustomizeRenderer::applyTransformers(const Kustomization& k, std::vector<KustomizeResource>& resources) const {
    for (const KustomizePatch& patch : k.patchesStrategicMerge) {
        if (auto ok = applyPatch(k, patch, false, resources); !ok)
            return ok;
    }
    for (const KustomizePatch& patch : k.patches) {
        if (auto ok = applyPatch(k, patch, false, resources); !ok)
            return ok;
    }
    FieldTransformers::setNamespace(resources, k.namespaceName);
    FieldTransformers::addPrefixSuffix(resources, k.namePrefix, std::string());
    FieldTransformers::addPrefixSuffix(resources, std::string(), k.nameSuffix);
    FieldTransformers::addLabels(resources, k.commonLabels, true, true);
    for (const KustomizeLabels& labels : k.labels)
        FieldTransformers::addLabels(resources, labels.pairs, labels.includeSelectors, labels.includeTemplates);
    FieldTransformers::addAnnotations(resources, k.commonAnnotations);
    for (const KustomizePatch& patch : k.patchesJson6902) {
        if (auto ok = applyPatch(k, patch, true, resources); !ok)
            return ok;
    }
    for (const KustomizeReplica& replica : k.replicas)
        FieldTransformers::setReplicas(resources, replica);
    for (const KustomizeImage& image : k.images) {
        const ImageTransformer transformer(image);
        for (KustomizeResource& resource : resources)
            transformer.apply(resource.body);
    }
    return {};
}

} // namespace syncline::manifest
