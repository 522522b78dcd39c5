// WorkspaceConfig::toYaml: the text of syncline.yaml. Kept apart from the parser so each
// file stays readable; the two are checked against each other by the round-trip tests.
#include "workspace/WorkspaceConfig.h"

#include <QRegularExpression>

namespace syncline::workspace {

namespace {

// Plain scalars only where every YAML reader (1.2 core schema, and 1.1 readers such as
// yaml-cpp's as<bool>) reads back the same string; double quotes otherwise.
bool canBePlain(const QString& text) {
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./~][A-Za-z0-9_./~:@+=-]*$"));
    static const QRegularExpression number(
        QStringLiteral("^([-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|"
                       "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[0-9]+(:[0-5]?[0-9])+)$"));
    static const QStringList reserved = {
        QStringLiteral("null"), QStringLiteral("Null"), QStringLiteral("NULL"),  QStringLiteral("~"),     QStringLiteral("true"),
        QStringLiteral("True"), QStringLiteral("TRUE"), QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE"),
        QStringLiteral("yes"),  QStringLiteral("Yes"),  QStringLiteral("YES"),   QStringLiteral("no"),    QStringLiteral("No"),
        QStringLiteral("NO"),   QStringLiteral("on"),   QStringLiteral("On"),    QStringLiteral("ON"),    QStringLiteral("off"),
        QStringLiteral("Off"),  QStringLiteral("OFF"),  QStringLiteral("y"),     QStringLiteral("Y"),     QStringLiteral("n"),
        QStringLiteral("N")};
    return !text.isEmpty() && safe.match(text).hasMatch() && !number.match(text).hasMatch() && !reserved.contains(text) &&
           !text.endsWith(QLatin1Char(':'));
}

QString scalar(const QString& text) {
    if (canBePlain(text))
        return text;
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString boolText(bool value) { return value ? QStringLiteral("true") : QStringLiteral("false"); }

class Writer {
public:
    void line(int indent, const QString& text) { m_out += QString(indent, QLatin1Char(' ')) + text + QLatin1Char('\n'); }
    void key(int indent, const char* name, const QString& value) {
        line(indent, QLatin1String(name) + QStringLiteral(": ") + scalar(value));
    }
    void list(int indent, const char* name, const QStringList& items) {
        line(indent, QLatin1String(name) + QLatin1Char(':'));
        for (const QString& item : items)
            line(indent + 2, QStringLiteral("- ") + scalar(item));
    }
    // A multi-line text as a literal block ("|"), when it reads back the same; else quoted.
    void text(int indent, const char* name, const QString& value) {
        static const QRegularExpression literalSafe(QStringLiteral("^[^ \\t\\n][^\\r\\t\\x00-\\x08\\x0b-\\x1f\\x7f]*$"));
        if (!value.contains(QLatin1Char('\n')) || !literalSafe.match(value).hasMatch()) {
            key(indent, name, value);
            return;
        }
        const QString chomp = value.endsWith(QLatin1String("\n\n")) ? QStringLiteral("+")
                              : value.endsWith(QLatin1Char('\n'))   ? QString()
                                                                    : QStringLiteral("-");
        line(indent, QLatin1String(name) + QStringLiteral(": |") + chomp);
        QStringList lines = value.split(QLatin1Char('\n'));
        if (value.endsWith(QLatin1Char('\n')))
            lines.removeLast();
        for (const QString& text : lines)
            m_out += (text.isEmpty() ? QString() : QString(indent + 2, QLatin1Char(' ')) + text) + QLatin1Char('\n');
    }
    QByteArray bytes() const { return m_out.toUtf8(); }

private:
    QString m_out;
};

void writeHelm(Writer& w, int in, const manifest::HelmSource& helm) {
    if (helm == manifest::HelmSource{}) {
        w.line(in, QStringLiteral("helm: {}"));
        return;
    }
    w.line(in, QStringLiteral("helm:"));
    if (!helm.chartPath.isEmpty())
        w.key(in + 2, "chartPath", helm.chartPath);
    if (helm.remoteChart) {
        w.key(in + 2, "chartRepository", helm.remoteChart->repositoryUrl);
        w.key(in + 2, "chart", helm.remoteChart->chart);
        if (!helm.remoteChart->version.isEmpty())
            w.key(in + 2, "chartVersion", helm.remoteChart->version);
    }
    if (!helm.releaseName.isEmpty())
        w.key(in + 2, "releaseName", helm.releaseName);
    if (!helm.namespace_.isEmpty())
        w.key(in + 2, "namespace", helm.namespace_);
    if (!helm.valueFiles.isEmpty())
        w.list(in + 2, "valueFiles", helm.valueFiles);
    if (!helm.values.isEmpty())
        w.text(in + 2, "values", helm.values);
    if (!helm.parameters.empty()) {
        w.line(in + 2, QStringLiteral("parameters:"));
        for (const auto& [name, value] : helm.parameters)
            w.line(in + 4, scalar(name) + QStringLiteral(": ") + scalar(value));
    }
    if (!helm.includeCrds)
        w.line(in + 2, QStringLiteral("includeCrds: false"));
    if (!helm.kubeVersion.isEmpty())
        w.key(in + 2, "kubeVersion", helm.kubeVersion);
    if (!helm.apiVersions.isEmpty())
        w.list(in + 2, "apiVersions", helm.apiVersions);
}

void writeCluster(Writer& w, int in, const ClusterRef& cluster) {
    if (cluster == ClusterRef{})
        return;
    w.line(in, QStringLiteral("cluster:"));
    if (!cluster.kubeconfig.isEmpty())
        w.key(in + 2, "kubeconfig", cluster.kubeconfig);
    if (!cluster.context.isEmpty())
        w.key(in + 2, "context", cluster.context);
    if (cluster.insecure)
        w.line(in + 2, QStringLiteral("insecure: true"));
}

void writeAgent(Writer& w, int in, const Environment& env) {
    if (env.mode == Mode::ArgoCD) {
        w.line(in, QStringLiteral("argocd:"));
        w.key(in + 2, "application", env.argocd.application);
        w.key(in + 2, "namespace", env.argocd.appNamespace);
    } else if (env.mode == Mode::Flux) {
        w.line(in, QStringLiteral("flux:"));
        w.key(in + 2, "kustomization", env.flux.kustomization);
        w.key(in + 2, "namespace", env.flux.kustomizationNamespace);
    }
}

void writeIgnore(Writer& w, int in, const std::vector<IgnoreRule>& ignore) {
    if (ignore.empty())
        return;
    w.line(in, QStringLiteral("ignore:"));
    for (const IgnoreRule& rule : ignore) {
        w.line(in + 2, QStringLiteral("- group: ") + (rule.group.isEmpty() ? QStringLiteral("\"\"") : scalar(rule.group)));
        w.key(in + 4, "kind", rule.kind);
        if (rule.name)
            w.key(in + 4, "name", *rule.name);
        if (rule.namespace_)
            w.key(in + 4, "namespace", *rule.namespace_);
        w.list(in + 4, "jsonPointers", rule.jsonPointers);
    }
}

// The keys after the agent: what renders and how it syncs.
void writeSourceTail(Writer& w, int in, const Environment& env) {
    if (env.helm)
        writeHelm(w, in, *env.helm);
    if (env.sync != SyncPolicy{}) {
        w.line(in, QStringLiteral("sync:"));
        w.line(in + 2, QStringLiteral("auto: ") + boolText(env.sync.autoSync));
        w.line(in + 2, QStringLiteral("prune: ") + boolText(env.sync.prune));
        w.line(in + 2, QStringLiteral("selfHeal: ") + boolText(env.sync.selfHeal));
    }
    writeIgnore(w, in, env.ignore);
    if (!env.promotable.isEmpty())
        w.list(in, "promotable", env.promotable);
    if (!env.dependsOn.isEmpty())
        w.list(in, "dependsOn", env.dependsOn);
    if (!env.substitute.empty()) {
        w.line(in, QStringLiteral("substitute:"));
        for (const auto& [name, value] : env.substitute)
            w.line(in + 2, name + QStringLiteral(": ") + scalar(value));
    }
}

void writeEnvironment(Writer& w, const Environment& env) {
    w.line(2, QStringLiteral("- name: ") + scalar(env.name));
    const int in = 4;
    if (!env.branch.isEmpty())
        w.key(in, "branch", env.branch);
    w.key(in, "path", env.path.isEmpty() ? QStringLiteral(".") : env.path);
    w.key(in, "renderer", rendererName(env.renderer));
    writeCluster(w, in, env.cluster);
    if (!env.defaultNamespace.isEmpty())
        w.key(in, "namespace", env.defaultNamespace);
    if (env.mode != Mode::Direct)
        w.key(in, "mode", modeName(env.mode));
    writeAgent(w, in, env);
    writeSourceTail(w, in, env);
}

void writePlace(Writer& w, const Place& place) {
    w.line(2, QStringLiteral("- name: ") + scalar(place.name));
    writeCluster(w, 4, place.cluster);
    if (!place.defaultNamespace.isEmpty())
        w.key(4, "namespace", place.defaultNamespace);
    if (place.mode != Mode::Direct)
        w.key(4, "mode", modeName(place.mode));
}

// An application in one environment, under the application's `environments:`; what the
// place gives (cluster, mode, its namespace) is left to it.
void writeApplicationIn(Writer& w, const Environment& env, const Place& place) {
    w.line(6, scalar(env.place) + QLatin1Char(':'));
    const int in = 8;
    if (!env.branch.isEmpty())
        w.key(in, "branch", env.branch);
    w.key(in, "path", env.path.isEmpty() ? QStringLiteral(".") : env.path);
    w.key(in, "renderer", rendererName(env.renderer));
    if (env.defaultNamespace != place.defaultNamespace)
        w.key(in, "namespace", env.defaultNamespace);
    writeAgent(w, in, env);
    writeSourceTail(w, in, env);
}

void writeApplications(Writer& w, const WorkspaceConfig& config) {
    w.line(0, config.environments.empty() ? QStringLiteral("applications: []") : QStringLiteral("applications:"));
    for (const QString& application : config.applicationNames()) {
        w.line(2, QStringLiteral("- name: ") + scalar(application));
        w.line(4, QStringLiteral("environments:"));
        for (const Environment& env : config.environments)
            if (env.application == application)
                if (const Place* place = config.findPlace(env.place))
                    writeApplicationIn(w, env, *place);
    }
}

} // namespace

QByteArray WorkspaceConfig::toYaml() const {
    Writer w;
    w.line(0, QStringLiteral("# The environments of this repository, read by Syncline (schema: docs/syncline-yaml.md)."));
    w.line(0, QStringLiteral("version: %1").arg(hasApplications() ? 2 : 1));
    const bool none = hasApplications() ? places.empty() : environments.empty();
    w.line(0, none ? QStringLiteral("environments: []") : QStringLiteral("environments:"));
    if (hasApplications()) {
        for (const Place& place : places)
            writePlace(w, place);
        writeApplications(w, *this);
    } else {
        for (const Environment& env : environments)
            writeEnvironment(w, env);
    }
    if (!promotionOrder.isEmpty())
        w.list(0, "promotion", promotionOrder);
    return w.bytes();
}

} // namespace syncline::workspace
