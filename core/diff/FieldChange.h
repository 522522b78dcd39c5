#pragma once

#include <QString>

namespace syncline::diff {

// Added: only the left (desired) side sets the field; Removed: only the right (live)
// side has it (reported for fields desired does not set only when the comparison is
// full, and for items of keyed lists); Changed: both have it with different values.
enum class FieldChangeKind { Added, Removed, Changed };

// One differing field.
//
// `path` is a JSON pointer (RFC 6901: "/" inside a key is written "~1", "~" is "~0") with
// one extension for items of lists that have a merge key: the segment `<key>=<value>`
// names the item by its key instead of its position, e.g.
//   /spec/template/spec/containers/name=api/image
//   /spec/ports/port=80/targetPort
//   /metadata/annotations/example.com~1owner
// Items of lists without a merge key are named by index ("/spec/tolerations/0/key"); a
// list of scalars (args, command) is compared as a whole and reported at its own path.
//
// `left` / `right` are display strings, never raw data: scalars as JSON (`3`, `"3"`,
// `true`), maps and lists as compact JSON (shortened past ~200 characters), the absent
// side empty. Values inside a Secret's data/stringData are shown as `<changed>`.
struct FieldChange {
    QString path;
    FieldChangeKind kind = FieldChangeKind::Changed;
    QString left;
    QString right;
};

} // namespace syncline::diff
