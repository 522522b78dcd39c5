#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace syncline::manifest {

// The string at `key` of a mapping; empty when the mapping lacks it or holds another type
// there. nlohmann's value() throws on a present value of another type (`kind: 5`, an
// `apiVersion:` left empty), and the documents read here come from repositories.
template <typename JsonType> std::string stringField(const JsonType& object, const char* key) {
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->template get<std::string>() : std::string();
}

} // namespace syncline::manifest
