#pragma once

#include "manifest/ManifestObject.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace syncline::manifest {

// One object while a kustomization is being built, with the history kustomize keeps to
// fix references after renames (namePrefix, hash suffixes, namespace changes).
struct KustomizeResource {
    nlohmann::ordered_json body;
    SourceLocation source;
    std::vector<std::string> previousNames; // oldest first
    std::vector<std::string> previousNamespaces;
    std::vector<std::string> prefixes; // applied prefixes/suffixes, innermost first
    std::vector<std::string> suffixes;
    bool hashSuffix = false;

    std::string field(const char* key) const {
        auto it = body.find(key);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    std::string metadataField(const char* key) const {
        auto metadata = body.find("metadata");
        if (metadata == body.end() || !metadata->is_object())
            return {};
        auto it = metadata->find(key);
        return it != metadata->end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    std::string apiVersion() const { return field("apiVersion"); }
    std::string kind() const { return field("kind"); }
    std::string group() const {
        const std::string version = apiVersion();
        const auto slash = version.find('/');
        return slash == std::string::npos ? std::string() : version.substr(0, slash);
    }
    std::string name() const { return metadataField("name"); }
    std::string namespaceName() const { return metadataField("namespace"); }

    bool hadName(const std::string& name) const {
        for (const std::string& previous : previousNames) {
            if (previous == name)
                return true;
        }
        return false;
    }
    void setName(const std::string& name) {
        const std::string old = this->name();
        if (old == name)
            return;
        previousNames.push_back(old);
        body["metadata"]["name"] = name;
    }
    void setNamespace(const std::string& namespaceName) {
        const std::string old = this->namespaceName();
        if (old == namespaceName)
            return;
        previousNamespaces.push_back(old);
        body["metadata"]["namespace"] = namespaceName;
    }
    // "apps_v1_Deployment|ns|name": the identity kustomize refuses to see twice.
    std::string id() const { return apiVersion() + "_" + kind() + "|" + namespaceName() + "|" + name(); }
};

} // namespace syncline::manifest
