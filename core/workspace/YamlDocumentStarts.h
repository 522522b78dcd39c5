#pragma once

#include <optional>
#include <string>
#include <vector>
#include <yaml-cpp/mark.h>

namespace syncline::workspace {

// Where the documents of a YAML stream are, read with yaml-cpp's event parser (syntax
// errors are thrown as YAML::Exception, like YAML::LoadAll). yaml-cpp 0.7's LoadAll never
// returns on some text (a lone ',' outside a flow collection): its parser hands out the
// same empty document forever, growing memory. This stops where a document starts at the
// position of the one before it (`stuckAt`), and after `limit` documents.
struct YamlDocumentStarts {
    std::vector<YAML::Mark> roots; // each document's root node
    std::optional<YAML::Mark> stuckAt;

    static YamlDocumentStarts of(const std::string& text, int limit);
};

} // namespace syncline::workspace
