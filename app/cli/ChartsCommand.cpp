#include "ChartsCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "charts/ChartCache.h"
#include "charts/ChartRepositoryAccess.h"
#include "manifest/RemoteChart.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

int usage(const char* message) {
    std::fprintf(stderr, "syncline charts: %s\n", message);
    return Cli::Usage;
}

int list(const charts::ChartRepositoryAccess& access, bool json) {
    QTextStream out(stdout);
    if (json) {
        nlohmann::json array = nlohmann::json::array();
        for (const QString& url : access.allowed())
            array.push_back({{"url", url.toStdString()}, {"allowed", true}});
        for (const QString& url : access.asked())
            array.push_back({{"url", url.toStdString()}, {"allowed", false}});
        out << QString::fromStdString(array.dump(2)) << '\n';
        return Cli::Ok;
    }
    for (const QString& url : access.allowed())
        out << "allowed      " << url << '\n';
    for (const QString& url : access.asked())
        out << "not allowed  " << url << "   (asked for by a HelmRelease; `syncline charts allow " << url << "`)\n";
    if (access.allowed().isEmpty() && access.asked().isEmpty())
        out << "no chart repository is allowed: Syncline reaches none\n";
    return Cli::Ok;
}

int allow(charts::ChartRepositoryAccess& access, const QString& url) {
    if (QString problem = manifest::remoteChartProblem({url, QStringLiteral("chart"), {}}); !problem.isEmpty()) {
        std::fprintf(stderr, "syncline charts: %s\n", qPrintable(problem));
        return Cli::Failure;
    }
    access.allow(url);
    QTextStream(stdout) << "allowed: Syncline may pull charts from " << manifest::normalizedChartRepositoryUrl(url)
                        << " (anonymously, cached by version)\n";
    return Cli::Ok;
}

int forget(charts::ChartRepositoryAccess& access, const QString& url) {
    access.forget(url);
    charts::ChartCache().forgetResolutions(url);
    QTextStream(stdout) << "forgotten: Syncline no longer reaches " << url << '\n';
    return Cli::Ok;
}

} // namespace

int ChartsCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The Helm and OCI chart repositories Syncline may reach to render Flux HelmReleases. Syncline "
                       "contacts none until it is allowed here or in Settings ▸ Charts. Kept in "
                       "$XDG_CONFIG_HOME/syncline/chart-repositories.conf; charts are cached in "
                       "$XDG_CACHE_HOME/syncline/charts."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("A JSON array of {url, allowed}."));
    parser.addOption(jsonOption);
    parser.addPositionalArgument(QStringLiteral("allow|forget"), QStringLiteral("What to do with URL."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("An http, https or oci chart repository URL."));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("charts")))
        return *stop;
    const QStringList positional = parser.positionalArguments();
    charts::ChartRepositoryAccess access;
    if (positional.isEmpty())
        return list(access, parser.isSet(jsonOption));
    if (positional.size() != 2)
        return usage("expected `charts`, `charts allow URL` or `charts forget URL`");
    if (positional[0] == QLatin1String("allow"))
        return allow(access, positional[1]);
    if (positional[0] == QLatin1String("forget"))
        return forget(access, positional[1]);
    return usage("expected `charts allow URL` or `charts forget URL`");
}

} // namespace syncline::app
