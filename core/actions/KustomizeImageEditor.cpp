#include "actions/KustomizeImageEditor.h"

#include <QRegularExpression>

#include <map>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace syncline::actions {

namespace {

constexpr qsizetype kMaxKustomizationBytes = 1024 * 1024;
const char* const kFields[] = {"newName", "newTag", "digest"};

std::string& field(ImageEntry& entry, const std::string& name) {
    if (name == "newName")
        return entry.newName;
    if (name == "newTag")
        return entry.newTag;
    return entry.digest;
}

const std::string& field(const ImageEntry& entry, const std::string& name) { return field(const_cast<ImageEntry&>(entry), name); }

util::Result<YAML::Node> load(const QByteArray& text, const QString& file) {
    if (text.size() > kMaxKustomizationBytes)
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("kustomization file is larger than 1 MiB"), file);
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception& e) {
        return util::fail(util::ErrorCode::Invalid, QString::fromStdString(e.what()), file);
    }
}

util::Result<std::vector<ImageEntry>> imagesOf(const YAML::Node& root, const QString& file) {
    std::vector<ImageEntry> images;
    try {
        if (!root.IsMap() || !root["images"] || root["images"].IsNull())
            return images;
        const YAML::Node list = root["images"];
        if (!list.IsSequence())
            return util::fail(util::ErrorCode::Invalid, QStringLiteral("images: is not a list"), file);
        for (const YAML::Node& item : list) {
            if (!item.IsMap() || !item["name"])
                return util::fail(util::ErrorCode::Invalid, QStringLiteral("an images: entry has no name"), file);
            ImageEntry entry;
            entry.name = item["name"].as<std::string>();
            for (const char* name : kFields)
                if (item[name] && !item[name].IsNull())
                    field(entry, name) = item[name].as<std::string>();
            images.push_back(std::move(entry));
        }
    } catch (const YAML::Exception& e) {
        return util::fail(util::ErrorCode::Invalid, QString::fromStdString(e.what()), file);
    }
    return images;
}

