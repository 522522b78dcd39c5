#include "workspace/detect/ApplicationSetExpander.h"

#include "manifest/YamlParser.h"
#include "workspace/detect/ArgoApplicationReader.h"

#include <QRegularExpression>

namespace syncline::workspace::detect {

namespace {

using Parameters = ApplicationSetExpander::Parameters;

// An ApplicationSet is hostile input like any other: a matrix of two long lists must not
// make detection build millions of Applications, nor a git files generator read a huge file.
constexpr std::size_t kMaxApplications = 1000;
constexpr qsizetype kMaxParameterFileBytes = 1024 * 1024;

struct Generated {
    std::vector<Parameters> sets;
    QString description; // "git directories generator: apps/*/overlays/*"
    QString refusal;     // set: the generator was not understood, and why
};

// A glob as Argo CD's git generators match it: '*' within one folder, '**' across folders.
QRegularExpression globPattern(const QString& glob) {
    QString pattern;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob[i];
        if (c == QLatin1Char('*') && i + 1 < glob.size() && glob[i + 1] == QLatin1Char('*')) {
            pattern += QStringLiteral(".*");
            ++i;
        } else if (c == QLatin1Char('*')) {
            pattern += QStringLiteral("[^/]*");
        } else if (c == QLatin1Char('?')) {
            pattern += QStringLiteral("[^/]");
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

void addPathParameters(Parameters& parameters, const QString& path, const QString& fileName = {}) {
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    parameters[QStringLiteral("path")] = path;
    parameters[QStringLiteral("path.path")] = path;
    const QString base = segments.isEmpty() ? QString() : segments.last();
    parameters[QStringLiteral("path.basename")] = base;
    parameters[QStringLiteral("path.basenameNormalized")] =
        base.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9-.]")), QStringLiteral("-"));
    if (!fileName.isEmpty()) {
        parameters[QStringLiteral("path.filename")] = fileName;
        parameters[QStringLiteral("path.filenameNormalized")] =
            fileName.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9-.]")), QStringLiteral("-"));
    }
    for (qsizetype i = 0; i < segments.size(); ++i)
        parameters[QStringLiteral("path[%1]").arg(i)] = segments[i];
}

void flatten(const Json& value, const QString& prefix, Parameters& out) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            flatten(it.value(),
                    prefix.isEmpty() ? QString::fromStdString(it.key())
                                     : prefix + QLatin1Char('.') + QString::fromStdString(it.key()),
                    out);
    } else if (!prefix.isEmpty()) {
        out[prefix] = value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
    }
}

Generated listGenerator(const Json& list) {
    Generated out{{}, QStringLiteral("list generator"), {}};
    if (const Json* elements = member(list, {"elements"}); elements && elements->is_array())
        for (const Json& element : *elements) {
            Parameters parameters;
            flatten(element, QString(), parameters);
            out.sets.push_back(std::move(parameters));
        }
    if (member(list, {"elementsYaml"}))
        out.refusal = QStringLiteral("list generator with elementsYaml is evaluated by the controller");
    return out;
}

Generated gitDirectories(const Json& git, const QStringList& directories) {
    QStringList included, excluded;
    for (const Json& entry : *member(git, {"directories"})) {
        const QString path = text(entry, {"path"});
        (flag(entry, {"exclude"}) ? excluded : included).append(path);
    }
    Generated out{{}, QStringLiteral("git directories generator: %1").arg(included.join(QStringLiteral(", "))), {}};
    for (const QString& dir : directories) {
        auto matches = [&](const QStringList& globs) {
            return std::any_of(globs.begin(), globs.end(),
                               [&](const QString& glob) { return globPattern(glob).match(dir).hasMatch(); });
        };
        if (!matches(included) || matches(excluded))
            continue;
        Parameters parameters;
        addPathParameters(parameters, dir);
        out.sets.push_back(std::move(parameters));
    }
    return out;
}

