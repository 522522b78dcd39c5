#include "charts/ChartPuller.h"

#include "manifest/ToolProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace syncline::charts {

namespace {

QString sourceOf(const manifest::RemoteChart& chart) {
    return QStringLiteral("chart %1 from %2").arg(chart.chart, chart.repositoryUrl);
}

} // namespace

bool ChartPuller::isLoopback(const QString& host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    static const QRegularExpression ipv4(QStringLiteral("^127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$"));
    return host == QLatin1String("::1") || ipv4.match(host).hasMatch();
}

QStringList ChartPuller::arguments(const manifest::RemoteChart& chart, const QString& destination) const {
    QStringList arguments{QStringLiteral("pull"), chart.pullReference()};
    if (!chart.isOci())
        arguments << QStringLiteral("--repo") << chart.repositoryUrl;
    if (!chart.version.isEmpty())
        arguments << QStringLiteral("--version") << chart.version;
    if (chart.isOci() && isLoopback(QUrl(chart.repositoryUrl).host()))
        arguments << QStringLiteral("--plain-http"); // a registry on this machine; TLS everywhere else
    arguments << QStringLiteral("--destination") << destination;
    return arguments;
}

util::Result<PulledChart> ChartPuller::pull(const manifest::RemoteChart& chart, const QString& destination,
                                            manifest::RenderBudget& budget) const {
    const QString binary = manifest::findTool(QStringLiteral("helm"), m_options.helmBinary);
    if (binary.isEmpty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("Helm charts need helm on PATH"), sourceOf(chart));
    // Private, empty homes: nothing of the user's helm or docker configuration is used.
    const QString home = destination + QStringLiteral("/.home");
    const QString archives = destination + QStringLiteral("/archives");
    QDir().mkpath(home);
    QDir().mkpath(archives);
    const manifest::ToolRun run{
        .program = binary,
        .arguments = arguments(chart, archives),
        .workingDirectory = destination,
        .environment = {{QStringLiteral("HELM_CACHE_HOME"), home + QStringLiteral("/cache")},
                        {QStringLiteral("HELM_CONFIG_HOME"), home + QStringLiteral("/config")},
                        {QStringLiteral("HELM_DATA_HOME"), home + QStringLiteral("/data")},
                        {QStringLiteral("HELM_REGISTRY_CONFIG"), home + QStringLiteral("/config/registry/config.json")},
                        {QStringLiteral("HELM_REPOSITORY_CONFIG"), home + QStringLiteral("/config/repositories.yaml")},
                        {QStringLiteral("DOCKER_CONFIG"), home + QStringLiteral("/docker")},
                        {QStringLiteral("KUBECONFIG"), home + QStringLiteral("/no-kubeconfig")}},
        .home = home,
        .timeout = m_options.timeout,
        .maxOutputBytes = 64 * 1024,
        .rewrites = {{destination, QStringLiteral("(scratch)")}},
        .name = QStringLiteral("helm pull"),
    };
    auto output = manifest::runTool(run, budget, sourceOf(chart));
    if (!output) {
        const util::ErrorCode code =
            output.error().code == util::ErrorCode::Generic ? util::ErrorCode::Network : output.error().code;
        return util::fail(code, QStringLiteral("cannot pull it: %1").arg(output.error().message), sourceOf(chart));
    }
    auto pulled = checkedArchive(chart, archives);
    if (pulled) // helm says "Digest: sha256:…" after an OCI pull
        for (const QByteArray& line : output->standardOutput.split('\n'))
            if (line.startsWith("Digest: sha256:") && line.size() <= 100)
                pulled->manifestDigest = QString::fromLatin1(line.mid(8)).trimmed();
    return pulled;
}

util::Result<PulledChart> ChartPuller::checkedArchive(const manifest::RemoteChart& chart, const QString& folder) const {
    const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    if (files.size() != 1 || !files.first().fileName().endsWith(QLatin1String(".tgz")) || files.first().isSymLink())
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("helm pull did not produce one chart archive"),
                          sourceOf(chart));
    const QFileInfo archive = files.first();
    if (quint64(archive.size()) > m_options.maxArchiveBytes)
        return util::fail(util::ErrorCode::Invalid,
                          QStringLiteral("the chart archive is %1 bytes, more than the %2 allowed")
                              .arg(archive.size())
                              .arg(m_options.maxArchiveBytes),
                          sourceOf(chart));
    QFile file(archive.filePath());
    if (!file.open(QIODevice::ReadOnly) || !file.read(2).startsWith("\x1f\x8b"))
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("what it sent is not a chart archive (.tgz)"),
                          sourceOf(chart));
    // "<chart>-<version>.tgz", as helm names what it pulled.
    const QString base = archive.completeBaseName();
    const QString prefix = chart.chart + QLatin1Char('-');
    const QString version = base.startsWith(prefix) ? base.mid(prefix.size()) : QString();
    if (version.isEmpty() || version.size() > 128)
        return util::fail(util::ErrorCode::Invalid, QStringLiteral("helm pull produced '%1'").arg(archive.fileName().left(200)),
                          sourceOf(chart));
    return PulledChart{archive.filePath(), version};
}

} // namespace syncline::charts
