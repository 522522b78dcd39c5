#include "diff/ObjectComparer.h"

#include "diff/Quantity.h"

#include <algorithm>
#include <array>
#include <span>

namespace syncline::diff {

namespace {

using Json = nlohmann::ordered_json;
using Node = FieldFilter::Node;

constexpr std::size_t kMaxDisplayChars = 200;

// The member `key` of `map`, looked for first where the previous match left off: maps
// that list their keys in the same order (the usual case) are walked in linear time.
const Json* findMember(const Json::object_t& map, std::string_view key, std::size_t& hint) {
    const std::size_t n = map.size();
    if (hint < n) {
        const auto it = map.begin() + std::ptrdiff_t(hint);
        if (it->first == key) {
            ++hint;
            return &it->second;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto it = map.begin() + std::ptrdiff_t(i);
        if (it->first == key) {
            hint = i + 1;
            return &it->second;
        }
    }
    return nullptr;
}

// Merge keys of the lists Kubernetes merges by key (strategic merge patch
// `patchMergeKey`), by field name; the first candidate every item has is used.
std::span<const std::string_view> mergeKeyCandidates(std::string_view field) {
    static constexpr std::array<std::string_view, 1> name{"name"};
    static constexpr std::array<std::string_view, 3> ports{"containerPort", "port", "name"};
    static constexpr std::array<std::string_view, 2> mounts{"mountPath", "name"};
    static constexpr std::array<std::string_view, 1> devicePath{"devicePath"};
    static constexpr std::array<std::string_view, 1> ip{"ip"};
    static constexpr std::array<std::string_view, 1> topologyKey{"topologyKey"};
    static constexpr std::array<std::string_view, 1> type{"type"};
    static constexpr std::pair<std::string_view, std::span<const std::string_view>> table[] = {
        {"containers", name},
        {"initContainers", name},
        {"ephemeralContainers", name},
        {"env", name},
        {"volumes", name},
        {"imagePullSecrets", name},
        {"secrets", name},
        {"versions", name},
        {"ports", ports},
        {"volumeMounts", mounts},
        {"volumeDevices", devicePath},
        {"hostAliases", ip},
        {"topologySpreadConstraints", topologyKey},
        {"conditions", type},
    };
    for (const auto& [f, keys] : table)
        if (f == field)
            return keys;
    return {};
}

bool allObjects(const Json& list) {
    return std::all_of(list.begin(), list.end(), [](const Json& item) { return item.is_object(); });
}

bool hasScalar(const Json& item, std::string_view key) {
    auto it = item.find(key);
    return it != item.end() && it->is_primitive() && !it->is_null();
}

std::string_view chooseMergeKey(std::string_view field, const Json& l, const Json& r) {
    for (std::string_view candidate : mergeKeyCandidates(field)) {
        auto has = [&](const Json& item) { return hasScalar(item, candidate); };
        if (std::all_of(l.begin(), l.end(), has) && std::all_of(r.begin(), r.end(), has))
            return candidate;
    }
    return {};
}

// The item of `list` whose merge key equals `value`, tried first at `preferred`.
const Json* findItem(const Json& list, std::string_view key, const Json& value, std::size_t preferred) {
    if (preferred < list.size()) {
        const Json& item = list[preferred];
        if (item.find(key).value() == value) // every item has the key (chooseMergeKey)
            return &item;
    }
    for (const Json& item : list)
        if (item.find(key).value() == value)
            return &item;
    return nullptr;
}

bool isQuantityMap(std::string_view key) { return key == "limits" || key == "requests" || key == "hard" || key == "overhead"; }

bool isZeroScalar(const Json& v) {
    switch (v.type()) {
    case Json::value_t::boolean:
        return !v.get<bool>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return v == 0;
    case Json::value_t::string:
        return v.get_ref<const std::string&>().empty();
    default:
        return false;
    }
}

QString display(const Json* value, bool masked) {
    if (!value)
        return {};
    if (masked)
        return QStringLiteral("<changed>");
    QString text = QString::fromStdString(value->dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace));
    if (text.size() > qsizetype(kMaxDisplayChars))
        text = text.left(qsizetype(kMaxDisplayChars)) + QStringLiteral("…");
    return text;
}

const std::string& renamed(const std::string& s, const RenameMap* renames) {
    if (renames) {
        if (auto it = renames->find(s); it != renames->end())
            return it->second;
    }
    return s;
}

} // namespace

ObjectComparer::ObjectComparer(const Settings& settings) : m_settings(settings) {}

bool ObjectComparer::compare(const Json& left, const Json& right, const FieldFilter& filter, bool maskData,
                             std::vector<FieldChange>& changes) {
    m_changes = &changes;
    m_maskData = maskData;
    const std::size_t before = changes.size();
    m_path.clear();
    m_truncated = false;
    compareValue(left, right, filter.root(), Where{});
    m_changes = nullptr;
    return changes.size() == before && !m_truncated;
}

void ObjectComparer::compareValue(const Json& l, const Json& r, const Node* node, const Where& where) {
    if (l.is_object() && r.is_object())
        return compareObjects(l, r, node, where);
    if (l.is_array() && r.is_array())
        return compareArrays(l, r, node, where);
    if (leafEqual(l, r, where.parentKey))
        return;
    // null, {} and [] all mean "nothing here".
    const bool lEmpty = l.is_null() || ((l.is_object() || l.is_array()) && isBlank(l, node));
    const bool rEmpty = r.is_null() || ((r.is_object() || r.is_array()) && isBlank(r, node));
    if (lEmpty && rEmpty)
        return;
    record(FieldChangeKind::Changed, &l, &r, where.masked);
}

void ObjectComparer::compareObjects(const Json& l, const Json& r, const Node* node, const Where& where) {
    const bool identity = where.depth == 1 && where.key == "metadata";
    const auto& lmap = l.get_ref<const Json::object_t&>();
    const auto& rmap = r.get_ref<const Json::object_t&>();
    std::size_t hint = 0;
    for (const auto& [key, lv] : lmap) {
        if (m_truncated)
            return;
        if (identity && (key == "name" || key == "namespace"))
            continue;
        const Node* child = FieldFilter::childForKey(node, key);
        if (FieldFilter::isDropped(child))
            continue;
        const Json* rv = findMember(rmap, key, hint);
        const std::size_t mark = m_path.size();
        appendPathKey(m_path, key);
        const Where w{key, where.key, where.depth + 1, where.masked || (m_maskData && where.depth == 0 && key == "data")};
        if (rv)
            compareValue(lv, *rv, child, w);
        else if (!isBlank(lv, child) && !(m_settings.onlyLeftFields && isZeroScalar(lv)))
            record(FieldChangeKind::Added, &lv, nullptr, w.masked);
        m_path.resize(mark);
    }
    if (m_settings.onlyLeftFields)
        return;
    hint = 0;
    for (const auto& [key, rv] : rmap) {
        if (m_truncated)
            return;
        if (identity && (key == "name" || key == "namespace"))
            continue;
        const Node* child = FieldFilter::childForKey(node, key);
        if (FieldFilter::isDropped(child) || findMember(lmap, key, hint) || isBlank(rv, child))
            continue;
        const std::size_t mark = m_path.size();
        appendPathKey(m_path, key);
        record(FieldChangeKind::Removed, nullptr, &rv, where.masked || (m_maskData && where.depth == 0 && key == "data"));
        m_path.resize(mark);
    }
}

// Appends "/<mergeKey>=<value>" (a keyed list item) to the current path; returns the
// length to cut back to.
std::size_t ObjectComparer::pushKeyedItem(std::string_view mergeKey, const nlohmann::ordered_json& keyValue) {
    const std::size_t mark = m_path.size();
    m_path += '/';
    m_path += mergeKey;
    m_path += '=';
    appendScalarText(m_path, keyValue);
    return mark;
}

void ObjectComparer::compareArrays(const Json& l, const Json& r, const Node* node, const Where& where) {
    if (l.empty() && r.empty())
        return;
    const Where itemWhere{std::string_view(), where.key, where.depth + 1, where.masked};
    if (!(allObjects(l) && allObjects(r))) {
        // Lists of scalars are values: compared whole, in order.
        bool equal = l.size() == r.size();
        for (std::size_t i = 0; equal && i < l.size(); ++i)
            equal = leafEqual(l[i], r[i], std::string_view()) || l[i] == r[i];
        if (!equal)
            record(FieldChangeKind::Changed, &l, &r, where.masked);
        return;
    }
    const std::string_view mergeKey = chooseMergeKey(where.key, l, r);
    if (mergeKey.empty()) {
        const std::size_t common = std::min(l.size(), r.size());
        for (std::size_t i = 0; i < std::max(l.size(), r.size()) && !m_truncated; ++i) {
            const Json* li = i < l.size() ? &l[i] : nullptr;
            const Node* child = FieldFilter::childForItem(node, i, li ? *li : r[i]);
            if (FieldFilter::isDropped(child))
                continue;
            const std::size_t mark = m_path.size();
            m_path += '/';
            m_path += std::to_string(i);
            if (i < common)
                compareObjects(l[i], r[i], child, itemWhere);
            else if (li)
                record(FieldChangeKind::Added, li, nullptr, where.masked);
            else
                record(FieldChangeKind::Removed, nullptr, &r[i], where.masked);
            m_path.resize(mark);
        }
        return;
    }
    std::size_t matched = 0;
    for (std::size_t i = 0; i < l.size() && !m_truncated; ++i) {
        const Json& li = l[i];
        const Node* child = FieldFilter::childForItem(node, i, li);
        const Json& keyValue = li.find(mergeKey).value();
        const Json* ri = findItem(r, mergeKey, keyValue, i);
        if (ri)
            ++matched;
        if (FieldFilter::isDropped(child))
            continue;
        const std::size_t mark = pushKeyedItem(mergeKey, keyValue);
        if (ri)
            compareObjects(li, *ri, child, itemWhere);
        else
            record(FieldChangeKind::Added, &li, nullptr, where.masked);
        m_path.resize(mark);
    }
    if (matched == r.size())
        return;
    for (std::size_t j = 0; j < r.size() && !m_truncated; ++j) {
        const Json& keyValue = r[j].find(mergeKey).value();
        if (findItem(l, mergeKey, keyValue, j))
            continue;
        const Node* child = FieldFilter::childForItem(node, j, r[j]);
        if (FieldFilter::isDropped(child))
            continue;
        const std::size_t mark = pushKeyedItem(mergeKey, keyValue);
        record(FieldChangeKind::Removed, nullptr, &r[j], where.masked);
        m_path.resize(mark);
    }
}

bool ObjectComparer::leafEqual(const Json& l, const Json& r, std::string_view parentKey) const {
    if (l.is_string() && r.is_string()) {
        const auto& ls = l.get_ref<const std::string&>();
        const auto& rs = r.get_ref<const std::string&>();
        if (ls == rs)
            return true;
        if ((m_settings.leftRenames || m_settings.rightRenames) &&
            renamed(ls, m_settings.leftRenames) == renamed(rs, m_settings.rightRenames))
            return true;
    } else if (l.is_number() && r.is_number()) {
        if (l == r) // nlohmann compares integers and floats by value: 1 == 1.0
            return true;
    } else if (l.type() == r.type() && l.is_primitive()) {
        return l == r;
    } else if (!(l.is_primitive() && r.is_primitive())) {
        return false;
    }
    if (!isQuantityMap(parentKey))
        return false;
    const auto lq = Quantity::of(l);
    return lq && lq == Quantity::of(r);
}

bool ObjectComparer::isBlank(const Json& value, const Node* node) const {
    if (value.is_null())
        return true;
    if (value.is_array())
        return value.empty();
    if (!value.is_object())
        return false;
    for (const auto& [key, child] : value.get_ref<const Json::object_t&>())
        if (!FieldFilter::isDropped(FieldFilter::childForKey(node, key)))
            return false;
    return true;
}

void ObjectComparer::record(FieldChangeKind kind, const Json* l, const Json* r, bool masked) {
    if (m_changes->size() >= m_settings.maxChanges) {
        m_truncated = true;
        return;
    }
    m_changes->push_back(FieldChange{QString::fromStdString(m_path), kind, display(l, masked), display(r, masked)});
}

Json ObjectComparer::project(const Json& left, const Json& right) const {
    return projectValue(left, right, std::string_view(), std::string_view());
}

Json ObjectComparer::projectValue(const Json& l, const Json& r, std::string_view key, std::string_view parentKey) const {
    if (l.is_object() && r.is_object()) {
        Json out = Json::object();
        const auto& lmap = l.get_ref<const Json::object_t&>();
        const auto& rmap = r.get_ref<const Json::object_t&>();
        std::size_t hint = 0;
        for (const auto& [k, lv] : lmap) {
            if (const Json* rv = findMember(rmap, k, hint))
                appendMember(out, k, projectValue(lv, *rv, k, key));
            else if (isBlank(lv, nullptr) || (m_settings.onlyLeftFields && isZeroScalar(lv)))
                appendMember(out, k, lv); // equal to absent: shown as the left writes it
        }
        if (!m_settings.onlyLeftFields) {
            hint = 0;
            for (const auto& [k, rv] : rmap)
                if (!findMember(lmap, k, hint) && !isBlank(rv, nullptr))
                    appendMember(out, k, rv);
        }
        return out;
    }
    if (l.is_array() && r.is_array() && !l.empty() && allObjects(l) && allObjects(r)) {
        Json out = Json::array();
        const std::string_view mergeKey = chooseMergeKey(key, l, r);
        if (mergeKey.empty()) {
            for (std::size_t i = 0; i < r.size(); ++i)
                out.push_back(i < l.size() ? projectValue(l[i], r[i], std::string_view(), key) : r[i]);
            return out;
        }
        for (std::size_t i = 0; i < l.size(); ++i) {
            const Json& keyValue = l[i].find(mergeKey).value();
            if (const Json* ri = findItem(r, mergeKey, keyValue, i))
                out.push_back(projectValue(l[i], *ri, std::string_view(), key));
        }
        for (std::size_t j = 0; j < r.size(); ++j)
            if (!findItem(l, mergeKey, r[j].find(mergeKey).value(), j))
                out.push_back(r[j]);
        return out;
    }
    if (l.is_array() && r.is_array()) {
        bool equal = l.size() == r.size();
        for (std::size_t i = 0; equal && i < l.size(); ++i)
            equal = leafEqual(l[i], r[i], std::string_view()) || l[i] == r[i];
        return equal ? l : r;
    }
    if (leafEqual(l, r, parentKey) || (isBlank(l, nullptr) && isBlank(r, nullptr)))
        return l;
    return r;
}

} // namespace syncline::diff
