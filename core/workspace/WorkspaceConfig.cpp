#include "workspace/WorkspaceConfig.h"

#include "manifest/GitTreeFileSource.h"
#include "workspace/YamlDocumentStarts.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <map>
#include <string>
#include <yaml-cpp/yaml.h>

namespace syncline::workspace {

namespace {

constexpr std::size_t kMaxConfigBytes = 1024u * 1024u;
// Documents counted before "expected one YAML document" stops counting.
constexpr int kMaxDocuments = 1000;

struct Position {
    int line = 0;
    int column = 0;
};

// A repository-relative folder or file: no absolute paths, nothing above the root.
bool isRepositoryPath(const QString& path) {
    return path.isEmpty() || path == QLatin1String(".") || manifest::cleanRepositoryPath(path).has_value();
}

// RFC 6901: "" (the whole object) is not useful to ignore, so a pointer starts with '/';
// '~' is only allowed as the escapes ~0 and ~1.
QString jsonPointerProblem(const QString& pointer) {
    if (!pointer.startsWith(QLatin1Char('/')))
        return QStringLiteral("JSON pointer '%1' must start with '/'").arg(pointer);
    for (qsizetype i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == QLatin1Char('~') &&
            (i + 1 >= pointer.size() || (pointer[i + 1] != QLatin1Char('0') && pointer[i + 1] != QLatin1Char('1'))))
            return QStringLiteral("JSON pointer '%1' has '~' not followed by 0 or 1").arg(pointer);
    }
    return {};
}

// Helm's own rule for release names (DNS-1123 subdomain, 53 characters: the rest is
// left for the suffixes charts add).
QString releaseNameProblem(const QString& name) {
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    if (name.size() > 53 || !valid.match(name).hasMatch())
        return QStringLiteral("release name '%1' must be lowercase letters, digits, '-' and '.', at most 53 characters")
            .arg(name);
    return {};
}

// A value file: inside the repository, relative to the chart or "$values/..." from the
// root (Argo CD multi-source); never a URL (rendering has no network).
QString valueFileProblem(const QString& file) {
    if (file.contains(QLatin1String("://")))
        return QStringLiteral("value file '%1' is remote; Syncline renders without network").arg(file);
    const QString path = file.startsWith(QLatin1String("$values/")) ? file.mid(8) : file;
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('$')))
        return QStringLiteral("value file '%1' must be a path relative to the chart, or $values/<path from the repository root>")
            .arg(file);
    return {};
}

// Names that become part of Kubernetes object names (the inventory ConfigMap).
QString dnsLabelProblem(const QString& what, const QString& name) {
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    if (name.size() > 63 || !valid.match(name).hasMatch())
        return QStringLiteral("%1 name '%2' must be lowercase letters, digits and '-', at most 63 characters").arg(what, name);
    return {};
}

QString kubeVersionProblem(const QString& version) {
    static const QRegularExpression valid(QStringLiteral("^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"));
    return valid.match(version).hasMatch() ? QString()
                                           : QStringLiteral("kubeVersion '%1' must be a version like 1.31.0").arg(version);
}

// The checks shared by the parser (with positions) and validate() (without).
QStringList helmProblems(const manifest::HelmSource& helm) {
    QStringList problems;
    if (!helm.releaseName.isEmpty())
        if (QString problem = releaseNameProblem(helm.releaseName); !problem.isEmpty())
            problems << problem;
    for (const QString& file : helm.valueFiles)
        if (QString problem = valueFileProblem(file); !problem.isEmpty())
            problems << problem;
    if (!helm.kubeVersion.isEmpty())
        if (QString problem = kubeVersionProblem(helm.kubeVersion); !problem.isEmpty())
            problems << problem;
    return problems;
}

class Parser {
public:
    explicit Parser(QString fileName) : m_fileName(std::move(fileName)) {}

    std::vector<ConfigProblem> problems;

    void add(Position at, QString message) {
        problems.push_back(ConfigProblem{m_fileName, at.line, at.column, std::move(message)});
    }

    static Position positionOf(const YAML::Node& node) {
        const YAML::Mark mark = node.Mark();
        if (mark.is_null())
            return {};
        return {mark.line + 1, mark.column + 1};
    }

    WorkspaceConfig parseRoot(const YAML::Node& root) {
        WorkspaceConfig config;
        if (!root.IsMap()) {
            add(root.IsNull() ? Position{1, 1} : positionOf(root),
                QStringLiteral("expected a mapping with 'environments', found %1").arg(describe(root)));
            return config;
        }
        if (declaresVersion2(root))
            return parseApplicationsRoot(root);
        bool sawEnvironments = false;
        std::vector<Position> promotionAt;
        forEachKey(root, {"version", "environments", "promotion"}, QStringLiteral("the top level"),
                   [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       if (key == QLatin1String("version")) {
                           const QString text = scalarText(keyNode, value, QStringLiteral("a version number"));
                           if (!text.isNull() && text != QLatin1String("1"))
                               add(positionOf(value),
                                   QStringLiteral("unsupported version '%1' (this Syncline reads versions 1 and %2)")
                                       .arg(text)
                                       .arg(WorkspaceConfig::kCurrentVersion));
                       } else if (key == QLatin1String("environments")) {
                           sawEnvironments = true;
                           if (!expectList(keyNode, value))
                               return;
                           for (const YAML::Node& item : value)
                               config.environments.push_back(parseEnvironment(item));
                       } else {
                           readPromotion(keyNode, value, config, promotionAt);
                       }
                   });
        if (!sawEnvironments)
            add({1, 1}, QStringLiteral("missing 'environments'"));

        checkNames(config, promotionAt);
        return config;
    }

private:
    // Which optional keys an environment had, and where, for the checks after its keys.
    struct SeenKeys {
        bool name = false, path = false, mode = false, argocd = false, flux = false, helm = false;
        Position argocdAt, fluxAt, helmAt;
    };

