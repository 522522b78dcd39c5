#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QStringList>

#include <string>
#include <vector>

namespace syncline::actions {

// One entry of a kustomization's `images:` list.
struct ImageEntry {
    std::string name;
    std::string newName;
    std::string newTag;
    std::string digest;

    bool operator==(const ImageEntry&) const = default;
};

// What promoting images into a kustomization file changed.
struct ImageEdits {
    QByteArray text;     // the whole edited file (the target itself when nothing changed)
    QStringList changes; // one line per changed field: "name: newTag 1.0 -> 1.1"
};

// Edits the `images:` entries of a kustomization.yaml as text, so everything else — key
// order, comments, quoting, blank lines, the other entries — stays byte for byte. Only the
// newName/newTag/digest lines of the entries being promoted change; entries the target
// lacks are appended to the list (or an `images:` list is appended to the file). The
// result is parsed again and checked: the promoted entries must read as asked and every
// other top-level key must be unchanged, otherwise the edit is refused.
class KustomizeImageEditor {
public:
    // The images: list of a kustomization file (empty when it has none).
    static util::Result<std::vector<ImageEntry>> readImages(const QByteArray& text, const QString& file);
    // `target` with `images` promoted into it, and one line per changed field.
    static util::Result<ImageEdits> apply(const QByteArray& target, const std::vector<ImageEntry>& images, const QString& file);
};

} // namespace syncline::actions
