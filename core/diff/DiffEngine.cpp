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

Side prepare(const std::vector<ManifestObject>& objects, const DiffSideOptions& side, const DiffOptions& options,
             const std::function<bool(const ResourceKey&)>& isClusterScoped) {
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
        if (!side.namePrefix.isEmpty() && name.size() > side.namePrefix.size() && name.startsWith(side.namePrefix)) {
            name.remove(0, side.namePrefix.size());
            entry.renamed = true;
        }
        if (!side.nameSuffix.isEmpty() && name.size() > side.nameSuffix.size() && name.endsWith(side.nameSuffix)) {
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
    return std::tie(a.group, a.kind, a.namespaceName, a.name) < std::tie(b.group, b.kind, b.namespaceName, b.name);
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

// Sorted through an index: moving whole ResourceDiffs around in the sort costs more.
void sortByKey(std::vector<ResourceDiff>& resources) {
    std::vector<std::uint32_t> order(resources.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return keyLess(resources[a].key, resources[b].key); });
    std::vector<ResourceDiff> sorted;
    sorted.reserve(order.size());
    for (std::uint32_t i : order)
        sorted.push_back(std::move(resources[i]));
    resources = std::move(sorted);
}

// One compare() call: both sides prepared, the right side indexed by pairing key, and the
// result filled in three passes — pair each left object, add the unpaired right ones, sort.
class Pairing {
public:
    Pairing(const std::vector<ManifestObject>& left, const std::vector<ManifestObject>& right, const DiffOptions& options)
        : m_options(options), m_masker(options.secretSalt), m_left(prepare(left, options.left, options, clusterScopeOf(options))),
          m_right(prepare(right, options.right, options, clusterScopeOf(options))),
          m_comparer(ObjectComparer::Settings{
              .onlyLeftFields = options.compareOnlyDesiredFields,
              .leftRenames = m_left.renames.empty() ? nullptr : &m_left.renames,
              .rightRenames = m_right.renames.empty() ? nullptr : &m_right.renames,
              .maxChanges = DiffEngine::kMaxChangesPerResource,
          }) {}

    DiffResult run() {
        indexRight();
        pairLeft();
        addExtras();
        sortByKey(m_result.resources);
        for (const ResourceDiff& diff : m_result.resources)
            ++m_result.counts[static_cast<std::size_t>(diff.state)];
        return std::move(m_result);
    }

private:
    static std::function<bool(const ResourceKey&)> clusterScopeOf(const DiffOptions& options) {
        return options.isClusterScoped ? options.isClusterScoped : &DiffEngine::isBuiltinClusterScoped;
    }

    void warnDuplicate(const Entry& entry, const char* side) {
        m_result.warnings.push_back(QStringLiteral("%1 appears more than once on the %2 side; the first one is compared")
                                        .arg(entry.pairKey.toString(), QLatin1String(side)));
    }

    void indexRight() {
        m_rightIndex.reserve(m_right.entries.size());
        m_rightUsed.assign(m_right.entries.size(), 0);
        for (std::size_t j = 0; j < m_right.entries.size(); ++j) {
            if (!m_rightIndex.emplace(KeyRef{&m_right.entries[j].pairKey, m_right.entries[j].hash}, j).second) {
                warnDuplicate(m_right.entries[j], "right");
                m_rightUsed[j] = 1; // not reported as Extra
            }
        }
    }

    // Each left object, in order: Missing when the right lacks it, else compared. A repeated
    // key is warned about and skipped (the first one is compared).
    void pairLeft() {
        KeyIndex leftSeen;
        leftSeen.reserve(m_left.entries.size());
        m_result.resources.reserve(std::max(m_left.entries.size(), m_right.entries.size()));
        for (std::size_t i = 0; i < m_left.entries.size(); ++i) {
            const Entry& l = m_left.entries[i];
            const KeyRef ref{&l.pairKey, l.hash};
            if (!leftSeen.emplace(ref, i).second) {
                warnDuplicate(l, "left");
                continue;
            }
            const auto found = m_rightIndex.find(ref);
            if (found == m_rightIndex.end()) {
                ResourceDiff diff;
                diff.key = l.pairKey;
                diff.leftKey = l.actualKey;
                diff.state = ResourceState::Missing;
                diff.left = normalize(l, m_left, FieldFilter::forKeys(m_options.ignoreRules, {&l.pairKey, &l.actualKey}),
                                      m_options, m_masker);
                m_result.resources.push_back(std::move(diff));
                continue;
            }
            m_rightUsed[found->second] = 1;
            m_result.resources.push_back(comparePair(l, m_right.entries[found->second]));
        }
    }

    ResourceDiff comparePair(const Entry& l, const Entry& r) {
        ResourceDiff diff;
        diff.key = l.pairKey;
        diff.leftKey = l.actualKey;
        diff.rightKey = r.actualKey;
        const FieldFilter filter = m_options.ignoreRules.empty()
                                       ? m_serverOwned
                                       : FieldFilter::forKeys(m_options.ignoreRules, {&l.pairKey, &l.actualKey, &r.actualKey});
        std::optional<Json> normalizedLeft, normalizedRight;
        bool same;
        if (SecretMasker::isSecret(l.actualKey)) {
            // Compared masked, so no clear value can reach a change.
            normalizedLeft = normalize(l, m_left, filter, m_options, m_masker);
            normalizedRight = normalize(r, m_right, filter, m_options, m_masker);
            same = m_comparer.compare(*normalizedLeft, *normalizedRight, filter, true, diff.changes);
        } else {
            // Raw bodies first: most pairs are the same, and normalizing costs more than comparing.
            same = m_comparer.compare(l.object->body, r.object->body, filter, false, diff.changes);
        }
        diff.changesTruncated = m_comparer.truncated();
        if (same) {
            diff.state = ResourceState::Same;
            return diff;
        }
        diff.state = ResourceState::Modified;
        if (!normalizedLeft) {
            normalizedLeft = normalize(l, m_left, filter, m_options, m_masker);
            normalizedRight = normalize(r, m_right, filter, m_options, m_masker);
        }
        diff.right = m_comparer.project(*normalizedLeft, *normalizedRight);
        diff.left = std::move(normalizedLeft);
        if (m_options.withUnifiedDiff)
            diff.unifiedDiff = makeUnifiedDiff(diff, m_options.contextLines);
        return diff;
    }

    // Right objects no left object paired with.
    void addExtras() {
        for (std::size_t j = 0; j < m_right.entries.size(); ++j) {
            if (m_rightUsed[j])
                continue;
            const Entry& r = m_right.entries[j];
            ResourceDiff diff;
            diff.key = r.pairKey;
            diff.state = ResourceState::Extra;
            diff.rightKey = r.actualKey;
            diff.right = normalize(r, m_right, FieldFilter::forKeys(m_options.ignoreRules, {&r.pairKey, &r.actualKey}), m_options,
                                   m_masker);
            m_result.resources.push_back(std::move(diff));
        }
    }

    const DiffOptions& m_options;
    const SecretMasker m_masker;
    const Side m_left;
    const Side m_right;
    const FieldFilter m_serverOwned;
    ObjectComparer m_comparer;
    KeyIndex m_rightIndex;
    std::vector<char> m_rightUsed;
    DiffResult m_result;
};

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

DiffResult DiffEngine::compare(const std::vector<ManifestObject>& left, const std::vector<ManifestObject>& right,
                               const DiffOptions& options) {
    return Pairing(left, right, options).run();
}

QString DiffEngine::unifiedDiff(const ResourceDiff& diff, int contextLines) { return makeUnifiedDiff(diff, contextLines); }

} // namespace syncline::diff