    static bool declaresVersion2(const YAML::Node& root) {
        const YAML::Node version = root["version"];
        return version && version.IsScalar() && version.Scalar() == "2";
    }

    // Version 2: environments are places, applications say where they run.
    WorkspaceConfig parseApplicationsRoot(const YAML::Node& root) {
        WorkspaceConfig config;
        std::vector<Position> promotionAt;
        std::vector<YAML::Node> applications;
        bool sawEnvironments = false, sawApplications = false;
        forEachKey(root, {"version", "environments", "applications", "promotion"}, QStringLiteral("the top level"),
                   [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       if (key == QLatin1String("environments")) {
                           sawEnvironments = true;
                           if (expectList(keyNode, value))
                               for (const YAML::Node& item : value)
                                   parsePlace(item, config);
                       } else if (key == QLatin1String("applications")) {
                           sawApplications = true;
                           if (expectList(keyNode, value))
                               for (const YAML::Node& item : value)
                                   applications.push_back(item);
                       } else if (key == QLatin1String("promotion")) {
                           readPromotion(keyNode, value, config, promotionAt);
                       }
                   });
        if (!sawEnvironments)
            add({1, 1}, QStringLiteral("missing 'environments'"));
        if (!sawApplications)
            add({1, 1}, QStringLiteral("missing 'applications' (version 2 lists the applications of each environment)"));
        for (const YAML::Node& application : applications)
            parseApplication(application, config);
        checkPlaceNames(config, promotionAt);
        config.arrangeApplications();
        return config;
    }

    void readPromotion(const YAML::Node& keyNode, const YAML::Node& value, WorkspaceConfig& config,
                       std::vector<Position>& promotionAt) {
        if (!expectList(keyNode, value))
            return;
        for (const YAML::Node& item : value) {
            const QString name = scalarText(item, item, QStringLiteral("an environment name"));
            if (name.isNull())
                continue;
            config.promotionOrder.append(name);
            promotionAt.push_back(positionOf(item));
        }
    }

    // An environment of version 2: a place. Its keys are read as an environment's are.
    void parsePlace(const YAML::Node& node, WorkspaceConfig& config) {
        m_placePositions.push_back(positionOf(node));
        if (!node.IsMap()) {
            add(positionOf(node), QStringLiteral("expected an environment (a mapping), found %1").arg(describe(node)));
            return;
        }
        Environment scratch;
        SeenKeys seen;
        m_namePositions.emplace_back();
        forEachKey(node, {"name", "cluster", "namespace", "mode"}, QStringLiteral("an environment"),
                   [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       readEnvironmentKey(key, keyNode, value, scratch, seen);
                   });
        m_placePositions.back() = m_namePositions.back();
        m_namePositions.pop_back();
        if (!seen.name)
            add(positionOf(node), QStringLiteral("environment has no 'name'"));
        else if (QString problem = dnsLabelProblem(QStringLiteral("environment"), scratch.name); !problem.isEmpty())
            add(m_placePositions.back(), problem);
        config.places.push_back(Place{scratch.name, scratch.cluster, scratch.defaultNamespace, scratch.mode});
    }

    // An application: its keys are the defaults of every environment it lists under
    // `environments`, where each key given replaces the application's.
    void parseApplication(const YAML::Node& node, WorkspaceConfig& config) {
        if (!node.IsMap()) {
            add(positionOf(node), QStringLiteral("expected an application (a mapping), found %1").arg(describe(node)));
            return;
        }
        Environment base;
        SeenKeys seen;
        YAML::Node where, whereKey;
        bool sawWhere = false;
        Position nameAt = positionOf(node);
        forEachKey(node,
                   {"name", "branch", "path", "renderer", "namespace", "argocd", "flux", "helm", "sync", "ignore", "promotable",
                    "dependsOn", "substitute", "environments"},
                   QStringLiteral("an application"), [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       if (key == QLatin1String("environments")) {
                           sawWhere = true;
                           where = value;
                           whereKey = keyNode;
                       } else if (key == QLatin1String("name")) {
                           seen.name = true;
                           readString(keyNode, value, base.application);
                           nameAt = valuePosition(keyNode, value);
                       } else {
                           readEnvironmentKey(key, keyNode, value, base, seen);
                       }
                   });
        if (!seen.name)
            return add(positionOf(node), QStringLiteral("application has no 'name'"));
        if (QString problem = dnsLabelProblem(QStringLiteral("application"), base.application); !problem.isEmpty())
            return add(nameAt, problem);
        if (!sawWhere)
            return add(nameAt, QStringLiteral("application '%1' has no 'environments' (where it runs)").arg(base.application));
        if (expectMap(whereKey, where))
            for (auto it = where.begin(); it != where.end(); ++it)
                parseApplicationIn(it->first, it->second, base, seen, config);
    }

