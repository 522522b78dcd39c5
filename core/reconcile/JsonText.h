#pragma once

#include <initializer_list>
#include <string>

namespace syncline::reconcile {

// The string at `path` in a JSON object (live or rendered, json or ordered_json); "" when
// a step is missing or the value is not a string. Objects from a server or a repository
// have any shape, so nothing here throws.
template <typename Json> std::string textAt(const Json& object, std::initializer_list<const char*> path) {
    const Json* node = &object;
    for (const char* step : path) {
        if (!node->is_object())
            return {};
        auto found = node->find(step);
        if (found == node->end())
            return {};
        node = &*found;
    }
    return node->is_string() ? node->template get<std::string>() : std::string();
}

} // namespace syncline::reconcile
