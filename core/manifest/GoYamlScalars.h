#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// The scalar rules of go-yaml v2 as kubectl reaches them (sigs.k8s.io/yaml JSONToYAML):
// which strings need quotes, how floats print, how map keys sort. Used by YamlWriter.
namespace syncline::manifest::goyaml {

// True when go-yaml v2 would read `s` unquoted as anything but a string: YAML 1.1 bools
// (yes/on/y), nulls, Go integer literals (0x1F, 017, 1_000, 0b1), floats, .inf/.nan,
// and timestamps such as 2001-12-14.
bool resolvesToNonString(std::string_view s);

// YAML 1.1 sexagesimal numbers ("1:20"), which go-yaml quotes for older parsers.
bool isBase60Float(std::string_view s);

// A float as kubectl prints it after its JSON round trip: integral values below 1e21 as
// integers (1, 1000, 1152921504606847000), others like Go's %g with shortest digits
// (0.1, 1e-05, 1.2345675e+06), .inf/-.inf/.nan.
std::string formatFloat(double value);

// The string go-yaml v2 sees after kubectl's JSON round trip: invalid UTF-8 bytes become
// U+FFFD (Go's encoding/json), and raw NEL (U+0085), which Go's JSON leaves unescaped, is
// folded as a YAML line break inside the double-quoted JSON string. Returns `raw` itself
// when nothing changes, else a view of `storage`.
std::string_view viaJson(const std::string& raw, std::string& storage);

// Map keys in go-yaml's keyList order: letters after non-letters, digit runs compared
// as numbers ("item9" < "item10"), otherwise by code point.
struct SortKey {
    std::string text;     // the key as written (after viaJson)
    std::u32string runes; // decoded once for comparing
    static SortKey make(const std::string& key);
};
bool keyLess(const SortKey& a, const SortKey& b);
// Indices of `keys` in sorted order. A merge sort that stays in bounds even if the
// comparison is not a strict weak order, which go-yaml's is not guaranteed to be.
std::vector<std::size_t> sortKeys(const std::vector<SortKey>& keys);

} // namespace syncline::manifest::goyaml