    // One application in one environment: the application's keys, then the environment's.
    void parseApplicationIn(const YAML::Node& placeKey, const YAML::Node& value, const Environment& base,
                            const SeenKeys& baseSeen, WorkspaceConfig& config) {
        const QString placeName = scalarText(placeKey, placeKey, QStringLiteral("an environment name"));
        if (placeName.isNull())
            return;
        const Place* place = config.findPlace(placeName);
        if (!place)
            return add(positionOf(placeKey), QStringLiteral("application '%1' names environment '%2', which is not in "
                                                            "'environments'")
                                                 .arg(base.application, placeName));
        Environment unit = base;
        SeenKeys seen = baseSeen;
        const QString where = QStringLiteral("application '%1' in '%2'").arg(base.application, placeName);
        if (value.IsMap())
            forEachKey(value,
                       {"branch", "path", "renderer", "namespace", "argocd", "flux", "helm", "sync", "ignore", "promotable",
                        "dependsOn", "substitute"},
                       where, [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& v) {
                           readEnvironmentKey(key, keyNode, v, unit, seen);
                       });
        else if (!isPlainNull(value))
            add(positionOf(value),
                QStringLiteral("expected the settings of %1 (a mapping), found %2").arg(where, describe(value)));
        placeUnit(unit, *place, seen, positionOf(placeKey));
        m_unitPositions.push_back(positionOf(placeKey));
        config.environments.push_back(std::move(unit));
    }

    // The environment's part of a unit, its name, and the checks that need both.
    void placeUnit(Environment& unit, const Place& place, const SeenKeys& seen, Position at) {
        unit.place = place.name;
        unit.name = unit.application + QLatin1Char('-') + place.name;
        unit.cluster = place.cluster;
        unit.mode = place.mode;
        if (unit.defaultNamespace.isEmpty())
            unit.defaultNamespace = place.defaultNamespace;
        const QString where = QStringLiteral("application '%1' in '%2'").arg(unit.application, place.name);
        if (unit.name.size() > 63)
            add(at, QStringLiteral("%1: its name '%2' is longer than 63 characters").arg(where, unit.name));
        if (!seen.path)
            add(at, QStringLiteral("%1 has no 'path'").arg(where));
        if (seen.argocd && unit.mode != Mode::ArgoCD)
            add(seen.argocdAt,
                QStringLiteral("%1: 'argocd' settings need environment '%2' to have mode: argocd").arg(where, place.name));
        if (seen.flux && unit.mode != Mode::Flux)
            add(seen.fluxAt,
                QStringLiteral("%1: 'flux' settings need environment '%2' to have mode: flux").arg(where, place.name));
        if (seen.helm && (unit.renderer == RendererChoice::Plain || unit.renderer == RendererChoice::Kustomize))
            add(seen.helmAt, QStringLiteral("%1: 'helm' settings need renderer: helm or auto (renderer is %2)")
                                 .arg(where, rendererName(unit.renderer)));
        if (unit.mode == Mode::ArgoCD && unit.argocd.application.isEmpty())
            unit.argocd.application = unit.name;
        if (unit.mode == Mode::Flux && unit.flux.kustomization.isEmpty())
            unit.flux.kustomization = unit.name;
    }

    // Version 2: environment names unique, units unique, promotion names environments.
    void checkPlaceNames(const WorkspaceConfig& config, const std::vector<Position>& promotionAt) {
        std::map<QString, Position> firstPlace;
        for (std::size_t i = 0; i < config.places.size(); ++i) {
            const QString& name = config.places[i].name;
            if (name.isEmpty())
                continue;
            auto [it, inserted] = firstPlace.emplace(name, m_placePositions[i]);
            if (!inserted)
                add(m_placePositions[i],
                    QStringLiteral("duplicate environment name '%1' (first at line %2)").arg(name).arg(it->second.line));
        }
        std::map<QString, Position> firstUnit;
        for (std::size_t i = 0; i < config.environments.size(); ++i) {
            const Environment& unit = config.environments[i];
            auto [it, inserted] = firstUnit.emplace(unit.name, m_unitPositions[i]);
            if (!inserted)
                add(m_unitPositions[i], QStringLiteral("application '%1' in '%2' is named '%3' like the one at line %4")
                                            .arg(unit.application, unit.place, unit.name)
                                            .arg(it->second.line));
        }
        checkPromotion(config.promotionOrder, promotionAt, firstPlace);
    }
    // Checks that need the whole file: environment names are unique, and the promotion
    // order names each environment at most once and nothing else.
    void checkNames(const WorkspaceConfig& config, const std::vector<Position>& promotionAt) {
        std::map<QString, Position> firstName;
        for (std::size_t i = 0; i < config.environments.size(); ++i) {
            const QString& name = config.environments[i].name;
            if (name.isEmpty())
                continue;
            auto [it, inserted] = firstName.emplace(name, m_namePositions[i]);
            if (!inserted)
                add(m_namePositions[i],
                    QStringLiteral("duplicate environment name '%1' (first at line %2)").arg(name).arg(it->second.line));
        }
        checkPromotion(config.promotionOrder, promotionAt, firstName);
    }

    void checkPromotion(const QStringList& order, const std::vector<Position>& promotionAt,
                        const std::map<QString, Position>& environments) {
        std::map<QString, Position> promotionPositions;
        for (std::size_t i = 0; i < std::size_t(order.size()); ++i) {
            const QString& name = order[qsizetype(i)];
            if (!environments.count(name))
                add(promotionAt[i], QStringLiteral("promotion order names '%1', which is not an environment").arg(name));
            auto [it, inserted] = promotionPositions.emplace(name, promotionAt[i]);
            if (!inserted)
                add(promotionAt[i],
                    QStringLiteral("promotion order names '%1' twice (first at line %2)").arg(name).arg(it->second.line));
        }
    }

    static QString describe(const YAML::Node& node) {
        switch (node.Type()) {
        case YAML::NodeType::Map:
            return QStringLiteral("a mapping");
        case YAML::NodeType::Sequence:
            return QStringLiteral("a list");
        case YAML::NodeType::Scalar:
            return isPlainNull(node) ? QStringLiteral("nothing")
                                     : QStringLiteral("'%1'").arg(QString::fromStdString(node.Scalar()));
        default:
            return QStringLiteral("nothing");
        }
    }

