#include "manifest/ConfigMapGenerator.h"

#include "manifest/JsonFields.h"

#include <QCryptographicHash>

#include <map>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

// Go's encoding/json string form: HTML-safe escapes, \u2028/\u2029, invalid UTF-8 as U+FFFD.
void goJsonString(const std::string& text, std::string& out) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '<':
            case '>':
            case '&':
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += char(c);
                }
            }
            ++i;
            continue;
        }
        // Validate one UTF-8 sequence.
        int length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (c >= 0xF5)
            length = 0;
        bool valid = length > 0 && i + std::size_t(length) <= text.size();
        char32_t cp = length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
        for (int k = 1; valid && k < length; ++k) {
            const unsigned char cc = static_cast<unsigned char>(text[i + std::size_t(k)]);
            valid = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (valid &&
            ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
            valid = false;
        if (!valid) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029)
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        else
            out.append(text, i, std::size_t(length));
        i += std::size_t(length);
    }
    out += '"';
}

// Go marshals a map[string]interface{} with sorted keys; values here are strings or
// string maps.
void goJson(const Json& value, std::string& out) {
    if (value.is_object()) {
        std::map<std::string, const Json*> sorted;
        for (auto it = value.begin(); it != value.end(); ++it)
            sorted.emplace(it.key(), &*it);
        out += '{';
        bool first = true;
        for (const auto& [key, item] : sorted) {
            if (!first)
                out += ',';
            first = false;
            goJsonString(key, out);
            out += ':';
            goJson(*item, out);
        }
        out += '}';
    } else if (value.is_string()) {
        goJsonString(value.get_ref<const std::string&>(), out);
    } else {
        out += value.dump();
    }
}

bool isUtf8(const QByteArray& bytes) {
    std::string text = bytes.toStdString();
    std::string encoded;
    goJsonString(text, encoded);
    return encoded.find("\xEF\xBF\xBD") == std::string::npos || text.find("\xEF\xBF\xBD") != std::string::npos;
}

util::Unexpected generatorError(const KustomizeGenerator& generator, const Kustomization& k, const QString& problem) {
    return util::fail(util::ErrorCode::InvalidArgument,
                      QStringLiteral("%1 %2: %3")
                          .arg(generator.secret ? QStringLiteral("secretGenerator") : QStringLiteral("configMapGenerator"),
                               QString::fromStdString(generator.name), problem),
                      k.file);
}

// kustomize's base64 for generated data: lines of 70 characters, each followed by a
// newline once the encoding is 70 characters or longer.
std::string encodeBase64(const QByteArray& value) {
    const std::string encoded = value.toBase64().toStdString();
    constexpr std::size_t kLineLength = 70;
    if (encoded.size() < kLineLength)
        return encoded;
    std::string out;
    out.reserve(encoded.size() + encoded.size() / kLineLength + 1);
    for (std::size_t i = 0; i < encoded.size(); i += kLineLength) {
        out.append(encoded, i, kLineLength);
        out += '\n';
    }
    return out;
}

// Key -> bytes. Insertion order does not matter: the output is sorted.
using Entries = std::map<std::string, QByteArray>;

util::Result<void> addEntry(Entries& entries, const std::string& key, QByteArray value, const KustomizeGenerator& generator,
                            const Kustomization& k) {
    if (key.empty())
        return generatorError(generator, k, QStringLiteral("empty key"));
    if (!entries.emplace(key, std::move(value)).second)
        return generatorError(generator, k, QStringLiteral("duplicate key %1").arg(QString::fromStdString(key)));
    return {};
}

// "key=value" literals; quotes around the whole value are dropped, as kustomize does.
util::Result<void> addLiterals(Entries& entries, const KustomizeGenerator& generator, const Kustomization& k) {
    for (const QString& literal : generator.literals) {
        const qsizetype eq = literal.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return generatorError(generator, k, QStringLiteral("invalid literal %1, expected key=value").arg(literal));
        QString value = literal.mid(eq + 1);
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
            value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        if (auto ok = addEntry(entries, literal.left(eq).toStdString(), value.toUtf8(), generator, k); !ok)
            return ok;
    }
    return {};
}

// "path" (keyed by the file name) or "key=path".
util::Result<void> addFiles(Entries& entries, const KustomizeGenerator& generator, const FileSource& source,
                            const Kustomization& k) {
    for (const QString& entry : generator.files) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        const QString relative = eq < 0 ? entry : entry.mid(eq + 1);
        auto path = loadableFilePath(source, k.directory, relative, k.file);
        if (!path)
            return util::fail(path.error());
        auto bytes = source.readFile(*path);
        if (!bytes)
            return util::fail(bytes.error());
        const QString key = eq < 0 ? relative.section(QLatin1Char('/'), -1) : entry.left(eq);
        if (auto ok = addEntry(entries, key.toStdString(), std::move(*bytes), generator, k); !ok)
            return ok;
    }
    return {};
}

