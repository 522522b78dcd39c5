#pragma once

#include "manifest/RenderBudget.h"
#include "manifest/YamlLimits.h"
#include "util/Result.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace syncline::manifest {

// One non-empty document of a YAML stream and where it came from, so later errors
// (rendering, diffing) can point at it.
struct YamlDocument {
    nlohmann::ordered_json value; // keys in document order
    QString fileName;
    int line = 0; // 1-based position of the document's root node
    int column = 0;
    int index = 0; // 0-based position in the stream; skipped empty documents count
};

// Parses a YAML (or JSON) stream with libyaml's event API into JSON values.
//
// Plain scalars follow the YAML 1.2 core schema: null/Null/NULL/~/empty are null,
// true/false (any of the three cases) are bools, decimal/0o/0x ints, decimal floats and
// .inf/.nan are numbers, everything else is a string. Quoted and block scalars are
// strings. Explicit !!str/!!int/!!float/!!bool/!!null tags are honoured.
// Anchors, aliases and merge keys ("<<", explicit keys win, earlier merges win) are
// expanded within the limits. Duplicate keys are errors; non-string keys keep their
// source text. Empty documents are skipped. Errors read "file.yaml:LINE:COL: problem".
// With a render budget, alias expansions are charged to it too, and its deadline and
// cancellation are checked while the events stream in.
util::Result<std::vector<YamlDocument>> parseYamlStream(std::string_view bytes, const QString& fileName,
                                                        const YamlLimits& limits = {}, RenderBudget* budget = nullptr);

} // namespace syncline::manifest
