#include "diff/DiffEngine.h"

#include "diff/FieldFilter.h"
#include "diff/Normalizer.h"
#include "diff/ObjectComparer.h"
#include "diff/SecretMasker.h"
#include "diff/UnifiedDiff.h"
#include "manifest/YamlWriter.h"

#include <QHash>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>

namespace syncline::diff {

namespace {

using manifest::ManifestObject;
using manifest::ResourceKey;
using Json = nlohmann::ordered_json;

struct Entry {
    const ManifestObject* object = nullptr;
    ResourceKey actualKey; // as the side has it, namespace defaulted
    ResourceKey pairKey;
    bool renamed = false;
    bool clusterScoped = false;
    std::size_t hash = 0; // of pairKey
};

// Pairing looks each key up twice: its hash is computed once.
struct KeyRef {
    const ResourceKey* key;
    std::size_t hash;
    bool operator==(const KeyRef& other) const { return hash == other.hash && *key == *other.key; }
};
struct KeyRefHash {
    std::size_t operator()(const KeyRef& ref) const noexcept { return ref.hash; }
};
using KeyIndex = std::unordered_map<KeyRef, std::size_t, KeyRefHash>;

struct Side {
    std::vector<Entry> entries;
    RenameMap renames;
};

Side prepare(const std::vector<ManifestObject>& objects, const DiffSideOptions& side,
             const DiffOptions& options, const std::function<bool(const ResourceKey&)>& isClusterScoped) {
    Side out;
    out.entries.reserve(objects.size());
    for (const ManifestObject& object : objects) {
        Entry entry;
        entry.object = &object;
        entry.actualKey = object.key.kind.isEmpty() ? ResourceKey::of(object.body) : object.key;
        entry.clusterScoped = isClusterScoped(entry.actualKey);
        if (entry.clusterScoped)
            entry.actualKey.namespaceName.clear();
        else if (entry.actualKey.namespaceName.isEmpty())
            entry.actualKey.namespaceName = side.defaultNamespace;
        entry.pairKey = entry.actualKey;
        if (options.ignoreNamespace)
            entry.pairKey.namespaceName.clear();
        QString& name = entry.pairKey.name;
        if (!side.namePrefix.isEmpty() && name.size() > side.namePrefix.size() &&
            name.startsWith(side.namePrefix)) {
            name.remove(0, side.namePrefix.size());
            entry.renamed = true;
        }
        if (!side.nameSuffix.isEmpty() && name.size() > side.nameSuffix.size() &&
            name.endsWith(side.nameSuffix)) {
            name.chop(side.nameSuffix.size());
            entry.renamed = true;
        }
        if (entry.renamed)
            out.renames.emplace(entry.actualKey.name.toStdString(), name.toStdString());
        entry.hash = std::hash<ResourceKey>()(entry.pairKey);
        out.entries.push_back(std::move(entry));
    }
    return out;
}

Json normalize(const Entry& entry, const Side& side, const FieldFilter& filter, const DiffOptions& options,
               const SecretMasker& masker) {
    NormalizeContext context;
    context.filter = &filter;
    if (entry.renamed)
        context.name = entry.pairKey.name.toStdString();
    if (entry.clusterScoped || options.ignoreNamespace)
        context.dropNamespace = true;
    else
        context.namespaceName = entry.actualKey.namespaceName.toStdString();
    context.renames = side.renames.empty() ? nullptr : &side.renames;
    context.masker = SecretMasker::isSecret(entry.actualKey) ? &masker : nullptr;
    return Normalizer::normalize(entry.object->body, context);
}

// ResourceKey's defaulted <=> is deleted (QString has no <=> in Qt 6.4): group, kind,
// namespace, name order spelled out.
bool keyLess(const ResourceKey& a, const ResourceKey& b) {
    return std::tie(a.group, a.kind, a.namespaceName, a.name) <
           std::tie(b.group, b.kind, b.namespaceName, b.name);
}

std::string resourcePath(const ResourceKey& key) {
    QString path = key.group.isEmpty() ? key.kind : key.kind + QLatin1Char('.') + key.group;
    path += QLatin1Char('/');
    if (!key.namespaceName.isEmpty())
        path += key.namespaceName + QLatin1Char('/');
    path += key.name;
    return path.toStdString();
}

QString makeUnifiedDiff(const ResourceDiff& diff, int contextLines) {
    if (diff.state == ResourceState::Same)
        return {};
    const std::string current = diff.right ? manifest::writeYaml(*diff.right) : std::string();
    const std::string target = diff.left ? manifest::writeYaml(*diff.left) : std::string();
    const std::string name = resourcePath(diff.key);
    return QString::fromStdString(
        UnifiedDiff::make(current, target, name, name, UnifiedDiffOptions{.contextLines = contextLines}));
}

} // namespace

bool DiffEngine::isBuiltinClusterScoped(const ResourceKey& key) {
    // kind → group, looked up once per object.
    static const QHash<QString, QString> kinds = [] {
        const std::pair<const char*, const char*> list[] = {
            {"Namespace", ""},
            {"Node", ""},
            {"PersistentVolume", ""},
            {"ComponentStatus", ""},
            {"ClusterRole", "rbac.authorization.k8s.io"},
            {"ClusterRoleBinding", "rbac.authorization.k8s.io"},
            {"CustomResourceDefinition", "apiextensions.k8s.io"},
            {"StorageClass", "storage.k8s.io"},
            {"CSIDriver", "storage.k8s.io"},
            {"CSINode", "storage.k8s.io"},
            {"VolumeAttachment", "storage.k8s.io"},
            {"PriorityClass", "scheduling.k8s.io"},
            {"ValidatingWebhookConfiguration", "admissionregistration.k8s.io"},
            {"MutatingWebhookConfiguration", "admissionregistration.k8s.io"},
            {"ValidatingAdmissionPolicy", "admissionregistration.k8s.io"},
            {"ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io"},
            {"APIService", "apiregistration.k8s.io"},
            {"IngressClass", "networking.k8s.io"},
            {"RuntimeClass", "node.k8s.io"},
            {"CertificateSigningRequest", "certificates.k8s.io"},
            {"FlowSchema", "flowcontrol.apiserver.k8s.io"},
            {"PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io"},
        };
        QHash<QString, QString> map;
        for (const auto& [kind, group] : list)
            map.insert(QString::fromLatin1(kind), QString::fromLatin1(group));
        return map;
    }();
    const auto it = kinds.constFind(key.kind);
    return it != kinds.cend() && *it == key.group;
}

DiffResult DiffEngine::compare(const std::vector<ManifestObject>& left,
                               const std::vector<ManifestObject>& right, const DiffOptions& options) {
    const SecretMasker masker(options.secretSalt);
    const std::function<bool(const ResourceKey&)> isClusterScoped =
        options.isClusterScoped ? options.isClusterScoped : &DiffEngine::isBuiltinClusterScoped;
    const Side lside = prepare(left, options.left, options, isClusterScoped);
    const Side rside = prepare(right, options.right, options, isClusterScoped);

    DiffResult result;
    auto warnDuplicate = [&](const Entry& entry, const char* side) {
        result.warnings.push_back(
            QStringLiteral("%1 appears more than once on the %2 side; the first one is compared")
                .arg(entry.pairKey.toString(), QLatin1String(side)));
    };
    KeyIndex rightIndex;
    rightIndex.reserve(rside.entries.size());
    std::vector<char> rightUsed(rside.entries.size(), 0);
    for (std::size_t j = 0; j < rside.entries.size(); ++j) {
        if (!rightIndex.emplace(KeyRef{&rside.entries[j].pairKey, rside.entries[j].hash}, j).second) {
            warnDuplicate(rside.entries[j], "right");
            rightUsed[j] = 1; // not reported as Extra
        }
    }
    KeyIndex leftSeen;
    leftSeen.reserve(lside.entries.size());

    const FieldFilter serverOwned;
    ObjectComparer comparer(ObjectComparer::Settings{
        .onlyLeftFields = options.compareOnlyDesiredFields,
        .leftRenames = lside.renames.empty() ? nullptr : &lside.renames,
        .rightRenames = rside.renames.empty() ? nullptr : &rside.renames,
        .maxChanges = kMaxChangesPerResource,
    });
    result.resources.reserve(std::max(lside.entries.size(), rside.entries.size()));
    for (std::size_t i = 0; i < lside.entries.size(); ++i) {
        const Entry& l = lside.entries[i];
        const KeyRef ref{&l.pairKey, l.hash};
        if (!leftSeen.emplace(ref, i).second) {
            warnDuplicate(l, "left");
            continue;
        }
        ResourceDiff diff;
        diff.key = l.pairKey;
        diff.leftKey = l.actualKey;
        const auto found = rightIndex.find(ref);
        if (found == rightIndex.end()) {
            diff.state = ResourceState::Missing;
            diff.left =
                normalize(l, lside, FieldFilter::forKeys(options.ignoreRules, {&l.pairKey, &l.actualKey}),
                          options, masker);
            result.resources.push_back(std::move(diff));
            continue;
        }
        const Entry& r = rside.entries[found->second];
        rightUsed[found->second] = 1;
        diff.rightKey = r.actualKey;
        const FieldFilter filter =
            options.ignoreRules.empty()
                ? serverOwned
                : FieldFilter::forKeys(options.ignoreRules, {&l.pairKey, &l.actualKey, &r.actualKey});
        const bool secret = SecretMasker::isSecret(l.actualKey);
        std::optional<Json> normalizedLeft, normalizedRight;
        bool same;
        if (secret) {
            // Compared masked, so no clear value can reach a change.
            normalizedLeft = normalize(l, lside, filter, options, masker);
            normalizedRight = normalize(r, rside, filter, options, masker);
            same = comparer.compare(*normalizedLeft, *normalizedRight, filter, true, diff.changes);
        } else {
            same = comparer.compare(l.object->body, r.object->body, filter, false, diff.changes);
        }
        diff.changesTruncated = comparer.truncated();
        if (same) {
            diff.state = ResourceState::Same;
        } else {
            diff.state = ResourceState::Modified;
            if (!normalizedLeft) {
                normalizedLeft = normalize(l, lside, filter, options, masker);
                normalizedRight = normalize(r, rside, filter, options, masker);
            }
            diff.right = comparer.project(*normalizedLeft, *normalizedRight);
            diff.left = std::move(normalizedLeft);
            if (options.withUnifiedDiff)
                diff.unifiedDiff = makeUnifiedDiff(diff, options.contextLines);
        }
        result.resources.push_back(std::move(diff));
    }
    for (std::size_t j = 0; j < rside.entries.size(); ++j) {
        if (rightUsed[j])
            continue;
        const Entry& r = rside.entries[j];
        ResourceDiff diff;
        diff.key = r.pairKey;
        diff.state = ResourceState::Extra;
        diff.rightKey = r.actualKey;
        diff.right = normalize(
            r, rside, FieldFilter::forKeys(options.ignoreRules, {&r.pairKey, &r.actualKey}), options, masker);
        result.resources.push_back(std::move(diff));
    }
    // Sorted through an index: moving whole ResourceDiffs around in the sort costs more.
    std::vector<std::uint32_t> order(result.resources.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return keyLess(result.resources[a].key, result.resources[b].key);
    });
    std::vector<ResourceDiff> sorted;
    sorted.reserve(order.size());
    for (std::uint32_t i : order)
        sorted.push_back(std::move(result.resources[i]));
    result.resources = std::move(sorted);
    for (const ResourceDiff& diff : result.resources)
        ++result.counts[static_cast<std::size_t>(diff.state)];
    return result;
}

QString DiffEngine::unifiedDiff(const ResourceDiff& diff, int contextLines) {
    return makeUnifiedDiff(diff, contextLines);
}

} // namespace syncline::diff
