#include "manifest/StrategicMergePatch.h"

#include "manifest/JsonFields.h"

#include <QString>

#include <array>
#include <string_view>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kDirective = "$patch";

util::Unexpected unsupportedDirective(const std::string& key) {
    return util::fail(util::ErrorCode::Unsupported,
                      QStringLiteral("not supported: strategic merge directive %1").arg(QString::fromStdString(key)));
}

// The merge key of a list field of a built-in kind, or "" to replace the list.
std::string mergeKeyOf(const std::string& field, const Json& target, const Json& patch) {
    struct Entry {
        std::string_view field;
        std::string_view key;
    };
    static constexpr std::array<Entry, 12> table{{
        {"containers", "name"},
        {"initContainers", "name"},
        {"ephemeralContainers", "name"},
        {"env", "name"},
        {"volumes", "name"},
        {"imagePullSecrets", "name"},
        {"resourceClaims", "name"},
        {"volumeMounts", "mountPath"},
        {"volumeDevices", "devicePath"},
        {"hostAliases", "ip"},
        {"topologySpreadConstraints", "topologyKey"},
        {"conditions", "type"},
    }};
    for (const Entry& entry : table) {
        if (entry.field == field)
            return std::string(entry.key);
    }
    if (field == "ports") {
        // Container ports merge by containerPort, Service ports by port.
        for (const Json* list : {&target, &patch}) {
            for (const Json& item : *list) {
                if (item.is_object() && item.contains("containerPort"))
                    return "containerPort";
            }
        }
        return "port";
    }
    return {};
}

bool sameKey(const Json& a, const Json& b, const std::string& key) {
    if (!a.is_object() || !b.is_object())
        return false;
    auto x = a.find(key);
    auto y = b.find(key);
    return x != a.end() && y != b.end() && *x == *y;
}

Json withoutDirectives(const Json& value) {
    if (value.is_object()) {
        Json out = Json::object();
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it.key() != kDirective && !it->is_null())
                out[it.key()] = withoutDirectives(*it);
        }
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (const Json& item : value)
            out.push_back(withoutDirectives(item));
        return out;
    }
    return value;
}

util::Result<void> mergeMap(Json& target, const Json& patch, bool strategic);

util::Result<void> mergeList(Json& target, const Json& patch, const std::string& key) {
    Json merged = Json::array();
    std::vector<bool> used(target.size(), false);
    for (const Json& element : patch) {
        std::size_t match = target.size();
        for (std::size_t i = 0; i < target.size(); ++i) {
            if (!used[i] && sameKey(target[i], element, key)) {
                match = i;
                break;
            }
        }
        const auto directive = element.is_object() ? element.find(kDirective) : element.end();
        const bool remove = element.is_object() && directive != element.end() && *directive == "delete";
        if (match < target.size())
            used[match] = true;
        if (remove)
            continue;
        if (match < target.size()) {
            Json item = std::move(target[match]);
            if (auto ok = mergeMap(item, element, true); !ok)
                return ok;
            merged.push_back(std::move(item));
        } else {
            merged.push_back(withoutDirectives(element));
        }
    }
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (!used[i])
            merged.push_back(std::move(target[i]));
    }
    target = std::move(merged);
    return {};
}

util::Result<void> mergeMap(Json& target, const Json& patch, bool strategic) {
    if (strategic) {
        if (auto directive = patch.find(kDirective); directive != patch.end()) {
            if (*directive == "replace") {
                target = withoutDirectives(patch);
                return {};
            }
            if (*directive != "merge" && *directive != "delete")
                return unsupportedDirective(std::string(kDirective) + ": " + directive->dump());
        }
    }
    if (!target.is_object())
        target = Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const std::string& key = it.key();
        const Json& value = *it;
        if (strategic && !key.empty() && key.front() == '$') {
            if (key == kDirective)
                continue;
            return unsupportedDirective(key);
        }
        if (value.is_null()) {
            target.erase(key);
            continue;
        }
        if (strategic && value.is_object()) {
            auto directive = value.find(kDirective);
            if (directive != value.end() && *directive == "delete") {
                target.erase(key);
                continue;
            }
        }
        auto existing = target.find(key);
        if (value.is_object()) {
            if (existing == target.end() || !existing->is_object()) {
                target[key] = strategic ? withoutDirectives(value) : Json::object();
                if (strategic)
                    continue;
                existing = target.find(key);
            }
            if (auto ok = mergeMap(*existing, value, strategic); !ok)
                return ok;
            continue;
        }
        if (value.is_array() && strategic && existing != target.end() && existing->is_array()) {
            const std::string mergeKey = mergeKeyOf(key, *existing, value);
            bool keyed = !mergeKey.empty();
            for (const Json& item : value)
                keyed = keyed && item.is_object() && item.contains(mergeKey);
            if (keyed) {
                if (auto ok = mergeList(*existing, value, mergeKey); !ok)
                    return ok;
                continue;
            }
        }
        target[key] = strategic ? withoutDirectives(value) : value;
    }
    return {};
}

} // namespace

bool StrategicMergePatch::isBuiltinKind(const std::string& apiVersion, const std::string& kind) {
    const auto slash = apiVersion.find('/');
    const std::string group = slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
    static const std::array<std::string_view, 18> groups{"",
                                                         "apps",
                                                         "batch",
                                                         "autoscaling",
                                                         "policy",
                                                         "networking.k8s.io",
                                                         "rbac.authorization.k8s.io",
                                                         "storage.k8s.io",
                                                         "scheduling.k8s.io",
                                                         "apiextensions.k8s.io",
                                                         "admissionregistration.k8s.io",
                                                         "apiregistration.k8s.io",
                                                         "certificates.k8s.io",
                                                         "coordination.k8s.io",
                                                         "discovery.k8s.io",
                                                         "node.k8s.io",
                                                         "events.k8s.io",
                                                         "flowcontrol.apiserver.k8s.io"};
    bool known = false;
    for (std::string_view g : groups)
        known = known || g == group;
    return known && !kind.empty();
}

util::Result<void> StrategicMergePatch::apply(nlohmann::ordered_json& target, const nlohmann::ordered_json& patch) {
    if (!patch.is_object())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("a strategic merge patch must be a mapping"));
    if (!target.is_object())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("a strategic merge patch applies to a mapping"));
    const std::string apiVersion = stringField(target, "apiVersion");
    const std::string kind = stringField(target, "kind");
    const bool strategic = isBuiltinKind(apiVersion, kind);
    Json result = target;
    if (auto ok = mergeMap(result, patch, strategic); !ok)
        return ok;
    target = std::move(result);
    return {};
}

} // namespace syncline::manifest
