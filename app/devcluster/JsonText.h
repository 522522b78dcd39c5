#pragma once

#include "Json.h"

#include <QByteArrayView>
#include <QString>

#include <string>

namespace syncline::devcluster::json {

// Deepest nesting of arrays and objects accepted from a client or from the data file.
// Far deeper than any Kubernetes object; shallow enough that the recursive walks over
// objects (apply, field sets, serialising) never run out of stack.
constexpr int kMaxDepth = 512;

// Whether JSON text opens more than maxDepth arrays/objects at once (brackets inside
// strings do not count). Linear, allocates nothing: run before parsing. (YAML bodies are
// held to the same depth by the YAML parser's limits.)
bool nestingExceeds(QByteArrayView text, int maxDepth = kMaxDepth);

// Parses JSON text within kMaxDepth; a discarded value (and *error) when it is not.
Json parse(QByteArrayView text, QString* error = nullptr);

// Serialises without throwing: invalid UTF-8 in a string becomes U+FFFD.
std::string dump(const Json& value);

} // namespace syncline::devcluster::json
