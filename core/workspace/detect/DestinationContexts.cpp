#include "workspace/detect/DestinationContexts.h"

#include <QUrl>

namespace syncline::workspace {

namespace {

// Server URLs compared as Kubernetes clients use them: scheme and host without case, no
// trailing slash, the default port spelled out or not.
QString normalizedServer(const QString& server) {
    QUrl url(server.trimmed());
    if (!url.isValid() || url.host().isEmpty())
        return server.trimmed();
    const int defaultPort = url.scheme().toLower() == QLatin1String("http") ? 80 : 443;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':') +
           QString::number(url.port(defaultPort)) + path;
}

bool isInCluster(const QString& destination) {
    if (destination == QLatin1String("in-cluster"))
        return true;
    const QUrl url(destination.trimmed());
    return url.host().toLower() == QLatin1String("kubernetes.default.svc") ||
           url.host().toLower() == QLatin1String("kubernetes.default.svc.cluster.local");
}

QStringList allNames(const std::vector<KubeconfigContext>& contexts) {
    QStringList names;
    for (const KubeconfigContext& context : contexts)
        names << context.name;
    return names;
}

} // namespace

DestinationContexts::Match DestinationContexts::match(const QString& destination,
                                                      const std::vector<KubeconfigContext>& contexts) {
    Match result;
    if (isInCluster(destination)) {
        result.candidates = allNames(contexts);
        result.why = QStringLiteral("%1 is the cluster Argo CD runs in").arg(destination);
        return result;
    }
    if (!destination.contains(QLatin1String("://"))) {
        for (const KubeconfigContext& context : contexts)
            if (context.name == destination)
                result.context = context.name;
        if (result.context.isEmpty()) {
            result.candidates = allNames(contexts);
            result.why = QStringLiteral("no kubeconfig context is named %1").arg(destination);
        }
        return result;
    }
    const QString server = normalizedServer(destination);
    for (const KubeconfigContext& context : contexts)
        if (normalizedServer(context.server) == server)
            result.candidates << context.name;
    if (result.candidates.size() == 1) {
        result.context = result.candidates.front();
        result.candidates.clear();
        return result;
    }
    result.why = result.candidates.isEmpty()
                     ? QStringLiteral("no kubeconfig cluster has the server %1").arg(destination)
                     : QStringLiteral("%1 kubeconfig contexts use the server %2").arg(result.candidates.size()).arg(destination);
    if (result.candidates.isEmpty())
        result.candidates = allNames(contexts);
    return result;
}

QStringList DestinationContexts::resolve(EnvironmentDetection& detection, const std::vector<KubeconfigContext>& contexts,
                                         const Ask& ask) {
    QStringList undecided;
    for (const PlaceDestination& destination : detection.destinations) {
        auto place = std::find_if(detection.places.begin(), detection.places.end(),
                                  [&](const Place& p) { return p.name == destination.place; });
        if (place == detection.places.end())
            continue;
        // Without a kubeconfig there is nothing to match against or to choose from.
        if (contexts.empty())
            continue;
        const Match match = DestinationContexts::match(destination.destination, contexts);
        QString context = match.context;
        if (context.isEmpty() && ask) {
            const std::optional<QString> answer = ask(*place, destination.destination, match);
            if (answer && match.candidates.contains(*answer))
                context = *answer;
        }
        if (context.isEmpty()) {
            undecided << QStringLiteral("%1: %2; it uses the kubeconfig's current context").arg(place->name, match.why);
            place->cluster.context.clear();
        } else {
            place->cluster.context = context;
        }
        for (DetectedEnvironment& unit : detection.environments)
            if (unit.environment.place == place->name)
                unit.environment.cluster = place->cluster;
    }
    return undecided;
}

} // namespace syncline::workspace
