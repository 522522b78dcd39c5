#include "workspace/detect/ApplicationEnvironments.h"

#include "workspace/detect/StageOrder.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>

namespace syncline::workspace {

namespace {

QString uniqueName(const QString& wanted, const QSet<QString>& taken) {
    QString name = wanted;
    for (int n = 2; taken.contains(name); ++n) {
        const QString suffix = QLatin1Char('-') + QString::number(n);
        name = wanted.left(63 - suffix.size()) + suffix;
    }
    return name;
}

// An Argo CD destination *name* is what users call the cluster; kubeconfig contexts are
// often named the same (DestinationContexts checks that against the kubeconfig). A server
// URL says nothing about the context until it is matched.
ClusterRef clusterOf(const DetectedApplication& app) {
    ClusterRef cluster;
    if (app.mode == Mode::ArgoCD && !app.clusterHint.isEmpty() && !app.clusterHint.contains(QLatin1String("://")) &&
        app.clusterHint != QLatin1String("in-cluster"))
        cluster.context = app.clusterHint;
    return cluster;
}

QString destinationOf(const DetectedApplication& app) { return app.mode == Mode::ArgoCD ? app.clusterHint : QString(); }

Environment unitOf(const DetectedApplication& app, const QString& application, const Place& place) {
    Environment env;
    env.application = application;
    env.place = place.name;
    env.name = application + QLatin1Char('-') + place.name;
    env.branch = app.branch;
    env.path = app.path;
    env.renderer = app.renderer;
    env.helm = app.helm;
    env.defaultNamespace = app.defaultNamespace;
    env.cluster = place.cluster;
    env.mode = place.mode;
    env.argocd = app.argocd;
    env.flux = app.flux;
    env.sync = app.sync;
    env.dependsOn = app.dependsOn;
    env.substitute = app.substitutions;
    return env;
}

// The place an application runs in: its environment's, unless that one already runs on
// another cluster or under another agent (then a place of its own, "staging-2").
// Two Argo CD destination servers are two clusters, even before either is matched.
const Place& placeFor(const DetectedApplication& app, EnvironmentDetection& detection) {
    std::vector<Place>& places = detection.places;
    const QString wanted = ApplicationEnvironments::dnsLabel(app.environment);
    const ClusterRef cluster = clusterOf(app);
    const QString destination = destinationOf(app);
    auto destinationOfPlace = [&](const QString& place) {
        for (const PlaceDestination& known : detection.destinations)
            if (known.place == place)
                return known.destination;
        return QString();
    };
    QSet<QString> taken;
    for (const Place& place : places) {
        const QString suffix = place.name.mid(wanted.size());
        const bool sameName = place.name.startsWith(wanted) &&
                              (suffix.isEmpty() || (suffix.startsWith(QLatin1Char('-')) && suffix.mid(1).toInt() >= 2));
        if (sameName && place.cluster == cluster && place.mode == app.mode && destinationOfPlace(place.name) == destination)
            return place;
        taken.insert(place.name);
    }
    places.push_back(Place{uniqueName(wanted, taken), cluster, {}, app.mode});
    if (!destination.isEmpty())
        detection.destinations.push_back({places.back().name, destination});
    return places.back();
}

// The application's name in its place, distinct from the others there ("web", "web-2"),
// short enough that "<application>-<place>" is a DNS label.
QString applicationName(const DetectedApplication& app, const Place& place, const QSet<QString>& unitNames) {
    const int room = std::max(1, 62 - int(place.name.size()));
    const QString wanted = ApplicationEnvironments::dnsLabel(app.application).left(room);
    QString name = wanted;
    for (int n = 2; unitNames.contains(name + QLatin1Char('-') + place.name); ++n) {
        const QString suffix = QLatin1Char('-') + QString::number(n);
        name = wanted.left(room - int(suffix.size())) + suffix;
    }
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
    QSet<QString> unitNames;
    for (const DetectedApplication& app : result.applications) {
        const Place& place = placeFor(app, detection);
        Environment unit = unitOf(app, applicationName(app, place, unitNames), place);
        unitNames.insert(unit.name);
        detection.environments.push_back({std::move(unit), app.reason});
    }
    for (const UnrecognizedSource& source : result.unrecognized)
        detection.notes.append(QStringLiteral("%1: %2: %3").arg(source.where, source.what, source.reason));
    QStringList staged;
    for (const Place& place : detection.places)
        if (StageOrder::rank(place.name) >= 0)
            staged.append(place.name);
    std::stable_sort(staged.begin(), staged.end(),
                     [](const QString& a, const QString& b) { return StageOrder::rank(a) < StageOrder::rank(b); });
    if (staged.size() >= 2)
        detection.promotionOrder = staged;
    return detection;
}

} // namespace syncline::workspace