// A scalar as YAML text: plain when it reads back as the same string, double-quoted otherwise.
QByteArray scalarText(const std::string& value, char quote) {
    const QByteArray raw = QByteArray::fromStdString(value);
    static const QRegularExpression special(
        QStringLiteral(
            R"(^$|^[-?:,\[\]{}#&*!|>'"%@`\s]|:\s|\s#|\s$|^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^(0x|0o)|^(true|false|yes|no|on|off|null|~|y|n)$)"),
        QRegularExpression::CaseInsensitiveOption);
    if (quote == '\'')
        return '\'' + QByteArray(raw).replace('\'', "''") + '\'';
    if (quote == '"' || special.match(QString::fromStdString(value)).hasMatch())
        return '"' + QByteArray(raw).replace('\\', "\\\\").replace('"', "\\\"") + '"';
    return raw;
}

struct KeyLine {
    int line = 0;
    std::string key;
    int valueStart = 0; // byte offset of the value in the line
    int valueEnd = 0;
    char quote = 0;
};

struct Item {
    int firstLine = 0;
    int lastLine = 0; // last line with content that belongs to the item
    std::vector<KeyLine> keys;
    std::string name;
};

int indentOf(const QByteArray& line) {
    int i = 0;
    while (i < line.size() && line[i] == ' ')
        ++i;
    return i;
}

bool isBlankOrComment(const QByteArray& line) {
    const QByteArray t = line.trimmed();
    return t.isEmpty() || t.startsWith('#');
}

// Reads "key: value  # comment" starting at `column` of `line`.
std::optional<KeyLine> parseKeyLine(const QByteArray& line, int lineNumber, int column) {
    static const QRegularExpression keyValue(QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_]*):(?:\s+|$))"));
    const QString rest = QString::fromUtf8(line.mid(column));
    const auto match = keyValue.match(rest);
    if (!match.hasMatch())
        return std::nullopt;
    KeyLine key;
    key.line = lineNumber;
    key.key = match.captured(1).toStdString();
    int start = column + int(match.capturedLength(0)); // ASCII prefix: byte offsets equal
    int end = int(line.size());
    while (end > start && (line[end - 1] == '\r' || line[end - 1] == ' '))
        --end;
    if (start < end && (line[start] == '"' || line[start] == '\'')) {
        key.quote = line[start];
        int close = start + 1;
        while (close < end && !(line[close] == key.quote && (key.quote == '\'' || line[close - 1] != '\\')))
            ++close;
        end = std::min(end, close + 1);
    } else {
        const int comment = line.indexOf(" #", start);
        if (comment >= 0 && comment < end)
            end = comment;
        while (end > start && line[end - 1] == ' ')
            --end;
    }
    key.valueStart = start;
    key.valueEnd = end;
    return key;
}

std::string unquote(const QByteArray& text, char quote) {
    if (!quote)
        return text.toStdString();
    QByteArray inner = text.mid(1, text.size() - 2);
    if (quote == '\'')
        return inner.replace("''", "'").toStdString();
    return inner.replace("\\\"", "\"").replace("\\\\", "\\").toStdString();
}

// The file as lines, with what joining them back needs: the final newline and CR endings.
struct Lines {
    QList<QByteArray> lines;
    bool endsWithNewline = false;
    QByteArray eol; // "\r" for CRLF files, appended to every new line
};

Lines splitLines(const QByteArray& text) {
    Lines split;
    split.lines = text.split('\n');
    split.endsWithNewline = text.isEmpty() || text.endsWith('\n');
    if (split.endsWithNewline && !split.lines.isEmpty())
        split.lines.removeLast();
    const bool crlf = !split.lines.isEmpty() && split.lines.first().endsWith('\r');
    split.eol = crlf ? "\r" : "";
    return split;
}

// Where the top-level images: list lies and how its entries are laid out.
struct ImagesBlock {
    int imagesLine = -1; // the "images:" line; -1 when the file has none
    int seqIndent = 0;   // column of the entries' "-"
    int keyIndent = 2;   // column of the entries' keys
    int blockEnd = 0;    // one past the last content line of the list
    std::vector<Item> items;
};

// Reads the entries of the images: block line by line. An empty flow list ("images: []")
// is turned into a block header in `lines`; any other flow style is refused.
util::Result<ImagesBlock> findImagesBlock(QList<QByteArray>& lines, const QByteArray& eol, const QString& file) {
    ImagesBlock block;
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].startsWith("images:")) {
            block.imagesLine = i;
            break;
        }
    block.blockEnd = block.imagesLine + 1;
    if (block.imagesLine < 0)
        return block;
    const QByteArray rest = lines[block.imagesLine].mid(7).trimmed();
    if (!rest.isEmpty() && !rest.startsWith('#')) {
        if (rest != "[]" && rest != "null" && rest != "~")
            return util::fail(util::ErrorCode::Unsupported,
                              QStringLiteral("images: is written in flow style; promote edits block lists only"), file);
        lines[block.imagesLine] = "images:" + eol;
    }
    std::vector<Item>& items = block.items;
    bool first = true;
    for (int i = block.imagesLine + 1; i < lines.size(); ++i) {
        const QByteArray& line = lines[i];
        if (isBlankOrComment(line))
            continue;
        const int indent = indentOf(line);
        if (indent == 0 && !line.startsWith('-'))
            break; // the next top-level key
        if (first) {
            block.seqIndent = indent;
            first = false;
        }
        block.blockEnd = i + 1;
        if (indent == block.seqIndent && line.mid(indent).startsWith('-')) {
            Item item;
            item.firstLine = item.lastLine = i;
            int column = indent + 1;
            while (column < line.size() && line[column] == ' ')
                ++column;
            block.keyIndent = column;
            if (auto key = parseKeyLine(line, i, column))
                item.keys.push_back(*key);
            items.push_back(std::move(item));
            continue;
        }
        if (items.empty() || indent <= block.seqIndent)
            return util::fail(util::ErrorCode::Unsupported, QStringLiteral("images: has a layout promote cannot edit"), file);
        items.back().lastLine = i;
        if (indent == block.keyIndent)
            if (auto key = parseKeyLine(line, i, indent))
                items.back().keys.push_back(*key);
    }
    for (Item& item : items)
        for (const KeyLine& key : item.keys)
            if (key.key == "name")
                item.name = unquote(lines[key.line].mid(key.valueStart, key.valueEnd - key.valueStart), key.quote);
    return block;
}

// Line edits, applied in one pass over the original lines so line numbers stay valid.
struct LineEdits {
    std::map<int, std::optional<QByteArray>> replaced; // nullopt: delete the line
    std::map<int, QList<QByteArray>> insertedAfter;
    QList<QByteArray> appended; // new list entries, after the block
    QStringList changes;        // one line per changed field, for the plan's summary
};

// A new list entry for an image the target does not have yet.
void appendEntry(const ImageEntry& image, const ImagesBlock& block, const QByteArray& eol, LineEdits& edits) {
    const QByteArray keyPad(block.keyIndent, ' ');
    edits.appended << QByteArray(block.seqIndent, ' ') + "- name: " + scalarText(image.name, 0) + eol;
    for (const char* name : kFields)
        if (!field(image, name).empty()) {
            edits.appended << keyPad + name + ": " + scalarText(field(image, name), 0) + eol;
            edits.changes.append(
                QStringLiteral("%1: %2 %3 (new entry)")
                    .arg(QString::fromStdString(image.name), QLatin1String(name), QString::fromStdString(field(image, name))));
        }
}

// Changes the fields of an existing entry that differ: rewrite the value in place (keeping
// its quoting and comment), add a missing key after the entry, or delete an emptied one.
util::Result<void> editEntry(const ImageEntry& image, const Item& item, const ImageEntry* current, const QList<QByteArray>& lines,
                             const ImagesBlock& block, const QByteArray& eol, const QString& file, LineEdits& edits) {
    for (const char* name : kFields) {
        const std::string& wanted = field(image, name);
        const std::string had = current ? field(*current, name) : std::string();
        if (wanted == had)
            continue;
        const auto key = std::find_if(item.keys.begin(), item.keys.end(), [&](const KeyLine& k) { return k.key == name; });
        if (key == item.keys.end()) {
            edits.insertedAfter[item.lastLine] << QByteArray(block.keyIndent, ' ') + name + ": " + scalarText(wanted, 0) + eol;
        } else if (wanted.empty()) {
            if (key->line == item.firstLine)
                return util::fail(
                    util::ErrorCode::Unsupported,
                    QStringLiteral("cannot remove %1 from the first line of an images: entry").arg(QLatin1String(name)), file);
            edits.replaced[key->line] = std::nullopt;
        } else {
            const QByteArray& line = lines[key->line];
            edits.replaced[key->line] = line.left(key->valueStart) + scalarText(wanted, key->quote) + line.mid(key->valueEnd);
        }
        edits.changes.append(QStringLiteral("%1: %2 %3 -> %4")
                                 .arg(QString::fromStdString(image.name), QLatin1String(name),
                                      had.empty() ? QStringLiteral("(none)") : QString::fromStdString(had),
                                      wanted.empty() ? QStringLiteral("(none)") : QString::fromStdString(wanted)));
    }
    return {};
}

util::Result<LineEdits> planEdits(const std::vector<ImageEntry>& images, const std::vector<ImageEntry>& currentImages,
                                  const QList<QByteArray>& lines, const ImagesBlock& block, const QByteArray& eol,
                                  const QString& file) {
    LineEdits edits;
    for (const ImageEntry& image : images) {
        const auto found =
            std::find_if(block.items.begin(), block.items.end(), [&](const Item& item) { return item.name == image.name; });
        if (found == block.items.end()) {
            appendEntry(image, block, eol, edits);
            continue;
        }
        const auto current = std::find_if(currentImages.begin(), currentImages.end(),
                                          [&](const ImageEntry& entry) { return entry.name == image.name; });
        auto edited =
            editEntry(image, *found, current != currentImages.end() ? &*current : nullptr, lines, block, eol, file, edits);
        if (!edited)
            return util::fail(edited.error());
    }
    return edits;
}

QByteArray assemble(const Lines& split, const ImagesBlock& block, const LineEdits& edits) {
    const QList<QByteArray>& lines = split.lines;
    const bool hasImages = block.imagesLine >= 0;
    QList<QByteArray> out;
    for (int i = 0; i < lines.size(); ++i) {
        if (hasImages && i == block.blockEnd)
            out << edits.appended;
        if (auto it = edits.replaced.find(i); it != edits.replaced.end()) {
            if (it->second)
                out << *it->second;
        } else {
            out << lines[i];
        }
        if (auto it = edits.insertedAfter.find(i); it != edits.insertedAfter.end())
            out << it->second;
    }
    if (hasImages && block.blockEnd >= lines.size())
        out << edits.appended;
    if (!hasImages && !edits.appended.isEmpty())
        out << "images:" + split.eol << edits.appended;
    QByteArray result = out.join('\n');
    if (split.endsWithNewline || !hasImages)
        result += '\n';
    return result;
}

const ImageEntry* entryNamed(const std::vector<ImageEntry>& entries, const std::string& name) {
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const ImageEntry& e) { return e.name == name; });
    return it != entries.end() ? &*it : nullptr;
}

// The text edit is checked by reading the result as YAML: the promoted entries read as asked,
// the other entries and every other top-level key are as they were, and nothing was added
// but an images: list the file lacked.
util::Result<void> verifyEdit(const YAML::Node& before, const std::vector<ImageEntry>& currentImages,
                              const std::vector<ImageEntry>& images, const QByteArray& result, const QString& file) {
    auto after = load(result, file);
    if (!after)
        return util::fail(
            util::ErrorCode::Generic,
            QStringLiteral("editing images: produced invalid YAML (%1); nothing was changed").arg(after.error().message), file);
    auto afterImages = imagesOf(*after, file);
    if (!afterImages)
        return util::fail(afterImages.error());
    bool ok = true;
    for (const ImageEntry& image : images) {
        const ImageEntry* now = entryNamed(*afterImages, image.name);
        ok = ok && now && *now == image;
    }
    for (const ImageEntry& entry : currentImages) {
        const bool promoted = entryNamed(images, entry.name) != nullptr;
        const ImageEntry* now = entryNamed(*afterImages, entry.name);
        ok = ok && (promoted || (now && *now == entry));
    }
    try {
        const YAML::Node& constAfter = *after;
        if (before.IsMap())
            for (const auto& pair : before) {
                const std::string key = pair.first.as<std::string>();
                if (key == "images")
                    continue;
                ok = ok && constAfter[key] && YAML::Dump(pair.second) == YAML::Dump(constAfter[key]);
            }
        const bool hadImages = before.IsMap() && before["images"];
        ok = ok && after->IsMap() && after->size() == (before.IsMap() ? before.size() : 0) + (hadImages ? 0 : 1);
    } catch (const YAML::Exception&) {
        ok = false;
    }
    if (!ok)
        return util::fail(util::ErrorCode::Unsupported,
                          QStringLiteral("could not edit images: without changing other parts of the file; edit it by hand"),
                          file);
    return {};
}

} // namespace

util::Result<std::vector<ImageEntry>> KustomizeImageEditor::readImages(const QByteArray& text, const QString& file) {
    auto root = load(text, file);
    if (!root)
        return util::fail(root.error());
    return imagesOf(*root, file);
}

util::Result<ImageEdits> KustomizeImageEditor::apply(const QByteArray& target, const std::vector<ImageEntry>& images,
                                                     const QString& file) {
    if (images.empty())
        return ImageEdits{target, {}};
    auto before = load(target, file);
    if (!before)
        return util::fail(before.error());
    auto currentImages = imagesOf(*before, file);
    if (!currentImages)
        return util::fail(currentImages.error());
    if (!before->IsMap() && !before->IsNull())
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("not a kustomization (the document is not a map)"), file);

    Lines split = splitLines(target);
    auto block = findImagesBlock(split.lines, split.eol, file);
    if (!block)
        return util::fail(block.error());
    auto edits = planEdits(images, *currentImages, split.lines, *block, split.eol, file);
    if (!edits)
        return util::fail(edits.error());
    ImageEdits result{assemble(split, *block, *edits), std::move(edits->changes)};
    const YAML::Node& constBefore = *before;
    if (auto verified = verifyEdit(constBefore, *currentImages, images, result.text, file); !verified)
        return util::fail(verified.error());
    return result;
}

} // namespace syncline::actions