    static bool isPlain(const YAML::Node& node) { return node.Tag() == "?"; }
    static bool isPlainNull(const YAML::Node& node) {
        if (node.IsNull())
            return true;
        if (!node.IsScalar() || !isPlain(node))
            return false;
        const std::string& s = node.Scalar();
        return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
    }
    static std::optional<bool> plainBool(const YAML::Node& node) {
        if (!node.IsScalar() || !isPlain(node))
            return std::nullopt;
        const std::string& s = node.Scalar();
        if (s == "true" || s == "True" || s == "TRUE")
            return true;
        if (s == "false" || s == "False" || s == "FALSE")
            return false;
        return std::nullopt;
    }

    // A null value has no position of its own (yaml-cpp points past it): use the key's.
    Position valuePosition(const YAML::Node& keyNode, const YAML::Node& value) const {
        return isPlainNull(value) ? positionOf(keyNode) : positionOf(value);
    }

    // The text of a string-valued scalar; a null QString (and a problem) otherwise.
    QString scalarText(const YAML::Node& keyNode, const YAML::Node& value, const QString& what) {
        if (!value.IsScalar() || isPlainNull(value) || plainBool(value)) {
            add(valuePosition(keyNode, value), QStringLiteral("expected %1, found %2").arg(what, describe(value)));
            return {};
        }
        return QString::fromStdString(value.Scalar());
    }

    void readString(const YAML::Node& keyNode, const YAML::Node& value, QString& out) {
        const QString text = scalarText(keyNode, value, QStringLiteral("a string"));
        if (!text.isNull())
            out = text;
    }

    void readBool(const YAML::Node& keyNode, const YAML::Node& value, bool& out) {
        if (auto b = plainBool(value))
            out = *b;
        else
            add(valuePosition(keyNode, value), QStringLiteral("expected true or false, found %1").arg(describe(value)));
    }

    bool expectList(const YAML::Node& keyNode, const YAML::Node& value) {
        if (value.IsSequence())
            return true;
        add(valuePosition(keyNode, value), QStringLiteral("expected a list, found %1").arg(describe(value)));
        return false;
    }

    bool expectMap(const YAML::Node& keyNode, const YAML::Node& value) {
        if (value.IsMap())
            return true;
        add(valuePosition(keyNode, value), QStringLiteral("expected a mapping, found %1").arg(describe(value)));
        return false;
    }

    QStringList readStringList(const YAML::Node& keyNode, const YAML::Node& value, std::vector<Position>* positions = nullptr) {
        QStringList out;
        if (!expectList(keyNode, value))
            return out;
        for (const YAML::Node& item : value) {
            const QString text = scalarText(item, item, QStringLiteral("a string"));
            if (text.isNull())
                continue;
            out.append(text);
            if (positions)
                positions->push_back(positionOf(item));
        }
        return out;
    }

