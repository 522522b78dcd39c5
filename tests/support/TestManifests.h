#pragma once

#include <QString>

#include <nlohmann/json.hpp>

namespace syncline::test {

// The small objects the server tests apply, written once.

// A ConfigMap `name` with data.key = `value` (no namespace: the caller's environment's).
inline nlohmann::json configMapManifest(const QString& name, const QString& value) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name.toStdString()}}},
            {"data", {{"key", value.toStdString()}}}};
}

// A Deployment `name` (label app=name) with one container "main" running shop/<name>:1.0.
inline nlohmann::json deploymentManifest(const QString& name, int replicas) {
    const std::string n = name.toStdString();
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", n}, {"labels", {{"app", n}}}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", {{"app", n}}}}},
              {"template",
               {{"metadata", {{"labels", {{"app", n}}}}},
                {"spec", {{"containers", {{{"name", "main"}, {"image", "shop/" + n + ":1.0"}}}}}}}}}}};
}

} // namespace syncline::test
