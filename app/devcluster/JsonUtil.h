#pragma once

#include "Json.h"

#include <QString>

#include <string>

namespace syncline::devcluster::json {

// Read-only helpers that never insert keys into const values.
inline const Json* child(const Json& object, const char* key) {
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

inline std::string text(const Json& object, const char* key) {
    const Json* value = child(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

inline QString qtext(const Json& object, const char* key) { return QString::fromStdString(text(object, key)); }

inline std::string metaText(const Json& object, const char* key) {
    const Json* meta = child(object, "metadata");
    return meta ? text(*meta, key) : std::string();
}

inline QString metaQText(const Json& object, const char* key) { return QString::fromStdString(metaText(object, key)); }

inline std::string toStd(const QString& s) { return s.toStdString(); }

} // namespace syncline::devcluster::json