    template <typename F>
    void forEachKey(const YAML::Node& map, std::initializer_list<const char*> allowed, const QString& where, F&& handle) {
        QStringList allowedNames;
        for (const char* name : allowed)
            allowedNames.append(QString::fromLatin1(name));
        std::map<QString, Position> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const YAML::Node keyNode = it->first;
            const YAML::Node value = it->second;
            if (!keyNode.IsScalar()) {
                add(positionOf(keyNode), QStringLiteral("keys must be names, found %1").arg(describe(keyNode)));
                continue;
            }
            const QString key = QString::fromStdString(keyNode.Scalar());
            if (!allowedNames.contains(key)) {
                add(positionOf(keyNode), QStringLiteral("unknown key '%1' in %2 (expected one of: %3)")
                                             .arg(key, where, allowedNames.join(QStringLiteral(", "))));
                continue;
            }
            auto [first, inserted] = seen.emplace(key, positionOf(keyNode));
            if (!inserted) {
                add(positionOf(keyNode),
                    QStringLiteral("duplicate key '%1' (first at line %2)").arg(key).arg(first->second.line));
                continue;
            }
            handle(key, keyNode, value);
        }
    }

    Environment parseEnvironment(const YAML::Node& node) {
        Environment env;
        m_namePositions.push_back(positionOf(node));
        if (!node.IsMap()) {
            add(positionOf(node), QStringLiteral("expected an environment (a mapping), found %1").arg(describe(node)));
            return env;
        }
        SeenKeys seen;
        forEachKey(node,
                   {"name", "branch", "path", "renderer", "cluster", "namespace", "mode", "argocd", "flux", "helm", "sync",
                    "ignore", "promotable", "substitute"},
                   QStringLiteral("an environment"), [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       readEnvironmentKey(key, keyNode, value, env, seen);
                   });
        checkEnvironment(node, seen, env);
        return env;
    }

    void readEnvironmentKey(const QString& key, const YAML::Node& keyNode, const YAML::Node& value, Environment& env,
                            SeenKeys& seen) {
        if (key == QLatin1String("name")) {
            seen.name = true;
            readString(keyNode, value, env.name);
            m_namePositions.back() = valuePosition(keyNode, value);
        } else if (key == QLatin1String("branch")) {
            readString(keyNode, value, env.branch);
        } else if (key == QLatin1String("path")) {
            seen.path = true;
            readPath(keyNode, value, env);
        } else if (key == QLatin1String("renderer")) {
            readRenderer(keyNode, value, env);
        } else if (key == QLatin1String("namespace")) {
            readString(keyNode, value, env.defaultNamespace);
        } else if (key == QLatin1String("mode")) {
            seen.mode = true;
            readMode(keyNode, value, env);
        } else if (key == QLatin1String("cluster")) {
            readCluster(keyNode, value, env);
        } else if (key == QLatin1String("argocd")) {
            seen.argocd = true;
            seen.argocdAt = positionOf(keyNode);
            readArgocd(keyNode, value, env);
        } else if (key == QLatin1String("flux")) {
            seen.flux = true;
            seen.fluxAt = positionOf(keyNode);
            readFlux(keyNode, value, env);
        } else if (key == QLatin1String("helm")) {
            seen.helm = true;
            seen.helmAt = positionOf(keyNode);
            readHelm(keyNode, value, env);
        } else if (key == QLatin1String("sync")) {
            readSync(keyNode, value, env);
        } else if (key == QLatin1String("dependsOn")) {
            env.dependsOn = readStringList(keyNode, value);
        } else if (key == QLatin1String("substitute")) {
            readSubstitute(keyNode, value, env);
        } else if (key == QLatin1String("ignore")) {
            env.ignore.clear(); // an environment's rules replace the application's
            if (!expectList(keyNode, value))
                return;
            for (const YAML::Node& item : value)
                parseIgnoreRule(item, env);
        } else {
            readPromotable(keyNode, value, env);
        }
    }

    // Stored cleaned: "./apps/prod/" is "apps/prod", "." is "" (the root).
    void readPath(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        readString(keyNode, value, env.path);
        if (auto cleaned = manifest::cleanRepositoryPath(env.path))
            env.path = *cleaned;
        else
            add(positionOf(value), QStringLiteral("path '%1' must be a folder inside the repository").arg(env.path));
    }

    void readRenderer(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        QString text;
        readString(keyNode, value, text);
        if (auto renderer = rendererFromString(text))
            env.renderer = *renderer;
        else if (!text.isEmpty())
            add(positionOf(value), QStringLiteral("unknown renderer '%1' (expected plain, kustomize, helm or auto)").arg(text));
    }

    void readMode(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        QString text;
        readString(keyNode, value, text);
        if (auto mode = modeFromString(text))
            env.mode = *mode;
        else if (!text.isEmpty())
            add(positionOf(value), QStringLiteral("unknown mode '%1' (expected direct, argocd or flux)").arg(text));
    }

    void readCluster(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        if (!expectMap(keyNode, value))
            return;
        forEachKey(value, {"kubeconfig", "context", "insecure"}, QStringLiteral("cluster"),
                   [&](const QString& k, const YAML::Node& kn, const YAML::Node& v) {
                       if (k == QLatin1String("kubeconfig"))
                           readString(kn, v, env.cluster.kubeconfig);
                       else if (k == QLatin1String("context"))
                           readString(kn, v, env.cluster.context);
                       else
                           readBool(kn, v, env.cluster.insecure);
                   });
    }

    void readArgocd(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        if (!expectMap(keyNode, value))
            return;
        forEachKey(value, {"application", "namespace"}, QStringLiteral("argocd"),
                   [&](const QString& k, const YAML::Node& kn, const YAML::Node& v) {
                       readString(kn, v, k == QLatin1String("application") ? env.argocd.application : env.argocd.appNamespace);
                   });
    }

    void readFlux(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        if (!expectMap(keyNode, value))
            return;
        forEachKey(value, {"kustomization", "namespace"}, QStringLiteral("flux"),
                   [&](const QString& k, const YAML::Node& kn, const YAML::Node& v) {
                       readString(kn, v,
                                  k == QLatin1String("kustomization") ? env.flux.kustomization : env.flux.kustomizationNamespace);
                   });
    }

    // What `helm template` is given; each problem at the key or item it is about.
    void readHelm(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        if (!expectMap(keyNode, value))
            return;
        manifest::HelmSource& helm = env.helm.emplace();
        forEachKey(value,
                   {"chartPath", "releaseName", "namespace", "valueFiles", "values", "parameters", "includeCrds", "kubeVersion",
                    "apiVersions", "chartRepository", "chart", "chartVersion"},
                   QStringLiteral("helm"),
                   [&](const QString& k, const YAML::Node& kn, const YAML::Node& v) { readHelmKey(k, kn, v, helm); });
        if (!helm.remoteChart)
            return;
        if (!helm.chartPath.isEmpty())
            add(positionOf(keyNode), QStringLiteral("helm: chartPath and chartRepository exclude each other"));
        else if (QString problem = manifest::remoteChartProblem(*helm.remoteChart); !problem.isEmpty())
            add(positionOf(keyNode), QStringLiteral("helm: %1").arg(problem));
    }

    void readHelmKey(const QString& key, const YAML::Node& keyNode, const YAML::Node& value, manifest::HelmSource& helm) {
        auto check = [&](const YAML::Node& at, const QString& problem) {
            if (!problem.isEmpty())
                add(positionOf(at), problem);
        };
        if (key == QLatin1String("chartPath")) {
            readString(keyNode, value, helm.chartPath);
            if (!isRepositoryPath(helm.chartPath))
                add(positionOf(value),
                    QStringLiteral("chartPath '%1' must be a folder inside the repository").arg(helm.chartPath));
        } else if (key == QLatin1String("releaseName")) {
            readString(keyNode, value, helm.releaseName);
            check(value, releaseNameProblem(helm.releaseName));
        } else if (key == QLatin1String("namespace")) {
            readString(keyNode, value, helm.namespace_);
        } else if (key == QLatin1String("valueFiles")) {
            std::vector<Position> positions;
            helm.valueFiles = readStringList(keyNode, value, &positions);
            for (qsizetype i = 0; i < helm.valueFiles.size(); ++i)
                if (QString problem = valueFileProblem(helm.valueFiles[i]); !problem.isEmpty())
                    add(positions[std::size_t(i)], problem);
        } else if (key == QLatin1String("values")) {
            readHelmValues(keyNode, value, helm);
        } else if (key == QLatin1String("parameters")) {
            readHelmParameters(keyNode, value, helm);
        } else if (key == QLatin1String("includeCrds")) {
            readBool(keyNode, value, helm.includeCrds);
        } else if (key == QLatin1String("chartRepository") || key == QLatin1String("chart") ||
                   key == QLatin1String("chartVersion")) {
            readRemoteChartKey(key, keyNode, value, helm);
        } else if (key == QLatin1String("kubeVersion")) {
            readString(keyNode, value, helm.kubeVersion);
            if (!helm.kubeVersion.isEmpty())
                check(value, kubeVersionProblem(helm.kubeVersion));
        } else {
            helm.apiVersions = readStringList(keyNode, value);
        }
    }

    // A chart from a Helm or OCI repository: chartRepository, chart and chartVersion.
    void readRemoteChartKey(const QString& key, const YAML::Node& keyNode, const YAML::Node& value, manifest::HelmSource& helm) {
        if (!helm.remoteChart)
            helm.remoteChart.emplace();
        manifest::RemoteChart& remote = *helm.remoteChart;
        readString(keyNode, value,
                   key == QLatin1String("chart")             ? remote.chart
                   : key == QLatin1String("chartRepository") ? remote.repositoryUrl
                                                             : remote.version);
    }

    // Argo CD's valuesObject (a mapping) or values (a string of YAML): kept as YAML text.
    void readHelmValues(const YAML::Node& keyNode, const YAML::Node& value, manifest::HelmSource& helm) {
        if (value.IsMap()) {
            YAML::Emitter out;
            out << value;
            helm.values = QString::fromUtf8(out.c_str()) + QLatin1Char('\n');
        } else if (value.IsScalar() && !isPlainNull(value) && !plainBool(value)) {
            helm.values = QString::fromStdString(value.Scalar());
            try {
                if (const YAML::Node parsed = YAML::Load(value.Scalar()); !parsed.IsMap() && !isPlainNull(parsed))
                    add(positionOf(value),
                        QStringLiteral("helm values must be a mapping of values, found %1").arg(describe(parsed)));
            } catch (const YAML::Exception& e) {
                add(positionOf(value), QStringLiteral("helm values are not YAML: %1").arg(QString::fromStdString(e.msg)));
            }
        } else {
            add(valuePosition(keyNode, value),
                QStringLiteral("expected a mapping of values or a string of YAML, found %1").arg(describe(value)));
        }
    }

    // name: value, passed as --set name=value in order; scalars only, as their text.
    void readHelmParameters(const YAML::Node& keyNode, const YAML::Node& value, manifest::HelmSource& helm) {
        if (!expectMap(keyNode, value))
            return;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!it->first.IsScalar() || it->first.Scalar().empty()) {
                add(positionOf(it->first), QStringLiteral("parameter names must be non-empty text"));
                continue;
            }
            if (!it->second.IsScalar() || isPlainNull(it->second)) {
                add(valuePosition(it->first, it->second),
                    QStringLiteral("parameter '%1' must be a single value, found %2")
                        .arg(QString::fromStdString(it->first.Scalar()), describe(it->second)));
                continue;
            }
            helm.parameters.emplace_back(QString::fromStdString(it->first.Scalar()), QString::fromStdString(it->second.Scalar()));
        }
    }

    // Flux postBuild.substitute: name: value, names as Flux allows them.
    void readSubstitute(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        static const QRegularExpression validName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        env.substitute.clear();
        if (!expectMap(keyNode, value))
            return;
        for (auto it = value.begin(); it != value.end(); ++it) {
            const QString name = it->first.IsScalar() ? QString::fromStdString(it->first.Scalar()) : QString();
            if (!validName.match(name).hasMatch()) {
                add(positionOf(it->first), QStringLiteral("variable names are letters, digits and '_', found '%1'").arg(name));
                continue;
            }
            if (!it->second.IsScalar()) {
                add(valuePosition(it->first, it->second),
                    QStringLiteral("variable '%1' must be a single value, found %2").arg(name, describe(it->second)));
                continue;
            }
            env.substitute[name] = QString::fromStdString(it->second.Scalar());
        }
    }

    void readSync(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        if (!expectMap(keyNode, value))
            return;
        forEachKey(value, {"auto", "prune", "selfHeal"}, QStringLiteral("sync"),
                   [&](const QString& k, const YAML::Node& kn, const YAML::Node& v) {
                       readBool(kn, v,
                                k == QLatin1String("auto")    ? env.sync.autoSync
                                : k == QLatin1String("prune") ? env.sync.prune
                                                              : env.sync.selfHeal);
                   });
    }

    void readPromotable(const YAML::Node& keyNode, const YAML::Node& value, Environment& env) {
        std::vector<Position> positions;
        env.promotable = readStringList(keyNode, value, &positions);
        for (qsizetype i = 0; i < env.promotable.size(); ++i) {
            const QString& file = env.promotable[i];
            if (file.isEmpty() || file == QLatin1String(".") || !isRepositoryPath(file))
                add(positions[std::size_t(i)],
                    QStringLiteral("promotable file '%1' must be a path inside the environment").arg(file));
        }
    }

    // Checks that need all of an environment's keys; then the Argo CD application or Flux
    // Kustomization defaults to the environment's name.
    void checkEnvironment(const YAML::Node& node, const SeenKeys& seen, Environment& env) {
        if (!seen.name)
            add(positionOf(node), QStringLiteral("environment has no 'name'"));
        if (!seen.path)
            add(positionOf(node), QStringLiteral("environment%1 has no 'path'")
                                      .arg(env.name.isEmpty() ? QString() : QStringLiteral(" '%1'").arg(env.name)));
        if (seen.argocd && env.mode != Mode::ArgoCD)
            add(seen.argocdAt, QStringLiteral("'argocd' settings need mode: argocd%1")
                                   .arg(seen.mode ? QString() : QStringLiteral(" (mode is direct)")));
        if (seen.helm && (env.renderer == RendererChoice::Plain || env.renderer == RendererChoice::Kustomize))
            add(seen.helmAt,
                QStringLiteral("'helm' settings need renderer: helm or auto (renderer is %1)").arg(rendererName(env.renderer)));
        if (seen.flux && env.mode != Mode::Flux)
            add(seen.fluxAt, QStringLiteral("'flux' settings need mode: flux%1")
                                 .arg(seen.mode ? QString() : QStringLiteral(" (mode is direct)")));
        if (env.mode == Mode::ArgoCD && env.argocd.application.isEmpty())
            env.argocd.application = env.name;
        if (env.mode == Mode::Flux && env.flux.kustomization.isEmpty())
            env.flux.kustomization = env.name;
    }

    void parseIgnoreRule(const YAML::Node& node, Environment& env) {
        if (!node.IsMap()) {
            add(positionOf(node), QStringLiteral("expected an ignore rule (a mapping), found %1").arg(describe(node)));
            return;
        }
        IgnoreRule rule;
        bool hasKind = false, hasPointers = false;
        forEachKey(node, {"group", "kind", "name", "namespace", "jsonPointers"}, QStringLiteral("an ignore rule"),
                   [&](const QString& key, const YAML::Node& keyNode, const YAML::Node& value) {
                       if (key == QLatin1String("group")) {
                           // The core group is "" and may be written as nothing.
                           if (!isPlainNull(value))
                               readString(keyNode, value, rule.group);
                       } else if (key == QLatin1String("kind")) {
                           hasKind = true;
                           readString(keyNode, value, rule.kind);
                       } else if (key == QLatin1String("name")) {
                           QString text;
                           readString(keyNode, value, text);
                           rule.name = text;
                       } else if (key == QLatin1String("namespace")) {
                           QString text;
                           readString(keyNode, value, text);
                           rule.namespace_ = text;
                       } else {
                           hasPointers = true;
                           std::vector<Position> positions;
                           rule.jsonPointers = readStringList(keyNode, value, &positions);
                           for (qsizetype i = 0; i < rule.jsonPointers.size(); ++i)
                               if (QString problem = jsonPointerProblem(rule.jsonPointers[i]); !problem.isEmpty())
                                   add(positions[std::size_t(i)], problem);
                       }
                   });
        if (!hasKind)
            add(positionOf(node), QStringLiteral("ignore rule has no 'kind'"));
        if (!hasPointers)
            add(positionOf(node), QStringLiteral("ignore rule has no 'jsonPointers'"));
        env.ignore.push_back(std::move(rule));
    }

    QString m_fileName;
    std::vector<Position> m_namePositions;  // one per environment, for duplicate reports
    std::vector<Position> m_placePositions; // version 2: one per environment (place)
    std::vector<Position> m_unitPositions;  // version 2: one per application in an environment
};

} // namespace

