#include "actions/KustomizeImageEditor.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>

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

const std::string& field(const ImageEntry& entry, const std::string& name) {
    return field(const_cast<ImageEntry&>(entry), name);
}

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
    static const QRegularExpression special(QStringLiteral(
        R"(^$|^[-?:,\[\]{}#&*!|>'"%@`\s]|:\s|\s#|\s$|^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^(0x|0o)|^(true|false|yes|no|on|off|null|~|y|n)$)"),
        QRegularExpression::CaseInsensitiveOption);
    if (quote == '\'' )
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

} // namespace

util::Result<std::vector<ImageEntry>> KustomizeImageEditor::readImages(const QByteArray& text, const QString& file) {
    auto root = load(text, file);
    if (!root)
        return util::fail(root.error());
    return imagesOf(*root, file);
}

util::Result<QByteArray> KustomizeImageEditor::apply(const QByteArray& target, const std::vector<ImageEntry>& images,
                                                     const QString& file, QStringList* changes) {
    if (images.empty())
        return target;
    auto before = load(target, file);
    if (!before)
        return util::fail(before.error());
    auto currentImages = imagesOf(*before, file);
    if (!currentImages)
        return util::fail(currentImages.error());
    if (!before->IsMap() && !before->IsNull())
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("not a kustomization (the document is not a map)"), file);

    QList<QByteArray> lines = target.split('\n');
    const bool endsWithNewline = target.isEmpty() || target.endsWith('\n');
    if (endsWithNewline && !lines.isEmpty())
        lines.removeLast();
    const bool crlf = !lines.isEmpty() && lines.first().endsWith('\r');
    const QByteArray eol = crlf ? "\r" : "";

    // Find the top-level images: key and its block.
    int imagesLine = -1;
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].startsWith("images:")) {
            imagesLine = i;
            break;
        }
    std::vector<Item> items;
    int seqIndent = 0, keyIndent = 2, blockEnd = imagesLine + 1; // blockEnd: one past the last content line
    if (imagesLine >= 0) {
        const QByteArray rest = lines[imagesLine].mid(7).trimmed();
        if (!rest.isEmpty() && !rest.startsWith('#')) {
            if (rest != "[]" && rest != "null" && rest != "~")
                return util::fail(util::ErrorCode::Unsupported,
                                  QStringLiteral("images: is written in flow style; promote edits block lists only"), file);
            lines[imagesLine] = "images:" + eol;
        }
        bool first = true;
        for (int i = imagesLine + 1; i < lines.size(); ++i) {
            const QByteArray& line = lines[i];
            if (isBlankOrComment(line))
                continue;
            const int indent = indentOf(line);
            if (indent == 0 && !line.startsWith('-'))
                break; // the next top-level key
            if (first) {
                seqIndent = indent;
                first = false;
            }
            blockEnd = i + 1;
            if (indent == seqIndent && line.mid(indent).startsWith('-')) {
                Item item;
                item.firstLine = item.lastLine = i;
                int column = indent + 1;
                while (column < line.size() && line[column] == ' ')
                    ++column;
                keyIndent = column;
                if (auto key = parseKeyLine(line, i, column))
                    item.keys.push_back(*key);
                items.push_back(std::move(item));
                continue;
            }
            if (items.empty() || indent <= seqIndent)
                return util::fail(util::ErrorCode::Unsupported, QStringLiteral("images: has a layout promote cannot edit"),
                                  file);
            items.back().lastLine = i;
            if (indent == keyIndent)
                if (auto key = parseKeyLine(line, i, indent))
                    items.back().keys.push_back(*key);
        }
        for (Item& item : items)
            for (const KeyLine& key : item.keys)
                if (key.key == "name")
                    item.name = unquote(lines[key.line].mid(key.valueStart, key.valueEnd - key.valueStart), key.quote);
    }

    // Edits as (line, replacement lines) applied bottom-up so line numbers stay valid.
    std::map<int, std::optional<QByteArray>> replaced; // nullopt: delete the line
    std::map<int, QList<QByteArray>> insertedAfter;
    QList<QByteArray> appended; // new list entries, after the block
    const QByteArray keyPad(keyIndent, ' ');
    const QByteArray seqPad(seqIndent, ' ');
    for (const ImageEntry& image : images) {
        auto found = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.name == image.name; });
        if (found == items.end()) {
            appended << seqPad + "- name: " + scalarText(image.name, 0) + eol;
            for (const char* name : kFields)
                if (!field(image, name).empty()) {
                    appended << keyPad + name + ": " + scalarText(field(image, name), 0) + eol;
                    if (changes)
                        changes->append(QStringLiteral("%1: %2 %3 (new entry)")
                                            .arg(QString::fromStdString(image.name), QLatin1String(name),
                                                 QString::fromStdString(field(image, name))));
                }
            continue;
        }
        const auto current = std::find_if(currentImages->begin(), currentImages->end(),
                                          [&](const ImageEntry& entry) { return entry.name == image.name; });
        for (const char* name : kFields) {
            const std::string& wanted = field(image, name);
            const std::string had = current != currentImages->end() ? field(*current, name) : std::string();
            if (wanted == had)
                continue;
            const auto key = std::find_if(found->keys.begin(), found->keys.end(),
                                          [&](const KeyLine& k) { return k.key == name; });
            if (key == found->keys.end()) {
                insertedAfter[found->lastLine] << keyPad + name + ": " + scalarText(wanted, 0) + eol;
            } else if (wanted.empty()) {
                if (key->line == found->firstLine)
                    return util::fail(util::ErrorCode::Unsupported,
                                      QStringLiteral("cannot remove %1 from the first line of an images: entry").arg(QLatin1String(name)),
                                      file);
                replaced[key->line] = std::nullopt;
            } else {
                const QByteArray& line = lines[key->line];
                replaced[key->line] = line.left(key->valueStart) + scalarText(wanted, key->quote) + line.mid(key->valueEnd);
            }
            if (changes)
                changes->append(QStringLiteral("%1: %2 %3 -> %4")
                                    .arg(QString::fromStdString(image.name), QLatin1String(name),
                                         had.empty() ? QStringLiteral("(none)") : QString::fromStdString(had),
                                         wanted.empty() ? QStringLiteral("(none)") : QString::fromStdString(wanted)));
        }
    }

    QList<QByteArray> out;
    for (int i = 0; i < lines.size(); ++i) {
        if (imagesLine >= 0 && i == blockEnd)
            out << appended;
        if (auto it = replaced.find(i); it != replaced.end()) {
            if (it->second)
                out << *it->second;
        } else {
            out << lines[i];
        }
        if (auto it = insertedAfter.find(i); it != insertedAfter.end())
            out << it->second;
    }
    if (imagesLine >= 0 && blockEnd >= lines.size())
        out << appended;
    if (imagesLine < 0 && !appended.isEmpty())
        out << "images:" + eol << appended;
    QByteArray result = out.join('\n');
    if (endsWithNewline || imagesLine < 0)
        result += '\n';

    // Check: the promoted entries read as asked, every other key is as it was.
    auto after = load(result, file);
    if (!after)
        return util::fail(util::ErrorCode::Generic,
                          QStringLiteral("editing images: produced invalid YAML (%1); nothing was changed").arg(after.error().message),
                          file);
    auto afterImages = imagesOf(*after, file);
    if (!afterImages)
        return util::fail(afterImages.error());
    bool ok = true;
    for (const ImageEntry& image : images) {
        auto it = std::find_if(afterImages->begin(), afterImages->end(), [&](const ImageEntry& e) { return e.name == image.name; });
        ok = ok && it != afterImages->end() && *it == image;
    }
    for (const ImageEntry& entry : *currentImages) {
        const bool promoted = std::any_of(images.begin(), images.end(), [&](const ImageEntry& e) { return e.name == entry.name; });
        auto it = std::find_if(afterImages->begin(), afterImages->end(), [&](const ImageEntry& e) { return e.name == entry.name; });
        ok = ok && (promoted || (it != afterImages->end() && *it == entry));
    }
    try {
        if (before->IsMap())
            for (const auto& pair : *before) {
                const std::string key = pair.first.as<std::string>();
                if (key == "images")
                    continue;
                const YAML::Node& constAfter = *after;
                ok = ok && constAfter[key] && YAML::Dump(pair.second) == YAML::Dump(constAfter[key]);
            }
        const YAML::Node& constBefore = *before;
        const bool hadImages = constBefore.IsMap() && constBefore["images"];
        ok = ok && after->IsMap() && after->size() == (constBefore.IsMap() ? constBefore.size() : 0) + (hadImages ? 0 : 1);
    } catch (const YAML::Exception&) {
        ok = false;
    }
    if (!ok)
        return util::fail(util::ErrorCode::Unsupported,
                          QStringLiteral("could not edit images: without changing other parts of the file; edit it by hand"),
                          file);
    return result;
}

} // namespace syncline::actions