Generated gitFiles(const Json& git, const QStringList& directories, const manifest::FileSource& files) {
    QStringList globs;
    for (const Json& entry : *member(git, {"files"}))
        globs.append(text(entry, {"path"}));
    Generated out{{}, QStringLiteral("git files generator: %1").arg(globs.join(QStringLiteral(", "))), {}};
    QStringList candidates;
    QStringList folders = directories;
    folders.append(QString()); // the root too
    for (const QString& dir : folders)
        if (auto entries = files.listDirectory(dir))
            for (const manifest::DirectoryEntry& entry : *entries)
                if (entry.type == manifest::EntryType::File)
                    candidates.append(joinPath(dir, entry.name));
    candidates.sort();
    for (const QString& file : candidates) {
        if (std::none_of(globs.begin(), globs.end(),
                         [&](const QString& glob) { return globPattern(glob).match(file).hasMatch(); }))
            continue;
        auto bytes = files.readFile(file);
        if (bytes && bytes->size() > kMaxParameterFileBytes) {
            out.refusal = QStringLiteral("git files generator: %1 has %2 bytes, more than the %3 detection reads")
                              .arg(file)
                              .arg(bytes->size())
                              .arg(kMaxParameterFileBytes);
            return out;
        }
        auto documents = bytes ? manifest::parseYamlStream(bytes->toStdString(), file)
                               : util::Result<std::vector<manifest::YamlDocument>>(util::fail(bytes.error()));
        if (!documents) {
            out.refusal = QStringLiteral("git files generator: %1").arg(documents.error().toString());
            return out;
        }
        for (const manifest::YamlDocument& document : *documents) {
            const std::vector<Json> items = document.value.is_array()
                                                ? std::vector<Json>(document.value.begin(), document.value.end())
                                                : std::vector<Json>{document.value};
            for (const Json& item : items) {
                Parameters parameters;
                flatten(item, QString(), parameters);
                addPathParameters(parameters, parentOf(file), baseName(file));
                out.sets.push_back(std::move(parameters));
            }
        }
    }
    return out;
}

Generated generate(const Json& generator, const QStringList& directories, const manifest::FileSource& files, int depth);

Generated matrix(const Json& spec, const QStringList& directories, const manifest::FileSource& files, int depth) {
    const Json* children = member(spec, {"generators"});
    if (depth > 0 || !children || !children->is_array() || children->size() != 2)
        return {
            {}, QStringLiteral("matrix generator"), QStringLiteral("a matrix needs exactly two generators, not nested matrices")};
    Generated first = generate((*children)[0], directories, files, depth + 1);
    Generated second = generate((*children)[1], directories, files, depth + 1);
    Generated out{{}, QStringLiteral("matrix of %1 and %2").arg(first.description, second.description), {}};
    out.refusal = !first.refusal.isEmpty() ? first.refusal : second.refusal;
    if (out.refusal.isEmpty() && first.sets.size() * second.sets.size() > kMaxApplications)
        out.refusal = QStringLiteral("the matrix generates %1 Applications, more than the %2 detection expands")
                          .arg(first.sets.size() * second.sets.size())
                          .arg(kMaxApplications);
    if (!out.refusal.isEmpty())
        return out;
    for (const Parameters& a : first.sets)
        for (const Parameters& b : second.sets) {
            Parameters combined = a;
            combined.insert(b.begin(), b.end());
            out.sets.push_back(std::move(combined));
        }
    return out;
}

Generated generate(const Json& generator, const QStringList& directories, const manifest::FileSource& files, int depth) {
    if (const Json* list = member(generator, {"list"}))
        return listGenerator(*list);
    if (const Json* git = member(generator, {"git"})) {
        if (member(*git, {"directories"}) && member(*git, {"directories"})->is_array())
            return gitDirectories(*git, directories);
        if (member(*git, {"files"}) && member(*git, {"files"})->is_array())
            return gitFiles(*git, directories, files);
        return {{}, QStringLiteral("git generator"), QStringLiteral("a git generator without directories or files")};
    }
    if (const Json* spec = member(generator, {"matrix"}))
        return matrix(*spec, directories, files, depth);
    static const std::vector<std::pair<const char*, const char*>> needsMore = {
        {"clusters", "the clusters generator needs Argo CD's cluster secrets"},
        {"scmProvider", "the scmProvider generator asks a Git hosting server for repositories"},
        {"pullRequest", "the pullRequest generator asks a Git hosting server for pull requests"},
        {"clusterDecisionResource", "the clusterDecisionResource generator reads a resource in the cluster"},
        {"merge", "the merge generator is not supported yet"},
        {"plugin", "the plugin generator runs a plugin server"},
    };
    for (const auto& [key, reason] : needsMore)
        if (generator.contains(key))
            return {{}, QStringLiteral("%1 generator").arg(QLatin1String(key)), QString::fromLatin1(reason)};
    return {{}, QStringLiteral("generator"), QStringLiteral("an unknown generator")};
}