// One env file: "KEY=VALUE" lines; blank lines and '#' comments skipped, a BOM and CR
// endings tolerated. A bare "KEY" (take it from the environment) is refused: the result
// would depend on whoever renders.
util::Result<void> addEnvFile(Entries& entries, QByteArray content, const QString& path, const KustomizeGenerator& generator,
                              const Kustomization& k) {
    if (content.startsWith("\xEF\xBB\xBF"))
        content.remove(0, 3);
    for (QByteArray line : content.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        qsizetype start = 0;
        while (start < line.size() && QChar::isSpace(uchar(line[start])))
            ++start;
        line = line.mid(start);
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            return generatorError(generator, k,
                                  QStringLiteral("%1: line without KEY=VALUE (values from the environment are "
                                                 "not supported)")
                                      .arg(path));
        if (auto ok = addEntry(entries, line.left(eq).toStdString(), line.mid(eq + 1), generator, k); !ok)
            return ok;
    }
    return {};
}

util::Result<void> addEnvFiles(Entries& entries, const KustomizeGenerator& generator, const FileSource& source,
                               const Kustomization& k) {
    for (const QString& envFile : generator.envs) {
        auto path = loadableFilePath(source, k.directory, envFile, k.file);
        if (!path)
            return util::fail(path.error());
        auto bytes = source.readFile(*path);
        if (!bytes)
            return util::fail(bytes.error());
        if (auto ok = addEnvFile(entries, std::move(*bytes), *path, generator, k); !ok)
            return ok;
    }
    return {};
}

// name, namespace, and the labels and annotations of generatorOptions then the
// generator's own options (which win on equal keys).
Json metadataOf(const KustomizeGenerator& generator, const KustomizeGeneratorOptions& generatorOptions) {
    Json metadata = Json::object();
    metadata["name"] = generator.name;
    if (!generator.namespaceName.empty())
        metadata["namespace"] = generator.namespaceName;
    Json labels = Json::object();
    Json annotations = Json::object();
    for (const auto* options : {&generatorOptions, &generator.options}) {
        for (const auto& [key, value] : options->labels)
            labels[key] = value;
        for (const auto& [key, value] : options->annotations)
            annotations[key] = value;
    }
    if (!labels.empty())
        metadata["labels"] = std::move(labels);
    if (!annotations.empty())
        metadata["annotations"] = std::move(annotations);
    return metadata;
}

// Secrets hold base64 data; a ConfigMap holds text in data and anything else in binaryData.
void addData(Json& object, const Entries& entries, const KustomizeGenerator& generator) {
    Json data = Json::object();
    Json binaryData = Json::object();
    for (auto& [key, value] : entries) {
        if (generator.secret)
            data[key] = encodeBase64(value);
        else if (isUtf8(value))
            data[key] = value.toStdString();
        else
            binaryData[key] = encodeBase64(value);
    }
    if (!data.empty())
        object["data"] = std::move(data);
    if (!binaryData.empty())
        object["binaryData"] = std::move(binaryData);
}

} // namespace

std::string ConfigMapGenerator::nameHash(const nlohmann::ordered_json& object) {
    const std::string kind = stringField(object, "kind");
    Json encoded = Json::object();
    const Json empty = std::string();
    auto field = [&](const char* key) -> const Json& {
        auto it = object.find(key);
        return it == object.end() || it->is_null() ? empty : *it;
    };
    encoded["kind"] = kind;
    // kustomize looks the name up as one field called "metadata/name", finds nothing and
    // hashes "": the name never changes the suffix (a-<h> and b-<h> for equal data).
    encoded["name"] = std::string();
    encoded["data"] = field("data");
    if (kind == "Secret") {
        encoded["type"] = field("type");
        if (field("stringData").is_object())
            encoded["stringData"] = field("stringData");
    } else if (field("binaryData").is_object()) {
        encoded["binaryData"] = field("binaryData");
    }
    std::string json;
    goJson(encoded, json);
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(json), QCryptographicHash::Sha256).toHex().left(10);
    std::string result = digest.toStdString();
    for (char& c : result) {
        switch (c) {
        case '0':
            c = 'g';
            break;
        case '1':
            c = 'h';
            break;
        case '3':
            c = 'k';
            break;
        case 'a':
            c = 'm';
            break;
        case 'e':
            c = 't';
            break;
        default:
            break;
        }
    }
    return result;
}

util::Result<GeneratedObject> ConfigMapGenerator::generate(const KustomizeGenerator& generator,
                                                           const KustomizeGeneratorOptions& generatorOptions,
                                                           const FileSource& source, const Kustomization& k) {
    Entries entries;
    if (auto ok = addLiterals(entries, generator, k); !ok)
        return util::fail(ok.error());
    if (auto ok = addFiles(entries, generator, source, k); !ok)
        return util::fail(ok.error());
    if (auto ok = addEnvFiles(entries, generator, source, k); !ok)
        return util::fail(ok.error());

    Json object = Json::object();
    object["apiVersion"] = "v1";
    object["kind"] = generator.secret ? "Secret" : "ConfigMap";
    object["metadata"] = metadataOf(generator, generatorOptions);
    addData(object, entries, generator);
    if (generator.secret)
        object["type"] = generator.type.empty() ? std::string("Opaque") : generator.type;
    const bool immutable = generator.options.immutable.value_or(generatorOptions.immutable.value_or(false));
    if (immutable)
        object["immutable"] = true;
    GeneratedObject result;
    result.hashSuffix = !generator.options.disableNameSuffixHash.value_or(generatorOptions.disableNameSuffixHash.value_or(false));
    result.body = std::move(object);
    return result;
}

} // namespace syncline::manifest
