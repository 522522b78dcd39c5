#pragma once

#include "manifest/ResourceKey.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace syncline::diff {

// Fields to leave out of a comparison, like Argo CD's `ignoreDifferences`: for objects
// of one group/kind (each may be "*"), optionally one name and/or namespace, the fields
// at `jsonPointers` are dropped from both sides before comparing and from the YAML
// shown in diffs. Pointers use FieldChange's notation: RFC 6901, plus `<key>=<value>`
// to pick an item of a keyed list (`/spec/template/spec/containers/name=istio-proxy`) and
// plain indexes for other lists. A pointer that matches nothing is harmless.
//
// Argo CD's `managedFieldsManagers` (ignore fields owned by another field manager) is
// not supported yet.
struct IgnoreRule {
    QString group = QStringLiteral("*"); // "" is the core group
    QString kind = QStringLiteral("*");
    std::optional<QString> name;
    std::optional<QString> namespaceName;
    std::vector<std::string> jsonPointers;

    bool matches(const manifest::ResourceKey& key) const {
        return (group == QLatin1String("*") || group == key.group) && (kind == QLatin1String("*") || kind == key.kind) &&
               (!name || *name == key.name) && (!namespaceName || *namespaceName == key.namespaceName);
    }
};

} // namespace syncline::diff
