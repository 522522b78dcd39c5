#pragma once

#include "util/Result.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace syncline::manifest {

// An RFC 6902 JSON patch (add, remove, replace, move, copy, test; pointers with the
// ~1 and ~0 escapes, "-" for the end of an array), applied to one document.
class JsonPatch {
public:
    // `operations` is the parsed patch: a list of {op, path, value|from}.
    static util::Result<JsonPatch> parse(const nlohmann::ordered_json& operations);

    // Applies all operations or none: on error `document` is unchanged.
    util::Result<void> apply(nlohmann::ordered_json& document) const;

private:
    struct Operation {
        std::string op;
        std::vector<std::string> path;
        std::vector<std::string> from;
        nlohmann::ordered_json value;
        std::string text; // for messages
    };
    std::vector<Operation> m_operations;
};

} // namespace syncline::manifest
