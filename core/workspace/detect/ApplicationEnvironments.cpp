#include "workspace/detect/ApplicationEnvironments.h"

#include <QCryptographicHash>
#include <QSet>

#include <map>

namespace syncline::workspace {

namespace {

Environment environmentOf(const DetectedApplication& app, const QString& name) {
    Environment env;
    env.name = name;
    env.branch = app.branch;
    env.path = app.path;
    env.renderer = app.renderer;
    env.helm = app.helm;
    env.defaultNamespace = app.defaultNamespace;
    env.mode = app.mode;
    env.argocd = app.argocd;
    env.flux = app.flux;
    env.sync = app.sync;
    // An Argo CD destination *name* is what users call the cluster; kubeconfig contexts are
    // often named the same. A server URL says nothing about the context.
    if (app.mode == Mode::ArgoCD && !app.clusterHint.isEmpty() && !app.clusterHint.contains(QLatin1String("://")) &&
        app.clusterHint != QLatin1String("in-cluster"))
        env.cluster.context = app.clusterHint;
    return env;
}

QString uniqueName(const QString& wanted, QSet<QString>& taken) {
    QString name = wanted;
    for (int n = 2; taken.contains(name); ++n) {
        const QString suffix = QLatin1Char('-') + QString::number(n);
        name = wanted.left(63 - suffix.size()) + suffix;
    }
    taken.insert(name);
    return name;
}

} // namespace

QString ApplicationEnvironments::dnsLabel(const QString& text) {
    QString out;
    for (QChar c : text.toLower()) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (allowed)
            out += c;
        else if (!out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    if (out.size() > 63) { // keep it recognisable and distinct: a short digest of the whole name
        const QString digest =
            QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
        out = out.left(54) + QLatin1Char('-') + digest;
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("app") : out;
}

EnvironmentDetection ApplicationEnvironments::fromApplications(const DetectionResult& result) {
    EnvironmentDetection detection;
    std::map<QString, int> perEnvironment;
    for (const DetectedApplication& app : result.applications)
        ++perEnvironment[app.environment];
    QSet<QString> taken;
    bool allAlone = true;
    for (const DetectedApplication& app : result.applications) {
        const bool alone = perEnvironment[app.environment] == 1;
        allAlone = allAlone && alone;
        // An application with no environment of its own reads best under its own name.
        const bool noEnvironment = app.environment == QLatin1String("default");
        const QString name = uniqueName(dnsLabel(noEnvironment ? app.application
                                                 : alone       ? app.environment
                                                               : app.application + QLatin1Char('-') + app.environment),
                                        taken);
        detection.environments.push_back({environmentOf(app, name), app.reason});
    }
    for (const UnrecognizedSource& source : result.unrecognized)
        detection.notes.append(QStringLiteral("%1: %2: %3").arg(source.where, source.what, source.reason));
    QStringList staged;
    for (const DetectedEnvironment& detected : detection.environments)
        if (EnvironmentDetector::stageRank(detected.environment.name) >= 0)
            staged.append(detected.environment.name);
    if (allAlone && staged.size() >= 2)
        detection.promotionOrder = staged;
    return detection;
}

} // namespace syncline::workspace