QString ConfigProblem::toString() const {
    if (line <= 0)
        return file + QStringLiteral(": ") + message;
    return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(message);
}

const Environment* WorkspaceConfig::find(const QString& name) const {
    for (const Environment& env : environments)
        if (env.name == name)
            return &env;
    return nullptr;
}

const Place* WorkspaceConfig::findPlace(const QString& name) const {
    for (const Place& place : places)
        if (place.name == name)
            return &place;
    return nullptr;
}

std::vector<const Environment*> WorkspaceConfig::unitsOf(const QString& environment, const QString& application) const {
    std::vector<const Environment*> units;
    for (const Environment& env : environments)
        if (env.environmentName() == environment && (application.isEmpty() || env.applicationName() == application))
            units.push_back(&env);
    return units;
}

QStringList WorkspaceConfig::environmentNames() const {
    QStringList names;
    if (hasApplications()) {
        for (const Place& place : places)
            names.append(place.name);
        return names;
    }
    for (const Environment& env : environments)
        names.append(env.name);
    return names;
}

QStringList WorkspaceConfig::applicationNames() const {
    QStringList names;
    for (const Environment& env : environments)
        if (!names.contains(env.applicationName()))
            names.append(env.applicationName());
    return names;
}

QStringList WorkspaceConfig::dependencyOrder(const QStringList& units) const {
    QStringList pending = units, ordered;
    // Repeatedly take the first unit none of whose pending dependencies come before it.
    while (!pending.isEmpty()) {
        qsizetype next = 0;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            const Environment* unit = find(pending[i]);
            const bool waits = unit && std::any_of(pending.begin(), pending.end(), [&](const QString& other) {
                                   const Environment* candidate = find(other);
                                   return candidate && candidate != unit && candidate->place == unit->place &&
                                          unit->dependsOn.contains(candidate->applicationName());
                               });
            if (!waits) {
                next = i;
                break;
            }
        }
        ordered << pending.takeAt(next);
    }
    return ordered;
}