// "{{ .path.basename }}" -> "path.basename"; "{{ index .path.segments 1 }}" -> "path[1]".
QString parameterKey(QString expression, bool goTemplate) {
    expression = expression.trimmed();
    if (!goTemplate)
        return expression;
    static const QRegularExpression index(QStringLiteral("^index\\s+\\.path\\.segments\\s+(\\d+)$"));
    if (auto m = index.match(expression); m.hasMatch())
        return QStringLiteral("path[%1]").arg(m.captured(1));
    return expression.startsWith(QLatin1Char('.')) ? expression.mid(1) : QString();
}

} // namespace

Json ApplicationSetExpander::fillTemplate(const Json& value, const Parameters& parameters, bool goTemplate,
                                          QStringList& unknown) {
    if (value.is_object()) {
        Json out = Json::object();
        for (auto it = value.begin(); it != value.end(); ++it)
            out[it.key()] = fillTemplate(it.value(), parameters, goTemplate, unknown);
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (const Json& item : value)
            out.push_back(fillTemplate(item, parameters, goTemplate, unknown));
        return out;
    }
    if (!value.is_string())
        return value;
    static const QRegularExpression action(QStringLiteral("\\{\\{-?(.*?)-?\\}\\}"));
    const QString in = QString::fromStdString(value.get<std::string>());
    QString result;
    qsizetype last = 0;
    for (auto it = action.globalMatch(in); it.hasNext();) {
        const auto m = it.next();
        result += in.mid(last, m.capturedStart() - last);
        const auto found = parameters.find(parameterKey(m.captured(1), goTemplate));
        if (found != parameters.end())
            result += found->second;
        else
            unknown.append(m.captured(0));
        last = m.capturedEnd();
    }
    result += in.mid(last);
    return result.toStdString();
}

void ApplicationSetExpander::expand(const RepositoryObject& applicationSet, const QStringList& directories,
                                    const manifest::FileSource& files, const DetectorOptions& options, DetectionResult& out) {
    const QString name = applicationSet.name();
    const QString what = QStringLiteral("ApplicationSet %1").arg(name);
    const Json* generators = member(applicationSet.object, {"spec", "generators"});
    const Json* templ = member(applicationSet.object, {"spec", "template"});
    if (!generators || !generators->is_array() || !templ || !templ->is_object()) {
        out.unrecognized.push_back({what, applicationSet.file, QStringLiteral("no generators or no template")});
        return;
    }
    const bool goTemplate = flag(applicationSet.object, {"spec", "goTemplate"});
    for (const Json& generator : *generators) {
        const Generated generated = generate(generator, directories, files, 0);
        if (!generated.refusal.isEmpty()) {
            out.unrecognized.push_back({what, applicationSet.file, generated.refusal});
            continue;
        }
        if (generated.sets.size() > kMaxApplications) {
            out.unrecognized.push_back({what, applicationSet.file,
                                        QStringLiteral("the %1 generates %2 Applications, more than the %3 detection expands")
                                            .arg(generated.description)
                                            .arg(generated.sets.size())
                                            .arg(kMaxApplications)});
            continue;
        }
        if (generated.sets.empty())
            out.unrecognized.push_back(
                {what, applicationSet.file,
                 QStringLiteral("the %1 generates no Application at this revision").arg(generated.description)});
        for (const Parameters& parameters : generated.sets) {
            QStringList unknown;
            Json application = fillTemplate(*templ, parameters, goTemplate, unknown);
            if (!unknown.isEmpty()) {
                out.unrecognized.push_back({what, applicationSet.file,
                                            QStringLiteral("the template uses %1, which the %2 does not give")
                                                .arg(unknown.join(QStringLiteral(", ")), generated.description)});
                continue;
            }
            application["apiVersion"] = "argoproj.io/v1alpha1";
            application["kind"] = "Application";
            ArgoApplicationReader::read(
                application, {applicationSet.file, QStringLiteral("%1 (%2): Application").arg(what, generated.description)},
                files, options, out);
        }
    }
}

} // namespace syncline::workspace::detect
