#include "manifest/PlainRenderer.h"

#include "manifest/GitTreeFileSource.h"
#include "manifest/Hooks.h"

#include <QHash>

#include <algorithm>

namespace syncline::manifest {

namespace {

constexpr int kMaxDepth = 64;

bool isManifestFile(const QString& name) {
    return name.endsWith(QLatin1String(".yaml")) || name.endsWith(QLatin1String(".yml")) || name.endsWith(QLatin1String(".json"));
}

QString joinPath(const QString& directory, const QString& name) {
    return directory.isEmpty() ? name : directory + QLatin1Char('/') + name;
}

bool isString(const nlohmann::ordered_json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

util::Error objectError(const YamlDocument& document, const QString& message) {
    return util::makeError(util::ErrorCode::InvalidArgument, message,
                           SourceLocation{document.fileName, document.line, document.column}.toString());
}

void appendObject(nlohmann::ordered_json&& value, const YamlDocument& document, std::vector<ManifestObject>& objects,
                  std::vector<util::Error>& errors) {
    if (!value.is_object())
        return errors.push_back(objectError(document, QStringLiteral("not a Kubernetes object (expected a mapping)")));
    if (!isString(value, "apiVersion") || !isString(value, "kind"))
        return errors.push_back(objectError(document, QStringLiteral("object has no apiVersion or kind")));
    auto metadata = value.find("metadata");
    const bool named = metadata != value.end() && metadata->is_object() && isString(*metadata, "name");
    // Only a hook may go by generateName: Argo CD creates it anew each time it runs.
    const bool generated = !named && metadata != value.end() && metadata->is_object() && isString(*metadata, "generateName");
    if (!named && !(generated && isHook(value)))
        return errors.push_back(objectError(document, generated ? QStringLiteral("object has only a generateName: only Argo "
                                                                                 "CD hooks may (argocd.argoproj.io/hook)")
                                                                : QStringLiteral("object has no metadata.name")));
    ManifestObject object;
    object.key = ResourceKey::of(value);
    if (generated)
        object.key.name = QString::fromStdString((*metadata)["generateName"].get<std::string>());
    object.body = std::move(value);
    object.source = SourceLocation{document.fileName, document.line, document.column};
    objects.push_back(std::move(object));
}

} // namespace

void appendManifestObjects(std::vector<YamlDocument>&& documents, std::vector<ManifestObject>& objects,
                           std::vector<util::Error>& errors) {
    for (YamlDocument& document : documents) {
        nlohmann::ordered_json& value = document.value;
        if (value.is_object() && isString(value, "kind")) {
            const std::string& kind = value["kind"].get_ref<const std::string&>();
            auto items = value.find("items");
            if (kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0 && items != value.end() && items->is_array()) {
                for (auto& item : *items)
                    appendObject(std::move(item), document, objects, errors);
                continue;
            }
        }
        appendObject(std::move(value), document, objects, errors);
    }
}

PlainRenderer::PlainRenderer(const BudgetedFileSource& source, YamlLimits limits)
    : m_source(source), m_budget(source.budget()), m_limits(limits) {}

RenderResult PlainRenderer::render(const QString& directory) const {
    RenderResult result;
    result.renderer = QStringLiteral("plain");
    auto cleaned = cleanRepositoryPath(directory);
    if (!cleaned) {
        result.errors.push_back(
            util::makeError(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), directory));
        return result;
    }
    walk(*cleaned, 0, result);

    // Duplicates: keep the first, name both places.
    QHash<QString, std::size_t> seen;
    std::vector<ManifestObject> unique;
    unique.reserve(result.objects.size());
    for (ManifestObject& object : result.objects) {
        const QString id = object.key.toString();
        auto it = seen.constFind(id);
        if (it != seen.constEnd()) {
            result.errors.push_back(util::makeError(
                util::ErrorCode::Conflict,
                QStringLiteral("duplicate resource %1 (also defined at %2)").arg(id, unique[*it].source.toString()),
                object.source.toString()));
            continue;
        }
        seen.insert(id, unique.size());
        unique.push_back(std::move(object));
    }
    result.objects = std::move(unique);
    return result;
}

void PlainRenderer::walk(const QString& directory, int depth, RenderResult& result) const {
    if (depth > kMaxDepth) {
        result.errors.push_back(
            util::makeError(util::ErrorCode::InvalidArgument, QStringLiteral("folders nested too deeply"), directory));
        return;
    }
    auto entries = m_source.listDirectory(directory);
    if (!entries) {
        result.errors.push_back(entries.error());
        return;
    }
    std::sort(entries->begin(), entries->end(), [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
    for (const DirectoryEntry& entry : *entries) {
        if (m_budget.exhausted())
            return; // its error is already in the result
        const QString path = joinPath(directory, entry.name);
        switch (entry.type) {
        case EntryType::Directory:
            walk(path, depth + 1, result);
            break;
        case EntryType::File:
            if (isManifestFile(entry.name))
                renderFile(path, result);
            break;
        case EntryType::Symlink:
            // Followed for files only; readFile refuses targets outside the tree.
            if (isManifestFile(entry.name) && m_source.typeOf(path) != EntryType::Directory)
                renderFile(path, result);
            break;
        case EntryType::Other:
            break;
        }
    }
}

void PlainRenderer::renderFile(const QString& path, RenderResult& result) const {
    auto bytes = m_source.readFile(path);
    if (!bytes) {
        result.errors.push_back(bytes.error());
        return;
    }
    auto documents = parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), path, m_limits, &m_budget);
    if (!documents) {
        result.errors.push_back(documents.error());
        return;
    }
    const std::size_t before = result.objects.size();
    appendManifestObjects(std::move(*documents), result.objects, result.errors);
    if (auto ok = m_budget.chargeObjects(result.objects.size() - before, path); !ok)
        result.errors.push_back(ok.error());
}

} // namespace syncline::manifest