void WorkspaceConfig::arrangeApplications() {
    auto placeRank = [this](const Environment& env) {
        for (std::size_t i = 0; i < places.size(); ++i)
            if (places[i].name == env.place)
                return qsizetype(i);
        return qsizetype(places.size());
    };
    // Grouped by place, and within a place in the order the file lists applications (their
    // first appearance): the order parse(toYaml()) gives back. Sorting can change which
    // application appears first, so repeat until nothing moves.
    for (int pass = 0; pass < 8; ++pass) {
        const QStringList applicationOrder = applicationNames();
        auto key = [&](const Environment& env) {
            return std::pair(placeRank(env), applicationOrder.indexOf(env.applicationName()));
        };
        if (std::is_sorted(environments.begin(), environments.end(),
                           [&](const Environment& a, const Environment& b) { return key(a) < key(b); }))
            break;
        std::stable_sort(environments.begin(), environments.end(),
                         [&](const Environment& a, const Environment& b) { return key(a) < key(b); });
    }
    QSet<QString> seen;
    for (Environment& env : environments) {
        env.inheritsInventoryOf = !env.place.isEmpty() && !seen.contains(env.place) ? env.place : QString();
        seen.insert(env.place);
    }
}

util::Result<WorkspaceConfig> WorkspaceConfig::parse(std::string_view text, const QString& fileName,
                                                     std::vector<ConfigProblem>* problems) {
    Parser parser(fileName);
    WorkspaceConfig config;
    if (text.size() > kMaxConfigBytes) {
        parser.add({1, 1}, QStringLiteral("the file is %1 bytes; at most %2 are read").arg(text.size()).arg(kMaxConfigBytes));
    } else {
        // yaml-cpp reports syntax errors (and its nesting limit) as exceptions: they end here.
        try {
            // Not YAML::LoadAll: it never returns on some text (YamlDocumentStarts).
            const std::string whole(text);
            const YamlDocumentStarts documents = YamlDocumentStarts::of(whole, kMaxDocuments);
            const auto at = [](const YAML::Mark& mark) { return Position{mark.line + 1, mark.column + 1}; };
            if (documents.stuckAt) {
                const YAML::Mark& mark = *documents.stuckAt;
                const char c = std::size_t(mark.pos) < whole.size() ? whole[std::size_t(mark.pos)] : '\0';
                parser.add(at(mark), c > ' ' && c < 127 ? QStringLiteral("unexpected '%1'").arg(QLatin1Char(c))
                                                        : QStringLiteral("the YAML cannot be read past here"));
            } else {
                if (documents.roots.size() > 1)
                    parser.add(
                        at(documents.roots[1]),
                        QStringLiteral("expected one YAML document, found %1%2")
                            .arg(documents.roots.size() >= std::size_t(kMaxDocuments) ? QStringLiteral("at least ") : QString())
                            .arg(documents.roots.size()));
                config = parser.parseRoot(YAML::Load(whole));
            }
        } catch (const YAML::Exception& e) {
            const int line = e.mark.is_null() ? 1 : e.mark.line + 1;
            const int column = e.mark.is_null() ? 1 : e.mark.column + 1;
            parser.add({line, column}, QString::fromStdString(e.msg));
        } catch (const std::exception& e) {
            parser.add({1, 1}, QString::fromUtf8(e.what()));
        }
    }
    if (problems)
        *problems = parser.problems;
    if (parser.problems.empty())
        return config;
    QStringList lines;
    for (const ConfigProblem& problem : parser.problems)
        lines.append(problem.toString());
    return util::fail(util::ErrorCode::InvalidArgument, lines.join(QLatin1Char('\n')));
}

std::vector<ConfigProblem> WorkspaceConfig::validate() const {
    std::vector<ConfigProblem> out;
    auto add = [&](QString message) { out.push_back(ConfigProblem{fileName(), 0, 0, std::move(message)}); };
    QSet<QString> names;
    for (const Environment& env : environments) {
        if (env.name.isEmpty())
            add(QStringLiteral("environment has no 'name'"));
        else if (names.contains(env.name))
            add(QStringLiteral("duplicate environment name '%1'").arg(env.name));
        names.insert(env.name);
        if (!isRepositoryPath(env.path))
            add(QStringLiteral("path '%1' must be a folder inside the repository").arg(env.path));
        for (const IgnoreRule& rule : env.ignore) {
            if (rule.kind.isEmpty())
                add(QStringLiteral("ignore rule has no 'kind'"));
            for (const QString& pointer : rule.jsonPointers)
                if (QString problem = jsonPointerProblem(pointer); !problem.isEmpty())
                    add(problem);
        }
        for (const QString& file : env.promotable)
            if (file.isEmpty() || file == QLatin1String(".") || !isRepositoryPath(file))
                add(QStringLiteral("promotable file '%1' must be a path inside the environment").arg(file));
        if (env.helm)
            for (QString& problem : helmProblems(*env.helm))
                add(std::move(problem));
    }
    for (const Environment& env : environments) {
        if (hasApplications() && !findPlace(env.place))
            add(QStringLiteral("application '%1' runs in '%2', which is not an environment").arg(env.application, env.place));
        if (hasApplications())
            if (QString problem = dnsLabelProblem(QStringLiteral("application"), env.application); !problem.isEmpty())
                add(std::move(problem));
    }
    const QStringList environmentList = environmentNames();
    QSet<QString> ordered;
    for (const QString& name : promotionOrder) {
        if (!environmentList.contains(name))
            add(QStringLiteral("promotion order names '%1', which is not an environment").arg(name));
        if (ordered.contains(name))
            add(QStringLiteral("promotion order names '%1' twice").arg(name));
        ordered.insert(name);
    }
    return out;
}

} // namespace syncline::workspace
